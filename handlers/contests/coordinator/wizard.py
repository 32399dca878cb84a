"""Opening a contest: the program, the region, the cohort (programs with a course), who may
enter, the window (opens, closes), then a summary with the rubric the program's terms give and
how many people will be invited; «Open» opens it and invites them."""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.contests.service import ContestError
from bot.core.regions import regions
from bot.core.validators import Invalid, parse_date
from bot.telegram.callbacks import ContestAction as A
from bot.telegram.callbacks import ContestCb
from bot.telegram.screens import Screen, columns, keyboard, send, show
from handlers.contests.common import (
    NEW_KEY,
    ContestFlow,
    Ctx,
    cb,
    error_text,
    needs,
    region_name,
)
from handlers.contests.coordinator.contests import card_view, list_view

router = Router(name=__name__)

COORD = needs(role="coordinator")
COORD_STAY = needs(role="coordinator", stay=True)
TYPED = needs(role="coordinator", typed=True)


async def _new(ctx: Ctx) -> dict[str, Any]:
    return dict((await ctx.state.get_data()).get(NEW_KEY) or {})


async def _keep(ctx: Ctx, **values: Any) -> dict[str, Any]:
    found = {**await _new(ctx), **values}
    await ctx.state.update_data({NEW_KEY: found})
    return found


def _cancel(ctx: Ctx) -> list[InlineKeyboardButton]:
    return [cb(ctx.l10n("contest-new-cancel"), A.new_cancel)]


