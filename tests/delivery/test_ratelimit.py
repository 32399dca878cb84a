"""The rate limiter under a virtual monotonic clock: no test really sleeps."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import random
from collections import defaultdict
from collections.abc import Coroutine
from typing import Any

import pytest

from bot.delivery.ratelimit import RateLimiter


class VirtualTime:
    """A monotonic clock and a sleep; time jumps to the next sleeper once every task is idle."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(seconds, 0.0), next(self._seq), future))
        await future

    async def run(self, *coros: Coroutine[Any, Any, None]) -> None:
        tasks = [asyncio.ensure_future(c) for c in coros]
        while not all(t.done() for t in tasks):
            for _ in range(20):  # let every runnable task get to its next sleep or lock
                await asyncio.sleep(0)
            if not self._sleepers:
                continue
            deadline, _, future = heapq.heappop(self._sleepers)
            self.now = max(self.now, deadline)
            future.set_result(None)
        for t in tasks:
            t.result()


class SimpleTime:
    """For one task at a time: sleeping simply moves the clock."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)
        self.slept += max(seconds, 0.0)


def assert_window(times: list[float], limit: int) -> None:
    """No more than `limit` sends in any half-open one-second window (give or take float noise:
    8.2 - 7.2 is 0.9999999999999991)."""
    ordered = sorted(times)
    for i in range(len(ordered) - limit):
        assert ordered[i + limit] - ordered[i] >= 1.0 - 1e-9, (i, ordered[i], ordered[i + limit])


def assert_spacing(sends: list[tuple[float, int]]) -> None:
    by_chat: dict[int, list[float]] = defaultdict(list)
    for at, chat in sends:
        by_chat[chat].append(at)
    for times in by_chat.values():
        times.sort()
        for a, b in itertools.pairwise(times):
            assert b - a >= 1.0 - 1e-9


async def test_global_limit_over_a_long_run() -> None:
    time = SimpleTime()
    limiter = RateLimiter(25, clock=time.clock, sleep=time.sleep)
    times: list[float] = []
    for chat in range(5000):
        await limiter.acquire(chat)
        times.append(time.now)
    assert_window(times, 25)
    assert times[24] == 0.0  # a burst of 25 goes at once
    assert times[-1] <= 5000 / 25  # and the limiter does not throttle below the rate


async def test_per_chat_spacing_and_other_chats_not_held_up() -> None:
    time = SimpleTime()
    limiter = RateLimiter(25, clock=time.clock, sleep=time.sleep)
    await limiter.acquire(1)
    await limiter.acquire(2)
    assert time.now == 0.0
    await limiter.acquire(1)
    assert time.now == pytest.approx(1.0)
    sends: list[tuple[float, int]] = []
    rng = random.Random(7)
    for _ in range(3000):
        chat = rng.randrange(40)
        await limiter.acquire(chat)
        sends.append((time.now, chat))
    assert_spacing(sends)
    assert_window([at for at, _ in sends], 25)


async def test_pause_all_stops_every_chat() -> None:
    time = SimpleTime()
    limiter = RateLimiter(25, clock=time.clock, sleep=time.sleep)
    await limiter.acquire(1)
    time.now = 0.5
    limiter.pause_all(3.0)  # a 429 with retry_after=3
    limiter.pause_all(1.0)  # a shorter pause never cuts a longer one
    await limiter.acquire(2)
    assert time.now == pytest.approx(3.5)
    await limiter.acquire(3)
    assert time.now == pytest.approx(3.5)


async def test_concurrent_senders_respect_limits_and_all_finish() -> None:
    vt = VirtualTime()
    limiter = RateLimiter(20, clock=vt.clock, sleep=vt.sleep)
    sends: list[tuple[float, int]] = []
    finished: list[int] = []
    rng = random.Random(11)

    async def worker(n: int) -> None:
        for _ in range(10):
            chat = rng.randrange(30)
            await limiter.acquire(chat)
            sends.append((vt.now, chat))
        finished.append(n)

    async def pauser() -> None:
        await vt.sleep(4.2)
        limiter.pause_all(2.0)
        pause_at = vt.now
        await vt.sleep(0)
        assert all(not (pause_at < at < pause_at + 2.0) for at, _ in sends)

    await vt.run(*(worker(n) for n in range(100)), pauser())
    assert sorted(finished) == list(range(100))  # no starvation
    assert len(sends) == 1000
    assert_window([at for at, _ in sends], 20)
    assert_spacing(sends)
    # None sent while paused.
    assert not [at for at, _ in sends if 4.2 < at < 6.2]
    # 1000 sends at 20/s take about 50 s plus the pause, plus a tail where few chats are left.
    assert max(at for at, _ in sends) < 50 + 2 + 10


async def test_same_chat_waiters_keep_spacing_when_concurrent() -> None:
    vt = VirtualTime()
    limiter = RateLimiter(25, clock=vt.clock, sleep=vt.sleep)
    sends: list[tuple[float, int]] = []

    async def send(chat: int) -> None:
        await limiter.acquire(chat)
        sends.append((vt.now, chat))

    await vt.run(*(send(chat) for chat in [5] * 10 + list(range(100, 150))))
    assert_spacing(sends)
    five = sorted(at for at, chat in sends if chat == 5)
    assert len(five) == 10 and five[-1] <= 11.0  # about one a second (FIFO with the others)
    # Other chats are not stuck behind chat 5's spacing: they go at the global rate.
    assert max(at for at, chat in sends if chat != 5) < 3.0


async def test_memory_is_bounded_by_recent_chats() -> None:
    time = SimpleTime()
    limiter = RateLimiter(1000, paid_broadcast=True, clock=time.clock, sleep=time.sleep)
    for chat in range(100_000):
        await limiter.acquire(chat)
    assert limiter.tracked_chats <= 1000  # only the chats of the last second
    time.now += 1.0
    await limiter.acquire(1)
    assert limiter.tracked_chats == 1


def test_rate_bounds() -> None:
    limiter = RateLimiter()
    assert limiter.rate == 25
    limiter.set_rate(30)
    with pytest.raises(ValueError):
        limiter.set_rate(31)
    with pytest.raises(ValueError):
        limiter.set_rate(0)
    paid = RateLimiter(1000, paid_broadcast=True)
    assert paid.rate == 1000
    with pytest.raises(ValueError):
        paid.set_rate(1001)
    paid.set_paid_broadcast(False)
    assert paid.rate == 30
    with pytest.raises(ValueError):
        RateLimiter(100)


async def test_lowering_the_rate_applies_at_once() -> None:
    time = SimpleTime()
    limiter = RateLimiter(30, clock=time.clock, sleep=time.sleep)
    times: list[float] = []
    for chat in range(300):
        if chat == 100:
            limiter.set_rate(5)
        await limiter.acquire(chat)
        times.append(time.now)
    assert_window(times[100:], 5)
