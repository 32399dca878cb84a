"""What the webinar screens share: the flow's states, the wizard's steps, how a webinar is named
on a button or a line, and the guards every webinar button passes before its handler.

The guards (one per router) are the server-side checks: callback data can be forged. A
participant's button acts only on the presser's own registration (found by who pressed, never
by the button); a coordinator's only on webinars in their scope. A guard answers a refused
press itself, with today's alert and a warning in the log, and the handler never runs.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import BaseMiddleware
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.core.access import Access
from bot.core.i18n import Translator, format_datetime
from bot.telegram.callbacks import WebinarAction, WebinarCb
from bot.telegram.screens import Screen, button, cut, keyboard
from bot.telegram.wizard import Wizard
from bot.webinars.rules import may_manage
from bot.webinars.service import Webinar, WebinarService

log = logging.getLogger("handlers.webinars.main")  # the refusals' log lines, as before the split

DEEP_LINK_PREFIX = "w_"


class WebinarFlow(StatesGroup):
    answer = State()  # a participant answers the registration questions (wb_id, wb_q, wb_ans)
    comment = State()  # a participant's comment after a rating (wb_id)
    field = State()  # a coordinator gives a field (wb_field; wb_id when editing, else wb_draft)
    summary = State()  # a new webinar's summary: create, change a field, cancel


# The wizard's fields, in order.
FIELDS = (
    "title_kk",
    "title_ru",
    "description_kk",
    "description_ru",
    "speaker",
    "starts_at",
    "duration_min",
    "language",
    "capacity",
    "join_url",
    "program",
    "questions",
)

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


async def leave(state: FSMContext) -> None:
    """Out of any webinar flow (the questions, a comment, the wizard), its data dropped."""
    await WIZARD.leave(state)


def when(webinar: Webinar, l10n: Translator, zone: ZoneInfo) -> str:
    return format_datetime(webinar.starts_at, l10n.locale, zone)


def label(webinar: Webinar, l10n: Translator, zone: ZoneInfo, mark: str = "") -> str:
    """A webinar on a button: `14.05 15:00 · Title…`."""
    short = f"{webinar.starts_at.astimezone(zone):%d.%m %H:%M}"
    return f"{mark}{short} · {cut(webinar.title(l10n.locale), 40)}"


def confirm(
    l10n: Translator, question: str, yes_key: str, yes: WebinarCb, back: WebinarCb
) -> Screen:
    """«Are you sure?»: the question, the yes button and «‹ Back» under it."""
    return question, keyboard([button(l10n(yes_key), yes)], [button(l10n("button-back"), back)])


# -- the guards ----------------------------------------------------------------------------------

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def _shown(query: CallbackQuery, data: dict[str, Any]) -> Message | None:
    """The message the button is under, passed on as `message`; None when it is inaccessible."""
    if not isinstance(query.message, Message):
        return None
    data["message"] = query.message
    return query.message


class ParticipantGuard(BaseMiddleware):
    """Everyone's webinar buttons. Another button than a question's own ends the registration
    questions (the next text is not an answer). With `load`, the webinar pressed for is loaded
    and passed on as `webinar`; an unknown one is refused. Handlers find the presser's own
    registration by `user`, never by the button."""

    def __init__(self, *, load: bool) -> None:
        self._load = load

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, CallbackQuery)
        if _shown(event, data) is None:
            await event.answer()
            return None
        callback_data: WebinarCb = data["callback_data"]
        state: FSMContext = data["state"]
        if (
            callback_data.action != WebinarAction.answer
            and await state.get_state() == WebinarFlow.answer.state
        ):
            await state.set_state(None)
        if self._load:
            webinars: WebinarService = data["webinars"]
            webinar = await webinars.get(callback_data.w)
            if webinar is None:
                log.warning(
                    "user %s pressed %s for unknown webinar %s",
                    event.from_user.id,
                    callback_data.action,
                    callback_data.w,
                )
                l10n: Translator = data["l10n"]
                await event.answer(l10n("webinar-error-not-found"), show_alert=True)
                return None
            data["webinar"] = webinar
        return await handler(event, data)


class CoordinatorGuard(BaseMiddleware):
    """Coordinators' webinar buttons: coordinators only. With `load`, the webinar pressed for
    must be in the presser's scope; it is passed on as `webinar`."""

    def __init__(self, *, load: bool) -> None:
        self._load = load

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, CallbackQuery)
        if _shown(event, data) is None:
            await event.answer()
            return None
        access: Access = data["access"]
        l10n: Translator = data["l10n"]
        if not access.is_coordinator:
            log.warning("user %s sent a webinar coordinator callback", access.user_id)
            await event.answer(l10n("access-denied"), show_alert=True)
            return None
        if self._load:
            callback_data: WebinarCb = data["callback_data"]
            webinars: WebinarService = data["webinars"]
            webinar = await webinars.get(callback_data.w)
            if webinar is None or not may_manage(access, webinar):
                log.warning(
                    "coordinator %s may not manage webinar %s", access.user_id, callback_data.w
                )
                await event.answer(l10n("access-denied"), show_alert=True)
                return None
            data["webinar"] = webinar
        return await handler(event, data)


class UnknownWebinarButton(Filter):
    """A webinar button whose action this version does not know (no other handler took it)."""

    async def __call__(self, query: CallbackQuery) -> bool:
        return (query.data or "").startswith(f"{WebinarCb.__prefix__}{WebinarCb.__separator__}")
