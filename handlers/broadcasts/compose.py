"""Composing a broadcast: a new one begins, the Kazakh version, then the Russian one (each may be
skipped, or kept as it is when a scheduled broadcast is changed), and leaving the wizard."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.broadcasts.audience import Audience, AudienceError, Criterion
from bot.broadcasts.service import ContentProblem, version_from_message
from bot.core.access import Access
from bot.core.config import LOCALES
from bot.core.i18n import Translator
from bot.telegram.callbacks import BroadcastAction, BroadcastActionCb, BroadcastCb, BroadcastStep
from bot.telegram.screens import show
from handlers.broadcasts.common import (
    STAFF,
    WIZARD,
    Ctx,
    criteria_of,
    on_step,
    remember_card,
    retire_card,
)
from handlers.broadcasts.views import ask_content, audience_view, list_view
from handlers.states import BroadcastFlow

router = Router(name=__name__)


async def begin(
    message: Message,
    access: Access,
    state: FSMContext,
    audience: Audience,
    l10n: Translator,
    preset: Sequence[Criterion] = (),
) -> None:
    """The wizard's first step. `preset` criteria (a cohort card's «Write to the cohort») replace
    the defaults of their filters; every step checks them against the scope as usual."""
    try:
        criteria = await audience.defaults(access, l10n)
    except AudienceError:
        await message.edit_text(l10n("broadcast-no-cohorts"))
        return
    kinds = {kind for kind, _ in preset}
    criteria = [c for c in criteria if c[0] not in kinds] + list(preset)
    await retire_card(message, state)
    prefill = {
        "bc_kk": None,
        "bc_ru": None,
        "bc_audience": [list(c) for c in criteria],
        "bc_at": None,
        "bc_paid": False,
        "bc_previewed": False,
        "bc_msg": message.message_id,
    }
    await WIZARD.begin(state, prefill, at="kk")
    text, kb = ask_content("kk", l10n)
    await message.edit_text(text, reply_markup=kb)


_begin = begin  # the name training's cohort card imports


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.new))
async def new(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await begin(message, ctx.access, ctx.state, ctx.audience, ctx.l10n)


@router.callback_query(
    BroadcastCb.filter(F.action == BroadcastStep.cancel), StateFilter(BroadcastFlow)
)
async def cancel(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    editing = (await ctx.state.get_data()).get("bc_edit")
    await WIZARD.leave(ctx.state)
    await query.answer(ctx.l10n("broadcast-edit-cancelled" if editing else "broadcast-cancelled"))
    await show(message, await list_view(ctx))


# -- the versions -------------------------------------------------------------------------------


@router.message(BroadcastFlow.kk, flags=STAFF)
@router.message(BroadcastFlow.ru, flags=STAFF)
async def content_given(message: Message, ctx: Ctx) -> None:
    locale, data = await WIZARD.at(ctx.state)
    assert locale in LOCALES
    version = version_from_message(message)
    if isinstance(version, ContentProblem):
        text, kb = ask_content(locale, ctx.l10n, data)
        problem = ctx.l10n(version.key, **version.args) + "\n\n"
        await remember_card(ctx.state, await message.answer(problem + text, reply_markup=kb))
        return
    await ctx.state.update_data({f"bc_{locale}": version.to_json()})
    await after_content(message, locale, ctx)


@router.callback_query(
    BroadcastCb.filter((F.action == BroadcastStep.skip) & (F.value == "kk")), BroadcastFlow.kk
)
@router.callback_query(
    BroadcastCb.filter((F.action == BroadcastStep.skip) & (F.value == "ru")), BroadcastFlow.ru
)
async def skip(
    query: CallbackQuery, callback_data: BroadcastCb, message: Message, ctx: Ctx
) -> None:
    locale = callback_data.value
    await query.answer()
    await ctx.state.update_data({f"bc_{locale}": None})
    await message.edit_reply_markup(reply_markup=None)
    await after_content(message, locale, ctx)


@router.callback_query(BroadcastActionCb.filter(F.action == BroadcastAction.keep))
async def keep_version(query: CallbackQuery, callback_data: BroadcastActionCb, ctx: Ctx) -> None:
    """Editing a scheduled broadcast: this language's version stays as it is."""
    locale = callback_data.value
    step = locale if locale in LOCALES else ""  # no step is named so
    found = await on_step(query, ctx, step, editing=callback_data.broadcast)
    if found is None:
        return
    message, _ = found
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    await after_content(message, locale, ctx)


async def after_content(message: Message, locale: str, ctx: Ctx) -> None:
    """After the Kazakh version comes the Russian one; after that, the audience (back to the
    Kazakh one when both were skipped)."""
    l10n = ctx.l10n
    data = await ctx.state.get_data()
    if locale == "ru" and data.get("bc_kk") is None and data.get("bc_ru") is None:
        await WIZARD.go(ctx.state, "kk")
        text, kb = ask_content("kk", l10n, data)
        text = l10n("broadcast-content-none") + "\n\n" + text
    else:
        step, data = await WIZARD.advance(ctx.state, locale)
        if step == "ru":
            text, kb = ask_content("ru", l10n, data)
        else:
            text, kb = await audience_view(ctx, criteria_of(data))
    await remember_card(ctx.state, await message.answer(text, reply_markup=kb))
