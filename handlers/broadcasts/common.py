"""What every part of the broadcast screens shares: the router's guard, the wizard and its FSM
data, the wizard's current card.

The guard re-checks on the server who is pressing (staff only; a broadcast named by a button must
be the presser's own, or they manage roles): callback data can be forged and a role can be
revoked between two taps. The audience's scope is checked by `Audience.check` at every step.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.broadcasts.audience import Audience, AudienceError, Criterion
from bot.broadcasts.service import BroadcastService, Content, Version
from bot.core.access import Access
from bot.core.clock import Clock, from_utc_text
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.delivery.quiet_hours import QuietHours
from bot.telegram import guards
from bot.telegram.callbacks import BroadcastActionCb, BroadcastCb, BroadcastStep
from bot.telegram.wizard import Wizard
from handlers.states import BroadcastFlow

log = logging.getLogger("handlers.broadcasts")

# The Kazakh version, the Russian one, the audience, the confirm card, typing a time.
WIZARD = Wizard(
    group=BroadcastFlow,
    steps=("kk", "ru", "audience", "confirm", "when"),
    prefix="bc_",
)
STEPS = 4  # as the screens count them: «step n of 4»

# Handlers that act on a broadcast named by their button carry this flag: the guard loads it
# and passes it as `broadcast`.
OWN = {"own_broadcast": True}
# Typed steps of the wizard carry this one: the typing guard re-checks the role.
STAFF = {"staff": True}


@dataclass(frozen=True, slots=True)
class Ctx:
    """What the broadcast handlers work with, gathered by the router's guards from the handler
    data."""

    access: Access
    state: FSMContext
    audience: Audience
    broadcasts: BroadcastService
    settings: Settings
    quiet: QuietHours
    clock: Clock
    l10n: Translator
    bot: Bot


class Guard(guards.Guard):
    """Every broadcast button: staff only, on a message that can be edited (handed in as
    `message`); a broadcast a button names must be one the presser may manage. Refusals are
    logged and answered before any handler runs."""

    async def check(self, event: CallbackQuery, data: dict[str, Any]) -> bool:
        ctx = data["ctx"] = guards.gathered(Ctx, data)
        access, l10n = ctx.access, ctx.l10n
        button = data.get("callback_data")
        if isinstance(button, BroadcastCb):
            if not access.is_staff:
                log.warning(
                    "user %s sent a broadcast callback without the right", event.from_user.id
                )
                await event.answer(l10n("access-denied"), show_alert=True)
                return False
            if not await guards.on_message(event, data):
                return False
        if guards.flag(data, "own_broadcast"):
            assert isinstance(button, BroadcastCb | BroadcastActionCb)
            named = _named(button)
            found = await ctx.broadcasts.get(named) if named is not None else None
            if (
                found is None
                or not access.is_staff
                or not BroadcastService.may_manage(access, found)
            ):
                log.warning(
                    "user %s may not %s broadcast %s",
                    access.user_id,
                    button.action.name,
                    named if named is not None else repr(getattr(button, "value", "")),
                )
                await event.answer(l10n("access-denied"), show_alert=True)
                return False
            data["broadcast"] = found
        return True


class Typed(guards.Guard):
    """Every typed message: handed the `ctx`. Handlers flagged `STAFF` are a wizard's steps: if
    the role has been revoked mid-flow, the wizard ends there."""

    async def check(self, event: Message, data: dict[str, Any]) -> bool:
        ctx = data["ctx"] = guards.gathered(Ctx, data)
        if not guards.flag(data, "staff") or ctx.access.is_staff:
            return True
        await WIZARD.leave(ctx.state)
        await event.answer(ctx.l10n("access-denied"))
        return False


async def allowed(
    query: CallbackQuery, ctx: Ctx, criteria: list[Criterion], *, stage: str = ""
) -> bool:
    """The criteria are within the sender's scope; else refused, the refusal logged."""
    try:
        await ctx.audience.check(ctx.access, criteria, ctx.l10n)
    except AudienceError as exc:
        log.warning("user %s: audience refused%s: %s", ctx.access.user_id, stage, exc)
        await query.answer(ctx.l10n("broadcast-audience-refused"), show_alert=True)
        return False
    return True


async def on_step(
    query: CallbackQuery, ctx: Ctx, step: str, *, editing: int | None = None
) -> tuple[Message, dict[str, Any]] | None:
    """A button that only belongs on the wizard's current card at `step` (of the broadcast
    being changed, if `editing`): the card and the wizard's data, or `None` once the press is
    answered as out of date."""
    at, data = await WIZARD.at(ctx.state)
    message = query.message
    if (
        ctx.access.is_staff
        and at == step
        and (editing is None or data.get("bc_edit") == editing)
        and isinstance(message, Message)
        and on_card(message, data)
    ):
        return message, data
    await query.answer(ctx.l10n("button-stale"), show_alert=True)
    return None


def _named(button: BroadcastCb | BroadcastActionCb) -> int | None:
    if isinstance(button, BroadcastActionCb):
        return button.broadcast
    return int(button.value) if button.value.isdigit() else None


class OldCard(Filter):
    """A card of a wizard this person has since left (a second /broadcasts)."""

    async def __call__(self, query: CallbackQuery, state: FSMContext) -> bool:
        return not on_card(query.message, await state.get_data())


def on_card(message: object, data: dict[str, Any]) -> bool:
    """Whether `message` is the wizard's current card (or the wizard remembers none)."""
    card = data.get("bc_msg")
    return card is None or (isinstance(message, Message) and card == message.message_id)


async def remember_card(state: FSMContext, sent: Message | bool) -> None:
    """Remember the wizard's current card: buttons on any older one are out of date."""
    if isinstance(sent, Message):
        await state.update_data(bc_msg=sent.message_id)


async def retire_card(message: Message, state: FSMContext) -> None:
    """A wizard begins again: the previous one's card loses its buttons."""
    if not WIZARD.owns(await state.get_state()):
        return
    old = (await state.get_data()).get("bc_msg")
    if isinstance(old, int) and old != message.message_id and message.bot is not None:
        with contextlib.suppress(TelegramBadRequest):  # gone, or already without buttons
            await message.bot.edit_message_reply_markup(
                chat_id=message.chat.id, message_id=old, reply_markup=None
            )


# -- the wizard's data --------------------------------------------------------------------------


def content_of(data: dict[str, Any]) -> Content:
    def version(key: str) -> Version | None:
        raw = data.get(key)
        return Version.from_json(raw) if raw else None

    return Content(kk=version("bc_kk"), ru=version("bc_ru"))


def criteria_of(data: dict[str, Any]) -> list[Criterion]:
    return [(str(k), str(v)) for k, v in data.get("bc_audience", [])]


def moment_of(data: dict[str, Any]) -> datetime | None:
    return from_utc_text(data.get("bc_at"))


# The wizard's buttons that act on its current card (not «new», «stop», «cancel»).
CARD_BUTTONS = frozenset(BroadcastStep) - {
    BroadcastStep.new,
    BroadcastStep.stop,
    BroadcastStep.cancel,
}
