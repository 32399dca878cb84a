""" "My applications": the list with status and date; one application's answers, decision and
questions; answering a coordinator's question; withdrawing before a decision. The router's
guard checks that a button is about the presser's own application before any handler runs."""

from __future__ import annotations

import html
import logging

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.applications.forms import FileAnswer, display
from bot.applications.service import (
    WITHDRAWABLE,
    Application,
    ApplicationError,
    ApplicationService,
)
from bot.core.access import Access
from bot.core.i18n import Translator
from bot.core.people import User
from bot.telegram.callbacks import ApplyAction, ApplyCb
from bot.telegram.filters import PrivateChat
from bot.telegram.menu import MenuButton, main_menu
from bot.telegram.screens import Screen, button, keyboard, send, show
from handlers.applications.guard import (
    APP_KEY,
    Need,
    OwnApplication,
    Register,
    needs,
    opened,
)
from handlers.states import MyApplicationsFlow

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(PrivateChat())
router.callback_query.middleware(OwnApplication(log, opened))

CARD_ANSWER_CHARS = 300
ANSWERING = "my_app"  # FSM: the application whose question is being answered


def _mine(action: ApplyAction, need: Need = Need.own) -> Register:
    """A button of "my applications" (about the presser's own application, unless `need`)."""
    return router.callback_query(ApplyCb.filter(F.action == action), flags=needs(need))


def _to(action: ApplyAction, app: Application | None = None) -> ApplyCb:
    return ApplyCb(action=action, app=app.id if app else 0)


async def _list_view(user: User, applications: ApplicationService, l10n: Translator) -> Screen:
    mine = await applications.of_user(user.id)
    if not mine:
        return l10n("my-apps-empty"), InlineKeyboardMarkup(inline_keyboard=[])
    rows = []
    for app in mine:
        program = applications.catalogue.get(app.program)
        name = program.name(l10n.locale) if program else app.program
        label = l10n("my-apps-line", number=app.reference, program=name, status=app.status)
        rows.append([button(label[:64], _to(ApplyAction.open, app))])
    return l10n("my-apps-title"), keyboard(*rows)


@router.message(Command("my"))
@router.message(MenuButton("menu-my-applications"))
async def my_applications(
    message: Message, user: User, applications: ApplicationService, l10n: Translator
) -> None:
    await send(message, await _list_view(user, applications, l10n))


async def card_text(app: Application, applications: ApplicationService, l10n: Translator) -> str:
    program = applications.program_of(app)
    lines = [
        l10n(
            "my-apps-card-title",
            number=app.reference,
            program=html.escape(program.name(l10n.locale)),
        ),
        l10n("my-apps-status", status=app.status),
    ]
    if app.submitted_at is not None:
        lines.append(l10n("my-apps-submitted", date=app.submitted_at.date()))
    if app.status == "rejected" and app.decision_note:
        lines.append(l10n("my-apps-reason", reason=html.escape(app.decision_note)))
    question = await applications.open_question(app)
    if question is not None:
        lines.append(l10n("my-apps-question", question=html.escape(question)))
    lines.append("")
    for field in program.fields:
        if field.code not in app.answers:
            continue
        value = display(field, app.answers[field.code], l10n)
        if len(value) > CARD_ANSWER_CHARS:
            value = value[:CARD_ANSWER_CHARS].rstrip() + "…"
        lines.append(f"<b>{html.escape(field.label(l10n.locale))}</b>: {html.escape(value)}")
    return "\n".join(lines)


def _card_kb(app: Application, l10n: Translator) -> InlineKeyboardMarkup:
    rows = []
    if app.status == "draft":
        rows.append([button(l10n("apply-continue-button"), _to(ApplyAction.resume, app))])
    if app.status == "info_requested":
        rows.append([button(l10n("my-apps-answer"), _to(ApplyAction.answer, app))])
    if app.status in WITHDRAWABLE:
        rows.append([button(l10n("my-apps-withdraw"), _to(ApplyAction.withdraw, app))])
    rows.append([button(l10n("my-apps-all"), _to(ApplyAction.mine))])
    return keyboard(*rows)


async def _card(app: Application, applications: ApplicationService, l10n: Translator) -> Screen:
    return await card_text(app, applications, l10n), _card_kb(app, l10n)


@_mine(ApplyAction.mine, Need.message)
async def all_mine(
    query: CallbackQuery,
    message: Message,
    user: User,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    await query.answer()
    await show(message, await _list_view(user, applications, l10n))


@_mine(ApplyAction.open)
async def open_one(
    query: CallbackQuery,
    callback_data: ApplyCb,
    message: Message,
    app: Application,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    await query.answer()
    card = await _card(app, applications, l10n)
    # From a notice ("n"), the card comes as a new message and the notice stays readable.
    await (send if callback_data.value == "n" else show)(message, card)


@_mine(ApplyAction.withdraw)
async def withdraw(
    query: CallbackQuery, message: Message, app: Application, l10n: Translator
) -> None:
    if app.status not in WITHDRAWABLE:
        await query.answer(l10n("my-apps-cannot-withdraw"), show_alert=True)
        return
    await query.answer()
    screen = (
        l10n("my-apps-withdraw-confirm", number=app.reference),
        keyboard(
            [button(l10n("my-apps-withdraw-yes"), _to(ApplyAction.withdraw_yes, app))],
            [button(l10n("button-back"), _to(ApplyAction.open, app))],
        ),
    )
    await show(message, screen)


@_mine(ApplyAction.withdraw_yes)
async def withdraw_confirmed(
    query: CallbackQuery,
    message: Message,
    app: Application,
    state: FSMContext,
    user: User,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    try:
        app = await applications.withdraw(app, user.id)
    except ApplicationError:
        await query.answer(l10n("my-apps-cannot-withdraw"), show_alert=True)
        return
    if int((await state.get_data()).get(APP_KEY) or 0) == app.id:
        await state.clear()
    await query.answer(l10n("my-apps-withdrawn"))
    await show(message, await _card(app, applications, l10n))


@_mine(ApplyAction.answer)
async def answer_question(
    query: CallbackQuery, message: Message, app: Application, state: FSMContext, l10n: Translator
) -> None:
    if app.status != "info_requested":
        await query.answer(l10n("my-apps-no-question"), show_alert=True)
        return
    await query.answer()
    await state.set_state(MyApplicationsFlow.info_answer)
    await state.set_data({ANSWERING: app.id})
    await message.answer(l10n("my-apps-answer-ask"))


@router.message(MyApplicationsFlow.info_answer)
async def info_answer(
    message: Message,
    state: FSMContext,
    user: User,
    access: Access,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    data = await state.get_data()
    app = await applications.get(int(data.get(ANSWERING) or 0))
    if app is None or app.user_id != user.id or app.status != "info_requested":
        await state.clear()
        await message.answer(l10n("my-apps-no-question"), reply_markup=main_menu(l10n, access))
        return
    text = (message.text or message.caption or "").strip()
    upload: FileAnswer | None = None
    if message.photo:
        photo = message.photo[-1]
        upload = FileAnswer("photo", photo.file_id, None, "image/jpeg", photo.file_size)
    elif message.document:
        doc = message.document
        upload = FileAnswer("document", doc.file_id, doc.file_name, doc.mime_type, doc.file_size)
    if (not text and upload is None) or (text.startswith("/") and upload is None):
        await message.answer(l10n("my-apps-answer-ask"))
        return
    await applications.answer_info(app, user.id, text or l10n("my-apps-answer-file"), upload)
    await state.clear()
    await message.answer(l10n("my-apps-answer-sent"), reply_markup=main_menu(l10n, access))
