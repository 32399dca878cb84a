"""What every cohort screen shares: the flow's states, the per-update context, and the guard
that checks the role and the cohort before any handler of the package runs.

A handler says what it needs with a flag (`flags=MANAGE`…); the guard (the package router's
inner middleware) checks it on the server every time — callback data can be forged, and a role
can be revoked between two taps — answers a refusal itself, and hands the handler the `cohort`
it has loaded and the context `ctx`.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.core.people import User
from bot.telegram.callbacks import CohortAction, CohortCb
from bot.telegram.flows import leave_flow
from bot.telegram.guards import Guard, flag, gathered, on_message
from bot.telegram.menu import is_elsewhere
from bot.telegram.screens import pointed_id
from bot.training.limits import CohortRefused
from handlers.training.context import Ctx as Ctx
from handlers.training.context import person_name as person_name

log = logging.getLogger(__name__)

DATA_PREFIX = "co_"  # every FSM data key of the cohort flows starts so
PAGE = 8  # cohorts or trainees per page


class CohortFlow(StatesGroup):
    """A coordinator creating a cohort (one question per screen), changing one, adding people."""

    course = State()
    name = State()
    region = State()
    district = State()
    start = State()
    schedule = State()
    time = State()
    capacity = State()
    trainer = State()
    summary = State()
    # Typing one value of an existing cohort; its id is in the FSM data as `co_cohort`.
    edit_name = State()
    edit_start = State()
    edit_time = State()
    edit_capacity = State()
    edit_trainer = State()
    edit_days_off = State()
    add_trainee = State()


async def leave(state: FSMContext) -> None:
    """Out of any cohort flow, its answers dropped."""
    await leave_flow(state, CohortFlow, DATA_PREFIX)


# -- what a handler needs -----------------------------------------------------------------------


class Need(StrEnum):
    nothing = "nothing"  # a staff member (the pager's page number)
    wizard = "wizard"  # a coordinator: the new-cohort wizard
    listing = "listing"  # a staff member, leaving a typed-value flow: the list
    view = "view"  # a cohort this person may open: its coordinator or one of its trainers
    manage = "manage"  # a cohort this person coordinates


NOTHING = {"cohort": Need.nothing}
WIZARD = {"cohort": Need.wizard}
LISTING = {"cohort": Need.listing}
VIEW = {"cohort": Need.view}
MANAGE = {"cohort": Need.manage}


class CohortGuard(Guard):
    """The package's one scope check, for buttons and typed values alike."""

    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        ctx = data["ctx"] = gathered(Ctx, data)
        need = flag(data, "cohort")
        if isinstance(event, CallbackQuery):
            return await self._button(event, data, ctx, need or Need.view)
        if isinstance(event, Message) and need is not None:
            return await self._typed(event, data, ctx, need)
        return True

    async def _button(
        self, query: CallbackQuery, data: dict[str, Any], ctx: Ctx, need: Need
    ) -> bool:
        access = ctx.access
        if not access.is_staff:
            return await _denied(query, ctx, "sent a cohort callback without the right")
        if not await on_message(query, data):
            return False
        if need is Need.nothing:
            return True
        if need is Need.wizard and not access.is_coordinator:
            return await _denied(query, ctx, "pressed a cohort wizard button")
        if need is Need.wizard:
            return True
        await leave(ctx.state)  # went elsewhere: the next text is not taken for a typed value
        if need is Need.listing:
            return True
        callback_data: CohortCb = data["callback_data"]
        cohort = await ctx.training.cohort_for(access, callback_data.cohort)
        if cohort is None or (
            need is Need.manage and not ctx.training.coordinates(access, cohort)
        ):
            action = CohortAction(callback_data.action).value
            return await _denied(query, ctx, f"may not {action!r} cohort {callback_data.cohort}")
        data["cohort"] = cohort
        return True

    async def _typed(self, message: Message, data: dict[str, Any], ctx: Ctx, need: Need) -> bool:
        if is_elsewhere(message.text, data["translations"]):
            await leave(ctx.state)
            raise SkipHandler  # the router that owns the command or the button answers it
        access = ctx.access
        if not access.is_coordinator:  # the role may have been revoked mid-flow
            return await _denied(message, ctx)
        if need is Need.manage:
            cohort_id = int((await ctx.state.get_data()).get("co_cohort") or 0)
            cohort = await ctx.training.cohort_for(access, cohort_id)
            if cohort is None or not ctx.training.coordinates(access, cohort):
                return await _denied(message, ctx, "typed a cohort value without the right")
            data["cohort"] = cohort
        return True


async def _denied(event: CallbackQuery | Message, ctx: Ctx, why: str = "") -> bool:
    """`access-denied` (an alert on a button; a typed flow is left), logged with `why`."""
    if why:
        log.warning("user %s %s", ctx.access.user_id, why)
    if isinstance(event, CallbackQuery):
        await event.answer(ctx.l10n("access-denied"), show_alert=True)
    else:
        await leave(ctx.state)
        await event.answer(ctx.l10n("access-denied"))
    return False


# -- small things every screen uses --------------------------------------------------------------


def co(action: CohortAction, cohort: int = 0, value: str = "") -> CohortCb:
    """A cohort button's callback data."""
    return CohortCb(action=action, cohort=cohort, value=value)


def seats(count: int, capacity: int | None) -> str:
    return f"{count}/{capacity}" if capacity is not None else str(count)


def text_of(message: Message) -> str:
    """A typed answer's text; anything else (a sticker, a photo) is refused."""
    if not message.text:
        raise CohortRefused("cohort-expects-text")
    return message.text


async def pointed_person(message: Message, ctx: Ctx) -> User:
    """The person a coordinator points at (an id, or a forwarded message): someone who has
    started the bot."""
    target_id = pointed_id(message)
    if target_id is None:
        hidden = message.forward_origin is not None
        raise CohortRefused(
            "cohort-error-person-hidden" if hidden else "cohort-error-person-invalid"
        )
    person = await ctx.people.get(target_id)
    if person is None or person.deleted_at is not None:
        raise CohortRefused("cohort-error-person-unknown", id=str(target_id))
    return person
