"""The last router: what no feature understood gets a short hint and the menu, never silence."""

from __future__ import annotations

import logging
from contextlib import suppress

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.core.access import Access
from bot.core.i18n import Translator
from bot.core.people import User
from bot.telegram.filters import PrivateChat
from handlers.account.common import send_menu
from handlers.account.start import begin_onboarding

log = logging.getLogger(__name__)
router = Router(name=__name__)


def content_kind(message: Message) -> str:
    if message.text is not None:
        return "command" if message.text.startswith("/") else "text"
    for kind in (
        "sticker",
        "photo",
        "voice",
        "video",
        "video_note",
        "audio",
        "document",
        "location",
        "contact",
        "animation",
        "poll",
        "dice",
    ):
        if getattr(message, kind, None) is not None:
            return kind
    return "other"


@router.message(PrivateChat())
async def unknown_message(
    message: Message, user: User, state: FSMContext, l10n: Translator, access: Access
) -> None:
    if not user.onboarded:  # wrote without /start, or after erasing their data
        await begin_onboarding(message, state, l10n)
        return
    await send_menu(message, l10n, access, l10n("fallback-unknown", kind=content_kind(message)))


@router.callback_query()
async def stale_button(query: CallbackQuery, l10n: Translator, access: Access) -> None:
    """A button no handler accepts: from an old message, an earlier version, or forged. The
    person is told it is out of date and gets the current menu: never silence."""
    log.info("unhandled callback %r from %s", query.data, query.from_user.id)
    await query.answer(l10n("button-stale"), show_alert=True)
    if not isinstance(query.message, Message):
        return
    if query.message.reply_markup is not None:
        with suppress(TelegramBadRequest):  # already without buttons, or too old to edit
            await query.message.edit_reply_markup(reply_markup=None)
    await send_menu(query.message, l10n, access, l10n("menu-title"))
