"""Loans in the broadcasts' audiences: the borrowers' segment and the filter "at least N days
overdue" (the SQL of both is in `storage.loans`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Protocol

from bot.broadcasts.audience import Choice
from bot.core.access import Access
from bot.core.catalogue import Program
from bot.core.i18n import Translator
from storage.loans import BORROWER_SEGMENT as BORROWER_SEGMENT
from storage.loans import overdue_condition


class Loans(Protocol):
    """What the filter asks of the loans service."""

    def today(self) -> date: ...

    def loan_programs(self, access: Access | None = None) -> list[Program]: ...


OVERDUE_DAYS = (1, 31, 91)


class OverdueAudienceFilter:
    """Borrowers with an instalment at least N days overdue (of one program, or any the
    coordinator covers). Values: `31` or `31.zharkyra`; the date is taken when the broadcast
    starts."""

    kind = "overdue"
    label_key = "loan-audience-overdue"

    def __init__(self, loans: Loans) -> None:
        self._loans = loans

    def condition(self, value: str) -> tuple[str, tuple[Any, ...]] | None:
        days_text, _, program = value.partition(".")
        if not days_text.isdigit() or int(days_text) not in OVERDUE_DAYS:
            return None
        if program and program not in {p.code for p in self._loans.loan_programs()}:
            return None
        cutoff = self._loans.today() - timedelta(days=int(days_text))
        return overdue_condition(cutoff, program or None)

    async def choices(self, access: Access, l10n: Translator) -> list[Choice]:
        if not access.is_coordinator:
            return []
        everything = access.is_admin or any(
            g.role == "coordinator" and g.program is None for g in access.grants
        )
        programs = self._loans.loan_programs(access)
        found = []
        for days in OVERDUE_DAYS:
            if everything:
                found.append(Choice(str(days), l10n("loan-audience-overdue-days", days=days)))
            for program in programs:
                found.append(
                    Choice(
                        f"{days}.{program.code}",
                        l10n(
                            "loan-audience-overdue-program",
                            days=days,
                            program=program.name(l10n.locale),
                        ),
                    )
                )
        return found

    def required(self, access: Access) -> bool:
        return False
