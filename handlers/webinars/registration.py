"""Registering: «Register» (or «Join the waiting list»), the webinar's questions one by one (typed,
or a region and «Skip» by button), then the seat with its link and calendar file, or a place in
the waiting list."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.core.catalogue import Catalogue
from bot.core.clock import Clock
from bot.core.i18n import Translations, Translator
from bot.core.people import User
from bot.core.regions import region_by_code
from bot.core.validators import Invalid, parse_email
from bot.telegram.callbacks import WebinarAction, WebinarCb
from bot.telegram.menu import is_elsewhere
from bot.telegram.screens import send, show
from bot.webinars.rules import OPTIONAL_QUESTIONS, ORG_MAX, WebinarError, reminders_ahead
from bot.webinars.service import Webinar, WebinarService
from handlers.webinars.common import ParticipantGuard, WebinarFlow
from handlers.webinars.views import SKIP, card_view, question_view, send_ics

router = Router(name=__name__)
router.callback_query.middleware(ParticipantGuard(load=True))


class Registering:
    """One person registering for one webinar: the dependencies of the steps, held once."""

    def __init__(
        self,
        message: Message,
        state: FSMContext,
        user: User,
        webinars: WebinarService,
        catalogue: Catalogue,
        clock: Clock,
        zone: ZoneInfo,
        l10n: Translator,
        *,
        edit: bool,
    ) -> None:
        self.message = message
        self.state = state
        self.user = user
        self.webinars = webinars
        self.catalogue = catalogue
        self.clock = clock
        self.zone = zone
        self.l10n = l10n
        self.edit = edit  # a button was pressed: the screen is edited in place

    async def card(self, webinar: Webinar, notice: str | None = None) -> None:
        l10n = self.l10n
        screen = await card_view(
            webinar, self.user.id, self.webinars, self.catalogue, l10n, self.zone, notice=notice
        )
        await (show if self.edit else send)(self.message, screen)

    async def next_question(
        self, webinar: Webinar, index: int, question: str, value: str | None
    ) -> str | None:
        """Keep the answer (None: an optional question skipped); the next question, or the
        registration after the last. Returns the toast for a button press."""
        answers = dict((await self.state.get_data()).get("wb_ans") or {})
        if value is None:
            answers.pop(question, None)
        else:
            answers[question] = value
        if index + 1 < len(webinar.questions):
            await self.state.update_data(wb_q=index + 1, wb_ans=answers)
            screen = question_view(webinar, index + 1, self.l10n)
            await (show if self.edit else send)(self.message, screen)
            return None
        return await self.finish(webinar.id, answers)

    async def finish(self, webinar_id: int, answers: dict[str, Any]) -> str | None:
        """Register; the confirmation (with the link and the calendar file) or the waiting
        list. Returns the toast for a button press."""
        l10n = self.l10n
        await self.state.set_state(None)
        await self.state.update_data(wb_id=None, wb_q=None, wb_ans=None)
        try:
            result = await self.webinars.register(webinar_id, self.user.id, answers)
        except WebinarError as exc:
            webinar = await self.webinars.get(webinar_id)
            if webinar is None:
                await self.message.answer(l10n(exc.key))
                return None
            await self.card(webinar, notice=l10n(exc.key))
            return l10n(exc.key)
        if result.position:
            await self.card(
                result.webinar, l10n("webinar-waiting-notice", position=result.position)
            )
            return None
        before = reminders_ahead(result.reminders)
        await self.card(result.webinar, l10n("webinar-registered-notice", before=before))
        await send_ics(self.message, result.webinar, l10n, self.clock)
        return l10n("webinar-registered-toast")


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.register))
async def register(
    query: CallbackQuery,
    message: Message,
    webinar: Webinar,
    state: FSMContext,
    user: User,
    webinars: WebinarService,
    catalogue: Catalogue,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    flow = Registering(message, state, user, webinars, catalogue, clock, zone, l10n, edit=True)
    problem = webinars.why_not_register(webinar, await webinars.registration(webinar.id, user.id))
    if problem is not None:
        await query.answer(l10n(problem), show_alert=True)
        await flow.card(webinar)
        return
    if webinar.questions:
        await query.answer()
        await state.set_state(WebinarFlow.answer)
        await state.update_data(wb_id=webinar.id, wb_q=0, wb_ans={})
        await show(message, question_view(webinar, 0, l10n))
        return
    await query.answer(await flow.finish(webinar.id, {}))


@router.callback_query(WebinarCb.filter(F.action == WebinarAction.answer))
async def answer_pressed(
    query: CallbackQuery,
    callback_data: WebinarCb,
    message: Message,
    webinar: Webinar,
    state: FSMContext,
    user: User,
    webinars: WebinarService,
    catalogue: Catalogue,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    """A region chosen, or an optional question skipped; a required one cannot be."""
    code = callback_data.v
    data = await state.get_data()
    index = int(data.get("wb_q") or 0)
    question = webinar.questions[index] if index < len(webinar.questions) else None
    if code == SKIP:
        valid = question in OPTIONAL_QUESTIONS
    else:
        valid = question == "region" and region_by_code(code) is not None
    if (
        await state.get_state() != WebinarFlow.answer.state
        or data.get("wb_id") != webinar.id
        or question is None
        or not valid
    ):
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    flow = Registering(message, state, user, webinars, catalogue, clock, zone, l10n, edit=True)
    await query.answer(
        await flow.next_question(webinar, index, question, None if code == SKIP else code)
    )


@router.message(WebinarFlow.answer)
async def answer_given(
    message: Message,
    state: FSMContext,
    user: User,
    webinars: WebinarService,
    catalogue: Catalogue,
    translations: Translations,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    if is_elsewhere(message.text, translations):
        await state.set_state(None)
        raise SkipHandler
    data = await state.get_data()
    webinar = await webinars.get(int(data.get("wb_id") or 0))
    index = int(data.get("wb_q") or 0)
    if webinar is None or index >= len(webinar.questions):
        await state.set_state(None)
        await message.answer(l10n("button-stale"))
        return
    question = webinar.questions[index]
    value, error = _typed_answer(question, (message.text or "").strip(), l10n)
    if value is None:
        await send(message, question_view(webinar, index, l10n, error))
        return
    flow = Registering(message, state, user, webinars, catalogue, clock, zone, l10n, edit=False)
    await flow.next_question(webinar, index, question, value)


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
