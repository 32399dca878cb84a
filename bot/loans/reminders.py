"""Loan reminders and notices planned ahead: the `loans` planner (each local day once, early:
the instalments due on the days that matter, caught up after an outage), the coordinators'
morning digest of payments waiting, a coordinator's nudge, the reminder days per program, and
the check every queued loan notice passes when it is sent (nothing about an instalment already
paid; the amounts of the moment). `LoanService` is built of this part and its own.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.core.i18n import Money
from bot.delivery.engine import KIND_L10N, Drop, Notifier, encode_args
from bot.delivery.links import Link, To, link
from bot.delivery.preferences import DIGEST, NUDGE, REMINDER, Preferences, PreferenceService
from bot.loans.schedule import ReminderRule, allocate, parse_rule
from storage.db import Database, to_db
from storage.loans import Loan, LoanRepo, Notice, Stage, Template
from storage.outbox import NewMessage, Outbox, OutboxItem
from storage.users import AuditLog

if TYPE_CHECKING:
    from bot.loans.state import LoanState

log = logging.getLogger("bot.loans.service")
REMIND_AT = time(10, 0)  # local time reminders go out (after the quiet hours end)
CATCH_UP_DAYS = 31  # overdue reminders an outage made the planner miss are caught up this far
NUDGE_LIMIT = 500  # borrowers one "nudge all" press reaches


class LoanReminders:
    """The planning part of `LoanService` (which sets these attributes)."""

    repo: LoanRepo
    zone: ZoneInfo
    _db: Database
    _outbox: Outbox
    _notifier: Notifier
    _prefs: PreferenceService
    _audit: AuditLog

    if TYPE_CHECKING:

        def now(self) -> datetime: ...

        def today(self) -> date: ...

        async def state(self, loan: Loan) -> LoanState: ...

    # -- the check at send time ---------------------------------------------------------------

    async def _recheck(self, item: OutboxItem) -> dict[str, Any] | Drop:
        """A loan notice as it must read now, or Drop: whatever planned it, however long ago,
        nothing goes out about an instalment already paid, and the amounts are today's."""
        parts = item.idempotency_key.split(":")
        if parts[1] == "digest":  # loan:digest:<coordinator>:<day>
            return await self._recheck_digest(int(parts[2]), item.payload)
        if not parts[1].isdigit() or len(parts) < 3 or parts[2] not in ("inst", "nudge"):
            return item.payload  # decisions and other replies: true when they were made
        loan = await self.repo.get(int(parts[1]))
        if loan is None:
            return Drop("no such loan")
        state = await self.state(loan)
        if parts[2] == "nudge":
            if not state.overdue:
                return Drop("nothing overdue")
            return _with_args(item.payload, amount=Money(state.overdue), days=state.dpd)
        n = int(parts[3])
        found = [i for i in state.instalments if i.n == n]
        if not found or found[0].covered:
            return Drop("paid")
        instalment = found[0]
        key = str(item.payload["key"]).removesuffix("-review")
        if not state.reported:
            return _with_args(item.payload, key=key, amount=Money(instalment.left))
        # A payment the borrower reported waits for the coordinator: the notice says so, and
        # what would be left of this instalment once it is confirmed.
        would_pay = allocate([i.amount for i in state.instalments], loan.repaid + state.reported)[
            state.instalments.index(instalment)
        ]
        after = instalment.amount - would_pay
        return _with_args(
            item.payload,
            key=f"{key}-review",
            amount=Money(instalment.left),
            reported=Money(state.reported),
            after=Money(after),
            rest=after,
        )

    # -- the coordinators' morning digest -----------------------------------------------------

    def _waiting_since(self, day: date) -> datetime:
        """Reports older than this, at the morning send time of `day`, have waited longer than a
        working day (Saturday and Sunday do not count)."""
        back = day - timedelta(days=1)
        while back.weekday() >= 5:
            back -= timedelta(days=1)
        return datetime.combine(back, REMIND_AT, tzinfo=self.zone)

    async def _digest(self, today: date, now: datetime) -> list[NewMessage]:
        """One message per coordinator with reported payments waiting longer than a working
        day, on working days, at their hour (REMIND_AT otherwise), with a button to the payments
        to confirm; dropped if still unsent at midnight."""
        if today.weekday() >= 5:
            return []
        rows = []
        found = await self.repo.waiting(self._waiting_since(today))
        start = datetime.combine(today, REMIND_AT, tzinfo=self.zone)
        expires = datetime.combine(today + timedelta(days=1), time(0, 0), tzinfo=self.zone)
        moments = await self._prefs.planned_at([w.coordinator_id for w in found], start, REMIND_AT)
        for waiting in found:
            rows.append(
                _queued(
                    waiting.coordinator_id,
                    f"loan:digest:{waiting.coordinator_id}:{today.isoformat()}",
                    max(moments[waiting.coordinator_id], now),
                    "loan-admin-digest",
                    encode_args(
                        {
                            "count": waiting.count,
                            "oldest": waiting.oldest.astimezone(self.zone).date(),
                        }
                    ),
                    ("loan-admin-digest-button", link(To.loan_admin_queue)),
                    kind=DIGEST,
                    expires=expires.isoformat(),
                )
            )
        return rows

    async def _recheck_digest(
        self, coordinator: int, payload: dict[str, Any]
    ) -> dict[str, Any] | Drop:
        today = self.today()
        found = await self.repo.waiting(self._waiting_since(today), coordinator)
        if not found:
            return Drop("nothing waiting")
        oldest = found[0].oldest.astimezone(self.zone).date()
        return _with_args(payload, count=found[0].count, oldest=oldest)

    # -- reminders ----------------------------------------------------------------------------

    async def rules(self) -> dict[str, ReminderRule]:
        """Programs with their own reminder days (the others use the defaults)."""
        found = {}
        for program, (before, after) in (await self.repo.rules()).items():
            rule = parse_rule(f"{before} / {after}")
            if rule is not None:
                found[program] = rule
        return found

    async def rule_for(self, program: str) -> ReminderRule:
        return (await self.rules()).get(program, ReminderRule())

    async def set_rule(self, program: str, rule: ReminderRule, by: int) -> None:
        await self.repo.set_rule(
            program,
            ",".join(map(str, rule.before)),
            ",".join(map(str, rule.after)),
            by=by,
            now=self.now(),
        )
        await self._audit.record(
            actor_id=by,
            action="loan.rules",
            subject=f"program:{program}",
            now=self.now(),
            details={"rule": rule.text()},
        )

    async def plan(self, now: datetime) -> int:
        """The `loans` planner: today's reminders, once a local day, in one transaction."""
        today = now.astimezone(self.zone).date()
        if await self.repo.planned(today):
            return 0
        missed = await self._missed_days(today)
        digest = await self._digest(today, now)
        async with self._db.transaction():
            queued = await self._reminders(today, now, missed=missed)
            await self._outbox.enqueue_many(digest, now)
            queued += len(digest)
            await self.repo.mark_planned(today, queued, now)
        if queued:
            self._notifier.wake()
        log.info("loans: %d reminder(s) planned for %s", queued, today)
        return queued

    async def _missed_days(self, today: date) -> list[date]:
        """Days the planner did not run since it last did (the bot was down), at most
        CATCH_UP_DAYS back; none on the very first day (nothing was ever planned)."""
        last = await self.repo.last_planned_before(today)
        if last is None:
            return []
        first = max(last + timedelta(days=1), today - timedelta(days=CATCH_UP_DAYS))
        return [first + timedelta(days=k) for k in range((today - first).days)]

    async def plan_loan(self, loan_id: int, now: datetime) -> int:
        """Today's reminders for one loan (opened, linked or changed during the day)."""
        today = now.astimezone(self.zone).date()
        async with self._db.transaction():
            queued = await self._reminders(today, now, loan_id=loan_id)
        if queued:
            self._notifier.wake()
        return queued

    async def _reminders(
        self,
        today: date,
        now: datetime,
        loan_id: int | None = None,
        missed: Sequence[date] = (),
    ) -> int:
        """Today's reminders, and the overdue ones of `missed` days caught up (keyed as they
        would have been, so nothing is sent twice; saying how late the instalment is now).
        Set-based: each stage's notices are built once here, with holes the database fills
        per instalment (`_stage`); returns how many were queued."""
        custom = await self.rules()
        groups: list[tuple[ReminderRule, list[str] | None, list[str]]] = [
            (ReminderRule(), None, list(custom))
        ]
        groups += [(rule, [program], []) for program, rule in custom.items()]
        start = datetime.combine(today, REMIND_AT, tzinfo=self.zone)
        expires = datetime.combine(today + timedelta(days=1), time(0, 0), tzinfo=self.zone)
        # Each borrower's reminders at the hour they chose (10:00 otherwise), never before now.
        at_hour = [
            to_db(max(self._prefs.moment(Preferences(hour), start, REMIND_AT), now)) or ""
            for hour in range(24)
        ]
        at_default = to_db(max(self._prefs.moment(Preferences(), start, REMIND_AT), now)) or ""
        queued = 0
        for rule, programs, excluded in groups:
            stages = rule.stages(today) | rule.missed(missed, today)
            queued += await self.repo.queue_reminders(
                [
                    _stage(due_on, stage, days, today, rule, expires.isoformat(), start)
                    for due_on, (stage, days) in stages.items()
                ],
                programs=programs,
                except_programs=excluded,
                loan_id=loan_id,
                at_hour=at_hour,
                at_default=at_default,
                alert_at=to_db(max(start, now)) or "",
                now=now,
            )
        return queued

    async def nudge(self, loans: Sequence[Loan], by: int) -> int:
        """A coordinator's reminder to late borrowers: at most one a day per loan."""
        today = self.today()
        sent = 0
        for loan in loans[:NUDGE_LIMIT]:
            if loan.user_id is None:
                continue
            state = await self.state(loan)
            if not state.overdue:
                continue
            sent += await self._notifier.notify(
                loan.user_id,
                "loan-nudge",
                idempotency_key=f"loan:{loan.id}:nudge:{today.isoformat()}",
                buttons=[[("loan-paid-button", link(To.loan_paid, loan=loan.id))]],
                contract=loan.contract,
                amount=Money(state.overdue),
                days=state.dpd,
            )
        log.info("user %s nudged %d late borrower(s)", by, sent)
        return sent


