"""The loans workbook and the import report, written with `bot.documents.exports`' streaming
toolkit.

**The loans workbook** has a sheet each for the loans («Loans»: terms, what is due, repaid to
date, outstanding, overdue, days past due), their schedules («Schedule») and their payments
(«Payments»), headers and values in the reader's language. `write_loans_workbook` reads the loans
from storage a batch at a time (`LoanRepo.export_batches`), writes each batch in a worker thread
and saves to a file: memory stays that of one batch however large the portfolio; a schedule
longer than Excel's rows in a sheet goes on in «Schedule (2)», … (100,000 loans × 60 instalments
is six of them).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, Sequence
from datetime import date
from functools import partial
from os import PathLike
from typing import IO, Any

from bot.core.regions import region_by_code
from bot.documents.exports import DATE_FORMAT, MONEY_FORMAT, Book, Cell
from bot.loans.schedule import Refused, days_past_due, refusal_key

LOAN_COLUMNS = (
    "contract",
    "borrower",
    "program",
    "region",
    "principal",
    "rate",
    "term",
    "grace",
    "frequency",
    "disbursed",
    "first-due",
    "total",
    "repaid",  # repaid to date: confirmed payments; the import reads it back as such
    "outstanding",
    "overdue",
    "dpd",
    "status",
    "source-fund",
    "linked",
    "invite",
)
SCHEDULE_COLUMNS = (
    "contract",
    "n",
    "due",
    "principal-part",
    "interest",
    "amount",
    "paid",
    "left",
)
PAYMENT_COLUMNS = (
    "contract",
    "paid-on",
    "amount",
    "reported",
    "payment-status",
    "source",
    "reason",
)

# A batch from storage: loans with their instalments and payments.
Batch = tuple[Sequence[Any], Sequence[Any], Sequence[Any]]


def _money(value: int | None) -> Cell:
    return (value, MONEY_FORMAT if value is not None else None)


def _date(value: date) -> Cell:
    return (value, DATE_FORMAT)


def _text(value: Any) -> Cell:
    return (value, None)


def _region_label(code: str | None, locale: str) -> str:
    region = region_by_code(code)
    return region.name(locale) if region else ""


def _headers(l10n: Any, names: Sequence[str]) -> list[str]:
    return [str(l10n("loan-xlsx-column", column=name)) for name in names]


class LoansWorkbook:
    """The three sheets, filled a batch of loans at a time (storage.loans dataclasses), then
    saved. Each loan's instalments and payments follow the order of the «Loans» sheet."""

    def __init__(
        self, program_names: dict[str, str], l10n: Any, today: date, *, schedule: bool = True
    ) -> None:
        self._names, self._l10n, self._today = program_names, l10n, today
        self._book = Book()
        sheet = l10n("loan-xlsx-sheet", sheet="loans")
        self._loans = self._book.sheet(sheet, _headers(l10n, LOAN_COLUMNS), freeze="B2")
        self._schedule = None
        if schedule:  # 60 rows a loan: a large portfolio's file is too big for Telegram with it
            sheet = l10n("loan-xlsx-sheet", sheet="schedule")
            self._schedule = self._book.sheet(
                sheet, _headers(l10n, SCHEDULE_COLUMNS), freeze="B2"
            )
        sheet = l10n("loan-xlsx-sheet", sheet="payments")
        self._payments = self._book.sheet(sheet, _headers(l10n, PAYMENT_COLUMNS), freeze="B2")
        self.loans = 0

    def add(
        self, loans: Sequence[Any], instalments: Sequence[Any], payments: Sequence[Any]
    ) -> None:
        l10n, locale, today = self._l10n, self._l10n.locale, self._today
        owed: dict[int, list[Any]] = {loan.id: [] for loan in loans}
        for item in instalments:
            owed.setdefault(item.loan_id, []).append(item)
        paid: dict[int, list[Any]] = {loan.id: [] for loan in loans}
        for payment in payments:
            paid.setdefault(payment.loan_id, []).append(payment)
        for loan in loans:
            schedule = owed[loan.id]
            overdue = sum(
                i.amount - i.paid for i in schedule if i.paid < i.amount and i.due_on < today
            )
            self._loans.append(
                [
                    _text(loan.contract),
                    _text(loan.borrower_name or ""),
                    _text(self._names.get(loan.program, loan.program)),
                    _text(_region_label(loan.region, locale)),
                    _money(loan.principal),
                    _text(loan.rate_bp / 100),
                    _text(loan.term_months),
                    _text(loan.grace_months),
                    _text(l10n("loan-frequency", frequency=loan.frequency)),
                    _date(loan.disbursed_on),
                    _date(loan.first_due_on),
                    _money(loan.total_due),
                    _money(loan.repaid),
                    _money(loan.total_due - loan.repaid),
                    _money(overdue),
                    _text(days_past_due(schedule, today)),
                    _text(l10n("loan-status", status=loan.status)),
                    _text(l10n("loan-fund", fund="yes" if loan.from_fund else "no")),
                    _text(l10n("loan-xlsx-yes-no", value="yes" if loan.user_id else "no")),
                    _text(loan.invite_code or ""),
                ]
            )
            if (sheet := self._schedule) is not None:
                for item in schedule:
                    sheet.append(
                        [
                            _text(loan.contract),
                            _text(item.n),
                            _date(item.due_on),
                            _money(item.principal),
                            _money(item.interest),
                            _money(item.amount),
                            _money(item.paid),
                            _money(item.amount - item.paid),
                        ]
                    )
            for payment in paid[loan.id]:
                self._payments.append(
                    [
                        _text(loan.contract),
                        _date(payment.paid_on),
                        _money(payment.amount),
                        _money(payment.reported_amount),
                        _text(l10n("loan-payment-status", status=payment.status)),
                        _text(l10n("loan-source", source=payment.source)),
                        _text(payment.reason or ""),
                    ]
                )
        self.loans += len(loans)

    def save(self, target: str | PathLike[str] | IO[bytes]) -> None:
        self._book.save(target)

    def to_bytes(self) -> bytes:
        return self._book.to_bytes()


