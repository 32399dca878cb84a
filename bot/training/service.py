"""Training: cohorts' release schedules, enrolment, lesson completion, reminders, certificates.

A cohort releases lesson n on its n-th lesson day (every day, or working days: weekdays that are
not the Republic's public holidays; never on the cohort's own days off) at its local release
time. The `training` planner (run with the other planners every 15 minutes) queues each trainee
one message a day: on a lesson day the new lesson with what is still open, on the first day
without a lesson a reminder of what is open (never twice for the same lesson). Every such
message is checked again when it is sent (`_recheck`): a person who moved or left gets nothing
from the old cohort, a lesson done or already given is not announced again, the list is today's,
and a trainee who has done nothing for days while falling behind is left to the trainer.
Keys (`lesson:<cohort>:<user>:<membership>:<what>`) make planning again harmless and let a move
cancel what the old membership had queued.
"""

from __future__ import annotations

import html
import logging
import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.catalogue import Program
from bot.core.clock import Clock
from bot.delivery.engine import Drop, Later, Notifier
from bot.delivery.links import To, link
from bot.delivery.preferences import NUDGE, REMINDER
from bot.delivery.quiet_hours import QuietHours
from bot.training.courses import Course, Courses, Lesson
from storage.applications import Application
from storage.cohorts import (
    AlreadyInCourse,
    Certificate,
    Cohort,
    CohortFull,
    CohortRepo,
    Member,
)
from storage.db import Database
from storage.outbox import NewMessage, Outbox, OutboxItem
from storage.users import UserRepo

log = logging.getLogger(__name__)

# Planning looks this far back (a restart after an outage still sends today's lesson) and ahead.
PLAN_BACK = timedelta(hours=36)
PLAN_AHEAD = timedelta(hours=24)
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed by hand
BEHIND_BY = 3  # lessons behind one's plan that make a laggard (the trainer's list)
IDLE_AFTER = timedelta(days=3)  # a laggard with nothing done this long: daily messages stop
CATCH_UP_PACE = 2  # lessons a day asked of someone who joins after lessons opened
BACKLOG_LINES = 5  # open lessons named in a message; the rest are counted
PLAN_GROUP = 50  # cohorts planned per transaction
KEY_PREFIX = "lesson:"


# -- the schedule -------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def public_holidays(year: int) -> frozenset[date]:
    """The Republic of Kazakhstan's public holidays and the days off moved for them (the
    `holidays` package's calendar; imported on first use, a year is read once)."""
    import holidays  # only when a working-days schedule is first computed

    return frozenset(holidays.country_holidays("KZ", years=year).keys())


def is_lesson_day(cohort: Cohort, day: date) -> bool:
    """Whether the cohort may release a lesson on this local date."""
    if day in cohort.days_off:
        return False
    if cohort.weekdays_only:
        return day.weekday() < 5 and day not in public_holidays(day.year)
    return True


@lru_cache(maxsize=4096)
def _lesson_days(cohort: Cohort, count: int) -> tuple[date, ...]:
    assert cohort.starts_on is not None
    days: list[date] = []
    day = cohort.starts_on
    while len(days) < count:
        if is_lesson_day(cohort, day):
            days.append(day)
        day += timedelta(days=1)
    return tuple(days)


