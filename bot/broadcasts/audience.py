"""Who a broadcast reaches: an AND of criteria, each `(kind, value)` from a registered filter.

A filter turns a value into an SQL condition over `users u`, lists the values a staff member
may pick (that list *is* their scope: a trainer sees only their own cohorts, a regional
coordinator only their region) and says whether picking a value is required for them.
Features add their own filters (overdue borrowers, webinar registrants) with `register`, and
role segments (borrowers) with `RoleFilter.add_segment`.

Whatever the criteria, an audience is always cut to its sender's scope (`Audience.scope`), on the
server, when it is counted and again when the broadcast starts, and the sender is left out (she
saw the preview). The choices only make the screens honest; the cut is what holds.

**Who belongs to a program** (`ProgramLinks`): a person is one of a program's people when they
have an application to it (a draft too), are or were a member or a trainer of a cohort of one of
its courses, have a loan of it, or hold a seat at one of its webinars. **In a region**: their home
region (`users.region`) is it, or they have an application, a loan or a current cohort there.
**A program's people in a region** (a coordinator granted «Жарқыра · Шымкент»): one of those
links to the program is in that region — the application's, the loan's, the cohort's region, or
the home region when the link has none (a webinar seat). So an applicant to Бастау Бизнес from
Шымкент who also borrows from Жарқыра in Алматы is not in «Жарқыра · Шымкент».
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.core.access import Access
from bot.core.catalogue import Catalogue, load_catalogue
from bot.core.config import LOCALES
from bot.core.i18n import Translator
from bot.core.regions import regions
from bot.training.courses import Courses, load_courses
from storage.cohorts import CohortRepo
from storage.db import Database

Criterion = tuple[str, str]
Condition = tuple[str, tuple[Any, ...]]

# Everyone the bot may write to: not erased, and finished choosing a language.
BASE_CONDITION = "u.deleted_at IS NULL AND u.language IS NOT NULL"


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str


class AudienceFilter(Protocol):
    kind: str  # short: it travels in callback data
    label_key: str  # Fluent key of the filter's name

    def condition(self, value: str) -> Condition | None:
        """SQL over `users u` for this value, or None if the value is not one of this filter's."""
        ...

    async def choices(self, access: Access, l10n: Translator) -> list[Choice]:
        """The values this person may pick, labelled in their language."""
        ...

    def required(self, access: Access) -> bool:
        """True when this person must pick a value (their scope), "all" not allowed."""
        ...


class LanguageFilter:
    kind = "lang"
    label_key = "audience-lang"

    def condition(self, value: str) -> Condition | None:
        return ("u.language = ?", (value,)) if value in LOCALES else None

    async def choices(self, access: Access, l10n: Translator) -> list[Choice]:
        return [Choice(code, l10n(f"lang-name-{code}")) for code in LOCALES]

    def required(self, access: Access) -> bool:
        return False


@dataclass(frozen=True, slots=True)
class Segment:
    value: str
    label_key: str
    condition: Condition


class RoleFilter:
    """People by what they do here. Features add segments (applicants, borrowers, …)."""

    kind = "role"
    label_key = "audience-role"

    def __init__(self, admin_ids: frozenset[int]) -> None:
        admins = ", ".join(str(i) for i in sorted(admin_ids)) or "NULL"
        self._segments: dict[str, Segment] = {}
        self.add_segment(
            "applicant",
            "audience-role-applicant",
            "EXISTS (SELECT 1 FROM applications a WHERE a.user_id = u.id AND a.status <> 'draft')",
        )
        self.add_segment(
            "trainee",
            "audience-role-trainee",
            "EXISTS (SELECT 1 FROM cohort_members m WHERE m.user_id = u.id AND m.left_at IS NULL)",
        )
        self.add_segment(
            "trainer",
            "audience-role-trainer",
            "EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'trainer')",
        )
        self.add_segment(
            "coordinator",
            "audience-role-coordinator",
            f"(u.id IN ({admins}) OR EXISTS (SELECT 1 FROM user_roles r"
            " WHERE r.user_id = u.id AND r.role = 'coordinator'))",
        )

    def add_segment(
        self, value: str, label_key: str, sql: str, params: tuple[Any, ...] = ()
    ) -> None:
        self._segments[value] = Segment(value, label_key, (sql, params))

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple(self._segments.values())

    def condition(self, value: str) -> Condition | None:
        segment = self._segments.get(value)
        return None if segment is None else segment.condition

    async def choices(self, access: Access, l10n: Translator) -> list[Choice]:
        return [Choice(s.value, l10n(s.label_key)) for s in self._segments.values()]

    def required(self, access: Access) -> bool:
        return False


