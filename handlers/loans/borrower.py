"""Borrowers: linking a loan with the coordinator's one-time code (typed or a deep link), "My loan"
(what is due next, the balance, a progress bar, the schedule in pages, the payments, the
coordinator's contact) and "I paid": amount → date → a receipt (photo or PDF), sent to the
coordinator to confirm.

Every button carries a loan id and is checked against the person pressing it: a borrower sees
and reports on their own loans only. That check is one guard (`Own`, an inner middleware on this
router): a handler flagged with `own()` gets the loan as `loan`, or never runs.
"""

from __future__ import annotations

import html
import logging
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.contests.service import ContestService
from bot.core.i18n import Money, Translator
from bot.core.people import People, User
from bot.core.validators import Invalid, parse_date
from bot.loans.schedule import progress_bar
from bot.loans.service import Loan, LoanError, LoanService
from bot.telegram import guards
from bot.telegram.callbacks import LoanAction, LoanCb
from bot.telegram.filters import PrivateChat
from bot.telegram.flows import leave_flow
from bot.telegram.guards import flag
from bot.telegram.menu import MenuButton, is_elsewhere
from bot.telegram.screens import Screen, button, keyboard, pager, show
from handlers.contests.common import origin_line
from handlers.loans.views import parse_amount, payments_text, schedule_view

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(PrivateChat())

DEEP_LINK_PREFIX = "l_"
MAX_RECEIPT_BYTES = 20 * 1024 * 1024  # what Telegram lets a bot handle
STEP_MESSAGE = "ln_msg"  # FSM: the message of the current step, whose buttons are live


class LoanFlow(StatesGroup):
    """A borrower typing an invite code, or reporting a payment (loan id in `ln_loan`)."""

    code = State()
    amount = State()
    date = State()
    receipt = State()


@dataclass(frozen=True, slots=True)
class Ctx:
    """One borrower's update: who, their FSM state, the services, the language."""

    user: User
    state: FSMContext
    loans: LoanService
    people: People
    l10n: Translator
    contests: ContestService  # where a loan came from (a contest's winning plan)

    @classmethod
    def of(cls, data: dict[str, Any]) -> Ctx:
        return cls(
            data["user"],
            data["state"],
            data["loans"],
            data["people"],
            data["l10n"],
            data["contests"],
        )

    async def leave(self) -> None:
        await _leave_flow(self.state)


def _btn(text: str, action: LoanAction, loan: int = 0, v: str = "") -> InlineKeyboardButton:
    return button(text, LoanCb(action=action, loan=loan, v=v))


async def _leave_flow(state: FSMContext) -> None:
    await leave_flow(state, LoanFlow, "ln_")


# -- the guard ----------------------------------------------------------------------------------


def own(*, loan: bool = True, stay: bool = False, typed: bool = False) -> dict[str, Any]:
    """Flags of a handler for the guard: it acts on one of the presser's loans
    (`callback_data.loan`, or `ln_loan` for a typed step); `stay`: the step the person is at
    is kept (the other buttons leave it); `typed`: a typed step."""
    return {"ln_own": loan, "ln_stay": stay, "ln_typed": typed}


class Own(guards.Guard):
    """A borrower's buttons and typed steps act on their own loans only."""

    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        state: FSMContext = data["state"]
        data["ctx"] = Ctx.of(data)
        if isinstance(event, CallbackQuery):
            if not isinstance(event.message, Message):
                await event.answer()
                return False
            data["message"] = event.message
        elif not (isinstance(event, Message) and flag(data, "ln_typed")):
            return True
        elif is_elsewhere(event.text, data["translations"]):
            await _leave_flow(state)
            raise SkipHandler
        if not flag(data, "ln_own"):
            return True
        user: User = data["user"]
        button = isinstance(event, CallbackQuery)
        pressed: LoanCb | None = data["callback_data"] if button else None
        if pressed is not None:
            loan_id = pressed.loan
        else:
            loan_id = int((await state.get_data()).get("ln_loan") or 0)
        loan = await data["loans"].own(user.id, loan_id)
        if loan is None:
            if pressed is not None:
                action = pressed.action.value
                log.warning("user %s pressed %r on loan %s, not theirs", user.id, action, loan_id)
                await event.answer(data["l10n"]("access-denied"), show_alert=True)
            else:
                await _leave_flow(state)
                await event.answer(data["l10n"]("access-denied"))
            return False
        if pressed is not None and not flag(data, "ln_stay"):
            await _leave_flow(state)
        data["loan"] = loan
        return True


