"""`python -m bot webhook`: a webhook worker — it answers updates, nothing else.

Telegram POSTs each update to WEBHOOK_URL; a reverse proxy terminates TLS and passes the request
to one of several workers on WEBHOOK_HOST:WEBHOOK_PORT, at the URL's path. aiogram's handler
checks the `X-Telegram-Bot-Api-Secret-Token` header against WEBHOOK_SECRET (anything else: 401,
the update is not handled), answers 200 at once and handles the update after, so Telegram never
waits for a slow handler. The planners and the sending loop are not here: `python -m bot sender`
runs them, once for the whole deployment. GET /healthz and GET /metrics are served on the same
port (`bot.ops.health`).

On start a worker sets the webhook (the URL, the secret, the update types the dispatcher uses;
pending updates kept). Every worker does so — the call is idempotent — and none deletes it when
it stops, since the others still serve it. On SIGTERM it stops listening, lets the updates it
already accepted finish (at most DRAIN_TIMEOUT_S), then closes its connections.

An update is acknowledged before it is handled. With REDIS_URL each one is recorded in Redis
before the answer and struck off after handling (`bot.ops.inbox`): the updates of a worker killed
outright (SIGKILL, out of memory) are handled by another worker a few seconds later, none lost;
those it had already answered are answered twice — at most what it had in flight. Without Redis
(one worker) such a kill loses the updates in flight; a SIGTERM loses none.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from redis.exceptions import RedisError

from bot.app import Services, create_bot, create_dispatcher, open_services
from bot.core.clock import Clock
from bot.core.config import Settings
from bot.core.heap import settle
from bot.ops.health import HealthProbe, add_ops_routes, ops_redis
from bot.ops.inbox import UpdateInbox
from bot.ops.metrics import Metrics, UpdateObserver
from bot.ops.process import bound_port, listen, wait_for_stop_signal
from bot.ops.webhook_config import WebhookConfig, webhook_config

__all__ = [
    "DRAIN_TIMEOUT_S",
    "SECRET_HEADER",
    "UpdateHandler",
    "WebhookWorker",
    "open_webhook_worker",
    "run_webhook",
]

log = logging.getLogger(__name__)

# On SIGTERM, the updates already accepted get this long to finish; Docker's default grace
# before SIGKILL is 10 s, so compose.yaml gives workers `stop_grace_period: 30s`.
DRAIN_TIMEOUT_S = 20.0


SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class UpdateHandler(SimpleRequestHandler):
    """aiogram's handler for one bot: the secret checked (401 otherwise), 200 at once, the
    update handled after. With an inbox, each update is recorded before the answer (a retry of
    one already recorded is answered and not handled again) and struck off once handled."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        *,
        secret_token: str,
        inbox: UpdateInbox | None,
        metrics: Metrics,
    ) -> None:
        super().__init__(dispatcher, bot, handle_in_background=True, secret_token=secret_token)
        self.inbox = inbox
        self.metrics = metrics
        self.in_flight: set[asyncio.Task[None]] = set()  # answered, being handled

    async def handle(self, request: web.Request) -> web.Response:
        if not self.verify_secret(request.headers.get(SECRET_HEADER, ""), self.bot):
            return web.Response(body="Unauthorized", status=401)
        raw = await request.read()
        try:
            update = self.bot.session.json_loads(raw)
            update_id = update["update_id"]
        except (ValueError, TypeError, KeyError):
            return web.Response(body="Bad Request", status=400)
        if self.inbox is not None:
            try:
                if not await self.inbox.accept(update_id, raw):
                    self.metrics.updates_repeated.inc()
                    return web.json_response({})  # Telegram's retry of a recorded update
            except RedisError as exc:  # not recorded: let Telegram send it again later
                log.warning("update %s not accepted: Redis: %s", update_id, exc)
                return web.Response(body="Service Unavailable", status=503)
        self.feed(update)
        return web.json_response({})

    def feed(self, update: dict[str, Any], *, taken_over: bool = False) -> None:
        """Handle an update in the background (one answered now, or one taken over)."""
        task = asyncio.create_task(self._handle_update(update, taken_over), name="update")
        self.in_flight.add(task)
        task.add_done_callback(self.in_flight.discard)

    def take_over(self, raw: bytes) -> None:
        """Handle an update a dead worker had accepted (the inbox's reclaim)."""
        self.metrics.updates_taken_over.inc()
        self.feed(self.bot.session.json_loads(raw), taken_over=True)

    async def _handle_update(self, update: dict[str, Any], taken_over: bool = False) -> None:
        HANDLING.set(update["update_id"])
        if taken_over and self.inbox is not None and await self._answered(update["update_id"]):
            return
        try:
            result = await self.dispatcher.feed_raw_update(self.bot, update, **self.data)
            if isinstance(result, TelegramMethod):
                await self.dispatcher.silent_call_request(self.bot, result)
        except Exception:  # the errors router answers what handlers raise; this is what's left
            log.exception("update %s failed", update.get("update_id"))
        # Cancelled by the drain bound: the update stays recorded and another worker takes it.
        if self.inbox is not None:
            try:
                await self.inbox.done(update["update_id"])
            except RedisError as exc:
                log.warning("update %s: striking it off failed: %s", update["update_id"], exc)


    async def _answered(self, update_id: int) -> bool:
        """A taken-over update whose reply the dead worker had sent: struck off, not redone."""
        assert self.inbox is not None
        try:
            if not await self.inbox.was_answered(update_id):
                return False
            await self.inbox.done(update_id)
        except RedisError as exc:
            log.warning("update %s: Redis: %s; handled again", update_id, exc)
            return False
        self.metrics.updates_repeated.inc()
        log.info("update %s taken over: its reply had gone out; not answered again", update_id)
        return True


