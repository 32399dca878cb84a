"""The form, one field at a time: a typed answer (or a file, a contact, a voice), or a button
of the field the draft is at; back, keep, skip; consent in the middle of a form; sending the
files of a field anew. The guard (`handlers.applications.guard`) has checked that a button is
about the presser's own draft, at a field, before any handler here runs."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove, TelegramObject

from bot.applications.forms import FileAnswer, parse_message
from bot.applications.service import (
    Application,
    ConsentRequired,
    FilesFull,
    FilesMissing,
    NotEligible,
)
from bot.core.catalogue import Field, Program
from bot.core.i18n import Translations
from bot.core.regions import region_by_code
from bot.core.validators import Invalid, format_kz_phone
from bot.telegram.callbacks import ApplyAction, ApplyActionCb, ApplyCb, ApplyExtraAction
from bot.telegram.menu import main_menu
from bot.telegram.screens import button, columns, keyboard
from handlers.applications.apply.steps import (
    EDITING,
    TICKED,
    ap,
    ask,
    ask_consent,
    continue_draft,
    error_text,
    form_of,
    later,
    refusal_text,
    show_summary,
)
from handlers.applications.guard import APP_KEY, Ctx, Need, Register, needs
from handlers.states import ApplyFlow

router = Router(name=__name__)


def _field_button(action: ApplyAction) -> Register:
    """A button of the field the draft is at."""
    return router.callback_query(ApplyCb.filter(F.action == action), flags=needs(Need.field))


async def _ask(ctx: Ctx, app: Application, program: Program, **how: Any) -> None:
    """The question of the field the draft is at (`error`, `edit` as in `steps.ask`)."""
    await ask(ctx.message, app, program, ctx.state, ctx.applications, ctx.l10n, **how)


async def save_and_go_on(
    ctx: Ctx, app: Application, program: Program, field: Field, value: Any, *, edit: bool
) -> None:
    """Store the answer; then the next field, or the summary (after an edit, or at the end)."""
    message, state, l10n = ctx.message, ctx.state, ctx.l10n
    editing = bool((await state.get_data()).get(EDITING))
    try:
        app = await ctx.applications.answer(app, field, value, editing=editing)
    except ConsentRequired:
        await ask_consent(message, app, state, l10n, edit=edit)
        return
    except NotEligible as refusal:
        await _ask(ctx, app, program, error=refusal_text(refusal, l10n), edit=edit)
        return
    except FilesMissing as missing:
        error = l10n("form-error-too-few-files", min=missing.field.min_files)
        await _ask(ctx, app, program, error=error, edit=edit)
        return
    await state.update_data({TICKED: None})
    if field.type == "phone" and not edit:  # the share-contact keyboard goes until the end
        await message.answer(
            l10n("apply-phone-saved", phone=format_kz_phone(str(value))),
            reply_markup=ReplyKeyboardRemove(),
        )
    if app.step is None:
        await state.set_state(ApplyFlow.summary)
        await state.update_data({EDITING: False})
        await show_summary(message, app, program, state, l10n, edit=edit)
        return
    await _ask(ctx, app, program, edit=edit)


async def go_back(
    ctx: Ctx, app: Application, program: Program, field: Field, *, edit: bool
) -> None:
    before = form_of(program).previous(field.code, {}) or field.code
    app = await ctx.applications.go_to(app, before)
    await ctx.state.update_data({TICKED: None})
    await _ask(ctx, app, program, edit=edit)


# -- typed answers ------------------------------------------------------------------------------


async def _draft_in_progress(ctx: Ctx) -> Application | None:
    data = await ctx.state.get_data()
    app = await ctx.applications.get(int(data.get(APP_KEY) or 0))
    if app is None or app.user_id != ctx.user.id or app.status != "draft":
        return None
    return app


@router.message(ApplyFlow.field)
async def answer_given(message: Message, translations: Translations, ctx: Ctx) -> None:
    state, applications, l10n = ctx.state, ctx.applications, ctx.l10n
    app = await _draft_in_progress(ctx)
    if app is None:
        await state.clear()
        await message.answer(l10n("apply-lost"), reply_markup=main_menu(l10n, ctx.access))
        return
    program = applications.program_of(app)
    field = program.field(app.step or "") or program.fields[0]
    # The reply keyboard of the phone question sends its labels as text.
    if message.text in translations.labels("button-back"):
        await go_back(ctx, app, program, field, edit=False)
        return
    if message.text in translations.labels("apply-later"):
        await later(message, state, l10n, ctx.access)
        return
    parsed = parse_message(field, program, message, today=ctx.today())
    if isinstance(parsed, Invalid):
        await _ask(ctx, app, program, error=error_text(parsed, l10n))
        return
    if isinstance(parsed, FileAnswer):
        try:
            await applications.add_file(app, field, parsed)
        except FilesFull:
            error = l10n("form-error-too-many-files", max=field.max or 10)
            await _ask(ctx, app, program, error=error)
            return
        except ConsentRequired:
            await ask_consent(message, app, state, l10n, edit=False)
            return
        await _ask(ctx, app, program)
        return
    await save_and_go_on(ctx, app, program, field, parsed, edit=False)


# -- the field's buttons ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Press:
    """A button of the field the draft is at, pressed: what the guard checked and the ways on."""

    query: CallbackQuery
    ctx: Ctx
    app: Application
    program: Program
    field: Field

    async def save(self, value: Any) -> None:
        await self.query.answer()
        await save_and_go_on(self.ctx, self.app, self.program, self.field, value, edit=True)

    async def ask(self) -> None:
        await self.query.answer()
        await _ask(self.ctx, self.app, self.program, edit=True)

    async def stale(self) -> None:
        await self.ctx.stale(self.query)


async def _pressed(
    handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
    event: TelegramObject,
    data: dict[str, Any],
) -> Any:
    """After the guard: a field's button gets its `Press`."""
    if data.get("field") is not None:
        names = ("ctx", "app", "program", "field")
        data["press"] = Press(event, *(data[n] for n in names))  # type: ignore[arg-type]
    return await handler(event, data)


