"""An application's card for reviewers: answers, contact, history, scores, files; opened from
the queue, from a notice, or from a link in the Excel export; its files sent on request."""

from __future__ import annotations

import html
import logging
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.applications.forms import display
from bot.applications.service import ASKABLE, WAITING, Application, ApplicationService, Event
from bot.core.access import Access
from bot.core.catalogue import Program
from bot.core.i18n import Translator, format_datetime
from bot.core.people import People
from bot.core.validators import format_kz_phone
from bot.documents.exports import format_score, summarise_scores
from bot.telegram.callbacks import JourneyAction, JourneyCb, ReviewAction, ReviewCb
from bot.telegram.screens import Screen, button, cut, keyboard, send, show
from handlers.applications.guard import Ctx
from handlers.applications.review.scope import Scope, about, answer_name, may_see

log = logging.getLogger("handlers.applications.review")
router = Router(name=__name__)

HISTORY = 5  # events on the card, the newest last
CARD_LIMIT = 4000  # UTF-16 units; Telegram refuses a text over 4096


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def to(action: ReviewAction, app: Application | None = None, value: str = "") -> ReviewCb:
    return ReviewCb(action=action, app=app.id if app else 0, value=value)


def _phone(app: Application, program: Program) -> str | None:
    for field in program.fields:
        value = app.answers.get(field.code)
        if field.type == "phone" and isinstance(value, str):
            return format_kz_phone(value)
    return None


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


async def files_of(
    app: Application, program: Program, applications: ApplicationService, l10n: Translator
) -> list[tuple[str, str, str]]:
    """(kind, file_id, what it is) for every file: attachments, answers' files, voice answers."""
    found = []
    for item in await applications.files(app):
        field = program.field(item.field)
        label = field.label(l10n.locale) if field else l10n("review-answer-field")
        found.append((item.kind, item.file_id, label))
    for field in program.fields:
        value = app.answers.get(field.code)
        if field.type == "long_text" and isinstance(value, dict) and value.get("voice"):
            found.append(("voice", str(value["voice"]), field.label(l10n.locale)))
    return found


async def card_view(
    app: Application,
    applications: ApplicationService,
    people: People,
    l10n: Translator,
    zone: ZoneInfo,
    *,
    notice: str | None = None,
) -> Screen:
    program = applications.program_of(app)
    locale = l10n.locale
    person = await people.get(app.user_id)
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
    name = answer_name(app) or (person.full_name if person else None)
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
    summary = summarise_scores(program, await applications.scores(app))
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

    events = [(e, kind) for e in await applications.events(app) if (kind := _event_kind(e))]
    events = events[-HISTORY:]
    names: dict[int, str] = {}
    for event, _ in events:
        if event.actor_id is not None and event.actor_id not in names:
            actor = person if event.actor_id == app.user_id else await people.get(event.actor_id)
            names[event.actor_id] = actor.full_name if actor else str(event.actor_id)

    def history(limit: int) -> list[str]:
        return [
            l10n(
                "review-event",
                when=format_datetime(event.at, locale, zone),
                who=html.escape(names.get(event.actor_id or 0, "—")),
                kind=kind,
                text=html.escape(cut(event.comment or "—", limit, mark_after=True)),
            )
            for event, kind in events
        ]

    # Long answers are cut so that the card stays within Telegram's limit.
    for answer_limit, comment_limit in ((700, 300), (300, 200), (150, 100), (60, 60), (20, 30)):
        lines = [*head, "", l10n("review-card-answers")]
        lines += [
            f"<b>{html.escape(label)}</b>: "
            + html.escape(cut(value, answer_limit, mark_after=True))
            for label, value in answers
        ]
        if scores:
            lines += ["", *scores]
        if events:
            lines += ["", l10n("review-card-history"), *history(comment_limit)]
        text = "\n".join(lines)
        if _utf16(text) <= CARD_LIMIT:
            break
    files = len(await files_of(app, program, applications, l10n))
    return text, _card_kb(app, program, files, l10n)


def _card_kb(
    app: Application, program: Program, files: int, l10n: Translator
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if app.status == "submitted":
        rows.append([button(l10n("review-take"), to(ReviewAction.take, app))])
    if app.status in ASKABLE:
        rows.append([button(l10n("review-ask"), to(ReviewAction.ask, app))])
    if app.status in WAITING:
        rows.append(
            [
                button(l10n("review-approve"), to(ReviewAction.approve, app)),
                button(l10n("review-reject"), to(ReviewAction.reject, app)),
            ]
        )
    row = [button(l10n("review-note"), to(ReviewAction.note, app))]
    if program.criteria and app.status in WAITING:
        row.append(button(l10n("review-score"), to(ReviewAction.scores, app)))
    rows.append(row)
    if files:
        rows.append([button(l10n("review-files", count=files), to(ReviewAction.files, app))])
    rows.append(
        [
            button(
                l10n("journey-card-button"), JourneyCb(action=JourneyAction.person, u=app.user_id)
            ),
            button(l10n("review-back-to-queue"), to(ReviewAction.back)),
        ]
    )
    return keyboard(*rows)


def back_to_card(app: Application, l10n: Translator) -> InlineKeyboardMarkup:
    return keyboard([button(l10n("button-back"), to(ReviewAction.card, app))])


async def card_of(ctx: Ctx, app: Application, notice: str | None = None) -> Screen:
    """The card of `app` for the reviewer who pressed."""
    return await card_view(app, ctx.applications, ctx.people, ctx.l10n, ctx.zone, notice=notice)


# Where a card opened by a button goes: in place of the queue, or, from a notice, as a new
# message (the notice stays readable).
PUT = {ReviewAction.card: show, ReviewAction.open: send}


@router.callback_query(ReviewCb.filter(F.action.in_(PUT)), flags=about(Scope.card))
async def card(query: CallbackQuery, callback_data: ReviewCb, app: Application, ctx: Ctx) -> None:
    await query.answer()
    await PUT[callback_data.action](ctx.message, await card_of(ctx, app))


@router.callback_query(ReviewCb.filter(F.action == ReviewAction.files), flags=about(Scope.card))
async def send_files(query: CallbackQuery, app: Application, program: Program, ctx: Ctx) -> None:
    l10n, message = ctx.l10n, ctx.message
    files = await files_of(app, program, ctx.applications, l10n)
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


async def deep_link(message: Message, value: str, data: dict[str, Any]) -> None:
    """`t.me/<bot>?start=rv_<application id>` (from the Excel export): the application's card,
    for a coordinator who may see it; anyone else is refused, as with a forged button."""
    access: Access = data["access"]
    l10n: Translator = data["l10n"]
    applications: ApplicationService = data["applications"]
    app = await applications.get(int(value)) if value.isdigit() else None
    if not access.is_coordinator or app is None or not may_see(access, app):
        log.warning("user %s may not open application %r by a link", access.user_id, value)
        await message.answer(l10n("access-denied"))
        return
    await send(message, await card_view(app, applications, data["people"], l10n, data["zone"]))
