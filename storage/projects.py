"""Funded projects (a winner's loan or an NGO's grant), their report due dates, the reports and
their photos. SQL only; the rules are `bot.projects.service`'s.

Scope as in `storage.loans`: (program, region) pairs, None in a pair meaning any, None for the
whole scope meaning everything; every list for a coordinator takes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from storage.db import Database, Row, from_db, moment, record, to_db
from storage.loans import Scope, scope_condition

PROJECT_COLUMNS = (
    "l.id, l.kind, l.user_id, l.program, l.region, l.title, l.amount, l.funded_on, l.loan_id,"
    " l.entry_id, l.reports_every_months, l.status, l.created_by, l.created_at"
)
REPORT_COLUMNS = (
    "r.id, r.project_id, r.n, r.due_on, r.status, r.people_reached, r.spent, r.jobs, r.summary,"
    " r.comment, r.submitted_at, r.decided_at, r.decided_by"
)
# The project's columns beside a report's (whose id and status keep their names).
_PROJECT_AS = (
    "l.id AS pid, l.kind, l.user_id, l.program, l.region, l.title, l.amount, l.funded_on,"
    " l.loan_id, l.entry_id, l.reports_every_months, l.status AS pstatus, l.created_by,"
    " l.created_at"
)
OPEN = ("due", "returned")  # a report the recipient still owes
# Columns the recipient fills (and the service may clear).
FILLED = ("people_reached", "spent", "jobs", "summary")


@dataclass(frozen=True, slots=True)
class Project:
    id: int
    kind: str  # 'loan' | 'grant'
    user_id: int
    program: str
    region: str | None
    title: str
    amount: int
    funded_on: date
    loan_id: int | None
    entry_id: int | None
    reports_every_months: int
    status: str  # 'active' | 'closed'
    created_by: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Report:
    id: int
    project_id: int
    n: int
    due_on: date
    status: str  # 'due' | 'submitted' | 'returned' | 'accepted'
    people_reached: int | None
    spent: int | None
    jobs: int | None
    summary: str | None
    comment: str | None  # the coordinator's, when returned
    submitted_at: datetime | None
    decided_at: datetime | None
    decided_by: int | None


@dataclass(frozen=True, slots=True)
class ReportFile:
    id: int
    field: str  # 'photo' | 'summary' (a voice summary)
    kind: str  # 'photo' | 'voice'
    file_id: str


@dataclass(frozen=True, slots=True)
class NewProject:
    kind: str
    user_id: int
    program: str
    region: str | None
    title: str
    amount: int
    funded_on: date
    reports_every_months: int
    created_by: int
    loan_id: int | None = None
    entry_id: int | None = None


@dataclass(frozen=True, slots=True)
class Listed:
    """A report with its project and the recipient's name (the coordinator's lists)."""

    report: Report
    project: Project
    name: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """Someone a coordinator may record a grant for: an approved application in scope."""

    user_id: int
    name: str
    number: str | None
    region: str | None


def _project(row: Row) -> Project:
    return record(Project, row, funded_on=date.fromisoformat, created_at=moment)


def _report(row: Row) -> Report:
    return Report(
        id=int(row["id"]),
        project_id=int(row["project_id"]),
        n=int(row["n"]),
        due_on=date.fromisoformat(row["due_on"]),
        status=row["status"],
        people_reached=row["people_reached"],
        spent=row["spent"],
        jobs=row["jobs"],
        summary=row["summary"],
        comment=row["comment"],
        submitted_at=from_db(row["submitted_at"]),
        decided_at=from_db(row["decided_at"]),
        decided_by=row["decided_by"],
    )


def _name(row: Row) -> str:
    name = " ".join(p for p in (row["first_name"], row["last_name"]) if p)
    return name or f"id{row['user_id']}"


class ProjectRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- projects -------------------------------------------------------------------------------

    async def create(self, new: NewProject, now: datetime) -> int:
        return await self.db.insert(
            "INSERT INTO projects (kind, user_id, program, region, title, amount, funded_on,"
            " loan_id, entry_id, reports_every_months, status, created_by, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)",
            (
                new.kind,
                new.user_id,
                new.program,
                new.region,
                new.title,
                new.amount,
                new.funded_on.isoformat(),
                new.loan_id,
                new.entry_id,
                new.reports_every_months,
                new.created_by,
                to_db(now),
                to_db(now),
            ),
        )

    async def get(self, project_id: int) -> Project | None:
        return await self.db.one(
            f"SELECT {PROJECT_COLUMNS} FROM projects l WHERE l.id = ?", (project_id,), _project
        )

    async def by_loan(self, loan_id: int) -> Project | None:
        return await self.db.one(
            f"SELECT {PROJECT_COLUMNS} FROM projects l WHERE l.loan_id = ?", (loan_id,), _project
        )

    async def by_entry(self, entry_id: int) -> Project | None:
        return await self.db.one(
            f"SELECT {PROJECT_COLUMNS} FROM projects l WHERE l.entry_id = ?",
            (entry_id,),
            _project,
        )

    async def by_title(self, user_id: int, title: str) -> Project | None:
        return await self.db.one(
            f"SELECT {PROJECT_COLUMNS} FROM projects l WHERE l.user_id = ? AND l.title = ?"
            " ORDER BY l.id LIMIT 1",
            (user_id, title),
            _project,
        )

    async def of_user(self, user_id: int) -> list[Project]:
        rows = await self.db.fetchall(
            f"SELECT {PROJECT_COLUMNS} FROM projects l WHERE l.user_id = ?"
            " ORDER BY l.funded_on DESC, l.id DESC",
            (user_id,),
        )
        return [_project(r) for r in rows]

    async def in_scope(self, scope: Scope, limit: int, offset: int) -> tuple[list[Project], int]:
        where, params = scope_condition(scope)
        total = await self.db.fetchval(f"SELECT COUNT(*) FROM projects l WHERE {where}", params)
        rows = await self.db.fetchall(
            f"SELECT {PROJECT_COLUMNS} FROM projects l WHERE {where}"
            " ORDER BY l.status, l.funded_on DESC, l.id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [_project(r) for r in rows], int(total or 0)

    async def set_project_status(self, project_id: int, status: str, now: datetime) -> None:
        await self.db.execute(
            "UPDATE projects SET status = ?, updated_at = ? WHERE id = ?",
            (status, to_db(now), project_id),
        )

    # -- reports --------------------------------------------------------------------------------

    async def add_report(self, project_id: int, n: int, due_on: date, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO project_reports (project_id, n, due_on, status, created_at, updated_at)"
            " VALUES (?, ?, ?, 'due', ?, ?) ON CONFLICT (project_id, n) DO NOTHING",
            (project_id, n, due_on.isoformat(), to_db(now), to_db(now)),
        )

    async def report(self, report_id: int) -> Report | None:
        return await self.db.one(
            f"SELECT {REPORT_COLUMNS} FROM project_reports r WHERE r.id = ?", (report_id,), _report
        )

    async def reports(self, project_id: int) -> list[Report]:
        rows = await self.db.fetchall(
            f"SELECT {REPORT_COLUMNS} FROM project_reports r WHERE r.project_id = ? ORDER BY r.n",
            (project_id,),
        )
        return [_report(r) for r in rows]

    async def fill(self, report_id: int, now: datetime, **values: Any) -> None:
        """Answers of the recipient (`FILLED` columns), kept as they come."""
        names = [n for n in values if n in FILLED]
        if not names:
            return
        sets = ", ".join(f"{n} = ?" for n in names)
        await self.db.execute(
            f"UPDATE project_reports SET {sets}, updated_at = ? WHERE id = ?",
            (*(values[n] for n in names), to_db(now), report_id),
        )

    async def set_report_status(
        self,
        report_id: int,
        status: str,
        now: datetime,
        *,
        expected: tuple[str, ...],
        by: int | None = None,
        comment: str | None = None,
    ) -> bool:
        """Move a report from one of `expected` to `status`; False when it was not there (a
        second press, another coordinator first)."""
        marks = ", ".join("?" for _ in expected)
        submitted = to_db(now) if status == "submitted" else None
        decided = to_db(now) if status in ("accepted", "returned") else None
        count = await self.db.execute(
            "UPDATE project_reports SET status = ?, updated_at = ?,"
            " submitted_at = COALESCE(CAST(? AS TEXT), submitted_at),"
            " decided_at = COALESCE(CAST(? AS TEXT), decided_at),"
            " decided_by = COALESCE(CAST(? AS BIGINT), decided_by),"
            " comment = CASE WHEN ? = 'returned' THEN CAST(? AS TEXT) ELSE comment END"
            f" WHERE id = ? AND status IN ({marks})",
            (status, to_db(now), submitted, decided, by, status, comment, report_id, *expected),
        )
        return count > 0

    async def files(self, report_id: int) -> list[ReportFile]:
        rows = await self.db.fetchall(
            "SELECT id, field, kind, file_id FROM project_report_files WHERE report_id = ?"
            " ORDER BY id",
            (report_id,),
        )
        return [record(ReportFile, r) for r in rows]

    async def add_file(
        self, report_id: int, field: str, kind: str, file_id: str, now: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO project_report_files (report_id, field, kind, file_id, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (report_id, field, kind, file_id, to_db(now)),
        )

    async def drop_files(self, report_id: int, field: str) -> None:
        await self.db.execute(
            "DELETE FROM project_report_files WHERE report_id = ? AND field = ?",
            (report_id, field),
        )

    # -- the coordinator's lists ----------------------------------------------------------------

    async def _listed(self, condition: str, params: tuple[Any, ...], scope: Scope) -> list[Listed]:
        where, scoped = scope_condition(scope)
        rows = await self.db.fetchall(
            f"SELECT {REPORT_COLUMNS}, {_PROJECT_AS},"
            " u.first_name, u.last_name FROM project_reports r"
            " JOIN projects l ON l.id = r.project_id LEFT JOIN users u ON u.id = l.user_id"
            f" WHERE {condition} AND {where} ORDER BY r.due_on, r.id",
            (*params, *scoped),
        )
        listed = []
        for row in rows:
            project = Project(
                id=int(row["pid"]),
                kind=row["kind"],
                user_id=int(row["user_id"]),
                program=row["program"],
                region=row["region"],
                title=row["title"],
                amount=int(row["amount"]),
                funded_on=date.fromisoformat(row["funded_on"]),
                loan_id=row["loan_id"],
                entry_id=row["entry_id"],
                reports_every_months=int(row["reports_every_months"]),
                status=row["pstatus"],
                created_by=row["created_by"],
                created_at=moment(row["created_at"]),
            )
            listed.append(Listed(_report(row), project, _name(row)))
        return listed

    async def waiting(self, scope: Scope) -> list[Listed]:
        """Submitted reports waiting for a decision."""
        return await self._listed("r.status = 'submitted'", (), scope)

    async def overdue(self, scope: Scope, today: date) -> list[Listed]:
        """Reports of active projects whose due date passed and that are not in."""
        return await self._listed(
            "r.status IN ('due', 'returned') AND r.due_on < ? AND l.status = 'active'",
            (today.isoformat(),),
            scope,
        )

    async def owed_between(self, since: date, until: date) -> list[Listed]:
        """Reports still owed, of active projects, due from `since` to `until` (the planner's)."""
        return await self._listed(
            "r.status IN ('due', 'returned') AND r.due_on >= ? AND r.due_on <= ?"
            " AND l.status = 'active'",
            (since.isoformat(), until.isoformat()),
            None,
        )

    # -- who may get a grant --------------------------------------------------------------------

    async def candidates(self, program: str, scope: Scope) -> list[Candidate]:
        """People with an approved application of the program in scope (the application's region,
        else the person's), newest application first, each once."""
        where, params = scope_condition(scope)
        where = where.replace("l.program", "a.program").replace(
            "l.region", "COALESCE(a.region, u.region)"
        )
        rows = await self.db.fetchall(
            "SELECT a.user_id, a.number, COALESCE(a.region, u.region) AS region, u.first_name,"
            " u.last_name FROM applications a JOIN users u ON u.id = a.user_id"
            " WHERE a.program = ? AND a.status = 'approved' AND u.deleted_at IS NULL"
            f" AND {where} ORDER BY a.id DESC",
            (program, *params),
        )
        seen: set[int] = set()
        found = []
        for row in rows:
            if int(row["user_id"]) in seen:
                continue
            seen.add(int(row["user_id"]))
            found.append(Candidate(int(row["user_id"]), _name(row), row["number"], row["region"]))
        return found

    async def region_of(self, user_id: int) -> str | None:
        """The person's own region (what they said at registration), if any."""
        value = await self.db.fetchval("SELECT region FROM users WHERE id = ?", (user_id,))
        return str(value) if value else None

    # -- privacy --------------------------------------------------------------------------------

    async def erase_person(self, user_id: int, now: datetime) -> None:
        """The fund keeps what it funded and the figures reported (amounts, dates, people
        reached, money spent), as it keeps a loan's contract; the person's words and photos go,
        and the project is closed, so nothing is asked of them any more."""
        mine = "project_id IN (SELECT id FROM projects WHERE user_id = ?)"
        await self.db.execute(
            f"DELETE FROM project_report_files WHERE report_id IN"
            f" (SELECT id FROM project_reports WHERE {mine})",
            (user_id,),
        )
        await self.db.execute(
            f"UPDATE project_reports SET summary = NULL, comment = NULL WHERE {mine}", (user_id,)
        )
        await self.db.execute(
            "UPDATE projects SET title = '—', status = 'closed', updated_at = ? WHERE user_id = ?",
            (to_db(now), user_id),
        )
