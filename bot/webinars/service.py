"""Webinars: registration with a waiting list, reminders, attendance, feedback, the calendar file,
the registrants' Excel file and the "registrants of webinar X" broadcast audience.

Reminders are outbox rows planned when a person gets a seat (and again by the `webinars` planner,
which is harmless: the keys name the event). Their keys carry the webinar's version:

    web:<id>:v<version>:<24h|1h|start>:<user>:<seq>

A change of time, link or title bumps the version, cancels the pending `web:<id>:v<old>:` rows and
plans the reminders again, so nothing stale goes out and nothing is sent twice. `seq` numbers a
person's (re)registration: registering again after cancelling plans fresh reminders.

A reminder whose moment has passed is not planned (a late registration gets only those still
ahead), nor one that quiet hours would hold until too close to the start (or after it); the
reminder at the start is urgent. The planner also drops 24 h / 1 h reminders still pending once
they are stale (after an outage, say).
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from bot.broadcasts.audience import Choice, Condition
from bot.core.access import Access
from bot.core.catalogue import Catalogue
from bot.core.clock import Clock
from bot.core.i18n import Bilingual, Translator, format_datetime
from bot.core.regions import region_by_code
from bot.delivery.engine import Drop, Notifier
from bot.delivery.links import Link, To, link
from bot.delivery.quiet_hours import QuietHours
from bot.documents.exports import DATETIME_FORMAT, Cell, table_workbook
from storage.outbox import PRIORITY_REPLY, OutboxItem
from storage.users import User, UserRepo
from storage.webinars import Counts, NewWebinar, Registration, Webinar, WebinarRepo

log = logging.getLogger(__name__)

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


# -- the calendar file --------------------------------------------------------------------------

ICS_MIME = "text/calendar"
# The calendar's own alarm: phones show it even when Telegram is muted.
ICS_ALARM_BEFORE = timedelta(hours=1)
ICS_NAME_MAX = 60  # characters of the title in the file name
# Not in a file name: path separators, what Windows refuses, quotes (control characters go too).
_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|]+')


def ics_file_name(webinar: Webinar, locale: str) -> str:
    """The calendar file's name: the webinar's title in the reader's language (Cyrillic kept),
    without what a file system or a header would refuse; `webinar-<id>.ics` if nothing is left."""
    title = "".join(
        " " if unicodedata.category(ch).startswith("C") else ch
        for ch in unicodedata.normalize("NFC", webinar.title(locale))
    )
    name = " ".join(_UNSAFE_IN_NAME.sub(" ", title).split()).strip(" .-")
    if len(name) > ICS_NAME_MAX:
        cut = name[:ICS_NAME_MAX]
        name = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" .,-")
    return f"{name or f'webinar-{webinar.id}'}.ics"


def build_ics(webinar: Webinar, locale: str, now: datetime) -> bytes:
    """An iCalendar file with the webinar as one event (times in UTC), the link included, and
    an alarm `ICS_ALARM_BEFORE` the start."""
    calendar = Calendar()
    calendar.add("prodid", "-//Qadam bot//webinars//KK-RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"webinar-{webinar.id}@qadam-bot")
    event.add("sequence", webinar.version)  # calendars replace the older copy
    event.add("dtstamp", now)
    event.add("dtstart", webinar.starts_at)
    event.add("dtend", webinar.ends_at)
    event.add("summary", webinar.title(locale))
    description = webinar.description(locale)
    event.add("description", f"{description}\n\n{webinar.join_url}".strip())
    event.add("url", webinar.join_url)
    event.add("location", webinar.join_url)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", webinar.title(locale))
    alarm.add("trigger", -ICS_ALARM_BEFORE)
    event.add_component(alarm)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


# -- the registrants' workbook ------------------------------------------------------------------


def build_registrants_workbook(
    webinar: Webinar,
    rows: Sequence[tuple[Registration, User | None]],
    l10n: Translator,
    zone: ZoneInfo,
) -> bytes:
    """One sheet: a row per registered or waiting person, with answers, attendance and rating."""
    headers = [
        l10n("webinar-xlsx-status"),
        l10n("webinar-xlsx-name"),
        l10n("webinar-xlsx-username"),
        l10n("webinar-xlsx-registered"),
        l10n("webinar-xlsx-email"),
        l10n("webinar-xlsx-org"),
        l10n("webinar-xlsx-region"),
        l10n("webinar-xlsx-attended"),
        l10n("webinar-xlsx-rating"),
        l10n("webinar-xlsx-comment"),
    ]

    def cells(reg: Registration, person: User | None) -> list[Cell]:
        region = region_by_code(reg.answers.get("region"))
        return [
            (l10n("webinar-xlsx-status-value", status=reg.status), None),
            (person.full_name if person else f"id{reg.user_id}", None),
            (f"@{person.username}" if person and person.username else None, None),
            (reg.registered_at.astimezone(zone).replace(tzinfo=None), DATETIME_FORMAT),
            (str(reg.answers.get("email") or "") or None, None),
            (str(reg.answers.get("org") or "") or None, None),
            (region.name(l10n.locale) if region else None, None),
            (l10n("webinar-xlsx-yes" if reg.attended_at else "webinar-xlsx-no"), None),
            (reg.rating, None),
            (reg.comment or None, None),
        ]

    return table_workbook(
        l10n("webinar-xlsx-sheet"), headers, (cells(reg, person) for reg, person in rows)
    )


# -- the service --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Registered:
    """The outcome of a registration: a seat, or a place in the waiting list."""

    webinar: Webinar
    registration: Registration
    position: int  # in the waiting list; 0 with a seat
    reminders: tuple[Reminder, ...] = ()  # planned with the seat: what the confirmation promises


class WebinarService:
    def __init__(
        self,
        repo: WebinarRepo,
        users: UserRepo,
        notifier: Notifier,
        quiet: QuietHours,
        clock: Clock,
        zone: ZoneInfo,
    ) -> None:
        self.repo = repo
        self.users = users
        self._notifier = notifier
        self._quiet = quiet
        self._clock = clock
        self.zone = zone
        # Whatever queued a reminder, it is checked against the webinar when it is sent.
        notifier.check_before_send("web:", self._recheck)

    async def _recheck(self, item: OutboxItem) -> dict[str, Any] | Drop:
        """A reminder (24 h, 1 h, start) or a "you got a seat" notice is sent only while it is
        true: the webinar is on, in the version the reminder was planned for, and the person
        still holds the seat it was planned for. Other webinar notices go as they are."""
        parts = item.idempotency_key.split(":")  # web:<id>:v<version>:<kind>:<user>:<seq>
        reminder = len(parts) == 6 and parts[2].startswith("v") and parts[3] in REMINDER_KINDS
        promoted = len(parts) == 5 and parts[2] == "promoted"
        if not (reminder or promoted):
            return item.payload
        webinar = await self.repo.get(int(parts[1]))
        if webinar is None or webinar.status == "cancelled":
            return Drop("webinar cancelled")
        if reminder and parts[2] != f"v{webinar.version}":
            return Drop("webinar changed")
        reg = await self.repo.registration(webinar.id, item.recipient)
        if reg is None or reg.status != "registered" or str(reg.seq) != parts[-1]:
            return Drop("not registered")
        return item.payload

    # -- reading --------------------------------------------------------------------------------

    async def upcoming(self) -> list[Webinar]:
        return await self.repo.upcoming(self._clock.now())

    async def managed(self, access: Access) -> list[Webinar]:
        """Recent and upcoming webinars (cancelled ones too) this coordinator manages."""
        since = self._clock.now() - RECENT
        found = await self.repo.starting_since(since, include_cancelled=True)
        return [w for w in found if may_manage(access, w)]

    async def seats_left(self, webinar: Webinar) -> int | None:
        if webinar.capacity is None:
            return None
        return max(0, webinar.capacity - await self.repo.count_registered(webinar.id))

    async def counts(self, webinar: Webinar) -> Counts:
        return await self.repo.counts(webinar.id)

    async def mine(self, user_id: int) -> list[tuple[Registration, Webinar]]:
        return await self.repo.of_user(user_id, self._clock.now() - RECENT)

    async def registrants(self, webinar: Webinar) -> list[tuple[Registration, User | None]]:
        found = []
        for reg in await self.repo.registrations(webinar.id):
            found.append((reg, await self.users.get(reg.user_id)))
        return found

    def now(self) -> datetime:
        return self._clock.now()

    def attendance_open(self, webinar: Webinar) -> bool:
        """Whether attendance may be marked now (coordinators may also mark it later)."""
        return self._clock.now() >= webinar.starts_at - ATTENDANCE_OPENS

    def has_started(self, webinar: Webinar) -> bool:
        return webinar.starts_at <= self._clock.now()

    def has_ended(self, webinar: Webinar) -> bool:
        return webinar.ends_at <= self._clock.now()

    # -- participants ---------------------------------------------------------------------------

    async def register(
        self, webinar_id: int, user_id: int, answers: dict[str, Any] | None = None
    ) -> Registered:
        """A seat, or the end of the waiting list when the webinar is full."""
        now = self._clock.now()
        async with self.repo.transaction():
            webinar = await self._open(webinar_id, now)
            existing = await self.repo.registration(webinar_id, user_id)
            if existing is not None and existing.active:
                raise WebinarError("webinar-error-already")
            full = webinar.capacity is not None and (
                await self.repo.count_registered(webinar_id) >= webinar.capacity
                or await self.repo.first_waiting(webinar_id) is not None
            )
            reg = await self.repo.register(
                webinar_id, user_id, "waiting" if full else "registered", answers or {}, now
            )
            if full:
                position = await self.repo.waiting_position(reg)
                log.info("webinar %s: user %s waits (#%d)", webinar_id, user_id, position)
                return Registered(webinar, reg, position)
            reminders = reminder_plan(webinar.starts_at, now, self._quiet)
            await self._plan_reminders(webinar, reg, reminders)
        log.info("webinar %s: user %s registered", webinar_id, user_id)
        return Registered(webinar, reg, 0, tuple(reminders))

    async def cancel_registration(self, webinar_id: int, user_id: int) -> Webinar:
        """The seat (or the place in line) is given up; the first in line gets the seat."""
        now = self._clock.now()
        async with self.repo.transaction():
            webinar = await self._existing(webinar_id)
            reg = await self.repo.registration(webinar_id, user_id)
            if reg is None or not reg.active:
                raise WebinarError("webinar-error-not-registered")
            if webinar.starts_at <= now:
                raise WebinarError("webinar-error-started")
            await self.repo.set_status(reg.id, "cancelled", now, expected=reg.status)
            await self._cancel_person(webinar, user_id)
            if reg.status == "registered":
                await self._promote(webinar, now)
        log.info("webinar %s: user %s cancelled (%s)", webinar_id, user_id, reg.status)
        return webinar

    async def mark_here(self, webinar_id: int, user_id: int) -> Webinar:
        """«I'm here»: from the start reminder, or the card while the webinar is on."""
        now = self._clock.now()
        webinar = await self._existing(webinar_id)
        reg = await self.repo.registration(webinar_id, user_id)
        if reg is None or reg.status != "registered":
            raise WebinarError("webinar-error-not-registered")
        if webinar.status == "cancelled":
            raise WebinarError("webinar-error-cancelled")
        if not (
            webinar.starts_at - ATTENDANCE_OPENS <= now <= webinar.ends_at + ATTENDANCE_CLOSES
        ):
            raise WebinarError("webinar-error-attendance-closed")
        if reg.attended_at is None:
            await self.repo.set_attended(reg.id, now, None)
        return webinar

    async def rate(self, webinar_id: int, user_id: int, rating: int) -> Webinar:
        if not 1 <= rating <= 5:
            raise WebinarError("webinar-error-rating")
        webinar = await self._existing(webinar_id)
        reg = await self._attendee(webinar_id, user_id)
        await self.repo.set_rating(reg.id, rating, self._clock.now())
        return webinar

    async def comment(self, webinar_id: int, user_id: int, text: str) -> Webinar:
        webinar = await self._existing(webinar_id)
        reg = await self._attendee(webinar_id, user_id)
        if reg.rating is None:
            raise WebinarError("webinar-error-rating")
        await self.repo.set_comment(reg.id, text[:COMMENT_MAX])
        return webinar

    # -- coordinators ---------------------------------------------------------------------------

    async def create(self, new: NewWebinar, by: int | None) -> Webinar:
        problem = check_start(new.starts_at, self._clock.now())
        if problem is not None:
            raise WebinarError(problem)
        if new.capacity is not None and new.capacity <= 0:
            raise WebinarError("webinar-error-capacity-positive")
        if parse_link(new.join_url) is None:
            raise WebinarError("webinar-error-link")
        webinar = await self.repo.create(new, by, self._clock.now())
        log.info("webinar %s created by %s", webinar.id, by)
        return webinar

    async def edit(self, webinar_id: int, by: int, **changes: Any) -> Webinar:
        """Change fields; a new time, link or title re-plans the reminders, and registrants are
        told of a new time or link; more seats promote people from the waiting list."""
        now = self._clock.now()
        if "starts_at" in changes and (problem := check_start(changes["starts_at"], now)):
            raise WebinarError(problem)
        if changes.get("capacity") is not None and changes["capacity"] <= 0:
            raise WebinarError("webinar-error-capacity-positive")
        if "join_url" in changes and parse_link(changes["join_url"]) is None:
            raise WebinarError("webinar-error-link")
        async with self.repo.transaction():
            before = await self._existing(webinar_id)
            if before.status == "cancelled":
                raise WebinarError("webinar-error-cancelled")
            changes = {k: v for k, v in changes.items() if getattr(before, k) != v}
            if not changes:
                return before
            moved = "starts_at" in changes
            relinked = "join_url" in changes
            replan = moved or relinked or "title_kk" in changes or "title_ru" in changes
            webinar = await self.repo.update(webinar_id, now, new_version=replan, **changes)
            if replan:
                await self._notifier.cancel(f"web:{webinar_id}:v{before.version}:")
                reminders = reminder_plan(webinar.starts_at, now, self._quiet)
                for reg in await self.repo.registrations(webinar_id, ("registered",)):
                    await self._plan_reminders(webinar, reg, reminders)
            if moved or relinked:
                await self._tell_change(webinar, moved=moved, now=now)
            if "capacity" in changes:
                await self._promote(webinar, now)
        log.info("webinar %s edited by %s: %s", webinar_id, by, sorted(changes))
        return webinar

    async def set_recording(self, webinar_id: int, url: str, by: int) -> Webinar:
        if parse_link(url) is None:
            raise WebinarError("webinar-error-link")
        webinar = await self._existing(webinar_id)
        if webinar.starts_at > self._clock.now():
            raise WebinarError("webinar-error-not-started")
        webinar = await self.repo.update(webinar_id, self._clock.now(), recording_url=url)
        log.info("webinar %s: recording set by %s", webinar_id, by)
        if self.has_ended(webinar):
            await self._send_recording(webinar)
        return webinar

    async def cancel_webinar(self, webinar_id: int, by: int) -> Webinar:
        """Everyone registered or waiting is told; every reminder still pending is dropped."""
        now = self._clock.now()
        async with self.repo.transaction():
            webinar = await self._existing(webinar_id)
            if webinar.starts_at <= now:
                raise WebinarError("webinar-error-started")
            if not await self.repo.cancel(webinar_id, now):
                raise WebinarError("webinar-error-cancelled")
            await self._notifier.cancel(f"web:{webinar_id}:")
            urgent = self._urgent(webinar, now)
            for reg in await self.repo.registrations(webinar_id):
                await self._notifier.notify(
                    reg.user_id,
                    "webinar-notice-cancelled",
                    idempotency_key=f"web:{webinar_id}:cancelled:{reg.user_id}",
                    urgent=urgent,
                    priority=PRIORITY_REPLY,
                    title=title_text(webinar),
                    when=when_text(webinar.starts_at, self.zone),
                )
        log.info("webinar %s cancelled by %s", webinar_id, by)
        return await self.repo.require(webinar_id)

    async def set_attendance(
        self, webinar: Webinar, registration: Registration, attended: bool, by: int
    ) -> None:
        if registration.webinar_id != webinar.id or registration.status != "registered":
            raise WebinarError("webinar-error-not-registered")
        if not self.attendance_open(webinar):
            raise WebinarError("webinar-error-not-started")
        await self.repo.set_attended(registration.id, self._clock.now() if attended else None, by)

    # -- the planner ----------------------------------------------------------------------------

    async def plan(self, now: datetime) -> int:
        """The `webinars` planner: reminders for the next day, stale ones dropped, feedback and
        recordings after the end. Every message has a key: running it again plans nothing."""
        planned = 0
        since = now - FOLLOW_UP_WINDOW - timedelta(days=1)
        for webinar in await self.repo.starting_since(since, limit=2000):
            if webinar.starts_at > now + timedelta(hours=25):
                break
            prefix = f"web:{webinar.id}:v{webinar.version}:"
            if now >= webinar.starts_at - timedelta(hours=1):
                await self._notifier.cancel(prefix + "24h:")
            if now >= webinar.starts_at - MIN_LEAD:
                await self._notifier.cancel(prefix + "1h:")
            if now >= webinar.ends_at:
                await self._notifier.cancel(prefix + "start:")
            registered = await self.repo.registrations(webinar.id, ("registered",))
            if webinar.starts_at > now:
                reminders = reminder_plan(webinar.starts_at, now, self._quiet)
                for reg in registered:
                    planned += await self._plan_reminders(webinar, reg, reminders)
            elif webinar.ends_at <= now <= webinar.ends_at + FOLLOW_UP_WINDOW:
                planned += await self._ask_feedback(webinar, registered)
                if webinar.recording_url:
                    planned += await self._send_recording(webinar, registered)
        return planned

    # -- privacy --------------------------------------------------------------------------------

    async def erase_person(self, user_id: int, now: datetime) -> None:
        """Their seats in upcoming webinars go to the next in line; answers and comments go."""
        for reg in await self.repo.active_of_user(user_id, now):
            webinar = await self.repo.require(reg.webinar_id)
            await self.repo.set_status(reg.id, "cancelled", now, expected=reg.status)
            await self._cancel_person(webinar, user_id)
            if reg.status == "registered" and webinar.status == "scheduled":
                await self._promote(webinar, now)
        await self.repo.strip_person(user_id)

    # -- internals ------------------------------------------------------------------------------

    async def _existing(self, webinar_id: int) -> Webinar:
        webinar = await self.repo.get(webinar_id)
        if webinar is None:
            raise WebinarError("webinar-error-not-found")
        return webinar

    async def _open(self, webinar_id: int, now: datetime) -> Webinar:
        webinar = await self._existing(webinar_id)
        if webinar.status == "cancelled":
            raise WebinarError("webinar-error-cancelled")
        if webinar.starts_at <= now:
            raise WebinarError("webinar-error-started")
        return webinar

    async def _attendee(self, webinar_id: int, user_id: int) -> Registration:
        reg = await self.repo.registration(webinar_id, user_id)
        if reg is None or reg.status != "registered":
            raise WebinarError("webinar-error-not-registered")
        if reg.attended_at is None:
            raise WebinarError("webinar-error-not-attended")
        return reg

    def _urgent(self, webinar: Webinar, now: datetime) -> bool:
        """A notice that quiet hours would hold until too close to the start goes at once."""
        return self._quiet.next_allowed(now) >= webinar.starts_at - MIN_LEAD

    async def _plan_reminders(
        self, webinar: Webinar, reg: Registration, reminders: Sequence[Reminder]
    ) -> int:
        """Queue `reminders` (from `reminder_plan`) for this person; returns how many are new."""
        planned = 0
        for reminder in reminders:
            buttons: list[list[tuple[str, Link]]] = []
            if reminder.kind == "start":
                buttons = [[("webinar-here-button", link(To.webinar_here, webinar=webinar.id))]]
            added = await self._notifier.notify(
                reg.user_id,
                f"webinar-reminder-{reminder.kind}",
                idempotency_key=reminder_key(webinar, reminder.kind, reg.user_id, reg.seq),
                at=reminder.at,
                urgent=reminder.urgent,
                # "Starts soon" is pointless after the start, "it starts" after the end.
                expires=webinar.starts_at if reminder.kind != "start" else webinar.ends_at,
                buttons=buttons,
                title=title_text(webinar),
                when=when_text(webinar.starts_at, self.zone),
                link=html.escape(webinar.join_url),
            )
            planned += added
        return planned

    async def _cancel_person(self, webinar: Webinar, user_id: int) -> None:
        for kind in REMINDER_KINDS:
            await self._notifier.cancel(f"web:{webinar.id}:v{webinar.version}:{kind}:{user_id}:")
        await self._notifier.cancel(f"web:{webinar.id}:promoted:{user_id}:")

    async def _promote(self, webinar: Webinar, now: datetime) -> list[Registration]:
        """Seats free: the first in line get them, in order, and are told with the link."""
        promoted: list[Registration] = []
        if webinar.status != "scheduled" or webinar.starts_at <= now:
            return promoted
        urgent = self._urgent(webinar, now)
        while webinar.capacity is None or (
            await self.repo.count_registered(webinar.id) < webinar.capacity
        ):
            first = await self.repo.first_waiting(webinar.id)
            if first is None:
                break
            await self.repo.set_status(first.id, "registered", now, expected="waiting")
            await self._plan_reminders(
                webinar, first, reminder_plan(webinar.starts_at, now, self._quiet)
            )
            await self._notifier.notify(
                first.user_id,
                "webinar-notice-promoted",
                idempotency_key=f"web:{webinar.id}:promoted:{first.user_id}:{first.seq}",
                urgent=urgent,
                priority=PRIORITY_REPLY,
                buttons=[[("webinar-ics-button", link(To.webinar_ics, webinar=webinar.id))]],
                title=title_text(webinar),
                when=when_text(webinar.starts_at, self.zone),
                link=html.escape(webinar.join_url),
            )
            log.info(
                "webinar %s: user %s promoted from the waiting list", webinar.id, first.user_id
            )
            promoted.append(first)
        return promoted

    async def _tell_change(self, webinar: Webinar, *, moved: bool, now: datetime) -> None:
        urgent = self._urgent(webinar, now)
        for reg in await self.repo.registrations(webinar.id):
            seated = reg.status == "registered"
            if not moved and not seated:
                continue  # a new link is only for those with a seat
            key = "webinar-notice-moved" if moved else "webinar-notice-link"
            args: dict[str, Any] = {
                "title": title_text(webinar),
                "when": when_text(webinar.starts_at, self.zone),
            }
            if seated:
                args["link"] = html.escape(webinar.join_url)
            else:
                key = "webinar-notice-moved-waiting"
            await self._notifier.notify(
                reg.user_id,
                key,
                idempotency_key=f"web:{webinar.id}:v{webinar.version}:changed:{reg.user_id}",
                urgent=urgent,
                priority=PRIORITY_REPLY,
                buttons=(
                    [[("webinar-ics-button", link(To.webinar_ics, webinar=webinar.id))]]
                    if seated
                    else []
                ),
                **args,
            )

    async def _ask_feedback(self, webinar: Webinar, registered: Sequence[Registration]) -> int:
        planned = 0
        for reg in registered:
            if reg.attended_at is None or reg.rating is not None:
                continue
            rates = [
                (f"webinar-rate-{n}", link(To.webinar_rate, webinar=webinar.id, rating=n))
                for n in range(1, 6)
            ]
            planned += await self._notifier.notify(
                reg.user_id,
                "webinar-notice-feedback",
                idempotency_key=f"web:{webinar.id}:feedback:{reg.user_id}:{reg.seq}",
                at=webinar.ends_at,
                buttons=[rates],
                title=title_text(webinar),
            )
        return planned

    async def _send_recording(
        self, webinar: Webinar, registered: Sequence[Registration] | None = None
    ) -> int:
        """The recording to those registered who did not attend."""
        if not webinar.recording_url:
            return 0
        if registered is None:
            registered = await self.repo.registrations(webinar.id, ("registered",))
        planned = 0
        for reg in registered:
            if reg.attended_at is not None:
                continue
            planned += await self._notifier.notify(
                reg.user_id,
                "webinar-notice-recording",
                idempotency_key=f"web:{webinar.id}:recording:{reg.user_id}",
                title=title_text(webinar),
                link=html.escape(webinar.recording_url),
            )
        return planned


