"""The SQLite connection, its unit of work and the migration runner.

One aiosqlite connection in autocommit mode serves the whole process. Writes that belong together
run inside `async with db.transaction():`; the lock makes sure two handlers' transactions never
interleave on the shared connection. SQL stays portable (no SQLite-only syntax beyond the
`?` placeholder and the PRAGMAs below) because PostgreSQL is the planned scale-out.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast

import aiosqlite

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]
_tx_owner: contextvars.ContextVar[Database | None] = contextvars.ContextVar("tx", default=None)


def to_db(moment: datetime | None) -> str | None:
    """Aware datetime → UTC text that sorts correctly (`2026-05-14T06:00:00`)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not stored")
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def from_db(value: str | None) -> datetime | None:
    if value is None:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def moment(value: str | None) -> datetime:
    """A moment a NOT NULL column keeps."""
    found = from_db(value)
    assert found is not None
    return found


R = TypeVar("R")


def record(kind: type[R], row: aiosqlite.Row, **read: Callable[[Any], Any]) -> R:
    """A record (a dataclass) from a row whose columns bear its fields' names; `read` turns a
    stored value into the field's (`from_db`, `moment`, `bool`)."""
    values = {f.name: row[f.name] for f in fields(cast(Any, kind))}
    for name, convert in read.items():
        values[name] = convert(values[name])
    return kind(**values)


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


class MigrationError(RuntimeError):
    pass


def found(value: R | None, missing: Exception) -> R:
    """`value`, or `missing` raised when it is None: a repository's `require` over its `get`."""
    if value is None:
        raise missing
    return value


def bundled_migrations() -> list[Migration]:
    """The numbered `storage/migrations/NNNN_name.sql` files, in order."""
    found: list[Migration] = []
    for entry in resources.files("storage.migrations").iterdir():
        name = entry.name
        if not name.endswith(".sql"):
            continue
        number, _, rest = name.partition("_")
        if not number.isdigit():
            raise MigrationError(f"migration file without a number: {name}")
        found.append(Migration(int(number), rest.removesuffix(".sql"), entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError("two migrations share a number")
    return found


class Database:
    """A shared connection with a transaction lock."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()

    @classmethod
    async def connect(cls, path: Path | None) -> Database:
        """Open (and create the folder of) the database file; None means in-memory."""
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit (isolation_level=None); transactions are explicit.
        conn = await aiosqlite.connect(
            ":memory:" if path is None else str(path), isolation_level=None
        )
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute("PRAGMA busy_timeout=5000")
        await conn.execute("PRAGMA synchronous=NORMAL")
        return cls(conn)

    async def close(self) -> None:
        await self._conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """One unit of work; nested use joins the outer transaction."""
        if _tx_owner.get() is self:
            yield
            return
        async with self._lock:
            token = _tx_owner.set(self)
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            else:
                await self._conn.execute("COMMIT")
            finally:
                _tx_owner.reset(token)

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write; returns the row count. Outside a transaction it commits at once."""
        if _tx_owner.get() is self:
            cursor = await self._conn.execute(sql, params)
            return cursor.rowcount
        async with self._lock:
            cursor = await self._conn.execute(sql, params)
            return cursor.rowcount

    async def insert(self, sql: str, params: Params = ()) -> int:
        """Run an INSERT and return the new row's id."""
        if _tx_owner.get() is self:
            cursor = await self._conn.execute(sql, params)
        else:
            async with self._lock:
                cursor = await self._conn.execute(sql, params)
        if cursor.lastrowid is None:
            raise RuntimeError("INSERT produced no row id")
        return cursor.lastrowid

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        if _tx_owner.get() is self:
            await self._conn.executemany(sql, rows)
            return
        async with self.transaction():
            await self._conn.executemany(sql, rows)

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        async with self._conn.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def one(self, sql: str, params: Params, make: Callable[[aiosqlite.Row], R]) -> R | None:
        """The one row the query finds, as a record (`make` maps it); None when there is none."""
        row = await self.fetchone(sql, params)
        return None if row is None else make(row)

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        async with self._conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    # -- migrations ---------------------------------------------------------------------------

    async def applied_versions(self) -> set[int]:
        await self._conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        rows = await self.fetchall("SELECT version FROM schema_migrations")
        return {int(r[0]) for r in rows}

    async def migrate(self, migrations: list[Migration] | None = None) -> list[Migration]:
        """Apply the migrations not applied yet, each atomically; returns what was applied."""
        migrations = bundled_migrations() if migrations is None else migrations
        async with self._lock:
            done = await self.applied_versions()
            applied: list[Migration] = []
            for migration in migrations:
                if migration.version in done:
                    continue
                now = to_db(datetime.now(UTC))
                script = (
                    "BEGIN;\n"
                    f"{migration.sql}\n;"
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES "
                    f"({migration.version}, '{migration.name}', '{now}');\n"
                    "COMMIT;"
                )
                try:
                    await self._conn.executescript(script)
                except Exception as exc:
                    if self._conn.in_transaction:
                        await self._conn.execute("ROLLBACK")
                    raise MigrationError(
                        f"migration {migration.version:04d}_{migration.name} failed: {exc}"
                    ) from exc
                log.info("applied migration %04d_%s", migration.version, migration.name)
                applied.append(migration)
            return applied
