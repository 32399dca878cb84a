"""Coordinators' webinar screens: the webinars they manage, a webinar's card with its figures, the
registrants with attendance marks, and the wizard's screens (a field's prompt, the summary of a
new webinar, the fields to edit)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from aiogram.types import InlineKeyboardButton

from bot.core.catalogue import Catalogue
from bot.core.clock import from_utc_text, utc_text
from bot.core.i18n import Translator, format_datetime
from bot.core.people import User
from bot.documents.exports import format_score
from bot.telegram.callbacks import WebinarAction, WebinarCb
from bot.telegram.deeplinks import make_link
from bot.telegram.screens import Screen, button, columns, cut, keyboard, page_bounds, pager
from bot.webinars.rules import program_choices
from bot.webinars.service import LANGUAGES, QUESTIONS, Registration, Webinar
from handlers.webinars.common import DEEP_LINK_PREFIX, FIELDS, WIZARD, Ctx, label
from handlers.webinars.views import heading

PEOPLE_PAGE = 10  # registrants per page
MANAGED_SHOWN = 30  # the latest webinars on the coordinator's list
DURATIONS = (30, 45, 60, 90, 120)
OPTIONAL_FIELDS = ("description_kk", "description_ru")


def _to_card(l10n: Translator, webinar_id: int) -> InlineKeyboardButton:
    return button(l10n("button-back"), WebinarCb(action=WebinarAction.admin_card, w=webinar_id))


async def manage_view(ctx: Ctx) -> Screen:
    l10n, zone = ctx.l10n, ctx.zone
    found = (await ctx.webinars.managed(ctx.access))[-MANAGED_SHOWN:]
    lines = [l10n("webinar-manage-title")]
    rows: list[list[InlineKeyboardButton]] = []
    if program_choices(ctx.access, ctx.catalogue):
        rows.append([button(l10n("webinar-new-button"), WebinarCb(action=WebinarAction.new))])
    if not found:
        lines.append(l10n("webinar-manage-empty"))
    for webinar in found:
        mark = "✖ " if webinar.status == "cancelled" else ""
        to = WebinarCb(action=WebinarAction.admin_card, w=webinar.id)
        rows.append([button(label(webinar, l10n, zone, mark), to)])
    rows.append([button(l10n("webinar-back-to-list"), WebinarCb(action=WebinarAction.upcoming))])
    return "\n".join(lines), keyboard(*rows)


def _program_line(program_code: str | None, catalogue: Catalogue, l10n: Translator) -> str:
    program = catalogue.get(program_code) if program_code else None
    name = html.escape(program.name(l10n.locale)) if program else l10n("webinar-no-program")
    return l10n("webinar-admin-program", program=name)


def _questions_line(questions: Sequence[str], l10n: Translator) -> str:
    if not questions:
        names = l10n("webinar-questions-none")
    else:
        names = ", ".join(l10n("webinar-question-name", question=q) for q in questions)
    return l10n("webinar-admin-questions", questions=names)


async def admin_card(webinar: Webinar, ctx: Ctx, *, notice: str | None = None) -> Screen:
    """The webinar as its coordinator sees it: figures, the link to share, what may be done."""
    webinars, l10n, zone = ctx.webinars, ctx.l10n, ctx.zone
    counts = await webinars.counts(webinar)
    lines = [notice, ""] if notice else []
    lines += heading(webinar, l10n, zone, f"🛠 <b>{html.escape(webinar.title(l10n.locale))}</b>")
    lines += [
        _program_line(webinar.program, ctx.catalogue, l10n),
        l10n(
            "webinar-admin-counts",
            registered=counts.registered,
            capacity=str(webinar.capacity) if webinar.capacity else "∞",
            waiting=counts.waiting,
        ),
        l10n(
            "webinar-admin-attendance",
            attended=counts.attended,
            average=format_score(counts.average),
            rated=counts.rated,
        ),
        _questions_line(webinar.questions, l10n),
        l10n("webinar-admin-link", link=html.escape(webinar.join_url)),
    ]
    if webinar.recording_url:
        lines.append(l10n("webinar-card-recording", link=html.escape(webinar.recording_url)))
    me = await ctx.bot.me()
    if me.username and webinar.status == "scheduled":
        share = make_link(me.username, f"{DEEP_LINK_PREFIX}{webinar.id}")
        lines.append(l10n("webinar-admin-share", link=html.escape(share)))
    if webinar.status == "cancelled":
        lines.append(l10n("webinar-card-cancelled"))
    started = webinars.has_started(webinar)
    scheduled = webinar.status == "scheduled"

    def to(action: WebinarAction, v: str = "") -> WebinarCb:
        return WebinarCb(action=action, w=webinar.id, v=v)

    rows: list[list[InlineKeyboardButton]] = []
    if scheduled:
        rows.append([button(l10n("webinar-edit-button"), to(WebinarAction.edit))])
    rows.append(
        [
            button(l10n("webinar-people-button"), to(WebinarAction.people)),
            button(l10n("webinar-excel-button"), to(WebinarAction.export)),
        ]
    )
    if started and scheduled:
        recording = to(WebinarAction.edit_field, "recording_url")
        rows.append([button(l10n("webinar-recording-button"), recording)])
    if not started and scheduled:
        rows.append([button(l10n("webinar-cancel-button"), to(WebinarAction.cancel))])
    rows.append([button(l10n("webinar-back-to-manage"), WebinarCb(action=WebinarAction.manage))])
    return "\n".join(lines), keyboard(*rows)


async def people_view(webinar: Webinar, page: int, ctx: Ctx) -> Screen:
    webinars, l10n = ctx.webinars, ctx.l10n
    people = await webinars.registrants(webinar)
    seated = [(r, p) for r, p in people if r.status == "registered"]
    waiting = [(r, p) for r, p in people if r.status == "waiting"]
    page, pages = page_bounds(len(seated), page, PEOPLE_PAGE)
    shown = seated[page * PEOPLE_PAGE : (page + 1) * PEOPLE_PAGE]
    lines = [
        l10n(
            "webinar-people-title",
            title=html.escape(cut(webinar.title(l10n.locale), 80)),
            registered=len(seated),
            waiting=len(waiting),
        )
    ]
    if not people:
        lines.append(l10n("webinar-people-empty"))
    for n, (reg, person) in enumerate(shown, start=page * PEOPLE_PAGE + 1):
        lines.append(_person_line(n, reg, person))
    if waiting and page == pages - 1:
        lines += ["", l10n("webinar-people-waiting")]
        for n, (reg, person) in enumerate(waiting[:20], start=1):
            lines.append(_person_line(n, reg, person))
    rows: list[list[InlineKeyboardButton]] = []
    if webinars.attendance_open(webinar) and webinar.status == "scheduled":
        lines += ["", l10n("webinar-people-mark-hint")]
        for reg, person in shown:
            mark = "✅" if reg.attended_at else "▫️"
            to = WebinarCb(action=WebinarAction.attendance, w=webinar.id, r=reg.id, v=str(page))
            rows.append([button(f"{mark} {_name(reg, person, 30)}", to)])

    def to_page(n: int) -> WebinarCb:
        return WebinarCb(action=WebinarAction.people, w=webinar.id, r=n)

    rows.append(pager(page, pages, to_page, to_page(page)))
    rows.append([_to_card(l10n, webinar.id)])
    return "\n".join(lines), keyboard(*rows)


def _name(reg: Registration, person: User | None, limit: int) -> str:
    return cut(person.full_name if person else f"id{reg.user_id}", limit)


def _person_line(n: int, reg: Registration, person: User | None) -> str:
    parts = [f"{n}. {html.escape(_name(reg, person, 40))}"]
    if person is not None and person.username:
        parts.append(f"@{html.escape(person.username)}")
    if reg.attended_at:
        parts.append("✅")
    if reg.rating:
        parts.append(f"{reg.rating}⭐")
    line = " · ".join(parts)
    if reg.comment:
        line += f"\n   💬 {html.escape(cut(reg.comment, 120))}"
    return line


# -- the wizard's screens: creating and editing ---------------------------------------------------


def draft_of(webinar: Webinar) -> dict[str, Any]:
    """A webinar's fields as the wizard keeps them (JSON in the FSM data)."""
    return {
        "title_kk": webinar.title_kk,
        "title_ru": webinar.title_ru,
        "description_kk": webinar.description_kk,
        "description_ru": webinar.description_ru,
        "speaker": webinar.speaker,
        "starts_at": utc_text(webinar.starts_at),
        "duration_min": webinar.duration_min,
        "language": webinar.language,
        "capacity": webinar.capacity,
        "join_url": webinar.join_url,
        "program": webinar.program or "",
        "questions": list(webinar.questions),
        "recording_url": webinar.recording_url,
        "id": webinar.id,
    }


