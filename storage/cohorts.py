"""Cohorts and who is in them: the part broadcasts need (trainers write to their own cohorts).

The training feature builds courses, release schedules and join codes on top of these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import Database, from_db, to_db


@dataclass(frozen=True, slots=True)
class Cohort:
    id: int
    name: str
    region: str | None
    district: str | None
    created_at: datetime


def _cohort(row: aiosqlite.Row) -> Cohort:
    created = from_db(row["created_at"])
    assert created is not None
    return Cohort(row["id"], row["name"], row["region"], row["district"], created)


_COLUMNS = "c.id, c.name, c.region, c.district, c.created_at"


class CohortRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(
        self, name: str, *, region: str | None, district: str | None = None, now: datetime
    ) -> Cohort:
        new_id = await self._db.insert(
            "INSERT INTO cohorts (name, region, district, created_at) VALUES (?, ?, ?, ?)",
            (name, region, district, to_db(now)),
        )
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, cohort_id: int) -> Cohort | None:
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM cohorts c WHERE c.id = ?", (cohort_id,)
        )
        return None if row is None else _cohort(row)

    async def all(self, *, region: str | None = None) -> list[Cohort]:
        """Every cohort, or a region's, by name."""
        if region is None:
            rows = await self._db.fetchall(f"SELECT {_COLUMNS} FROM cohorts c ORDER BY c.name")
        else:
            rows = await self._db.fetchall(
                f"SELECT {_COLUMNS} FROM cohorts c WHERE c.region = ? ORDER BY c.name", (region,)
            )
        return [_cohort(r) for r in rows]

    async def of_trainer(self, user_id: int) -> list[Cohort]:
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM cohorts c JOIN cohort_trainers t ON t.cohort_id = c.id"
            " WHERE t.user_id = ? ORDER BY c.name",
            (user_id,),
        )
        return [_cohort(r) for r in rows]

    async def add_trainer(self, cohort_id: int, user_id: int) -> None:
        await self._db.execute(
            "INSERT INTO cohort_trainers (cohort_id, user_id) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING",
            (cohort_id, user_id),
        )

    async def add_member(self, cohort_id: int, user_id: int, now: datetime) -> None:
        """Join (or re-join) a cohort. The person's home region becomes the cohort's if unknown."""
        async with self._db.transaction():
            await self._db.execute(
                "INSERT INTO cohort_members (cohort_id, user_id, joined_at) VALUES (?, ?, ?)"
                " ON CONFLICT (cohort_id, user_id) DO UPDATE SET left_at = NULL",
                (cohort_id, user_id, to_db(now)),
            )
            await self._db.execute(
                "UPDATE users SET region = (SELECT region FROM cohorts WHERE id = ?)"
                " WHERE id = ? AND region IS NULL",
                (cohort_id, user_id),
            )
