"""Borrowers: linking a loan with the coordinator's one-time code (typed or a deep link), "My loan"
(what is due next, the balance, a progress bar, the schedule in pages, the payments, the
coordinator's contact) and "I paid": amount → date → a receipt (photo or PDF), sent to the
coordinator to confirm.

Every button carries a loan id and is checked against the person pressing it: a borrower sees
and reports on their own loans only.
"""

from __future__ import annotations

import html
import logging
from contextlib import suppress
from datetime import date, timedelta
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.core.i18n import Money, Translations, Translator
from bot.core.validators import Invalid, parse_date, parse_money
from bot.loans.schedule import progress_bar
from bot.loans.service import LoanError, LoanService, LoanState
from bot.telegram.callbacks import LoanCb
from bot.telegram.filters import PrivateChat
from bot.telegram.flows import leave_flow
from bot.telegram.menu import MenuButton, is_elsewhere
from bot.telegram.screens import edit_or_answer
from storage.loans import Loan
from storage.users import User, UserRepo

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(PrivateChat())

DEEP_LINK_PREFIX = "l_"
SCHEDULE_PAGE = 12
PAYMENTS_SHOWN = 15
MAX_RECEIPT_BYTES = 20 * 1024 * 1024  # what Telegram lets a bot handle
STEP_MESSAGE = "ln_msg"  # FSM: the message of the current step, whose buttons are live


class LoanFlow(StatesGroup):
    """A borrower typing an invite code, or reporting a payment (loan id in `ln_loan`)."""

    code = State()
    amount = State()
    date = State()
    receipt = State()


def _btn(text: str, action: str, loan: int = 0, v: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=LoanCb(action=action, loan=loan, v=v).pack()
    )


def _kb(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[r for r in rows if r])


async def _leave_flow(state: FSMContext) -> None:
    await leave_flow(state, LoanFlow, "ln_")


# -- views --------------------------------------------------------------------------------------


def _program_name(loans: LoanService, loan: Loan, l10n: Translator) -> str:
    program = loans.catalogue.get(loan.program)
    return program.name(l10n.locale) if program else loan.program


async def coordinator_line(loan: Loan, users: UserRepo, l10n: Translator) -> str | None:
    """The coordinator's name, @username and a link that opens a chat with them."""
    if loan.coordinator_id is None:
        return None
    person = await users.get(loan.coordinator_id)
    if person is None or person.deleted_at is not None:
        return None
    name = f'<a href="tg://user?id={person.id}">{html.escape(person.full_name)}</a>'
    if person.username:
        name += " " + html.escape(f"@{person.username}")
    return l10n("loan-card-coordinator", name=name)


