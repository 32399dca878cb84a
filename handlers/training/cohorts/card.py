"""A cohort's card, the dashboard: opening it, nudging those behind, the progress as Excel, and
writing to the cohort through the broadcast wizard."""

from __future__ import annotations

import asyncio
import html
import logging

from aiogram import F, Router
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.broadcasts.audience import AudienceError, Criterion
from bot.core.people import User
from bot.documents.exports import ProgressRow, build_progress_workbook
from bot.telegram.callbacks import CohortAction as A
from bot.telegram.callbacks import CohortCb
from bot.telegram.screens import button, keyboard, show
from bot.training.service import Cohort
from handlers.broadcasts.compose import begin as begin_broadcast
from handlers.training.cohorts.common import VIEW, Ctx, co, person_name
from handlers.training.cohorts.views import BEHIND_LINES, card_view, label

log = logging.getLogger(__name__)
router = Router(name=__name__)


@router.callback_query(CohortCb.filter(F.action == A.open), flags=VIEW)
async def open_card(query: CallbackQuery, message: Message, cohort: Cohort, ctx: Ctx) -> None:
    await query.answer()
    await show(message, await card_view(cohort, ctx))


async def _waiting(query: CallbackQuery, cohort: Cohort, ctx: Ctx) -> list[int]:
    """The laggards not nudged today; when there are none, the alert that says so."""
    stats = await ctx.training.stats(cohort)
    if not stats.behind:
        await query.answer(ctx.l10n("cohort-nobody-behind"), show_alert=True)
        return []
    waiting = await ctx.training.to_nudge(cohort, stats)
    if not waiting:
        await query.answer(ctx.l10n("cohort-nudged", sent=0), show_alert=True)
    return waiting


@router.callback_query(CohortCb.filter(F.action == A.nudge), flags=VIEW)
async def nudge(query: CallbackQuery, message: Message, cohort: Cohort, ctx: Ctx) -> None:
    """Who the nudge goes to, and a confirmation."""
    l10n = ctx.l10n
    waiting = await _waiting(query, cohort, ctx)
    if not waiting:
        return
    await query.answer()
    names = [html.escape(label(await ctx.name(uid))) for uid in waiting[:BEHIND_LINES]]
    text = l10n("cohort-nudge-confirm", count=len(waiting), names=", ".join(names))
    kb = keyboard(
        [button(l10n("cohort-nudge-yes"), co(A.nudge_yes, cohort.id))],
        [button(l10n("button-back"), co(A.open, cohort.id))],
    )
    await show(message, (text, kb))


@router.callback_query(CohortCb.filter(F.action == A.nudge_yes), flags=VIEW)
async def nudge_confirmed(
    query: CallbackQuery, message: Message, cohort: Cohort, ctx: Ctx
) -> None:
    """The nudges, once a day each."""
    waiting = await _waiting(query, cohort, ctx)
    if not waiting:
        return
    sent = await ctx.training.nudge(cohort, waiting, ctx.access.user_id)
    await query.answer(ctx.l10n("cohort-nudged", sent=sent), show_alert=True)
    await show(message, await card_view(cohort, ctx))


def _telegram_name(person: User | None, user_id: int) -> str:
    """How a person is known in Telegram: the name and the @username."""
    name = person_name(person, user_id)
    return name + (f" (@{person.username})" if person and person.username else "")


@router.callback_query(CohortCb.filter(F.action == A.export), flags=VIEW)
async def export(query: CallbackQuery, message: Message, cohort: Cohort, ctx: Ctx) -> None:
    training, l10n = ctx.training, ctx.l10n
    course = training.course_of(cohort)
    assert course is not None
    roster = await training.roster(cohort)
    if not roster:
        await query.answer(l10n("cohort-export-empty"), show_alert=True)
        return
    await query.answer(l10n("cohort-export-wait"))
    rows = [
        ProgressRow(
            name=_telegram_name(await ctx.people.get(t.member.user_id), t.member.user_id),
            joined_at=t.member.joined_at,
            done=t.done,
            last_activity=t.last,
        )
        for t in roster
    ]
    released = training.released(cohort)
    data = await asyncio.to_thread(
        build_progress_workbook, cohort.name, course, released, rows, l10n, ctx.zone
    )
    filename = f"cohort-{cohort.id}-{training.today().isoformat()}.xlsx"
    await message.answer_document(
        BufferedInputFile(data, filename=filename),
        caption=l10n("cohort-export-caption", name=html.escape(cohort.name), count=len(rows)),
    )
    log.info("user %s exported cohort %s", ctx.access.user_id, cohort.id)


@router.callback_query(CohortCb.filter(F.action == A.write), flags=VIEW)
async def write(query: CallbackQuery, message: Message, cohort: Cohort, ctx: Ctx) -> None:
    """The broadcast wizard with the audience preset to this cohort (and to its region when
    this person must always name one): the wizard checks the scope again at every step."""
    access, l10n = ctx.access, ctx.l10n
    preset: list[Criterion] = [("cohort", str(cohort.id))]
    region_filter = ctx.audience.filter("region")
    if cohort.region and region_filter is not None and region_filter.required(access):
        preset.insert(0, ("region", cohort.region))
    try:
        await ctx.audience.check(access, preset, l10n)
    except AudienceError as exc:
        log.warning("user %s may not write to cohort %s: %s", access.user_id, cohort.id, exc)
        await query.answer(l10n("cohort-write-refused"), show_alert=True)
        return
    await query.answer()
    await begin_broadcast(message, access, ctx.state, ctx.audience, l10n, preset=preset)