router.message.middleware(Own())
router.callback_query.middleware(Own())


# -- views --------------------------------------------------------------------------------------


def _program_name(loans: LoanService, loan: Loan, l10n: Translator) -> str:
    program = loans.catalogue.get(loan.program)
    return program.name(l10n.locale) if program else loan.program


async def coordinator_line(loan: Loan, people: People, l10n: Translator) -> str | None:
    """The coordinator's name, @username and a link that opens a chat with them."""
    if loan.coordinator_id is None:
        return None
    person = await people.get(loan.coordinator_id)
    if person is None or person.deleted_at is not None:
        return None
    name = f'<a href="tg://user?id={person.id}">{html.escape(person.full_name)}</a>'
    if person.username:
        name += " " + html.escape(f"@{person.username}")
    return l10n("loan-card-coordinator", name=name)


async def card_view(loan: Loan, ctx: Ctx, *, notice: str | None = None) -> Screen:
    loans, l10n = ctx.loans, ctx.l10n
    state = await loans.state(loan)
    lines = [notice, ""] if notice else []
    lines.append(
        l10n(
            "loan-card-title",
            contract=html.escape(loan.contract),
            program=html.escape(_program_name(loans, loan, l10n)),
        )
    )
    if origin := await origin_line(ctx.contests, loan.id, l10n):
        lines.append(origin)
    upcoming = state.upcoming
    if state.next_due is None:
        lines.append(l10n("loan-card-repaid"))
    else:
        if upcoming is not None:
            lines.append(l10n("loan-card-next", amount=Money(upcoming.left), due=upcoming.due_on))
        lines.append(
            l10n(
                "loan-card-outstanding", left=Money(loan.outstanding), total=Money(loan.total_due)
            )
        )
    lines.append(
        l10n(
            "loan-card-paid",
            paid=Money(loan.repaid),
            bar=progress_bar(loan.repaid, loan.total_due),
        )
    )
    if state.overdue:
        lines.append(l10n("loan-card-overdue", amount=Money(state.overdue), days=state.dpd))
    reported = [p for p in state.payments if p.status == "reported"]
    if reported:
        lines.append(l10n("loan-card-reported", count=len(reported), amount=Money(state.reported)))
    contact = await coordinator_line(loan, ctx.people, l10n)
    if contact:
        lines += ["", contact]
    rows = []
    if state.next_due is not None:
        rows.append([_btn(l10n("loan-paid-button"), LoanAction.paid, loan.id)])
    rows.append(
        [
            _btn(l10n("loan-schedule-button"), LoanAction.schedule, loan.id),
            _btn(l10n("loan-payments-button"), LoanAction.payments, loan.id),
        ]
    )
    if len(await loans.of_user(loan.user_id or 0)) > 1:
        rows.append([_btn(l10n("loan-all-button"), LoanAction.loans)])
    return "\n".join(lines), keyboard(*rows)


def _list_view(mine: list[Loan], ctx: Ctx) -> Screen:
    l10n = ctx.l10n
    lines = [l10n("loan-list-title", count=len(mine))]
    rows = [
        [
            _btn(
                l10n(
                    "loan-list-item",
                    contract=loan.contract,
                    program=_program_name(ctx.loans, loan, l10n),
                ),
                LoanAction.card,
                loan.id,
            )
        ]
        for loan in mine
    ]
    return "\n".join(lines), keyboard(*rows)


def _none_view(l10n: Translator) -> Screen:
    return l10n("loan-none"), keyboard(
        [_btn(l10n("loan-enter-code-button"), LoanAction.enter_code)]
    )


def _cancel(l10n: Translator, loan: int = 0) -> list[InlineKeyboardButton]:
    return [_btn(l10n("button-cancel"), LoanAction.cancel, loan)]


def _back_to_card(l10n: Translator, loan: Loan) -> list[InlineKeyboardButton]:
    return [_btn(l10n("loan-back-to-card"), LoanAction.card, loan.id)]


async def _home(ctx: Ctx) -> Screen:
    mine = await ctx.loans.of_user(ctx.user.id)
    if not mine:
        return _none_view(ctx.l10n)
    if len(mine) == 1:
        return await card_view(mine[0], ctx)
    return _list_view(mine, ctx)


# -- entry --------------------------------------------------------------------------------------


@router.message(Command("loan"))
@router.message(MenuButton("menu-loan"))
async def my_loan(message: Message, ctx: Ctx, command: CommandObject | None = None) -> None:
    await ctx.leave()
    if command is not None and command.args:
        await _redeem(message, command.args, ctx)
        return
    text, kb = await _home(ctx)
    await message.answer(text, reply_markup=kb)


