"""Trainees: joining a cohort (deep link or code), "My courses", reading lessons, check questions,
completing lessons, the certificate; and `/verify` for anyone who wants to check a certificate.

A lesson number in a button is checked against the presser's own cohort every time: a forged
"done" on a locked lesson is refused.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.core.access import Access
from bot.core.i18n import Translator
from bot.delivery.quiet_hours import QuietHours
from bot.documents.certificates import CertificateText, render_certificate
from bot.telegram.callbacks import TrainCb
from bot.telegram.deeplinks import make_link
from bot.telegram.filters import PrivateChat
from bot.telegram.menu import MenuButton
from bot.training.courses import Course, Lesson
from bot.training.service import (
    CourseState,
    JoinError,
    TrainingService,
    arrival,
    cohort_rest,
    course_heading,
    progress_bar,
    release_date,
    release_moment,
)
from handlers.states import TrainFlow
from storage.cohorts import Certificate, Cohort
from storage.users import User

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(PrivateChat())

LESSONS_PAGE = 10
QUIZ_KEY = "tr_quiz"  # FSM: {"course", "n", "answered": [question indexes]}


def _btn(
    text: str, action: str, course: str = "", n: int = 0, value: str = ""
) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=TrainCb(action=action, course=course, n=n, value=value).pack()
    )


def _kb(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[r for r in rows if r])


async def _edit_or_send(
    message: Message, text: str, kb: InlineKeyboardMarkup | None, *, edit: bool
) -> None:
    """Edit in place; a message without text (a certificate, a photo) is answered instead."""
    if edit and message.text is not None:
        await message.edit_text(text, reply_markup=kb)
    else:
        await message.answer(text, reply_markup=kb)


# -- joining ------------------------------------------------------------------------------------


def _join_card(
    cohort: Cohort,
    course: Course,
    training: TrainingService,
    quiet: QuietHours | None,
    l10n: Translator,
) -> str:
    first = training.first_arrival(cohort, quiet)  # quiet hours may hold a late release
    return l10n(
        "training-join-card",
        course=html.escape(course.title(l10n.locale)),
        cohort=html.escape(cohort.name),
        start=first.date(),
        time=first.strftime("%H:%M"),
        lessons=len(course.lessons),
        weekdays=str(cohort.weekdays_only).lower(),
    )


async def _full_view(
    cohort: Cohort, training: TrainingService, l10n: Translator
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A full cohort: said so, with the course's other cohorts that still take people."""
    others = await training.alternatives(cohort)
    text = l10n("training-join-full", cohort=html.escape(cohort.name), others=len(others))
    rows = [
        [
            _btn(
                l10n("training-join-other", cohort=other.name[:40], start=release_date(other, 1)),
                "card",
                value=other.join_code or "",
            )
        ]
        for other in others
    ]
    return text, _kb(*rows) if rows else None


async def offer_join(
    message: Message,
    code: str,
    training: TrainingService,
    l10n: Translator,
    quiet: QuietHours | None = None,
) -> None:
    """What a join link or a typed code shows: the cohort, and a button to join (or, when it
    is full, the course's other cohorts)."""
    cohort = await training.cohorts.by_code(code.strip().upper())
    course = training.course_of(cohort) if cohort else None
    if cohort is None or course is None:
        await message.answer(l10n("training-join-unknown"))
        return
    if training.is_finished(cohort):
        await message.answer(l10n("training-join-finished", cohort=html.escape(cohort.name)))
        return
    if await training.is_full(cohort):
        text, kb = await _full_view(cohort, training, l10n)
        await message.answer(text, reply_markup=kb)
        return
    await message.answer(
        _join_card(cohort, course, training, quiet, l10n),
        reply_markup=_kb(
            [_btn(l10n("training-join-button"), "join", value=cohort.join_code or "")]
        ),
    )


async def deep_link(message: Message, value: str, data: dict[str, Any]) -> None:
    """`t.me/<bot>?start=c_<code>`."""
    await offer_join(message, value, data["training"], data["l10n"], data.get("quiet"))