def _field_button(l10n: Translator, field: str, to: WebinarCb) -> InlineKeyboardButton:
    return button(l10n("webinar-field-name", field=field), to)


def fields_view(webinar_id: int, l10n: Translator) -> Screen:
    rows = columns(
        [
            _field_button(l10n, f, WebinarCb(action=WebinarAction.edit_field, w=webinar_id, v=f))
            for f in FIELDS
        ]
    )
    rows.append([_to_card(l10n, webinar_id)])
    return l10n("webinar-edit-choose"), keyboard(*rows)


def field_prompt(
    field: str, draft: dict[str, Any], ctx: Ctx, *, editing: bool, error: str | None = None
) -> Screen:
    """The question for one field, with its buttons; creating: «step n/12», «‹ Back», «Cancel»;
    editing: «‹ Back» to the card."""
    l10n, catalogue = ctx.l10n, ctx.catalogue
    lines = [f"⚠️ {error}", ""] if error else []
    if editing:
        lines.append(l10n("webinar-ask-edit"))
    else:
        step, steps = WIZARD.position(field, {"wb_draft": draft})
        lines.append(l10n("webinar-step", step=step, steps=steps))
    lines.append(l10n("webinar-ask", field=field))
    rows: list[list[InlineKeyboardButton]] = []

    def pick(text: str, value: str) -> InlineKeyboardButton:
        return button(text, WebinarCb(action=WebinarAction.pick, v=f"{field}={value}"))

    if field in OPTIONAL_FIELDS:
        rows.append([pick(l10n("webinar-skip-button"), "-")])
    elif field == "duration_min":
        rows.append([pick(l10n("webinar-minutes", minutes=m), str(m)) for m in DURATIONS])
    elif field == "language":
        rows.append(
            [pick(l10n("webinar-language-name", language=code), code) for code in LANGUAGES]
        )
    elif field == "capacity":
        rows.append([pick(l10n("webinar-capacity-none"), "-")])
    elif field == "program":
        for code in program_choices(ctx.access, catalogue):
            program = catalogue.get(code) if code else None
            name = program.name(l10n.locale) if program else l10n("webinar-no-program")
            rows.append([pick(name, code or "-")])
    elif field == "questions":
        chosen = set(draft.get("questions") or [])
        for q in QUESTIONS:
            mark = "✅" if q in chosen else "▫️"
            rows.append([pick(f"{mark} {l10n('webinar-question-name', question=q)}", q)])
        rows.append([pick(l10n("webinar-done-button"), "done")])
    if editing:
        rows.append([_to_card(l10n, int(draft.get("id") or 0))])
    else:
        # Back: the step before (the answers are kept), or the summary when it came from there.
        last = [button(l10n("button-cancel"), WebinarCb(action=WebinarAction.stop))]
        if WIZARD.previous(field, {}) is not None:
            back = WebinarCb(action=WebinarAction.back, v=field)
            last.insert(0, button(l10n("button-back"), back))
        rows.append(last)
    return "\n".join(lines), keyboard(*rows)