async def deep_link(message: Message, value: str, data: dict[str, Any]) -> None:
    """`t.me/<bot>?start=l_<code>`: the coordinator's invite."""
    await _redeem(message, value, Ctx.of(data))


async def _redeem(message: Message, code: str, ctx: Ctx) -> None:
    l10n = ctx.l10n
    try:
        loan = await ctx.loans.redeem(code, ctx.user.id)
    except LoanError as exc:
        await message.answer(l10n(f"loan-invite-{exc.key.removeprefix('invite-')}", **exc.details))
        return
    notice = l10n("loan-linked", contract=html.escape(loan.contract))
    text, kb = await card_view(loan, ctx, notice=notice)
    await message.answer(text, reply_markup=kb)


@router.message(LoanFlow.code, flags=own(loan=False, typed=True))
async def code_typed(message: Message, ctx: Ctx) -> None:
    if not message.text:
        await message.answer(ctx.l10n("loan-ask-code"), reply_markup=keyboard(_cancel(ctx.l10n)))
        return
    await ctx.leave()
    await _redeem(message, message.text, ctx)


# -- "I paid" -----------------------------------------------------------------------------------


async def _drop_step_buttons(message: Message, state: FSMContext) -> None:
    """The previous step's buttons go, so no stale ones remain."""
    previous = (await state.get_data()).get(STEP_MESSAGE)
    if previous:
        with suppress(TelegramBadRequest):
            await message.bot.edit_message_reply_markup(  # type: ignore[union-attr]
                chat_id=message.chat.id, message_id=int(previous), reply_markup=None
            )


async def _send_step(
    message: Message,
    state: FSMContext,
    step: State,
    text: str,
    kb: InlineKeyboardMarkup,
    error: str | None,
) -> None:
    """A step as a new message (with the error of the last answer above it, if any)."""
    await state.set_state(step)
    await _drop_step_buttons(message, state)
    sent = await message.answer(f"⚠️ {error}\n\n{text}" if error else text, reply_markup=kb)
    await state.update_data({STEP_MESSAGE: sent.message_id})


async def _ask_amount(message: Message, loan: Loan, ctx: Ctx, error: str | None = None) -> None:
    loans, l10n = ctx.loans, ctx.l10n
    loan_state = await loans.state(loan)
    upcoming = loan_state.upcoming or loan_state.next_due
    room = await loans.room(loan)
    text = l10n(
        "loan-pay-ask-amount",
        next=Money(upcoming.left if upcoming else 0),
        due=upcoming.due_on if upcoming else loans.today(),
        left=Money(room),
    )
    rows = []
    suggested = min(loan_state.overdue or (upcoming.left if upcoming else 0), room)
    if suggested > 0:
        label = l10n("loan-pay-amount-button", amount=Money(suggested))
        rows.append([_btn(label, LoanAction.amount, loan.id, str(suggested))])
    rows.append(_cancel(l10n, loan.id))
    await _send_step(message, ctx.state, LoanFlow.amount, text, keyboard(*rows), error)


async def _ask_date(message: Message, ctx: Ctx, error: str | None = None) -> None:
    l10n, today = ctx.l10n, ctx.loans.today()
    data = await ctx.state.get_data()
    loan_id = int(data.get("ln_loan") or 0)
    text = l10n(
        "loan-pay-ask-date",
        amount=Money(int(data.get("ln_amount") or 0)),
        example=f"{today:%d.%m.%Y}",
    )
    kb = keyboard(
        [
            _btn(l10n("loan-pay-today"), LoanAction.date, loan_id, "0"),
            _btn(l10n("loan-pay-yesterday"), LoanAction.date, loan_id, "1"),
        ],
        _cancel(l10n, loan_id),
    )
    await _send_step(message, ctx.state, LoanFlow.date, text, kb, error)


async def _ask_receipt(message: Message, ctx: Ctx, error: str | None = None) -> None:
    data = await ctx.state.get_data()
    text = ctx.l10n(
        "loan-pay-ask-receipt",
        amount=Money(int(data.get("ln_amount") or 0)),
        date=date.fromisoformat(str(data.get("ln_date"))),
    )
    kb = keyboard(_cancel(ctx.l10n, int(data.get("ln_loan") or 0)))
    await _send_step(message, ctx.state, LoanFlow.receipt, text, kb, error)


