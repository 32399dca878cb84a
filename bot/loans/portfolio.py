"""What a coordinator sees of the loans in their scope: the portfolio's figures, repayments by
month, the loans, the late ones (and a nudge to all of them), the payments waiting for a
decision, the batches of an Excel export. `LoanService` is built of this part and its own."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.loans.reminders import NUDGE_LIMIT
from bot.loans.schedule import BUCKETS, PAR_DAYS, Bucket, Portfolio
from storage.loans import Instalment, LateLoan, Loan, LoanRepo, Payment, Scope


class LoanPortfolio:
    """The reading part of `LoanService` for coordinators (which sets `repo`)."""

    repo: LoanRepo

    if TYPE_CHECKING:

        def today(self) -> date: ...

        async def nudge(self, loans: Sequence[Loan], by: int) -> int: ...

    # -- the coordinator's lists --------------------------------------------------------------

    async def loans_page(
        self, scope: Scope, program: str | None, region: str | None, *, limit: int, offset: int
    ) -> tuple[list[Loan], int]:
        """A page of the loans in scope and how many there are."""
        return await self.repo.page(scope, program, region, limit=limit, offset=offset)

    async def late_page(
        self, scope: Scope, program: str | None, region: str | None, *, limit: int, offset: int = 0
    ) -> tuple[list[LateLoan], int]:
        """Loans with something overdue today, the longest late first, and how many there are."""
        return await self.repo.late(
            scope, program, region, today=self.today(), limit=limit, offset=offset
        )

    async def pending(
        self, scope: Scope, program: str | None, region: str | None, *, limit: int
    ) -> tuple[list[tuple[Payment, Loan]], int]:
        """Payments borrowers reported, waiting for a decision, and how many there are."""
        return await self.repo.pending(scope, program, region, limit=limit)

    async def nudge_late(
        self, scope: Scope, program: str | None, region: str | None, by: int
    ) -> int:
        """The coordinator's "remind every late borrower"."""
        late, _ = await self.late_page(scope, program, region, limit=NUDGE_LIMIT)
        return await self.nudge([item.loan for item in late], by)

    def export_batches(
        self, scope: Scope, program: str | None, region: str | None
    ) -> AsyncIterator[tuple[list[Loan], list[Instalment], list[Payment]]]:
        """The loans in scope with their schedules and payments, a batch at a time (Excel)."""
        return self.repo.export_batches(scope, program, region)

    # -- the portfolio ------------------------------------------------------------------------

    async def portfolio(
        self, scope: Scope, program: str | None = None, region: str | None = None
    ) -> Portfolio:
        today = self.today()
        figures = await self.repo.portfolio(
            scope,
            program,
            region,
            today=today,
            par_from=[today - timedelta(days=d) for d in PAR_DAYS],
            bucket_from=[today - timedelta(days=low) for _, low, _ in BUCKETS[1:]],
        )
        return Portfolio(
            loans=figures.loans,
            repaid_loans=figures.repaid_loans,
            disbursed=figures.disbursed,
            total_due=figures.total_due,
            repaid=figures.repaid,
            overdue=figures.overdue,
            late_loans=figures.late_loans,
            par=figures.par,
            buckets=tuple(
                Bucket(label, loans, outstanding)
                for (label, _, _), (loans, outstanding) in zip(
                    BUCKETS, figures.buckets, strict=True
                )
            ),
            relent=figures.relent,
        )

    async def repayments_by_month(
        self, scope: Scope, program: str | None, region: str | None, months: int = 12
    ) -> list[tuple[date, int]]:
        """Confirmed repayments per local month, the last `months` months (this one last)."""
        first = self.today().replace(day=1)
        starts = []
        for back in range(months - 1, -1, -1):
            index = first.month - 1 - back
            starts.append(date(first.year + index // 12, index % 12 + 1, 1))
        found = await self.repo.monthly(
            scope, program, region, [d.strftime("%Y-%m") for d in starts]
        )
        return [(d, found[d.strftime("%Y-%m")]) for d in starts]
