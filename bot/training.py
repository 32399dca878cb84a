"""Training: cohorts' release schedules, enrolment, lesson completion, reminders, certificates.

A cohort releases lesson n on the n-th day from its start (or the n-th weekday) at its local
release time. The `training` planner (run with the other planners every 15 minutes) queues each
release as an outbox row per trainee, and one reminder a day for lessons left undone for a day —
never twice for the same lesson. Keys make planning again harmless.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.catalogue import Program
from bot.clock import Clock
from bot.courses import Course, Courses, Lesson
from bot.delivery import Notifier
from handlers.callbacks import TrainCb
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
from storage.outbox import NewMessage, Outbox
from storage.users import UserRepo

log = logging.getLogger(__name__)

# Planning looks this far back (a restart after an outage still sends today's lesson) and ahead.
PLAN_BACK = timedelta(hours=36)
PLAN_AHEAD = timedelta(hours=24)
OVERDUE_AFTER = timedelta(days=1)
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed by hand
BEHIND_BY = 3
PLAN_GROUP = 50  # cohorts planned per transaction


# -- the schedule -------------------------------------------------------------------------------


def release_date(cohort: Cohort, number: int) -> date:
    """The local date lesson `number` (from 1) opens."""
    assert cohort.starts_on is not None
    if not cohort.weekdays_only:
        return cohort.starts_on + timedelta(days=number - 1)
    day = cohort.starts_on
    while day.weekday() >= 5:
        day += timedelta(days=1)
    for _ in range(number - 1):
        day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
    return day


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


def cohort_finished_on(cohort: Cohort, total: int) -> date:
    return release_date(cohort, total)


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

    @property
    def next_lesson(self) -> Lesson | None:
        for lesson in self.course.lessons[: self.released]:
            if lesson.number not in self.done:
                return lesson
        return None

    @property
    def finished(self) -> bool:
        return len(self.done) >= len(self.course.lessons)


@dataclass(frozen=True, slots=True)
class CohortStats:
    enrolled: int
    active_7d: int
    released: int
    per_lesson: tuple[int, ...]  # trainees who finished lesson n (index n - 1), released ones
    behind: tuple[tuple[int, int], ...]  # (user id, lessons behind), most behind first


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
    ) -> None:
        self._db = db
        self.cohorts = cohorts
        self.courses = courses
        self._outbox = outbox
        self._notifier = notifier
        self._users = users
        self._clock = clock
        self.zone = zone

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
        # Lessons already open are there in "My courses"; the newest one comes now.
        await self._plan_cohort(cohort, self.now(), only_user=user_id)
        log.info("user %s joined cohort %s", user_id, cohort.id)
        return cohort

    async def move(self, user_id: int, source: Cohort, target: Cohort) -> Cohort:
        """To another cohort of the same course (a coordinator's decision): progress is per
        course, so it is kept. Leaving and joining are one unit: a `JoinError` (the target is
        full or finished) leaves the person where they were."""
        if source.course != target.course:
            raise ValueError("a trainee moves only between cohorts of one course")
        async with self._db.transaction():
            await self.cohorts.leave(source.id, user_id, self.now())
            return await self.enrol(user_id, target, check_capacity=True)

    async def enrol_approved(self, application: Application, program: Program, by: int) -> None:
        """The applications hook: an approved training application joins a cohort of the
        program's course — in the applicant's district or region if there is one with a seat,
        the soonest to start."""
        course = self.courses.for_program(program.code)
        if course is None:
            return
        candidates = []
        for cohort in await self.cohorts.with_course():
            if cohort.course != course.code or self.is_finished(cohort):
                continue
            if cohort.capacity is not None and (
                await self.cohorts.count_members(cohort.id) >= cohort.capacity
            ):
                continue
            closeness = (
                0
                if cohort.district and cohort.district == application.district
                else 1
                if cohort.region and cohort.region == application.region
                else 2
            )
            candidates.append((closeness, cohort.starts_on or self.today(), cohort.id, cohort))
        key = f"training:approved:{application.id}"
        if not candidates:
            await self._notifier.notify(
                application.user_id,
                "training-cohort-soon",
                idempotency_key=key,
                course=course.title,
            )
            return
        cohort = min(candidates)[3]
        try:
            await self.enrol(application.user_id, cohort, check_capacity=False)
        except JoinError as exc:
            log.info("approved applicant %s not enrolled: %s", application.user_id, exc.reason)
            return
        assert cohort.starts_on is not None
        await self._notifier.notify(
            application.user_id,
            "training-enrolled",
            idempotency_key=key,
            course=course.title,
            cohort=cohort.name,
            start=release_date(cohort, 1),
            time=cohort.release_time.strftime("%H:%M"),
        )

    async def state_of(self, user_id: int) -> list[CourseState]:
        states = []
        now = self.now()
        for cohort, _member in await self.cohorts.memberships(user_id):
            course = self.course_of(cohort)
            if course is None:
                continue
            released = released_count(cohort, len(course.lessons), now, self.zone)
            done = await self.cohorts.done_lessons(user_id, course.code)
            states.append(CourseState(cohort, course, released, frozenset(done)))
        return states

    async def course_state(self, user_id: int, course_code: str) -> CourseState | None:
        return next(
            (s for s in await self.state_of(user_id) if s.course.code == course_code), None
        )

    async def complete(self, user_id: int, state: CourseState, number: int) -> Certificate | None:
        """Mark a released lesson done; the certificate when it was the last one."""
        if not 1 <= number <= state.released:
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
        """Queue the releases around now and today's reminders; returns rows planned."""
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
            payload = _lesson_payload(course, course.lessons[number - 1], total)
            for member in members:
                if moment < member.joined_at and not newest_for_newcomer:
                    continue  # released before they joined: it is in "My courses"
                rows.append(
                    NewMessage(
                        recipient=member.user_id,
                        kind="l10n",
                        key=f"lesson:{cohort.id}:{number}:{member.user_id}",
                        not_before=max(moment, now) if newest_for_newcomer else moment,
                        payload=payload,
                    )
                )
        async with self._db.transaction():  # the rows and their bookkeeping, or neither
            if only_user is None:
                rows += await self._reminders(cohort, course, members, now)
                await self.cohorts.set_planned_through(cohort.id, planned_through)
            if rows:
                await self._outbox.enqueue_many(rows, now)
        if rows:
            self._notifier.wake()
        return len(rows)

    async def _reminders(
        self, cohort: Cohort, course: Course, members: list[Member], now: datetime
    ) -> list[NewMessage]:
        """One reminder per trainee per day, for lessons open a day and not done, each once."""
        total = len(course.lessons)
        overdue = released_count(cohort, total, now - OVERDUE_AFTER, self.zone)
        if overdue == 0:
            return []
        if all(m.reminded_through >= overdue for m in members):
            return []
        lowest = min(m.reminded_through for m in members)
        progress = await self.cohorts.progress_of_cohort(
            cohort.id, course.code, after_lesson=lowest
        )
        moments = [release_moment(cohort, n, self.zone) for n in range(1, overdue + 1)]
        today = now.astimezone(self.zone).date().isoformat()
        await self.cohorts.set_reminded_through_all(cohort.id, overdue)
        rows = []
        for member in members:
            if member.reminded_through >= overdue:
                continue
            done = progress.get(member.user_id, set())
            missed = [
                n
                for n in range(member.reminded_through + 1, overdue + 1)
                if n not in done and moments[n - 1] >= member.joined_at
            ]
            if not missed:
                continue
            rows.append(
                NewMessage(
                    recipient=member.user_id,
                    kind="l10n",
                    key=f"lesson-remind:{cohort.id}:{member.user_id}:{today}",
                    not_before=now,
                    payload={
                        "key": "training-reminder",
                        "args": {
                            "count": len(missed),
                            "lessons": ", ".join(str(n) for n in missed),
                            "course": {"$kk": course.title.kk, "$ru": course.title.ru},
                        },
                        "buttons": [
                            [
                                [
                                    "training-open-lesson",
                                    TrainCb(
                                        action="lesson", course=course.code, n=missed[0]
                                    ).pack(),
                                ]
                            ]
                        ],
                    },
                )
            )
        return rows

    async def nudge(self, cohort: Cohort, user_ids: list[int], by: int) -> int:
        """A trainer's nudge to trainees who are behind: one per person per day."""
        course = self.course_of(cohort)
        if course is None:
            return 0
        today = self.today().isoformat()
        sent = 0
        for user_id in user_ids:
            state = await self.course_state(user_id, course.code)
            lesson = state.next_lesson if state else None
            if lesson is None:
                continue
            added = await self._notifier.notify(
                user_id,
                "training-nudge",
                idempotency_key=f"lesson-nudge:{cohort.id}:{user_id}:{today}",
                course=course.title,
                behind=state.released - len(state.done) if state else 0,
                buttons=[
                    [
                        (
                            "training-open-lesson",
                            TrainCb(action="lesson", course=course.code, n=lesson.number).pack(),
                        )
                    ]
                ],
            )
            sent += added
        log.info("user %s nudged %d trainee(s) of cohort %s", by, sent, cohort.id)
        return sent

    # -- dashboard ----------------------------------------------------------------------------

    async def stats(self, cohort: Cohort) -> CohortStats:
        course = self.course_of(cohort)
        assert course is not None
        now = self.now()
        released = released_count(cohort, len(course.lessons), now, self.zone)
        progress = await self.cohorts.progress_of_cohort(cohort.id, course.code)
        activity = await self.cohorts.last_activity(cohort.id, course.code)
        week_ago = now - timedelta(days=7)
        per_lesson = tuple(
            sum(1 for done in progress.values() if n in done) for n in range(1, released + 1)
        )
        behind = sorted(
            (
                (user_id, released - len({n for n in done if n <= released}))
                for user_id, done in progress.items()
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


def _lesson_payload(course: Course, lesson: Lesson, total: int) -> dict[str, object]:
    """The release notice, rendered in each trainee's language when it is sent. It stays
    small (one row per trainee per day): the lesson itself opens with the button."""
    return {
        "key": "training-lesson-released",
        "args": {
            "course": {"$kk": course.title.kk, "$ru": course.title.ru},
            "title": {"$kk": lesson.title.kk, "$ru": lesson.title.ru},
            "number": lesson.number,
            "total": total,
            "minutes": lesson.minutes,
        },
        "buttons": [
            [
                [
                    "training-read-button",
                    TrainCb(action="lesson", course=course.code, n=lesson.number).pack(),
                ]
            ]
        ],
    }
