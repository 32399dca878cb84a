"""A persistent aiogram FSM storage on the bot's own database.

A user half-way through any flow continues after a restart: state and data live in `fsm_states`.
Reads are served from a bounded write-through cache (aiogram reads the state on every update);
every write goes to the database first. The cache assumes this process is the only writer, which
holds for long polling; a multi-process deployment must pass `cache_size=0`.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)

from storage.db import Database, to_db


class SQLiteStorage(BaseStorage):
    def __init__(
        self, db: Database, key_builder: KeyBuilder | None = None, cache_size: int = 10_000
    ) -> None:
        self._db = db
        self._keys = key_builder or DefaultKeyBuilder(with_destiny=True)
        self._cache_size = cache_size
        # key → (state, data); most recently used last.
        self._cache: OrderedDict[str, tuple[str | None, dict[str, Any]]] = OrderedDict()

    async def _load(self, key: str) -> tuple[str | None, dict[str, Any]]:
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        row = await self._db.fetchone(
            "SELECT state, data FROM fsm_states WHERE storage_key = ?", (key,)
        )
        entry = (None, {}) if row is None else (row["state"], dict(json.loads(row["data"])))
        self._remember(key, entry)
        return entry

    def _remember(self, key: str, entry: tuple[str | None, dict[str, Any]]) -> None:
        if self._cache_size <= 0:
            return
        self._cache[key] = entry
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _key(self, key: StorageKey) -> str:
        return self._keys.build(key)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        name = self._key(key)
        _, data = await self._load(name)
        await self._db.execute(
            "INSERT INTO fsm_states (storage_key, user_id, state, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (storage_key) DO UPDATE SET state = excluded.state,"
            " updated_at = excluded.updated_at",
            (name, key.user_id, value, to_db(datetime.now(UTC))),
        )
        self._remember(name, (value, data))

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._load(self._key(key)))[0]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        name = self._key(key)
        state, _ = await self._load(name)
        copy = json.loads(json.dumps(dict(data), ensure_ascii=False))
        await self._db.execute(
            "INSERT INTO fsm_states (storage_key, user_id, data, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (storage_key) DO UPDATE SET data = excluded.data,"
            " updated_at = excluded.updated_at",
            (name, key.user_id, json.dumps(copy, ensure_ascii=False), to_db(datetime.now(UTC))),
        )
        self._remember(name, (state, copy))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        # A copy: callers may mutate what they get without touching the cache.
        data = (await self._load(self._key(key)))[1]
        return dict(json.loads(json.dumps(data)))

    async def forget_user(self, user_id: int) -> None:
        """Drop every state and draft kept for the user (used by personal-data deletion)."""
        await self._db.execute("DELETE FROM fsm_states WHERE user_id = ?", (user_id,))
        self._cache.clear()  # rare; simpler and safer than matching keys

    async def close(self) -> None:
        """The database is closed by its owner, not by the dispatcher."""