def release_date(cohort: Cohort, number: int) -> date:
    """The local date lesson `number` (from 1) opens."""
    return _lesson_days(cohort, -(-number // 32) * 32)[number - 1]


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


# -- results ------------------------------------------------------------------------------------


class JoinError(Exception):
    """Why a person cannot join: a Fluent key suffix."""

    def __init__(self, reason: str, cohort: Cohort | None = None) -> None:
        super().__init__(reason)
        self.reason = reason  # 'unknown', 'finished', 'full', 'other-cohort'
        self.cohort = cohort


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


@dataclass(frozen=True, slots=True)
class CohortStats:
    enrolled: int
    active_7d: int
    released: int
    per_lesson: tuple[int, ...]  # trainees who finished lesson n (index n - 1), released ones
    behind: tuple[tuple[int, int], ...]  # (user id, lessons behind their plan), most first


def _generation(member: Member) -> int:
    """A membership's mark in its messages' keys: a move back is a new membership."""
    return int(member.joined_at.timestamp())


def member_key(cohort_id: int, user_id: int) -> str:
    """The key prefix of everything queued for a person as a member of a cohort."""
    return f"{KEY_PREFIX}{cohort_id}:{user_id}:"


# -- the service --------------------------------------------------------------------------------


class TrainingService:
    def __init__(
        self,
        db: Database,
        cohorts: CohortRepo,
        courses: Courses,
        outbox: Outbox,
        notifier: Notifier,
        users: UserRepo,
        clock: Clock,
        zone: ZoneInfo,
        quiet: QuietHours | None = None,
    ) -> None:
        self._db = db
        self.cohorts = cohorts
        self.courses = courses
        self._outbox = outbox
        self._notifier = notifier
        self._users = users
        self._clock = clock
        self.zone = zone
        self.quiet = quiet
        # Every lesson message is checked against today's facts when it is sent.
        notifier.check_before_send(KEY_PREFIX, self._recheck)

    def now(self) -> datetime:
        return self._clock.now()

    def today(self) -> date:
        return self.now().astimezone(self.zone).date()

    def course_of(self, cohort: Cohort) -> Course | None:
        return self.courses.get(cohort.course) if cohort.course else None

    # -- cohorts ------------------------------------------------------------------------------

    async def create_cohort(
        self,
        *,
        course: Course,
        name: str,
        region: str | None,
        district: str | None,
        starts_on: date,
        weekdays_only: bool,
        release_time: time,
        capacity: int | None,
        created_by: int,
    ) -> Cohort:
        for _ in range(10):
            code = new_join_code()
            if await self.cohorts.by_code(code) is None:
                break
        return await self.cohorts.create(
            name,
            region=region,
            district=district,
            now=self.now(),
            course=course.code,
            starts_on=starts_on,
            weekdays_only=weekdays_only,
            release_time=release_time,
            capacity=capacity,
            join_code=code,
            created_by=created_by,
        )

    def is_finished(self, cohort: Cohort) -> bool:
        course = self.course_of(cohort)
        if course is None or cohort.starts_on is None:
            return True
        return self.today() > cohort_finished_on(cohort, len(course.lessons))

    async def is_full(self, cohort: Cohort) -> bool:
        return cohort.capacity is not None and (
            await self.cohorts.count_members(cohort.id) >= cohort.capacity
        )

    async def open_cohorts(
        self, course: str, district: str | None, region: str | None, *, but: int = 0
    ) -> list[Cohort]:
        """The course's cohorts that still take people (not finished, a seat left), those in
        the district first, then the region, then anywhere; the soonest first."""
        found = []
        for other in await self.cohorts.with_course():
            if other.id == but or other.course != course or self.is_finished(other):
                continue
            if await self.is_full(other):
                continue
            closeness = (
                0
                if other.district and other.district == district
                else 1
                if other.region and other.region == region
                else 2
            )
            found.append((closeness, other.starts_on or self.today(), other.id, other))
        return [item[3] for item in sorted(found)]

    async def alternatives(self, cohort: Cohort, limit: int = 3) -> list[Cohort]:
        """Other cohorts of the course for someone a full cohort turns away."""
        assert cohort.course is not None
        found = await self.open_cohorts(
            cohort.course, cohort.district, cohort.region, but=cohort.id
        )
        return found[:limit]

    async def trainer_candidates(self, region: str | None) -> list[tuple[int, str]]:
        """People with the trainer role who can teach in this region: (id, name), by name."""
        found: dict[int, str] = {}
        for grant, person in await self._users.all_roles():
            if grant.role != "trainer" or person.deleted_at is not None:
                continue
            if grant.region is not None and region is not None and grant.region != region:
                continue
            found[person.id] = person.full_name
        return sorted(found.items(), key=lambda item: (item[1].casefold(), item[0]))

    def first_arrival(self, cohort: Cohort, quiet: QuietHours | None = None) -> datetime:
        """When lesson 1 really reaches people (local): quiet hours may hold it."""
        moment = release_moment(cohort, 1, self.zone)
        return arrival(moment, quiet or self.quiet).astimezone(self.zone)

    async def set_days_off(self, cohort: Cohort, days: frozenset[date]) -> Cohort:
        """The coordinator's days without lessons; a lesson already open stays open (a change
        that would close one is refused with ValueError)."""
        course = self.course_of(cohort)
        assert course is not None
        changed = replace(cohort, days_off=days)
        now = self.now()
        total = len(course.lessons)
        if released_count(changed, total, now, self.zone) < released_count(
            cohort, total, now, self.zone
        ):
            raise ValueError("a day off cannot close a lesson already open")
        await self.cohorts.update(changed)
        return changed

    # -- people -------------------------------------------------------------------------------

    async def join(self, user_id: int, code: str) -> Cohort:
        """Join by a code (typed or from a deep link)."""
        cohort = await self.cohorts.by_code(code.strip().upper())
        if cohort is None or self.course_of(cohort) is None:
            raise JoinError("unknown")
        return await self.enrol(user_id, cohort, check_capacity=True)

    async def enrol(self, user_id: int, cohort: Cohort, *, check_capacity: bool) -> Cohort:
        if self.is_finished(cohort):
            raise JoinError("finished", cohort)
        try:
            await self.cohorts.add_member(
                cohort.id, user_id, self.now(), check_capacity=check_capacity
            )
        except CohortFull:
            raise JoinError("full", cohort) from None
        except AlreadyInCourse as exc:
            other = await self.cohorts.get(exc.cohort_id)
            raise JoinError("other-cohort", other) from None
        # Lessons already open are there in "My courses"; the newest one comes now, with what
        # else is open and, for a late joiner, the plan to catch up.
        await self._plan_cohort(cohort, self.now(), only_user=user_id)
        log.info("user %s joined cohort %s", user_id, cohort.id)
        return cohort

    async def leave(self, user_id: int, cohort: Cohort) -> bool:
        """Out of a cohort (by their choice, a coordinator's, or a move): what it had opened to
        them stays open, and nothing it queued for them is sent any more."""
        course = self.course_of(cohort)
        now = self.now()
        async with self._db.transaction():
            if not await self.cohorts.leave(cohort.id, user_id, now):
                return False
            if course is not None:
                opened = released_count(cohort, len(course.lessons), now, self.zone)
                await self.cohorts.raise_marks(user_id, course.code, opened=opened)
            await self._outbox.cancel(member_key(cohort.id, user_id), now)
        return True

    async def move(self, user_id: int, source: Cohort, target: Cohort) -> Cohort:
        """To another cohort of the same course (a coordinator's decision): progress is per
        course, so it is kept. Leaving and joining are one unit: a `JoinError` (the target is
        full or finished) leaves the person where they were."""
        if source.course != target.course:
            raise ValueError("a trainee moves only between cohorts of one course")
        async with self._db.transaction():
            await self.leave(user_id, source)
            return await self.enrol(user_id, target, check_capacity=True)

    async def enrol_approved(self, application: Application, program: Program, by: int) -> None:
        """The applications hook: an approved training application joins a cohort of the
        program's course — in the applicant's district or region if there is one with a seat,
        the soonest to start."""
        course = self.courses.for_program(program.code)
        if course is None:
            return
        candidates = await self.open_cohorts(course.code, application.district, application.region)
        key = f"training:approved:{application.id}"
        if not candidates:
            await self._notifier.notify(
                application.user_id,
                "training-cohort-soon",
                idempotency_key=key,
                course=course.title,
            )
            return
        cohort = candidates[0]
        try:
            await self.enrol(application.user_id, cohort, check_capacity=False)
        except JoinError as exc:
            log.info("approved applicant %s not enrolled: %s", application.user_id, exc.reason)
            return
        first = self.first_arrival(cohort)
        await self._notifier.notify(
            application.user_id,
            "training-enrolled",
            idempotency_key=key,
            course=course.title,
            cohort=cohort.name,
            start=first.date(),
            time=first.strftime("%H:%M"),
        )

    async def _state(
        self, cohort: Cohort, course: Course, user_id: int, now: datetime
    ) -> CourseState:
        released = released_count(cohort, len(course.lessons), now, self.zone)
        done = await self.cohorts.done_lessons(user_id, course.code)
        marks = await self.cohorts.marks(user_id, course.code)
        return CourseState(cohort, course, released, frozenset(done), marks.opened_through)

    async def state_of(self, user_id: int) -> list[CourseState]:
        states = []
        now = self.now()
        for cohort, _member in await self.cohorts.memberships(user_id):
            course = self.course_of(cohort)
            if course is None:
                continue
            states.append(await self._state(cohort, course, user_id, now))
        return states

    async def course_state(self, user_id: int, course_code: str) -> CourseState | None:
        return next(
            (s for s in await self.state_of(user_id) if s.course.code == course_code), None
        )

    async def catch_up(self, user_id: int, cohort: Cohort) -> CatchUp | None:
        """A late joiner's plan, while they have more open than a day's pace (else None)."""
        course = self.course_of(cohort)
        member = await self.cohorts.member(cohort.id, user_id)
        if course is None or member is None:
            return None
        state = await self._state(cohort, course, user_id, self.now())
        return self._catch_up(state, member, self.now())

    def _catch_up(self, state: CourseState, member: Member, now: datetime) -> CatchUp | None:
        total = len(state.course.lessons)
        opened = len(state.open_lessons)
        if opened <= CATCH_UP_PACE:
            return None
        if expected_done(state.cohort, total, member.joined_at, now, self.zone) >= state.released:
            return None  # they joined in time: the plan is the cohort's
        level = level_date(state.cohort, total, member.joined_at, self.zone)
        return CatchUp(opened, CATCH_UP_PACE, level)

    async def complete(self, user_id: int, state: CourseState, number: int) -> Certificate | None:
        """Mark an open lesson done; the certificate when it was the last one."""
        if not 1 <= number <= len(state.course.lessons) or not state.is_open(number):
            raise ValueError("lesson not released")
        await self.cohorts.mark_done(user_id, state.course.code, number, self.now())
        done = await self.cohorts.done_lessons(user_id, state.course.code)
        if len(done) < len(state.course.lessons):
            return None
        return await self.issue_certificate(user_id, state)

    async def issue_certificate(self, user_id: int, state: CourseState) -> Certificate:
        existing = await self.cohorts.certificate_of(user_id, state.course.code)
        if existing is not None:
            return existing
        user = await self._users.require(user_id)
        certificate = Certificate(
            number=certificate_number(state.course),
            user_id=user_id,
            course=state.course.code,
            cohort_id=state.cohort.id,
            holder_name=user.full_name,
            completed_on=self.today(),
            issued_at=self.now(),
        )
        issued = await self.cohorts.issue_certificate(certificate)
        log.info("certificate %s issued to %s", issued.number, user_id)
        return issued

    # -- the planner --------------------------------------------------------------------------

    async def plan(self, now: datetime) -> int:
        """Queue the releases around now and the reminders after them; returns rows planned."""
        planned = 0
        cohorts = await self.cohorts.with_course()
        # A commit per group of cohorts: fewer commits than one per cohort, and the database is
        # never held for long away from people's replies.
        for start in range(0, len(cohorts), PLAN_GROUP):
            async with self._db.transaction():
                for cohort in cohorts[start : start + PLAN_GROUP]:
                    planned += await self._plan_cohort(cohort, now)
        return planned

    async def _plan_cohort(
        self, cohort: Cohort, now: datetime, only_user: int | None = None
    ) -> int:
        """The day's message of each lesson day within PLAN_AHEAD, once (`planned_through`):
        the release, and a reminder on the day after it when that day has no lesson. A
        newcomer (`only_user`) gets the newest open lesson now, and the ones to come."""
        course = self.course_of(cohort)
        if course is None or cohort.starts_on is None:
            return 0
        total = len(course.lessons)
        members = await self.cohorts.members(cohort.id)
        if only_user is not None:
            members = [m for m in members if m.user_id == only_user]
        if not members:
            return 0
        rows: list[NewMessage] = []
        released = released_count(cohort, total, now, self.zone)
        planned_through = cohort.planned_through
        for number in range(1, total + 1):
            moment = release_moment(cohort, number, self.zone)
            newest_for_newcomer = only_user is not None and number == released
            if moment > now + PLAN_AHEAD:
                break
            if only_user is None:
                planned_through = max(planned_through, number)
                if number <= cohort.planned_through:
                    continue  # queued by an earlier run
            if not newest_for_newcomer and moment <= now - PLAN_BACK:
                continue  # long past (the bot was down): it waits in "My courses"
            if only_user is not None and not newest_for_newcomer and moment <= now:
                continue  # a newcomer gets the newest open lesson, and the ones to come
            payload = _lesson_payload(course, course.lessons[number - 1])
            at = max(moment, now) if newest_for_newcomer else moment
            reminder = self._reminder_after(cohort, number, total)
            for member in members:
                if moment < member.joined_at and not newest_for_newcomer:
                    continue  # released before they joined: it is in "My courses"
                prefix = f"{member_key(cohort.id, member.user_id)}{_generation(member)}:"
                rows.append(NewMessage(member.user_id, "l10n", f"{prefix}{number}", at, payload))
                if reminder is not None and reminder > now:
                    day = reminder.astimezone(self.zone).date().isoformat()
                    rows.append(
                        NewMessage(
                            member.user_id,
                            "l10n",
                            f"{prefix}r{day}",
                            reminder,
                            _reminder_payload(course),
                        )
                    )
        async with self._db.transaction():  # the rows and their bookkeeping, or neither
            if only_user is None:
                await self.cohorts.set_planned_through(cohort.id, planned_through)
            if rows:
                await self._outbox.enqueue_many(rows, now)
        if rows:
            self._notifier.wake()
        return len(rows)

    def _reminder_after(self, cohort: Cohort, number: int, total: int) -> datetime | None:
        """The moment of the reminder on the day after lesson `number`'s, if that day has no
        lesson (a weekend, a holiday, a day off, the end of the course)."""
        after = release_date(cohort, number) + timedelta(days=1)
        if number < total and release_date(cohort, number + 1) == after:
            return None
        return datetime.combine(after, cohort.release_time, tzinfo=self.zone)

    # -- the message of the day, checked when it is sent --------------------------------------

    async def _recheck(self, item: OutboxItem) -> dict[str, Any] | Drop | Later:
        """What a queued lesson message says when it goes out — or why it does not: the
        membership it was queued for ended (a move, leaving), the lesson is done or was given
        in an earlier cohort, the reminder has nothing new to name, or the trainee has gone
        quiet while falling behind (the trainer's list has them now)."""
        parts = item.idempotency_key.split(":")
        if len(parts) != 5 or not all(p.isdigit() for p in parts[1:4]):
            return item.payload  # queued before the key named the membership
        cohort_id, user_id, generation = (int(part) for part in parts[1:4])
        what = parts[4]
        cohort = await self.cohorts.get(cohort_id)
        member = await self.cohorts.member(cohort_id, user_id)
        if cohort is None or member is None or _generation(member) != generation:
            return Drop("not a member")
        course = self.course_of(cohort)
        if course is None or cohort.starts_on is None:
            return Drop("no course")
        now = self.now()
        total = len(course.lessons)
        state = await self._state(cohort, course, user_id, now)
        number: int | None = None
        if what.isdigit():
            number = int(what)
            if not 1 <= number <= total:
                return Drop("no such lesson")
            if number in state.done or number <= state.given:
                return Drop("done or given")
            if not state.is_open(number):  # the schedule changed after it was queued
                return Later(release_moment(cohort, number, self.zone))
        else:
            day = date.fromisoformat(what[1:])
            if any(release_date(cohort, n) == day for n in range(1, total + 1)):
                return Drop("a lesson day")  # the schedule changed: the release says it all
        last = await self.cohorts.last_done(user_id, course.code)
        if self._gone_quiet(state, member, last, now):
            return Drop("quiet laggard")
        backlog = [lesson for lesson in state.open_lessons if lesson.number != number]
        marks = await self.cohorts.marks(user_id, course.code)
        if number is None and not any(b.number > marks.reminded_through for b in backlog):
            return Drop("reminded")  # never twice for the same lesson
        if backlog:
            await self.cohorts.raise_marks(
                user_id, course.code, reminded=max(b.number for b in backlog)
            )
        lesson = course.lessons[number - 1] if number is not None else None
        return _day_payload(course, lesson, backlog, self._catch_up(state, member, now))

    def _gone_quiet(
        self, state: CourseState, member: Member, last_done: datetime | None, now: datetime
    ) -> bool:
        """A laggard who has done nothing for IDLE_AFTER: the daily message stops."""
        total = len(state.course.lessons)
        if lag_behind(state.cohort, total, member.joined_at, state.done, now, self.zone) < (
            BEHIND_BY
        ):
            return False
        since = max(
            member.joined_at,
            release_moment(state.cohort, 1, self.zone),
            last_done or member.joined_at,
        )
        return now - since > IDLE_AFTER

    async def nudge(self, cohort: Cohort, user_ids: list[int], by: int) -> int:
        """A trainer's nudge to trainees who are behind: one per person per day."""
        course = self.course_of(cohort)
        if course is None:
            return 0
        sent = 0
        for user_id in user_ids:
            state = await self.course_state(user_id, course.code)
            lesson = state.next_lesson if state else None
            if state is None or lesson is None:
                continue
            added = await self._notifier.notify(
                user_id,
                "training-nudge",
                idempotency_key=self._nudge_key(cohort, user_id),
                course=course.title,
                behind=len(state.open_lessons),
                buttons=[
                    [
                        (
                            "training-open-lesson",
                            link(To.training_lesson, course=course.code, n=lesson.number),
                        )
                    ]
                ],
            )
            sent += added
        log.info("user %s nudged %d trainee(s) of cohort %s", by, sent, cohort.id)
        return sent

    def _nudge_key(self, cohort: Cohort, user_id: int) -> str:
        return f"lesson-nudge:{cohort.id}:{user_id}:{self.today().isoformat()}"

    async def nudged_today(self, cohort: Cohort, user_ids: list[int]) -> set[int]:
        """Who of these has had the trainer's nudge today."""
        return {
            uid
            for uid in user_ids
            if await self._outbox.get_by_key(self._nudge_key(cohort, uid)) is not None
        }

    # -- dashboard ----------------------------------------------------------------------------

    async def stats(self, cohort: Cohort) -> CohortStats:
        course = self.course_of(cohort)
        assert course is not None
        now = self.now()
        total = len(course.lessons)
        released = released_count(cohort, total, now, self.zone)
        progress = await self.cohorts.progress_of_cohort(cohort.id, course.code)
        activity = await self.cohorts.last_activity(cohort.id, course.code)
        joined = {m.user_id: m.joined_at for m in await self.cohorts.members(cohort.id)}
        week_ago = now - timedelta(days=7)
        per_lesson = tuple(
            sum(1 for done in progress.values() if n in done) for n in range(1, released + 1)
        )
        behind = sorted(
            (
                (user_id, lag_behind(cohort, total, joined[user_id], done, now, self.zone))
                for user_id, done in progress.items()
                if user_id in joined
            ),
            key=lambda item: (-item[1], item[0]),
        )
        return CohortStats(
            enrolled=len(progress),
            active_7d=sum(1 for moment in activity.values() if moment >= week_ago),
            released=released,
            per_lesson=per_lesson,
            behind=tuple(b for b in behind if b[1] >= BEHIND_BY),
        )


def _bilingual(text_kk: str, text_ru: str) -> dict[str, str]:
    return {"$kk": text_kk, "$ru": text_ru}


def _lesson_payload(course: Course, lesson: Lesson) -> dict[str, Any]:
    """The release notice as planned; `_recheck` restates it with the day's backlog. It comes at
    the trainee's chosen hour if that is later than the release (`bot.delivery.preferences`)."""
    return {"class": REMINDER, **_day_payload(course, lesson, [], None)}


def _reminder_payload(course: Course) -> dict[str, Any]:
    """A reminder as planned: `_recheck` fills in what is open when it is sent. A nudge: the
    trainee may mute it, and it comes at their hour."""
    return {
        "class": NUDGE,
        "key": "training-reminder",
        "args": {"course": _bilingual(course.title.kk, course.title.ru), "open": 0},
    }


def _day_payload(
    course: Course, lesson: Lesson | None, backlog: list[Lesson], catch_up: CatchUp | None
) -> dict[str, Any]:
    """The day's one message, rendered in each trainee's language when it is sent: the new
    lesson (if one opened) and what is still open by title, oldest first; the button opens
    the oldest."""
    shown = backlog[:BACKLOG_LINES]
    args: dict[str, Any] = {"course": _bilingual(course.title.kk, course.title.ru)}
    buttons: list[list[Any]] = []
    if backlog:
        args |= {
            "open": len(backlog),
            "more": len(backlog) - len(shown),
            "backlog": _bilingual(
                "\n".join(f"• {b.number}. {html.escape(b.title.kk)}" for b in shown),
                "\n".join(f"• {b.number}. {html.escape(b.title.ru)}" for b in shown),
            ),
            "catchup": "yes" if catch_up else "no",
            "pace": catch_up.pace if catch_up else CATCH_UP_PACE,
            "level": {"$date": (catch_up.level if catch_up else date.min).isoformat()},
        }
        oldest = link(To.training_lesson, course=course.code, n=backlog[0].number).encode()
        buttons.append(["training-open-oldest" if lesson else "training-open-lesson", oldest])
    if lesson is not None:
        args |= {
            "title": _bilingual(lesson.title.kk, lesson.title.ru),
            "number": lesson.number,
            "total": len(course.lessons),
            "minutes": lesson.minutes,
        }
        read = link(To.training_lesson, course=course.code, n=lesson.number).encode()
        buttons.append(["training-read-button" if not backlog else "training-read-new", read])
    key = (
        "training-reminder"
        if lesson is None
        else "training-lesson-released-backlog"
        if backlog
        else "training-lesson-released"
    )
    return {"key": key, "args": args, "buttons": [[b] for b in buttons]}
