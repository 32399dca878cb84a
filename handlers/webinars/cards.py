"""A coordinator's buttons on one webinar in their scope: its card, the registrants (marking
attendance), the Excel file, cancelling it, and choosing a field to change (the typed or picked
value is taken by the wizard's handlers, `wizard.py`)."""

from __future__ import annotations

import asyncio
import html
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.core.access import Access
from bot.core.catalogue import Catalogue
from bot.core.clock import Clock
from bot.core.i18n import Translator
from bot.telegram.callbacks import WebinarAction, WebinarCb
from bot.telegram.screens import cut, show
from bot.webinars.files import build_registrants_workbook
from bot.webinars.rules import WebinarError
from bot.webinars.service import Webinar, WebinarService
from handlers.webinars.admin_views import (
    admin_card,
    draft_of,
    field_prompt,
    fields_view,
    people_view,
)
from handlers.webinars.common import FIELDS, WIZARD, CoordinatorGuard, confirm, leave, log

router = Router(name=__name__)
router.callback_query.middleware(CoordinatorGuard(load=True))


async def _card(
    query: CallbackQuery,
    message: Message,
    webinar: Webinar,
    webinars: WebinarService,
    catalogue: Catalogue,
    zone: ZoneInfo,
    l10n: Translator,
    bot: Bot,
    *,
    notice: str | None = None,
    toast: str | None = None,
) -> None:
    """The webinar's card as it is now, in place, with a notice on it and a toast."""
    await query.answer(toast)
    fresh = await webinars.require(webinar.id)
    await show(
        message, await admin_card(fresh, webinars, catalogue, l10n, zone, bot, notice=notice)
    )


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.admin_card))
async def card(
    query: CallbackQuery,
    message: Message,
    webinar: Webinar,
    state: FSMContext,
    webinars: WebinarService,
    catalogue: Catalogue,
    zone: ZoneInfo,
    l10n: Translator,
    bot: Bot,
) -> None:
    await leave(state)
    await _card(query, message, webinar, webinars, catalogue, zone, l10n, bot)


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.people))
async def people(
    query: CallbackQuery,
    callback_data: WebinarCb,
    message: Message,
    webinar: Webinar,
    webinars: WebinarService,
    l10n: Translator,
) -> None:
    await query.answer()
    await show(message, await people_view(webinar, callback_data.r, webinars, l10n))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.attendance))
async def attendance(
    query: CallbackQuery,
    callback_data: WebinarCb,
    message: Message,
    webinar: Webinar,
    access: Access,
    webinars: WebinarService,
    l10n: Translator,
) -> None:
    reg = await webinars.registration_by_id(callback_data.r)
    if reg is None or reg.webinar_id != webinar.id:
        log.warning(
            "coordinator %s: registration %s is not of webinar %s",
            access.user_id,
            callback_data.r,
            webinar.id,
        )
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    try:
        await webinars.set_attendance(webinar, reg, reg.attended_at is None, access.user_id)
    except WebinarError as exc:
        await query.answer(l10n(exc.key), show_alert=True)
        return
    await query.answer()
    page = int(callback_data.v) if callback_data.v.isdigit() else 0
    await show(message, await people_view(webinar, page, webinars, l10n))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.export))
async def export(
    query: CallbackQuery,
    message: Message,
    webinar: Webinar,
    webinars: WebinarService,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    people = await webinars.registrants(webinar)
    if not people:
        await query.answer(l10n("webinar-export-empty"), show_alert=True)
        return
    await query.answer(l10n("webinar-export-wait"))
    data = await asyncio.to_thread(build_registrants_workbook, webinar, people, l10n, zone)
    today = clock.now().astimezone(zone).date()
    await message.answer_document(
        BufferedInputFile(data, filename=f"webinar-{webinar.id}-{today.isoformat()}.xlsx"),
        caption=l10n(
            "webinar-export-caption",
            title=html.escape(cut(webinar.title(l10n.locale), 80)),
            count=len(people),
        ),
    )


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.cancel))
async def cancel(
    query: CallbackQuery,
    message: Message,
    webinar: Webinar,
    webinars: WebinarService,
    catalogue: Catalogue,
    zone: ZoneInfo,
    l10n: Translator,
    bot: Bot,
) -> None:
    if webinar.status != "scheduled" or webinars.has_started(webinar):
        toast = l10n("webinar-error-started")
        await _card(query, message, webinar, webinars, catalogue, zone, l10n, bot, toast=toast)
        return
    await query.answer()
    counts = await webinars.counts(webinar)
    question = l10n(
        "webinar-cancel-confirm",
        title=html.escape(webinar.title(l10n.locale)),
        count=counts.registered + counts.waiting,
    )
    await show(
        message,
        confirm(
            l10n,
            question,
            "webinar-cancel-yes",
            WebinarCb(action=WebinarAction.cancel_yes, w=webinar.id),
            WebinarCb(action=WebinarAction.admin_card, w=webinar.id),
        ),
    )


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.cancel_yes))
async def cancel_yes(
    query: CallbackQuery,
    message: Message,
    webinar: Webinar,
    access: Access,
    webinars: WebinarService,
    catalogue: Catalogue,
    zone: ZoneInfo,
    l10n: Translator,
    bot: Bot,
) -> None:
    try:
        await webinars.cancel_webinar(webinar.id, access.user_id)
    except WebinarError as exc:
        toast = l10n(exc.key)
        await _card(query, message, webinar, webinars, catalogue, zone, l10n, bot, toast=toast)
        return
    done = l10n("webinar-cancelled-done")
    await _card(
        query, message, webinar, webinars, catalogue, zone, l10n, bot, notice=done, toast=done
    )


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.edit))
async def edit(
    query: CallbackQuery,
    message: Message,
    webinar: Webinar,
    state: FSMContext,
    webinars: WebinarService,
    catalogue: Catalogue,
    zone: ZoneInfo,
    l10n: Translator,
    bot: Bot,
) -> None:
    if webinar.status != "scheduled":
        toast = l10n("webinar-error-cancelled")
        await _card(query, message, webinar, webinars, catalogue, zone, l10n, bot, toast=toast)
        return
    await leave(state)
    await query.answer()
    await show(message, fields_view(webinar.id, l10n))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.edit_field))
async def edit_field(
    query: CallbackQuery,
    callback_data: WebinarCb,
    message: Message,
    webinar: Webinar,
    state: FSMContext,
    access: Access,
    webinars: WebinarService,
    catalogue: Catalogue,
    zone: ZoneInfo,
    l10n: Translator,
    bot: Bot,
) -> None:
    """One field of a webinar to change: its prompt; the answer goes to the wizard's handlers
    (the same state, with the webinar's id in `wb_id`)."""
    field = callback_data.v
    if field not in (*FIELDS, "recording_url") or webinar.status != "scheduled":
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    if field == "recording_url" and not webinars.has_started(webinar):
        toast = l10n("webinar-error-not-started")
        await _card(query, message, webinar, webinars, catalogue, zone, l10n, bot, toast=toast)
        return
    await query.answer()
    current = draft_of(webinar)
    await WIZARD.begin(state, {"wb_id": webinar.id, "wb_draft": current}, at=field)
    await show(message, field_prompt(field, current, catalogue, access, l10n, editing=True))
