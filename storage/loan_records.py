"""The loans' records as the repositories return them (frozen dataclasses), their errors, and
how a row becomes one; `storage.loans` holds the queries and re-exports these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, TypeVar

from storage.db import Row, from_db, record

PaymentStatus = Literal["reported", "confirmed", "rejected", "reversed"]
Scope = tuple[tuple[str | None, str | None], ...] | None


@dataclass(frozen=True, slots=True)
class Loan:
    id: int
    contract: str
    program: str
    region: str | None
    borrower_name: str | None
    user_id: int | None
    invite_code: str | None
    invite_used_at: datetime | None
    principal: int
    rate_bp: int
    disbursed_on: date
    term_months: int
    grace_months: int
    frequency: str
    first_due_on: date
    due_day: int
    from_fund: bool
    total_due: int
    repaid: int
    status: str  # 'active' | 'repaid'
    coordinator_id: int | None
    application_id: int | None
    created_by: int | None
    created_at: datetime

    @property
    def outstanding(self) -> int:
        return self.total_due - self.repaid

    @property
    def name(self) -> str:
        """How the loan is called on screens: the borrower, or the contract once erased."""
        return self.borrower_name or self.contract


@dataclass(frozen=True, slots=True)
class Instalment:
    loan_id: int
    n: int
    due_on: date
    principal: int
    interest: int
    amount: int
    paid: int

    @property
    def left(self) -> int:
        return self.amount - self.paid

    @property
    def covered(self) -> bool:
        return self.paid >= self.amount


@dataclass(frozen=True, slots=True)
class Payment:
    id: int
    loan_id: int
    amount: int
    reported_amount: int | None
    paid_on: date
    status: PaymentStatus
    source: str  # 'borrower' | 'coordinator'
    receipt_kind: str | None
    receipt_file_id: str | None
    receipt_name: str | None
    reason: str | None
    created_by: int | None
    created_at: datetime
    decided_by: int | None
    decided_at: datetime | None
    reversed_by: int | None
    reversed_at: datetime | None
    imported: bool = False  # an opening balance brought in with an imported portfolio


@dataclass(frozen=True, slots=True)
class Waiting:
    """Reported payments a coordinator has not decided yet: how many, since when."""

    coordinator_id: int
    count: int
    oldest: datetime


@dataclass(frozen=True, slots=True)
class NewLoan:
    contract: str
    program: str
    region: str | None
    borrower_name: str
    user_id: int | None
    invite_code: str | None
    principal: int
    rate_bp: int
    disbursed_on: date
    term_months: int
    grace_months: int
    frequency: str
    first_due_on: date
    due_day: int
    from_fund: bool
    coordinator_id: int | None
    application_id: int | None
    created_by: int | None
    instalments: tuple[tuple[int, date, int, int], ...]  # (n, due on, principal, interest)


@dataclass(frozen=True, slots=True)
class PortfolioFigures:
    loans: int
    repaid_loans: int
    disbursed: int
    total_due: int
    repaid: int
    overdue: int
    late_loans: int
    par: tuple[int, int, int]
    buckets: tuple[tuple[int, int], ...]  # (loans, outstanding) per bucket, current first
    relent: int


@dataclass(frozen=True, slots=True)
class LateLoan:
    loan: Loan
    overdue: int
    oldest_due: date


class ContractExists(Exception):
    pass


class LoanNotFound(LookupError):
    pass


LOAN_COLUMNS = (
    "l.id, l.contract, l.program, l.region, l.borrower_name, l.user_id, l.invite_code,"
    " l.invite_used_at, l.principal, l.rate_bp, l.disbursed_on, l.term_months, l.grace_months,"
    " l.frequency, l.first_due_on, l.due_day, l.from_fund, l.total_due, l.repaid, l.status,"
    " l.coordinator_id, l.application_id, l.created_by, l.created_at"
)
PAYMENT_COLUMNS = (
    "p.id, p.loan_id, p.amount, p.reported_amount, p.paid_on, p.status, p.source,"
    " p.receipt_kind, p.receipt_file_id, p.receipt_name, p.reason, p.created_by, p.created_at,"
    " p.decided_by, p.decided_at, p.reversed_by, p.reversed_at, p.imported"
)


R = TypeVar("R")


def _moment(value: str) -> datetime:
    moment = from_db(value)
    assert moment is not None
    return moment


def loan_of(row: Row) -> Loan:
    return record(
        Loan,
        row,
        invite_used_at=from_db,
        disbursed_on=date.fromisoformat,
        first_due_on=date.fromisoformat,
        from_fund=bool,
        created_at=_moment,
    )


def payment_of(row: Row) -> Payment:
    return record(
        Payment,
        row,
        paid_on=date.fromisoformat,
        created_at=_moment,
        decided_at=from_db,
        reversed_at=from_db,
        imported=bool,
    )


def instalment_of(row: Row) -> Instalment:
    return record(Instalment, row, due_on=date.fromisoformat)


# Loans with an instalment due before a date (the parameter) and not covered: the oldest such due
# date and what is owed of them. The owed instalments are read from `loan_instalments_owed` first
# (MATERIALIZED: SQLite ≥ 3.35, PostgreSQL ≥ 12); grouped directly, SQLite would walk the whole
# schedule in primary-key order to save a sort — 0.42 s instead of 0.04 s at 6M rows.
