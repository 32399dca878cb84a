"""What a reviewer decides on one application: take it into review, ask the applicant a
question, approve, reject with a reason, an internal note, scores per criterion. The guard has
checked the application is in the coordinator's scope before any handler here runs."""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.applications.service import (
    ASKABLE,
    SCORES,
    STATUSES,
    WAITING,
    Application,
    ApplicationError,
    ApplicationService,
    Status,
)
from bot.core.access import Access
from bot.core.catalogue import Program
from bot.core.i18n import Translations, Translator
from bot.core.people import People
from bot.telegram.callbacks import ReviewAction, ReviewCb
from bot.telegram.menu import is_elsewhere
from bot.telegram.screens import Screen, button, cut, keyboard, show
from handlers.applications.guard import Ctx, Register
from handlers.applications.review.card import back_to_card, card_of, card_view, to
from handlers.applications.review.scope import (
    APP_KEY,
    TEXT_STATES,
    ReviewFlow,
    Scope,
    about,
    may_see,
)

log = logging.getLogger("handlers.applications.review")
router = Router(name=__name__)

MAX_TEXT = 1000  # a question, a reason or a note


def _same_buttons(message: Message, kb: InlineKeyboardMarkup | None) -> bool:
    shown = message.reply_markup
    return (
        shown is not None
        and kb is not None
        and shown.model_dump(exclude_none=True) == kb.model_dump(exclude_none=True)
    )


async def _refused(query: CallbackQuery, app: Application, ctx: Ctx) -> None:
    """The status changed meanwhile (another coordinator, the applicant): say so, refresh."""
    l10n = ctx.l10n
    current = await ctx.applications.require(app.id)
    status = l10n("review-status", status=current.status)
    await query.answer(l10n("review-not-possible", status=status), show_alert=True)
    text, kb = await card_of(ctx, current)
    if not _same_buttons(ctx.message, kb):  # the buttons on screen are stale: refresh the card
        await show(ctx.message, (text, kb))


# A decision taken by one button: the service's step, and the toast over the card after it.
DECIDE = {
    ReviewAction.take: (ApplicationService.take, "review-taken"),
    ReviewAction.approve_yes: (ApplicationService.approve, "review-approved"),
}


@router.callback_query(ReviewCb.filter(F.action.in_(DECIDE)), flags=about(Scope.card))
async def decide(
    query: CallbackQuery, callback_data: ReviewCb, app: Application, ctx: Ctx
) -> None:
    """«Take into review», and «Yes, approve» after the question."""
    step, toast = DECIDE[callback_data.action]
    try:
        decided = await step(ctx.applications, app, ctx.access.user_id)
    except ApplicationError:
        await _refused(query, app, ctx)
        return
    await query.answer(ctx.l10n(toast))
    await show(ctx.message, await card_of(ctx, decided))


# -- a text to type: a question, a reason, a note -----------------------------------------------


# The buttons after which a text is typed: its state, and the statuses it may be typed in.
TYPED: dict[ReviewAction, tuple[State, Sequence[Status]]] = {
    ReviewAction.ask: (ReviewFlow.question, ASKABLE),
    ReviewAction.reject: (ReviewFlow.reason, WAITING),
    ReviewAction.note: (ReviewFlow.note, STATUSES),
}


def _typing(action: ReviewAction) -> Register:
    """A button after which the reviewer types a text about the application."""
    return router.callback_query(
        ReviewCb.filter(F.action == action), flags=about(Scope.card, typing=True)
    )


@_typing(ReviewAction.ask)
@_typing(ReviewAction.reject)
@_typing(ReviewAction.note)
async def ask_for_text(
    query: CallbackQuery, callback_data: ReviewCb, app: Application, ctx: Ctx
) -> None:
    """«Ask», «Reject», «Note»: the text comes next, as a message (`text_given`)."""
    flow, allowed = TYPED[callback_data.action]
    if app.status not in allowed:
        await _refused(query, app, ctx)
        return
    await query.answer()
    await ctx.state.set_state(flow)
    await ctx.state.update_data({APP_KEY: app.id})
    _, prompt_key = TEXT_STATES[flow.state or ""]
    prompt = ctx.l10n(prompt_key, number=app.reference)
    await show(ctx.message, (prompt, back_to_card(app, ctx.l10n)))


