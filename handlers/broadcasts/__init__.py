"""Coordinators' and trainers' announcements: compose (kk and ru), choose the audience, preview,
send now or schedule, watch progress, cancel; `/broadcasts` lists them.

One router for the feature, its parts included in order; its guard (`common.Guard`) re-checks
every button on the server before any handler runs.
"""

from __future__ import annotations

import contextlib

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from bot.core.i18n import Translator
from bot.telegram.callbacks import BroadcastCb
from bot.telegram.filters import PrivateChat
from handlers.broadcasts import audience, compose, manage, schedule
from handlers.broadcasts.common import CARD_BUTTONS, Guard, OldCard, Typed

cards = Router(name=f"{__name__}.cards")
rest = Router(name=f"{__name__}.rest")


@cards.callback_query(BroadcastCb.filter(F.action.in_(CARD_BUTTONS)), OldCard())
async def old_card(query: CallbackQuery, l10n: Translator) -> None:
    """A card of a wizard this person has since left (a second /broadcasts): out of date, and
    its buttons go."""
    await query.answer(l10n("button-stale"), show_alert=True)
    message = query.message
    if isinstance(message, Message) and message.reply_markup is not None:
        with contextlib.suppress(TelegramBadRequest):
            await message.edit_reply_markup(reply_markup=None)


@rest.callback_query(BroadcastCb.filter())
async def stale(query: CallbackQuery, l10n: Translator) -> None:
    """A button from a step the user has already left."""
    await query.answer(l10n("button-stale"), show_alert=True)


router = Router(name=__name__)
router.message.filter(PrivateChat())
router.callback_query.middleware(Guard())
router.message.middleware(Typed())
router.include_routers(
    manage.router,  # the list, stop, edit, the failed list
    cards,  # buttons of a card the wizard has moved on from
    compose.router,  # new, cancel, the kk and ru versions
    audience.router,  # the audience's filters, on to the confirm card
    schedule.router,  # send now, times, paid, saving
    rest,  # any other broadcast button: out of date
)
