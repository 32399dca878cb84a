"""Coordinators: the webinars they manage, and the wizard that creates one (twelve steps, «‹ Back»
keeping the answers, a summary to change any field from, «Create») or changes one field of an
existing webinar (a new time or link is told to its registrants by the service).

The steps are walked by `bot.telegram.wizard.Wizard` (`WIZARD` in common.py); this module
renders the steps, parses what is typed or picked, and asks the service to save."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.broadcasts.service import parse_local_time
from bot.core.clock import Clock, from_utc_text, utc_text
from bot.core.i18n import Translator
from bot.telegram.callbacks import WebinarAction, WebinarCb
from bot.telegram.screens import keyboard
from bot.webinars.rules import (
    DESCRIPTION_MAX,
    SPEAKER_MAX,
    TITLE_MAX,
    WebinarError,
    check_start,
    may_manage,
    parse_capacity,
    parse_duration,
    parse_link,
    program_choices,
)
from bot.webinars.service import LANGUAGES, QUESTIONS, NewWebinar
from handlers.webinars.admin_views import (
    DURATIONS,
    OPTIONAL_FIELDS,
    admin_card,
    field_prompt,
    manage_view,
    summary_view,
)
from handlers.webinars.common import (
    FIELDS,
    WIZARD,
    CoordinatorGuard,
    Ctx,
    TypedCtx,
    UnknownWebinarButton,
    WebinarFlow,
    leave,
)

router = Router(name=__name__)
router.message.middleware(TypedCtx())
router.callback_query.middleware(CoordinatorGuard(load=False))

WHEN_KEYS = {
    "broadcast-when-invalid": "webinar-when-invalid",
    "broadcast-when-past": "webinar-when-past",
    "broadcast-when-too-far": "webinar-when-too-far",
}
TEXT_LIMITS = {
    "title_kk": TITLE_MAX,
    "title_ru": TITLE_MAX,
    "description_kk": DESCRIPTION_MAX,
    "description_ru": DESCRIPTION_MAX,
    "speaker": SPEAKER_MAX,
}


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.manage))
async def manage(query: CallbackQuery, ctx: Ctx) -> None:
    await leave(ctx.state)
    await query.answer()
    await ctx.put(await manage_view(ctx))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.new))
async def new(query: CallbackQuery, ctx: Ctx) -> None:
    if not program_choices(ctx.access, ctx.catalogue):
        await query.answer(ctx.l10n("access-denied"), show_alert=True)
        return
    await query.answer()
    step, _ = await WIZARD.begin(ctx.state, {"wb_draft": {}, "wb_review": False}, at=FIELDS[0])
    await ctx.put(field_prompt(step, {}, ctx, editing=False))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.stop))
async def stop(query: CallbackQuery, ctx: Ctx) -> None:
    await leave(ctx.state)
    await query.answer(ctx.l10n("webinar-wizard-cancelled"))
    await ctx.put(await manage_view(ctx))


async def _to_summary(ctx: Ctx, draft: dict[str, Any]) -> None:
    await ctx.state.set_state(WebinarFlow.summary)
    await ctx.state.update_data({"wb_review": True, WIZARD.step_key: None})
    await ctx.put(summary_view(draft, ctx))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.change))
async def change(query: CallbackQuery, callback_data: WebinarCb, ctx: Ctx) -> None:
    """A field chosen on the summary: its step again (then back to the summary)."""
    field = callback_data.v
    if await ctx.state.get_state() != WebinarFlow.summary.state or field not in FIELDS:
        await query.answer(ctx.l10n("button-stale"), show_alert=True)
        return
    await query.answer()
    await WIZARD.go(ctx.state, field)
    draft = (await ctx.state.get_data()).get("wb_draft") or {}
    await ctx.put(field_prompt(field, draft, ctx, editing=False))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.back))
async def back(query: CallbackQuery, callback_data: WebinarCb, ctx: Ctx) -> None:
    """The step before, its answer kept; from a field opened on the summary, the summary."""
    step, data = await WIZARD.at(ctx.state)
    review = bool(data.get("wb_review"))
    if (
        step is None
        or step != callback_data.v
        or (WIZARD.previous(step, data) is None and not review)
    ):
        await query.answer(ctx.l10n("button-stale"), show_alert=True)
        return
    await query.answer()
    draft = dict(data.get("wb_draft") or {})
    if review:
        await _to_summary(ctx, draft)
        return
    before, _ = await WIZARD.back(ctx.state, step)
    assert before is not None
    await ctx.put(field_prompt(before, draft, ctx, editing=False))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.pick))
async def pick(query: CallbackQuery, callback_data: WebinarCb, ctx: Ctx) -> None:
    """A value picked with a button (`<field>=<value>`), for the field being asked."""
    step, data = await WIZARD.at(ctx.state)
    field, _, value = callback_data.v.partition("=")
    if step is None or field != step:
        await query.answer(ctx.l10n("button-stale"), show_alert=True)
        return
    draft = dict(data.get("wb_draft") or {})
    parsed: Any
    if field in OPTIONAL_FIELDS and value == "-":
        parsed = ""
    elif field == "duration_min" and value.isdigit() and int(value) in DURATIONS:
        parsed = int(value)
    elif field == "language" and value in LANGUAGES:
        parsed = value
    elif field == "capacity" and value == "-":
        parsed = None
    elif field == "program" and (value if value != "-" else None) in program_choices(
        ctx.access, ctx.catalogue
    ):
        parsed = "" if value == "-" else value
    elif field == "questions" and value in QUESTIONS:
        chosen = list(draft.get("questions") or [])
        chosen = [q for q in chosen if q != value] if value in chosen else [*chosen, value]
        draft["questions"] = [q for q in QUESTIONS if q in chosen]
        await ctx.state.update_data(wb_draft=draft)
        await query.answer()
        shown = {**draft, "id": data.get("wb_id")}
        await ctx.put(field_prompt(field, shown, ctx, editing=bool(data.get("wb_id"))))
        return
    elif field == "questions" and value == "done":
        parsed = list(draft.get("questions") or [])
    else:
        await query.answer(ctx.l10n("button-stale"), show_alert=True)
        return
    await query.answer(await _given(ctx, field, parsed))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.create))
async def create(query: CallbackQuery, ctx: Ctx) -> None:
    l10n, access = ctx.l10n, ctx.access
    if await ctx.state.get_state() != WebinarFlow.summary.state:
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    draft = dict((await ctx.state.get_data()).get("wb_draft") or {})
    starts = from_utc_text(draft.get("starts_at"))
    program = draft.get("program") or None
    if starts is None or any(f not in draft for f in FIELDS):
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    if program not in program_choices(access, ctx.catalogue):
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    problem = check_start(starts, ctx.webinars.now())
    if problem is not None:
        await query.answer(l10n(problem), show_alert=True)
        await WIZARD.go(ctx.state, "starts_at")
        await ctx.put(field_prompt("starts_at", draft, ctx, editing=False, error=l10n(problem)))
        return
    given = {field: _typed(field, draft[field]) for field in FIELDS}
    new = NewWebinar(**{**given, "duration_min": int(draft["duration_min"])})
    try:
        webinar = await ctx.webinars.create(new, access.user_id)
    except WebinarError as exc:
        await query.answer(l10n(exc.key), show_alert=True)
        return
    await leave(ctx.state)
    created = l10n("webinar-created")
    await query.answer(created)
    await ctx.put(await admin_card(webinar, ctx, notice=created))


@router.message(WebinarFlow.field)
@router.message(WebinarFlow.summary)
async def field_given(message: Message, ctx: Ctx) -> None:
    l10n, state = ctx.l10n, ctx.state
    if not ctx.access.is_coordinator:
        await state.clear()
        await message.answer(l10n("access-denied"))
        return
    data = await state.get_data()
    draft = dict(data.get("wb_draft") or {})
    if await state.get_state() == WebinarFlow.summary.state:
        text, kb = summary_view(draft, ctx)
        await message.answer(l10n("webinar-use-buttons") + "\n\n" + text, reply_markup=kb)
        return
    # The step being asked; editing, a field of its own (the recording's link is no step).
    field = str(data.get(WIZARD.step_key) or "")
    value, error, args = _parse_field(field, (message.text or "").strip(), ctx.clock, ctx.zone)
    if error is not None:
        shown = {**draft, "id": data.get("wb_id")}
        editing = bool(data.get("wb_id"))
        await ctx.put(field_prompt(field, shown, ctx, editing=editing, error=l10n(error, **args)))
        return
    await _given(ctx, field, value)


@router.callback_query(UnknownWebinarButton())
async def unknown_button(query: CallbackQuery, l10n: Translator) -> None:
    """A webinar button of an action this version does not know (a coordinator's: the guard
    refused anyone else's)."""
    await query.answer(l10n("button-stale"), show_alert=True)


async def _given(ctx: Ctx, field: str, value: Any) -> str | None:
    """A valid value for the field being asked, typed or picked: the next step, the summary,
    or (editing) the saved webinar. Returns a toast for a button press."""
    data = await ctx.state.get_data()
    draft = dict(data.get("wb_draft") or {})
    draft[field] = value
    webinar_id = int(data.get("wb_id") or 0)
    if webinar_id:
        return await _save(ctx, webinar_id, field, value, draft)
    data = await ctx.state.update_data(wb_draft=draft)
    following = WIZARD.first_open(data)
    if not WIZARD.answered(following, data) and not data.get("wb_review"):
        await WIZARD.go(ctx.state, following)
        await ctx.put(field_prompt(following, draft, ctx, editing=False))
        return None
    await _to_summary(ctx, draft)
    return None


async def _save(
    ctx: Ctx, webinar_id: int, field: str, value: Any, draft: dict[str, Any]
) -> str | None:
    """A field of an existing webinar changed: the webinar's card, or the prompt again."""
    l10n, by, webinars = ctx.l10n, ctx.access.user_id, ctx.webinars
    webinar = await webinars.get(webinar_id)
    if webinar is None or not may_manage(ctx.access, webinar):
        await ctx.state.set_state(None)
        await ctx.put((l10n("access-denied"), keyboard()))
        return None
    try:
        if field == "recording_url":
            await webinars.set_recording(webinar_id, value, by)
        else:
            await webinars.edit(webinar_id, by, **{field: _typed(field, value)})
    except WebinarError as exc:
        shown = {**draft, "id": webinar_id}
        await ctx.put(field_prompt(field, shown, ctx, editing=True, error=l10n(exc.key)))
        return None
    await leave(ctx.state)
    saved = l10n("webinar-saved")
    await ctx.put(await admin_card(await webinars.require(webinar_id), ctx, notice=saved))
    return saved


def _parse_field(
    field: str, text: str, clock: Clock, zone: ZoneInfo
) -> tuple[Any, str | None, dict[str, Any]]:
    """(value, error key, error args) for a typed answer."""
    if field in TEXT_LIMITS:
        if not text:
            return None, "webinar-answer-text", {}
        if len(text) > TEXT_LIMITS[field]:
            return None, "webinar-text-too-long", {"max": TEXT_LIMITS[field]}
        return text, None, {}
    if field == "starts_at":
        parsed = parse_local_time(text, clock.now(), zone)
        if isinstance(parsed, str):
            return None, WHEN_KEYS.get(parsed, "webinar-when-invalid"), {}
        return utc_text(parsed), None, {}
    if field == "duration_min":
        minutes = parse_duration(text)
        if minutes is None:
            return None, "webinar-error-duration", {}
        return minutes, None, {}
    if field == "capacity":
        seats = parse_capacity(text)
        if isinstance(seats, str):
            return None, seats, {}
        return seats, None, {}
    if field in ("join_url", "recording_url"):
        link = parse_link(text)
        if link is None:
            return None, "webinar-error-link", {}
        return link, None, {}
    return None, "webinar-use-buttons", {}


def _typed(field: str, value: Any) -> Any:
    """A draft value (JSON in the FSM) as the webinar column wants it."""
    if field == "starts_at":
        return from_utc_text(value)
    if field == "program":
        return value or None
    if field == "questions":
        return tuple(q for q in QUESTIONS if q in (value or []))
    return value
