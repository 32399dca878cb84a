"""`python -m bot sender`: the planners' periodic jobs and the outbox's sending loop — the
messages the bot sends on its own initiative — without answering updates (webhook workers do).
GET /healthz and GET /metrics are served on OPS_PORT; /healthz turns 503 when the outbox lags
(`bot.ops.health`).

On SIGTERM it stops the jobs and stops claiming messages; the batch on the wire gets
`bot.app.DELIVERY_STOP_S` to finish, and rows still `sending` after that are put back at the next
start (at most the engine's `concurrency` of them sent twice).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Bot
from aiohttp import web

from bot.app import Background, Services, create_bot, create_delivery, open_services
from bot.core.clock import Clock
from bot.core.config import Settings
from bot.core.heap import settle
from bot.ops.health import HealthProbe, add_ops_routes, ops_redis
from bot.ops.metrics import Metrics
from bot.ops.process import bound_port, listen, wait_for_stop_signal

__all__ = ["OPS_SHUTDOWN_S", "Sender", "open_sender", "run_sender"]

log = logging.getLogger(__name__)

OPS_SHUTDOWN_S = 2.0  # a /healthz or /metrics request in progress at the stop


@dataclass
class Sender:
    """The sender process: built by `open_sender`, then `start`, `stop`."""

    services: Services
    bot: Bot  # the jobs' (broadcast reports); the engine has its own, without retries
    background: Background
    metrics: Metrics
    probe: HealthProbe
    app: web.Application
    close_redis: Callable[[], Awaitable[None]] | None = None
    _runner: web.AppRunner | None = None

    @property
    def port(self) -> int:
        assert self._runner is not None, "the sender is not started"
        return bound_port(self._runner)

    async def start(self, host: str, port: int) -> None:
        """Serve /healthz and /metrics, then start the jobs and the sending loop."""
        self._runner = await listen(self.app, host, port, shutdown_timeout=OPS_SHUTDOWN_S)
        await self.background.start(self.bot)
        log.info("sender running; /healthz and /metrics on %s:%d", host, self.port)

    async def stop(self) -> None:
        try:
            await self.background.stop()
        finally:
            if self._runner is not None:
                await self._runner.cleanup()
                self._runner = None
            await self.bot.session.close()
            if self.close_redis is not None:
                await self.close_redis()
            await self.services.close()
        log.info("sender stopped")


async def open_sender(
    settings: Settings, *, clock: Clock | None = None, run_delivery: bool = True
) -> Sender:
    """Build the sender (services, bots, engine, jobs, HTTP routes); nothing runs yet.
    `run_delivery=False` leaves the sending loop to the caller (tests)."""
    services = await open_services(settings, clock=clock, migrate_apart=True)
    try:
        metrics = Metrics()
        delivery = create_delivery(services)
        delivery.observe(metrics.message)
        background = Background(
            services, delivery, run_delivery=run_delivery, observe_job=metrics.job_run
        )
        redis = ops_redis(settings.redis_url) if settings.redis_url else None
        probe = HealthProbe(
            services, judge_outbox=True, redis_ping=redis.ping if redis is not None else None
        )
        app = web.Application()
        add_ops_routes(app, probe, metrics)
        bot = create_bot(settings, services)
    except BaseException:
        await services.close()
        raise
    close_redis = redis.aclose if redis is not None else None
    return Sender(services, bot, background, metrics, probe, app, close_redis)


async def run_sender(settings: Settings) -> None:
    """`python -m bot sender`: run until SIGTERM/SIGINT, then stop gracefully."""
    sender = await open_sender(settings)
    settle()
    try:
        await sender.start(settings.webhook_host, settings.ops_port)
        await wait_for_stop_signal()
        log.info("stopping: no new sends; finishing those in progress")
    finally:
        await sender.stop()
