"""The Redis half of `bot.core.state`, loaded only when `REDIS_URL` is set: aiogram's
`RedisStorage` for the FSM, `ChatLocks` for one update per chat over every worker."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from aiogram.fsm.state import State
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
from redis.commands.core import AsyncScript
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


# The chat's FSM state as its lock read it (`ChatLocks`), for this update's first read.
_READ_WITH_LOCK: ContextVar[tuple[StorageKey, str | None] | None] = ContextVar(
    "state read with the chat lock", default=None
)

# Take the chat's lock (as redis-py's Lock does: SET NX PX) and, if taken, read its FSM state
# in the same step: one round trip where the lock and aiogram's first `get_state` took two.
# Both keys are the same chat's; a Redis Cluster would need them in one hash slot.
ACQUIRE_AND_READ = """
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
    return {1, redis.call('get', KEYS[2])}
end
return {0}
"""


def _take_read(key: StorageKey) -> tuple[StorageKey, str | None] | None:
    """The state the chat lock read, if it is `key`'s, taken out of the update's context."""
    read = _READ_WITH_LOCK.get()
    if read is None or read[0] != key:
        return None
    _READ_WITH_LOCK.set(None)
    return read


class _SharedRedisStorage(RedisStorage):
    """aiogram's RedisStorage on a connection the services own: the dispatcher's shutdown
    (which closes its storage) must not cut the rate limiter's and the menus' connection.
    An update's first state read takes the state its chat lock read (no round trip)."""

    async def get_state(self, key: StorageKey) -> str | None:
        read = _take_read(key)  # once: a later read asks Redis
        return read[1] if read is not None else await super().get_state(key)

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        _take_read(key)  # outdated by this write
        await super().set_state(key, state)

    async def close(self) -> None:
        """Closed by `ConversationState.close`."""


class _StateReadingLock(Lock):
    """redis-py's Lock on a chat, whose acquiring also reads the chat's FSM state
    (`ACQUIRE_AND_READ`); releasing and renewing are redis-py's."""

    def __init__(self, redis: Redis, name: str, state_key: str, script: AsyncScript, **kw: Any):
        super().__init__(redis, name, **kw)
        self.state_key = state_key
        self.state: str | None = None
        self._script = script

    async def do_acquire(self, token: str | bytes) -> bool:
        ttl = int((self.timeout or LOCK_TIMEOUT_S) * 1000)  # `ChatLocks` always sets one
        taken, *state = await self._script(
            keys=[self.name, self.state_key], args=[token, ttl], client=self.redis
        )
        if not taken:
            return False
        value = state[0] if state else None
        self.state = value.decode() if isinstance(value, bytes) else value
        return True


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
        self._acquire = redis.register_script(ACQUIRE_AND_READ)

    @contextlib.asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        name = self.key_builder.build(key, "lock")
        lock = _StateReadingLock(
            self.redis,
            name,
            self.key_builder.build(key, "state"),
            self._acquire,
            timeout=self.timeout,
            sleep=self.retry,
        )
        await lock.acquire()
        read = _READ_WITH_LOCK.set((key, lock.state))
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
            _READ_WITH_LOCK.reset(read)
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
