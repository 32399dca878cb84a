"""The coordinator records an NGO grant: the program (grant programs they coordinate), the
recipient (someone whose application was approved, in their scope, picked from a list), the
project's title, the amount in ₸, the date it was funded; then a confirmation. The service
checks everything again when the grant is recorded."""

from __future__ import annotations

import html
from datetime import date

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.core.i18n import Money
from bot.core.validators import Invalid, parse_date, parse_money
from bot.projects.service import TITLE_MAX, ProjectError
from bot.telegram.callbacks import ProjectAction as A
from bot.telegram.callbacks import ProjectCb
from bot.telegram.screens import Screen, cut, keyboard, send, show
from handlers.projects.common import (
    COORDINATOR,
    GRANT_KEY,
    Ctx,
    ProjectFlow,
    cb,
    error_text,
    needs,
    program_name,
)
from handlers.projects.coordinator import card_screen, hub_view

router = Router(name=__name__)

STAY = needs(role="coordinator", stay=True)
TYPED = needs(role="coordinator", typed=True)


async def _draft(ctx: Ctx) -> dict[str, object]:
    return dict((await ctx.state.get_data()).get(GRANT_KEY) or {})


async def _keep(ctx: Ctx, **values: object) -> dict[str, object]:
    draft = {**await _draft(ctx), **values}
    await ctx.state.update_data({GRANT_KEY: draft})
    return draft


def _cancel(ctx: Ctx) -> list:  # type: ignore[type-arg]
    return [cb(ctx.l10n("project-grant-cancel"), A.grant_cancel)]


@router.callback_query(ProjectCb.filter(F.action == A.grant), flags=COORDINATOR)
async def start(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    programs = ctx.projects.grant_programs(ctx.access)
    rows = [[cb(program_name(ctx, p.code), A.grant_program, v=p.code)] for p in programs]
    rows.append([cb(ctx.l10n("button-back"), A.hub)])
    await show(message, (ctx.l10n("project-grant-program"), keyboard(*rows)))


@router.callback_query(ProjectCb.filter(F.action == A.grant_program), flags=COORDINATOR)
async def pick_program(
    query: CallbackQuery, callback_data: ProjectCb, message: Message, ctx: Ctx
) -> None:
    code = callback_data.v
    if not any(p.code == code for p in ctx.projects.grant_programs(ctx.access)):
        await query.answer(ctx.l10n("project-stale"), show_alert=True)
        return
    await query.answer()
    people = await ctx.projects.candidates(ctx.access, code)
    await ctx.state.update_data({GRANT_KEY: {"program": code}})
    rows = [
        [cb(cut(f"{c.name} · {c.number or '—'}", 60), A.grant_person, p=c.user_id)]
        for c in people[:40]
    ]
    rows.append([cb(ctx.l10n("button-back"), A.grant)])
    text = ctx.l10n("project-grant-person", program=program_name(ctx, code), count=len(people))
    await show(message, (text, keyboard(*rows)))


@router.callback_query(ProjectCb.filter(F.action == A.grant_person), flags=STAY)
async def pick_person(
    query: CallbackQuery, callback_data: ProjectCb, message: Message, ctx: Ctx
) -> None:
    draft = await _draft(ctx)
    program = str(draft.get("program") or "")
    people = await ctx.projects.candidates(ctx.access, program) if program else []
    chosen = next((c for c in people if c.user_id == callback_data.p), None)
    if chosen is None:
        await query.answer(ctx.l10n("project-stale"), show_alert=True)
        return
    await query.answer()
    await _keep(ctx, user=chosen.user_id, name=chosen.name)
    await ctx.state.set_state(ProjectFlow.grant_title)
    text = ctx.l10n("project-grant-title", name=html.escape(chosen.name), max=TITLE_MAX)
    await show(message, (text, keyboard(_cancel(ctx))))


@router.message(ProjectFlow.grant_title, F.text, flags=TYPED)
async def title(message: Message, ctx: Ctx) -> None:
    text = (message.text or "").strip()
    if not 3 <= len(text) <= TITLE_MAX:
        await message.answer(ctx.l10n("project-error-title", max=TITLE_MAX))
        return
    await _keep(ctx, title=text)
    await ctx.state.set_state(ProjectFlow.grant_amount)
    await send(message, (ctx.l10n("project-grant-amount"), keyboard(_cancel(ctx))))


@router.message(ProjectFlow.grant_amount, F.text, flags=TYPED)
async def amount(message: Message, ctx: Ctx) -> None:
    parsed = parse_money(message.text or "", minimum=1, maximum=None)
    if isinstance(parsed, Invalid):
        await message.answer(ctx.l10n("project-error-amount"))
        return
    await _keep(ctx, amount=parsed)
    await ctx.state.set_state(ProjectFlow.grant_date)
    kb = keyboard([cb(ctx.l10n("project-grant-today"), A.grant_today)], _cancel(ctx))
    await send(message, (ctx.l10n("project-grant-date"), kb))


@router.message(ProjectFlow.grant_date, F.text, flags=TYPED)
async def funded_on(message: Message, ctx: Ctx) -> None:
    today = ctx.projects.today()
    parsed = parse_date(message.text or "", today=today, not_after=today)
    if isinstance(parsed, Invalid):
        await message.answer(ctx.l10n("project-error-date"))
        return
    await ctx.state.set_state(None)
    await send(message, await _summary(ctx, parsed))


@router.callback_query(ProjectCb.filter(F.action == A.grant_today), flags=STAY)
async def funded_today(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await ctx.state.set_state(None)
    await show(message, await _summary(ctx, ctx.projects.today()))


@router.message(ProjectFlow.grant_title, flags=TYPED)
@router.message(ProjectFlow.grant_amount, flags=TYPED)
@router.message(ProjectFlow.grant_date, flags=TYPED)
async def wrong_kind(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.l10n("project-error-text"))


async def _summary(ctx: Ctx, day: date) -> Screen:
    draft = await _keep(ctx, date=day.isoformat())
    text = ctx.l10n(
        "project-grant-summary",
        name=html.escape(str(draft.get("name") or "")),
        program=program_name(ctx, str(draft.get("program") or "")),
        title=html.escape(str(draft.get("title") or "")),
        amount=Money(int(str(draft.get("amount") or 0))),
        date=day,
    )
    kb = keyboard([cb(ctx.l10n("project-grant-ok"), A.grant_ok)], _cancel(ctx))
    return text, kb


@router.callback_query(ProjectCb.filter(F.action == A.grant_ok), flags=STAY)
async def record(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    draft = await _draft(ctx)
    if not {"program", "user", "title", "amount", "date"} <= draft.keys():
        await ctx.leave()
        await query.answer(ctx.l10n("project-stale"), show_alert=True)
        return
    try:
        project = await ctx.projects.record_grant(
            ctx.access,
            str(draft["program"]),
            int(str(draft["user"])),
            str(draft["title"]),
            int(str(draft["amount"])),
            date.fromisoformat(str(draft["date"])),
        )
    except ProjectError as exc:
        await query.answer(error_text(exc, ctx.l10n), show_alert=True)
        return
    await ctx.leave()
    await query.answer(ctx.l10n("project-grant-done"))
    await show(message, await card_screen(project, ctx))


@router.callback_query(ProjectCb.filter(F.action == A.grant_cancel), flags=COORDINATOR)
async def cancel(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await show(message, await hub_view(ctx))
