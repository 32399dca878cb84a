"""Joining a cohort: a join link (`t.me/<bot>?start=c_<code>`), /join with a code or a typed
code, the cohort's card with a button to join, and a full cohort's alternatives."""

from __future__ import annotations

import html
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.core.i18n import Translator
from bot.delivery.quiet_hours import QuietHours
from bot.telegram.callbacks import TrainAction, TrainCb
from bot.telegram.screens import Screen, button, keyboard, show
from bot.training.courses import Course
from bot.training.schedule import release_date
from bot.training.service import Cohort, JoinError, TrainingService
from handlers.states import TrainFlow
from handlers.training.trainee.common import Ctx

router = Router(name=__name__)


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


async def _full_view(cohort: Cohort, training: TrainingService, l10n: Translator) -> Screen:
    """A full cohort: said so, with the course's other cohorts that still take people."""
    others = await training.alternatives(cohort)
    text = l10n("training-join-full", cohort=html.escape(cohort.name), others=len(others))
    rows = [
        [
            button(
                l10n("training-join-other", cohort=other.name[:40], start=release_date(other, 1)),
                TrainCb(action=TrainAction.card, value=other.join_code or ""),
            )
        ]
        for other in others
    ]
    return text, keyboard(*rows) if rows else None


async def offer_join(
    message: Message,
    code: str,
    training: TrainingService,
    l10n: Translator,
    quiet: QuietHours | None = None,
) -> None:
    """What a join link or a typed code shows: the cohort, and a button to join (or, when it
    is full, the course's other cohorts)."""
    cohort = await training.cohort_by_code(code)
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
    join = TrainCb(action=TrainAction.join_cohort, value=cohort.join_code or "")
    await message.answer(
        _join_card(cohort, course, training, quiet, l10n),
        reply_markup=keyboard([button(l10n("training-join-button"), join)]),
    )


async def deep_link(message: Message, value: str, data: dict[str, Any]) -> None:
    """`t.me/<bot>?start=c_<code>`."""
    await offer_join(message, value, data["training"], data["l10n"], data.get("quiet"))


@router.message(Command("join"))
async def join_command(message: Message, command: CommandObject, ctx: Ctx) -> None:
    if command.args:
        await offer_join(message, command.args, ctx.training, ctx.l10n, ctx.quiet)
        return
    await ctx.state.set_state(TrainFlow.code)
    await message.answer(ctx.l10n("training-ask-code"))


@router.message(TrainFlow.code)
async def code_given(message: Message, ctx: Ctx) -> None:
    code = (message.text or "").strip()
    if not code or code.startswith("/") or len(code) > 20:
        await message.answer(ctx.l10n("training-ask-code"))
        return
    await ctx.state.clear()
    await offer_join(message, code, ctx.training, ctx.l10n, ctx.quiet)


@router.callback_query(TrainCb.filter(F.action == TrainAction.card))
async def other_cohort(
    query: CallbackQuery, callback_data: TrainCb, message: Message, ctx: Ctx
) -> None:
    """Another cohort of a course whose cohort was full."""
    await query.answer()
    await offer_join(message, callback_data.value, ctx.training, ctx.l10n, ctx.quiet)


@router.callback_query(TrainCb.filter(F.action == TrainAction.join_cohort))
async def join(query: CallbackQuery, callback_data: TrainCb, message: Message, ctx: Ctx) -> None:
    me, training, quiet, l10n = ctx.access.user_id, ctx.training, ctx.quiet, ctx.l10n
    try:
        cohort = await training.join(me, callback_data.value)
    except JoinError as exc:
        await query.answer()
        if exc.reason == "full" and exc.cohort is not None:
            await show(message, await _full_view(exc.cohort, training, l10n))
            return
        other = html.escape(exc.cohort.name) if exc.cohort else ""
        await show(message, (l10n(f"training-join-{exc.reason}", cohort=other), None))
        return
    course = training.course_of(cohort)
    assert course is not None and cohort.starts_on is not None
    await query.answer(l10n("training-joined-short"))
    state = await training.course_state(me, course.code)
    opens = state is not None and state.released == 0
    plan = await training.catch_up(me, cohort)
    first = training.first_arrival(cohort, quiet)
    text = l10n(
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
    )
    courses = TrainCb(action=TrainAction.courses)
    kb: InlineKeyboardMarkup | None = (
        None if opens else keyboard([button(l10n("training-open-courses"), courses)])
    )
    await show(message, (text, kb))
