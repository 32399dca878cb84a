"""Moving data: `copy-db` (one database into another, usually SQLite → PostgreSQL), `backup`
and `restore`.

- `copy_database` migrates both sides to the newest revision, refuses a target that holds any
  row, copies every table in foreign-key order inside one transaction on the target (a failure
  leaves it empty), moves PostgreSQL's id sequences past the copied ids, and verifies the row
  count of every table and the totals of every money column on both sides.
- `backup_sqlite` makes an online, consistent copy through SQLite's backup API (the bot may keep
  running) and checks it; `restore_sqlite` checks a backup, keeps the current file aside and
  copies the backup in (the bot must be stopped). PostgreSQL's are `pg_dump` / `pg_restore`,
  run with the password in the environment, never on the command line.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from storage.db import Database
from storage.schema import MONEY, metadata

CHUNK = 1000


class TransferError(RuntimeError):
    """A copy, backup or restore that cannot go ahead; `str()` says why, for the operator."""


@dataclass
class CopyReport:
    rows: dict[str, int] = field(default_factory=dict)
    money: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


async def counts(db: Database) -> dict[str, int]:
    found: dict[str, int] = {}
    async with db.engine.connect() as conn:
        for table in metadata.sorted_tables:
            found[table.name] = int(
                (await conn.execute(select(func.count()).select_from(table))).scalar_one()
            )
    return found


async def money(db: Database) -> dict[str, int]:
    found: dict[str, int] = {}
    async with db.engine.connect() as conn:
        for name, column in MONEY:
            table = metadata.tables[name]
            total = (
                await conn.execute(select(func.coalesce(func.sum(table.c[column]), 0)))
            ).scalar_one()
            found[f"{name}.{column}"] = int(total)
    return found


async def copy_database(source: Database, target: Database) -> CopyReport:
    """Copy every row of `source` into the empty `target`; verified (see the module)."""
    await source.migrate()
    await target.migrate()
    busy = {name: n for name, n in (await counts(target)).items() if n}
    if busy:
        listed = ", ".join(f"{name} ({n})" for name, n in sorted(busy.items()))
        raise TransferError(f"the target database is not empty: {listed}")
    async with (
        source.engine.connect() as read,
        target.engine.connect() as write,
        write.begin(),
    ):
        for table in metadata.sorted_tables:
            result = await read.stream(select(table))
            async for chunk in result.partitions(CHUNK):
                await write.execute(table.insert(), [dict(row._mapping) for row in chunk])
        if target.is_postgres:
            for table in metadata.sorted_tables:
                id_column = table.c.get("id")
                if id_column is None or id_column.autoincrement is not True:
                    continue
                await write.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
                    f" COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
                )
    report = CopyReport(await counts(target), await money(target))
    expected_rows, expected_money = await counts(source), await money(source)
    if report.rows != expected_rows:
        wrong = [n for n in expected_rows if expected_rows[n] != report.rows.get(n)]
        raise TransferError(f"row counts differ after the copy: {', '.join(wrong)}")
    if report.money != expected_money:
        wrong = [n for n in expected_money if expected_money[n] != report.money.get(n)]
        raise TransferError(f"money totals differ after the copy: {', '.join(wrong)}")
    return report


# -- backups ------------------------------------------------------------------------------------


def default_backup_path(database_url: str, folder: Path = Path("data/backups")) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    if database_url.startswith("sqlite"):
        return folder / f"bot-{stamp}.db"
    return folder / f"bot-{stamp}.dump"


def _check_sqlite(path: Path) -> None:
    """A readable bot database whose pages are all sound."""
    if not path.is_file():
        raise TransferError(f"{path} does not exist")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise TransferError(f"{path} is not a SQLite database: {exc}") from exc
    if verdict != "ok":
        raise TransferError(f"{path} is damaged: {verdict}")
    if "users" not in tables or not tables & {"alembic_version", "schema_migrations"}:
        raise TransferError(f"{path} is not a database of this bot")


def _backup_file(source: Path, target: Path) -> None:
    if not source.is_file():
        raise TransferError(f"{source} does not exist")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst, pages=4096)  # online: other connections keep reading and writing
    finally:
        dst.close()
        src.close()
    _check_sqlite(partial)
    partial.replace(target)


async def backup_sqlite(database: Path, target: Path) -> Path:
    """An online, consistent copy of the SQLite database at `database`, checked."""
    await asyncio.to_thread(_backup_file, database, target)
    return target


async def restore_sqlite(backup: Path, database: Path) -> Path | None:
    """Put `backup` in place of `database` (the bot stopped); returns where the current file was
    kept, or None when there was none."""
    return await asyncio.to_thread(_restore_file, backup, database)


def _restore_file(backup: Path, database: Path) -> Path | None:
    _check_sqlite(backup)
    kept: Path | None = None
    if database.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        kept = database.with_name(f"{database.stem}.before-restore-{stamp}{database.suffix}")
        _backup_file(database, kept)
    database.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    dst = sqlite3.connect(database)
    try:
        src.backup(dst, pages=4096)
    finally:
        dst.close()
        src.close()
    return kept


def _pg_command(tool: str, database_url: str) -> tuple[list[str], dict[str, str]]:
    """`tool` with the connection's parts as options and the password in PGPASSWORD."""
    binary = shutil.which(tool)
    if binary is None:
        raise TransferError(f"{tool} is not installed (Debian: apt-get install postgresql-client)")
    url = make_url(database_url)
    args = [binary, "--no-password"]
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return [*args, "--dbname", str(url.database)], env


def backup_postgres(database_url: str, target: Path) -> Path:
    """`pg_dump --format=custom` of the database into `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    args, env = _pg_command("pg_dump", database_url)
    done = subprocess.run(
        [*args, "--format=custom", "--file", str(target)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise TransferError(f"pg_dump failed: {done.stderr.strip()[-500:]}")
    return target


def restore_postgres(backup: Path, database_url: str) -> None:
    """`pg_restore --clean` of a custom-format dump into the database (the bot stopped)."""
    if not backup.is_file():
        raise TransferError(f"{backup} does not exist")
    args, env = _pg_command("pg_restore", database_url)
    done = subprocess.run(
        [*args, "--clean", "--if-exists", "--no-owner", "--single-transaction", str(backup)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise TransferError(f"pg_restore failed: {done.stderr.strip()[-500:]}")
