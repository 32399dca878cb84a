"""Choosing a broadcast's audience: a filter's choices, picking one, and going on to the preview
and the confirm card. Every pick is checked against the sender's scope on the server."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message

import handlers.broadcasts.common as bc
from bot.broadcasts.service import send_version
from bot.telegram.callbacks import BroadcastCb, BroadcastStep
from bot.telegram.screens import keyboard, show
from handlers.broadcasts.common import STEPS, WIZARD, Ctx, remember_card
from handlers.broadcasts.views import audience_view, cancel_row, choices_view, confirm_view
from handlers.states import BroadcastFlow

router = Router(name=__name__)


@router.callback_query(
    BroadcastCb.filter(F.action == BroadcastStep.filter), BroadcastFlow.audience
)
async def open_filter(
    query: CallbackQuery, callback_data: BroadcastCb, message: Message, ctx: Ctx
) -> None:
    kind, _, page = callback_data.value.partition("=")
    view = await choices_view(ctx, kind, int(page) if page.isdigit() else 0)
    if view is None:
        await query.answer(ctx.l10n("button-stale"), show_alert=True)
        return
    await query.answer()
    await show(message, view)


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.pick), BroadcastFlow.audience)
async def pick(
    query: CallbackQuery, callback_data: BroadcastCb, message: Message, ctx: Ctx
) -> None:
    kind, _, value = callback_data.value.partition("=")
    criteria = bc.criteria_of(await ctx.state.get_data())
    updated = [c for c in criteria if c[0] != kind] + ([(kind, value)] if value else [])
    if not await bc.allowed(query, ctx, updated):
        return
    await query.answer()
    await ctx.state.update_data(bc_audience=[list(c) for c in updated])
    await show(message, await audience_view(ctx, updated))


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.next), BroadcastFlow.audience)
async def chosen(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    """On to the confirm card: first each version as its readers will get it (once: not again
    when coming back from the card)."""
    criteria = bc.criteria_of(await ctx.state.get_data())
    if not await bc.allowed(query, ctx, criteria):
        return
    counts = await ctx.audience.count_by_language(criteria, ctx.access)
    if not sum(counts.values()):
        await query.answer(ctx.l10n("broadcast-audience-empty"), show_alert=True)
        return
    await query.answer()
    _, data = await WIZARD.advance(ctx.state, "audience")
    text, kb = await confirm_view(data, ctx)
    if data.get("bc_previewed"):
        await message.edit_text(text, reply_markup=kb)
        return
    await message.edit_reply_markup(reply_markup=None)
    content = bc.content_of(data)
    for locale, version in (("kk", content.kk), ("ru", content.ru)):
        if version is None:
            continue
        preview = ctx.l10n("broadcast-preview", step=4, steps=STEPS, language=locale)
        await message.answer(preview)
        await send_version(ctx.bot, message.chat.id, version)
    await ctx.state.update_data(bc_previewed=True)
    await remember_card(ctx.state, await message.answer(text, reply_markup=kb))


@router.callback_query(
    BroadcastCb.filter(F.action == BroadcastStep.back),
    StateFilter(BroadcastFlow.audience, BroadcastFlow.confirm),
)
async def back_to_audience(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    """From a filter's choices, or from the confirm card."""
    await query.answer()
    await WIZARD.go(ctx.state, "audience")
    await show(message, await audience_view(ctx, bc.criteria_of(await ctx.state.get_data())))


@router.message(BroadcastFlow.audience)
@router.message(BroadcastFlow.confirm)
async def expects_button(message: Message, ctx: Ctx) -> None:
    await message.answer(
        ctx.l10n("broadcast-use-buttons"), reply_markup=keyboard(cancel_row(ctx.l10n))
    )
