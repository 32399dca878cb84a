"""The new-cohort wizard: one question per screen (course, name, region, district, start,
schedule, time, capacity, trainer), then a summary to create it. It walks its steps through the
one step engine (`bot.telegram.wizard`); the questions and the reading of answers are here, the
limits in `bot.training.limits`, the creation in the service."""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from datetime import date, time
from typing import Any

from aiogram import F, Router
from aiogram.filters import Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.core.regions import region_by_code
from bot.telegram.callbacks import CohortAction as A
from bot.telegram.callbacks import CohortCb
from bot.telegram.screens import Screen, button, columns, keyboard, send, show
from bot.telegram.wizard import Wizard
from bot.training.limits import (
    DEFAULT_TIME,
    CohortRefused,
    example_date,
    parse_capacity,
    parse_name,
    parse_start,
    parse_time,
)
from bot.training.service import CohortDraft, OutOfScope
from handlers.training.cohorts.common import (
    DATA_PREFIX,
    WIZARD,
    CohortFlow,
    Ctx,
    co,
    pointed_person,
    text_of,
)
from handlers.training.cohorts.views import (
    card_view,
    list_view,
    place,
    quiet_warning,
    schedule,
    trainer_buttons,
    trainer_warning,
)

log = logging.getLogger(__name__)
router = Router(name=__name__)

NEW = Wizard(
    group=CohortFlow,
    steps=(
        "course",
        "name",
        "region",
        "district",
        "start",
        "schedule",
        "time",
        "capacity",
        "trainer",
        "summary",
    ),
    prefix=DATA_PREFIX,
)
BUTTON_STEPS = ("course", "region", "district", "schedule", "summary")
Rows = list[list[InlineKeyboardButton]]


class AtStep(Filter):
    """The presser is in the wizard (at one of `steps`, when given); the step and the answers
    so far go to the handler. A button of a wizard already finished, cancelled or moved on
    matches nothing here and is answered as stale."""

    def __init__(self, *steps: str) -> None:
        self.steps = steps

    async def __call__(self, event: Any, state: FSMContext) -> bool | dict[str, Any]:
        step, data = await NEW.at(state)
        if step is None or (self.steps and step not in self.steps):
            return False
        return {"step": step, "answers": data}


# -- the questions ------------------------------------------------------------------------------


async def _course(data: dict[str, Any], ctx: Ctx) -> tuple[str, Rows]:
    courses = ctx.training.courses_for(ctx.access)
    rows = [[button(c.title(ctx.l10n.locale), co(A.pick_course, value=c.code))] for c in courses]
    return ctx.l10n("cohort-ask-course"), rows


async def _name(data: dict[str, Any], ctx: Ctx) -> tuple[str, Rows]:
    return ctx.l10n("cohort-ask-name"), []


async def _region(data: dict[str, Any], ctx: Ctx) -> tuple[str, Rows]:
    course = ctx.training.courses.get(str(data.get("co_course") or ""))
    found = ctx.training.regions_for(ctx.access, course) if course else []
    items = [button(r.name(ctx.l10n.locale), co(A.pick_region, value=r.code)) for r in found]
    return ctx.l10n("cohort-ask-region"), columns(items)


async def _district(data: dict[str, Any], ctx: Ctx) -> tuple[str, Rows]:
    l10n, locale = ctx.l10n, ctx.l10n.locale
    region = region_by_code(data.get("co_region"))
    assert region is not None
    question = l10n("cohort-ask-district", region=html.escape(region.name(locale)))
    items = [button(d.name(locale), co(A.pick_district, value=d.code)) for d in region.districts]
    return question, [
        [button(l10n("cohort-whole-region"), co(A.pick_district, value="-"))],
        *columns(items),
    ]


async def _start(data: dict[str, Any], ctx: Ctx) -> tuple[str, Rows]:
    return ctx.l10n("cohort-ask-start", example=example_date(ctx.training.today())), []