def summary_view(draft: dict[str, Any], ctx: Ctx) -> Screen:
    l10n, zone = ctx.l10n, ctx.zone
    starts = from_utc_text(draft.get("starts_at"))
    capacity = draft.get("capacity")
    lines = [
        l10n("webinar-summary-title"),
        f"<b>{html.escape(draft['title_kk'])}</b>",
        f"<b>{html.escape(draft['title_ru'])}</b>",
        l10n(
            "webinar-card-when",
            when=format_datetime(starts, l10n.locale, zone) if starts else "—",
            minutes=int(draft["duration_min"]),
        ),
        l10n("webinar-card-speaker", speaker=html.escape(draft["speaker"])),
        l10n("webinar-card-language", language=draft["language"]),
        _program_line(draft.get("program") or "", ctx.catalogue, l10n),
        l10n("webinar-summary-capacity", capacity=str(capacity) if capacity else "∞"),
        _questions_line(draft["questions"], l10n),
        l10n("webinar-admin-link", link=html.escape(draft["join_url"])),
    ]
    for key in OPTIONAL_FIELDS:
        if draft.get(key):
            lines += ["", html.escape(cut(draft[key], 400))]
    fields = [_field_button(l10n, f, WebinarCb(action=WebinarAction.change, v=f)) for f in FIELDS]
    rows = [[button(l10n("webinar-create-button"), WebinarCb(action=WebinarAction.create))]]
    rows += columns(fields, 3)
    rows.append([button(l10n("button-cancel"), WebinarCb(action=WebinarAction.stop))])
    return "\n".join(lines), keyboard(*rows)
