"""One person's whole path, and the funnel over everybody: read-only SQL across every feature.

Nothing here writes. Each feature's table is read as it is (applications, cohorts and lessons,
certificates, webinars, contest entries, loans, projects and their reports, mentorships and
check-ins); what a coordinator may see of it is decided by the service (`bot.journey`).

The funnel is one statement over a per-(person, program) table built in SQL: the course steps
are index probes run only for approved pairs (a CASE short-circuits the sub-select), the
contest, funding and repayment steps small aggregates of their own tables joined once, so
100,000 applicants take under a second on SQLite (`bench/funnel.py`). Medians come from window
functions, not from Python.

Moments are UTC text and dates local text in the tables; records keep them as text (`at`), the
service turns them into local dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage.db import Database, Row, record

# A coordinator's reach: (program, region) pairs, None in a pair meaning any; None for all.
Scope = tuple[tuple[str | None, str | None], ...] | None

# The funnel's steps, in order (their codes are the Fluent selectors of their names).
STEPS = (
    "applied",
    "approved",
    "started",
    "completed",
    "entered",
    "funded",
    "on_time",
    "repaid",
)


def scope_sql(scope: Scope, program: str, region: str) -> tuple[str, list[Any]]:
    """SQL over any table's `program` and `region` columns (given as `program` / `region`
    expressions): inside the scope's pairs."""
    if scope is None:
        return "1 = 1", []
    alternatives, params = [], []
    for grant_program, grant_region in scope:
        parts = []
        for column, value in ((program, grant_program), (region, grant_region)):
            if value is not None:
                parts.append(f"{column} = ?")
                params.append(value)
        alternatives.append("(" + (" AND ".join(parts) or "1 = 1") + ")")
    return "(" + (" OR ".join(alternatives) or "1 = 0") + ")", params


# -- one person's path ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    first_name: str | None
    last_name: str | None
    username: str | None
    region: str | None
    language: str | None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or f"id{self.id}"


@dataclass(frozen=True, slots=True)
class AppItem:
    id: int
    number: str | None
    program: str
    region: str | None
    status: str
    at: str  # submitted (or created, a draft)
    decided_at: str | None


@dataclass(frozen=True, slots=True)
class CourseItem:
    cohort_id: int
    cohort: str
    course: str | None
    region: str | None
    at: str  # joined
    left_at: str | None
    lessons: int  # done
    certificate: str | None
    completed_on: str | None


@dataclass(frozen=True, slots=True)
class WebinarItem:
    id: int
    title_kk: str
    title_ru: str
    program: str | None
    at: str  # starts
    status: str  # registered | waiting | cancelled
    attended_at: str | None


@dataclass(frozen=True, slots=True)
class EntryItem:
    id: int
    contest_id: int
    contest: str
    program: str
    region: str | None
    status: str
    at: str  # submitted, or created
    decided_at: str | None


@dataclass(frozen=True, slots=True)
class LoanItem:
    id: int
    contract: str
    program: str
    region: str | None
    at: str  # disbursed on
    status: str
    principal: int
    repaid: int
    total_due: int
    overdue: int  # owed on instalments due before `today`


@dataclass(frozen=True, slots=True)
class ProjectItem:
    id: int
    kind: str
    title: str
    program: str
    region: str | None
    amount: int
    at: str  # funded on
    status: str
    loan_id: int | None
    reports: int
    accepted: int
    late: int  # due before `today` and not submitted


@dataclass(frozen=True, slots=True)
class MentorItem:
    id: int
    mentor_id: int
    project_id: int | None
    mentor_first: str | None
    mentor_last: str | None
    program: str
    region: str | None
    at: str  # starts on
    status: str
    answered: int
    missed: int
    last_at: str | None  # the last check-in answered


@dataclass(frozen=True, slots=True)
class PathRows:
    person: Person
    applications: list[AppItem]
    courses: list[CourseItem]
    webinars: list[WebinarItem]
    entries: list[EntryItem]
    loans: list[LoanItem]
    projects: list[ProjectItem]
    mentorships: list[MentorItem]


class JourneyRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def person(self, user_id: int) -> Person | None:
        return await self._db.one(
            "SELECT id, first_name, last_name, username, region, language FROM users"
            " WHERE id = ? AND deleted_at IS NULL",
            (user_id,),
            lambda r: record(Person, r),
        )

    async def path(self, user_id: int, today: str) -> PathRows | None:
        """Everything the person did, oldest first in each part; `today` (local) decides what is
        overdue."""
        person = await self.person(user_id)
        if person is None:
            return None
        db, uid = self._db, (user_id,)

        def rows(kind: type[Any], found: Sequence[Row]) -> list[Any]:
            return [record(kind, r) for r in found]

        return PathRows(
            person,
            rows(
                AppItem,
                await db.fetchall(
                    "SELECT id, number, program, region, status,"
                    " COALESCE(submitted_at, created_at) AS at, decided_at FROM applications"
                    " WHERE user_id = ? AND status <> 'draft' ORDER BY at, id",
                    uid,
                ),
            ),
            rows(
                CourseItem,
                await db.fetchall(
                    "SELECT c.id AS cohort_id, c.name AS cohort, c.course, c.region,"
                    " m.joined_at AS at, m.left_at,"
                    " (SELECT COUNT(*) FROM lesson_progress p WHERE p.user_id = m.user_id"
                    "  AND p.course = c.course) AS lessons,"
                    " (SELECT s.number FROM certificates s WHERE s.user_id = m.user_id"
                    "  AND s.course = c.course) AS certificate,"
                    " (SELECT s.completed_on FROM certificates s WHERE s.user_id = m.user_id"
                    "  AND s.course = c.course) AS completed_on"
                    " FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id"
                    " WHERE m.user_id = ? ORDER BY m.joined_at, c.id",
                    uid,
                ),
            ),
            rows(
                WebinarItem,
                await db.fetchall(
                    "SELECT w.id, w.title_kk, w.title_ru, w.program, w.starts_at AS at,"
                    " r.status, r.attended_at FROM webinar_registrations r"
                    " JOIN webinars w ON w.id = r.webinar_id"
                    " WHERE r.user_id = ? AND w.status = 'scheduled' ORDER BY w.starts_at, w.id",
                    uid,
                ),
            ),
            rows(
                EntryItem,
                await db.fetchall(
                    "SELECT e.id, e.contest_id, c.title AS contest, c.program, c.region, e.status,"
                    " COALESCE(e.submitted_at, e.created_at) AS at, e.decided_at"
                    " FROM contest_entries e JOIN contests c ON c.id = e.contest_id"
                    " WHERE e.user_id = ? ORDER BY at, e.id",
                    uid,
                ),
            ),
            rows(
                LoanItem,
                await db.fetchall(
                    "SELECT l.id, l.contract, l.program, l.region, l.disbursed_on AS at, l.status,"
                    " l.principal, l.repaid, l.total_due,"
                    " COALESCE((SELECT SUM(i.amount - i.paid) FROM loan_instalments i"
                    "  WHERE i.loan_id = l.id AND i.paid < i.amount AND i.due_on < ?), 0)"
                    " AS overdue FROM loans l WHERE l.user_id = ? ORDER BY l.disbursed_on, l.id",
                    (today, user_id),
                ),
            ),
            rows(
                ProjectItem,
                await db.fetchall(
                    "SELECT p.id, p.kind, p.title, p.program, p.region, p.amount,"
                    " p.funded_on AS at, p.status, p.loan_id,"
                    " (SELECT COUNT(*) FROM project_reports r WHERE r.project_id = p.id)"
                    " AS reports,"
                    " (SELECT COUNT(*) FROM project_reports r WHERE r.project_id = p.id"
                    "  AND r.status = 'accepted') AS accepted,"
                    " (SELECT COUNT(*) FROM project_reports r WHERE r.project_id = p.id"
                    "  AND r.status IN ('due', 'returned') AND r.due_on < ?) AS late"
                    " FROM projects p WHERE p.user_id = ? ORDER BY p.funded_on, p.id",
                    (today, user_id),
                ),
            ),
            rows(
                MentorItem,
                await db.fetchall(
                    "SELECT m.id, m.mentor_id, m.project_id, u.first_name AS mentor_first,"
                    " u.last_name AS mentor_last, m.program, m.region, m.starts_on AS at,"
                    " m.status,"
                    " (SELECT COUNT(*) FROM mentor_checkins c WHERE c.mentorship_id = m.id"
                    "  AND c.status = 'answered') AS answered,"
                    " (SELECT COUNT(*) FROM mentor_checkins c WHERE c.mentorship_id = m.id"
                    "  AND c.status = 'missed') AS missed,"
                    " (SELECT MAX(c.answered_at) FROM mentor_checkins c"
                    "  WHERE c.mentorship_id = m.id) AS last_at"
                    " FROM mentorships m LEFT JOIN users u ON u.id = m.mentor_id"
                    " WHERE m.mentee_id = ? ORDER BY m.starts_on, m.id",
                    uid,
                ),
            ),
        )

    async def search(self, query: str, scope: Scope, *, limit: int = 8) -> list[Person]:
        """People matching a Telegram id, an application number, a phone or a name fragment,
        who have an application, a loan or a project inside `scope`."""
        text = query.strip()
        digits = "".join(ch for ch in text if ch.isdigit())
        match: list[str] = []
        params: list[Any] = []
        if text.isdigit():
            match.append("u.id = ?")
            params.append(int(text))
        if any(ch.isalpha() for ch in text) and any(ch.isdigit() for ch in text):
            match.append(
                "EXISTS (SELECT 1 FROM applications n WHERE n.user_id = u.id AND n.number = ?)"
            )
            params.append(text.upper())
        if len(digits) >= 7:  # a phone: its last ten digits, however it was typed
            match.append(
                "EXISTS (SELECT 1 FROM applications n WHERE n.user_id = u.id AND n.answers LIKE ?)"
            )
            params.append(f"%{digits[-10:]}%")
        if len(text) >= 2 and not text.isdigit():
            # SQLite's LIKE folds ASCII only: the fragment as typed, in small and in capitals.
            for form in dict.fromkeys((text, text.lower(), text.capitalize(), text.title())):
                pattern = f"%{_like(form)}%"
                match.append(
                    "(u.first_name LIKE ? ESCAPE '!' OR u.last_name LIKE ? ESCAPE '!'"
                    " OR EXISTS (SELECT 1 FROM applications n WHERE n.user_id = u.id"
                    "  AND n.status <> 'draft' AND n.answers LIKE ? ESCAPE '!')"
                    " OR EXISTS (SELECT 1 FROM loans b WHERE b.user_id = u.id"
                    "  AND b.borrower_name LIKE ? ESCAPE '!'))"
                )
                params += [pattern] * 4
        if not match:
            return []
        where_a, pa = scope_sql(scope, "a.program", "a.region")
        where_l, pl = scope_sql(scope, "l.program", "l.region")
        where_p, pp = scope_sql(scope, "p.program", "p.region")
        sql = (
            "SELECT u.id, u.first_name, u.last_name, u.username, u.region, u.language"
            " FROM users u"
            f" WHERE u.deleted_at IS NULL AND ({' OR '.join(match)}) AND ("
            " EXISTS (SELECT 1 FROM applications a WHERE a.user_id = u.id"
            f"  AND a.status <> 'draft' AND {where_a})"
            f" OR EXISTS (SELECT 1 FROM loans l WHERE l.user_id = u.id AND {where_l})"
            f" OR EXISTS (SELECT 1 FROM projects p WHERE p.user_id = u.id AND {where_p}))"
            " ORDER BY u.id LIMIT ?"
        )
        found = await self._db.fetchall(sql, (*params, *pa, *pl, *pp, limit))
        return [record(Person, r) for r in found]

    async def user_of_application(self, number: str) -> int | None:
        value = await self._db.fetchval(
            "SELECT user_id FROM applications WHERE number = ?", (number.strip().upper(),)
        )
        return None if value is None else int(value)

    # -- the funnel ---------------------------------------------------------------------------

    async def funnel(
        self,
        scope: Scope,
        *,
        program: str | None,
        region: str | None,
        since: str | None,
        until: str | None,
        courses: Sequence[tuple[str, str]],
        today: str,
    ) -> tuple[list[int], list[float | None]]:
        """How many (person, program) pairs reached each of `STEPS`, and the median days from
        each step to the next (None: nobody with both dates). A pair is the person's first
        submitted application of a program whose submission falls in [since, until) (UTC days,
        'YYYY-MM-DD'); a step counts only when the one before it was reached. `courses`:
        (program, course) — a program without a course passes its people through «started» and
        «completed»."""
        where, params = scope_sql(scope, "a.program", "a.region")
        conditions = [
            "a.status <> 'draft'",
            "a.submitted_at IS NOT NULL",
            where,
        ]
        if program is not None:
            conditions.append("a.program = ?")
            params.append(program)
        if region is not None:
            conditions.append("a.region = ?")
            params.append(region)
        if since is not None:
            conditions.append("a.submitted_at >= ?")
            params.append(since)
        if until is not None:
            conditions.append("a.submitted_at < ?")
            params.append(until)
        pairs = list(courses) or [("", "")]
        values = ", ".join("(CAST(? AS TEXT), CAST(? AS TEXT))" for _ in pairs)
        course_params = [v for pair in pairs for v in pair]
        day = self._day
        least = "LEAST" if self._db.is_postgres else "MIN"  # of values, not rows
        # One row per pair: each step's date (text; day numbers only for the medians). The
        # course steps are index probes run only for an approved pair (a CASE does not evaluate
        # its other branches); the contest, funding and repayment come from small
        # per-(person, program) aggregates of their own tables, joined once.
        pairs_sql = (
            "WITH courses (program, course) AS (VALUES " + values + "),"
            " late AS MATERIALIZED (SELECT DISTINCT i.loan_id FROM loan_instalments i"
            "  WHERE i.paid < i.amount AND i.due_on < ?),"
            " pay AS MATERIALIZED (SELECT m.loan_id, MIN(m.paid_on) AS first_on,"
            "  MAX(m.paid_on) AS last_on FROM loan_payments m WHERE m.status = 'confirmed'"
            "  GROUP BY m.loan_id),"
            " money AS MATERIALIZED (SELECT l.user_id, l.program,"
            "  MIN(l.disbursed_on) AS disbursed,"
            "  MAX(CASE WHEN l.status = 'repaid' OR t.loan_id IS NULL THEN 1 ELSE 0 END) AS ok,"
            "  MAX(CASE WHEN l.status = 'repaid' THEN 1 ELSE 0 END) AS paid,"
            "  MIN(y.first_on) AS first_paid,"
            "  MAX(CASE WHEN l.status = 'repaid' THEN y.last_on END) AS repaid_on"
            "  FROM loans l LEFT JOIN late t ON t.loan_id = l.id"
            "  LEFT JOIN pay y ON y.loan_id = l.id WHERE l.user_id IS NOT NULL"
            "  GROUP BY l.user_id, l.program),"
            " ent AS MATERIALIZED (SELECT e.user_id, k.program,"
            "  MIN(CASE WHEN e.status IN ('submitted', 'won', 'lost') THEN e.submitted_at END)"
            "  AS entered, MIN(CASE WHEN e.status = 'won' THEN SUBSTR(e.decided_at, 1, 10) END)"
            "  AS won FROM contest_entries e JOIN contests k ON k.id = e.contest_id"
            "  GROUP BY e.user_id, k.program),"
            " proj AS MATERIALIZED (SELECT j.user_id, j.program, MIN(j.funded_on) AS funded"
            "  FROM projects j GROUP BY j.user_id, j.program),"
            " base AS MATERIALIZED (SELECT a.user_id, a.program, MIN(a.submitted_at) AS applied,"
            "  MIN(CASE WHEN a.status = 'approved' THEN a.decided_at END) AS approved"
            f"  FROM applications a WHERE {' AND '.join(conditions)}"
            "  GROUP BY a.user_id, a.program),"
            " s AS MATERIALIZED (SELECT c.course,"
            "  b.applied AS d1, b.approved AS d2,"
            "  CASE WHEN b.approved IS NOT NULL AND c.course IS NOT NULL THEN"
            "  (SELECT MIN(p.done_at) FROM lesson_progress p WHERE p.user_id = b.user_id"
            "  AND p.course = c.course) END AS d3,"
            "  CASE WHEN b.approved IS NOT NULL AND c.course IS NOT NULL THEN"
            "  (SELECT x.completed_on FROM certificates x WHERE x.user_id = b.user_id"
            "  AND x.course = c.course) END AS d4,"
            "  n.entered AS d5,"
            f"  NULLIF({least}(COALESCE(n.won, '9999-12-31'), COALESCE(j.funded, '9999-12-31'),"
            "  COALESCE(m.disbursed, '9999-12-31')), '9999-12-31') AS d6,"
            "  COALESCE(m.ok, 0) AS ok, m.first_paid AS d7, m.repaid_on AS d8,"
            "  COALESCE(m.paid, 0) AS paid"
            "  FROM base b LEFT JOIN courses c ON c.program = b.program"
            "  LEFT JOIN ent n ON n.user_id = b.user_id AND n.program = b.program"
            "  LEFT JOIN proj j ON j.user_id = b.user_id AND j.program = b.program"
            "  LEFT JOIN money m ON m.user_id = b.user_id AND m.program = b.program)"
        )
        # Reached: each step needs the one before (a program without a course passes its
        # people through the two course steps).
        reached = ["1 = 1", "d2 IS NOT NULL"]
        reached.append(reached[1] + " AND (course IS NULL OR d3 IS NOT NULL)")
        reached.append(reached[1] + " AND (course IS NULL OR (d3 IS NOT NULL AND d4 IS NOT NULL))")
        reached.append(reached[3] + " AND d5 IS NOT NULL")
        reached.append(reached[4] + " AND d6 IS NOT NULL")
        reached.append(reached[5] + " AND ok = 1")
        reached.append(reached[6] + " AND paid = 1")
        # Days from each step to the next, for the pairs that reached the later one with both
        # days known (a course-less program has no course days: those gaps skip it; the contest
        # counts from the completion, or the approval where there is no course).
        earlier = ["d1", "d2", "d3", "COALESCE(d4, d2)", "d5", "d6", "d7"]
        gaps = " UNION ALL ".join(
            f"SELECT {n} AS step, {day(f'd{n}')} - {day(before)} AS days FROM s"
            f" WHERE {reached[n - 1]} AND d{n} IS NOT NULL AND {before} IS NOT NULL"
            for n, before in enumerate(earlier, start=2)
        )
        counts_sql = ", ".join(
            f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS c{n}"
            for n, condition in enumerate(reached, start=1)
        )
        empty = ", ".join(f"NULL AS c{n}" for n in range(1, len(STEPS) + 1))
        # One statement, so the per-pair table is built once: the medians' rows, then one row
        # of counts (step 0).
        found = await self._db.fetchall(
            pairs_sql + ", d AS (" + gaps + "),"
            " o AS (SELECT step, days, ROW_NUMBER() OVER (PARTITION BY step ORDER BY days) AS rn,"
            "  COUNT(*) OVER (PARTITION BY step) AS n FROM d)"
            f" SELECT step, AVG(days * 1.0) AS value, {empty} FROM o"
            " WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY step"
            f" UNION ALL SELECT 0, NULL, {counts_sql} FROM s",
            [*course_params, today, *params],
        )
        counts = [0] * len(STEPS)
        medians: list[float | None] = [None] * len(STEPS)
        for row in found:
            step = int(row["step"])
            if step == 0:
                counts = [int(row[f"c{n}"] or 0) for n in range(1, len(STEPS) + 1)]
            elif row["value"] is not None:
                medians[step - 1] = float(row["value"])
        return counts, medians

    def _day(self, column: str) -> str:
        """A text date or moment as a whole day number, on either engine."""
        if self._db.is_postgres:
            return f"(CAST(SUBSTR({column}, 1, 10) AS DATE) - DATE '2000-01-01')"
        return f"CAST(julianday(SUBSTR({column}, 1, 10)) AS INTEGER)"


def _like(text: str) -> str:
    """`text` as a literal inside a LIKE pattern (escape character `!`)."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
