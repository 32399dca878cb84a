"""A loan's card for its coordinator: the borrower, the terms, what is repaid and overdue; its
schedule and payments, a nudge to a late borrower, a new invite code."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.core.i18n import Money
from bot.loans.schedule import format_rate, progress_bar
from bot.loans.service import Loan
from bot.telegram.callbacks import JourneyAction, JourneyCb, LoanAdminCb
from bot.telegram.callbacks import LoanAdminAction as A
from bot.telegram.deeplinks import make_link
from bot.telegram.screens import Screen, button, keyboard, pager, show
from handlers.contests.common import origin_line
from handlers.loans.admin.common import PAGE, Desk, la, needs, page_of, program_name, region_name
from handlers.loans.views import payments_text, schedule_view

router = Router(name=__name__)


async def card_view(loan: Loan, desk: Desk, notice: str | None = None) -> Screen:
    l10n = desk.l10n
    state = await desk.loans.state(loan)
    lines = [notice, ""] if notice else []
    lines += [
        l10n(
            "loan-admin-card-title",
            contract=html.escape(loan.contract),
            program=html.escape(program_name(desk, loan.program)),
            region=html.escape(region_name(loan.region, l10n.locale)),
        ),
        l10n("loan-admin-card-borrower", name=html.escape(loan.name)),
    ]
    if origin := await origin_line(desk.contests, loan.id, l10n):
        lines.append(origin)
    if loan.user_id is not None:
        person = await desk.people.get(loan.user_id)
        shown = html.escape(person.full_name if person else str(loan.user_id))
        mention = f'<a href="tg://user?id={loan.user_id}">{shown}</a>'
        lines.append(l10n("loan-admin-card-linked", account=mention))
    elif loan.invite_code:
        lines.append(l10n("loan-admin-card-invite", code=loan.invite_code))
        username = (await desk.bot.me()).username
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
        check = l10n("loan-admin-check-button", count=len(reported))
        rows.append([la(check, A.payment, loan.id, reported[-1].id)])
    if loan.status == "active":
        rows.append([la(l10n("loan-admin-record-button"), A.record, loan.id)])
    rows.append(
        [
            la(l10n("loan-payments-button"), A.payments, loan.id),
            la(l10n("loan-schedule-button"), A.schedule, loan.id),
        ]
    )
    extra = []
    if state.overdue and loan.user_id is not None:
        extra.append(la(l10n("loan-admin-nudge-button"), A.nudge, loan.id))
    extra.append(la(l10n("loan-admin-invite-button"), A.invite, loan.id))
    rows.append(extra)
    home = [la(l10n("loan-admin-home-button"), A.home)]
    if loan.user_id is not None:  # the borrower's whole path: application, course, contest…
        path = JourneyCb(action=JourneyAction.person, u=loan.user_id)
        home.insert(0, button(l10n("journey-card-button"), path))
    rows.append(home)
    return "\n".join(lines), keyboard(*rows)


def back_to_card(desk: Desk, loan: Loan) -> list[InlineKeyboardButton]:
    return [la(desk.l10n("loan-back-to-card"), A.card, loan.id)]


@router.callback_query(LoanAdminCb.filter(F.action == A.card), flags=needs("loan"))
async def card(query: CallbackQuery, message: Message, desk: Desk, loan: Loan) -> None:
    await query.answer()
    await show(message, await card_view(loan, desk))


@router.callback_query(LoanAdminCb.filter(F.action == A.schedule), flags=needs("loan"))
async def schedule(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk, loan: Loan
) -> None:
    await query.answer()
    text, page, pages = await schedule_view(
        loan, page_of(callback_data.v), desk.loans, desk.l10n, admin=True
    )
    nav = pager(
        page,
        pages,
        lambda n: LoanAdminCb(action=A.schedule, loan=loan.id, v=str(n)),
        LoanAdminCb(action=A.noop, loan=loan.id, v="noop"),
    )
    await show(message, (text, keyboard(nav, back_to_card(desk, loan))))


@router.callback_query(LoanAdminCb.filter(F.action == A.payments), flags=needs("loan"))
async def payments(query: CallbackQuery, message: Message, desk: Desk, loan: Loan) -> None:
    l10n = desk.l10n
    await query.answer()
    text = await payments_text(loan, desk.loans, l10n)
    rows = [
        [
            la(
                l10n(
                    "loan-admin-payment-item",
                    status=payment.status,
                    amount=Money(payment.amount),
                    date=f"{payment.paid_on:%d.%m.%Y}",
                ),
                A.payment,
                loan.id,
                payment.id,
            )
        ]
        for payment in (await desk.loans.payments_of(loan))[: PAGE * 2]
        if payment.status in ("reported", "confirmed")
    ]
    await show(message, (text, keyboard(*rows, back_to_card(desk, loan))))


@router.callback_query(LoanAdminCb.filter(F.action == A.nudge), flags=needs("loan"))
async def nudge(query: CallbackQuery, desk: Desk, loan: Loan) -> None:
    sent = await desk.loans.nudge([loan], desk.access.user_id)
    await query.answer(desk.l10n("loan-admin-nudged", sent=sent), show_alert=True)


@router.callback_query(LoanAdminCb.filter(F.action == A.invite), flags=needs("loan"))
async def invite(query: CallbackQuery, message: Message, desk: Desk, loan: Loan) -> None:
    l10n = desk.l10n
    await query.answer()
    text = l10n(
        "loan-admin-invite-confirm",
        contract=html.escape(loan.contract),
        linked="yes" if loan.user_id else "no",
    )
    kb = keyboard(
        [la(l10n("loan-admin-invite-yes"), A.invite_confirm, loan.id)],
        [la(l10n("button-back"), A.card, loan.id)],
    )
    await show(message, (text, kb))


@router.callback_query(LoanAdminCb.filter(F.action == A.invite_confirm), flags=needs("loan"))
async def invite_confirmed(query: CallbackQuery, message: Message, desk: Desk, loan: Loan) -> None:
    fresh = await desk.loans.new_invite(loan, desk.access.user_id)
    await query.answer()
    await show(message, await card_view(fresh, desk, desk.l10n("loan-admin-invite-new")))
