"""The form's screens: the question of the field the draft is at, the summary, the consent it
needs; and coming back to a draft (after a pause, a language switch).

The step engine (`bot.telegram.wizard`) walks the form: the program's fields are its steps, one
state `ApplyFlow.field` with the field in the data, «n of N» and «is there one before». Which
field comes after an answer, and keeping it, is the service's (`ApplicationService.answer`);
the draft's step lives in the database, so nothing is lost between two messages.
"""

from __future__ import annotations

import html
from contextlib import suppress
from datetime import date
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.applications.forms import display
from bot.applications.service import Application, ApplicationService, NotEligible
from bot.core.access import Access
from bot.core.catalogue import Field, Program
from bot.core.clock import Clock
from bot.core.i18n import Money, Translator
from bot.core.regions import regions
from bot.core.validators import Invalid
from bot.telegram.callbacks import ApplyAction, ApplyActionCb, ApplyCb, ApplyExtraAction
from bot.telegram.menu import main_menu
from bot.telegram.screens import button, columns, keyboard
from bot.telegram.wizard import Wizard
from handlers.applications.guard import APP_KEY
from handlers.states import ApplyFlow

SUMMARY_ANSWER_CHARS = 150
TICKED = "ap_multi"  # FSM: the options ticked so far in a multi-choice field
STEP_MESSAGE = "ap_msg"  # FSM: the message of the current step, whose buttons are live
EDITING = "ap_editing"  # FSM: an answer is being changed from the summary
PROGRAM = "ap_program"  # FSM: the program whose eligibility questions are being answered
QUESTION = "ap_q"  # FSM: which eligibility question

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None


def form_of(program: Program) -> Wizard:
    """The program's form as the step engine walks it."""
    return Wizard(ApplyFlow, tuple(f.code for f in program.fields), "ap_", single=ApplyFlow.field)


def local_today(clock: Clock, zone: Any) -> date:
    return clock.now().astimezone(zone).date()


def ap(action: ApplyAction, app: Application | None = None, value: str = "") -> ApplyCb:
    return ApplyCb(action=action, app=app.id if app else 0, value=value)


# -- the question of a field --------------------------------------------------------------------


def _nav_row(
    app: Application, form: Wizard, field: Field, l10n: Translator
) -> list[InlineKeyboardButton]:
    row = []
    if form.previous(field.code, {}) is not None:
        row.append(button(l10n("button-back"), ap(ApplyAction.back, app)))
    if field.code in app.answers:
        row.append(button(l10n("apply-keep"), ap(ApplyAction.keep, app)))
    elif not field.required:
        row.append(button(l10n("apply-skip"), ap(ApplyAction.skip, app)))
    row.append(button(l10n("apply-later"), ap(ApplyAction.later, app)))
    return row


def _choices(
    app: Application, field: Field, l10n: Translator, ticked: list[str] | None, files: int
) -> list[list[InlineKeyboardButton]]:
    """The answer buttons of a field answered with buttons."""
    locale = l10n.locale
    if field.type == "choice":
        return [
            [button(o.label(locale), ap(ApplyAction.option, app, o.code))] for o in field.options
        ]
    if field.type == "multi_choice":
        chosen = set(ticked or [])
        rows = [
            [
                button(
                    ("✅ " if o.code in chosen else "▫️ ") + o.label(locale),
                    ap(ApplyAction.toggle, app, o.code),
                )
            ]
            for o in field.options
        ]
        return [*rows, [button(l10n("apply-done"), ap(ApplyAction.options_done, app))]]
    if field.type == "yes_no":
        return [
            [
                button(l10n("form-yes"), ap(ApplyAction.yes_no, app, "1")),
                button(l10n("form-no"), ap(ApplyAction.yes_no, app, "0")),
            ]
        ]
    if field.type == "region":
        return columns(
            [button(r.name(locale), ap(ApplyAction.region, app, r.code)) for r in regions()]
        )
    if field.type == "attachments":
        rows = [[button(l10n("apply-done"), ap(ApplyAction.files_done, app))]]
        if files:  # the files stay until the person chooses to send them anew
            replace = ApplyActionCb(action=ApplyExtraAction.replace_files, app=app.id)
            rows.append([button(l10n("apply-files-replace"), replace)])
        return rows
    return []


