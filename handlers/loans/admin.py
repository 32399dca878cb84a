"""Coordinators' loans: the portfolio of their scope (a summary, a chart, the overdue borrowers
with a nudge, Excel), the loans and their cards, payments to confirm, correct or reject, payments
recorded from a bank statement and reversed with a reason, the new-loan wizard (also started
from an approved application), importing loans from an .xlsx or .csv file, reminder days.

Every message and button re-checks the role and the loan's program and region against the
presser's grants on the server: callback data can be forged, and a role can be revoked between
two taps.
"""

from __future__ import annotations

import asyncio
import html
import logging
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    FSInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.applications.service import ApplicationService
from bot.core.access import Access
from bot.core.i18n import Money, Translations, Translator
from bot.core.regions import region_by_code, regions
from bot.core.validators import Invalid, parse_date
from bot.documents.charts import PortfolioChartText, portfolio_chart
from bot.loans.schedule import (
    DEFAULT_TERM,
    MAX_GRACE,
    MAX_IMPORT_BYTES,
    MAX_PRINCIPAL,
    MAX_TERM,
    NAME_MAX,
    NAME_MIN,
    PERIOD_MONTHS,
    Frequency,
    ImportFileError,
    LoanDraft,
    Portfolio,
    Terms,
    TermsError,
    build_schedule,
    default_first_due,
    format_rate,
    normalise_contract,
    parse_rate,
    parse_rule,
    percent,
    progress_bar,
    refusal_key,
)
from bot.loans.service import ImportCheck, LoanError, LoanService
from bot.loans.workbook import build_import_report, write_loans_workbook
from bot.telegram.callbacks import LoanAdminCb
from bot.telegram.deeplinks import make_link
from bot.telegram.filters import PrivateChat
from bot.telegram.flows import leave_flow
from bot.telegram.menu import MenuButton, is_elsewhere
from bot.telegram.screens import edit_or_answer
from handlers.loans.borrower import parse_amount, payments_text, schedule_view
from storage.loans import ContractExists, Loan, Payment
from storage.users import UserRepo

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(PrivateChat())

PAGE = 8  # loans, payments or late borrowers per page
MAX_DOCUMENT_MB = 50  # what the Bot API lets a bot send as a document
SCHEDULE_MAX_LOANS = 15_000  # an export with schedules fits in 50 MB up to about 25,000 loans
REFUSED_SHOWN = 12  # refused import rows listed in the message; all are in the file
MAX_TEXT = 500  # a rejection or reversal reason
TERMS = (12, 24, 36, 60)
GRACES = (0, 3, 6, 12)
PAST_LIMIT = timedelta(days=3660)
FUTURE_LIMIT = timedelta(days=31)


class LoanAdminFlow(StatesGroup):
    """The new-loan wizard, one question per screen; then typed values of one loan or payment
    (its id in `la_loan` / `la_payment`), an import file, reminder days."""

    program = State()
    region = State()
    name = State()
    contract = State()
    principal = State()
    disbursed = State()
    frequency = State()
    term = State()
    grace = State()
    first_due = State()
    rate = State()
    source = State()
    summary = State()
    fix_amount = State()
    reject_reason = State()
    reverse_reason = State()
    record_amount = State()
    record_date = State()
    import_file = State()
    rule = State()


WIZARD: tuple[State, ...] = (
    LoanAdminFlow.program,
    LoanAdminFlow.region,
    LoanAdminFlow.name,
    LoanAdminFlow.contract,
    LoanAdminFlow.principal,
    LoanAdminFlow.disbursed,
    LoanAdminFlow.frequency,
    LoanAdminFlow.term,
    LoanAdminFlow.grace,
    LoanAdminFlow.first_due,
    LoanAdminFlow.rate,
    LoanAdminFlow.source,
    LoanAdminFlow.summary,
)
# The value each step stores in the FSM data.
STEP_KEYS = {
    LoanAdminFlow.program: "la_program",
    LoanAdminFlow.region: "la_region",
    LoanAdminFlow.name: "la_name",
    LoanAdminFlow.contract: "la_contract",
    LoanAdminFlow.principal: "la_principal",
    LoanAdminFlow.disbursed: "la_disbursed",
    LoanAdminFlow.frequency: "la_frequency",
    LoanAdminFlow.term: "la_term",
    LoanAdminFlow.grace: "la_grace",
    LoanAdminFlow.first_due: "la_first_due",
    LoanAdminFlow.rate: "la_rate",
    LoanAdminFlow.source: "la_fund",
}
BUTTON_STEPS = (
    LoanAdminFlow.program,
    LoanAdminFlow.region,
    LoanAdminFlow.frequency,
    LoanAdminFlow.source,
    LoanAdminFlow.summary,
)
WIZARD_PICKS = {
    "wp": LoanAdminFlow.program,
    "wr": LoanAdminFlow.region,
    "wpr": LoanAdminFlow.principal,
    "wdt": LoanAdminFlow.disbursed,
    "wf": LoanAdminFlow.frequency,
    "wt": LoanAdminFlow.term,
    "wg": LoanAdminFlow.grace,
    "wd": LoanAdminFlow.first_due,
    "wrt": LoanAdminFlow.rate,
    "ws": LoanAdminFlow.source,
}
WIZARD_ACTIONS = frozenset({"new", "app", "wb", "wx", "wk", "wok", *WIZARD_PICKS})
TEXT_STATES = frozenset(
    s.state
    for s in (
        LoanAdminFlow.fix_amount,
        LoanAdminFlow.reject_reason,
        LoanAdminFlow.reverse_reason,
        LoanAdminFlow.record_amount,
        LoanAdminFlow.record_date,
        LoanAdminFlow.import_file,
        LoanAdminFlow.rule,
    )
)


@dataclass(frozen=True, slots=True)
class Filter:
    """The part of the portfolio on screen; travels in the FSM data as `program,region`."""

    program: str | None = None
    region: str | None = None

    def pack(self) -> str:
        return f"{self.program or ''},{self.region or ''}"

    @classmethod
    def unpack(cls, value: str) -> Filter:
        program, _, region = value.partition(",")
        return cls(program or None, region or None)


@dataclass(frozen=True, slots=True)
class Ctx:
    access: Access
    state: FSMContext
    loans: LoanService
    users: UserRepo
    applications: ApplicationService
    zone: ZoneInfo
    l10n: Translator
    bot: Bot

    @property
    def scope(self) -> Any:
        return LoanService.scope_of(self.access)

    async def filter(self) -> Filter:
        found = Filter.unpack(str((await self.state.get_data()).get("la_filter") or ","))
        return found if _filter_allowed(found, self) else Filter()


class _Refused(Exception):
    """A typed answer that cannot be taken; the text (in the user's language) says why."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _btn(text: str, action: str, loan: int = 0, p: int = 0, v: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=LoanAdminCb(action=action, loan=loan, p=p, v=v).pack()
    )


def _kb(*rows: Sequence[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(r) for r in rows if r])


async def _edit(message: Message, view: tuple[str, InlineKeyboardMarkup]) -> None:
    await edit_or_answer(message, *view)


async def _send(message: Message, view: tuple[str, InlineKeyboardMarkup]) -> None:
    await message.answer(view[0], reply_markup=view[1])


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _pages(count: int, page: int) -> tuple[int, int]:
    pages = max(1, -(-count // PAGE))
    return min(max(page, 0), pages - 1), pages


def _nav(action: str, page: int, pages: int, loan: int = 0) -> list[InlineKeyboardButton]:
    if pages <= 1:
        return []
    nav = []
    if page > 0:
        nav.append(_btn("‹", action, loan, v=str(page - 1)))
    nav.append(_btn(f"{page + 1}/{pages}", "noop"))
    if page < pages - 1:
        nav.append(_btn("›", action, loan, v=str(page + 1)))
    return nav


async def _leave_flow(state: FSMContext, *, keep_filter: bool = True) -> None:
    """Out of any step here; the portfolio filter and other features' data stay."""
    await leave_flow(state, LoanAdminFlow, "la_", keep=("la_filter",) if keep_filter else ())


def _program_name(ctx: Ctx, code: str | None) -> str:
    program = ctx.loans.catalogue.get(code) if code else None
    return program.name(ctx.l10n.locale) if program else (code or "—")


def _region_name(code: str | None, locale: str) -> str:
    region = region_by_code(code)
    return region.name(locale) if region else "—"


def _filter_allowed(found: Filter, ctx: Ctx) -> bool:
    programs = {p.code for p in ctx.loans.loan_programs(ctx.access)}
    if found.program is not None and found.program not in programs:
        return False
    if found.region is not None:
        return region_by_code(found.region) is not None and any(
            ctx.access.coordinates(program=p, region=found.region)
            for p in ([found.program] if found.program else programs)
        )
    return True


