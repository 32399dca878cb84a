"""The recipient: my projects (/reports, the menu's «Жобалар» for those who coordinate nothing),
a project's reports, and a report filled by chat — people reached, money spent against the
plan, jobs, a summary (text or a voice note), photos — then a summary to submit. Every answer is
written at once, so leaving or a restart keeps it; a returned report opens on its summary with
the coordinator's comment, to correct and submit again.
"""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.core.i18n import Money
from bot.core.validators import Invalid, parse_money, parse_number
from bot.projects.service import COMMENT_MAX, STEPS, Filled, ProjectError
from bot.telegram.callbacks import ProjectAction as A
from bot.telegram.callbacks import ProjectCb
from bot.telegram.menu import MenuButton
from bot.telegram.screens import Screen, keyboard, send, show
from handlers.projects.common import (
    REPORT_KEY,
    Ctx,
    ProjectFlow,
    cb,
    error_text,
    indicators,
    needs,
    project_head,
    report_head,
)
from handlers.projects.coordinator import hub_view

router = Router(name=__name__)

SOON = timedelta(days=31)  # a report due within this opens from the project's card
COLUMN = {"people": "people_reached", "spent": "spent", "jobs": "jobs"}


# -- my projects --------------------------------------------------------------------------------


async def mine_view(ctx: Ctx) -> Screen:
    l10n = ctx.l10n
    mine = await ctx.projects.mine(ctx.access.user_id)
    rows: list[list[InlineKeyboardButton]] = []
    for project, reports in mine:
        owed = sum(1 for r in reports if r.status in ("due", "returned"))
        label = l10n("project-mine-item", title=project.title, owed=owed)
        rows.append([cb(label, A.project, p=project.id)])
    if ctx.access.is_coordinator:
        rows.append([cb(l10n("project-admin-button"), A.hub)])
    text = l10n("project-mine-title") + "\n\n" + l10n("project-mine-count", count=len(mine))
    return text, keyboard(*rows)


@router.message(MenuButton("menu-projects"), flags=needs())
async def menu(message: Message, ctx: Ctx) -> None:
    await ctx.leave()
    if ctx.access.is_coordinator:
        await send(message, await hub_view(ctx))
        return
    await send(message, await mine_view(ctx))


@router.message(Command("reports"), flags=needs())
async def reports_command(message: Message, ctx: Ctx) -> None:
    await ctx.leave()
    await send(message, await mine_view(ctx))


