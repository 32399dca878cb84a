"""The entrant: «🏆 Байқау» (the hub: my contests, the jury's queue, the coordinator's
contests), and a business plan filled by chat — the idea (text or a voice note), the budget
line by line, one's own contribution, the jobs, attachments — then a summary to submit.

Every answer is written to the draft in the database at once, so leaving, a restart or a new
phone keeps it; «continue» (the hub, or the invitation's button) picks up at the first step
without an answer.
"""

from __future__ import annotations

import re

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.contests.service import ContestError, Plan
from bot.core.i18n import Money
from bot.core.validators import Invalid, parse_money, parse_number
from bot.telegram.callbacks import ContestAction as A
from bot.telegram.callbacks import ContestCb
from bot.telegram.menu import MenuButton
from bot.telegram.screens import Screen, keyboard, send, show
from handlers.contests.common import (
    ENTRY_KEY,
    ContestFlow,
    Ctx,
    budget_lines,
    cb,
    error_text,
    name_of,
    needs,
    plan_text,
)

router = Router(name=__name__)

STEPS = ("idea", "budget", "contribution", "jobs", "files")
ITEM = re.compile(r"^(.+?)(?:\s+[—–-]\s*|\s*[—–:]\s*)(.+)$")
NAME_MAX = 80
IDEA_MIN, IDEA_MAX = 20, 3000


# -- the hub ------------------------------------------------------------------------------------


async def hub_view(ctx: Ctx) -> Screen:
    l10n = ctx.l10n
    lines = [l10n("contest-hub-title")]
    rows: list[list[InlineKeyboardButton]] = []
    mine = await ctx.contests.mine(ctx.access.user_id)
    for contest, entry in mine:
        status = entry.status if entry is not None else "invited"
        label = l10n("contest-hub-item", name=name_of(ctx, contest), status=status)
        rows.append([cb(label, A.start, c=contest.id)])
    if not mine:
        lines.append(l10n("contest-hub-none"))
    if ctx.access.is_juror:
        count = len(await ctx.contests.queue(ctx.access))
        rows.append([cb(l10n("contest-jury-button", count=count), A.queue)])
    if ctx.access.is_coordinator:
        rows.append([cb(l10n("contest-admin-button"), A.contests)])
    return "\n\n".join(lines), keyboard(*rows)


@router.message(MenuButton("menu-contest"))
@router.message(Command("contest"))
async def hub(message: Message, ctx: Ctx) -> None:
    await ctx.leave()
    await send(message, await hub_view(ctx))


