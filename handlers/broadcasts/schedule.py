"""The confirm card: send now, or choose a time (one tap or typed) and confirm it; a paid
broadcast; saving the broadcast (a new one, or the scheduled one being changed)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.broadcasts.audience import Audience, AudienceError
from bot.broadcasts.service import (
    BroadcastService,
    moment_from_button,
    parse_local_time,
    tomorrow_at,
)
from bot.core.access import Access
from bot.core.clock import Clock, utc_text
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.delivery.quiet_hours import QuietHours
from bot.telegram.callbacks import BroadcastAction, BroadcastActionCb, BroadcastCb, BroadcastStep
from bot.telegram.screens import Screen, button, keyboard
from handlers.broadcasts.common import (
    WIZARD,
    content_of,
    criteria_of,
    log,
    moment_of,
    on_card,
    remember_card,
)
from handlers.broadcasts.views import confirm_view, list_view, when_view
from handlers.states import BroadcastFlow

router = Router(name=__name__)


async def _confirm_at(
    state: FSMContext,
    moment: datetime,
    access: Access,
    audience: Audience,
    broadcasts: BroadcastService,
    settings: Settings,
    quiet: QuietHours,
    l10n: Translator,
) -> Screen:
    """A time is chosen: back on the confirm card, which now confirms it."""
    await state.update_data(bc_at=utc_text(moment))
    await WIZARD.go(state, "confirm")
    data = await state.get_data()
    return await confirm_view(data, access, audience, broadcasts, settings, quiet, l10n)


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.when), BroadcastFlow.confirm)
async def ask_time(
    query: CallbackQuery,
    state: FSMContext,
    broadcasts: BroadcastService,
    quiet: QuietHours,
    l10n: Translator,
) -> None:
    assert isinstance(query.message, Message)
    await query.answer()
    await WIZARD.advance(state, "confirm")
    text, kb = when_view(l10n, broadcasts, quiet)
    await query.message.edit_text(text, reply_markup=kb)


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.back), BroadcastFlow.when)
async def back_to_card(
    query: CallbackQuery,
    access: Access,
    state: FSMContext,
    audience: Audience,
    broadcasts: BroadcastService,
    settings: Settings,
    quiet: QuietHours,
    l10n: Translator,
) -> None:
    assert isinstance(query.message, Message)
    await query.answer()
    _, data = await WIZARD.back(state, "when")
    text, kb = await confirm_view(data, access, audience, broadcasts, settings, quiet, l10n)
    await query.message.edit_text(text, reply_markup=kb)


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.tomorrow), BroadcastFlow.when)
async def tomorrow(
    query: CallbackQuery,
    access: Access,
    state: FSMContext,
    audience: Audience,
    broadcasts: BroadcastService,
    settings: Settings,
    quiet: QuietHours,
    clock: Clock,
    l10n: Translator,
) -> None:
    assert isinstance(query.message, Message)
    await query.answer()
    moment = tomorrow_at(clock.now(), broadcasts.zone)
    screen = await _confirm_at(state, moment, access, audience, broadcasts, settings, quiet, l10n)
    await query.message.edit_text(screen[0], reply_markup=screen[1])


@router.callback_query(BroadcastActionCb.filter(F.action == BroadcastAction.at))
async def time_tapped(
    query: CallbackQuery,
    callback_data: BroadcastActionCb,
    access: Access,
    state: FSMContext,
    audience: Audience,
    broadcasts: BroadcastService,
    settings: Settings,
    quiet: QuietHours,
    l10n: Translator,
) -> None:
    message = query.message
    step, data = await WIZARD.at(state)
    if (
        not access.is_staff
        or step != "when"
        or not isinstance(message, Message)
        or not on_card(message, data)
    ):
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    moment = moment_from_button(callback_data.value, broadcasts.now())
    if isinstance(moment, str):
        await query.answer(l10n(moment), show_alert=True)
        text, kb = when_view(l10n, broadcasts, quiet)
        await message.edit_text(text, reply_markup=kb)
        return
    await query.answer()
    screen = await _confirm_at(state, moment, access, audience, broadcasts, settings, quiet, l10n)
    await message.edit_text(screen[0], reply_markup=screen[1])


@router.message(BroadcastFlow.when)
async def time_given(
    message: Message,
    access: Access,
    state: FSMContext,
    audience: Audience,
    broadcasts: BroadcastService,
    settings: Settings,
    quiet: QuietHours,
    clock: Clock,
    l10n: Translator,
) -> None:
    if not access.is_staff:
        await WIZARD.leave(state)
        await message.answer(l10n("access-denied"))
        return
    parsed = parse_local_time(message.text or "", clock.now(), broadcasts.zone)
    if isinstance(parsed, str):
        text, kb = when_view(l10n, broadcasts, quiet)
        sent = await message.answer(l10n(parsed) + "\n\n" + text, reply_markup=kb)
        await remember_card(state, sent)
        return
    screen = await _confirm_at(state, parsed, access, audience, broadcasts, settings, quiet, l10n)
    await remember_card(state, await message.answer(screen[0], reply_markup=screen[1]))


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.paid), BroadcastFlow.confirm)
async def toggle_paid(
    query: CallbackQuery,
    access: Access,
    state: FSMContext,
    audience: Audience,
    broadcasts: BroadcastService,
    settings: Settings,
    quiet: QuietHours,
    l10n: Translator,
) -> None:
    assert isinstance(query.message, Message)
    if not (settings.paid_broadcast_rate and access.manages_roles):
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    await query.answer()
    data = await state.update_data(bc_paid=not (await state.get_data()).get("bc_paid"))
    text, kb = await confirm_view(data, access, audience, broadcasts, settings, quiet, l10n)
    await query.message.edit_text(text, reply_markup=kb)


# -- saving -------------------------------------------------------------------------------------


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.now), BroadcastFlow.confirm)
async def send_now(
    query: CallbackQuery,
    access: Access,
    state: FSMContext,
    audience: Audience,
    broadcasts: BroadcastService,
    quiet: QuietHours,
    clock: Clock,
    l10n: Translator,
    bot: Bot,
) -> None:
    data = await state.get_data()
    await _save(query, data, None, access, state, audience, broadcasts, quiet, clock, l10n, bot)


@router.callback_query(
    BroadcastCb.filter(F.action == BroadcastStep.confirm), BroadcastFlow.confirm
)
async def confirm_time(
    query: CallbackQuery,
    access: Access,
    state: FSMContext,
    audience: Audience,
    broadcasts: BroadcastService,
    quiet: QuietHours,
    clock: Clock,
    l10n: Translator,
    bot: Bot,
) -> None:
    data = await state.get_data()
    at = moment_of(data)
    if at is None:  # a card that offered «send now»: this button was never on it
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    await _save(query, data, at, access, state, audience, broadcasts, quiet, clock, l10n, bot)


async def _save(
    query: CallbackQuery,
    data: dict[str, Any],
    at: datetime | None,
    access: Access,
    state: FSMContext,
    audience: Audience,
    broadcasts: BroadcastService,
    quiet: QuietHours,
    clock: Clock,
    l10n: Translator,
    bot: Bot,
) -> None:
    """Save the broadcast: it starts now (`at=None`) or is scheduled; a scheduled one being
    changed is saved only if it has not started meanwhile."""
    message = query.message
    assert isinstance(message, Message)
    criteria = criteria_of(data)
    try:
        await audience.check(access, criteria, l10n)
    except AudienceError as exc:
        log.warning("user %s: audience refused at sending: %s", access.user_id, exc)
        await query.answer(l10n("broadcast-audience-refused"), show_alert=True)
        return
    if at is not None and at <= clock.now():
        await WIZARD.go(state, "when")
        await query.answer(l10n("broadcast-when-past"), show_alert=True)
        text, kb = when_view(l10n, broadcasts, quiet)
        await message.edit_text(text, reply_markup=kb)
        return
    if not sum((await audience.count_by_language(criteria, access)).values()):
        await query.answer(l10n("broadcast-audience-empty"), show_alert=True)
        return
    await WIZARD.leave(state)
    editing = data.get("bc_edit")
    content, paid = content_of(data), bool(data.get("bc_paid"))
    progress = (message.chat.id, message.message_id)
    if editing:
        edited = await broadcasts.edit(
            int(editing), access, content, criteria, at=at, paid=paid, progress=progress
        )
        if edited is None:
            await query.answer(l10n("broadcast-edit-too-late"), show_alert=True)
            text, kb = await list_view(access, broadcasts, l10n)
            await message.edit_text(text, reply_markup=kb)
            return
        broadcast = edited
    else:
        broadcast = await broadcasts.create(
            access.user_id, content, criteria, at=at, paid=paid, progress=progress
        )
    log.info("user %s saved broadcast %d (%s)", access.user_id, broadcast.id, broadcast.status)
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
    await broadcasts.show_progress(bot, broadcast)
