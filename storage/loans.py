"""Loans, their schedules and payments, the reminder rules, and the portfolio's aggregates.

Figures over the whole portfolio are SQL aggregates (SUM/COUNT with CASE), never loops over
instalments in Python: the reminder planner and the overdue figures read only the instalments
still owed (`loan_instalments_owed`, a partial index on due_on), and repayments by month come
from `loan_repayments_monthly`, kept with the payments.

Scope: coordinators see the loans their grants cover (`Scope`: (program, region) pairs, None in
a pair meaning any; `None` for the whole scope meaning everything). Every query that lists or
sums loans for a person takes their scope.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from storage.db import Database, found, from_db, to_db
from storage.loan_records import LOAN_COLUMNS as _LOAN_COLUMNS
from storage.loan_records import PAYMENT_COLUMNS as _PAYMENT_COLUMNS
from storage.loan_records import ContractExists as ContractExists
from storage.loan_records import Instalment as Instalment
from storage.loan_records import LateLoan as LateLoan
from storage.loan_records import Loan as Loan
from storage.loan_records import LoanNotFound as LoanNotFound
from storage.loan_records import NewLoan as NewLoan
from storage.loan_records import Payment as Payment
from storage.loan_records import PaymentStatus as PaymentStatus
from storage.loan_records import PortfolioFigures as PortfolioFigures
from storage.loan_records import Scope as Scope
from storage.loan_records import Waiting as Waiting
from storage.loan_records import instalment_of as _instalment
from storage.loan_records import loan_of as _loan
from storage.loan_records import payment_of as _payment
from storage.loan_reminders import Notice as Notice
from storage.loan_reminders import Stage as Stage
from storage.loan_reminders import Template as Template
from storage.loan_reminders import insert_sql

_CHUNK = 500
_STAGES = 100  # the planner's stages per statement
_LATE_CTE = (
    "WITH owed AS MATERIALIZED (SELECT i.loan_id, i.due_on, i.amount - i.paid AS left_"
    " FROM loan_instalments i WHERE i.paid < i.amount AND i.due_on < ?),"
    " late AS (SELECT loan_id, MIN(due_on) AS oldest, SUM(left_) AS owed"
    " FROM owed GROUP BY loan_id)"
)


def scope_condition(
    scope: Scope, program: str | None = None, region: str | None = None
) -> tuple[str, tuple[Any, ...]]:
    """SQL over `loans l`: inside this scope, and of this program and region if given."""
    clauses: list[str] = []
    params: list[Any] = []
    if scope is not None:
        alternatives = []
        for grant_program, grant_region in scope:
            parts = []
            if grant_program is not None:
                parts.append("l.program = ?")
                params.append(grant_program)
            if grant_region is not None:
                parts.append("l.region = ?")
                params.append(grant_region)
            alternatives.append("(" + (" AND ".join(parts) or "1 = 1") + ")")
        clauses.append("(" + (" OR ".join(alternatives) or "1 = 0") + ")")
    if program is not None:
        clauses.append("l.program = ?")
        params.append(program)
    if region is not None:
        clauses.append("l.region = ?")
        params.append(region)
    return " AND ".join(clauses) or "1 = 1", tuple(params)


# -- the broadcasts' audiences: conditions on `users u` ------------------------------------------

BORROWER_SEGMENT = "EXISTS (SELECT 1 FROM loans l WHERE l.user_id = u.id AND l.status = 'active')"


def overdue_condition(cutoff: date, program: str | None) -> tuple[str, tuple[Any, ...]]:
    """People with an active loan (of `program`, or any) with an instalment due on or before
    `cutoff` and not covered."""
    sql = (
        "EXISTS (SELECT 1 FROM loans l JOIN loan_instalments i ON i.loan_id = l.id"
        " WHERE l.user_id = u.id AND l.status = 'active' AND i.paid < i.amount"
        " AND i.due_on <= ?" + (" AND l.program = ?" if program else "") + ")"
    )
    return sql, (cutoff.isoformat(), program) if program else (cutoff.isoformat(),)


class LoanRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def transaction(self) -> Any:
        return self._db.transaction()

    # -- loans --------------------------------------------------------------------------------

    async def create(self, new: NewLoan, now: datetime) -> Loan:
        """The loan and its schedule, in one transaction. `ContractExists` if the number is."""
        stamp = to_db(now)
        total = sum(p + i for _, _, p, i in new.instalments)
        async with self._db.transaction():
            if await self._db.fetchval("SELECT 1 FROM loans WHERE contract = ?", (new.contract,)):
                raise ContractExists(new.contract)
            loan_id = await self._db.insert(
                "INSERT INTO loans (contract, program, region, borrower_name, user_id,"
                " invite_code, invite_used_at, principal, rate_bp, disbursed_on, term_months,"
                " grace_months, frequency, first_due_on, due_day, from_fund, total_due,"
                " coordinator_id, application_id, created_by, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new.contract,
                    new.program,
                    new.region,
                    new.borrower_name,
                    new.user_id,
                    new.invite_code,
                    stamp if new.user_id is not None else None,
                    new.principal,
                    new.rate_bp,
                    new.disbursed_on.isoformat(),
                    new.term_months,
                    new.grace_months,
                    new.frequency,
                    new.first_due_on.isoformat(),
                    new.due_day,
                    1 if new.from_fund else 0,
                    total,
                    new.coordinator_id,
                    new.application_id,
                    new.created_by,
                    stamp,
                    stamp,
                ),
            )
            await self._db.executemany(
                "INSERT INTO loan_instalments (loan_id, n, due_on, principal, interest, amount)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (loan_id, n, due.isoformat(), principal, interest, principal + interest)
                    for n, due, principal, interest in new.instalments
                ],
            )
        return await self.require(loan_id)

    async def get(self, loan_id: int) -> Loan | None:
        return await self._loan_where("l.id = ?", loan_id)

    async def _loan_where(self, condition: str, value: object) -> Loan | None:
        return await self._db.one(
            f"SELECT {_LOAN_COLUMNS} FROM loans l WHERE {condition}", (value,), _loan
        )

    async def require(self, loan_id: int) -> Loan:
        return found(await self.get(loan_id), LoanNotFound(loan_id))

    async def by_contract(self, contract: str) -> Loan | None:
        return await self._loan_where("l.contract = ?", contract)

    async def by_application(self, application_id: int) -> Loan | None:
        return await self._loan_where("l.application_id = ?", application_id)

    async def by_invite(self, code: str) -> Loan | None:
        return await self._loan_where("l.invite_code = ?", code)

    async def of_user(self, user_id: int) -> list[Loan]:
        rows = await self._db.fetchall(
            f"SELECT {_LOAN_COLUMNS} FROM loans l WHERE l.user_id = ? ORDER BY l.id", (user_id,)
        )
        return [_loan(r) for r in rows]

    async def existing_contracts(self, contracts: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(contracts))
        found: set[str] = set()
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            rows = await self._db.fetchall(
                f"SELECT contract FROM loans WHERE contract IN ({marks})", chunk
            )
            found.update(r[0] for r in rows)
        return found

    async def link(self, loan_id: int, user_id: int, now: datetime) -> bool:
        """Bind the loan to the person who used its invite; False if it is bound already."""
        return (
            await self._db.execute(
                "UPDATE loans SET user_id = ?, invite_used_at = ?, updated_at = ?"
                " WHERE id = ? AND user_id IS NULL",
                (user_id, to_db(now), to_db(now), loan_id),
            )
            > 0
        )

    async def new_invite(self, loan_id: int, code: str, now: datetime) -> None:
        """A fresh one-time code; the loan is unbound from whoever used the old one."""
        await self._db.execute(
            "UPDATE loans SET invite_code = ?, user_id = NULL, invite_used_at = NULL,"
            " updated_at = ? WHERE id = ?",
            (code, to_db(now), loan_id),
        )

    async def page(
        self, scope: Scope, program: str | None, region: str | None, *, limit: int, offset: int
    ) -> tuple[list[Loan], int]:
        where, params = scope_condition(scope, program, region)
        total = int(await self._db.fetchval(f"SELECT COUNT(*) FROM loans l WHERE {where}", params))
        rows = await self._db.fetchall(
            f"SELECT {_LOAN_COLUMNS} FROM loans l WHERE {where}"
            " ORDER BY l.status, l.contract LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [_loan(r) for r in rows], total

    # -- the schedule -------------------------------------------------------------------------

    async def instalments(self, loan_id: int) -> list[Instalment]:
        rows = await self._db.fetchall(
            "SELECT * FROM loan_instalments WHERE loan_id = ? ORDER BY n", (loan_id,)
        )
        return [_instalment(r) for r in rows]

    async def store_allocation(
        self, loan_id: int, paid: Sequence[tuple[int, int]], repaid: int, now: datetime
    ) -> None:
        """New `paid` per instalment ((n, paid) for those that changed) and the loan's total;
        the loan is 'repaid' once nothing is left. Call inside the payment's transaction."""
        if paid:
            await self._db.executemany(
                "UPDATE loan_instalments SET paid = ? WHERE loan_id = ? AND n = ?",
                [(value, loan_id, n) for n, value in paid],
            )
        await self._db.execute(
            "UPDATE loans SET repaid = ?, updated_at = ?,"
            " status = CASE WHEN ? >= total_due THEN 'repaid' ELSE 'active' END WHERE id = ?",
            (repaid, to_db(now), repaid, loan_id),
        )

    # -- payments -----------------------------------------------------------------------------

    async def add_payment(
        self,
        loan_id: int,
        *,
        amount: int,
        paid_on: date,
        status: PaymentStatus,
        source: str,
        created_by: int | None,
        now: datetime,
        receipt: tuple[str, str, str | None] | None = None,  # (kind, file id, file name)
        imported: bool = False,
    ) -> Payment:
        stamp = to_db(now)
        decided = status == "confirmed"
        payment_id = await self._db.insert(
            "INSERT INTO loan_payments (loan_id, amount, paid_on, status, source, receipt_kind,"
            " receipt_file_id, receipt_name, created_by, created_at, decided_by, decided_at,"
            " imported) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                loan_id,
                amount,
                paid_on.isoformat(),
                status,
                source,
                receipt[0] if receipt else None,
                receipt[1] if receipt else None,
                receipt[2] if receipt else None,
                created_by,
                stamp,
                created_by if decided else None,
                stamp if decided else None,
                int(imported),
            ),
        )
        payment = await self.payment(payment_id)
        assert payment is not None
        return payment

    async def payment(self, payment_id: int) -> Payment | None:
        row = await self._db.fetchone(
            f"SELECT {_PAYMENT_COLUMNS} FROM loan_payments p WHERE p.id = ?", (payment_id,)
        )
        return None if row is None else _payment(row)

    async def payments_of(self, loan_id: int) -> list[Payment]:
        rows = await self._db.fetchall(
            f"SELECT {_PAYMENT_COLUMNS} FROM loan_payments p WHERE p.loan_id = ?"
            " ORDER BY p.paid_on DESC, p.id DESC",
            (loan_id,),
        )
        return [_payment(r) for r in rows]

    async def decide(
        self,
        payment_id: int,
        status: PaymentStatus,
        *,
        by: int,
        now: datetime,
        amount: int | None = None,
        reason: str | None = None,
    ) -> bool:
        """A reported payment confirmed (with a corrected amount, the reported one is kept) or
        rejected; False if it was decided meanwhile."""
        return (
            await self._db.execute(
                "UPDATE loan_payments SET status = ?, decided_by = ?, decided_at = ?, reason = ?,"
                " reported_amount = CASE WHEN CAST(? AS BIGINT) IS NOT NULL AND ? <> amount"
                " THEN amount ELSE reported_amount END, amount = COALESCE(?, amount)"
                " WHERE id = ? AND status = 'reported'",
                (status, by, to_db(now), reason, amount, amount, amount, payment_id),
            )
            > 0
        )

    async def reverse(self, payment_id: int, *, by: int, reason: str, now: datetime) -> bool:
        return (
            await self._db.execute(
                "UPDATE loan_payments SET status = 'reversed', reason = ?, reversed_by = ?,"
                " reversed_at = ? WHERE id = ? AND status = 'confirmed'",
                (reason, by, to_db(now), payment_id),
            )
            > 0
        )

    async def confirmed_total(self, loan_id: int) -> int:
        return int(
            await self._db.fetchval(
                "SELECT COALESCE(SUM(amount), 0) FROM loan_payments"
                " WHERE loan_id = ? AND status = 'confirmed'",
                (loan_id,),
            )
        )

    async def reported_total(self, loan_id: int) -> int:
        return int(
            await self._db.fetchval(
                "SELECT COALESCE(SUM(amount), 0) FROM loan_payments"
                " WHERE loan_id = ? AND status = 'reported'",
                (loan_id,),
            )
        )

    async def pending(
        self, scope: Scope, program: str | None, region: str | None, *, limit: int
    ) -> tuple[list[tuple[Payment, Loan]], int]:
        """Payments waiting for a coordinator, oldest first, and how many there are."""
        where, params = scope_condition(scope, program, region)
        base = (
            " FROM loan_payments p JOIN loans l ON l.id = p.loan_id"
            f" WHERE p.status = 'reported' AND {where}"
        )
        total = int(await self._db.fetchval(f"SELECT COUNT(*){base}", params))
        rows = await self._db.fetchall(
            f"SELECT {_PAYMENT_COLUMNS}, l.id AS lid{base} ORDER BY p.id LIMIT ?",
            (*params, limit),
        )
        found = []
        for row in rows:
            loan = await self.require(row["lid"])
            found.append((_payment(row), loan))
        return found, total

    async def waiting(
        self, reported_before: datetime, coordinator_id: int | None = None
    ) -> list[Waiting]:
        """Reported payments older than `reported_before`, per coordinator of their loan (the
        one told when they were reported); one coordinator's if given."""
        who = "COALESCE(l.coordinator_id, l.created_by)"
        extra = ""
        params: list[Any] = [to_db(reported_before)]
        if coordinator_id is not None:
            extra = f" AND {who} = ?"
            params.append(coordinator_id)
        rows = await self._db.fetchall(
            f"SELECT {who} AS who, COUNT(*) AS n, MIN(p.created_at) AS oldest"
            " FROM loan_payments p JOIN loans l ON l.id = p.loan_id"
            f" WHERE p.status = 'reported' AND p.created_at < ? AND {who} IS NOT NULL{extra}"
            f" GROUP BY {who} ORDER BY {who}",
            params,
        )
        found = []
        for row in rows:
            oldest = from_db(row["oldest"])
            assert oldest is not None
            found.append(Waiting(int(row["who"]), int(row["n"]), oldest))
        return found

    async def add_monthly(self, program: str, region: str | None, month: str, delta: int) -> None:
        await self._db.execute(
            "INSERT INTO loan_repayments_monthly (program, region, month, amount)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (program, region, month)"
            " DO UPDATE SET amount = loan_repayments_monthly.amount + excluded.amount",
            (program, region or "", month, delta),
        )

    async def monthly(
        self, scope: Scope, program: str | None, region: str | None, months: Sequence[str]
    ) -> dict[str, int]:
        """Confirmed repayments per 'YYYY-MM' of these months (zero where none)."""
        where, params = scope_condition(scope, program, region)
        marks = ", ".join("?" for _ in months)
        rows = await self._db.fetchall(
            f"SELECT l.month, SUM(l.amount) FROM loan_repayments_monthly l"
            f" WHERE l.month IN ({marks}) AND {where} GROUP BY l.month",
            (*months, *params),
        )
        found = dict.fromkeys(months, 0)
        for month, amount in rows:
            found[month] = int(amount)
        return found

    # -- the portfolio ------------------------------------------------------------------------

    async def portfolio(
        self,
        scope: Scope,
        program: str | None,
        region: str | None,
        *,
        today: date,
        par_from: Sequence[date],
        bucket_from: Sequence[date],
    ) -> PortfolioFigures:
        """Every figure of the portfolio in two aggregate queries.

        `par_from`: for PAR1/30/90, the latest oldest-due date that makes a loan count (today
        minus 1, 31, 91 days). `bucket_from`: the same for the DPD buckets after 'current',
        most recent first (today − 1, − 31, − 61, − 91)."""
        where, params = scope_condition(scope, program, region)
        totals = await self._db.fetchone(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN l.status = 'repaid' THEN 1 ELSE 0 END), 0),"
            " COALESCE(SUM(l.principal), 0), COALESCE(SUM(l.total_due), 0),"
            " COALESCE(SUM(l.repaid), 0),"
            " COALESCE(SUM(CASE WHEN l.from_fund = 1 THEN l.principal ELSE 0 END), 0)"
            f" FROM loans l WHERE {where}",
            params,
        )
        assert totals is not None
        par_sql = ", ".join(
            "COALESCE(SUM(CASE WHEN late.oldest <= ? THEN l.total_due - l.repaid ELSE 0 END), 0)"
            for _ in par_from
        )
        bounds = list(bucket_from)
        bucket_sql = []
        bucket_params: list[Any] = []
        for index, start in enumerate(bounds):
            end = bounds[index + 1] if index + 1 < len(bounds) else None
            condition = "late.oldest <= ?" + (" AND late.oldest > ?" if end else "")
            bucket_params += [start, end] if end else [start]
            bucket_sql.append(
                f"COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0),"
                f" COALESCE(SUM(CASE WHEN {condition} THEN l.total_due - l.repaid ELSE 0 END), 0)"
            )
            bucket_params += [start, end] if end else [start]
        late = await self._db.fetchone(
            _LATE_CTE
            + " SELECT COUNT(*), COALESCE(SUM(late.owed), 0), "
            + par_sql
            + ", "
            + ", ".join(bucket_sql)
            + f" FROM late JOIN loans l ON l.id = late.loan_id WHERE {where}",
            (
                today.isoformat(),
                *(d.isoformat() for d in par_from),
                *(d.isoformat() if isinstance(d, date) else d for d in bucket_params),
                *params,
            ),
        )
        assert late is not None
        values = [int(v) for v in late]
        late_count, overdue = values[0], values[1]
        par = values[2 : 2 + len(par_from)]
        pairs = values[2 + len(par_from) :]
        late_buckets = [(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2)]
        count, repaid_loans, disbursed, total_due, repaid, relent = (int(v) for v in totals)
        late_outstanding = sum(b[1] for b in late_buckets)
        current = (count - repaid_loans - late_count, total_due - repaid - late_outstanding)
        return PortfolioFigures(
            loans=count,
            repaid_loans=repaid_loans,
            disbursed=disbursed,
            total_due=total_due,
            repaid=repaid,
            overdue=overdue,
            late_loans=late_count,
            par=(par[0], par[1], par[2]),
            buckets=(current, *late_buckets),
            relent=relent,
        )

    async def late(
        self,
        scope: Scope,
        program: str | None,
        region: str | None,
        *,
        today: date,
        limit: int,
        offset: int = 0,
    ) -> tuple[list[LateLoan], int]:
        """Loans with an instalment due before today and not covered, the latest first."""
        where, params = scope_condition(scope, program, region)
        sql = (
            f"{_LATE_CTE} SELECT {_LOAN_COLUMNS}, late.oldest, late.owed,"
            " COUNT(*) OVER () AS total"
            f" FROM late JOIN loans l ON l.id = late.loan_id WHERE {where}"
            " ORDER BY late.oldest, l.id LIMIT ? OFFSET ?"
        )
        rows = await self._db.fetchall(sql, (today.isoformat(), *params, limit, offset))
        if not rows and offset:  # the page is gone (paid meanwhile): the first one instead
            rows = await self._db.fetchall(sql, (today.isoformat(), *params, limit, 0))
        total = int(rows[0]["total"]) if rows else 0
        return [
            LateLoan(_loan(r), int(r["owed"]), date.fromisoformat(r["oldest"])) for r in rows
        ], total

    # -- reminders ----------------------------------------------------------------------------

    async def queue_reminders(
        self,
        stages: Sequence[Stage],
        *,
        programs: Sequence[str] | None,
        except_programs: Sequence[str] = (),
        loan_id: int | None = None,
        at_hour: Sequence[str],
        at_default: str,
        alert_at: str,
        now: datetime,
    ) -> int:
        """The planner's write (`storage.loan_reminders`): for each stage, its notices about the
        instalments due then and not covered, of linked active loans, into the outbox by one
        INSERT … SELECT (keys already queued ignored), in the order of loan and instalment.
        `programs` None means every program but `except_programs`. A reminder goes out at
        `at_hour[h]` (UTC text) for a borrower who chose hour h, at `at_default` otherwise; an
        alert at `alert_at`. Returns how many rows were queued. (At most _STAGES stages a
        statement: SQLite's compound SELECT has at most 500 terms; only the days caught up
        after a long outage may need two.)"""
        queued = 0
        for first in range(0, len(stages), _STAGES):
            sql, params = insert_sql(
                stages[first : first + _STAGES],
                programs=programs,
                except_programs=except_programs,
                loan_id=loan_id,
                at_hour=at_hour,
                at_default=at_default,
                alert_at=alert_at,
                created=to_db(now) or "",
                postgres=self._db.is_postgres,
            )
            queued += await self._db.execute(sql, params)
        return queued

    async def planned(self, day: date) -> bool:
        return bool(
            await self._db.fetchval(
                "SELECT 1 FROM loan_plan_days WHERE day = ?", (day.isoformat(),)
            )
        )

    async def last_planned_before(self, day: date) -> date | None:
        value = await self._db.fetchval(
            "SELECT MAX(day) FROM loan_plan_days WHERE day < ?", (day.isoformat(),)
        )
        return None if value is None else date.fromisoformat(value)

    async def mark_planned(self, day: date, rows: int, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO loan_plan_days (day, rows, planned_at) VALUES (?, ?, ?)"
            " ON CONFLICT (day) DO NOTHING",
            (day.isoformat(), rows, to_db(now)),
        )

    async def rules(self) -> dict[str, tuple[str, str]]:
        rows = await self._db.fetchall("SELECT program, before, after FROM loan_reminder_rules")
        return {r[0]: (r[1], r[2]) for r in rows}

    async def set_rule(
        self, program: str, before: str, after: str, *, by: int, now: datetime
    ) -> None:
        await self._db.execute(
            "INSERT INTO loan_reminder_rules (program, before, after, updated_by, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (program) DO UPDATE SET"
            " before = excluded.before, after = excluded.after,"
            " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            (program, before, after, by, to_db(now)),
        )

    # -- exports ------------------------------------------------------------------------------

    async def export_batches(
        self, scope: Scope, program: str | None, region: str | None, *, size: int = _CHUNK
    ) -> AsyncIterator[tuple[list[Loan], list[Instalment], list[Payment]]]:
        """The loans of an export in contract order, `size` at a time, each batch with their
        instalments and payments: a keyset walk (`contract > last`), so a portfolio of any size
        is read with the memory of one batch, and the database is free between batches."""
        where, params = scope_condition(scope, program, region)
        after = ""
        while True:
            loans = [
                _loan(r)
                for r in await self._db.fetchall(
                    f"SELECT {_LOAN_COLUMNS} FROM loans l WHERE {where} AND l.contract > ?"
                    " ORDER BY l.contract LIMIT ?",
                    (*params, after, size),
                )
            ]
            if not loans:
                return
            ids = [loan.id for loan in loans]
            marks = ", ".join("?" for _ in ids)
            instalments = [
                _instalment(r)
                for r in await self._db.fetchall(
                    f"SELECT * FROM loan_instalments WHERE loan_id IN ({marks})"
                    " ORDER BY loan_id, n",
                    ids,
                )
            ]
            payments = [
                _payment(r)
                for r in await self._db.fetchall(
                    f"SELECT {_PAYMENT_COLUMNS} FROM loan_payments p"
                    f" WHERE p.loan_id IN ({marks}) ORDER BY p.loan_id, p.paid_on, p.id",
                    ids,
                )
            ]
            yield loans, instalments, payments
            if len(loans) < size:
                return
            after = loans[-1].contract

    # -- privacy ------------------------------------------------------------------------------

    async def erase_person(self, user_id: int, now: datetime) -> None:
        """The fund keeps the contract (amounts, dates, the payments) but not the person: the
        name goes, the Telegram account is unlinked, receipts' file ids are dropped."""
        await self._db.execute(
            "UPDATE loan_payments SET receipt_file_id = NULL, receipt_name = NULL"
            " WHERE loan_id IN (SELECT id FROM loans WHERE user_id = ?)",
            (user_id,),
        )
        await self._db.execute(
            "UPDATE loans SET borrower_name = NULL, user_id = NULL, invite_code = NULL,"
            " updated_at = ? WHERE user_id = ?",
            (to_db(now), user_id),
        )