def may_manage(access: Access, webinar: Webinar) -> bool:
    """Coordinators whose scope covers the webinar's program (or everything)."""
    return access.coordinates(program=webinar.program)


def program_choices(access: Access, catalogue: Catalogue) -> list[str | None]:
    """Program tags this coordinator may give a webinar; None: no program (everyone's)."""
    tags: list[str | None] = [None] if access.coordinates(program=None) else []
    tags += [p.code for p in catalogue if access.coordinates(program=p.code)]
    return tags


# -- the broadcast audience ---------------------------------------------------------------------


class WebinarAudienceFilter:
    """Registrants (with a seat) of one webinar; the choices are the webinars this person
    manages that are upcoming or started within `RECENT`."""

    kind = "webinar"
    label_key = "audience-webinar"

    def __init__(self, webinars: WebinarService) -> None:
        self._webinars = webinars

    def condition(self, value: str) -> Condition | None:
        if not value.isdigit():
            return None
        return (
            "EXISTS (SELECT 1 FROM webinar_registrations wr WHERE wr.user_id = u.id"
            " AND wr.webinar_id = ? AND wr.status = 'registered')",
            (int(value),),
        )

    async def choices(self, access: Access, l10n: Translator) -> list[Choice]:
        if not access.is_coordinator:
            return []
        zone = self._webinars.zone
        return [
            Choice(
                str(w.id),
                f"{w.starts_at.astimezone(zone):%d.%m} · {_cut(w.title(l10n.locale), 36)}",
            )
            for w in await self._webinars.managed(access)
            if w.status == "scheduled"
        ]

    def required(self, access: Access) -> bool:
        return False


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- seed-demo ----------------------------------------------------------------------------------

