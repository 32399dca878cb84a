"""Cohorts of a course, their trainers and trainees, lesson progress and certificates."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from storage.db import Database, Row, from_db, to_db
from storage.outbox import PRIORITY_DEFAULT


@dataclass(frozen=True, slots=True)
class Cohort:
    id: int
    name: str
    region: str | None
    district: str | None
    created_at: datetime
    course: str | None = None
    starts_on: date | None = None
    weekdays_only: bool = False
    release_time: time = time(9, 0)
    capacity: int | None = None
    join_code: str | None = None
    planned_through: int = 0  # lesson releases already queued for the members
    days_off: frozenset[date] = frozenset()  # local dates the coordinator keeps free of lessons


@dataclass(frozen=True, slots=True)
class Member:
    cohort_id: int
    user_id: int
    joined_at: datetime
    left_at: datetime | None
    reminded_through: int  # no longer read: reminders are counted per person (CourseMarks)


@dataclass(frozen=True, slots=True)
class CourseMarks:
    """One person's marks in one course, whatever cohort they are in."""

    opened_through: int = 0  # lessons opened to them in cohorts they left: they stay open
    reminded_through: int = 0  # the highest lesson a reminder has named


@dataclass(frozen=True, slots=True)
class Release:
    """A lesson release the planner queues for a cohort's current members, with the reminder on
    the day after it if there is one (`CohortRepo.queue_releases`). Payloads are the outbox's
    `{"key": …, "args": …}` dicts, the same for every member."""

    cohort_id: int
    number: int
    at: datetime  # when the release is sent
    joined_by: datetime | None  # only members who joined by then (None: every member)
    payload: dict[str, Any]
    reminder_at: datetime | None = None
    reminder_day: date | None = None  # the reminder's local date: its key ends in r<date>
    reminder_payload: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Certificate:
    number: str
    user_id: int
    course: str
    cohort_id: int | None
    holder_name: str
    completed_on: date
    issued_at: datetime


class CohortFull(Exception):
    pass


class AlreadyInCourse(Exception):
    """The person is already in a cohort of this course."""

    def __init__(self, cohort_id: int) -> None:
        super().__init__(cohort_id)
        self.cohort_id = cohort_id


def _cohort(row: Row) -> Cohort:
    created = from_db(row["created_at"])
    assert created is not None
    return Cohort(
        id=row["id"],
        name=row["name"],
        region=row["region"],
        district=row["district"],
        created_at=created,
        course=row["course"],
        starts_on=date.fromisoformat(row["starts_on"]) if row["starts_on"] else None,
        weekdays_only=bool(row["weekdays_only"]),
        release_time=time.fromisoformat(row["release_time"]),
        capacity=row["capacity"],
        join_code=row["join_code"],
        planned_through=row["planned_through"],
        days_off=frozenset(
            date.fromisoformat(day) for day in (row["days_off"] or "").split(",") if day
        ),
    )


def _member(row: Row) -> Member:
    joined = from_db(row["joined_at"])
    assert joined is not None
    return Member(
        row["cohort_id"], row["user_id"], joined, from_db(row["left_at"]), row["reminded_through"]
    )


_COLUMNS = (
    "c.id, c.name, c.region, c.district, c.created_at, c.course, c.starts_on, c.weekdays_only,"
    " c.release_time, c.capacity, c.join_code, c.planned_through, c.days_off"
)
_MEMBER = "m.cohort_id, m.user_id, m.joined_at, m.left_at, m.reminded_through"


class CohortRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- cohorts ------------------------------------------------------------------------------

    async def create(
        self,
        name: str,
        *,
        region: str | None,
        district: str | None = None,
        now: datetime,
        course: str | None = None,
        starts_on: date | None = None,
        weekdays_only: bool = False,
        release_time: time = time(9, 0),
        capacity: int | None = None,
        join_code: str | None = None,
        created_by: int | None = None,
    ) -> Cohort:
        new_id = await self._db.insert(
            "INSERT INTO cohorts (name, region, district, created_at, course, starts_on,"
            " weekdays_only, release_time, capacity, join_code, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                name,
                region,
                district,
                to_db(now),
                course,
                starts_on.isoformat() if starts_on else None,
                1 if weekdays_only else 0,
                release_time.strftime("%H:%M"),
                capacity,
                join_code,
                created_by,
            ),
        )
        found = await self.get(new_id)
        assert found is not None
        return found

    async def update(self, cohort: Cohort) -> None:
        """Store a cohort's editable fields (name, place, schedule, days off, capacity)."""
        await self._db.execute(
            "UPDATE cohorts SET name = ?, region = ?, district = ?, starts_on = ?,"
            " weekdays_only = ?, release_time = ?, capacity = ?, days_off = ? WHERE id = ?",
            (
                cohort.name,
                cohort.region,
                cohort.district,
                cohort.starts_on.isoformat() if cohort.starts_on else None,
                1 if cohort.weekdays_only else 0,
                cohort.release_time.strftime("%H:%M"),
                cohort.capacity,
                ",".join(sorted(day.isoformat() for day in cohort.days_off)),
                cohort.id,
            ),
        )

    async def get(self, cohort_id: int) -> Cohort | None:
        return await self._db.one(
            f"SELECT {_COLUMNS} FROM cohorts c WHERE c.id = ?", (cohort_id,), _cohort
        )

    async def by_code(self, join_code: str) -> Cohort | None:
        return await self._db.one(
            f"SELECT {_COLUMNS} FROM cohorts c WHERE c.join_code = ?", (join_code,), _cohort
        )

    async def all(self, *, region: str | None = None) -> list[Cohort]:
        """Every cohort, or a region's, by name."""
        if region is None:
            rows = await self._db.fetchall(f"SELECT {_COLUMNS} FROM cohorts c ORDER BY c.name")
        else:
            rows = await self._db.fetchall(
                f"SELECT {_COLUMNS} FROM cohorts c WHERE c.region = ? ORDER BY c.name", (region,)
            )
        return [_cohort(r) for r in rows]

    async def with_course(self) -> list[Cohort]:
        """Cohorts that teach a course (the release planner walks these)."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM cohorts c WHERE c.course IS NOT NULL"
            " AND c.starts_on IS NOT NULL ORDER BY c.id"
        )
        return [_cohort(r) for r in rows]

    async def of_trainer(self, user_id: int) -> list[Cohort]:
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM cohorts c JOIN cohort_trainers t ON t.cohort_id = c.id"
            " WHERE t.user_id = ? ORDER BY c.name",
            (user_id,),
        )
        return [_cohort(r) for r in rows]

    async def trainers(self, cohort_id: int) -> list[int]:
        rows = await self._db.fetchall(
            "SELECT user_id FROM cohort_trainers WHERE cohort_id = ? ORDER BY user_id",
            (cohort_id,),
        )
        return [int(r[0]) for r in rows]

    async def add_trainer(self, cohort_id: int, user_id: int) -> None:
        await self._db.execute(
            "INSERT INTO cohort_trainers (cohort_id, user_id) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING",
            (cohort_id, user_id),
        )

    # -- members ------------------------------------------------------------------------------

    async def members(self, cohort_id: int) -> list[Member]:
        """Current members (not left), by joining order."""
        rows = await self._db.fetchall(
            f"SELECT {_MEMBER} FROM cohort_members m WHERE m.cohort_id = ? AND m.left_at IS NULL"
            " ORDER BY m.joined_at, m.user_id",
            (cohort_id,),
        )
        return [_member(r) for r in rows]

    async def count_members(self, cohort_id: int) -> int:
        return int(
            await self._db.fetchval(
                "SELECT COUNT(*) FROM cohort_members WHERE cohort_id = ? AND left_at IS NULL",
                (cohort_id,),
            )
        )

    async def member(self, cohort_id: int, user_id: int) -> Member | None:
        """The person's current membership of this cohort, None if they are not in it."""
        row = await self._db.fetchone(
            f"SELECT {_MEMBER} FROM cohort_members m WHERE m.cohort_id = ? AND m.user_id = ?"
            " AND m.left_at IS NULL",
            (cohort_id, user_id),
        )
        return None if row is None else _member(row)

    async def memberships(self, user_id: int) -> list[tuple[Cohort, Member]]:
        """The cohorts a person is in now."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS}, {_MEMBER} FROM cohorts c JOIN cohort_members m"
            " ON m.cohort_id = c.id WHERE m.user_id = ? AND m.left_at IS NULL ORDER BY c.id",
            (user_id,),
        )
        return [(_cohort(r), _member(r)) for r in rows]

    async def add_member(
        self, cohort_id: int, user_id: int, now: datetime, *, check_capacity: bool = False
    ) -> None:
        """Join (or re-join) a cohort. The person's home region becomes the cohort's if unknown.
        A re-join is a new membership: it starts at `now` (its queued messages are new ones).

        Raises `AlreadyInCourse` when they are in another cohort of the same course, and
        `CohortFull` (with check_capacity) when the cohort has no seat left.
        """
        async with self._db.transaction():
            cohort = await self.get(cohort_id)
            if cohort is None:
                raise LookupError(cohort_id)
            if cohort.course is not None:
                other = await self._db.fetchval(
                    "SELECT m.cohort_id FROM cohort_members m JOIN cohorts c"
                    " ON c.id = m.cohort_id WHERE m.user_id = ? AND m.left_at IS NULL"
                    " AND c.course = ? AND c.id <> ?",
                    (user_id, cohort.course, cohort_id),
                )
                if other is not None:
                    raise AlreadyInCourse(int(other))
            if (
                check_capacity
                and cohort.capacity is not None
                and await self.count_members(cohort_id) >= cohort.capacity
            ):
                raise CohortFull(cohort_id)
            await self._db.execute(
                "INSERT INTO cohort_members (cohort_id, user_id, joined_at) VALUES (?, ?, ?)"
                " ON CONFLICT (cohort_id, user_id) DO UPDATE SET left_at = NULL,"
                " joined_at = excluded.joined_at",
                (cohort_id, user_id, to_db(now)),
            )
            await self._db.execute(
                "UPDATE users SET region = (SELECT region FROM cohorts WHERE id = ?)"
                " WHERE id = ? AND region IS NULL",
                (cohort_id, user_id),
            )

    async def leave(self, cohort_id: int, user_id: int, now: datetime) -> bool:
        return (
            await self._db.execute(
                "UPDATE cohort_members SET left_at = ? WHERE cohort_id = ? AND user_id = ?"
                " AND left_at IS NULL",
                (to_db(now), cohort_id, user_id),
            )
            > 0
        )

    async def set_planned_through(self, cohort_id: int, lesson: int) -> None:
        await self._db.execute(
            "UPDATE cohorts SET planned_through = ? WHERE id = ? AND planned_through < ?",
            (lesson, cohort_id, lesson),
        )

    async def set_planned_through_many(self, marks: Sequence[tuple[int, int]]) -> None:
        """`set_planned_through` for each (cohort, lesson), where the cohort has a current
        member (a cohort nobody is in yet plans its releases when someone joins)."""
        await self._db.executemany(
            "UPDATE cohorts SET planned_through = ? WHERE id = ? AND planned_through < ?"
            " AND EXISTS (SELECT 1 FROM cohort_members m WHERE m.cohort_id = cohorts.id"
            " AND m.left_at IS NULL)",
            [(lesson, cohort_id, lesson) for cohort_id, lesson in marks],
        )

    async def queue_releases(
        self,
        releases: Sequence[Release],
        *,
        key_prefix: str,
        kind: str,
        now: datetime,
        only_user: int | None = None,
    ) -> int:
        """Queue every release for each current member of its cohort who joined by its
        `joined_by` (only `only_user`, if given), and its reminder, in one INSERT … SELECT: no
        member passes through Python. Keys: `<key_prefix><cohort>:<user>:<membership>:<n>` and
        `…:r<date>` for the reminder, the membership being when they joined (Unix seconds).
        Payloads are stored as `Outbox` stores them. Keys already queued are ignored; returns
        how many rows were added."""
        if not releases:
            return 0
        payloads: dict[int, str] = {}  # one JSON text per payload object

        def text(payload: dict[str, Any] | None) -> str | None:
            if payload is None:
                return None
            if id(payload) not in payloads:
                payloads[id(payload)] = json.dumps(payload, ensure_ascii=False)
            return payloads[id(payload)]

        params: list[Any] = []
        for r in releases:
            reminder = r.reminder_at is not None and r.reminder_day is not None
            params += (
                r.cohort_id,
                f"{key_prefix}{r.cohort_id}:",
                to_db(r.at),
                to_db(r.joined_by),
                f":{r.number}",
                text(r.payload),
                to_db(r.reminder_at) if reminder else None,
                f":r{r.reminder_day.isoformat()}" if reminder and r.reminder_day else None,
                text(r.reminder_payload) if reminder else None,
            )
        job = (
            "(CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT),"
            " CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT),"
            " CAST(? AS TEXT))"
        )
        # A membership's mark: when it began, in Unix seconds (`joined_at` is UTC text).
        joined = (
            "CAST(FLOOR(EXTRACT(EPOCH FROM CAST(m.joined_at AS TIMESTAMP))) AS BIGINT)"
            if self._db.is_postgres
            else "CAST(strftime('%s', m.joined_at) AS INTEGER)"
        )
        key = f"j.prefix || CAST(m.user_id AS TEXT) || ':' || CAST({joined} AS TEXT)"
        member = (
            " FROM j JOIN cohort_members m ON m.cohort_id = j.cohort_id AND m.left_at IS NULL"
            " AND (j.joined_by IS NULL OR m.joined_at <= j.joined_by)"
        )
        user: list[Any] = []
        if only_user is not None:
            member += " AND m.user_id = ?"
            user = [only_user]
        stamp = to_db(now)
        columns = (
            ", CAST(? AS TEXT), CAST(NULL AS BIGINT), 0, CAST(? AS INTEGER), CAST(? AS TEXT),"
            " CAST(? AS TEXT)"
        )
        # No ORDER BY (a sort of every row): the rows come as the jobs and each cohort's
        # members are read, and the statement starts with INSERT, so SQLite counts them.
        sql = (
            "INSERT INTO outbox (recipient, payload, not_before, idempotency_key, kind,"
            " broadcast_id, urgent, priority, created_at, updated_at)"
            " WITH j (cohort_id, prefix, at, joined_by, release, payload, reminder_at,"
            f" reminder, reminder_payload) AS (VALUES {', '.join([job] * len(releases))})"
            f" SELECT m.user_id, j.payload, j.at, {key} || j.release{columns}{member}"
            " UNION ALL"
            f" SELECT m.user_id, j.reminder_payload, j.reminder_at, {key} || j.reminder"
            f"{columns}{member} WHERE j.reminder_at IS NOT NULL"
            " ON CONFLICT DO NOTHING"
        )
        row = [kind, PRIORITY_DEFAULT, stamp, stamp]
        return await self._db.execute(sql, (*params, *row, *user, *row, *user))

    # -- per person and course -------------------------------------------------------------

    async def marks(self, user_id: int, course: str) -> CourseMarks:
        row = await self._db.fetchone(
            "SELECT opened_through, reminded_through FROM course_marks"
            " WHERE user_id = ? AND course = ?",
            (user_id, course),
        )
        return CourseMarks() if row is None else CourseMarks(int(row[0]), int(row[1]))

    async def raise_marks(
        self, user_id: int, course: str, *, opened: int = 0, reminded: int = 0
    ) -> None:
        """Raise the person's marks in the course to at least these (never lowers them)."""
        await self._db.execute(
            "INSERT INTO course_marks (user_id, course, opened_through, reminded_through)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (user_id, course) DO UPDATE SET"
            " opened_through = CASE WHEN excluded.opened_through > course_marks.opened_through"
            " THEN excluded.opened_through ELSE course_marks.opened_through END,"
            " reminded_through = CASE WHEN excluded.reminded_through"
            " > course_marks.reminded_through THEN excluded.reminded_through"
            " ELSE course_marks.reminded_through END",
            (user_id, course, opened, reminded),
        )

    # -- progress -----------------------------------------------------------------------------

    async def mark_done(self, user_id: int, course: str, lesson: int, now: datetime) -> bool:
        """False when the lesson was already done."""
        return (
            await self._db.execute(
                "INSERT INTO lesson_progress (user_id, course, lesson, done_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (user_id, course, lesson, to_db(now)),
            )
            > 0
        )

    async def done_lessons(self, user_id: int, course: str) -> set[int]:
        rows = await self._db.fetchall(
            "SELECT lesson FROM lesson_progress WHERE user_id = ? AND course = ?",
            (user_id, course),
        )
        return {int(r[0]) for r in rows}

    async def progress_of_cohort(
        self, cohort_id: int, course: str, *, after_lesson: int = 0
    ) -> dict[int, set[int]]:
        """Done lessons per current member (only lessons after `after_lesson`, if given)."""
        rows = await self._db.fetchall(
            "SELECT m.user_id, p.lesson FROM cohort_members m LEFT JOIN lesson_progress p"
            " ON p.user_id = m.user_id AND p.course = ? AND p.lesson > ? WHERE m.cohort_id = ?"
            " AND m.left_at IS NULL",
            (course, after_lesson, cohort_id),
        )
        done: dict[int, set[int]] = {}
        for user_id, lesson in rows:
            lessons = done.setdefault(int(user_id), set())
            if lesson is not None:
                lessons.add(int(lesson))
        return done

    async def last_done(self, user_id: int, course: str) -> datetime | None:
        """When the person last finished a lesson of the course."""
        return from_db(
            await self._db.fetchval(
                "SELECT MAX(done_at) FROM lesson_progress WHERE user_id = ? AND course = ?",
                (user_id, course),
            )
        )

    async def last_activity(self, cohort_id: int, course: str) -> dict[int, datetime]:
        rows = await self._db.fetchall(
            "SELECT p.user_id, MAX(p.done_at) FROM lesson_progress p JOIN cohort_members m"
            " ON m.user_id = p.user_id AND m.cohort_id = ? AND m.left_at IS NULL"
            " WHERE p.course = ? GROUP BY p.user_id",
            (cohort_id, course),
        )
        result: dict[int, datetime] = {}
        for user_id, done_at in rows:
            moment = from_db(done_at)
            if moment is not None:
                result[int(user_id)] = moment
        return result

    # -- certificates -------------------------------------------------------------------------

    async def issue_certificate(self, certificate: Certificate) -> Certificate:
        """Store it, or return the one this person already has for the course."""
        await self._db.execute(
            "INSERT INTO certificates (number, user_id, course, cohort_id, holder_name,"
            " completed_on, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (
                certificate.number,
                certificate.user_id,
                certificate.course,
                certificate.cohort_id,
                certificate.holder_name,
                certificate.completed_on.isoformat(),
                to_db(certificate.issued_at),
            ),
        )
        found = await self.certificate_of(certificate.user_id, certificate.course)
        assert found is not None
        return found

    async def certificate(self, number: str) -> Certificate | None:
        return await self._db.one(_CERT + " WHERE number = ?", (number,), _certificate)

    async def certificate_of(self, user_id: int, course: str) -> Certificate | None:
        return await self._db.one(
            _CERT + " WHERE user_id = ? AND course = ?", (user_id, course), _certificate
        )

    async def erase_person(self, user_id: int, now: datetime) -> None:
        """On /privacy deletion: progress goes, certificates stay valid without the name."""
        await self._db.execute("DELETE FROM lesson_progress WHERE user_id = ?", (user_id,))
        await self._db.execute("DELETE FROM course_marks WHERE user_id = ?", (user_id,))
        await self._db.execute(
            "UPDATE certificates SET holder_name = '' WHERE user_id = ?", (user_id,)
        )
        await self._db.execute(
            "UPDATE cohort_members SET left_at = COALESCE(left_at, ?) WHERE user_id = ?",
            (to_db(now), user_id),
        )


_CERT = (
    "SELECT number, user_id, course, cohort_id, holder_name, completed_on, issued_at"
    " FROM certificates"
)


def _certificate(row: Row) -> Certificate:
    issued = from_db(row["issued_at"])
    assert issued is not None
    return Certificate(
        row["number"],
        row["user_id"],
        row["course"],
        row["cohort_id"],
        row["holder_name"],
        date.fromisoformat(row["completed_on"]),
        issued,
    )