async def _schedule(data: dict[str, Any], ctx: Ctx) -> tuple[str, Rows]:
    l10n = ctx.l10n
    return l10n("cohort-ask-schedule"), [
        [button(l10n("cohort-schedule-daily"), co(A.pick_schedule, value="d"))],
        [button(l10n("cohort-schedule-weekdays"), co(A.pick_schedule, value="w"))],
    ]


async def _time(data: dict[str, Any], ctx: Ctx) -> tuple[str, Rows]:
    l10n = ctx.l10n
    return l10n("cohort-ask-time"), [[button(l10n("cohort-time-default"), co(A.pick_time))]]


async def _capacity(data: dict[str, Any], ctx: Ctx) -> tuple[str, Rows]:
    l10n = ctx.l10n
    question = l10n("cohort-ask-capacity")
    warning = quiet_warning(time.fromisoformat(str(data.get("co_time"))), ctx)
    if warning:
        question = f"{warning}\n\n{question}"
    return question, [[button(l10n("cohort-capacity-unlimited"), co(A.pick_capacity))]]


async def _trainer(data: dict[str, Any], ctx: Ctx) -> tuple[str, Rows]:
    l10n = ctx.l10n
    rows = await trainer_buttons(
        data.get("co_region"), lambda uid: co(A.pick_trainer, value=str(uid)), ctx
    )
    rows.append([button(l10n("cohort-skip-trainer"), co(A.pick_trainer))])
    return l10n("cohort-ask-trainer"), rows


QUESTIONS: dict[str, Callable[[dict[str, Any], Ctx], Awaitable[tuple[str, Rows]]]] = {
    "course": _course,
    "name": _name,
    "region": _region,
    "district": _district,
    "start": _start,
    "schedule": _schedule,
    "time": _time,
    "capacity": _capacity,
    "trainer": _trainer,
}


async def step_view(step: str, data: dict[str, Any], ctx: Ctx) -> Screen:
    l10n = ctx.l10n
    nav = [button(l10n("button-cancel"), co(A.cancel))]
    if NEW.previous(step, data) is not None:
        nav.insert(0, button(l10n("button-back"), co(A.back, value=step)))
    if step == "summary":
        return await _summary(data, ctx), keyboard(
            [button(l10n("cohort-create"), co(A.create))], nav
        )
    question, rows = await QUESTIONS[step](data, ctx)
    number, steps = NEW.position(step, data)
    head = l10n("cohort-new-step", step=number, steps=steps - 1)  # the summary asks nothing
    return f"{head}\n{question}", keyboard(*rows, nav)


async def _summary(data: dict[str, Any], ctx: Ctx) -> str:
    l10n = ctx.l10n
    course = ctx.training.courses.get(str(data.get("co_course") or ""))
    assert course is not None
    trainer, warning = l10n("cohort-trainer-none"), None
    person = await ctx.people.get(int(data["co_trainer"])) if data.get("co_trainer") else None
    if person is not None:
        trainer = html.escape(person.full_name)
        warning = await trainer_warning(person, ctx)
    where = place(data.get("co_region"), data.get("co_district"), l10n.locale)
    at = time.fromisoformat(str(data.get("co_time")))
    quiet = quiet_warning(at, ctx)
    warning = "\n\n".join(w for w in (warning, quiet) if w) or None
    text = "\n".join(
        [
            l10n("cohort-summary-title"),
            l10n(
                "cohort-summary",
                course=html.escape(course.title(l10n.locale)),
                name=html.escape(str(data.get("co_name"))),
                place=html.escape(where),
                start=date.fromisoformat(str(data.get("co_start"))),
                schedule=schedule(bool(data.get("co_weekdays")), at, l10n),
                capacity=l10n("cohort-capacity-value", capacity=int(data.get("co_capacity") or 0)),
                trainer=trainer,
            ),
        ]
    )
    return f"{text}\n\n{warning}" if warning else text


# -- moving through it ---------------------------------------------------------------------------