DEMO_WEBINARS = (
    NewWebinar(
        title_kk="БАҚ пен ҮЕҰ арасында тиімді коммуникацияны қалай құру керек",
        title_ru="Как выстроить эффективную коммуникацию между СМИ и НПО",
        description_kk=(
            "Қоғамдық қайраткер, PR-сарапшы Анна Шелепова ҮЕҰ-ға журналистермен қалай жұмыс "
            "істеу керегін, жобаңыз туралы жаңалықты қалай жазуды және баспасөз хабарламасын "
            "қалай таратуды айтып береді. Тегін, барлық ҮЕҰ өкілдеріне ашық."
        ),
        description_ru=(
            "Общественный деятель и PR-эксперт Анна Шелепова расскажет, как НПО работать с "
            "журналистами, как написать новость о своём проекте и разослать пресс-релиз. "
            "Бесплатно, для представителей всех НПО."
        ),
        # One text for both languages: a name (the role, which is worded per language, is in
        # the descriptions).
        speaker="Анна Шелепова",
        starts_at=datetime(2000, 1, 1),  # replaced: the demo's dates are always ahead
        duration_min=90,
        language="ru",
        capacity=100,
        join_url="https://example.org/webinars/ngo-media",
        program="ngo_fair",
        questions=("email", "org"),
        demo_key="ngo-media",
    ),
    NewWebinar(
        title_kk="Құнды ұсынысты цифрлау арқылы әлеуметтік кәсіпкерліктің тұрақтылығы",
        title_ru=(
            "Устойчивость социального предпринимательства через цифровое ценностное предложение"
        ),
        description_kk=(
            "Сертификатталған тренер, стартаптар экожүйесін зерттеуші Данияр Медетов әлеуметтік "
            "кәсіпорынның құнды ұсынысын цифрлық құралдар арқылы қалай нығайтуға болатынын "
            "көрсетеді."
        ),
        description_ru=(
            "Сертифицированный тренер и исследователь стартап-экосистем Данияр Медетов покажет, "
            "как цифровые инструменты укрепляют ценностное предложение социального предприятия."
        ),
        speaker="Данияр Медетов, Henley Business School",
        starts_at=datetime(2000, 1, 1),
        duration_min=90,
        language="both",
        capacity=None,
        join_url="https://example.org/webinars/social-digital",
        program="ngo_fair",
        questions=("email", "org", "region"),
        demo_key="social-digital",
    ),
)
DEMO_TIME = (15, 0)  # local


