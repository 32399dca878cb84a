"""A cohort's trainees: the list, one trainee's card, moving them to another cohort of the
course, taking them out, and adding people (by id or a forwarded message)."""

from __future__ import annotations

import html
import logging
from typing import Any

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.core.i18n import format_datetime
from bot.telegram.callbacks import CohortAction as A
from bot.telegram.callbacks import CohortCb
from bot.telegram.guards import Guard, flag
from bot.telegram.screens import Screen, button, keyboard, send, show
from bot.training.limits import CohortRefused
from bot.training.schedule import progress_bar
from bot.training.service import Cohort, JoinError, Progress
from handlers.training.cohorts.common import (
    MANAGE,
    VIEW,
    CohortFlow,
    Ctx,
    co,
    person_name,
    pointed_person,
    seats,
)
from handlers.training.cohorts.views import back_to_card, label, members_view

log = logging.getLogger(__name__)
router = Router(name=__name__)

MOVE_CHOICES = 20  # cohorts offered to move a trainee to


@router.callback_query(CohortCb.filter(F.action == A.members), flags=VIEW)
async def members(
    query: CallbackQuery, callback_data: CohortCb, message: Message, cohort: Cohort, ctx: Ctx
) -> None:
    await query.answer()
    page = int(callback_data.value) if callback_data.value.isdigit() else 0
    await show(message, await members_view(cohort, page, ctx))


class TraineeCheck(Guard):
    """The trainee a button names (value: "user" or "user.target") is still in the cohort; when
    not (moved or removed meanwhile, or a forged id), an alert and the list instead. Runs after
    the package's guard has loaded the cohort; hands the handler `trainee`."""

    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        if not flag(data, "trainee") or not isinstance(event, CallbackQuery):
            return True
        callback_data: CohortCb = data["callback_data"]
        cohort: Cohort = data["cohort"]
        ctx: Ctx = data["ctx"]
        user_text = callback_data.value.partition(".")[0]
        found = await ctx.training.trainee(cohort, int(user_text) if user_text.isdigit() else 0)
        if found is None:
            await event.answer(ctx.l10n("cohort-trainee-gone"), show_alert=True)
            await show(data["message"], await members_view(cohort, 0, ctx))
            return False
        data["trainee"] = found
        return True


router.callback_query.middleware(TraineeCheck())
TRAINEE_VIEW = {**VIEW, "trainee": True}
TRAINEE_MANAGE = {**MANAGE, "trainee": True}


async def _trainee_view(cohort: Cohort, trainee: Progress, ctx: Ctx) -> Screen:
    l10n, zone, training = ctx.l10n, ctx.zone, ctx.training
    course = training.course_of(cohort)
    assert course is not None
    user_id = trainee.member.user_id
    person = await ctx.people.get(user_id)
    name = html.escape(person_name(person, user_id))
    mention = f'<a href="tg://user?id={user_id}">{name}</a>'
    if person is not None and person.username:
        mention += " " + html.escape(f"@{person.username}")
    released = training.released(cohort)
    done, last = trainee.done, trainee.last
    text = l10n(
        "cohort-trainee",
        name=mention,
        cohort=html.escape(cohort.name),
        joined=trainee.member.joined_at.astimezone(zone).date(),
        bar=progress_bar(len(done), len(course.lessons)),
        behind=released - len({n for n in done if n <= released}),
        last=format_datetime(last, l10n.locale, zone) if last else l10n("cohort-trainee-never"),
    )
    rows = []
    if training.coordinates(ctx.access, cohort):
        value = str(user_id)
        rows.append([button(l10n("cohort-move-button"), co(A.move, cohort.id, value))])
        rows.append([button(l10n("cohort-remove-button"), co(A.remove, cohort.id, value))])
    rows.append([button(l10n("cohort-back-to-members"), co(A.members, cohort.id))])
    return text, keyboard(*rows)


@router.callback_query(CohortCb.filter(F.action == A.trainee), flags=TRAINEE_VIEW)
async def trainee_card(
    query: CallbackQuery, message: Message, cohort: Cohort, trainee: Progress, ctx: Ctx
) -> None:
    await query.answer()
    await show(message, await _trainee_view(cohort, trainee, ctx))


@router.callback_query(CohortCb.filter(F.action == A.move), flags=TRAINEE_MANAGE)
async def move_choices(
    query: CallbackQuery, message: Message, cohort: Cohort, trainee: Progress, ctx: Ctx
) -> None:
    trainee_name = html.escape(await ctx.name(trainee.member.user_id))
    l10n, training = ctx.l10n, ctx.training
    targets = await training.move_targets(ctx.access, cohort)
    if not targets:
        await query.answer(l10n("cohort-move-none"), show_alert=True)
        return
    await query.answer()
    user_id = trainee.member.user_id
    rows = []
    for target in targets[:MOVE_CHOICES]:
        taken = seats(await training.enrolled(target), target.capacity)
        item = l10n("cohort-move-item", name=label(target.name), seats=taken)
        rows.append([button(item, co(A.move_to, cohort.id, f"{user_id}.{target.id}"))])
    rows.append([button(l10n("button-back"), co(A.trainee, cohort.id, str(user_id)))])
    await show(message, (l10n("cohort-move-title", name=trainee_name), keyboard(*rows)))


