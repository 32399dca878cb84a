""" "My applications": the list with status and date; one application's answers, decision and
questions; answering a coordinator's question; withdrawing before a decision."""

from __future__ import annotations

import html
import logging

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.applications.forms import display
from bot.applications.service import ApplicationError, ApplicationService
from bot.core.access import Access
from bot.core.clock import Clock
from bot.core.i18n import Translator
from bot.delivery.engine import Notifier
from bot.delivery.links import To, link
from bot.telegram.callbacks import ApplyCb
from bot.telegram.filters import PrivateChat
from bot.telegram.menu import MenuButton, main_menu
from handlers.states import MyApplicationsFlow
from storage.applications import WITHDRAWABLE, Application
from storage.outbox import PRIORITY_REPLY
from storage.users import User

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(PrivateChat())

CARD_ANSWER_CHARS = 300
MY_ACTIONS = frozenset({"my", "open", "wd", "wdy", "ans"})


def _btn(text: str, action: str, app: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=ApplyCb(action=action, app=app).pack())


async def _list_view(
    user: User, applications: ApplicationService, l10n: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    mine = await applications.repo.of_user(user.id)
    if not mine:
        return l10n("my-apps-empty"), InlineKeyboardMarkup(inline_keyboard=[])
    rows = []
    for app in mine:
        program = applications.catalogue.get(app.program)
        name = program.name(l10n.locale) if program else app.program
        label = l10n("my-apps-line", number=app.reference, program=name, status=app.status)
        rows.append([_btn(label[:64], "open", app.id)])
    return l10n("my-apps-title"), InlineKeyboardMarkup(inline_keyboard=rows)


@router.message(Command("my"))
@router.message(MenuButton("menu-my-applications"))
async def my_applications(
    message: Message, user: User, applications: ApplicationService, l10n: Translator
) -> None:
    text, kb = await _list_view(user, applications, l10n)
    await message.answer(text, reply_markup=kb)


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
    question = await _open_question(app, applications)
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


async def _open_question(app: Application, applications: ApplicationService) -> str | None:
    """The coordinator's question waiting for an answer, if any."""
    if app.status != "info_requested":
        return None
    events = await applications.repo.events(app.id)
    asked = [e for e in events if e.kind == "status" and e.to_status == "info_requested"]
    return asked[-1].comment if asked else None


def _card_kb(app: Application, l10n: Translator) -> InlineKeyboardMarkup:
    rows = []
    if app.status == "draft":
        rows.append([_btn(l10n("apply-continue-button"), "cont", app.id)])
    if app.status == "info_requested":
        rows.append([_btn(l10n("my-apps-answer"), "ans", app.id)])
    if app.status in WITHDRAWABLE:
        rows.append([_btn(l10n("my-apps-withdraw"), "wd", app.id)])
    rows.append([_btn(l10n("my-apps-all"), "my")])
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.callback_query(ApplyCb.filter(F.action.in_(MY_ACTIONS)))
async def on_button(
    query: CallbackQuery,
    callback_data: ApplyCb,
    state: FSMContext,
    user: User,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    if callback_data.action == "my":
        await query.answer()
        text, kb = await _list_view(user, applications, l10n)
        await message.edit_text(text, reply_markup=kb)
        return
    app = await applications.repo.get(callback_data.app)
    if app is None or app.user_id != user.id:
        log.warning("user %s opened application %s", user.id, callback_data.app)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    action = callback_data.action
    if action == "open":
        await query.answer()
        # From a notice ("n"), the card comes as a new message and the notice stays readable.
        await _show(message, app, applications, l10n, edit=callback_data.value != "n")
        return
    if action == "wd":
        if app.status not in WITHDRAWABLE:
            await query.answer(l10n("my-apps-cannot-withdraw"), show_alert=True)
            return
        await query.answer()
        await message.edit_text(
            l10n("my-apps-withdraw-confirm", number=app.reference),
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[
                    [_btn(l10n("my-apps-withdraw-yes"), "wdy", app.id)],
                    [_btn(l10n("button-back"), "open", app.id)],
                ]
            ),
        )
        return
    if action == "wdy":
        try:
            app = await applications.withdraw(app, user.id)
        except ApplicationError:
            await query.answer(l10n("my-apps-cannot-withdraw"), show_alert=True)
            return
        if int((await state.get_data()).get("ap_app") or 0) == app.id:
            await state.clear()
        await query.answer(l10n("my-apps-withdrawn"))
        await _show(message, app, applications, l10n, edit=True)
        return
    # "ans": answer the coordinator's question
    if app.status != "info_requested":
        await query.answer(l10n("my-apps-no-question"), show_alert=True)
        return
    await query.answer()
    await state.set_state(MyApplicationsFlow.info_answer)
    await state.set_data({"my_app": app.id})
    await message.answer(l10n("my-apps-answer-ask"))


async def _show(
    message: Message,
    app: Application,
    applications: ApplicationService,
    l10n: Translator,
    *,
    edit: bool,
) -> None:
    text = await card_text(app, applications, l10n)
    kb = _card_kb(app, l10n)
    if edit:
        await message.edit_text(text, reply_markup=kb)
    else:
        await message.answer(text, reply_markup=kb)


@router.message(MyApplicationsFlow.info_answer)
async def info_answer(
    message: Message,
    state: FSMContext,
    user: User,
    access: Access,
    applications: ApplicationService,
    notifier: Notifier,
    clock: Clock,
    l10n: Translator,
) -> None:
    data = await state.get_data()
    app = await applications.repo.get(int(data.get("my_app") or 0))
    if app is None or app.user_id != user.id or app.status != "info_requested":
        await state.clear()
        await message.answer(l10n("my-apps-no-question"), reply_markup=main_menu(l10n, access))
        return
    text = (message.text or message.caption or "").strip()
    upload: tuple[str, str, str | None, str | None, int | None] | None = None
    if message.photo:
        photo = message.photo[-1]
        upload = ("photo", photo.file_id, None, "image/jpeg", photo.file_size)
    elif message.document:
        doc = message.document
        upload = ("document", doc.file_id, doc.file_name, doc.mime_type, doc.file_size)
    if (not text and upload is None) or (text.startswith("/") and upload is None):
        await message.answer(l10n("my-apps-answer-ask"))
        return
    async with applications.repo.transaction():
        if upload is not None:
            kind, file_id, name, mime, size = upload
            await applications.repo.add_file(
                app.id,
                "_answer",
                kind,
                file_id,
                file_name=name,
                mime_type=mime,
                size=size,
                now=clock.now(),
            )
        answered = await applications.answer_info(
            app, user.id, text or l10n("my-apps-answer-file")
        )
    await state.clear()
    await _tell_reviewer(answered, applications, notifier)
    await message.answer(l10n("my-apps-answer-sent"), reply_markup=main_menu(l10n, access))


async def _tell_reviewer(
    app: Application, applications: ApplicationService, notifier: Notifier
) -> None:
    """The coordinator who asked learns that the answer has come."""
    events = await applications.repo.events(app.id)
    asked = [e for e in events if e.kind == "status" and e.to_status == "info_requested"]
    if not asked or asked[-1].actor_id is None:
        return
    await notifier.notify(
        asked[-1].actor_id,
        "review-notice-answered",
        idempotency_key=f"app:{app.id}:answered:{events[-1].id}",
        priority=PRIORITY_REPLY,
        buttons=[[("review-open-button", link(To.review_open, app=app.id))]],
        number=app.reference,
    )
