"""Everyone's webinar screens: the upcoming list, a webinar's card, «My webinars», a registration
question, and the calendar file."""

from __future__ import annotations

import html
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.types import BufferedInputFile, InlineKeyboardButton
from aiohttp import BytesPayload

from bot.core.i18n import Translator
from bot.core.regions import regions
from bot.telegram.callbacks import WebinarAction, WebinarCb
from bot.telegram.screens import Screen, button, columns, cut, keyboard
from bot.webinars.files import ICS_MIME, build_ics, ics_file_name
from bot.webinars.rules import OPTIONAL_QUESTIONS
from bot.webinars.service import Webinar
from handlers.webinars.common import Ctx, label, when

LIST_LIMIT = 10  # webinars on the list screen
CARD_DESCRIPTION = 900  # characters of the description on a card
SKIP = "-"  # the value of «Skip» under an optional registration question


def _to_list(l10n: Translator) -> InlineKeyboardButton:
    return button(l10n("webinar-back-to-list"), WebinarCb(action=WebinarAction.upcoming))


async def list_view(ctx: Ctx) -> Screen:
    webinars, access, l10n, zone = ctx.webinars, ctx.access, ctx.l10n, ctx.zone
    found = (await webinars.upcoming())[:LIST_LIMIT]
    # Her own place where she has one: «no seats, a waiting list» is not news to her.
    mine = {reg.webinar_id: reg.status for reg, _ in await webinars.mine(access.user_id)}
    lines = [l10n("webinar-list-title")]
    rows: list[list[InlineKeyboardButton]] = []
    if not found:
        lines.append(l10n("webinar-list-empty"))
    for n, webinar in enumerate(found, start=1):
        status = mine.get(webinar.id)  # active registrations only
        if status is not None:
            seats = l10n("webinar-list-mine", status=status)
        else:
            seats = seats_text(await webinars.seats_left(webinar), l10n)
        lines.append(
            l10n(
                "webinar-list-line",
                n=n,
                title=html.escape(cut(webinar.title(l10n.locale), 90)),
                when=when(webinar, l10n, zone),
                seats=seats,
            )
        )
        rows.append([_open_button(webinar, l10n, zone)])
    rows.append([button(l10n("webinar-mine-button"), WebinarCb(action=WebinarAction.mine))])
    if access.is_coordinator:
        rows.append(
            [button(l10n("webinar-manage-button"), WebinarCb(action=WebinarAction.manage))]
        )
    return "\n\n".join(lines), keyboard(*rows)


def _open_button(webinar: Webinar, l10n: Translator, zone: ZoneInfo) -> InlineKeyboardButton:
    return button(label(webinar, l10n, zone), WebinarCb(action=WebinarAction.card, w=webinar.id))


def seats_text(seats: int | None, l10n: Translator) -> str:
    if seats is None:
        return l10n("webinar-seats-unlimited")
    if seats == 0:
        return l10n("webinar-seats-full")
    return l10n("webinar-seats-left", count=seats)


def heading(webinar: Webinar, l10n: Translator, zone: ZoneInfo, title: str) -> list[str]:
    """The lines every card starts with: the title (as given), when, the speaker, the language."""
    return [
        title,
        l10n("webinar-card-when", when=when(webinar, l10n, zone), minutes=webinar.duration_min),
        l10n("webinar-card-speaker", speaker=html.escape(webinar.speaker)),
        l10n("webinar-card-language", language=webinar.language),
    ]