def _own_regions(access: Access) -> set[str] | None:
    """A regional coordinator's regions; None for anyone who may reach every region."""
    if access.is_admin:
        return None
    grants = [g for g in access.grants if g.role == "coordinator"]
    if not grants or any(g.region is None for g in grants):
        return None
    return {g.region for g in grants if g.region is not None}


def _own_programs(access: Access) -> set[str] | None:
    """The programs a coordinator is limited to; None for one who may reach every program."""
    if access.is_admin:
        return None
    grants = [g for g in access.grants if g.role == "coordinator"]
    if not grants or any(g.program is None for g in grants):
        return None
    return {g.program for g in grants if g.program is not None}


# A person is "in" a region: their home region, or an application, a loan or a current cohort
# there (applications and loans do not always set the home region).
IN_REGION = (
    "(u.region = ?"
    " OR EXISTS (SELECT 1 FROM applications a WHERE a.user_id = u.id AND a.region = ?)"
    " OR EXISTS (SELECT 1 FROM loans l WHERE l.user_id = u.id AND l.region = ?)"
    " OR EXISTS (SELECT 1 FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id"
    " WHERE m.user_id = u.id AND m.left_at IS NULL AND c.region = ?))"
)


def in_region(region: str) -> Condition:
    return IN_REGION, (region,) * 4


class ProgramLinks:
    """What ties a person to a program, as SQL over `users u` (see the module's docstring)."""

    def __init__(self, courses: Courses) -> None:
        self._courses: dict[str, tuple[str, ...]] = {}
        for course in courses:
            if course.program is not None:
                self._courses.setdefault(course.program, ())
                self._courses[course.program] += (course.code,)

    def courses_of(self, program: str) -> tuple[str, ...]:
        return self._courses.get(program, ())

    def program_of(self, course: str | None) -> str | None:
        return next((p for p, codes in self._courses.items() if course in codes), None)

    def started_course(self, application: str = "a") -> Condition:
        """SQL: the person has done a lesson of a course of `<application>.program`."""
        pairs = [(p, c) for p, codes in self._courses.items() for c in codes]
        if not pairs:
            return "1 = 0", ()
        either = " OR ".join(f"({application}.program = ? AND lp.course = ?)" for _ in pairs)
        return (
            f"EXISTS (SELECT 1 FROM lesson_progress lp WHERE lp.user_id = u.id AND ({either}))",
            tuple(v for pair in pairs for v in pair),
        )

    def has_course(self, application: str = "a") -> Condition:
        programs = tuple(self._courses)
        if not programs:
            return "1 = 0", ()
        marks = ", ".join("?" for _ in programs)
        return f"{application}.program IN ({marks})", programs

    def belongs(self, program: str, region: str | None = None) -> Condition:
        """One of `program`'s people; with `region`, through a link of the program there."""

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
        courses = self.courses_of(program)
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


class RegionFilter:
    kind = "region"
    label_key = "audience-region"

    def condition(self, value: str) -> Condition | None:
        return in_region(value) if any(r.code == value for r in regions()) else None

    async def choices(self, access: Access, l10n: Translator) -> list[Choice]:
        own = _own_regions(access)
        return [
            Choice(r.code, r.name(l10n.locale)) for r in regions() if own is None or r.code in own
        ]

    def required(self, access: Access) -> bool:
        return access.is_coordinator and _own_regions(access) is not None


class CohortFilter:
    """A cohort's current members. Trainers who are not coordinators must pick one of theirs."""

    kind = "cohort"
    label_key = "audience-cohort"

    def __init__(self, cohorts: CohortRepo, links: ProgramLinks) -> None:
        self._cohorts = cohorts
        self._links = links

    def condition(self, value: str) -> Condition | None:
        if not value.isdigit():
            return None
        return (
            "EXISTS (SELECT 1 FROM cohort_members m WHERE m.user_id = u.id"
            " AND m.cohort_id = ? AND m.left_at IS NULL)",
            (int(value),),
        )

    async def choices(self, access: Access, l10n: Translator) -> list[Choice]:
        found = []
        if access.is_coordinator:
            found = [
                c
                for c in await self._cohorts.all()
                if access.coordinates(program=self._links.program_of(c.course), region=c.region)
            ]
        if access.is_trainer:
            known = {c.id for c in found}
            found += [
                c for c in await self._cohorts.of_trainer(access.user_id) if c.id not in known
            ]
        return [Choice(str(c.id), c.name) for c in found]

    def required(self, access: Access) -> bool:
        return not access.is_coordinator