@router.callback_query(ProjectCb.filter(F.action == A.mine), flags=needs())
async def mine(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await show(message, await mine_view(ctx))


@router.callback_query(ProjectCb.filter(F.action == A.noop), flags=needs(stay=True))
async def noop(query: CallbackQuery) -> None:
    await query.answer()


@router.callback_query(ProjectCb.filter(F.action == A.project), flags=needs())
async def project(
    query: CallbackQuery, callback_data: ProjectCb, message: Message, ctx: Ctx
) -> None:
    found = await ctx.projects.own_project(ctx.access.user_id, callback_data.p)
    if found is None:
        await query.answer(ctx.l10n("project-stale"), show_alert=True)
        return
    await query.answer()
    l10n = ctx.l10n
    lines = [project_head(found, ctx), ""]
    rows = []
    for report in await ctx.projects.reports(found):
        line = l10n("project-report-line", n=report.n, date=report.due_on, status=report.status)
        lines.append(line)
        if report.status != "due" or report.due_on <= ctx.projects.today() + SOON:
            rows.append([cb(line, A.report, r=report.id)])
    rows.append([cb(l10n("button-back"), A.mine)])
    await show(message, ("\n".join(lines), keyboard(*rows)))


# -- a report, step by step ---------------------------------------------------------------------


def _leave_row(ctx: Ctx) -> list[InlineKeyboardButton]:
    return [cb(ctx.l10n("project-leave-button"), A.leave)]


def step_view(filled: Filled, step: str, ctx: Ctx, error: str | None = None) -> Screen:
    l10n = ctx.l10n
    r = filled.report.id
    head = [error, ""] if error else []
    rows: list[list[InlineKeyboardButton]] = []
    if step == "confirm":
        lines = [*head, report_head(filled, l10n)]
        if filled.report.comment and filled.report.status == "returned":
            lines += [
                "",
                l10n("project-returned-comment", comment=html.escape(filled.report.comment)),
            ]
        lines += ["", indicators(filled, l10n), "", l10n("project-confirm-hint")]
        rows.append([cb(l10n("project-submit-button"), A.submit, r=r)])
        rows.append([cb(l10n(f"project-change-{s}"), A.change, r=r, v=s) for s in STEPS[:2]])
        rows.append([cb(l10n(f"project-change-{s}"), A.change, r=r, v=s) for s in STEPS[2:]])
        rows.append([cb(l10n("project-add-photos"), A.add_photos, r=r)])
        rows.append(_leave_row(ctx))
        return "\n".join(lines), keyboard(*rows)
    if step == "photos":
        body = l10n("project-ask-photos", count=len(filled.photos))
        rows.append([cb(l10n("project-photos-done"), A.photos_done, r=r)])
        if filled.photos:
            rows.append([cb(l10n("project-photos-clear"), A.photos_clear, r=r)])
    else:
        n = STEPS.index(step) + 1
        body = l10n(
            f"project-ask-{step}",
            n=n,
            of=len(STEPS),
            plan=Money(filled.project.amount),
            title=html.escape(filled.project.title),
            number=filled.report.n,
        )
    rows.append(_leave_row(ctx))
    return "\n".join([*head, body]), keyboard(*rows)


def read_view(filled: Filled, ctx: Ctx, notice: str | None = None) -> Screen:
    """A report not open to changes (submitted, accepted; a closed project): what it says."""
    l10n = ctx.l10n
    lines = [notice, ""] if notice else []
    lines += [report_head(filled, l10n), "", indicators(filled, l10n)]
    back = cb(l10n("button-back"), A.project, p=filled.project.id)
    return "\n".join(lines), keyboard([back])


async def _go(filled: Filled, ctx: Ctx, step: str | None = None) -> Screen:
    """The report's step (its first without an answer by default) becomes the person's state."""
    step = step or filled.step
    if step == "confirm":
        await ctx.state.set_state(None)
    else:
        await ctx.state.set_state(getattr(ProjectFlow, step))
    await ctx.state.update_data({REPORT_KEY: filled.report.id})
    return step_view(filled, step, ctx)


@router.callback_query(ProjectCb.filter(F.action == A.report), flags=needs())
async def report(
    query: CallbackQuery, callback_data: ProjectCb, message: Message, ctx: Ctx
) -> None:
    filled = await ctx.projects.own(ctx.access.user_id, callback_data.r)
    if filled is None:
        await query.answer(ctx.l10n("project-stale"), show_alert=True)
        return
    await query.answer()
    if not filled.open:
        await show(message, read_view(filled, ctx))
        return
    await show(message, await _go(filled, ctx))


async def resume(message: Message, data: dict[str, Any]) -> None:
    """After a language switch: the current question again, in the new language."""
    ctx = Ctx(
        data["access"],
        data["state"],
        data["projects"],
        data["people"],
        data["l10n"],
        data["translations"],
    )
    step = str(await ctx.state.get_state() or "").rpartition(":")[2]
    if step == "comment":
        await message.answer(ctx.l10n("project-ask-comment", max=COMMENT_MAX))
        return
    filled = await _current(ctx)
    if filled is None or not filled.open or step not in (*STEPS, "photos"):
        await ctx.leave()
        return
    await send(message, step_view(filled, step, ctx))


async def _report_id(ctx: Ctx) -> int:
    return int((await ctx.state.get_data()).get(REPORT_KEY) or 0)


async def _current(ctx: Ctx) -> Filled | None:
    return await ctx.projects.own(ctx.access.user_id, await _report_id(ctx))


async def _refused(message: Message, ctx: Ctx, step: str, key: str, **args: object) -> None:
    filled = await _current(ctx)
    if filled is None:
        await ctx.leave()
        await message.answer(ctx.l10n("project-stale"))
        return
    await send(message, step_view(filled, step, ctx, ctx.l10n(key, **args)))


async def _answered(message: Message, ctx: Ctx, change: object, step: str) -> None:
    """A change to the report; the next step (the same one with the reason) as a new message."""
    try:
        filled: Filled = await change  # type: ignore[misc]
    except ProjectError as exc:
        if exc.key in ("gone", "not-open"):
            await ctx.leave()
            await message.answer(error_text(exc, ctx.l10n))
            return
        await _refused(message, ctx, step, f"project-error-{exc.key}", **exc.details)
        return
    following = "photos" if step == "summary" and filled.step == "confirm" else None
    await send(message, await _go(filled, ctx, following))


async def _number(message: Message, ctx: Ctx, step: str) -> None:
    text = message.text or ""
    parsed: int | Invalid
    if step == "spent":
        parsed = parse_money(text, minimum=0, maximum=None)
    else:
        parsed = parse_number(text, minimum=0, maximum=10_000_000)
    if isinstance(parsed, Invalid):
        await _refused(message, ctx, step, f"project-error-{step}")
        return
    user, report_id = ctx.access.user_id, await _report_id(ctx)
    change = ctx.projects.answer(user, report_id, **{COLUMN[step]: parsed})
    await _answered(message, ctx, change, step)


@router.message(ProjectFlow.people, F.text, flags=needs(typed=True))
async def people(message: Message, ctx: Ctx) -> None:
    await _number(message, ctx, "people")


@router.message(ProjectFlow.spent, F.text, flags=needs(typed=True))
async def spent(message: Message, ctx: Ctx) -> None:
    await _number(message, ctx, "spent")


@router.message(ProjectFlow.jobs, F.text, flags=needs(typed=True))
async def jobs(message: Message, ctx: Ctx) -> None:
    await _number(message, ctx, "jobs")


@router.message(ProjectFlow.summary, F.text, flags=needs(typed=True))
async def summary_text(message: Message, ctx: Ctx) -> None:
    change = ctx.projects.answer(
        ctx.access.user_id, await _report_id(ctx), summary=message.text or ""
    )
    await _answered(message, ctx, change, "summary")


@router.message(ProjectFlow.summary, F.voice, flags=needs(typed=True))
async def summary_voice(message: Message, ctx: Ctx) -> None:
    assert message.voice is not None
    change = ctx.projects.voice_summary(
        ctx.access.user_id, await _report_id(ctx), message.voice.file_id
    )
    await _answered(message, ctx, change, "summary")


@router.message(ProjectFlow.photos, F.photo, flags=needs(typed=True))
async def photo(message: Message, ctx: Ctx) -> None:
    assert message.photo
    try:
        filled = await ctx.projects.add_photo(
            ctx.access.user_id, await _report_id(ctx), message.photo[-1].file_id
        )
    except ProjectError as exc:
        await _refused(message, ctx, "photos", f"project-error-{exc.key}", **exc.details)
        return
    await send(message, step_view(filled, "photos", ctx))


# What each step says to an answer of the wrong kind (a sticker, a photo for a number).
WRONG_KIND = {
    "people": "project-error-people",
    "spent": "project-error-spent",
    "jobs": "project-error-jobs",
    "summary": "project-error-summary-kind",
    "photos": "project-error-photo-kind",
}


@router.message(
    StateFilter(*(getattr(ProjectFlow, step) for step in WRONG_KIND)), flags=needs(typed=True)
)
async def wrong_kind(message: Message, ctx: Ctx) -> None:
    step = str(await ctx.state.get_state() or "").rpartition(":")[2]
    await _refused(message, ctx, step, WRONG_KIND[step])


async def _pressed(
    query: CallbackQuery, message: Message, ctx: Ctx, change: object, step: str | None
) -> None:
    try:
        filled: Filled = await change  # type: ignore[misc]
    except ProjectError as exc:
        await query.answer(error_text(exc, ctx.l10n), show_alert=True)
        return
    await query.answer()
    await show(message, await _go(filled, ctx, step))


async def _own_open(user_id: int, report_id: int, ctx: Ctx) -> Filled:
    filled = await ctx.projects.own(user_id, report_id)
    if filled is None or not filled.open:
        raise ProjectError("not-open" if filled else "gone")
    return filled


@router.callback_query(ProjectCb.filter(F.action == A.photos_done), flags=needs(stay=True))
async def photos_done(
    query: CallbackQuery, callback_data: ProjectCb, message: Message, ctx: Ctx
) -> None:
    change = _own_open(ctx.access.user_id, callback_data.r, ctx)
    await _pressed(query, message, ctx, change, None)


@router.callback_query(ProjectCb.filter(F.action == A.photos_clear), flags=needs(stay=True))
async def photos_clear(
    query: CallbackQuery, callback_data: ProjectCb, message: Message, ctx: Ctx
) -> None:
    change = ctx.projects.clear_photos(ctx.access.user_id, callback_data.r)
    await _pressed(query, message, ctx, change, "photos")


@router.callback_query(ProjectCb.filter(F.action == A.add_photos), flags=needs(stay=True))
async def add_photos(
    query: CallbackQuery, callback_data: ProjectCb, message: Message, ctx: Ctx
) -> None:
    change = _own_open(ctx.access.user_id, callback_data.r, ctx)
    await _pressed(query, message, ctx, change, "photos")


@router.callback_query(ProjectCb.filter(F.action == A.change), flags=needs(stay=True))
async def change(
    query: CallbackQuery, callback_data: ProjectCb, message: Message, ctx: Ctx
) -> None:
    if callback_data.v not in STEPS:
        await query.answer(ctx.l10n("project-stale"), show_alert=True)
        return
    step = _own_open(ctx.access.user_id, callback_data.r, ctx)
    await _pressed(query, message, ctx, step, callback_data.v)


@router.callback_query(ProjectCb.filter(F.action == A.submit), flags=needs(stay=True))
async def submit(
    query: CallbackQuery, callback_data: ProjectCb, message: Message, ctx: Ctx
) -> None:
    try:
        filled = await ctx.projects.submit(ctx.access.user_id, callback_data.r)
    except ProjectError as exc:
        await query.answer(error_text(exc, ctx.l10n), show_alert=True)
        return
    await ctx.leave()
    await query.answer()
    await show(message, read_view(filled, ctx, ctx.l10n("project-submitted")))


@router.callback_query(ProjectCb.filter(F.action == A.leave), flags=needs())
async def leave(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await show(
        message, (ctx.l10n("project-left"), keyboard([cb(ctx.l10n("button-back"), A.mine)]))
    )
