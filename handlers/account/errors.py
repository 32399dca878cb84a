"""Unhandled exceptions: logged with the update id, answered with a polite apology."""

from __future__ import annotations

import logging
from contextlib import suppress

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import ErrorEvent

from bot.core.i18n import Translations, Translator

log = logging.getLogger(__name__)
router = Router(name=__name__)


@router.errors()
async def on_error(
    event: ErrorEvent, bot: Bot, translations: Translations, l10n: Translator | None = None
) -> bool:
    update = event.update
    if isinstance(event.exception, TelegramForbiddenError):
        log.info("update %s: the user has blocked the bot", update.update_id)
        return True
    log.error("update %s failed", update.update_id, exc_info=event.exception)
    chat_id = None
    if update.message is not None:
        chat_id = update.message.chat.id
    elif update.callback_query is not None:
        chat_id = update.callback_query.from_user.id
        with suppress(TelegramAPIError):  # the query may already be answered
            await update.callback_query.answer()
    if chat_id is not None:
        translator = l10n or translations.get(None)
        try:
            await bot.send_message(chat_id, translator("error-generic"))
        except TelegramAPIError:
            log.warning("update %s: could not send the apology either", update.update_id)
    return True
