"""Back to a draft, «later», and the summary: submit, or change one answer first. The guard has
checked that every button here is about the presser's own draft (and, at the summary, the one
being filled in now)."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

import handlers.applications.apply.steps as steps
from bot.applications import service as svc
from bot.core.catalogue import Program
from bot.core.i18n import Translator
from bot.telegram.callbacks import ApplyAction, ApplyCb
from bot.telegram.menu import main_menu
from bot.telegram.screens import show
from handlers.applications.guard import Ctx, Need, Register, needs
from handlers.states import ApplyFlow

router = Router(name=__name__)


def _summary_button(action: ApplyAction) -> Register:
    """A button of the summary of the draft being filled in."""
    return router.callback_query(ApplyCb.filter(F.action == action), flags=needs(Need.summary))


@router.callback_query(ApplyCb.filter(F.action == ApplyAction.resume), flags=needs(Need.draft))
async def resume_draft(query: CallbackQuery, app: svc.Application, ctx: Ctx) -> None:
    await query.answer()
    await steps.continue_draft(ctx.message, app, ctx.state, ctx.applications, ctx.l10n)


@router.callback_query(ApplyCb.filter(F.action == ApplyAction.later), flags=needs(Need.form))
async def save_for_later(query: CallbackQuery, ctx: Ctx) -> None:
    await query.answer()
    await ctx.message.edit_reply_markup(reply_markup=None)
    await steps.later(ctx.message, ctx.state, ctx.l10n, ctx.access)


@_summary_button(ApplyAction.submit)
async def submit(query: CallbackQuery, app: svc.Application, program: Program, ctx: Ctx) -> None:
    message, state, applications, l10n = ctx.message, ctx.state, ctx.applications, ctx.l10n
    try:
        submitted = await applications.submit(app)
    except svc.ApplicationClosed as closed:
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
        await message.answer(text, reply_markup=main_menu(l10n, ctx.access))
        return
    except svc.ConsentRequired:
        await query.answer()
        await steps.ask_consent(message, app, state, l10n, edit=False)
        return
    except (svc.NotEligible, svc.FilesMissing) as refusal:
        await query.answer()
        app = await applications.to_fix(app, refusal)
        await state.update_data({steps.EDITING: True})
        error = (
            steps.refusal_text(refusal, l10n)
            if isinstance(refusal, svc.NotEligible)
            else l10n("form-error-too-few-files", min=refusal.field.min_files)
        )
        await steps.ask(message, app, program, state, applications, l10n, error=error, edit=True)
        return
    except svc.ApplicationError:
        await query.answer(l10n("apply-incomplete"), show_alert=True)
        await steps.continue_draft(message, app, state, applications, l10n)
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
        reply_markup=main_menu(l10n, ctx.access),
    )


@_summary_button(ApplyAction.edit)
async def which_to_edit(
    query: CallbackQuery, app: svc.Application, program: Program, ctx: Ctx
) -> None:
    await query.answer()
    await show(
        ctx.message, (ctx.l10n("apply-edit-which"), steps.edit_which(app, program, ctx.l10n))
    )


@_summary_button(ApplyAction.summary)
async def back_to_summary(
    query: CallbackQuery, app: svc.Application, program: Program, ctx: Ctx
) -> None:
    await query.answer()
    await steps.show_summary(ctx.message, app, program, ctx.state, ctx.l10n, edit=True)


@_summary_button(ApplyAction.edit_field)
async def edit_field(
    query: CallbackQuery, callback_data: ApplyCb, app: svc.Application, program: Program, ctx: Ctx
) -> None:
    field = program.field(callback_data.value)
    if field is None:
        await ctx.stale(query)
        return
    await query.answer()
    app = await ctx.applications.go_to(app, field.code)
    await ctx.state.update_data({steps.EDITING: True, steps.TICKED: None})
    await steps.ask(ctx.message, app, program, ctx.state, ctx.applications, ctx.l10n, edit=True)


@router.message(ApplyFlow.summary)
async def summary_expects_button(message: Message, l10n: Translator) -> None:
    await message.answer(l10n("apply-use-buttons"))
