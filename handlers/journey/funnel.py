"""The funnel for a coordinator: a program, a region and a period (this year, the last twelve
months, all time) inside their scope; each step's count, its share of the step before and of
those who applied, the median days from the step before; as a chart and as a workbook."""

from __future__ import annotations

import asyncio
import html
import logging
from datetime import timedelta

from aiogram import F, Router
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, Message

from bot.core.regions import region_by_code
from bot.journey.documents import days, funnel_png, funnel_workbook, share, step_name
from bot.journey.service import Funnel, Period
from bot.telegram.callbacks import JourneyAction, JourneyCb
from bot.telegram.menu import MenuButton
from bot.telegram.screens import Screen, button, columns, cut, keyboard, send, show
from handlers.journey.common import FILTERS, Ctx, Filters, regions_in_scope

log = logging.getLogger("handlers.journey")
router = Router(name=__name__)


def jb(text: str, action: JourneyAction, filters: Filters) -> InlineKeyboardButton:
    return button(text, JourneyCb(action=action, v=filters.pack()))


def scope_text(filters: Filters, ctx: Ctx) -> str:
    """«Жарқыра · Атырау облысы · 2026 жыл»: what the numbers are about."""
    l10n = ctx.l10n
    program = ctx.journey.catalogue.get(filters.program) if filters.program else None
    region = region_by_code(filters.region) if filters.region else None
    parts = [
        program.name(l10n.locale) if program else l10n("journey-all-programs"),
        region.name(l10n.locale) if region else l10n("journey-all-regions"),
        l10n("journey-period", period=filters.period.value, year=str(ctx.journey.today().year)),
    ]
    return " · ".join(parts)


def funnel_lines(funnel: Funnel, ctx: Ctx) -> list[str]:
    l10n = ctx.l10n
    lines = []
    for n, step in enumerate(funnel.steps, start=1):
        name = step_name(step, l10n)
        if not step.applies:
            lines.append(l10n("journey-funnel-skipped", n=n, step=name))
        elif n == 1:
            lines.append(l10n("journey-funnel-first", n=n, step=name, count=step.count))
        else:
            lines.append(
                l10n(
                    "journey-funnel-line",
                    n=n,
                    step=name,
                    count=step.count,
                    previous=share(step.of_previous),
                    start=share(step.of_start),
                    days=days(step.median_days),
                )
            )
    return lines


async def funnel_view(filters: Filters, ctx: Ctx) -> Screen:
    l10n = ctx.l10n
    funnel = await ctx.journey.funnel(ctx.access, filters.program, filters.region, filters.period)
    lines = [
        l10n("journey-funnel-title", scope=html.escape(scope_text(filters, ctx))),
        "",
        *funnel_lines(funnel, ctx),
        "",
        l10n("journey-funnel-note"),
    ]
    periods = [
        jb(
            ("✓ " if filters.period is p else "") + l10n("journey-period-button", period=p.value),
            JourneyAction.funnel,
            filters.but(period=p),
        )
        for p in Period
    ]
    kb = keyboard(
        [
            jb(l10n("journey-pick-program"), JourneyAction.pick_program, filters),
            jb(l10n("journey-pick-region"), JourneyAction.pick_region, filters),
        ],
        periods,
        [
            jb(l10n("journey-chart-button"), JourneyAction.chart, filters),
            jb(l10n("journey-excel-button"), JourneyAction.excel, filters),
        ],
        [button(l10n("journey-search-button"), JourneyCb(action=JourneyAction.search))],
    )
    return "\n".join(lines), kb


@router.message(MenuButton("menu-funnel"))
async def menu(message: Message, ctx: Ctx) -> None:
    if not ctx.access.is_coordinator:
        await message.answer(ctx.l10n("access-denied"))
        return
    await send(message, await funnel_view(Filters(), ctx))


@router.callback_query(JourneyCb.filter(F.action == JourneyAction.funnel), flags=FILTERS)
async def funnel(query: CallbackQuery, message: Message, filters: Filters, ctx: Ctx) -> None:
    await query.answer()
    await show(message, await funnel_view(filters, ctx))


