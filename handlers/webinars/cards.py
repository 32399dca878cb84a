"""A coordinator's buttons on one webinar in their scope: its card, the registrants (marking
attendance), the Excel file, cancelling it, and choosing a field to change (the typed or picked
value is taken by the wizard's handlers, `wizard.py`)."""

from __future__ import annotations

import asyncio
import html

from aiogram import F, Router
from aiogram.types import BufferedInputFile, CallbackQuery

from bot.telegram.callbacks import WebinarAction, WebinarCb
from bot.telegram.screens import cut
from bot.webinars.files import build_registrants_workbook
from bot.webinars.rules import WebinarError
from bot.webinars.service import Webinar
from handlers.webinars.admin_views import (
    admin_card,
    draft_of,
    field_prompt,
    fields_view,
    people_view,
)
from handlers.webinars.common import FIELDS, WIZARD, CoordinatorGuard, Ctx, leave
from handlers.webinars.replies import SILENT, Said, confirm, refuse

router = Router(name=__name__)
router.callback_query.middleware(CoordinatorGuard(load=True))


async def _card(query: CallbackQuery, webinar: Webinar, ctx: Ctx, said: Said = SILENT) -> None:
    """The webinar's card as it is now, in place, with a notice on it and a toast."""
    await query.answer(said.toast)
    fresh = await ctx.webinars.require(webinar.id)
    await ctx.put(await admin_card(fresh, ctx, notice=said.notice))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.admin_card))
async def card(query: CallbackQuery, webinar: Webinar, ctx: Ctx) -> None:
    await leave(ctx.state)
    await _card(query, webinar, ctx)


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.people))
async def people(
    query: CallbackQuery, callback_data: WebinarCb, webinar: Webinar, ctx: Ctx
) -> None:
    await query.answer()
    await ctx.put(await people_view(webinar, callback_data.r, ctx))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.attendance))
async def attendance(
    query: CallbackQuery, callback_data: WebinarCb, webinar: Webinar, ctx: Ctx
) -> None:
    by = ctx.access.user_id
    reg = await ctx.webinars.registration_by_id(callback_data.r)
    if reg is None or reg.webinar_id != webinar.id:
        why = "coordinator %s: registration %s is not of webinar %s"
        await refuse(query, ctx.l10n, "access-denied", why, by, callback_data.r, webinar.id)
        return
    try:
        await ctx.webinars.set_attendance(webinar, reg, reg.attended_at is None, by)
    except WebinarError as exc:
        await query.answer(ctx.l10n(exc.key), show_alert=True)
        return
    await query.answer()
    page = int(callback_data.v) if callback_data.v.isdigit() else 0
    await ctx.put(await people_view(webinar, page, ctx))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.export))
async def export(query: CallbackQuery, webinar: Webinar, ctx: Ctx) -> None:
    l10n, zone = ctx.l10n, ctx.zone
    people = await ctx.webinars.registrants(webinar)
    if not people:
        await query.answer(l10n("webinar-export-empty"), show_alert=True)
        return
    await query.answer(l10n("webinar-export-wait"))
    data = await asyncio.to_thread(build_registrants_workbook, webinar, people, l10n, zone)
    today = ctx.clock.now().astimezone(zone).date()
    await ctx.message.answer_document(
        BufferedInputFile(data, filename=f"webinar-{webinar.id}-{today.isoformat()}.xlsx"),
        caption=l10n(
            "webinar-export-caption",
            title=html.escape(cut(webinar.title(l10n.locale), 80)),
            count=len(people),
        ),
    )


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.cancel))
async def cancel(query: CallbackQuery, webinar: Webinar, ctx: Ctx) -> None:
    l10n = ctx.l10n
    if webinar.status != "scheduled" or ctx.webinars.has_started(webinar):
        await _card(query, webinar, ctx, Said(toast=l10n("webinar-error-started")))
        return
    await query.answer()
    counts = await ctx.webinars.counts(webinar)
    question = l10n(
        "webinar-cancel-confirm",
        title=html.escape(webinar.title(l10n.locale)),
        count=counts.registered + counts.waiting,
    )
    yes, back = WebinarAction.cancel_yes, WebinarAction.admin_card
    await ctx.put(confirm(l10n, question, "webinar-cancel-yes", webinar.id, yes, back))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.cancel_yes))
async def cancel_yes(query: CallbackQuery, webinar: Webinar, ctx: Ctx) -> None:
    act = ctx.webinars.cancel_webinar(webinar.id, ctx.access.user_id)
    await _card(query, webinar, ctx, await Said.after(act, ctx.l10n, "webinar-cancelled-done"))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.edit))
async def edit(query: CallbackQuery, webinar: Webinar, ctx: Ctx) -> None:
    if webinar.status != "scheduled":
        await _card(query, webinar, ctx, Said(toast=ctx.l10n("webinar-error-cancelled")))
        return
    await leave(ctx.state)
    await query.answer()
    await ctx.put(fields_view(webinar.id, ctx.l10n))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.edit_field))
async def edit_field(
    query: CallbackQuery, callback_data: WebinarCb, webinar: Webinar, ctx: Ctx
) -> None:
    """One field of a webinar to change: its prompt; the answer goes to the wizard's handlers
    (the same state, with the webinar's id in `wb_id`)."""
    field = callback_data.v
    if field not in (*FIELDS, "recording_url") or webinar.status != "scheduled":
        await query.answer(ctx.l10n("button-stale"), show_alert=True)
        return
    if field == "recording_url" and not ctx.webinars.has_started(webinar):
        await _card(query, webinar, ctx, Said(toast=ctx.l10n("webinar-error-not-started")))
        return
    await query.answer()
    current = draft_of(webinar)
    await WIZARD.begin(ctx.state, {"wb_id": webinar.id, "wb_draft": current}, at=field)
    await ctx.put(field_prompt(field, current, ctx, editing=True))
