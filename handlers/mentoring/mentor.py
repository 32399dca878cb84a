"""The mentor's side: «🤝 Тәлімгерлік / Наставничество» — my mentees with their last check-in, a
mentee's card with the whole history (earlier mentors' check-ins too), a voice note or photo sent
again, the assessment (rating 1–3, then an optional comment), also straight from the notice."""

from __future__ import annotations

import html
from datetime import date

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.types import CallbackQuery, Message

from bot.core.i18n import Translations
from bot.mentoring.service import RATINGS, CheckIn, MentoringError, Mentorship
from bot.telegram.callbacks import MentorAction, MentorCb
from bot.telegram.menu import MenuButton, is_elsewhere
from bot.telegram.screens import Screen, cut, keyboard, send, show
from handlers.mentoring.common import CHECKIN_KEY, Ctx, MentoringFlow, mt, person_name
from handlers.mentoring.coordinator import funded_screen
from handlers.mentoring.views import checkin_line, history_text, note_text, program_name

router = Router(name=__name__)

MEDIA_BUTTONS = 4  # the latest voice notes and photos offered again under a card


async def mentees_screen(ctx: Ctx) -> Screen:
    l10n = ctx.l10n
    found = await ctx.mentoring.mentees(ctx.access.user_id)
    lines = [l10n("mentoring-mentees-title", count=len(found))]
    rows = []
    for item in found:
        name = person_name(item.person, item.mentorship.mentee_id)
        last = (
            checkin_line(item.last, l10n)
            if item.last is not None
            else l10n("mentoring-mentees-no-checkin", date=item.next_due)
        )
        lines.append(f"\n<b>{html.escape(name)}</b>\n{last}")
        rows.append([mt(cut(name, 60), MentorAction.card, m=item.mentorship.id)])
    if not found:
        lines.append(l10n("mentoring-mentees-none"))
    if ctx.access.is_coordinator:
        rows.append([mt(l10n("mentoring-funded-button"), MentorAction.funded)])
    return "\n".join(lines), keyboard(*rows)


async def card_screen(ctx: Ctx, mentorship: Mentorship) -> Screen:
    l10n = ctx.l10n
    history = await ctx.mentoring.history_of_mentee(mentorship.mentee_id)
    text = "\n".join(
        [
            l10n(
                "mentoring-card-title",
                name=html.escape(await ctx.name(mentorship.mentee_id)),
                program=program_name(ctx.mentoring, mentorship.program, l10n),
                since=date.fromisoformat(mentorship.starts_on),
                every=mentorship.every_months,
                date=ctx.mentoring.next_due(mentorship),
            ),
            "",
            history_text(history, l10n, ctx.mentoring.zone, periods=len(history.periods) > 1),
        ]
    )
    rows = []
    own = [c for c in history.checkins() if c.mentorship_id == mentorship.id]
    to_assess = next((c for c in own if c.status != "due" and c.rating is None), None)
    if to_assess is not None:
        rows.append(
            [
                mt(
                    l10n("mentoring-assess-button", n=to_assess.n),
                    MentorAction.assess,
                    c=to_assess.id,
                )
            ]
        )
    media = [c for c in history.checkins() if c.note_kind in ("voice", "photo")]
    rows.append(
        [
            mt(
                l10n("mentoring-media-button", kind=c.note_kind or "", n=c.n),
                MentorAction.media,
                c=c.id,
            )
            for c in media[:MEDIA_BUTTONS]
        ]
    )
    rows.append([mt(l10n("button-back"), MentorAction.mentees)])
    return text, keyboard(*rows)


def assess_screen(ctx: Ctx, checkin: CheckIn, name: str) -> Screen:
    l10n = ctx.l10n
    text = l10n("mentoring-assess-title", name=html.escape(name), n=checkin.n)
    note = note_text(checkin, l10n)
    if note:
        text += "\n" + note
    rows = [
        [mt(l10n(f"mentoring-rating-{r}"), MentorAction.rate, c=checkin.id, r=r)] for r in RATINGS
    ]
    rows.append([mt(l10n("button-back"), MentorAction.card, m=checkin.mentorship_id)])
    return text, keyboard(*rows)