@router.callback_query(CohortCb.filter(F.action == A.move_to), flags=TRAINEE_MANAGE)
async def move(
    query: CallbackQuery,
    callback_data: CohortCb,
    message: Message,
    cohort: Cohort,
    trainee: Progress,
    ctx: Ctx,
) -> None:
    trainee_name = html.escape(await ctx.name(trainee.member.user_id))
    l10n, training = ctx.l10n, ctx.training
    user_id = trainee.member.user_id
    target_text = callback_data.value.partition(".")[2]
    target = (
        await training.move_target(ctx.access, cohort, int(target_text))
        if target_text.isdigit()
        else None
    )
    if target is None:
        log.warning("user %s may not move a trainee to %r", ctx.access.user_id, target_text)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    try:
        await training.move_trainee(user_id, cohort, target, ctx.access.user_id)
    except JoinError as exc:
        capacity = target.capacity or 0
        text = l10n(
            "cohort-join-error", reason=exc.reason, capacity=capacity, name=trainee_name, other=""
        )
        await query.answer(text, show_alert=True)
        return
    await query.answer()
    notice = l10n("cohort-moved", name=trainee_name, cohort=html.escape(target.name))
    await show(message, await members_view(cohort, 0, ctx, notice=notice))


@router.callback_query(CohortCb.filter(F.action == A.remove), flags=TRAINEE_MANAGE)
async def remove(
    query: CallbackQuery, message: Message, cohort: Cohort, trainee: Progress, ctx: Ctx
) -> None:
    trainee_name = html.escape(await ctx.name(trainee.member.user_id))
    l10n = ctx.l10n
    await query.answer()
    user_id = trainee.member.user_id
    text = l10n("cohort-remove-confirm", name=trainee_name, cohort=html.escape(cohort.name))
    kb = keyboard(
        [button(l10n("cohort-remove-yes"), co(A.remove_yes, cohort.id, str(user_id)))],
        [button(l10n("button-back"), co(A.trainee, cohort.id, str(user_id)))],
    )
    await show(message, (text, kb))


@router.callback_query(CohortCb.filter(F.action == A.remove_yes), flags=TRAINEE_MANAGE)
async def remove_confirmed(
    query: CallbackQuery, message: Message, cohort: Cohort, trainee: Progress, ctx: Ctx
) -> None:
    trainee_name = html.escape(await ctx.name(trainee.member.user_id))
    await ctx.training.remove_trainee(cohort, trainee.member.user_id, ctx.access.user_id)
    await query.answer()
    notice = ctx.l10n("cohort-removed", name=trainee_name)
    await show(message, await members_view(cohort, 0, ctx, notice=notice))


# -- adding people ------------------------------------------------------------------------------


@router.callback_query(CohortCb.filter(F.action == A.add), flags=MANAGE)
async def ask_person(query: CallbackQuery, message: Message, cohort: Cohort, ctx: Ctx) -> None:
    await query.answer()
    await ctx.state.set_state(CohortFlow.add_trainee)
    await ctx.state.update_data(co_cohort=cohort.id)
    text = ctx.l10n("cohort-add-ask", cohort=html.escape(cohort.name))
    await show(message, (text, keyboard(back_to_card(cohort, ctx.l10n))))


@router.message(CohortFlow.add_trainee, flags=MANAGE)
async def person_given(message: Message, cohort: Cohort, ctx: Ctx) -> None:
    """Enrol the person pointed at; the coordinator stays here to send the next one."""
    back = keyboard(back_to_card(cohort, ctx.l10n))
    await send(message, (await _add(message, cohort, ctx), back))


async def _add(message: Message, cohort: Cohort, ctx: Ctx) -> str:
    """What to tell the coordinator."""
    l10n = ctx.l10n
    try:
        person = await pointed_person(message, ctx)
    except CohortRefused as refused:
        return ctx.refused(refused)
    name = html.escape(person.full_name)
    try:
        enrolled = await ctx.training.add_trainee(cohort, person.id, ctx.access.user_id)
    except JoinError as exc:
        if exc.reason == "already-here":
            return l10n("cohort-add-already", name=name)
        other = exc.cohort.name if exc.cohort is not None and exc.reason == "other-cohort" else ""
        return l10n(
            "cohort-join-error",
            reason=exc.reason,
            capacity=cohort.capacity or 0,
            name=name,
            other=html.escape(other),
        )
    return l10n("cohort-added", name=name, seats=seats(enrolled, cohort.capacity))