def _scope_text(found: Filter, ctx: Ctx) -> str:
    """What the screen shows: `Жаркыра · Атырауская область`, `Все программы · Вся страна`."""
    l10n, access = ctx.l10n, ctx.access
    program = _program_name(ctx, found.program) if found.program else l10n("scope-all-programs")
    if found.region:
        return f"{program} · {_region_name(found.region, l10n.locale)}"
    grants = [g for g in access.grants if g.role == "coordinator"]
    own = sorted({g.region for g in grants if g.region is not None})
    if access.is_admin or not own or any(g.region is None for g in grants):
        return f"{program} · {l10n('scope-everywhere')}"
    return f"{program} · " + ", ".join(_region_name(r, l10n.locale) for r in own)


async def _load_loan(loan_id: int, ctx: Ctx) -> Loan | None:
    loan = await ctx.loans.repo.get(loan_id) if loan_id else None
    return loan if loan is not None and LoanService.manages(ctx.access, loan) else None


async def _load_payment(payment_id: int, ctx: Ctx) -> tuple[Payment, Loan] | None:
    payment = await ctx.loans.repo.payment(payment_id) if payment_id else None
    loan = await _load_loan(payment.loan_id, ctx) if payment else None
    return (payment, loan) if payment is not None and loan is not None else None


def _error(exc: LoanError | TermsError, l10n: Translator, prefix: str = "loan-error-") -> str:
    return l10n(f"{prefix}{exc.key}", **exc.details)


# -- the portfolio ------------------------------------------------------------------------------


def portfolio_lines(portfolio: Portfolio, l10n: Translator) -> list[str]:
    rate = portfolio.repayment_rate
    lines = [
        l10n("loan-admin-loans", count=portfolio.loans, repaid=portfolio.repaid_loans),
        l10n("loan-admin-disbursed", amount=Money(portfolio.disbursed)),
        l10n(
            "loan-admin-repaid",
            amount=Money(portfolio.repaid),
            rate=percent(rate) if rate is not None else "—",
        ),
        l10n("loan-admin-outstanding", amount=Money(portfolio.outstanding)),
        l10n("loan-admin-overdue", amount=Money(portfolio.overdue), count=portfolio.late_loans),
        l10n(
            "loan-admin-par",
            par1=percent(portfolio.par_share(0)),
            par30=percent(portfolio.par_share(1)),
            par90=percent(portfolio.par_share(2)),
        ),
        l10n("loan-admin-buckets"),
    ]
    lines += [
        l10n(
            "loan-admin-bucket",
            bucket="current" if b.label == "0" else b.label,
            count=b.loans,
            amount=Money(b.outstanding),
        )
        for b in portfolio.buckets
    ]
    lines.append(l10n("loan-admin-available", amount=Money(portfolio.available)))
    return lines


async def _home_view(ctx: Ctx, notice: str | None = None) -> tuple[str, InlineKeyboardMarkup]:
    l10n = ctx.l10n
    found = await ctx.filter()
    portfolio = await ctx.loans.portfolio(ctx.scope, found.program, found.region)
    _, pending = await ctx.loans.repo.pending(ctx.scope, found.program, found.region, limit=0)
    lines = [notice, ""] if notice else []
    lines.append(l10n("loan-admin-title", scope=html.escape(_scope_text(found, ctx))))
    lines += portfolio_lines(portfolio, l10n)
    if not portfolio.loans:
        lines.append(l10n("loan-admin-empty"))
    program_label = _program_name(ctx, found.program) if found.program else l10n("loan-admin-all")
    region_label = (
        _region_name(found.region, l10n.locale) if found.region else l10n("loan-admin-all")
    )
    rows = [
        [
            _btn(l10n("loan-admin-pending-button", count=pending), "q"),
            _btn(l10n("loan-admin-late-button", count=portfolio.late_loans), "od"),
        ],
        [_btn(l10n("loan-admin-list-button"), "ls"), _btn(l10n("loan-admin-new-button"), "new")],
        [_btn(l10n("loan-admin-chart-button"), "ch"), _btn(l10n("loan-admin-excel-button"), "xl")],
        [
            _btn(l10n("loan-admin-import-button"), "im"),
            _btn(l10n("loan-admin-rules-button"), "rl"),
        ],
        [
            _btn(l10n("loan-admin-filter-program", program=_cut(program_label, 20)), "fp"),
            _btn(l10n("loan-admin-filter-region", region=_cut(region_label, 20)), "fr"),
        ],
    ]
    return "\n".join(lines), _kb(*rows)


@router.message(Command("loans"))
@router.message(MenuButton("menu-loans-admin"))
async def show_home(
    message: Message,
    access: Access,
    state: FSMContext,
    loans: LoanService,
    users: UserRepo,
    applications: ApplicationService,
    zone: ZoneInfo,
    l10n: Translator,
    bot: Bot,
) -> None:
    if not access.is_coordinator:
        await message.answer(l10n("access-denied"))
        return
    await _leave_flow(state)
    ctx = Ctx(access, state, loans, users, applications, zone, l10n, bot)
    await _send(message, await _home_view(ctx))


