"""A participant's buttons on a webinar: its card, cancelling (or leaving the waiting list), the
calendar file, «I'm here» from the start reminder or the card, and a 1–5 rating with a comment
afterwards. Each acts on the presser's own registration only (found by `ctx.user`)."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.core.i18n import Translator
from bot.telegram.callbacks import WebinarAction, WebinarCb
from bot.telegram.screens import button, cut, keyboard
from bot.webinars.rules import COMMENT_MAX, WebinarError
from bot.webinars.service import Webinar
from handlers.webinars.common import Ctx, ParticipantGuard, TypedCtx, WebinarFlow
from handlers.webinars.replies import SILENT, Said, confirm, refuse
from handlers.webinars.views import card_view, send_ics

router = Router(name=__name__)
router.message.middleware(TypedCtx())
router.callback_query.middleware(ParticipantGuard(load=True))


async def _card(query: CallbackQuery, webinar: Webinar, ctx: Ctx, said: Said = SILENT) -> None:
    """The webinar's card in place, with a notice on it and a toast."""
    await query.answer(said.toast)
    await ctx.put(await card_view(webinar, ctx, notice=said.notice))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.card))
async def card(query: CallbackQuery, webinar: Webinar, ctx: Ctx) -> None:
    await _card(query, webinar, ctx)


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.unregister))
async def unregister(query: CallbackQuery, webinar: Webinar, ctx: Ctx) -> None:
    l10n = ctx.l10n
    reg = await ctx.webinars.registration(webinar.id, ctx.user.id)
    if reg is None or not reg.active:
        await _card(query, webinar, ctx, Said(toast=l10n("webinar-error-not-registered")))
        return
    await query.answer()
    seated = reg.status == "registered"
    key = "webinar-unregister-confirm" if seated else "webinar-leave-waiting-confirm"
    question = l10n(key, title=html.escape(webinar.title(l10n.locale)))
    yes, back = WebinarAction.unregister_yes, WebinarAction.card
    await ctx.put(confirm(l10n, question, "webinar-unregister-yes", webinar.id, yes, back))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.unregister_yes))
async def unregister_yes(query: CallbackQuery, webinar: Webinar, ctx: Ctx) -> None:
    act = ctx.webinars.cancel_registration(webinar.id, ctx.user.id)
    await _card(query, webinar, ctx, await Said.after(act, ctx.l10n, "webinar-unregistered"))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.calendar))
async def calendar(query: CallbackQuery, webinar: Webinar, ctx: Ctx) -> None:
    mine = await ctx.webinars.registration(webinar.id, ctx.user.id)
    if not ctx.webinars.may_have_calendar(webinar, mine):
        why = "user %s asked for the calendar of webinar %s"
        await refuse(query, ctx.l10n, "webinar-error-not-registered", why, ctx.user.id, webinar.id)
        return
    await query.answer()
    await send_ics(ctx, webinar)


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.here))
async def here(query: CallbackQuery, callback_data: WebinarCb, webinar: Webinar, ctx: Ctx) -> None:
    try:
        await ctx.webinars.mark_here(webinar.id, ctx.user.id)
    except WebinarError as exc:
        await query.answer(ctx.l10n(exc.key), show_alert=True)
        return
    thanks = ctx.l10n("webinar-here-thanks")
    if callback_data.v == "card":
        await _card(query, webinar, ctx, Said(toast=thanks))
        return
    await query.answer(thanks, show_alert=True)
    await _drop_buttons(ctx.message)  # the reminder keeps its link, loses the button


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.rate))
async def rate(query: CallbackQuery, callback_data: WebinarCb, webinar: Webinar, ctx: Ctx) -> None:
    l10n = ctx.l10n
    try:
        await ctx.webinars.rate(webinar.id, ctx.user.id, callback_data.r)
    except WebinarError as exc:
        await query.answer(l10n(exc.key), show_alert=True)
        return
    await query.answer()
    await ctx.state.set_state(WebinarFlow.comment)
    await ctx.state.update_data(wb_id=webinar.id)
    title = html.escape(webinar.title(l10n.locale))
    await ctx.put(
        (
            l10n("webinar-rated", rating=callback_data.r, title=title),
            keyboard([_no_comment(l10n, webinar.id)]),
        )
    )


def _no_comment(l10n: Translator, webinar_id: int) -> InlineKeyboardButton:
    return button(
        l10n("webinar-no-comment-button"),
        WebinarCb(action=WebinarAction.no_comment, w=webinar_id),
    )


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.no_comment))
async def no_comment(query: CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.set_state(None)
    await query.answer(ctx.l10n("webinar-comment-thanks"))
    await _drop_buttons(ctx.message)


async def _drop_buttons(message: Message) -> None:
    if message.reply_markup is not None:
        await message.edit_reply_markup(reply_markup=None)


@router.message(WebinarFlow.comment)
async def comment_given(message: Message, ctx: Ctx) -> None:
    l10n, state = ctx.l10n, ctx.state
    text = (message.text or "").strip()
    webinar_id = int((await state.get_data()).get("wb_id") or 0)
    if not text:
        await message.answer(
            l10n("webinar-answer-text"), reply_markup=keyboard([_no_comment(l10n, webinar_id)])
        )
        return
    await state.set_state(None)
    try:
        await ctx.webinars.comment(webinar_id, ctx.user.id, cut(text, COMMENT_MAX))
    except WebinarError as exc:
        await message.answer(l10n(exc.key))
        return
    await message.answer(l10n("webinar-comment-thanks"))
