"""What the mentoring screens share: the context, the states, and the guard.

The guard is an inner middleware on the mentoring router. Every button is checked on the server,
every time, by what it names:
- a coordinator's button (`p`: a funded project) — the presser coordinates its program and
  region; the project is handed in as `funded`;
- a mentor's button (`m`: a mentorship, `c`: a check-in) — the presser is the active mentor of
  that mentee; handed in as `mentorship`, or `checkin` and `owner`;
- a mentee's «answer» (`c`) — the check-in is theirs, still due, its mentorship active.
A forged or stale id gets «not found or out of date» and nothing else.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton

from bot.core.access import Access
from bot.core.i18n import Translator
from bot.core.people import People, User
from bot.mentoring.service import MentoringError, MentoringService
from bot.telegram.callbacks import MentorAction, MentorCb
from bot.telegram.flows import leave_flow
from bot.telegram.guards import Guard, gathered, on_message
from bot.telegram.screens import button

log = logging.getLogger("handlers.mentoring")

CHECKIN_KEY = "mt_checkin"  # FSM: the check-in being answered, or commented on
PAGE = 8

COORDINATOR_ACTIONS = {
    MentorAction.funded,
    MentorAction.person,
    MentorAction.pick,
    MentorAction.assign,
    MentorAction.end,
    MentorAction.end_confirm,
}
MENTOR_CHECKIN_ACTIONS = {
    MentorAction.media,
    MentorAction.assess,
    MentorAction.rate,
    MentorAction.comment,
}


class MentoringFlow(StatesGroup):
    note = State()  # the mentee's progress note (check-in in `mt_checkin`)
    comment = State()  # the mentor's comment on a check-in


@dataclass(frozen=True, slots=True)
class Ctx:
    access: Access
    state: FSMContext
    mentoring: MentoringService
    people: People
    l10n: Translator
    bot: Bot

    async def name(self, user_id: int) -> str:
        return person_name(await self.people.get(user_id), user_id)

    def refused(self, error: MentoringError) -> str:
        return self.l10n(error.key)

    async def leave(self) -> None:
        await leave_flow(self.state, MentoringFlow, "mt_")


def person_name(person: User | None, user_id: int) -> str:
    return person.full_name if person is not None else f"id{user_id}"


def mt(text: str, action: MentorAction, **ids: int) -> InlineKeyboardButton:
    return button(text, MentorCb(action=action, **ids))


class MentoringGuard(Guard):
    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        ctx = data["ctx"] = gathered(Ctx, data)
        if not isinstance(event, CallbackQuery):
            return True
        pressed: MentorCb | None = data.get("callback_data")
        if not isinstance(pressed, MentorCb):
            return True
        if not await on_message(event, data):
            return False
        action, user_id = MentorAction(pressed.action), event.from_user.id
        if action in COORDINATOR_ACTIONS:
            if not ctx.access.is_coordinator:
                return await _refuse(event, ctx, "access-denied", action)
            if action is not MentorAction.funded:
                funded = await ctx.mentoring.funded_project(ctx.access, pressed.p)
                if funded is None:
                    return await _refuse(event, ctx, "mentoring-gone", action)
                data["funded"] = funded
        elif action in (MentorAction.mentees, MentorAction.card):
            if action is MentorAction.card:
                found = await ctx.mentoring.mentorship_of(user_id, pressed.m)
                if found is None:
                    return await _refuse(event, ctx, "mentoring-gone", action)
                data["mentorship"] = found
        elif action in MENTOR_CHECKIN_ACTIONS:
            seen = await ctx.mentoring.checkin_of_mentor(user_id, pressed.c)
            if seen is None:
                return await _refuse(event, ctx, "mentoring-gone", action)
            data["checkin"], data["owner"] = seen
        elif action is MentorAction.answer:
            opened = await ctx.mentoring.open_checkin(user_id, pressed.c)
            if opened is None:
                return await _refuse(event, ctx, "mentoring-checkin-closed", action)
            data["checkin"], data["owner"] = opened
        return True


async def _refuse(query: CallbackQuery, ctx: Ctx, key: str, action: MentorAction) -> bool:
    log.info("user %s: mentoring %s refused (%s)", query.from_user.id, action.value, key)
    await query.answer(ctx.l10n(key), show_alert=True)
    return False
