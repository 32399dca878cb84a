"""The juror: the queue of submitted plans in the contests they judge, a plan's card (its files
sent again on request), scoring criterion by criterion with buttons 0…max, an optional comment,
a confirmation; recusing from a plan. Other jurors' scores and the average are never shown here:
after submitting, a juror sees their own score only.
"""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.contests.service import Contest, ContestError, Plan
from bot.telegram.callbacks import ContestAction as A
from bot.telegram.callbacks import ContestCb
from bot.telegram.screens import Screen, columns, cut, keyboard, send, show
from handlers.contests.common import (
    SCORING_ENTRY,
    SCORING_KEY,
    ContestFlow,
    Ctx,
    cb,
    error_text,
    name_of,
    needs,
    plan_text,
)

router = Router(name=__name__)

JUROR = needs("judge", role="juror")
JUROR_STAY = needs("judge", role="juror", stay=True)
COMMENT_KEY = "ct_comment"
COMMENT_MAX = 1000


async def queue_view(ctx: Ctx) -> Screen:
    l10n = ctx.l10n
    queue = await ctx.contests.queue(ctx.access)
    lines = [l10n("contest-jury-title", count=len(queue))]
    rows = [
        [
            cb(
                cut(f"#{entry.id} · {name_of(ctx, contest)} · {entry.title or ''}", 60),
                A.plan,
                e=entry.id,
            )
        ]
        for entry, contest in queue[:20]
    ]
    rows.append([cb(l10n("button-back"), A.hub)])
    return "\n".join(lines), keyboard(*rows)


