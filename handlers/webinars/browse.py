"""Finding webinars: /webinars and «📅 Webinars» (the upcoming ones), «My webinars», and a link
`?start=w_<id>` to a webinar's card."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.core.i18n import Translator
from bot.telegram.callbacks import WebinarAction, WebinarCb
from bot.telegram.menu import MenuButton
from bot.webinars.service import WebinarService
from handlers.webinars.common import Ctx, ParticipantGuard, TypedCtx, leave
from handlers.webinars.views import card_view, list_view, mine_view

router = Router(name=__name__)
router.message.middleware(TypedCtx(flows=False))
router.callback_query.middleware(ParticipantGuard(load=False))


@router.message(Command("webinars"))
@router.message(MenuButton("menu-webinars"))
async def show_list(message: Message, ctx: Ctx) -> None:
    await leave(ctx.state)
    await ctx.put(await list_view(ctx))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.upcoming))
async def upcoming(query: CallbackQuery, ctx: Ctx) -> None:
    await query.answer()
    await ctx.put(await list_view(ctx))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.mine))
async def mine(query: CallbackQuery, ctx: Ctx) -> None:
    await query.answer()
    await ctx.put(await mine_view(ctx))


async def open_link(message: Message, value: str, data: dict[str, Any]) -> None:
    """`?start=w_<id>`: the webinar's card (a link on a program's site or in a broadcast)."""
    l10n: Translator = data["l10n"]
    webinars: WebinarService = data["webinars"]
    webinar = await webinars.get(int(value)) if value.isdigit() else None
    if webinar is None:
        await message.answer(l10n("webinar-error-not-found"))
        return
    ctx = Ctx.of(message, data, edit=False)
    await ctx.put(await card_view(webinar, ctx))
