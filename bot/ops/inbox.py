"""The updates a webhook worker accepted and has not finished, kept in Redis, so that a worker
killed outright (SIGKILL, out of memory, a lost machine) loses none of them.

A worker answers Telegram before it handles an update (Telegram must not wait), so once it has
answered, Telegram will not send that update again. Before answering, the worker records it in
one atomic step: `SET seen:<update_id> NX` (an update Telegram sends a second time, because our
answer never reached it, is recognised and not handled twice) and `HSET inflight:<worker>
<update_id> <update>`; after handling, `HDEL`. While it lives, the worker renews its lease
`alive:<worker>` (LEASE_S). Every RECLAIM_EVERY_S each worker looks for the in-flight updates of
workers whose lease has lapsed and takes them over — a Lua script, so exactly one worker takes
each set — and handles them itself. A killed worker's updates are thus answered about LEASE_S
later by another one, and none is lost. The moment a handler's first message goes out, the
update is marked `answered:<update_id>` (`mark_answered`, from the worker's Bot session): one
taken over with that mark is struck off, not handled again, so the person never gets the same
reply twice. Only a kill between Telegram accepting that message and the mark landing (one
round trip to Redis) can still double it; what the dead handler meant to do after its first
message is lost with it.

On SIGTERM a worker finishes its updates, then gives up its lease at once (`release`): any it
could not finish within the drain bound are taken over by the others without waiting.
Keys share the hash tag `{webhook:<bot id>}` (one Redis Cluster slot for the scripts).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

__all__ = ["LEASE_S", "RECLAIM_EVERY_S", "SEEN_TTL_S", "UpdateInbox"]

log = logging.getLogger(__name__)

LEASE_S = 10.0  # a worker silent this long is taken for dead
RENEW_S = 2.0  # how often a live worker renews its lease
RECLAIM_EVERY_S = 2.0  # how often each worker looks for a dead one's updates
SEEN_TTL_S = 3600  # an update id is remembered this long (Telegram retries within it)

# KEYS: seen, inflight; ARGV: update id, update, worker, seen ttl → 1 new, 0 seen before
_ACCEPT = """
if redis.call('SET', KEYS[1], ARGV[3], 'NX', 'EX', ARGV[4]) then
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  return 1
end
return 0
"""
# KEYS: the owner's lease, the owner's in-flight set, mine → the entries taken (id, update, …)
_TAKE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return {} end
local entries = redis.call('HGETALL', KEYS[2])
if #entries > 0 then redis.call('HSET', KEYS[3], unpack(entries)) end
redis.call('DEL', KEYS[2])
return entries
"""

Feed = Callable[[bytes], None]


class UpdateInbox:
    """One worker's record of its accepted updates; `start` the lease and the reclaim loop."""

    def __init__(
        self,
        redis: Redis,
        bot_id: int,
        *,
        worker: str | None = None,
        lease_s: float = LEASE_S,
        renew_s: float = RENEW_S,
        reclaim_every_s: float = RECLAIM_EVERY_S,
    ) -> None:
        self._redis = redis
        self.worker = worker or f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._prefix = f"webhook:{{{bot_id}}}:"
        self.lease_s = lease_s
        self.renew_s = renew_s
        self.reclaim_every_s = reclaim_every_s
        self._accept = redis.register_script(_ACCEPT)
        self._take = redis.register_script(_TAKE)
        self._renewing: asyncio.Task[None] | None = None
        self._taking: asyncio.Task[None] | None = None

    def _key(self, kind: str, name: str | int) -> str:
        return f"{self._prefix}{kind}:{name}"

    @property
    def _mine(self) -> str:
        return self._key("inflight", self.worker)

    async def accept(self, update_id: int, update: bytes) -> bool:
        """Record an update before answering Telegram; False when it was accepted before (a
        retry of an update some worker holds): answer it, do not handle it again."""
        seen = self._key("seen", update_id)
        added = await self._accept(
            keys=[seen, self._mine], args=[update_id, update, self.worker, SEEN_TTL_S]
        )
        return bool(added)

    async def mark_answered(self, update_id: int) -> None:
        """The update's first message went out: a worker taking it over must not answer it."""
        await self._redis.set(self._key("answered", update_id), "1", ex=SEEN_TTL_S)

    async def was_answered(self, update_id: int) -> bool:
        return bool(await self._redis.exists(self._key("answered", update_id)))

    async def done(self, update_id: int) -> None:
        await self._redis.hdel(self._mine, str(update_id))

    async def renew(self) -> None:
        await self._redis.set(self._key("alive", self.worker), "1", px=int(self.lease_s * 1000))

    async def reclaim(self) -> list[bytes]:
        """Take over the in-flight updates of every worker whose lease lapsed; returns them."""
        taken: list[bytes] = []
        async for key in self._redis.scan_iter(match=self._key("inflight", "*"), count=100):
            name = key.decode() if isinstance(key, bytes) else str(key)
            owner = name.rsplit(":", 1)[1]
            if owner == self.worker:
                continue
            entries: list[Any] = await self._take(
                keys=[self._key("alive", owner), name, self._mine]
            )
            updates = entries[1::2]
            if updates:
                log.warning(
                    "took over %d update(s) of webhook worker %s (its lease lapsed)",
                    len(updates),
                    owner,
                )
            taken.extend(updates)
        return taken

    async def start(self, feed: Feed) -> None:
        """Take the lease (before the first update is accepted), then keep renewing it and hand
        every update taken over from a dead worker to `feed`."""
        await self.renew()
        self._renewing = asyncio.create_task(
            self._every(self.renew_s, self.renew), name="inbox-lease"
        )
        self._taking = asyncio.create_task(
            self._every(self.reclaim_every_s, lambda: self._reclaim_into(feed)),
            name="inbox-reclaim",
        )

    async def _reclaim_into(self, feed: Feed) -> None:
        for update in await self.reclaim():
            feed(update)

    @staticmethod
    async def _every(period: float, step: Callable[[], Awaitable[None]]) -> None:
        while True:
            try:
                await step()
            except RedisError as exc:
                log.warning("webhook inbox: Redis: %s", exc)
            await asyncio.sleep(period)

    async def stop_taking(self) -> None:
        """Take over nothing more (a stopping worker); the lease is still renewed."""
        await _cancel(self._taking)
        self._taking = None

    async def stop(self) -> None:
        """Stop taking over and renewing (the lease then lapses by itself)."""
        await self.stop_taking()
        await _cancel(self._renewing)
        self._renewing = None

    async def release(self) -> None:
        """Give the lease up now (after the drain): what is left is for the other workers."""
        await self.stop()
        await self._redis.delete(self._key("alive", self.worker))
        left = await self._redis.hlen(self._mine)
        if left:
            log.warning("%d update(s) left unfinished for the other workers", left)


async def _cancel(task: asyncio.Task[None] | None) -> None:
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
