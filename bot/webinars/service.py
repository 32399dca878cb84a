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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.broadcasts.audience import Choice, Condition
from bot.core.access import Access
from bot.core.clock import Clock
from bot.core.i18n import Translator, format_datetime
from bot.delivery.engine import Drop, Notifier
from bot.delivery.links import Link, To, link
from bot.delivery.quiet_hours import QuietHours
from bot.webinars.demo import DEMO_TEXTS, DEMO_TIME, DEMO_WEBINARS
from bot.webinars.rules import (
    ATTENDANCE_CLOSES,
    ATTENDANCE_OPENS,
    COMMENT_MAX,
    FOLLOW_UP_WINDOW,
    MIN_LEAD,
    RECENT,
    REMINDER_KINDS,
    Reminder,
    WebinarError,
    check_start,
    may_manage,
    parse_link,
    reminder_key,
    reminder_plan,
    title_text,
    when_text,
)
from storage.outbox import PRIORITY_REPLY, OutboxItem
from storage.users import User, UserRepo
from storage.webinars import CONTENT as CONTENT
from storage.webinars import LANGUAGES as LANGUAGES
from storage.webinars import QUESTIONS as QUESTIONS
from storage.webinars import Counts, WebinarRepo
from storage.webinars import NewWebinar as NewWebinar
from storage.webinars import Registration as Registration
from storage.webinars import Webinar as Webinar

log = logging.getLogger(__name__)


# -- the service --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Registered:
    """The outcome of a registration: a seat, or a place in the waiting list."""

    webinar: Webinar
    registration: Registration
    position: int  # in the waiting list; 0 with a seat
    reminders: tuple[Reminder, ...] = ()  # planned with the seat: what the confirmation promises