async def verify_link(message: Message, value: str, data: dict[str, Any]) -> None:
    """`t.me/<bot>?start=v_<number>`."""
    await _verify(message, value, data["training"], data["l10n"])


@router.message(Command("join"))
async def join_command(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    training: TrainingService,
    quiet: QuietHours,
    l10n: Translator,
) -> None:
    if command.args:
        await offer_join(message, command.args, training, l10n, quiet)
        return
    await state.set_state(TrainFlow.code)
    await message.answer(l10n("training-ask-code"))


@router.message(TrainFlow.code)
async def code_given(
    message: Message,
    state: FSMContext,
    training: TrainingService,
    quiet: QuietHours,
    l10n: Translator,
) -> None:
    code = (message.text or "").strip()
    if not code or code.startswith("/") or len(code) > 20:
        await message.answer(l10n("training-ask-code"))
        return
    await state.clear()
    await offer_join(message, code, training, l10n, quiet)


# -- my courses -------------------------------------------------------------------------------


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


@router.message(Command("courses"))
@router.message(MenuButton("menu-courses"))
async def my_courses(
    message: Message, user: User, training: TrainingService, quiet: QuietHours, l10n: Translator
) -> None:
    await _show_courses(message, user, training, quiet, l10n, edit=False)


async def _show_courses(
    message: Message,
    user: User,
    training: TrainingService,
    quiet: QuietHours | None,
    l10n: Translator,
    *,
    edit: bool,
) -> None:
    states = await training.state_of(user.id)
    if not states:
        await _edit_or_send(message, l10n("training-no-courses"), None, edit=edit)
        return
    rows = []
    for state in states:
        lesson = state.next_lesson
        if lesson is not None:
            rows.append(
                [
                    _btn(
                        l10n("training-next-button", number=lesson.number),
                        "lesson",
                        state.course.code,
                        lesson.number,
                    )
                ]
            )
        rows.append(
            [
                _btn(
                    l10n("training-all-lessons", course=state.course.title(l10n.locale)[:40]),
                    "course",
                    state.course.code,
                )
            ]
        )
    lines = [_course_line(s, training, quiet, l10n) for s in states]
    text = "\n\n".join([l10n("training-my-courses"), *lines])
    await _edit_or_send(message, text, _kb(*rows), edit=edit)


