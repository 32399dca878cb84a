"""The long-lived objects of a process: storage, domain services, delivery; built once by
`open_services` and handed to the dispatcher, the planners and the command line."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import time

from aiogram.fsm.storage.base import BaseStorage
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.applications.service import ApplicationService
from bot.broadcasts.audience import Audience, RoleFilter, standard_audience
from bot.broadcasts.service import BroadcastService
from bot.contests.service import ContestService
from bot.core.catalogue import PROGRAM_KINDS, Catalogue, load_catalogue
from bot.core.clock import Clock, SystemClock
from bot.core.config import Settings
from bot.core.i18n import Translations
from bot.core.people import People
from bot.core.privacy import PrivacyService
from bot.core.state import ConversationState, open_state
from bot.core.timezones import load_zone
from bot.delivery.engine import Notifier
from bot.delivery.jobs import Planners
from bot.delivery.preferences import PreferenceService
from bot.delivery.quiet_hours import QuietHours
from bot.delivery.ratelimit import RateLimiter
from bot.delivery.scheduler import create_scheduler
from bot.journey.service import JourneyService
from bot.loans.service import BORROWER_SEGMENT, LoanService, OverdueAudienceFilter
from bot.mentoring.service import MentoringService
from bot.projects.service import ProjectService
from bot.telegram.commands import CommandMenus
from bot.telegram.deeplinks import DeepLinks
from bot.telegram.flows import Flows
from bot.training.courses import load_courses
from bot.training.service import TrainingService
from bot.webinars.service import WebinarAudienceFilter, WebinarService
from storage.applications import ApplicationRepo
from storage.broadcasts import BroadcastRepo
from storage.cohorts import CohortRepo
from storage.contests import ContestRepo
from storage.db import Database
from storage.loans import LoanRepo
from storage.mentoring import MentoringRepo
from storage.outbox import Outbox
from storage.preferences import PreferencesRepo
from storage.projects import ProjectRepo
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
    people: People
    audit: AuditLog
    fsm: BaseStorage
    # The FSM storage, event isolation and Redis connection (bot.core.state): the database and
    # one process, or Redis shared by several workers.
    state: ConversationState
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
    mentoring: MentoringService
    journey: JourneyService
    contests: ContestService
    projects: ProjectService
    preferences: PreferenceService
    command_menus: CommandMenus
    deep_links: DeepLinks = field(default_factory=DeepLinks)
    planners: Planners = field(default_factory=Planners)
    flows: Flows = field(default_factory=Flows)

    async def close(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.state.close()
        await self.db.close()


async def open_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    translations: Translations | None = None,
    migrate_apart: bool = False,
) -> Services:
    """Connect and migrate the database and build everything that lives as long as the process.

    `migrate_apart` (the long-running commands): a database that is behind is migrated by a
    child process, so the bot never carries Alembic and SQLAlchemy in memory."""
    db = await Database.open(settings.database_url)
    try:
        await db.migrate(apart=migrate_apart)
    except Exception:
        await db.close()
        raise
    users = UserRepo(db)
    state = open_state(settings, db)
    fsm = state.storage
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
    limiter = _limiter(state, settings.delivery_rate)
    paid_limiter = (
        _limiter(state, settings.paid_broadcast_rate, paid=True)
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
    privacy = PrivacyService(db, users, fsm, audit, bot_id=state.bot_id)
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
    # Whatever the program's kind, an approved applicant joins its course if it has one: in
    # «Жарқыра» (loans) selection is followed by training, then the financing contest.
    for kind in PROGRAM_KINDS:
        applications.on_approved(kind, training.enrol_approved)
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
    people = People(users, audit, clock)
    mentoring = MentoringService(
        db,
        MentoringRepo(db),
        catalogue,
        notifier,
        people,
        audit,
        clock,
        load_zone(settings.timezone),
        preferences,
    )
    planners.add("mentoring", mentoring.plan)
    privacy.add_eraser(mentoring.erase_person)
    contests = ContestService(
        db,
        ContestRepo(db),
        catalogue,
        courses,
        loans,
        notifier,
        users,
        audit,
        clock,
        load_zone(settings.timezone),
    )
    privacy.add_eraser(contests.erase_person)
    projects = ProjectService(
        db,
        ProjectRepo(db),
        catalogue,
        notifier,
        people,
        audit,
        clock,
        load_zone(settings.timezone),
        preferences,
    )
    # A contest winner's loan or grant becomes a project with its report due dates.
    contests.on_funded("projects", projects.contest_funded)
    planners.add("projects", projects.plan)
    privacy.add_eraser(projects.erase_person)

    def broadcast_rate(paid: bool) -> float:
        return (paid_limiter if paid and paid_limiter else limiter).rate

    return Services(
        settings=settings,
        db=db,
        clock=clock,
        translations=translations,
        users=users,
        people=people,
        audit=audit,
        fsm=fsm,
        state=state,
        privacy=privacy,
        planners=planners,
        notifier=notifier,
        catalogue=catalogue,
        applications=applications,
        webinars=webinars,
        training=training,
        loans=loans,
        mentoring=mentoring,
        # Read-only across every feature: one person's path, the funnel.
        journey=JourneyService(db, catalogue, courses, clock, load_zone(settings.timezone)),
        contests=contests,
        projects=projects,
        preferences=preferences,
        command_menus=CommandMenus(translations, users),
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


def _limiter(state: ConversationState, rate: int, *, paid: bool = False) -> RateLimiter:
    """In-process for one process; with Redis, one rate per bot token over every process."""
    if state.redis is None:
        return RateLimiter(rate, paid_broadcast=paid)
    from bot.delivery.shared_rate import SharedRateLimiter  # loads the Redis client

    name = "paid" if paid else "free"
    return SharedRateLimiter(state.redis, state.bot_id, rate, name=name, paid_broadcast=paid)


def _quiet_hours(settings: Settings) -> QuietHours:
    zone = load_zone(settings.timezone)
    window = settings.quiet_window
    if window is None:
        return QuietHours(time(0, 0), time(0, 0), zone)  # start == end: never quiet
    return QuietHours(window[0], window[1], zone)
