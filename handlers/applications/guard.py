"""The applicants' guard: every button carrying an application id is checked once, here, to be
about the presser's own application (callback data can be forged) and, for the form's buttons,
about the draft being filled in now (an old step's button is stale). The handler gets the
checked `app`, its `program` and, at a field, the `field`; it never loads them itself.

A handler says what it needs with a flag: `flags=needs(Need.form)`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.applications.service import Application, ApplicationService
from bot.core.access import Access
from bot.core.catalogue import Program
from bot.core.clock import Clock
from bot.core.i18n import Translator
from bot.core.people import People, User
from bot.telegram.guards import Guard, flag
from handlers.states import ApplyFlow

# What `router.callback_query(…)` returns: registers the handler it decorates.
Register = Callable[[Callable[..., Any]], Callable[..., Any]]

FLAG = "application"
APP_KEY = "ap_app"  # FSM: the draft being filled in


class Need(StrEnum):
    """What a button needs before its handler runs (each includes the ones above it)."""

    message = "message"  # a message with buttons to edit (no application)
    own = "own"  # the presser's own application (`app`, `program`)
    draft = "draft"  # … still a draft («not a draft any more» otherwise)
    form = "form"  # … the draft being filled in now, at a field or at the summary
    field = "field"  # … at a field of the form (`field`)
    summary = "summary"  # … at the summary
    filling = "filling"  # the own draft the FSM is filling, at whatever step (the newer buttons)


# The states in which a form's button is live.
STEPS = {
    Need.form: (ApplyFlow.field.state, ApplyFlow.summary.state),
    Need.field: (ApplyFlow.field.state,),
    Need.summary: (ApplyFlow.summary.state,),
}


def needs(need: Need) -> dict[str, Any]:
    return {FLAG: need}


@dataclass(frozen=True, slots=True)
class Ctx:
    """One pressed button's screens, for applicants and reviewers alike: the message under the
    button, who pressed it and what the screens are drawn from. The routers' guards build it
    (`ctx`), so handlers take it instead of a long list of parameters."""

    message: Message
    state: FSMContext
    user: User
    access: Access
    people: People
    applications: ApplicationService
    clock: Clock
    zone: ZoneInfo
    l10n: Translator

    @classmethod
    def of(cls, message: Message, data: dict[str, Any]) -> Ctx:
        return cls(message, *(data[name] for name in _FROM_DATA))

    def today(self) -> date:
        """Today in the bot's time zone."""
        return self.clock.now().astimezone(self.zone).date()

    async def stale(self, query: CallbackQuery) -> None:
        await query.answer(self.l10n("button-stale"), show_alert=True)


_FROM_DATA = ("state", "user", "access", "people", "applications", "clock", "zone", "l10n")


async def pressed_ctx(query: CallbackQuery, data: dict[str, Any]) -> bool:
    """A press under a message the bot can edit: its `message` and `ctx` go on to the handler.
    Under an inaccessible message it is only answered (False: the handler does not run)."""
    if not isinstance(query.message, Message):
        await query.answer()
        return False
    data["message"] = query.message
    data["ctx"] = Ctx.of(query.message, data)
    return True


async def typed_ctx(
    handler: Callable[[Any, dict[str, Any]], Awaitable[Any]], event: Any, data: dict[str, Any]
) -> Any:
    """Inner middleware for messages: their `ctx`, the message itself in place of a button's."""
    data["ctx"] = Ctx.of(event, data)
    return await handler(event, data)


# How a refusal is logged: (the presser, the button).
Refusal = Callable[[logging.Logger, int, CallbackData], None]


def pressed(log: logging.Logger, user_id: int, button: CallbackData) -> None:
    log.warning(
        "user %s pressed %s for application %s",
        user_id,
        button.action,  # type: ignore[attr-defined]
        button.app,  # type: ignore[attr-defined]
    )


def opened(log: logging.Logger, user_id: int, button: CallbackData) -> None:
    log.warning("user %s opened application %s", user_id, button.app)  # type: ignore[attr-defined]


class OwnApplication(Guard):
    """Inner middleware of an applicants' router (see the module docstring)."""

    def __init__(self, log: logging.Logger, refusal: Refusal = pressed) -> None:
        self._log = log
        self._refusal = refusal

    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        need: Need | None = flag(data, FLAG)
        if need is None or not isinstance(event, CallbackQuery):
            return True
        if not await pressed_ctx(event, data):
            return False
        if need is Need.message:
            return True
        button: CallbackData = data["callback_data"]
        applications: ApplicationService = data["applications"]
        l10n: Translator = data["l10n"]
        user_id: int = data["user"].id
        app = await applications.get(button.app)  # type: ignore[attr-defined]
        if app is None or app.user_id != user_id:
            self._refusal(self._log, user_id, button)
            await event.answer(l10n("access-denied"), show_alert=True)
            return False
        program = applications.program_of(app)
        refusal = await _refusal(need, app, program, data["state"], l10n)
        if refusal is not None:
            await event.answer(refusal, show_alert=True)
            return False
        data.update(app=app, program=program)
        if need is Need.field:
            data["field"] = program.field(app.step or "")
        return True


async def _refusal(
    need: Need, app: Application, program: Program, state: FSMContext, l10n: Translator
) -> str | None:
    """Why this button does nothing now (an alert), or None when it may go ahead."""
    if need is Need.own:
        return None
    if need is Need.filling:
        fsm = await state.get_data()
        fresh = app.status == "draft" and int(fsm.get(APP_KEY) or 0) == app.id
        return None if fresh else l10n("button-stale")
    if app.status != "draft":
        return l10n("apply-not-draft", number=app.reference)
    if need is Need.draft:
        return None
    current = await state.get_state()
    fsm = await state.get_data()
    if int(fsm.get(APP_KEY) or 0) != app.id or current not in STEPS[need]:
        return l10n("button-stale")
    if need is Need.field and program.field(app.step or "") is None:
        return l10n("button-stale")
    return None