def _notices(
    due: DueInstalment,
    stage: str,
    days: int,
    today: date,
    rule: ReminderRule,
    expires: str,
    at: datetime,
) -> list[NewMessage]:
    """What the planner queues about one instalment owed: the reminder to the borrower (at
    `at`) and, on the last overdue day of the rule, the alert to the loan's coordinator."""
    key = f"loan:{due.loan_id}:inst:{due.n}"
    args = encode_args(
        {
            "amount": Money(due.left),
            "due": due.due_on,
            "days": days if stage == "due" else (today - due.due_on).days,
            "contract": due.contract,
        }
    )
    # Reminders before the date may be muted; the due day and overdue ones not.
    if stage == "due":
        message = "loan-remind-due" if days == 0 else "loan-remind-before"
        event = f"due-{days}d"
    else:
        message, event = "loan-remind-overdue", f"overdue-{days}d"
    rows = [
        _queued(
            due.user_id,
            f"{key}:{event}",
            at,
            message,
            args,
            ("loan-paid-button", link(To.loan_paid, loan=due.loan_id)),
            kind=NUDGE if message == "loan-remind-before" else REMINDER,
            expires=expires,
        )
    ]
    if (
        stage == "overdue"
        and days == rule.escalate_after
        and due.coordinator_id is not None
        and due.coordinator_id != due.user_id
    ):
        name = html.escape(due.borrower_name or due.contract)
        rows.append(
            _queued(
                due.coordinator_id,
                f"{key}:escalate-{days}d",
                at,
                "loan-admin-escalation",
                {**args, "name": name},
                ("loan-admin-open-button", link(To.loan_admin_card, loan=due.loan_id)),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class DueInstalment:
    """An instalment owed, as `_notices` reads it."""

    loan_id: int
    n: int
    due_on: date
    left: int
    user_id: int
    contract: str
    coordinator_id: int | None
    borrower_name: str | None


# Stand-ins for an instalment's own values: `_notices` of an instalment made of them gives the
# notices of the stage with holes where the database puts each instalment's values.
_LOAN, _N, _LEFT, _PERSON = (9_000_000_000_000_000_000 + k for k in range(1, 5))
_CONTRACT, _NAME = "\ue000contract\ue000", "\ue000name\ue000"
_HOLES = {
    str(_LOAN): "loan",
    str(_N): "n",
    str(_LEFT): "left",
    json.dumps(_CONTRACT, ensure_ascii=False): "contract",
    json.dumps(_NAME, ensure_ascii=False): "name",
}
_HOLE_RE = re.compile("(" + "|".join(map(re.escape, _HOLES)) + ")")


def _template(text: str) -> Template:
    return tuple(_HOLES[p] if i % 2 else p for i, p in enumerate(_HOLE_RE.split(text)))


def _stage(
    due_on: date,
    stage: str,
    days: int,
    today: date,
    rule: ReminderRule,
    expires: str,
    at: datetime,
) -> Stage:
    """The notices of the instalments due on `due_on`, as templates of the text the outbox
    stores (the payload as `Outbox` serialises it); their moments are the query's."""
    stand_in = DueInstalment(_LOAN, _N, due_on, _LEFT, _PERSON, _CONTRACT, _PERSON + 1, _NAME)
    notices = [
        Notice(
            key=_template(row.key),
            payload=_template(json.dumps(row.payload, ensure_ascii=False)),
            kind=row.kind,
            urgent=row.urgent,
            priority=row.priority,
        )
        for row in _notices(stand_in, stage, days, today, rule, expires, at)
    ]
    return Stage(due_on, notices[0], notices[1] if len(notices) > 1 else None)


def _queued(
    recipient: int,
    key: str,
    not_before: datetime,
    text: str,
    args: dict[str, Any],
    button: tuple[str, Link],
    *,
    kind: str | None = None,
    expires: str | None = None,
) -> NewMessage:
    """A localised message to queue (`text` with `args`) with one button; of a `kind` the
    person may mute or move, dropped when unsent by `expires`, if given."""
    payload: dict[str, Any] = {"class": kind} if kind is not None else {}
    payload |= {"key": text, "args": args}
    if expires is not None:
        payload["expires"] = expires
    payload["buttons"] = [[[button[0], button[1].encode()]]]
    return NewMessage(
        recipient=recipient, kind=KIND_L10N, key=key, not_before=not_before, payload=payload
    )


def _with_args(payload: dict[str, Any], *, key: str | None = None, **args: Any) -> dict[str, Any]:
    """A queued message's payload with some arguments (and the key) replaced."""
    changed = {**payload, "args": {**payload.get("args", {}), **encode_args(args)}}
    if key is not None:
        changed["key"] = key
    return changed
