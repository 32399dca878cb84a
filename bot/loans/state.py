"""A loan as its cards show it (the borrower's and the coordinator's): the schedule with what
is paid, the payments, and what follows from them today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.loans.schedule import days_past_due
from storage.loans import Instalment, Loan, Payment


@dataclass(frozen=True, slots=True)
class LoanState:
    """A loan as its card shows it."""

    loan: Loan
    instalments: tuple[Instalment, ...]
    payments: tuple[Payment, ...]
    today: date

    @property
    def next_due(self) -> Instalment | None:
        """The oldest instalment not covered (late or not)."""
        return next((i for i in self.instalments if not i.covered), None)

    @property
    def upcoming(self) -> Instalment | None:
        """The next instalment not covered that is not late yet (what falls due next)."""
        return next(
            (i for i in self.instalments if not i.covered and i.due_on >= self.today), None
        )

    @property
    def overdue(self) -> int:
        return sum(i.left for i in self.instalments if not i.covered and i.due_on < self.today)

    @property
    def dpd(self) -> int:
        return days_past_due(self.instalments, self.today)

    @property
    def reported(self) -> int:
        return sum(p.amount for p in self.payments if p.status == "reported")

    @property
    def last_due(self) -> date | None:
        return self.instalments[-1].due_on if self.instalments else None
