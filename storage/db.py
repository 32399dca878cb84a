"""The database: SQLite (embedded, the default) or PostgreSQL.

Repositories write one portable SQL dialect with `?` placeholders; this layer runs it on either
database (PostgreSQL gets `$1, $2, …`). Statements run on the drivers themselves: one aiosqlite
connection on SQLite, an asyncpg pool on PostgreSQL (prepared statements cached per connection).
SQLAlchemy's engine serves the migrations, `copy-db` and the schema checks only, and is made on
first use — a running bot never imports SQLAlchemy (docs/benchmarks.md: its async bridge cost
five trips to the driver's thread a statement, and 18 MB).

Writes that belong together run inside `async with db.transaction():`, which holds one connection
for the block (a context variable routes the block's statements to it). Write transactions are
serialised, on both engines: SQLite takes its write lock at BEGIN IMMEDIATE (and a process lock
keeps this process's writers in line); PostgreSQL takes one transaction-scoped advisory lock, so
a rule that reads and then writes inside a transaction holds across every worker exactly as it
does in one process. Statements outside a transaction commit on their own.

The schema is `storage/schema.py`; Alembic migrates it (`storage/alembic/`). A database made by
the releases before Alembic (its versions in `schema_migrations`) is brought to that schema by
its own numbered SQL files (`storage/legacy/`) and then handed over to Alembic (`migrate`).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import re
import secrets
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import aiosqlite

from storage.locks import lock_key

if TYPE_CHECKING:
    import asyncpg  # type: ignore[import-untyped]
    from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)

Params = Sequence[Any]
# (the database, the transaction's asyncpg connection — None on SQLite)
_Owner = tuple["Database", "asyncpg.Connection[Any] | None"]
_tx: contextvars.ContextVar[_Owner | None] = contextvars.ContextVar("tx", default=None)
# Every serialised write transaction on PostgreSQL takes this advisory lock (any fixed number).
WRITE_LOCK = 0x0A0A_D0B0
PG_POOL_MAX = 20  # connections a process keeps to PostgreSQL at most
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
    "PRAGMA synchronous=NORMAL",
)


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


class Row:
    """One result row: by position (`row[0]`) or by column name (`row["id"]`), and a mapping
    (`dict(row)`, `row.keys()`). The same on both engines."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[Any], index: dict[str, int]) -> None:
        self._values = values
        self._index = index

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list[str]:
        return list(self._index)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._index, self._values, strict=True))!r})"


def record(kind: type[R], row: Row, **read: Callable[[Any], Any]) -> R:
    """A record (a dataclass) from a row whose columns bear its fields' names; `read` turns a
    stored value into the field's (`from_db`, `moment`, `bool`)."""
    values = {f.name: row[f.name] for f in fields(cast(Any, kind))}
    for name, convert in read.items():
        values[name] = convert(values[name])
    return kind(**values)


def found(value: R | None, missing: Exception) -> R:
    """`value`, or `missing` raised when it is None: a repository's `require` over its `get`."""
    if value is None:
        raise missing
    return value


# -- the pre-Alembic migrations (databases of earlier releases) ----------------------------------


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


class MigrationError(RuntimeError):
    pass


def bundled_migrations() -> list[Migration]:
    """The numbered `storage/legacy/NNNN_name.sql` files of the releases before Alembic."""
    found: list[Migration] = []
    for entry in resources.files("storage.legacy").iterdir():
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


# -- the engine ---------------------------------------------------------------------------------


def engine_url(url: str) -> str:
    """DATABASE_URL → SQLAlchemy's URL with the async driver named."""
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url.removeprefix(prefix)
    raise ValueError("DATABASE_URL must be sqlite:///… or postgresql://…")


@lru_cache(maxsize=4096)
def _numbered(sql: str) -> str:
    """`?` → `$1, $2, …` outside quoted text (PostgreSQL's placeholders)."""
    parts = re.split(r"('(?:[^']|'')*')", sql)
    counter = 0

    def number(_: re.Match[str]) -> str:
        nonlocal counter
        counter += 1
        return f"${counter}"

    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"\?", number, parts[i])
    return "".join(parts)