@router.callback_query(CohortCb.filter(F.action == A.new), flags=WIZARD)
async def begin(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    if not ctx.training.courses_for(ctx.access):
        await query.answer(ctx.l10n("cohort-no-courses"), show_alert=True)
        return
    await query.answer()
    step, data = await NEW.begin(ctx.state, at="course")
    await show(message, await step_view(step, data, ctx))


@router.callback_query(CohortCb.filter(F.action == A.cancel), AtStep(), flags=WIZARD)
async def cancel(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await NEW.leave(ctx.state)
    await query.answer(ctx.l10n("cohort-cancelled"))
    await show(message, await list_view(ctx))


@router.callback_query(CohortCb.filter(F.action == A.back), AtStep(), flags=WIZARD)
async def back(
    query: CallbackQuery, callback_data: CohortCb, message: Message, step: str, ctx: Ctx
) -> None:
    """One step back; a Back pressed on an earlier screen than the current one is stale."""
    went = await NEW.back_from(ctx.state, step, pressed=callback_data.value)
    if went is None:
        await query.answer(ctx.l10n("button-stale"), show_alert=True)
        return
    await query.answer()
    await show(message, await step_view(*went, ctx))


async def _advance(step: str, answers: dict[str, Any], ctx: Ctx) -> Screen:
    """Keep an answer; the next question."""
    following, data = await NEW.advance(ctx.state, step, answers)
    assert following is not None  # the summary is the last step, and it takes no answer
    return await step_view(following, data, ctx)


# What a wizard button stores, given its value and the answers so far; None for a value that is
# not offered to this person (a forged button).
Reader = Callable[[str, dict[str, Any], Ctx], Awaitable[dict[str, Any] | None]]


async def _read_course(value: str, answers: dict[str, Any], ctx: Ctx) -> dict[str, Any] | None:
    picked = ctx.training.courses.get(value)
    offered = picked is not None and picked in ctx.training.courses_for(ctx.access)
    return {"co_course": value} if offered else None


async def _read_region(value: str, answers: dict[str, Any], ctx: Ctx) -> dict[str, Any] | None:
    course = ctx.training.courses.get(str(answers.get("co_course") or ""))
    allowed = {r.code for r in ctx.training.regions_for(ctx.access, course)} if course else set()
    return {"co_region": value, "co_district": None} if value in allowed else None


async def _read_district(value: str, answers: dict[str, Any], ctx: Ctx) -> dict[str, Any] | None:
    region = region_by_code(answers.get("co_region"))
    districts = {d.code for d in region.districts} if region else set()
    if region is None or (value != "-" and value not in districts):
        return None
    return {"co_district": None if value == "-" else value}


async def _read_schedule(value: str, answers: dict[str, Any], ctx: Ctx) -> dict[str, Any] | None:
    return {"co_weekdays": value == "w"} if value in ("d", "w") else None


async def _read_time(value: str, answers: dict[str, Any], ctx: Ctx) -> dict[str, Any] | None:
    return {"co_time": DEFAULT_TIME.strftime("%H:%M")}


async def _read_capacity(value: str, answers: dict[str, Any], ctx: Ctx) -> dict[str, Any] | None:
    return {"co_capacity": None}


async def _read_trainer(value: str, answers: dict[str, Any], ctx: Ctx) -> dict[str, Any] | None:
    """One of the trainers offered (a forged id is refused), or none for now."""
    if not value:
        return {"co_trainer": None}
    region = answers.get("co_region")
    offered = value.isdigit() and await ctx.training.trainer_offered(region, int(value))
    return {"co_trainer": int(value)} if offered else None


# A wizard button → the step it answers, and how its value is read.
PICKS: dict[A, tuple[str, Reader]] = {
    A.pick_course: ("course", _read_course),
    A.pick_region: ("region", _read_region),
    A.pick_district: ("district", _read_district),
    A.pick_schedule: ("schedule", _read_schedule),
    A.pick_time: ("time", _read_time),
    A.pick_capacity: ("capacity", _read_capacity),
    A.pick_trainer: ("trainer", _read_trainer),
}


def _on_pick(read: Reader) -> Callable[..., Awaitable[None]]:
    async def picked(
        query: CallbackQuery,
        callback_data: CohortCb,
        message: Message,
        step: str,
        answers: dict[str, Any],
        ctx: Ctx,
    ) -> None:
        """A wizard button's answer stored and the next question shown."""
        value = callback_data.value
        stored = await read(value, answers, ctx)
        if stored is None:
            action = callback_data.action.value
            log.warning(
                "user %s: cohort wizard value %s=%r refused", ctx.access.user_id, action, value
            )
            await query.answer(ctx.l10n("access-denied"), show_alert=True)
            return
        await query.answer()
        await show(message, await _advance(step, stored, ctx))

    return picked


for _action, (_step, _read) in PICKS.items():  # each button its own handler, at its own step
    router.callback_query.register(
        _on_pick(_read), CohortCb.filter(F.action == _action), AtStep(_step), flags=WIZARD
    )


@router.callback_query(CohortCb.filter(F.action == A.create), AtStep("summary"), flags=WIZARD)
async def create(
    query: CallbackQuery, message: Message, answers: dict[str, Any], ctx: Ctx
) -> None:
    access, training, l10n = ctx.access, ctx.training, ctx.l10n
    capacity, trainer = answers.get("co_capacity"), answers.get("co_trainer")
    try:
        draft = CohortDraft(
            course=str(answers.get("co_course") or ""),
            name=str(answers["co_name"]),
            region=answers.get("co_region"),
            district=answers.get("co_district"),
            starts_on=date.fromisoformat(str(answers["co_start"])),
            weekdays_only=bool(answers.get("co_weekdays")),
            release_time=time.fromisoformat(str(answers["co_time"])),
            capacity=int(capacity) if capacity is not None else None,
            trainer=int(trainer) if trainer else None,
        )
        cohort = await training.new_cohort(access, draft)
    except OutOfScope:
        log.warning("user %s: a cohort outside the scope refused", access.user_id)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    except CohortRefused as refused:  # the start has passed: the summary waited overnight
        await NEW.go(ctx.state, "start")
        await query.answer(ctx.refused(refused), show_alert=True)
        await show(message, await step_view("start", answers, ctx))
        return
    await NEW.leave(ctx.state)
    await query.answer()
    await show(message, await card_view(cohort, ctx, notice=l10n("cohort-created")))


WIZARD_ACTIONS = {A.back, A.cancel, A.create, *PICKS}


@router.callback_query(CohortCb.filter(F.action.in_(WIZARD_ACTIONS)), flags=WIZARD)
async def stale(query: CallbackQuery, ctx: Ctx) -> None:
    """A button of a wizard already finished or cancelled, or of an earlier step."""
    await query.answer(ctx.l10n("button-stale"), show_alert=True)


# -- typed answers ------------------------------------------------------------------------------


async def _typed(message: Message, ctx: Ctx, step: str) -> dict[str, Any]:
    """The answer typed at a step, as stored; `CohortRefused` says why it cannot be taken."""
    if step in BUTTON_STEPS:
        raise CohortRefused("cohort-use-buttons")
    if step == "trainer":
        return {"co_trainer": (await pointed_person(message, ctx)).id}
    text = text_of(message)
    if step == "name":
        return {"co_name": parse_name(text)}
    if step == "start":
        return {"co_start": parse_start(text, ctx.training.today()).isoformat()}
    if step == "time":
        return {"co_time": parse_time(text).strftime("%H:%M")}
    return {"co_capacity": parse_capacity(text)}


@router.message(StateFilter(*(NEW.state_of(s) for s in NEW.steps)), flags=WIZARD)
async def typed(message: Message, ctx: Ctx) -> None:
    step, data = await NEW.at(ctx.state)
    assert step is not None
    try:
        answers = await _typed(message, ctx, step)
    except CohortRefused as refused:
        text, kb = await step_view(step, data, ctx)
        await message.answer(f"{ctx.refused(refused)}\n\n{text}", reply_markup=kb)
        return
    await send(message, await _advance(step, answers, ctx))
