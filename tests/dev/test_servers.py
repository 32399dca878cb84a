"""The throw-away PostgreSQL and Redis servers (bot/dev/servers.py) that the PostgreSQL test run,
the cluster benchmark and CI start: real servers from Debian's binaries, asked real questions."""

from __future__ import annotations

import json
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

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not servers_available(), reason=f"PostgreSQL/Redis is not installed: {missing_servers()}"
)


async def _one(url: str, sql: str) -> object:
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


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


def test_a_server_that_cannot_start_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.dev.servers as servers

    monkeypatch.setitem(servers.PG_SETTINGS, "shared_buffers", "not-a-size")
    with pytest.raises(ServerError, match="PostgreSQL exited"), postgres_server(tmp_path):
        pass
    assert list(tmp_path.iterdir()) == [], "nothing left behind"
