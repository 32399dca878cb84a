"""Reading a lesson, its check questions, and marking it done (the certificate after the last)."""

from __future__ import annotations

import html
from typing import Any

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.core.i18n import Translator
from bot.telegram.callbacks import TrainAction, TrainCb
from bot.telegram.screens import Screen, button, keyboard, send, show
from bot.training.courses import Course, Lesson
from bot.training.schedule import CourseState, progress_bar, release_date
from handlers.states import TrainFlow
from handlers.training.trainee.certificates import send_certificate
from handlers.training.trainee.common import LESSON, QUIZ_KEY, Ctx, Opened
from handlers.training.trainee.courses import all_lessons_button, next_button

router = Router(name=__name__)


def _lesson_text(lesson: Lesson, course: Course, l10n: Translator) -> list[str]:
    """The lesson as messages: a header on the first part, links at the end of the last."""
    header = l10n(
        "training-lesson-header",
        number=lesson.number,
        total=len(course.lessons),
        title=html.escape(lesson.title(l10n.locale)),
        minutes=lesson.minutes,
    )
    parts = lesson.parts(l10n.locale)
    parts[0] = header + "\n\n" + parts[0]
    if lesson.links:
        links = "\n".join(
            f'🔗 <a href="{html.escape(link.url)}">{html.escape(link.label(l10n.locale))}</a>'
            for link in lesson.links
        )
        parts[-1] += "\n\n" + links
    return parts


def _done_data(state: CourseState, lesson: Lesson) -> TrainCb:
    return TrainCb(action=TrainAction.done, course=state.course.code, n=lesson.number)


def _quiz_data(state: CourseState, lesson: Lesson, index: int) -> TrainCb:
    return TrainCb(
        action=TrainAction.quiz, course=state.course.code, n=lesson.number, value=str(index)
    )


def _lesson_kb(state: CourseState, lesson: Lesson, l10n: Translator) -> InlineKeyboardMarkup:
    rows = []
    if lesson.number in state.done:
        following = state.course.lesson(lesson.number + 1)
        if following is not None and state.is_open(following.number):
            rows.append([next_button(state, following.number, l10n)])
    elif lesson.questions:
        label = l10n("training-quiz-button", count=len(lesson.questions))
        rows.append([button(label, _quiz_data(state, lesson, 0))])
    else:
        rows.append([button(l10n("training-done-button"), _done_data(state, lesson))])
    rows.append([all_lessons_button(state, l10n)])
    return keyboard(*rows)


@router.callback_query(TrainCb.filter(F.action == TrainAction.lesson), flags=LESSON)
async def read(query: CallbackQuery, message: Message, opened: Opened, ctx: Ctx) -> None:
    """The lesson as new messages, its buttons under the last."""
    course_state, lesson, l10n = opened.course_state, opened.lesson, ctx.l10n
    await query.answer()
    parts = _lesson_text(lesson, course_state.course, l10n)
    kb = _lesson_kb(course_state, lesson, l10n)
    for index, part in enumerate(parts):
        await send(message, (part, kb if index == len(parts) - 1 else None))


def _question_view(state: CourseState, lesson: Lesson, index: int, l10n: Translator) -> Screen:
    question = lesson.questions[index]
    options = "\n".join(
        f"{n}) {option(l10n.locale)}" for n, option in enumerate(question.options, start=1)
    )
    text = l10n(
        "training-question",
        index=index + 1,
        count=len(lesson.questions),
        question=question.text(l10n.locale),
        options=options,
    )
    code = state.course.code
    buttons = [
        button(
            str(n),
            TrainCb(
                action=TrainAction.answer, course=code, n=lesson.number, value=f"{index}.{n - 1}"
            ),
        )
        for n in range(1, len(question.options) + 1)
    ]
    return text, keyboard(buttons)


def _quiz_of(data: dict[str, Any], state: CourseState, lesson: Lesson) -> dict[str, Any] | None:
    """This lesson's check questions answered so far, kept in the FSM data (None: nothing yet,
    or another lesson's)."""
    quiz = data.get(QUIZ_KEY) or {}
    if quiz.get("course") == state.course.code and quiz.get("n") == lesson.number:
        return dict(quiz)
    return None


def _fresh_quiz(state: CourseState, lesson: Lesson) -> dict[str, Any]:
    return {"course": state.course.code, "n": lesson.number, "answered": []}


