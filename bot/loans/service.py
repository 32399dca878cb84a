"""Loans, the moving part: opening loans (wizard, import, an approved application), invites,
payments reported and decided, allocation, the borrower told; the rules of each in one place.
The pure rules live in `bot.loans.schedule` (and `imports` for files); reminders and the
morning digest in `bot.loans.reminders`; the coordinator's figures in `bot.loans.portfolio`;
SQL in `storage.loans`. Handlers get the record types they show from here.

Reminders (`bot.loans.reminders`): planned each local day once, early, for the instalments due on
the few dates that matter; sent from 10:00 local time and dropped if unsent at midnight. A
payment that covers an instalment cancels what is still pending for it; a loan opened, linked or
changed during the day gets that day's reminders at once (`plan_loan`).
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.access import Access
from bot.core.catalogue import Catalogue, Program
from bot.core.clock import Clock
from bot.core.i18n import Money
from bot.core.regions import regions
from bot.delivery.engine import Notifier
from bot.delivery.links import To, link
from bot.delivery.preferences import PreferenceService
from bot.loans.audience import BORROWER_SEGMENT as BORROWER_SEGMENT
from bot.loans.audience import OverdueAudienceFilter as OverdueAudienceFilter
from bot.loans.imports import ParsedFile, ProgramName, RegionName, read_import_file, validate_rows
from bot.loans.portfolio import LoanPortfolio
from bot.loans.reminders import REMIND_AT, LoanReminders
from bot.loans.schedule import (
    LoanDraft,
    Opening,
    Refused,
    ReminderRule,
    Terms,
    add_months,
    allocate,
    build_schedule,
    default_first_due,
    new_invite_code,
    opening,
    payment_date_error,
)
from bot.loans.state import LoanState as LoanState
from storage.applications import Application
from storage.db import Database
from storage.loans import ContractExists as ContractExists
from storage.loans import LateLoan as LateLoan
from storage.loans import Loan as Loan
from storage.loans import LoanRepo, NewLoan
from storage.loans import Payment as Payment
from storage.loans import Scope as Scope
from storage.outbox import PRIORITY_REPLY, Outbox
from storage.users import AuditLog, UserRepo

log = logging.getLogger(__name__)

DEMO_CONTRACT = "ZH-DEMO-001"


class LoanError(Exception):
    """A request the loan's state refuses: `key` is a Fluent key suffix, `args` its arguments."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.details = args


@dataclass(frozen=True, slots=True)
class ImportCheck:
    """What an import file holds: rows ready to import, rows refused and why, and for each
    good row what its loan will look like on the first morning after the import."""

    parsed: ParsedFile
    good: tuple[tuple[int, LoanDraft], ...]
    refused: tuple[Refused, ...]
    morning: date | None = None
    openings: tuple[Opening, ...] = ()