@router.callback_query(ContestCb.filter(F.action == A.queue), flags=needs(role="juror"))
async def queue(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await show(message, await queue_view(ctx))


def card_view(plan: Plan, ctx: Ctx) -> Screen:
    l10n = ctx.l10n
    e = plan.entry.id
    text = "\n".join(
        [
            l10n("contest-jury-plan-title", n=e, name=name_of(ctx, plan.contest)),
            "",
            plan_text(plan, l10n),
            "",
            l10n("contest-jury-independent"),
        ]
    )
    rows: list[list[InlineKeyboardButton]] = [[cb(l10n("contest-score-button"), A.score, e=e)]]
    if plan.files:
        rows.append([cb(l10n("contest-files-button", count=len(plan.files)), A.files, e=e)])
    rows.append([cb(l10n("contest-recuse-button"), A.recuse, e=e)])
    rows.append([cb(l10n("contest-jury-back"), A.queue)])
    return text, keyboard(*rows)


@router.callback_query(ContestCb.filter(F.action == A.plan), flags=JUROR)
async def plan_card(query: CallbackQuery, message: Message, ctx: Ctx, plan: Plan) -> None:
    await query.answer()
    await show(message, card_view(plan, ctx))


@router.callback_query(ContestCb.filter(F.action == A.files), flags=JUROR)
async def files(query: CallbackQuery, message: Message, ctx: Ctx, plan: Plan) -> None:
    await query.answer()
    for item in plan.files:
        if item.kind == "photo":
            await message.answer_photo(item.file_id)
        elif item.kind == "voice":
            await message.answer_voice(item.file_id)
        else:
            await message.answer_document(item.file_id)
    await send(message, card_view(plan, ctx))


# -- scoring ------------------------------------------------------------------------------------


def criterion_view(plan: Plan, points: dict[str, int], ctx: Ctx) -> Screen:
    l10n = ctx.l10n
    rubric = plan.contest.rubric
    index = next(i for i, line in enumerate(rubric) if line.code not in points)
    line = rubric[index]
    text = l10n(
        "contest-score-ask",
        n=index + 1,
        of=len(rubric),
        plan=plan.entry.id,
        criterion=html.escape(line.label(l10n.locale)),
        max=line.max,
    )
    buttons = [cb(str(p), A.points, e=plan.entry.id, v=str(p)) for p in range(line.max + 1)]
    cancel = [cb(l10n("contest-score-cancel"), A.score_cancel, e=plan.entry.id)]
    return text, keyboard(*columns(buttons, 6), cancel)


def confirm_view(
    contest: Contest, entry_id: int, points: dict[str, int], comment: str, ctx: Ctx
) -> Screen:
    l10n = ctx.l10n
    lines = [l10n("contest-score-confirm", plan=entry_id), ""]
    lines += [
        l10n(
            "contest-score-line",
            criterion=html.escape(line.label(l10n.locale)),
            points=points.get(line.code, 0),
            max=line.max,
        )
        for line in contest.rubric
    ]
    lines.append(l10n("contest-score-total", total=sum(points.values()), max=contest.max_total))
    if comment:
        lines.append(l10n("contest-score-comment", comment=html.escape(comment)))
    kb = keyboard(
        [cb(l10n("contest-score-submit"), A.score_ok, e=entry_id)],
        [cb(l10n("contest-score-cancel"), A.score_cancel, e=entry_id)],
    )
    return "\n".join(lines), kb


@router.callback_query(ContestCb.filter(F.action == A.score), flags=JUROR)
async def score(query: CallbackQuery, message: Message, ctx: Ctx, plan: Plan) -> None:
    await query.answer()
    await ctx.state.set_state(ContestFlow.score)
    await ctx.state.update_data({SCORING_ENTRY: plan.entry.id, SCORING_KEY: {}, COMMENT_KEY: ""})
    await show(message, criterion_view(plan, {}, ctx))


async def _scoring(ctx: Ctx, entry_id: int) -> dict[str, int] | None:
    """The points so far, if the person is scoring this very plan."""
    data = await ctx.state.get_data()
    if await ctx.state.get_state() not in (ContestFlow.score.state, ContestFlow.comment.state):
        return None
    if int(data.get(SCORING_ENTRY) or 0) != entry_id:
        return None
    return {str(k): int(v) for k, v in dict(data.get(SCORING_KEY) or {}).items()}


@router.callback_query(ContestCb.filter(F.action == A.points), flags=JUROR_STAY)
async def points(
    query: CallbackQuery, callback_data: ContestCb, message: Message, ctx: Ctx, plan: Plan
) -> None:
    given = await _scoring(ctx, plan.entry.id)
    rubric = plan.contest.rubric
    if given is None or len(given) >= len(rubric) or not callback_data.v.isdigit():
        await query.answer(ctx.l10n("contest-stale"), show_alert=True)
        return
    line = next(r for r in rubric if r.code not in given)
    value = int(callback_data.v)
    if value > line.max:
        await query.answer(ctx.l10n("contest-stale"), show_alert=True)
        return
    given[line.code] = value
    await ctx.state.update_data({SCORING_KEY: given})
    await query.answer()
    if len(given) < len(rubric):
        await show(message, criterion_view(plan, given, ctx))
        return
    await ctx.state.set_state(ContestFlow.comment)
    kb = keyboard([cb(ctx.l10n("contest-no-comment"), A.no_comment, e=plan.entry.id)])
    await show(message, (ctx.l10n("contest-score-ask-comment"), kb))


@router.message(ContestFlow.comment, F.text, flags=needs(typed=True))
async def comment(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    entry_id = int(data.get(SCORING_ENTRY) or 0)
    plan = await ctx.contests.judgeable(ctx.access, entry_id)
    given = await _scoring(ctx, entry_id)
    if plan is None or given is None:
        await ctx.leave()
        await message.answer(ctx.l10n("contest-stale"))
        return
    text = (message.text or "").strip()[:COMMENT_MAX]
    await ctx.state.update_data({COMMENT_KEY: text})
    await send(message, confirm_view(plan.contest, entry_id, given, text, ctx))


@router.message(ContestFlow.comment, flags=needs(typed=True))
async def comment_other(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.l10n("contest-score-ask-comment"))


@router.callback_query(ContestCb.filter(F.action == A.no_comment), flags=JUROR_STAY)
async def no_comment(query: CallbackQuery, message: Message, ctx: Ctx, plan: Plan) -> None:
    given = await _scoring(ctx, plan.entry.id)
    if given is None:
        await query.answer(ctx.l10n("contest-stale"), show_alert=True)
        return
    await ctx.state.update_data({COMMENT_KEY: ""})
    await query.answer()
    await show(message, confirm_view(plan.contest, plan.entry.id, given, "", ctx))


@router.callback_query(ContestCb.filter(F.action == A.score_ok), flags=JUROR_STAY)
async def score_ok(query: CallbackQuery, message: Message, ctx: Ctx, plan: Plan) -> None:
    given = await _scoring(ctx, plan.entry.id)
    comment_text = str((await ctx.state.get_data()).get(COMMENT_KEY) or "") or None
    if given is None:
        await query.answer(ctx.l10n("contest-stale"), show_alert=True)
        return
    try:
        saved = await ctx.contests.score(ctx.access, plan.entry.id, given, comment_text)
    except ContestError as exc:
        await query.answer(error_text(exc, ctx.l10n), show_alert=True)
        return
    await ctx.leave()
    await query.answer()
    l10n = ctx.l10n
    text = l10n(
        "contest-score-saved",
        plan=plan.entry.id,
        total=saved.total or 0,
        max=plan.contest.max_total,
    )
    await show(message, (text, keyboard([cb(l10n("contest-jury-back"), A.queue)])))


@router.callback_query(ContestCb.filter(F.action == A.score_cancel), flags=JUROR)
async def score_cancel(query: CallbackQuery, message: Message, ctx: Ctx, plan: Plan) -> None:
    await query.answer()
    await show(message, card_view(plan, ctx))


# -- recusing -----------------------------------------------------------------------------------


@router.callback_query(ContestCb.filter(F.action == A.recuse), flags=JUROR)
async def recuse(query: CallbackQuery, message: Message, ctx: Ctx, plan: Plan) -> None:
    l10n = ctx.l10n
    await query.answer()
    kb = keyboard(
        [cb(l10n("contest-recuse-yes"), A.recuse_ok, e=plan.entry.id)],
        [cb(l10n("button-back"), A.plan, e=plan.entry.id)],
    )
    await show(message, (l10n("contest-recuse-confirm", plan=plan.entry.id), kb))


@router.callback_query(ContestCb.filter(F.action == A.recuse_ok), flags=JUROR)
async def recuse_ok(query: CallbackQuery, message: Message, ctx: Ctx, plan: Plan) -> None:
    try:
        await ctx.contests.recuse(ctx.access, plan.entry.id)
    except ContestError as exc:
        await query.answer(error_text(exc, ctx.l10n), show_alert=True)
        return
    await query.answer(ctx.l10n("contest-recused", plan=plan.entry.id))
    await show(message, await queue_view(ctx))
