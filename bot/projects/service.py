"""Funded projects and their reports: a winner's loan or grant (from a contest), or an NGO grant
a coordinator records; report due dates; reminders; the recipient's report by chat; the
coordinator's decision (accept, or return with a comment); the overdue list and its workbook.

Rules, all here:
- A project is created once per loan and once per contest entry. Its reports are scheduled when it
  is created, from the program's cycle: report n is due `n × reports_every_months` months after
  `funded_on`, `reports_count` of them.
- A grant is recorded only by a coordinator whose scope covers the program and the region, for
  a person with an approved application of that program in that scope.
- The recipient is reminded `REMIND_BEFORE` before the due date and on the day, at their
  reminder hour; each notice is re-checked when sent (`project:` keys): a report already in, or a
  project closed, drops it.
- A report is filled answer by answer (each kept at once, so leaving keeps it): people reached,
  money spent (against the project's amount), jobs created, a summary (text or a voice note),
  photos (optional). Submitting needs the four answers. A returned report is corrected and
  submitted again.
- Only a coordinator whose scope covers the project decides: accept, or return with a comment;
  the recipient is told in their language.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.core.access import Access
from bot.core.catalogue import Catalogue, Program
from bot.core.clock import Clock
from bot.core.people import People
from bot.delivery.engine import Drop, Notifier
from bot.delivery.links import To, link
from bot.delivery.preferences import REMINDER, PreferenceService
from bot.loans.schedule import add_months
from bot.loans.service import Loan, LoanService
from storage.contests import Contest, Entry
from storage.db import Database
from storage.outbox import OutboxItem
from storage.projects import OPEN, NewProject, ProjectRepo
from storage.projects import Candidate as Candidate
from storage.projects import Listed as Listed
from storage.projects import Project as Project
from storage.projects import Report as Report
from storage.projects import ReportFile as ReportFile
from storage.users import AuditLog

if TYPE_CHECKING:
    from bot.core.i18n import Translator

log = logging.getLogger(__name__)

PREFIX = "project:"
REMIND_BEFORE = timedelta(days=3)
ASK_AT = time(10, 0)  # local: reminders go in the recipient's morning
SUMMARY_MIN, SUMMARY_MAX = 10, 2000
COMMENT_MAX = 1000
TITLE_MAX = 120
PHOTOS_MAX = 10
PAGE = 8
STEPS = ("people", "spent", "jobs", "summary")
DEMO_TITLE = "Ауыл балаларына арналған кітапхана"


class ProjectError(Exception):
    """A request the rules refuse: `key` is the end of a Fluent key `project-error-…`."""

    def __init__(self, key: str, **details: Any) -> None:
        super().__init__(key)
        self.key = key
        self.details = details


@dataclass(frozen=True, slots=True)
class Filled:
    """A report as its screens show it: the project, the report, its photos and voice."""

    project: Project
    report: Report
    files: tuple[ReportFile, ...]

    @property
    def photos(self) -> tuple[ReportFile, ...]:
        return tuple(f for f in self.files if f.field == "photo")

    @property
    def voice(self) -> ReportFile | None:
        return next((f for f in self.files if f.field == "summary"), None)

    @property
    def step(self) -> str:
        """The first question without an answer; "confirm" when all four are in."""
        r = self.report
        answers = (r.people_reached, r.spent, r.jobs, r.summary)
        return next((s for s, a in zip(STEPS, answers, strict=True) if a is None), "confirm")

    @property
    def open(self) -> bool:
        return self.report.status in OPEN and self.project.status == "active"


def report_dates(funded_on: date, every_months: int, count: int) -> list[date]:
    return [add_months(funded_on, every_months * n) for n in range(1, count + 1)]


class ProjectService:
    def __init__(
        self,
        db: Database,
        repo: ProjectRepo,
        catalogue: Catalogue,
        notifier: Notifier,
        people: People,
        audit: AuditLog,
        clock: Clock,
        zone: ZoneInfo,
        preferences: PreferenceService,
    ) -> None:
        self._db = db
        self.repo = repo
        self.catalogue = catalogue
        self._notifier = notifier
        self._people = people
        self._audit = audit
        self._clock = clock
        self.zone = zone
        self._prefs = preferences
        notifier.check_before_send(PREFIX, self._recheck)

    def now(self) -> datetime:
        return self._clock.now()

    def today(self) -> date:
        return self.now().astimezone(self.zone).date()

    # -- creation -------------------------------------------------------------------------------

    def program(self, code: str) -> Program:
        program = self.catalogue.get(code)
        if program is None:
            raise ProjectError("program")
        return program

    async def _create(self, new: NewProject, count: int) -> Project:
        now = self.now()
        project_id = await self.repo.create(new, now)
        for n, due in enumerate(report_dates(new.funded_on, new.reports_every_months, count), 1):
            await self.repo.add_report(project_id, n, due, now)
        await self._audit.record(
            actor_id=new.created_by,
            action=f"project.{new.kind}",
            subject=f"project:{project_id}",
            now=now,
            details={"user": new.user_id, "amount": new.amount, "reports": count},
        )
        project = await self.repo.get(project_id)
        assert project is not None
        return project

    async def fund_grant(
        self,
        user_id: int,
        program: str,
        region: str | None,
        title: str,
        amount: int,
        funded_on: date,
        by: int,
        entry_id: int | None = None,
    ) -> Project:
        """A grant recorded (a coordinator's, or a contest winner's): the project and its report
        due dates. The same contest entry twice gives the project it already has."""
        cycle = self.program(program).cycle
        title = title.strip()[:TITLE_MAX]
        if amount <= 0:
            raise ProjectError("amount")
        if not title:
            raise ProjectError("title")
        async with self._db.transaction():
            if entry_id is not None and (found := await self.repo.by_entry(entry_id)):
                return found
            new = NewProject(
                "grant",
                user_id,
                program,
                region,
                title,
                amount,
                funded_on,
                cycle.reports_every_months,
                by,
                entry_id=entry_id,
            )
            return await self._create(new, cycle.reports_count)

    async def fund_loan(
        self, loan: Loan, title: str, by: int, entry_id: int | None = None
    ) -> Project:
        """A loan followed as a project (once per loan)."""
        if loan.user_id is None:
            raise ProjectError("no-person")
        cycle = self.program(loan.program).cycle
        async with self._db.transaction():
            if found := await self.repo.by_loan(loan.id):
                return found
            new = NewProject(
                "loan",
                loan.user_id,
                loan.program,
                loan.region,
                title.strip()[:TITLE_MAX] or loan.contract,
                loan.principal,
                loan.disbursed_on,
                cycle.reports_every_months,
                by,
                loan_id=loan.id,
                entry_id=entry_id,
            )
            return await self._create(new, cycle.reports_count)

    async def contest_funded(
        self, entry: Entry, contest: Contest, loan: Loan | None, by: int
    ) -> None:
        """ContestService.on_funded: a winner's loan or grant becomes a project."""
        title = entry.title or self.program(contest.program).name.ru
        if loan is not None:
            await self.fund_loan(loan, title, by, entry.id)
            return
        region = contest.region or await self.repo.region_of(entry.user_id)
        await self.fund_grant(
            entry.user_id,
            contest.program,
            region,
            title,
            entry.requested,
            self.today(),
            by,
            entry.id,
        )

    # -- a coordinator's scope ------------------------------------------------------------------

    @staticmethod
    def manages(access: Access, project: Project) -> bool:
        return access.coordinates(program=project.program, region=project.region)

    def grant_programs(self, access: Access) -> list[Program]:
        """Programs funded by grants that this person coordinates somewhere."""
        return [
            p
            for p in self.catalogue
            if (p.cycle.funding == "grant" or p.kind in ("grant", "fair"))
            and access.coordinates_program(p.code)
        ]

    async def candidates(self, access: Access, program: str) -> list[Candidate]:
        if not access.coordinates_program(program):
            return []
        return await self.repo.candidates(program, LoanService.scope_of(access))

    async def record_grant(
        self, access: Access, program: str, user_id: int, title: str, amount: int, funded_on: date
    ) -> Project:
        """The coordinator's wizard: everything checked again on the server."""
        if not any(p.code == program for p in self.grant_programs(access)):
            raise ProjectError("scope")
        chosen = next(
            (c for c in await self.candidates(access, program) if c.user_id == user_id), None
        )
        if chosen is None or not access.coordinates(program=program, region=chosen.region):
            raise ProjectError("scope")
        if funded_on > self.today():
            raise ProjectError("future")
        return await self.fund_grant(
            user_id, program, chosen.region, title, amount, funded_on, access.user_id
        )

    async def managed(self, access: Access, project_id: int) -> Project | None:
        project = await self.repo.get(project_id)
        return project if project is not None and self.manages(access, project) else None

    async def projects(self, access: Access, page: int) -> tuple[list[Project], int]:
        return await self.repo.in_scope(LoanService.scope_of(access), PAGE, page * PAGE)

    async def reports(self, project: Project) -> list[Report]:
        return await self.repo.reports(project.id)

    async def report_in(self, access: Access, report_id: int) -> Filled | None:
        filled = await self._filled(report_id)
        return filled if filled is not None and self.manages(access, filled.project) else None

    async def waiting(self, access: Access) -> list[Listed]:
        return await self.repo.waiting(LoanService.scope_of(access))

    async def overdue(self, access: Access) -> list[Listed]:
        return await self.repo.overdue(LoanService.scope_of(access), self.today())

    async def accept(self, access: Access, report_id: int) -> Filled:
        return await self._decide(access, report_id, "accepted", None)

    async def send_back(self, access: Access, report_id: int, comment: str) -> Filled:
        comment = comment.strip()
        if not 1 <= len(comment) <= COMMENT_MAX:
            raise ProjectError("comment", max=COMMENT_MAX)
        return await self._decide(access, report_id, "returned", comment)

    async def _decide(
        self, access: Access, report_id: int, status: str, comment: str | None
    ) -> Filled:
        filled = await self.report_in(access, report_id)
        if filled is None:
            raise ProjectError("gone")
        now = self.now()
        async with self._db.transaction():
            moved = await self.repo.set_report_status(
                report_id, status, now, expected=("submitted",), by=access.user_id, comment=comment
            )
            if not moved:
                raise ProjectError("decided")
            await self._audit.record(
                actor_id=access.user_id,
                action=f"project.report.{status}",
                subject=f"project-report:{report_id}",
                now=now,
                details={"comment": comment} if comment else {},
            )
            project = filled.project
            await self._notifier.notify(
                project.user_id,
                f"project-notice-{status}",
                idempotency_key=f"{PREFIX}r:{report_id}:{status}:{int(now.timestamp())}",
                buttons=[[("project-open-button", link(To.project_report, report=report_id))]],
                title=html.escape(project.title),
                n=filled.report.n,
                comment=html.escape(comment or ""),
            )
        fresh = await self._filled(report_id)
        assert fresh is not None
        return fresh

    async def close(self, access: Access, project: Project) -> Project:
        if not self.manages(access, project):
            raise ProjectError("scope")
        await self.repo.set_project_status(project.id, "closed", self.now())
        await self._audit.record(
            actor_id=access.user_id,
            action="project.close",
            subject=f"project:{project.id}",
            now=self.now(),
        )
        fresh = await self.repo.get(project.id)
        assert fresh is not None
        return fresh

    def overdue_workbook(self, rows: list[Listed], l10n: Translator) -> bytes:
        """The overdue and waiting reports as an .xlsx (openpyxl loaded here, on use)."""
        from bot.projects.workbook import reports_workbook

        return reports_workbook(rows, self.catalogue, self.today(), l10n)

    # -- the recipient --------------------------------------------------------------------------

    async def mine(self, user_id: int) -> list[tuple[Project, list[Report]]]:
        return [(p, await self.repo.reports(p.id)) for p in await self.repo.of_user(user_id)]

    async def own_project(self, user_id: int, project_id: int) -> Project | None:
        project = await self.repo.get(project_id)
        return project if project is not None and project.user_id == user_id else None

    async def own(self, user_id: int, report_id: int) -> Filled | None:
        """The recipient's own report (anyone else's id: None)."""
        filled = await self._filled(report_id)
        return filled if filled is not None and filled.project.user_id == user_id else None

    async def _open(self, user_id: int, report_id: int) -> Filled:
        filled = await self.own(user_id, report_id)
        if filled is None:
            raise ProjectError("gone")
        if not filled.open:
            raise ProjectError("not-open")
        return filled

    async def answer(self, user_id: int, report_id: int, **values: Any) -> Filled:
        """Answers kept at once: people_reached, spent, jobs (whole numbers ≥ 0), summary."""
        filled = await self._open(user_id, report_id)
        for name in ("people_reached", "spent", "jobs"):
            if name in values and (not isinstance(values[name], int) or values[name] < 0):
                raise ProjectError("number")
        if "summary" in values:
            text = values["summary"].strip()
            if not SUMMARY_MIN <= len(text) <= SUMMARY_MAX:
                raise ProjectError("summary", min=SUMMARY_MIN, max=SUMMARY_MAX)
            values["summary"] = text
        async with self._db.transaction():
            if "summary" in values:
                await self.repo.drop_files(report_id, "summary")
            await self.repo.fill(report_id, self.now(), **values)
        return await self._fresh(filled)

    async def voice_summary(self, user_id: int, report_id: int, file_id: str) -> Filled:
        filled = await self._open(user_id, report_id)
        async with self._db.transaction():
            await self.repo.drop_files(report_id, "summary")
            await self.repo.add_file(report_id, "summary", "voice", file_id, self.now())
            await self.repo.fill(report_id, self.now(), summary="")
        return await self._fresh(filled)

    async def add_photo(self, user_id: int, report_id: int, file_id: str) -> Filled:
        filled = await self._open(user_id, report_id)
        if len(filled.photos) >= PHOTOS_MAX:
            raise ProjectError("photos", max=PHOTOS_MAX)
        await self.repo.add_file(report_id, "photo", "photo", file_id, self.now())
        return await self._fresh(filled)

    async def clear_photos(self, user_id: int, report_id: int) -> Filled:
        filled = await self._open(user_id, report_id)
        await self.repo.drop_files(report_id, "photo")
        return await self._fresh(filled)

    async def submit(self, user_id: int, report_id: int) -> Filled:
        filled = await self._open(user_id, report_id)
        if filled.step != "confirm":
            raise ProjectError("incomplete")
        now = self.now()
        async with self._db.transaction():
            if not await self.repo.set_report_status(report_id, "submitted", now, expected=OPEN):
                raise ProjectError("not-open")
            await self._audit.record(
                actor_id=user_id,
                action="project.report.submit",
                subject=f"project-report:{report_id}",
                now=now,
                details={"again": filled.report.status == "returned"},
            )
            project = filled.project
            if project.created_by is not None and project.created_by != user_id:
                person = await self._people.get(user_id)
                await self._notifier.notify(
                    project.created_by,
                    "project-notice-submitted",
                    idempotency_key=f"{PREFIX}s:{report_id}:{int(now.timestamp())}",
                    buttons=[
                        [("project-review-button", link(To.project_review, report=report_id))]
                    ],
                    name=html.escape(person.full_name if person else f"id{user_id}"),
                    title=html.escape(project.title),
                    n=filled.report.n,
                )
        return await self._fresh(filled)

    async def _filled(self, report_id: int) -> Filled | None:
        report = await self.repo.report(report_id)
        if report is None:
            return None
        project = await self.repo.get(report.project_id)
        if project is None:
            return None
        return Filled(project, report, tuple(await self.repo.files(report_id)))

    async def _fresh(self, filled: Filled) -> Filled:
        fresh = await self._filled(filled.report.id)
        if fresh is None:
            raise ProjectError("gone")
        return fresh

    # -- reminders ------------------------------------------------------------------------------

    async def plan(self, now: datetime) -> int:
        """Reminders of reports due within `REMIND_BEFORE`: one that many days before, one on the
        day, in the recipient's morning; what it queued."""
        today = now.astimezone(self.zone).date()
        planned = 0
        # Overdue reports are the coordinator's list, not another reminder.
        for item in await self.repo.owed_between(today, today + REMIND_BEFORE):
            due = item.report.due_on
            args: dict[str, Any] = {
                "title": html.escape(item.project.title),
                "n": item.report.n,
                "date": due,
            }
            buttons = [[("project-fill-button", link(To.project_report, report=item.report.id))]]
            for step, day in (("before", due - REMIND_BEFORE), ("due", due)):
                if step == "before" and today >= due:
                    continue
                moment = await self._morning(item.project.user_id, max(day, today))
                planned += await self._notifier.notify(
                    item.project.user_id,
                    f"project-notice-{step}",
                    idempotency_key=f"{PREFIX}r:{item.report.id}:{step}",
                    at=max(moment, now),
                    category=REMINDER,
                    buttons=buttons,
                    **args,
                )
        return planned

    async def _morning(self, user_id: int, day: date) -> datetime:
        start = datetime.combine(day, time(0), tzinfo=self.zone)
        return (await self._prefs.planned_at([user_id], start, ASK_AT))[user_id]

    async def _recheck(self, item: OutboxItem) -> dict[str, Any] | Drop:
        """`project:r:<report>:<step>` for the recipient, `project:s:<report>:…` for the
        coordinator: dropped once the report is no longer where the notice says."""
        parts = item.idempotency_key.split(":")
        if len(parts) < 3 or not parts[2].isdigit():
            return item.payload
        filled = await self._filled(int(parts[2]))
        if filled is None:
            return Drop("report gone")
        status = filled.report.status
        if parts[1] == "s":
            return item.payload if status == "submitted" else Drop("already decided")
        step = parts[3] if len(parts) > 3 else ""
        if step in ("before", "due") and not filled.open:
            return Drop("report in, or project closed")
        if step in ("accepted", "returned") and status != step:
            return Drop("decision changed")
        return item.payload

    # -- privacy and demo -----------------------------------------------------------------------

    async def erase_person(self, user_id: int, now: datetime) -> None:
        await self.repo.erase_person(user_id, now)

    async def seed_demo(self, coordinator: int, recipient: int) -> list[str]:
        """A funded NGO: a «fair» grant recorded three months less two days ago, so its first
        report is due in two days. Idempotent: the project's title is the key."""
        program = next((p for p in self.catalogue if p.kind == "fair"), None)
        if program is None:
            return ["projects: no NGO fair program in the catalogue, none seeded"]
        project = await self.repo.by_title(recipient, DEMO_TITLE)
        if project is None:
            funded = add_months(
                self.today() + timedelta(days=2), -program.cycle.reports_every_months
            )
            project = await self.fund_grant(
                recipient, program.code, "aktobe", DEMO_TITLE, 4_500_000, funded, coordinator
            )
        return [
            f"projects: grant #{project.id} «{DEMO_TITLE}», {project.amount} ₸,"
            f" funded {project.funded_on}, recipient {recipient}"
        ]