def _plain(value: Any) -> Any:
    """PostgreSQL's SUM/AVG are NUMERIC: whole numbers come back as int, others as float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class Database:
    """The connection(s), the unit of work and the migrations.

    SQLite: one aiosqlite connection serves every statement (`execute_fetchall`: one trip to
    its thread). PostgreSQL: an asyncpg pool. SQLAlchemy's engine (`engine`) is made when the
    migrations, `copy-db` or a schema check ask for it.
    """

    def __init__(
        self,
        url: str,
        sa_url: str,
        *,
        raw: aiosqlite.Connection | None = None,
        pool: asyncpg.Pool[Any] | None = None,
    ) -> None:
        self.url = url
        self.is_postgres = pool is not None
        self.dialect = "postgresql" if self.is_postgres else "sqlite"
        self._sa_url = sa_url
        self._engine: AsyncEngine | None = None
        self._raw = raw  # SQLite: the connection every statement runs on
        self._reader: sqlite3.Connection | None = None  # SQLite: `lookup`'s, made on first use
        self._pool = pool  # PostgreSQL
        self._dsn = _pg_dsn(sa_url)
        self._write = asyncio.Lock()  # SQLite: this process's writers, one at a time
        self._held: dict[str, asyncio.Lock] = {}  # try_lock on SQLite (one process)
        self._trace: Callable[[str], None] | None = None

    @classmethod
    async def open(cls, url: str) -> Database:
        """Open DATABASE_URL (sqlite:///path — the folder is created — or postgresql://…)."""
        sa_url = engine_url(url)
        if not sa_url.startswith("sqlite"):
            import asyncpg

            pool = await asyncpg.create_pool(
                _pg_dsn(sa_url), min_size=1, max_size=PG_POOL_MAX, reset=_keep_session
            )
            db = cls(url, sa_url, pool=pool)
        else:
            path = sa_url.removeprefix("sqlite+aiosqlite:///")
            if path in ("", ":memory:"):
                # One in-memory database both connections see.
                path = f"file:qadam-{secrets.token_hex(4)}?mode=memory&cache=shared"
                sa_url = f"sqlite+aiosqlite:///{path}&uri=true"
            else:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            raw = await aiosqlite.connect(path, isolation_level=None, uri=path.startswith("file:"))
            raw.row_factory = sqlite3.Row
            for pragma in SQLITE_PRAGMAS:
                await raw.execute(pragma)
            db = cls(url, sa_url, raw=raw)
        try:
            await db.ping()
        except BaseException:
            await db.close()
            raise
        return db

    @classmethod
    async def connect(cls, path: Path | None) -> Database:
        """A SQLite database file (the folder is created); None means in-memory."""
        return await cls.open("sqlite:///" + (":memory:" if path is None else str(path)))

    @property
    def engine(self) -> AsyncEngine:
        """SQLAlchemy's async engine, made on first use: the migrations, `copy-db` and the schema
        checks (a connection of its own, made when asked)."""
        if self._engine is None:
            self._engine = _sa_engine(self._sa_url)
        return self._engine

    @property
    def in_memory(self) -> bool:
        """An in-memory SQLite database: only this process sees it."""
        return not self.is_postgres and "mode=memory" in self._sa_url

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._raw is not None:
            await self._raw.close()
        if self._pool is not None:
            await self._pool.close()
        if self._engine is not None:
            await self._engine.dispose()

    async def ping(self) -> None:
        """Raises when the database cannot be reached."""
        await self.fetchval("SELECT 1")

    def trace(self, callback: Callable[[str], None] | None) -> None:
        """Tell `callback` every statement this process runs (tests count round trips)."""
        self._trace = callback

    # -- statements -----------------------------------------------------------------------------

    def _in_tx(self) -> asyncpg.Connection[Any] | bool:
        """The transaction's connection (PostgreSQL), True inside one on SQLite, else False."""
        owner = _tx.get()
        if owner is None or owner[0] is not self:
            return False
        return owner[1] if owner[1] is not None else True

    @asynccontextmanager
    async def _pg(self, sql: str) -> AsyncIterator[asyncpg.Connection[Any]]:
        """A PostgreSQL connection for one statement: the transaction's, or one from the pool
        (the statement then commits on its own)."""
        if self._trace is not None:
            self._trace(sql)
        conn = self._in_tx()
        if not isinstance(conn, bool):
            yield conn
            return
        assert self._pool is not None
        async with self._pool.acquire() as own:
            yield own

    async def _sqlite_write(self, sql: str, params: Params) -> sqlite3.Cursor:
        assert self._raw is not None
        if self._trace is not None:
            self._trace(sql)
        if self._in_tx():
            return await self._raw.execute(sql, params)  # type: ignore[return-value]
        async with self._write:
            return await self._raw.execute(sql, params)  # type: ignore[return-value]

    async def _sqlite_read(self, sql: str, params: Params) -> list[Any]:
        assert self._raw is not None
        if self._trace is not None:
            self._trace(sql)
        return list(await self._raw.execute_fetchall(sql, params))

    @asynccontextmanager
    async def transaction(self, *, serial: bool = True) -> AsyncIterator[None]:
        """One unit of work; nested use joins the outer transaction.

        `serial` (the default) serialises it with every other serial transaction, in every
        process. `serial=False` on PostgreSQL lets it run beside others (row locks only: the
        outbox claim, which skips rows another sender holds).
        """
        if self._in_tx():
            yield
            return
        if self._pool is not None:
            async with self._pool.acquire() as conn, conn.transaction():
                if serial:
                    await conn.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
                token = _tx.set((self, conn))
                try:
                    yield
                finally:
                    _tx.reset(token)
            return
        assert self._raw is not None
        async with self._write:
            token = _tx.set((self, None))
            await self._raw.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                await self._raw.execute("ROLLBACK")
                raise
            else:
                await self._raw.execute("COMMIT")
            finally:
                _tx.reset(token)

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write; returns the row count. Outside a transaction it commits at once."""
        if self.is_postgres:
            async with self._pg(sql) as conn:
                return _rowcount(await conn.execute(_numbered(sql), *params))
        return int((await self._sqlite_write(sql, params)).rowcount)

    async def insert(self, sql: str, params: Params = ()) -> int:
        """Run an INSERT and return the new row's id."""
        if self.is_postgres:
            async with self._pg(sql) as conn:
                new_id = await conn.fetchval(_numbered(sql + " RETURNING id"), *params)
        else:
            new_id = (await self._sqlite_write(sql, params)).lastrowid
        if new_id is None:
            raise RuntimeError("INSERT produced no row id")
        return int(new_id)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        batch = [tuple(r) for r in rows]
        if not batch:
            return
        async with self.transaction():
            if self._trace is not None:
                self._trace(sql)
            conn = self._in_tx()
            if not isinstance(conn, bool):
                await conn.executemany(_numbered(sql), batch)
            else:
                assert self._raw is not None
                await self._raw.executemany(sql, batch)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        if not self.is_postgres:
            return await self._sqlite_read(sql, params)
        async with self._pg(sql) as conn:
            records = await conn.fetch(_numbered(sql), *params)
        if not records:
            return []
        index = {name: i for i, name in enumerate(records[0].keys())}
        return [Row([_plain(v) for v in r.values()], index) for r in records]

    async def lookup(self, sql: str, params: Params = ()) -> list[Row]:
        """A read of a few rows by key — the user behind each update — on SQLite run at once, in
        this thread, on a read-only connection: WAL readers never wait for the writer, and the
        read takes less time than the hop to aiosqlite's thread and back (and its wait for the
        GIL under load) that `fetchall` costs. Only for statements that find rows by an index;
        a scan would hold up the event loop. Reads committed data (not inside a transaction of
        this process). PostgreSQL, and an in-memory database: `fetchall`."""
        if self.is_postgres or self.in_memory or self._in_tx():
            return await self.fetchall(sql, params)
        if self._trace is not None:
            self._trace(sql)
        reader = self._reader
        if reader is None:
            path = self._sa_url.removeprefix("sqlite+aiosqlite:///")
            reader = sqlite3.connect(path, isolation_level=None)
            reader.row_factory = sqlite3.Row
            reader.execute("PRAGMA query_only=ON")
            reader.execute("PRAGMA busy_timeout=100")
            self._reader = reader
        return reader.execute(sql, params).fetchall()

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        if not self.is_postgres:
            rows = await self._sqlite_read(sql, params)
            return rows[0] if rows else None
        async with self._pg(sql) as conn:
            record = await conn.fetchrow(_numbered(sql), *params)
        if record is None:
            return None
        index = {name: i for i, name in enumerate(record.keys())}
        return Row([_plain(v) for v in record.values()], index)

    async def one(self, sql: str, params: Params, make: Callable[[Row], R]) -> R | None:
        """The one row the query finds, as a record (`make` maps it); None when there is none."""
        row = await self.fetchone(sql, params)
        return None if row is None else make(row)

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    # -- cluster-wide locks -----------------------------------------------------------------------

    @asynccontextmanager
    async def try_lock(self, name: str) -> AsyncIterator[bool]:
        """Hold the lock `name` for the block if nobody holds it; yields whether it was taken.

        PostgreSQL: a session advisory lock, so one holder in the whole cluster (a process that
        dies releases it with its connection). SQLite: one holder in this process, which is the
        only one that runs jobs there.
        """
        if not self.is_postgres:
            lock = self._held.setdefault(name, asyncio.Lock())
            if lock.locked():
                yield False
                return
            async with lock:
                yield True
            return
        key = lock_key(name)
        async with self._own_connection() as conn:
            got = await conn.fetchval(f"SELECT pg_try_advisory_lock({key})")
            if not got:
                yield False
                return
            try:
                yield True
            finally:
                await conn.execute(f"SELECT pg_advisory_unlock({key})")

    async def held_elsewhere(self, name: str) -> bool:
        """Whether another holder has the lock `name` (taken by `try_lock`) right now."""
        if not self.is_postgres:
            lock = self._held.get(name)
            return lock is not None and lock.locked()
        key = lock_key(name)
        async with self._own_connection() as conn:
            got = await conn.fetchval(f"SELECT pg_try_advisory_lock({key})")
            if got:
                await conn.execute(f"SELECT pg_advisory_unlock({key})")
            return not got

    @asynccontextmanager
    async def _own_connection(self) -> AsyncIterator[asyncpg.Connection[Any]]:
        """A PostgreSQL connection of its own, outside the pool, closed after the block: session
        advisory locks live on it and end with it (the pool's connections are handed on without
        a reset, so no session state may stay on them)."""
        import asyncpg

        assert self._pool is not None
        conn = await asyncpg.connect(self._dsn)
        try:
            yield conn
        finally:
            await conn.close()

    # -- migrations ---------------------------------------------------------------------------

    async def applied_versions(self) -> set[int]:
        """The pre-Alembic versions a database of an earlier release has applied."""
        if not await self.has_table("schema_migrations"):
            return set()
        rows = await self.fetchall("SELECT version FROM schema_migrations")
        return {int(r[0]) for r in rows}

    async def has_table(self, name: str) -> bool:
        if self.is_postgres:
            sql = "SELECT 1 FROM information_schema.tables WHERE table_name = ?"
        else:
            sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        return await self.fetchval(sql, (name,)) is not None

    async def migrate_legacy(self, migrations: list[Migration] | None = None) -> list[Migration]:
        """Apply the pre-Alembic SQL migrations not applied yet, each atomically (SQLite)."""
        migrations = bundled_migrations() if migrations is None else migrations
        await self.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = await self.applied_versions()
        applied: list[Migration] = []
        async with self._write:
            sqlite = self._raw
            assert sqlite is not None
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
                    await sqlite.executescript(script)
                except Exception as exc:
                    if sqlite.in_transaction:
                        await sqlite.execute("ROLLBACK")
                    raise MigrationError(
                        f"migration {migration.version:04d}_{migration.name} failed: {exc}"
                    ) from exc
                log.info("applied migration %04d_%s", migration.version, migration.name)
                applied.append(migration)
        return applied

    async def migrate(self, *, apart: bool = False) -> list[str]:
        """Bring the schema to the newest revision; returns the revisions applied.

        `apart=True` (the long-running commands): a database that is behind is migrated by a
        child process, so this one never imports Alembic or SQLAlchemy; an in-memory database,
        which only this process sees, is always migrated here.
        """
        from storage import migrations

        if apart and not self.in_memory:
            applied = await migrations.upgrade_apart(self)
        else:
            applied = await migrations.upgrade(self)
        if applied and self._pool is not None:
            await self._pool.expire_connections()  # prepared statements of the old schema
        return applied


async def _keep_session(_conn: asyncpg.Connection[Any]) -> None:
    """A pool connection goes back as it is: no `RESET ALL; UNLISTEN *; pg_advisory_unlock_all()`
    round trip after every statement (a third of PostgreSQL's time per update in
    bench/updates.py). The pool still rolls back a transaction left open; statements here never
    change session settings, listen, or take session locks (`try_lock` has its own connection)."""


def _pg_dsn(sa_url: str) -> str:
    """SQLAlchemy's `postgresql+asyncpg://…` → the URL asyncpg takes."""
    return "postgresql://" + sa_url.removeprefix("postgresql+asyncpg://")


def _rowcount(status: str) -> int:
    """asyncpg's command status (`UPDATE 3`, `INSERT 0 1`, `DELETE 0`) → the row count."""
    last = status.rpartition(" ")[2]
    return int(last) if last.isdigit() else 0


def _sa_engine(sa_url: str) -> AsyncEngine:
    from sqlalchemy import event
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    if not sa_url.startswith("sqlite"):
        return create_async_engine(sa_url, poolclass=NullPool)
    engine = create_async_engine(
        sa_url,
        poolclass=NullPool,  # the migrations' and copy-db's connection, made when asked
        connect_args={"isolation_level": None},
    )
    event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


__all__ = [
    "Database",
    "Migration",
    "MigrationError",
    "Row",
    "bundled_migrations",
    "found",
    "from_db",
    "moment",
    "record",
    "to_db",
]
