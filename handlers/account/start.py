"""First contact: language, what the bot does, personal-data consent, then the menu.

Also `/start <payload>` deep links, and changing the language later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from aiogram import Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.text_decorations import html_decoration as hd

from bot.core.access import Access
from bot.core.config import LOCALES
from bot.core.i18n import Translations, Translator
from bot.core.people import People, Profile, User
from bot.telegram.callbacks import ConsentAnswer, ConsentCb, LanguageCb
from bot.telegram.deeplinks import DeepLinks
from bot.telegram.filters import PrivateChat
from bot.telegram.flows import Flows
from bot.telegram.guards import Guard, gathered
from bot.telegram.screens import button, keyboard
from handlers.account.common import language_kb, send_menu
from handlers.states import Onboarding

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(PrivateChat())

PENDING_LINK = "pending_deep_link"


@dataclass(frozen=True, slots=True)
class Ctx:
    """What the start handlers work with; `context` is all the handler data, as deep-link
    handlers and flows' resumers get it (a handler's named parameters are bound out of the
    data, so rebuilding it by hand would list them again, and drift)."""

    state: FSMContext
    user: User
    people: People
    deep_links: DeepLinks
    access: Access
    context: dict[str, Any]


class _Context(Guard):
    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        data["context"] = dict(data)
        data["ctx"] = gathered(Ctx, data)
        return True


router.message.middleware(_Context())
router.callback_query.middleware(_Context())


def consent_kb(l10n: Translator) -> InlineKeyboardMarkup:
    return keyboard(
        [button(l10n("consent-yes"), ConsentCb(answer=ConsentAnswer.yes))],
        [button(l10n("consent-later"), ConsentCb(answer=ConsentAnswer.later))],
    )


@router.message(CommandStart())
async def start(
    message: Message, command: CommandObject, profile: Profile, l10n: Translator, ctx: Ctx
) -> None:
    state, user, access = ctx.state, ctx.user, ctx.access
    payload = command.args.strip() if command.args else None
    if user.deleted_at is not None:
        user = await ctx.people.restore(profile)
    if not user.onboarded:
        await begin_onboarding(message, state, l10n, payload)
        return
    # /start leaves whatever flow the user was in; drafts are kept by their features.
    await state.set_state(None)
    if payload:
        await open_deep_link(message, payload, l10n, ctx, user)
        return
    await send_menu(
        message, l10n, access, l10n("start-welcome-back", name=hd.quote(user.first_name or ""))
    )


async def begin_onboarding(
    message: Message, state: FSMContext, l10n: Translator, payload: str | None = None
) -> None:
    """The language question; a deep-link payload waits until onboarding is finished."""
    await state.set_state(Onboarding.language)
    await state.update_data({PENDING_LINK: payload})
    await message.answer(l10n("lang-choose"), reply_markup=language_kb(l10n))


async def open_deep_link(
    message: Message, payload: str, l10n: Translator, ctx: Ctx, user: User
) -> None:
    """Route a payload to the feature that registered its prefix; unknown ones get the menu.
    `user` as the handler has just made them (restored, consented)."""
    route = ctx.deep_links.resolve(payload)
    if route is None:
        log.info("unknown deep-link payload from %s", message.chat.id)
        await send_menu(message, l10n, ctx.access, l10n("start-link-unknown"))
        return
    handler, value = route
    await handler(message, value, {**ctx.context, "user": user, "l10n": l10n})


@router.callback_query(LanguageCb.filter())
async def language_chosen(
    query: CallbackQuery,
    callback_data: LanguageCb,
    translations: Translations,
    flows: Flows,
    ctx: Ctx,
) -> None:
    state, user, access = ctx.state, ctx.user, ctx.access
    if callback_data.code not in LOCALES or not isinstance(query.message, Message):
        await query.answer(translations.get(user.language)("button-stale"), show_alert=True)
        return
    await ctx.people.set_language(user.id, callback_data.code)
    l10n = translations.get(callback_data.code)
    await query.answer()
    current = await state.get_state()
    if current == Onboarding.language.state:
        await state.set_state(Onboarding.consent)
        await query.message.edit_text(l10n("start-intro"), reply_markup=consent_kb(l10n))
        return
    await query.message.edit_text(l10n("lang-changed"))
    resume = flows.resumer(current)
    if current is None:
        await send_menu(query.message, l10n, access, l10n("menu-title"))
    elif resume is not None:  # the flow asks its current step again, in the new language
        await resume(query.message, {**ctx.context, "l10n": l10n, "user": user})
    else:
        await query.message.answer(l10n("lang-changed-in-flow"))


@router.callback_query(ConsentCb.filter())
async def consent_given(
    query: CallbackQuery, callback_data: ConsentCb, l10n: Translator, ctx: Ctx
) -> None:
    state, user, access = ctx.state, ctx.user, ctx.access
    await query.answer()
    if not isinstance(query.message, Message):
        return
    agreed = callback_data.answer == ConsentAnswer.yes
    if agreed:
        user = await ctx.people.consent(user.id, True)
    onboarding = await state.get_state() == Onboarding.consent.state
    payload = (await state.get_data()).get(PENDING_LINK) if onboarding else None
    if onboarding:
        await state.set_state(None)
        await state.update_data({PENDING_LINK: None})
    await query.message.edit_text(l10n("consent-thanks" if agreed else "consent-declined"))
    if payload:  # with the user as they are now: consent may just have changed
        await open_deep_link(query.message, payload, l10n, ctx, user)
        return
    await send_menu(query.message, l10n, access, l10n("menu-title"))


@router.message(Onboarding.language)
async def onboarding_language_again(message: Message, l10n: Translator) -> None:
    """Anything but a button while choosing a language: ask again, kindly."""
    await message.answer(l10n("lang-choose"), reply_markup=language_kb(l10n))


@router.message(Onboarding.consent)
async def onboarding_consent_again(message: Message, l10n: Translator) -> None:
    await message.answer(l10n("consent-ask-again"), reply_markup=consent_kb(l10n))
