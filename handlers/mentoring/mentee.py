"""The mentee answers a check-in from the notice's button: a short progress note as text, a voice
note or a photo with a caption. Anything else (a sticker, a file) gets a hint and the question
stays. Leaving for a menu item keeps the question open: the next note still answers it, and the
notice's button opens it again until it is answered or missed."""

from __future__ import annotations

import html
from typing import Any

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.types import CallbackQuery, Message

from bot.core.i18n import Translations, Translator
from bot.mentoring.service import CheckIn, MentoringError, MentoringService, Mentorship
from bot.telegram.callbacks import MentorAction, MentorCb
from bot.telegram.menu import is_elsewhere
from bot.telegram.screens import Screen, keyboard, show
from handlers.mentoring.common import CHECKIN_KEY, Ctx, MentoringFlow, mt, person_name

router = Router(name=__name__)


async def question_screen(
    mentoring: MentoringService, l10n: Translator, checkin: CheckIn, owner: Mentorship
) -> Screen:
    mentor = person_name(await mentoring.person(owner.mentor_id), owner.mentor_id)
    text = l10n("mentoring-answer-ask", n=checkin.n, mentor=html.escape(mentor))
    return text, keyboard([mt(l10n("mentoring-later-button"), MentorAction.cancel)])


@router.callback_query(MentorCb.filter(F.action == MentorAction.answer))
async def answer(
    query: CallbackQuery, message: Message, ctx: Ctx, checkin: CheckIn, owner: Mentorship
) -> None:
    await ctx.state.set_state(MentoringFlow.note)
    await ctx.state.update_data({CHECKIN_KEY: checkin.id})
    await show(message, await question_screen(ctx.mentoring, ctx.l10n, checkin, owner))
    await query.answer()


@router.callback_query(MentorCb.filter(F.action == MentorAction.cancel))
async def later(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await ctx.leave()
    await show(message, (ctx.l10n("mentoring-answer-later"), None))
    await query.answer()


@router.message(MentoringFlow.note, F.text | F.voice | F.photo)
async def note(message: Message, ctx: Ctx, translations: Translations) -> None:
    if is_elsewhere(message.text, translations):
        raise SkipHandler  # the question stays open (see the module's docstring)
    checkin_id = int((await ctx.state.get_data()).get(CHECKIN_KEY) or 0)
    if message.voice is not None:
        kind, text, file_id = "voice", message.caption, message.voice.file_id
    elif message.photo:
        kind, text, file_id = "photo", message.caption, message.photo[-1].file_id
    else:
        kind, text, file_id = "text", message.text, None
    try:
        answered = await ctx.mentoring.answer(ctx.access.user_id, checkin_id, kind, text, file_id)
    except MentoringError as error:
        await message.answer(ctx.refused(error))
        if error.key == "mentoring-gone":
            await ctx.leave()
        return
    await ctx.leave()
    owner = await ctx.mentoring.mentorship_of_mentee(ctx.access.user_id, answered.mentorship_id)
    mentor = await ctx.name(owner.mentor_id) if owner is not None else "—"
    await message.answer(ctx.l10n("mentoring-answer-thanks", mentor=html.escape(mentor)))


@router.message(MentoringFlow.note)
async def not_a_note(message: Message, ctx: Ctx) -> None:
    """A sticker, a document, a location…: the hint, and the question stays."""
    await message.answer(ctx.l10n("mentoring-note-hint"))


async def resume(message: Message, data: dict[str, Any]) -> None:
    """After a language switch: the question again, in the new language."""
    mentoring: MentoringService = data["mentoring"]
    l10n: Translator = data["l10n"]
    checkin_id = int((await data["state"].get_data()).get(CHECKIN_KEY) or 0)
    user_id = message.chat.id
    opened = await mentoring.open_checkin(user_id, checkin_id)
    if opened is None:
        return
    text, kb = await question_screen(mentoring, l10n, *opened)
    await message.answer(text, reply_markup=kb)