def _lessons_view(
    state: CourseState, page: int, training: TrainingService, l10n: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    course, cohort = state.course, state.cohort
    pages = max(1, -(-len(course.lessons) // LESSONS_PAGE))
    page = min(max(page, 0), pages - 1)
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
        buttons.append(
            _btn(
                ("✅ " if done else "📖 ") + str(lesson.number),
                "lesson",
                course.code,
                lesson.number,
            )
        )
    rows = [buttons[i : i + 5] for i in range(0, len(buttons), 5)]
    if pages > 1:
        nav = []
        if page > 0:
            nav.append(_btn("‹", "course", course.code, value=str(page - 1)))
        nav.append(_btn(f"{page + 1}/{pages}", "course", course.code, value=str(page)))
        if page < pages - 1:
            nav.append(_btn("›", "course", course.code, value=str(page + 1)))
        rows.append(nav)
    rows.append([_btn(l10n("training-back-to-courses"), "courses")])
    rows.append([_btn(l10n("training-leave"), "leave", course.code)])
    return "\n".join(lines), _kb(*rows)


# -- lessons ------------------------------------------------------------------------------------


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


def _lesson_kb(state: CourseState, lesson: Lesson, l10n: Translator) -> InlineKeyboardMarkup:
    code = state.course.code
    rows = []
    if lesson.number in state.done:
        following = state.course.lesson(lesson.number + 1)
        if following is not None and state.is_open(following.number):
            rows.append(
                [
                    _btn(
                        l10n("training-next-button", number=following.number),
                        "lesson",
                        code,
                        following.number,
                    )
                ]
            )
    elif lesson.questions:
        rows.append(
            [
                _btn(
                    l10n("training-quiz-button", count=len(lesson.questions)),
                    "quiz",
                    code,
                    lesson.number,
                    "0",
                )
            ]
        )
    else:
        rows.append([_btn(l10n("training-done-button"), "done", code, lesson.number)])
    rows.append(
        [
            _btn(
                l10n("training-all-lessons", course=state.course.title(l10n.locale)[:40]),
                "course",
                code,
            )
        ]
    )
    return _kb(*rows)


async def _show_lesson(
    message: Message, state: CourseState, lesson: Lesson, l10n: Translator, *, edit: bool
) -> None:
    parts = _lesson_text(lesson, state.course, l10n)
    kb = _lesson_kb(state, lesson, l10n)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        markup = kb if last else None
        await _edit_or_send(message, part, markup, edit=edit and index == 0)


def _question_view(
    state: CourseState, lesson: Lesson, index: int, l10n: Translator
) -> tuple[str, InlineKeyboardMarkup]:
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
    buttons = [
        _btn(str(n), "ans", state.course.code, lesson.number, f"{index}.{n - 1}")
        for n in range(1, len(question.options) + 1)
    ]
    return text, _kb(buttons)


# -- buttons ------------------------------------------------------------------------------------


@router.callback_query(TrainCb.filter())
async def on_button(
    query: CallbackQuery,
    callback_data: TrainCb,
    state: FSMContext,
    user: User,
    access: Access,
    training: TrainingService,
    quiet: QuietHours,
    l10n: Translator,
    bot: Bot,
) -> None:
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    action, code, number, value = (
        callback_data.action,
        callback_data.course,
        callback_data.n,
        callback_data.value,
    )
    if action == "join":
        await _join(query, message, value, user, training, quiet, l10n)
        return
    if action == "card":  # another cohort of a course whose cohort was full
        await query.answer()
        await offer_join(message, value, training, l10n, quiet)
        return
    if action == "courses":
        await query.answer()
        await _show_courses(message, user, training, quiet, l10n, edit=True)
        return

    course_state = await training.course_state(user.id, code)
    if course_state is None:
        await query.answer(l10n("training-not-enrolled"), show_alert=True)
        return
    if action == "course":
        await query.answer()
        text, kb = _lessons_view(
            course_state, int(value) if value.isdigit() else 0, training, l10n
        )
        await _edit_or_send(message, text, kb, edit=True)
        return
    if action == "leave":
        await query.answer()
        await _edit_or_send(
            message,
            l10n(
                "training-leave-confirm",
                course=html.escape(course_state.course.title(l10n.locale)),
            ),
            _kb(
                [_btn(l10n("training-leave-yes"), "leave-yes", code)],
                [_btn(l10n("button-back"), "course", code)],
            ),
            edit=True,
        )
        return
    if action == "leave-yes":
        await training.leave(user.id, course_state.cohort)
        await query.answer(l10n("training-left"))
        await _show_courses(message, user, training, quiet, l10n, edit=True)
        return

    lesson = course_state.course.lesson(number)
    if lesson is None or not course_state.is_open(number):
        opens = l10n.date(release_date(course_state.cohort, number)) if lesson is not None else "—"
        log.info("user %s asked for locked lesson %s/%s (%s)", user.id, code, number, action)
        await query.answer(l10n("training-locked", date=opens), show_alert=True)
        return

    if action == "lesson":
        await query.answer()
        await _show_lesson(message, course_state, lesson, l10n, edit=False)
        return
    if action == "quiz" and value.isdigit() and int(value) < len(lesson.questions):
        await query.answer()
        await state.set_state(TrainFlow.quiz)
        quiz = (await state.get_data()).get(QUIZ_KEY) or {}
        if quiz.get("course") != code or quiz.get("n") != number:
            await state.update_data({QUIZ_KEY: {"course": code, "n": number, "answered": []}})
        text, kb = _question_view(course_state, lesson, int(value), l10n)
        # The lesson stays as it is: the first question comes below it, the next ones in its
        # place (the question message).
        await _edit_or_send(message, text, kb, edit=message.text is not None and value != "0")
        return
    if action == "ans":
        await _answer(query, message, value, course_state, lesson, state, l10n)
        return
    if action == "done":
        await _done(query, message, course_state, lesson, state, user, training, l10n, bot)
        return
    await query.answer(l10n("button-stale"), show_alert=True)


async def _join(
    query: CallbackQuery,
    message: Message,
    code: str,
    user: User,
    training: TrainingService,
    quiet: QuietHours | None,
    l10n: Translator,
) -> None:
    try:
        cohort = await training.join(user.id, code)
    except JoinError as exc:
        await query.answer()
        if exc.reason == "full" and exc.cohort is not None:
            text, kb = await _full_view(exc.cohort, training, l10n)
            await _edit_or_send(message, text, kb, edit=True)
            return
        other = html.escape(exc.cohort.name) if exc.cohort else ""
        await _edit_or_send(
            message, l10n(f"training-join-{exc.reason}", cohort=other), None, edit=True
        )
        return
    course = training.course_of(cohort)
    assert course is not None and cohort.starts_on is not None
    await query.answer(l10n("training-joined-short"))
    state = await training.course_state(user.id, course.code)
    opens = state is not None and state.released == 0
    plan = await training.catch_up(user.id, cohort)
    first = training.first_arrival(cohort, quiet)
    await _edit_or_send(
        message,
        l10n(
            "training-joined",
            course=html.escape(course.title(l10n.locale)),
            cohort=html.escape(cohort.name),
            start=first.date(),
            time=first.strftime("%H:%M"),
            waiting=str(opens).lower(),
            catchup="yes" if plan else "no",
            open=plan.open if plan else 0,
            pace=plan.pace if plan else 0,
            level=plan.level if plan else first.date(),
        ),
        None if opens else _kb([_btn(l10n("training-open-courses"), "courses")]),
        edit=True,
    )


async def _answer(
    query: CallbackQuery,
    message: Message,
    value: str,
    course_state: CourseState,
    lesson: Lesson,
    state: FSMContext,
    l10n: Translator,
) -> None:
    index_text, _, option_text = value.partition(".")
    if not (index_text.isdigit() and option_text.isdigit()):
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    index, option = int(index_text), int(option_text)
    if index >= len(lesson.questions) or option >= len(lesson.questions[index].options):
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    quiz = (await state.get_data()).get(QUIZ_KEY) or {}
    if quiz.get("course") != course_state.course.code or quiz.get("n") != lesson.number:
        quiz = {"course": course_state.course.code, "n": lesson.number, "answered": []}
    question = lesson.questions[index]
    if option != question.answer:  # another try: the same question, its buttons again
        await query.answer(l10n("training-wrong"))
        text, kb = _question_view(course_state, lesson, index, l10n)
        await _edit_or_send(message, f"{l10n('training-try-again')}\n\n{text}", kb, edit=True)
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
    code = course_state.course.code
    following = next((i for i in range(len(lesson.questions)) if i not in answered), None)
    if following is not None:
        kb = _kb(
            [_btn(l10n("training-next-question"), "quiz", code, lesson.number, str(following))]
        )
    else:
        kb = _kb([_btn(l10n("training-done-button"), "done", code, lesson.number)])
    await _edit_or_send(message, text, kb, edit=True)


async def _done(
    query: CallbackQuery,
    message: Message,
    course_state: CourseState,
    lesson: Lesson,
    state: FSMContext,
    user: User,
    training: TrainingService,
    l10n: Translator,
    bot: Bot,
) -> None:
    if lesson.number not in course_state.done and lesson.questions:
        quiz = (await state.get_data()).get(QUIZ_KEY) or {}
        answered = (
            set(quiz.get("answered", []))
            if quiz.get("n") == lesson.number and quiz.get("course") == course_state.course.code
            else set()
        )
        if len(answered) < len(lesson.questions):
            await query.answer(l10n("training-answer-first"), show_alert=True)
            return
    certificate = await training.complete(user.id, course_state, lesson.number)
    await state.set_state(None)
    await state.update_data({QUIZ_KEY: None})
    await query.answer(l10n("training-done-short"))
    after = await training.course_state(user.id, course_state.course.code)
    assert after is not None
    upcoming = after.next_lesson  # the oldest still open, if any
    coming = after.next_release
    rows = []
    if upcoming is not None:
        rows.append(
            [
                _btn(
                    l10n("training-next-button", number=upcoming.number),
                    "lesson",
                    after.course.code,
                    upcoming.number,
                )
            ]
        )
    rows.append(
        [
            _btn(
                l10n("training-all-lessons", course=after.course.title(l10n.locale)[:40]),
                "course",
                after.course.code,
            )
        ]
    )
    await _edit_or_send(
        message,
        l10n(
            "training-lesson-done",
            number=lesson.number,
            bar=progress_bar(len(after.done), len(after.course.lessons)),
            next="open" if upcoming else "later" if coming is not None else "finished",
            following=upcoming.number if upcoming else 0,
            title=html.escape(upcoming.title(l10n.locale)) if upcoming else "",
            date=release_date(after.cohort, coming) if coming is not None else training.today(),
        ),
        _kb(*rows),
        edit=True,
    )
    if certificate is not None:
        await send_certificate(message, certificate, after, user, training, l10n, bot)


async def send_certificate(
    message: Message,
    certificate: Certificate,
    state: CourseState,
    user: User,
    training: TrainingService,
    l10n: Translator,
    bot: Bot,
) -> None:
    me = await bot.me()
    link = make_link(me.username or "", f"v_{certificate.number}")
    course = state.course.title(l10n.locale)
    text = CertificateText(
        holder=certificate.holder_name,
        course=course,
        cohort=cohort_rest(course, state.cohort.name),
        completed=l10n.date(certificate.completed_on),
        number=certificate.number,
        verify=l10n("certificate-verify", number=certificate.number, link=link),
    )
    pdf = render_certificate(text, l10n)
    await message.answer(
        l10n(
            "training-congratulations",
            course=html.escape(state.course.title(l10n.locale)),
            number=certificate.number,
        )
    )
    await message.answer_document(
        BufferedInputFile(pdf, filename=f"certificate-{certificate.number}.pdf"),
        caption=l10n("training-certificate-caption", number=certificate.number),
    )


@router.message(TrainFlow.quiz)
async def quiz_expects_button(message: Message, l10n: Translator) -> None:
    await message.answer(l10n("training-use-buttons"))


# -- verification -------------------------------------------------------------------------------


@router.message(Command("verify"))
async def verify(
    message: Message, command: CommandObject, training: TrainingService, l10n: Translator
) -> None:
    if not command.args:
        await message.answer(l10n("certificate-verify-how"))
        return
    await _verify(message, command.args, training, l10n)


async def _verify(
    message: Message, number: str, training: TrainingService, l10n: Translator
) -> None:
    certificate = await training.cohorts.certificate(number.strip().upper())
    if certificate is None:
        await message.answer(
            l10n("certificate-not-found", number=html.escape(number.strip()[:40]))
        )
        return
    course = training.courses.get(certificate.course)
    cohort = await training.cohorts.get(certificate.cohort_id) if certificate.cohort_id else None
    await message.answer(
        l10n(
            "certificate-valid",
            number=certificate.number,
            holder=html.escape(certificate.holder_name) or l10n("certificate-holder-erased"),
            course=html.escape(course.title(l10n.locale)) if course else certificate.course,
            cohort=html.escape(cohort.name) if cohort else "—",
            date=certificate.completed_on,
        )
    )
