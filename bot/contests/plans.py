"""The entrant's side of a financing contest: starting a plan (window and eligibility checked),
every answer written to the draft at once (the idea, budget lines, own contribution, jobs,
files), and submitting it. A mixin of `ContestService`, which holds the rest of the rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.core.catalogue import Program
from bot.core.i18n import Money
from storage.contests import BudgetItem, Contest, ContestRepo, Entry, EntryFile
from storage.db import Database
from storage.users import AuditLog

MAX_ITEMS = 30
MAX_FILES = 10


class ContestError(Exception):
    """A request the rules refuse: `key` is a Fluent key suffix (`contest-error-<key>`)."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.details = args


@dataclass(frozen=True, slots=True)
class Plan:
    """An entry with its budget lines and files: what the entrant, the juror and the
    coordinator see."""

    entry: Entry
    contest: Contest
    items: tuple[BudgetItem, ...]
    files: tuple[EntryFile, ...]

    @property
    def idea(self) -> str | None:
        value = self.entry.answers.get("idea")
        return str(value) if value else None

    @property
    def idea_voice(self) -> EntryFile | None:
        return next((f for f in self.files if f.field == "idea"), None)

    @property
    def attachments(self) -> tuple[EntryFile, ...]:
        return tuple(f for f in self.files if f.field == "files")

    @property
    def step(self) -> str:
        """The first step of the plan still without an answer ('summary' when all are)."""
        answers = self.entry.answers
        if not self.idea and self.idea_voice is None:
            return "idea"
        if not answers.get("budget_done"):
            return "budget"
        if "contribution" not in answers:
            return "contribution"
        if self.entry.jobs is None:
            return "jobs"
        if not answers.get("files_done"):
            return "files"
        return "summary"


