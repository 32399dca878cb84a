"""The schedule of a cohort, as plain functions: which local dates are lesson days (every day,
or working days: weekdays that are not the Republic's public holidays; never the cohort's own
days off), when lesson n opens and reaches people, how far a trainee is behind their plan, and
one person's place in a course (`CourseState`). No storage, no Telegram: tested on their own.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.delivery.quiet_hours import QuietHours
from bot.training.courses import Course, Lesson
from storage.cohorts import Cohort, Member

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed by hand
BEHIND_BY = 3  # lessons behind one's plan that make a laggard (the trainer's list)
CATCH_UP_PACE = 2  # lessons a day asked of someone who joins after lessons opened

# -- the schedule -------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def public_holidays(year: int) -> frozenset[date]:
    """The Republic of Kazakhstan's public holidays and the days off moved for them (the
    `holidays` package's calendar; imported on first use, a year is read once)."""
    import holidays  # only when a working-days schedule is first computed

    return frozenset(holidays.country_holidays("KZ", years=year).keys())


def is_lesson_day(cohort: Cohort, day: date) -> bool:
    """Whether the cohort may release a lesson on this local date."""
    return _is_lesson_day(day, cohort.weekdays_only, cohort.days_off)


def _is_lesson_day(day: date, weekdays_only: bool, days_off: frozenset[date]) -> bool:
    if day in days_off:
        return False
    if weekdays_only:
        return day.weekday() < 5 and day not in public_holidays(day.year)
    return True


@lru_cache(maxsize=4096)
def _lesson_days(
    starts_on: date, weekdays_only: bool, days_off: frozenset[date], count: int
) -> tuple[date, ...]:
    # Keyed by the schedule alone: a cohort read again (its planned_through moved on, a new
    # name) finds its days computed.
    days: list[date] = []
    day = starts_on
    while len(days) < count:
        if _is_lesson_day(day, weekdays_only, days_off):
            days.append(day)
        day += timedelta(days=1)
    return tuple(days)