@router.message(MenuButton("menu-mentoring"))
async def menu(message: Message, ctx: Ctx) -> None:
    await ctx.leave()
    if ctx.access.is_coordinator:
        await send(message, await funded_screen(ctx))
    elif ctx.access.is_mentor:
        await send(message, await mentees_screen(ctx))
    else:
        await message.answer(ctx.l10n("access-denied"))


@router.callback_query(MentorCb.filter(F.action == MentorAction.mentees))
async def mentees(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await show(message, await mentees_screen(ctx))
    await query.answer()


@router.callback_query(MentorCb.filter(F.action == MentorAction.card))
async def card(query: CallbackQuery, message: Message, ctx: Ctx, mentorship: Mentorship) -> None:
    await ctx.leave()
    await show(message, await card_screen(ctx, mentorship))
    await query.answer()


@router.callback_query(MentorCb.filter(F.action == MentorAction.media))
async def media(query: CallbackQuery, message: Message, ctx: Ctx, checkin: CheckIn) -> None:
    caption = html.escape(cut(f"№{checkin.n} · {checkin.note or ''}".strip(" ·"), 900))
    if checkin.note_file_id is None:
        await query.answer(ctx.l10n("mentoring-gone"), show_alert=True)
        return
    if checkin.note_kind == "voice":
        await message.answer_voice(checkin.note_file_id, caption=caption)
    else:
        await message.answer_photo(checkin.note_file_id, caption=caption)
    await query.answer()


@router.callback_query(MentorCb.filter(F.action == MentorAction.assess))
async def assess(
    query: CallbackQuery, message: Message, ctx: Ctx, checkin: CheckIn, owner: Mentorship
) -> None:
    await show(message, assess_screen(ctx, checkin, await ctx.name(owner.mentee_id)))
    await query.answer()


@router.callback_query(MentorCb.filter(F.action == MentorAction.rate))
async def rate(
    query: CallbackQuery, callback_data: MentorCb, message: Message, ctx: Ctx, checkin: CheckIn
) -> None:
    l10n = ctx.l10n
    try:
        rated = await ctx.mentoring.rate(ctx.access.user_id, checkin.id, callback_data.r)
    except MentoringError as error:
        await query.answer(ctx.refused(error), show_alert=True)
        return
    rating = l10n("mentoring-rating-name", rating=rated.rating or 0)
    text = l10n("mentoring-rated", n=rated.n, rating=rating)
    kb = keyboard(
        [mt(l10n("mentoring-comment-button"), MentorAction.comment, c=rated.id)],
        [mt(l10n("mentoring-open-button"), MentorAction.card, m=rated.mentorship_id)],
    )
    await show(message, (text, kb))
    await query.answer(l10n("mentoring-saved"))


@router.callback_query(MentorCb.filter(F.action == MentorAction.comment))
async def comment(query: CallbackQuery, message: Message, ctx: Ctx, checkin: CheckIn) -> None:
    await ctx.state.set_state(MentoringFlow.comment)
    await ctx.state.update_data({CHECKIN_KEY: checkin.id})
    kb = keyboard([mt(ctx.l10n("button-back"), MentorAction.card, m=checkin.mentorship_id)])
    await show(message, (ctx.l10n("mentoring-comment-ask", n=checkin.n), kb))
    await query.answer()


@router.message(MentoringFlow.comment, F.text)
async def comment_typed(message: Message, ctx: Ctx, translations: Translations) -> None:
    if is_elsewhere(message.text, translations):
        await ctx.leave()
        raise SkipHandler
    checkin_id = int((await ctx.state.get_data()).get(CHECKIN_KEY) or 0)
    try:
        saved = await ctx.mentoring.comment(ctx.access.user_id, checkin_id, message.text or "")
    except MentoringError as error:
        await message.answer(ctx.refused(error))
        if error.key != "mentoring-comment-invalid":
            await ctx.leave()
        return
    await ctx.leave()
    mentorship = await ctx.mentoring.mentorship_of(ctx.access.user_id, saved.mentorship_id)
    await message.answer(ctx.l10n("mentoring-comment-saved", n=saved.n))
    if mentorship is not None:
        await send(message, await card_screen(ctx, mentorship))


@router.message(MentoringFlow.comment)
async def comment_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.l10n("mentoring-comment-invalid"))
