"""A participant's buttons on a webinar: its card, cancelling (or leaving the waiting list), the
calendar file, «I'm here» from the start reminder or the card, and a 1–5 rating with a comment
afterwards. Each acts on the presser's own registration only."""

from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.core.catalogue import Catalogue
from bot.core.clock import Clock
from bot.core.i18n import Translations, Translator
from bot.core.people import User
from bot.telegram.callbacks import WebinarAction, WebinarCb
from bot.telegram.menu import is_elsewhere
from bot.telegram.screens import button, cut, keyboard, show
from bot.webinars.rules import COMMENT_MAX, WebinarError
from bot.webinars.service import Webinar, WebinarService
from handlers.webinars.common import ParticipantGuard, WebinarFlow, confirm, log
from handlers.webinars.views import card_view, send_ics

router = Router(name=__name__)
router.callback_query.middleware(ParticipantGuard(load=True))


async def _card(
    query: CallbackQuery,
    message: Message,
    webinar: Webinar,
    user: User,
    webinars: WebinarService,
    catalogue: Catalogue,
    zone: ZoneInfo,
    l10n: Translator,
    *,
    notice: str | None = None,
    toast: str | None = None,
) -> None:
    """The webinar's card in place, with a notice on it and a toast."""
    await query.answer(toast)
    await show(
        message, await card_view(webinar, user.id, webinars, catalogue, l10n, zone, notice=notice)
    )


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.card))
async def card(
    query: CallbackQuery,
    message: Message,
    webinar: Webinar,
    user: User,
    webinars: WebinarService,
    catalogue: Catalogue,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    await _card(query, message, webinar, user, webinars, catalogue, zone, l10n)


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.unregister))
async def unregister(
    query: CallbackQuery,
    message: Message,
    webinar: Webinar,
    user: User,
    webinars: WebinarService,
    catalogue: Catalogue,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    reg = await webinars.registration(webinar.id, user.id)
    if reg is None or not reg.active:
        toast = l10n("webinar-error-not-registered")
        await _card(query, message, webinar, user, webinars, catalogue, zone, l10n, toast=toast)
        return
    await query.answer()
    key = (
        "webinar-unregister-confirm"
        if reg.status == "registered"
        else "webinar-leave-waiting-confirm"
    )
    await show(
        message,
        confirm(
            l10n,
            l10n(key, title=html.escape(webinar.title(l10n.locale))),
            "webinar-unregister-yes",
            WebinarCb(action=WebinarAction.unregister_yes, w=webinar.id),
            WebinarCb(action=WebinarAction.card, w=webinar.id),
        ),
    )


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.unregister_yes))
async def unregister_yes(
    query: CallbackQuery,
    message: Message,
    webinar: Webinar,
    user: User,
    webinars: WebinarService,
    catalogue: Catalogue,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    try:
        await webinars.cancel_registration(webinar.id, user.id)
    except WebinarError as exc:
        toast = l10n(exc.key)
        await _card(query, message, webinar, user, webinars, catalogue, zone, l10n, toast=toast)
        return
    done = l10n("webinar-unregistered")
    await _card(
        query, message, webinar, user, webinars, catalogue, zone, l10n, notice=done, toast=done
    )


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.calendar))
async def calendar(
    query: CallbackQuery,
    message: Message,
    webinar: Webinar,
    user: User,
    webinars: WebinarService,
    clock: Clock,
    l10n: Translator,
) -> None:
    if not webinars.may_have_calendar(webinar, await webinars.registration(webinar.id, user.id)):
        log.warning("user %s asked for the calendar of webinar %s", user.id, webinar.id)
        await query.answer(l10n("webinar-error-not-registered"), show_alert=True)
        return
    await query.answer()
    await send_ics(message, webinar, l10n, clock)


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.here))
async def here(
    query: CallbackQuery,
    callback_data: WebinarCb,
    message: Message,
    webinar: Webinar,
    user: User,
    webinars: WebinarService,
    catalogue: Catalogue,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    try:
        await webinars.mark_here(webinar.id, user.id)
    except WebinarError as exc:
        await query.answer(l10n(exc.key), show_alert=True)
        return
    thanks = l10n("webinar-here-thanks")
    if callback_data.v == "card":
        await _card(query, message, webinar, user, webinars, catalogue, zone, l10n, toast=thanks)
        return
    await query.answer(thanks, show_alert=True)
    await _drop_buttons(message)  # the reminder keeps its link, loses the button


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.rate))
async def rate(
    query: CallbackQuery,
    callback_data: WebinarCb,
    message: Message,
    webinar: Webinar,
    state: FSMContext,
    user: User,
    webinars: WebinarService,
    l10n: Translator,
) -> None:
    try:
        await webinars.rate(webinar.id, user.id, callback_data.r)
    except WebinarError as exc:
        await query.answer(l10n(exc.key), show_alert=True)
        return
    await query.answer()
    await state.set_state(WebinarFlow.comment)
    await state.update_data(wb_id=webinar.id)
    title = html.escape(webinar.title(l10n.locale))
    await show(
        message,
        (
            l10n("webinar-rated", rating=callback_data.r, title=title),
            keyboard([_no_comment(l10n, webinar.id)]),
        ),
    )


def _no_comment(l10n: Translator, webinar_id: int = 0) -> InlineKeyboardButton:
    return button(
        l10n("webinar-no-comment-button"),
        WebinarCb(action=WebinarAction.no_comment, w=webinar_id),
    )


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.no_comment))
async def no_comment(
    query: CallbackQuery, message: Message, state: FSMContext, l10n: Translator
) -> None:
    await state.set_state(None)
    await query.answer(l10n("webinar-comment-thanks"))
    await _drop_buttons(message)


async def _drop_buttons(message: Message) -> None:
    if message.reply_markup is not None:
        await message.edit_reply_markup(reply_markup=None)


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
        # Without the webinar on the button, as before (pressed, it answers «no such webinar»).
        await message.answer(
            l10n("webinar-answer-text"), reply_markup=keyboard([_no_comment(l10n)])
        )
        return
    webinar_id = int((await state.get_data()).get("wb_id") or 0)
    await state.set_state(None)
    try:
        await webinars.comment(webinar_id, user.id, cut(text, COMMENT_MAX))
    except WebinarError as exc:
        await message.answer(l10n(exc.key))
        return
    await message.answer(l10n("webinar-comment-thanks"))
