"""`Database.lookup`: the per-update read, at once on SQLite (a read-only connection in this
thread), the same rows as `fetchall` on every backend, and never a stale one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.db import Database

SQL = "SELECT id, first_name FROM users WHERE id = ?"


async def test_lookup_reads_what_was_just_written(database_url: str) -> None:
    db = await Database.open(database_url)
    try:
        await db.migrate()
        statements: list[str] = []
        db.trace(statements.append)
        assert await db.lookup(SQL, (7,)) == []
        await db.execute(
            "INSERT INTO users (id, first_name, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
            (7, "Айгүл", "2026-05-14T06:00:00", "2026-05-14T06:00:00"),
        )
        (row,) = await db.lookup(SQL, (7,))
        assert (row["id"], row["first_name"]) == (7, "Айгүл")
        await db.execute("UPDATE users SET first_name = ? WHERE id = ?", ("Ерлан", 7))
        (row,) = await db.lookup(SQL, (7,))
        assert row["first_name"] == "Ерлан"  # the writer's commit is seen at once
        assert [tuple(r) for r in await db.lookup(SQL, (7,))] == [
            tuple(r) for r in await db.fetchall(SQL, (7,))
        ]
        assert statements.count(SQL) == 5  # traced like any statement
    finally:
        await db.close()


@pytest.mark.sqlite_only
async def test_the_lookup_connection_cannot_write(tmp_path: Path) -> None:
    db = await Database.connect(None)  # in memory: lookup takes fetchall's path
    try:
        await db.migrate()
        assert await db.lookup(SQL, (1,)) == []
    finally:
        await db.close()
    path = f"{tmp_path}/bot.db"
    db = await Database.open(f"sqlite:///{path}")
    try:
        await db.migrate()
        await db.lookup(SQL, (1,))
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            await db.lookup("DELETE FROM users WHERE id = ?", (1,))
    finally:
        await db.close()
