"""`copy-db`, `backup` and `restore`, as an operator runs them.

The source is the database the previous release made (every table holds rows, money in every
money column), migrated. PostgreSQL targets need PostgreSQL (Debian's binaries or
TEST_POSTGRES_URL); the SQLite ones run everywhere.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.config import load_settings
from bot.dev.servers import create_database, drop_database
from bot.ops import data
from bot.services import open_services
from storage.db import Database
from storage.schema import metadata
from storage.transfer import counts, money

ROOT = Path(__file__).resolve().parents[2]
RELEASE_DB = Path(__file__).parent / "fixtures" / "release-bd4ebec.db"
_names = itertools.count(1)


# One row in each table the support cycle added since that release (revision 0003), so that
# every table of the schema is copied and counted.
CYCLE_ROWS = (
    "INSERT INTO contests (id, program, region, cohort_id, title, opens_on, closes_on, rubric,"
    " created_at, updated_at) VALUES (1, 'zharkyra', 'atyrau', 1, 'Байқау', '2026-05-01',"
    " '2026-05-20', '[]', '2026-05-01T04:00:00', '2026-05-01T04:00:00')",
    "INSERT INTO contest_entries (id, contest_id, user_id, status, budget_total, own_contribution,"
    " requested, loan_id, created_at, updated_at) VALUES (1, 1, 900001, 'won', 3500000, 500000,"
    " 3000000, 1, '2026-05-02T04:00:00', '2026-05-02T04:00:00')",
    "INSERT INTO contest_budget_items (entry_id, position, name, amount)"
    " VALUES (1, 1, 'Тігін машинасы', 3500000)",
    "INSERT INTO contest_files (entry_id, field, kind, file_id, created_at)"
    " VALUES (1, 'plan', 'document', 'doc-1', '2026-05-02T04:00:00')",
    "INSERT INTO contest_scores (entry_id, juror_id, status, scores, total, created_at)"
    " VALUES (1, 900002, 'submitted', '{}', 31, '2026-05-21T04:00:00')",
    "INSERT INTO projects (id, kind, user_id, program, region, title, amount, funded_on, loan_id,"
    " entry_id, created_at, updated_at) VALUES (1, 'loan', 900001, 'zharkyra', 'atyrau', 'Тігін',"
    " 3000000, '2026-06-01', 1, 1, '2026-06-01T04:00:00', '2026-06-01T04:00:00')",
    "INSERT INTO project_reports (id, project_id, n, due_on, status, spent, created_at,"
    " updated_at) VALUES (1, 1, 1, '2026-09-01', 'accepted', 1200000, '2026-06-01T04:00:00',"
    " '2026-09-02T04:00:00')",
    "INSERT INTO project_report_files (report_id, field, kind, file_id, created_at)"
    " VALUES (1, 'photos', 'photo', 'ph-1', '2026-09-01T04:00:00')",
    "INSERT INTO mentorships (id, mentee_id, mentor_id, program, region, project_id,"
    " every_months, starts_on, assigned_at) VALUES (1, 900001, 900003, 'zharkyra', 'atyrau', 1,"
    " 1, '2026-06-01', '2026-06-01T04:00:00')",
    "INSERT INTO mentor_checkins (mentorship_id, n, due_on, status, note, created_at)"
    " VALUES (1, 1, '2026-07-01', 'answered', 'Жақсы', '2026-06-01T04:00:00')",
)


@pytest.fixture
async def source(tmp_path: Path) -> str:
    """The previous release's database, migrated, with the cycle's tables filled too."""
    path = tmp_path / "source" / "bot.db"
    path.parent.mkdir()
    shutil.copy(RELEASE_DB, path)
    url = f"sqlite:///{path}"
    db = await Database.open(url)
    try:
        await db.migrate()
        for statement in CYCLE_ROWS:
            await db.execute(statement)
    finally:
        await db.close()
    return url


@pytest.fixture
def empty_pg(pg_admin_url: str) -> Iterator[str]:
    """An empty PostgreSQL database, as an operator creates it for the move."""
    name = f"qadam_copy_{os.getpid()}_{next(_names)}"
    yield create_database(pg_admin_url, name)
    drop_database(pg_admin_url, name)


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def _figures(url: str) -> tuple[dict[str, int], dict[str, int]]:
    db = await Database.open(url)
    try:
        return await counts(db), await money(db)
    finally:
        await db.close()


async def test_copy_db_to_postgresql_is_verified_and_the_bot_runs_there(
    source: str, empty_pg: str
) -> None:
    done = _cli("copy-db", "--to", empty_pg, env={"DATABASE_URL": source})
    assert done.returncode == 0, done.stderr
    assert "verified:" in done.stdout
    assert "loans.principal" in done.stdout
    rows, totals = await _figures(empty_pg)
    assert (rows, totals) == await _figures(source)
    assert all(rows[table.name] > 0 for table in metadata.sorted_tables), rows
    # Copying again is refused: the target is not empty any more.
    again = _cli("copy-db", "--to", empty_pg, env={"DATABASE_URL": source})
    assert again.returncode == 1
    assert "not empty" in again.stderr
    # The bot runs on the copy, and new rows get new ids (the sequences moved past the copy).
    settings = load_settings(require_token=False, _env_file=None, database_url=empty_pg)
    services = await open_services(settings)
    try:
        person = await services.users.require(7_000_000_001)
        assert person.first_name == "Айгүл"
        before = await services.db.fetchval("SELECT MAX(id) FROM audit_log")
        new = await services.db.insert(
            "INSERT INTO audit_log (actor_id, action, at) VALUES (?, ?, ?)",
            (1, "test", "2026-12-04T00:00:00"),
        )
        assert new > before
    finally:
        await services.close()


async def test_copy_db_between_sqlite_files(source: str, tmp_path: Path) -> None:
    target = f"sqlite:///{tmp_path}/target.db"
    settings = load_settings(require_token=False, _env_file=None, database_url=source)
    assert await data.copy_db(settings, target) == 0
    assert await _figures(target) == await _figures(source)
    assert await data.copy_db(settings, target) == 1  # not empty any more


async def test_sqlite_backup_while_the_bot_writes_then_restore(
    source: str, tmp_path: Path
) -> None:
    settings = load_settings(require_token=False, _env_file=None, database_url=source)
    db = await Database.open(source)
    try:
        await db.migrate()
        # The bot is running: a connection is open and writing while the backup is taken.
        await db.execute("UPDATE users SET region = 'astana' WHERE id = 7000000001")
        backup = tmp_path / "backups" / "one.db"
        assert await data.backup(settings, backup) == 0
        await db.execute("DELETE FROM program_watchers")
        await db.execute("UPDATE loans SET repaid = repaid + 1000")
    finally:
        await db.close()
    backed = await _figures(f"sqlite:///{backup}")
    assert backed != await _figures(source)
    # Stop the bot, restore: the database is the backup again; the old one is kept aside.
    assert await data.restore(settings, backup) == 0
    assert await _figures(source) == backed
    restored = await Database.open(source)
    try:
        region = await restored.fetchval("SELECT region FROM users WHERE id = 7000000001")
        assert region == "astana"
    finally:
        await restored.close()
    kept = list((tmp_path / "source").glob("bot.before-restore-*.db"))
    assert len(kept) == 1


async def test_restore_refuses_what_is_not_a_backup(source: str, tmp_path: Path) -> None:
    settings = load_settings(require_token=False, _env_file=None, database_url=source)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    assert await data.restore(settings, junk) == 1
    assert await data.restore(settings, tmp_path / "missing.db") == 1
    rows, _ = await _figures(source)
    assert rows["users"] == 6  # untouched


async def test_postgresql_backup_and_restore(source: str, empty_pg: str, tmp_path: Path) -> None:
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed (Debian: postgresql-client)")
    settings = load_settings(require_token=False, _env_file=None, database_url=source)
    assert await data.copy_db(settings, empty_pg) == 0
    pg = load_settings(require_token=False, _env_file=None, database_url=empty_pg)
    dump = tmp_path / "bot.dump"
    assert await data.backup(pg, dump) == 0
    before = await _figures(empty_pg)
    db = await Database.open(empty_pg)
    try:
        await db.execute("DELETE FROM program_watchers")
    finally:
        await db.close()
    assert await _figures(empty_pg) != before
    assert await data.restore(pg, dump) == 0
    assert await _figures(empty_pg) == before
