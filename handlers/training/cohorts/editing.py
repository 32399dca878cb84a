"""Changing a cohort: its name, start, schedule and days off, release time, capacity, trainer.
A button or one typed value each; the service holds the limits and refuses what would close a
lesson already open."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from dataclasses import replace

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.core.i18n import Translator
from bot.core.people import User
from bot.telegram.callbacks import CohortAction as A
from bot.telegram.callbacks import CohortCb
from bot.telegram.screens import button, columns, keyboard, send, show
from bot.training.limits import (
    DEFAULT_TIME,
    CohortRefused,
    example_date,
    parse_capacity,
    parse_days_off,
    parse_name,
    parse_start,
    parse_time,
)
from bot.training.service import Cohort
from handlers.training.cohorts.common import (
    MANAGE,
    CohortFlow,
    Ctx,
    co,
    leave,
    pointed_person,
    text_of,
)
from handlers.training.cohorts.views import (
    back_to_card,
    card_view,
    quiet_warning,
    schedule,
    trainer_buttons,
    trainer_warning,
)

router = Router(name=__name__)

EDIT_FIELDS = {
    "name": "cohort-edit-name",
    "start": "cohort-edit-start",
    "sched": "cohort-edit-schedule",
    "time": "cohort-edit-time",
    "cap": "cohort-edit-capacity",
    "trainer": "cohort-edit-trainer",
}
TYPED_FIELDS = ("name", "start", "time", "cap", "trainer")


def _back(cohort: Cohort, l10n: Translator) -> list[InlineKeyboardButton]:
    return [button(l10n("button-back"), co(A.edit, cohort.id))]


@router.callback_query(CohortCb.filter(F.action == A.edit), flags=MANAGE)
async def edit_menu(query: CallbackQuery, message: Message, cohort: Cohort, ctx: Ctx) -> None:
    l10n = ctx.l10n
    started = ctx.training.released(cohort) > 0
    buttons = [
        button(l10n(key), co(A.edit_field, cohort.id, field))
        for field, key in EDIT_FIELDS.items()
        if not (field == "start" and started)
    ]
    await query.answer()
    text = l10n("cohort-edit-title", name=html.escape(cohort.name))
    await show(message, (text, keyboard(*columns(buttons), back_to_card(cohort, l10n))))


@router.callback_query(
    CohortCb.filter((F.action == A.edit_field) & (F.value == "sched")), flags=MANAGE
)
async def ask_schedule(query: CallbackQuery, message: Message, cohort: Cohort, ctx: Ctx) -> None:
    l10n = ctx.l10n
    await query.answer()
    now = schedule(cohort.weekdays_only, cohort.release_time, l10n)
    kb = keyboard(
        [button(l10n("cohort-schedule-daily"), co(A.set_schedule, cohort.id, "d"))],
        [button(l10n("cohort-schedule-weekdays"), co(A.set_schedule, cohort.id, "w"))],
        [button(l10n("cohort-days-off-button"), co(A.edit_field, cohort.id, "off"))],
        _back(cohort, l10n),
    )
    await show(message, (l10n("cohort-edit-ask-schedule", schedule=now), kb))


@router.callback_query(
    CohortCb.filter((F.action == A.edit_field) & (F.value == "off")), flags=MANAGE
)
async def ask_days_off(query: CallbackQuery, message: Message, cohort: Cohort, ctx: Ctx) -> None:
    l10n, state = ctx.l10n, ctx.state
    await query.answer()
    await state.set_state(CohortFlow.edit_days_off)
    await state.update_data(co_cohort=cohort.id)
    current = ", ".join(l10n.date(d) for d in sorted(cohort.days_off)) or "—"
    example = example_date(ctx.training.today())
    prompt = l10n("cohort-edit-ask-days-off", current=current, example=example)
    clear = [button(l10n("cohort-days-off-clear"), co(A.clear_days_off, cohort.id))]
    await show(message, (prompt, keyboard(clear, _back(cohort, l10n))))


@router.callback_query(
    CohortCb.filter((F.action == A.edit_field) & F.value.in_(TYPED_FIELDS)), flags=MANAGE
)
async def ask_value(
    query: CallbackQuery, callback_data: CohortCb, message: Message, cohort: Cohort, ctx: Ctx
) -> None:
    """One value to type (or a button: the default time, no limit, a trainer)."""
    l10n, field = ctx.l10n, callback_data.value
    if field == "start":
        try:
            ctx.training.check_start_editable(cohort)
        except CohortRefused as refused:
            await query.answer(ctx.refused(refused), show_alert=True)
            return
    flow, prompt, extra = {
        "name": (CohortFlow.edit_name, l10n("cohort-edit-ask-name"), []),
        "start": (
            CohortFlow.edit_start,
            l10n("cohort-ask-start", example=example_date(ctx.training.today())),
            [],
        ),
        "time": (
            CohortFlow.edit_time,
            l10n("cohort-ask-time"),
            [button(l10n("cohort-time-default"), co(A.default_time, cohort.id))],
        ),
        "cap": (
            CohortFlow.edit_capacity,
            l10n("cohort-ask-capacity"),
            [button(l10n("cohort-capacity-unlimited"), co(A.unlimited, cohort.id))],
        ),
        "trainer": (CohortFlow.edit_trainer, l10n("cohort-ask-trainer"), []),
    }[field]
    await query.answer()
    await ctx.state.set_state(flow)
    await ctx.state.update_data(co_cohort=cohort.id)
    people = (
        await trainer_buttons(
            cohort.region, lambda uid: co(A.set_trainer, cohort.id, str(uid)), ctx
        )
        if field == "trainer"
        else []
    )
    await show(message, (prompt, keyboard(*people, extra, _back(cohort, l10n))))


# -- a button that changes the cohort -----------------------------------------------------------


async def _save_pressed(
    query: CallbackQuery, message: Message, cohort: Cohort, changed: Cohort, ctx: Ctx
) -> None:
    try:
        await ctx.training.update_cohort(cohort, changed, ctx.access.user_id)
    except CohortRefused as refused:
        await query.answer(ctx.refused(refused), show_alert=True)
        return
    await query.answer(ctx.l10n("cohort-saved"))
    await show(message, await card_view(changed, ctx))


@router.callback_query(
    CohortCb.filter((F.action == A.set_schedule) & F.value.in_({"d", "w"})), flags=MANAGE
)
async def set_schedule(
    query: CallbackQuery, callback_data: CohortCb, message: Message, cohort: Cohort, ctx: Ctx
) -> None:
    changed = replace(cohort, weekdays_only=callback_data.value == "w")
    await _save_pressed(query, message, cohort, changed, ctx)


@router.callback_query(CohortCb.filter(F.action == A.default_time), flags=MANAGE)
async def default_time(query: CallbackQuery, message: Message, cohort: Cohort, ctx: Ctx) -> None:
    changed = replace(cohort, release_time=DEFAULT_TIME)
    await _save_pressed(query, message, cohort, changed, ctx)


@router.callback_query(CohortCb.filter(F.action == A.unlimited), flags=MANAGE)
async def unlimited(query: CallbackQuery, message: Message, cohort: Cohort, ctx: Ctx) -> None:
    await _save_pressed(query, message, cohort, replace(cohort, capacity=None), ctx)


@router.callback_query(CohortCb.filter(F.action == A.clear_days_off), flags=MANAGE)
async def clear_days_off(query: CallbackQuery, message: Message, cohort: Cohort, ctx: Ctx) -> None:
    try:
        changed = await ctx.training.set_days_off(cohort, frozenset(), by=ctx.access.user_id)
    except CohortRefused as refused:
        await query.answer(ctx.refused(refused), show_alert=True)
        return
    await leave(ctx.state)
    await query.answer(ctx.l10n("cohort-saved"))
    await show(message, await card_view(changed, ctx))


@router.callback_query(CohortCb.filter(F.action == A.set_trainer), flags=MANAGE)
async def set_trainer(
    query: CallbackQuery, callback_data: CohortCb, message: Message, cohort: Cohort, ctx: Ctx
) -> None:
    value = callback_data.value
    offered = value.isdigit() and await ctx.training.trainer_offered(cohort.region, int(value))
    person = await ctx.people.get(int(value)) if offered else None
    if person is None:
        await query.answer(ctx.l10n("button-stale"), show_alert=True)
        return
    await leave(ctx.state)
    await query.answer()
    notice = await _trainer_added(cohort, person, ctx)
    await show(message, await card_view(cohort, ctx, notice=notice))


@router.callback_query(CohortCb.filter(F.action.in_({A.edit_field, A.set_schedule})), flags=MANAGE)
async def unknown_value(query: CallbackQuery, ctx: Ctx) -> None:
    """A field or a schedule these screens never offered (a forged button)."""
    await query.answer(ctx.l10n("button-stale"), show_alert=True)


# -- a typed value ------------------------------------------------------------------------------


async def _trainer_added(cohort: Cohort, person: User, ctx: Ctx) -> str:
    """Add a trainer to a cohort; the notice for its card."""
    name = html.escape(person.full_name)
    if not await ctx.training.add_trainer(cohort, person.id, ctx.access.user_id):
        return ctx.l10n("cohort-trainer-already", name=name)
    warning = await trainer_warning(person, ctx)
    added = ctx.l10n("cohort-trainer-added", name=name)
    return f"{added}\n{warning}" if warning else added


async def _saved(cohort: Cohort, changed: Cohort, ctx: Ctx) -> str:
    await ctx.training.update_cohort(cohort, changed, ctx.access.user_id)
    return ctx.l10n("cohort-saved")


async def _name(message: Message, cohort: Cohort, ctx: Ctx) -> str:
    return await _saved(cohort, replace(cohort, name=parse_name(text_of(message))), ctx)


async def _start(message: Message, cohort: Cohort, ctx: Ctx) -> str:
    ctx.training.check_start_editable(cohort)
    starts_on = parse_start(text_of(message), ctx.training.today())
    return await _saved(cohort, replace(cohort, starts_on=starts_on), ctx)


async def _time(message: Message, cohort: Cohort, ctx: Ctx) -> str:
    changed = replace(cohort, release_time=parse_time(text_of(message)))
    warning = quiet_warning(changed.release_time, ctx)
    saved = await _saved(cohort, changed, ctx)
    return f"{saved}\n{warning}" if warning else saved


async def _capacity(message: Message, cohort: Cohort, ctx: Ctx) -> str:
    return await _saved(cohort, replace(cohort, capacity=parse_capacity(text_of(message))), ctx)


async def _trainer(message: Message, cohort: Cohort, ctx: Ctx) -> str:
    return await _trainer_added(cohort, await pointed_person(message, ctx), ctx)


async def _days_off(message: Message, cohort: Cohort, ctx: Ctx) -> str:
    days = parse_days_off(text_of(message), ctx.training.today())
    await ctx.training.set_days_off(cohort, days, by=ctx.access.user_id)
    return ctx.l10n("cohort-saved")


Typed = Callable[[Message, Cohort, Ctx], Awaitable[str]]
TYPED: dict[str | None, Typed] = {
    state.state: read
    for state, read in (
        (CohortFlow.edit_name, _name),
        (CohortFlow.edit_start, _start),
        (CohortFlow.edit_time, _time),
        (CohortFlow.edit_capacity, _capacity),
        (CohortFlow.edit_trainer, _trainer),
        (CohortFlow.edit_days_off, _days_off),
    )
}


@router.message(StateFilter(*TYPED), flags=MANAGE)
async def value_given(message: Message, raw_state: str | None, cohort: Cohort, ctx: Ctx) -> None:
    """One typed value of a cohort stored; the card again, with what was done on top."""
    try:
        notice = await TYPED[raw_state](message, cohort, ctx)
    except CohortRefused as refused:
        await send(message, (ctx.refused(refused), keyboard(back_to_card(cohort, ctx.l10n))))
        return
    await leave(ctx.state)
    stored = await ctx.training.cohort(cohort.id) or cohort
    await send(message, await card_view(stored, ctx, notice=notice))
