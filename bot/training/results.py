"""What the training service answers with: its records for the screens and its refusals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from storage.cohorts import Cohort, Member


class JoinError(Exception):
    """Why a person cannot join: a Fluent key suffix."""

    def __init__(self, reason: str, cohort: Cohort | None = None) -> None:
        super().__init__(reason)
        self.reason = reason  # 'unknown', 'finished', 'full', 'other-cohort'
        self.cohort = cohort


@dataclass(frozen=True, slots=True)
class CohortStats:
    enrolled: int
    active_7d: int
    released: int
    per_lesson: tuple[int, ...]  # trainees who finished lesson n (index n - 1), released ones
    behind: tuple[tuple[int, int], ...]  # (user id, lessons behind their plan), most first


@dataclass(frozen=True, slots=True)
class Progress:
    """A trainee of a cohort: their membership, the lessons they have done, their last one."""

    member: Member
    done: frozenset[int]
    last: datetime | None


class OutOfScope(Exception):
    """Asked of a cohort, course or region outside the presser's scope."""


@dataclass(frozen=True, slots=True)
class CohortDraft:
    """A new cohort as a coordinator describes it (the wizard's answers)."""

    course: str  # a course's code
    name: str
    region: str | None
    district: str | None
    starts_on: date
    weekdays_only: bool
    release_time: time
    capacity: int | None
    trainer: int | None  # a user id
