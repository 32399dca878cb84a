"""Coordinators review applications: the queue (filtered by program, region and status, in pages),
an application's card (answers, contact, history, scores, files), take into review, ask the
applicant a question, approve, reject with a reason, an internal note, scores per criterion, and
the filtered list as an Excel file.

A coordinator whose grants carry a program or a region sees only the applications they cover.
Every message and button re-checks the role and the scope on the server: callback data can be
forged, and a role can be revoked between two taps.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.applications.forms import display
from bot.applications.service import ApplicationError, ApplicationService
from bot.core.access import Access
from bot.core.catalogue import Catalogue, Program
from bot.core.clock import Clock
from bot.core.i18n import Translations, Translator, format_datetime
from bot.core.regions import Region, regions
from bot.core.validators import format_kz_phone
from bot.documents.exports import (
    CardLink,
    ExportRow,
    build_workbook,
    format_score,
    summarise_scores,
)
from bot.telegram.callbacks import ReviewCb
from bot.telegram.deeplinks import DeepLinks, make_link
from bot.telegram.filters import PrivateChat
from bot.telegram.menu import MenuButton, is_elsewhere
from bot.telegram.screens import edit_in_place
from storage.applications import STATUSES, Application, Event, QueueFilter, Status
from storage.users import User, UserRepo

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(PrivateChat())

PAGE = 8  # applications per page of the queue
CHOICES_PAGE = 10  # values per page of a filter picker
EXPORT_LIMIT = 5000  # rows in one Excel file
MAX_TEXT = 1000  # a question, a reason or a note
HISTORY = 5  # events on the card, the newest last
CARD_LIMIT = 4000  # UTF-16 units; Telegram refuses a text over 4096
WAITING: tuple[Status, ...] = ("submitted", "in_review", "info_requested")
ASKABLE: tuple[Status, ...] = ("submitted", "in_review")
NAME_FIELDS = ("full_name", "org_name", "contact")  # the answer that names the applicant
DEEP_LINK_PREFIX = "rv_"  # t.me/<bot>?start=rv_<application id>: its card, for coordinators


class ReviewFlow(StatesGroup):
    """Typing a text about one application (its id is in the FSM data as `rv_app`)."""

    question = State()  # to the applicant
    reason = State()  # of a rejection
    note = State()  # for reviewers only


TEXT_STATES = {
    ReviewFlow.question.state: ("review-question-sent", "review-prompt-question"),
    ReviewFlow.reason.state: ("review-rejected", "review-prompt-reason"),
    ReviewFlow.note.state: ("review-note-saved", "review-prompt-note"),
}


def _btn(text: str, action: str, app: int = 0, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=ReviewCb(action=action, app=app, value=value).pack()
    )


def _kb(*rows: Sequence[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(r) for r in rows if r])


def _same_buttons(message: Message, kb: InlineKeyboardMarkup) -> bool:
    shown = message.reply_markup
    return shown is not None and shown.model_dump(exclude_none=True) == kb.model_dump(
        exclude_none=True
    )


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


# -- filters and scope --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filters:
    """What the queue shows; travels in buttons as `program,region,status`.

    status: "w" the ones waiting for a decision, "" all, or one status.
    """

    program: str | None = None
    region: str | None = None
    status: str = "w"

    def pack(self) -> str:
        return f"{self.program or ''},{self.region or ''},{self.status}"

    @classmethod
    def unpack(cls, value: str) -> Filters | None:
        parts = value.split(",")
        if len(parts) != 3:
            return None
        program, region, status = parts
        if status not in ("w", "") and (status not in STATUSES or status == "draft"):
            return None
        return cls(program or None, region or None, status)

    def statuses(self) -> Sequence[Status] | None:
        if self.status == "w":
            return WAITING
        if self.status == "":
            return None
        return [s for s in STATUSES if s == self.status]


def _coordinator_grants(access: Access) -> list[tuple[str | None, str | None]]:
    return [(g.program, g.region) for g in access.grants if g.role == "coordinator"]


def _scopes(access: Access) -> list[tuple[str | None, str | None]] | None:
    """The (program, region) pairs a coordinator reaches; None: everything."""
    return None if access.is_admin else _coordinator_grants(access)


def _programs(access: Access, catalogue: Catalogue) -> list[Program]:
    grants = _coordinator_grants(access)
    return [p for p in catalogue if access.is_admin or any(g in (None, p.code) for g, _ in grants)]


def _regions(access: Access) -> list[Region]:
    grants = _coordinator_grants(access)
    return [r for r in regions() if access.is_admin or any(g in (None, r.code) for _, g in grants)]


def _allowed(filters: Filters, access: Access, catalogue: Catalogue) -> bool:
    """Every value picked is one this coordinator may see (buttons can be forged)."""
    if filters.program is not None and filters.program not in {
        p.code for p in _programs(access, catalogue)
    }:
        return False
    return filters.region is None or filters.region in {r.code for r in _regions(access)}


def _query(filters: Filters, access: Access) -> QueueFilter:
    return QueueFilter(
        programs=[filters.program] if filters.program else None,
        regions=[filters.region] if filters.region else None,
        statuses=filters.statuses(),
        scopes=_scopes(access),
    )


def _may_see(access: Access, app: Application) -> bool:
    return app.status != "draft" and access.coordinates(program=app.program, region=app.region)


# -- who the applicant is -----------------------------------------------------------------------


def _answer_name(app: Application) -> str | None:
    for code in NAME_FIELDS:
        value = app.answers.get(code)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _short_name(app: Application) -> str | None:
    """«Серікова Айгүл Болатқызы» → «Серікова А.»: enough to tell people apart in a list."""
    full = app.answers.get("full_name")
    if isinstance(full, str) and len(words := full.split()) >= 2:
        return f"{words[0]} {words[1][0]}."
    name = _answer_name(app)
    return _cut(name, 24) if name else None


def _telegram_name(person: User | None, user_id: int) -> str:
    if person is None:
        return f"id{user_id}"
    return person.full_name + (f" (@{person.username})" if person.username else "")


def _phone(app: Application, program: Program) -> str | None:
    for field in program.fields:
        value = app.answers.get(field.code)
        if field.type == "phone" and isinstance(value, str):
            return format_kz_phone(value)
    return None


# -- the queue ----------------------------------------------------------------------------------


def _status_value(filters: Filters, l10n: Translator) -> str:
    if filters.status == "w":
        return l10n("review-status-waiting")
    if filters.status == "":
        return l10n("review-all")
    return l10n("review-status", status=filters.status)


def _program_value(
    filters: Filters, access: Access, catalogue: Catalogue, l10n: Translator
) -> str:
    """The program picked; with none picked, the one program a scoped coordinator reaches (her
    «all» is that program), else «all»."""
    program = catalogue.get(filters.program) if filters.program else None
    reachable = _programs(access, catalogue)
    if program is None and len(reachable) == 1:
        program = reachable[0]
    return program.name(l10n.locale) if program else l10n("review-all")


def _region_value(filters: Filters, l10n: Translator) -> str:
    region = next((r for r in regions() if r.code == filters.region), None)
    return region.name(l10n.locale) if region else l10n("review-all")


async def _queue_view(
    filters: Filters,
    page: int,
    access: Access,
    applications: ApplicationService,
    users: UserRepo,
    l10n: Translator,
) -> tuple[str, InlineKeyboardMarkup]:
    query = _query(filters, access)
    total = await applications.repo.count(query)
    pages = max(1, -(-total // PAGE))
    page = min(max(page, 0), pages - 1)
    found = await applications.repo.queue(query, limit=PAGE, offset=page * PAGE)
    lines = [l10n("review-queue-title"), l10n("review-queue-count", count=total)]
    if not total:
        lines.append(l10n("review-queue-empty"))
    token = filters.pack()
    catalogue = applications.catalogue
    rows: list[list[InlineKeyboardButton]] = [
        [
            _btn(
                l10n(
                    "review-filter-program",
                    value=_program_value(filters, access, catalogue, l10n),
                ),
                "f",
                value="p" + token,
            )
        ],
        [
            _btn(
                l10n("review-filter-region", value=_region_value(filters, l10n)),
                "f",
                value="r" + token,
            )
        ],
        [
            _btn(
                l10n("review-filter-status", value=_status_value(filters, l10n)),
                "f",
                value="s" + token,
            )
        ],
    ]
    for app in found:
        name = _short_name(app) or _telegram_name(await users.get(app.user_id), app.user_id)
        label = l10n("review-queue-item", number=app.reference, name=name, status=app.status)
        rows.append([_btn(_cut(label, 60), "o", app.id)])
    if pages > 1:
        nav = []
        if page > 0:
            nav.append(_btn("‹", "q", page - 1, token))
        nav.append(_btn(f"{page + 1}/{pages}", "noop"))
        if page < pages - 1:
            nav.append(_btn("›", "q", page + 1, token))
        rows.append(nav)
    if total:
        rows.append([_btn(l10n("review-excel"), "xl", value=token)])
    return "\n".join(lines), _kb(*rows)


def _picker_view(
    kind: str, filters: Filters, page: int, access: Access, catalogue: Catalogue, l10n: Translator
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The values of one filter; each button is the queue with that value picked."""
    choices: list[tuple[str, Filters]]
    if kind == "p":
        title = l10n("review-choose-program")
        choices = [(l10n("review-all"), replace(filters, program=None))] + [
            (p.name(l10n.locale), replace(filters, program=p.code))
            for p in _programs(access, catalogue)
        ]
    elif kind == "r":
        title = l10n("review-choose-region")
        choices = [(l10n("review-all"), replace(filters, region=None))] + [
            (r.name(l10n.locale), replace(filters, region=r.code)) for r in _regions(access)
        ]
    elif kind == "s":
        title = l10n("review-choose-status")
        choices = [
            (l10n("review-status-waiting"), replace(filters, status="w")),
            (l10n("review-all"), replace(filters, status="")),
        ] + [
            (l10n("review-status", status=s), replace(filters, status=s))
            for s in STATUSES
            if s != "draft"
        ]
    else:
        return None
    pages = max(1, -(-len(choices) // CHOICES_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = choices[page * CHOICES_PAGE : (page + 1) * CHOICES_PAGE]
    buttons = [_btn(_cut(label, 48), "q", 0, picked.pack()) for label, picked in shown]
    width = 2 if all(len(label) <= 20 for label, _ in shown) else 1
    rows = [buttons[i : i + width] for i in range(0, len(buttons), width)]
    if pages > 1:
        token = kind + filters.pack()
        nav = []
        if page > 0:
            nav.append(_btn("‹", "f", page - 1, token))
        nav.append(_btn(f"{page + 1}/{pages}", "noop"))
        if page < pages - 1:
            nav.append(_btn("›", "f", page + 1, token))
        rows.append(nav)
    rows.append([_btn(l10n("button-back"), "q", 0, filters.pack())])
    return title, _kb(*rows)


# -- the card -----------------------------------------------------------------------------------


def _event_kind(event: Event) -> str | None:
    """How an audit event reads on the card; None: not worth a line."""
    if event.kind == "status":
        if event.to_status == "in_review":
            # Back in review after the applicant's answer: the answer itself is the line.
            return "taken" if event.from_status == "submitted" else None
        return {
            "submitted": "submitted",
            "info_requested": "question",
            "approved": "approved",
            "rejected": "rejected",
            "withdrawn": "withdrawn",
        }.get(event.to_status or "")
    return event.kind if event.kind in ("question", "answer", "note") else None


async def _files(
    app: Application, program: Program, applications: ApplicationService, l10n: Translator
) -> list[tuple[str, str, str]]:
    """(kind, file_id, what it is) for every file: attachments, answers' files, voice answers."""
    found = []
    for item in await applications.repo.files(app.id):
        field = program.field(item.field)
        label = field.label(l10n.locale) if field else l10n("review-answer-field")
        found.append((item.kind, item.file_id, label))
    for field in program.fields:
        value = app.answers.get(field.code)
        if field.type == "long_text" and isinstance(value, dict) and value.get("voice"):
            found.append(("voice", str(value["voice"]), field.label(l10n.locale)))
    return found


async def _card_view(
    app: Application,
    applications: ApplicationService,
    users: UserRepo,
    l10n: Translator,
    zone: ZoneInfo,
    *,
    notice: str | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    program = applications.program_of(app)
    locale = l10n.locale
    person = await users.get(app.user_id)
    head = [notice, ""] if notice else []
    head += [
        l10n(
            "review-card-title",
            number=app.reference,
            program=html.escape(program.name(locale)),
        ),
        l10n("review-card-status", status=l10n("review-status", status=app.status)),
    ]
    if app.submitted_at is not None:
        head.append(l10n("review-card-submitted", date=app.submitted_at.astimezone(zone).date()))
    name = _answer_name(app) or (person.full_name if person else None)
    if name:
        head.append(l10n("review-card-applicant", name=html.escape(name)))
    contact = [
        f'<a href="tg://user?id={app.user_id}">'
        f"{html.escape(person.full_name if person else str(app.user_id))}</a>"
    ]
    if person is not None and person.username:
        contact.append(html.escape(f"@{person.username}"))
    if phone := _phone(app, program):
        contact.append(html.escape(phone))
    head.append(l10n("review-card-contact", contact=" · ".join(contact)))

    answers = [
        (field.label(locale), display(field, app.answers[field.code], l10n))
        for field in program.fields
        if field.code in app.answers
    ]
    summary = summarise_scores(program, await applications.repo.scores(app.id))
    scores = [l10n("review-card-scores", count=summary.reviewers)]
    if summary.reviewers:
        scores += [
            l10n(
                "review-card-score",
                criterion=html.escape(c.label(locale)),
                average=format_score(average),
            )
            for c, average in summary.averages
        ]
        scores.append(l10n("review-card-overall", average=format_score(summary.overall)))
    elif program.criteria:
        scores.append(l10n("review-card-no-scores"))
    else:
        scores = []

    events = [
        (e, kind) for e in await applications.repo.events(app.id) if (kind := _event_kind(e))
    ]
    events = events[-HISTORY:]
    names: dict[int, str] = {}
    for event, _ in events:
        if event.actor_id is not None and event.actor_id not in names:
            actor = person if event.actor_id == app.user_id else await users.get(event.actor_id)
            names[event.actor_id] = actor.full_name if actor else str(event.actor_id)

    def history(limit: int) -> list[str]:
        return [
            l10n(
                "review-event",
                when=format_datetime(event.at, locale, zone),
                who=html.escape(names.get(event.actor_id or 0, "—")),
                kind=kind,
                text=html.escape(_cut(event.comment or "—", limit)),
            )
            for event, kind in events
        ]

    # Long answers are cut so that the card stays within Telegram's limit.
    for answer_limit, comment_limit in ((700, 300), (300, 200), (150, 100), (60, 60), (20, 30)):
        lines = [*head, "", l10n("review-card-answers")]
        lines += [
            f"<b>{html.escape(label)}</b>: {html.escape(_cut(value, answer_limit))}"
            for label, value in answers
        ]
        if scores:
            lines += ["", *scores]
        if events:
            lines += ["", l10n("review-card-history"), *history(comment_limit)]
        text = "\n".join(lines)
        if _utf16(text) <= CARD_LIMIT:
            break
    files = len(await _files(app, program, applications, l10n))
    return text, _card_kb(app, program, files, l10n)


def _card_kb(
    app: Application, program: Program, files: int, l10n: Translator
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if app.status == "submitted":
        rows.append([_btn(l10n("review-take"), "take", app.id)])
    if app.status in ASKABLE:
        rows.append([_btn(l10n("review-ask"), "ask", app.id)])
    if app.status in WAITING:
        rows.append(
            [
                _btn(l10n("review-approve"), "ok", app.id),
                _btn(l10n("review-reject"), "rej", app.id),
            ]
        )
    row = [_btn(l10n("review-note"), "note", app.id)]
    if program.criteria and app.status in WAITING:
        row.append(_btn(l10n("review-score"), "sc", app.id))
    rows.append(row)
    if files:
        rows.append([_btn(l10n("review-files", count=files), "fl", app.id)])
    rows.append([_btn(l10n("review-back-to-queue"), "back")])
    return _kb(*rows)


async def _criteria_view(
    app: Application, access: Access, applications: ApplicationService, l10n: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    program = applications.program_of(app)
    mine = {
        s.criterion: s.score
        for s in await applications.repo.scores(app.id)
        if s.reviewer_id == access.user_id
    }
    rows = [
        [
            _btn(
                _cut(
                    l10n(
                        "review-criterion-button",
                        criterion=c.label(l10n.locale),
                        score=str(mine[c.code]) if c.code in mine else "—",
                    ),
                    60,
                ),
                "scc",
                app.id,
                c.code,
            )
        ]
        for c in program.criteria
    ]
    rows.append([_btn(l10n("button-back"), "o", app.id)])
    return l10n("review-choose-criterion", number=app.reference), _kb(*rows)


# -- entry --------------------------------------------------------------------------------------


@router.message(Command("review"))
@router.message(MenuButton("menu-review"))
async def show_queue(
    message: Message,
    access: Access,
    state: FSMContext,
    applications: ApplicationService,
    users: UserRepo,
    l10n: Translator,
) -> None:
    if not access.is_coordinator:
        await message.answer(l10n("access-denied"))
        return
    if await state.get_state() in TEXT_STATES:
        await state.set_state(None)
    filters = Filters()
    await state.update_data(rv_back=filters.pack())
    text, kb = await _queue_view(filters, 0, access, applications, users, l10n)
    await message.answer(text, reply_markup=kb)


# -- typed texts: a question, a reason, a note --------------------------------------------------


@router.message(StateFilter(ReviewFlow))
async def text_given(
    message: Message,
    state: FSMContext,
    access: Access,
    applications: ApplicationService,
    users: UserRepo,
    translations: Translations,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    if is_elsewhere(message.text, translations):
        await state.set_state(None)
        raise SkipHandler  # the router that owns the command or the button answers it
    current = await state.get_state()
    data = await state.get_data()
    app = await applications.repo.get(int(data.get("rv_app") or 0))
    if not access.is_coordinator or app is None or not _may_see(access, app):
        log.warning("user %s typed a review text without the right", access.user_id)
        await state.set_state(None)
        await message.answer(l10n("access-denied"))
        return
    done_key, prompt_key = TEXT_STATES[current or ""]
    text = (message.text or "").strip()
    back = _kb([_btn(l10n("button-back"), "o", app.id)])
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
        app = await applications.repo.require(app.id)
        notice = l10n("review-not-possible", status=l10n("review-status", status=app.status))
    await state.set_state(None)
    await state.update_data(rv_app=None)
    card, kb = await _card_view(app, applications, users, l10n, zone, notice=notice)
    await message.answer(card, reply_markup=kb)


# -- buttons ------------------------------------------------------------------------------------


@router.callback_query(ReviewCb.filter())
async def on_button(
    query: CallbackQuery,
    callback_data: ReviewCb,
    state: FSMContext,
    access: Access,
    applications: ApplicationService,
    users: UserRepo,
    clock: Clock,
    zone: ZoneInfo,
    deep_links: DeepLinks,
    l10n: Translator,
) -> None:
    if not access.is_coordinator:
        log.warning("user %s sent a review callback without the right", query.from_user.id)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    action = callback_data.action
    if action not in ("ask", "rej", "note") and await state.get_state() in TEXT_STATES:
        await state.set_state(None)  # went elsewhere: the next text is not taken for a reason
    if action == "noop":  # the page number: nothing to change
        await query.answer()
        return
    if action in ("q", "f", "xl", "back"):
        await _queue_action(
            query,
            message,
            callback_data,
            state,
            access,
            applications,
            users,
            clock,
            zone,
            deep_links,
            l10n,
        )
        return
    app = await applications.repo.get(callback_data.app)
    if app is None or not _may_see(access, app):
        log.warning(
            "coordinator %s may not open application %s", access.user_id, callback_data.app
        )
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    await _card_action(
        query, message, callback_data, app, state, access, applications, users, clock, zone, l10n
    )


async def _queue_action(
    query: CallbackQuery,
    message: Message,
    callback_data: ReviewCb,
    state: FSMContext,
    access: Access,
    applications: ApplicationService,
    users: UserRepo,
    clock: Clock,
    zone: ZoneInfo,
    deep_links: DeepLinks,
    l10n: Translator,
) -> None:
    action, value, catalogue = callback_data.action, callback_data.value, applications.catalogue
    if action == "back":
        saved = Filters.unpack(str((await state.get_data()).get("rv_back") or ""))
        filters = saved if saved and _allowed(saved, access, catalogue) else Filters()
    else:
        parsed = Filters.unpack(value[1:] if action == "f" else value)
        if parsed is None:
            await query.answer(l10n("button-stale"), show_alert=True)
            return
        if not _allowed(parsed, access, catalogue):
            log.warning(
                "coordinator %s asked for filters %r outside the scope", access.user_id, value
            )
            await query.answer(l10n("access-denied"), show_alert=True)
            return
        filters = parsed
    if action == "f":
        view = _picker_view(value[:1], filters, callback_data.app, access, catalogue, l10n)
        if view is None:
            await query.answer(l10n("button-stale"), show_alert=True)
            return
        await query.answer()
        await edit_in_place(message, *view)
        return
    if action == "xl":
        await _export(
            query, message, filters, access, applications, users, clock, zone, deep_links, l10n
        )
        return
    await query.answer()
    await state.update_data(rv_back=filters.pack())
    page = callback_data.app if action == "q" else 0
    await edit_in_place(
        message, *await _queue_view(filters, page, access, applications, users, l10n)
    )


async def _card_action(
    query: CallbackQuery,
    message: Message,
    callback_data: ReviewCb,
    app: Application,
    state: FSMContext,
    access: Access,
    applications: ApplicationService,
    users: UserRepo,
    clock: Clock,
    zone: ZoneInfo,
    l10n: Translator,
) -> None:
    action, value = callback_data.action, callback_data.value
    program = applications.program_of(app)

    async def show(current: Application, toast: str | None = None) -> None:
        await query.answer(toast)
        await edit_in_place(message, *await _card_view(current, applications, users, l10n, zone))

    async def refused() -> None:
        """The status changed meanwhile (another coordinator, the applicant): say so, refresh."""
        current = await applications.repo.require(app.id)
        status = l10n("review-status", status=current.status)
        await query.answer(l10n("review-not-possible", status=status), show_alert=True)
        text, kb = await _card_view(current, applications, users, l10n, zone)
        if not _same_buttons(message, kb):  # the buttons on screen are stale: refresh the card
            await edit_in_place(message, text, kb)

    if action in ("o", "open"):
        if action == "o":
            await show(app)
            return
        # From a notice: the card comes as a new message, the notice stays readable.
        await query.answer()
        text, kb = await _card_view(app, applications, users, l10n, zone)
        await message.answer(text, reply_markup=kb)
        return

    if action == "take":
        try:
            taken = await applications.take(app, access.user_id)
        except ApplicationError:
            await refused()
            return
        await show(taken, l10n("review-taken"))
        return

    if action in ("ask", "rej", "note"):
        allowed: Sequence[Status] = {"ask": ASKABLE, "rej": WAITING, "note": STATUSES}[action]
        if app.status not in allowed:
            await refused()
            return
        flow = {"ask": ReviewFlow.question, "rej": ReviewFlow.reason, "note": ReviewFlow.note}
        await query.answer()
        await state.set_state(flow[action])
        await state.update_data(rv_app=app.id)
        _, prompt_key = TEXT_STATES[flow[action].state]
        await edit_in_place(
            message,
            l10n(prompt_key, number=app.reference),
            _kb([_btn(l10n("button-back"), "o", app.id)]),
        )
        return

    if action == "ok":
        if app.status not in WAITING:
            await refused()
            return
        await query.answer()
        await edit_in_place(
            message,
            l10n(
                "review-approve-confirm",
                number=app.reference,
                program=html.escape(program.name(l10n.locale)),
            ),
            _kb(
                [_btn(l10n("review-approve-yes"), "oky", app.id)],
                [_btn(l10n("button-back"), "o", app.id)],
            ),
        )
        return

    if action == "oky":
        try:
            approved = await applications.approve(app, access.user_id)
        except ApplicationError:
            await refused()
            return
        await show(approved, l10n("review-approved"))
        return

    if action in ("sc", "scc", "scv"):
        await _score_action(
            query, message, action, value, app, program, access, applications, clock, l10n
        )
        return

    if action == "fl":
        await _send_files(query, message, app, program, applications, l10n)
        return

    await query.answer(l10n("button-stale"), show_alert=True)


async def _score_action(
    query: CallbackQuery,
    message: Message,
    action: str,
    value: str,
    app: Application,
    program: Program,
    access: Access,
    applications: ApplicationService,
    clock: Clock,
    l10n: Translator,
) -> None:
    if not program.criteria:
        await query.answer(l10n("review-no-criteria"), show_alert=True)
        return
    if app.status not in WAITING:
        status = l10n("review-status", status=app.status)
        await query.answer(l10n("review-not-possible", status=status), show_alert=True)
        return
    criteria = {c.code: c for c in program.criteria}
    if action == "scc" and value in criteria:
        label = criteria[value].label(l10n.locale)
        await query.answer()
        await edit_in_place(
            message,
            l10n("review-choose-score", criterion=html.escape(label)),
            _kb(
                [_btn(str(n), "scv", app.id, f"{value}.{n}") for n in range(1, 6)],
                [_btn(l10n("button-back"), "sc", app.id)],
            ),
        )
        return
    toast = None
    if action == "scv":
        code, _, score = value.rpartition(".")
        if code not in criteria or score not in ("1", "2", "3", "4", "5"):
            await query.answer(l10n("button-stale"), show_alert=True)
            return
        await applications.repo.set_score(app.id, access.user_id, code, int(score), clock.now())
        toast = l10n("review-scored", score=score)
    elif action != "sc":
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    await query.answer(toast)
    await edit_in_place(message, *await _criteria_view(app, access, applications, l10n))


async def _send_files(
    query: CallbackQuery,
    message: Message,
    app: Application,
    program: Program,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    files = await _files(app, program, applications, l10n)
    if not files:
        await query.answer(l10n("review-files-none"), show_alert=True)
        return
    await query.answer(l10n("review-files-sent", count=len(files)))
    for kind, file_id, label in files:
        caption = l10n("review-file-caption", number=app.reference, field=html.escape(label))
        try:
            if kind == "photo":
                await message.answer_photo(file_id, caption=caption)
            elif kind == "voice":
                await message.answer_voice(file_id, caption=caption)
            else:
                await message.answer_document(file_id, caption=caption)
        except TelegramBadRequest as exc:  # a file Telegram no longer has: the others still go
            log.warning("application %s: file %s not sent: %s", app.reference, file_id, exc)


async def _export(
    query: CallbackQuery,
    message: Message,
    filters: Filters,
    access: Access,
    applications: ApplicationService,
    users: UserRepo,
    clock: Clock,
    zone: ZoneInfo,
    deep_links: DeepLinks,
    l10n: Translator,
) -> None:
    query_filter = _query(filters, access)
    total = await applications.repo.count(query_filter)
    if not total:
        await query.answer(l10n("review-export-empty"), show_alert=True)
        return
    await query.answer(l10n("review-export-wait"))
    found = await applications.repo.queue(query_filter, limit=EXPORT_LIMIT)
    scores = await applications.repo.scores_of([a.id for a in found])
    people: dict[int, str] = {}
    for app in found:
        if app.user_id not in people:
            people[app.user_id] = _telegram_name(await users.get(app.user_id), app.user_id)
    rows = [ExportRow(a, people[a.user_id], scores[a.id]) for a in found]
    card_link = await _card_link(query.bot, deep_links)
    # Building a workbook of thousands of rows takes a while: not on the event loop.
    data = await asyncio.to_thread(
        partial(build_workbook, card_link=card_link), rows, applications.catalogue, l10n, zone
    )
    caption = l10n("review-export-caption", count=len(found))
    if total > len(found):
        caption += "\n" + l10n("review-export-cut", limit=len(found), total=total)
    today = clock.now().astimezone(zone).date()
    await message.answer_document(
        BufferedInputFile(data, filename=f"applications-{today.isoformat()}.xlsx"),
        caption=caption,
    )
    log.info("coordinator %s exported %d application(s)", access.user_id, len(found))


async def _card_link(bot: Bot | None, deep_links: DeepLinks) -> CardLink | None:
    """`t.me/<bot>?start=rv_<id>` for the workbook: a voice answer or a file cannot travel in
    Excel, and a Telegram file id means nothing to a person, but the link opens the card in the
    bot, its files one button away. None when the link would lead nowhere."""
    if bot is None or not deep_links.has(DEEP_LINK_PREFIX):
        return None
    username = (await bot.me()).username
    if not username:
        return None
    return lambda app: make_link(username, f"{DEEP_LINK_PREFIX}{app.id}")


async def deep_link(message: Message, value: str, data: dict[str, Any]) -> None:
    """`t.me/<bot>?start=rv_<application id>` (from the Excel export): the application's card,
    for a coordinator who may see it; anyone else is refused, as with a forged button."""
    access: Access = data["access"]
    l10n: Translator = data["l10n"]
    applications: ApplicationService = data["applications"]
    app = await applications.repo.get(int(value)) if value.isdigit() else None
    if not access.is_coordinator or app is None or not _may_see(access, app):
        log.warning("user %s may not open application %r by a link", access.user_id, value)
        await message.answer(l10n("access-denied"))
        return
    text, kb = await _card_view(app, applications, data["users"], l10n, data["zone"])
    await message.answer(text, reply_markup=kb)
