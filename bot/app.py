"""Building and running the bot. `create_dispatcher` is what production and tests both run."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import time

from aiogram import Bot, Dispatcher, methods
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.methods.base import Response, TelegramMethod
from apscheduler.schedulers.asyncio import AsyncIOScheduler

import handlers
from bot.applications import ApplicationService
from bot.audience import Audience, RoleFilter, standard_audience
from bot.broadcasts import BroadcastService
from bot.catalogue import Catalogue, load_catalogue
from bot.clock import Clock, SystemClock
from bot.commands import CommandMenuMiddleware, CommandMenus, set_public_commands
from bot.config import Settings
from bot.courses import load_courses
from bot.deeplinks import DeepLinks
from bot.delivery import DeliveryEngine, Notifier
from bot.flows import Flows
from bot.i18n import Translations
from bot.jobs import Planners, register_jobs
from bot.loan_service import BORROWER_SEGMENT, LoanService, OverdueAudienceFilter
from bot.middlewares import ContextMiddleware, RetryMiddleware
from bot.preferences import PreferenceService
from bot.privacy import PrivacyService
from bot.quiet_hours import QuietHours
from bot.ratelimit import RateLimiter
from bot.scheduler import create_scheduler
from bot.timezones import load_zone
from bot.training import TrainingService
from bot.webinars import WebinarAudienceFilter, WebinarService
from storage.applications import ApplicationRepo
from storage.broadcasts import BroadcastRepo
from storage.cohorts import CohortRepo
from storage.db import Database
from storage.fsm import SQLiteStorage
from storage.loans import LoanRepo
from storage.outbox import Outbox
from storage.preferences import PreferencesRepo
from storage.users import AuditLog, UserRepo
from storage.webinars import WebinarRepo

log = logging.getLogger(__name__)


@dataclass
class Services:
    """The long-lived objects, created once per process and handed to the dispatcher."""

    settings: Settings
    db: Database
    clock: Clock
    translations: Translations
    users: UserRepo
    audit: AuditLog
    fsm: SQLiteStorage
    privacy: PrivacyService
    scheduler: AsyncIOScheduler
    outbox: Outbox
    limiter: RateLimiter
    paid_limiter: RateLimiter | None
    quiet: QuietHours
    cohorts: CohortRepo
    audience: Audience
    broadcasts: BroadcastService
    notifier: Notifier
    catalogue: Catalogue
    applications: ApplicationService
    webinars: WebinarService
    training: TrainingService
    loans: LoanService
    preferences: PreferenceService
    command_menus: CommandMenus
    deep_links: DeepLinks = field(default_factory=DeepLinks)
    planners: Planners = field(default_factory=Planners)
    flows: Flows = field(default_factory=Flows)

    async def close(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.db.close()


async def open_services(
    settings: Settings, *, clock: Clock | None = None, translations: Translations | None = None
) -> Services:
    """Connect and migrate the database and build everything that lives as long as the process."""
    db = await Database.connect(settings.database_path)
    try:
        await db.migrate()
    except Exception:
        await db.close()
        raise
    users = UserRepo(db)
    fsm = SQLiteStorage(db)
    audit = AuditLog(db)
    clock = clock or SystemClock()
    translations = translations or Translations.from_dir(default=settings.default_locale)
    outbox = Outbox(db)
    quiet = _quiet_hours(settings)
    cohorts = CohortRepo(db)
    catalogue = load_catalogue(settings.programs_dir)
    courses = load_courses()
    audience = standard_audience(
        db, cohorts, settings.admin_ids, catalogue=catalogue, courses=courses
    )
    limiter = RateLimiter(settings.delivery_rate)
    paid_limiter = (
        RateLimiter(settings.paid_broadcast_rate, paid_broadcast=True)
        if settings.paid_broadcast_rate
        else None
    )

    notifier = Notifier(outbox, clock)
    # First of the send-time checks: what a person chose (mute, their hour) holds for every
    # feature's messages.
    preferences = PreferenceService(
        PreferencesRepo(db), notifier, quiet, clock, load_zone(settings.timezone)
    )
    applications = ApplicationService(
        ApplicationRepo(db), catalogue, notifier, clock, zone=load_zone(settings.timezone)
    )
    privacy = PrivacyService(db, users, fsm, audit)
    privacy.add_eraser(applications.repo.erase_person)
    privacy.add_eraser(preferences.erase_person)
    planners = Planners()
    planners.add("application-drafts", applications.remind_forgotten_drafts)
    webinars = WebinarService(
        WebinarRepo(db), users, notifier, quiet, clock, load_zone(settings.timezone)
    )
    planners.add("webinars", webinars.plan)
    privacy.add_eraser(webinars.erase_person)
    audience.register(WebinarAudienceFilter(webinars))
    training = TrainingService(
        db,
        cohorts,
        courses,
        outbox,
        notifier,
        users,
        clock,
        load_zone(settings.timezone),
        quiet=quiet,
    )
    planners.add("training", training.plan)
    privacy.add_eraser(cohorts.erase_person)
    applications.on_approved("training", training.enrol_approved)
    loans = LoanService(
        db,
        LoanRepo(db),
        catalogue,
        outbox,
        notifier,
        users,
        audit,
        clock,
        load_zone(settings.timezone),
        preferences,
    )
    planners.add("loans", loans.plan)
    privacy.add_eraser(loans.erase_person)
    audience.register(OverdueAudienceFilter(loans))
    role_filter = audience.filter("role")
    if isinstance(role_filter, RoleFilter):
        role_filter.add_segment("borrower", "loan-audience-borrower", BORROWER_SEGMENT)
    applications.on_approved("loan", loans.application_approved)

    def broadcast_rate(paid: bool) -> float:
        return (paid_limiter if paid and paid_limiter else limiter).rate

    return Services(
        settings=settings,
        db=db,
        clock=clock,
        translations=translations,
        users=users,
        audit=audit,
        fsm=fsm,
        privacy=privacy,
        planners=planners,
        notifier=notifier,
        catalogue=catalogue,
        applications=applications,
        webinars=webinars,
        training=training,
        loans=loans,
        preferences=preferences,
        command_menus=CommandMenus(translations),
        scheduler=create_scheduler(settings.timezone),
        outbox=outbox,
        limiter=limiter,
        paid_limiter=paid_limiter,
        quiet=quiet,
        cohorts=cohorts,
        audience=audience,
        broadcasts=BroadcastService(
            db,
            BroadcastRepo(db),
            outbox,
            audience,
            users,
            translations,
            quiet,
            clock,
            load_zone(settings.timezone),
            broadcast_rate,
            settings.admin_ids,
        ),
    )


def _quiet_hours(settings: Settings) -> QuietHours:
    zone = load_zone(settings.timezone)
    window = settings.quiet_window
    if window is None:
        return QuietHours(time(0, 0), time(0, 0), zone)  # start == end: never quiet
    return QuietHours(window[0], window[1], zone)


def _pin_response_models() -> None:
    """Build aiogram's `Response[T]` models once and keep them alive.

    aiogram evaluates `Response[method.__returning__]` on every call; pydantic caches those
    generic models weakly, so after a garbage collection each is rebuilt (1-4 ms each). Holding
    them here was measured to cut the bot's CPU per update by about a third (docs/benchmarks.md).
    """
    if _RESPONSE_MODELS:
        return
    for value in vars(methods).values():
        if (
            isinstance(value, type)
            and issubclass(value, TelegramMethod)
            and value is not (TelegramMethod)
        ):
            _RESPONSE_MODELS.append(Response[value.__returning__])  # type: ignore[name-defined]


_RESPONSE_MODELS: list[type] = []


def create_bot(settings: Settings, services: Services, *, retry: bool = True) -> Bot:
    """A Bot that talks to `TELEGRAM_API_URL` for every call and file download.

    Handlers' bot retries 429 and 5xx itself; the delivery engine's (`retry=False`) handles them
    through its own queue, so a flood wait pauses all of its sending instead of one task.
    """
    _pin_response_models()
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))

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
    )
    services.broadcasts.on_queued(engine.wake)
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
    handlers.setup(services)

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
