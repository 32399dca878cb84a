"""The cohorts a coordinator or trainer sees: /cohorts, the menu item, the list's pages."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.telegram.callbacks import CohortAction as A
from bot.telegram.callbacks import CohortCb
from bot.telegram.menu import MenuButton
from bot.telegram.screens import send, show
from handlers.training.cohorts.common import LISTING, NOTHING, Ctx, leave
from handlers.training.cohorts.views import list_view

router = Router(name=__name__)


@router.message(Command("cohorts"))
@router.message(MenuButton("menu-cohorts"))
async def show_list(message: Message, ctx: Ctx) -> None:
    if not ctx.access.is_staff:
        await message.answer(ctx.l10n("access-denied"))
        return
    await leave(ctx.state)
    await send(message, await list_view(ctx))


@router.callback_query(CohortCb.filter(F.action == A.noop), flags=NOTHING)
async def page_number(query: CallbackQuery) -> None:
    """The pager's page number: nothing to change."""
    await query.answer()


@router.callback_query(CohortCb.filter(F.action == A.page), flags=LISTING)
async def list_page(
    query: CallbackQuery, callback_data: CohortCb, message: Message, ctx: Ctx
) -> None:
    await query.answer()
    page = int(callback_data.value) if callback_data.value.isdigit() else 0
    await show(message, await list_view(ctx, page))
