"""How mentoring reads on screen: a check-in in one line (and its note), a mentorship's period,
the history under a card. Plain functions over the service's records and a translator."""

from __future__ import annotations

import html
from datetime import date
from zoneinfo import ZoneInfo

from bot.core.i18n import Translator
from bot.core.regions import region_by_code
from bot.mentoring.service import CheckIn, History, MentoringService, Mentorship, note_excerpt
from bot.telegram.screens import cut

HISTORY_LINES = 8  # check-ins under a card


def program_name(service: MentoringService, code: str, l10n: Translator) -> str:
    program = service.catalogue.get(code)
    return program.name(l10n.locale) if program is not None else code


def region_name(code: str | None, l10n: Translator) -> str:
    region = region_by_code(code)
    return region.name(l10n.locale) if region is not None else "—"


def checkin_line(checkin: CheckIn, l10n: Translator) -> str:
    """`№2 · 14 июля 2026 · ответил · 🟡 требует внимания`, then the note on its own line."""
    parts = [
        f"№{checkin.n}",
        l10n.date(date.fromisoformat(checkin.due_on)),
        l10n("mentoring-status", status=checkin.status),
    ]
    if checkin.rating is not None:
        parts.append(l10n("mentoring-rating-name", rating=checkin.rating))
    line = " · ".join(parts)
    note = note_text(checkin, l10n)
    if note:
        line += f"\n   {note}"
    if checkin.assessment:
        comment = html.escape(cut(checkin.assessment, 200))
        line += "\n   " + l10n("mentoring-comment-line", comment=comment)
    return line


def note_text(checkin: CheckIn, l10n: Translator) -> str:
    """The mentee's note as a line: the text, or «🎤 voice note», or «📷 photo: caption»."""
    if checkin.note_kind is None:
        return ""
    excerpt = html.escape(note_excerpt(checkin))
    return l10n("mentoring-note-line", kind=checkin.note_kind, note=excerpt or "-")


def period_line(mentorship: Mentorship, mentor: str, l10n: Translator, zone: ZoneInfo) -> str:
    since = l10n.date(date.fromisoformat(mentorship.starts_on))
    if mentorship.active:
        return l10n("mentoring-period-active", mentor=html.escape(mentor), since=since)
    ended = mentorship.ended_at.astimezone(zone).date() if mentorship.ended_at else None
    return l10n(
        "mentoring-period-ended",
        mentor=html.escape(mentor),
        since=since,
        until=l10n.date(ended) if ended else "—",
    )


def history_text(
    history: History, l10n: Translator, zone: ZoneInfo, *, periods: bool = True
) -> str:
    """Every mentor so far (when `periods`), then the check-ins, newest first."""
    lines: list[str] = []
    if periods and history.periods:
        lines.append(l10n("mentoring-history-mentors"))
        for mentorship, mentor, _ in history.periods:
            name = mentor.full_name if mentor is not None else f"id{mentorship.mentor_id}"
            lines.append("• " + period_line(mentorship, name, l10n, zone))
    checkins = history.checkins()
    lines.append(l10n("mentoring-history-checkins", count=len(checkins)))
    lines.extend("• " + checkin_line(c, l10n) for c in checkins[:HISTORY_LINES])
    if len(checkins) > HISTORY_LINES:
        lines.append(l10n("mentoring-history-more", count=len(checkins) - HISTORY_LINES))
    return "\n".join(lines)
