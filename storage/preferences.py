"""When people want to be reminded: `notification_prefs`, one row per person who chose."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database, to_db


@dataclass(frozen=True, slots=True)
class Preferences:
    """A person's choice; the defaults for someone who never chose."""

    remind_hour: int | None = None  # local hour for daily reminders; None: each feature's own
    mute_nudges: bool = False


DEFAULT = Preferences()


class PreferencesRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, user_id: int) -> Preferences:
        row = await self._db.fetchone(
            "SELECT remind_hour, mute_nudges FROM notification_prefs WHERE user_id = ?",
            (user_id,),
        )
        return DEFAULT if row is None else Preferences(row[0], bool(row[1]))

    async def of(self, user_ids: Iterable[int]) -> dict[int, Preferences]:
        """The choices of these people (those who never chose are left out)."""
        ids = sorted(set(user_ids))
        found: dict[int, Preferences] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = await self._db.fetchall(
                "SELECT user_id, remind_hour, mute_nudges FROM notification_prefs"
                f" WHERE user_id IN ({', '.join('?' for _ in chunk)})",
                chunk,
            )
            found.update({int(r[0]): Preferences(r[1], bool(r[2])) for r in rows})
        return found

    async def save(self, user_id: int, prefs: Preferences, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO notification_prefs (user_id, remind_hour, mute_nudges, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
            " remind_hour = excluded.remind_hour, mute_nudges = excluded.mute_nudges,"
            " updated_at = excluded.updated_at",
            (user_id, prefs.remind_hour, int(prefs.mute_nudges), to_db(now)),
        )

    async def forget(self, user_id: int) -> None:
        await self._db.execute("DELETE FROM notification_prefs WHERE user_id = ?", (user_id,))
