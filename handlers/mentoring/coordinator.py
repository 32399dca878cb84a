"""The coordinator's mentoring: funded people in their scope (without a mentor first), a person's
card with every mentor so far and the check-ins, assigning or changing the mentor, ending it."""

from __future__ import annotations

import html
from datetime import date

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.core.i18n import Money
from bot.mentoring.service import Funded, MentoringError
from bot.telegram.callbacks import MentorAction, MentorCb
from bot.telegram.screens import Screen, cut, keyboard, page_bounds, pager, show
from handlers.mentoring.common import PAGE, Ctx, mt
from handlers.mentoring.views import history_text, program_name, region_name

router = Router(name=__name__)


async def funded_screen(ctx: Ctx, page: int = 0) -> Screen:
    l10n = ctx.l10n
    found = await ctx.mentoring.funded(ctx.access)
    without = sum(1 for f in found if f.mentor_id is None)
    lines = [l10n("mentoring-funded-title", without=without, taken=len(found) - without)]
    if not found:
        lines.append(l10n("mentoring-funded-none"))
    page, pages = page_bounds(len(found), page, PAGE)
    rows = []
    for item in found[page * PAGE : (page + 1) * PAGE]:
        name = await ctx.name(item.user_id)
        if item.mentor_id is None:
            label = l10n("mentoring-funded-without", name=name)
        else:
            label = l10n("mentoring-funded-with", name=name, mentor=await ctx.name(item.mentor_id))
        rows.append([mt(cut(label, 60), MentorAction.person, p=item.project_id)])
    rows.append(
        pager(
            page,
            pages,
            lambda n: MentorCb(action=MentorAction.funded, r=n),
            MentorCb(action=MentorAction.noop),
        )
    )
    if ctx.access.is_mentor:
        rows.append([mt(l10n("mentoring-my-mentees-button"), MentorAction.mentees)])
    return "\n".join(lines), keyboard(*rows)


async def person_screen(ctx: Ctx, funded: Funded) -> Screen:
    l10n = ctx.l10n
    history = await ctx.mentoring.history_of_project(funded.project_id)
    current = history.current
    lines = [
        l10n(
            "mentoring-person-title",
            name=html.escape(await ctx.name(funded.user_id)),
            kind=funded.kind,
        ),
        l10n(
            "mentoring-person-project",
            title=html.escape(funded.title),
            program=program_name(ctx.mentoring, funded.program, l10n),
            region=region_name(funded.region, l10n),
            amount=Money(funded.amount),
            date=date.fromisoformat(funded.funded_on),
        ),
    ]
    if current is None:
        lines.append(l10n("mentoring-person-no-mentor"))
    else:
        lines.append(
            l10n(
                "mentoring-person-mentor",
                mentor=html.escape(await ctx.name(current.mentor_id)),
                every=current.every_months,
                date=ctx.mentoring.next_due(current),
            )
        )
    if history.periods:
        lines.append("")
        lines.append(history_text(history, l10n, ctx.mentoring.zone))
    pick = "mentoring-assign-button" if current is None else "mentoring-change-button"
    rows = [[mt(l10n(pick), MentorAction.pick, p=funded.project_id)]]
    if current is not None:
        rows.append([mt(l10n("mentoring-end-button"), MentorAction.end, p=funded.project_id)])
    rows.append([mt(l10n("button-back"), MentorAction.funded)])
    return "\n".join(lines), keyboard(*rows)


@router.callback_query(MentorCb.filter(F.action == MentorAction.funded))
async def funded(
    query: CallbackQuery, callback_data: MentorCb, message: Message, ctx: Ctx
) -> None:
    await show(message, await funded_screen(ctx, callback_data.r))
    await query.answer()


@router.callback_query(MentorCb.filter(F.action == MentorAction.noop))
async def noop(query: CallbackQuery) -> None:
    await query.answer()


@router.callback_query(MentorCb.filter(F.action == MentorAction.person))
async def person(query: CallbackQuery, message: Message, ctx: Ctx, funded: Funded) -> None:
    await show(message, await person_screen(ctx, funded))
    await query.answer()


@router.callback_query(MentorCb.filter(F.action == MentorAction.pick))
async def pick(query: CallbackQuery, message: Message, ctx: Ctx, funded: Funded) -> None:
    l10n = ctx.l10n
    mentors = [
        m
        for m in await ctx.mentoring.mentors_for(funded.program, funded.region)
        if m.id not in (funded.user_id, funded.mentor_id)
    ]
    name = html.escape(await ctx.name(funded.user_id))
    text = l10n("mentoring-pick-title", name=name, count=len(mentors))
    rows = [
        [mt(cut(m.full_name, 60), MentorAction.assign, p=funded.project_id, u=m.id)]
        for m in mentors
    ]
    rows.append([mt(l10n("button-back"), MentorAction.person, p=funded.project_id)])
    await show(message, (text, keyboard(*rows)))
    await query.answer()


@router.callback_query(MentorCb.filter(F.action == MentorAction.assign))
async def assign(
    query: CallbackQuery, callback_data: MentorCb, message: Message, ctx: Ctx, funded: Funded
) -> None:
    try:
        await ctx.mentoring.assign(
            funded.user_id,
            callback_data.u,
            funded.program,
            funded.region,
            funded.project_id,
            ctx.access,
        )
    except MentoringError as error:
        await query.answer(ctx.refused(error), show_alert=True)
        return
    fresh = await ctx.mentoring.funded_project(ctx.access, funded.project_id)
    await show(message, await person_screen(ctx, fresh or funded))
    await query.answer(ctx.l10n("mentoring-assigned", mentor=await ctx.name(callback_data.u)))


@router.callback_query(MentorCb.filter(F.action == MentorAction.end))
async def end(query: CallbackQuery, message: Message, ctx: Ctx, funded: Funded) -> None:
    l10n = ctx.l10n
    if funded.mentor_id is None:
        await query.answer(l10n("mentoring-gone"), show_alert=True)
        return
    text = l10n(
        "mentoring-end-confirm",
        name=html.escape(await ctx.name(funded.user_id)),
        mentor=html.escape(await ctx.name(funded.mentor_id)),
    )
    kb = keyboard(
        [mt(l10n("mentoring-end-yes"), MentorAction.end_confirm, p=funded.project_id)],
        [mt(l10n("button-back"), MentorAction.person, p=funded.project_id)],
    )
    await show(message, (text, kb))
    await query.answer()


@router.callback_query(MentorCb.filter(F.action == MentorAction.end_confirm))
async def end_confirm(query: CallbackQuery, message: Message, ctx: Ctx, funded: Funded) -> None:
    current = await ctx.mentoring.current(funded.project_id)
    if current is None:
        await query.answer(ctx.l10n("mentoring-gone"), show_alert=True)
        return
    try:
        await ctx.mentoring.end(current, ctx.access)
    except MentoringError as error:
        await query.answer(ctx.refused(error), show_alert=True)
        return
    fresh = await ctx.mentoring.funded_project(ctx.access, funded.project_id)
    await show(message, await person_screen(ctx, fresh or funded))
    await query.answer(ctx.l10n("mentoring-ended"))
