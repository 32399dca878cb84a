"""What the webinar screens share: the flow's states, the wizard's steps, how a webinar is named
on a button or a line, `Ctx` (one update's screens), and the guards every webinar button passes
before its handler.

The guards (one per router) are the server-side checks: callback data can be forged. A
participant's button acts only on the presser's own registration (found by who pressed, never
by the button); a coordinator's only on webinars in their scope. A guard answers a refused
press itself, with today's alert and a warning in the log, and the handler never runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.core.access import Access
from bot.core.catalogue import Catalogue
from bot.core.clock import Clock
from bot.core.i18n import Translator, format_datetime
from bot.core.people import User
from bot.telegram.callbacks import WebinarAction, WebinarCb
from bot.telegram.guards import Guard
from bot.telegram.menu import is_elsewhere
from bot.telegram.screens import Screen, cut, send, show
from bot.telegram.wizard import Wizard
from bot.webinars.rules import may_manage
from bot.webinars.service import CONTENT, Webinar, WebinarService
from handlers.webinars.replies import refuse

DEEP_LINK_PREFIX = "w_"


class WebinarFlow(StatesGroup):
    answer = State()  # a participant answers the registration questions (wb_id, wb_q, wb_ans)
    comment = State()  # a participant's comment after a rating (wb_id)
    field = State()  # a coordinator gives a field (wb_field; wb_id when editing, else wb_draft)
    summary = State()  # a new webinar's summary: create, change a field, cancel


# The wizard's fields, in order.
FIELDS = CONTENT

# The new-webinar wizard (and a field edited on its own: the same state, the field in `wb_field`).
# The answers are one dict, `wb_draft`, where a skipped description ("") or no seat limit (None)
# is an answer too.
WIZARD = Wizard(
    group=WebinarFlow,
    steps=FIELDS,
    prefix="wb_",
    single=WebinarFlow.field,
    step_name="field",
    is_answered=lambda step, data: step in (data.get("wb_draft") or {}),
)


@dataclass(frozen=True, slots=True)
class Ctx:
    """One update's webinar screens: who is there (`user`, `access`, `l10n`), what the screens
    are drawn from, and where a screen goes: in place of the pressed message (`edit`), or as a
    new message after something typed. Handlers get it as `ctx` (from the routers' middlewares)
    instead of a dozen parameters each."""

    message: Message
    state: FSMContext
    user: User
    access: Access
    webinars: WebinarService
    catalogue: Catalogue
    clock: Clock
    zone: ZoneInfo
    l10n: Translator
    bot: Bot
    edit: bool

    @classmethod
    def of(cls, message: Message, data: dict[str, Any], *, edit: bool) -> Ctx:
        """From a handler's data (what the dispatcher and the outer middlewares give)."""
        return cls(message=message, edit=edit, **{name: data[name] for name in _FROM_DATA})

    async def put(self, screen: Screen) -> None:
        await (show if self.edit else send)(self.message, screen)


_FROM_DATA = ("state", "user", "access", "webinars", "catalogue", "clock", "zone", "l10n", "bot")


async def leave(state: FSMContext) -> None:
    """Out of any webinar flow (the questions, a comment, the wizard), its data dropped."""
    await WIZARD.leave(state)


def when(webinar: Webinar, l10n: Translator, zone: ZoneInfo) -> str:
    return format_datetime(webinar.starts_at, l10n.locale, zone)


def label(webinar: Webinar, l10n: Translator, zone: ZoneInfo, mark: str = "") -> str:
    """A webinar on a button: `14.05 15:00 · Title…`."""
    short = f"{webinar.starts_at.astimezone(zone):%d.%m %H:%M}"
    return f"{mark}{short} · {cut(webinar.title(l10n.locale), 40)}"


# -- the guards ----------------------------------------------------------------------------------


class TypedCtx(Guard):
    """Messages (/webinars, answers typed in a webinar flow): their `ctx`, screens as new
    messages. With `flows`, a menu button's label typed in a flow ends the flow and goes on to
    the menu's own handler."""

    def __init__(self, *, flows: bool = True) -> None:
        self._flows = flows

    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        assert isinstance(event, Message)
        ctx = data["ctx"] = Ctx.of(event, data, edit=False)
        if self._flows and is_elsewhere(event.text, data["translations"]):
            await ctx.state.set_state(None)
            raise SkipHandler
        return True


class _ButtonGuard(Guard):
    """A press under an inaccessible message is only answered. Otherwise its `ctx` (screens in
    place of the message) is passed on and `admit` decides; with `load`, the webinar pressed
    for is loaded, `admit_webinar` decides, and it is passed on as `webinar`. A refusal is
    answered there, with a warning in the log, and the handler never runs."""

    def __init__(self, *, load: bool) -> None:
        self._load = load

    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        assert isinstance(event, CallbackQuery)
        if not isinstance(event.message, Message):
            await event.answer()
            return False
        ctx = data["ctx"] = Ctx.of(event.message, data, edit=True)
        if not await self.admit(event, data, ctx):
            return False
        if not self._load:
            return True
        callback_data: WebinarCb = data["callback_data"]
        webinar = await ctx.webinars.get(callback_data.w)
        if not await self.admit_webinar(event, callback_data, ctx, webinar):
            return False
        data["webinar"] = webinar
        return True

    async def admit(self, query: CallbackQuery, data: dict[str, Any], ctx: Ctx) -> bool:
        raise NotImplementedError

    async def admit_webinar(
        self, query: CallbackQuery, callback_data: WebinarCb, ctx: Ctx, webinar: Webinar | None
    ) -> bool:
        raise NotImplementedError


class ParticipantGuard(_ButtonGuard):
    """Everyone's webinar buttons. Another button than a question's own ends the registration
    questions (the next text is not an answer); an unknown webinar is refused. Handlers find
    the presser's own registration by `ctx.user`, never by the button."""

    async def admit(self, query: CallbackQuery, data: dict[str, Any], ctx: Ctx) -> bool:
        if (
            data["callback_data"].action != WebinarAction.answer
            and await ctx.state.get_state() == WebinarFlow.answer.state
        ):
            await ctx.state.set_state(None)
        return True

    async def admit_webinar(
        self, query: CallbackQuery, callback_data: WebinarCb, ctx: Ctx, webinar: Webinar | None
    ) -> bool:
        if webinar is not None:
            return True
        why = "user %s pressed %s for unknown webinar %s"
        user, action = query.from_user.id, callback_data.action
        return await refuse(
            query, ctx.l10n, "webinar-error-not-found", why, user, action, callback_data.w
        )


class CoordinatorGuard(_ButtonGuard):
    """Coordinators' webinar buttons: coordinators only; with `load`, only on a webinar in the
    presser's scope."""

    async def admit(self, query: CallbackQuery, data: dict[str, Any], ctx: Ctx) -> bool:
        if ctx.access.is_coordinator:
            return True
        why = "user %s sent a webinar coordinator callback"
        return await refuse(query, ctx.l10n, "access-denied", why, ctx.access.user_id)

    async def admit_webinar(
        self, query: CallbackQuery, callback_data: WebinarCb, ctx: Ctx, webinar: Webinar | None
    ) -> bool:
        if webinar is not None and may_manage(ctx.access, webinar):
            return True
        why = "coordinator %s may not manage webinar %s"
        return await refuse(
            query, ctx.l10n, "access-denied", why, ctx.access.user_id, callback_data.w
        )


class UnknownWebinarButton(Filter):
    """A webinar button whose action this version does not know (no other handler took it)."""

    async def __call__(self, query: CallbackQuery) -> bool:
        return (query.data or "").startswith(f"{WebinarCb.__prefix__}{WebinarCb.__separator__}")
