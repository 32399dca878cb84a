"""Applications, their attachments, the audit trail of every change, and reviewers' scores."""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, cast

from storage.db import Database, Row, found, from_db, to_db

Status = Literal[
    "draft", "submitted", "in_review", "info_requested", "approved", "rejected", "withdrawn"
]
STATUSES: tuple[Status, ...] = (
    "draft",
    "submitted",
    "in_review",
    "info_requested",
    "approved",
    "rejected",
    "withdrawn",
)
FINAL: tuple[Status, ...] = ("approved", "rejected", "withdrawn")
# Statuses in which the applicant may still withdraw (before a decision).
WITHDRAWABLE: tuple[Status, ...] = ("draft", "submitted", "in_review", "info_requested")


@dataclass(frozen=True, slots=True)
class Application:
    id: int
    number: str | None
    program: str
    user_id: int
    status: Status
    answers: dict[str, Any]
    step: str | None
    region: str | None
    district: str | None
    decision_note: str | None
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    reminded_at: datetime | None

    @property
    def reference(self) -> str:
        """The number once submitted; a draft is referred to by its id."""
        return self.number or f"#{self.id}"


@dataclass(frozen=True, slots=True)
class AttachedFile:
    id: int
    application_id: int
    field: str
    kind: str  # 'photo' | 'document' | 'voice'
    file_id: str
    file_name: str | None
    mime_type: str | None
    size: int | None


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    application_id: int
    actor_id: int | None
    kind: str  # 'status' | 'question' | 'answer' | 'note'
    from_status: str | None
    to_status: str | None
    comment: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class Score:
    reviewer_id: int
    criterion: str
    score: int


class ApplicationNotFound(LookupError):
    pass


class ActiveApplicationExists(Exception):
    """The person already has an active application to this program."""

    def __init__(self, existing: Application) -> None:
        super().__init__(existing.id)
        self.existing = existing


_COLUMNS = (
    "id, number, program, user_id, status, answers, step, region, district, decision_note,"
    " created_at, updated_at, submitted_at, decided_at, reminded_at"
)


def _application(row: Row) -> Application:
    created, updated = from_db(row["created_at"]), from_db(row["updated_at"])
    assert created is not None and updated is not None
    return Application(
        id=row["id"],
        number=row["number"],
        program=row["program"],
        user_id=row["user_id"],
        status=cast(Status, row["status"]),
        answers=json.loads(row["answers"]),
        step=row["step"],
        region=row["region"],
        district=row["district"],
        decision_note=row["decision_note"],
        created_at=created,
        updated_at=updated,
        submitted_at=from_db(row["submitted_at"]),
        decided_at=from_db(row["decided_at"]),
        reminded_at=from_db(row["reminded_at"]),
    )


def _event(row: Row) -> Event:
    at = from_db(row["at"])
    assert at is not None
    return Event(
        row["id"],
        row["application_id"],
        row["actor_id"],
        row["kind"],
        row["from_status"],
        row["to_status"],
        row["comment"],
        at,
    )


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """Which applications a reviewer sees: None means any."""

    programs: Sequence[str] | None = None
    regions: Sequence[str] | None = None
    statuses: Sequence[Status] | None = None
    # A scoped reviewer's reach: (program, region) pairs, None in a pair meaning any; an
    # application matches when one pair covers it. None: no limit.
    scopes: Sequence[tuple[str | None, str | None]] | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = ["status <> 'draft'"]
        params: list[Any] = []
        for column, values in (
            ("program", self.programs),
            ("region", self.regions),
            ("status", self.statuses),
        ):
            if values is not None:
                if not values:
                    return "1 = 0", []
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
        if self.scopes is not None and (None, None) not in self.scopes:
            if not self.scopes:
                return "1 = 0", []
            alternatives = []
            for program, region in self.scopes:
                parts = [f"{c} = ?" for c, v in (("program", program), ("region", region)) if v]
                params.extend(v for v in (program, region) if v)
                alternatives.append(" AND ".join(parts))
            clauses.append(f"(({') OR ('.join(alternatives)}))")
        return " AND ".join(clauses), params


class ApplicationRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def transaction(self) -> AbstractAsyncContextManager[None]:
        """One unit of work across several calls (joins an outer one)."""
        return self._db.transaction()

    # -- reading ------------------------------------------------------------------------------

    async def get(self, application_id: int) -> Application | None:
        return await self._db.one(
            f"SELECT {_COLUMNS} FROM applications WHERE id = ?", (application_id,), _application
        )

    async def require(self, application_id: int) -> Application:
        return found(await self.get(application_id), ApplicationNotFound(application_id))

    async def active(self, user_id: int, program: str) -> Application | None:
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM applications WHERE user_id = ? AND program = ?"
            " AND status NOT IN ('rejected', 'withdrawn')",
            (user_id, program),
        )
        return None if row is None else _application(row)

    async def of_user(self, user_id: int) -> list[Application]:
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM applications WHERE user_id = ? ORDER BY id DESC", (user_id,)
        )
        return [_application(r) for r in rows]

    async def queue(self, query: QueueFilter, *, limit: int, offset: int = 0) -> list[Application]:
        where, params = query.where()
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM applications WHERE {where}"
            " ORDER BY submitted_at, id LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [_application(r) for r in rows]

    async def count(self, query: QueueFilter) -> int:
        where, params = query.where()
        return int(
            await self._db.fetchval(f"SELECT COUNT(*) FROM applications WHERE {where}", params)
        )

    async def forgotten_drafts(self, untouched_since: datetime) -> list[Application]:
        """Drafts not changed since then and not yet reminded about."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM applications WHERE status = 'draft'"
            " AND updated_at <= ? AND reminded_at IS NULL ORDER BY id",
            (to_db(untouched_since),),
        )
        return [_application(r) for r in rows]

    # -- drafts -------------------------------------------------------------------------------

    async def create_draft(self, user_id: int, program: str, now: datetime) -> Application:
        """A new draft; `ActiveApplicationExists` when one is already active for this program."""
        stamp = to_db(now)
        async with self._db.transaction():
            existing = await self.active(user_id, program)
            if existing is not None:
                raise ActiveApplicationExists(existing)
            new_id = await self._db.insert(
                "INSERT INTO applications (program, user_id, status, created_at, updated_at)"
                " VALUES (?, ?, 'draft', ?, ?)",
                (program, user_id, stamp, stamp),
            )
        return await self.require(new_id)

    async def save_answer(
        self,
        application_id: int,
        field: str,
        value: Any,
        *,
        step: str | None,
        now: datetime,
        region: tuple[str, str | None] | None = None,
    ) -> Application:
        """Store one answer (and where the applicant goes next) at once: nothing is lost."""
        async with self._db.transaction():
            current = await self.require(application_id)
            answers = dict(current.answers)
            answers[field] = value
            await self._db.execute(
                "UPDATE applications SET answers = ?, step = ?, updated_at = ?,"
                " region = COALESCE(?, region),"
                " district = CASE WHEN CAST(? AS TEXT) IS NULL THEN district ELSE ? END"
                " WHERE id = ?",
                (
                    json.dumps(answers, ensure_ascii=False),
                    step,
                    to_db(now),
                    region[0] if region else None,
                    region[0] if region else None,
                    region[1] if region else None,
                    application_id,
                ),
            )
        return await self.require(application_id)

    async def set_step(self, application_id: int, step: str | None, now: datetime) -> None:
        await self._db.execute(
            "UPDATE applications SET step = ?, updated_at = ? WHERE id = ?",
            (step, to_db(now), application_id),
        )

    async def mark_reminded(self, application_id: int, now: datetime) -> None:
        await self._db.execute(
            "UPDATE applications SET reminded_at = ? WHERE id = ?", (to_db(now), application_id)
        )

    # -- files --------------------------------------------------------------------------------

    async def add_file(
        self,
        application_id: int,
        field: str,
        kind: str,
        file_id: str,
        *,
        file_name: str | None,
        mime_type: str | None,
        size: int | None,
        now: datetime,
    ) -> int:
        return await self._db.insert(
            "INSERT INTO application_files (application_id, field, kind, file_id, file_name,"
            " mime_type, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (application_id, field, kind, file_id, file_name, mime_type, size, to_db(now)),
        )

    async def files(self, application_id: int, field: str | None = None) -> list[AttachedFile]:
        sql = (
            "SELECT id, application_id, field, kind, file_id, file_name, mime_type, size"
            " FROM application_files WHERE application_id = ?"
        )
        params: tuple[Any, ...] = (application_id,)
        if field is not None:
            sql += " AND field = ?"
            params += (field,)
        rows = await self._db.fetchall(sql + " ORDER BY id", params)
        return [AttachedFile(*tuple(r)) for r in rows]

    async def count_files(self, application_id: int, field: str) -> int:
        return int(
            await self._db.fetchval(
                "SELECT COUNT(*) FROM application_files WHERE application_id = ? AND field = ?",
                (application_id, field),
            )
            or 0
        )

    async def clear_files(self, application_id: int, field: str) -> None:
        await self._db.execute(
            "DELETE FROM application_files WHERE application_id = ? AND field = ?",
            (application_id, field),
        )

    # -- lifecycle ----------------------------------------------------------------------------

    async def submit(self, application_id: int, prefix: str, now: datetime) -> Application | None:
        """draft → submitted with the next number of this prefix and year; None if not a draft."""
        async with self._db.transaction():
            current = await self.require(application_id)
            if current.status != "draft":
                return None
            await self._db.execute(
                "INSERT INTO application_numbers (prefix, year, last) VALUES (?, ?, 0)"
                " ON CONFLICT (prefix, year) DO NOTHING",
                (prefix, now.year),
            )
            await self._db.execute(
                "UPDATE application_numbers SET last = last + 1 WHERE prefix = ? AND year = ?",
                (prefix, now.year),
            )
            serial = await self._db.fetchval(
                "SELECT last FROM application_numbers WHERE prefix = ? AND year = ?",
                (prefix, now.year),
            )
            number = f"{prefix}-{now.year}-{int(serial):06d}"
            stamp = to_db(now)
            await self._db.execute(
                "UPDATE applications SET status = 'submitted', number = ?, step = NULL,"
                " submitted_at = ?, updated_at = ? WHERE id = ?",
                (number, stamp, stamp, application_id),
            )
            await self.add_event(
                application_id,
                actor_id=current.user_id,
                kind="status",
                from_status="draft",
                to_status="submitted",
                comment=None,
                now=now,
            )
        return await self.require(application_id)

    async def transition(
        self,
        application_id: int,
        allowed_from: Sequence[Status],
        to: Status,
        *,
        actor_id: int | None,
        comment: str | None,
        now: datetime,
    ) -> Application | None:
        """Change the status if it is one of `allowed_from`, with an audit event; else None."""
        stamp = to_db(now)
        marks = ", ".join("?" for _ in allowed_from)
        decided = to in FINAL and to != "withdrawn"
        async with self._db.transaction():
            current = await self.require(application_id)
            changed = await self._db.execute(
                "UPDATE applications SET status = ?, updated_at = ?,"
                " decided_at = CASE WHEN ? THEN ? ELSE decided_at END,"
                " decision_note = CASE WHEN ? THEN ? ELSE decision_note END"
                f" WHERE id = ? AND status IN ({marks})",
                (
                    to,
                    stamp,
                    decided,
                    stamp,
                    to == "rejected",
                    comment,
                    application_id,
                    *allowed_from,
                ),
            )
            if not changed:
                return None
            await self.add_event(
                application_id,
                actor_id=actor_id,
                kind="status",
                from_status=current.status,
                to_status=to,
                comment=comment,
                now=now,
            )
        return await self.require(application_id)

    async def add_event(
        self,
        application_id: int,
        *,
        actor_id: int | None,
        kind: str,
        comment: str | None,
        now: datetime,
        from_status: str | None = None,
        to_status: str | None = None,
    ) -> None:
        await self._db.execute(
            "INSERT INTO application_events (application_id, actor_id, kind, from_status,"
            " to_status, comment, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (application_id, actor_id, kind, from_status, to_status, comment, to_db(now)),
        )

    async def events(self, application_id: int) -> list[Event]:
        rows = await self._db.fetchall(
            "SELECT id, application_id, actor_id, kind, from_status, to_status, comment, at"
            " FROM application_events WHERE application_id = ? ORDER BY id",
            (application_id,),
        )
        return [_event(r) for r in rows]

    # -- scores -------------------------------------------------------------------------------

    async def set_score(
        self, application_id: int, reviewer_id: int, criterion: str, score: int, now: datetime
    ) -> None:
        if not 1 <= score <= 5:
            raise ValueError("a score is 1 to 5")
        await self._db.execute(
            "INSERT INTO application_scores (application_id, reviewer_id, criterion, score, at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (application_id, reviewer_id, criterion)"
            " DO UPDATE SET score = excluded.score, at = excluded.at",
            (application_id, reviewer_id, criterion, score, to_db(now)),
        )

    async def scores_of(self, application_ids: Sequence[int]) -> dict[int, list[Score]]:
        """The scores of many applications at once (an export), by application id."""
        found: dict[int, list[Score]] = {i: [] for i in application_ids}
        ids = list(found)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = await self._db.fetchall(
                "SELECT application_id, reviewer_id, criterion, score FROM application_scores"
                f" WHERE application_id IN ({', '.join('?' for _ in chunk)})"
                " ORDER BY application_id, reviewer_id, criterion",
                chunk,
            )
            for r in rows:
                found[r[0]].append(Score(r[1], r[2], int(r[3])))
        return found

    async def scores(self, application_id: int) -> list[Score]:
        rows = await self._db.fetchall(
            "SELECT reviewer_id, criterion, score FROM application_scores"
            " WHERE application_id = ? ORDER BY reviewer_id, criterion",
            (application_id,),
        )
        return [Score(r[0], r[1], int(r[2])) for r in rows]

    # -- consent and watchers -----------------------------------------------------------------

    async def has_consent(self, user_id: int) -> bool:
        """Whether the person's consent to keep personal data stands right now."""
        value = await self._db.fetchval("SELECT consent_at FROM users WHERE id = ?", (user_id,))
        return value is not None

    async def watch(self, user_id: int, program: str, now: datetime) -> None:
        """Remember that the person wants to hear when `program` opens (again)."""
        await self._db.execute(
            "INSERT INTO program_watchers (user_id, program, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id, program) DO UPDATE SET created_at = excluded.created_at,"
            " notified_at = NULL",
            (user_id, program, to_db(now)),
        )

    async def is_watching(self, user_id: int, program: str) -> bool:
        found = await self._db.fetchval(
            "SELECT 1 FROM program_watchers WHERE user_id = ? AND program = ?"
            " AND notified_at IS NULL",
            (user_id, program),
        )
        return found is not None

    async def watchers(self, program: str) -> list[int]:
        """The people waiting to hear that `program` opened."""
        rows = await self._db.fetchall(
            "SELECT user_id FROM program_watchers WHERE program = ? AND notified_at IS NULL"
            " ORDER BY created_at, user_id",
            (program,),
        )
        return [int(r[0]) for r in rows]

    async def mark_watcher_notified(self, user_id: int, program: str, now: datetime) -> None:
        await self._db.execute(
            "UPDATE program_watchers SET notified_at = ? WHERE user_id = ? AND program = ?",
            (to_db(now), user_id, program),
        )

    # -- privacy ------------------------------------------------------------------------------

    async def erase_person(self, user_id: int, now: datetime) -> None:
        """A person's data is deleted: drafts go, other applications keep only their number,
        program, status and dates (coordinators' records), without answers or files."""
        await self._db.execute(
            "DELETE FROM applications WHERE user_id = ? AND status = 'draft'", (user_id,)
        )
        await self._db.execute("DELETE FROM program_watchers WHERE user_id = ?", (user_id,))
        await self._db.execute(
            "DELETE FROM application_files WHERE application_id IN"
            " (SELECT id FROM applications WHERE user_id = ?)",
            (user_id,),
        )
        await self._db.execute(
            "UPDATE application_events SET comment = NULL WHERE kind = 'answer'"
            " AND application_id IN (SELECT id FROM applications WHERE user_id = ?)",
            (user_id,),
        )
        await self._db.execute(
            "UPDATE applications SET answers = '{}', step = NULL, updated_at = ?"
            " WHERE user_id = ?",
            (to_db(now), user_id),
        )
