"""A long-running command migrates in a child process (`python -m storage`): the same schema,
on either backend, and a failure is reported with the child's own words."""

from __future__ import annotations

import pytest

from storage.db import Database
from storage.migrations import MigrationFailed
from storage.revision import HEAD


@pytest.mark.filterwarnings("ignore:.*expression-based index")
async def test_a_new_database_is_migrated_by_a_child_process(empty_database_url: str) -> None:
    db = await Database.open(empty_database_url)
    try:
        applied = await db.migrate(apart=True)
        assert applied[-1] == HEAD
        assert await db.fetchval("SELECT version_num FROM alembic_version") == HEAD
        # This process's connection sees the new tables at once.
        assert await db.fetchval("SELECT COUNT(*) FROM users") == 0
        assert await db.migrate(apart=True) == []  # current: one query, no child
    finally:
        await db.close()


async def test_a_failed_child_migration_is_reported(empty_database_url: str) -> None:
    db = await Database.open(empty_database_url)
    try:
        await db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        await db.execute("INSERT INTO alembic_version (version_num) VALUES ('9999')")
        with pytest.raises(MigrationFailed, match="9999"):
            await db.migrate(apart=True)
    finally:
        await db.close()
