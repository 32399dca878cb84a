"""«My courses»: each course's progress and what comes next, a course's lessons by page, and
leaving a course."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.core.i18n import Translator
from bot.delivery.quiet_hours import QuietHours
from bot.telegram.callbacks import TrainAction, TrainCb
from bot.telegram.menu import MenuButton
from bot.telegram.screens import Screen, button, columns, keyboard, page_bounds, pager, send, show
from bot.training.schedule import (
    CourseState,
    arrival,
    course_heading,
    progress_bar,
    release_date,
    release_moment,
)
from bot.training.service import TrainingService
from handlers.training.trainee.common import COURSE, Ctx

router = Router(name=__name__)

LESSONS_PAGE = 10


def lesson_button(label: str, course: str, number: int) -> InlineKeyboardButton:
    return button(label, TrainCb(action=TrainAction.lesson, course=course, n=number))


def next_button(state: CourseState, number: int, l10n: Translator) -> InlineKeyboardButton:
    """«Lesson n ›»."""
    return lesson_button(l10n("training-next-button", number=number), state.course.code, number)


def all_lessons_button(state: CourseState, l10n: Translator) -> InlineKeyboardButton:
    return button(
        l10n("training-all-lessons", course=state.course.title(l10n.locale)[:40]),
        TrainCb(action=TrainAction.course, course=state.course.code),
    )


def _course_line(
    state: CourseState, training: TrainingService, quiet: QuietHours | None, l10n: Translator
) -> str:
    lesson = state.next_lesson
    coming = state.next_release
    opens = (
        arrival(release_moment(state.cohort, coming, training.zone), quiet)
        if coming is not None
        else training.now()
    ).astimezone(training.zone)
    return l10n(
        "training-course-line",
        heading=html.escape(course_heading(state.course.title(l10n.locale), state.cohort.name)),
        bar=progress_bar(len(state.done), len(state.course.lessons)),
        state="finished"
        if state.finished
        else "next"
        if lesson
        else "first"
        if coming == 1
        else "later",
        next=html.escape(lesson.title(l10n.locale)) if lesson else "",
        number=lesson.number if lesson else 0,
        date=opens.date(),
        time=opens.strftime("%H:%M"),
    )


async def courses_view(ctx: Ctx) -> Screen:
    training, quiet, l10n = ctx.training, ctx.quiet, ctx.l10n
    states = await training.state_of(ctx.access.user_id)
    if not states:
        return l10n("training-no-courses"), None
    rows = []
    for state in states:
        lesson = state.next_lesson
        if lesson is not None:
            rows.append([next_button(state, lesson.number, l10n)])
        rows.append([all_lessons_button(state, l10n)])
    lines = [_course_line(s, training, quiet, l10n) for s in states]
    return "\n\n".join([l10n("training-my-courses"), *lines]), keyboard(*rows)


@router.message(Command("courses"))
@router.message(MenuButton("menu-courses"))
async def my_courses(message: Message, ctx: Ctx) -> None:
    await send(message, await courses_view(ctx))


@router.callback_query(TrainCb.filter(F.action == TrainAction.courses))
async def courses(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await show(message, await courses_view(ctx))


def _lessons_view(state: CourseState, page: int, l10n: Translator) -> Screen:
    course, cohort = state.course, state.cohort
    page, pages = page_bounds(len(course.lessons), page, LESSONS_PAGE)
    lines = [
        f"<b>{html.escape(course_heading(course.title(l10n.locale), cohort.name))}</b>",
        progress_bar(len(state.done), len(course.lessons)),
        "",
    ]
    buttons = []
    for lesson in course.lessons[page * LESSONS_PAGE : (page + 1) * LESSONS_PAGE]:
        title = html.escape(lesson.title(l10n.locale))
        if not state.is_open(lesson.number):
            opens = l10n.date(release_date(cohort, lesson.number))
            lines.append(
                l10n("training-lesson-locked", number=lesson.number, title=title, date=opens)
            )
            continue
        done = lesson.number in state.done
        lines.append(
            l10n("training-lesson-open", number=lesson.number, title=title, done=str(done).lower())
        )
        label = ("✅ " if done else "📖 ") + str(lesson.number)
        buttons.append(lesson_button(label, course.code, lesson.number))

    def to_page(p: int) -> TrainCb:
        return TrainCb(action=TrainAction.course, course=course.code, value=str(p))

    return "\n".join(lines), keyboard(
        *columns(buttons, 5),
        pager(page, pages, to_page, to_page(page)),
        [button(l10n("training-back-to-courses"), TrainCb(action=TrainAction.courses))],
        [button(l10n("training-leave"), TrainCb(action=TrainAction.leave, course=course.code))],
    )


@router.callback_query(TrainCb.filter(F.action == TrainAction.course), flags=COURSE)
async def lessons(
    query: CallbackQuery,
    callback_data: TrainCb,
    message: Message,
    course_state: CourseState,
    ctx: Ctx,
) -> None:
    await query.answer()
    page = int(callback_data.value) if callback_data.value.isdigit() else 0
    await show(message, _lessons_view(course_state, page, ctx.l10n))


@router.callback_query(TrainCb.filter(F.action == TrainAction.leave), flags=COURSE)
async def leave(
    query: CallbackQuery, message: Message, course_state: CourseState, ctx: Ctx
) -> None:
    l10n = ctx.l10n
    await query.answer()
    code = course_state.course.code
    title = html.escape(course_state.course.title(l10n.locale))
    kb = keyboard(
        [button(l10n("training-leave-yes"), TrainCb(action=TrainAction.leave_yes, course=code))],
        [button(l10n("button-back"), TrainCb(action=TrainAction.course, course=code))],
    )
    await show(message, (l10n("training-leave-confirm", course=title), kb))


@router.callback_query(TrainCb.filter(F.action == TrainAction.leave_yes), flags=COURSE)
async def leave_confirmed(
    query: CallbackQuery, message: Message, course_state: CourseState, ctx: Ctx
) -> None:
    await ctx.training.leave(ctx.access.user_id, course_state.cohort)
    await query.answer(ctx.l10n("training-left"))
    await show(message, await courses_view(ctx))