@dataclass(eq=False)
class WebinarService:
    repo: WebinarRepo
    users: UserRepo
    notifier: Notifier
    quiet: QuietHours
    clock: Clock
    zone: ZoneInfo

    def __post_init__(self) -> None:
        # Whatever queued a reminder, it is checked against the webinar when it is sent.
        self.notifier.check_before_send("web:", self._recheck)

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

    async def get(self, webinar_id: int) -> Webinar | None:
        return await self.repo.get(webinar_id)

    async def require(self, webinar_id: int) -> Webinar:
        return await self.repo.require(webinar_id)

    async def registration(self, webinar_id: int, user_id: int) -> Registration | None:
        """This person's registration for the webinar (any status), or None."""
        return await self.repo.registration(webinar_id, user_id)

    async def registration_by_id(self, registration_id: int) -> Registration | None:
        return await self.repo.registration_by_id(registration_id)

    async def waiting_position(self, registration: Registration) -> int:
        return await self.repo.waiting_position(registration)

    async def upcoming(self) -> list[Webinar]:
        return await self.repo.upcoming(self.clock.now())

    async def managed(self, access: Access) -> list[Webinar]:
        """Recent and upcoming webinars (cancelled ones too) this coordinator manages."""
        since = self.clock.now() - RECENT
        found = await self.repo.starting_since(since, include_cancelled=True)
        return [w for w in found if may_manage(access, w)]

    async def seats_left(self, webinar: Webinar) -> int | None:
        if webinar.capacity is None:
            return None
        return max(0, webinar.capacity - await self.repo.count_registered(webinar.id))

    async def counts(self, webinar: Webinar) -> Counts:
        return await self.repo.counts(webinar.id)

    async def mine(self, user_id: int) -> list[tuple[Registration, Webinar]]:
        return await self.repo.of_user(user_id, self.clock.now() - RECENT)

    async def registrants(self, webinar: Webinar) -> list[tuple[Registration, User | None]]:
        found = []
        for reg in await self.repo.registrations(webinar.id):
            found.append((reg, await self.users.get(reg.user_id)))
        return found

    def now(self) -> datetime:
        return self.clock.now()

    def attendance_open(self, webinar: Webinar) -> bool:
        """Whether attendance may be marked now (coordinators may also mark it later)."""
        return self.clock.now() >= webinar.starts_at - ATTENDANCE_OPENS

    def has_started(self, webinar: Webinar) -> bool:
        return webinar.starts_at <= self.clock.now()

    def has_ended(self, webinar: Webinar) -> bool:
        return webinar.ends_at <= self.clock.now()

    # -- participants ---------------------------------------------------------------------------

    def why_not_register(self, webinar: Webinar, existing: Registration | None) -> str | None:
        """Before the questions are asked: the Fluent key of why this person may not register
        (the webinar is cancelled, they hold a place already, it has started), or None."""
        if webinar.status == "cancelled":
            return "webinar-error-cancelled"
        if existing is not None and existing.active:
            return "webinar-error-already"
        if self.has_started(webinar):
            return "webinar-error-started"
        return None

    def may_have_calendar(self, webinar: Webinar, registration: Registration | None) -> bool:
        """The calendar file is for those with a seat in a webinar that is on."""
        return (
            registration is not None
            and registration.status == "registered"
            and webinar.status == "scheduled"
        )

    async def register(
        self, webinar_id: int, user_id: int, answers: dict[str, Any] | None = None
    ) -> Registered:
        """A seat, or the end of the waiting list when the webinar is full."""
        now = self.clock.now()
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
            reminders = reminder_plan(webinar.starts_at, now, self.quiet)
            await self._plan_reminders(webinar, reg, reminders)
        log.info("webinar %s: user %s registered", webinar_id, user_id)
        return Registered(webinar, reg, 0, tuple(reminders))

    async def cancel_registration(self, webinar_id: int, user_id: int) -> Webinar:
        """The seat (or the place in line) is given up; the first in line gets the seat."""
        now = self.clock.now()
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
        now = self.clock.now()
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
        await self.repo.set_rating(reg.id, rating, self.clock.now())
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
        problem = check_start(new.starts_at, self.clock.now())
        if problem is not None:
            raise WebinarError(problem)
        if new.capacity is not None and new.capacity <= 0:
            raise WebinarError("webinar-error-capacity-positive")
        if parse_link(new.join_url) is None:
            raise WebinarError("webinar-error-link")
        webinar = await self.repo.create(new, by, self.clock.now())
        log.info("webinar %s created by %s", webinar.id, by)
        return webinar

    async def edit(self, webinar_id: int, by: int, **changes: Any) -> Webinar:
        """Change fields; a new time, link or title re-plans the reminders, and registrants are
        told of a new time or link; more seats promote people from the waiting list."""
        now = self.clock.now()
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
                await self.notifier.cancel(f"web:{webinar_id}:v{before.version}:")
                reminders = reminder_plan(webinar.starts_at, now, self.quiet)
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
        if webinar.starts_at > self.clock.now():
            raise WebinarError("webinar-error-not-started")
        webinar = await self.repo.update(webinar_id, self.clock.now(), recording_url=url)
        log.info("webinar %s: recording set by %s", webinar_id, by)
        if self.has_ended(webinar):
            await self._send_recording(webinar)
        return webinar

    async def cancel_webinar(self, webinar_id: int, by: int) -> Webinar:
        """Everyone registered or waiting is told; every reminder still pending is dropped."""
        now = self.clock.now()
        async with self.repo.transaction():
            webinar = await self._existing(webinar_id)
            if webinar.starts_at <= now:
                raise WebinarError("webinar-error-started")
            if not await self.repo.cancel(webinar_id, now):
                raise WebinarError("webinar-error-cancelled")
            await self.notifier.cancel(f"web:{webinar_id}:")
            urgent = self._urgent(webinar, now)
            for reg in await self.repo.registrations(webinar_id):
                key = f"web:{webinar_id}:cancelled:{reg.user_id}"
                await self._tell(webinar, reg.user_id, "webinar-notice-cancelled", key, urgent)
        log.info("webinar %s cancelled by %s", webinar_id, by)
        return await self.repo.require(webinar_id)

    async def set_attendance(
        self, webinar: Webinar, registration: Registration, attended: bool, by: int
    ) -> None:
        if registration.webinar_id != webinar.id or registration.status != "registered":
            raise WebinarError("webinar-error-not-registered")
        if not self.attendance_open(webinar):
            raise WebinarError("webinar-error-not-started")
        await self.repo.set_attended(registration.id, self.clock.now() if attended else None, by)

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
                await self.notifier.cancel(prefix + "24h:")
            if now >= webinar.starts_at - MIN_LEAD:
                await self.notifier.cancel(prefix + "1h:")
            if now >= webinar.ends_at:
                await self.notifier.cancel(prefix + "start:")
            registered = await self.repo.registrations(webinar.id, ("registered",))
            if webinar.starts_at > now:
                reminders = reminder_plan(webinar.starts_at, now, self.quiet)
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
        return self.quiet.next_allowed(now) >= webinar.starts_at - MIN_LEAD

    async def _plan_reminders(
        self, webinar: Webinar, reg: Registration, reminders: Sequence[Reminder]
    ) -> int:
        """Queue `reminders` (from `reminder_plan`) for this person; returns how many are new."""
        planned = 0
        for reminder in reminders:
            buttons: list[list[tuple[str, Link]]] = []
            if reminder.kind == "start":
                buttons = [[("webinar-here-button", link(To.webinar_here, webinar=webinar.id))]]
            added = await self.notifier.notify(
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
            await self.notifier.cancel(f"web:{webinar.id}:v{webinar.version}:{kind}:{user_id}:")
        await self.notifier.cancel(f"web:{webinar.id}:promoted:{user_id}:")

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
                webinar, first, reminder_plan(webinar.starts_at, now, self.quiet)
            )
            key = f"web:{webinar.id}:promoted:{first.user_id}:{first.seq}"
            await self._tell(
                webinar, first.user_id, "webinar-notice-promoted", key, urgent, seated=True
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
            if not seated:
                key = "webinar-notice-moved-waiting"
            once = f"web:{webinar.id}:v{webinar.version}:changed:{reg.user_id}"
            await self._tell(webinar, reg.user_id, key, once, urgent, seated=seated)

    async def _tell(
        self,
        webinar: Webinar,
        user_id: int,
        key: str,
        idempotency_key: str,
        urgent: bool,
        *,
        seated: bool = False,
    ) -> None:
        """A notice about the webinar (cancelled, moved, a seat from the waiting list), at a
        reply's priority: its title and time; to those with a seat, the join link and the
        calendar file's button too."""
        args: dict[str, Any] = {
            "title": title_text(webinar),
            "when": when_text(webinar.starts_at, self.zone),
        }
        buttons: list[list[tuple[str, Link]]] = []
        if seated:
            args["link"] = html.escape(webinar.join_url)
            buttons = [[("webinar-ics-button", link(To.webinar_ics, webinar=webinar.id))]]
        await self.notifier.notify(
            user_id,
            key,
            idempotency_key=idempotency_key,
            urgent=urgent,
            priority=PRIORITY_REPLY,
            buttons=buttons,
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
            planned += await self.notifier.notify(
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
            planned += await self.notifier.notify(
                reg.user_id,
                "webinar-notice-recording",
                idempotency_key=f"web:{webinar.id}:recording:{reg.user_id}",
                title=title_text(webinar),
                link=html.escape(webinar.recording_url),
            )
        return planned


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
        return WebinarRepo.registrants_condition(int(value))

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
