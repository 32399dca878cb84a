"""What the borrower's and the coordinator's loan screens both show: the schedule a page at a
time, the payments, and an amount typed by a person."""

from __future__ import annotations

import html

from bot.core.i18n import Money, Translator
from bot.core.validators import Invalid, parse_money
from bot.loans.service import Loan, LoanService, LoanState
from bot.telegram.screens import page_bounds

SCHEDULE_PAGE = 12
PAYMENTS_SHOWN = 15


def _instalment_mark(state: LoanState, n: int) -> str:
    item = state.instalments[n - 1]
    if item.covered:
        return "paid"
    late = item.due_on < state.today
    if item.paid:
        return "late-part" if late else "part"
    return "late" if late else "due"


async def schedule_view(
    loan: Loan, page: int, loans: LoanService, l10n: Translator, *, admin: bool = False
) -> tuple[str, int, int]:
    """The schedule, a page at a time: the text, the page shown and the number of pages (for
    the screen's pager). The coordinator's (`admin`) also shows the total due."""
    state = await loans.state(loan)
    page, pages = page_bounds(len(state.instalments), page, SCHEDULE_PAGE)
    lines = [
        l10n(
            "loan-schedule-title",
            contract=html.escape(loan.contract),
            count=len(state.instalments),
        )
    ]
    for item in state.instalments[page * SCHEDULE_PAGE : (page + 1) * SCHEDULE_PAGE]:
        lines.append(
            l10n(
                "loan-schedule-line",
                n=item.n,
                due=item.due_on,
                amount=Money(item.amount),
                mark=_instalment_mark(state, item.n),
                paid=Money(item.paid),
            )
        )
    if admin:
        lines.append(l10n("loan-schedule-total", total=Money(loan.total_due)))
    return "\n".join(lines), page, pages


async def payments_text(loan: Loan, loans: LoanService, l10n: Translator) -> str:
    payments = await loans.payments_of(loan)
    lines = [l10n("loan-payments-title", contract=html.escape(loan.contract))]
    if not payments:
        lines.append(l10n("loan-payments-empty"))
    for payment in payments[:PAYMENTS_SHOWN]:
        lines.append(
            l10n(
                "loan-payment-line",
                status=payment.status,
                date=payment.paid_on,
                amount=Money(payment.amount),
                reason=html.escape(payment.reason or ""),
            )
        )
    if len(payments) > PAYMENTS_SHOWN:
        lines.append(l10n("loan-payments-more", count=len(payments) - PAYMENTS_SHOWN))
    return "\n".join(lines)


def _amount_error(parsed: int | Invalid, l10n: Translator) -> str | None:
    if isinstance(parsed, Invalid):
        key = {
            "money-words": "loan-error-money-words",
            "money-negative": "loan-error-negative",
            "money-fraction": "loan-error-money-fraction",
        }.get(parsed.key, "loan-error-money-invalid")
        return l10n(key, **parsed.args) if key == "loan-error-money-words" else l10n(key)
    if parsed <= 0:
        return l10n("loan-error-zero")
    return None


def parse_amount(text: str, l10n: Translator) -> int | str:
    """An amount typed by a person, or the localised reason it is refused."""
    parsed = parse_money(text, minimum=None, maximum=None)
    error = _amount_error(parsed, l10n)
    if error is not None:
        return error
    assert isinstance(parsed, int)
    return parsed
