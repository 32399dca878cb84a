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
    ApplicationService,
    ConsentRequired,
    FilesFull,
    FilesMissing,
    NotEligible,
)
from bot.core.access import Access
from bot.core.catalogue import Field, Program
from bot.core.clock import Clock
from bot.core.i18n import Translations, Translator
from bot.core.people import People, User
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
    local_today,
    refusal_text,
    show_summary,
)
from handlers.applications.guard import APP_KEY, Need, Register, needs
from handlers.states import ApplyFlow

router = Router(name=__name__)


def _field_button(action: ApplyAction) -> Register:
    """A button of the field the draft is at."""
    return router.callback_query(ApplyCb.filter(F.action == action), flags=needs(Need.field))


async def save_and_go_on(
    message: Message,
    app: Application,
    program: Program,
    field: Field,
    value: Any,
    state: FSMContext,
    applications: ApplicationService,
    l10n: Translator,
    *,
    edit: bool,
) -> None:
    """Store the answer; then the next field, or the summary (after an edit, or at the end)."""
    editing = bool((await state.get_data()).get(EDITING))
    try:
        app = await applications.answer(app, field, value, editing=editing)
    except ConsentRequired:
        await ask_consent(message, app, state, l10n, edit=edit)
        return
    except NotEligible as refusal:
        error = refusal_text(refusal, l10n)
        await ask(message, app, program, state, applications, l10n, error=error, edit=edit)
        return
    except FilesMissing as missing:
        error = l10n("form-error-too-few-files", min=missing.field.min_files)
        await ask(message, app, program, state, applications, l10n, error=error, edit=edit)
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
    await ask(message, app, program, state, applications, l10n, edit=edit)


async def go_back(
    message: Message,
    app: Application,
    program: Program,
    field: Field,
    state: FSMContext,
    applications: ApplicationService,
    l10n: Translator,
    *,
    edit: bool,
) -> None:
    before = form_of(program).previous(field.code, {}) or field.code
    app = await applications.go_to(app, before)
    await state.update_data({TICKED: None})
    await ask(message, app, program, state, applications, l10n, edit=edit)


# -- typed answers ------------------------------------------------------------------------------


async def _draft_in_progress(
    state: FSMContext, user: User, applications: ApplicationService
) -> Application | None:
    data = await state.get_data()
    app = await applications.get(int(data.get(APP_KEY) or 0))
    if app is None or app.user_id != user.id or app.status != "draft":
        return None
    return app


@router.message(ApplyFlow.field)
async def answer_given(
    message: Message,
    state: FSMContext,
    user: User,
    access: Access,
    applications: ApplicationService,
    translations: Translations,
    clock: Clock,
    zone: Any,
    l10n: Translator,
) -> None:
    app = await _draft_in_progress(state, user, applications)
    if app is None:
        await state.clear()
        await message.answer(l10n("apply-lost"), reply_markup=main_menu(l10n, access))
        return
    program = applications.program_of(app)
    field = program.field(app.step or "") or program.fields[0]
    # The reply keyboard of the phone question sends its labels as text.
    if message.text in translations.labels("button-back"):
        await go_back(message, app, program, field, state, applications, l10n, edit=False)
        return
    if message.text in translations.labels("apply-later"):
        await later(message, state, l10n, access)
        return
    parsed = parse_message(field, program, message, today=local_today(clock, zone))
    if isinstance(parsed, Invalid):
        error = error_text(parsed, l10n)
        await ask(message, app, program, state, applications, l10n, error=error)
        return
    if isinstance(parsed, FileAnswer):
        try:
            await applications.add_file(app, field, parsed)
        except FilesFull:
            error = l10n("form-error-too-many-files", max=field.max or 10)
            await ask(message, app, program, state, applications, l10n, error=error)
            return
        except ConsentRequired:
            await ask_consent(message, app, state, l10n, edit=False)
            return
        await ask(message, app, program, state, applications, l10n)
        return
    await save_and_go_on(
        message, app, program, field, parsed, state, applications, l10n, edit=False
    )


