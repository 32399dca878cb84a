"""What the trainee's screens share: the guard that checks a course and a lesson number against
the presser's own progress before a handler runs, and the FSM key of a lesson's check questions.

A handler says what it needs with a flag: `COURSE` (a course of theirs: `course_state` is handed
in) or `LESSON` (a lesson open to them in it: `course_state` and `lesson`). A forged «done» on a
locked lesson is refused here, every time.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.core.i18n import Translator
from bot.telegram.callbacks import TrainAction, TrainCb
from bot.training.schedule import release_date
from bot.training.service import TrainingService

log = logging.getLogger(__name__)

QUIZ_KEY = "tr_quiz"  # FSM: {"course", "n", "answered": [question indexes]}


class Need(StrEnum):
    course = "course"  # a course the presser is enrolled in
    lesson = "lesson"  # a lesson open to them in it


COURSE = {"training": Need.course}
LESSON = {"training": Need.lesson}

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class TraineeGuard(BaseMiddleware):
    """The trainee router's one check of a button's course and lesson."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, CallbackQuery):
            return await handler(event, data)
        if not isinstance(event.message, Message):
            await event.answer()
            return None
        data["message"] = event.message
        need = get_flag(data, "training")
        if need is None:
            return await handler(event, data)
        callback_data: TrainCb = data["callback_data"]
        training: TrainingService = data["training"]
        l10n: Translator = data["l10n"]
        code, number = callback_data.course, callback_data.n
        course_state = await training.course_state(event.from_user.id, code)
        if course_state is None:
            await event.answer(l10n("training-not-enrolled"), show_alert=True)
            return None
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
                return None
            data["lesson"] = lesson
        return await handler(event, data)
