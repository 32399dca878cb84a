"""The playground's clock: real time plus an offset that the page moves forward.

The bot, its scheduler jobs, the delivery engine and quiet hours all read this one clock, so
moving it a day ahead makes tomorrow's lesson and reminders due now. It never goes backwards,
and it never runs behind real time. The moment it shows is saved next to the database as it
moves (the playground saves it every second, atomically), and a playground started again on the
same data catches up with what that data has seen (`catch_up`), even after a `kill -9`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

log = logging.getLogger(__name__)

ZERO = timedelta(0)


def _system_now() -> datetime:
    return datetime.now(UTC)


class MovableClock:
    """`now()` = system time + an offset (≥ 0) that only grows."""

    def __init__(
        self,
        start: datetime | None = None,
        *,
        system: Callable[[], datetime] = _system_now,
    ) -> None:
        self._system = system
        self._offset = ZERO
        if start is not None:
            if start.tzinfo is None:
                raise ValueError("MovableClock needs an aware datetime")
            self._offset = max(start.astimezone(UTC) - system(), ZERO)

    def now(self) -> datetime:
        return self._system() + self._offset

    @property
    def offset(self) -> timedelta:
        """How far ahead of real time the clock is."""
        return self._offset

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by `delta`; ValueError for a negative one."""
        if delta < ZERO:
            raise ValueError("time does not go backwards")
        self._offset += delta
        return self.now()

    def move_to(self, moment: datetime) -> datetime:
        """Move forward to `moment` (aware); ValueError if it is in the clock's past."""
        if moment.tzinfo is None:
            raise ValueError("pass an aware datetime")
        return self.advance(moment.astimezone(UTC) - self.now())

    def catch_up(self, moment: datetime) -> datetime:
        """Move forward to `moment` if the clock is behind it (never back); returns now."""
        if moment.tzinfo is None:
            raise ValueError("pass an aware datetime")
        behind = moment.astimezone(UTC) - self.now()
        if behind > ZERO:
            self._offset += behind
        return self.now()

    def reset(self) -> None:
        """Back to real time (only for a fresh database: the data has not seen the future)."""
        self._offset = ZERO

    # -- keeping the moment next to the database --------------------------------------------

    def save(self, path: Path) -> None:
        """Write the moment shown now; a crash mid-write leaves the previous one whole."""
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".tmp")
        partial.write_text(self.now().isoformat() + "\n", encoding="utf-8")
        partial.replace(path)

    def restore(self, path: Path) -> None:
        """Catch up with a moment saved earlier (if it is still ahead of real time)."""
        try:
            saved = datetime.fromisoformat(path.read_text(encoding="utf-8").strip())
        except FileNotFoundError:
            return
        except ValueError:
            log.warning("ignoring an unreadable playground clock file %s", path)
            return
        if saved.tzinfo is None:
            return
        self.catch_up(saved)