@router.message(LoanFlow.amount, flags=own(typed=True))
async def amount_given(message: Message, loan: Loan, ctx: Ctx) -> None:
    if not message.text:
        await _ask_amount(message, loan, ctx, ctx.l10n("loan-error-expects-amount"))
        return
    parsed = parse_amount(message.text, ctx.l10n)
    if isinstance(parsed, str):
        await _ask_amount(message, loan, ctx, parsed)
        return
    await _amount_chosen(message, parsed, loan, ctx)


async def _amount_chosen(message: Message, amount: int, loan: Loan, ctx: Ctx) -> None:
    room = await ctx.loans.room(loan)
    if amount > room:
        error = ctx.l10n("loan-error-amount-over", outstanding=Money(room))
        await _ask_amount(message, loan, ctx, error)
        return
    await ctx.state.update_data(ln_amount=amount)
    await _ask_date(message, ctx)


@router.message(LoanFlow.date, flags=own(typed=True))
async def date_given(message: Message, loan: Loan, ctx: Ctx) -> None:
    today = ctx.loans.today()
    parsed = parse_date(message.text or "", today=today)
    if isinstance(parsed, Invalid):
        error = ctx.l10n("loan-error-date-invalid", example=f"{today:%d.%m.%Y}")
        await _ask_date(message, ctx, error)
        return
    await _date_chosen(message, parsed, loan, ctx)


async def _date_chosen(message: Message, paid_on: date, loan: Loan, ctx: Ctx) -> None:
    try:
        ctx.loans.check_paid_on(loan, paid_on)
    except LoanError as exc:
        await _ask_date(message, ctx, ctx.l10n(f"loan-error-{exc.key}", **exc.details))
        return
    await ctx.state.update_data(ln_date=paid_on.isoformat())
    await _ask_receipt(message, ctx)


def _receipt_of(message: Message) -> tuple[str, str, str | None] | str | None:
    """(kind, file id, file name) of an acceptable receipt; 'size' if too big; None if it
    is not a photo or a PDF (a sticker, a voice message, text …)."""
    if message.photo:
        return "photo", message.photo[-1].file_id, None
    document = message.document
    if document is None:
        return None
    mime = (document.mime_type or "").lower()
    if mime != "application/pdf" and not mime.startswith("image/"):
        return None
    if (document.file_size or 0) > MAX_RECEIPT_BYTES:
        return "size"
    return "document", document.file_id, document.file_name


