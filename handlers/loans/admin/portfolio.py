"""The portfolio of a coordinator's scope: the summary with its filter (program, region), the
loans, the late borrowers with a nudge, the payments waiting for a decision, a chart, Excel."""

from __future__ import annotations

import asyncio
import html
import tempfile
from pathlib import Path
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    FSInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.core.access import Access
from bot.core.i18n import Money, Translator
from bot.core.regions import regions
from bot.documents.charts import PortfolioChartText, portfolio_chart
from bot.loans.schedule import Portfolio, percent
from bot.loans.service import Loan
from bot.loans.workbook import write_loans_workbook
from bot.telegram.callbacks import LoanAdminAction as A
from bot.telegram.callbacks import LoanAdminCb
from bot.telegram.menu import MenuButton
from bot.telegram.screens import Screen, columns, cut, keyboard, page_bounds, pager, send, show
from handlers.loans.admin.common import (
    FILTER_KEY,
    PAGE,
    Desk,
    Filter,
    filter_allowed,
    la,
    log,
    page_of,
    program_name,
    region_name,
    scope_text,
)

router = Router(name=__name__)

MAX_DOCUMENT_MB = 50  # what the Bot API lets a bot send as a document
SCHEDULE_MAX_LOANS = 15_000  # an export with schedules fits in 50 MB up to about 25,000 loans


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


async def home_view(desk: Desk, notice: str | None = None) -> Screen:
    l10n = desk.l10n
    found = await desk.filter()
    portfolio = await desk.loans.portfolio(desk.scope, found.program, found.region)
    _, pending = await desk.loans.pending(desk.scope, found.program, found.region, limit=0)
    lines = [notice, ""] if notice else []
    lines.append(l10n("loan-admin-title", scope=html.escape(scope_text(found, desk))))
    lines += portfolio_lines(portfolio, l10n)
    if not portfolio.loans:
        lines.append(l10n("loan-admin-empty"))
    program_label = program_name(desk, found.program) if found.program else l10n("loan-admin-all")
    region_label = (
        region_name(found.region, l10n.locale) if found.region else l10n("loan-admin-all")
    )
    return "\n".join(lines), keyboard(
        [
            la(l10n("loan-admin-pending-button", count=pending), A.queue),
            la(l10n("loan-admin-late-button", count=portfolio.late_loans), A.late),
        ],
        [
            la(l10n("loan-admin-list-button"), A.loans),
            la(l10n("loan-admin-new-button"), A.new_loan),
        ],
        [
            la(l10n("loan-admin-chart-button"), A.chart),
            la(l10n("loan-admin-excel-button"), A.excel),
        ],
        [
            la(l10n("loan-admin-import-button"), A.import_file),
            la(l10n("loan-admin-rules-button"), A.rules),
        ],
        [
            la(
                l10n("loan-admin-filter-program", program=cut(program_label, 20)), A.filter_program
            ),
            la(l10n("loan-admin-filter-region", region=cut(region_label, 20)), A.filter_region),
        ],
    )


def list_pager(action: A, page: int, pages: int) -> list[InlineKeyboardButton]:
    """‹ n/N › of a list of the portfolio (the page in `v`)."""
    return pager(
        page, pages, lambda n: LoanAdminCb(action=action, v=str(n)), LoanAdminCb(action=A.noop)
    )


@router.message(Command("loans"))
@router.message(MenuButton("menu-loans-admin"))
async def show_home(message: Message, access: Access, desk: Desk) -> None:
    if not access.is_coordinator:
        await message.answer(desk.l10n("access-denied"))
        return
    await desk.leave()
    await send(message, await home_view(desk))


@router.callback_query(LoanAdminCb.filter(F.action == A.noop))
async def noop(query: CallbackQuery) -> None:
    await query.answer()


@router.callback_query(LoanAdminCb.filter(F.action == A.home))
async def home(query: CallbackQuery, message: Message, desk: Desk) -> None:
    await query.answer()
    await show(message, await home_view(desk))


# -- the filter ---------------------------------------------------------------------------------


@router.callback_query(LoanAdminCb.filter(F.action == A.filter_program))
async def pick_program(query: CallbackQuery, message: Message, desk: Desk) -> None:
    l10n = desk.l10n
    await query.answer()
    rows = [[la(l10n("loan-admin-all"), A.set_program)]]
    rows += [
        [la(p.name(l10n.locale), A.set_program, v=p.code)]
        for p in desk.loans.loan_programs(desk.access)
    ]
    rows.append([la(l10n("button-back"), A.home)])
    await show(message, (l10n("loan-admin-pick-program"), keyboard(*rows)))


