"""The coordinator: «Жобалар» — funded projects in scope, reports waiting for a decision, overdue
reports, their workbook; a project's card; a report's card (indicators against the plan, photos
sent again) to accept or to return with a typed comment. Every button passes the guard
(`common.Guard`): the role, and the project or report against the presser's scope."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, Message

from bot.projects.service import PAGE, Filled, Listed, Project, ProjectError
from bot.telegram.callbacks import ProjectAction as A
from bot.telegram.callbacks import ProjectCb
from bot.telegram.screens import Screen, cut, keyboard, page_bounds, pager, send, show
from handlers.projects.common import (
    BACK_KEY,
    COORDINATOR,
    Ctx,
    ProjectFlow,
    cb,
    error_text,
    indicators,
    needs,
    project_head,
    report_head,
)

router = Router(name=__name__)

PROJECT = needs("project", role="coordinator")
REVIEW = needs("review", role="coordinator")


async def hub_view(ctx: Ctx) -> Screen:
    l10n = ctx.l10n
    _, total = await ctx.projects.projects(ctx.access, 0)
    waiting = len(await ctx.projects.waiting(ctx.access))
    overdue = len(await ctx.projects.overdue(ctx.access))
    text = l10n("project-hub", projects=total, waiting=waiting, overdue=overdue)
    rows = [
        [cb(l10n("project-list-button", count=total), A.list, v="0")],
        [cb(l10n("project-waiting-button", count=waiting), A.waiting)],
        [cb(l10n("project-overdue-button", count=overdue), A.overdue)],
        [cb(l10n("project-excel-button"), A.excel)],
    ]
    if ctx.projects.grant_programs(ctx.access):
        rows.append([cb(l10n("project-grant-button"), A.grant)])
    rows.append([cb(l10n("project-mine-button"), A.mine)])
    return text, keyboard(*rows)


@router.callback_query(ProjectCb.filter(F.action == A.hub), flags=COORDINATOR)
async def hub(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await show(message, await hub_view(ctx))


@router.callback_query(ProjectCb.filter(F.action == A.list), flags=COORDINATOR)
async def projects(
    query: CallbackQuery, callback_data: ProjectCb, message: Message, ctx: Ctx
) -> None:
    await query.answer()
    page = int(callback_data.v) if callback_data.v.isdigit() else 0
    found, total = await ctx.projects.projects(ctx.access, page)
    page, pages = page_bounds(total, page, PAGE)
    if not found and page > 0:
        found, total = await ctx.projects.projects(ctx.access, page)
    l10n = ctx.l10n
    rows = [
        [cb(cut(l10n("project-list-item", title=p.title, status=p.status), 60), A.card, p=p.id)]
        for p in found
    ]
    rows.append(
        pager(
            page,
            pages,
            lambda n: ProjectCb(action=A.list, v=str(n)),
            ProjectCb(action=A.noop),
        )
    )
    rows.append([cb(l10n("button-back"), A.hub)])
    await show(message, (l10n("project-list-title", count=total), keyboard(*rows)))


def card_view(project: Project, name: str, reports: list, ctx: Ctx) -> Screen:  # type: ignore[type-arg]
    l10n = ctx.l10n
    lines = [project_head(project, ctx), l10n("project-person", name=html.escape(name)), ""]
    rows: list[list[InlineKeyboardButton]] = []
    for report in reports:
        line = l10n("project-report-line", n=report.n, date=report.due_on, status=report.status)
        lines.append(line)
        if report.status != "due":
            rows.append([cb(line, A.review, r=report.id)])
    if project.status == "active":
        rows.append([cb(l10n("project-close-button"), A.close, p=project.id)])
    rows.append([cb(l10n("button-back"), A.list, v="0")])
    return "\n".join(lines), keyboard(*rows)


async def card_screen(project: Project, ctx: Ctx) -> Screen:
    person = await ctx.people.get(project.user_id)
    name = person.full_name if person else f"id{project.user_id}"
    return card_view(project, name, await ctx.projects.reports(project), ctx)


@router.callback_query(ProjectCb.filter(F.action == A.card), flags=PROJECT)
async def card(query: CallbackQuery, message: Message, ctx: Ctx, project: Project) -> None:
    await query.answer()
    await show(message, await card_screen(project, ctx))


@router.callback_query(ProjectCb.filter(F.action == A.close), flags=PROJECT)
async def close(query: CallbackQuery, message: Message, ctx: Ctx, project: Project) -> None:
    await query.answer()
    l10n = ctx.l10n
    kb = keyboard(
        [cb(l10n("project-close-yes"), A.close_ok, p=project.id)],
        [cb(l10n("button-back"), A.card, p=project.id)],
    )
    await show(message, (l10n("project-close-confirm", title=html.escape(project.title)), kb))


@router.callback_query(ProjectCb.filter(F.action == A.close_ok), flags=PROJECT)
async def close_ok(query: CallbackQuery, message: Message, ctx: Ctx, project: Project) -> None:
    closed = await ctx.projects.close(ctx.access, project)
    await query.answer(ctx.l10n("project-closed"))
    await show(message, await card_screen(closed, ctx))


# -- the lists ----------------------------------------------------------------------------------


def _listed_rows(items: list[Listed], ctx: Ctx) -> list[list[InlineKeyboardButton]]:
    l10n = ctx.l10n
    return [
        [
            cb(
                cut(
                    l10n(
                        "project-listed-item",
                        name=i.name,
                        title=i.project.title,
                        n=i.report.n,
                    ),
                    60,
                ),
                A.review,
                r=i.report.id,
            )
        ]
        for i in items[:30]
    ]


@router.callback_query(ProjectCb.filter(F.action == A.waiting), flags=COORDINATOR)
async def waiting(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    items = await ctx.projects.waiting(ctx.access)
    rows = [*_listed_rows(items, ctx), [cb(ctx.l10n("button-back"), A.hub)]]
    await show(message, (ctx.l10n("project-waiting-title", count=len(items)), keyboard(*rows)))


@router.callback_query(ProjectCb.filter(F.action == A.overdue), flags=COORDINATOR)
async def overdue(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    l10n = ctx.l10n
    items = await ctx.projects.overdue(ctx.access)
    today = ctx.projects.today()
    lines = [l10n("project-overdue-title", count=len(items))]
    lines += [
        l10n(
            "project-overdue-line",
            name=html.escape(i.name),
            title=html.escape(i.project.title),
            n=i.report.n,
            date=i.report.due_on,
            days=(today - i.report.due_on).days,
        )
        for i in items[:30]
    ]
    rows = [
        *_listed_rows(items, ctx),
        [cb(l10n("project-excel-button"), A.excel)],
        [cb(l10n("button-back"), A.hub)],
    ]
    await show(message, ("\n".join(lines), keyboard(*rows)))


@router.callback_query(
    ProjectCb.filter(F.action == A.excel), flags=needs(role="coordinator", stay=True)
)
async def excel(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    items = await ctx.projects.overdue(ctx.access) + await ctx.projects.waiting(ctx.access)
    data = ctx.projects.overdue_workbook(items, ctx.l10n)
    name = f"reports-{ctx.projects.today().isoformat()}.xlsx"
    await message.answer_document(
        BufferedInputFile(data, filename=name),
        caption=ctx.l10n("project-excel-caption", count=len(items)),
    )


# -- a report -----------------------------------------------------------------------------------


def review_view(filled: Filled, ctx: Ctx, notice: str | None = None) -> Screen:
    l10n = ctx.l10n
    lines = [notice, ""] if notice else []
    lines += [report_head(filled, l10n), "", indicators(filled, l10n)]
    if filled.report.comment:
        comment = html.escape(filled.report.comment)
        lines += ["", l10n("project-returned-comment", comment=comment)]
    r = filled.report.id
    rows: list[list[InlineKeyboardButton]] = []
    media = len(filled.files)
    if media:
        rows.append([cb(l10n("project-media-button", count=media), A.media, r=r)])
    if filled.report.status == "submitted":
        rows.append(
            [
                cb(l10n("project-accept-button"), A.accept, r=r),
                cb(l10n("project-return-button"), A.send_back, r=r),
            ]
        )
    rows.append([cb(l10n("project-to-card"), A.card, p=filled.project.id)])
    return "\n".join(lines), keyboard(*rows)


@router.callback_query(ProjectCb.filter(F.action == A.review), flags=REVIEW)
async def review(query: CallbackQuery, message: Message, ctx: Ctx, filled: Filled) -> None:
    await query.answer()
    await show(message, review_view(filled, ctx))


@router.callback_query(ProjectCb.filter(F.action == A.media), flags=REVIEW)
async def media(query: CallbackQuery, message: Message, ctx: Ctx, filled: Filled) -> None:
    await query.answer()
    for item in filled.files:
        if item.kind == "voice":
            await message.answer_voice(item.file_id)
        else:
            await message.answer_photo(item.file_id)
    await send(message, review_view(filled, ctx))


@router.callback_query(ProjectCb.filter(F.action == A.accept), flags=REVIEW)
async def accept(query: CallbackQuery, message: Message, ctx: Ctx, filled: Filled) -> None:
    try:
        done = await ctx.projects.accept(ctx.access, filled.report.id)
    except ProjectError as exc:
        await query.answer(error_text(exc, ctx.l10n), show_alert=True)
        return
    await query.answer(ctx.l10n("project-accepted"))
    await show(message, review_view(done, ctx))


@router.callback_query(ProjectCb.filter(F.action == A.send_back), flags=REVIEW)
async def send_back(query: CallbackQuery, message: Message, ctx: Ctx, filled: Filled) -> None:
    if filled.report.status != "submitted":
        await query.answer(ctx.l10n("project-error-decided"), show_alert=True)
        return
    await query.answer()
    await ctx.state.set_state(ProjectFlow.comment)
    await ctx.state.update_data({BACK_KEY: filled.report.id})
    kb = keyboard([cb(ctx.l10n("button-back"), A.review, r=filled.report.id)])
    await show(message, (ctx.l10n("project-ask-comment", max=1000), kb))


@router.message(ProjectFlow.comment, F.text, flags=needs(role="coordinator", typed=True))
async def comment(message: Message, ctx: Ctx) -> None:
    report_id = int((await ctx.state.get_data()).get(BACK_KEY) or 0)
    try:
        done = await ctx.projects.send_back(ctx.access, report_id, message.text or "")
    except ProjectError as exc:
        if exc.key == "comment":
            await message.answer(error_text(exc, ctx.l10n))
            return
        await ctx.leave()
        await message.answer(error_text(exc, ctx.l10n))
        return
    await ctx.leave()
    await send(message, review_view(done, ctx, ctx.l10n("project-returned")))


@router.message(ProjectFlow.comment, flags=needs(role="coordinator", typed=True))
async def comment_kind(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.l10n("project-ask-comment", max=1000))
