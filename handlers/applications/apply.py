"""Applying to a program by chat: open programs → program card → eligibility → the form, one
field at a time → summary (edit any answer) → submit.

The draft is saved after every answer, so a restart, /cancel or a week's pause loses nothing; the
FSM only remembers which application is being filled in. Every button carrying an application id
is checked against the person pressing it: callback data can be forged.
"""

from __future__ import annotations

import html
import logging
from contextlib import suppress
from datetime import date
from enum import StrEnum
from typing import Any

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.applications.forms import FileAnswer, display, parse_message
from bot.applications.service import (
    ApplicationClosed,
    ApplicationError,
    ApplicationService,
    ConsentRequired,
    FilesFull,
    FilesMissing,
    NotEligible,
)
from bot.core.access import Access
from bot.core.catalogue import Field, Program
from bot.core.clock import Clock
from bot.core.i18n import Money, Translations, Translator
from bot.core.regions import region_by_code, regions
from bot.core.validators import Invalid, format_kz_phone
from bot.telegram.callbacks import ApplyCb
from bot.telegram.filters import PrivateChat
from bot.telegram.menu import MenuButton, main_menu
from handlers.states import ApplyFlow
from storage.applications import ActiveApplicationExists, Application
from storage.users import User, UserRepo

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(PrivateChat())

SUMMARY_ANSWER_CHARS = 150
FILES_KEY = "ap_multi"  # FSM: the options ticked so far in a multi-choice field
STEP_MESSAGE = "ap_msg"  # FSM: the message of the current step, whose buttons are live


class ApplyAction(StrEnum):
    """The newer applicant buttons (`ApplyActionCb`); short: they travel in callback data."""

    consent = "c"  # give consent in the middle of a form (app: the draft), then go on
    replace_files = "fr"  # remove the files of the attachments field the draft is at
    watch = "w"  # a closed program: tell me when it opens (value: the program's code)


class ApplyActionCb(CallbackData, prefix="apx"):
    """Checked on the server: a draft must be the presser's own, a program one in the catalogue."""

    action: ApplyAction
    app: int = 0
    value: str = ""


def _btn(text: str, action: str, app: int = 0, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=ApplyCb(action=action, app=app, value=value).pack()
    )


def _action_btn(
    text: str, action: ApplyAction, app: int = 0, value: str = ""
) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=ApplyActionCb(action=action, app=app, value=value).pack()
    )


def _kb(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[r for r in rows if r])


def _local_today(clock: Clock, zone: Any) -> date:
    return clock.now().astimezone(zone).date()


# -- programs -----------------------------------------------------------------------------------


