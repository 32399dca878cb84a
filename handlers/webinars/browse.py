"""Finding webinars: /webinars and «📅 Webinars» (the upcoming ones), «My webinars», and a link
`?start=w_<id>` to a webinar's card."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.core.access import Access
from bot.core.i18n import Translator
from bot.core.people import User
from bot.telegram.callbacks import WebinarAction, WebinarCb
from bot.telegram.menu import MenuButton
from bot.telegram.screens import send, show
from bot.webinars.service import WebinarService
from handlers.webinars.common import ParticipantGuard, leave
from handlers.webinars.views import card_view, list_view, mine_view

router = Router(name=__name__)
router.callback_query.middleware(ParticipantGuard(load=False))


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
    await leave(state)
    await send(message, await list_view(webinars, access, l10n, zone))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.upcoming))
async def upcoming(
    query: CallbackQuery,
    message: Message,
    access: Access,
    webinars: WebinarService,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    await query.answer()
    await show(message, await list_view(webinars, access, l10n, zone))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.mine))
async def mine(
    query: CallbackQuery,
    message: Message,
    user: User,
    webinars: WebinarService,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    await query.answer()
    await show(message, await mine_view(user.id, webinars, l10n, zone))


async def open_link(message: Message, value: str, data: dict[str, Any]) -> None:
    """`?start=w_<id>`: the webinar's card (a link on a program's site or in a broadcast)."""
    l10n: Translator = data["l10n"]
    webinars: WebinarService = data["webinars"]
    webinar = await webinars.get(int(value)) if value.isdigit() else None
    if webinar is None:
        await message.answer(l10n("webinar-error-not-found"))
        return
    user: User = data["user"]
    screen = await card_view(webinar, user.id, webinars, data["catalogue"], l10n, data["zone"])
    await send(message, screen)