class LoanService(LoanPortfolio, LoanReminders):
    def __init__(
        self,
        db: Database,
        repo: LoanRepo,
        catalogue: Catalogue,
        outbox: Outbox,
        notifier: Notifier,
        users: UserRepo,
        audit: AuditLog,
        clock: Clock,
        zone: ZoneInfo,
        preferences: PreferenceService,
    ) -> None:
        self._db = db
        self._prefs = preferences
        self.repo = repo
        self.catalogue = catalogue
        self._outbox = outbox
        self._notifier = notifier
        self._users = users
        self._audit = audit
        self._clock = clock
        self.zone = zone
        # Whatever queued a loan notice, it is checked against the loan when it is sent.
        notifier.check_before_send("loan:", self._recheck)

    def now(self) -> datetime:
        return self._clock.now()

    def today(self) -> date:
        return self.now().astimezone(self.zone).date()

    # -- scope --------------------------------------------------------------------------------

    @staticmethod
    def scope_of(access: Access) -> Scope:
        """The (program, region) pairs this person coordinates; None for everything."""
        if access.is_admin:
            return None
        grants = tuple((g.program, g.region) for g in access.grants if g.role == "coordinator")
        if any(p is None and r is None for p, r in grants):
            return None
        return grants

    @staticmethod
    def manages(access: Access, loan: Loan) -> bool:
        return access.coordinates(program=loan.program, region=loan.region)

    def loan_programs(self, access: Access | None = None) -> list[Program]:
        """Loan programs in the catalogue, those this person coordinates somewhere if given."""
        found = [p for p in self.catalogue if p.kind == "loan"]
        if access is None:
            return found
        return [
            p
            for p in found
            if any(access.coordinates(program=p.code, region=r.code) for r in regions())
        ]

    # -- opening loans ------------------------------------------------------------------------

    async def create(self, draft: LoanDraft, by: int, *, announce: bool = True) -> Loan:
        """A loan and its schedule. Linked at once when the borrower is known (an approved
        application) and told (`announce`); otherwise it gets a one-time invite code."""
        schedule = build_schedule(draft.terms)
        invite = None if draft.user_id is not None else await self._free_code()
        terms = draft.terms
        loan = await self.repo.create(
            NewLoan(
                contract=draft.contract,
                program=draft.program,
                region=draft.region,
                borrower_name=draft.borrower_name,
                user_id=draft.user_id,
                invite_code=invite,
                principal=terms.principal,
                rate_bp=terms.rate_bp,
                disbursed_on=terms.disbursed_on,
                term_months=terms.term_months,
                grace_months=terms.grace_months,
                frequency=terms.frequency,
                first_due_on=terms.first_due_on,
                due_day=terms.anchor,
                from_fund=draft.from_fund,
                coordinator_id=by,
                application_id=draft.application_id,
                created_by=by,
                instalments=tuple((s.n, s.due_on, s.principal, s.interest) for s in schedule),
            ),
            self.now(),
        )
        await self._audited(
            by, "loan.create", loan, contract=loan.contract, principal=loan.principal
        )
        log.info("user %s opened loan %s (%s)", by, loan.id, loan.contract)
        if loan.user_id is not None:
            await self._linked(loan)
            if announce:
                await self._announce(loan, schedule[0].due_on, schedule[0].amount, len(schedule))
        return loan

    async def _announce(self, loan: Loan, first_due: date, first_amount: int, count: int) -> None:
        """The borrower hears that the loan is open: the amount, the schedule in one line, the
        first due date, and how to report a payment."""
        await self._tell_borrower(
            loan,
            "loan-notice-opened",
            "opened",
            principal=Money(loan.principal),
            count=count,
            first=Money(first_amount),
            due=first_due,
        )

    async def _free_code(self) -> str:
        for _ in range(20):
            code = new_invite_code()
            if await self.repo.by_invite(code) is None:
                return code
        raise RuntimeError("no free invite code after 20 tries")

    async def _linked(self, loan: Loan) -> None:
        """A borrower now has this loan: their region, today's reminders, a notice."""
        assert loan.user_id is not None
        if loan.region:
            await self._users.set_region_if_unset(loan.user_id, loan.region)
        await self.plan_loan(loan.id, self.now())

    async def new_invite(self, loan: Loan, by: int) -> Loan:
        code = await self._free_code()
        await self.repo.new_invite(loan.id, code, self.now())
        await self._audited(by, "loan.invite", loan)
        return await self.repo.require(loan.id)

    async def redeem(self, code: str, user_id: int) -> Loan:
        """Link the loan whose invite this is to the person using it, once."""
        loan = await self.repo.by_invite(code.strip().upper())
        if loan is None:
            raise LoanError("invite-unknown")
        if loan.user_id == user_id:
            raise LoanError("invite-mine", contract=loan.contract)
        if loan.user_id is not None or not await self.repo.link(loan.id, user_id, self.now()):
            log.warning("user %s used the invite of loan %s, already linked", user_id, loan.id)
            raise LoanError("invite-used")
        await self._audited(user_id, "loan.link", loan)
        linked = await self.repo.require(loan.id)
        await self._linked(linked)
        return linked

    async def check_import(self, data: bytes, filename: str, access: Access) -> ImportCheck:
        """Read and check every row (nothing is stored); `ImportFileError` for a bad file."""
        parsed = read_import_file(data, filename)
        programs = [
            ProgramName(p.code, (p.name.kk, p.name.ru)) for p in self.loan_programs(access)
        ]
        region_names = [RegionName(r.code, (r.kk, r.ru)) for r in regions()]
        candidates = []
        for row in parsed.rows:
            value = row.cells.get("contract")
            if value is not None:
                candidates.append(str(value).strip().upper().replace(" ", ""))
        existing = {c.casefold() for c in await self.repo.existing_contracts(candidates)}
        good, refused = validate_rows(
            parsed,
            programs=programs,
            regions=region_names,
            existing=existing,
            today=self.today(),
        )
        kept = []
        for number, draft in good:
            if access.coordinates(program=draft.program, region=draft.region):
                kept.append((number, draft))
            else:
                refused.append(Refused(number, draft.contract, "scope"))
        refused.sort(key=lambda r: r.number)
        # The first morning's reminders go out at REMIND_AT: today's if it has not come yet.
        now = self.now().astimezone(self.zone)
        morning = now.date() if now.time() < REMIND_AT else now.date() + timedelta(days=1)
        rules = await self.rules()
        openings = tuple(
            opening(draft, morning, rules.get(draft.program, ReminderRule())) for _, draft in kept
        )
        return ImportCheck(parsed, tuple(kept), tuple(refused), morning, openings)

    async def import_loans(
        self, check: ImportCheck, by: int
    ) -> tuple[list[tuple[int, Loan]], list[Refused]]:
        """Create the checked rows' loans in one transaction: all of them, or — on an
        unexpected error — none. A contract number taken meanwhile is refused alone. What a
        row says was repaid is booked through `record` as imported payments (confirmed, marked
        so, nobody told), allocated oldest first like any payment."""
        created: list[tuple[int, Loan]] = []
        refused = list(check.refused)
        async with self._db.transaction():
            for number, draft in check.good:
                try:
                    loan = await self.create(draft, by)
                except ContractExists:
                    refused.append(Refused(number, draft.contract, "duplicate"))
                    continue
                for paid_on, amount in draft.history:
                    await self.record(loan, by, amount, paid_on, imported=True)
                created.append((number, await self.repo.require(loan.id)))
        refused.sort(key=lambda r: r.number)
        log.info("user %s imported %d loan(s), %d refused", by, len(created), len(refused))
        return created, refused

    # -- reading ------------------------------------------------------------------------------

    async def state(self, loan: Loan) -> LoanState:
        return LoanState(
            loan,
            tuple(await self.repo.instalments(loan.id)),
            tuple(await self.repo.payments_of(loan.id)),
            self.today(),
        )

    async def own(self, user_id: int, loan_id: int) -> Loan | None:
        """The loan if it is this person's."""
        loan = await self.repo.get(loan_id)
        return loan if loan is not None and loan.user_id == user_id else None

    async def of_user(self, user_id: int) -> list[Loan]:
        return await self.repo.of_user(user_id)

    async def fresh(self, loan: Loan) -> Loan:
        """The loan as it is now (after a payment was booked)."""
        return await self.repo.require(loan.id)

    async def payments_of(self, loan: Loan) -> list[Payment]:
        return await self.repo.payments_of(loan.id)

    async def managed(self, access: Access, loan_id: int) -> Loan | None:
        """The loan if this person coordinates its program and region."""
        loan = await self.repo.get(loan_id) if loan_id else None
        return loan if loan is not None and self.manages(access, loan) else None

    async def managed_payment(
        self, access: Access, payment_id: int, loan_id: int
    ) -> tuple[Payment, Loan] | None:
        """The payment and its loan, if it is a payment of loan `loan_id` and this person
        coordinates that loan."""
        payment = await self.repo.payment(payment_id) if payment_id else None
        if payment is None or payment.loan_id != loan_id:
            return None
        loan = await self.managed(access, payment.loan_id)
        return (payment, loan) if loan is not None else None

    async def of_application(self, application_id: int) -> Loan | None:
        """The loan already opened for an application, if any."""
        return await self.repo.by_application(application_id)

    async def contract_taken(self, contract: str) -> bool:
        return await self.repo.by_contract(contract) is not None

    # -- payments -----------------------------------------------------------------------------

    def check_paid_on(self, loan: Loan, paid_on: date) -> None:
        error = payment_date_error(paid_on, loan.disbursed_on, self.today())
        if error == "date-before":
            raise LoanError(error, disbursed=loan.disbursed_on)
        if error is not None:
            raise LoanError(error)

    async def room(self, loan: Loan) -> int:
        """How much more can be reported: the outstanding balance less what awaits a decision."""
        return max(loan.outstanding - await self.repo.reported_total(loan.id), 0)

    async def report(
        self,
        loan: Loan,
        user_id: int,
        amount: int,
        paid_on: date,
        receipt: tuple[str, str, str | None],
    ) -> Payment:
        """The borrower's "I paid": stored as reported, the coordinator told."""
        if loan.user_id != user_id:
            raise LoanError("not-yours")
        self.check_paid_on(loan, paid_on)
        room = await self.room(loan)
        if amount > room:
            raise LoanError("amount-over", outstanding=Money(room))
        payment = await self.repo.add_payment(
            loan.id,
            amount=amount,
            paid_on=paid_on,
            status="reported",
            source="borrower",
            created_by=user_id,
            now=self.now(),
            receipt=receipt,
        )
        await self._audited(
            user_id, "loan.payment.report", loan, payment=payment.id, amount=amount
        )
        coordinator = loan.coordinator_id or loan.created_by
        if coordinator is not None and await self._users.get(coordinator) is not None:
            await self._notifier.notify(
                coordinator,
                "loan-admin-notice-reported",
                idempotency_key=f"loan:{loan.id}:pay:{payment.id}:reported",
                priority=PRIORITY_REPLY,
                buttons=[
                    [
                        (
                            "loan-admin-open-payment-button",
                            link(To.loan_admin_payment, loan=loan.id, payment=payment.id),
                        )
                    ]
                ],
                contract=loan.contract,
                name=html.escape(loan.name),
                amount=Money(amount),
                date=paid_on,
            )
        log.info("loan %s: payment %s reported by the borrower", loan.id, payment.id)
        return payment

    async def confirm(self, payment: Payment, by: int, amount: int | None = None) -> Payment:
        """A reported payment confirmed, with the coordinator's correction of the amount if
        any; the money is allocated and the borrower told."""
        final = amount if amount is not None else payment.amount
        if final <= 0:
            raise LoanError("amount-zero")
        async with self._db.transaction():
            loan = await self.repo.require(payment.loan_id)
            if final > loan.outstanding:
                raise LoanError("amount-over", outstanding=Money(loan.outstanding))
            if not await self.repo.decide(
                payment.id, "confirmed", by=by, now=self.now(), amount=final
            ):
                raise LoanError("decided")
            await self._settle(loan, final, payment.paid_on)
            await self._audited(
                by,
                "loan.payment.confirm",
                loan,
                payment=payment.id,
                amount=final,
                reported=payment.amount,
            )
        await self._celebrate(loan)
        decided = await self.repo.payment(payment.id)
        assert decided is not None
        corrected = final != payment.amount
        await self._tell_borrower(
            loan,
            "loan-notice-corrected" if corrected else "loan-notice-confirmed",
            f"pay:{payment.id}:confirmed",
            amount=Money(final),
            date=payment.paid_on,
            **({"reported": Money(payment.amount)} if corrected else {}),
        )
        return decided

    async def reject(self, payment: Payment, by: int, reason: str) -> Payment:
        loan = await self.repo.require(payment.loan_id)
        async with self._db.transaction():
            if not await self.repo.decide(
                payment.id, "rejected", by=by, now=self.now(), reason=reason
            ):
                raise LoanError("decided")
            await self._audited(by, "loan.payment.reject", loan, payment=payment.id, reason=reason)
        return await self._told(loan, payment, "loan-notice-rejected", "rejected", reason)

    async def record(
        self,
        loan: Loan,
        by: int,
        amount: int,
        paid_on: date,
        *,
        imported: bool = False,
        announce: bool = True,
    ) -> Payment:
        """Money the fund received, confirmed at once: a payment a coordinator saw on the bank
        statement (the borrower is told unless `announce` is off), or what an imported
        portfolio says was repaid before the loan came into the bot (`imported`: marked so,
        nobody told). Every confirmed payment
        that does not come from a borrower's report is booked here — seeds and imports too —
        so the allocation and the notices still queued follow it."""
        if amount <= 0:
            raise LoanError("amount-zero")
        self.check_paid_on(loan, paid_on)
        fresh = await self.repo.require(loan.id)
        if amount > fresh.outstanding:
            raise LoanError("amount-over", outstanding=Money(fresh.outstanding))
        async with self._db.transaction():
            payment = await self.repo.add_payment(
                loan.id,
                amount=amount,
                paid_on=paid_on,
                status="confirmed",
                source="coordinator",
                created_by=by,
                now=self.now(),
                imported=imported,
            )
            await self._settle(fresh, amount, paid_on)
            await self._audited(
                by,
                "loan.payment.import" if imported else "loan.payment.record",
                loan,
                payment=payment.id,
                amount=amount,
            )
        if imported or not announce:
            return payment
        await self._celebrate(fresh)
        await self._tell_borrower(
            fresh,
            "loan-notice-recorded",
            f"pay:{payment.id}:recorded",
            amount=Money(amount),
            date=paid_on,
        )
        return payment

    async def reverse(self, payment: Payment, by: int, reason: str) -> Payment:
        """A confirmed payment that was wrong: cancelled (never deleted) with a reason, and the
        money allocated again without it."""
        loan = await self.repo.require(payment.loan_id)
        async with self._db.transaction():
            if not await self.repo.reverse(payment.id, by=by, reason=reason, now=self.now()):
                raise LoanError("not-confirmed")
            await self._settle(loan, -payment.amount, payment.paid_on)
            await self._audited(
                by,
                "loan.payment.reverse",
                loan,
                payment=payment.id,
                amount=payment.amount,
                reason=reason,
            )
        await self.plan_loan(loan.id, self.now())  # what is owed again is reminded again
        return await self._told(loan, payment, "loan-notice-reversed", "reversed", reason)

    async def _audited(self, by: int | None, action: str, loan: Loan, **details: Any) -> None:
        """An entry of the audit log about the loan, stamped now."""
        await self._audit.record(
            actor_id=by, action=action, subject=f"loan:{loan.id}", now=self.now(), details=details
        )

    async def _told(
        self, loan: Loan, payment: Payment, notice: str, event: str, reason: str
    ) -> Payment:
        """The borrower told of a decision on their payment (with its reason); the payment as
        it is now."""
        await self._tell_borrower(
            loan,
            notice,
            f"pay:{payment.id}:{event}",
            amount=Money(payment.amount),
            date=payment.paid_on,
            reason=html.escape(reason),
        )
        found = await self.repo.payment(payment.id)
        assert found is not None
        return found

    async def _settle(self, loan: Loan, delta: int, paid_on: date) -> None:
        """Allocate the loan's confirmed money again, oldest instalment first; the month's
        total changes by `delta`. In the same transaction, the reminders still queued for
        instalments now covered are dropped; the others are restated when they are sent
        (`_recheck`)."""
        instalments = await self.repo.instalments(loan.id)
        total = await self.repo.confirmed_total(loan.id)
        paid = allocate([i.amount for i in instalments], total)
        changed = [(i.n, new) for i, new in zip(instalments, paid, strict=True) if new != i.paid]
        covered = [
            i.n
            for i, new in zip(instalments, paid, strict=True)
            if new >= i.amount and not i.covered
        ]
        await self.repo.store_allocation(loan.id, changed, total, self.now())
        await self.repo.add_monthly(loan.program, loan.region, paid_on.strftime("%Y-%m"), delta)
        for n in covered:
            await self._notifier.cancel(f"loan:{loan.id}:inst:{n}:")

    async def _celebrate(self, loan: Loan) -> None:
        """A loan that the last payment repaid in full: the borrower is congratulated."""
        fresh = await self.repo.require(loan.id)
        if fresh.status == "repaid" and loan.status != "repaid":
            await self._tell_borrower(
                fresh, "loan-notice-repaid", "repaid", amount=Money(fresh.total_due)
            )

    async def _tell_borrower(self, loan: Loan, key: str, event: str, **args: Any) -> None:
        if loan.user_id is None:
            return
        await self._notifier.notify(
            loan.user_id,
            key,
            idempotency_key=f"loan:{loan.id}:{event}",
            priority=PRIORITY_REPLY,
            buttons=[[("loan-open-button", link(To.loan_open, loan=loan.id))]],
            contract=loan.contract,
            **args,
        )

    # -- hooks --------------------------------------------------------------------------------

    async def application_approved(
        self, application: Application, program: Program, by: int
    ) -> None:
        """The applications hook: the approving coordinator gets a button that opens the new
        loan wizard with the borrower and the program filled in."""
        name = str(application.answers.get("full_name") or "") or f"#{application.id}"
        await self._notifier.notify(
            by,
            "loan-admin-notice-approved",
            idempotency_key=f"loan:app:{application.id}:approved",
            priority=PRIORITY_REPLY,
            buttons=[
                [
                    (
                        "loan-admin-open-wizard-button",
                        link(To.loan_admin_from_application, application=application.id),
                    )
                ]
            ],
            number=application.reference,
            program=program.name,
            name=html.escape(name),
        )

    async def erase_person(self, user_id: int, now: datetime) -> None:
        await self.repo.erase_person(user_id, now)

    # -- seed-demo ----------------------------------------------------------------------------

    async def seed_demo(self, borrower: int, coordinator: int) -> list[str]:
        """A «Жарқыра» loan of the demo borrower, four months old, three instalments paid.
        Idempotent: the contract number is the key."""
        loan = await self.repo.by_contract(DEMO_CONTRACT)
        if loan is None:
            program = self.catalogue.get("zharkyra")
            if program is None or program.kind != "loan":
                return ["loan: no «zharkyra» loan program in the catalogue, none seeded"]
            disbursed = add_months(self.today(), -4)
            terms = Terms(
                principal=3_000_000,
                disbursed_on=disbursed,
                first_due_on=default_first_due(disbursed, 0, "monthly"),
                due_day=disbursed.day,
            )
            draft = LoanDraft(
                DEMO_CONTRACT,
                "Гүлнар Әбдірахманова",
                program.code,
                "atyrau",
                terms,
                user_id=borrower,
            )
            # Through the same methods as the coordinator's screens: the payments cancel the
            # reminders the opening planned, like any other payment would.
            async with self._db.transaction():
                loan = await self.create(draft, coordinator, announce=False)
                for item in (await self.repo.instalments(loan.id))[:3]:
                    await self.record(loan, coordinator, item.amount, item.due_on, announce=False)
            loan = await self.repo.require(loan.id)
        return [
            f"loan {loan.contract}: {loan.name}, {loan.principal} ₸, {loan.repaid} ₸ repaid,"
            f" borrower {loan.user_id}"
        ]