def _program_picker(ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    l10n = ctx.l10n
    rows = [[_btn(l10n("loan-admin-all"), "sp")]]
    rows += [
        [_btn(p.name(l10n.locale), "sp", v=p.code)] for p in ctx.loans.loan_programs(ctx.access)
    ]
    rows.append([_btn(l10n("button-back"), "h")])
    return l10n("loan-admin-pick-program"), _kb(*rows)


def _region_picker(ctx: Ctx, found: Filter) -> tuple[str, InlineKeyboardMarkup]:
    l10n = ctx.l10n
    items = [
        _btn(r.name(l10n.locale), "sr", v=r.code)
        for r in regions()
        if _filter_allowed(Filter(found.program, r.code), ctx)
    ]
    rows = [[_btn(l10n("loan-admin-all"), "sr")]]
    rows += [items[i : i + 2] for i in range(0, len(items), 2)]
    rows.append([_btn(l10n("button-back"), "h")])
    return l10n("loan-admin-pick-region"), _kb(*rows)


# -- lists --------------------------------------------------------------------------------------


async def _list_view(ctx: Ctx, page: int) -> tuple[str, InlineKeyboardMarkup]:
    l10n = ctx.l10n
    found = await ctx.filter()
    items, total = await ctx.loans.repo.page(
        ctx.scope, found.program, found.region, limit=PAGE, offset=max(page, 0) * PAGE
    )
    page, pages = _pages(total, page)
    lines = [l10n("loan-admin-list-title", count=total)]
    if not total:
        lines.append(l10n("loan-admin-empty"))
    rows = [
        [
            _btn(
                l10n(
                    "loan-admin-list-item",
                    contract=_cut(loan.contract, 20),
                    name=_cut(loan.name, 24),
                    status=loan.status,
                ),
                "o",
                loan.id,
            )
        ]
        for loan in items
    ]
    rows.append(_nav("ls", page, pages))
    rows.append([_btn(l10n("loan-admin-home-button"), "h")])
    return "\n".join(lines), _kb(*rows)


async def _late_view(ctx: Ctx, page: int) -> tuple[str, InlineKeyboardMarkup]:
    l10n = ctx.l10n
    found = await ctx.filter()
    today = ctx.loans.today()
    items, total = await ctx.loans.repo.late(
        ctx.scope,
        found.program,
        found.region,
        today=today,
        limit=PAGE,
        offset=max(page, 0) * PAGE,
    )
    page, pages = _pages(total, page)
    lines = [l10n("loan-admin-late-title", count=total)]
    if not total:
        lines.append(l10n("loan-admin-late-empty"))
    rows = []
    for number, late in enumerate(items, page * PAGE + 1):
        days = (today - late.oldest_due).days
        lines.append(
            l10n(
                "loan-admin-late-line",
                number=number,
                name=html.escape(_cut(late.loan.name, 40)),
                contract=html.escape(late.loan.contract),
                amount=Money(late.overdue),
                days=days,
                linked="yes" if late.loan.user_id else "no",
            )
        )
        rows.append(
            [
                _btn(
                    l10n("loan-admin-late-item", number=number, name=_cut(late.loan.name, 30)),
                    "o",
                    late.loan.id,
                )
            ]
        )
    if total:
        rows.insert(0, [_btn(l10n("loan-admin-nudge-all-button", count=total), "nua")])
    rows.append(_nav("od", page, pages))
    rows.append([_btn(l10n("loan-admin-home-button"), "h")])
    return "\n".join(lines), _kb(*rows)


async def _pending_view(ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    l10n = ctx.l10n
    found = await ctx.filter()
    items, total = await ctx.loans.repo.pending(ctx.scope, found.program, found.region, limit=20)
    lines = [l10n("loan-admin-pending-title", count=total)]
    if not total:
        lines.append(l10n("loan-admin-pending-empty"))
    rows = [
        [
            _btn(
                l10n(
                    "loan-admin-pending-item",
                    contract=_cut(loan.contract, 20),
                    name=_cut(loan.name, 20),
                    amount=Money(payment.amount),
                ),
                "pay",
                loan.id,
                payment.id,
            )
        ]
        for payment, loan in items
    ]
    rows.append([_btn(l10n("loan-admin-home-button"), "h")])
    return "\n".join(lines), _kb(*rows)


# -- a loan -------------------------------------------------------------------------------------


async def _card_view(
    loan: Loan, ctx: Ctx, notice: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    l10n = ctx.l10n
    state = await ctx.loans.state(loan)
    lines = [notice, ""] if notice else []
    lines += [
        l10n(
            "loan-admin-card-title",
            contract=html.escape(loan.contract),
            program=html.escape(_program_name(ctx, loan.program)),
            region=html.escape(_region_name(loan.region, l10n.locale)),
        ),
        l10n("loan-admin-card-borrower", name=html.escape(loan.name)),
    ]
    if loan.user_id is not None:
        person = await ctx.users.get(loan.user_id)
        shown = html.escape(person.full_name if person else str(loan.user_id))
        mention = f'<a href="tg://user?id={loan.user_id}">{shown}</a>'
        lines.append(l10n("loan-admin-card-linked", account=mention))
    elif loan.invite_code:
        lines.append(l10n("loan-admin-card-invite", code=loan.invite_code))
        username = (await ctx.bot.me()).username
        if username:
            link = make_link(username, f"l_{loan.invite_code}")
            lines.append(l10n("loan-admin-card-link", link=html.escape(link)))
    lines.append(
        l10n(
            "loan-admin-card-terms",
            principal=Money(loan.principal),
            rate=format_rate(loan.rate_bp),
            term=loan.term_months,
            grace=loan.grace_months,
            frequency=loan.frequency,
        )
    )
    lines.append(
        l10n(
            "loan-admin-card-dates",
            disbursed=loan.disbursed_on,
            first=state.instalments[0].due_on if state.instalments else loan.first_due_on,
            last=state.last_due or loan.first_due_on,
        )
    )
    lines.append(
        l10n(
            "loan-admin-card-money",
            repaid=Money(loan.repaid),
            left=Money(loan.outstanding),
            bar=progress_bar(loan.repaid, loan.total_due),
        )
    )
    upcoming = state.upcoming
    if upcoming is not None:
        lines.append(l10n("loan-card-next", amount=Money(upcoming.left), due=upcoming.due_on))
    elif state.next_due is None:
        lines.append(l10n("loan-card-repaid"))
    if state.overdue:
        lines.append(l10n("loan-card-overdue", amount=Money(state.overdue), days=state.dpd))
    reported = [p for p in state.payments if p.status == "reported"]
    if reported:
        lines.append(l10n("loan-card-reported", count=len(reported), amount=Money(state.reported)))
    rows: list[list[InlineKeyboardButton]] = []
    if reported:
        rows.append(
            [
                _btn(
                    l10n("loan-admin-check-button", count=len(reported)),
                    "pay",
                    loan.id,
                    reported[-1].id,
                )
            ]
        )
    if loan.status == "active":
        rows.append([_btn(l10n("loan-admin-record-button"), "rec", loan.id)])
    rows.append(
        [
            _btn(l10n("loan-payments-button"), "py", loan.id),
            _btn(l10n("loan-schedule-button"), "sc", loan.id),
        ]
    )
    extra = []
    if state.overdue and loan.user_id is not None:
        extra.append(_btn(l10n("loan-admin-nudge-button"), "nu", loan.id))
    extra.append(_btn(l10n("loan-admin-invite-button"), "inv", loan.id))
    rows.append(extra)
    rows.append([_btn(l10n("loan-admin-home-button"), "h")])
    return "\n".join(lines), _kb(*rows)


async def _payments_view(loan: Loan, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    l10n = ctx.l10n
    text = await payments_text(loan, ctx.loans, l10n)
    payments = await ctx.loans.repo.payments_of(loan.id)
    rows = [
        [
            _btn(
                l10n(
                    "loan-admin-payment-item",
                    status=payment.status,
                    amount=Money(payment.amount),
                    date=f"{payment.paid_on:%d.%m.%Y}",
                ),
                "pay",
                loan.id,
                payment.id,
            )
        ]
        for payment in payments[: PAGE * 2]
        if payment.status in ("reported", "confirmed")
    ]
    rows.append([_btn(l10n("loan-back-to-card"), "o", loan.id)])
    return text, _kb(*rows)


async def _payment_view(
    payment: Payment, loan: Loan, ctx: Ctx, notice: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    l10n = ctx.l10n
    by = await ctx.users.get(payment.created_by) if payment.created_by else None
    lines = [notice, ""] if notice else []
    lines.append(
        l10n(
            "loan-admin-payment",
            contract=html.escape(loan.contract),
            name=html.escape(loan.name),
            amount=Money(payment.amount),
            date=payment.paid_on,
            status=payment.status,
            source=payment.source,
            by=html.escape(by.full_name if by else "—"),
        )
    )
    if payment.reported_amount is not None:
        lines.append(l10n("loan-admin-payment-reported", amount=Money(payment.reported_amount)))
    if payment.reason:
        lines.append(l10n("loan-admin-payment-reason", reason=html.escape(payment.reason)))
    lines.append(
        l10n(
            "loan-admin-payment-balance", left=Money(loan.outstanding), total=Money(loan.total_due)
        )
    )
    rows: list[list[InlineKeyboardButton]] = []
    if payment.receipt_file_id:
        rows.append([_btn(l10n("loan-admin-receipt-button"), "rcp", loan.id, payment.id)])
    if payment.status == "reported":
        rows.append([_btn(l10n("loan-admin-confirm-button"), "ok", loan.id, payment.id)])
        rows.append(
            [
                _btn(l10n("loan-admin-fix-button"), "fix", loan.id, payment.id),
                _btn(l10n("loan-admin-reject-button"), "rej", loan.id, payment.id),
            ]
        )
    elif payment.status == "confirmed":
        rows.append([_btn(l10n("loan-admin-reverse-button"), "rev", loan.id, payment.id)])
    rows.append(
        [
            _btn(l10n("loan-admin-to-payments"), "py", loan.id),
            _btn(l10n("loan-back-to-card"), "o", loan.id),
        ]
    )
    return "\n".join(lines), _kb(*rows)


# -- the new-loan wizard ------------------------------------------------------------------------


def _step_name(step: State) -> str:
    return str(step.state).rpartition(":")[2]


def _wizard_step(current: str | None) -> State | None:
    return next((s for s in WIZARD if s.state == current), None)


def _period(data: dict[str, Any]) -> int:
    return PERIOD_MONTHS.get(str(data.get("la_frequency") or "monthly"), 1)


def _first_due_default(data: dict[str, Any]) -> date | None:
    if not data.get("la_disbursed"):
        return None
    disbursed = date.fromisoformat(str(data["la_disbursed"]))
    frequency: Frequency = "quarterly" if _period(data) == 3 else "monthly"
    return default_first_due(disbursed, int(data.get("la_grace") or 0), frequency)


def _terms(data: dict[str, Any]) -> Terms:
    first = date.fromisoformat(str(data["la_first_due"]))
    return Terms(
        principal=int(data["la_principal"]),
        disbursed_on=date.fromisoformat(str(data["la_disbursed"])),
        first_due_on=first,
        term_months=int(data.get("la_term") or DEFAULT_TERM),
        grace_months=int(data.get("la_grace") or 0),
        frequency="quarterly" if data.get("la_frequency") == "quarterly" else "monthly",
        rate_bp=int(data.get("la_rate") or 0),
        due_day=int(data.get("la_due_day") or first.day),
    )


def _current_value(step: State, data: dict[str, Any], ctx: Ctx) -> str | None:
    """What this step holds already (going back, or from an application), as shown."""
    value = data.get(STEP_KEYS.get(step, ""))
    if value is None or value == "":
        return None
    l10n = ctx.l10n
    if step == LoanAdminFlow.principal:
        return l10n("loan-money", amount=Money(int(value)))
    if step in (LoanAdminFlow.disbursed, LoanAdminFlow.first_due):
        return l10n.date(date.fromisoformat(str(value)))
    if step == LoanAdminFlow.rate:
        return format_rate(int(value))
    return html.escape(str(value))


async def _step_view(
    step: State, data: dict[str, Any], ctx: Ctx, error: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    l10n, locale = ctx.l10n, ctx.l10n.locale
    index = WIZARD.index(step)
    nav = [_btn(l10n("button-cancel"), "wx")]
    if index:
        nav.insert(0, _btn(l10n("button-back"), "wb", v=_step_name(step)))
    rows: list[list[InlineKeyboardButton]] = []
    if step == LoanAdminFlow.summary:
        return await _summary_view(data, ctx, nav)
    program = str(data.get("la_program") or "")
    if step in (LoanAdminFlow.disbursed, LoanAdminFlow.first_due):
        question = ""  # below: these two show an example date
    else:
        question = l10n(f"loan-admin-ask-{_step_name(step).replace('_', '-')}")
    if step == LoanAdminFlow.program:
        rows = [
            [_btn(p.name(locale), "wp", v=p.code)] for p in ctx.loans.loan_programs(ctx.access)
        ]
    elif step == LoanAdminFlow.region:
        items = [
            _btn(r.name(locale), "wr", v=r.code)
            for r in regions()
            if ctx.access.coordinates(program=program, region=r.code)
        ]
        rows = [items[i : i + 2] for i in range(0, len(items), 2)]
    elif step == LoanAdminFlow.principal and data.get("la_suggested"):
        rows = [
            [
                _btn(
                    l10n("loan-admin-applied-button", amount=Money(int(data["la_suggested"]))),
                    "wpr",
                )
            ]
        ]
    elif step == LoanAdminFlow.disbursed:
        question = l10n("loan-admin-ask-disbursed", example=f"{ctx.loans.today():%d.%m.%Y}")
        rows = [[_btn(l10n("loan-pay-today"), "wdt")]]
    elif step == LoanAdminFlow.frequency:
        rows = [
            [_btn(l10n("loan-admin-frequency", frequency=f), "wf", v=f)]
            for f in ("monthly", "quarterly")
        ]
    elif step == LoanAdminFlow.term:
        items = [
            _btn(l10n("loan-admin-months", count=t), "wt", v=str(t))
            for t in TERMS
            if t % _period(data) == 0
        ]
        rows = [items]
    elif step == LoanAdminFlow.grace:
        term = int(data.get("la_term") or DEFAULT_TERM)
        items = [
            _btn(l10n("loan-admin-months", count=g), "wg", v=str(g))
            for g in GRACES
            if g % _period(data) == 0 and g < term
        ]
        rows = [items]
    elif step == LoanAdminFlow.first_due:
        default = _first_due_default(data)
        assert default is not None
        question = l10n("loan-admin-ask-first-due", example=f"{default:%d.%m.%Y}")
        rows = [[_btn(l10n("loan-admin-first-due-button", date=default), "wd")]]
    elif step == LoanAdminFlow.rate:
        rows = [[_btn(l10n("loan-admin-rate-zero"), "wrt")]]
    elif step == LoanAdminFlow.source:
        rows = [
            [_btn(l10n("loan-admin-source", fund="no"), "ws", v="0")],
            [_btn(l10n("loan-admin-source", fund="yes"), "ws", v="1")],
        ]
    current = _current_value(step, data, ctx)
    if current is not None and step not in BUTTON_STEPS:
        question += "\n" + l10n("loan-admin-current", value=current)
        rows.append([_btn(l10n("loan-admin-keep"), "wk", v=_step_name(step))])
    head = l10n("loan-admin-new-step", step=index + 1, steps=len(WIZARD) - 1)
    text = f"{head}\n{question}"
    if error:
        text = f"⚠️ {error}\n\n{text}"
    return text, _kb(*rows, nav)


async def _summary_view(
    data: dict[str, Any], ctx: Ctx, nav: list[InlineKeyboardButton]
) -> tuple[str, InlineKeyboardMarkup]:
    l10n = ctx.l10n
    terms = _terms(data)
    lines = [
        l10n("loan-admin-summary-title"),
        l10n(
            "loan-admin-summary",
            program=html.escape(_program_name(ctx, str(data.get("la_program")))),
            region=html.escape(_region_name(data.get("la_region"), l10n.locale)),
            name=html.escape(str(data.get("la_name"))),
            contract=html.escape(str(data.get("la_contract"))),
            principal=Money(terms.principal),
            rate=format_rate(terms.rate_bp),
            term=terms.term_months,
            grace=terms.grace_months,
            frequency=terms.frequency,
            disbursed=terms.disbursed_on,
            fund="yes" if data.get("la_fund") else "no",
        ),
    ]
    if data.get("la_user"):
        lines.append(l10n("loan-admin-summary-linked"))
    try:
        schedule = build_schedule(terms)
    except TermsError as exc:
        lines += ["", "⚠️ " + _error(exc, l10n, "loan-terms-")]
        return "\n".join(lines), _kb(nav)
    first, last = schedule[0], schedule[-1]
    lines.append(
        l10n(
            "loan-admin-summary-schedule",
            count=len(schedule),
            first=first.due_on,
            first_amount=Money(first.amount),
            last=last.due_on,
            last_amount=Money(last.amount),
            total=Money(sum(s.amount for s in schedule)),
        )
    )
    return "\n".join(lines), _kb([_btn(l10n("loan-admin-create-button"), "wok")], nav)


async def _start_wizard(message: Message, ctx: Ctx, prefill: dict[str, Any]) -> None:
    """The wizard at its first step without a value (an application fills in the program, the
    region and the name; they can still be changed with «Back»)."""
    await _leave_flow(ctx.state)
    data = await ctx.state.get_data()
    data.update(prefill)
    await ctx.state.set_data(data)
    first = next(
        (s for s in WIZARD[:4] if data.get(STEP_KEYS[s]) in (None, "")), LoanAdminFlow.principal
    )
    await ctx.state.set_state(first)
    await _edit(message, await _step_view(first, data, ctx))


async def _from_application(
    query: CallbackQuery, message: Message, application_id: int, ctx: Ctx
) -> None:
    """The button under "application approved": the wizard with the borrower filled in."""
    l10n = ctx.l10n
    application = await ctx.applications.repo.get(application_id)
    if application is None or not ctx.access.coordinates(
        program=application.program, region=application.region
    ):
        log.warning(
            "user %s may not open a loan for application %s", ctx.access.user_id, application_id
        )
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    existing = await ctx.loans.repo.by_application(application.id)
    if existing is not None:
        await query.answer()
        await _send(message, await _card_view(existing, ctx, l10n("loan-admin-already-opened")))
        return
    if application.status != "approved" or application.program not in {
        p.code for p in ctx.loans.loan_programs(ctx.access)
    }:
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    await query.answer()
    amount = application.answers.get("amount")
    name = str(application.answers.get("full_name") or "").strip()
    prefill = {
        "la_program": application.program,
        "la_region": application.region,
        "la_name": name[:NAME_MAX] if len(name) >= NAME_MIN else None,
        "la_user": application.user_id,
        "la_app": application.id,
        "la_suggested": int(amount) if isinstance(amount, int) and amount > 0 else None,
    }
    sent = await message.answer(l10n("loan-admin-from-application", number=application.reference))
    await _start_wizard(sent, ctx, prefill)


async def _wizard_button(
    query: CallbackQuery, message: Message, callback_data: LoanAdminCb, ctx: Ctx
) -> None:
    action, value, l10n, state = callback_data.action, callback_data.v, ctx.l10n, ctx.state
    if action == "new":
        if not ctx.loans.loan_programs(ctx.access):
            await query.answer(l10n("loan-admin-no-programs"), show_alert=True)
            return
        await query.answer()
        await _start_wizard(message, ctx, {})
        return
    if action == "app":
        await _from_application(query, message, callback_data.p, ctx)
        return
    step = _wizard_step(await state.get_state())
    if step is None:
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    data = await state.get_data()
    if action == "wx":
        await _leave_flow(state)
        await query.answer(l10n("loan-admin-cancelled"))
        await _edit(message, await _home_view(ctx))
        return
    if action == "wb":
        index = WIZARD.index(step)
        if value != _step_name(step) or index == 0:
            await query.answer(l10n("button-stale"), show_alert=True)
            return
        await query.answer()
        await state.set_state(WIZARD[index - 1])
        await _edit(message, await _step_view(WIZARD[index - 1], data, ctx))
        return
    if action == "wk":
        if value != _step_name(step) or data.get(STEP_KEYS.get(step, "")) in (None, ""):
            await query.answer(l10n("button-stale"), show_alert=True)
            return
        await query.answer()
        await _next_step(step, {}, message, ctx, edit=True)
        return
    if action == "wok" and step == LoanAdminFlow.summary:
        await _create(query, message, data, ctx)
        return
    if WIZARD_PICKS.get(action) != step:
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    updates = _picked(action, value, data, ctx)
    if updates is None:
        log.warning("user %s: loan wizard value %s=%r refused", ctx.access.user_id, action, value)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    await query.answer()
    await _next_step(step, updates, message, ctx, edit=True)


def _picked(action: str, value: str, data: dict[str, Any], ctx: Ctx) -> dict[str, Any] | None:
    """What a wizard button stores; None for a value not offered to this person."""
    today = ctx.loans.today()
    if action == "wp":
        allowed = {p.code for p in ctx.loans.loan_programs(ctx.access)}
        return {"la_program": value, "la_region": None} if value in allowed else None
    if action == "wr":
        program = str(data.get("la_program") or "")
        ok = region_by_code(value) is not None and ctx.access.coordinates(
            program=program, region=value
        )
        return {"la_region": value} if ok else None
    if action == "wpr":
        suggested = data.get("la_suggested")
        return {"la_principal": int(suggested)} if suggested else None
    if action == "wdt":
        return {"la_disbursed": today.isoformat()}
    if action == "wf":
        return {"la_frequency": value} if value in PERIOD_MONTHS else None
    if action == "wt":
        ok = value.isdigit() and int(value) in TERMS and int(value) % _period(data) == 0
        return {"la_term": int(value)} if ok else None
    if action == "wg":
        term = int(data.get("la_term") or DEFAULT_TERM)
        ok = value.isdigit() and int(value) in GRACES and int(value) % _period(data) == 0
        return {"la_grace": int(value)} if ok and int(value) < term else None
    if action == "wd":
        default = _first_due_default(data)
        if default is None:
            return None
        disbursed = date.fromisoformat(str(data["la_disbursed"]))
        return {"la_first_due": default.isoformat(), "la_due_day": disbursed.day}
    if action == "wrt":
        return {"la_rate": 0}
    if action == "ws":
        return {"la_fund": value == "1"} if value in ("0", "1") else None
    return None


async def _next_step(
    step: State, updates: dict[str, Any], message: Message, ctx: Ctx, *, edit: bool
) -> None:
    await ctx.state.update_data(updates)
    data = await ctx.state.get_data()
    following = WIZARD[WIZARD.index(step) + 1]
    await ctx.state.set_state(following)
    view = await _step_view(following, data, ctx)
    if edit:
        await _edit(message, view)
    else:
        await _send(message, view)


def _typed_value(step: State, message: Message, data: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """What a typed answer stores; `_Refused` with the reason if it cannot be taken."""
    l10n, today = ctx.l10n, ctx.loans.today()
    text = (message.text or "").strip()
    if not text:
        raise _Refused(l10n("loan-admin-expects-text"))
    if step == LoanAdminFlow.name:
        name = " ".join(text.split())
        if not NAME_MIN <= len(name) <= NAME_MAX:
            raise _Refused(l10n("loan-import-name", min=NAME_MIN, max=NAME_MAX))
        return {"la_name": name}
    if step == LoanAdminFlow.contract:
        contract = normalise_contract(text)
        if contract is None:
            raise _Refused(l10n("loan-import-contract"))
        return {"la_contract": contract}
    if step == LoanAdminFlow.principal:
        amount = parse_amount(text, l10n)
        if isinstance(amount, str):
            raise _Refused(amount)
        if amount > MAX_PRINCIPAL:
            raise _Refused(l10n("loan-terms-principal", max=MAX_PRINCIPAL))
        return {"la_principal": amount}
    if step in (LoanAdminFlow.disbursed, LoanAdminFlow.first_due):
        parsed = parse_date(text, today=today)
        if isinstance(parsed, Invalid):
            raise _Refused(l10n("loan-error-date-invalid", example=f"{today:%d.%m.%Y}"))
        if step == LoanAdminFlow.disbursed:
            if parsed > today + FUTURE_LIMIT:
                raise _Refused(l10n("loan-admin-disbursed-future", max=today + FUTURE_LIMIT))
            if parsed < today - PAST_LIMIT:
                raise _Refused(l10n("loan-admin-disbursed-past"))
            return {"la_disbursed": parsed.isoformat(), "la_first_due": None}
        return {"la_first_due": parsed.isoformat(), "la_due_day": parsed.day}
    if step in (LoanAdminFlow.term, LoanAdminFlow.grace):
        if not text.isdigit():
            raise _Refused(l10n("loan-admin-months-invalid"))
        months, period = int(text), _period(data)
        if step == LoanAdminFlow.term:
            if not 0 < months <= MAX_TERM or months % period:
                raise _Refused(l10n("loan-terms-term", max=MAX_TERM, period=period))
            return {"la_term": months}
        if months > MAX_GRACE or months % period:
            raise _Refused(l10n("loan-terms-grace", max=MAX_GRACE, period=period))
        if months >= int(data.get("la_term") or DEFAULT_TERM):
            raise _Refused(l10n("loan-terms-grace-term"))
        return {"la_grace": months}
    if step == LoanAdminFlow.rate:
        rate = parse_rate(text)
        if rate is None:
            raise _Refused(l10n("loan-admin-rate-invalid"))
        return {"la_rate": rate}
    raise _Refused(l10n("loan-admin-use-buttons"))


async def _wizard_text(message: Message, step: State, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    try:
        if step in BUTTON_STEPS:
            raise _Refused(ctx.l10n("loan-admin-use-buttons"))
        updates = _typed_value(step, message, data, ctx)
        if step == LoanAdminFlow.contract and await ctx.loans.repo.by_contract(
            updates["la_contract"]
        ):
            raise _Refused(
                ctx.l10n("loan-admin-contract-taken", contract=html.escape(updates["la_contract"]))
            )
        if step == LoanAdminFlow.first_due:
            candidate = {**data, **updates}
            build_schedule(_terms(candidate))
    except _Refused as refused:
        await _send(message, await _step_view(step, data, ctx, refused.text))
        return
    except TermsError as exc:
        error = _error(exc, ctx.l10n, "loan-terms-")
        await _send(message, await _step_view(step, data, ctx, error))
        return
    await _next_step(step, updates, message, ctx, edit=False)


async def _create(query: CallbackQuery, message: Message, data: dict[str, Any], ctx: Ctx) -> None:
    l10n, access = ctx.l10n, ctx.access
    program, region = str(data.get("la_program") or ""), data.get("la_region")
    if program not in {p.code for p in ctx.loans.loan_programs(access)} or not access.coordinates(
        program=program, region=region
    ):
        log.warning("user %s: a loan outside the scope refused", access.user_id)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    draft = LoanDraft(
        contract=str(data["la_contract"]),
        borrower_name=str(data["la_name"]),
        program=program,
        region=region,
        terms=_terms(data),
        from_fund=bool(data.get("la_fund")),
        user_id=int(data["la_user"]) if data.get("la_user") else None,
        application_id=int(data["la_app"]) if data.get("la_app") else None,
    )
    try:
        loan = await ctx.loans.create(draft, access.user_id)
    except TermsError as exc:
        await query.answer(_error(exc, l10n, "loan-terms-"), show_alert=True)
        return
    except ContractExists:
        await ctx.state.set_state(LoanAdminFlow.contract)
        await query.answer(
            l10n("loan-admin-contract-taken", contract=html.escape(draft.contract)),
            show_alert=True,
        )
        await _edit(message, await _step_view(LoanAdminFlow.contract, data, ctx))
        return
    await _leave_flow(ctx.state)
    await query.answer()
    await _edit(message, await _card_view(loan, ctx, l10n("loan-admin-created")))


# -- typed texts --------------------------------------------------------------------------------


@router.message(StateFilter(LoanAdminFlow))
async def text_given(
    message: Message,
    state: FSMContext,
    access: Access,
    loans: LoanService,
    users: UserRepo,
    applications: ApplicationService,
    translations: Translations,
    zone: ZoneInfo,
    l10n: Translator,
    bot: Bot,
) -> None:
    if is_elsewhere(message.text, translations):
        await _leave_flow(state)
        raise SkipHandler
    if not access.is_coordinator:
        await _leave_flow(state)
        await message.answer(l10n("access-denied"))
        return
    ctx = Ctx(access, state, loans, users, applications, zone, l10n, bot)
    current = await state.get_state()
    step = _wizard_step(current)
    if step is not None:
        await _wizard_text(message, step, ctx)
        return
    if current == LoanAdminFlow.import_file.state:
        await _import_file(message, ctx)
        return
    if current == LoanAdminFlow.rule.state:
        await _rule_typed(message, ctx)
        return
    data = await state.get_data()
    loan = await _load_loan(int(data.get("la_loan") or 0), ctx)
    if loan is None:
        log.warning("user %s typed a loan value without the right", access.user_id)
        await _leave_flow(state)
        await message.answer(l10n("access-denied"))
        return
    if current in (LoanAdminFlow.record_amount.state, LoanAdminFlow.record_date.state):
        await _record_typed(message, current, loan, ctx)
        return
    await _payment_typed(message, current, loan, data, ctx)


async def _payment_typed(
    message: Message, current: str | None, loan: Loan, data: dict[str, Any], ctx: Ctx
) -> None:
    l10n = ctx.l10n
    found = await _load_payment(int(data.get("la_payment") or 0), ctx)
    back = _kb([_btn(l10n("button-back"), "pay", loan.id, int(data.get("la_payment") or 0))])
    if found is None or found[1].id != loan.id:
        await _leave_flow(ctx.state)
        await message.answer(l10n("access-denied"))
        return
    payment = found[0]
    text = (message.text or "").strip()
    try:
        if current == LoanAdminFlow.fix_amount.state:
            amount = parse_amount(text, l10n) if text else l10n("loan-error-expects-amount")
            if isinstance(amount, str):
                await message.answer(amount, reply_markup=back)
                return
            payment = await ctx.loans.confirm(payment, ctx.access.user_id, amount)
            notice = l10n("loan-admin-confirmed", amount=Money(payment.amount))
        else:
            if not text or len(text) > MAX_TEXT:
                await message.answer(
                    l10n("loan-admin-reason-invalid", max=MAX_TEXT), reply_markup=back
                )
                return
            if current == LoanAdminFlow.reject_reason.state:
                payment = await ctx.loans.reject(payment, ctx.access.user_id, text)
                notice = l10n("loan-admin-rejected")
            else:
                payment = await ctx.loans.reverse(payment, ctx.access.user_id, text)
                notice = l10n("loan-admin-reversed", amount=Money(payment.amount))
    except LoanError as exc:
        await message.answer(_error(exc, l10n), reply_markup=back)
        return
    await _leave_flow(ctx.state)
    fresh = await ctx.loans.repo.require(loan.id)
    await _send(message, await _payment_view(payment, fresh, ctx, notice))


async def _record_typed(message: Message, current: str | None, loan: Loan, ctx: Ctx) -> None:
    l10n = ctx.l10n
    text = (message.text or "").strip()
    back = _kb([_btn(l10n("loan-back-to-card"), "o", loan.id)])
    if current == LoanAdminFlow.record_amount.state:
        amount = parse_amount(text, l10n) if text else l10n("loan-error-expects-amount")
        if isinstance(amount, str):
            await message.answer(amount, reply_markup=back)
            return
        if amount > loan.outstanding:
            await message.answer(
                l10n("loan-error-amount-over", outstanding=Money(loan.outstanding)),
                reply_markup=back,
            )
            return
        await ctx.state.update_data(la_amount=amount)
        await ctx.state.set_state(LoanAdminFlow.record_date)
        await _send(message, _record_date_view(loan, amount, ctx))
        return
    today = ctx.loans.today()
    parsed = parse_date(text, today=today)
    if isinstance(parsed, Invalid):
        await message.answer(
            l10n("loan-error-date-invalid", example=f"{today:%d.%m.%Y}"), reply_markup=back
        )
        return
    await _record(message, loan, parsed, ctx, edit=False)


def _record_date_view(loan: Loan, amount: int, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    l10n = ctx.l10n
    today = ctx.loans.today()
    return l10n("loan-admin-record-date", amount=Money(amount), example=f"{today:%d.%m.%Y}"), _kb(
        [
            _btn(l10n("loan-pay-today"), "rd", loan.id, v="0"),
            _btn(l10n("loan-pay-yesterday"), "rd", loan.id, v="1"),
        ],
        [_btn(l10n("loan-back-to-card"), "o", loan.id)],
    )


async def _record(message: Message, loan: Loan, paid_on: date, ctx: Ctx, *, edit: bool) -> None:
    l10n = ctx.l10n
    amount = int((await ctx.state.get_data()).get("la_amount") or 0)
    try:
        payment = await ctx.loans.record(loan, ctx.access.user_id, amount, paid_on)
    except LoanError as exc:
        back = _kb([_btn(l10n("loan-back-to-card"), "o", loan.id)])
        await message.answer(_error(exc, l10n), reply_markup=back)
        return
    await _leave_flow(ctx.state)
    fresh = await ctx.loans.repo.require(loan.id)
    notice = l10n("loan-admin-recorded", amount=Money(payment.amount), date=payment.paid_on)
    view = await _card_view(fresh, ctx, notice)
    if edit:
        await _edit(message, view)
    else:
        await _send(message, view)


# -- import -------------------------------------------------------------------------------------


def _import_help(ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    l10n = ctx.l10n
    programs = ", ".join(
        f"{p.code} ({html.escape(p.name(l10n.locale))})"
        for p in ctx.loans.loan_programs(ctx.access)
    )
    return l10n("loan-import-help", programs=programs), _kb([_btn(l10n("button-cancel"), "imx")])


async def _import_file(message: Message, ctx: Ctx) -> None:
    """A file sent after "Import": checked row by row and shown; nothing is stored yet."""
    l10n = ctx.l10n
    cancel = _kb([_btn(l10n("button-cancel"), "imx")])
    document = message.document
    if document is None:
        await message.answer(l10n("loan-import-expects-file"), reply_markup=cancel)
        return
    check = await _check_file(message, document.file_id, document.file_name or "", ctx, cancel)
    if check is None:
        return
    await ctx.state.update_data(la_import=[document.file_id, document.file_name or ""])
    lines = [
        l10n(
            "loan-import-checked",
            rows=len(check.parsed.rows),
            good=len(check.good),
            refused=len(check.refused),
            encoding=check.parsed.encoding or "xlsx",
        )
    ]
    if check.parsed.ignored_columns:
        lines.append(
            l10n(
                "loan-import-ignored",
                columns=html.escape(_cut(", ".join(check.parsed.ignored_columns), 200)),
            )
        )
    lines += _opening_lines(check, l10n)
    lines += _refused_lines(check.refused, l10n)
    rows = []
    if check.good:
        rows.append([_btn(l10n("loan-import-confirm-button", count=len(check.good)), "imok")])
    rows.append([_btn(l10n("button-cancel"), "imx")])
    await message.answer("\n".join(lines), reply_markup=_kb(*rows))


async def _check_file(
    message: Message, file_id: str, filename: str, ctx: Ctx, cancel: InlineKeyboardMarkup
) -> ImportCheck | None:
    l10n = ctx.l10n
    document = message.document
    size = document.file_size if document is not None and document.file_id == file_id else None
    try:
        if size is not None and size > MAX_IMPORT_BYTES:
            raise ImportFileError("size", max=MAX_IMPORT_BYTES // (1024 * 1024))
        if not filename.casefold().endswith((".xlsx", ".csv", ".txt")):
            raise ImportFileError("type")
        data = await _download(ctx.bot, file_id)
        return await ctx.loans.check_import(data, filename, ctx.access)
    except ImportFileError as exc:
        args = dict(exc.details)
        if exc.key == "columns":  # the missing columns' names in the reader's language
            args["missing"] = ", ".join(
                l10n("loan-xlsx-column", column=name) for name in exc.details["missing"]
            )
        await message.answer(l10n(f"loan-import-file-{exc.key}", **args), reply_markup=cancel)
        return None


async def _download(bot: Bot, file_id: str) -> bytes:
    found = await bot.get_file(file_id)
    assert found.file_path is not None
    buffer = await bot.download_file(found.file_path)
    assert buffer is not None
    return buffer.read()


def _refused_lines(refused: Sequence[Any], l10n: Translator) -> list[str]:
    if not refused:
        return []
    lines = ["", l10n("loan-import-refused-title", count=len(refused))]
    for item in refused[:REFUSED_SHOWN]:
        lines.append(
            l10n(
                "loan-import-refused-line",
                row=item.number,
                contract=html.escape(item.contract or "—"),
                reason=l10n(refusal_key(item.key), **_reason_args(item.args)),
            )
        )
    if len(refused) > REFUSED_SHOWN:
        lines.append(l10n("loan-import-refused-more", count=len(refused) - REFUSED_SHOWN))
    return lines


def _opening_lines(check: ImportCheck, l10n: Translator) -> list[str]:
    """Before anything is stored: per loan, what is repaid, what is overdue and what the
    first morning will send; then the totals."""
    if not check.good or check.morning is None:
        return []
    lines = ["", l10n("loan-import-preview-title", date=check.morning)]
    for (_, draft), seen in list(zip(check.good, check.openings, strict=True))[:REFUSED_SHOWN]:
        parts = [
            l10n(
                "loan-import-preview-line",
                contract=html.escape(draft.contract),
                name=html.escape(_cut(draft.borrower_name, 40)),
                repaid=Money(seen.repaid),
                total=Money(seen.total),
            ),
            l10n("loan-import-preview-overdue", amount=Money(seen.overdue), days=seen.days_late)
            if seen.overdue
            else l10n("loan-import-preview-current"),
        ]
        if seen.notices:
            parts.append(
                l10n(
                    "loan-import-preview-notices",
                    count=len(seen.notices),
                    alert="yes" if seen.escalates else "no",
                )
            )
        lines.append(" · ".join(parts))
    if len(check.good) > REFUSED_SHOWN:
        lines.append(l10n("loan-import-refused-more", count=len(check.good) - REFUSED_SHOWN))
    lines.append(
        l10n(
            "loan-import-preview-totals",
            repaid=Money(sum(o.repaid for o in check.openings)),
            late=sum(1 for o in check.openings if o.overdue),
            count=len(check.openings),
            notices=sum(len(o.notices) for o in check.openings),
            alerts=sum(1 for o in check.openings if o.escalates),
        )
    )
    return lines


def _reason_args(args: dict[str, Any]) -> dict[str, Any]:
    return {k: html.escape(v) if isinstance(v, str) else v for k, v in args.items()}


async def _import_confirmed(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    l10n = ctx.l10n
    stored = (await ctx.state.get_data()).get("la_import")
    if await ctx.state.get_state() != LoanAdminFlow.import_file.state or not stored:
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    await query.answer(l10n("loan-import-wait"))
    file_id, filename = str(stored[0]), str(stored[1])
    cancel = _kb([_btn(l10n("button-cancel"), "imx")])
    check = await _check_file(message, file_id, filename, ctx, cancel)
    if check is None:
        return
    created, refused = await ctx.loans.import_loans(check, ctx.access.user_id)
    await _leave_flow(ctx.state)
    with suppress(TelegramBadRequest):
        await message.edit_reply_markup(reply_markup=None)
    lines = [l10n("loan-import-done", created=len(created), refused=len(refused))]
    lines += _refused_lines(refused, l10n)
    await message.answer(
        "\n".join(lines), reply_markup=_kb([_btn(l10n("loan-admin-home-button"), "h")])
    )
    username = (await ctx.bot.me()).username or ""
    links = [
        (
            number,
            loan,
            make_link(username, f"l_{loan.invite_code}") if username and loan.invite_code else "",
        )
        for number, loan in created
    ]
    report = await asyncio.to_thread(build_import_report, links, refused, l10n)
    await message.answer_document(
        BufferedInputFile(report, filename=f"import-{ctx.loans.today().isoformat()}.xlsx"),
        caption=l10n("loan-import-report-caption", created=len(created), refused=len(refused)),
    )


# -- reminder days ------------------------------------------------------------------------------


def _rule_programs(ctx: Ctx) -> list[Any]:
    """Loan programs whose reminder days this person may change: they coordinate all of it."""
    return [
        p for p in ctx.loans.loan_programs() if ctx.access.coordinates(program=p.code, region=None)
    ]


async def _rules_view(ctx: Ctx, notice: str | None = None) -> tuple[str, InlineKeyboardMarkup]:
    l10n = ctx.l10n
    lines = [notice, ""] if notice else []
    lines.append(l10n("loan-rules-title"))
    rows = []
    for program in ctx.loans.loan_programs(ctx.access):
        rule = await ctx.loans.rule_for(program.code)
        lines.append(
            l10n(
                "loan-rules-line",
                program=html.escape(program.name(l10n.locale)),
                before=", ".join(map(str, rule.before)) or "—",
                after=", ".join(map(str, rule.after)) or "—",
                escalate=rule.escalate_after or 0,
            )
        )
        if program in _rule_programs(ctx):
            rows.append(
                [
                    _btn(
                        l10n("loan-rules-edit-button", program=program.name(l10n.locale)),
                        "rle",
                        v=program.code,
                    )
                ]
            )
    rows.append([_btn(l10n("loan-admin-home-button"), "h")])
    return "\n".join(lines), _kb(*rows)


async def _rule_typed(message: Message, ctx: Ctx) -> None:
    l10n = ctx.l10n
    program = str((await ctx.state.get_data()).get("la_rule") or "")
    if program not in {p.code for p in _rule_programs(ctx)}:
        await _leave_flow(ctx.state)
        await message.answer(l10n("access-denied"))
        return
    rule = parse_rule(message.text or "")
    if rule is None:
        await message.answer(
            l10n("loan-rules-invalid"), reply_markup=_kb([_btn(l10n("button-back"), "rl")])
        )
        return
    await ctx.loans.set_rule(program, rule, ctx.access.user_id)
    await _leave_flow(ctx.state)
    await _send(message, await _rules_view(ctx, l10n("loan-rules-saved")))


# -- chart and Excel ----------------------------------------------------------------------------


def _chart_text(ctx: Ctx, found: Filter) -> PortfolioChartText:
    l10n = ctx.l10n
    return PortfolioChartText(
        title=_scope_text(found, ctx),
        repayments=l10n("loan-chart-repayments"),
        buckets=l10n("loan-chart-buckets"),
        months=tuple(l10n("loan-chart-months").split()),
        million=l10n("loan-chart-million"),
        thousand=l10n("loan-chart-thousand"),
        loans=l10n("loan-chart-loans"),
    )


async def _send_chart(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    found = await ctx.filter()
    portfolio = await ctx.loans.portfolio(ctx.scope, found.program, found.region)
    months = await ctx.loans.repayments_by_month(ctx.scope, found.program, found.region)
    await query.answer(ctx.l10n("loan-admin-chart-wait"))
    buckets = [(b.label, b.loans, b.outstanding) for b in portfolio.buckets]
    png = await asyncio.to_thread(portfolio_chart, months, buckets, _chart_text(ctx, found))
    caption = "\n".join(portfolio_lines(portfolio, ctx.l10n)[:6])
    await message.answer_photo(
        BufferedInputFile(png, filename="portfolio.png"), caption=_cut(caption, 1000)
    )
    log.info("user %s: portfolio chart", ctx.access.user_id)


async def _send_export(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    l10n = ctx.l10n
    found = await ctx.filter()
    _, count = await ctx.loans.repo.page(ctx.scope, found.program, found.region, limit=0, offset=0)
    if not count:
        await query.answer(l10n("loan-admin-empty"), show_alert=True)
        return
    await query.answer(l10n("loan-admin-export-wait"))
    names = {p.code: p.name(l10n.locale) for p in ctx.loans.catalogue}
    today = ctx.loans.today()
    batches = ctx.loans.repo.export_batches(ctx.scope, found.program, found.region)
    # The schedule is 60 rows a loan: past this many loans the file would pass Telegram's 50 MB,
    # so the schedules are left out (the caption says so and how to get them).
    schedule = count <= SCHEDULE_MAX_LOANS
    with tempfile.TemporaryDirectory(prefix="loans-") as folder:
        path = Path(folder) / f"loans-{today.isoformat()}.xlsx"
        written = await write_loans_workbook(
            batches, path, names, l10n, today, schedule=schedule
        )
        size = path.stat().st_size
        if size > MAX_DOCUMENT_MB * 1024 * 1024:
            await message.answer(l10n("loan-admin-export-too-big", max=MAX_DOCUMENT_MB))
            log.warning(
                "user %s: export of %d loan(s) is %d bytes", ctx.access.user_id, written, size
            )
            return
        await message.answer_document(
            FSInputFile(path, filename=path.name),
            caption=l10n(
                "loan-admin-export-caption" if schedule else "loan-admin-export-caption-short",
                count=written,
            ),
        )
    log.info("user %s exported %d loan(s)", ctx.access.user_id, written)


# -- buttons ------------------------------------------------------------------------------------


@router.callback_query(LoanAdminCb.filter())
async def on_button(
    query: CallbackQuery,
    callback_data: LoanAdminCb,
    state: FSMContext,
    access: Access,
    loans: LoanService,
    users: UserRepo,
    applications: ApplicationService,
    zone: ZoneInfo,
    l10n: Translator,
    bot: Bot,
) -> None:
    if not access.is_coordinator:
        log.warning("user %s sent a loans callback without the right", query.from_user.id)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    ctx = Ctx(access, state, loans, users, applications, zone, l10n, bot)
    action = callback_data.action
    if action == "noop":
        await query.answer()
        return
    if action in WIZARD_ACTIONS:
        await _wizard_button(query, message, callback_data, ctx)
        return
    if action == "imok":
        await _import_confirmed(query, message, ctx)
        return
    if action != "rd":  # went elsewhere: the next text is not taken for a typed value
        await _leave_flow(state)
    if action in (
        "h",
        "fp",
        "fr",
        "sp",
        "sr",
        "q",
        "od",
        "nua",
        "ls",
        "ch",
        "xl",
        "im",
        "imx",
        "rl",
        "rle",
    ):
        await _portfolio_action(query, message, callback_data, ctx)
        return
    loan = await _load_loan(callback_data.loan, ctx)
    if loan is None:
        log.warning("user %s may not %r loan %s", access.user_id, action, callback_data.loan)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    if action in ("pay", "rcp", "ok", "fix", "rej", "rev"):
        found = await _load_payment(callback_data.p, ctx)
        if found is None or found[1].id != loan.id:
            log.warning("user %s may not %r payment %s", access.user_id, action, callback_data.p)
            await query.answer(l10n("access-denied"), show_alert=True)
            return
        await _payment_action(query, message, action, found[0], loan, ctx)
        return
    await _loan_action(query, message, callback_data, loan, ctx)


async def _portfolio_action(
    query: CallbackQuery, message: Message, callback_data: LoanAdminCb, ctx: Ctx
) -> None:
    action, value, l10n, state = callback_data.action, callback_data.v, ctx.l10n, ctx.state
    page = int(value) if value.isdigit() else 0
    if action in ("sp", "sr"):
        current = await ctx.filter()
        wanted = (
            Filter(value or None, None)
            if action == "sp"
            else Filter(current.program, value or None)
        )
        if not _filter_allowed(wanted, ctx):
            log.warning("user %s asked for loans filter %r", ctx.access.user_id, wanted)
            await query.answer(l10n("access-denied"), show_alert=True)
            return
        await state.update_data(la_filter=wanted.pack())
        await query.answer()
        await _edit(message, await _home_view(ctx))
    elif action == "h" or action == "imx":
        await query.answer()
        await _edit(message, await _home_view(ctx))
    elif action == "fp":
        await query.answer()
        await _edit(message, _program_picker(ctx))
    elif action == "fr":
        await query.answer()
        await _edit(message, _region_picker(ctx, await ctx.filter()))
    elif action == "q":
        await query.answer()
        await _edit(message, await _pending_view(ctx))
    elif action == "od":
        await query.answer()
        await _edit(message, await _late_view(ctx, page))
    elif action == "ls":
        await query.answer()
        await _edit(message, await _list_view(ctx, page))
    elif action == "nua":
        found = await ctx.filter()
        late, _ = await ctx.loans.repo.late(
            ctx.scope, found.program, found.region, today=ctx.loans.today(), limit=500
        )
        sent = await ctx.loans.nudge([item.loan for item in late], ctx.access.user_id)
        await query.answer(l10n("loan-admin-nudged", sent=sent), show_alert=True)
    elif action == "ch":
        await _send_chart(query, message, ctx)
    elif action == "xl":
        await _send_export(query, message, ctx)
    elif action == "im":
        if not ctx.loans.loan_programs(ctx.access):
            await query.answer(l10n("loan-admin-no-programs"), show_alert=True)
            return
        await query.answer()
        await state.set_state(LoanAdminFlow.import_file)
        await _edit(message, _import_help(ctx))
    elif action == "rl":
        await query.answer()
        await _edit(message, await _rules_view(ctx))
    else:  # rle
        program = next((p for p in _rule_programs(ctx) if p.code == value), None)
        if program is None:
            await query.answer(l10n("access-denied"), show_alert=True)
            return
        await query.answer()
        rule = await ctx.loans.rule_for(program.code)
        await state.set_state(LoanAdminFlow.rule)
        await state.update_data(la_rule=program.code)
        text = l10n(
            "loan-rules-ask", program=html.escape(program.name(l10n.locale)), current=rule.text()
        )
        await _edit(message, (text, _kb([_btn(l10n("button-back"), "rl")])))


async def _loan_action(
    query: CallbackQuery, message: Message, callback_data: LoanAdminCb, loan: Loan, ctx: Ctx
) -> None:
    action, value, l10n, state = callback_data.action, callback_data.v, ctx.l10n, ctx.state
    if action == "o":
        await query.answer()
        await _edit(message, await _card_view(loan, ctx))
    elif action == "sc":
        await query.answer()
        text, nav = await schedule_view(
            loan, int(value) if value.isdigit() else 0, ctx.loans, l10n, admin=True
        )
        rows = [
            [_btn(label, "sc" if v != "noop" else "noop", loan.id, v=v) for label, v in row]
            for row in nav
        ]
        rows.append([_btn(l10n("loan-back-to-card"), "o", loan.id)])
        await _edit(message, (text, _kb(*rows)))
    elif action == "py":
        await query.answer()
        await _edit(message, await _payments_view(loan, ctx))
    elif action == "rec":
        if loan.status != "active":
            await query.answer(l10n("loan-pay-nothing-due"), show_alert=True)
            return
        await query.answer()
        await state.set_state(LoanAdminFlow.record_amount)
        await state.update_data(la_loan=loan.id)
        text = l10n(
            "loan-admin-record-ask",
            contract=html.escape(loan.contract),
            left=Money(loan.outstanding),
        )
        await _edit(message, (text, _kb([_btn(l10n("loan-back-to-card"), "o", loan.id)])))
    elif action == "rd":
        # The date buttons of "record a payment": the amount must have been typed just now.
        data = await state.get_data()
        if value not in ("0", "1") or not data.get("la_amount"):
            await query.answer(l10n("button-stale"), show_alert=True)
            return
        await query.answer()
        await _record(
            message, loan, ctx.loans.today() - timedelta(days=int(value)), ctx, edit=True
        )
    elif action == "nu":
        sent = await ctx.loans.nudge([loan], ctx.access.user_id)
        await query.answer(l10n("loan-admin-nudged", sent=sent), show_alert=True)
    elif action == "inv":
        await query.answer()
        text = l10n(
            "loan-admin-invite-confirm",
            contract=html.escape(loan.contract),
            linked="yes" if loan.user_id else "no",
        )
        kb = _kb(
            [_btn(l10n("loan-admin-invite-yes"), "invy", loan.id)],
            [_btn(l10n("button-back"), "o", loan.id)],
        )
        await _edit(message, (text, kb))
    elif action == "invy":
        fresh = await ctx.loans.new_invite(loan, ctx.access.user_id)
        await query.answer()
        await _edit(message, await _card_view(fresh, ctx, l10n("loan-admin-invite-new")))
    else:
        await query.answer(l10n("button-stale"), show_alert=True)


async def _payment_action(
    query: CallbackQuery, message: Message, action: str, payment: Payment, loan: Loan, ctx: Ctx
) -> None:
    l10n, state = ctx.l10n, ctx.state
    if action == "pay":
        await query.answer()
        await _edit(message, await _payment_view(payment, loan, ctx))
    elif action == "rcp":
        if not payment.receipt_file_id:
            await query.answer(l10n("loan-admin-no-receipt"), show_alert=True)
            return
        await query.answer()
        caption = l10n(
            "loan-admin-receipt-caption",
            contract=html.escape(loan.contract),
            amount=Money(payment.amount),
            date=payment.paid_on,
        )
        if payment.receipt_kind == "photo":
            await message.answer_photo(payment.receipt_file_id, caption=caption)
        else:
            await message.answer_document(payment.receipt_file_id, caption=caption)
    elif action == "ok":
        try:
            decided = await ctx.loans.confirm(payment, ctx.access.user_id)
        except LoanError as exc:
            await query.answer(_error(exc, l10n), show_alert=True)
            return
        await query.answer()
        fresh = await ctx.loans.repo.require(loan.id)
        notice = l10n("loan-admin-confirmed", amount=Money(decided.amount))
        await _edit(message, await _payment_view(decided, fresh, ctx, notice))
    elif action in ("fix", "rej", "rev"):
        if (action == "rev") != (payment.status == "confirmed") or (
            action != "rev" and payment.status != "reported"
        ):
            await query.answer(l10n("loan-error-decided"), show_alert=True)
            return
        flow, prompt = {
            "fix": (LoanAdminFlow.fix_amount, "loan-admin-fix-ask"),
            "rej": (LoanAdminFlow.reject_reason, "loan-admin-reject-ask"),
            "rev": (LoanAdminFlow.reverse_reason, "loan-admin-reverse-ask"),
        }[action]
        await query.answer()
        await state.set_state(flow)
        await state.update_data(la_loan=loan.id, la_payment=payment.id)
        text = l10n(prompt, amount=Money(payment.amount), date=payment.paid_on)
        await _edit(message, (text, _kb([_btn(l10n("button-back"), "pay", loan.id, payment.id)])))
