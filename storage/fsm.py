"""A persistent aiogram FSM storage on the bot's own database.

A user half-way through any flow continues after a restart: state and data live in `fsm_states`.
"""

from __future__ import annotations

import json
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
    def __init__(self, db: Database, key_builder: KeyBuilder | None = None) -> None:
        self._db = db
        self._keys = key_builder or DefaultKeyBuilder(with_destiny=True)

    def _key(self, key: StorageKey) -> str:
        return self._keys.build(key)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._db.execute(
            "INSERT INTO fsm_states (storage_key, user_id, state, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (storage_key) DO UPDATE SET state = excluded.state,"
            " updated_at = excluded.updated_at",
            (self._key(key), key.user_id, value, to_db(datetime.now(UTC))),
        )

    async def get_state(self, key: StorageKey) -> str | None:
        value = await self._db.fetchval(
            "SELECT state FROM fsm_states WHERE storage_key = ?", (self._key(key),)
        )
        return None if value is None else str(value)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._db.execute(
            "INSERT INTO fsm_states (storage_key, user_id, data, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (storage_key) DO UPDATE SET data = excluded.data,"
            " updated_at = excluded.updated_at",
            (
                self._key(key),
                key.user_id,
                json.dumps(dict(data), ensure_ascii=False),
                to_db(datetime.now(UTC)),
            ),
        )

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        value = await self._db.fetchval(
            "SELECT data FROM fsm_states WHERE storage_key = ?", (self._key(key),)
        )
        return {} if value is None else dict(json.loads(value))

    async def forget_user(self, user_id: int) -> None:
        """Drop every state and draft kept for the user (used by personal-data deletion)."""
        await self._db.execute("DELETE FROM fsm_states WHERE user_id = ?", (user_id,))

    async def close(self) -> None:
        """The database is closed by its owner, not by the dispatcher."""