class ProgramFilter:
    """One program's people (`ProgramLinks.belongs`): the programs this coordinator covers."""

    kind = "program"
    label_key = "audience-program"

    def __init__(self, catalogue: Catalogue, links: ProgramLinks) -> None:
        self._catalogue = catalogue
        self._links = links

    def condition(self, value: str) -> Condition | None:
        return self._links.belongs(value) if self._catalogue.get(value) is not None else None

    async def choices(self, access: Access, l10n: Translator) -> list[Choice]:
        if not access.is_coordinator:
            return []
        own = _own_programs(access)
        return [
            Choice(p.code, p.name(l10n.locale))
            for p in self._catalogue
            if own is None or p.code in own
        ]

    def required(self, access: Access) -> bool:
        return False


# Application filter values: the statuses it selects (None: the approved who have not started
# their program's course). With a program chosen too, only applications to that program count.
APPLICATION_STATUSES: dict[str, tuple[str, ...] | None] = {
    "sent": ("submitted", "in_review", "info_requested", "approved", "rejected"),
    "draft": ("draft",),
    "review": ("submitted", "in_review"),
    "info": ("info_requested",),
    "approved": ("approved",),
    "idle": None,
    "rejected": ("rejected",),
}


class ApplicationFilter:
    """People by the status of their application (to the chosen program, if one is)."""

    kind = "app"
    label_key = "audience-app"

    def __init__(self, links: ProgramLinks) -> None:
        self._links = links

    def condition(self, value: str) -> Condition | None:
        return self.condition_for_program(value, None)

    def condition_for_program(self, value: str, program: str | None) -> Condition | None:
        if value not in APPLICATION_STATUSES:
            return None
        statuses = APPLICATION_STATUSES[value]
        clauses = ["a.user_id = u.id"]
        params: list[Any] = []
        if statuses is None:
            has_course, course_params = self._links.has_course()
            started, started_params = self._links.started_course()
            clauses += ["a.status = 'approved'", has_course, f"NOT {started}"]
            params += [*course_params, *started_params]
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

    async def choices(self, access: Access, l10n: Translator) -> list[Choice]:
        if not access.is_coordinator:
            return []
        return [Choice(v, l10n("audience-app-status", status=v)) for v in APPLICATION_STATUSES]

    def required(self, access: Access) -> bool:
        return False


class AudienceError(ValueError):
    """Criteria this person may not use (forged, or their scope changed)."""


