"""Webinars in the chat.

Everyone: «📅 Webinars» → the upcoming ones → a card → Register (answering the webinar's
questions, if any) → the join link and a calendar file; the waiting list when it is full; cancel;
«My webinars»; «I'm here» from the start reminder; a 1–5 rating and a comment afterwards.

Coordinators: a wizard to create a webinar, its card (registrations, attendance, ratings),
editing any field (a new time or link is told to registrants), the registrants with attendance
marks, the Excel file, the recording link and cancelling it.

Every button is checked on the server: a participant's buttons act only on the presser's own
registration, a coordinator's only on webinars in their scope. Callback data can be forged.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiohttp import BytesPayload

from bot.broadcasts.service import parse_local_time
from bot.core.access import Access
from bot.core.catalogue import Catalogue
from bot.core.clock import Clock
from bot.core.i18n import Translations, Translator, format_datetime
from bot.core.regions import region_by_code, regions
from bot.core.validators import Invalid, parse_email
from bot.documents.exports import format_score
from bot.telegram.callbacks import WebinarCb
from bot.telegram.deeplinks import make_link
from bot.telegram.filters import PrivateChat
from bot.telegram.flows import leave_flow
from bot.telegram.menu import MenuButton, is_elsewhere
from bot.telegram.screens import edit_or_answer
from bot.webinars.service import (
    COMMENT_MAX,
    DESCRIPTION_MAX,
    ICS_MIME,
    OPTIONAL_QUESTIONS,
    ORG_MAX,
    SPEAKER_MAX,
    TITLE_MAX,
    WebinarError,
    WebinarService,
    build_ics,
    build_registrants_workbook,
    check_start,
    ics_file_name,
    may_manage,
    parse_capacity,
    parse_duration,
    parse_link,
    program_choices,
    reminders_ahead,
)
from storage.db import from_db, to_db
from storage.users import User
from storage.webinars import LANGUAGES, QUESTIONS, NewWebinar, Registration, Webinar

log = logging.getLogger(__name__)
_TAGS = re.compile(r"<[^>]+>")
router = Router(name=__name__)
router.message.filter(PrivateChat())

LIST_LIMIT = 10  # webinars on the list screen
PEOPLE_PAGE = 10  # registrants per page
CARD_DESCRIPTION = 900  # characters of the description on a card
DEEP_LINK_PREFIX = "w_"
SKIP = "-"  # the value of «Skip» under an optional registration question
DURATIONS = (30, 45, 60, 90, 120)
WHEN_KEYS = {
    "broadcast-when-invalid": "webinar-when-invalid",
    "broadcast-when-past": "webinar-when-past",
    "broadcast-when-too-far": "webinar-when-too-far",
}

# The wizard's fields, in order.
FIELDS = (
    "title_kk",
    "title_ru",
    "description_kk",
    "description_ru",
    "speaker",
    "starts_at",
    "duration_min",
    "language",
    "capacity",
    "join_url",
    "program",
    "questions",
)
OPTIONAL_FIELDS = ("description_kk", "description_ru")
TEXT_LIMITS = {
    "title_kk": TITLE_MAX,
    "title_ru": TITLE_MAX,
    "description_kk": DESCRIPTION_MAX,
    "description_ru": DESCRIPTION_MAX,
    "speaker": SPEAKER_MAX,
}


class WebinarFlow(StatesGroup):
    answer = State()  # a participant answers the registration questions (wb_id, wb_q, wb_ans)
    comment = State()  # a participant's comment after a rating (wb_id)
    field = State()  # a coordinator gives a field (wb_field; wb_id when editing, else wb_draft)
    summary = State()  # a new webinar's summary: create, change a field, cancel


def _btn(text: str, action: str, w: int = 0, r: int = 0, v: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=WebinarCb(action=action, w=w, r=r, v=v).pack()
    )


def _kb(*rows: Sequence[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(r) for r in rows if r])


async def _show(message: Message, text: str, kb: InlineKeyboardMarkup, *, edit: bool) -> None:
    """Edit the screen in place after a button; a new message after something typed."""
    if edit:
        await _edit(message, text, kb)
    else:
        await message.answer(text, reply_markup=kb)


async def _edit(message: Message, text: str, kb: InlineKeyboardMarkup) -> None:
    """Edit in place; pressing the button of the screen already shown changes nothing.
    A button pressed under a file (a forged one) gets a new message: a file has no text."""
    if message.text is not None and _unchanged(message, text, kb):
        return
    await edit_or_answer(message, text, kb)


def _unchanged(message: Message, text: str, kb: InlineKeyboardMarkup) -> bool:
    """The screen shown already (a refused button re-renders it): Telegram refuses such edits."""
    plain = html.unescape(_TAGS.sub("", text)).strip()
    shown = message.reply_markup
    return (
        message.text == plain
        and shown is not None
        and shown.model_dump(exclude_none=True) == kb.model_dump(exclude_none=True)
    )


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _when(webinar: Webinar, l10n: Translator, zone: ZoneInfo) -> str:
    return format_datetime(webinar.starts_at, l10n.locale, zone)


def _short_when(webinar: Webinar, zone: ZoneInfo) -> str:
    return f"{webinar.starts_at.astimezone(zone):%d.%m %H:%M}"



# == participants ===============================================================================


async def _list_view(
    webinars: WebinarService, access: Access, l10n: Translator, zone: ZoneInfo
) -> tuple[str, InlineKeyboardMarkup]:
    found = (await webinars.upcoming())[:LIST_LIMIT]
    # Her own place where she has one: «no seats, a waiting list» is not news to her.
    mine = {reg.webinar_id: reg.status for reg, _ in await webinars.mine(access.user_id)}
    lines = [l10n("webinar-list-title")]
    rows: list[list[InlineKeyboardButton]] = []
    if not found:
        lines.append(l10n("webinar-list-empty"))
    for n, webinar in enumerate(found, start=1):
        status = mine.get(webinar.id)  # active registrations only
        if status is not None:
            seats = l10n("webinar-list-mine", status=status)
        else:
            seats = _seats(await webinars.seats_left(webinar), l10n)
        lines.append(
            l10n(
                "webinar-list-line",
                n=n,
                title=html.escape(_cut(webinar.title(l10n.locale), 90)),
                when=_when(webinar, l10n, zone),
                seats=seats,
            )
        )
        label = f"{_short_when(webinar, zone)} · {_cut(webinar.title(l10n.locale), 40)}"
        rows.append([_btn(label, "open", webinar.id)])
    rows.append([_btn(l10n("webinar-mine-button"), "mine")])
    if access.is_coordinator:
        rows.append([_btn(l10n("webinar-manage-button"), "adm")])
    return "\n\n".join(lines), _kb(*rows)


def _seats(seats: int | None, l10n: Translator) -> str:
    if seats is None:
        return l10n("webinar-seats-unlimited")
    if seats == 0:
        return l10n("webinar-seats-full")
    return l10n("webinar-seats-left", count=seats)


@router.message(Command("webinars"))
@router.message(MenuButton("menu-webinars"))
async def show_list(
    message: Message,
    state: FSMContext,
    access: Access,
    webinars: WebinarService,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    await _leave_flow(state)
    text, kb = await _list_view(webinars, access, l10n, zone)
    await message.answer(text, reply_markup=kb)


async def _card_view(
    webinar: Webinar,
    user_id: int,
    webinars: WebinarService,
    catalogue: Catalogue,
    l10n: Translator,
    zone: ZoneInfo,
    *,
    notice: str | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    locale = l10n.locale
    reg = await webinars.repo.registration(webinar.id, user_id)
    seats = await webinars.seats_left(webinar)
    lines = []
    if notice:
        lines += [notice, ""]
    lines += [
        f"<b>{html.escape(webinar.title(locale))}</b>",
        l10n("webinar-card-when", when=_when(webinar, l10n, zone), minutes=webinar.duration_min),
        l10n("webinar-card-speaker", speaker=html.escape(webinar.speaker)),
        l10n("webinar-card-language", language=webinar.language),
    ]
    program = catalogue.get(webinar.program) if webinar.program else None
    if program is not None:
        lines.append(l10n("webinar-card-program", program=html.escape(program.name(locale))))
    if description := webinar.description(locale):
        lines += ["", html.escape(_cut(description, CARD_DESCRIPTION))]
    lines.append("")
    started = webinars.has_started(webinar)
    rows: list[list[InlineKeyboardButton]] = []
    if webinar.status == "cancelled":
        lines.append(l10n("webinar-card-cancelled"))
    elif reg is not None and reg.status == "registered":
        lines.append(l10n("webinar-card-registered", link=html.escape(webinar.join_url)))
        if webinar.recording_url and started:
            lines.append(l10n("webinar-card-recording", link=html.escape(webinar.recording_url)))
        if not started:
            rows.append([_btn(l10n("webinar-ics-button"), "ics", webinar.id)])
            rows.append([_btn(l10n("webinar-unregister-button"), "unreg", webinar.id)])
        elif reg.attended_at is None and not webinars.has_ended(webinar):
            rows.append([_btn(l10n("webinar-here-button"), "here", webinar.id, v="card")])
        elif reg.attended_at is not None and reg.rating is None and webinars.has_ended(webinar):
            lines.append(l10n("webinar-card-rate"))
            rows.append(_rating_row(webinar))
        elif reg.rating is not None:
            lines.append(l10n("webinar-card-rated", rating=reg.rating))
    elif reg is not None and reg.status == "waiting":
        position = await webinars.repo.waiting_position(reg)
        lines.append(l10n("webinar-card-waiting", position=position))
        if not started:
            rows.append([_btn(l10n("webinar-leave-waiting-button"), "unreg", webinar.id)])
    elif started:
        lines.append(l10n("webinar-card-closed"))
    else:
        lines.append(l10n("webinar-card-seats", seats=_seats(seats, l10n)))
        key = "webinar-waiting-button" if seats == 0 else "webinar-register-button"
        rows.append([_btn(l10n(key), "reg", webinar.id)])
    rows.append([_btn(l10n("webinar-back-to-list"), "list")])
    return "\n".join(lines), _kb(*rows)


def _rating_row(webinar: Webinar) -> list[InlineKeyboardButton]:
    stars = ("1", "2", "3", "4", "5")
    return [_btn(f"{s}⭐", "rate", webinar.id, int(s)) for s in stars]


async def open_link(message: Message, value: str, data: dict[str, Any]) -> None:
    """`?start=w_<id>`: the webinar's card (a link on a program's site or in a broadcast)."""
    l10n: Translator = data["l10n"]
    webinars: WebinarService = data["webinars"]
    webinar = await webinars.repo.get(int(value)) if value.isdigit() else None
    if webinar is None:
        await message.answer(l10n("webinar-error-not-found"))
        return
    user: User = data["user"]
    text, kb = await _card_view(webinar, user.id, webinars, data["catalogue"], l10n, data["zone"])
    await message.answer(text, reply_markup=kb)


async def _mine_view(
    user_id: int, webinars: WebinarService, l10n: Translator, zone: ZoneInfo
) -> tuple[str, InlineKeyboardMarkup]:
    mine = await webinars.mine(user_id)
    rows = [[_btn(l10n("webinar-back-to-list"), "list")]]
    if not mine:
        return l10n("webinar-mine-empty"), _kb(*rows)
    lines = [l10n("webinar-mine-title")]
    buttons = []
    for reg, webinar in mine:
        state: str = "cancelled" if webinar.status == "cancelled" else reg.status
        if state == "registered" and webinars.has_started(webinar):
            state = "attended" if reg.attended_at else "past"
            if state == "past" and not webinars.has_ended(webinar):
                state = "live"
        lines.append(
            l10n(
                "webinar-mine-line",
                title=html.escape(_cut(webinar.title(l10n.locale), 80)),
                when=_when(webinar, l10n, zone),
                status=state,
            )
        )
        label = f"{_short_when(webinar, zone)} · {_cut(webinar.title(l10n.locale), 40)}"
        buttons.append([_btn(label, "open", webinar.id)])
    return "\n".join(lines), _kb(*buttons, *rows)


class _TypedFile(BufferedInputFile):
    """A file uploaded with its content type: aiogram sends every file as
    `application/octet-stream`, and a phone opens a `text/calendar` file as an event."""

    def __init__(self, data: bytes, filename: str, content_type: str) -> None:
        super().__init__(data, filename=filename)
        self.content_type = content_type

    def read(self, bot: Bot) -> Any:
        # aiohttp takes a ready payload as the multipart part (aiogram adds the file name).
        return BytesPayload(self.data, content_type=self.content_type)


async def _send_ics(message: Message, webinar: Webinar, l10n: Translator, clock: Clock) -> None:
    data = build_ics(webinar, l10n.locale, clock.now())
    await message.answer_document(
        _TypedFile(data, ics_file_name(webinar, l10n.locale), ICS_MIME),
        caption=l10n("webinar-ics-caption"),
    )


# -- registering ---------------------------------------------------------------------------------


def _question_view(
    webinar: Webinar, index: int, l10n: Translator, error: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    question = webinar.questions[index]
    lines = []
    if error:
        lines += [f"⚠️ {error}", ""]
    lines.append(
        l10n(
            "webinar-question",
            n=index + 1,
            total=len(webinar.questions),
            question=question,
            title=html.escape(_cut(webinar.title(l10n.locale), 80)),
        )
    )
    rows: list[list[InlineKeyboardButton]] = []
    if question == "region":
        buttons = [_btn(r.name(l10n.locale), "q", webinar.id, v=r.code) for r in regions()]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if question in OPTIONAL_QUESTIONS:
        rows.append([_btn(l10n("webinar-skip-button"), "q", webinar.id, v=SKIP)])
    rows.append([_btn(l10n("button-cancel"), "open", webinar.id)])
    return "\n".join(lines), _kb(*rows)


async def _finish_registration(
    message: Message,
    webinar_id: int,
    answers: dict[str, Any],
    user: User,
    state: FSMContext,
    webinars: WebinarService,
    catalogue: Catalogue,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
    *,
    edit: bool,
) -> str | None:
    """Register; the confirmation (with the link and the calendar file) or the waiting list.
    Returns the toast for a button press."""
    await state.set_state(None)
    await state.update_data(wb_id=None, wb_q=None, wb_ans=None)
    try:
        result = await webinars.register(webinar_id, user.id, answers)
    except WebinarError as exc:
        webinar = await webinars.repo.get(webinar_id)
        if webinar is None:
            await message.answer(l10n(exc.key))
            return None
        text, kb = await _card_view(
            webinar, user.id, webinars, catalogue, l10n, zone, notice=l10n(exc.key)
        )
        await _show(message, text, kb, edit=edit)
        return l10n(exc.key)
    webinar = result.webinar
    if result.position:
        notice = l10n("webinar-waiting-notice", position=result.position)
    else:
        notice = l10n("webinar-registered-notice", before=reminders_ahead(result.reminders))
    text, kb = await _card_view(webinar, user.id, webinars, catalogue, l10n, zone, notice=notice)
    await _show(message, text, kb, edit=edit)
    if not result.position:
        await _send_ics(message, webinar, l10n, clock)
    return l10n("webinar-registered-toast") if not result.position else None


@router.message(WebinarFlow.answer)
async def answer_given(
    message: Message,
    state: FSMContext,
    user: User,
    webinars: WebinarService,
    catalogue: Catalogue,
    translations: Translations,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    if is_elsewhere(message.text, translations):
        await state.set_state(None)
        raise SkipHandler
    data = await state.get_data()
    webinar = await webinars.repo.get(int(data.get("wb_id") or 0))
    index = int(data.get("wb_q") or 0)
    if webinar is None or index >= len(webinar.questions):
        await state.set_state(None)
        await message.answer(l10n("button-stale"))
        return
    question = webinar.questions[index]
    text = (message.text or "").strip()
    error: str | None = None
    value: str | None = None
    if question == "region":
        error = l10n("webinar-answer-use-buttons")
    elif not text:
        error = l10n("webinar-answer-text")
    elif question == "email":
        parsed = parse_email(text)
        if isinstance(parsed, Invalid):
            error = l10n("webinar-email-invalid")
        else:
            value = parsed
    elif len(text) > ORG_MAX:
        error = l10n("webinar-text-too-long", max=ORG_MAX)
    else:
        value = text
    if value is None:
        view_text, kb = _question_view(webinar, index, l10n, error)
        await message.answer(view_text, reply_markup=kb)
        return
    await _next_question(
        message,
        webinar,
        index,
        question,
        value,
        state,
        user,
        webinars,
        catalogue,
        clock,
        zone,
        l10n,
        edit=False,
    )


async def _next_question(
    message: Message,
    webinar: Webinar,
    index: int,
    question: str,
    value: str | None,
    state: FSMContext,
    user: User,
    webinars: WebinarService,
    catalogue: Catalogue,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
    *,
    edit: bool,
) -> str | None:
    answers = dict((await state.get_data()).get("wb_ans") or {})
    if value is None:  # an optional question skipped
        answers.pop(question, None)
    else:
        answers[question] = value
    if index + 1 < len(webinar.questions):
        await state.update_data(wb_q=index + 1, wb_ans=answers)
        text, kb = _question_view(webinar, index + 1, l10n)
        await _show(message, text, kb, edit=edit)
        return None
    return await _finish_registration(
        message,
        webinar.id,
        answers,
        user,
        state,
        webinars,
        catalogue,
        clock,
        zone,
        l10n,
        edit=edit,
    )


@router.message(WebinarFlow.comment)
async def comment_given(
    message: Message,
    state: FSMContext,
    user: User,
    webinars: WebinarService,
    translations: Translations,
    l10n: Translator,
) -> None:
    if is_elsewhere(message.text, translations):
        await state.set_state(None)
        raise SkipHandler
    text = (message.text or "").strip()
    if not text:
        await message.answer(
            l10n("webinar-answer-text"),
            reply_markup=_kb([_btn(l10n("webinar-no-comment-button"), "nocom")]),
        )
        return
    webinar_id = int((await state.get_data()).get("wb_id") or 0)
    await state.set_state(None)
    try:
        await webinars.comment(webinar_id, user.id, _cut(text, COMMENT_MAX))
    except WebinarError as exc:
        await message.answer(l10n(exc.key))
        return
    await message.answer(l10n("webinar-comment-thanks"))


# -- participants' buttons ------------------------------------------------------------------------

PARTICIPANT_ACTIONS = frozenset(
    {"list", "open", "mine", "reg", "q", "unreg", "unregy", "ics", "here", "rate", "nocom"}
)


@router.callback_query(WebinarCb.filter())
async def on_button(
    query: CallbackQuery,
    callback_data: WebinarCb,
    state: FSMContext,
    user: User,
    access: Access,
    webinars: WebinarService,
    catalogue: Catalogue,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
    bot: Bot,
) -> None:
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    action = callback_data.action
    if action not in PARTICIPANT_ACTIONS:
        await _coordinator_button(
            query,
            message,
            callback_data,
            state,
            access,
            webinars,
            catalogue,
            clock,
            zone,
            l10n,
            bot,
        )
        return
    if action not in ("q",) and await state.get_state() == WebinarFlow.answer.state:
        await state.set_state(None)  # left the questions: the next text is not an answer
    if action == "list":
        await query.answer()
        await _edit(message, *await _list_view(webinars, access, l10n, zone))
        return
    if action == "mine":
        await query.answer()
        await _edit(message, *await _mine_view(user.id, webinars, l10n, zone))
        return
    webinar = await webinars.repo.get(callback_data.w)
    if webinar is None:
        log.warning("user %s pressed %s for unknown webinar %s", user.id, action, callback_data.w)
        await query.answer(l10n("webinar-error-not-found"), show_alert=True)
        return

    async def show(notice: str | None = None, toast: str | None = None) -> None:
        await query.answer(toast)
        text, kb = await _card_view(
            webinar, user.id, webinars, catalogue, l10n, zone, notice=notice
        )
        await _edit(message, text, kb)

    if action == "open":
        await show()
        return
    if action == "reg":
        await _register_pressed(
            query, message, webinar, state, user, webinars, catalogue, clock, zone, l10n
        )
        return
    if action == "q":
        await _answer_pressed(
            query,
            message,
            webinar,
            callback_data.v,
            state,
            user,
            webinars,
            catalogue,
            clock,
            zone,
            l10n,
        )
        return
    if action == "unreg":
        reg = await webinars.repo.registration(webinar.id, user.id)
        if reg is None or not reg.active:
            await show(toast=l10n("webinar-error-not-registered"))
            return
        await query.answer()
        key = (
            "webinar-unregister-confirm"
            if reg.status == "registered"
            else ("webinar-leave-waiting-confirm")
        )
        await _edit(
            message,
            l10n(key, title=html.escape(webinar.title(l10n.locale))),
            _kb(
                [_btn(l10n("webinar-unregister-yes"), "unregy", webinar.id)],
                [_btn(l10n("button-back"), "open", webinar.id)],
            ),
        )
        return
    if action == "unregy":
        try:
            await webinars.cancel_registration(webinar.id, user.id)
        except WebinarError as exc:
            await show(toast=l10n(exc.key))
            return
        await show(notice=l10n("webinar-unregistered"), toast=l10n("webinar-unregistered"))
        return
    if action == "ics":
        reg = await webinars.repo.registration(webinar.id, user.id)
        if reg is None or reg.status != "registered" or webinar.status != "scheduled":
            log.warning("user %s asked for the calendar of webinar %s", user.id, webinar.id)
            await query.answer(l10n("webinar-error-not-registered"), show_alert=True)
            return
        await query.answer()
        await _send_ics(message, webinar, l10n, clock)
        return
    if action == "here":
        try:
            await webinars.mark_here(webinar.id, user.id)
        except WebinarError as exc:
            await query.answer(l10n(exc.key), show_alert=True)
            return
        if callback_data.v == "card":
            await show(toast=l10n("webinar-here-thanks"))
            return
        await query.answer(l10n("webinar-here-thanks"), show_alert=True)
        if message.reply_markup is not None:  # the reminder keeps its link, loses the button
            await message.edit_reply_markup(reply_markup=None)
        return
    if action == "rate":
        try:
            await webinars.rate(webinar.id, user.id, callback_data.r)
        except WebinarError as exc:
            await query.answer(l10n(exc.key), show_alert=True)
            return
        await query.answer()
        await state.set_state(WebinarFlow.comment)
        await state.update_data(wb_id=webinar.id)
        await _edit(
            message,
            l10n(
                "webinar-rated",
                rating=callback_data.r,
                title=html.escape(webinar.title(l10n.locale)),
            ),
            _kb([_btn(l10n("webinar-no-comment-button"), "nocom", webinar.id)]),
        )
        return
    if action == "nocom":
        await state.set_state(None)
        await query.answer(l10n("webinar-comment-thanks"))
        if message.reply_markup is not None:
            await message.edit_reply_markup(reply_markup=None)
        return


async def _register_pressed(
    query: CallbackQuery,
    message: Message,
    webinar: Webinar,
    state: FSMContext,
    user: User,
    webinars: WebinarService,
    catalogue: Catalogue,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    existing = await webinars.repo.registration(webinar.id, user.id)
    problem = None
    if webinar.status == "cancelled":
        problem = "webinar-error-cancelled"
    elif existing is not None and existing.active:
        problem = "webinar-error-already"
    elif webinars.has_started(webinar):
        problem = "webinar-error-started"
    if problem is not None:
        await query.answer(l10n(problem), show_alert=True)
        text, kb = await _card_view(webinar, user.id, webinars, catalogue, l10n, zone)
        await _edit(message, text, kb)
        return
    if webinar.questions:
        await query.answer()
        await state.set_state(WebinarFlow.answer)
        await state.update_data(wb_id=webinar.id, wb_q=0, wb_ans={})
        await _edit(message, *_question_view(webinar, 0, l10n))
        return
    toast = await _finish_registration(
        message, webinar.id, {}, user, state, webinars, catalogue, clock, zone, l10n, edit=True
    )
    await query.answer(toast)


async def _answer_pressed(
    query: CallbackQuery,
    message: Message,
    webinar: Webinar,
    code: str,
    state: FSMContext,
    user: User,
    webinars: WebinarService,
    catalogue: Catalogue,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    """A region chosen, or an optional question skipped; a required one cannot be."""
    data = await state.get_data()
    index = int(data.get("wb_q") or 0)
    question = webinar.questions[index] if index < len(webinar.questions) else None
    if code == SKIP:
        valid = question in OPTIONAL_QUESTIONS
    else:
        valid = question == "region" and region_by_code(code) is not None
    if (
        await state.get_state() != WebinarFlow.answer.state
        or data.get("wb_id") != webinar.id
        or question is None
        or not valid
    ):
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    toast = await _next_question(
        message,
        webinar,
        index,
        question,
        None if code == SKIP else code,
        state,
        user,
        webinars,
        catalogue,
        clock,
        zone,
        l10n,
        edit=True,
    )
    await query.answer(toast)


# == coordinators ===============================================================================


async def _manage_view(
    access: Access,
    webinars: WebinarService,
    catalogue: Catalogue,
    l10n: Translator,
    zone: ZoneInfo,
) -> tuple[str, InlineKeyboardMarkup]:
    found = (await webinars.managed(access))[-30:]
    lines = [l10n("webinar-manage-title")]
    rows: list[list[InlineKeyboardButton]] = []
    if program_choices(access, catalogue):
        rows.append([_btn(l10n("webinar-new-button"), "new")])
    if not found:
        lines.append(l10n("webinar-manage-empty"))
    for webinar in found:
        mark = "✖ " if webinar.status == "cancelled" else ""
        label = f"{mark}{_short_when(webinar, zone)} · {_cut(webinar.title(l10n.locale), 40)}"
        rows.append([_btn(label, "c", webinar.id)])
    rows.append([_btn(l10n("webinar-back-to-list"), "list")])
    return "\n".join(lines), _kb(*rows)


async def _admin_card(
    webinar: Webinar,
    webinars: WebinarService,
    catalogue: Catalogue,
    l10n: Translator,
    zone: ZoneInfo,
    bot: Bot,
    *,
    notice: str | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    locale = l10n.locale
    counts = await webinars.counts(webinar)
    program = catalogue.get(webinar.program) if webinar.program else None
    lines = [notice, ""] if notice else []
    lines += [
        f"🛠 <b>{html.escape(webinar.title(locale))}</b>",
        l10n("webinar-card-when", when=_when(webinar, l10n, zone), minutes=webinar.duration_min),
        l10n("webinar-card-speaker", speaker=html.escape(webinar.speaker)),
        l10n("webinar-card-language", language=webinar.language),
        l10n(
            "webinar-admin-program",
            program=html.escape(program.name(locale)) if program else l10n("webinar-no-program"),
        ),
        l10n(
            "webinar-admin-counts",
            registered=counts.registered,
            capacity=str(webinar.capacity) if webinar.capacity else "∞",
            waiting=counts.waiting,
        ),
        l10n(
            "webinar-admin-attendance",
            attended=counts.attended,
            average=format_score(counts.average),
            rated=counts.rated,
        ),
        l10n("webinar-admin-questions", questions=_questions_text(webinar.questions, l10n)),
        l10n("webinar-admin-link", link=html.escape(webinar.join_url)),
    ]
    if webinar.recording_url:
        lines.append(l10n("webinar-card-recording", link=html.escape(webinar.recording_url)))
    me = await bot.me()
    if me.username and webinar.status == "scheduled":
        share = make_link(me.username, f"{DEEP_LINK_PREFIX}{webinar.id}")
        lines.append(l10n("webinar-admin-share", link=html.escape(share)))
    if webinar.status == "cancelled":
        lines.append(l10n("webinar-card-cancelled"))
    started = webinars.has_started(webinar)
    rows: list[list[InlineKeyboardButton]] = []
    if webinar.status == "scheduled":
        rows.append([_btn(l10n("webinar-edit-button"), "edit", webinar.id)])
    rows.append(
        [
            _btn(l10n("webinar-people-button"), "ppl", webinar.id),
            _btn(l10n("webinar-excel-button"), "xl", webinar.id),
        ]
    )
    if started and webinar.status == "scheduled":
        rows.append([_btn(l10n("webinar-recording-button"), "ef", webinar.id, v="recording_url")])
    if not started and webinar.status == "scheduled":
        rows.append([_btn(l10n("webinar-cancel-button"), "del", webinar.id)])
    rows.append([_btn(l10n("webinar-back-to-manage"), "adm")])
    return "\n".join(lines), _kb(*rows)


def _questions_text(questions: Sequence[str], l10n: Translator) -> str:
    if not questions:
        return l10n("webinar-questions-none")
    return ", ".join(l10n("webinar-question-name", question=q) for q in questions)


async def _people_view(
    webinar: Webinar, page: int, webinars: WebinarService, l10n: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    people = await webinars.registrants(webinar)
    seated = [(r, p) for r, p in people if r.status == "registered"]
    waiting = [(r, p) for r, p in people if r.status == "waiting"]
    pages = max(1, -(-len(seated) // PEOPLE_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = seated[page * PEOPLE_PAGE : (page + 1) * PEOPLE_PAGE]
    lines = [
        l10n(
            "webinar-people-title",
            title=html.escape(_cut(webinar.title(l10n.locale), 80)),
            registered=len(seated),
            waiting=len(waiting),
        )
    ]
    if not people:
        lines.append(l10n("webinar-people-empty"))
    for n, (reg, person) in enumerate(shown, start=page * PEOPLE_PAGE + 1):
        lines.append(_person_line(n, reg, person, l10n))
    if waiting and page == pages - 1:
        lines += ["", l10n("webinar-people-waiting")]
        for n, (reg, person) in enumerate(waiting[:20], start=1):
            lines.append(_person_line(n, reg, person, l10n))
    rows: list[list[InlineKeyboardButton]] = []
    if webinars.attendance_open(webinar) and webinar.status == "scheduled":
        lines += ["", l10n("webinar-people-mark-hint")]
        for reg, person in shown:
            mark = "✅" if reg.attended_at else "▫️"
            rows.append(
                [_btn(f"{mark} {_name(reg, person, 30)}", "att", webinar.id, reg.id, str(page))]
            )
    if pages > 1:
        nav = []
        if page > 0:
            nav.append(_btn("‹", "ppl", webinar.id, page - 1))
        nav.append(_btn(f"{page + 1}/{pages}", "ppl", webinar.id, page))
        if page < pages - 1:
            nav.append(_btn("›", "ppl", webinar.id, page + 1))
        rows.append(nav)
    rows.append([_btn(l10n("button-back"), "c", webinar.id)])
    return "\n".join(lines), _kb(*rows)


def _name(reg: Registration, person: User | None, limit: int) -> str:
    return _cut(person.full_name if person else f"id{reg.user_id}", limit)


def _person_line(n: int, reg: Registration, person: User | None, l10n: Translator) -> str:
    parts = [f"{n}. {html.escape(_name(reg, person, 40))}"]
    if person is not None and person.username:
        parts.append(f"@{html.escape(person.username)}")
    if reg.attended_at:
        parts.append("✅")
    if reg.rating:
        parts.append(f"{reg.rating}⭐")
    line = " · ".join(parts)
    if reg.comment:
        line += f"\n   💬 {html.escape(_cut(reg.comment, 120))}"
    return line


async def _coordinator_button(
    query: CallbackQuery,
    message: Message,
    callback_data: WebinarCb,
    state: FSMContext,
    access: Access,
    webinars: WebinarService,
    catalogue: Catalogue,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
    bot: Bot,
) -> None:
    if not access.is_coordinator:
        log.warning("user %s sent a webinar coordinator callback", access.user_id)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    action = callback_data.action
    if action == "adm":
        await _leave_flow(state)
        await query.answer()
        await _edit(message, *await _manage_view(access, webinars, catalogue, l10n, zone))
        return
    if action in ("new", "wz", "sum", "mk", "stop", "prev"):
        await _wizard_button(
            query, message, callback_data, state, access, webinars, catalogue, clock, zone, l10n
        )
        return
    webinar = await webinars.repo.get(callback_data.w)
    if webinar is None or not may_manage(access, webinar):
        log.warning("coordinator %s may not manage webinar %s", access.user_id, callback_data.w)
        await query.answer(l10n("access-denied"), show_alert=True)
        return

    async def card(notice: str | None = None, toast: str | None = None) -> None:
        await query.answer(toast)
        fresh = await webinars.repo.require(webinar.id)
        await _edit(
            message, *await _admin_card(fresh, webinars, catalogue, l10n, zone, bot, notice=notice)
        )

    if action == "c":
        await _leave_flow(state)
        await card()
        return
    if action == "ppl":
        await query.answer()
        await _edit(message, *await _people_view(webinar, callback_data.r, webinars, l10n))
        return
    if action == "att":
        reg = await webinars.repo.registration_by_id(callback_data.r)
        if reg is None or reg.webinar_id != webinar.id:
            log.warning(
                "coordinator %s: registration %s is not of webinar %s",
                access.user_id,
                callback_data.r,
                webinar.id,
            )
            await query.answer(l10n("access-denied"), show_alert=True)
            return
        try:
            await webinars.set_attendance(webinar, reg, reg.attended_at is None, access.user_id)
        except WebinarError as exc:
            await query.answer(l10n(exc.key), show_alert=True)
            return
        await query.answer()
        page = int(callback_data.v) if callback_data.v.isdigit() else 0
        await _edit(message, *await _people_view(webinar, page, webinars, l10n))
        return
    if action == "xl":
        await _export(query, message, webinar, webinars, clock, zone, l10n)
        return
    if action == "del":
        if webinar.status != "scheduled" or webinars.has_started(webinar):
            await card(toast=l10n("webinar-error-started"))
            return
        await query.answer()
        counts = await webinars.counts(webinar)
        await _edit(
            message,
            l10n(
                "webinar-cancel-confirm",
                title=html.escape(webinar.title(l10n.locale)),
                count=counts.registered + counts.waiting,
            ),
            _kb(
                [_btn(l10n("webinar-cancel-yes"), "dely", webinar.id)],
                [_btn(l10n("button-back"), "c", webinar.id)],
            ),
        )
        return
    if action == "dely":
        try:
            await webinars.cancel_webinar(webinar.id, access.user_id)
        except WebinarError as exc:
            await card(toast=l10n(exc.key))
            return
        await card(notice=l10n("webinar-cancelled-done"), toast=l10n("webinar-cancelled-done"))
        return
    if action == "edit":
        if webinar.status != "scheduled":
            await card(toast=l10n("webinar-error-cancelled"))
            return
        await _leave_flow(state)
        await query.answer()
        await _edit(message, *_fields_view(webinar.id, l10n))
        return
    if action == "ef":
        field = callback_data.v
        if field not in (*FIELDS, "recording_url") or webinar.status != "scheduled":
            await query.answer(l10n("button-stale"), show_alert=True)
            return
        if field == "recording_url" and not webinars.has_started(webinar):
            await card(toast=l10n("webinar-error-not-started"))
            return
        await query.answer()
        await state.set_state(WebinarFlow.field)
        current = _draft_of(webinar)
        await state.update_data(wb_field=field, wb_id=webinar.id, wb_draft=current)
        await _edit(message, *_field_prompt(field, current, catalogue, access, l10n, editing=True))
        return
    await query.answer(l10n("button-stale"), show_alert=True)


async def _leave_flow(state: FSMContext) -> None:
    await leave_flow(state, WebinarFlow)


async def _export(
    query: CallbackQuery,
    message: Message,
    webinar: Webinar,
    webinars: WebinarService,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    people = await webinars.registrants(webinar)
    if not people:
        await query.answer(l10n("webinar-export-empty"), show_alert=True)
        return
    await query.answer(l10n("webinar-export-wait"))
    data = await asyncio.to_thread(build_registrants_workbook, webinar, people, l10n, zone)
    today = clock.now().astimezone(zone).date()
    await message.answer_document(
        BufferedInputFile(data, filename=f"webinar-{webinar.id}-{today.isoformat()}.xlsx"),
        caption=l10n(
            "webinar-export-caption",
            title=html.escape(_cut(webinar.title(l10n.locale), 80)),
            count=len(people),
        ),
    )


# -- the wizard: creating and editing -------------------------------------------------------------


def _draft_of(webinar: Webinar) -> dict[str, Any]:
    return {
        "title_kk": webinar.title_kk,
        "title_ru": webinar.title_ru,
        "description_kk": webinar.description_kk,
        "description_ru": webinar.description_ru,
        "speaker": webinar.speaker,
        "starts_at": to_db(webinar.starts_at),
        "duration_min": webinar.duration_min,
        "language": webinar.language,
        "capacity": webinar.capacity,
        "join_url": webinar.join_url,
        "program": webinar.program or "",
        "questions": list(webinar.questions),
        "recording_url": webinar.recording_url,
        "id": webinar.id,
    }


def _fields_view(webinar_id: int, l10n: Translator) -> tuple[str, InlineKeyboardMarkup]:
    buttons = [_btn(l10n("webinar-field-name", field=f), "ef", webinar_id, v=f) for f in FIELDS]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_btn(l10n("button-back"), "c", webinar_id)])
    return l10n("webinar-edit-choose"), _kb(*rows)


def _field_prompt(
    field: str,
    draft: dict[str, Any],
    catalogue: Catalogue,
    access: Access,
    l10n: Translator,
    *,
    editing: bool,
    error: str | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [f"⚠️ {error}", ""] if error else []
    if editing:
        lines.append(l10n("webinar-ask-edit"))
    else:
        lines.append(l10n("webinar-step", step=FIELDS.index(field) + 1, steps=len(FIELDS)))
    lines.append(l10n("webinar-ask", field=field))
    rows: list[list[InlineKeyboardButton]] = []

    def wz(label: str, value: str) -> InlineKeyboardButton:
        return _btn(label, "wz", v=f"{field}={value}")

    if field in OPTIONAL_FIELDS:
        rows.append([wz(l10n("webinar-skip-button"), "-")])
    elif field == "duration_min":
        rows.append([wz(l10n("webinar-minutes", minutes=m), str(m)) for m in DURATIONS])
    elif field == "language":
        rows.append([wz(l10n("webinar-language-name", language=code), code) for code in LANGUAGES])
    elif field == "capacity":
        rows.append([wz(l10n("webinar-capacity-none"), "-")])
    elif field == "program":
        for code in program_choices(access, catalogue):
            program = catalogue.get(code) if code else None
            label = program.name(l10n.locale) if program else l10n("webinar-no-program")
            rows.append([wz(label, code or "-")])
    elif field == "questions":
        chosen = set(draft.get("questions") or [])
        for q in QUESTIONS:
            mark = "✅" if q in chosen else "▫️"
            rows.append([wz(f"{mark} {l10n('webinar-question-name', question=q)}", q)])
        rows.append([wz(l10n("webinar-done-button"), "done")])
    if editing:
        rows.append([_btn(l10n("button-back"), "c", int(draft.get("id") or 0))])
    else:
        # Back: the step before (the answers are kept), or the summary when it came from there.
        last = [_btn(l10n("button-cancel"), "stop")]
        if FIELDS.index(field) > 0:
            last.insert(0, _btn(l10n("button-back"), "prev", v=field))
        rows.append(last)
    return "\n".join(lines), _kb(*rows)


def _summary_view(
    draft: dict[str, Any], catalogue: Catalogue, l10n: Translator, zone: ZoneInfo
) -> tuple[str, InlineKeyboardMarkup]:
    starts = from_db(draft.get("starts_at"))
    program = catalogue.get(draft.get("program") or "")
    capacity = draft.get("capacity")
    lines = [
        l10n("webinar-summary-title"),
        f"<b>{html.escape(draft['title_kk'])}</b>",
        f"<b>{html.escape(draft['title_ru'])}</b>",
        l10n(
            "webinar-card-when",
            when=format_datetime(starts, l10n.locale, zone) if starts else "—",
            minutes=int(draft["duration_min"]),
        ),
        l10n("webinar-card-speaker", speaker=html.escape(draft["speaker"])),
        l10n("webinar-card-language", language=draft["language"]),
        l10n(
            "webinar-admin-program",
            program=html.escape(program.name(l10n.locale))
            if program
            else l10n("webinar-no-program"),
        ),
        l10n("webinar-summary-capacity", capacity=str(capacity) if capacity else "∞"),
        l10n("webinar-admin-questions", questions=_questions_text(draft["questions"], l10n)),
        l10n("webinar-admin-link", link=html.escape(draft["join_url"])),
    ]
    for key in ("description_kk", "description_ru"):
        if draft.get(key):
            lines += ["", html.escape(_cut(draft[key], 400))]
    fields = [_btn(l10n("webinar-field-name", field=f), "sum", v=f) for f in FIELDS]
    rows = [[_btn(l10n("webinar-create-button"), "mk")]]
    rows += [fields[i : i + 3] for i in range(0, len(fields), 3)]
    rows.append([_btn(l10n("button-cancel"), "stop")])
    return "\n".join(lines), _kb(*rows)


def _parse_field(
    field: str, text: str, clock: Clock, zone: ZoneInfo
) -> tuple[Any, str | None, dict[str, Any]]:
    """(value, error key, error args) for a typed answer."""
    if field in TEXT_LIMITS:
        if not text:
            return None, "webinar-answer-text", {}
        if len(text) > TEXT_LIMITS[field]:
            return None, "webinar-text-too-long", {"max": TEXT_LIMITS[field]}
        return text, None, {}
    if field == "starts_at":
        parsed = parse_local_time(text, clock.now(), zone)
        if isinstance(parsed, str):
            return None, WHEN_KEYS.get(parsed, "webinar-when-invalid"), {}
        return to_db(parsed), None, {}
    if field == "duration_min":
        minutes = parse_duration(text)
        if minutes is None:
            return None, "webinar-error-duration", {}
        return minutes, None, {}
    if field == "capacity":
        seats = parse_capacity(text)
        if isinstance(seats, str):
            return None, seats, {}
        return seats, None, {}
    if field in ("join_url", "recording_url"):
        link = parse_link(text)
        if link is None:
            return None, "webinar-error-link", {}
        return link, None, {}
    return None, "webinar-use-buttons", {}


@router.message(WebinarFlow.field)
@router.message(WebinarFlow.summary)
async def field_given(
    message: Message,
    state: FSMContext,
    access: Access,
    webinars: WebinarService,
    catalogue: Catalogue,
    translations: Translations,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
    bot: Bot,
) -> None:
    if is_elsewhere(message.text, translations):
        await state.set_state(None)
        raise SkipHandler
    if not access.is_coordinator:
        await state.clear()
        await message.answer(l10n("access-denied"))
        return
    data = await state.get_data()
    draft = dict(data.get("wb_draft") or {})
    if await state.get_state() == WebinarFlow.summary.state:
        text, kb = _summary_view(draft, catalogue, l10n, zone)
        await message.answer(l10n("webinar-use-buttons") + "\n\n" + text, reply_markup=kb)
        return
    field = str(data.get("wb_field") or "")
    editing = bool(data.get("wb_id"))
    value, error, args = _parse_field(field, (message.text or "").strip(), clock, zone)
    if error is not None:
        text, kb = _field_prompt(
            field,
            {**draft, "id": data.get("wb_id")},
            catalogue,
            access,
            l10n,
            editing=editing,
            error=l10n(error, **args),
        )
        await message.answer(text, reply_markup=kb)
        return
    await _field_done(
        message,
        field,
        value,
        state,
        access,
        webinars,
        catalogue,
        clock,
        zone,
        l10n,
        bot,
        edit=False,
    )


async def _field_done(
    message: Message,
    field: str,
    value: Any,
    state: FSMContext,
    access: Access,
    webinars: WebinarService,
    catalogue: Catalogue,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
    bot: Bot,
    *,
    edit: bool,
) -> str | None:
    """A valid value for `field`: the next step, the summary, or (editing) the saved webinar.
    Returns a toast for a button press."""
    data = await state.get_data()
    draft = dict(data.get("wb_draft") or {})
    draft[field] = value
    webinar_id = int(data.get("wb_id") or 0)

    async def show(text: str, kb: InlineKeyboardMarkup) -> None:
        await _show(message, text, kb, edit=edit)

    if webinar_id:
        webinar = await webinars.repo.get(webinar_id)
        if webinar is None or not may_manage(access, webinar):
            await state.set_state(None)
            await show(l10n("access-denied"), _kb())
            return None
        try:
            if field == "recording_url":
                await webinars.set_recording(webinar_id, value, access.user_id)
            else:
                await webinars.edit(webinar_id, access.user_id, **{field: _typed(field, value)})
        except WebinarError as exc:
            text, kb = _field_prompt(
                field,
                {**draft, "id": webinar_id},
                catalogue,
                access,
                l10n,
                editing=True,
                error=l10n(exc.key),
            )
            await show(text, kb)
            return None
        await state.set_state(None)
        await state.update_data(wb_field=None, wb_id=None, wb_draft=None)
        fresh = await webinars.repo.require(webinar_id)
        await show(
            *await _admin_card(
                fresh, webinars, catalogue, l10n, zone, bot, notice=l10n("webinar-saved")
            )
        )
        return l10n("webinar-saved")
    await state.update_data(wb_draft=draft)
    missing = [f for f in FIELDS if f not in draft]
    if missing and not data.get("wb_review"):
        await state.update_data(wb_field=missing[0])
        await show(*_field_prompt(missing[0], draft, catalogue, access, l10n, editing=False))
        return None
    await state.set_state(WebinarFlow.summary)
    await state.update_data(wb_review=True, wb_field=None)
    await show(*_summary_view(draft, catalogue, l10n, zone))
    return None


def _typed(field: str, value: Any) -> Any:
    """A draft value (JSON in the FSM) as the webinar column wants it."""
    if field == "starts_at":
        return from_db(value)
    if field == "program":
        return value or None
    if field == "questions":
        return tuple(q for q in QUESTIONS if q in (value or []))
    return value


async def _wizard_button(
    query: CallbackQuery,
    message: Message,
    callback_data: WebinarCb,
    state: FSMContext,
    access: Access,
    webinars: WebinarService,
    catalogue: Catalogue,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    action = callback_data.action
    current = await state.get_state()
    data = await state.get_data()
    draft = dict(data.get("wb_draft") or {})
    bot = message.bot
    assert bot is not None
    if action == "new":
        if not program_choices(access, catalogue):
            await query.answer(l10n("access-denied"), show_alert=True)
            return
        await query.answer()
        await state.set_state(WebinarFlow.field)
        await state.update_data(wb_field=FIELDS[0], wb_id=None, wb_draft={}, wb_review=False)
        await _edit(message, *_field_prompt(FIELDS[0], {}, catalogue, access, l10n, editing=False))
        return
    if action == "stop":
        await _leave_flow(state)
        await state.update_data(wb_draft=None, wb_field=None, wb_id=None)
        await query.answer(l10n("webinar-wizard-cancelled"))
        await _edit(message, *await _manage_view(access, webinars, catalogue, l10n, zone))
        return
    if action == "sum" and current == WebinarFlow.summary.state and callback_data.v in FIELDS:
        await query.answer()
        await state.set_state(WebinarFlow.field)
        await state.update_data(wb_field=callback_data.v)
        await _edit(
            message,
            *_field_prompt(callback_data.v, draft, catalogue, access, l10n, editing=False),
        )
        return
    if action == "prev" and current == WebinarFlow.field.state and callback_data.v in FIELDS:
        index = FIELDS.index(callback_data.v)
        if callback_data.v != data.get("wb_field") or (index == 0 and not data.get("wb_review")):
            await query.answer(l10n("button-stale"), show_alert=True)
            return
        await query.answer()
        if data.get("wb_review"):  # a field opened from the summary: back to it
            await state.set_state(WebinarFlow.summary)
            await state.update_data(wb_field=None)
            await _edit(message, *_summary_view(draft, catalogue, l10n, zone))
            return
        await state.update_data(wb_field=FIELDS[index - 1])
        await _edit(
            message,
            *_field_prompt(FIELDS[index - 1], draft, catalogue, access, l10n, editing=False),
        )
        return
    if action == "mk" and current == WebinarFlow.summary.state:
        await _create(query, message, draft, state, access, webinars, catalogue, zone, l10n, bot)
        return
    field, _, value = callback_data.v.partition("=")
    if action != "wz" or current != WebinarFlow.field.state or field != data.get("wb_field"):
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    parsed: Any
    if field in OPTIONAL_FIELDS and value == "-":
        parsed = ""
    elif field == "duration_min" and value.isdigit() and int(value) in DURATIONS:
        parsed = int(value)
    elif field == "language" and value in LANGUAGES:
        parsed = value
    elif field == "capacity" and value == "-":
        parsed = None
    elif field == "program" and (value if value != "-" else None) in program_choices(
        access, catalogue
    ):
        parsed = "" if value == "-" else value
    elif field == "questions" and value in QUESTIONS:
        chosen = list(draft.get("questions") or [])
        chosen = [q for q in chosen if q != value] if value in chosen else [*chosen, value]
        draft["questions"] = [q for q in QUESTIONS if q in chosen]
        await state.update_data(wb_draft=draft)
        await query.answer()
        editing = bool(data.get("wb_id"))
        await _edit(
            message,
            *_field_prompt(
                field,
                {**draft, "id": data.get("wb_id")},
                catalogue,
                access,
                l10n,
                editing=editing,
            ),
        )
        return
    elif field == "questions" and value == "done":
        parsed = list(draft.get("questions") or [])
    else:
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    toast = await _field_done(
        message,
        field,
        parsed,
        state,
        access,
        webinars,
        catalogue,
        clock,
        zone,
        l10n,
        bot,
        edit=True,
    )
    await query.answer(toast)


async def _create(
    query: CallbackQuery,
    message: Message,
    draft: dict[str, Any],
    state: FSMContext,
    access: Access,
    webinars: WebinarService,
    catalogue: Catalogue,
    zone: ZoneInfo,
    l10n: Translator,
    bot: Bot,
) -> None:
    starts = from_db(draft.get("starts_at"))
    program = draft.get("program") or None
    if starts is None or any(f not in draft for f in FIELDS):
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    if program not in program_choices(access, catalogue):
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    problem = check_start(starts, webinars.now())
    if problem is not None:
        await query.answer(l10n(problem), show_alert=True)
        await state.set_state(WebinarFlow.field)
        await state.update_data(wb_field="starts_at")
        await _edit(
            message,
            *_field_prompt(
                "starts_at", draft, catalogue, access, l10n, editing=False, error=l10n(problem)
            ),
        )
        return
    new = NewWebinar(
        title_kk=draft["title_kk"],
        title_ru=draft["title_ru"],
        description_kk=draft["description_kk"],
        description_ru=draft["description_ru"],
        speaker=draft["speaker"],
        starts_at=starts,
        duration_min=int(draft["duration_min"]),
        language=draft["language"],
        capacity=draft["capacity"],
        join_url=draft["join_url"],
        program=program,
        questions=_typed("questions", draft["questions"]),
    )
    try:
        webinar = await webinars.create(new, access.user_id)
    except WebinarError as exc:
        await query.answer(l10n(exc.key), show_alert=True)
        return
    await state.set_state(None)
    await state.update_data(wb_draft=None, wb_field=None, wb_review=None)
    await query.answer(l10n("webinar-created"))
    await _edit(
        message,
        *await _admin_card(
            webinar, webinars, catalogue, l10n, zone, bot, notice=l10n("webinar-created")
        ),
    )
