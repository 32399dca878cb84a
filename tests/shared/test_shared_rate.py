"""One send rate per bot over every process: two `SharedRateLimiter`s on one real Redis stand
in for two sender processes. Grants are timed by Redis's own clock (what the limiter counts
with), and the waits are real but short: a few seconds for the whole file."""

from __future__ import annotations

import asyncio
import bisect
import itertools
import time
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from bot.delivery.ratelimit import RateLimiter
from bot.delivery.shared_rate import SharedRateLimiter

BOT = 123456


class Grants:
    """Every grant of the limiters made by `limiter()`, as (Redis time, chat, which one)."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self.log: list[tuple[float, int, str]] = []

    def limiter(self, name: str, rate: float, **options: object) -> SharedRateLimiter:
        def on_grant(chat_id: int, at: float) -> None:
            self.log.append((at, chat_id, name))

        return SharedRateLimiter(self.redis, BOT, rate, on_grant=on_grant, **options)  # type: ignore[arg-type]

    def times(self, chat_id: int | None = None) -> list[float]:
        return sorted(at for at, chat, _ in self.log if chat_id is None or chat == chat_id)

    async def now(self) -> float:
        seconds, micros = await self.redis.time()
        return float(seconds) + micros / 1e6


def most_in_any_second(times: list[float]) -> int:
    """The most grants in any window [t, t + 1 s) (the worst one starts at a grant)."""
    return max(bisect.bisect_left(times, t + 1.0) - i for i, t in enumerate(times))


@pytest.fixture
async def grants(empty_redis_url: str) -> AsyncIterator[Grants]:
    redis = Redis.from_url(empty_redis_url)
    yield Grants(redis)
    await redis.aclose()


async def send_all(limiter: RateLimiter, chats: list[int], concurrency: int = 8) -> None:
    """What a sender does: `concurrency` tasks, each acquiring before each message."""
    queue = iter(chats)

    async def task() -> None:
        for chat in queue:
            await limiter.acquire(chat)

    await asyncio.gather(*(task() for _ in range(concurrency)))


async def test_two_processes_never_send_more_than_the_rate_in_any_second(
    grants: Grants,
) -> None:
    """200 messages to 200 chats from two senders at once: together never more than `rate` in
    any one-second window, and not much slower than the rate allows. (The paid-broadcast mode
    allows a rate of 100, which keeps the test at about two seconds; the counting is the same
    at 25.)"""
    rate = 100
    one = grants.limiter("one", rate, paid_broadcast=True)
    two = grants.limiter("two", rate, paid_broadcast=True)
    for limiter in (one, two):
        limiter.set_spread(0.8)  # as the delivery engine sets it
    chats = list(range(1, 201))
    started = time.monotonic()
    await asyncio.gather(send_all(one, chats[0::2]), send_all(two, chats[1::2]))
    took = time.monotonic() - started

    times = grants.times()
    assert len(times) == 200
    assert most_in_any_second(times) <= rate
    assert {name for _, _, name in grants.log} == {"one", "two"}
    assert took < 200 / rate + 1.0, "the limiter throttles well below its rate"


async def test_the_default_rate_holds_over_two_processes(grants: Grants) -> None:
    """At the default 25/s: 40 messages from two senders take the second window they need."""
    one, two = grants.limiter("one", 25), grants.limiter("two", 25)
    await asyncio.gather(send_all(one, list(range(20))), send_all(two, list(range(20, 40))))
    times = grants.times()
    assert most_in_any_second(times) <= 25
    assert times[-1] - times[0] >= 1.0


async def test_one_chat_gets_one_message_a_second_whichever_process_sends(
    grants: Grants,
) -> None:
    interval = 0.3  # Telegram's is 1 s; shorter here to keep the test quick
    one = grants.limiter("one", 30, per_chat_interval=interval)
    two = grants.limiter("two", 30, per_chat_interval=interval)
    await asyncio.gather(
        *(limiter.acquire(77) for limiter in (one, two, one, two, one, two)),
        send_all(two, list(range(100, 110)), concurrency=2),  # other chats are not held up
    )
    times = grants.times(77)
    assert len(times) == 6
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= interval - 0.002  # Redis expires keys to the millisecond
    others = [at for at, chat, _ in grants.log if chat != 77]
    assert max(others) < times[1], "other chats did not wait for chat 77's spacing"


async def test_a_429_in_one_process_pauses_every_process(grants: Grants) -> None:
    one, two = grants.limiter("one", 30), grants.limiter("two", 30)
    before = await grants.now()
    one.pause_all(1.0)  # one got a 429 with retry_after=1
    one.pause_all(0.1)  # a shorter pause never cuts a longer one
    await one.flush()
    await asyncio.gather(two.acquire(1), one.acquire(2))
    assert min(grants.times()) >= before + 1.0 - 0.002  # Redis expires keys to the millisecond


async def test_a_paused_process_stops_at_once_even_before_redis_has_heard(
    grants: Grants,
) -> None:
    one = grants.limiter("one", 30)
    one.pause_all(0.5)  # not flushed: this process must not wait for the write
    started = time.monotonic()
    await one.acquire(1)
    assert time.monotonic() - started >= 0.45


async def test_while_redis_is_unreachable_nothing_is_sent() -> None:
    """Sends wait rather than go past a limit nobody can count."""
    redis = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    limiter = SharedRateLimiter(redis, BOT, 25)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(limiter.acquire(1), 0.5)
    await redis.aclose()


async def test_the_settings_are_the_in_process_limiters(grants: Grants) -> None:
    limiter = grants.limiter("one", 25)
    assert isinstance(limiter, RateLimiter) and limiter.rate == 25 and limiter.max_rate == 30
    limiter.set_rate(30)
    with pytest.raises(ValueError):
        limiter.set_rate(31)
    paid = grants.limiter("paid", 1000, paid_broadcast=True)
    paid.set_paid_broadcast(False)
    assert paid.rate == 30
    assert limiter.tracked_chats == 0  # chats are remembered in Redis, each for its interval
