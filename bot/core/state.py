"""Where a conversation's state lives, and how one chat's updates are kept in order.

One process (`REDIS_URL` empty, the default): the FSM in the bot's own database
(`storage.fsm.SQLiteStorage`, with its read cache) and one update at a time per chat inside the
process (`SimpleEventIsolation`).

Several workers (`REDIS_URL` set): any worker may take a person's next update, so nothing that
answers it may live in one process's memory. The FSM is aiogram's `RedisStorage` (keys
`fsm:<bot>:<chat>:<user>:<destiny>:state|data`), one update at a time per chat across all
workers with `ChatLocks` (aiogram's `RedisEventIsolation`: a Redis lock per chat, here renewed
while its update is handled), and the same connection serves the global send rate
(`bot.delivery.shared_rate`) and small per-person notes that must agree between workers
(`memo`: the staff command menus). The connection is owned here and closed by `Services.close`,
never by the dispatcher.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiogram.fsm.storage.base import (
    BaseEventIsolation,
    BaseStorage,
)
from aiogram.fsm.storage.memory import SimpleEventIsolation

from bot.core.config import Settings
from storage.db import Database
from storage.fsm import SQLiteStorage

if TYPE_CHECKING:
    from redis.asyncio import Redis


log = logging.getLogger(__name__)


def bot_id_of(settings: Settings) -> int:
    """The bot's numeric id, the part of the token before the colon (public, unlike the rest);
    0 without a token (commands that never talk to Telegram)."""
    if settings.bot_token is None:
        return 0
    return int(settings.token.split(":", 1)[0])


@dataclass(frozen=True)
class ConversationState:
    """The FSM storage and event isolation the dispatcher runs with, and the Redis connection
    when there is one."""

    storage: BaseStorage
    isolation: BaseEventIsolation
    redis: Redis | None
    bot_id: int

    @property
    def shared(self) -> bool:
        """True when several processes may answer the same chat (Redis)."""
        return self.redis is not None

    async def close(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()


def open_state(settings: Settings, db: Database) -> ConversationState:
    """Redis when `REDIS_URL` is set (no connection is made until first use), else the
    database."""
    bot_id = bot_id_of(settings)
    if not settings.redis_url:
        # Several processes may share a PostgreSQL database: its read cache only on SQLite.
        local = SQLiteStorage(db, cache_size=0 if settings.is_postgres else 10_000)
        return ConversationState(local, SimpleEventIsolation(), None, bot_id)
    # The Redis client and aiogram's Redis storage load only here: one process never needs them.
    from bot.core.redis_state import open_redis_state

    storage, isolation, redis = open_redis_state(settings.redis_url)
    return ConversationState(storage, isolation, redis, bot_id)
