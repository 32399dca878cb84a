"""When people want to be reminded (🔔 «Хабарламалар» / «Уведомления»): the one home of the rule.

A person may choose the local hour of their daily reminders (course lessons and reminders, loan
reminders) and mute nudges and digests. Planners tag what they queue with a category
(`payload["class"]`), and every queued message is checked here when it is sent — whatever
planned it and whenever the person changed their mind:

- `reminder`: comes at the person's hour (or the feature's own time); never muted — a loan's
  due-day and overdue notices are reminders;
- `nudge`: a reminder the person may mute («3 days before the payment», «lessons still open»);
- `digest`: a summary for staff («payments waiting»), mutable;
- no category: what the person asked for or must hear (a webinar they registered for, a
  decision on their application) — always sent, at its time.

Quiet hours stay the outer bound: only hours outside them can be chosen.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.clock import Clock
from bot.delivery.engine import Drop, Later, Notifier
from bot.delivery.quiet_hours import QuietHours
from storage.outbox import OutboxItem
from storage.preferences import DEFAULT, PreferencesRepo
from storage.preferences import Preferences as Preferences

REMINDER = "reminder"
NUDGE = "nudge"
DIGEST = "digest"
TIMED = (REMINDER, NUDGE, DIGEST)  # come at the person's hour
MUTABLE = (NUDGE, DIGEST)
HOURS = (8, 9, 10, 12, 14, 17, 18, 19, 20, 21)  # offered, those outside quiet hours


class PreferenceError(ValueError):
    """An hour that cannot be chosen (inside quiet hours, or not on the list)."""


class PreferenceService:
    def __init__(
        self,
        repo: PreferencesRepo,
        notifier: Notifier,
        quiet: QuietHours,
        clock: Clock,
        zone: ZoneInfo,
    ) -> None:
        self.repo = repo
        self._quiet = quiet
        self._clock = clock
        self.zone = zone
        notifier.check_before_send("", self._hold)

    def hours(self) -> tuple[int, ...]:
        """The hours a person may choose: the offered ones outside quiet hours, today."""
        today = self._clock.now().astimezone(self.zone).date()
        return tuple(
            h
            for h in HOURS
            if not self._quiet.is_quiet(datetime.combine(today, time(h), tzinfo=self.zone))
        )

    def quiet_window(self) -> tuple[str, str] | None:
        """The quiet hours as local `HH:MM` texts, None where there are none."""
        if not self._quiet.enabled:
            return None
        return f"{self._quiet.start:%H:%M}", f"{self._quiet.end:%H:%M}"

    async def get(self, user_id: int) -> Preferences:
        return await self.repo.get(user_id)

    async def set_hour(self, user_id: int, hour: int | None) -> Preferences:
        """The hour of the daily reminders (None: each feature's own time)."""
        if hour is not None and hour not in self.hours():
            raise PreferenceError(hour)
        prefs = await self.repo.get(user_id)
        changed = Preferences(hour, prefs.mute_nudges)
        await self.repo.save(user_id, changed, self._clock.now())
        return changed

    async def set_muted(self, user_id: int, muted: bool) -> Preferences:
        prefs = await self.repo.get(user_id)
        changed = Preferences(prefs.remind_hour, muted)
        await self.repo.save(user_id, changed, self._clock.now())
        return changed

    async def erase_person(self, user_id: int, now: datetime) -> None:
        await self.repo.forget(user_id)

    def moment(self, prefs: Preferences, day: datetime, default: time) -> datetime:
        """When a timed message planned for `day` (local) goes out for this person."""
        hour = default if prefs.remind_hour is None else time(prefs.remind_hour)
        return datetime.combine(day.astimezone(self.zone).date(), hour, tzinfo=self.zone)

    async def planned_at(
        self, user_ids: list[int], day: datetime, default: time
    ) -> dict[int, datetime]:
        """For a planner: when each of these people's timed messages of `day` go out."""
        found = await self.repo.of(user_ids)
        return {uid: self.moment(found.get(uid, DEFAULT), day, default) for uid in user_ids}

    async def _hold(self, item: OutboxItem) -> dict[str, Any] | Drop | Later:
        """The rule at send time: a muted category is dropped; a timed message waits for the
        person's hour if that is later today (a choice made after it was planned)."""
        category = item.payload.get("class")
        if category not in TIMED:
            return item.payload
        prefs = await self.repo.get(item.recipient)
        if category in MUTABLE and prefs.mute_nudges:
            return Drop("muted")
        if prefs.remind_hour is not None:
            now = self._clock.now().astimezone(self.zone)
            wanted = datetime.combine(now.date(), time(prefs.remind_hour), tzinfo=self.zone)
            if now < wanted:
                return Later(wanted)
        return item.payload
