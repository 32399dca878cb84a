"""Financing contests: a coordinator opens one for a program (a region, a cohort) with a window
and a rubric, the eligible are invited, entrants fill a business plan by chat, jurors score it or
recuse themselves, the coordinator closes the submissions, sees the ranking and confirms the
winners; a winner is funded (a loan from the plan, or a grant) and the `on_funded` hooks hear of
it. Every rule and write is here; SQL in `storage.contests`.

The ranking: the average of the submitted jurors' totals (recusals don't count); a tie goes to
the higher average on the rubric's first criterion, then to the earlier submission.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.contests.plans import ContestError as ContestError
from bot.contests.plans import ContestPlans
from bot.contests.plans import Plan as Plan
from bot.core.access import Access
from bot.core.catalogue import Catalogue, Program
from bot.core.clock import Clock
from bot.core.i18n import Bilingual, Money
from bot.core.people import People
from bot.delivery.engine import Drop, Notifier
from bot.delivery.links import To, link
from bot.loans.schedule import LoanDraft, Terms, TermsError, default_first_due
from bot.loans.service import Loan, LoanService
from bot.training.courses import Courses
from storage.contests import BudgetItem as BudgetItem
from storage.contests import Contest as Contest
from storage.contests import ContestRepo, NewContest, RubricLine
from storage.contests import Counts as Counts
from storage.contests import Entry as Entry
from storage.contests import EntryFile as EntryFile
from storage.contests import Score as Score
from storage.db import Database
from storage.outbox import OutboxItem
from storage.users import AuditLog, UserRepo

log = logging.getLogger(__name__)

ELIGIBILITY = ("completed", "approved", "anyone")
INVITE_AT = time(10, 0)  # a contest opening later invites on its first morning
DEMO_TITLE = "demo-contest"

# A winner funded: (entry, contest, the loan or None for a grant, who funded) → None.
Funded = Callable[[Entry, Contest, Loan | None, int], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Rank:
    entry: Entry
    average: float | None  # None: no juror has scored it
    first: float | None  # the average on the rubric's first criterion (the tie-break)
    jurors: int


class ContestService(ContestPlans):
    def __init__(
        self,
        db: Database,
        repo: ContestRepo,
        catalogue: Catalogue,
        courses: Courses,
        loans: LoanService,
        notifier: Notifier,
        users: UserRepo,
        audit: AuditLog,
        clock: Clock,
        zone: ZoneInfo,
    ) -> None:
        self._db = db
        self.repo = repo
        self.catalogue = catalogue
        self._courses = courses
        self._loans = loans
        self._notifier = notifier
        self._users = users
        self._audit = audit
        self._clock = clock
        self.zone = zone
        self._funded: dict[str, Funded] = {}
        notifier.check_before_send("contest:", self._recheck)

    def now(self) -> datetime:
        return self._clock.now()

    def today(self) -> date:
        return self.now().astimezone(self.zone).date()

    def on_funded(self, name: str, callback: Funded) -> None:
        """`callback` is called when a winner's funding is created (once per entry)."""
        self._funded[name] = callback

    # -- scope ----------------------------------------------------------------------------------

    def program(self, contest: Contest) -> Program:
        program = self.catalogue.get(contest.program)
        if program is None:
            raise ContestError("program-gone")
        return program

    def programs_for(self, access: Access) -> list[Program]:
        """Programs with a rubric this person coordinates (anywhere)."""
        return [p for p in self.catalogue if p.cycle.rubric and access.coordinates_program(p.code)]

    @staticmethod
    def rubric_of(program: Program) -> tuple[RubricLine, ...]:
        return tuple(
            RubricLine(r.code, r.label.kk, r.label.ru, r.max) for r in program.cycle.rubric
        )

    def has_course(self, program: str) -> bool:
        return self._courses.for_program(program) is not None

    async def cohorts(self, program: str, region: str | None) -> list[tuple[int, str]]:
        """The cohorts of the program's course (of that region) a contest may be limited to."""
        course = self._courses.for_program(program)
        return await self.repo.cohorts(course.code, region) if course is not None else []

    async def count_eligible(
        self, program: str, region: str | None, cohort_id: int | None, eligibility: str
    ) -> int:
        """How many people a contest of these terms would invite now."""
        draft = Contest(
            0,
            program,
            region,
            cohort_id,
            "",
            self.today(),
            self.today(),
            (),
            eligibility,
            "open",
            None,
            self.now(),
            None,
        )
        return len(await self.eligible(draft))

    @staticmethod
    def manages(access: Access, contest: Contest) -> bool:
        return access.coordinates(program=contest.program, region=contest.region)

    @staticmethod
    def judges(access: Access, contest: Contest) -> bool:
        return access.judges(program=contest.program, region=contest.region)

    async def managed(self, access: Access, contest_id: int) -> Contest | None:
        contest = await self.repo.get(contest_id) if contest_id else None
        return contest if contest is not None and self.manages(access, contest) else None

    async def contests_for(self, access: Access) -> list[Contest]:
        found = await self.repo.all(("open", "closed", "decided"))
        return [c for c in found if self.manages(access, c)]

    async def counts(self, contest: Contest) -> Counts:
        return await self.repo.counts(contest.id)

    # -- opening and inviting -------------------------------------------------------------------

    async def open(
        self,
        access: Access,
        *,
        program: str,
        region: str | None,
        cohort_id: int | None,
        eligibility: str,
        opens_on: date,
        closes_on: date,
    ) -> tuple[Contest, int]:
        """A contest opened and the eligible invited; (the contest, how many were invited)."""
        found = self.catalogue.get(program)
        if found is None or not found.cycle.rubric:
            raise ContestError("program-gone")
        if not access.coordinates(program=program, region=region):
            raise ContestError("scope")
        if eligibility not in ELIGIBILITY:
            raise ContestError("eligibility")
        if eligibility == "completed" and not self.has_course(program):
            raise ContestError("no-course")
        if opens_on < self.today() or closes_on < opens_on:
            raise ContestError("window")
        async with self._db.transaction():
            contest = await self.repo.create(
                NewContest(
                    program=program,
                    region=region,
                    cohort_id=cohort_id,
                    title=f"{found.name.ru} {opens_on.isoformat()}",
                    opens_on=opens_on,
                    closes_on=closes_on,
                    rubric=self.rubric_of(found),
                    eligibility=eligibility,
                    created_by=access.user_id,
                ),
                self.now(),
            )
            await self._audited(access.user_id, "contest.open", contest, program=program)
            invited = await self.invite_eligible(contest)
        log.info("user %s opened contest %s, %d invited", access.user_id, contest.id, invited)
        return contest, invited

    async def eligible(self, contest: Contest) -> list[int]:
        if contest.eligibility == "completed":
            course = self._courses.for_program(contest.program)
            if course is None:
                return []
            return await self.repo.certified(course.code, contest.cohort_id, contest.region)
        if contest.eligibility == "approved":
            return await self.repo.approved(contest.program, contest.region)
        return await self.repo.anyone(contest.region)

    async def is_eligible(self, contest: Contest, user_id: int) -> bool:
        return user_id in await self.eligible(contest)

    async def invite_eligible(self, contest: Contest) -> int:
        """Each eligible person not yet invited gets an entry and the invitation (on the
        contest's first morning when it opens later)."""
        program = self.program(contest)
        now = self.now()
        first = datetime.combine(contest.opens_on, INVITE_AT, self.zone)
        invited = 0
        for user_id in await self.eligible(contest):
            if not await self.repo.invite(contest.id, user_id, now):
                continue
            invited += 1
            await self._notifier.notify(
                user_id,
                "contest-notice-invited",
                idempotency_key=f"contest:{contest.id}:invite:{user_id}",
                at=max(now, first),
                buttons=[[("contest-start-button", link(To.contest_entry, contest=contest.id))]],
                program=program.name,
                opens=contest.opens_on,
                closes=contest.closes_on,
            )
        return invited

    async def close(self, access: Access, contest: Contest) -> Contest:
        if contest.status != "open":
            raise ContestError("not-open")
        await self.repo.set_status(contest.id, "closed", self.now())
        await self._audited(access.user_id, "contest.close", contest)
        return await self._fresh(contest)

    async def _fresh(self, contest: Contest) -> Contest:
        found = await self.repo.get(contest.id)
        assert found is not None
        return found

    # -- jurors ---------------------------------------------------------------------------------

    async def queue(self, access: Access) -> list[tuple[Entry, Contest]]:
        """Submitted plans this juror may judge and has neither scored nor recused from."""
        contests = {
            c.id: c for c in await self.repo.all(("open", "closed")) if self.judges(access, c)
        }
        done = await self.repo.juror_rows(access.user_id)
        return [
            (e, contests[e.contest_id])
            for e in await self.repo.submitted_in(list(contests))
            if e.id not in done and e.user_id != access.user_id
        ]

    async def judgeable(self, access: Access, entry_id: int) -> Plan | None:
        """The plan, if this juror may score it now (in scope, submitted, contest not decided,
        not their own, neither scored nor recused by them)."""
        entry = await self.repo.entry(entry_id) if entry_id else None
        if entry is None or entry.status != "submitted" or entry.user_id == access.user_id:
            return None
        contest = await self.repo.get(entry.contest_id)
        if contest is None or contest.status not in ("open", "closed"):
            return None
        if not self.judges(access, contest):
            return None
        if await self.repo.score_of(entry.id, access.user_id) is not None:
            return None
        return await self.plan(entry, contest)

    async def my_score(self, access: Access, entry_id: int) -> tuple[Score, Contest] | None:
        """The juror's own submitted score (never anyone else's)."""
        score = await self.repo.score_of(entry_id, access.user_id)
        entry = await self.repo.entry(entry_id)
        if score is None or entry is None or score.status != "submitted":
            return None
        contest = await self.repo.get(entry.contest_id)
        return (score, contest) if contest is not None else None

    async def score(
        self, access: Access, entry_id: int, points: dict[str, int], comment: str | None
    ) -> Score:
        plan = await self.judgeable(access, entry_id)
        if plan is None:
            raise ContestError("gone")
        rubric = plan.contest.rubric
        if set(points) != {r.code for r in rubric}:
            raise ContestError("incomplete")
        for line in rubric:
            if not 0 <= points[line.code] <= line.max:
                raise ContestError("points", max=line.max)
        total = sum(points.values())
        async with self._db.transaction():
            if not await self.repo.add_score(
                entry_id, access.user_id, "submitted", points, total, comment, self.now()
            ):
                raise ContestError("gone")
            await self._audit.record(
                actor_id=access.user_id,
                action="contest.score",
                subject=f"contest-entry:{entry_id}",
                now=self.now(),
                details={"total": total},
            )
        found = await self.repo.score_of(entry_id, access.user_id)
        assert found is not None
        return found

    async def recuse(self, access: Access, entry_id: int) -> None:
        plan = await self.judgeable(access, entry_id)
        if plan is None:
            raise ContestError("gone")
        async with self._db.transaction():
            if not await self.repo.add_score(
                entry_id, access.user_id, "recused", {}, None, None, self.now()
            ):
                raise ContestError("gone")
            await self._audit.record(
                actor_id=access.user_id,
                action="contest.recuse",
                subject=f"contest-entry:{entry_id}",
                now=self.now(),
                details={},
            )

    # -- the ranking and the decision -----------------------------------------------------------

    async def ranking(self, contest: Contest) -> list[Rank]:
        entries = await self.repo.entries(contest.id, ("submitted", "won", "lost"))
        scores = [
            s for s in await self.repo.scores_of_contest(contest.id) if s.status == "submitted"
        ]
        first = contest.rubric[0].code if contest.rubric else ""
        ranks = []
        for entry in entries:
            mine = [s for s in scores if s.entry_id == entry.id]
            average = sum(s.total or 0 for s in mine) / len(mine) if mine else None
            lead = sum(s.scores.get(first, 0) for s in mine) / len(mine) if mine else None
            ranks.append(Rank(entry, average, lead, len(mine)))
        far = datetime.max.replace(tzinfo=self.zone)
        ranks.sort(
            key=lambda r: (
                -(r.average if r.average is not None else -1.0),
                -(r.first if r.first is not None else -1.0),
                r.entry.submitted_at or far,
                r.entry.id,
            )
        )
        return ranks

    async def entry_in(self, contest: Contest, entry_id: int) -> Plan | None:
        """A plan of this contest (any other contest's id finds nothing)."""
        entry = await self.repo.entry(entry_id) if entry_id else None
        if entry is None or entry.contest_id != contest.id:
            return None
        return await self.plan(entry, contest)

    async def decide(self, access: Access, contest: Contest, winners: list[int]) -> Contest:
        """Winners (from the submitted plans) won, the other submitted plans lost, each
        participant told in their language."""
        contest = await self._fresh(contest)
        if not self.manages(access, contest):
            raise ContestError("scope")
        if contest.status != "closed":
            raise ContestError("not-closed")
        submitted = {e.id: e for e in await self.repo.entries(contest.id, ("submitted",))}
        if not winners or any(w not in submitted for w in winners):
            raise ContestError("winners")
        now = self.now()
        program = self.program(contest)
        async with self._db.transaction():
            for entry in submitted.values():
                status = "won" if entry.id in winners else "lost"
                await self.repo.save(
                    entry.id, now, status=status, decided_at=now, decided_by=access.user_id
                )
                await self._notifier.notify(
                    entry.user_id,
                    f"contest-notice-{status}",
                    idempotency_key=f"contest:{contest.id}:result:{entry.id}:{status}",
                    program=program.name,
                    number=entry.id,
                )
            await self.repo.set_status(contest.id, "decided", now, access.user_id)
            await self._audited(access.user_id, "contest.decide", contest, winners=winners)
        return await self._fresh(contest)

    async def fund(self, access: Access, contest: Contest, entry_id: int) -> Entry:
        """A winner funded, once: a loan from the plan (loan programs) or a grant; the
        `on_funded` hooks told. Pressing again changes nothing."""
        if not self.manages(access, contest):
            raise ContestError("scope")
        program = self.program(contest)
        by = access.user_id
        async with self._db.transaction():
            entry = await self.repo.entry(entry_id)
            if entry is None or entry.contest_id != contest.id or entry.status != "won":
                raise ContestError("gone")
            if entry.loan_id is not None or entry.answers.get("funded_on"):
                return entry
            if program.max_amount is not None and entry.requested > program.max_amount:
                raise ContestError(
                    "requested-over",
                    requested=Money(entry.requested),
                    max=Money(program.max_amount),
                )
            loan: Loan | None = None
            if program.cycle.funding == "loan":
                person = await self._users.get(entry.user_id)
                name = person.full_name if person is not None else f"#{entry.id}"
                draft = self._loan_draft(contest, program, entry, name)
                loan = await self._loans.create(draft, by)
                await self.repo.set_loan(entry.id, loan.id, self.now())
            await self.repo.save(
                entry.id,
                self.now(),
                answers={**entry.answers, "funded_on": self.today().isoformat()},
            )
            await self._audit.record(
                actor_id=by,
                action="contest.fund",
                subject=f"contest-entry:{entry.id}",
                now=self.now(),
                details={"loan": loan.id if loan else None, "amount": entry.requested},
            )
            fresh = await self.repo.entry(entry.id)
            assert fresh is not None
            for callback in self._funded.values():
                await callback(fresh, contest, loan, by)
        return fresh

    def _loan_draft(
        self, contest: Contest, program: Program, entry: Entry, name: str
    ) -> LoanDraft:
        cycle = program.cycle
        today = self.today()
        terms = Terms(
            principal=entry.requested,
            disbursed_on=today,
            first_due_on=default_first_due(today, cycle.grace_months, cycle.frequency),
            term_months=cycle.term_months,
            grace_months=cycle.grace_months,
            frequency=cycle.frequency,
            rate_bp=0,
            due_day=today.day,
        )
        if entry.requested <= 0:
            raise ContestError("amount")
        return LoanDraft(
            contract=f"{program.prefix}-K{contest.id}-{entry.id}",
            borrower_name=name,
            program=program.code,
            region=contest.region,
            terms=terms,
            user_id=entry.user_id,
        )

    async def origin_of(self, loan_id: int) -> tuple[Contest, Entry] | None:
        """The contest and plan a loan was created from, if it was."""
        entry = await self.repo.by_loan(loan_id)
        if entry is None:
            return None
        contest = await self.repo.get(entry.contest_id)
        return (contest, entry) if contest is not None else None

    # -- notices --------------------------------------------------------------------------------

    async def _recheck(self, item: OutboxItem) -> dict[str, Any] | Drop:
        """An invitation to a contest no longer taking plans, or to someone who already
        submitted, is dropped; a result whose entry no longer says so, too."""
        parts = item.idempotency_key.split(":")
        contest = await self.repo.get(int(parts[1])) if parts[1].isdigit() else None
        if contest is None:
            return Drop("contest gone")
        if parts[2] == "invite":
            if contest.status != "open" or self.today() > contest.closes_on:
                return Drop("contest closed")
            entry = await self.repo.entry_of(contest.id, item.recipient)
            if entry is None or entry.status not in ("invited", "draft"):
                return Drop("no longer invited")
        elif parts[2] == "result":
            entry = await self.repo.entry(int(parts[3]))
            if entry is None or entry.status != parts[4]:
                return Drop("the result changed")
        return item.payload

    async def _audited(self, by: int, action: str, contest: Contest, **details: Any) -> None:
        await self._audit.record(
            actor_id=by,
            action=action,
            subject=f"contest:{contest.id}",
            now=self.now(),
            details=details,
        )

    async def erase_person(self, user_id: int, now: datetime) -> None:
        await self.repo.erase_person(user_id)

    # -- demo -----------------------------------------------------------------------------------

    async def seed_demo(self, coordinator: int, entrant: int, juror: int) -> list[str]:
        """A «Жарқыра» contest open for two weeks for anyone, the demo entrant's submitted
        plan in it, the demo juror given the role. Idempotent: the contest's title is the key."""
        contest = await self.repo.by_title(DEMO_TITLE)
        program = self.catalogue.get("zharkyra")
        if program is None:
            return ["contest: no «zharkyra» program in the catalogue, none seeded"]
        if contest is None:
            today = self.today()
            async with self._db.transaction():
                contest = await self.repo.create(
                    NewContest(
                        program=program.code,
                        region=None,
                        cohort_id=None,
                        title=DEMO_TITLE,
                        opens_on=today,
                        closes_on=today + timedelta(days=14),
                        rubric=self.rubric_of(program),
                        eligibility="anyone",
                        created_by=coordinator,
                    ),
                    self.now(),
                )
            # The entrant's plan through the same steps the chat takes (window, eligibility
            # and the program's maximum checked as for anyone).
            entry_id = (await self.start(entrant, contest.id)).entry.id
            await self.set_idea(entrant, entry_id, "Жылыжай: қияр мен қызанақ")
            await self.add_item(entrant, entry_id, "Жылыжай", 2_500_000)
            await self.add_item(entrant, entry_id, "Тұқым мен көшет", 500_000)
            await self.budget_done(entrant, entry_id)
            await self.set_contribution(entrant, entry_id, 500_000)
            await self.set_jobs(entrant, entry_id, 3)
            await self.files_done(entrant, entry_id)
            await self.submit(entrant, entry_id)
        if juror:  # the one way a role is given
            await People(self._users, self._audit, self._clock).grant_role(
                juror, "juror", program=program.code, region=None, by=coordinator
            )
        return [f"contest {contest.id}: {program.name.ru}, {contest.opens_on}…{contest.closes_on}"]


def contest_name(program: Bilingual | None, contest: Contest, locale: str) -> str:
    """How a contest is called on screens: «Жарқыра №3»."""
    name = program(locale) if program is not None else contest.program
    return f"{name} №{contest.id}"


__all__ = [
    "BudgetItem",
    "Contest",
    "ContestError",
    "ContestService",
    "Counts",
    "Entry",
    "EntryFile",
    "Plan",
    "Rank",
    "RubricLine",
    "Score",
    "TermsError",
    "contest_name",
]