async def _programs_view(
    user: User, applications: ApplicationService, today: date, l10n: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    rows: list[list[InlineKeyboardButton]] = []
    mine = {a.program: a for a in await applications.repo.of_user(user.id)}
    for program in applications.catalogue.open_on(today):
        draft = mine.get(program.code)
        label = program.name(l10n.locale)
        if draft is not None and draft.status == "draft":
            label = l10n("apply-continue-label", program=label)
        rows.append([_btn(label, "prog", value=program.code)])
    closed = [
        [_btn(l10n("apply-closed-label", program=p.name(l10n.locale)), "prog", value=p.code)]
        for p in applications.catalogue.closed_on(today)
    ]
    if not rows:
        return l10n("apply-none-open"), _kb(*closed)
    return l10n("apply-choose-program"), _kb(*rows, *closed)


@router.message(Command("apply"))
@router.message(MenuButton("menu-apply"))
async def programs(
    message: Message,
    user: User,
    applications: ApplicationService,
    clock: Clock,
    zone: Any,
    l10n: Translator,
) -> None:
    if user.consent_at is None:
        await message.answer(
            l10n("apply-need-consent"),
            reply_markup=_kb([_btn(l10n("apply-give-consent"), "consent")]),
        )
        return
    text, kb = await _programs_view(user, applications, _local_today(clock, zone), l10n)
    await message.answer(text, reply_markup=kb)


def _program_card(
    program: Program, existing: Application | None, today: date, l10n: Translator
) -> str:
    lines = [
        f"<b>{html.escape(program.name(l10n.locale))}</b>",
        html.escape(program.description(l10n.locale)),
        "",
        l10n("apply-card-audience", audience=html.escape(program.audience(l10n.locale))),
    ]
    if program.max_amount:
        lines.append(l10n("apply-card-max", amount=Money(program.max_amount)))
    if program.accepts_on(today):
        if program.closes:
            lines.append(l10n("apply-card-closes", date=program.closes))
    elif (reopens := program.reopens_after(today)) is not None:
        lines.append(l10n("apply-card-closed-until", date=reopens))
    else:
        lines.append(l10n("apply-card-closed"))
    lines.append(l10n("apply-card-review", days=program.review_days))
    if existing is not None and existing.status != "draft":
        lines += ["", l10n("apply-card-already", number=existing.reference)]
    return "\n".join(lines)


# -- the form: asking -------------------------------------------------------------------------


def _nav_row(
    app: Application, program: Program, field: Field, l10n: Translator
) -> list[InlineKeyboardButton]:
    row = []
    if program.field_index(field.code) > 0:
        row.append(_btn(l10n("button-back"), "back", app.id))
    if field.code in app.answers:
        row.append(_btn(l10n("apply-keep"), "keep", app.id))
    elif not field.required:
        row.append(_btn(l10n("apply-skip"), "skip", app.id))
    row.append(_btn(l10n("apply-later"), "later", app.id))
    return row


def _question(
    app: Application,
    program: Program,
    field: Field,
    l10n: Translator,
    *,
    error: str | None = None,
    ticked: list[str] | None = None,
    files: int = 0,
) -> tuple[str, InlineKeyboardMarkup | ReplyKeyboardMarkup]:
    index = program.field_index(field.code) + 1
    lines = []
    if error:
        lines += [f"⚠️ {error}", ""]
    lines.append(f"{index}/{len(program.fields)} · <b>{html.escape(field.label(l10n.locale))}</b>")
    if field.hint is not None:
        lines.append(f"<i>{html.escape(field.hint(l10n.locale))}</i>")
    if not field.required:
        lines.append(l10n("apply-optional"))
    previous = app.answers.get(field.code)
    if previous is not None and field.type not in ("attachments", "multi_choice", "region"):
        lines.append(l10n("apply-current", answer=html.escape(display(field, previous, l10n))))
    text = "\n".join(lines)
    nav = _nav_row(app, program, field, l10n)
    kind = field.type
    if kind == "phone":
        return text, _phone_keyboard(l10n)
    rows: list[list[InlineKeyboardButton]] = []
    if kind == "choice":
        rows = [[_btn(o.label(l10n.locale), "opt", app.id, o.code)] for o in field.options]
    elif kind == "multi_choice":
        chosen = set(ticked or [])
        rows = [
            [
                _btn(
                    ("✅ " if o.code in chosen else "▫️ ") + o.label(l10n.locale),
                    "tog",
                    app.id,
                    o.code,
                )
            ]
            for o in field.options
        ]
        rows.append([_btn(l10n("apply-done"), "mdone", app.id)])
    elif kind == "yes_no":
        rows = [
            [_btn(l10n("form-yes"), "yn", app.id, "1"), _btn(l10n("form-no"), "yn", app.id, "0")]
        ]
    elif kind == "region":
        buttons = [_btn(r.name(l10n.locale), "reg", app.id, r.code) for r in regions()]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    elif kind == "attachments":
        text += "\n" + l10n("apply-files-count", count=files, max=field.max or 10)
        rows = [[_btn(l10n("apply-done"), "fdone", app.id)]]
        if files:  # the files stay until the person chooses to send them anew
            rows.append(
                [_action_btn(l10n("apply-files-replace"), ApplyAction.replace_files, app.id)]
            )
    rows.append(nav)
    return text, _kb(*rows)


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
    await state.set_state(ApplyFlow.field)
    data = await state.get_data()
    files = (
        await applications.repo.count_files(app.id, field.code)
        if field.type == "attachments"
        else 0
    )
    ticked = data.get(FILES_KEY) if field.type == "multi_choice" else None
    if field.type == "multi_choice" and ticked is None:
        ticked = list(app.answers.get(field.code) or [])
        await state.update_data({FILES_KEY: ticked})
    text, kb = _question(app, program, field, l10n, error=error, ticked=ticked, files=files)
    if edit and isinstance(kb, InlineKeyboardMarkup):
        await target.edit_text(text, reply_markup=kb)
        await state.update_data({STEP_MESSAGE: target.message_id})
        return
    await send_step(target, state, text, kb)


async def send_step(
    target: Message,
    state: FSMContext,
    text: str,
    kb: InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None,
) -> None:
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


async def resume(message: Message, data: dict[str, Any]) -> None:
    """After a language switch: the current step again, in the new language."""
    state: FSMContext = data["state"]
    applications: ApplicationService = data["applications"]
    l10n: Translator = data["l10n"]
    current = await state.get_state()
    fsm = await state.get_data()
    app = await applications.repo.get(int(fsm.get("ap_app") or 0))
    if current == ApplyFlow.eligibility.state:
        program = applications.catalogue.get(str(fsm.get("ap_program")))
        if program is not None:
            await _ask_eligibility(message, program, int(fsm.get("ap_q", 0)), l10n, edit=False)
        return
    if app is None or app.status != "draft":
        await state.clear()
        return
    program = applications.program_of(app)
    if current == ApplyFlow.summary.state:
        await _show_summary(message, app, program, state, l10n, edit=False)
    else:
        await ask(message, app, program, state, applications, l10n)


# -- entering the form ----------------------------------------------------------------------------


async def _ask_eligibility(
    message: Message, program: Program, index: int, l10n: Translator, *, edit: bool
) -> None:
    question = program.eligibility[index]
    text = l10n(
        "apply-eligibility",
        index=index + 1,
        count=len(program.eligibility),
        question=html.escape(question.text(l10n.locale)),
    )
    kb = _kb(
        [_btn(l10n("form-yes"), "elig", value="1"), _btn(l10n("form-no"), "elig", value="0")],
        [_btn(l10n("button-back"), "prog", value=program.code)],
    )
    if edit:
        await message.edit_text(text, reply_markup=kb)
    else:
        await message.answer(text, reply_markup=kb)


async def _start_form(
    message: Message,
    user: User,
    program: Program,
    state: FSMContext,
    applications: ApplicationService,
    clock: Clock,
    l10n: Translator,
) -> None:
    try:
        app = await applications.repo.create_draft(user.id, program.code, clock.now())
    except ActiveApplicationExists as exists:
        app = exists.existing
    if app.status != "draft":
        await state.clear()
        await message.edit_text(
            l10n("apply-already", number=app.reference),
            reply_markup=_kb([_btn(l10n("apply-open-button"), "open", app.id)]),
        )
        return
    if app.step is None:
        await applications.repo.set_step(app.id, program.fields[0].code, clock.now())
        app = await applications.repo.require(app.id)
    await state.set_state(ApplyFlow.field)
    await state.set_data({"ap_app": app.id})
    await ask(message, app, program, state, applications, l10n, edit=True)


async def continue_draft(
    message: Message,
    app: Application,
    state: FSMContext,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    """Back to a draft: at the summary if every field is answered, else at its step."""
    program = applications.program_of(app)
    await state.set_data({"ap_app": app.id})
    if app.step is None and all(f.code in app.answers for f in program.fields):
        await state.set_state(ApplyFlow.summary)
        await _show_summary(message, app, program, state, l10n, edit=False)
        return
    await ask(message, app, program, state, applications, l10n)


# -- the summary ------------------------------------------------------------------------------


def _answers_text(app: Application, program: Program, l10n: Translator, *, full: bool) -> str:
    lines = []
    for field in program.fields:
        if field.code not in app.answers:
            continue
        value = display(field, app.answers[field.code], l10n)
        if not full and len(value) > SUMMARY_ANSWER_CHARS:
            value = value[:SUMMARY_ANSWER_CHARS].rstrip() + "…"
        lines.append(f"<b>{html.escape(field.label(l10n.locale))}</b>: {html.escape(value)}")
    return "\n".join(lines)


async def _show_summary(
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
            _answers_text(app, program, l10n, full=False),
            l10n("apply-summary-question"),
        ]
    )
    kb = _kb(
        [_btn(l10n("apply-submit"), "submit", app.id)],
        [_btn(l10n("apply-edit"), "edit", app.id)],
        [_btn(l10n("apply-later"), "later", app.id)],
    )
    if edit:
        await message.edit_text(text, reply_markup=kb)
    else:
        await send_step(message, state, text, kb)


# -- answers ----------------------------------------------------------------------------------


async def _draft_in_progress(
    state: FSMContext, user: User, applications: ApplicationService
) -> Application | None:
    data = await state.get_data()
    app = await applications.repo.get(int(data.get("ap_app") or 0))
    if app is None or app.user_id != user.id or app.status != "draft":
        return None
    return app


async def _save_and_go_on(
    message: Message,
    app: Application,
    program: Program,
    field: Field,
    value: Any,
    state: FSMContext,
    applications: ApplicationService,
    clock: Clock,
    l10n: Translator,
    *,
    edit: bool,
) -> None:
    """Store the answer; then the next field, or the summary (after an edit, or at the end)."""
    data = await state.get_data()
    index = program.field_index(field.code)
    editing = bool(data.get("ap_editing"))
    following = program.fields[index + 1] if index + 1 < len(program.fields) else None
    if editing or following is None:
        following = next(
            (f for f in program.fields if f.code not in app.answers and f is not field), None
        )
    region = (value["region"], value.get("district")) if field.type == "region" and value else None
    step = following.code if following else None
    try:
        if field.type == "attachments" and value is not None:
            app = await applications.finish_files(app, field, step=step)
        else:
            app = await applications.save_answer(app, field, value, step=step, region=region)
    except ConsentRequired:
        await _ask_consent(message, app, state, l10n, edit=edit)
        return
    except NotEligible as refusal:
        error = _refusal_text(refusal, l10n)
        await ask(message, app, program, state, applications, l10n, error=error, edit=edit)
        return
    except FilesMissing as missing:
        error = l10n("form-error-too-few-files", min=missing.field.min_files)
        await ask(message, app, program, state, applications, l10n, error=error, edit=edit)
        return
    await state.update_data({FILES_KEY: None})
    if field.type == "phone" and not edit:  # the share-contact keyboard goes until the end
        await message.answer(
            l10n("apply-phone-saved", phone=format_kz_phone(str(value))),
            reply_markup=ReplyKeyboardRemove(),
        )
    if following is None:
        await state.set_state(ApplyFlow.summary)
        await state.update_data(ap_editing=False)
        await _show_summary(message, app, program, state, l10n, edit=edit)
        return
    await ask(message, app, program, state, applications, l10n, edit=edit)


async def _ask_consent(
    message: Message, app: Application, state: FSMContext, l10n: Translator, *, edit: bool
) -> None:
    """Consent was withdrawn (or never given): nothing personal is kept until it is given."""
    text = l10n("apply-consent-needed")
    kb = _kb(
        [_action_btn(l10n("apply-give-consent"), ApplyAction.consent, app.id)],
        [_btn(l10n("apply-later"), "later", app.id)],
    )
    if edit:
        await message.edit_text(text, reply_markup=kb)
        await state.update_data({STEP_MESSAGE: message.message_id})
    else:
        await send_step(message, state, text, kb)


def _refusal_text(refusal: NotEligible, l10n: Translator) -> str:
    return l10n(
        "apply-iin-not-eligible",
        rule=refusal.rule,
        born=refusal.born,
        reason=html.escape(refusal.question.if_no(l10n.locale)),
    )


def _error_text(invalid: Invalid, l10n: Translator) -> str:
    args: dict[str, Any] = dict(invalid.args)
    for name in ("min", "max"):
        value = args.get(name)
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            args[name] = l10n.date(date.fromisoformat(value))  # dates travel as ISO text
        elif isinstance(value, int) and invalid.key.startswith("money-"):
            args[name] = Money(value)
    key = f"form-error-{invalid.key}"
    return l10n(key, **args)


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
        await _go_back(message, app, program, field, state, applications, clock, l10n, edit=False)
        return
    if message.text in translations.labels("apply-later"):
        await _later(message, state, l10n, access)
        return
    parsed = parse_message(field, program, message, today=_local_today(clock, zone))
    if isinstance(parsed, Invalid):
        await ask(
            message, app, program, state, applications, l10n, error=_error_text(parsed, l10n)
        )
        return
    if isinstance(parsed, FileAnswer):
        try:
            await applications.add_file(app, field, parsed)
        except FilesFull:
            error = l10n("form-error-too-many-files", max=field.max or 10)
            await ask(message, app, program, state, applications, l10n, error=error)
            return
        except ConsentRequired:
            await _ask_consent(message, app, state, l10n, edit=False)
            return
        await ask(message, app, program, state, applications, l10n)
        return
    await _save_and_go_on(
        message, app, program, field, parsed, state, applications, clock, l10n, edit=False
    )


async def _go_back(
    message: Message,
    app: Application,
    program: Program,
    field: Field,
    state: FSMContext,
    applications: ApplicationService,
    clock: Clock,
    l10n: Translator,
    *,
    edit: bool,
) -> None:
    index = program.field_index(field.code)
    previous = program.fields[max(index - 1, 0)]
    await applications.repo.set_step(app.id, previous.code, clock.now())
    await state.update_data({FILES_KEY: None})
    app = await applications.repo.require(app.id)
    await ask(message, app, program, state, applications, l10n, edit=edit)


async def _later(message: Message, state: FSMContext, l10n: Translator, access: Access) -> None:
    await state.clear()
    await message.answer(l10n("apply-saved-for-later"), reply_markup=main_menu(l10n, access))


@router.message(ApplyFlow.summary)
async def summary_expects_button(message: Message, l10n: Translator) -> None:
    await message.answer(l10n("apply-use-buttons"))


@router.message(ApplyFlow.eligibility)
async def eligibility_expects_button(message: Message, l10n: Translator) -> None:
    await message.answer(l10n("apply-use-buttons"))


# -- buttons ------------------------------------------------------------------------------------


@router.callback_query(ApplyCb.filter())
async def on_button(
    query: CallbackQuery,
    callback_data: ApplyCb,
    state: FSMContext,
    user: User,
    users: UserRepo,
    access: Access,
    applications: ApplicationService,
    clock: Clock,
    zone: Any,
    l10n: Translator,
) -> None:
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    action, value = callback_data.action, callback_data.value
    catalogue = applications.catalogue
    today = _local_today(clock, zone)

    if action == "consent":
        await users.set_consent(user.id, clock.now())
        await query.answer(l10n("consent-thanks"))
        text, kb = await _programs_view(user, applications, today, l10n)
        await message.edit_text(text, reply_markup=kb)
        return

    if action == "list":
        await query.answer()
        await state.clear()
        text, kb = await _programs_view(user, applications, today, l10n)
        await message.edit_text(text, reply_markup=kb)
        return

    if action in ("prog", "apply"):
        program = catalogue.get(value)
        if program is None:
            await query.answer(l10n("button-stale"), show_alert=True)
            return
        existing = await applications.repo.active(user.id, program.code)
        if action == "prog":
            await query.answer()
            await state.clear()
            if existing is not None and existing.status == "draft":
                button = _btn(l10n("apply-continue-button"), "cont", existing.id)
            elif existing is not None:
                button = _btn(l10n("apply-open-button"), "open", existing.id)
            elif program.accepts_on(today):
                button = _btn(l10n("apply-start"), "apply", value=program.code)
            else:
                button = _btn(l10n("apply-closed"), "list")
            rows = [[button]]
            if existing is None and program.closed_on(today):
                rows = [[_action_btn(l10n("apply-watch"), ApplyAction.watch, value=program.code)]]
            await message.edit_text(
                _program_card(program, existing, today, l10n),
                reply_markup=_kb(*rows, [_btn(l10n("apply-all-programs"), "list")]),
            )
            return
        if user.consent_at is None or not program.accepts_on(today):
            await query.answer(l10n("apply-closed"), show_alert=True)
            return
        await query.answer()
        if existing is not None:
            await _start_form(message, user, program, state, applications, clock, l10n)
            return
        if program.eligibility:
            await state.set_state(ApplyFlow.eligibility)
            await state.set_data({"ap_program": program.code, "ap_q": 0})
            await _ask_eligibility(message, program, 0, l10n, edit=True)
            return
        await _start_form(message, user, program, state, applications, clock, l10n)
        return

    if action == "elig":
        data = await state.get_data()
        program = catalogue.get(str(data.get("ap_program")))
        if await state.get_state() != ApplyFlow.eligibility.state or program is None:
            await query.answer(l10n("button-stale"), show_alert=True)
            return
        await query.answer()
        index = int(data.get("ap_q", 0))
        if value != "1":
            await state.clear()
            others = [p for p in catalogue.open_on(today) if p.code != program.code]
            await message.edit_text(
                l10n(
                    "apply-not-eligible",
                    reason=html.escape(program.eligibility[index].if_no(l10n.locale)),
                ),
                reply_markup=_kb(
                    *[[_btn(p.name(l10n.locale), "prog", value=p.code)] for p in others]
                ),
            )
            return
        if index + 1 < len(program.eligibility):
            await state.update_data(ap_q=index + 1)
            await _ask_eligibility(message, program, index + 1, l10n, edit=True)
            return
        await _start_form(message, user, program, state, applications, clock, l10n)
        return

    # Everything below is about one application: it must be the presser's own.
    app = await applications.repo.get(callback_data.app)
    if app is None or app.user_id != user.id:
        log.warning("user %s pressed %s for application %s", user.id, action, callback_data.app)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    program = applications.program_of(app)

    if action == "cont":
        if app.status != "draft":
            await query.answer(l10n("apply-not-draft", number=app.reference), show_alert=True)
            return
        await query.answer()
        await continue_draft(message, app, state, applications, l10n)
        return

    if app.status != "draft":
        await query.answer(l10n("apply-not-draft", number=app.reference), show_alert=True)
        return
    current = await state.get_state()
    data = await state.get_data()
    if int(data.get("ap_app") or 0) != app.id or current not in (
        ApplyFlow.field.state,
        ApplyFlow.summary.state,
    ):
        await query.answer(l10n("button-stale"), show_alert=True)
        return

    if action == "later":
        await query.answer()
        await message.edit_reply_markup(reply_markup=None)
        await _later(message, state, l10n, access)
        return

    if current == ApplyFlow.summary.state:
        await _summary_action(
            query, message, action, value, app, program, state, applications, clock, l10n, access
        )
        return

    field = program.field(app.step or "")
    if field is None:
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    await _field_action(
        query, message, action, value, app, program, field, state, applications, clock, l10n
    )


async def _field_action(
    query: CallbackQuery,
    message: Message,
    action: str,
    value: str,
    app: Application,
    program: Program,
    field: Field,
    state: FSMContext,
    applications: ApplicationService,
    clock: Clock,
    l10n: Translator,
) -> None:
    async def save(answer: Any) -> None:
        await query.answer()
        await _save_and_go_on(
            message, app, program, field, answer, state, applications, clock, l10n, edit=True
        )

    if action == "back":
        await query.answer()
        await _go_back(message, app, program, field, state, applications, clock, l10n, edit=True)
    elif action == "keep" and field.code in app.answers:
        await save(app.answers[field.code])
    elif action == "skip" and not field.required:
        if field.type == "attachments":  # «skip» on a files field: no files, by their choice
            await applications.replace_files(app, field)
        await save(None)
    elif action == "opt" and field.type == "choice" and field.option(value):
        await save(value)
    elif action == "yn" and field.type == "yes_no" and value in ("0", "1"):
        await save(value == "1")
    elif action == "tog" and field.type == "multi_choice" and field.option(value):
        ticked = list((await state.get_data()).get(FILES_KEY) or [])
        ticked = [c for c in ticked if c != value] if value in ticked else [*ticked, value]
        await state.update_data({FILES_KEY: ticked})
        await query.answer()
        await ask(message, app, program, state, applications, l10n, edit=True)
    elif action == "mdone" and field.type == "multi_choice":
        ticked = list((await state.get_data()).get(FILES_KEY) or [])
        if not ticked:
            await query.answer(l10n("form-error-choose-one"), show_alert=True)
            return
        await save([o.code for o in field.options if o.code in ticked])
    elif action == "reg" and field.type == "region" and (region := region_by_code(value)):
        if not region.districts:
            await save({"region": region.code, "district": None})
            return
        await query.answer()
        buttons = [
            _btn(d.name(l10n.locale), "dist", app.id, f"{region.code}/{d.code}")
            for d in region.districts
        ]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        rows.append([_btn(l10n("apply-other-region"), "regs", app.id)])
        await message.edit_text(
            l10n("apply-choose-district", region=html.escape(region.name(l10n.locale))),
            reply_markup=_kb(*rows),
        )
    elif action == "regs" and field.type == "region":
        await query.answer()
        await ask(message, app, program, state, applications, l10n, edit=True)
    elif action == "dist" and field.type == "region":
        region_code, _, district_code = value.partition("/")
        region = region_by_code(region_code)
        if region is None or not any(d.code == district_code for d in region.districts):
            await query.answer(l10n("button-stale"), show_alert=True)
            return
        await save({"region": region.code, "district": district_code})
    elif action == "fdone" and field.type == "attachments":
        count = await applications.repo.count_files(app.id, field.code)
        if count < field.min_files:
            await query.answer(
                l10n("form-error-too-few-files", min=field.min_files), show_alert=True
            )
            return
        await save(count)
    else:
        await query.answer(l10n("button-stale"), show_alert=True)


def _iin_field(program: Program) -> str | None:
    return next((f.code for f in program.fields if f.type == "iin"), None)


async def _summary_action(
    query: CallbackQuery,
    message: Message,
    action: str,
    value: str,
    app: Application,
    program: Program,
    state: FSMContext,
    applications: ApplicationService,
    clock: Clock,
    l10n: Translator,
    access: Access,
) -> None:
    if action == "submit":
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
            await _ask_consent(message, app, state, l10n, edit=False)
            return
        except NotEligible as refusal:
            await query.answer()
            await applications.repo.set_step(app.id, _iin_field(program), clock.now())
            await state.update_data(ap_editing=True)
            app = await applications.repo.require(app.id)
            error = _refusal_text(refusal, l10n)
            await ask(message, app, program, state, applications, l10n, error=error, edit=True)
            return
        except FilesMissing as missing:
            await query.answer()
            await applications.repo.set_step(app.id, missing.field.code, clock.now())
            await state.update_data(ap_editing=True)
            app = await applications.repo.require(app.id)
            error = l10n("form-error-too-few-files", min=missing.field.min_files)
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
        return
    if action == "edit":
        await query.answer()
        rows = [[_btn(f.label(l10n.locale)[:60], "editf", app.id, f.code)] for f in program.fields]
        rows.append([_btn(l10n("button-back"), "summary", app.id)])
        await message.edit_text(l10n("apply-edit-which"), reply_markup=_kb(*rows))
        return
    if action == "summary":
        await query.answer()
        await _show_summary(message, app, program, state, l10n, edit=True)
        return
    if action == "editf" and (field := program.field(value)) is not None:
        await query.answer()
        await applications.repo.set_step(app.id, field.code, clock.now())
        await state.update_data(ap_editing=True, **{FILES_KEY: None})
        app = await applications.repo.require(app.id)
        await ask(message, app, program, state, applications, l10n, edit=True)
        return
    await query.answer(l10n("button-stale"), show_alert=True)


# -- the newer buttons: consent mid-form, sending files anew, "tell me when it opens" -----------


async def _own_draft(
    query: CallbackQuery,
    callback_data: ApplyActionCb,
    user: User,
    state: FSMContext,
    applications: ApplicationService,
    l10n: Translator,
) -> Application | None:
    """The draft the button is about, if it is the presser's own and being filled in now."""
    app = await applications.repo.get(callback_data.app)
    if app is None or app.user_id != user.id:
        log.warning(
            "user %s pressed %s for application %s",
            user.id,
            callback_data.action,
            callback_data.app,
        )
        await query.answer(l10n("access-denied"), show_alert=True)
        return None
    data = await state.get_data()
    if app.status != "draft" or int(data.get("ap_app") or 0) != app.id:
        await query.answer(l10n("button-stale"), show_alert=True)
        return None
    return app


@router.callback_query(ApplyActionCb.filter(F.action == ApplyAction.consent))
async def consent_in_form(
    query: CallbackQuery,
    callback_data: ApplyActionCb,
    state: FSMContext,
    user: User,
    users: UserRepo,
    applications: ApplicationService,
    clock: Clock,
    l10n: Translator,
) -> None:
    app = await _own_draft(query, callback_data, user, state, applications, l10n)
    if app is None or not isinstance(query.message, Message):
        return
    await users.set_consent(user.id, clock.now())
    await query.answer(l10n("consent-thanks"))
    await query.message.edit_reply_markup(reply_markup=None)
    await continue_draft(query.message, app, state, applications, l10n)


@router.callback_query(ApplyActionCb.filter(F.action == ApplyAction.replace_files))
async def replace_files(
    query: CallbackQuery,
    callback_data: ApplyActionCb,
    state: FSMContext,
    user: User,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    app = await _own_draft(query, callback_data, user, state, applications, l10n)
    if app is None or not isinstance(query.message, Message):
        return
    program = applications.program_of(app)
    field = program.field(app.step or "")
    if field is None or field.type != "attachments":
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    await applications.replace_files(app, field)
    await query.answer(l10n("apply-files-removed"))
    await ask(query.message, app, program, state, applications, l10n, edit=True)


@router.callback_query(ApplyActionCb.filter(F.action == ApplyAction.watch))
async def watch_program(
    query: CallbackQuery,
    callback_data: ApplyActionCb,
    user: User,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    program = applications.catalogue.get(callback_data.value)
    if program is None or not program.is_open:
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    if program.accepts_on(applications.today()):
        await query.answer(l10n("apply-watch-already-open"), show_alert=True)
        return
    await applications.watch(user.id, program)
    await query.answer(l10n("apply-watch-saved"), show_alert=True)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(
            reply_markup=_kb([_btn(l10n("apply-all-programs"), "list")])
        )
