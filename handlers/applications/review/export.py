"""The queue, as filtered, as an Excel file; each row links to the application's card."""

from __future__ import annotations

import asyncio
import logging
from functools import partial

from aiogram import Bot, F, Router
from aiogram.types import BufferedInputFile, CallbackQuery

from bot.documents.exports import CardLink, ExportRow, build_workbook
from bot.telegram.callbacks import ReviewAction, ReviewCb
from bot.telegram.deeplinks import DeepLinks, make_link
from handlers.applications.guard import Ctx
from handlers.applications.review.scope import Filters, Scope, about, query_of, telegram_name

log = logging.getLogger("handlers.applications.review")
router = Router(name=__name__)

EXPORT_LIMIT = 5000  # rows in one Excel file
DEEP_LINK_PREFIX = "rv_"  # t.me/<bot>?start=rv_<application id>: its card, for coordinators


@router.callback_query(
    ReviewCb.filter(F.action == ReviewAction.export), flags=about(Scope.filters)
)
async def export(query: CallbackQuery, filters: Filters, deep_links: DeepLinks, ctx: Ctx) -> None:
    applications, l10n = ctx.applications, ctx.l10n
    query_filter = query_of(filters, ctx.access)
    total = await applications.count(query_filter)
    if not total:
        await query.answer(l10n("review-export-empty"), show_alert=True)
        return
    await query.answer(l10n("review-export-wait"))
    found = await applications.queue(query_filter, limit=EXPORT_LIMIT)
    scores = await applications.scores_of(found)
    names: dict[int, str] = {}
    for app in found:
        if app.user_id not in names:
            names[app.user_id] = telegram_name(await ctx.people.get(app.user_id), app.user_id)
    rows = [ExportRow(a, names[a.user_id], scores[a.id]) for a in found]
    card_link = await _card_link(query.bot, deep_links)
    # Building a workbook of thousands of rows takes a while: not on the event loop.
    data = await asyncio.to_thread(
        partial(build_workbook, card_link=card_link), rows, applications.catalogue, l10n, ctx.zone
    )
    caption = l10n("review-export-caption", count=len(found))
    if total > len(found):
        caption += "\n" + l10n("review-export-cut", limit=len(found), total=total)
    await ctx.message.answer_document(
        BufferedInputFile(data, filename=f"applications-{ctx.today().isoformat()}.xlsx"),
        caption=caption,
    )
    log.info("coordinator %s exported %d application(s)", ctx.access.user_id, len(found))


async def _card_link(bot: Bot | None, deep_links: DeepLinks) -> CardLink | None:
    """`t.me/<bot>?start=rv_<id>` for the workbook: a voice answer or a file cannot travel in
    Excel, and a Telegram file id means nothing to a person, but the link opens the card in the
    bot, its files one button away. None when the link would lead nowhere."""
    if bot is None or not deep_links.has(DEEP_LINK_PREFIX):
        return None
    username = (await bot.me()).username
    if not username:
        return None
    return lambda app: make_link(username, f"{DEEP_LINK_PREFIX}{app.id}")
