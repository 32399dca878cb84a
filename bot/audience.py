"""Who a broadcast reaches: an AND of criteria, each `(kind, value)` from a registered filter.

A filter turns a value into an SQL condition over `users u`, lists the values a staff member
may pick (that list *is* their scope: a trainer sees only their own cohorts, a regional
coordinator only their region) and says whether picking a value is required for them.
Features add their own filters (program, application status, overdue borrowers, webinar
registrants) with `register`, and role segments (applicants, borrowers) with
`RoleFilter.add_segment`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.access import Access
from bot.config import LOCALES
from bot.i18n import Translator
from bot.regions import regions
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


class RegionFilter:
    kind = "region"
    label_key = "audience-region"

    def condition(self, value: str) -> Condition | None:
        return ("u.region = ?", (value,)) if any(r.code == value for r in regions()) else None

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

    def __init__(self, cohorts: CohortRepo) -> None:
        self._cohorts = cohorts

    def condition(self, value: str) -> Condition | None:
        if not value.isdigit():
            return None
        return (
            "EXISTS (SELECT 1 FROM cohort_members m WHERE m.user_id = u.id"
            " AND m.cohort_id = ? AND m.left_at IS NULL)",
            (int(value),),
        )

    async def choices(self, access: Access, l10n: Translator) -> list[Choice]:
        if access.is_coordinator:
            own = _own_regions(access)
            found = [c for c in await self._cohorts.all() if own is None or c.region in own]
        else:
            found = await self._cohorts.of_trainer(access.user_id)
        return [Choice(str(c.id), c.name) for c in found]

    def required(self, access: Access) -> bool:
        return not access.is_coordinator


class AudienceError(ValueError):
    """Criteria this person may not use (forged, or their scope changed)."""


class Audience:
    """The registered filters and the queries over them."""

    def __init__(self, db: Database, filters: Sequence[AudienceFilter] = ()) -> None:
        self._db = db
        self._filters: dict[str, AudienceFilter] = {}
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

    def where(self, criteria: Sequence[Criterion]) -> Condition:
        """The WHERE condition over `users u` for these criteria, and its parameters."""
        clauses: list[str] = [BASE_CONDITION]
        params: list[Any] = []
        for kind, value in criteria:
            item = self._filters.get(kind)
            condition = item.condition(value) if item is not None else None
            if condition is None:
                raise AudienceError(f"unknown criterion {kind}={value}")
            clauses.append(condition[0])
            params.extend(condition[1])
        return " AND ".join(clauses), tuple(params)

    def select_sql(self, criteria: Sequence[Criterion]) -> Condition:
        """`SELECT u.id AS id FROM users u WHERE …` for these criteria, and its parameters."""
        where, params = self.where(criteria)
        return f"SELECT u.id AS id FROM users u WHERE {where}", params

    async def count_by_language(self, criteria: Sequence[Criterion]) -> dict[str, int]:
        """How many people match, per language they read (every locale present)."""
        where, params = self.where(criteria)
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


def standard_audience(db: Database, cohorts: CohortRepo, admin_ids: frozenset[int]) -> Audience:
    return Audience(
        db,
        [LanguageFilter(), RoleFilter(admin_ids), RegionFilter(), CohortFilter(cohorts)],
    )
