"""APScheduler, started and stopped with the bot, in the configured time zone.

Periodic jobs get fixed ids and safe defaults; domain reminders are database rows, not jobs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger

from bot.core.timezones import load_zone

# A daily job still runs after an outage of up to this long.
MISFIRE_GRACE_S = 6 * 3600


def create_scheduler(timezone: str) -> AsyncIOScheduler:
    return AsyncIOScheduler(
        timezone=load_zone(timezone),
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": MISFIRE_GRACE_S,
        },
    )


def add_periodic(
    scheduler: AsyncIOScheduler,
    job_id: str,
    func: Callable[..., Awaitable[Any]],
    trigger: BaseTrigger,
    **kwargs: Any,
) -> None:
    """Register a periodic job idempotently: the same id replaces the old definition."""
    scheduler.add_job(
        func,
        trigger,
        id=job_id,
        name=job_id,
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=MISFIRE_GRACE_S,
        kwargs=kwargs,
    )