class Audience:
    """The registered filters and the queries over them."""

    def __init__(
        self,
        db: Database,
        filters: Sequence[AudienceFilter] = (),
        links: ProgramLinks | None = None,
    ) -> None:
        self._db = db
        self._filters: dict[str, AudienceFilter] = {}
        self.links = links or ProgramLinks(load_courses())
        for item in filters:
            self.register(item)

    def register(self, item: AudienceFilter) -> None:
        if item.kind in self._filters:
            raise ValueError(f"audience filter {item.kind!r} is registered twice")
        self._filters[item.kind] = item

    @property
    def filters(self) -> tuple[AudienceFilter, ...]:
        return tuple(self._filters.values())

    def filter(self, kind: str) -> AudienceFilter | None:
        return self._filters.get(kind)

    def scope(self, access: Access) -> Condition | None:
        """Everyone this person may ever write to, as SQL over `users u`; None: everyone.

        The union of their grants: a coordinator's (program and/or region, as the module's
        docstring defines them) and, for a trainer, the current members of their own cohorts.
        """
        if access.is_admin or any(
            g.role == "coordinator" and g.program is None and g.region is None
            for g in access.grants
        ):
            return None
        parts: list[str] = []
        params: list[Any] = []
        for grant in access.grants:
            if grant.role != "coordinator":
                continue
            if grant.program is None:
                assert grant.region is not None
                sql, values = in_region(grant.region)
            else:
                sql, values = self.links.belongs(grant.program, grant.region)
            parts.append(sql)
            params += values
        if access.is_trainer:
            parts.append(
                "EXISTS (SELECT 1 FROM cohort_members m JOIN cohort_trainers t"
                " ON t.cohort_id = m.cohort_id WHERE m.user_id = u.id AND m.left_at IS NULL"
                " AND t.user_id = ?)"
            )
            params.append(access.user_id)
        if not parts:
            return "1 = 0", ()
        return "(" + " OR ".join(parts) + ")", tuple(params)

    def where(self, criteria: Sequence[Criterion], sender: Access | None = None) -> Condition:
        """The WHERE condition over `users u` for these criteria, and its parameters.

        With `sender`: cut to their scope, and without the sender herself.
        """
        clauses: list[str] = [BASE_CONDITION]
        params: list[Any] = []
        program = dict(criteria).get("program")
        for kind, value in criteria:
            item = self._filters.get(kind)
            condition = None
            if isinstance(item, ApplicationFilter):
                condition = item.condition_for_program(value, program)
            elif item is not None:
                condition = item.condition(value)
            if condition is None:
                raise AudienceError(f"unknown criterion {kind}={value}")
            clauses.append(condition[0])
            params.extend(condition[1])
        if sender is not None:
            clauses.append("u.id <> ?")
            params.append(sender.user_id)
            scope = self.scope(sender)
            if scope is not None:
                clauses.append(scope[0])
                params.extend(scope[1])
        return " AND ".join(clauses), tuple(params)

    def select_sql(self, criteria: Sequence[Criterion], sender: Access | None = None) -> Condition:
        """`SELECT u.id AS id FROM users u WHERE …` for these criteria, and its parameters."""
        where, params = self.where(criteria, sender)
        return f"SELECT u.id AS id FROM users u WHERE {where}", params

    async def count_by_language(
        self, criteria: Sequence[Criterion], sender: Access | None = None
    ) -> dict[str, int]:
        """How many people match, per language they read (every locale present)."""
        where, params = self.where(criteria, sender)
        rows = await self._db.fetchall(
            f"SELECT u.language, COUNT(*) FROM users u WHERE {where} GROUP BY u.language", params
        )
        counts: dict[str, int] = dict.fromkeys(LOCALES, 0)
        for language, count in rows:
            counts[language] = int(count)
        return counts

    async def defaults(self, access: Access, l10n: Translator) -> list[Criterion]:
        """Where a new broadcast starts: the first value of every filter this person must use."""
        criteria: list[Criterion] = []
        for item in self.filters:
            if item.required(access):
                choices = await item.choices(access, l10n)
                if not choices:
                    raise AudienceError(f"{item.kind}: nothing to choose from")
                criteria.append((item.kind, choices[0].value))
        return criteria

    async def check(self, access: Access, criteria: Sequence[Criterion], l10n: Translator) -> None:
        """Raise `AudienceError` unless this staff member may send to exactly these criteria."""
        if not access.is_staff:
            raise AudienceError("not staff")
        kinds = [kind for kind, _ in criteria]
        if len(set(kinds)) != len(kinds):
            raise AudienceError("a filter used twice")
        for kind, value in criteria:
            item = self._filters.get(kind)
            if item is None or item.condition(value) is None:
                raise AudienceError(f"unknown criterion {kind}={value}")
            if value not in {c.value for c in await item.choices(access, l10n)}:
                raise AudienceError(f"{kind}={value} is outside this person's scope")
        for item in self.filters:
            if item.required(access) and item.kind not in kinds:
                raise AudienceError(f"{item.kind} must be chosen")

    async def describe(
        self, access: Access, criteria: Sequence[Criterion], l10n: Translator
    ) -> list[tuple[str, str]]:
        """(filter name, chosen value's label) per criterion, for the screens."""
        described = []
        for kind, value in criteria:
            item = self._filters[kind]
            labels = {c.value: c.label for c in await item.choices(access, l10n)}
            described.append((l10n(item.label_key), labels.get(value, value)))
        return described


def standard_audience(
    db: Database,
    cohorts: CohortRepo,
    admin_ids: frozenset[int],
    catalogue: Catalogue | None = None,
    courses: Courses | None = None,
) -> Audience:
    """Language, role, region, cohort, program and application status. `catalogue` and
    `courses` default to the packaged ones."""
    links = ProgramLinks(courses or load_courses())
    return Audience(
        db,
        [
            LanguageFilter(),
            RoleFilter(admin_ids),
            RegionFilter(),
            CohortFilter(cohorts, links),
            ProgramFilter(catalogue or load_catalogue(), links),
            ApplicationFilter(links),
        ],
        links,
    )
