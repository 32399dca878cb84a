"""Payments for the coordinator: a payment's card, its receipt; confirming, correcting or
rejecting what a borrower reported, reversing a confirmed payment with a reason, and recording
a payment seen on the bank statement (amount, then date)."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.core.i18n import Money
from bot.core.validators import Invalid, parse_date
from bot.loans.service import Loan, LoanError, Payment
from bot.telegram.callbacks import LoanAdminAction as A
from bot.telegram.callbacks import LoanAdminCb
from bot.telegram.screens import Screen, keyboard, send, show
from handlers.loans.admin.card import back_to_card, card_view
from handlers.loans.admin.common import Desk, LoanAdminFlow, error_text, la, needs
from handlers.loans.views import parse_amount

router = Router(name=__name__)

MAX_TEXT = 500  # a rejection or reversal reason


async def payment_view(
    payment: Payment, loan: Loan, desk: Desk, notice: str | None = None
) -> Screen:
    l10n = desk.l10n
    by = await desk.people.get(payment.created_by) if payment.created_by else None
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
        rows.append([la(l10n("loan-admin-receipt-button"), A.receipt, loan.id, payment.id)])
    if payment.status == "reported":
        rows.append(
            [la(l10n("loan-admin-confirm-button"), A.confirm_payment, loan.id, payment.id)]
        )
        rows.append(
            [
                la(l10n("loan-admin-fix-button"), A.fix_amount, loan.id, payment.id),
                la(l10n("loan-admin-reject-button"), A.reject, loan.id, payment.id),
            ]
        )
    elif payment.status == "confirmed":
        rows.append([la(l10n("loan-admin-reverse-button"), A.reverse, loan.id, payment.id)])
    rows.append(
        [
            la(l10n("loan-admin-to-payments"), A.payments, loan.id),
            la(l10n("loan-back-to-card"), A.card, loan.id),
        ]
    )
    return "\n".join(lines), keyboard(*rows)


@router.callback_query(LoanAdminCb.filter(F.action == A.payment), flags=needs("payment"))
async def open_payment(
    query: CallbackQuery, message: Message, desk: Desk, loan: Loan, payment: Payment
) -> None:
    await query.answer()
    await show(message, await payment_view(payment, loan, desk))


@router.callback_query(LoanAdminCb.filter(F.action == A.receipt), flags=needs("payment"))
async def receipt(
    query: CallbackQuery, message: Message, desk: Desk, loan: Loan, payment: Payment
) -> None:
    l10n = desk.l10n
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


@router.callback_query(LoanAdminCb.filter(F.action == A.confirm_payment), flags=needs("payment"))
async def confirm(
    query: CallbackQuery, message: Message, desk: Desk, loan: Loan, payment: Payment
) -> None:
    try:
        decided = await desk.loans.confirm(payment, desk.access.user_id)
    except LoanError as exc:
        await query.answer(error_text(exc, desk.l10n), show_alert=True)
        return
    await query.answer()
    notice = desk.l10n("loan-admin-confirmed", amount=Money(decided.amount))
    await show(message, await payment_view(decided, await desk.loans.fresh(loan), desk, notice))


# -- a decision that needs typing: the right amount, a reason -----------------------------------


# The decisions that need typing: the step, its question, the status the payment must have.
ASKS = {
    A.fix_amount: (LoanAdminFlow.fix_amount, "loan-admin-fix-ask", "reported"),
    A.reject: (LoanAdminFlow.reject_reason, "loan-admin-reject-ask", "reported"),
    A.reverse: (LoanAdminFlow.reverse_reason, "loan-admin-reverse-ask", "confirmed"),
}


@router.callback_query(LoanAdminCb.filter(F.action.in_(ASKS)), flags=needs("payment"))
async def ask(
    query: CallbackQuery,
    callback_data: LoanAdminCb,
    message: Message,
    desk: Desk,
    loan: Loan,
    payment: Payment,
) -> None:
    """The question of a decision on a payment with the right status (another: already
    decided): the right amount, a rejection's or a reversal's reason."""
    flow, prompt, status = ASKS[callback_data.action]
    l10n = desk.l10n
    if payment.status != status:
        await query.answer(l10n("loan-error-decided"), show_alert=True)
        return
    await query.answer()
    await desk.state.set_state(flow)
    await desk.state.update_data(la_loan=loan.id, la_payment=payment.id)
    text = l10n(prompt, amount=Money(payment.amount), date=payment.paid_on)
    await show(message, (text, keyboard(_back_to_payment(desk, loan, payment.id))))


def _back_to_payment(desk: Desk, loan: Loan, payment_id: int) -> list[InlineKeyboardButton]:
    return [la(desk.l10n("button-back"), A.payment, loan.id, payment_id)]


async def _decided(
    message: Message, desk: Desk, loan: Loan, payment: Payment, notice: str
) -> None:
    await desk.leave()
    await send(message, await payment_view(payment, await desk.loans.fresh(loan), desk, notice))


@router.message(LoanAdminFlow.fix_amount, flags=needs("payment", typed=True))
async def amount_fixed(message: Message, desk: Desk, loan: Loan, payment: Payment) -> None:
    l10n, text = desk.l10n, (message.text or "").strip()
    back = keyboard(_back_to_payment(desk, loan, payment.id))
    amount = parse_amount(text, l10n) if text else l10n("loan-error-expects-amount")
    if isinstance(amount, str):
        await message.answer(amount, reply_markup=back)
        return
    try:
        payment = await desk.loans.confirm(payment, desk.access.user_id, amount)
    except LoanError as exc:
        await message.answer(error_text(exc, l10n), reply_markup=back)
        return
    await _decided(
        message, desk, loan, payment, l10n("loan-admin-confirmed", amount=Money(payment.amount))
    )


async def _decide_with_reason(
    message: Message,
    desk: Desk,
    loan: Loan,
    payment: Payment,
    decide: Callable[[Payment, int, str], Awaitable[Payment]],
    notice: Callable[[Payment], str],
) -> None:
    """A rejection or a reversal: the reason typed (asked again when there is none or it is too
    long), the decision made, the payment shown."""
    text = (message.text or "").strip()
    back = keyboard(_back_to_payment(desk, loan, payment.id))
    if not text or len(text) > MAX_TEXT:
        await message.answer(
            desk.l10n("loan-admin-reason-invalid", max=MAX_TEXT), reply_markup=back
        )
        return
    try:
        payment = await decide(payment, desk.access.user_id, text)
    except LoanError as exc:
        await message.answer(error_text(exc, desk.l10n), reply_markup=back)
        return
    await _decided(message, desk, loan, payment, notice(payment))


@router.message(LoanAdminFlow.reject_reason, flags=needs("payment", typed=True))
async def rejected(message: Message, desk: Desk, loan: Loan, payment: Payment) -> None:
    await _decide_with_reason(
        message, desk, loan, payment, desk.loans.reject, lambda _: desk.l10n("loan-admin-rejected")
    )


@router.message(LoanAdminFlow.reverse_reason, flags=needs("payment", typed=True))
async def reversed_(message: Message, desk: Desk, loan: Loan, payment: Payment) -> None:
    await _decide_with_reason(
        message,
        desk,
        loan,
        payment,
        desk.loans.reverse,
        lambda done: desk.l10n("loan-admin-reversed", amount=Money(done.amount)),
    )


# -- a payment from the bank statement ----------------------------------------------------------


@router.callback_query(LoanAdminCb.filter(F.action == A.record), flags=needs("loan"))
async def record(query: CallbackQuery, message: Message, desk: Desk, loan: Loan) -> None:
    l10n = desk.l10n
    if loan.status != "active":
        await query.answer(l10n("loan-pay-nothing-due"), show_alert=True)
        return
    await query.answer()
    await desk.state.set_state(LoanAdminFlow.record_amount)
    await desk.state.update_data(la_loan=loan.id)
    text = l10n(
        "loan-admin-record-ask", contract=html.escape(loan.contract), left=Money(loan.outstanding)
    )
    await show(message, (text, keyboard(back_to_card(desk, loan))))


@router.message(LoanAdminFlow.record_amount, flags=needs("loan", typed=True))
async def record_amount(message: Message, desk: Desk, loan: Loan) -> None:
    l10n, text = desk.l10n, (message.text or "").strip()
    back = keyboard(back_to_card(desk, loan))
    amount = parse_amount(text, l10n) if text else l10n("loan-error-expects-amount")
    if isinstance(amount, str):
        await message.answer(amount, reply_markup=back)
        return
    if amount > loan.outstanding:
        error = l10n("loan-error-amount-over", outstanding=Money(loan.outstanding))
        await message.answer(error, reply_markup=back)
        return
    await desk.state.update_data(la_amount=amount)
    await desk.state.set_state(LoanAdminFlow.record_date)
    today = desk.loans.today()
    text = l10n("loan-admin-record-date", amount=Money(amount), example=f"{today:%d.%m.%Y}")
    kb = keyboard(
        [
            la(l10n("loan-pay-today"), A.record_date, loan.id, v="0"),
            la(l10n("loan-pay-yesterday"), A.record_date, loan.id, v="1"),
        ],
        back_to_card(desk, loan),
    )
    await send(message, (text, kb))


@router.message(LoanAdminFlow.record_date, flags=needs("loan", typed=True))
async def record_date_typed(message: Message, desk: Desk, loan: Loan) -> None:
    l10n, today = desk.l10n, desk.loans.today()
    parsed = parse_date((message.text or "").strip(), today=today)
    if isinstance(parsed, Invalid):
        error = l10n("loan-error-date-invalid", example=f"{today:%d.%m.%Y}")
        await message.answer(error, reply_markup=keyboard(back_to_card(desk, loan)))
        return
    await _record(message, desk, loan, parsed, edit=False)


@router.callback_query(
    LoanAdminCb.filter(F.action == A.record_date), flags=needs("loan", stay=True)
)
async def record_date(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk, loan: Loan
) -> None:
    # The date buttons of "record a payment": the amount must have been typed just now.
    data = await desk.state.get_data()
    if callback_data.v not in ("0", "1") or not data.get("la_amount"):
        await query.answer(desk.l10n("button-stale"), show_alert=True)
        return
    await query.answer()
    paid_on = desk.loans.today() - timedelta(days=int(callback_data.v))
    await _record(message, desk, loan, paid_on, edit=True)


async def _record(message: Message, desk: Desk, loan: Loan, paid_on: date, *, edit: bool) -> None:
    l10n = desk.l10n
    amount = int((await desk.state.get_data()).get("la_amount") or 0)
    try:
        payment = await desk.loans.record(loan, desk.access.user_id, amount, paid_on)
    except LoanError as exc:
        await message.answer(
            error_text(exc, l10n), reply_markup=keyboard(back_to_card(desk, loan))
        )
        return
    await desk.leave()
    notice = l10n("loan-admin-recorded", amount=Money(payment.amount), date=payment.paid_on)
    view = await card_view(await desk.loans.fresh(loan), desk, notice)
    await (show if edit else send)(message, view)
