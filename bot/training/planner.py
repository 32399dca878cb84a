"""The lesson planner: what each trainee is sent, and when (`bot.training.schedule` says when
lessons open).

The `training` planner (run with the other planners every 15 minutes) queues each trainee
one message a day: on a lesson day the new lesson with what is still open, on the first day
without a lesson a reminder of what is open (never twice for the same lesson). Every such
message is checked again when it is sent (`_recheck`): a person who moved or left gets nothing
from the old cohort, a lesson done or already given is not announced again, the list is today's,
and a trainee who has done nothing for days while falling behind is left to the trainer.
Keys (`lesson:<cohort>:<user>:<membership>:<what>`) make planning again harmless and let a move
cancel what the old membership had queued.

Planning is set-based (issue #18): Python decides per cohort which releases enter the window,
the database queues each for all the cohort's members in one statement
(`CohortRepo.queue_releases`); tests/training/test_planner_sql.py checks it against the
per-member planner it replaced.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.clock import Clock
from bot.delivery.engine import Drop, Later, Notifier
from bot.delivery.links import To, link
from bot.delivery.preferences import NUDGE, REMINDER
from bot.training.courses import Course, Courses, Lesson
from bot.training.schedule import (
    BEHIND_BY,
    CATCH_UP_PACE,
    CatchUp,
    CourseState,
    catch_up_plan,
    lag_behind,
    release_date,
    release_moment,
    released_count,
)
from storage.cohorts import Cohort, CohortRepo, Member, Release
from storage.db import Database
from storage.outbox import Outbox, OutboxItem

# Planning looks this far back (a restart after an outage still sends today's lesson) and ahead.
PLAN_BACK = timedelta(hours=36)
PLAN_AHEAD = timedelta(hours=24)
IDLE_AFTER = timedelta(days=3)  # a laggard with nothing done this long: daily messages stop
BACKLOG_LINES = 5  # open lessons named in a message; the rest are counted
PLAN_GROUP = 50  # cohorts planned per transaction
KEY_PREFIX = "lesson:"


def _generation(member: Member) -> int:
    """A membership's mark in its messages' keys: a move back is a new membership. (The same
    as `CohortRepo.queue_releases` puts in the keys it makes.)"""
    return int(member.joined_at.timestamp())


def member_key(cohort_id: int, user_id: int) -> str:
    """The key prefix of everything queued for a person as a member of a cohort."""
    return f"{KEY_PREFIX}{cohort_id}:{user_id}:"


@dataclass
class LessonPlanner:
    """Queues the lesson days' messages and checks each again when it is sent."""

    _db: Database
    _cohorts: CohortRepo
    _courses: Courses
    _outbox: Outbox
    _notifier: Notifier
    _clock: Clock
    zone: ZoneInfo

    def __post_init__(self) -> None:
        # Every lesson message is checked against today's facts when it is sent.
        self._notifier.check_before_send(KEY_PREFIX, self._recheck)

    def _course_of(self, cohort: Cohort) -> Course | None:
        return self._courses.get(cohort.course) if cohort.course else None

    async def state(
        self, cohort: Cohort, course: Course, user_id: int, now: datetime
    ) -> CourseState:
        """One person's place in a cohort's course at `now`."""
        released = released_count(cohort, len(course.lessons), now, self.zone)
        done = await self._cohorts.done_lessons(user_id, course.code)
        marks = await self._cohorts.marks(user_id, course.code)
        return CourseState(cohort, course, released, frozenset(done), marks.opened_through)

    async def plan(self, now: datetime) -> int:
        """Queue the releases around now and the reminders after them; returns rows queued.

        Set-based: Python works out, per cohort, which lessons enter the window (`_releases`);
        the database queues them for every member at once (`CohortRepo.queue_releases`)."""
        planned = 0
        cohorts = await self._cohorts.with_course()
        payloads: dict[tuple[str, int], dict[str, Any]] = {}
        # A commit per group of cohorts: the database is never held for long away from
        # people's replies, and the rows in flight stay few.
        for start in range(0, len(cohorts), PLAN_GROUP):
            releases: list[Release] = []
            marks: list[tuple[int, int]] = []
            for cohort in cohorts[start : start + PLAN_GROUP]:
                through, found = self._releases(cohort, now, None, payloads)
                releases += found
                if through > cohort.planned_through:
                    marks.append((cohort.id, through))
            if marks or releases:
                planned += await self._queue(releases, marks, now)
        return planned

    async def plan_cohort(
        self, cohort: Cohort, now: datetime, only_user: int | None = None
    ) -> int:
        """Queue a cohort's releases around now as `plan` does; for a newcomer (`only_user`),
        the newest open lesson now and the ones to come. Returns rows queued."""
        through, releases = self._releases(cohort, now, only_user, {})
        marks = [(cohort.id, through)] if through > cohort.planned_through else []
        return await self._queue(releases, marks, now, only_user)

    async def _queue(
        self,
        releases: list[Release],
        marks: list[tuple[int, int]],
        now: datetime,
        only_user: int | None = None,
    ) -> int:
        async with self._db.transaction():  # the rows and their bookkeeping, or neither
            await self._cohorts.set_planned_through_many(marks)
            added = await self._cohorts.queue_releases(
                releases, key_prefix=KEY_PREFIX, kind="l10n", now=now, only_user=only_user
            )
        if added:
            self._notifier.wake()
        return added

    def _releases(
        self,
        cohort: Cohort,
        now: datetime,
        only_user: int | None,
        payloads: dict[tuple[str, int], dict[str, Any]],
    ) -> tuple[int, list[Release]]:
        """The day's message of each lesson day within PLAN_AHEAD, once (`planned_through`,
        returned as it becomes): the release, and a reminder on the day after it when that day
        has no lesson. A newcomer (`only_user`) gets the newest open lesson now, and the ones
        to come; their run leaves `planned_through` as it is. Members who joined after a
        release find it in "My courses"; long-past releases (the bot was down) wait there."""
        course = self._course_of(cohort)
        if course is None or cohort.starts_on is None:
            return cohort.planned_through, []
        total = len(course.lessons)
        newcomer = only_user is not None
        released = released_count(cohort, total, now, self.zone) if newcomer else 0
        through = cohort.planned_through
        releases: list[Release] = []
        # Lessons open in order: those up to planned_through were queued by an earlier run.
        for number in range(1 if newcomer else through + 1, total + 1):
            moment = release_moment(cohort, number, self.zone)
            if moment > now + PLAN_AHEAD:
                break
            newest = newcomer and number == released
            if not newcomer:
                through = number
            if not newest and moment <= now - PLAN_BACK:
                continue  # long past (the bot was down): it waits in "My courses"
            if newcomer and not newest and moment <= now:
                continue  # a newcomer gets the newest open lesson, and the ones to come
            if (course.code, number) not in payloads:
                payloads[course.code, number] = _lesson_payload(course.lessons[number - 1])
            reminder = self._reminder_after(cohort, number, total)
            if reminder is not None and reminder <= now:
                reminder = None
            releases.append(
                Release(
                    cohort.id,
                    number,
                    at=max(moment, now) if newest else moment,
                    joined_by=None if newest else moment,
                    payload=payloads[course.code, number],
                    reminder_at=reminder,
                    reminder_day=reminder.astimezone(self.zone).date() if reminder else None,
                    reminder_payload=_PLANNED_REMINDER,
                )
            )
        return through, releases

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
        cohort = await self._cohorts.get(cohort_id)
        member = await self._cohorts.member(cohort_id, user_id)
        if cohort is None or member is None or _generation(member) != generation:
            return Drop("not a member")
        course = self._course_of(cohort)
        if course is None or cohort.starts_on is None:
            return Drop("no course")
        now = self._clock.now()
        total = len(course.lessons)
        state = await self.state(cohort, course, user_id, now)
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
        last = await self._cohorts.last_done(user_id, course.code)
        if self._gone_quiet(state, member, last, now):
            return Drop("quiet laggard")
        backlog = [lesson for lesson in state.open_lessons if lesson.number != number]
        marks = await self._cohorts.marks(user_id, course.code)
        if number is None and not any(b.number > marks.reminded_through for b in backlog):
            return Drop("reminded")  # never twice for the same lesson
        if backlog:
            await self._cohorts.raise_marks(
                user_id, course.code, reminded=max(b.number for b in backlog)
            )
        lesson = course.lessons[number - 1] if number is not None else None
        return _day_payload(course, lesson, backlog, catch_up_plan(state, member, now, self.zone))

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


def _bilingual(text_kk: str, text_ru: str) -> dict[str, str]:
    return {"$kk": text_kk, "$ru": text_ru}


def _lesson_payload(lesson: Lesson) -> dict[str, Any]:
    """The release notice as planned: its class (it comes at the trainee's chosen hour if that
    is later than the release, `bot.delivery.preferences`) and the lesson. `_recheck` writes
    the message when it goes out, with the day's backlog, so a queued row carries no text: at
    200,000 trainees that is some 80 MB a planning run does not write."""
    return {"class": REMINDER, "lesson": lesson.number}


def _reminder_payload() -> dict[str, Any]:
    """A reminder as planned: a nudge (the trainee may mute it, and it comes at their hour);
    `_recheck` names what is open when it is sent."""
    return {"class": NUDGE}


_PLANNED_REMINDER = _reminder_payload()  # the same for every course, stored as one JSON text


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
