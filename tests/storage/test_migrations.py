"""Migrations: Alembic's revisions agree with `storage/schema.py`, and a database made by the
release before Alembic comes up to the newest revision with every row kept.

`fixtures/release-bd4ebec.db` was made by that release (commit bd4ebec): its own migrations,
its `seed-demo`, and one row more in every table it left empty (Kazakh text, a Telegram id above
2³¹, money in every money column), then vacuumed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from bot.core.config import load_settings
from bot.services import open_services
from storage.db import Database, MigrationError
from storage.migrations import alembic_config
from storage.schema import HEAD, MONEY, metadata
from storage.schema_cycle import CYCLE_MONEY

CYCLE_TABLES = {table for table, _ in CYCLE_MONEY} | {
    "contests",
    "contest_files",
    "contest_scores",
    "project_report_files",
    "mentorships",
    "mentor_checkins",
}
RELEASE_DB = Path(__file__).parent / "fixtures" / "release-bd4ebec.db"


async def _tables(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in a stable order (the tables this database has)."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    for table in metadata.sorted_tables:
        if not await db.has_table(table.name):
            continue
        rows = await db.fetchall(f"SELECT * FROM {table.name}")
        found[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return found


async def _money(db: Database) -> dict[str, int]:
    return {
        f"{table}.{column}": int(
            await db.fetchval(f"SELECT COALESCE(SUM({column}), 0) FROM {table}")
        )
        for table, column in MONEY
        if table not in CYCLE_TABLES
    }


def test_head_is_the_scripts_head() -> None:
    """Start-up skips Alembic when the database is at `HEAD`: it must be the newest script."""
    scripts = ScriptDirectory.from_config(alembic_config())
    assert scripts.get_heads() == [HEAD]


def _for(dialect: str) -> Callable[..., bool]:
    """Alembic's include_object: leave out what the schema makes on another database only
    (`.ddl_if(dialect=…)`), which Alembic does not read."""

    def include(item: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
        condition = getattr(item, "_ddl_if", None)
        return condition is None or condition.dialect in (None, dialect)

    return include


@pytest.mark.filterwarnings("ignore:.*expression-based index")
async def test_a_new_database_matches_the_schema(empty_database_url: str) -> None:
    db = await Database.open(empty_database_url)
    try:
        applied = await db.migrate()
        assert applied[-1] == HEAD
        assert await db.migrate() == []  # a re-run is a no-op
        async with db.engine.connect() as conn:
            diff = await conn.run_sync(
                lambda c: compare_metadata(
                    MigrationContext.configure(c, opts={"include_object": _for(c.dialect.name)}),
                    metadata,
                )
            )
        assert diff == []
        # Alembic cannot compare expression indexes; this one keeps roles unique per scope.
        index = (
            "SELECT indexname FROM pg_indexes WHERE indexname = 'user_roles_unique'"
            if db.is_postgres
            else "SELECT name FROM sqlite_master WHERE name = 'user_roles_unique'"
        )
        assert await db.fetchval(index) == "user_roles_unique"
    finally:
        await db.close()


@pytest.mark.sqlite_only
async def test_the_previous_release_database_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    shutil.copy(RELEASE_DB, path)
    db = await Database.connect(path)
    before = await _tables(db)
    money = await _money(db)
    assert all(before.values()), [name for name, rows in before.items() if not rows]
    applied = await db.migrate()
    # The legacy files brought it to 0001; 0002 to 0005 ran.
    assert applied == ["0002", "0003", "0004", "0005"]
    after = await _tables(db)
    assert all(not after[name] for name in CYCLE_TABLES)  # the cycle's tables: new and empty
    for name, rows in before.items():
        # Columns added since keep their defaults (outbox.claimed_by is NULL).
        width = len(rows[0])
        assert [row[:width] for row in after[name]] == rows, name
    assert await _money(db) == money
    assert money["loans.principal"] > 0 and money["loan_payments.amount"] > 0
    await db.close()
    # The bot runs on it: the services read what the old release wrote.
    settings = load_settings(require_token=False, _env_file=None, database_url=f"sqlite:///{path}")
    services = await open_services(settings)
    try:
        person = await services.users.require(7_000_000_001)
        assert person.first_name == "Айгүл"
        loans = await services.db.fetchval("SELECT COUNT(*) FROM loans")
        assert loans == 1
        # user_roles was rebuilt for the new roles: its grants kept, a juror can be named.
        assert await services.people.grant_role(
            person.id, "juror", program="zharkyra", region=None, by=person.id
        )
        roles = {g.role for g in await services.people.roles_of(person.id)}
        assert "juror" in roles
    finally:
        await services.close()


@pytest.mark.filterwarnings("ignore:.*expression-based index")
async def test_the_new_roles_and_only_they_are_accepted(empty_database_url: str) -> None:
    db = await Database.open(empty_database_url)
    try:
        await db.migrate()
        await db.execute("INSERT INTO users (id, created_at, last_seen_at) VALUES (1, 'x', 'x')")
        for role in ("coordinator", "trainer", "juror", "mentor"):
            await db.execute(
                "INSERT INTO user_roles (user_id, role, granted_at) VALUES (1, ?, 'x')", (role,)
            )
        with pytest.raises(Exception, match=r"(?i)check"):
            await db.execute(
                "INSERT INTO user_roles (user_id, role, granted_at) VALUES (1, 'king', 'x')"
            )
    finally:
        await db.close()


@pytest.mark.sqlite_only
async def test_a_failed_upgrade_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    """The whole upgrade is one transaction: a clash half-way applies nothing."""
    db = await Database.connect(tmp_path / "bot.db")
    # A table in the way of revision 0001 (created after some of its tables).
    await db.execute("CREATE TABLE webinars (id INTEGER PRIMARY KEY, title TEXT)")
    with pytest.raises(Exception, match="webinars"):
        await db.migrate()
    assert not await db.has_table("alembic_version")
    assert not await db.has_table("users")
    assert await db.has_table("webinars")
    await db.close()


async def test_legacy_files_refuse_a_bad_number(tmp_path: Path) -> None:
    db = await Database.connect(tmp_path / "bot.db")
    from storage.db import Migration

    broken = Migration(1, "again", "CREATE TABLE users (id INTEGER)")
    await db.migrate_legacy()
    assert await db.migrate_legacy([broken]) == []  # version 1 is applied: skipped
    with pytest.raises(MigrationError):
        await db.migrate_legacy([Migration(50, "bad", "CREATE TABLE users (id INTEGER)")])
    await db.close()
