"""Who a broadcast reaches: an AND of criteria, each `(kind, value)` from a registered filter.

A filter turns a value into a condition over `users u` (its SQL is written in
`storage.audience`), lists the values a staff member
may pick (that list *is* their scope: a trainer sees only their own cohorts, a regional
coordinator only their region) and says whether picking a value is required for them.
Features add their own filters (overdue borrowers, webinar registrants) with `register`, and
role segments (borrowers) with `RoleFilter.add_segment`.

Whatever the criteria, an audience is always cut to its sender's scope (`Audience.scope`), on the
server, when it is counted and again when the broadcast starts, and the sender is left out (she
saw the preview). The choices only make the screens honest; the cut is what holds.

Who belongs to a program, and to a region, is defined in `storage.audience` (`program_people`,
`in_region`). A coordinator granted «Жарқыра · Шымкент» reaches the program's people through a
link of the program in that region: an applicant to Бастау Бизнес from Шымкент who also borrows
from Жарқыра in Алматы is not in «Жарқыра · Шымкент».
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
from storage import audience as sql
from storage.audience import AudienceRepo
from storage.audience import Condition as Condition
from storage.cohorts import CohortRepo
from storage.db import Database

Criterion = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str


class AudienceFilter(Protocol):
    kind: str  # short: it travels in callback data
    label_key: str  # Fluent key of the filter's name

    def condition(self, value: str) -> Condition | None:
        """The condition over `users u` for this value, or None if the value is not one of this
        filter's."""
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
        return sql.language_is(value) if value in LOCALES else None

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
        self._segments: dict[str, Segment] = {}
        for value, condition in (
            ("applicant", sql.APPLICANT),
            ("trainee", sql.TRAINEE),
            ("trainer", sql.TRAINER),
            ("coordinator", sql.coordinator(admin_ids)),
        ):
            self.add_segment(value, f"audience-role-{value}", *condition)

    def add_segment(
        self, value: str, label_key: str, where: str, params: tuple[Any, ...] = ()
    ) -> None:
        """A segment of people; `where` is a condition over `users u` from `storage`."""
        self._segments[value] = Segment(value, label_key, (where, params))

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


class ProgramLinks:
    """Which courses are a program's: what ties a person to a program through a cohort."""

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

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """(program, course) for every course that belongs to a program."""
        return tuple((p, c) for p, codes in self._courses.items() for c in codes)

    def belongs(self, program: str, region: str | None = None) -> Condition:
        """One of `program`'s people; with `region`, through a link of the program there."""
        return sql.program_people(program, self.courses_of(program), region)


class RegionFilter:
    kind = "region"
    label_key = "audience-region"

    def condition(self, value: str) -> Condition | None:
        return sql.in_region(value) if any(r.code == value for r in regions()) else None

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
        return sql.cohort_member(int(value)) if value.isdigit() else None

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
        return sql.application_status(APPLICATION_STATUSES[value], program, self._links.pairs)

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
        self._repo = AudienceRepo(db)
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
        """Everyone this person may ever write to, as a condition over `users u`; None: everyone.

        The union of their grants: a coordinator's (program and/or region, as the module's
        docstring defines them) and, for a trainer, the current members of their own cohorts.
        """
        if access.is_admin or any(
            g.role == "coordinator" and g.program is None and g.region is None
            for g in access.grants
        ):
            return None
        parts: list[Condition] = []
        for grant in access.grants:
            if grant.role != "coordinator":
                continue
            if grant.program is None:
                assert grant.region is not None
                parts.append(sql.in_region(grant.region))
            else:
                parts.append(self.links.belongs(grant.program, grant.region))
        if access.is_trainer:
            parts.append(sql.trained_by(access.user_id))
        return sql.any_of(parts)

    def where(self, criteria: Sequence[Criterion], sender: Access | None = None) -> Condition:
        """The condition over `users u` for these criteria.

        With `sender`: cut to their scope, and without the sender herself.
        """
        clauses: list[Condition] = [sql.EVERYONE]
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
            clauses.append(condition)
        if sender is not None:
            clauses.append(sql.not_user(sender.user_id))
            scope = self.scope(sender)
            if scope is not None:
                clauses.append(scope)
        return sql.all_of(clauses)

    def select_sql(self, criteria: Sequence[Criterion], sender: Access | None = None) -> Condition:
        """The query of the recipients' ids for these criteria (`storage.audience.select_ids`)."""
        return sql.select_ids(self.where(criteria, sender))

    async def count_by_language(
        self, criteria: Sequence[Criterion], sender: Access | None = None
    ) -> dict[str, int]:
        """How many people match, per language they read (every locale present)."""
        counts: dict[str, int] = dict.fromkeys(LOCALES, 0)
        counts.update(await self._repo.count_by_language(self.where(criteria, sender)))
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
