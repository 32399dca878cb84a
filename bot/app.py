"""Building and running the bot. `create_dispatcher` is what production and tests both run."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import NextRequestMiddlewareType
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.methods.base import Response, TelegramMethod, TelegramType

import handlers
from bot.core.config import Settings
from bot.core.timezones import load_zone
from bot.delivery.engine import DeliveryEngine
from bot.delivery.jobs import register_jobs
from bot.services import Services, open_services
from bot.telegram import links
from bot.telegram.commands import CommandMenuMiddleware, set_public_commands
from bot.telegram.middlewares import ContextMiddleware, RetryMiddleware

__all__ = ["Services", "create_bot", "create_delivery", "create_dispatcher", "open_services"]

log = logging.getLogger(__name__)


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
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
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


def create_dispatcher(
    services: Services,
    delivery: DeliveryEngine,
    *,
    run_delivery: bool = True,
    events_isolation: BaseEventIsolation | None = None,
) -> Dispatcher:
    """The whole bot. `run_delivery=False` leaves the sending loop to the caller (tests)."""
    dp = Dispatcher(
        storage=services.fsm,
        # One update at a time per user: two quick taps must not race through a flow.
        events_isolation=events_isolation or SimpleEventIsolation(),
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
        training=services.training,
        loans=services.loans,
        preferences=services.preferences,
        command_menus=services.command_menus,
        zone=load_zone(services.settings.timezone),
    )
    dp.update.outer_middleware(
        ContextMiddleware(services.users, services.translations, services.settings, services.clock)
    )
    dp.update.outer_middleware(CommandMenuMiddleware(services.command_menus))
    dp.include_routers(*handlers.routers())
    handlers.setup(services.flows, services.deep_links)

    delivery_task: list[asyncio.Task[None]] = []

    async def on_startup(bot: Bot) -> None:
        await set_public_commands(bot, services.translations)
        register_jobs(
            services.scheduler,
            bot,
            clock=services.clock,
            planners=services.planners,
            broadcasts=services.broadcasts,
            outbox=services.outbox,
        )
        if not services.scheduler.running:
            services.scheduler.start()
        if run_delivery:
            delivery_task.append(asyncio.create_task(delivery.run(), name="delivery"))
        me = await bot.me()
        log.info("bot @%s is running", me.username)

    async def on_shutdown() -> None:
        if services.scheduler.running:
            services.scheduler.shutdown(wait=False)
        delivery.stop()
        for task in delivery_task:
            await asyncio.wait_for(task, 5)
        await delivery.close()

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
    return dp


async def run_polling(settings: Settings) -> None:
    """Run until SIGINT/SIGTERM; then stop polling, the scheduler and the database."""
    services = await open_services(settings)
    bot = create_bot(settings, services)
    dp = create_dispatcher(services, create_delivery(services))
    try:
        await dp.start_polling(
            bot,
            handle_signals=True,
            close_bot_session=True,
            allowed_updates=dp.resolve_used_update_types(),
        )
    finally:
        await services.close()
        log.info("stopped")
