"""Prometheus metrics of one process, in a registry of its own, served at GET /metrics.

Only webhook workers and the sender import this module: long polling never loads
prometheus_client. The names and what they count are listed in docs/architecture.md
("Webhook, health and metrics"): `bot_updates_handled_total` / `bot_updates_failed_total`
{type}, `bot_update_handling_seconds` {type}, `bot_updates_in_flight`, `bot_outbox_depth`,
`bot_outbox_oldest_due_age_seconds`, `bot_messages_{sent,failed,rate_limited,blocked}_total`,
`bot_updates_taken_over_total`, `bot_updates_repeated_total`,
`bot_scheduler_job_runs_total` {job, outcome}, `bot_scheduler_job_seconds` {job}.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from aiogram.types.update import UpdateTypeLookupError
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from bot.core.logs import log_context
from bot.delivery.engine import SendOutcome

__all__ = ["CONTENT_TYPE", "Metrics", "UpdateObserver"]

CONTENT_TYPE = CONTENT_TYPE_LATEST
# Handler latency: most answers take tens of milliseconds; a slow one (a big export) seconds.
UPDATE_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
JOB_BUCKETS = (0.01, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0)
# Update types the bot receives, shown at 0 before the first one arrives.
KNOWN_TYPES = ("message", "callback_query", "my_chat_member")


class Metrics:
    """Every metric of one process; `render()` is the /metrics body."""

    def __init__(self) -> None:
        registry = self.registry = CollectorRegistry()
        self.updates_handled = Counter(
            "bot_updates_handled", "Updates handled without an error", ["type"], registry=registry
        )
        self.updates_failed = Counter(
            "bot_updates_failed",
            "Updates whose handling raised an error",
            ["type"],
            registry=registry,
        )
        self.update_seconds = Histogram(
            "bot_update_handling_seconds",
            "Time to handle an update",
            ["type"],
            buckets=UPDATE_BUCKETS,
            registry=registry,
        )
        self.updates_in_flight = Gauge(
            "bot_updates_in_flight", "Updates being handled now", registry=registry
        )
        for kind in KNOWN_TYPES:
            self.updates_handled.labels(kind)
            self.updates_failed.labels(kind)
        self.updates_taken_over = Counter(
            "bot_updates_taken_over",
            "Updates taken over from a webhook worker that died before finishing them",
            registry=registry,
        )
        self.updates_repeated = Counter(
            "bot_updates_repeated",
            "Updates Telegram sent again after they were recorded: answered, not handled again",
            registry=registry,
        )
        self.outbox_depth = Gauge(
            "bot_outbox_depth", "Outbox messages due and not yet sent", registry=registry
        )
        self.outbox_oldest_age = Gauge(
            "bot_outbox_oldest_due_age_seconds",
            "Age of the oldest due outbox message not yet sent (0 when none)",
            registry=registry,
        )
        self._messages = {
            "sent": Counter("bot_messages_sent", "Outbox messages sent", registry=registry),
            "failed": Counter(
                "bot_messages_failed",
                "Sends that failed: 400, 5xx, network or internal errors",
                registry=registry,
            ),
            "rate_limited": Counter(
                "bot_messages_rate_limited",
                "Sends answered 429 (flood control)",
                registry=registry,
            ),
            "blocked": Counter(
                "bot_messages_blocked",
                "Sends answered 403 (blocked by the user)",
                registry=registry,
            ),
        }
        self.job_runs = Counter(
            "bot_scheduler_job_runs",
            "Periodic job runs, by job and outcome",
            ["job", "outcome"],
            registry=registry,
        )
        self.job_seconds = Histogram(
            "bot_scheduler_job_seconds",
            "Time a periodic job run took",
            ["job"],
            buckets=JOB_BUCKETS,
            registry=registry,
        )

    def message(self, outcome: SendOutcome) -> None:
        """The delivery engine's observer (`DeliveryEngine.observe`)."""
        self._messages[outcome].inc()

    def job_run(self, job: str, outcome: str, seconds: float) -> None:
        """The scheduler jobs' observer (`register_jobs(observe=...)`)."""
        self.job_runs.labels(job, outcome).inc()
        self.job_seconds.labels(job).observe(seconds)

    def backlog(self, depth: int, oldest_age_s: float | None) -> None:
        self.outbox_depth.set(depth)
        self.outbox_oldest_age.set(oldest_age_s or 0.0)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class UpdateObserver(BaseMiddleware):
    """An outer update middleware: counts and times each update, and binds its id and type to
    the log lines written while it is handled (`bot.core.logs.log_context`)."""

    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        kind = _update_type(event)
        metrics = self._metrics
        started = time.perf_counter()
        metrics.updates_in_flight.inc()
        try:
            with log_context(update_id=event.update_id, update_type=kind):
                result = await handler(event, data)
        except Exception:
            metrics.updates_failed.labels(kind).inc()
            raise
        else:
            metrics.updates_handled.labels(kind).inc()
            return result
        finally:
            metrics.updates_in_flight.dec()
            metrics.update_seconds.labels(kind).observe(time.perf_counter() - started)


def _update_type(update: Update) -> str:
    try:
        return update.event_type
    except UpdateTypeLookupError:  # a type newer than this aiogram
        return "unknown"