# The update this task is handling (set per update task), for `AnswerMarker`.
HANDLING: contextvars.ContextVar[int | None] = contextvars.ContextVar("handling", default=None)
_MESSAGE_METHODS = ("send", "edit", "copy", "forward")


class AnswerMarker(BaseRequestMiddleware):
    """Marks an update answered in the inbox once a message for it went out (see
    `bot.ops.inbox`)."""

    def __init__(self, inbox: UpdateInbox) -> None:
        self._inbox = inbox
        self._marked: set[int] = set()

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        response = await make_request(bot, method)
        update_id = HANDLING.get()
        if update_id is not None and update_id not in self._marked:
            name = method.__api_method__
            if name.startswith(_MESSAGE_METHODS):  # it went out: no exception
                self._marked.add(update_id)
                if len(self._marked) > 10_000:
                    self._marked.clear()
                try:
                    await self._inbox.mark_answered(update_id)
                except RedisError as exc:
                    log.warning("update %s: not marked answered: %s", update_id, exc)
        return response


@dataclass
class WebhookWorker:
    """One webhook worker process: built by `open_webhook_worker`, then `start`, `stop`."""

    services: Services
    bot: Bot
    dispatcher: Dispatcher
    config: WebhookConfig
    metrics: Metrics
    probe: HealthProbe
    handler: UpdateHandler
    app: web.Application
    close_redis: Callable[[], Awaitable[None]] | None = None
    _runner: web.AppRunner | None = None

    @property
    def port(self) -> int:
        """The port it listens on (after `start`; useful with port 0)."""
        assert self._runner is not None, "the worker is not started"
        return bound_port(self._runner)

    @property
    def inbox(self) -> UpdateInbox | None:
        return self.handler.inbox

    async def start(self, host: str, port: int) -> None:
        """Take the inbox's lease, listen, run the dispatcher's start-up (the command menus) and
        set the webhook."""
        if self.inbox is not None:
            await self.inbox.start(self.handler.take_over)
        self._runner = await listen(self.app, host, port, shutdown_timeout=DRAIN_TIMEOUT_S)
        dp = self.dispatcher
        await dp.emit_startup(bot=self.bot, dispatcher=dp, bots=[self.bot], **dp.workflow_data)
        await self.bot.set_webhook(
            url=self.config.url,
            secret_token=self.config.secret,
            allowed_updates=dp.resolve_used_update_types(),
            drop_pending_updates=False,
        )
        log.info("webhook worker listening on %s:%d", host, self.port)

    async def stop(self, drain_timeout: float = DRAIN_TIMEOUT_S) -> None:
        """Stop listening, let accepted updates finish (at most `drain_timeout` s), close.
        The webhook stays set: other workers serve it."""
        if self._runner is not None:
            # Stops accepting; the requests in progress end (each only queues its update).
            await self._runner.cleanup()
            self._runner = None
        if self.inbox is not None:
            await self.inbox.stop_taking()  # the lease is kept while the updates finish
        await self._drain(drain_timeout)
        dp = self.dispatcher
        try:
            if self.inbox is not None:
                await self.inbox.release()
            await dp.emit_shutdown(
                bot=self.bot, dispatcher=dp, bots=[self.bot], **dp.workflow_data
            )
        finally:
            await self.bot.session.close()
            if self.close_redis is not None:
                await self.close_redis()
            await self.services.close()
        log.info("webhook worker stopped")

    async def _drain(self, bound: float) -> None:
        tasks = set(self.handler.in_flight)
        if not tasks:
            return
        log.info("finishing %d update(s) in progress", len(tasks))
        _, pending = await asyncio.wait(tasks, timeout=bound)
        if pending:
            log.warning(
                "%d update(s) still running after %g s were cancelled", len(pending), bound
            )
            for task in pending:
                task.cancel()
            await asyncio.wait(pending)


async def open_webhook_worker(
    settings: Settings,
    *,
    clock: Clock | None = None,
    observers: Sequence[BaseMiddleware] = (),
) -> WebhookWorker:
    """Build a worker (services, bot, dispatcher, HTTP routes); nothing listens yet.
    `observers`: more outer update middlewares after the metrics' (tests hold an update)."""
    config = webhook_config(settings)
    services = await open_services(settings, clock=clock, migrate_apart=True)
    try:
        metrics = Metrics()
        bot = create_bot(settings, services)
        dispatcher = create_dispatcher(
            services, None, observers=[UpdateObserver(metrics), *observers]
        )
        redis = ops_redis(settings.redis_url) if settings.redis_url else None
        probe = HealthProbe(
            services, judge_outbox=False, redis_ping=redis.ping if redis is not None else None
        )
        inbox = UpdateInbox(redis, bot.id) if redis is not None else None
        if inbox is not None:
            bot.session.middleware(AnswerMarker(inbox))
        handler = UpdateHandler(
            dispatcher, bot, secret_token=config.secret, inbox=inbox, metrics=metrics
        )
        app = web.Application()
        app.router.add_post(config.path, handler.handle)
        add_ops_routes(app, probe, metrics)
    except BaseException:
        await services.close()
        raise
    return WebhookWorker(
        services,
        bot,
        dispatcher,
        config,
        metrics,
        probe,
        handler,
        app,
        redis.aclose if redis is not None else None,
    )


async def run_webhook(settings: Settings) -> None:
    """`python -m bot webhook`: serve until SIGTERM/SIGINT, then stop gracefully."""
    worker = await open_webhook_worker(settings)
    settle()
    try:
        await worker.start(settings.webhook_host, settings.webhook_port)
    except BaseException:
        await worker.stop(drain_timeout=0)
        raise
    await wait_for_stop_signal()
    log.info("stopping: no new updates; finishing those in progress")
    await worker.stop()