router.callback_query.middleware(_pressed)


@_field_button(ApplyAction.back)
async def back(query: CallbackQuery, press: Press) -> None:
    await query.answer()
    await go_back(press.ctx, press.app, press.program, press.field, edit=True)


@_field_button(ApplyAction.keep)
async def keep(query: CallbackQuery, press: Press) -> None:
    if press.field.code not in press.app.answers:
        await press.stale()
        return
    await press.save(press.app.answers[press.field.code])


@_field_button(ApplyAction.skip)
async def skip(query: CallbackQuery, press: Press) -> None:
    if press.field.required:
        await press.stale()
        return
    if press.field.type == "attachments":  # «skip» on a files field: no files, by their choice
        await press.ctx.applications.replace_files(press.app, press.field)
    await press.save(None)


@_field_button(ApplyAction.option)
async def option(query: CallbackQuery, callback_data: ApplyCb, press: Press) -> None:
    value = callback_data.value
    if press.field.type != "choice" or not press.field.option(value):
        await press.stale()
        return
    await press.save(value)


@_field_button(ApplyAction.yes_no)
async def yes_no(query: CallbackQuery, callback_data: ApplyCb, press: Press) -> None:
    value = callback_data.value
    if press.field.type != "yes_no" or value not in ("0", "1"):
        await press.stale()
        return
    await press.save(value == "1")


async def _ticked(state: FSMContext) -> list[str]:
    return list((await state.get_data()).get(TICKED) or [])


@_field_button(ApplyAction.toggle)
async def toggle(query: CallbackQuery, callback_data: ApplyCb, press: Press) -> None:
    value = callback_data.value
    if press.field.type != "multi_choice" or not press.field.option(value):
        await press.stale()
        return
    ticked = await _ticked(press.ctx.state)
    ticked = [c for c in ticked if c != value] if value in ticked else [*ticked, value]
    await press.ctx.state.update_data({TICKED: ticked})
    await press.ask()


@_field_button(ApplyAction.options_done)
async def options_done(query: CallbackQuery, press: Press) -> None:
    field = press.field
    if field.type != "multi_choice":
        await press.stale()
        return
    ticked = await _ticked(press.ctx.state)
    if not ticked:
        await query.answer(press.ctx.l10n("form-error-choose-one"), show_alert=True)
        return
    await press.save([o.code for o in field.options if o.code in ticked])


@_field_button(ApplyAction.region)
async def region(query: CallbackQuery, callback_data: ApplyCb, press: Press) -> None:
    picked = region_by_code(callback_data.value)
    if press.field.type != "region" or picked is None:
        await press.stale()
        return
    if not picked.districts:
        await press.save({"region": picked.code, "district": None})
        return
    await query.answer()
    l10n, app = press.ctx.l10n, press.app
    districts = [
        button(d.name(l10n.locale), ap(ApplyAction.district, app, f"{picked.code}/{d.code}"))
        for d in picked.districts
    ]
    await press.ctx.message.edit_text(
        l10n("apply-choose-district", region=html.escape(picked.name(l10n.locale))),
        reply_markup=keyboard(
            *columns(districts),
            [button(l10n("apply-other-region"), ap(ApplyAction.regions, app))],
        ),
    )


@_field_button(ApplyAction.regions)
async def other_region(query: CallbackQuery, press: Press) -> None:
    if press.field.type != "region":
        await press.stale()
        return
    await press.ask()


@_field_button(ApplyAction.district)
async def district(query: CallbackQuery, callback_data: ApplyCb, press: Press) -> None:
    region_code, _, district_code = callback_data.value.partition("/")
    picked = region_by_code(region_code)
    if (
        press.field.type != "region"
        or picked is None
        or not any(d.code == district_code for d in picked.districts)
    ):
        await press.stale()
        return
    await press.save({"region": picked.code, "district": district_code})


@_field_button(ApplyAction.files_done)
async def files_done(query: CallbackQuery, press: Press) -> None:
    field = press.field
    if field.type != "attachments":
        await press.stale()
        return
    count = await press.ctx.applications.files_count(press.app, field)
    if count < field.min_files:
        await query.answer(
            press.ctx.l10n("form-error-too-few-files", min=field.min_files), show_alert=True
        )
        return
    await press.save(count)


# -- the newer buttons: consent mid-form, sending files anew -------------------------------------


@router.callback_query(
    ApplyActionCb.filter(F.action == ApplyExtraAction.consent), flags=needs(Need.filling)
)
async def consent_in_form(query: CallbackQuery, app: Application, ctx: Ctx) -> None:
    await ctx.people.set_consent(ctx.user.id, ctx.clock.now())
    await query.answer(ctx.l10n("consent-thanks"))
    await ctx.message.edit_reply_markup(reply_markup=None)
    await continue_draft(ctx.message, app, ctx.state, ctx.applications, ctx.l10n)


@router.callback_query(
    ApplyActionCb.filter(F.action == ApplyExtraAction.replace_files), flags=needs(Need.filling)
)
async def replace_files(
    query: CallbackQuery, app: Application, program: Program, ctx: Ctx
) -> None:
    field = program.field(app.step or "")
    if field is None or field.type != "attachments":
        await ctx.stale(query)
        return
    await ctx.applications.replace_files(app, field)
    await query.answer(ctx.l10n("apply-files-removed"))
    await _ask(ctx, app, program, edit=True)