# Texts of a demo webinar that seeding again brings up to date (no reminder carries them).
DEMO_TEXTS = ("speaker", "description_kk", "description_ru")


async def seed_demo_webinars(webinars: WebinarService, now: datetime) -> list[str]:
    """The NGO fair's two webinars, a week ahead on consecutive days at 15:00 local. Idempotent:
    one already there is left alone, unless its date has passed (then it moves ahead again) or
    its speaker or descriptions have been reworded here (then they are brought up to date)."""
    report = []
    today = now.astimezone(webinars.zone).date()
    for days, demo in enumerate(DEMO_WEBINARS, start=7):
        day = today + timedelta(days=days)
        starts = datetime(day.year, day.month, day.day, *DEMO_TIME, tzinfo=webinars.zone)
        existing = await webinars.repo.by_demo_key(demo.demo_key or "")
        if existing is None:
            webinar = await webinars.repo.create(replace(demo, starts_at=starts), None, now)
        else:
            changes: dict[str, Any] = {
                name: getattr(demo, name)
                for name in DEMO_TEXTS
                if getattr(existing, name) != getattr(demo, name)
            }
            moved = existing.starts_at <= now
            if moved:
                changes["starts_at"] = starts.astimezone(UTC)
            webinar = (
                await webinars.repo.update(existing.id, now, new_version=moved, **changes)
                if changes
                else existing
            )
        when = format_datetime(webinar.starts_at, "ru", webinars.zone)
        report.append(f"webinar {webinar.id} «{webinar.title_ru}» {when}")
    return report