def question(
    app: Application,
    program: Program,
    field: Field,
    l10n: Translator,
    *,
    error: str | None = None,
    ticked: list[str] | None = None,
    files: int = 0,
) -> tuple[str, InlineKeyboardMarkup | ReplyKeyboardMarkup]:
    form = form_of(program)
    index, count = form.position(field.code, {})
    lines = []
    if error:
        lines += [f"⚠️ {error}", ""]
    lines.append(f"{index}/{count} · <b>{html.escape(field.label(l10n.locale))}</b>")
    if field.hint is not None:
        lines.append(f"<i>{html.escape(field.hint(l10n.locale))}</i>")
    if not field.required:
        lines.append(l10n("apply-optional"))
    previous = app.answers.get(field.code)
    if previous is not None and field.type not in ("attachments", "multi_choice", "region"):
        lines.append(l10n("apply-current", answer=html.escape(display(field, previous, l10n))))
    text = "\n".join(lines)
    if field.type == "phone":
        return text, _phone_keyboard(l10n)
    if field.type == "attachments":
        text += "\n" + l10n("apply-files-count", count=files, max=field.max or 10)
    rows = _choices(app, field, l10n, ticked, files)
    return text, keyboard(*rows, _nav_row(app, form, field, l10n))


def _phone_keyboard(l10n: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=l10n("apply-share-phone"), request_contact=True)],
            [KeyboardButton(text=l10n("button-back")), KeyboardButton(text=l10n("apply-later"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


async def ask(
    target: Message,
    app: Application,
    program: Program,
    state: FSMContext,
    applications: ApplicationService,
    l10n: Translator,
    *,
    error: str | None = None,
    edit: bool = False,
) -> None:
    """Show the question of the field the draft is at (a new message, or this one edited)."""
    field = program.field(app.step or "") or program.fields[0]
    await form_of(program).go(state, field.code)
    data = await state.get_data()
    files = await applications.files_count(app, field) if field.type == "attachments" else 0
    ticked = data.get(TICKED) if field.type == "multi_choice" else None
    if field.type == "multi_choice" and ticked is None:
        ticked = list(app.answers.get(field.code) or [])
        await state.update_data({TICKED: ticked})
    text, kb = question(app, program, field, l10n, error=error, ticked=ticked, files=files)
    if edit and isinstance(kb, InlineKeyboardMarkup):
        await target.edit_text(text, reply_markup=kb)
        await state.update_data({STEP_MESSAGE: target.message_id})
        return
    await send_step(target, state, text, kb)


async def send_step(target: Message, state: FSMContext, text: str, kb: Markup) -> None:
    """A new step as a new message; the previous step's buttons go, so no stale ones remain."""
    data = await state.get_data()
    previous = data.get(STEP_MESSAGE)
    if previous:
        with suppress(TelegramBadRequest):  # deleted by the person, or already without buttons
            await target.bot.edit_message_reply_markup(  # type: ignore[union-attr]
                chat_id=target.chat.id, message_id=int(previous), reply_markup=None
            )
    sent = await target.answer(text, reply_markup=kb)
    inline = isinstance(kb, InlineKeyboardMarkup)
    await state.update_data({STEP_MESSAGE: sent.message_id if inline else None})


async def ask_consent(
    message: Message, app: Application, state: FSMContext, l10n: Translator, *, edit: bool
) -> None:
    """Consent was withdrawn (or never given): nothing personal is kept until it is given."""
    text = l10n("apply-consent-needed")
    kb = keyboard(
        [
            button(
                l10n("apply-give-consent"),
                ApplyActionCb(action=ApplyExtraAction.consent, app=app.id),
            )
        ],
        [button(l10n("apply-later"), ap(ApplyAction.later, app))],
    )
    if edit:
        await message.edit_text(text, reply_markup=kb)
        await state.update_data({STEP_MESSAGE: message.message_id})
    else:
        await send_step(message, state, text, kb)


def refusal_text(refusal: NotEligible, l10n: Translator) -> str:
    return l10n(
        "apply-iin-not-eligible",
        rule=refusal.rule,
        born=refusal.born,
        reason=html.escape(refusal.question.if_no(l10n.locale)),
    )


def error_text(invalid: Invalid, l10n: Translator) -> str:
    args: dict[str, Any] = dict(invalid.args)
    for name in ("min", "max"):
        value = args.get(name)
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            args[name] = l10n.date(date.fromisoformat(value))  # dates travel as ISO text
        elif isinstance(value, int) and invalid.key.startswith("money-"):
            args[name] = Money(value)
    return l10n(f"form-error-{invalid.key}", **args)


# -- the summary --------------------------------------------------------------------------------


def _answers_text(app: Application, program: Program, l10n: Translator) -> str:
    lines = []
    for field in program.fields:
        if field.code not in app.answers:
            continue
        value = display(field, app.answers[field.code], l10n)
        if len(value) > SUMMARY_ANSWER_CHARS:
            value = value[:SUMMARY_ANSWER_CHARS].rstrip() + "…"
        lines.append(f"<b>{html.escape(field.label(l10n.locale))}</b>: {html.escape(value)}")
    return "\n".join(lines)


async def show_summary(
    message: Message,
    app: Application,
    program: Program,
    state: FSMContext,
    l10n: Translator,
    *,
    edit: bool,
) -> None:
    text = "\n\n".join(
        [
            l10n("apply-summary-title", program=html.escape(program.name(l10n.locale))),
            _answers_text(app, program, l10n),
            l10n("apply-summary-question"),
        ]
    )
    kb = keyboard(
        [button(l10n("apply-submit"), ap(ApplyAction.submit, app))],
        [button(l10n("apply-edit"), ap(ApplyAction.edit, app))],
        [button(l10n("apply-later"), ap(ApplyAction.later, app))],
    )
    if edit:
        await message.edit_text(text, reply_markup=kb)
    else:
        await send_step(message, state, text, kb)


def edit_which(app: Application, program: Program, l10n: Translator) -> InlineKeyboardMarkup:
    """Which answer to change: one button per field, and back to the summary."""
    return keyboard(
        *[
            [button(f.label(l10n.locale)[:60], ap(ApplyAction.edit_field, app, f.code))]
            for f in program.fields
        ],
        [button(l10n("button-back"), ap(ApplyAction.summary, app))],
    )


# -- coming back --------------------------------------------------------------------------------


async def continue_draft(
    message: Message,
    app: Application,
    state: FSMContext,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    """Back to a draft: at the summary if every field is answered, else at its step."""
    program = applications.program_of(app)
    await state.set_data({APP_KEY: app.id})
    if app.step is None and all(f.code in app.answers for f in program.fields):
        await state.set_state(ApplyFlow.summary)
        await show_summary(message, app, program, state, l10n, edit=False)
        return
    await ask(message, app, program, state, applications, l10n)


async def later(message: Message, state: FSMContext, l10n: Translator, access: Access) -> None:
    await state.clear()
    await message.answer(l10n("apply-saved-for-later"), reply_markup=main_menu(l10n, access))


def eligibility_screen(
    program: Program, index: int, l10n: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    question = program.eligibility[index]
    text = l10n(
        "apply-eligibility",
        index=index + 1,
        count=len(program.eligibility),
        question=html.escape(question.text(l10n.locale)),
    )
    return text, keyboard(
        [
            button(l10n("form-yes"), ap(ApplyAction.eligible, value="1")),
            button(l10n("form-no"), ap(ApplyAction.eligible, value="0")),
        ],
        [button(l10n("button-back"), ap(ApplyAction.program, value=program.code))],
    )


async def resume(message: Message, data: dict[str, Any]) -> None:
    """After a language switch: the current step again, in the new language."""
    state: FSMContext = data["state"]
    applications: ApplicationService = data["applications"]
    l10n: Translator = data["l10n"]
    current = await state.get_state()
    fsm = await state.get_data()
    app = await applications.get(int(fsm.get(APP_KEY) or 0))
    if current == ApplyFlow.eligibility.state:
        program = applications.catalogue.get(str(fsm.get(PROGRAM)))
        if program is not None:
            text, kb = eligibility_screen(program, int(fsm.get(QUESTION, 0)), l10n)
            await message.answer(text, reply_markup=kb)
        return
    if app is None or app.status != "draft":
        await state.clear()
        return
    program = applications.program_of(app)
    if current == ApplyFlow.summary.state:
        await show_summary(message, app, program, state, l10n, edit=False)
    else:
        await ask(message, app, program, state, applications, l10n)