def release_date(cohort: Cohort, number: int) -> date:
    """The local date lesson `number` (from 1) opens."""
    assert cohort.starts_on is not None
    days = _lesson_days(
        cohort.starts_on, cohort.weekdays_only, cohort.days_off, -(-number // 32) * 32
    )
    return days[number - 1]


def release_moment(cohort: Cohort, number: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(release_date(cohort, number), cohort.release_time, tzinfo=zone)


def released_count(cohort: Cohort, total: int, now: datetime, zone: ZoneInfo) -> int:
    """How many lessons are open at `now`."""
    if cohort.starts_on is None:
        return 0
    count = 0
    while count < total and release_moment(cohort, count + 1, zone) <= now:
        count += 1
    return count


def arrival(moment: datetime, quiet: QuietHours | None) -> datetime:
    """When a lesson released at `moment` reaches people: quiet hours hold it till they end."""
    return moment if quiet is None else quiet.next_allowed(moment).astimezone(moment.tzinfo)


def held_until(at: time, quiet: QuietHours | None, zone: ZoneInfo, day: date) -> time | None:
    """The time a release at `at` really arrives, when quiet hours hold it (None: on time)."""
    moment = datetime.combine(day, at, tzinfo=zone)
    arrives = arrival(moment, quiet)
    return None if arrives == moment else arrives.astimezone(zone).time()


def expected_done(
    cohort: Cohort, total: int, joined_at: datetime, now: datetime, zone: ZoneInfo
) -> int:
    """Lessons a member should have done by now: all released ones, or, for someone who joined
    after lessons opened, CATCH_UP_PACE a day since the day they joined until level."""
    released = released_count(cohort, total, now, zone)
    days = (now.astimezone(zone).date() - joined_at.astimezone(zone).date()).days + 1
    return min(released, CATCH_UP_PACE * max(days, 1))


def lag_behind(
    cohort: Cohort,
    total: int,
    joined_at: datetime,
    done: set[int] | frozenset[int],
    now: datetime,
    zone: ZoneInfo,
) -> int:
    """How many lessons a member is behind their plan (0 when on it or ahead)."""
    released = released_count(cohort, total, now, zone)
    expected = expected_done(cohort, total, joined_at, now, zone)
    return max(0, expected - len({n for n in done if n <= released}))


def level_date(cohort: Cohort, total: int, joined_at: datetime, zone: ZoneInfo) -> date:
    """The day a late joiner keeping CATCH_UP_PACE a day has done every lesson released."""
    joined = joined_at.astimezone(zone).date()
    day, released = joined, 0
    while True:
        while released < total and release_date(cohort, released + 1) <= day:
            released += 1
        if CATCH_UP_PACE * ((day - joined).days + 1) >= released:
            return day
        day += timedelta(days=1)


def cohort_finished_on(cohort: Cohort, total: int) -> date:
    return release_date(cohort, total)


def course_heading(course_title: str, cohort_name: str) -> str:
    """«Course · cohort», without saying the course twice when the cohort's name begins with it
    («Бастау Бизнес · Playground», not «Бастау Бизнес · Бастау Бизнес · Playground»)."""
    rest = cohort_rest(course_title, cohort_name)
    return f"{course_title} · {rest}" if rest else course_title


def cohort_rest(course_title: str, cohort_name: str) -> str:
    """The cohort's name less a leading course title (and the dash or dot after it)."""
    if cohort_name.casefold().startswith(course_title.casefold()):
        return cohort_name[len(course_title) :].lstrip(" ·—–-:,|").strip()
    return cohort_name


def progress_bar(done: int, total: int, width: int = 10) -> str:
    """▰▰▰▱▱ 12/30"""
    filled = round(width * done / total) if total else 0
    return "▰" * filled + "▱" * (width - filled) + f" {done}/{total}"


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(6))


def certificate_number(course: Course) -> str:
    """e.g. BASTAU-7K3M9Q: the course and six characters nobody guesses."""
    code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))
    return f"{course.code.upper()[:6]}-{code}"


@dataclass(frozen=True, slots=True)
class CourseState:
    """One person's place in one cohort's course."""

    cohort: Cohort
    course: Course
    released: int
    done: frozenset[int]
    given: int = 0  # lessons opened to them in cohorts they left: they stay open

    def is_open(self, number: int) -> bool:
        """Released in their cohort, given to them before, or done: theirs to open."""
        return number <= max(self.released, self.given) or number in self.done

    @property
    def open_lessons(self) -> list[Lesson]:
        """Open and not done, oldest first."""
        return [
            lesson
            for lesson in self.course.lessons
            if self.is_open(lesson.number) and lesson.number not in self.done
        ]

    @property
    def next_lesson(self) -> Lesson | None:
        lessons = self.open_lessons
        return lessons[0] if lessons else None

    @property
    def next_release(self) -> int | None:
        """The first lesson not open to them yet (None: every lesson is)."""
        return next(
            (n for n in range(1, len(self.course.lessons) + 1) if not self.is_open(n)), None
        )

    @property
    def finished(self) -> bool:
        return len(self.done) >= len(self.course.lessons)


@dataclass(frozen=True, slots=True)
class CatchUp:
    """A late joiner's plan: the lessons already open, a pace, and the day they are level."""

    open: int
    pace: int
    level: date


def catch_up_plan(
    state: CourseState, member: Member, now: datetime, zone: ZoneInfo
) -> CatchUp | None:
    """A late joiner's plan, while they have more open than a day's pace (else None)."""
    total = len(state.course.lessons)
    opened = len(state.open_lessons)
    if opened <= CATCH_UP_PACE:
        return None
    if expected_done(state.cohort, total, member.joined_at, now, zone) >= state.released:
        return None  # they joined in time: the plan is the cohort's
    level = level_date(state.cohort, total, member.joined_at, zone)
    return CatchUp(opened, CATCH_UP_PACE, level)
