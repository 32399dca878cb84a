"""What the trainee's screens share: the guard that checks a course and a lesson number against
the presser's own progress before a handler runs, and the FSM key of a lesson's check questions.

A handler says what it needs with a flag: `COURSE` (a course of theirs: `course_state` is handed
in) or `LESSON` (a lesson open to them in it: `opened`). A forged «done» on a locked lesson is
refused here, every time. Every handler gets the context `ctx`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from aiogram.types import CallbackQuery

from bot.telegram.callbacks import TrainAction, TrainCb
from bot.telegram.guards import Guard, flag, gathered, on_message
from bot.training.courses import Lesson
from bot.training.schedule import CourseState, release_date
from handlers.training.context import Ctx as Ctx

log = logging.getLogger(__name__)

QUIZ_KEY = "tr_quiz"  # FSM: {"course", "n", "answered": [question indexes]}


class Need(StrEnum):
    course = "course"  # a course the presser is enrolled in
    lesson = "lesson"  # a lesson open to them in it


COURSE = {"training": Need.course}
LESSON = {"training": Need.lesson}


@dataclass(frozen=True, slots=True)
class Opened:
    """The lesson a button names, open to the presser, and their place in its course."""

    course_state: CourseState
    lesson: Lesson


class TraineeGuard(Guard):
    """The trainee router's one check of a button's course and lesson."""

    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        ctx = data["ctx"] = gathered(Ctx, data)
        if not isinstance(event, CallbackQuery):
            return True
        if not await on_message(event, data):
            return False
        need = flag(data, "training")
        if need is None:
            return True
        callback_data: TrainCb = data["callback_data"]
        l10n = ctx.l10n
        code, number = callback_data.course, callback_data.n
        course_state = await ctx.training.course_state(event.from_user.id, code)
        if course_state is None:
            await event.answer(l10n("training-not-enrolled"), show_alert=True)
            return False
        data["course_state"] = course_state
        if need is Need.lesson:
            lesson = course_state.course.lesson(number)
            if lesson is None or not course_state.is_open(number):
                cohort = course_state.cohort
                opens = l10n.date(release_date(cohort, number)) if lesson is not None else "—"
                action = TrainAction(callback_data.action).value
                log.info(
                    "user %s asked for locked lesson %s/%s (%s)",
                    event.from_user.id,
                    code,
                    number,
                    action,
                )
                await event.answer(l10n("training-locked", date=opens), show_alert=True)
                return False
            data["opened"] = Opened(course_state, lesson)
        return True
