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

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from aiogram.fsm.storage.base import (
    BaseEventIsolation,
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StorageKey,
)
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, LockNotOwnedError, RedisError

from bot.core.config import Settings
from storage.db import Database
from storage.fsm import SQLiteStorage

# A wizard left half-way keeps its answers this long after its last step in Redis (every write
# starts the period again). The database storage keeps them until the flow ends.
STATE_TTL = timedelta(days=30)
# A chat's update lock: renewed while its update is handled, however long that takes, so a
# worker that dies holding it frees the chat after at most this long. A waiting worker retries
# this often (aiogram's default, 0.1 s, would add up to 100 ms to a second quick tap).
LOCK_TIMEOUT_S = 10.0
LOCK_RETRY_S = 0.01
MEMO_TTL = timedelta(days=30)

log = logging.getLogger(__name__)


def bot_id_of(settings: Settings) -> int:
    """The bot's numeric id, the part of the token before the colon (public, unlike the rest);
    0 without a token (commands that never talk to Telegram)."""
    if settings.bot_token is None:
        return 0
    return int(settings.token.split(":", 1)[0])


class Memo(Protocol):
    """A few short strings by key that every worker must see alike (last-writer-wins)."""

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str) -> None: ...


class LocalMemo:
    """One process: a dict is the whole truth."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    async def get(self, key: str) -> str | None:
        return self._values.get(key)

    async def set(self, key: str, value: str) -> None:
        self._values[key] = value


class RedisMemo:
    """Several workers: one Redis key per entry, forgotten after `MEMO_TTL` without a write."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix

    async def get(self, key: str) -> str | None:
        value = await self._redis.get(self._prefix + key)
        return value.decode("utf-8") if isinstance(value, bytes) else value

    async def set(self, key: str, value: str) -> None:
        await self._redis.set(self._prefix + key, value, ex=MEMO_TTL)


class _SharedRedisStorage(RedisStorage):
    """aiogram's RedisStorage on a connection the services own: the dispatcher's shutdown
    (which closes its storage) must not cut the rate limiter's and the menus' connection."""

    async def close(self) -> None:
        """Closed by `ConversationState.close`."""


class ChatLocks(RedisEventIsolation):
    """aiogram's `RedisEventIsolation` (one update of a chat at a time, over every worker), with
    a lock that lives while its holder does: a short timeout, renewed every third of it while
    the update is handled. aiogram's own keeps one fixed timeout: too short, and a long handler
    (an Excel export) loses the lock half-way, lets the chat's next update in and fails on
    release; too long, and a killed worker's chats stay shut that long."""

    def __init__(
        self,
        redis: Redis,
        key_builder: KeyBuilder,
        *,
        timeout: float = LOCK_TIMEOUT_S,
        retry: float = LOCK_RETRY_S,
    ) -> None:
        super().__init__(redis, key_builder, {"timeout": timeout, "sleep": retry})
        self.timeout = timeout
        self.retry = retry

    @contextlib.asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        name = self.key_builder.build(key, "lock")
        lock = self.redis.lock(name, timeout=self.timeout, sleep=self.retry, lock_class=Lock)
        await lock.acquire()
        renewing = asyncio.create_task(self._renew(lock), name=f"renew {name}")
        try:
            yield None
        finally:
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing
            try:
                await lock.release()
            except LockError:  # it lapsed (Redis was away): the update was handled all the same
                log.warning("chat lock %s had lapsed before its update was done", name)

    async def _renew(self, lock: Lock) -> None:
        while True:
            await asyncio.sleep(self.timeout / 3)
            try:
                await lock.reacquire()
            except LockNotOwnedError:
                log.warning("chat lock %s lapsed while its update was handled", lock.name)
                return
            except RedisError as exc:  # Redis away for a moment: try again at the next turn
                log.warning("chat lock %s not renewed: %s", lock.name, type(exc).__name__)


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

    def memo(self, name: str) -> Memo:
        if self.redis is None:
            return LocalMemo()
        return RedisMemo(self.redis, f"memo:{self.bot_id}:{name}:")

    async def close(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()


def open_state(settings: Settings, db: Database) -> ConversationState:
    """Redis when `REDIS_URL` is set (no connection is made until first use), else the
    database."""
    bot_id = bot_id_of(settings)
    if not settings.redis_url:
        # Several processes may share a PostgreSQL database: its read cache only on SQLite.
        storage = SQLiteStorage(db, cache_size=0 if settings.is_postgres else 10_000)
        return ConversationState(storage, SimpleEventIsolation(), None, bot_id)
    redis = Redis.from_url(settings.redis_url, health_check_interval=30)
    keys = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
    return ConversationState(
        _SharedRedisStorage(redis, keys, state_ttl=STATE_TTL, data_ttl=STATE_TTL),
        ChatLocks(redis, keys),
        redis,
        bot_id,
    )
