"""The operator's data commands: `migrate`, `copy-db`, `backup`, `restore` (`python -m bot …`).

Each prints one line per thing done and returns the process's exit code: 0 done, 1 refused or
failed (the reason on stderr, never a password).
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.core.config import Settings
from storage.db import Database
from storage.transfer import (
    TransferError,
    backup_postgres,
    backup_sqlite,
    copy_database,
    default_backup_path,
    restore_postgres,
    restore_sqlite,
)


def shown(url: str) -> str:
    """A database URL as it may be printed: the password masked."""
    return make_url(url).render_as_string(hide_password=True)


async def migrate(settings: Settings) -> int:
    db = await Database.open(settings.database_url)
    try:
        applied = await db.migrate()
    finally:
        await db.close()
    print(f"applied {len(applied)} migration(s)" if applied else "database is up to date")
    return 0


async def copy_db(settings: Settings, target_url: str, source_url: str | None = None) -> int:
    """Copy DATABASE_URL (or `source_url`) into the empty database at `target_url`."""
    source_url = source_url or settings.database_url
    if source_url == target_url:
        print("error: the source and the target are the same database", file=sys.stderr)
        return 1
    source = await Database.open(source_url)
    try:
        target = await Database.open(target_url)
    except Exception:
        await source.close()
        raise
    try:
        report = await copy_database(source, target)
    except TransferError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        await target.close()
        await source.close()
    print(f"copied {shown(source_url)} → {shown(target_url)}")
    for table, rows in report.rows.items():
        if rows:
            print(f"  {table}: {rows} row(s)")
    for column, total in report.money.items():
        print(f"  {column}: {total:,} ₸ (same on both sides)".replace(",", " "))
    print(f"verified: {report.total_rows} row(s) and every money total match")
    return 0


async def backup(settings: Settings, to: Path | None) -> int:
    target = to or default_backup_path(settings.database_url)
    try:
        if settings.is_postgres:
            backup_postgres(settings.database_url, target)
        else:
            path = settings.database_path
            if path is None:
                print("error: an in-memory database has nothing to back up", file=sys.stderr)
                return 1
            await backup_sqlite(path, target)
    except TransferError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"backup written: {target}")
    return 0


async def restore(settings: Settings, source: Path) -> int:
    try:
        if settings.is_postgres:
            restore_postgres(source, settings.database_url)
            print(f"restored {source} into {shown(settings.database_url)}")
            return 0
        path = settings.database_path
        if path is None:
            print("error: cannot restore into an in-memory database", file=sys.stderr)
            return 1
        kept = await restore_sqlite(source, path)
    except TransferError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if kept is not None:
        print(f"the database as it was is kept in {kept}")
    print(f"restored {source} into {path}; start the bot (it migrates the copy if it is older)")
    return 0
