"""Quiet hours at their edges, in Kazakhstan (UTC+5) and elsewhere."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from bot.core.timezones import load_zone
from bot.delivery.quiet_hours import QuietHours

ALMATY = load_zone("Asia/Almaty")


def local(hour: int, minute: int = 0, day: int = 14) -> datetime:
    """A local Almaty wall-clock time on 2026-05-<day>, as UTC."""
    return datetime(2026, 5, day, hour, minute, tzinfo=ALMATY).astimezone(UTC)


@pytest.mark.parametrize(
    ("hour", "minute", "quiet"),
    [
        (20, 59, False),
        (21, 0, True),
        (23, 59, True),
        (0, 0, True),
        (8, 59, True),
        (9, 0, False),
        (12, 0, False),
    ],
)
def test_default_window_edges(hour: int, minute: int, quiet: bool) -> None:
    hours = QuietHours()
    assert hours.is_quiet(local(hour, minute)) is quiet


def test_almaty_is_utc_plus_5() -> None:
    # 21:00 in Almaty is 16:00 UTC.
    hours = QuietHours(zone=ALMATY)
    assert not hours.is_quiet(datetime(2026, 5, 14, 15, 59, tzinfo=UTC))
    assert hours.is_quiet(datetime(2026, 5, 14, 16, 0, tzinfo=UTC))
    assert hours.next_allowed(datetime(2026, 5, 14, 16, 0, tzinfo=UTC)) == datetime(
        2026, 5, 15, 4, 0, tzinfo=UTC
    )


def test_next_allowed_crossing_midnight() -> None:
    hours = QuietHours()
    awake = local(20, 59)
    assert hours.next_allowed(awake) == awake
    assert hours.next_allowed(local(9, 0)) == local(9, 0)
    # Evening → tomorrow 09:00; after midnight → today 09:00.
    assert hours.next_allowed(local(21, 0)) == local(9, 0, day=15)
    assert hours.next_allowed(local(23, 30)) == local(9, 0, day=15)
    assert hours.next_allowed(local(0, 0, day=15)) == local(9, 0, day=15)
    assert hours.next_allowed(local(8, 59, day=15)) == local(9, 0, day=15)
    assert hours.next_allowed(local(8, 59)).tzinfo == UTC


def test_window_not_crossing_midnight() -> None:
    hours = QuietHours(time(13, 0), time(14, 0), ALMATY)  # a lunch break
    assert not hours.is_quiet(local(12, 59))
    assert hours.is_quiet(local(13, 0))
    assert hours.is_quiet(local(13, 59))
    assert not hours.is_quiet(local(14, 0))
    assert not hours.is_quiet(local(23, 0))
    assert hours.next_allowed(local(13, 30)) == local(14, 0)
    assert hours.next_allowed(local(14, 0)) == local(14, 0)


def test_start_equal_to_end_means_never_quiet() -> None:
    hours = QuietHours(time(9, 0), time(9, 0), ALMATY)
    assert not hours.enabled
    moment = local(9, 0)
    for step in range(0, 24 * 60, 7):
        probe = moment + timedelta(minutes=step)
        assert not hours.is_quiet(probe)
        assert hours.next_allowed(probe) == probe


def test_next_allowed_is_never_quiet_and_never_earlier() -> None:
    hours = QuietHours()
    start = local(0, 0)
    for step in range(0, 2 * 24 * 60, 13):
        probe = start + timedelta(minutes=step)
        allowed = hours.next_allowed(probe)
        assert allowed >= probe
        assert not hours.is_quiet(allowed)
        assert allowed - probe <= timedelta(hours=12)


def test_other_zone_and_naive_rejected() -> None:
    hours = QuietHours(zone=load_zone("Europe/Moscow"))  # UTC+3
    assert hours.is_quiet(datetime(2026, 5, 14, 18, 0, tzinfo=UTC))  # 21:00 in Moscow
    assert not hours.is_quiet(datetime(2026, 5, 14, 17, 59, tzinfo=UTC))
    with pytest.raises(ValueError):
        hours.is_quiet(datetime(2026, 5, 14, 18, 0))
