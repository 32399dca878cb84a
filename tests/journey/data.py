"""Rows for the journey and funnel tests. Applications and loans go through their services; the
support cycle's rows (contests, projects, mentoring) are written as their tables hold them, so
these tests do not depend on the order those features land in."""

from __future__ import annotations

from datetime import date

from storage.db import Database

T = "2026-05-01T06:00:00"


async def user(db: Database, user_id: int, first: str, last: str, language: str = "ru") -> None:
    await db.execute(
        "INSERT INTO users (id, first_name, last_name, language, created_at, last_seen_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        (user_id, first, last, language, T, T),
    )


async def application(
    db: Database,
    user_id: int,
    program: str,
    status: str,
    submitted: str,
    decided: str | None = None,
    *,
    region: str = "almaty",
    number: str | None = None,
) -> int:
    return int(
        await db.fetchval(
            "INSERT INTO applications (number, program, user_id, status, answers, region,"
            " created_at, updated_at, submitted_at, decided_at)"
            " VALUES (?, ?, ?, ?, '{}', ?, ?, ?, ?, ?) RETURNING id",
            (number, program, user_id, status, region, submitted, submitted, submitted, decided),
        )
    )


async def lessons(db: Database, user_id: int, course: str, first_on: str, count: int = 1) -> None:
    await db.executemany(
        "INSERT INTO lesson_progress (user_id, course, lesson, done_at) VALUES (?, ?, ?, ?)",
        [(user_id, course, n, first_on) for n in range(1, count + 1)],
    )


async def certificate(db: Database, user_id: int, course: str, on: str, number: str) -> None:
    await db.execute(
        "INSERT INTO certificates (number, user_id, course, holder_name, completed_on,"
        " issued_at) VALUES (?, ?, ?, 'x', ?, ?)",
        (number, user_id, course, on, T),
    )


async def contest(db: Database, program: str, title: str, region: str | None = None) -> int:
    return int(
        await db.fetchval(
            "INSERT INTO contests (program, region, title, opens_on, closes_on, rubric,"
            " created_at, updated_at) VALUES (?, ?, ?, '2026-06-01', '2026-06-30', '[]', ?, ?)"
            " RETURNING id",
            (program, region, title, T, T),
        )
    )


async def entry(
    db: Database,
    contest_id: int,
    user_id: int,
    status: str,
    submitted: str,
    decided: str | None = None,
) -> int:
    return int(
        await db.fetchval(
            "INSERT INTO contest_entries (contest_id, user_id, status, title, requested,"
            " submitted_at, decided_at, created_at, updated_at)"
            " VALUES (?, ?, ?, 'План', 1000000, ?, ?, ?, ?) RETURNING id",
            (contest_id, user_id, status, submitted, decided, submitted, submitted),
        )
    )


async def project(
    db: Database,
    user_id: int,
    program: str,
    title: str,
    funded: date,
    *,
    kind: str = "grant",
    region: str | None = "almaty",
    loan_id: int | None = None,
) -> int:
    return int(
        await db.fetchval(
            "INSERT INTO projects (kind, user_id, program, region, title, amount, funded_on,"
            " loan_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 2000000, ?, ?, ?, ?)"
            " RETURNING id",
            (kind, user_id, program, region, title, funded.isoformat(), loan_id, T, T),
        )
    )


async def report(db: Database, project_id: int, n: int, due: str, status: str) -> None:
    await db.execute(
        "INSERT INTO project_reports (project_id, n, due_on, status, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (project_id, n, due, status, T, T),
    )


async def mentorship(
    db: Database, mentee: int, mentor: int, program: str, starts: str, region: str = "almaty"
) -> int:
    found = await db.fetchval(
        "INSERT INTO mentorships (mentee_id, mentor_id, program, region, every_months,"
        " starts_on, assigned_at) VALUES (?, ?, ?, ?, 1, ?, ?) RETURNING id",
        (mentee, mentor, program, region, starts, T),
    )
    return int(found)


async def checkin(db: Database, mentorship_id: int, n: int, status: str) -> None:
    await db.execute(
        "INSERT INTO mentor_checkins (mentorship_id, n, due_on, status, answered_at, created_at)"
        " VALUES (?, ?, '2026-08-01', ?, ?, ?)",
        (mentorship_id, n, status, T if status == "answered" else None, T),
    )