@router.callback_query(TrainCb.filter(F.action == TrainAction.quiz), flags=LESSON)
async def quiz(
    query: CallbackQuery, callback_data: TrainCb, message: Message, opened: Opened, ctx: Ctx
) -> None:
    course_state, lesson = opened.course_state, opened.lesson
    state, l10n = ctx.state, ctx.l10n
    value = callback_data.value
    if not (value.isdigit() and int(value) < len(lesson.questions)):
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    await query.answer()
    await state.set_state(TrainFlow.quiz)
    if _quiz_of(await state.get_data(), course_state, lesson) is None:
        await state.update_data({QUIZ_KEY: _fresh_quiz(course_state, lesson)})
    screen = _question_view(course_state, lesson, int(value), l10n)
    # The lesson stays as it is: the first question comes below it, the next ones in its place
    # (the question message).
    if value == "0":
        await send(message, screen)
    else:
        await show(message, screen)


@router.callback_query(TrainCb.filter(F.action == TrainAction.answer), flags=LESSON)
async def answer(
    query: CallbackQuery, callback_data: TrainCb, message: Message, opened: Opened, ctx: Ctx
) -> None:
    course_state, lesson = opened.course_state, opened.lesson
    state, l10n = ctx.state, ctx.l10n
    index_text, _, option_text = callback_data.value.partition(".")
    if not (index_text.isdigit() and option_text.isdigit()):
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    index, option = int(index_text), int(option_text)
    if index >= len(lesson.questions) or option >= len(lesson.questions[index].options):
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    quiz = _quiz_of(await state.get_data(), course_state, lesson) or _fresh_quiz(
        course_state, lesson
    )
    question = lesson.questions[index]
    if option != question.answer:  # another try: the same question, its buttons again
        await query.answer(l10n("training-wrong"))
        text, kb = _question_view(course_state, lesson, index, l10n)
        await show(message, (f"{l10n('training-try-again')}\n\n{text}", kb))
        return
    answered = sorted(set(quiz.get("answered", [])) | {index})
    await state.update_data({QUIZ_KEY: {**quiz, "answered": answered}})
    await query.answer(l10n("training-right"))
    text = l10n(
        "training-answer",
        right="true",
        answer=question.options[question.answer](l10n.locale),
        explanation=question.explanation(l10n.locale),
    )
    following = next((i for i in range(len(lesson.questions)) if i not in answered), None)
    if following is not None:
        label = l10n("training-next-question")
        kb = keyboard([button(label, _quiz_data(course_state, lesson, following))])
    else:
        kb = keyboard([button(l10n("training-done-button"), _done_data(course_state, lesson))])
    await show(message, (text, kb))


@router.callback_query(TrainCb.filter(F.action == TrainAction.done), flags=LESSON)
async def done(query: CallbackQuery, message: Message, opened: Opened, ctx: Ctx) -> None:
    course_state, lesson = opened.course_state, opened.lesson
    state, me, training, l10n = ctx.state, ctx.access.user_id, ctx.training, ctx.l10n
    if lesson.number not in course_state.done and lesson.questions:
        quiz = _quiz_of(await state.get_data(), course_state, lesson)
        answered = set(quiz.get("answered", [])) if quiz else set()
        if len(answered) < len(lesson.questions):
            await query.answer(l10n("training-answer-first"), show_alert=True)
            return
    certificate = await training.complete(me, course_state, lesson.number)
    await state.set_state(None)
    await state.update_data({QUIZ_KEY: None})
    await query.answer(l10n("training-done-short"))
    after = await training.course_state(me, course_state.course.code)
    assert after is not None
    upcoming = after.next_lesson  # the oldest still open, if any
    coming = after.next_release
    rows = []
    if upcoming is not None:
        rows.append([next_button(after, upcoming.number, l10n)])
    rows.append([all_lessons_button(after, l10n)])
    text = l10n(
        "training-lesson-done",
        number=lesson.number,
        bar=progress_bar(len(after.done), len(after.course.lessons)),
        next="open" if upcoming else "later" if coming is not None else "finished",
        following=upcoming.number if upcoming else 0,
        title=html.escape(upcoming.title(l10n.locale)) if upcoming else "",
        date=release_date(after.cohort, coming) if coming is not None else training.today(),
    )
    await show(message, (text, keyboard(*rows)))
    if certificate is not None:
        await send_certificate(message, certificate, after, ctx)


@router.message(TrainFlow.quiz)
async def quiz_expects_button(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.l10n("training-use-buttons"))
