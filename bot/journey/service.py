"""One person's whole path, and the funnel from application to repayment.

**A journey** is every step a person took — applications, courses and certificates, webinars,
contest entries, loans and funded projects (with their reports), mentorships and check-ins —
each a `Step` with its date, status and a `Link` to its card. The person sees all of their own
(`own`); a coordinator (`for_coordinator`) opens only a person who has an application, a loan
or a project in their scope, and sees only the steps in scope: a step of another program or
region is left out, not shown as hidden. A step without a program or a region (a webinar open
to all, a contest of every region) is seen by whoever may open the person.

**The funnel** (`funnel`): of the people who applied to a program (their first submitted
application; the period is the submission date), how many were approved, started the course
(a lesson done), completed it (a certificate), entered the contest (a plan submitted), were
funded (a win, a project or a loan), repay on time (a loan with nothing overdue, or repaid) and
repaid; each step counts only people who reached the one before. A program without a course
passes its people through the two course steps (shown «—» when that program is picked).
Computed in SQL (`storage.journey`); the chart and the workbook in `bot.journey.documents`.

Read-only: nothing here writes, so there is nothing to erase (each feature erases its own).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.access import Access
from bot.core.catalogue import Catalogue
from bot.core.clock import Clock
from bot.core.i18n import Bilingual, Money
from bot.delivery.links import Link, To, link
from bot.loans.service import LoanService
from bot.training.courses import Courses
from storage.db import Database, from_db
from storage.journey import STEPS, JourneyRepo, PathRows, Person

__all__ = [
    "STEPS",
    "Funnel",
    "FunnelStep",
    "Journey",
    "JourneyService",
    "Period",
    "Person",
    "Stage",
    "Step",
]


class Stage(StrEnum):
    """The parts of a journey, in the order they are shown."""

    applications = "applications"
    training = "training"
    webinars = "webinars"
    contest = "contest"
    funding = "funding"
    mentoring = "mentoring"


@dataclass(frozen=True, slots=True)
class Step:
    """One thing the person did: `kind` and `status` pick the Fluent line (`journey-step`),
    `args` fill it; `label` is its button's text (a number, a contract), `link` its card."""

    stage: Stage
    kind: str
    status: str
    on: date | None
    label: str
    link: Link | None
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Journey:
    person: Person
    steps: tuple[Step, ...]

    def stages(self) -> list[tuple[Stage, list[Step]]]:
        return [(s, found) for s in Stage if (found := [x for x in self.steps if x.stage is s])]


class Period(StrEnum):
    """The funnel's period presets, by the application's submission date."""

    year = "y"  # this calendar year
    months12 = "12"  # the last twelve months
    all = "a"  # all time


@dataclass(frozen=True, slots=True)
class FunnelStep:
    code: str  # one of STEPS
    count: int
    of_previous: float | None  # share of the step before (0…1); None for the first
    of_start: float | None  # share of those who applied
    median_days: float | None  # from the step before; None: no pair with both dates
    applies: bool = True  # False: the program picked has no course / no loan to repay


@dataclass(frozen=True, slots=True)
class Funnel:
    program: str | None
    region: str | None
    period: Period
    since: date | None
    until: date  # the day after the last included
    steps: tuple[FunnelStep, ...]