@router.message(StateFilter(ReviewFlow))
async def text_given(
    message: Message,
    state: FSMContext,
    access: Access,
    applications: ApplicationService,
    people: People,
    translations: Translations,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    if is_elsewhere(message.text, translations):
        await state.set_state(None)
        raise SkipHandler  # the router that owns the command or the button answers it
    current = await state.get_state()
    data = await state.get_data()
    app = await applications.get(int(data.get(APP_KEY) or 0))
    if not access.is_coordinator or app is None or not may_see(access, app):
        log.warning("user %s typed a review text without the right", access.user_id)
        await state.set_state(None)
        await message.answer(l10n("access-denied"))
        return
    done_key, prompt_key = TEXT_STATES[current or ""]
    text = (message.text or "").strip()
    back = back_to_card(app, l10n)
    if not text:
        await message.answer(
            l10n("review-expects-text") + "\n\n" + l10n(prompt_key, number=app.reference),
            reply_markup=back,
        )
        return
    if len(text) > MAX_TEXT:
        await message.answer(
            l10n("review-text-too-long", max=MAX_TEXT, over=len(text) - MAX_TEXT),
            reply_markup=back,
        )
        return
    try:
        if current == ReviewFlow.question.state:
            app = await applications.request_info(app, access.user_id, text)
        elif current == ReviewFlow.reason.state:
            app = await applications.reject(app, access.user_id, text)
        else:
            await applications.note(app, access.user_id, text)
        notice = l10n(done_key)
    except ApplicationError:
        app = await applications.require(app.id)
        notice = l10n("review-not-possible", status=l10n("review-status", status=app.status))
    await state.set_state(None)
    await state.update_data({APP_KEY: None})
    card, kb = await card_view(app, applications, people, l10n, zone, notice=notice)
    await message.answer(card, reply_markup=kb)


# -- approving ----------------------------------------------------------------------------------


@router.callback_query(ReviewCb.filter(F.action == ReviewAction.approve), flags=about(Scope.card))
async def approve(query: CallbackQuery, app: Application, program: Program, ctx: Ctx) -> None:
    l10n = ctx.l10n
    if app.status not in WAITING:
        await _refused(query, app, ctx)
        return
    await query.answer()
    text = l10n(
        "review-approve-confirm",
        number=app.reference,
        program=html.escape(program.name(l10n.locale)),
    )
    await show(
        ctx.message,
        (
            text,
            keyboard(
                [button(l10n("review-approve-yes"), to(ReviewAction.approve_yes, app))],
                [button(l10n("button-back"), to(ReviewAction.card, app))],
            ),
        ),
    )


# -- scores -------------------------------------------------------------------------------------


async def _criteria_view(app: Application, ctx: Ctx) -> Screen:
    l10n, program = ctx.l10n, ctx.applications.program_of(app)
    mine = {
        s.criterion: s.score
        for s in await ctx.applications.scores(app)
        if s.reviewer_id == ctx.access.user_id
    }
    rows = [
        [
            button(
                cut(
                    l10n(
                        "review-criterion-button",
                        criterion=c.label(l10n.locale),
                        score=str(mine[c.code]) if c.code in mine else "—",
                    ),
                    60,
                    mark_after=True,
                ),
                to(ReviewAction.criterion, app, c.code),
            )
        ]
        for c in program.criteria
    ]
    return l10n("review-choose-criterion", number=app.reference), keyboard(
        *rows, [button(l10n("button-back"), to(ReviewAction.card, app))]
    )


async def _scorable(query: CallbackQuery, app: Application, program: Program, ctx: Ctx) -> bool:
    """Scores are given while a decision is awaited, on programs with criteria."""
    l10n = ctx.l10n
    if not program.criteria:
        await query.answer(l10n("review-no-criteria"), show_alert=True)
        return False
    if app.status not in WAITING:
        status = l10n("review-status", status=app.status)
        await query.answer(l10n("review-not-possible", status=status), show_alert=True)
        return False
    return True


@router.callback_query(ReviewCb.filter(F.action == ReviewAction.scores), flags=about(Scope.card))
async def criteria(query: CallbackQuery, app: Application, program: Program, ctx: Ctx) -> None:
    if not await _scorable(query, app, program, ctx):
        return
    await query.answer()
    await show(ctx.message, await _criteria_view(app, ctx))


@router.callback_query(
    ReviewCb.filter(F.action == ReviewAction.criterion), flags=about(Scope.card)
)
async def criterion(
    query: CallbackQuery, callback_data: ReviewCb, app: Application, program: Program, ctx: Ctx
) -> None:
    if not await _scorable(query, app, program, ctx):
        return
    picked = next((c for c in program.criteria if c.code == callback_data.value), None)
    if picked is None:
        await ctx.stale(query)
        return
    await query.answer()
    l10n = ctx.l10n
    text = l10n("review-choose-score", criterion=html.escape(picked.label(l10n.locale)))
    scores = [
        button(str(n), to(ReviewAction.score, app, f"{picked.code}.{n}")) for n in range(1, 6)
    ]
    await show(
        ctx.message,
        (text, keyboard(scores, [button(l10n("button-back"), to(ReviewAction.scores, app))])),
    )


@router.callback_query(ReviewCb.filter(F.action == ReviewAction.score), flags=about(Scope.card))
async def score(
    query: CallbackQuery, callback_data: ReviewCb, app: Application, program: Program, ctx: Ctx
) -> None:
    if not await _scorable(query, app, program, ctx):
        return
    code, _, value = callback_data.value.rpartition(".")
    try:
        number = int(value) if value in {str(n) for n in SCORES} else 0
        await ctx.applications.score(app, ctx.access.user_id, code, number)
    except ApplicationError:
        await ctx.stale(query)
        return
    await query.answer(ctx.l10n("review-scored", score=value))
    await show(ctx.message, await _criteria_view(app, ctx))
