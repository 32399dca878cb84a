"""The coordinator's contests: the list, a contest's card (who was invited, drafts, plans
submitted and scored), closing the submissions, the ranking with its stated tie-break, picking
and confirming the winners, a plan's card, and funding a winner in one step (a loan created
from the plan, or a grant)."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.contests.service import Contest, ContestError, Plan, Rank
from bot.loans.schedule import TermsError
from bot.telegram.callbacks import ContestAction as A
from bot.telegram.callbacks import ContestCb, LoanAdminAction, LoanAdminCb
from bot.telegram.screens import Screen, button, cut, keyboard, show
from handlers.contests.common import Ctx, cb, error_text, name_of, needs, plan_text, region_name

router = Router(name=__name__)

WINNERS_KEY = "ct_winners"
COORD = needs(role="coordinator")
CONTEST = needs("contest", role="coordinator")
CONTEST_STAY = needs("contest", role="coordinator", stay=True)
ENTRY = needs("entry", role="coordinator")
ENTRY_STAY = needs("entry", role="coordinator", stay=True)


async def list_view(ctx: Ctx) -> Screen:
    l10n = ctx.l10n
    found = await ctx.contests.contests_for(ctx.access)
    lines = [l10n("contest-admin-title", count=len(found))]
    rows = [
        [
            cb(
                l10n("contest-admin-item", name=name_of(ctx, c), status=c.status),
                A.card,
                c=c.id,
            )
        ]
        for c in found[:20]
    ]
    if ctx.contests.programs_for(ctx.access):
        rows.append([cb(l10n("contest-new-button"), A.new)])
    rows.append([cb(l10n("button-back"), A.hub)])
    return "\n".join(lines), keyboard(*rows)


@router.callback_query(ContestCb.filter(F.action == A.contests), flags=COORD)
async def contests(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await show(message, await list_view(ctx))


async def card_view(contest: Contest, ctx: Ctx, notice: str | None = None) -> Screen:
    l10n = ctx.l10n
    counts = await ctx.contests.counts(contest)
    lines = [notice, ""] if notice else []
    lines += [
        l10n("contest-card-title", name=name_of(ctx, contest), status=contest.status),
        l10n(
            "contest-card-scope", region=region_name(contest.region, l10n), who=contest.eligibility
        ),
        l10n("contest-card-window", opens=contest.opens_on, closes=contest.closes_on),
        l10n(
            "contest-card-counts",
            invited=counts.invited,
            drafts=counts.drafts,
            submitted=counts.submitted,
            scored=counts.scored,
        ),
    ]
    rows = [[cb(l10n("contest-ranking-button"), A.ranking, c=contest.id)]]
    if contest.status == "open":
        rows.append([cb(l10n("contest-close-button"), A.close, c=contest.id)])
    rows.append([cb(l10n("contest-admin-back"), A.contests)])
    return "\n".join(lines), keyboard(*rows)


@router.callback_query(ContestCb.filter(F.action == A.card), flags=CONTEST)
async def card(query: CallbackQuery, message: Message, ctx: Ctx, contest: Contest) -> None:
    await query.answer()
    await show(message, await card_view(contest, ctx))


@router.callback_query(ContestCb.filter(F.action == A.close), flags=CONTEST)
async def close(query: CallbackQuery, message: Message, ctx: Ctx, contest: Contest) -> None:
    l10n = ctx.l10n
    await query.answer()
    kb = keyboard(
        [cb(l10n("contest-close-yes"), A.close_ok, c=contest.id)],
        [cb(l10n("button-back"), A.card, c=contest.id)],
    )
    await show(message, (l10n("contest-close-confirm", name=name_of(ctx, contest)), kb))


@router.callback_query(ContestCb.filter(F.action == A.close_ok), flags=CONTEST)
async def close_ok(query: CallbackQuery, message: Message, ctx: Ctx, contest: Contest) -> None:
    try:
        contest = await ctx.contests.close(ctx.access, contest)
    except ContestError as exc:
        await query.answer(error_text(exc, ctx.l10n), show_alert=True)
        return
    await query.answer()
    await show(message, await card_view(contest, ctx, ctx.l10n("contest-closed")))


# -- the ranking and the winners ----------------------------------------------------------------


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


async def _who(ctx: Ctx, user_id: int) -> str:
    person = await ctx.people.get(user_id)
    return html.escape(person.full_name if person else str(user_id))


async def ranking_view(contest: Contest, ctx: Ctx, picked: list[int]) -> Screen:
    l10n = ctx.l10n
    ranks = await ctx.contests.ranking(contest)
    lines = [l10n("contest-ranking-title", name=name_of(ctx, contest)), ""]
    rows: list[list[InlineKeyboardButton]] = []
    for place, rank in enumerate(ranks, 1):
        lines.append(await _rank_line(ctx, place, rank))
        rows.append(_rank_buttons(ctx, contest, rank, picked))
    if not ranks:
        lines.append(l10n("contest-ranking-empty"))
    lines += ["", l10n("contest-tie-break")]
    if contest.status == "open":
        lines.append(l10n("contest-ranking-close-first"))
    if contest.status == "closed" and picked:
        rows.append([cb(l10n("contest-decide-button", count=len(picked)), A.decide, c=contest.id)])
    rows.append([cb(l10n("button-back"), A.card, c=contest.id)])
    return "\n".join(lines), keyboard(*rows)


async def _rank_line(ctx: Ctx, place: int, rank: Rank) -> str:
    entry = rank.entry
    return ctx.l10n(
        "contest-ranking-line",
        place=place,
        n=entry.id,
        name=await _who(ctx, entry.user_id),
        average=_points(rank.average),
        first=_points(rank.first),
        jurors=rank.jurors,
        status=entry.status,
    )


def _rank_buttons(
    ctx: Ctx, contest: Contest, rank: Rank, picked: list[int]
) -> list[InlineKeyboardButton]:
    l10n, entry = ctx.l10n, rank.entry
    row = [cb(l10n("contest-entry-button", n=entry.id), A.entry, c=contest.id, e=entry.id)]
    if contest.status == "closed" and entry.status == "submitted":
        mark = "☑" if entry.id in picked else "☐"
        row.append(cb(f"{mark} #{entry.id}", A.pick, c=contest.id, e=entry.id))
    if contest.status == "decided" and entry.status == "won":
        row.append(_fund_button(ctx, contest, rank.entry.id, rank.entry.loan_id, rank))
    return row


def _fund_button(
    ctx: Ctx, contest: Contest, entry_id: int, loan_id: int | None, rank: Rank | None = None
) -> InlineKeyboardButton:
    l10n = ctx.l10n
    if loan_id is not None:
        data = LoanAdminCb(action=LoanAdminAction.card, loan=loan_id)
        return button(l10n("contest-loan-open", n=entry_id), data)
    funded = rank is not None and bool(rank.entry.answers.get("funded_on"))
    if funded:
        return cb(l10n("contest-funded", n=entry_id), A.noop)
    program = ctx.contests.catalogue.get(contest.program)
    kind = program.cycle.funding if program else "grant"
    return cb(l10n("contest-fund-button", n=entry_id, kind=kind), A.fund, c=contest.id, e=entry_id)


async def _picked(ctx: Ctx) -> list[int]:
    return [int(v) for v in (await ctx.state.get_data()).get(WINNERS_KEY) or []]


@router.callback_query(ContestCb.filter(F.action == A.ranking), flags=CONTEST)
async def ranking(query: CallbackQuery, message: Message, ctx: Ctx, contest: Contest) -> None:
    await query.answer()
    await show(message, await ranking_view(contest, ctx, []))


@router.callback_query(ContestCb.filter(F.action == A.pick), flags=ENTRY_STAY)
async def pick(
    query: CallbackQuery, message: Message, ctx: Ctx, contest: Contest, plan: Plan
) -> None:
    if contest.status != "closed" or plan.entry.status != "submitted":
        await query.answer(ctx.l10n("contest-stale"), show_alert=True)
        return
    picked = await _picked(ctx)
    entry_id = plan.entry.id
    picked = [p for p in picked if p != entry_id] if entry_id in picked else [*picked, entry_id]
    await ctx.state.update_data({WINNERS_KEY: picked})
    await query.answer()
    await show(message, await ranking_view(contest, ctx, picked))


@router.callback_query(ContestCb.filter(F.action == A.decide), flags=CONTEST_STAY)
async def decide(query: CallbackQuery, message: Message, ctx: Ctx, contest: Contest) -> None:
    l10n = ctx.l10n
    picked = await _picked(ctx)
    if not picked:
        await query.answer(l10n("contest-error-winners"), show_alert=True)
        return
    await query.answer()
    names = ", ".join(f"#{p}" for p in picked)
    kb = keyboard(
        [cb(l10n("contest-decide-yes"), A.decide_ok, c=contest.id)],
        [cb(l10n("button-back"), A.ranking, c=contest.id)],
    )
    await show(message, (l10n("contest-decide-confirm", winners=names), kb))


@router.callback_query(ContestCb.filter(F.action == A.decide_ok), flags=CONTEST_STAY)
async def decide_ok(query: CallbackQuery, message: Message, ctx: Ctx, contest: Contest) -> None:
    try:
        contest = await ctx.contests.decide(ctx.access, contest, await _picked(ctx))
    except ContestError as exc:
        await query.answer(error_text(exc, ctx.l10n), show_alert=True)
        return
    await ctx.leave()
    await query.answer(ctx.l10n("contest-decided"))
    await show(message, await ranking_view(contest, ctx, []))


# -- a plan, and funding a winner ---------------------------------------------------------------


async def entry_view(contest: Contest, plan: Plan, ctx: Ctx, notice: str | None = None) -> Screen:
    l10n = ctx.l10n
    entry = plan.entry
    lines = [notice, ""] if notice else []
    lines += [
        l10n(
            "contest-admin-entry",
            n=entry.id,
            name=await _who(ctx, entry.user_id),
            status=entry.status,
        ),
        "",
        plan_text(plan, l10n),
    ]
    rows = []
    if entry.status == "won":
        rows.append([_fund_button(ctx, contest, entry.id, entry.loan_id)])
    rows.append([cb(l10n("contest-ranking-button"), A.ranking, c=contest.id)])
    return "\n".join(lines), keyboard(*rows)


@router.callback_query(ContestCb.filter(F.action == A.entry), flags=ENTRY)
async def entry(
    query: CallbackQuery, message: Message, ctx: Ctx, contest: Contest, plan: Plan
) -> None:
    await query.answer()
    await show(message, await entry_view(contest, plan, ctx))


@router.callback_query(ContestCb.filter(F.action == A.fund), flags=ENTRY)
async def fund(
    query: CallbackQuery, message: Message, ctx: Ctx, contest: Contest, plan: Plan
) -> None:
    l10n = ctx.l10n
    try:
        funded = await ctx.contests.fund(ctx.access, contest, plan.entry.id)
    except ContestError as exc:
        await query.answer(error_text(exc, l10n), show_alert=True)
        return
    except TermsError as exc:
        await query.answer(cut(l10n(f"loan-terms-{exc.key}", **exc.details), 190), show_alert=True)
        return
    await query.answer()
    fresh = await ctx.contests.plan(funded, contest)
    key = "contest-loan-created" if funded.loan_id else "contest-grant-recorded"
    await show(message, await entry_view(contest, fresh, ctx, l10n(key, n=funded.id)))
