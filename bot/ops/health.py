"""GET /healthz and GET /metrics of a webhook worker or the sender.

/healthz answers 200 when the process can do its work, 503 when not, with the reasons as JSON:

    {"status": "ok", "database": "ok", "redis": "ok",
     "outbox": {"depth": 12, "oldest_due_age_s": 3.5, "lagging": false}}

- `database`: `db.ping()` answered within PROBE_TIMEOUT_S ("ok" or "unreachable");
- `redis`: a PING answered within PROBE_TIMEOUT_S ("ok", "unreachable", or "not configured"
  without REDIS_URL);
- `outbox`: messages due and not yet sent, and the age of the oldest. The outbox is *lagging*
  when that age exceeds OUTBOX_LAG_LIMIT plus the time the backlog needs at DELIVERY_RATE
  (a 10,000-person broadcast is not a lag while it drains at the configured pace), counted for
  non-urgent messages from the end of the last quiet hours (the night's messages wait for the
  morning on purpose). A lagging outbox makes the *sender* unhealthy (sending is its job);
  a webhook worker reports it but stays healthy — restarting it would not send anything.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from aiohttp import web

from bot.delivery.quiet_hours import QuietHours
from bot.ops.metrics import CONTENT_TYPE, Metrics
from bot.services import Services

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = [
    "OUTBOX_LAG_LIMIT",
    "PROBE_TIMEOUT_S",
    "Health",
    "HealthProbe",
    "OutboxLag",
    "add_ops_routes",
    "ops_redis",
]

log = logging.getLogger(__name__)

OUTBOX_LAG_LIMIT = timedelta(minutes=15)
PROBE_TIMEOUT_S = 3.0
Check = Literal["ok", "unreachable", "not configured"]


@dataclass(frozen=True, slots=True)
class OutboxLag:
    depth: int
    oldest_due_age_s: float | None  # None: nothing due
    lagging: bool


@dataclass(frozen=True, slots=True)
class Health:
    database: Check
    redis: Check
    outbox: OutboxLag | None  # None: the database could not be asked
    judge_outbox: bool  # the sender: a lagging outbox is a failure

    @property
    def ok(self) -> bool:
        lagging = self.outbox is not None and self.outbox.lagging
        return (
            self.database == "ok"
            and self.redis != "unreachable"
            and not (self.judge_outbox and lagging)
        )

    def as_json(self) -> dict[str, Any]:
        outbox = self.outbox
        return {
            "status": "ok" if self.ok else "unhealthy",
            "database": self.database,
            "redis": self.redis,
            "outbox": None
            if outbox is None
            else {
                "depth": outbox.depth,
                "oldest_due_age_s": outbox.oldest_due_age_s,
                "lagging": outbox.lagging,
            },
        }


class HealthProbe:
    """Checks what a process depends on; `judge_outbox` for the sender."""

    def __init__(
        self,
        services: Services,
        *,
        judge_outbox: bool,
        redis_ping: Callable[[], Awaitable[Any]] | None = None,
    ) -> None:
        self.services = services
        self.judge_outbox = judge_outbox
        self._redis_ping = redis_ping

    async def check(self) -> Health:
        database: Check = (
            "ok" if await _answers(self.services.db.ping, "database") else "unreachable"
        )
        redis: Check = "not configured"
        if self._redis_ping is not None:
            redis = "ok" if await _answers(self._redis_ping, "Redis") else "unreachable"
        outbox = await self.outbox() if database == "ok" else None
        return Health(database, redis, outbox, self.judge_outbox)

    async def outbox(self) -> OutboxLag | None:
        """The outbox's backlog now, or None when the database does not answer."""
        services = self.services
        now = services.clock.now()
        quiet = services.quiet.is_quiet(now)
        try:
            backlog = await asyncio.wait_for(
                services.outbox.backlog(now, urgent_only=quiet), PROBE_TIMEOUT_S
            )
        except Exception:
            log.warning("health: reading the outbox failed", exc_info=True)
            return None
        if backlog.oldest_due is None:
            return OutboxLag(backlog.depth, None, False)
        age = (now - backlog.oldest_due).total_seconds()
        waited_from = backlog.oldest_due
        if not quiet and services.quiet.enabled:
            waited_from = max(waited_from, last_quiet_end(services.quiet, now))
        drain_s = backlog.depth / max(services.settings.delivery_rate, 1)
        allowed = OUTBOX_LAG_LIMIT + timedelta(seconds=drain_s)
        return OutboxLag(backlog.depth, round(age, 3), now - waited_from > allowed)


def last_quiet_end(quiet: QuietHours, now: datetime) -> datetime:
    """The latest moment at or before `now` when quiet hours ended (their local `end`)."""
    local = now.astimezone(quiet.zone)
    end = datetime.combine(local.date(), quiet.end, tzinfo=quiet.zone)
    if end > local:
        end -= timedelta(days=1)
    return end


async def _answers(ping: Callable[[], Awaitable[Any]], what: str) -> bool:
    try:
        await asyncio.wait_for(ping(), PROBE_TIMEOUT_S)
    except Exception:  # any failure means unreachable; the reason goes to the log
        log.warning("health: the %s does not answer", what, exc_info=True)
        return False
    return True


def ops_redis(url: str) -> Redis:
    """The process's own Redis client for its health pings (and a worker's inbox); short
    timeouts, so that a Redis that hangs makes /healthz answer 503 rather than wait."""
    from redis.asyncio import Redis

    return Redis.from_url(url, socket_timeout=PROBE_TIMEOUT_S, socket_connect_timeout=2)


def add_ops_routes(app: web.Application, probe: HealthProbe, metrics: Metrics) -> None:
    """GET /healthz (200 or 503, JSON) and GET /metrics (Prometheus text) on `app`."""

    async def healthz(request: web.Request) -> web.Response:
        health = await probe.check()
        if health.outbox is not None:
            metrics.backlog(health.outbox.depth, health.outbox.oldest_due_age_s)
        return web.json_response(health.as_json(), status=200 if health.ok else 503)

    async def scrape(request: web.Request) -> web.Response:
        lag = await probe.outbox()
        if lag is not None:
            metrics.backlog(lag.depth, lag.oldest_due_age_s)
        return web.Response(body=metrics.render(), headers={"Content-Type": CONTENT_TYPE})

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", scrape)
