"""Back to a draft, «later», and the summary: submit, or change one answer first. The guard has
checked that every button here is about the presser's own draft (and, at the summary, the one
being filled in now)."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.applications.service import (
    Application,
    ApplicationClosed,
    ApplicationError,
    ApplicationService,
    ConsentRequired,
    FilesMissing,
    NotEligible,
)
from bot.core.access import Access
from bot.core.catalogue import Program
from bot.core.i18n import Translator
from bot.telegram.callbacks import ApplyAction, ApplyCb
from bot.telegram.menu import main_menu
from bot.telegram.screens import show
from handlers.applications.apply.steps import (
    EDITING,
    TICKED,
    ask,
    ask_consent,
    continue_draft,
    edit_which,
    later,
    refusal_text,
    show_summary,
)
from handlers.applications.guard import Need, Register, needs
from handlers.states import ApplyFlow

router = Router(name=__name__)


def _summary_button(action: ApplyAction) -> Register:
    """A button of the summary of the draft being filled in."""
    return router.callback_query(ApplyCb.filter(F.action == action), flags=needs(Need.summary))


@router.callback_query(ApplyCb.filter(F.action == ApplyAction.resume), flags=needs(Need.draft))
async def resume_draft(
    query: CallbackQuery,
    message: Message,
    app: Application,
    state: FSMContext,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    await query.answer()
    await continue_draft(message, app, state, applications, l10n)


@router.callback_query(ApplyCb.filter(F.action == ApplyAction.later), flags=needs(Need.form))
async def save_for_later(
    query: CallbackQuery, message: Message, state: FSMContext, access: Access, l10n: Translator
) -> None:
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    await later(message, state, l10n, access)


@_summary_button(ApplyAction.submit)
async def submit(
    query: CallbackQuery,
    message: Message,
    app: Application,
    program: Program,
    state: FSMContext,
    applications: ApplicationService,
    access: Access,
    l10n: Translator,
) -> None:
    try:
        submitted = await applications.submit(app)
    except ApplicationClosed as closed:
        await query.answer()
        await state.clear()
        await message.edit_reply_markup(reply_markup=None)
        name = html.escape(closed.program.name(l10n.locale))
        closes = closed.program.closes
        text = (
            l10n("apply-closed-at-submit", program=name, date=closes)
            if closes is not None and closes < applications.today()
            else l10n("apply-closed-now", program=name)
        )
        await message.answer(text, reply_markup=main_menu(l10n, access))
        return
    except ConsentRequired:
        await query.answer()
        await ask_consent(message, app, state, l10n, edit=False)
        return
    except (NotEligible, FilesMissing) as refusal:
        await query.answer()
        app = await applications.to_fix(app, refusal)
        await state.update_data({EDITING: True})
        error = (
            refusal_text(refusal, l10n)
            if isinstance(refusal, NotEligible)
            else l10n("form-error-too-few-files", min=refusal.field.min_files)
        )
        await ask(message, app, program, state, applications, l10n, error=error, edit=True)
        return
    except ApplicationError:
        await query.answer(l10n("apply-incomplete"), show_alert=True)
        await continue_draft(message, app, state, applications, l10n)
        return
    await query.answer()
    await state.clear()
    await message.edit_reply_markup(reply_markup=None)
    await message.answer(
        l10n(
            "apply-submitted",
            number=submitted.reference,
            program=html.escape(program.name(l10n.locale)),
            days=program.review_days,
        ),
        reply_markup=main_menu(l10n, access),
    )


@_summary_button(ApplyAction.edit)
async def which_to_edit(
    query: CallbackQuery, message: Message, app: Application, program: Program, l10n: Translator
) -> None:
    await query.answer()
    await show(message, (l10n("apply-edit-which"), edit_which(app, program, l10n)))


@_summary_button(ApplyAction.summary)
async def back_to_summary(
    query: CallbackQuery,
    message: Message,
    app: Application,
    program: Program,
    state: FSMContext,
    l10n: Translator,
) -> None:
    await query.answer()
    await show_summary(message, app, program, state, l10n, edit=True)


@_summary_button(ApplyAction.edit_field)
async def edit_field(
    query: CallbackQuery,
    callback_data: ApplyCb,
    message: Message,
    app: Application,
    program: Program,
    state: FSMContext,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    field = program.field(callback_data.value)
    if field is None:
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    await query.answer()
    app = await applications.go_to(app, field.code)
    await state.update_data({EDITING: True, TICKED: None})
    await ask(message, app, program, state, applications, l10n, edit=True)


@router.message(ApplyFlow.summary)
async def summary_expects_button(message: Message, l10n: Translator) -> None:
    await message.answer(l10n("apply-use-buttons"))