class ContestPlans:
    """The entrant's plan; `ContestService` provides the storage and the rules it relies on."""

    repo: ContestRepo
    _db: Database
    _audit: AuditLog

    def now(self) -> datetime:
        raise NotImplementedError

    def today(self) -> date:
        raise NotImplementedError

    def program(self, contest: Contest) -> Program:
        raise NotImplementedError

    async def is_eligible(self, contest: Contest, user_id: int) -> bool:
        raise NotImplementedError

    async def _fresh(self, contest: Contest) -> Contest:
        raise NotImplementedError

    # -- the entrant ----------------------------------------------------------------------------

    def in_window(self, contest: Contest) -> bool:
        return contest.status == "open" and contest.opens_on <= self.today() <= contest.closes_on

    async def mine(self, user_id: int) -> list[tuple[Contest, Entry | None]]:
        """Contests this person may enter now or has entered: their entry in each, if any."""
        entries = {e.contest_id: e for e in await self.repo.entries_of_user(user_id)}
        shown: list[tuple[Contest, Entry | None]] = []
        for contest in await self.repo.all(("open", "closed", "decided")):
            entry = entries.get(contest.id)
            if (entry is not None and entry.status not in ("invited",)) or (
                self.in_window(contest)
                and (entry is not None or await self.is_eligible(contest, user_id))
            ):
                shown.append((contest, entry))
        return shown

    async def start(self, user_id: int, contest_id: int) -> Plan:
        """The person's plan in this contest, begun now if need be (window and eligibility
        checked)."""
        contest = await self.repo.get(contest_id)
        if contest is None:
            raise ContestError("gone")
        entry = await self.repo.entry_of(contest.id, user_id)
        if entry is not None and entry.status not in ("invited", "draft"):
            return await self.plan(entry, contest)
        if not self.in_window(contest):
            raise ContestError("window-closed", closes=contest.closes_on)
        if not await self.is_eligible(contest, user_id):
            raise ContestError("not-eligible")
        now = self.now()
        async with self._db.transaction():
            await self.repo.invite(contest.id, user_id, now)
            entry = await self.repo.entry_of(contest.id, user_id)
            assert entry is not None
            if entry.status == "invited":
                await self.repo.save(entry.id, now, status="draft")
        return await self.plan_of(user_id, entry.id)

    async def plan(self, entry: Entry, contest: Contest | None = None) -> Plan:
        contest = contest or await self.repo.get(entry.contest_id)
        assert contest is not None
        items = tuple(await self.repo.budget(entry.id))
        files = tuple(await self.repo.files(entry.id))
        return Plan(entry, contest, items, files)

    async def plan_of(self, user_id: int, entry_id: int) -> Plan:
        """The person's own plan (ContestError 'gone' for anyone else's)."""
        entry = await self.repo.entry(entry_id) if entry_id else None
        if entry is None or entry.user_id != user_id:
            raise ContestError("gone")
        return await self.plan(entry)

    async def _draft(self, user_id: int, entry_id: int) -> Plan:
        plan = await self.plan_of(user_id, entry_id)
        if plan.entry.status != "draft":
            raise ContestError("submitted")
        return plan

    async def _answer(self, plan: Plan, **answers: Any) -> None:
        await self.repo.save(plan.entry.id, self.now(), answers={**plan.entry.answers, **answers})

    async def set_idea(
        self, user_id: int, entry_id: int, text: str | None, voice: str | None = None
    ) -> Plan:
        plan = await self._draft(user_id, entry_id)
        async with self._db.transaction():
            await self.repo.drop_files(plan.entry.id, "idea")
            if voice is not None:
                await self.repo.add_file(
                    plan.entry.id, "idea", "voice", voice, None, "audio/ogg", None, self.now()
                )
            await self._answer(plan, idea=text or "")
            await self.repo.save(plan.entry.id, self.now(), title=(text or "")[:80] or None)
        return await self.plan_of(user_id, entry_id)

    async def add_item(self, user_id: int, entry_id: int, name: str, amount: int) -> Plan:
        plan = await self._draft(user_id, entry_id)
        if amount <= 0:
            raise ContestError("amount")
        if len(plan.items) >= MAX_ITEMS:
            raise ContestError("items", max=MAX_ITEMS)
        async with self._db.transaction():
            await self.repo.add_item(plan.entry.id, name, amount)
            await self._totals(plan.entry.id)
        return await self.plan_of(user_id, entry_id)

    async def undo_item(self, user_id: int, entry_id: int) -> Plan:
        plan = await self._draft(user_id, entry_id)
        async with self._db.transaction():
            await self.repo.drop_last_item(plan.entry.id)
            await self._totals(plan.entry.id)
        return await self.plan_of(user_id, entry_id)

    async def _totals(self, entry_id: int) -> None:
        entry = await self.repo.entry(entry_id)
        assert entry is not None
        total = sum(i.amount for i in await self.repo.budget(entry_id))
        own = min(entry.own_contribution, total)
        await self.repo.save(
            entry_id, self.now(), budget_total=total, own_contribution=own, requested=total - own
        )

    async def budget_done(self, user_id: int, entry_id: int) -> Plan:
        plan = await self._draft(user_id, entry_id)
        if not plan.items:
            raise ContestError("budget-empty")
        await self._answer(plan, budget_done=True)
        return await self.plan_of(user_id, entry_id)

    async def set_contribution(self, user_id: int, entry_id: int, amount: int) -> Plan:
        plan = await self._draft(user_id, entry_id)
        total = plan.entry.budget_total
        if amount < 0:
            raise ContestError("amount")
        if amount > total:
            raise ContestError("contribution-over", total=Money(total))
        requested = total - amount
        limit = self.program(plan.contest).max_amount
        if limit is not None and requested > limit:
            raise ContestError("requested-over", requested=Money(requested), max=Money(limit))
        async with self._db.transaction():
            await self.repo.save(
                plan.entry.id, self.now(), own_contribution=amount, requested=requested
            )
            await self._answer(plan, contribution=amount)
        return await self.plan_of(user_id, entry_id)

    async def set_jobs(self, user_id: int, entry_id: int, jobs: int) -> Plan:
        plan = await self._draft(user_id, entry_id)
        if not 0 <= jobs <= 10_000:
            raise ContestError("jobs")
        await self.repo.save(plan.entry.id, self.now(), jobs=jobs)
        return await self.plan_of(user_id, entry_id)

    async def add_file(
        self,
        user_id: int,
        entry_id: int,
        kind: str,
        file_id: str,
        file_name: str | None = None,
        mime_type: str | None = None,
        size: int | None = None,
    ) -> Plan:
        plan = await self._draft(user_id, entry_id)
        if len(plan.attachments) >= MAX_FILES:
            raise ContestError("files", max=MAX_FILES)
        await self.repo.add_file(
            plan.entry.id, "files", kind, file_id, file_name, mime_type, size, self.now()
        )
        return await self.plan_of(user_id, entry_id)

    async def files_done(self, user_id: int, entry_id: int) -> Plan:
        plan = await self._draft(user_id, entry_id)
        await self._answer(plan, files_done=True)
        return await self.plan_of(user_id, entry_id)

    async def reopen_step(self, user_id: int, entry_id: int, step: str) -> Plan:
        """The summary's «change»: the step is asked again (its answer kept until replaced)."""
        plan = await self._draft(user_id, entry_id)
        flag = {"budget": "budget_done", "files": "files_done"}.get(step)
        if flag is not None:
            await self._answer(plan, **{flag: False})
        return await self.plan_of(user_id, entry_id)

    async def submit(self, user_id: int, entry_id: int) -> Plan:
        plan = await self._draft(user_id, entry_id)
        contest = await self._fresh(plan.contest)
        if plan.step != "summary":
            raise ContestError("incomplete")
        if not self.in_window(contest):
            raise ContestError("window-closed", closes=contest.closes_on)
        if not await self.is_eligible(contest, user_id):
            raise ContestError("not-eligible")
        limit = self.program(contest).max_amount
        if limit is not None and plan.entry.requested > limit:
            raise ContestError(
                "requested-over", requested=Money(plan.entry.requested), max=Money(limit)
            )
        now = self.now()
        async with self._db.transaction():
            await self.repo.save(plan.entry.id, now, status="submitted", submitted_at=now)
            await self._audit.record(
                actor_id=user_id,
                action="contest.submit",
                subject=f"contest-entry:{plan.entry.id}",
                now=now,
                details={"contest": contest.id, "requested": plan.entry.requested},
            )
        return await self.plan_of(user_id, entry_id)
