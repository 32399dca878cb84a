"""Who a broadcast reaches, as SQL: conditions over `users u` and the queries that use them.

`bot.broadcasts.audience` decides which conditions a sender's criteria and scope mean (the
rules); every piece of SQL they are made of is written here. A condition is its SQL text and
its parameters; conditions combine with `all_of` and `any_of`.

**Who belongs to a program** (`program_people`): a person is one of a program's people when
they have an application to it (a draft too), are or were a member or a trainer of a cohort of
one of its courses, have a loan of it, or hold a seat at one of its webinars. **In a region**
(`in_region`): their home region (`users.region`) is it, or they have an application, a loan or
a current cohort there. **A program's people in a region**: one of those links to the program is
in that region — the application's, the loan's, the cohort's region, or the home region when the
link has none (a webinar seat).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from storage.db import Database

Condition = tuple[str, tuple[Any, ...]]

# Everyone the bot may write to: not erased, and finished choosing a language.
EVERYONE: Condition = ("u.deleted_at IS NULL AND u.language IS NOT NULL", ())
NOBODY: Condition = ("1 = 0", ())


def all_of(conditions: Iterable[Condition]) -> Condition:
    found = list(conditions)
    return " AND ".join(sql for sql, _ in found), tuple(p for _, ps in found for p in ps)


def any_of(conditions: Iterable[Condition]) -> Condition:
    found = list(conditions)
    if not found:
        return NOBODY
    return (
        "(" + " OR ".join(sql for sql, _ in found) + ")",
        tuple(p for _, ps in found for p in ps),
    )


def not_user(user_id: int) -> Condition:
    return "u.id <> ?", (user_id,)


def language_is(code: str) -> Condition:
    return "u.language = ?", (code,)


# -- what people do here (the role filter's segments) --------------------------------------------

APPLICANT: Condition = (
    "EXISTS (SELECT 1 FROM applications a WHERE a.user_id = u.id AND a.status <> 'draft')",
    (),
)
TRAINEE: Condition = (
    "EXISTS (SELECT 1 FROM cohort_members m WHERE m.user_id = u.id AND m.left_at IS NULL)",
    (),
)
TRAINER: Condition = (
    "EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'trainer')",
    (),
)


def coordinator(admin_ids: Collection[int]) -> Condition:
    """Coordinators: those granted the role and the configured admins."""
    admins = ", ".join(str(int(i)) for i in sorted(admin_ids)) or "NULL"
    return (
        f"(u.id IN ({admins}) OR EXISTS (SELECT 1 FROM user_roles r"
        " WHERE r.user_id = u.id AND r.role = 'coordinator'))",
        (),
    )


# -- where people are, what they belong to -------------------------------------------------------

# Their home region, or an application, a loan or a current cohort there (applications and loans
# do not always set the home region).
_IN_REGION = (
    "(u.region = ?"
    " OR EXISTS (SELECT 1 FROM applications a WHERE a.user_id = u.id AND a.region = ?)"
    " OR EXISTS (SELECT 1 FROM loans l WHERE l.user_id = u.id AND l.region = ?)"
    " OR EXISTS (SELECT 1 FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id"
    " WHERE m.user_id = u.id AND m.left_at IS NULL AND c.region = ?))"
)


def in_region(region: str) -> Condition:
    return _IN_REGION, (region,) * 4


def cohort_member(cohort_id: int) -> Condition:
    """A current member of this cohort."""
    return (
        "EXISTS (SELECT 1 FROM cohort_members m WHERE m.user_id = u.id"
        " AND m.cohort_id = ? AND m.left_at IS NULL)",
        (cohort_id,),
    )


def trained_by(trainer_id: int) -> Condition:
    """A current member of one of this trainer's cohorts."""
    return (
        "EXISTS (SELECT 1 FROM cohort_members m JOIN cohort_trainers t"
        " ON t.cohort_id = m.cohort_id WHERE m.user_id = u.id AND m.left_at IS NULL"
        " AND t.user_id = ?)",
        (trainer_id,),
    )


def program_people(program: str, courses: Sequence[str], region: str | None = None) -> Condition:
    """One of `program`'s people (`courses`: the program's courses); with `region`, through a
    link of the program there (see the module's docstring)."""

    def where(column: str) -> tuple[str, tuple[Any, ...]]:
        if region is None:
            return "", ()
        return f" AND COALESCE({column}, u.region) = ?", (region,)

    parts: list[str] = []
    params: list[Any] = []
    for sql, column in (
        ("SELECT 1 FROM applications a WHERE a.user_id = u.id AND a.program = ?", "a.region"),
        ("SELECT 1 FROM loans l WHERE l.user_id = u.id AND l.program = ?", "l.region"),
        (
            "SELECT 1 FROM webinar_registrations wr JOIN webinars w ON w.id = wr.webinar_id"
            " WHERE wr.user_id = u.id AND wr.status = 'registered' AND w.program = ?",
            "NULL",
        ),
    ):
        extra, extra_params = where(column)
        parts.append(f"EXISTS ({sql}{extra})")
        params += [program, *extra_params]
    if courses:
        marks = ", ".join("?" for _ in courses)
        extra, extra_params = where("c.region")
        for table in ("cohort_members", "cohort_trainers"):
            parts.append(
                f"EXISTS (SELECT 1 FROM {table} x JOIN cohorts c ON c.id = x.cohort_id"
                f" WHERE x.user_id = u.id AND c.course IN ({marks}){extra})"
            )
            params += [*courses, *extra_params]
    return "(" + " OR ".join(parts) + ")", tuple(params)


def application_status(
    statuses: Sequence[str] | None,
    program: str | None,
    courses: Sequence[tuple[str, str]],
) -> Condition:
    """An application in one of `statuses` (to `program`, when given). `statuses=None`: approved
    and not yet started on a course of its program (`courses`: (program, course) pairs)."""
    clauses = ["a.user_id = u.id"]
    params: list[Any] = []
    if statuses is None:
        programs = tuple(dict.fromkeys(p for p, _ in courses))
        if not programs:
            clauses += ["a.status = 'approved'", "1 = 0"]  # no program has a course
        else:
            either = " OR ".join("(a.program = ? AND lp.course = ?)" for _ in courses)
            clauses += [
                "a.status = 'approved'",
                f"a.program IN ({', '.join('?' for _ in programs)})",
                "NOT EXISTS (SELECT 1 FROM lesson_progress lp WHERE lp.user_id = u.id"
                f" AND ({either}))",
            ]
            params += [*programs, *(v for pair in courses for v in pair)]
    else:
        clauses.append(f"a.status IN ({', '.join('?' for _ in statuses)})")
        params += statuses
    if program is not None:
        clauses.append("a.program = ?")
        params.append(program)
    return (
        f"EXISTS (SELECT 1 FROM applications a WHERE {' AND '.join(clauses)})",
        tuple(params),
    )


# -- the queries ---------------------------------------------------------------------------------


def select_ids(where: Condition) -> Condition:
    """`SELECT u.id AS id FROM users u WHERE …`: the recipients, for queueing them."""
    return f"SELECT u.id AS id FROM users u WHERE {where[0]}", where[1]


class AudienceRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def count_by_language(self, where: Condition) -> dict[str, int]:
        """How many people match, per language they read (languages with nobody left out)."""
        rows = await self._db.fetchall(
            f"SELECT u.language, COUNT(*) FROM users u WHERE {where[0]} GROUP BY u.language",
            where[1],
        )
        return {str(language): int(count) for language, count in rows}