@router.callback_query(ContestCb.filter(F.action == A.new), flags=COORD)
async def new(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    programs = ctx.contests.programs_for(ctx.access)
    await ctx.state.set_state(ContestFlow.new)
    await ctx.state.update_data({NEW_KEY: {}})
    rows = [[cb(p.name(ctx.l10n.locale), A.new_program, v=p.code)] for p in programs]
    await show(message, (ctx.l10n("contest-new-program"), keyboard(*rows, _cancel(ctx))))


@router.callback_query(ContestCb.filter(F.action == A.new_program), flags=COORD_STAY)
async def new_program(
    query: CallbackQuery, callback_data: ContestCb, message: Message, ctx: Ctx
) -> None:
    code = callback_data.v
    if code not in {p.code for p in ctx.contests.programs_for(ctx.access)}:
        await query.answer(ctx.l10n("access-denied"), show_alert=True)
        return
    await query.answer()
    await _keep(ctx, program=code)
    access, l10n = ctx.access, ctx.l10n
    buttons = [
        cb(r.name(l10n.locale), A.new_region, v=r.code)
        for r in regions()
        if access.coordinates(program=code, region=r.code)
    ]
    rows = columns(buttons, 2)
    if access.coordinates(program=code, region=None):
        rows.insert(0, [cb(l10n("contest-everywhere"), A.new_region, v="-")])
    await show(message, (l10n("contest-new-region"), keyboard(*rows, _cancel(ctx))))


@router.callback_query(ContestCb.filter(F.action == A.new_region), flags=COORD_STAY)
async def new_region(
    query: CallbackQuery, callback_data: ContestCb, message: Message, ctx: Ctx
) -> None:
    found = await _new(ctx)
    region = None if callback_data.v == "-" else callback_data.v
    program = str(found.get("program") or "")
    if not program or not ctx.access.coordinates(program=program, region=region):
        await query.answer(ctx.l10n("access-denied"), show_alert=True)
        return
    await query.answer()
    await _keep(ctx, region=region)
    cohorts = await ctx.contests.cohorts(program, region)
    if not cohorts:
        await show(message, _who_view(ctx, program))
        return
    rows = [[cb(ctx.l10n("contest-all-cohorts"), A.new_cohort, v="0")]]
    rows += [[cb(name, A.new_cohort, v=str(cohort_id))] for cohort_id, name in cohorts[:12]]
    await show(message, (ctx.l10n("contest-new-cohort"), keyboard(*rows, _cancel(ctx))))


def _who_view(ctx: Ctx, program: str) -> Screen:
    l10n = ctx.l10n
    kinds = ["approved", "anyone"]
    if ctx.contests.has_course(program):
        kinds.insert(0, "completed")
    rows = [[cb(l10n("contest-who", who=k), A.new_who, v=k)] for k in kinds]
    return l10n("contest-new-who"), keyboard(*rows, _cancel(ctx))


@router.callback_query(ContestCb.filter(F.action == A.new_cohort), flags=COORD_STAY)
async def new_cohort(
    query: CallbackQuery, callback_data: ContestCb, message: Message, ctx: Ctx
) -> None:
    found = await _new(ctx)
    program = str(found.get("program") or "")
    cohorts = {c for c, _ in await ctx.contests.cohorts(program, found.get("region"))}
    cohort = int(callback_data.v) if callback_data.v.isdigit() else -1
    if cohort != 0 and cohort not in cohorts:
        await query.answer(ctx.l10n("contest-stale"), show_alert=True)
        return
    await query.answer()
    await _keep(ctx, cohort=cohort or None)
    await show(message, _who_view(ctx, program))


def _opens_view(ctx: Ctx, error: str | None = None) -> Screen:
    l10n = ctx.l10n
    text = "\n\n".join(filter(None, [error, l10n("contest-new-opens")]))
    return text, keyboard([cb(l10n("contest-today"), A.new_today)], _cancel(ctx))


@router.callback_query(ContestCb.filter(F.action == A.new_who), flags=COORD_STAY)
async def new_who(
    query: CallbackQuery, callback_data: ContestCb, message: Message, ctx: Ctx
) -> None:
    if callback_data.v not in ("completed", "approved", "anyone") or not (await _new(ctx)):
        await query.answer(ctx.l10n("contest-stale"), show_alert=True)
        return
    await query.answer()
    await _keep(ctx, who=callback_data.v)
    await show(message, _opens_view(ctx))


def _closes_view(ctx: Ctx, opens: date, error: str | None = None) -> Screen:
    l10n = ctx.l10n
    text = "\n\n".join(filter(None, [error, l10n("contest-new-closes", opens=opens)]))
    days = [cb(l10n("contest-days", days=d), A.new_days, v=str(d)) for d in (14, 30)]
    return text, keyboard(days, _cancel(ctx))


async def _opens_chosen(ctx: Ctx, opens: date) -> Screen:
    await _keep(ctx, opens=opens.isoformat())
    await ctx.state.set_state(ContestFlow.new_closes)
    return _closes_view(ctx, opens)


@router.callback_query(ContestCb.filter(F.action == A.new_today), flags=COORD_STAY)
async def new_today(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await show(message, await _opens_chosen(ctx, ctx.contests.today()))


@router.message(ContestFlow.new, F.text, flags=TYPED)
async def opens_typed(message: Message, ctx: Ctx) -> None:
    today = ctx.contests.today()
    if not (await _new(ctx)).get("who"):
        await message.answer(ctx.l10n("contest-press-a-button"))
        return
    parsed = parse_date(message.text or "", today=today, not_before=today)
    if isinstance(parsed, Invalid):
        await send(message, _opens_view(ctx, ctx.l10n("contest-error-date")))
        return
    await send(message, await _opens_chosen(ctx, parsed))


async def _summary(ctx: Ctx, closes: date) -> Screen:
    found = await _keep(ctx, closes=closes.isoformat())
    l10n = ctx.l10n
    program = ctx.contests.catalogue.get(str(found["program"]))
    assert program is not None
    count = await ctx.contests.count_eligible(
        program.code, found.get("region"), found.get("cohort"), str(found["who"])
    )
    rubric = ctx.contests.rubric_of(program)
    lines = [
        l10n(
            "contest-new-summary",
            program=html.escape(program.name(l10n.locale)),
            region=region_name(found.get("region"), l10n),
            who=str(found["who"]),
            opens=date.fromisoformat(str(found["opens"])),
            closes=closes,
            count=count,
            funding=program.cycle.funding,
            term=program.cycle.term_months,
            grace=program.cycle.grace_months,
        ),
        "",
        l10n("contest-rubric-title"),
    ]
    lines += [
        l10n("contest-rubric-line", label=html.escape(r.label(l10n.locale)), max=r.max)
        for r in rubric
    ]
    lines += ["", l10n("contest-tie-break")]
    kb = keyboard([cb(l10n("contest-new-open"), A.new_ok)], _cancel(ctx))
    return "\n".join(lines), kb


async def _closes_ok(ctx: Ctx, closes: date) -> Screen | str:
    found = await _new(ctx)
    opens = date.fromisoformat(str(found.get("opens")))
    if closes < opens:
        return ctx.l10n("contest-error-window")
    return await _summary(ctx, closes)


@router.callback_query(ContestCb.filter(F.action == A.new_days), flags=COORD_STAY)
async def new_days(
    query: CallbackQuery, callback_data: ContestCb, message: Message, ctx: Ctx
) -> None:
    found = await _new(ctx)
    if not found.get("opens") or callback_data.v not in ("14", "30"):
        await query.answer(ctx.l10n("contest-stale"), show_alert=True)
        return
    await query.answer()
    opens = date.fromisoformat(str(found["opens"]))
    screen = await _closes_ok(ctx, opens + timedelta(days=int(callback_data.v)))
    assert not isinstance(screen, str)
    await show(message, screen)


@router.message(ContestFlow.new_closes, F.text, flags=TYPED)
async def closes_typed(message: Message, ctx: Ctx) -> None:
    found = await _new(ctx)
    opens = date.fromisoformat(str(found.get("opens")))
    parsed = parse_date(message.text or "", today=ctx.contests.today(), not_before=opens)
    screen = (
        ctx.l10n("contest-error-date")
        if isinstance(parsed, Invalid)
        else await _closes_ok(ctx, parsed)
    )
    if isinstance(screen, str):
        await send(message, _closes_view(ctx, opens, screen))
        return
    await send(message, screen)


@router.callback_query(ContestCb.filter(F.action == A.new_ok), flags=COORD_STAY)
async def new_ok(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    found = await _new(ctx)
    if not found.get("closes"):
        await query.answer(ctx.l10n("contest-stale"), show_alert=True)
        return
    try:
        contest, invited = await ctx.contests.open(
            ctx.access,
            program=str(found["program"]),
            region=found.get("region"),
            cohort_id=found.get("cohort"),
            eligibility=str(found["who"]),
            opens_on=date.fromisoformat(str(found["opens"])),
            closes_on=date.fromisoformat(str(found["closes"])),
        )
    except ContestError as exc:
        await query.answer(error_text(exc, ctx.l10n), show_alert=True)
        return
    await ctx.leave()
    await query.answer()
    notice = ctx.l10n("contest-opened", count=invited)
    await show(message, await card_view(contest, ctx, notice))


@router.callback_query(ContestCb.filter(F.action == A.new_cancel), flags=COORD)
async def new_cancel(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await show(message, await list_view(ctx))
