"""Quiet hours: no non-urgent messages at night, in the recipient's local time.

The default window is 21:00–09:00 in Kazakhstan (UTC+5). A window whose start is after its end
crosses midnight; start == end means there are no quiet hours at all.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo

from bot.core.timezones import load_zone

DEFAULT_START = time(21, 0)
DEFAULT_END = time(9, 0)


class QuietHours:
    def __init__(
        self,
        start: time = DEFAULT_START,
        end: time = DEFAULT_END,
        zone: tzinfo | None = None,
    ) -> None:
        if start.tzinfo is not None or end.tzinfo is not None:
            raise ValueError("quiet hours are local wall-clock times; pass the zone separately")
        self.start = start
        self.end = end
        self.zone: tzinfo = zone if zone is not None else load_zone("Asia/Almaty")

    @property
    def enabled(self) -> bool:
        return self.start != self.end

    def _local(self, moment_utc: datetime) -> datetime:
        if moment_utc.tzinfo is None:
            raise ValueError("naive datetimes are not accepted")
        return moment_utc.astimezone(self.zone)

    def is_quiet(self, moment_utc: datetime) -> bool:
        """Whether the moment falls in the window [start, end) local time."""
        if not self.enabled:
            return False
        now = self._local(moment_utc).time().replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= now < self.end
        return now >= self.start or now < self.end

    def next_allowed(self, moment_utc: datetime) -> datetime:
        """The moment itself (in UTC) outside quiet hours, else the local `end` ending them."""
        if not self.is_quiet(moment_utc):
            return moment_utc.astimezone(UTC)
        local = self._local(moment_utc)
        day = local.date()
        if self.start > self.end and local.time().replace(tzinfo=None) >= self.start:
            day += timedelta(days=1)  # evening part of a window crossing midnight
        end = datetime.combine(day, self.end, tzinfo=self.zone)
        return end.astimezone(UTC)
