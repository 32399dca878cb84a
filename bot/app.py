"""Building and running the bot. `create_dispatcher` is what production and tests both run."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.middlewares.base import NextRequestMiddlewareType
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.methods.base import Response, TelegramMethod, TelegramType

import handlers
from bot.core.config import Settings
from bot.core.heap import settle
from bot.core.timezones import load_zone
from bot.delivery.engine import DeliveryEngine
from bot.delivery.jobs import JobObserver, register_jobs
from bot.services import Services, open_services
from bot.telegram import links
from bot.telegram.commands import CommandMenuMiddleware, set_public_commands
from bot.telegram.filters import run_filters_inline
from bot.telegram.middlewares import ContextMiddleware, RetryMiddleware
from bot.telegram.session import JsonSession

__all__ = [
    "Background",
    "Services",
    "create_bot",
    "create_delivery",
    "create_dispatcher",
    "open_services",
]

log = logging.getLogger(__name__)
# On stop, the sending loop gets this long to finish its batch; rows still on the wire after it
# stay `sending` and are recovered at the next start (at most `concurrency` sent twice).
DELIVERY_STOP_S = 5.0


async def _pin_response_model(
    make_request: NextRequestMiddlewareType[TelegramType],
    bot: Bot,
    method: TelegramMethod[TelegramType],
) -> Response[TelegramType]:
    """Keep aiogram's `Response[T]` model of each method the bot uses alive.

    aiogram evaluates `Response[method.__returning__]` on every call; pydantic caches those
    generic models weakly, so after a garbage collection each is rebuilt (1-4 ms each). Holding
    them was measured to cut the bot's CPU per update by about a third (docs/benchmarks.md);
    holding only those of the methods called (a dozen of the Bot API's 150) keeps that and spares
    the memory of the rest.
    """
    kind = type(method)
    if kind not in _RESPONSE_MODELS:
        _RESPONSE_MODELS[kind] = Response[method.__returning__]  # type: ignore[name-defined]
    return await make_request(bot, method)


_RESPONSE_MODELS: dict[type, type] = {}


def create_bot(settings: Settings, services: Services, *, retry: bool = True) -> Bot:
    """A Bot that talks to `TELEGRAM_API_URL` for every call and file download.

    Handlers' bot retries 429 and 5xx itself; the delivery engine's (`retry=False`) handles them
    through its own queue, so a flood wait pauses all of its sending instead of one task.
    """
    session = JsonSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    session.middleware(_pin_response_model)

    async def on_blocked(chat_id: int) -> None:
        await services.users.mark_blocked(chat_id, services.clock.now())

    if retry:
        session.middleware(RetryMiddleware(on_blocked=on_blocked))
    return Bot(
        token=settings.token,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


def create_delivery(services: Services) -> DeliveryEngine:
    engine = DeliveryEngine(
        create_bot(services.settings, services, retry=False),
        services.outbox,
        services.users,
        services.translations,
        services.limiter,
        services.quiet,
        services.clock,
        broadcasts=services.broadcasts.repo,
        paid_limiter=services.paid_limiter,
        notifier=services.notifier,
        render_link=links.render,
    )
    services.broadcasts.on_queued(engine.wake)
    services.broadcasts.markup = links.markup
    return engine


class Background:
    """The planners' periodic jobs and the sending loop: what `python -m bot run` does besides
    answering updates, and all that `python -m bot sender` does. `run_delivery=False` leaves the
    sending loop to the caller (tests run it step by step); `observe_job` sees every job run
    (metrics)."""

    def __init__(
        self,
        services: Services,
        delivery: DeliveryEngine,
        *,
        run_delivery: bool = True,
        observe_job: JobObserver | None = None,
    ) -> None:
        self.services = services
        self.delivery = delivery
        self.run_delivery = run_delivery
        self.observe_job = observe_job
        self._task: asyncio.Task[None] | None = None

    async def start(self, bot: Bot) -> None:
        """Register the jobs (they use `bot` for the broadcast reports) and start sending."""
        services = self.services
        register_jobs(
            services.scheduler,
            bot,
            clock=services.clock,
            planners=services.planners,
            broadcasts=services.broadcasts,
            outbox=services.outbox,
            observe=self.observe_job,
            lock=services.db.try_lock,
        )
        if not services.scheduler.running:
            services.scheduler.start()
        if self.run_delivery and self._task is None:
            self._task = asyncio.create_task(self.delivery.run(), name="delivery")

    async def stop(self) -> None:
        """Stop the jobs and the sending loop (its batch gets DELIVERY_STOP_S to finish)."""
        if self.services.scheduler.running:
            self.services.scheduler.shutdown(wait=False)
        self.delivery.stop()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, DELIVERY_STOP_S)
            except TimeoutError:
                log.warning("delivery: still sending after %.0f s; stopped", DELIVERY_STOP_S)
            self._task = None
        await self.delivery.close()


def create_dispatcher(
    services: Services,
    delivery: DeliveryEngine | None,
    *,
    run_delivery: bool = True,
    events_isolation: BaseEventIsolation | None = None,
    observers: Sequence[BaseMiddleware] = (),
) -> Dispatcher:
    """The whole bot. `run_delivery=False` leaves the sending loop to the caller (tests).

    `delivery=None` builds a webhook worker's dispatcher: it answers updates only; the planners'
    jobs and the sending loop run in `python -m bot sender`. `observers` are outer update
    middlewares placed before the bot's own, so they see each update's whole handling (metrics).
    """
    services.broadcasts.markup = links.markup  # progress reports edited from handlers
    dp = Dispatcher(
        storage=services.fsm,
        # One update at a time per chat: two quick taps must not race through a flow (across
        # every worker when the state is in Redis: bot.core.state).
        events_isolation=events_isolation or services.state.isolation,
        settings=services.settings,
        db=services.db,
        clock=services.clock,
        translations=services.translations,
        users=services.users,
        people=services.people,
        audit=services.audit,
        privacy=services.privacy,
        deep_links=services.deep_links,
        flows=services.flows,
        scheduler=services.scheduler,
        outbox=services.outbox,
        delivery=delivery,
        cohorts=services.cohorts,
        audience=services.audience,
        broadcasts=services.broadcasts,
        quiet=services.quiet,
        notifier=services.notifier,
        catalogue=services.catalogue,
        applications=services.applications,
        webinars=services.webinars,
        journey=services.journey,
        training=services.training,
        loans=services.loans,
        mentoring=services.mentoring,
        contests=services.contests,
        projects=services.projects,
        preferences=services.preferences,
        command_menus=services.command_menus,
        zone=load_zone(services.settings.timezone),
    )
    for observer in observers:
        dp.update.outer_middleware(observer)
    dp.update.outer_middleware(
        ContextMiddleware(services.users, services.translations, services.settings, services.clock)
    )
    dp.update.outer_middleware(CommandMenuMiddleware(services.command_menus))
    dp.include_routers(*handlers.routers())
    run_filters_inline(dp)
    handlers.setup(services.flows, services.deep_links)

    background = (
        Background(services, delivery, run_delivery=run_delivery) if delivery is not None else None
    )

    async def on_startup(bot: Bot) -> None:
        await set_public_commands(bot, services.translations)
        if background is not None:
            await background.start(bot)
        me = await bot.me()
        log.info("bot @%s is running", me.username)

    async def on_shutdown() -> None:
        if background is not None:
            await background.stop()

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
    return dp


async def run_polling(settings: Settings) -> None:
    """Run until SIGINT/SIGTERM; then stop polling, the scheduler and the database."""
    services = await open_services(settings, migrate_apart=True)
    bot = create_bot(settings, services)
    dp = create_dispatcher(services, create_delivery(services))
    settle()
    try:
        # Telegram refuses getUpdates while a webhook is set (a deployment moved back from
        # webhook workers to one polling process): drop the webhook, keep pending updates.
        await bot.delete_webhook(drop_pending_updates=False)
        await dp.start_polling(
            bot,
            handle_signals=True,
            close_bot_session=True,
            allowed_updates=dp.resolve_used_update_types(),
        )
    finally:
        await services.close()
        log.info("stopped")
