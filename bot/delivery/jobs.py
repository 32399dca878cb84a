"""The periodic jobs, registered with fixed ids when the bot starts.

Reminders are not one APScheduler job per person: features register a *planner* that reads their
domain data (instalments due, lessons released, webinars starting) and queues outbox rows with
idempotency keys. The `plan-reminders` job runs every planner; running one twice plans nothing
twice, so a job that fires again after an outage is harmless.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.broadcasts.service import BroadcastService
from bot.core.clock import Clock
from bot.delivery.scheduler import add_periodic
from storage.outbox import Outbox

log = logging.getLogger(__name__)

# A cluster-wide try-lock by name (`Database.try_lock`): yields whether this process holds it.
JobLock = Callable[[str], AbstractAsyncContextManager[bool]]
Planner = Callable[[datetime], Awaitable[int]]  # plans what is due around `now`; returns how many
# Told of every job run: (job id, outcome "ok" | "error", seconds it took) — the metrics.
JobObserver = Callable[[str, str, float], None]

BROADCAST_TICK = timedelta(seconds=5)
PLAN_EVERY = timedelta(minutes=15)
RECOVER_EVERY = timedelta(minutes=10)
# A row still `sending` after this long belongs to a sender that died without a restart.
STALE_AFTER = timedelta(minutes=10)


class Planners:
    """Features' reminder planners, run together by one periodic job."""

    def __init__(self) -> None:
        self._planners: dict[str, Planner] = {}

    def add(self, name: str, planner: Planner) -> None:
        if name in self._planners:
            raise ValueError(f"planner {name!r} is registered twice")
        self._planners[name] = planner

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._planners)

    async def run(self, now: datetime) -> dict[str, int]:
        """Run every planner; one that fails is logged and does not stop the others."""
        planned: dict[str, int] = {}
        for name, planner in self._planners.items():
            try:
                planned[name] = await planner(now)
            except Exception:
                log.exception("planner %s failed", name)
        if any(planned.values()):
            log.info("planned reminders: %s", planned)
        return planned


def register_jobs(
    scheduler: AsyncIOScheduler,
    bot: Bot,
    *,
    clock: Clock,
    planners: Planners,
    broadcasts: BroadcastService,
    outbox: Outbox,
    observe: JobObserver | None = None,
    lock: JobLock | None = None,
) -> list[str]:
    """Add (or replace) every periodic job; returns their ids. `observe` sees each run.

    With `lock` (the database's cluster-wide try-lock), a job runs in one process at a time:
    a sender whose turn comes while another runs the same job skips that turn.
    """

    async def plan_reminders() -> None:
        await planners.run(clock.now())

    async def broadcasts_tick() -> None:
        await broadcasts.tick(bot)

    async def recover_stale() -> None:
        recovered = await outbox.recover_stale(clock.now(), STALE_AFTER)
        if recovered:
            log.warning("outbox: %d message(s) stuck in sending were put back", recovered)

    jobs: list[tuple[str, Callable[[], Awaitable[None]], timedelta]] = [
        ("plan-reminders", plan_reminders, PLAN_EVERY),
        ("broadcasts-tick", broadcasts_tick, BROADCAST_TICK),
        ("outbox-recover-stale", recover_stale, RECOVER_EVERY),
    ]
    for job_id, func, every in jobs:
        if lock is not None:
            func = _exclusive(job_id, func, lock)
        if observe is not None:
            func = _observed(job_id, func, observe)
        add_periodic(scheduler, job_id, func, IntervalTrigger(seconds=every.total_seconds()))
    return [job_id for job_id, _, _ in jobs]


def _exclusive(
    job_id: str, func: Callable[[], Awaitable[None]], lock: JobLock
) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        async with lock(f"job:{job_id}") as mine:
            if not mine:
                log.debug("job %s is running in another process; this turn is skipped", job_id)
                return
            await func()

    return run


def _observed(
    job_id: str, func: Callable[[], Awaitable[None]], observe: JobObserver
) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        started, outcome = time.perf_counter(), "error"
        try:
            await func()
            outcome = "ok"
        finally:
            observe(job_id, outcome, time.perf_counter() - started)

    return run
