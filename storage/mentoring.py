"""Mentoring: `mentorships` (a mentor following a funded person) and `mentor_checkins` (one per
scheduled check-in: the mentee's note, the mentor's rating). Funded people are read from
`projects` (written by the projects domain) — read-only here.

Dates (`starts_on`, `due_on`) are local 'YYYY-MM-DD' text; moments go through `to_db`/`from_db`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from storage.db import Database, Row, from_db, moment, record, to_db
from storage.loans import Scope, scope_condition


@dataclass(frozen=True, slots=True)
class Funded:
    """A funded project in a coordinator's scope, with its active mentorship if any."""

    project_id: int
    kind: str  # loan | grant
    user_id: int
    program: str
    region: str | None
    title: str
    amount: int
    funded_on: str
    mentorship_id: int | None
    mentor_id: int | None


@dataclass(frozen=True, slots=True)
class Mentorship:
    id: int
    mentee_id: int
    mentor_id: int
    program: str
    region: str | None
    project_id: int | None
    every_months: int
    starts_on: str
    status: str  # active | ended
    assigned_by: int | None
    assigned_at: datetime
    ended_by: int | None
    ended_at: datetime | None

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True, slots=True)
class CheckIn:
    id: int
    mentorship_id: int
    n: int
    due_on: str
    status: str  # due | answered | missed
    note: str | None
    note_kind: str | None  # text | voice | photo
    note_file_id: str | None
    answered_at: datetime | None
    assessment: str | None
    rating: int | None  # 1 on track, 2 needs attention, 3 at risk
    assessed_at: datetime | None
    reminded_at: datetime | None
    escalated_at: datetime | None
    created_at: datetime


def _mentorship(row: Row) -> Mentorship:
    return record(Mentorship, row, assigned_at=moment, ended_at=from_db)


def _checkin(row: Row) -> CheckIn:
    return record(
        CheckIn,
        row,
        answered_at=from_db,
        assessed_at=from_db,
        reminded_at=from_db,
        escalated_at=from_db,
        created_at=moment,
    )


def _funded(row: Row) -> Funded:
    return record(Funded, row)


_FUNDED = (
    # `projects l`: the alias storage.loans.scope_condition writes its clauses over.
    "SELECT l.id AS project_id, l.kind, l.user_id, l.program, l.region, l.title, l.amount,"
    " l.funded_on, m.id AS mentorship_id, m.mentor_id FROM projects l"
    " LEFT JOIN mentorships m ON m.project_id = l.id AND m.status = 'active'"
)


class MentoringRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- funded people --------------------------------------------------------------------------

    async def funded(self, scope: Scope) -> list[Funded]:
        """Active funded projects in this scope, those without a mentor first, oldest first."""
        where, params = scope_condition(scope)
        rows = await self._db.fetchall(
            f"{_FUNDED} WHERE l.status = 'active' AND {where}"
            " ORDER BY CASE WHEN m.id IS NULL THEN 0 ELSE 1 END, l.funded_on, l.id",
            params,
        )
        return [_funded(r) for r in rows]

    async def funded_project(self, project_id: int) -> Funded | None:
        return await self._db.one(f"{_FUNDED} WHERE l.id = ?", (project_id,), _funded)

    # -- mentorships ----------------------------------------------------------------------------

    async def start(
        self,
        *,
        mentee_id: int,
        mentor_id: int,
        program: str,
        region: str | None,
        project_id: int | None,
        every_months: int,
        starts_on: date,
        by: int,
        now: datetime,
    ) -> Mentorship:
        new_id = await self._db.insert(
            "INSERT INTO mentorships (mentee_id, mentor_id, program, region, project_id,"
            " every_months, starts_on, status, assigned_by, assigned_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)",
            (
                mentee_id,
                mentor_id,
                program,
                region,
                project_id,
                every_months,
                starts_on.isoformat(),
                by,
                to_db(now),
            ),
        )
        found = await self.mentorship(new_id)
        assert found is not None
        return found

    async def end(self, mentorship_id: int, by: int | None, now: datetime) -> bool:
        """Ends an active mentorship; False when it had ended already."""
        count = await self._db.execute(
            "UPDATE mentorships SET status = 'ended', ended_by = ?, ended_at = ?"
            " WHERE id = ? AND status = 'active'",
            (by, to_db(now), mentorship_id),
        )
        return count > 0

    async def mentorship(self, mentorship_id: int) -> Mentorship | None:
        return await self._db.one(
            "SELECT * FROM mentorships WHERE id = ?", (mentorship_id,), _mentorship
        )

    async def active_of_project(self, project_id: int) -> Mentorship | None:
        return await self._db.one(
            "SELECT * FROM mentorships WHERE project_id = ? AND status = 'active'"
            " ORDER BY id DESC",
            (project_id,),
            _mentorship,
        )

    async def of_mentor(self, mentor_id: int) -> list[Mentorship]:
        """A mentor's active mentorships, the longest-running first."""
        rows = await self._db.fetchall(
            "SELECT * FROM mentorships WHERE mentor_id = ? AND status = 'active'"
            " ORDER BY starts_on, id",
            (mentor_id,),
        )
        return [_mentorship(r) for r in rows]

    async def of_mentee(self, mentee_id: int) -> list[Mentorship]:
        """Every mentorship of a person, newest first (the history a change of mentor keeps)."""
        rows = await self._db.fetchall(
            "SELECT * FROM mentorships WHERE mentee_id = ? ORDER BY id DESC", (mentee_id,)
        )
        return [_mentorship(r) for r in rows]

    async def of_project(self, project_id: int) -> list[Mentorship]:
        rows = await self._db.fetchall(
            "SELECT * FROM mentorships WHERE project_id = ? ORDER BY id DESC", (project_id,)
        )
        return [_mentorship(r) for r in rows]

    async def active(self) -> list[Mentorship]:
        rows = await self._db.fetchall(
            "SELECT * FROM mentorships WHERE status = 'active' ORDER BY id"
        )
        return [_mentorship(r) for r in rows]

    # -- check-ins ------------------------------------------------------------------------------

    async def add_checkin(self, mentorship_id: int, n: int, due_on: date, now: datetime) -> bool:
        """Check-in `n` of a mentorship; False when it exists already."""
        count = await self._db.execute(
            "INSERT INTO mentor_checkins (mentorship_id, n, due_on, status, created_at)"
            " VALUES (?, ?, ?, 'due', ?) ON CONFLICT (mentorship_id, n) DO NOTHING",
            (mentorship_id, n, due_on.isoformat(), to_db(now)),
        )
        return count > 0

    async def checkin(self, checkin_id: int) -> CheckIn | None:
        return await self._db.one(
            "SELECT * FROM mentor_checkins WHERE id = ?", (checkin_id,), _checkin
        )

    async def checkins(self, mentorship_ids: list[int]) -> list[CheckIn]:
        """The check-ins of these mentorships, newest due first."""
        if not mentorship_ids:
            return []
        marks = ", ".join("?" for _ in mentorship_ids)
        rows = await self._db.fetchall(
            f"SELECT * FROM mentor_checkins WHERE mentorship_id IN ({marks})"
            " ORDER BY due_on DESC, id DESC",
            mentorship_ids,
        )
        return [_checkin(r) for r in rows]

    async def last_n(self, mentorship_id: int) -> int:
        return int(
            await self._db.fetchval(
                "SELECT COALESCE(MAX(n), 0) FROM mentor_checkins WHERE mentorship_id = ?",
                (mentorship_id,),
            )
            or 0
        )

    async def open_checkins(self) -> list[CheckIn]:
        """Check-ins still waiting for the mentee, of active mentorships."""
        rows = await self._db.fetchall(
            "SELECT c.* FROM mentor_checkins c JOIN mentorships m ON m.id = c.mentorship_id"
            " WHERE c.status = 'due' AND m.status = 'active' ORDER BY c.due_on, c.id"
        )
        return [_checkin(r) for r in rows]

    async def answer(
        self, checkin_id: int, kind: str, note: str | None, file_id: str | None, now: datetime
    ) -> bool:
        """The mentee's note; False unless the check-in was still due."""
        count = await self._db.execute(
            "UPDATE mentor_checkins SET status = 'answered', note = ?, note_kind = ?,"
            " note_file_id = ?, answered_at = ? WHERE id = ? AND status = 'due'",
            (note, kind, file_id, to_db(now), checkin_id),
        )
        return count > 0

    async def assess(self, checkin_id: int, rating: int, now: datetime) -> None:
        await self._db.execute(
            "UPDATE mentor_checkins SET rating = ?, assessed_at = ? WHERE id = ?",
            (rating, to_db(now), checkin_id),
        )

    async def comment(self, checkin_id: int, text: str, now: datetime) -> None:
        await self._db.execute(
            "UPDATE mentor_checkins SET assessment = ?, assessed_at = ? WHERE id = ?",
            (text, to_db(now), checkin_id),
        )

    async def mark_reminded(self, checkin_id: int, now: datetime) -> bool:
        count = await self._db.execute(
            "UPDATE mentor_checkins SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL",
            (to_db(now), checkin_id),
        )
        return count > 0

    async def mark_missed(self, checkin_id: int, now: datetime) -> bool:
        count = await self._db.execute(
            "UPDATE mentor_checkins SET status = 'missed', escalated_at = ?"
            " WHERE id = ? AND status = 'due'",
            (to_db(now), checkin_id),
        )
        return count > 0

    # -- privacy --------------------------------------------------------------------------------

    async def erase_person(self, user_id: int, by: int | None, now: datetime) -> None:
        """A mentee's mentorships go with their check-ins; a mentor's active ones end (their
        mentees then show as without a mentor)."""
        await self._db.execute("DELETE FROM mentorships WHERE mentee_id = ?", (user_id,))
        await self._db.execute(
            "UPDATE mentorships SET status = 'ended', ended_by = ?, ended_at = ?"
            " WHERE mentor_id = ? AND status = 'active'",
            (by, to_db(now), user_id),
        )
