"""Registering: «Register» (or «Join the waiting list»), the webinar's questions one by one (typed,
or a region and «Skip» by button), then the seat with its link and calendar file, or a place in
the waiting list."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.core.i18n import Translator
from bot.core.regions import region_by_code
from bot.core.validators import Invalid, parse_email
from bot.telegram.callbacks import WebinarAction, WebinarCb
from bot.webinars.rules import OPTIONAL_QUESTIONS, ORG_MAX, WebinarError, reminders_ahead
from bot.webinars.service import Webinar
from handlers.webinars.common import Ctx, ParticipantGuard, TypedCtx, WebinarFlow
from handlers.webinars.views import SKIP, card_view, question_view, send_ics

router = Router(name=__name__)
router.message.middleware(TypedCtx())
router.callback_query.middleware(ParticipantGuard(load=True))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.register))
async def register(query: CallbackQuery, webinar: Webinar, ctx: Ctx) -> None:
    webinars, l10n = ctx.webinars, ctx.l10n
    mine = await webinars.registration(webinar.id, ctx.user.id)
    problem = webinars.why_not_register(webinar, mine)
    if problem is not None:
        await query.answer(l10n(problem), show_alert=True)
        await ctx.put(await card_view(webinar, ctx))
        return
    if webinar.questions:
        await query.answer()
        await ctx.state.set_state(WebinarFlow.answer)
        await ctx.state.update_data(wb_id=webinar.id, wb_q=0, wb_ans={})
        await ctx.put(question_view(webinar, 0, l10n))
        return
    await query.answer(await _finish(ctx, webinar.id, {}))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.answer))
async def answer_pressed(
    query: CallbackQuery, callback_data: WebinarCb, webinar: Webinar, ctx: Ctx
) -> None:
    """A region chosen, or an optional question skipped; a required one cannot be."""
    code = callback_data.v
    data = await ctx.state.get_data()
    index = int(data.get("wb_q") or 0)
    question = webinar.questions[index] if index < len(webinar.questions) else None
    if code == SKIP:
        valid = question in OPTIONAL_QUESTIONS
    else:
        valid = question == "region" and region_by_code(code) is not None
    if (
        await ctx.state.get_state() != WebinarFlow.answer.state
        or data.get("wb_id") != webinar.id
        or question is None
        or not valid
    ):
        await query.answer(ctx.l10n("button-stale"), show_alert=True)
        return
    value = None if code == SKIP else code
    await query.answer(await _next_question(ctx, webinar, index, question, value))


@router.message(WebinarFlow.answer)
async def answer_given(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    webinar = await ctx.webinars.get(int(data.get("wb_id") or 0))
    index = int(data.get("wb_q") or 0)
    if webinar is None or index >= len(webinar.questions):
        await ctx.state.set_state(None)
        await message.answer(ctx.l10n("button-stale"))
        return
    question = webinar.questions[index]
    value, error = _typed_answer(question, (message.text or "").strip(), ctx.l10n)
    if value is None:
        await ctx.put(question_view(webinar, index, ctx.l10n, error))
        return
    await _next_question(ctx, webinar, index, question, value)


def _typed_answer(question: str, text: str, l10n: Translator) -> tuple[str | None, str | None]:
    """(the answer, None), or (None, what is wrong with it)."""
    if question == "region":
        return None, l10n("webinar-answer-use-buttons")
    if not text:
        return None, l10n("webinar-answer-text")
    if question == "email":
        parsed = parse_email(text)
        if isinstance(parsed, Invalid):
            return None, l10n("webinar-email-invalid")
        return parsed, None
    if len(text) > ORG_MAX:
        return None, l10n("webinar-text-too-long", max=ORG_MAX)
    return text, None


async def _next_question(
    ctx: Ctx, webinar: Webinar, index: int, question: str, value: str | None
) -> str | None:
    """Keep the answer (None: an optional question skipped); the next question, or the
    registration after the last. Returns the toast for a button press."""
    answers = dict((await ctx.state.get_data()).get("wb_ans") or {})
    if value is None:
        answers.pop(question, None)
    else:
        answers[question] = value
    if index + 1 < len(webinar.questions):
        await ctx.state.update_data(wb_q=index + 1, wb_ans=answers)
        await ctx.put(question_view(webinar, index + 1, ctx.l10n))
        return None
    return await _finish(ctx, webinar.id, answers)


async def _finish(ctx: Ctx, webinar_id: int, answers: dict[str, Any]) -> str | None:
    """Register; the confirmation (with the link and the calendar file) or the waiting list.
    Returns the toast for a button press."""
    l10n = ctx.l10n
    await ctx.state.set_state(None)
    await ctx.state.update_data(wb_id=None, wb_q=None, wb_ans=None)
    try:
        result = await ctx.webinars.register(webinar_id, ctx.user.id, answers)
    except WebinarError as exc:
        webinar = await ctx.webinars.get(webinar_id)
        if webinar is None:
            await ctx.message.answer(l10n(exc.key))
            return None
        await ctx.put(await card_view(webinar, ctx, notice=l10n(exc.key)))
        return l10n(exc.key)
    if result.position:
        notice = l10n("webinar-waiting-notice", position=result.position)
        await ctx.put(await card_view(result.webinar, ctx, notice=notice))
        return None
    notice = l10n("webinar-registered-notice", before=reminders_ahead(result.reminders))
    await ctx.put(await card_view(result.webinar, ctx, notice=notice))
    await send_ics(ctx, result.webinar)
    return l10n("webinar-registered-toast")