@router.callback_query(LoanAdminCb.filter(F.action == A.filter_region))
async def pick_region(query: CallbackQuery, message: Message, desk: Desk) -> None:
    l10n = desk.l10n
    found = await desk.filter()
    await query.answer()
    items = [
        la(r.name(l10n.locale), A.set_region, v=r.code)
        for r in regions()
        if filter_allowed(Filter(found.program, r.code), desk)
    ]
    rows = [[la(l10n("loan-admin-all"), A.set_region)], *columns(items)]
    rows.append([la(l10n("button-back"), A.home)])
    await show(message, (l10n("loan-admin-pick-region"), keyboard(*rows)))


async def _set_filter(query: CallbackQuery, message: Message, desk: Desk, wanted: Filter) -> None:
    if not filter_allowed(wanted, desk):
        log.warning("user %s asked for loans filter %r", desk.access.user_id, wanted)
        await query.answer(desk.l10n("access-denied"), show_alert=True)
        return
    await desk.state.update_data({FILTER_KEY: wanted.pack()})
    await query.answer()
    await show(message, await home_view(desk))


@router.callback_query(LoanAdminCb.filter(F.action == A.set_program))
async def set_program(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    await _set_filter(query, message, desk, Filter(callback_data.v or None, None))


@router.callback_query(LoanAdminCb.filter(F.action == A.set_region))
async def set_region(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    current = await desk.filter()
    await _set_filter(query, message, desk, Filter(current.program, callback_data.v or None))


# -- lists --------------------------------------------------------------------------------------


@router.callback_query(LoanAdminCb.filter(F.action == A.loans))
async def loans_list(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    page = page_of(callback_data.v)
    found = await desk.filter()
    await query.answer()
    items, total = await desk.loans.loans_page(
        desk.scope, found.program, found.region, limit=PAGE, offset=max(page, 0) * PAGE
    )
    page, pages = page_bounds(total, page, PAGE)
    lines = _titled(desk, "loan-admin-list-title", "loan-admin-empty", total)
    rows = [
        [_item(desk, "loan-admin-list-item", loan, 24, A.card, status=loan.status)]
        for loan in items
    ]
    await show(message, ("\n".join(lines), _closed(desk, rows, list_pager(A.loans, page, pages))))


@router.callback_query(LoanAdminCb.filter(F.action == A.late))
async def late_list(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    l10n, page = desk.l10n, page_of(callback_data.v)
    found = await desk.filter()
    await query.answer()
    today = desk.loans.today()
    items, total = await desk.loans.late_page(
        desk.scope, found.program, found.region, limit=PAGE, offset=max(page, 0) * PAGE
    )
    page, pages = page_bounds(total, page, PAGE)
    lines = _titled(desk, "loan-admin-late-title", "loan-admin-late-empty", total)
    rows = []
    for number, late in enumerate(items, page * PAGE + 1):
        lines.append(
            l10n(
                "loan-admin-late-line",
                number=number,
                name=html.escape(cut(late.loan.name, 40)),
                contract=html.escape(late.loan.contract),
                amount=Money(late.overdue),
                days=(today - late.oldest_due).days,
                linked="yes" if late.loan.user_id else "no",
            )
        )
        item = l10n("loan-admin-late-item", number=number, name=cut(late.loan.name, 30))
        rows.append([la(item, A.card, late.loan.id)])
    if total:
        rows.insert(0, [la(l10n("loan-admin-nudge-all-button", count=total), A.nudge_late)])
    await show(message, ("\n".join(lines), _closed(desk, rows, list_pager(A.late, page, pages))))


@router.callback_query(LoanAdminCb.filter(F.action == A.nudge_late))
async def nudge_late(query: CallbackQuery, desk: Desk) -> None:
    found = await desk.filter()
    sent = await desk.loans.nudge_late(
        desk.scope, found.program, found.region, desk.access.user_id
    )
    await query.answer(desk.l10n("loan-admin-nudged", sent=sent), show_alert=True)


@router.callback_query(LoanAdminCb.filter(F.action == A.queue))
async def queue(query: CallbackQuery, message: Message, desk: Desk) -> None:
    found = await desk.filter()
    await query.answer()
    items, total = await desk.loans.pending(desk.scope, found.program, found.region, limit=20)
    lines = _titled(desk, "loan-admin-pending-title", "loan-admin-pending-empty", total)
    rows = [
        [
            _item(
                desk,
                "loan-admin-pending-item",
                loan,
                20,
                A.payment,
                payment.id,
                amount=Money(payment.amount),
            )
        ]
        for payment, loan in items
    ]
    await show(message, ("\n".join(lines), _closed(desk, rows)))


def _item(
    desk: Desk, key: str, loan: Loan, name_max: int, action: A, p: int = 0, **args: Any
) -> InlineKeyboardButton:
    """One loan of a list as a button: its contract and borrower, and what the list adds."""
    text = desk.l10n(key, contract=cut(loan.contract, 20), name=cut(loan.name, name_max), **args)
    return la(text, action, loan.id, p)


def _titled(desk: Desk, title: str, empty: str, total: int) -> list[str]:
    """A list's first lines: its title with the count, and what «none» looks like."""
    return [desk.l10n(title, count=total)] + ([] if total else [desk.l10n(empty)])


def _closed(
    desk: Desk, rows: list[list[InlineKeyboardButton]], *last: list[InlineKeyboardButton]
) -> InlineKeyboardMarkup:
    """A list's keyboard: its rows, then `last` (a pager), then «home»."""
    return keyboard(*rows, *last, [la(desk.l10n("loan-admin-home-button"), A.home)])


# -- chart and Excel ----------------------------------------------------------------------------


def _chart_text(desk: Desk, found: Filter) -> PortfolioChartText:
    l10n = desk.l10n
    return PortfolioChartText(
        title=scope_text(found, desk),
        repayments=l10n("loan-chart-repayments"),
        buckets=l10n("loan-chart-buckets"),
        months=tuple(l10n("loan-chart-months").split()),
        million=l10n("loan-chart-million"),
        thousand=l10n("loan-chart-thousand"),
        loans=l10n("loan-chart-loans"),
    )


@router.callback_query(LoanAdminCb.filter(F.action == A.chart))
async def chart(query: CallbackQuery, message: Message, desk: Desk) -> None:
    found = await desk.filter()
    portfolio = await desk.loans.portfolio(desk.scope, found.program, found.region)
    months = await desk.loans.repayments_by_month(desk.scope, found.program, found.region)
    await query.answer(desk.l10n("loan-admin-chart-wait"))
    buckets = [(b.label, b.loans, b.outstanding) for b in portfolio.buckets]
    png = await asyncio.to_thread(portfolio_chart, months, buckets, _chart_text(desk, found))
    caption = "\n".join(portfolio_lines(portfolio, desk.l10n)[:6])
    await message.answer_photo(
        BufferedInputFile(png, filename="portfolio.png"), caption=cut(caption, 1000)
    )
    log.info("user %s: portfolio chart", desk.access.user_id)


@router.callback_query(LoanAdminCb.filter(F.action == A.excel))
async def excel(query: CallbackQuery, message: Message, desk: Desk) -> None:
    l10n = desk.l10n
    found = await desk.filter()
    _, count = await desk.loans.loans_page(
        desk.scope, found.program, found.region, limit=0, offset=0
    )
    if not count:
        await query.answer(l10n("loan-admin-empty"), show_alert=True)
        return
    await query.answer(l10n("loan-admin-export-wait"))
    names = {p.code: p.name(l10n.locale) for p in desk.loans.catalogue}
    today = desk.loans.today()
    batches = desk.loans.export_batches(desk.scope, found.program, found.region)
    # The schedule is 60 rows a loan: past this many loans the file would pass Telegram's 50 MB,
    # so the schedules are left out (the caption says so and how to get them).
    schedule = count <= SCHEDULE_MAX_LOANS
    with tempfile.TemporaryDirectory(prefix="loans-") as folder:
        path = Path(folder) / f"loans-{today.isoformat()}.xlsx"
        written = await write_loans_workbook(batches, path, names, l10n, today, schedule=schedule)
        size = path.stat().st_size
        if size > MAX_DOCUMENT_MB * 1024 * 1024:
            await message.answer(l10n("loan-admin-export-too-big", max=MAX_DOCUMENT_MB))
            log.warning(
                "user %s: export of %d loan(s) is %d bytes", desk.access.user_id, written, size
            )
            return
        await message.answer_document(
            FSInputFile(path, filename=path.name),
            caption=l10n(
                "loan-admin-export-caption" if schedule else "loan-admin-export-caption-short",
                count=written,
            ),
        )
    log.info("user %s exported %d loan(s)", desk.access.user_id, written)