async def write_loans_workbook(
    batches: AsyncIterable[Batch],
    target: str | PathLike[str],
    program_names: dict[str, str],
    l10n: Any,
    today: date,
    *,
    schedule: bool = True,
) -> int:
    """The loans of `batches` (e.g. `LoanRepo.export_batches`) as an .xlsx file at `target`;
    returns how many loans it holds. The workbook is written in a worker thread while the next
    batch is read, so the event loop stays free however large the portfolio."""
    workbook = await asyncio.to_thread(
        partial(LoansWorkbook, program_names, l10n, today, schedule=schedule)
    )
    batch_iterator = aiter(batches)
    upcoming = asyncio.ensure_future(anext(batch_iterator, None))
    try:
        while (batch := await upcoming) is not None:
            upcoming = asyncio.ensure_future(anext(batch_iterator, None))
            await asyncio.to_thread(workbook.add, *batch)
    finally:
        upcoming.cancel()
    await asyncio.to_thread(workbook.save, target)
    return workbook.loans


def build_import_report(
    created: Sequence[tuple[int, Any, str]], refused: Sequence[Refused], l10n: Any
) -> bytes:
    """What an import did: the loans created with their invite links (to hand out), and the
    rows refused with the reason, each with its row number in the file."""
    book = Book()
    columns = _headers(l10n, ("row", "contract", "borrower", "principal", "invite", "link"))
    book.sheet(l10n("loan-xlsx-sheet", sheet="imported"), columns, freeze="B2").extend(
        [
            _text(number),
            _text(loan.contract),
            _text(loan.borrower_name or ""),
            _money(loan.principal),
            _text(loan.invite_code or ""),
            _text(link),
        ]
        for number, loan, link in created
    )
    columns = _headers(l10n, ("row", "contract", "reason"))
    book.sheet(l10n("loan-xlsx-sheet", sheet="refused"), columns, freeze="B2").extend(
        [_text(item.number), _text(item.contract), _text(l10n(refusal_key(item.key), **item.args))]
        for item in refused
    )
    return book.to_bytes()
