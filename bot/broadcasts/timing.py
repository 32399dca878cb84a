"""When a broadcast goes: a typed local time (`25.11 10:00`, `ертең 10:00`), the one-tap times
the wizard offers, and checking either. Pure functions over aware datetimes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.delivery.quiet_hours import QuietHours

_WHEN_RE = re.compile(
    r"^\s*(?:(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?\s+)?(\d{1,2})[:.](\d{2})\s*$"
)
MAX_AHEAD = timedelta(days=366)
_DAY_WORDS = {"бүгін": 0, "сегодня": 0, "ертең": 1, "завтра": 1}


def parse_local_time(text: str, now: datetime, zone: ZoneInfo) -> datetime | str:
    """`25.11.2026 10:00`, `25.11 10:00`, `ертең 10:00` / `завтра 10:00` or `10:00` (today),
    local time → an aware UTC moment.

    Returns a Fluent key naming the problem instead when the text is not a future moment.
    """
    today = now.astimezone(zone).date()
    word, _, rest = text.strip().lower().partition(" ")
    if word in _DAY_WORDS:  # «ертең 10:00», «сегодня 18:30»
        day_of = today + timedelta(days=_DAY_WORDS[word])
        text = f"{day_of:%d.%m.%Y} {rest}"
    match = _WHEN_RE.match(text)
    if match is None:
        return "broadcast-when-invalid"
    day, month, year, hour, minute = match.groups()
    try:
        moment = datetime(
            (int(year) + (2000 if len(year) == 2 else 0)) if year else today.year,
            int(month) if month else today.month,
            int(day) if day else today.day,
            int(hour),
            int(minute),
            tzinfo=zone,
        ).astimezone(UTC)
    except ValueError:
        return "broadcast-when-invalid"
    if moment <= now:
        return "broadcast-when-past"
    if moment - now > MAX_AHEAD:
        return "broadcast-when-too-far"
    return moment


def tomorrow_at(now: datetime, zone: ZoneInfo, at: time = time(10, 0)) -> datetime:
    """Tomorrow at `at` local time (the wizard's one-tap choice), in UTC."""
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(tomorrow, at, tzinfo=zone).astimezone(UTC)


def quick_times(
    now: datetime, zone: ZoneInfo, quiet: QuietHours, count: int = 3
) -> list[datetime]:
    """One-tap moments: the next whole hours today outside quiet hours (at least 15 minutes
    away), then tomorrow morning when quiet hours end and tomorrow at 10:00; in UTC."""
    local = now.astimezone(zone)
    found: list[datetime] = []
    hour = local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    while hour.date() == local.date() and len(found) < count:
        moment = hour.astimezone(UTC)
        if moment - now >= timedelta(minutes=15) and not quiet.is_quiet(moment):
            found.append(moment)
        hour += timedelta(hours=1)
    tomorrow = local.date() + timedelta(days=1)
    for at in (quiet.end, time(10, 0)):
        moment = datetime.combine(tomorrow, at, tzinfo=zone).astimezone(UTC)
        if moment not in found and not quiet.is_quiet(moment):
            found.append(moment)
    return found


def moment_from_button(value: str, now: datetime) -> datetime | str:
    """A one-tap time's value back into a moment, checked like a typed one."""
    if not value.isdigit():
        return "broadcast-when-invalid"
    moment = datetime.fromtimestamp(int(value), UTC)
    if moment <= now:
        return "broadcast-when-past"
    if moment - now > MAX_AHEAD:
        return "broadcast-when-too-far"
    return moment