@router.callback_query(ContestCb.filter(F.action == A.hub), flags=needs())
async def hub_again(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await show(message, await hub_view(ctx))


@router.callback_query(ContestCb.filter(F.action == A.noop), flags=needs(stay=True))
async def noop(query: CallbackQuery) -> None:
    await query.answer()


# -- the steps ----------------------------------------------------------------------------------


def _leave_row(ctx: Ctx) -> list[InlineKeyboardButton]:
    return [cb(ctx.l10n("contest-leave-button"), A.leave)]


def step_view(plan: Plan, step: str, ctx: Ctx, error: str | None = None) -> Screen:
    l10n = ctx.l10n
    head = [error, ""] if error else []
    rows: list[list[InlineKeyboardButton]] = []
    if step == "summary":
        text = "\n".join(
            [
                *head,
                l10n("contest-summary-title", name=name_of(ctx, plan.contest)),
                "",
                plan_text(plan, l10n),
            ]
        )
        rows.append([cb(l10n("contest-submit-button"), A.submit, e=plan.entry.id)])
        rows.append(
            [cb(l10n(f"contest-change-{s}"), A.change, e=plan.entry.id, v=s) for s in STEPS[:3]]
        )
        rows.append(
            [cb(l10n(f"contest-change-{s}"), A.change, e=plan.entry.id, v=s) for s in STEPS[3:]]
        )
        rows.append(_leave_row(ctx))
        return text, keyboard(*rows)
    n = STEPS.index(step) + 1
    body = l10n(f"contest-ask-{step}", n=n, of=len(STEPS), total=Money(plan.entry.budget_total))
    extra: list[str] = []
    if step == "budget" and plan.items:
        extra = ["", budget_lines(plan, l10n)]
        rows.append([cb(l10n("contest-budget-done"), A.budget_done, e=plan.entry.id)])
        rows.append([cb(l10n("contest-budget-undo"), A.budget_undo, e=plan.entry.id)])
    if step == "files":
        extra = ["", l10n("contest-files-count", count=len(plan.attachments))]
        rows.append([cb(l10n("contest-files-done"), A.skip_files, e=plan.entry.id)])
    rows.append(_leave_row(ctx))
    return "\n".join([*head, body, *extra]), keyboard(*rows)


async def _go(plan: Plan, ctx: Ctx, step: str | None = None) -> Screen:
    """The plan's step (its first without an answer by default) becomes the person's state."""
    step = step or plan.step
    await ctx.state.set_state(getattr(ContestFlow, step))
    await ctx.state.update_data({ENTRY_KEY: plan.entry.id})
    return step_view(plan, step, ctx)


def _done_view(plan: Plan, ctx: Ctx, notice: str | None = None) -> Screen:
    """A plan no longer a draft: what it says and where it stands."""
    l10n = ctx.l10n
    lines = [notice, ""] if notice else []
    lines += [
        l10n("contest-entry-status", name=name_of(ctx, plan.contest), status=plan.entry.status),
        "",
        plan_text(plan, l10n),
    ]
    return "\n".join(lines), keyboard([cb(l10n("button-back"), A.hub)])


@router.callback_query(ContestCb.filter(F.action == A.start), flags=needs())
async def start(
    query: CallbackQuery, callback_data: ContestCb, message: Message, ctx: Ctx
) -> None:
    try:
        plan = await ctx.contests.start(ctx.access.user_id, callback_data.c)
    except ContestError as exc:
        await query.answer(error_text(exc, ctx.l10n), show_alert=True)
        return
    await query.answer()
    if plan.entry.status != "draft":
        await show(message, _done_view(plan, ctx))
        return
    await show(message, await _go(plan, ctx))


async def _entry_id(ctx: Ctx) -> int:
    return int((await ctx.state.get_data()).get(ENTRY_KEY) or 0)


async def _answered(message: Message, ctx: Ctx, action: object) -> None:
    """Run a draft change; the next step (or the same one with the reason) as a new message."""
    try:
        plan = await action  # type: ignore[misc]
    except ContestError as exc:
        if exc.key in ("gone", "submitted"):
            await ctx.leave()
            await message.answer(error_text(exc, ctx.l10n))
            return
        step = str(await ctx.state.get_state() or "").rpartition(":")[2]
        plan = await ctx.contests.plan_of(ctx.access.user_id, await _entry_id(ctx))
        await send(message, step_view(plan, step, ctx, error_text(exc, ctx.l10n)))
        return
    await send(message, await _go(plan, ctx))


async def _refused(message: Message, ctx: Ctx, step: str, key: str, **args: object) -> None:
    plan = await ctx.contests.plan_of(ctx.access.user_id, await _entry_id(ctx))
    await send(message, step_view(plan, step, ctx, ctx.l10n(key, **args)))


@router.message(ContestFlow.idea, F.voice, flags=needs(typed=True))
async def idea_voice(message: Message, ctx: Ctx) -> None:
    assert message.voice is not None
    entry = await _entry_id(ctx)
    voice = message.voice.file_id
    await _answered(message, ctx, ctx.contests.set_idea(ctx.access.user_id, entry, None, voice))


@router.message(ContestFlow.idea, F.text, flags=needs(typed=True))
async def idea_text(message: Message, ctx: Ctx) -> None:
    text = (message.text or "").strip()
    if not IDEA_MIN <= len(text) <= IDEA_MAX:
        await _refused(message, ctx, "idea", "contest-error-idea", min=IDEA_MIN, max=IDEA_MAX)
        return
    entry = await _entry_id(ctx)
    await _answered(message, ctx, ctx.contests.set_idea(ctx.access.user_id, entry, text))


def _money_error(parsed: int | Invalid) -> str | None:
    if isinstance(parsed, Invalid):
        return {
            "money-negative": "contest-error-negative",
            "money-words": "contest-error-money-words",
        }.get(parsed.key, "contest-error-money")
    return None


@router.message(ContestFlow.budget, F.text, flags=needs(typed=True))
async def budget_item(message: Message, ctx: Ctx) -> None:
    text = (message.text or "").strip()
    found = ITEM.match(text)
    if found is None or not found.group(1).strip():
        await _refused(message, ctx, "budget", "contest-error-item")
        return
    name, amount_text = found.group(1).strip()[:NAME_MAX], found.group(2)
    parsed = parse_money(amount_text, minimum=None, maximum=None)
    error = _money_error(parsed)
    if error is None and parsed == 0:
        error = "contest-error-zero"
    if error is not None:
        await _refused(message, ctx, "budget", error)
        return
    assert isinstance(parsed, int)
    entry = await _entry_id(ctx)
    change = ctx.contests.add_item(ctx.access.user_id, entry, name, parsed)
    try:
        plan = await change
    except ContestError as exc:
        await _refused(message, ctx, "budget", f"contest-error-{exc.key}", **exc.details)
        return
    await send(message, step_view(plan, "budget", ctx))


@router.callback_query(ContestCb.filter(F.action == A.budget_undo), flags=needs(stay=True))
async def budget_undo(
    query: CallbackQuery, callback_data: ContestCb, message: Message, ctx: Ctx
) -> None:
    await _pressed(query, message, ctx, ctx.contests.undo_item, callback_data.e, "budget")


@router.callback_query(ContestCb.filter(F.action == A.budget_done), flags=needs(stay=True))
async def budget_done(
    query: CallbackQuery, callback_data: ContestCb, message: Message, ctx: Ctx
) -> None:
    await _pressed(query, message, ctx, ctx.contests.budget_done, callback_data.e)


@router.callback_query(ContestCb.filter(F.action == A.skip_files), flags=needs(stay=True))
async def files_done(
    query: CallbackQuery, callback_data: ContestCb, message: Message, ctx: Ctx
) -> None:
    await _pressed(query, message, ctx, ctx.contests.files_done, callback_data.e)


async def _pressed(
    query: CallbackQuery,
    message: Message,
    ctx: Ctx,
    change: object,
    entry_id: int,
    step: str | None = None,
) -> None:
    """A step's button: the change made to the person's own draft (the id is checked against
    them in the service), then the step asked, or the next one."""
    try:
        plan = await change(ctx.access.user_id, entry_id)  # type: ignore[operator]
    except ContestError as exc:
        await query.answer(error_text(exc, ctx.l10n), show_alert=True)
        return
    await query.answer()
    await show(message, await _go(plan, ctx, step))


@router.message(ContestFlow.contribution, F.text, flags=needs(typed=True))
async def contribution(message: Message, ctx: Ctx) -> None:
    parsed = parse_money(message.text or "", minimum=None, maximum=None)
    error = _money_error(parsed)
    if error is not None:
        await _refused(message, ctx, "contribution", error)
        return
    assert isinstance(parsed, int)
    entry = await _entry_id(ctx)
    await _answered(message, ctx, ctx.contests.set_contribution(ctx.access.user_id, entry, parsed))


@router.message(ContestFlow.jobs, F.text, flags=needs(typed=True))
async def jobs(message: Message, ctx: Ctx) -> None:
    parsed = parse_number(message.text or "", minimum=0, maximum=10_000)
    if isinstance(parsed, Invalid):
        await _refused(message, ctx, "jobs", "contest-error-jobs")
        return
    entry = await _entry_id(ctx)
    await _answered(message, ctx, ctx.contests.set_jobs(ctx.access.user_id, entry, parsed))


@router.message(ContestFlow.files, F.photo, flags=needs(typed=True))
async def file_photo(message: Message, ctx: Ctx) -> None:
    assert message.photo
    photo = message.photo[-1]
    await _file(message, ctx, "photo", photo.file_id, None, "image/jpeg", photo.file_size)


@router.message(ContestFlow.files, F.document, flags=needs(typed=True))
async def file_document(message: Message, ctx: Ctx) -> None:
    document = message.document
    assert document is not None
    if document.mime_type != "application/pdf" and not (document.mime_type or "").startswith(
        "image/"
    ):
        await _refused(message, ctx, "files", "contest-error-file-kind")
        return
    await _file(
        message,
        ctx,
        "document",
        document.file_id,
        document.file_name,
        document.mime_type,
        document.file_size,
    )


async def _file(
    message: Message,
    ctx: Ctx,
    kind: str,
    file_id: str,
    name: str | None,
    mime: str | None,
    size: int | None,
) -> None:
    entry = await _entry_id(ctx)
    try:
        plan = await ctx.contests.add_file(
            ctx.access.user_id, entry, kind, file_id, name, mime, size
        )
    except ContestError as exc:
        await _refused(message, ctx, "files", f"contest-error-{exc.key}", **exc.details)
        return
    await send(message, step_view(plan, "files", ctx))


# What each step says to an answer of the wrong kind (a sticker for an amount, a photo for the
# jobs); the summary waits for a button. Registered after the steps' own handlers.
WRONG_KIND = {
    "idea": "contest-error-idea-kind",
    "budget": "contest-error-item",
    "contribution": "contest-error-money",
    "jobs": "contest-error-jobs",
    "files": "contest-error-file-kind",
    "summary": "contest-press-a-button",
}


@router.message(
    StateFilter(*(getattr(ContestFlow, step) for step in WRONG_KIND)), flags=needs(typed=True)
)
async def wrong_kind(message: Message, ctx: Ctx) -> None:
    step = str(await ctx.state.get_state() or "").rpartition(":")[2]
    await _refused(message, ctx, step, WRONG_KIND[step])


@router.callback_query(ContestCb.filter(F.action == A.change), flags=needs(stay=True))
async def change(
    query: CallbackQuery, callback_data: ContestCb, message: Message, ctx: Ctx
) -> None:
    if callback_data.v not in STEPS:
        await query.answer(ctx.l10n("contest-stale"), show_alert=True)
        return
    step = callback_data.v

    async def reopen(user_id: int, entry_id: int) -> Plan:
        return await ctx.contests.reopen_step(user_id, entry_id, step)

    await _pressed(query, message, ctx, reopen, callback_data.e, step)


@router.callback_query(ContestCb.filter(F.action == A.submit), flags=needs(stay=True))
async def submit(
    query: CallbackQuery, callback_data: ContestCb, message: Message, ctx: Ctx
) -> None:
    try:
        plan = await ctx.contests.submit(ctx.access.user_id, callback_data.e)
    except ContestError as exc:
        await query.answer(error_text(exc, ctx.l10n), show_alert=True)
        return
    await ctx.leave()
    await query.answer()
    await show(message, _done_view(plan, ctx, ctx.l10n("contest-submitted")))


@router.callback_query(ContestCb.filter(F.action == A.leave), flags=needs())
async def leave(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await show(message, (ctx.l10n("contest-left"), keyboard([cb(ctx.l10n("button-back"), A.hub)])))
