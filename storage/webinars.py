"""Webinars and registrations for them (with the waiting list, attendance and ratings)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any, Literal, TypeVar

from storage.db import Database, Row, found, from_db, to_db

Language = Literal["kk", "ru", "both"]
LANGUAGES: tuple[Language, ...] = ("kk", "ru", "both")
Question = Literal["email", "org", "region"]
QUESTIONS: tuple[Question, ...] = ("email", "org", "region")
RegStatus = Literal["registered", "waiting", "cancelled"]
WebinarStatus = Literal["scheduled", "cancelled"]


@dataclass(frozen=True, slots=True)
class _Given:
    """What a coordinator gives every webinar (a new one, and one stored)."""

    title_kk: str
    title_ru: str
    description_kk: str
    description_ru: str
    speaker: str
    starts_at: datetime
    duration_min: int
    language: Language
    capacity: int | None
    join_url: str


@dataclass(frozen=True, slots=True)
class Webinar(_Given):
    id: int
    program: str | None
    questions: tuple[Question, ...]
    recording_url: str | None
    status: WebinarStatus
    version: int
    demo_key: str | None
    created_by: int | None
    created_at: datetime
    updated_at: datetime

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_min)

    def title(self, locale: str) -> str:
        return self.title_kk if locale == "kk" else self.title_ru

    def description(self, locale: str) -> str:
        """In the reader's language, or the other one when that is all there is."""
        mine, other = (
            (self.description_kk, self.description_ru)
            if locale == "kk"
            else (self.description_ru, self.description_kk)
        )
        return mine or other


@dataclass(frozen=True, slots=True)
class NewWebinar(_Given):
    """What the wizard (or seed-demo) collects; every value already checked."""

    program: str | None = None
    questions: tuple[Question, ...] = ()
    demo_key: str | None = None


@dataclass(frozen=True, slots=True)
class Registration:
    id: int
    webinar_id: int
    user_id: int
    status: RegStatus
    seq: int
    answers: dict[str, Any]
    registered_at: datetime
    promoted_at: datetime | None
    cancelled_at: datetime | None
    attended_at: datetime | None
    attended_by: int | None
    rating: int | None
    comment: str | None
    rated_at: datetime | None

    @property
    def active(self) -> bool:
        return self.status != "cancelled"


@dataclass(frozen=True, slots=True)
class Counts:
    registered: int = 0
    waiting: int = 0
    attended: int = 0
    rated: int = 0
    rating_sum: int = 0
    ratings: dict[int, int] = field(default_factory=dict)

    @property
    def average(self) -> float | None:
        return self.rating_sum / self.rated if self.rated else None


class WebinarNotFound(LookupError):
    pass


# What a coordinator gives a new webinar, in the wizard's order; all of it may change later.
CONTENT: tuple[str, ...] = tuple(f.name for f in fields(NewWebinar) if f.name != "demo_key")
# Columns `update` may change.
_EDITABLE = {*CONTENT, "recording_url"}

Rec = TypeVar("Rec", Webinar, Registration)


def _columns(kind: type[Rec]) -> str:
    return ", ".join(f.name for f in fields(kind))


def _from_row(kind: type[Rec], row: Any, **given: Any) -> Rec:
    """From a row (or a dict) of `kind`'s columns: the moments (`…_at`) parsed, `given` as is."""
    values: dict[str, Any] = {
        f.name: from_db(row[f.name]) if f.name.endswith("_at") else row[f.name]
        for f in fields(kind)
        if f.name not in given
    }
    return kind(**values, **given)


_W_COLUMNS = _columns(Webinar)
_R_COLUMNS = _columns(Registration)


def _webinar(row: Any) -> Webinar:
    """From a row, or a dict of the same columns."""
    questions = tuple(q for q in QUESTIONS if q in str(row["questions"]).split(","))
    return _from_row(Webinar, row, questions=questions)


def _registration(row: Row) -> Registration:
    return _from_row(Registration, row, answers=json.loads(row["answers"]))


def _stored(column: str, value: Any) -> Any:
    if isinstance(value, datetime):
        return to_db(value)
    if column == "questions":
        return ",".join(value)
    return value


class WebinarRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def transaction(self) -> AbstractAsyncContextManager[None]:
        """One unit of work across several calls (joins an outer one)."""
        return self._db.transaction()

    # -- webinars -----------------------------------------------------------------------------

    async def create(self, new: NewWebinar, created_by: int | None, now: datetime) -> Webinar:
        stamp = to_db(now)
        values = {c: _stored(c, getattr(new, c)) for c in (*CONTENT, "demo_key")}
        values |= {"created_by": created_by, "created_at": stamp, "updated_at": stamp}
        webinar_id = await self._db.insert(
            f"INSERT INTO webinars ({', '.join(values)})"
            f" VALUES ({', '.join('?' for _ in values)})",
            tuple(values.values()),
        )
        return await self.require(webinar_id)

    async def _webinar_where(self, where: str, *params: Any) -> Webinar | None:
        sql = f"SELECT {_W_COLUMNS} FROM webinars WHERE {where}"
        return await self._db.one(sql, params, _webinar)

    async def get(self, webinar_id: int) -> Webinar | None:
        return await self._webinar_where("id = ?", webinar_id)

    async def require(self, webinar_id: int) -> Webinar:
        return found(await self.get(webinar_id), WebinarNotFound(webinar_id))

    async def by_demo_key(self, key: str) -> Webinar | None:
        return await self._webinar_where("demo_key = ?", key)

    async def update(
        self, webinar_id: int, now: datetime, *, new_version: bool = False, **values: Any
    ) -> Webinar:
        """Change some columns; `new_version` bumps the version (reminders are re-planned)."""
        unknown = set(values) - _EDITABLE
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        sets = [f"{column} = ?" for column in values]
        params = [_stored(column, value) for column, value in values.items()]
        if new_version:
            sets.append("version = version + 1")
        sets.append("updated_at = ?")
        await self._db.execute(
            f"UPDATE webinars SET {', '.join(sets)} WHERE id = ?",
            (*params, to_db(now), webinar_id),
        )
        return await self.require(webinar_id)

    async def cancel(self, webinar_id: int, now: datetime) -> bool:
        stamp = to_db(now)
        return (
            await self._db.execute(
                "UPDATE webinars SET status = 'cancelled', cancelled_at = ?, updated_at = ?,"
                " version = version + 1 WHERE id = ? AND status = 'scheduled'",
                (stamp, stamp, webinar_id),
            )
            > 0
        )

    async def upcoming(self, now: datetime, limit: int = 50) -> list[Webinar]:
        """Scheduled webinars that have not started, the soonest first."""
        rows = await self._db.fetchall(
            f"SELECT {_W_COLUMNS} FROM webinars WHERE status = 'scheduled' AND starts_at > ?"
            " ORDER BY starts_at, id LIMIT ?",
            (to_db(now), limit),
        )
        return [_webinar(r) for r in rows]

    async def starting_since(
        self, since: datetime, *, include_cancelled: bool = False, limit: int = 200
    ) -> list[Webinar]:
        """Webinars starting at or after `since` (past ones within it, and all upcoming)."""
        status = "" if include_cancelled else " AND status = 'scheduled'"
        rows = await self._db.fetchall(
            f"SELECT {_W_COLUMNS} FROM webinars WHERE starts_at >= ?{status}"
            " ORDER BY starts_at, id LIMIT ?",
            (to_db(since), limit),
        )
        return [_webinar(r) for r in rows]

    # -- registrations ------------------------------------------------------------------------

    async def _registration_where(self, where: str, *params: Any) -> Registration | None:
        return await self._db.one(
            f"SELECT {_R_COLUMNS} FROM webinar_registrations WHERE {where}", params, _registration
        )

    async def registration(self, webinar_id: int, user_id: int) -> Registration | None:
        return await self._registration_where(
            "webinar_id = ? AND user_id = ?", webinar_id, user_id
        )

    async def registration_by_id(self, registration_id: int) -> Registration | None:
        return await self._registration_where("id = ?", registration_id)

    async def registrations(
        self, webinar_id: int, statuses: Sequence[RegStatus] = ("registered", "waiting")
    ) -> list[Registration]:
        """Registered people first, then the waiting list, each in order of registration."""
        marks = ", ".join("?" for _ in statuses)
        rows = await self._db.fetchall(
            f"SELECT {_R_COLUMNS} FROM webinar_registrations"
            f" WHERE webinar_id = ? AND status IN ({marks})"
            " ORDER BY CASE status WHEN 'registered' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END,"
            " seq",
            (webinar_id, *statuses),
        )
        return [_registration(r) for r in rows]

    async def of_user(self, user_id: int, since: datetime) -> list[tuple[Registration, Webinar]]:
        """A person's active registrations for webinars starting at or after `since`."""
        rows = await self._db.fetchall(
            f"SELECT {', '.join('r.' + c.strip() for c in _R_COLUMNS.split(','))},"
            f" {', '.join('w.' + c.strip() + ' AS w_' + c.strip() for c in _W_COLUMNS.split(','))}"
            " FROM webinar_registrations r JOIN webinars w ON w.id = r.webinar_id"
            " WHERE r.user_id = ? AND r.status <> 'cancelled' AND w.starts_at >= ?"
            " ORDER BY w.starts_at, w.id",
            (user_id, to_db(since)),
        )
        found = []
        for row in rows:
            webinar_row = {c.strip(): row["w_" + c.strip()] for c in _W_COLUMNS.split(",")}
            found.append((_registration(row), _webinar(webinar_row)))
        return found

    async def _count(self, where: str, *params: Any) -> int:
        sql = f"SELECT COUNT(*) FROM webinar_registrations WHERE {where}"
        return int(await self._db.fetchval(sql, params))

    async def count_registered(self, webinar_id: int) -> int:
        return await self._count("webinar_id = ? AND status = 'registered'", webinar_id)

    async def counts(self, webinar_id: int) -> Counts:
        rows = await self._db.fetchall(
            "SELECT status, attended_at IS NOT NULL, rating, COUNT(*)"
            " FROM webinar_registrations WHERE webinar_id = ? GROUP BY 1, 2, 3",
            (webinar_id,),
        )
        registered = waiting = attended = rated = rating_sum = 0
        ratings: dict[int, int] = {}
        for status, was_there, rating, count in rows:
            if status == "waiting":
                waiting += count
            if status != "registered":
                continue
            registered += count
            attended += count if was_there else 0
            if rating is not None:
                rated += count
                rating_sum += rating * count
                ratings[int(rating)] = ratings.get(int(rating), 0) + count
        return Counts(registered, waiting, attended, rated, rating_sum, ratings)

    async def waiting_position(self, registration: Registration) -> int:
        """1 for the first in line."""
        ahead = "webinar_id = ? AND status = 'waiting' AND seq < ?"
        return 1 + await self._count(ahead, registration.webinar_id, registration.seq)

    async def first_waiting(self, webinar_id: int) -> Registration | None:
        first = "webinar_id = ? AND status = 'waiting' ORDER BY seq LIMIT 1"
        return await self._registration_where(first, webinar_id)

    async def register(
        self,
        webinar_id: int,
        user_id: int,
        status: RegStatus,
        answers: dict[str, Any],
        now: datetime,
    ) -> Registration:
        """A new registration, or a cancelled one made active again (with the next seq)."""
        stamp = to_db(now)
        async with self._db.transaction():
            seq = 1 + int(
                await self._db.fetchval(
                    "SELECT COALESCE(MAX(seq), 0) FROM webinar_registrations WHERE webinar_id = ?",
                    (webinar_id,),
                )
            )
            await self._db.execute(
                "INSERT INTO webinar_registrations (webinar_id, user_id, status, seq, answers,"
                " registered_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (webinar_id, user_id) DO UPDATE SET status = excluded.status,"
                " seq = excluded.seq, answers = excluded.answers,"
                " registered_at = excluded.registered_at, promoted_at = NULL,"
                " cancelled_at = NULL, attended_at = NULL, attended_by = NULL,"
                " rating = NULL, comment = NULL, rated_at = NULL",
                (webinar_id, user_id, status, seq, json.dumps(answers, ensure_ascii=False), stamp),
            )
            found = await self.registration(webinar_id, user_id)
        assert found is not None
        return found

    async def set_status(
        self, registration_id: int, status: RegStatus, now: datetime, *, expected: RegStatus
    ) -> bool:
        """Move a registration from `expected` to `status`; False if it was not `expected`."""
        stamp = to_db(now)
        return (
            await self._db.execute(
                "UPDATE webinar_registrations SET status = ?,"
                " promoted_at = CASE WHEN ? = 'registered' THEN ? ELSE promoted_at END,"
                " cancelled_at = CASE WHEN ? = 'cancelled' THEN ? ELSE cancelled_at END"
                " WHERE id = ? AND status = ?",
                (status, status, stamp, status, stamp, registration_id, expected),
            )
            > 0
        )

    async def set_attended(
        self, registration_id: int, at: datetime | None, by: int | None
    ) -> None:
        await self._db.execute(
            "UPDATE webinar_registrations SET attended_at = ?, attended_by = ? WHERE id = ?",
            (to_db(at), by if at is not None else None, registration_id),
        )

    async def set_rating(self, registration_id: int, rating: int, now: datetime) -> None:
        if not 1 <= rating <= 5:
            raise ValueError("a rating is 1 to 5")
        await self._db.execute(
            "UPDATE webinar_registrations SET rating = ?, rated_at = ? WHERE id = ?",
            (rating, to_db(now), registration_id),
        )

    async def set_comment(self, registration_id: int, comment: str | None) -> None:
        await self._db.execute(
            "UPDATE webinar_registrations SET comment = ? WHERE id = ?",
            (comment, registration_id),
        )

    # -- privacy ------------------------------------------------------------------------------

    async def active_of_user(self, user_id: int, since: datetime) -> list[Registration]:
        rows = await self._db.fetchall(
            f"SELECT {', '.join('r.' + c.strip() for c in _R_COLUMNS.split(','))}"
            " FROM webinar_registrations r JOIN webinars w ON w.id = r.webinar_id"
            " WHERE r.user_id = ? AND r.status <> 'cancelled' AND w.starts_at > ?",
            (user_id, to_db(since)),
        )
        return [_registration(r) for r in rows]

    async def strip_person(self, user_id: int) -> None:
        """Answers (e-mail, organisation) and comments go; attendance and ratings stay."""
        await self._db.execute(
            "UPDATE webinar_registrations SET answers = '{}', comment = NULL WHERE user_id = ?",
            (user_id,),
        )

    # -- broadcast audiences ------------------------------------------------------------------

    @staticmethod
    def registrants_condition(webinar_id: int) -> tuple[str, tuple[Any, ...]]:
        """A condition on `users u` (SQL and its parameters) that holds for the people with a
        seat in this webinar: the "registrants of webinar X" broadcast audience."""
        return (
            "EXISTS (SELECT 1 FROM webinar_registrations wr WHERE wr.user_id = u.id"
            " AND wr.webinar_id = ? AND wr.status = 'registered')",
            (webinar_id,),
        )
