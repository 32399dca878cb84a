"""Financing contests: the contests, their entries (business plans with budget lines and files)
and the jurors' scores. SQL only; the rules are `bot.contests.service`'s."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from storage.db import Database, Row, from_db, moment, to_db

ENTRY_COLUMNS = (
    "id, contest_id, user_id, status, title, answers, budget_total, own_contribution, requested,"
    " jobs, invited_at, submitted_at, decided_at, loan_id, created_at"
)
CONTEST_COLUMNS = (
    "id, program, region, cohort_id, title, opens_on, closes_on, rubric, eligibility, status,"
    " created_by, created_at, decided_at"
)


@dataclass(frozen=True, slots=True)
class RubricLine:
    code: str
    kk: str
    ru: str
    max: int

    def label(self, locale: str) -> str:
        return self.kk if locale == "kk" else self.ru


@dataclass(frozen=True, slots=True)
class Contest:
    id: int
    program: str
    region: str | None
    cohort_id: int | None
    title: str
    opens_on: date
    closes_on: date
    rubric: tuple[RubricLine, ...]
    eligibility: str  # 'completed' | 'approved' | 'anyone'
    status: str  # 'open' | 'closed' | 'decided' | 'cancelled'
    created_by: int | None
    created_at: datetime
    decided_at: datetime | None

    @property
    def max_total(self) -> int:
        return sum(line.max for line in self.rubric)


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    contest_id: int
    user_id: int
    status: str  # 'invited' | 'draft' | 'submitted' | 'won' | 'lost' | 'withdrawn'
    title: str | None
    answers: dict[str, Any]
    budget_total: int
    own_contribution: int
    requested: int
    jobs: int | None
    invited_at: datetime | None
    submitted_at: datetime | None
    decided_at: datetime | None
    loan_id: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class BudgetItem:
    id: int
    position: int
    name: str
    amount: int


@dataclass(frozen=True, slots=True)
class EntryFile:
    id: int
    kind: str  # 'photo' | 'document' | 'voice'
    file_id: str
    file_name: str | None
    field: str


@dataclass(frozen=True, slots=True)
class Score:
    entry_id: int
    juror_id: int
    status: str  # 'submitted' | 'recused'
    scores: dict[str, int]
    total: int | None
    comment: str | None


@dataclass(frozen=True, slots=True)
class Counts:
    invited: int = 0
    drafts: int = 0
    submitted: int = 0
    scored: int = 0


@dataclass(frozen=True, slots=True)
class NewContest:
    program: str
    region: str | None
    cohort_id: int | None
    title: str
    opens_on: date
    closes_on: date
    rubric: tuple[RubricLine, ...]
    eligibility: str
    created_by: int


@dataclass(frozen=True, slots=True)
class Ranked:
    """An entry with its submitted scores (recusals left out)."""

    entry: Entry
    scores: tuple[Score, ...] = field(default=())


def _contest(row: Row) -> Contest:
    rubric = tuple(
        RubricLine(str(r["code"]), str(r["kk"]), str(r["ru"]), int(r["max"]))
        for r in json.loads(row["rubric"])
    )
    return Contest(
        id=int(row["id"]),
        program=row["program"],
        region=row["region"],
        cohort_id=row["cohort_id"],
        title=row["title"],
        opens_on=date.fromisoformat(row["opens_on"]),
        closes_on=date.fromisoformat(row["closes_on"]),
        rubric=rubric,
        eligibility=row["eligibility"],
        status=row["status"],
        created_by=row["created_by"],
        created_at=moment(row["created_at"]),
        decided_at=from_db(row["decided_at"]),
    )


def _entry(row: Row) -> Entry:
    return Entry(
        id=int(row["id"]),
        contest_id=int(row["contest_id"]),
        user_id=int(row["user_id"]),
        status=row["status"],
        title=row["title"],
        answers=json.loads(row["answers"] or "{}"),
        budget_total=int(row["budget_total"]),
        own_contribution=int(row["own_contribution"]),
        requested=int(row["requested"]),
        jobs=row["jobs"],
        invited_at=from_db(row["invited_at"]),
        submitted_at=from_db(row["submitted_at"]),
        decided_at=from_db(row["decided_at"]),
        loan_id=row["loan_id"],
        created_at=moment(row["created_at"]),
    )


def _score(row: Row) -> Score:
    return Score(
        entry_id=int(row["entry_id"]),
        juror_id=int(row["juror_id"]),
        status=row["status"],
        scores={str(k): int(v) for k, v in json.loads(row["scores"] or "{}").items()},
        total=row["total"],
        comment=row["comment"],
    )


def rubric_json(rubric: tuple[RubricLine, ...]) -> str:
    return json.dumps(
        [{"code": r.code, "kk": r.kk, "ru": r.ru, "max": r.max} for r in rubric],
        ensure_ascii=False,
    )


class ContestRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- contests -------------------------------------------------------------------------------

    async def create(self, new: NewContest, now: datetime) -> Contest:
        contest_id = await self.db.insert(
            "INSERT INTO contests (program, region, cohort_id, title, opens_on, closes_on,"
            " rubric, eligibility, status, created_by, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)",
            (
                new.program,
                new.region,
                new.cohort_id,
                new.title,
                new.opens_on.isoformat(),
                new.closes_on.isoformat(),
                rubric_json(new.rubric),
                new.eligibility,
                new.created_by,
                to_db(now),
                to_db(now),
            ),
        )
        found = await self.get(contest_id)
        assert found is not None
        return found

    async def get(self, contest_id: int) -> Contest | None:
        return await self.db.one(
            f"SELECT {CONTEST_COLUMNS} FROM contests WHERE id = ?", (contest_id,), _contest
        )

    async def by_title(self, title: str) -> Contest | None:
        return await self.db.one(
            f"SELECT {CONTEST_COLUMNS} FROM contests WHERE title = ? ORDER BY id LIMIT 1",
            (title,),
            _contest,
        )

    async def all(self, statuses: tuple[str, ...]) -> list[Contest]:
        marks = ", ".join("?" for _ in statuses)
        rows = await self.db.fetchall(
            f"SELECT {CONTEST_COLUMNS} FROM contests WHERE status IN ({marks}) ORDER BY id DESC",
            statuses,
        )
        return [_contest(r) for r in rows]

    async def set_status(
        self, contest_id: int, status: str, now: datetime, by: int | None = None
    ) -> None:
        decided = to_db(now) if status == "decided" else None
        await self.db.execute(
            "UPDATE contests SET status = ?, updated_at = ?,"
            " decided_at = COALESCE(CAST(? AS TEXT), decided_at),"
            " decided_by = COALESCE(CAST(? AS BIGINT), decided_by) WHERE id = ?",
            (status, to_db(now), decided, by if decided else None, contest_id),
        )

    async def counts(self, contest_id: int) -> Counts:
        rows = await self.db.fetchall(
            "SELECT status, COUNT(*) FROM contest_entries WHERE contest_id = ? GROUP BY status",
            (contest_id,),
        )
        by = {r[0]: int(r[1]) for r in rows}
        scored = await self.db.fetchval(
            "SELECT COUNT(DISTINCT s.entry_id) FROM contest_scores s"
            " JOIN contest_entries e ON e.id = s.entry_id"
            " WHERE e.contest_id = ? AND s.status = 'submitted'",
            (contest_id,),
        )
        return Counts(
            invited=sum(by.values()),
            drafts=by.get("draft", 0),
            submitted=sum(by.get(s, 0) for s in ("submitted", "won", "lost")),
            scored=int(scored or 0),
        )

    # -- who may enter --------------------------------------------------------------------------

    async def certified(self, course: str, cohort_id: int | None, region: str | None) -> list[int]:
        """People with a certificate of the course (of that cohort; from that region: the
        cohort's, or their own when the cohort has none)."""
        rows = await self.db.fetchall(
            "SELECT c.user_id FROM certificates c"
            " JOIN users u ON u.id = c.user_id"
            " LEFT JOIN cohorts h ON h.id = c.cohort_id"
            " WHERE c.course = ? AND u.deleted_at IS NULL"
            " AND (CAST(? AS BIGINT) IS NULL OR c.cohort_id = CAST(? AS BIGINT))"
            " AND (CAST(? AS TEXT) IS NULL OR COALESCE(h.region, u.region) = CAST(? AS TEXT))"
            " ORDER BY c.user_id",
            (course, cohort_id, cohort_id, region, region),
        )
        return [int(r[0]) for r in rows]

    async def cohorts(self, course: str, region: str | None) -> list[tuple[int, str]]:
        """(id, name) of the course's cohorts (of that region), newest first."""
        rows = await self.db.fetchall(
            "SELECT id, name FROM cohorts WHERE course = ?"
            " AND (CAST(? AS TEXT) IS NULL OR region = CAST(? AS TEXT)) ORDER BY id DESC",
            (course, region, region),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    async def approved(self, program: str, region: str | None) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT DISTINCT a.user_id FROM applications a JOIN users u ON u.id = a.user_id"
            " WHERE a.program = ? AND a.status = 'approved' AND u.deleted_at IS NULL"
            " AND (CAST(? AS TEXT) IS NULL OR COALESCE(a.region, u.region) = CAST(? AS TEXT))"
            " ORDER BY a.user_id",
            (program, region, region),
        )
        return [int(r[0]) for r in rows]

    async def anyone(self, region: str | None) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT id FROM users WHERE deleted_at IS NULL AND blocked_at IS NULL"
            " AND (CAST(? AS TEXT) IS NULL OR region = CAST(? AS TEXT)) ORDER BY id",
            (region, region),
        )
        return [int(r[0]) for r in rows]

    # -- entries --------------------------------------------------------------------------------

    async def invite(self, contest_id: int, user_id: int, now: datetime) -> bool:
        """An entry 'invited' for the person; False when they have one already."""
        count = await self.db.execute(
            "INSERT INTO contest_entries (contest_id, user_id, status, invited_at, created_at,"
            " updated_at) VALUES (?, ?, 'invited', ?, ?, ?)"
            " ON CONFLICT (contest_id, user_id) DO NOTHING",
            (contest_id, user_id, to_db(now), to_db(now), to_db(now)),
        )
        return count > 0

    async def entry(self, entry_id: int) -> Entry | None:
        return await self.db.one(
            f"SELECT {ENTRY_COLUMNS} FROM contest_entries WHERE id = ?", (entry_id,), _entry
        )

    async def entry_of(self, contest_id: int, user_id: int) -> Entry | None:
        return await self.db.one(
            f"SELECT {ENTRY_COLUMNS} FROM contest_entries WHERE contest_id = ? AND user_id = ?",
            (contest_id, user_id),
            _entry,
        )

    async def by_loan(self, loan_id: int) -> Entry | None:
        return await self.db.one(
            f"SELECT {ENTRY_COLUMNS} FROM contest_entries WHERE loan_id = ?", (loan_id,), _entry
        )

    async def entries(self, contest_id: int, statuses: tuple[str, ...]) -> list[Entry]:
        marks = ", ".join("?" for _ in statuses)
        rows = await self.db.fetchall(
            f"SELECT {ENTRY_COLUMNS} FROM contest_entries WHERE contest_id = ?"
            f" AND status IN ({marks}) ORDER BY id",
            (contest_id, *statuses),
        )
        return [_entry(r) for r in rows]

    async def entries_of_user(self, user_id: int) -> list[Entry]:
        rows = await self.db.fetchall(
            f"SELECT {ENTRY_COLUMNS} FROM contest_entries WHERE user_id = ? ORDER BY id DESC",
            (user_id,),
        )
        return [_entry(r) for r in rows]

    async def save(self, entry_id: int, now: datetime, **values: Any) -> None:
        """Some of an entry's columns (answers as a dict); the rest as they are."""
        allowed = {
            "status",
            "title",
            "answers",
            "budget_total",
            "own_contribution",
            "requested",
            "jobs",
            "submitted_at",
            "decided_at",
            "decided_by",
            "loan_id",
        }
        assert set(values) <= allowed, set(values) - allowed
        sets, params = [], []
        for name, value in values.items():
            if name == "answers":
                value = json.dumps(value, ensure_ascii=False)
            elif isinstance(value, datetime):
                value = to_db(value)
            sets.append(f"{name} = ?")
            params.append(value)
        await self.db.execute(
            f"UPDATE contest_entries SET {', '.join(sets)}, updated_at = ? WHERE id = ?",
            (*params, to_db(now), entry_id),
        )

    async def set_loan(self, entry_id: int, loan_id: int, now: datetime) -> bool:
        """The entry's loan, once: False when it had one already."""
        count = await self.db.execute(
            "UPDATE contest_entries SET loan_id = ?, updated_at = ? WHERE id = ?"
            " AND loan_id IS NULL",
            (loan_id, to_db(now), entry_id),
        )
        return count > 0

    # -- budget lines and files -----------------------------------------------------------------

    async def budget(self, entry_id: int) -> list[BudgetItem]:
        rows = await self.db.fetchall(
            "SELECT id, position, name, amount FROM contest_budget_items WHERE entry_id = ?"
            " ORDER BY position",
            (entry_id,),
        )
        return [BudgetItem(int(r[0]), int(r[1]), r[2], int(r[3])) for r in rows]

    async def add_item(self, entry_id: int, name: str, amount: int) -> None:
        position = await self.db.fetchval(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM contest_budget_items WHERE entry_id = ?",
            (entry_id,),
        )
        await self.db.execute(
            "INSERT INTO contest_budget_items (entry_id, position, name, amount)"
            " VALUES (?, ?, ?, ?)",
            (entry_id, int(position), name, amount),
        )

    async def drop_last_item(self, entry_id: int) -> None:
        await self.db.execute(
            "DELETE FROM contest_budget_items WHERE entry_id = ? AND position ="
            " (SELECT MAX(position) FROM contest_budget_items WHERE entry_id = ?)",
            (entry_id, entry_id),
        )

    async def files(self, entry_id: int) -> list[EntryFile]:
        rows = await self.db.fetchall(
            "SELECT id, kind, file_id, file_name, field FROM contest_files WHERE entry_id = ?"
            " ORDER BY id",
            (entry_id,),
        )
        return [EntryFile(int(r[0]), r[1], r[2], r[3], r[4]) for r in rows]

    async def add_file(
        self,
        entry_id: int,
        field_name: str,
        kind: str,
        file_id: str,
        file_name: str | None,
        mime_type: str | None,
        size: int | None,
        now: datetime,
    ) -> None:
        await self.db.execute(
            "INSERT INTO contest_files (entry_id, field, kind, file_id, file_name, mime_type,"
            " size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (entry_id, field_name, kind, file_id, file_name, mime_type, size, to_db(now)),
        )

    async def drop_files(self, entry_id: int, field_name: str) -> None:
        await self.db.execute(
            "DELETE FROM contest_files WHERE entry_id = ? AND field = ?", (entry_id, field_name)
        )

    # -- scores ---------------------------------------------------------------------------------

    async def score_of(self, entry_id: int, juror_id: int) -> Score | None:
        return await self.db.one(
            "SELECT entry_id, juror_id, status, scores, total, comment FROM contest_scores"
            " WHERE entry_id = ? AND juror_id = ?",
            (entry_id, juror_id),
            _score,
        )

    async def add_score(
        self,
        entry_id: int,
        juror_id: int,
        status: str,
        scores: dict[str, int],
        total: int | None,
        comment: str | None,
        now: datetime,
    ) -> bool:
        """One row per juror and entry, never changed: False when there is one already."""
        count = await self.db.execute(
            "INSERT INTO contest_scores (entry_id, juror_id, status, scores, total, comment,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (entry_id, juror_id) DO NOTHING",
            (entry_id, juror_id, status, json.dumps(scores), total, comment, to_db(now)),
        )
        return count > 0

    async def scores_of_contest(self, contest_id: int) -> list[Score]:
        rows = await self.db.fetchall(
            "SELECT s.entry_id, s.juror_id, s.status, s.scores, s.total, s.comment"
            " FROM contest_scores s JOIN contest_entries e ON e.id = s.entry_id"
            " WHERE e.contest_id = ? ORDER BY s.id",
            (contest_id,),
        )
        return [_score(r) for r in rows]

    async def juror_rows(self, juror_id: int) -> dict[int, str]:
        """entry id → this juror's row status (submitted, recused)."""
        rows = await self.db.fetchall(
            "SELECT entry_id, status FROM contest_scores WHERE juror_id = ?", (juror_id,)
        )
        return {int(r[0]): r[1] for r in rows}

    async def submitted_in(self, contest_ids: list[int]) -> list[Entry]:
        if not contest_ids:
            return []
        marks = ", ".join("?" for _ in contest_ids)
        rows = await self.db.fetchall(
            f"SELECT {ENTRY_COLUMNS} FROM contest_entries WHERE status = 'submitted'"
            f" AND contest_id IN ({marks}) ORDER BY submitted_at, id",
            tuple(contest_ids),
        )
        return [_entry(r) for r in rows]

    # -- privacy --------------------------------------------------------------------------------

    async def erase_person(self, user_id: int) -> None:
        """A person's plans go (their budget lines, files and the scores on them cascade) —
        except a winning plan, which is the record of what the fund financed: it keeps its
        figures, budget and scores, and loses the person's words and files. Scores they gave
        as a juror stay, as numbers without a comment."""
        await self.db.execute(
            "DELETE FROM contest_entries WHERE user_id = ? AND status <> 'won'", (user_id,)
        )
        await self.db.execute(
            "DELETE FROM contest_files WHERE entry_id IN"
            " (SELECT id FROM contest_entries WHERE user_id = ?)",
            (user_id,),
        )
        await self.db.execute(
            "UPDATE contest_entries SET answers = '{}', title = NULL WHERE user_id = ?",
            (user_id,),
        )
        await self.db.execute(
            "UPDATE contest_scores SET comment = NULL WHERE juror_id = ?", (user_id,)
        )
