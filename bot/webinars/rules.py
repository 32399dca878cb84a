"""Webinars' pure rules: the reminders' timeline, what a coordinator may type (a link, seats, a
duration, a start), who may manage a webinar, and the texts an outbox message carries."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from bot.core.access import Access
from bot.core.catalogue import Catalogue
from bot.core.i18n import Bilingual, format_datetime
from bot.delivery.quiet_hours import QuietHours
from storage.webinars import Webinar

REMINDERS: tuple[tuple[str, timedelta], ...] = (
    ("24h", timedelta(hours=24)),
    ("1h", timedelta(hours=1)),
)
REMINDER_KINDS = ("24h", "1h", "start")
# A reminder held by quiet hours must still arrive at least this long before the start.
MIN_LEAD = timedelta(minutes=15)
# «I'm here» works from a little before the start until a while after the end.
ATTENDANCE_OPENS = timedelta(minutes=15)
ATTENDANCE_CLOSES = timedelta(hours=2)
# After the end: feedback and recording follow-ups are planned for this long.
FOLLOW_UP_WINDOW = timedelta(days=7)
# Coordinators' lists and the broadcast audience show webinars that started this recently.
RECENT = timedelta(days=30)
MAX_AHEAD = timedelta(days=366)
DURATION_RANGE = (10, 600)  # minutes
MAX_CAPACITY = 100_000
MAX_LINK = 500
TITLE_MAX = 150
DESCRIPTION_MAX = 1500
SPEAKER_MAX = 150
ORG_MAX = 200
COMMENT_MAX = 1000
# Registration questions a person may skip (not everyone has an organisation); the others must
# be answered.
OPTIONAL_QUESTIONS: frozenset[str] = frozenset({"org"})


class WebinarError(Exception):
    """Not possible now; `key` is the Fluent message that tells the person why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


# -- pure rules ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reminder:
    kind: str  # "24h" | "1h" | "start"
    at: datetime
    urgent: bool


def reminder_plan(starts_at: datetime, now: datetime, quiet: QuietHours) -> list[Reminder]:
    """The reminders still worth sending for a webinar starting then, seen from `now`.

    24 h and 1 h before (not urgent: quiet hours hold them), and at the start (urgent). One whose
    moment has passed is left out, and so is one that quiet hours would hold until less than
    `MIN_LEAD` before the start (the 24 h one: until the 1 h one).
    """
    planned: list[Reminder] = []
    for kind, before in REMINDERS:
        at = starts_at - before
        if at <= now:
            continue
        latest = starts_at - (timedelta(hours=1) if kind == "24h" else MIN_LEAD)
        if quiet.next_allowed(at) >= latest:
            continue
        planned.append(Reminder(kind, at, urgent=False))
    if starts_at > now:
        planned.append(Reminder("start", starts_at, urgent=True))
    return planned


def reminders_ahead(plan: Sequence[Reminder]) -> str:
    """What a registration confirmation may promise, from the plan itself: `both` (a day and an
    hour before), `day`, `hour` or `none` before the start (the start one always comes)."""
    kinds = {r.kind for r in plan}
    if {"24h", "1h"} <= kinds:
        return "both"
    return "day" if "24h" in kinds else "hour" if "1h" in kinds else "none"


def parse_link(text: str) -> str | None:
    """An http(s) address with a host, as typed (spaces trimmed); None for anything else."""
    link = text.strip()
    if not link or len(link) > MAX_LINK or any(ch.isspace() for ch in link):
        return None
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if "." not in parts.hostname and parts.hostname != "localhost":
        return None
    return link


def parse_capacity(text: str) -> int | str:
    """A whole number of seats ≥ 1, or the Fluent key of the problem."""
    value = text.strip().replace(" ", "").replace("\u00a0", "")
    if not value.lstrip("-").isascii() or not value.lstrip("-").isdigit():
        return "webinar-error-capacity"
    number = int(value)
    if number <= 0:
        return "webinar-error-capacity-positive"
    if number > MAX_CAPACITY:
        return "webinar-error-capacity"
    return number


def parse_duration(text: str) -> int | None:
    value = text.strip().lower().removesuffix("мин").removesuffix("min").strip()
    if not value.isascii() or not value.isdigit():
        return None
    minutes = int(value)
    return minutes if DURATION_RANGE[0] <= minutes <= DURATION_RANGE[1] else None


def check_start(starts_at: datetime, now: datetime) -> str | None:
    """None when a webinar may start then; else the Fluent key of the problem."""
    if starts_at <= now:
        return "webinar-when-past"
    if starts_at - now > MAX_AHEAD:
        return "webinar-when-too-far"
    return None


def title_text(webinar: Webinar) -> Bilingual:
    """The title for an outbox message: rendered in the reader's language at send time."""
    return Bilingual(html.escape(webinar.title_kk), html.escape(webinar.title_ru))


def when_text(moment: datetime, zone: ZoneInfo) -> Bilingual:
    """A moment as Kazakhstan local time in either language (`2026 жылғы 14 мамыр, 15:00`)."""
    return Bilingual(format_datetime(moment, "kk", zone), format_datetime(moment, "ru", zone))


def reminder_key(webinar: Webinar, kind: str, user_id: int, seq: int) -> str:
    return f"web:{webinar.id}:v{webinar.version}:{kind}:{user_id}:{seq}"


def may_manage(access: Access, webinar: Webinar) -> bool:
    """Coordinators whose scope covers the webinar's program (or everything)."""
    return access.coordinates(program=webinar.program)


def program_choices(access: Access, catalogue: Catalogue) -> list[str | None]:
    """Program tags this coordinator may give a webinar; None: no program (everyone's)."""
    tags: list[str | None] = [None] if access.coordinates(program=None) else []
    tags += [p.code for p in catalogue if access.coordinates(program=p.code)]
    return tags
