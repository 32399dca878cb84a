"""Choosing a broadcast's audience: a filter's choices, picking one, and going on to the preview
and the confirm card. Every pick is checked against the sender's scope on the server."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.broadcasts.audience import Audience, AudienceError, Criterion
from bot.broadcasts.service import BroadcastService, send_version
from bot.core.access import Access
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.delivery.quiet_hours import QuietHours
from bot.telegram.callbacks import BroadcastCb, BroadcastStep
from bot.telegram.screens import keyboard, show
from handlers.broadcasts.common import (
    STEPS,
    WIZARD,
    content_of,
    criteria_of,
    log,
    remember_card,
)
from handlers.broadcasts.views import audience_view, cancel_row, choices_view, confirm_view
from handlers.states import BroadcastFlow

router = Router(name=__name__)


async def _allowed(
    query: CallbackQuery,
    access: Access,
    audience: Audience,
    criteria: list[Criterion],
    l10n: Translator,
) -> bool:
    """The criteria are within the sender's scope; else refused, the refusal logged."""
    try:
        await audience.check(access, criteria, l10n)
    except AudienceError as exc:
        log.warning("user %s: audience refused: %s", access.user_id, exc)
        await query.answer(l10n("broadcast-audience-refused"), show_alert=True)
        return False
    return True


@router.callback_query(
    BroadcastCb.filter(F.action == BroadcastStep.filter), BroadcastFlow.audience
)
async def open_filter(
    query: CallbackQuery,
    callback_data: BroadcastCb,
    access: Access,
    audience: Audience,
    l10n: Translator,
) -> None:
    assert isinstance(query.message, Message)
    kind, _, page = callback_data.value.partition("=")
    view = await choices_view(access, audience, kind, int(page) if page.isdigit() else 0, l10n)
    if view is None:
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    await query.answer()
    await query.message.edit_text(view[0], reply_markup=view[1])


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.pick), BroadcastFlow.audience)
async def pick(
    query: CallbackQuery,
    callback_data: BroadcastCb,
    access: Access,
    state: FSMContext,
    audience: Audience,
    l10n: Translator,
) -> None:
    assert isinstance(query.message, Message)
    kind, _, value = callback_data.value.partition("=")
    criteria = criteria_of(await state.get_data())
    updated = [c for c in criteria if c[0] != kind] + ([(kind, value)] if value else [])
    if not await _allowed(query, access, audience, updated, l10n):
        return
    await query.answer()
    await state.update_data(bc_audience=[list(c) for c in updated])
    text, kb = await audience_view(access, audience, updated, l10n)
    await query.message.edit_text(text, reply_markup=kb)


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.next), BroadcastFlow.audience)
async def chosen(
    query: CallbackQuery,
    access: Access,
    state: FSMContext,
    audience: Audience,
    broadcasts: BroadcastService,
    settings: Settings,
    quiet: QuietHours,
    l10n: Translator,
    bot: Bot,
) -> None:
    """On to the confirm card: first each version as its readers will get it (once: not again
    when coming back from the card)."""
    message = query.message
    assert isinstance(message, Message)
    criteria = criteria_of(await state.get_data())
    if not await _allowed(query, access, audience, criteria, l10n):
        return
    counts = await audience.count_by_language(criteria, access)
    if not sum(counts.values()):
        await query.answer(l10n("broadcast-audience-empty"), show_alert=True)
        return
    await query.answer()
    _, data = await WIZARD.advance(state, "audience")
    text, kb = await confirm_view(data, access, audience, broadcasts, settings, quiet, l10n)
    if data.get("bc_previewed"):
        await message.edit_text(text, reply_markup=kb)
        return
    await message.edit_reply_markup(reply_markup=None)
    content = content_of(data)
    for locale, version in (("kk", content.kk), ("ru", content.ru)):
        if version is None:
            continue
        await message.answer(l10n("broadcast-preview", step=4, steps=STEPS, language=locale))
        await send_version(bot, message.chat.id, version)
    await state.update_data(bc_previewed=True)
    await remember_card(state, await message.answer(text, reply_markup=kb))


@router.callback_query(
    BroadcastCb.filter(F.action == BroadcastStep.back),
    StateFilter(BroadcastFlow.audience, BroadcastFlow.confirm),
)
async def back_to_audience(
    query: CallbackQuery, access: Access, state: FSMContext, audience: Audience, l10n: Translator
) -> None:
    """From a filter's choices, or from the confirm card."""
    assert isinstance(query.message, Message)
    await query.answer()
    await WIZARD.go(state, "audience")
    text, kb = await audience_view(access, audience, criteria_of(await state.get_data()), l10n)
    await show(query.message, (text, kb))


@router.message(BroadcastFlow.audience)
@router.message(BroadcastFlow.confirm)
async def expects_button(message: Message, l10n: Translator) -> None:
    await message.answer(l10n("broadcast-use-buttons"), reply_markup=keyboard(cancel_row(l10n)))