class JourneyService:
    def __init__(
        self, db: Database, catalogue: Catalogue, courses: Courses, clock: Clock, zone: ZoneInfo
    ) -> None:
        self.repo = JourneyRepo(db)
        self.catalogue = catalogue
        self.courses = courses
        self._clock = clock
        self.zone = zone

    def today(self) -> date:
        return self._clock.now().astimezone(self.zone).date()

    # The (program, region) pairs a person coordinates; None for everything (as for loans).
    scope_of = staticmethod(LoanService.scope_of)

    @staticmethod
    def sees(access: Access, program: str | None, region: str | None) -> bool:
        """A coordinator's grant reaches a step of this program and region; a step without
        one of them is not narrowed by it."""
        return access.is_admin or any(
            g.role == "coordinator"
            and (g.program is None or program is None or g.program == program)
            and (g.region is None or region is None or g.region == region)
            for g in access.grants
        )

    # -- journeys -----------------------------------------------------------------------------

    async def search(self, access: Access, query: str) -> list[Person]:
        """People the coordinator may open: by Telegram id, application number, phone or a
        name fragment."""
        if not access.is_coordinator:
            return []
        return await self.repo.search(query, self.scope_of(access))

    async def own(self, user_id: int) -> Journey | None:
        """The person's own path, every step, with links to their own cards."""
        rows = await self.repo.path(user_id, self.today().isoformat())
        return None if rows is None else self._journey(rows, None)

    async def for_coordinator(self, access: Access, user_id: int) -> Journey | None:
        """A person's path as this coordinator may see it; None when nothing of theirs is in
        scope (an unknown id, a forged button, another region's person)."""
        if not access.is_coordinator:
            return None
        rows = await self.repo.path(user_id, self.today().isoformat())
        if rows is None:
            return None
        anchored = (
            [(a.program, a.region) for a in rows.applications]
            + [(x.program, x.region) for x in rows.loans]
            + [(p.program, p.region) for p in rows.projects]
        )
        if not any(access.coordinates(program=p, region=r) for p, r in anchored):
            return None
        return self._journey(rows, access)

    def _journey(self, rows: PathRows, access: Access | None) -> Journey:
        coordinator = access is not None

        def seen(program: str | None, region: str | None) -> bool:
            return access is None or self.sees(access, program, region)

        steps: list[Step] = []
        for app in rows.applications:
            if not seen(app.program, app.region):
                continue
            steps.append(
                Step(
                    Stage.applications,
                    "application",
                    app.status,
                    self._day(app.at),
                    app.number or f"#{app.id}",
                    link(To.review_open, app=app.id)
                    if coordinator
                    else link(To.application_open, app=app.id),
                    {
                        "program": self._program(app.program),
                        "number": app.number or f"#{app.id}",
                        "decided": self._day(app.decided_at) or "—",
                    },
                )
            )
        for course in rows.courses:
            known = self.courses.get(course.course) if course.course else None
            program = known.program if known else None
            if not seen(program, course.region):
                continue
            total = len(known.lessons) if known else 0
            title = known.title if known else Bilingual(course.cohort, course.cohort)
            status = "done" if course.certificate else ("left" if course.left_at else "learning")
            steps.append(
                Step(
                    Stage.training,
                    "course",
                    status,
                    self._day(course.at),
                    course.cohort,
                    link(To.cohort_open, cohort=course.cohort_id)
                    if coordinator
                    else (
                        link(To.training_course, course=course.course) if course.course else None
                    ),
                    {"course": title, "done": course.lessons, "total": total},
                )
            )
            if course.certificate:
                steps.append(
                    Step(
                        Stage.training,
                        "certificate",
                        "issued",
                        self._day(course.completed_on),
                        course.certificate,
                        None,
                        {"number": course.certificate, "course": title},
                    )
                )
        for webinar in rows.webinars:
            if not seen(webinar.program, None):
                continue
            attended = "attended" if webinar.attended_at else webinar.status
            steps.append(
                Step(
                    Stage.webinars,
                    "webinar",
                    attended,
                    self._day(webinar.at),
                    webinar.title_ru,
                    link(To.webinar_manage, webinar=webinar.id)
                    if coordinator
                    else link(To.webinar_open, webinar=webinar.id),
                    {"title": Bilingual(webinar.title_kk, webinar.title_ru)},
                )
            )
        for entry in rows.entries:
            if not seen(entry.program, entry.region):
                continue
            # The entrant's «my plan»; the coordinator's card of the plan.
            target = (
                link(To.contest_admin_entry, contest=entry.contest_id, entry=entry.id)
                if coordinator
                else link(To.contest_entry, contest=entry.contest_id)
            )
            steps.append(
                Step(
                    Stage.contest,
                    "entry",
                    entry.status,
                    self._day(entry.at),
                    entry.contest,
                    target,
                    {"contest": entry.contest, "decided": self._day(entry.decided_at) or "—"},
                )
            )
        for loan in rows.loans:
            if not seen(loan.program, loan.region):
                continue
            status = loan.status if loan.status == "repaid" or not loan.overdue else "late"
            steps.append(
                Step(
                    Stage.funding,
                    "loan",
                    status,
                    self._day(loan.at),
                    loan.contract,
                    link(To.loan_admin_card, loan=loan.id)
                    if coordinator
                    else link(To.loan_open, loan=loan.id),
                    {
                        "contract": loan.contract,
                        "principal": Money(loan.principal),
                        "repaid": Money(loan.repaid),
                        "overdue": Money(loan.overdue),
                    },
                )
            )
        for project in rows.projects:
            if not seen(project.program, project.region):
                continue
            to = To.project_card if coordinator else To.project_open
            steps.append(
                Step(
                    Stage.funding,
                    "project",
                    "late" if project.late else project.status,
                    self._day(project.at),
                    project.title,
                    link(to, project=project.id),
                    {
                        "title": project.title,
                        "kind": project.kind,
                        "amount": Money(project.amount),
                        "accepted": project.accepted,
                        "reports": project.reports,
                        "late": project.late,
                    },
                )
            )
        for mentoring in rows.mentorships:
            if not seen(mentoring.program, mentoring.region):
                continue
            mentor = " ".join(p for p in (mentoring.mentor_first, mentoring.mentor_last) if p)
            # The coordinator's card of the funded person and their mentors; the mentee has
            # no card of their own mentorship (the mentor's name is the step).
            card: Link | None = (
                link(To.mentoring_person, project=mentoring.project_id)
                if coordinator and mentoring.project_id is not None
                else None
            )
            steps.append(
                Step(
                    Stage.mentoring,
                    "mentorship",
                    mentoring.status,
                    self._day(mentoring.at),
                    mentor or f"id{mentoring.mentor_id}",
                    card,
                    {
                        "mentor": mentor or f"id{mentoring.mentor_id}",
                        "answered": mentoring.answered,
                        "missed": mentoring.missed,
                        "last": self._day(mentoring.last_at) or "—",
                    },
                )
            )
        return Journey(rows.person, tuple(steps))

    def _program(self, code: str) -> Bilingual:
        program = self.catalogue.get(code)
        return program.name if program else Bilingual(code, code)

    def _day(self, value: str | None) -> date | None:
        """A stored local date, or a UTC moment as its local day."""
        if not value:
            return None
        if len(value) <= 10:
            return date.fromisoformat(value)
        moment = from_db(value)
        return moment.astimezone(self.zone).date() if moment else None

    # -- the funnel ---------------------------------------------------------------------------

    def funnel_programs(self, access: Access) -> list[str]:
        """Programs the coordinator may pick for the funnel."""
        return [
            p.code
            for p in self.catalogue
            if access.is_admin
            or any(g.role == "coordinator" and g.program in (None, p.code) for g in access.grants)
        ]

    def period_bounds(self, period: Period) -> tuple[date | None, date]:
        today = self.today()
        until = today + timedelta(days=1)
        if period is Period.year:
            return date(today.year, 1, 1), until
        if period is Period.months12:
            return date(today.year - 1, today.month, 1) + timedelta(days=today.day - 1), until
        return None, until

    async def funnel(
        self, access: Access, program: str | None, region: str | None, period: Period
    ) -> Funnel:
        """The funnel inside the coordinator's scope, narrowed to a program and a region."""
        since, until = self.period_bounds(period)
        courses = [(c.program, c.code) for c in self.courses if c.program]
        counts, medians = await self.repo.funnel(
            self.scope_of(access),
            program=program,
            region=region,
            since=since.isoformat() if since else None,
            until=until.isoformat(),
            courses=courses,
            today=self.today().isoformat(),
        )
        picked = self.catalogue.get(program) if program else None
        has_course = picked is None or self.courses.for_program(picked.code) is not None
        repays = picked is None or picked.cycle.funding == "loan" or picked.kind == "loan"
        steps = []
        for n, code in enumerate(STEPS):
            count = counts[n]
            previous = counts[n - 1] if n else None
            steps.append(
                FunnelStep(
                    code,
                    count,
                    None if previous is None else (count / previous if previous else 0.0),
                    count / counts[0] if counts[0] else 0.0,
                    medians[n],
                    applies=(has_course or code not in ("started", "completed"))
                    and (repays or code not in ("on_time", "repaid")),
                )
            )
        return Funnel(program, region, period, since, until, tuple(steps))