@router.callback_query(JourneyCb.filter(F.action == JourneyAction.pick_program), flags=FILTERS)
async def pick_program(query: CallbackQuery, message: Message, filters: Filters, ctx: Ctx) -> None:
    l10n = ctx.l10n
    await query.answer()
    choices = [jb(l10n("journey-all-programs"), JourneyAction.funnel, filters.but(program=None))]
    for code in ctx.journey.funnel_programs(ctx.access):
        program = ctx.journey.catalogue.get(code)
        if program is not None:
            name = cut(program.name(l10n.locale), 30)
            choices.append(jb(name, JourneyAction.funnel, filters.but(program=code, region=None)))
    await show(message, (l10n("journey-pick-program-title"), keyboard(*columns(choices, 1))))


@router.callback_query(JourneyCb.filter(F.action == JourneyAction.pick_region), flags=FILTERS)
async def pick_region(query: CallbackQuery, message: Message, filters: Filters, ctx: Ctx) -> None:
    l10n = ctx.l10n
    await query.answer()
    choices = [jb(l10n("journey-all-regions"), JourneyAction.funnel, filters.but(region=None))]
    choices += [
        jb(cut(r.name(l10n.locale), 30), JourneyAction.funnel, filters.but(region=r.code))
        for r in regions_in_scope(ctx.access, filters.program)
    ]
    await show(message, (l10n("journey-pick-region-title"), keyboard(*columns(choices, 2))))


@router.callback_query(JourneyCb.filter(F.action == JourneyAction.chart), flags=FILTERS)
async def chart(query: CallbackQuery, message: Message, filters: Filters, ctx: Ctx) -> None:
    l10n = ctx.l10n
    await query.answer(l10n("journey-chart-wait"))
    funnel = await ctx.journey.funnel(ctx.access, filters.program, filters.region, filters.period)
    title = l10n("journey-chart-title", scope=scope_text(filters, ctx))
    png = await asyncio.to_thread(funnel_png, funnel, title, l10n)
    caption = "\n".join(funnel_lines(funnel, ctx))
    await message.answer_photo(
        BufferedInputFile(png, filename="funnel.png"), caption=cut(caption, 1000)
    )
    log.info("user %s: funnel chart %s", ctx.access.user_id, filters.pack())


@router.callback_query(JourneyCb.filter(F.action == JourneyAction.excel), flags=FILTERS)
async def excel(query: CallbackQuery, message: Message, filters: Filters, ctx: Ctx) -> None:
    l10n = ctx.l10n
    await query.answer(l10n("journey-excel-wait"))
    funnel = await ctx.journey.funnel(ctx.access, filters.program, filters.region, filters.period)
    program = ctx.journey.catalogue.get(filters.program) if filters.program else None
    region = region_by_code(filters.region) if filters.region else None
    used = [
        (
            l10n("journey-xlsx-program"),
            program.name(l10n.locale) if program else l10n("journey-all-programs"),
        ),
        (
            l10n("journey-xlsx-region"),
            region.name(l10n.locale) if region else l10n("journey-all-regions"),
        ),
        (
            l10n("journey-xlsx-period"),
            l10n(
                "journey-period", period=filters.period.value, year=str(ctx.journey.today().year)
            ),
        ),
        (l10n("journey-xlsx-since"), funnel.since.isoformat() if funnel.since else "—"),
        (l10n("journey-xlsx-until"), (funnel.until - timedelta(days=1)).isoformat()),
        (l10n("journey-xlsx-made"), ctx.journey.today().isoformat()),
    ]
    data = await asyncio.to_thread(funnel_workbook, funnel, used, l10n)
    name = f"funnel-{ctx.journey.today().isoformat()}.xlsx"
    await message.answer_document(
        BufferedInputFile(data, filename=name), caption=l10n("journey-excel-caption")
    )
    log.info("user %s: funnel workbook %s", ctx.access.user_id, filters.pack())
