"""The Redis half of `bot.core.state`, loaded only when `REDIS_URL` is set: aiogram's
`RedisStorage` for the FSM, `ChatLocks` for one update per chat over every worker."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

from aiogram.fsm.storage.base import (
    BaseEventIsolation,
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StorageKey,
)
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, LockNotOwnedError, RedisError

log = logging.getLogger(__name__)

# A chat's update lock: renewed while its update is handled, however long that takes, so a
# worker that dies holding it frees the chat after at most this long. A waiting worker retries
# this often (aiogram's default, 0.1 s, would add up to 100 ms to a second quick tap).
LOCK_TIMEOUT_S = 10.0
LOCK_RETRY_S = 0.01
REDIS_POOL_MAX = 64  # connections a process keeps to Redis at most
REDIS_WAIT_S = 10.0  # how long a statement waits for one of them when all are busy

# A wizard left half-way keeps its answers this long after its last step in Redis (every write
# starts the period again). The database storage keeps them until the flow ends.
STATE_TTL = timedelta(days=30)


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
        done = asyncio.Event()
        renewing: asyncio.Task[None] | None = None

        def renew() -> None:
            nonlocal renewing
            renewing = asyncio.create_task(self._renew(lock, done), name=f"renew {name}")

        # Most updates are answered long before a renewal is due: a timer, not a task per update.
        timer = asyncio.get_running_loop().call_later(self.timeout / 3, renew)
        try:
            yield None
        finally:
            # Told to stop, not cancelled: a cancellation landing inside the Redis client's
            # reacquire can be swallowed there, and the renewal would then hold the chat for
            # ever (seen in bench/cluster.py). A renewal in flight gets a bounded moment.
            timer.cancel()
            done.set()
            if renewing is not None:
                finished, _ = await asyncio.wait({renewing}, timeout=self.timeout / 3)
                if not finished:
                    renewing.cancel()
                    log.warning("chat lock %s: its renewal did not stop in time", name)
            try:
                await lock.release()
            except LockError:  # it lapsed (Redis was away): the update was handled all the same
                log.warning("chat lock %s had lapsed before its update was done", name)

    async def _renew(self, lock: Lock, done: asyncio.Event) -> None:
        """From a third of the timeout on: renew now, then every third of it until `done`."""
        while not done.is_set():
            try:
                await lock.reacquire()
            except LockNotOwnedError:
                log.warning("chat lock %s lapsed while its update was handled", lock.name)
                return
            except RedisError as exc:  # Redis away for a moment: try again at the next turn
                log.warning("chat lock %s not renewed: %s", lock.name, type(exc).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), self.timeout / 3)


def open_redis_state(url: str) -> tuple[BaseStorage, BaseEventIsolation, Redis]:
    """The FSM storage, the chat locks and their client (no connection until first use)."""
    # A burst of updates waits for a free connection (up to REDIS_WAIT_S) instead of failing
    # with "Too many connections" (redis-py's default pool), as 200 chats at once did.
    pool = BlockingConnectionPool.from_url(
        url, max_connections=REDIS_POOL_MAX, timeout=REDIS_WAIT_S, health_check_interval=30
    )
    redis = Redis.from_pool(pool)
    keys = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
    storage = _SharedRedisStorage(redis, keys, state_ttl=STATE_TTL, data_ttl=STATE_TTL)
    return storage, ChatLocks(redis, keys), redis
