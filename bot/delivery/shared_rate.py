"""One send rate per bot token across every process, counted in Redis.

Telegram counts messages per bot, not per process: two senders each keeping 25/s would send 50.
`SharedRateLimiter` is the `RateLimiter` the delivery engine already calls (`acquire`,
`pause_all`, `rate`, `set_rate`, `set_spread`, `set_paid_broadcast`), with its counting moved to
Redis so that it holds over all processes together:

- at most `rate` messages in any one-second window: one Lua script, atomic on the server, keeps
  the times of the last `rate` grants in a sorted set and grants a message only once the oldest
  is a second old (and, with a spread, the newest `spread / rate` s old). Times are Redis's
  `TIME`, never a process's clock, so hosts whose clocks disagree still agree on the window;
- at least `per_chat_interval` between two messages to one chat: a key per chat set with
  `PX` in the same script (a chat key exists = too soon);
- a 429's `retry_after` pauses every sender: `pause_all` writes a key with `PX` retry_after
  (never shortening a longer one) that the script checks before every grant; this process also
  stops at once, without waiting for the write.

Keys carry the bot id in a hash tag (`{tg:<bot>}:…`), so they stay on one node of a Redis
Cluster, and they expire on their own. While Redis cannot be reached, `acquire` waits and tries
again (logging once per outage): messages are delayed, never sent past the limit.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from itertools import count

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.delivery.ratelimit import DEFAULT_RATE, WINDOW, RateLimiter

log = logging.getLogger(__name__)

GRANTED, PAUSED, CHAT, FULL = 0, 1, 2, 3  # the script's verdicts
REDIS_RETRY_S = 1.0  # while Redis is unreachable, try again this often

# KEYS: the window (sorted set), the pause, the chat's spacing key.
# ARGV: rate, window µs, spread gap µs (0: off), chat interval ms, a unique member.
# Returns {verdict, µs}: the wait for PAUSED/CHAT/FULL; for GRANTED the grant's Redis time.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return {1, paused * 1000} end
local chat = redis.call('PTTL', KEYS[3])
if chat > 0 then return {2, chat * 1000} end
local rate = tonumber(ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(rate + 1))
if redis.call('ZCARD', KEYS[1]) >= rate then
  local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
  local wait = oldest + tonumber(ARGV[2]) - now
  local gap = tonumber(ARGV[3])
  if gap > 0 then
    local newest = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
    wait = math.max(wait, newest + gap - now)
  end
  if wait > 0 then return {3, wait} end
end
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('PEXPIRE', KEYS[1], 10000)
local interval = tonumber(ARGV[4])
if interval > 0 then redis.call('SET', KEYS[3], '1', 'PX', interval) end
return {0, now}
"""

# KEYS: the pause. ARGV: ms. A pause only ever grows.
_PAUSE = """
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return left
"""


class SharedRateLimiter(RateLimiter):
    """`await limiter.acquire(chat_id)` right before each send, in any process of the bot.

    `name` tells apart limiters of one bot that count separately (the paid-broadcast limiter
    has its own window); the pause and the per-chat spacing are the bot's, shared by both.
    `on_grant(chat_id, redis_seconds)` is told of every grant (tests, metrics).
    """

    def __init__(
        self,
        redis: Redis,
        bot_id: int,
        per_second: float = DEFAULT_RATE,
        *,
        name: str = "free",
        per_chat_interval: float = 1.0,
        paid_broadcast: bool = False,
        on_grant: Callable[[int, float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(
            per_second,
            per_chat_interval=per_chat_interval,
            paid_broadcast=paid_broadcast,
            clock=clock,
            sleep=sleep,
        )
        self._redis = redis
        tag = f"{{tg:{bot_id}}}"
        self._window_key = f"{tag}:rate:{name}"
        self._pause_key = f"{tag}:pause"
        self._chat_prefix = f"{tag}:chat:"
        self._acquire = redis.register_script(_ACQUIRE)
        self._pause = redis.register_script(_PAUSE)
        self._on_grant = on_grant
        self._member = f"{uuid.uuid4().hex[:12]}:"  # grants of this process, told apart
        self._grants = count()
        self._writes: set[asyncio.Task[None]] = set()
        self._unreachable = False

    @property
    def tracked_chats(self) -> int:
        """Chats are remembered in Redis (each key expires after its interval), not here."""
        return 0

    def pause_all(self, seconds: float) -> None:
        """Stop every send of every process for `seconds` from now (a 429's retry_after)."""
        super().pause_all(seconds)  # this process: at once
        task = asyncio.get_running_loop().create_task(self._share_pause(seconds))
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)

    async def flush(self) -> None:
        """Wait until the pauses asked for so far are written to Redis."""
        if self._writes:
            await asyncio.gather(*self._writes)

    async def acquire(self, chat_id: int) -> None:
        """Wait until a message to chat_id may be sent by any process, and count it as sent."""
        while True:
            async with self._lock:  # this process's waiters queue first come, first served
                while True:
                    verdict, wait = await self._try(chat_id)
                    if verdict in (GRANTED, CHAT):
                        break
                    await self._sleep(wait)
            if verdict == GRANTED:
                return
            await self._sleep(wait)  # the chat's spacing: waited outside the queue

    # -- internals ----------------------------------------------------------------------------

    async def _try(self, chat_id: int) -> tuple[int, float]:
        """One attempt: the verdict and the seconds to wait (or the grant's Redis time)."""
        local = self._paused_until - self._clock()
        if local > 0:
            return PAUSED, local
        gap = self._spread / self._rate * 1e6 if self._spread else 0
        try:
            verdict, micros = await self._acquire(
                keys=[self._window_key, self._pause_key, f"{self._chat_prefix}{chat_id}"],
                args=[
                    self._rate,
                    int(WINDOW * 1e6),
                    int(gap),
                    int(self._interval * 1000),
                    f"{self._member}{next(self._grants)}",
                ],
            )
        except RedisError as exc:
            if not self._unreachable:
                log.warning("rate limit: Redis unreachable (%s); sends wait", type(exc).__name__)
                self._unreachable = True
            return PAUSED, REDIS_RETRY_S
        if self._unreachable:
            log.warning("rate limit: Redis reachable again")
            self._unreachable = False
        if int(verdict) == GRANTED:
            if self._on_grant is not None:
                self._on_grant(chat_id, int(micros) / 1e6)
            return GRANTED, 0.0
        return int(verdict), int(micros) / 1e6

    async def _share_pause(self, seconds: float) -> None:
        try:
            await self._pause(keys=[self._pause_key], args=[max(int(seconds * 1000), 1)])
        except RedisError as exc:  # this process still pauses; the others see their own 429s
            log.warning("rate limit: pause not shared (%s)", type(exc).__name__)
