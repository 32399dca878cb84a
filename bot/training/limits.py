"""A cohort's limits: what a name, a start date, a release time, a capacity and days off may be.

The coordinator's typed answers are read here (`parse_name`, `parse_start`…), and the service
checks a cohort against the same limits before it stores one (`check_cohort`): one home for the
rule, whoever asks. A value that cannot be taken raises `CohortRefused`, naming the Fluent key
that says why and its arguments.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from typing import Any

from bot.core.validators import Invalid, check_text, parse_date

NAME_MIN, NAME_MAX = 3, 120
CAPACITY_MAX = 10_000
DEFAULT_TIME = time(9, 0)  # lessons open at 09:00 unless the coordinator says otherwise
START_WITHIN = timedelta(days=365)  # a cohort starts today at the earliest, within a year
_TIME_RE = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")
_NUMBER_RE = re.compile(r"[-−]?[0-9]{1,9}")


class CohortRefused(ValueError):
    """A cohort value or change that cannot be taken: `key` (a Fluent key) and `params` say why."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = args


def example_date(today: date) -> str:
    """How a date is typed (today's, as the example in questions)."""
    return f"{today:%d.%m.%Y}"


def parse_name(text: str) -> str:
    checked = check_text(text, min_length=NAME_MIN, max_length=NAME_MAX)
    if isinstance(checked, Invalid):
        if checked.key == "text-too-short":
            raise CohortRefused("cohort-error-name-short", min=NAME_MIN)
        raise CohortRefused("cohort-error-name-long", max=NAME_MAX, over=checked.args["over"])
    return " ".join(checked.split())


def parse_start(text: str, today: date) -> date:
    latest = today + START_WITHIN
    parsed = parse_date(text, today=today, not_before=today, not_after=latest)
    if isinstance(parsed, Invalid):
        if parsed.key == "date-too-early":
            raise CohortRefused("cohort-error-date-past", today=today)
        if parsed.key == "date-too-late":
            raise CohortRefused("cohort-error-date-far", max=latest)
        raise CohortRefused("cohort-error-date-invalid", example=example_date(today))
    return parsed


def parse_time(text: str) -> time:
    match = _TIME_RE.fullmatch(text.strip())
    if match is None:
        raise CohortRefused("cohort-error-time")
    return time(int(match[1]), int(match[2]))


def parse_capacity(text: str) -> int:
    raw = "".join(text.split())
    if not _NUMBER_RE.fullmatch(raw):
        raise CohortRefused("cohort-error-capacity-invalid")
    return check_capacity(int(raw.replace("−", "-")))


def check_capacity(value: int) -> int:
    if value < 1:
        raise CohortRefused("cohort-error-capacity-min")
    if value > CAPACITY_MAX:
        raise CohortRefused("cohort-error-capacity-max", max=CAPACITY_MAX)
    return value


def parse_days_off(text: str, today: date) -> frozenset[date]:
    """Dates typed as 01.06.2026, several separated by commas or spaces."""
    days = set()
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        parsed = parse_date(part, today=today, not_before=today, not_after=today + START_WITHIN)
        if isinstance(parsed, Invalid):
            raise CohortRefused("cohort-error-days-off", example=example_date(today))
        days.add(parsed)
    return frozenset(days)


def check_values(
    *, name: str | None, starts_on: date | None, capacity: int | None, today: date
) -> None:
    """Values of a cohort about to be stored (None: not given, or not changed) within the
    limits above."""
    if name is not None:
        parse_name(name)
    if starts_on is not None:
        if starts_on < today:
            raise CohortRefused("cohort-error-date-past", today=today)
        if starts_on > today + START_WITHIN:
            raise CohortRefused("cohort-error-date-far", max=today + START_WITHIN)
    if capacity is not None:
        check_capacity(capacity)