async def card_view(webinar: Webinar, ctx: Ctx, *, notice: str | None = None) -> Screen:
    """The webinar as the person sees it, with what they may do: register, cancel, the
    calendar file, «I'm here», a rating."""
    webinars, l10n, zone, locale = ctx.webinars, ctx.l10n, ctx.zone, ctx.l10n.locale
    reg = await webinars.registration(webinar.id, ctx.user.id)
    seats = await webinars.seats_left(webinar)
    lines = [notice, ""] if notice else []
    lines += heading(webinar, l10n, zone, f"<b>{html.escape(webinar.title(locale))}</b>")
    program = ctx.catalogue.get(webinar.program) if webinar.program else None
    if program is not None:
        lines.append(l10n("webinar-card-program", program=html.escape(program.name(locale))))
    if description := webinar.description(locale):
        lines += ["", html.escape(cut(description, CARD_DESCRIPTION))]
    lines.append("")
    started = webinars.has_started(webinar)
    rows: list[list[InlineKeyboardButton]] = []

    def row(key: str, action: WebinarAction, v: str = "") -> None:
        rows.append([button(l10n(key), WebinarCb(action=action, w=webinar.id, v=v))])

    if webinar.status == "cancelled":
        lines.append(l10n("webinar-card-cancelled"))
    elif reg is not None and reg.status == "registered":
        lines.append(l10n("webinar-card-registered", link=html.escape(webinar.join_url)))
        if webinar.recording_url and started:
            lines.append(l10n("webinar-card-recording", link=html.escape(webinar.recording_url)))
        if not started:
            row("webinar-ics-button", WebinarAction.calendar)
            row("webinar-unregister-button", WebinarAction.unregister)
        elif reg.attended_at is None and not webinars.has_ended(webinar):
            row("webinar-here-button", WebinarAction.here, v="card")
        elif reg.attended_at is not None and reg.rating is None and webinars.has_ended(webinar):
            lines.append(l10n("webinar-card-rate"))
            rows.append(rating_row(webinar))
        elif reg.rating is not None:
            lines.append(l10n("webinar-card-rated", rating=reg.rating))
    elif reg is not None and reg.status == "waiting":
        position = await webinars.waiting_position(reg)
        lines.append(l10n("webinar-card-waiting", position=position))
        if not started:
            row("webinar-leave-waiting-button", WebinarAction.unregister)
    elif started:
        lines.append(l10n("webinar-card-closed"))
    else:
        lines.append(l10n("webinar-card-seats", seats=seats_text(seats, l10n)))
        row(
            "webinar-waiting-button" if seats == 0 else "webinar-register-button",
            WebinarAction.register,
        )
    rows.append([_to_list(l10n)])
    return "\n".join(lines), keyboard(*rows)


def rating_row(webinar: Webinar) -> list[InlineKeyboardButton]:
    return [
        button(f"{n}⭐", WebinarCb(action=WebinarAction.rate, w=webinar.id, r=n))
        for n in range(1, 6)
    ]


async def mine_view(ctx: Ctx) -> Screen:
    webinars, l10n, zone = ctx.webinars, ctx.l10n, ctx.zone
    mine = await webinars.mine(ctx.user.id)
    back = [_to_list(l10n)]
    if not mine:
        return l10n("webinar-mine-empty"), keyboard(back)
    lines = [l10n("webinar-mine-title")]
    rows = []
    for reg, webinar in mine:
        state: str = "cancelled" if webinar.status == "cancelled" else reg.status
        if state == "registered" and webinars.has_started(webinar):
            state = "attended" if reg.attended_at else "past"
            if state == "past" and not webinars.has_ended(webinar):
                state = "live"
        lines.append(
            l10n(
                "webinar-mine-line",
                title=html.escape(cut(webinar.title(l10n.locale), 80)),
                when=when(webinar, l10n, zone),
                status=state,
            )
        )
        rows.append([_open_button(webinar, l10n, zone)])
    return "\n".join(lines), keyboard(*rows, back)


def question_view(
    webinar: Webinar, index: int, l10n: Translator, error: str | None = None
) -> Screen:
    question = webinar.questions[index]
    lines = [f"⚠️ {error}", ""] if error else []
    lines.append(
        l10n(
            "webinar-question",
            n=index + 1,
            total=len(webinar.questions),
            question=question,
            title=html.escape(cut(webinar.title(l10n.locale), 80)),
        )
    )

    def answer(text: str, value: str) -> InlineKeyboardButton:
        return button(text, WebinarCb(action=WebinarAction.answer, w=webinar.id, v=value))

    rows: list[list[InlineKeyboardButton]] = []
    if question == "region":
        rows = columns([answer(r.name(l10n.locale), r.code) for r in regions()])
    if question in OPTIONAL_QUESTIONS:
        rows.append([answer(l10n("webinar-skip-button"), SKIP)])
    rows.append(
        [button(l10n("button-cancel"), WebinarCb(action=WebinarAction.card, w=webinar.id))]
    )
    return "\n".join(lines), keyboard(*rows)


class _TypedFile(BufferedInputFile):
    """A file uploaded with its content type: aiogram sends every file as
    `application/octet-stream`, and a phone opens a `text/calendar` file as an event."""

    def __init__(self, data: bytes, filename: str, content_type: str) -> None:
        super().__init__(data, filename=filename)
        self.content_type = content_type

    def read(self, bot: Bot) -> Any:
        # aiohttp takes a ready payload as the multipart part (aiogram adds the file name).
        return BytesPayload(self.data, content_type=self.content_type)


async def send_ics(ctx: Ctx, webinar: Webinar) -> None:
    l10n = ctx.l10n
    data = build_ics(webinar, l10n.locale, ctx.clock.now())
    await ctx.message.answer_document(
        _TypedFile(data, ics_file_name(webinar, l10n.locale), ICS_MIME),
        caption=l10n("webinar-ics-caption"),
    )