# -- the field's buttons ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Press:
    """A button of the field the draft is at, pressed: what the guard checked and the ways on."""

    query: CallbackQuery
    message: Message
    app: Application
    program: Program
    field: Field
    state: FSMContext
    applications: ApplicationService
    l10n: Translator

    async def save(self, value: Any) -> None:
        await self.query.answer()
        await save_and_go_on(
            self.message,
            self.app,
            self.program,
            self.field,
            value,
            self.state,
            self.applications,
            self.l10n,
            edit=True,
        )

    async def ask(self) -> None:
        await self.query.answer()
        await ask(
            self.message,
            self.app,
            self.program,
            self.state,
            self.applications,
            self.l10n,
            edit=True,
        )

    async def stale(self) -> None:
        await self.query.answer(self.l10n("button-stale"), show_alert=True)


async def _pressed(
    handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
    event: TelegramObject,
    data: dict[str, Any],
) -> Any:
    """After the guard: a field's button gets its `Press`."""
    if data.get("field") is not None:
        names = ("message", "app", "program", "field", "state", "applications", "l10n")
        data["press"] = Press(event, *(data[n] for n in names))  # type: ignore[arg-type]
    return await handler(event, data)


router.callback_query.middleware(_pressed)


@_field_button(ApplyAction.back)
async def back(query: CallbackQuery, press: Press) -> None:
    await query.answer()
    await go_back(
        press.message,
        press.app,
        press.program,
        press.field,
        press.state,
        press.applications,
        press.l10n,
        edit=True,
    )


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
        await press.applications.replace_files(press.app, press.field)
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
    ticked = await _ticked(press.state)
    ticked = [c for c in ticked if c != value] if value in ticked else [*ticked, value]
    await press.state.update_data({TICKED: ticked})
    await press.ask()


@_field_button(ApplyAction.options_done)
async def options_done(query: CallbackQuery, press: Press) -> None:
    field = press.field
    if field.type != "multi_choice":
        await press.stale()
        return
    ticked = await _ticked(press.state)
    if not ticked:
        await query.answer(press.l10n("form-error-choose-one"), show_alert=True)
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
    l10n, app = press.l10n, press.app
    districts = [
        button(d.name(l10n.locale), ap(ApplyAction.district, app, f"{picked.code}/{d.code}"))
        for d in picked.districts
    ]
    await press.message.edit_text(
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
    count = await press.applications.files_count(press.app, field)
    if count < field.min_files:
        await query.answer(
            press.l10n("form-error-too-few-files", min=field.min_files), show_alert=True
        )
        return
    await press.save(count)


# -- the newer buttons: consent mid-form, sending files anew -------------------------------------


@router.callback_query(
    ApplyActionCb.filter(F.action == ApplyExtraAction.consent), flags=needs(Need.filling)
)
async def consent_in_form(
    query: CallbackQuery,
    message: Message,
    app: Application,
    state: FSMContext,
    user: User,
    people: People,
    applications: ApplicationService,
    clock: Clock,
    l10n: Translator,
) -> None:
    await people.set_consent(user.id, clock.now())
    await query.answer(l10n("consent-thanks"))
    await message.edit_reply_markup(reply_markup=None)
    await continue_draft(message, app, state, applications, l10n)


@router.callback_query(
    ApplyActionCb.filter(F.action == ApplyExtraAction.replace_files), flags=needs(Need.filling)
)
async def replace_files(
    query: CallbackQuery,
    message: Message,
    app: Application,
    program: Program,
    state: FSMContext,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    field = program.field(app.step or "")
    if field is None or field.type != "attachments":
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    await applications.replace_files(app, field)
    await query.answer(l10n("apply-files-removed"))
    await ask(message, app, program, state, applications, l10n, edit=True)
