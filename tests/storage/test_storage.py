"""Storage: migrations, users, roles, FSM persistence across a reopened database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey

from storage.db import Database, Migration, MigrationError, bundled_migrations
from storage.fsm import SQLiteStorage
from storage.users import Profile, UserRepo

NOW = datetime(2026, 5, 14, 6, 0, tzinfo=UTC)


async def open_db(url: str) -> Database:
    db = await Database.open(url)
    await db.migrate()
    return db


@pytest.mark.sqlite_only
async def test_legacy_migrations_on_empty_and_existing_database(tmp_path: Path) -> None:
    """The SQL files of the releases before Alembic: what `migrate` runs first on their
    databases (tests/storage/test_migrations.py follows one up to the newest revision)."""
    path = tmp_path / "sub" / "bot.db"
    db = await Database.connect(path)
    applied = await db.migrate_legacy()
    assert [m.version for m in applied] == [m.version for m in bundled_migrations()]
    assert await db.migrate_legacy() == []  # a re-run is a no-op
    assert await db.fetchval("PRAGMA journal_mode") == "wal"
    assert await db.fetchval("PRAGMA foreign_keys") == 1
    await db.close()
    # An existing database gets only the new migration.
    db = await Database.connect(path)
    extra = Migration(9999, "extra", "CREATE TABLE extra_test (id INTEGER PRIMARY KEY);")
    applied = await db.migrate_legacy([*bundled_migrations(), extra])
    assert [m.version for m in applied] == [9999]
    await db.close()


@pytest.mark.sqlite_only
async def test_failed_migration_is_not_half_applied(tmp_path: Path) -> None:
    db = await Database.connect(tmp_path / "bot.db")
    await db.migrate_legacy()
    broken = Migration(
        9998, "broken", "CREATE TABLE half (id INTEGER);\nINSERT INTO nowhere VALUES (1);"
    )
    with pytest.raises(MigrationError, match="9998_broken"):
        await db.migrate_legacy([*bundled_migrations(), broken])
    assert 9998 not in await db.applied_versions()
    assert await db.fetchval("SELECT name FROM sqlite_master WHERE name = 'half'") is None
    await db.close()


async def test_transaction_rolls_back(database_url: str) -> None:
    db = await open_db(database_url)
    users = UserRepo(db)
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await users.seen(Profile(1, "A", None, None, "kk"), NOW)
            raise RuntimeError("boom")
    assert await users.get(1) is None
    await db.close()


async def test_seen_writes_only_when_something_changed(database_url: str) -> None:
    db = await open_db(database_url)
    users = UserRepo(db, last_seen_resolution=timedelta(minutes=10))
    profile = Profile(42, "Айгүл", "Серікова", "aigul", "kk")
    user = await users.seen(profile, NOW)
    assert user.created_at == NOW and user.language is None
    statements: list[str] = []
    db.trace(statements.append)
    again = await users.seen(profile, NOW + timedelta(minutes=5))
    db.trace(None)
    assert statements, "the profile was read"
    changes = ("INSERT", "UPDATE", "DELETE")
    writes = [sql for sql in statements if sql.lstrip().upper().startswith(changes)]
    assert writes == []  # no write within the resolution
    assert again.last_seen_at == NOW
    later = await users.seen(profile, NOW + timedelta(minutes=11))
    assert later.last_seen_at == NOW + timedelta(minutes=11)
    renamed = await users.seen(Profile(42, "Айгүлім", "Серікова", "aigul", "kk"), NOW)
    assert renamed.first_name == "Айгүлім"
    await users.mark_blocked(42, NOW)
    assert (await users.require(42)).blocked_at == NOW
    unblocked = await users.seen(profile, NOW + timedelta(minutes=1))
    assert unblocked.blocked_at is None
    assert (await users.require(42)).blocked_at is None
    await db.close()


async def test_roles_unique_with_scope(database_url: str) -> None:
    db = await open_db(database_url)
    users = UserRepo(db)
    await users.seen(Profile(5, "Ерлан", None, None, "ru"), NOW)
    assert await users.grant(5, "trainer", program=None, region="almaty", granted_by=1, now=NOW)
    assert not await users.grant(
        5, "trainer", program=None, region="almaty", granted_by=1, now=NOW
    )
    assert await users.grant(5, "coordinator", program=None, region=None, granted_by=1, now=NOW)
    assert not await users.grant(
        5, "coordinator", program=None, region=None, granted_by=1, now=NOW
    )
    grants = await users.roles_of(5)
    assert [(g.role, g.region) for g in grants] == [("trainer", "almaty"), ("coordinator", None)]
    assert grants[0].covers(region="almaty") and not grants[0].covers(region="atyrau")
    user, joined = await users.seen_with_roles(Profile(5, "Ерлан", None, None, "ru"), NOW)
    assert user.id == 5 and joined == grants
    assert (await users.seen_with_roles(Profile(6, "Жаңа", None, None, "kk"), NOW))[1] == ()
    listed = await users.all_roles()
    assert [(g.role, u.id) for g, u in listed] == [("coordinator", 5), ("trainer", 5)]
    assert await users.revoke(grants[0].id)
    assert not await users.revoke(grants[0].id)
    await db.close()


async def test_fsm_state_survives_reopening(database_url: str) -> None:
    key = StorageKey(bot_id=1, chat_id=42, user_id=42)
    db = await open_db(database_url)
    storage = SQLiteStorage(db)
    await storage.set_state(key, "Apply:iin")
    await storage.set_data(key, {"answers": {"name": "Айгүл"}, "step": 3})
    await db.close()

    db = await open_db(database_url)
    storage = SQLiteStorage(db)
    assert await storage.get_state(key) == "Apply:iin"
    assert await storage.get_data(key) == {"answers": {"name": "Айгүл"}, "step": 3}
    assert await storage.update_data(key, {"step": 4}) == {"answers": {"name": "Айгүл"}, "step": 4}
    await storage.set_state(key, None)
    assert await storage.get_state(key) is None
    assert (await storage.get_data(key))["step"] == 4
    await storage.forget_user(42)
    assert await storage.get_data(key) == {}
    await db.close()


async def test_fsm_cache_is_write_through_and_isolated(database_url: str) -> None:
    db = await open_db(database_url)
    key = StorageKey(bot_id=1, chat_id=7, user_id=7)
    storage = SQLiteStorage(db, cache_size=2)
    await storage.set_data(key, {"answers": ["a"]})
    data = await storage.get_data(key)
    data["answers"].append("mutated by a caller")
    assert await storage.get_data(key) == {"answers": ["a"]}
    # Every write reached the database: a cache-less reader sees the same.
    assert await SQLiteStorage(db, cache_size=0).get_data(key) == {"answers": ["a"]}
    for n in range(5):  # evictions keep the cache bounded and reads correct
        await storage.set_state(StorageKey(bot_id=1, chat_id=n, user_id=n), f"S:{n}")
    assert len(storage._cache) <= 2
    assert await storage.get_state(StorageKey(bot_id=1, chat_id=0, user_id=0)) == "S:0"
    await db.close()
