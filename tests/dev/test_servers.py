"""The throw-away PostgreSQL and Redis servers (bot/dev/servers.py) that the PostgreSQL test run,
the cluster benchmark and CI start: real servers from Debian's binaries, asked real questions;
and the fixtures (tests/conftest.py) that give each test its database on either backend."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import pytest
import redis.asyncio as aioredis

from bot.dev.servers import (
    ServerError,
    missing_servers,
    port_open,
    postgres_server,
    redis_server,
    servers_available,
)
from tests.conftest import ON_POSTGRES

ROOT = Path(__file__).resolve().parents[2]

needs_servers = pytest.mark.skipif(
    not servers_available(), reason=f"PostgreSQL/Redis is not installed: {missing_servers()}"
)


async def _one(url: str, sql: str) -> object:
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


@needs_servers
async def test_postgres_answers_creates_databases_and_is_gone_after(tmp_path: Path) -> None:
    with postgres_server(tmp_path) as pg:
        assert pg.url == f"postgresql://postgres@127.0.0.1:{pg.port}/postgres"
        assert await _one(pg.url, "SELECT 1") == 1
        assert await _one(pg.url, "SHOW fsync") == "off"
        assert await _one(pg.url, "SHOW listen_addresses") == "127.0.0.1"
        assert await _one(pg.url, "SHOW server_encoding") == "UTF8"
        assert await _one(pg.url, "SELECT rolsuper FROM pg_roles WHERE rolname = 'postgres'")

        url = pg.create_database("shop")
        assert url == f"postgresql://postgres@127.0.0.1:{pg.port}/shop"
        conn = await asyncpg.connect(url)
        await conn.execute("CREATE TABLE goods (name TEXT); INSERT INTO goods VALUES ('Қымыз')")
        await conn.close()
        copy = pg.create_database("shop_copy", template="shop")
        assert await _one(copy, "SELECT name FROM goods") == "Қымыз", "a copy of the template"
        pg.drop_database("shop_copy")
        pg.drop_database("shop_copy")  # already gone: no error
        with pytest.raises(asyncpg.InvalidCatalogNameError):
            await _one(copy, "SELECT 1")
        with pytest.raises(ValueError, match="plain database name"):
            pg.create_database('x"; DROP DATABASE postgres; --')
        port, folder = pg.port, pg.directory
        assert folder.is_dir()
    assert not port_open(port), "the server stopped"
    assert not folder.exists(), "its folder was removed"


@needs_servers
async def test_redis_answers_keeps_nothing_and_is_gone_after(tmp_path: Path) -> None:
    with redis_server(tmp_path) as r:
        assert r.url == f"redis://127.0.0.1:{r.port}/0"
        client = aioredis.from_url(r.url)
        try:
            assert await client.ping()
            await client.set("greeting", "сәлем")
            assert await client.get("greeting") == "сәлем".encode()
            config = await client.config_get("save")
            assert config["save"] == ""
            assert (await client.config_get("appendonly"))["appendonly"] == "no"
        finally:
            await client.aclose()
        port, folder = r.port, r.directory
    assert not port_open(port)
    assert not folder.exists()


@needs_servers
def test_servers_stop_even_when_the_block_fails(tmp_path: Path) -> None:
    started: list[tuple[int, Path]] = []
    with (
        pytest.raises(RuntimeError, match="boom"),
        postgres_server(tmp_path) as pg,
        redis_server(tmp_path) as r,
    ):
        started += [(pg.port, pg.directory), (r.port, r.directory)]
        raise RuntimeError("boom")
    ports, folders = zip(*started, strict=True)
    assert not any(port_open(p) for p in ports)
    assert not any(f.exists() for f in folders)


@needs_servers
def test_run_gives_the_command_both_urls_and_its_exit_code(tmp_path: Path) -> None:
    seen = tmp_path / "seen.json"
    child = (
        "import json, os, sys; "
        f"json.dump({{k: os.environ[k] for k in ('TEST_POSTGRES_URL', 'TEST_REDIS_URL')}}, "
        f"open({str(seen)!r}, 'w')); sys.exit(7)"
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot.dev.servers", "run", "--", sys.executable, "-c", child],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 7, done.stderr
    urls = json.loads(seen.read_text())
    assert urls["TEST_POSTGRES_URL"].startswith("postgresql://postgres@127.0.0.1:")
    assert urls["TEST_REDIS_URL"].startswith("redis://127.0.0.1:")
    for url in urls.values():
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        assert not port_open(port), f"{url} still answers after the command ended"


def test_run_without_a_command_says_how() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot.dev.servers", "run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "run -- <command...>" in done.stderr


@needs_servers
def test_a_server_that_cannot_start_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.dev.servers as servers

    monkeypatch.setitem(servers.PG_SETTINGS, "shared_buffers", "not-a-size")
    with pytest.raises(ServerError, match="PostgreSQL exited"), postgres_server(tmp_path):
        pass
    assert list(tmp_path.iterdir()) == [], "nothing left behind"


# -- the fixtures ------------------------------------------------------------------------------


async def test_session_servers_answer(pg_admin_url: str, redis_url_base: str) -> None:
    """Taken from TEST_POSTGRES_URL/TEST_REDIS_URL, or started here (skipped where neither)."""
    assert await _one(pg_admin_url, "SELECT 1") == 1
    client = aioredis.from_url(redis_url_base)
    try:
        assert await client.ping()
    finally:
        await client.aclose()


# Run in this order: the second sees nothing the first left behind.
@pytest.mark.parametrize("turn", ["first", "second"])
async def test_each_test_gets_its_own_database(
    turn: str, database_url: str, redis_url: str, tmp_path: Path
) -> None:
    if not ON_POSTGRES:
        assert database_url == f"sqlite:///{tmp_path}/bot.db"
        assert redis_url == ""
        return
    assert database_url.startswith("postgresql://postgres@127.0.0.1:")
    conn = await asyncpg.connect(database_url)
    try:
        assert await conn.fetchval("SELECT to_regclass('users') IS NOT NULL"), "migrated"
        assert await conn.fetchval("SELECT to_regclass('left_behind') IS NULL")
        await conn.execute("CREATE TABLE left_behind (turn TEXT)")
    finally:
        await conn.close()
    client = aioredis.from_url(redis_url)
    try:
        assert await client.dbsize() == 0, "emptied before the test"
        await client.set("left-behind", turn)
    finally:
        await client.aclose()


@needs_servers
@pytest.mark.skipif(ON_POSTGRES, reason="this is the run it starts")
def test_the_fixtures_on_postgres_and_redis() -> None:
    """This file's fixture tests once more with TEST_BACKEND=postgres, as CI's second run does:
    servers from `python -m bot.dev.servers run`, a migrated database per test."""
    done = subprocess.run(
        [sys.executable, "-m", "bot.dev.servers", "run", "--",
         sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
         f"{Path(__file__).relative_to(ROOT)}", "-k", "own_database or session_servers"],
        cwd=ROOT, env={**os.environ, "TEST_BACKEND": "postgres"},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "3 passed" in done.stdout, done.stdout[-3000:]