async def card_view(
    loan: Loan, loans: LoanService, users: UserRepo, l10n: Translator, *, notice: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    state = await loans.state(loan)
    lines = [notice, ""] if notice else []
    lines.append(
        l10n(
            "loan-card-title",
            contract=html.escape(loan.contract),
            program=html.escape(_program_name(loans, loan, l10n)),
        )
    )
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
    contact = await coordinator_line(loan, users, l10n)
    if contact:
        lines += ["", contact]
    rows = []
    if state.next_due is not None:
        rows.append([_btn(l10n("loan-paid-button"), "pay", loan.id)])
    rows.append(
        [
            _btn(l10n("loan-schedule-button"), "sc", loan.id),
            _btn(l10n("loan-payments-button"), "ph", loan.id),
        ]
    )
    if len(await loans.repo.of_user(loan.user_id or 0)) > 1:
        rows.append([_btn(l10n("loan-all-button"), "ls")])
    return "\n".join(lines), _kb(*rows)


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
) -> tuple[str, list[list[tuple[str, str]]]]:
    """The schedule, a page at a time: the text and the page numbers (label, page) to offer."""
    state = await loans.state(loan)
    pages = max(1, -(-len(state.instalments) // SCHEDULE_PAGE))
    page = min(max(page, 0), pages - 1)
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
    nav: list[tuple[str, str]] = []
    if pages > 1:
        if page > 0:
            nav.append(("‹", str(page - 1)))
        nav.append((f"{page + 1}/{pages}", "noop"))
        if page < pages - 1:
            nav.append(("›", str(page + 1)))
    if admin:
        lines.append(l10n("loan-schedule-total", total=Money(loan.total_due)))
    return "\n".join(lines), [nav]


async def payments_text(loan: Loan, loans: LoanService, l10n: Translator) -> str:
    payments = await loans.repo.payments_of(loan.id)
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


async def _list_view(
    mine: list[Loan], loans: LoanService, l10n: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [l10n("loan-list-title", count=len(mine))]
    rows = [
        [
            _btn(
                l10n(
                    "loan-list-item",
                    contract=loan.contract,
                    program=_program_name(loans, loan, l10n),
                ),
                "o",
                loan.id,
            )
        ]
        for loan in mine
    ]
    return "\n".join(lines), _kb(*rows)


def _none_view(l10n: Translator) -> tuple[str, InlineKeyboardMarkup]:
    return l10n("loan-none"), _kb([_btn(l10n("loan-enter-code-button"), "code")])


async def _home(
    user: User, loans: LoanService, users: UserRepo, l10n: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    mine = await loans.repo.of_user(user.id)
    if not mine:
        return _none_view(l10n)
    if len(mine) == 1:
        return await card_view(mine[0], loans, users, l10n)
    return await _list_view(mine, loans, l10n)


# -- entry --------------------------------------------------------------------------------------


@router.message(Command("loan"))
@router.message(MenuButton("menu-loan"))
async def my_loan(
    message: Message,
    user: User,
    state: FSMContext,
    loans: LoanService,
    users: UserRepo,
    l10n: Translator,
    command: CommandObject | None = None,
) -> None:
    await _leave_flow(state)
    if command is not None and command.args:
        await _redeem(message, command.args, user, loans, users, l10n)
        return
    text, kb = await _home(user, loans, users, l10n)
    await message.answer(text, reply_markup=kb)


async def deep_link(message: Message, value: str, data: dict[str, Any]) -> None:
    """`t.me/<bot>?start=l_<code>`: the coordinator's invite."""
    await _redeem(message, value, data["user"], data["loans"], data["users"], data["l10n"])


async def _redeem(
    message: Message, code: str, user: User, loans: LoanService, users: UserRepo, l10n: Translator
) -> None:
    try:
        loan = await loans.redeem(code, user.id)
    except LoanError as exc:
        await message.answer(l10n(f"loan-invite-{exc.key.removeprefix('invite-')}", **exc.details))
        return
    text, kb = await card_view(
        loan, loans, users, l10n, notice=l10n("loan-linked", contract=html.escape(loan.contract))
    )
    await message.answer(text, reply_markup=kb)


@router.message(LoanFlow.code)
async def code_typed(
    message: Message,
    user: User,
    state: FSMContext,
    loans: LoanService,
    users: UserRepo,
    translations: Translations,
    l10n: Translator,
) -> None:
    if is_elsewhere(message.text, translations):
        await _leave_flow(state)
        raise SkipHandler
    if not message.text:
        await message.answer(
            l10n("loan-ask-code"), reply_markup=_kb([_btn(l10n("button-cancel"), "px")])
        )
        return
    await _leave_flow(state)
    await _redeem(message, message.text, user, loans, users, l10n)


# -- "I paid" -----------------------------------------------------------------------------------


async def _send_step(
    message: Message, state: FSMContext, text: str, kb: InlineKeyboardMarkup
) -> None:
    """A step as a new message; the previous step's buttons go, so no stale ones remain."""
    previous = (await state.get_data()).get(STEP_MESSAGE)
    if previous:
        with suppress(TelegramBadRequest):
            await message.bot.edit_message_reply_markup(  # type: ignore[union-attr]
                chat_id=message.chat.id, message_id=int(previous), reply_markup=None
            )
    sent = await message.answer(text, reply_markup=kb)
    await state.update_data({STEP_MESSAGE: sent.message_id})


async def _ask_amount(
    message: Message,
    loan: Loan,
    state: FSMContext,
    loans: LoanService,
    l10n: Translator,
    error: str | None = None,
) -> None:
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
        rows.append(
            [
                _btn(
                    l10n("loan-pay-amount-button", amount=Money(suggested)),
                    "pa",
                    loan.id,
                    str(suggested),
                )
            ]
        )
    rows.append([_btn(l10n("button-cancel"), "px", loan.id)])
    await state.set_state(LoanFlow.amount)
    await _send_step(message, state, f"⚠️ {error}\n\n{text}" if error else text, _kb(*rows))


async def _ask_date(
    message: Message, state: FSMContext, l10n: Translator, today: date, error: str | None = None
) -> None:
    data = await state.get_data()
    loan_id = int(data.get("ln_loan") or 0)
    text = l10n(
        "loan-pay-ask-date",
        amount=Money(int(data.get("ln_amount") or 0)),
        example=f"{today:%d.%m.%Y}",
    )
    kb = _kb(
        [
            _btn(l10n("loan-pay-today"), "pd", loan_id, "0"),
            _btn(l10n("loan-pay-yesterday"), "pd", loan_id, "1"),
        ],
        [_btn(l10n("button-cancel"), "px", loan_id)],
    )
    await state.set_state(LoanFlow.date)
    await _send_step(message, state, f"⚠️ {error}\n\n{text}" if error else text, kb)


async def _ask_receipt(
    message: Message, state: FSMContext, l10n: Translator, error: str | None = None
) -> None:
    data = await state.get_data()
    text = l10n(
        "loan-pay-ask-receipt",
        amount=Money(int(data.get("ln_amount") or 0)),
        date=date.fromisoformat(str(data.get("ln_date"))),
    )
    kb = _kb([_btn(l10n("button-cancel"), "px", int(data.get("ln_loan") or 0))])
    await state.set_state(LoanFlow.receipt)
    await _send_step(message, state, f"⚠️ {error}\n\n{text}" if error else text, kb)


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


@router.message(StateFilter(LoanFlow.amount, LoanFlow.date, LoanFlow.receipt))
async def pay_step_given(
    message: Message,
    user: User,
    state: FSMContext,
    loans: LoanService,
    users: UserRepo,
    translations: Translations,
    l10n: Translator,
) -> None:
    if is_elsewhere(message.text, translations):
        await _leave_flow(state)
        raise SkipHandler
    data = await state.get_data()
    loan = await loans.own(user.id, int(data.get("ln_loan") or 0))
    if loan is None:
        await _leave_flow(state)
        await message.answer(l10n("access-denied"))
        return
    current = await state.get_state()
    if current == LoanFlow.amount.state:
        await _amount_given(message, loan, state, loans, l10n)
    elif current == LoanFlow.date.state:
        await _date_given(message, message.text or "", loan, state, loans, l10n)
    else:
        await _receipt_given(message, loan, user, state, loans, users, l10n)


async def _amount_given(
    message: Message, loan: Loan, state: FSMContext, loans: LoanService, l10n: Translator
) -> None:
    if not message.text:
        await _ask_amount(message, loan, state, loans, l10n, l10n("loan-error-expects-amount"))
        return
    parsed = parse_amount(message.text, l10n)
    if isinstance(parsed, str):
        await _ask_amount(message, loan, state, loans, l10n, parsed)
        return
    await _amount_chosen(message, parsed, loan, state, loans, l10n)


async def _amount_chosen(
    message: Message,
    amount: int,
    loan: Loan,
    state: FSMContext,
    loans: LoanService,
    l10n: Translator,
) -> None:
    room = await loans.room(loan)
    if amount > room:
        error = l10n("loan-error-amount-over", outstanding=Money(room))
        await _ask_amount(message, loan, state, loans, l10n, error)
        return
    await state.update_data(ln_amount=amount)
    await _ask_date(message, state, l10n, loans.today())


async def _date_given(
    message: Message,
    text: str,
    loan: Loan,
    state: FSMContext,
    loans: LoanService,
    l10n: Translator,
) -> None:
    today = loans.today()
    parsed = parse_date(text, today=today)
    if isinstance(parsed, Invalid):
        await _ask_date(
            message,
            state,
            l10n,
            today,
            l10n("loan-error-date-invalid", example=f"{today:%d.%m.%Y}"),
        )
        return
    await _date_chosen(message, parsed, loan, state, loans, l10n)


async def _date_chosen(
    message: Message,
    paid_on: date,
    loan: Loan,
    state: FSMContext,
    loans: LoanService,
    l10n: Translator,
) -> None:
    try:
        loans.check_paid_on(loan, paid_on)
    except LoanError as exc:
        await _ask_date(
            message, state, l10n, loans.today(), l10n(f"loan-error-{exc.key}", **exc.details)
        )
        return
    await state.update_data(ln_date=paid_on.isoformat())
    await _ask_receipt(message, state, l10n)


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


async def _receipt_given(
    message: Message,
    loan: Loan,
    user: User,
    state: FSMContext,
    loans: LoanService,
    users: UserRepo,
    l10n: Translator,
) -> None:
    receipt = _receipt_of(message)
    if receipt == "size":
        await _ask_receipt(
            message,
            state,
            l10n,
            l10n("loan-error-receipt-size", max=MAX_RECEIPT_BYTES // 1024 // 1024),
        )
        return
    if not isinstance(receipt, tuple):
        await _ask_receipt(message, state, l10n, l10n("loan-error-receipt"))
        return
    data = await state.get_data()
    amount, paid_on = int(data.get("ln_amount") or 0), date.fromisoformat(str(data.get("ln_date")))
    try:
        payment = await loans.report(loan, user.id, amount, paid_on, receipt)
    except LoanError as exc:
        await _leave_flow(state)
        await message.answer(l10n(f"loan-error-{exc.key}", **exc.details))
        return
    previous = data.get(STEP_MESSAGE)
    if previous:
        with suppress(TelegramBadRequest):
            await message.bot.edit_message_reply_markup(  # type: ignore[union-attr]
                chat_id=message.chat.id, message_id=int(previous), reply_markup=None
            )
    await _leave_flow(state)
    fresh = await loans.repo.require(loan.id)
    notice = l10n("loan-pay-sent", amount=Money(payment.amount), date=payment.paid_on)
    text, kb = await card_view(fresh, loans, users, l10n, notice=notice)
    await message.answer(text, reply_markup=kb)


async def resume(message: Message, data: dict[str, Any]) -> None:
    """After a language switch mid-flow: the current step again, in the new language, with
    what was entered so far (amount, date) kept."""
    state: FSMContext = data["state"]
    loans: LoanService = data["loans"]
    l10n: Translator = data["l10n"]
    user: User = data["user"]
    current = await state.get_state()
    if current == LoanFlow.code.state:
        await message.answer(
            l10n("loan-ask-code"), reply_markup=_kb([_btn(l10n("button-cancel"), "px")])
        )
        return
    loan = await loans.own(user.id, int((await state.get_data()).get("ln_loan") or 0))
    if loan is None:
        await _leave_flow(state)
        return
    if current == LoanFlow.amount.state:
        await _ask_amount(message, loan, state, loans, l10n)
    elif current == LoanFlow.date.state:
        await _ask_date(message, state, l10n, loans.today())
    elif current == LoanFlow.receipt.state:
        await _ask_receipt(message, state, l10n)


# -- buttons ------------------------------------------------------------------------------------


@router.callback_query(LoanCb.filter())
async def on_button(
    query: CallbackQuery,
    callback_data: LoanCb,
    user: User,
    state: FSMContext,
    loans: LoanService,
    users: UserRepo,
    l10n: Translator,
) -> None:
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    action = callback_data.action
    if action == "noop":
        await query.answer()
        return
    if action == "code":
        await query.answer()
        await _leave_flow(state)
        await state.set_state(LoanFlow.code)
        await edit_or_answer(
            message, l10n("loan-ask-code"), _kb([_btn(l10n("button-cancel"), "px")])
        )
        return
    if action == "px":
        await query.answer(l10n("loan-pay-cancelled"))
        await _leave_flow(state)
        with suppress(TelegramBadRequest):
            await message.edit_reply_markup(reply_markup=None)
        return
    if action == "ls":
        await query.answer()
        mine = await loans.repo.of_user(user.id)
        text, kb = await _list_view(mine, loans, l10n) if mine else _none_view(l10n)
        await edit_or_answer(message, text, kb)
        return
    loan = await loans.own(user.id, callback_data.loan)
    if loan is None:
        log.warning(
            "user %s pressed %r on loan %s, not theirs", user.id, action, callback_data.loan
        )
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    if action in ("pa", "pd"):
        await _pay_button(query, message, callback_data, loan, state, loans, l10n)
        return
    await _leave_flow(state)
    if action == "o":
        await query.answer()
        await edit_or_answer(message, *(await card_view(loan, loans, users, l10n)))
    elif action == "sc":
        await query.answer()
        page = int(callback_data.v) if callback_data.v.isdigit() else 0
        text, nav = await schedule_view(loan, page, loans, l10n)
        rows = [
            [
                _btn(label, "sc" if value != "noop" else "noop", loan.id, value)
                for label, value in row
            ]
            for row in nav
        ]
        rows.append([_btn(l10n("loan-back-to-card"), "o", loan.id)])
        await edit_or_answer(message, text, _kb(*rows))
    elif action == "ph":
        await query.answer()
        text = await payments_text(loan, loans, l10n)
        await edit_or_answer(message, text, _kb([_btn(l10n("loan-back-to-card"), "o", loan.id)]))
    elif action == "pay":
        if loan.status == "repaid" or await loans.room(loan) <= 0:
            await query.answer(l10n("loan-pay-nothing-due"), show_alert=True)
            return
        await query.answer()
        await state.update_data(ln_loan=loan.id, ln_amount=None, ln_date=None)
        await _ask_amount(message, loan, state, loans, l10n)
    else:
        await query.answer(l10n("button-stale"), show_alert=True)


async def _pay_button(
    query: CallbackQuery,
    message: Message,
    callback_data: LoanCb,
    loan: Loan,
    state: FSMContext,
    loans: LoanService,
    l10n: Translator,
) -> None:
    data = await state.get_data()
    current = await state.get_state()
    expected = LoanFlow.amount.state if callback_data.action == "pa" else LoanFlow.date.state
    value = callback_data.v
    valid = value.isdigit() if callback_data.action == "pa" else value in ("0", "1")
    if current != expected or int(data.get("ln_loan") or 0) != loan.id or not valid:
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    await query.answer()
    if callback_data.action == "pa":  # the amount is checked like a typed one
        await _amount_chosen(message, int(value), loan, state, loans, l10n)
        return
    await _date_chosen(
        message, loans.today() - timedelta(days=int(value)), loan, state, loans, l10n
    )
