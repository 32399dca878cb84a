"""`Database.migrate`: Alembic's upgrade, on SQLite and PostgreSQL, from wherever a database is.

- A database at the newest revision (`schema.HEAD`) needs nothing: Alembic is not even imported.
- A new, empty database gets every revision.
- A database of a release before Alembic (its versions in `schema_migrations`) first gets the
  numbered SQL files it has not applied (`storage/legacy/`), which bring it to the schema of
  revision 0001; it is stamped 0001 and upgraded from there. Every row stays.

The whole upgrade is one transaction (both engines have transactional DDL): a revision that
fails leaves the database as it was. On PostgreSQL, workers starting together take turns
through an advisory lock, and the second finds nothing left to do.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from storage.locks import lock_key
from storage.revision import HEAD

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection
    from sqlalchemy.ext.asyncio import AsyncEngine


class Database(Protocol):
    """What migrating needs of `storage.db.Database` (which calls in here: no import back)."""

    is_postgres: bool
    url: str

    @property
    def engine(self) -> AsyncEngine: ...

    async def has_table(self, name: str) -> bool: ...

    async def fetchval(self, sql: str, params: Sequence[Any] = ...) -> Any: ...

    async def migrate_legacy(self) -> Sequence[Any]: ...


log = logging.getLogger(__name__)

BASELINE = "0001"  # the schema the legacy SQL files end at


async def current_revision(db: Database) -> str | None:
    if not await db.has_table("alembic_version"):
        return None
    value = await db.fetchval("SELECT version_num FROM alembic_version")
    return None if value is None else str(value)


def alembic_config(
    connection: Connection | None = None, applied: list[str] | None = None
) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "storage:alembic")
    config.attributes["connection"] = connection
    config.attributes["applied"] = applied if applied is not None else []
    return config


def _upgrade(connection: Connection, stamp_first: str | None, applied: list[str]) -> None:
    from alembic import command

    config = alembic_config(connection, applied)
    if stamp_first is not None:
        command.stamp(config, stamp_first)
    command.upgrade(config, "head")


async def upgrade(db: Database) -> list[str]:
    """Bring `db` to the newest revision; returns the revisions applied (oldest first)."""
    current = await current_revision(db)
    if current == HEAD:
        return []
    stamp: str | None = None
    if current is None and await db.has_table("schema_migrations"):
        if db.is_postgres:
            raise RuntimeError("schema_migrations on PostgreSQL: not a database of this bot")
        legacy = await db.migrate_legacy()
        log.info(
            "a database of an earlier release: %d legacy migration(s), then Alembic", len(legacy)
        )
        stamp = BASELINE
    applied: list[str] = []
    if db.is_postgres:
        async with db.engine.connect() as conn, conn.begin():
            await conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({lock_key('migrate')})")
            await conn.run_sync(_upgrade, stamp, applied)
        _log(applied)
        return applied
    async with db.engine.connect() as conn:
        raw: Any = (await conn.get_raw_connection()).driver_connection
        await conn.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            await conn.run_sync(_upgrade, stamp, applied)
        except BaseException:
            if raw.in_transaction:
                await raw.rollback()
            raise
        if raw.in_transaction:
            await raw.commit()
    _log(applied)
    return applied


def _log(applied: list[str]) -> None:
    for revision in applied:
        log.info("applied migration %s", revision)


class MigrationFailed(RuntimeError):
    pass


async def upgrade_apart(db: Database) -> list[str]:
    """`upgrade` in a child process (`python -m storage`) when the database is behind,
    so the calling process — a bot that runs for months — never loads Alembic, Mako and
    SQLAlchemy's ORM (~35 MB it would keep). A current database costs one query, as here."""
    if await current_revision(db) == HEAD:
        return []
    env = {**os.environ, "DATABASE_URL": db.url}  # in the environment: never on a command line
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "storage",
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await child.communicate()
    if child.returncode != 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-5:]
        raise MigrationFailed("migrating the database failed:\n" + "\n".join(tail))
    applied = out.decode().split()
    _log(applied)
    return applied