@router.message(LoanFlow.receipt, flags=own(typed=True))
async def receipt_given(message: Message, loan: Loan, ctx: Ctx) -> None:
    l10n, loans = ctx.l10n, ctx.loans
    receipt = _receipt_of(message)
    if receipt == "size":
        error = l10n("loan-error-receipt-size", max=MAX_RECEIPT_BYTES // 1024 // 1024)
        await _ask_receipt(message, ctx, error)
        return
    if not isinstance(receipt, tuple):
        await _ask_receipt(message, ctx, l10n("loan-error-receipt"))
        return
    data = await ctx.state.get_data()
    amount, paid_on = int(data.get("ln_amount") or 0), date.fromisoformat(str(data.get("ln_date")))
    try:
        payment = await loans.report(loan, ctx.user.id, amount, paid_on, receipt)
    except LoanError as exc:
        await ctx.leave()
        await message.answer(l10n(f"loan-error-{exc.key}", **exc.details))
        return
    await _drop_step_buttons(message, ctx.state)
    await ctx.leave()
    notice = l10n("loan-pay-sent", amount=Money(payment.amount), date=payment.paid_on)
    text, kb = await card_view(await loans.fresh(loan), ctx, notice=notice)
    await message.answer(text, reply_markup=kb)


async def resume(message: Message, data: dict[str, Any]) -> None:
    """After a language switch mid-flow: the current step again, in the new language, with
    what was entered so far (amount, date) kept."""
    ctx = Ctx.of(data)
    current = await ctx.state.get_state()
    if current == LoanFlow.code.state:
        await message.answer(ctx.l10n("loan-ask-code"), reply_markup=keyboard(_cancel(ctx.l10n)))
        return
    loan_id = int((await ctx.state.get_data()).get("ln_loan") or 0)
    loan = await ctx.loans.own(ctx.user.id, loan_id)
    if loan is None:
        await ctx.leave()
        return
    if current == LoanFlow.amount.state:
        await _ask_amount(message, loan, ctx)
    elif current == LoanFlow.date.state:
        await _ask_date(message, ctx)
    elif current == LoanFlow.receipt.state:
        await _ask_receipt(message, ctx)


# -- buttons ------------------------------------------------------------------------------------


@router.callback_query(LoanCb.filter(F.action == LoanAction.noop))
async def noop(query: CallbackQuery) -> None:
    await query.answer()


@router.callback_query(LoanCb.filter(F.action == LoanAction.enter_code))
async def enter_code(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await ctx.leave()
    await ctx.state.set_state(LoanFlow.code)
    await show(message, (ctx.l10n("loan-ask-code"), keyboard(_cancel(ctx.l10n))))


@router.callback_query(LoanCb.filter(F.action == LoanAction.cancel))
async def cancel(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer(ctx.l10n("loan-pay-cancelled"))
    await ctx.leave()
    with suppress(TelegramBadRequest):
        await message.edit_reply_markup(reply_markup=None)


@router.callback_query(LoanCb.filter(F.action == LoanAction.loans))
async def my_loans(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    mine = await ctx.loans.of_user(ctx.user.id)
    await show(message, _list_view(mine, ctx) if mine else _none_view(ctx.l10n))


@router.callback_query(LoanCb.filter(F.action == LoanAction.card), flags=own())
async def card(query: CallbackQuery, message: Message, loan: Loan, ctx: Ctx) -> None:
    await query.answer()
    await show(message, await card_view(loan, ctx))


@router.callback_query(LoanCb.filter(F.action == LoanAction.schedule), flags=own())
async def schedule(
    query: CallbackQuery, callback_data: LoanCb, message: Message, loan: Loan, ctx: Ctx
) -> None:
    await query.answer()
    page = int(callback_data.v) if callback_data.v.isdigit() else 0
    text, page, pages = await schedule_view(loan, page, ctx.loans, ctx.l10n)
    nav = pager(
        page,
        pages,
        lambda n: LoanCb(action=LoanAction.schedule, loan=loan.id, v=str(n)),
        LoanCb(action=LoanAction.noop, loan=loan.id, v="noop"),
    )
    await show(message, (text, keyboard(nav, _back_to_card(ctx.l10n, loan))))


@router.callback_query(LoanCb.filter(F.action == LoanAction.payments), flags=own())
async def payments(query: CallbackQuery, message: Message, loan: Loan, ctx: Ctx) -> None:
    await query.answer()
    text = await payments_text(loan, ctx.loans, ctx.l10n)
    await show(message, (text, keyboard(_back_to_card(ctx.l10n, loan))))


@router.callback_query(LoanCb.filter(F.action == LoanAction.paid), flags=own())
async def paid(query: CallbackQuery, message: Message, loan: Loan, ctx: Ctx) -> None:
    if loan.status == "repaid" or await ctx.loans.room(loan) <= 0:
        await query.answer(ctx.l10n("loan-pay-nothing-due"), show_alert=True)
        return
    await query.answer()
    await ctx.state.update_data(ln_loan=loan.id, ln_amount=None, ln_date=None)
    await _ask_amount(message, loan, ctx)


async def _at_step(state: FSMContext, step: State, loan: Loan) -> bool:
    """Whether "I paid" of this loan is at `step` (a button of an earlier one is stale)."""
    data = await state.get_data()
    return await state.get_state() == step.state and int(data.get("ln_loan") or 0) == loan.id


@router.callback_query(LoanCb.filter(F.action == LoanAction.amount), flags=own(stay=True))
async def amount_pressed(
    query: CallbackQuery, callback_data: LoanCb, message: Message, loan: Loan, ctx: Ctx
) -> None:
    if not await _at_step(ctx.state, LoanFlow.amount, loan) or not callback_data.v.isdigit():
        await query.answer(ctx.l10n("button-stale"), show_alert=True)
        return
    await query.answer()  # the amount is checked like a typed one
    await _amount_chosen(message, int(callback_data.v), loan, ctx)


@router.callback_query(LoanCb.filter(F.action == LoanAction.date), flags=own(stay=True))
async def date_pressed(
    query: CallbackQuery, callback_data: LoanCb, message: Message, loan: Loan, ctx: Ctx
) -> None:
    value = callback_data.v
    if not await _at_step(ctx.state, LoanFlow.date, loan) or value not in ("0", "1"):
        await query.answer(ctx.l10n("button-stale"), show_alert=True)
        return
    await query.answer()
    paid_on = ctx.loans.today() - timedelta(days=int(value))
    await _date_chosen(message, paid_on, loan, ctx)
