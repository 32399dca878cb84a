"""The confirm card: send now, or choose a time (one tap or typed) and confirm it; a paid
broadcast; saving the broadcast (a new one, or the scheduled one being changed)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

import handlers.broadcasts.common as bc
from bot.broadcasts.service import moment_from_button, parse_local_time, tomorrow_at
from bot.core.clock import utc_text
from bot.telegram.callbacks import BroadcastAction, BroadcastActionCb, BroadcastCb, BroadcastStep
from bot.telegram.screens import Screen, button, keyboard, show
from handlers.broadcasts.common import STAFF, WIZARD, Ctx, on_step, remember_card
from handlers.broadcasts.views import confirm_view, list_view, when_view
from handlers.states import BroadcastFlow

router = Router(name=__name__)


async def _confirm_at(ctx: Ctx, moment: datetime) -> Screen:
    """A time is chosen: back on the confirm card, which now confirms it."""
    await ctx.state.update_data(bc_at=utc_text(moment))
    await WIZARD.go(ctx.state, "confirm")
    return await confirm_view(await ctx.state.get_data(), ctx)


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.when), BroadcastFlow.confirm)
async def ask_time(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await WIZARD.advance(ctx.state, "confirm")
    await show(message, when_view(ctx))


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.back), BroadcastFlow.when)
async def back_to_card(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    _, data = await WIZARD.back(ctx.state, "when")
    await show(message, await confirm_view(data, ctx))


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.tomorrow), BroadcastFlow.when)
async def tomorrow(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    moment = tomorrow_at(ctx.clock.now(), ctx.broadcasts.zone)
    await show(message, await _confirm_at(ctx, moment))


@router.callback_query(BroadcastActionCb.filter(F.action == BroadcastAction.at))
async def time_tapped(query: CallbackQuery, callback_data: BroadcastActionCb, ctx: Ctx) -> None:
    found = await on_step(query, ctx, "when")
    if found is None:
        return
    message, _ = found
    moment = moment_from_button(callback_data.value, ctx.broadcasts.now())
    if isinstance(moment, str):
        await query.answer(ctx.l10n(moment), show_alert=True)
        await show(message, when_view(ctx))
        return
    await query.answer()
    await show(message, await _confirm_at(ctx, moment))


@router.message(BroadcastFlow.when, flags=STAFF)
async def time_given(message: Message, ctx: Ctx) -> None:
    parsed = parse_local_time(message.text or "", ctx.clock.now(), ctx.broadcasts.zone)
    if isinstance(parsed, str):
        text, kb = when_view(ctx)
        sent = await message.answer(ctx.l10n(parsed) + "\n\n" + text, reply_markup=kb)
        await remember_card(ctx.state, sent)
        return
    text, kb = await _confirm_at(ctx, parsed)
    await remember_card(ctx.state, await message.answer(text, reply_markup=kb))


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.paid), BroadcastFlow.confirm)
async def toggle_paid(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    if not (ctx.settings.paid_broadcast_rate and ctx.access.manages_roles):
        await query.answer(ctx.l10n("access-denied"), show_alert=True)
        return
    await query.answer()
    paid = not (await ctx.state.get_data()).get("bc_paid")
    await show(message, await confirm_view(await ctx.state.update_data(bc_paid=paid), ctx))


# -- saving -------------------------------------------------------------------------------------


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.now), BroadcastFlow.confirm)
@router.callback_query(
    BroadcastCb.filter(F.action == BroadcastStep.confirm), BroadcastFlow.confirm
)
async def save(
    query: CallbackQuery, callback_data: BroadcastCb, message: Message, ctx: Ctx
) -> None:
    """«Send now», or confirming the time chosen."""
    data = await ctx.state.get_data()
    at = bc.moment_of(data)
    if callback_data.action == BroadcastStep.now:
        at = None
    elif at is None:  # a card that offered «send now»: this button was never on it
        await query.answer(ctx.l10n("button-stale"), show_alert=True)
        return
    await _save(query, message, data, at, ctx)


async def _save(
    query: CallbackQuery, message: Message, data: dict[str, Any], at: datetime | None, ctx: Ctx
) -> None:
    """Save the broadcast: it starts now (`at=None`) or is scheduled; a scheduled one being
    changed is saved only if it has not started meanwhile."""
    access, audience, broadcasts, l10n = ctx.access, ctx.audience, ctx.broadcasts, ctx.l10n
    criteria = bc.criteria_of(data)
    if not await bc.allowed(query, ctx, criteria, stage=" at sending"):
        return
    if at is not None and at <= ctx.clock.now():
        await WIZARD.go(ctx.state, "when")
        await query.answer(l10n("broadcast-when-past"), show_alert=True)
        await show(message, when_view(ctx))
        return
    if not sum((await audience.count_by_language(criteria, access)).values()):
        await query.answer(l10n("broadcast-audience-empty"), show_alert=True)
        return
    await WIZARD.leave(ctx.state)
    editing = data.get("bc_edit")
    content, paid = bc.content_of(data), bool(data.get("bc_paid"))
    progress = (message.chat.id, message.message_id)
    if editing:
        edited = await broadcasts.edit(
            int(editing), access, content, criteria, at=at, paid=paid, progress=progress
        )
        if edited is None:
            await query.answer(l10n("broadcast-edit-too-late"), show_alert=True)
            await show(message, await list_view(ctx))
            return
        broadcast = edited
    else:
        broadcast = await broadcasts.create(
            access.user_id, content, criteria, at=at, paid=paid, progress=progress
        )
    bc.log.info("user %s saved broadcast %d (%s)", access.user_id, broadcast.id, broadcast.status)
    if broadcast.status == "scheduled":
        await query.answer(l10n("broadcast-scheduled-ok"))
        stop = BroadcastCb(action=BroadcastStep.stop, value=str(broadcast.id))
        await message.edit_text(
            l10n(
                "broadcast-edited" if editing else "broadcast-scheduled",
                id=str(broadcast.id),
                when=broadcasts.local_time(broadcast.scheduled_at, l10n.locale),
            ),
            reply_markup=keyboard([button(l10n("broadcast-cancel-button"), stop)]),
        )
        return
    await query.answer(l10n("broadcast-started"))
    await broadcasts.show_progress(ctx.bot, broadcast)
