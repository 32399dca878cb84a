"""Training: cohorts, enrolment, lesson completion, certificates, and the coordinators' and
trainers' side of a cohort (who may see and change it, its limits, its trainees, its dashboard).

The one home for these rules and every write: handlers ask this service, never the cohorts
table. The schedule is plain functions in `bot.training.schedule`, the cohort limits in
`bot.training.limits`, and what trainees are sent each day in `bot.training.planner`. The record
types handlers show (`Cohort`, `Member`, `Certificate`) are re-exported here.
"""

from __future__ import annotations

import html
import logging
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.access import Access
from bot.core.catalogue import Program
from bot.core.clock import Clock, utc_text
from bot.core.regions import Region, regions
from bot.delivery.engine import Notifier
from bot.delivery.links import To, link
from bot.delivery.quiet_hours import QuietHours
from bot.training.courses import Course, Courses
from bot.training.limits import CohortRefused as CohortRefused
from bot.training.limits import check_values
from bot.training.planner import LessonPlanner, member_key
from bot.training.results import CohortDraft as CohortDraft
from bot.training.results import CohortStats as CohortStats
from bot.training.results import JoinError as JoinError
from bot.training.results import OutOfScope as OutOfScope
from bot.training.results import Progress as Progress
from bot.training.schedule import (
    BEHIND_BY,
    CatchUp,
    CourseState,
    arrival,
    catch_up_plan,
    certificate_number,
    cohort_finished_on,
    lag_behind,
    new_join_code,
    release_moment,
    released_count,
)
from bot.training.schedule import progress_bar as progress_bar
from bot.training.schedule import release_date as release_date
from storage.applications import Application
from storage.cohorts import AlreadyInCourse, CohortFull, CohortRepo
from storage.cohorts import Certificate as Certificate
from storage.cohorts import Cohort as Cohort
from storage.cohorts import Member as Member
from storage.db import Database
from storage.outbox import Outbox
from storage.users import AuditLog, UserRepo

log = logging.getLogger(__name__)


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
        self._cohorts = cohorts
        self.courses = courses
        self._outbox = outbox
        self._notifier = notifier
        self._users = users
        self._audit = AuditLog(db)
        self._clock = clock
        self.zone = zone
        self.quiet = quiet
        self._planner = LessonPlanner(db, cohorts, courses, outbox, notifier, clock, zone)

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
            if await self._cohorts.by_code(code) is None:
                break
        return await self._cohorts.create(
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
            await self._cohorts.count_members(cohort.id) >= cohort.capacity
        )

    async def open_cohorts(
        self, course: str, district: str | None, region: str | None, *, but: int = 0
    ) -> list[Cohort]:
        """The course's cohorts that still take people (not finished, a seat left), those in
        the district first, then the region, then anywhere; the soonest first."""
        found = []
        for other in await self._cohorts.with_course():
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

    async def set_days_off(
        self, cohort: Cohort, days: frozenset[date], *, by: int | None = None
    ) -> Cohort:
        """The coordinator's days without lessons; a lesson already open stays open (a change
        that would close one is refused: `CohortRefused`, a ValueError)."""
        changed = replace(cohort, days_off=days)
        now = self.now()
        if self.released(changed, now) < self.released(cohort, now):
            raise CohortRefused("cohort-error-days-off-closes")
        await self._cohorts.update(changed)
        if by is not None:
            listed = ",".join(sorted(d.isoformat() for d in days))
            await self._record(cohort, "days-off", listed, by)
        return changed

    # -- people -------------------------------------------------------------------------------

    async def join(self, user_id: int, code: str) -> Cohort:
        """Join by a code (typed or from a deep link)."""
        cohort = await self._cohorts.by_code(code.strip().upper())
        if cohort is None or self.course_of(cohort) is None:
            raise JoinError("unknown")
        return await self.enrol(user_id, cohort, check_capacity=True)

    async def enrol(self, user_id: int, cohort: Cohort, *, check_capacity: bool) -> Cohort:
        if self.is_finished(cohort):
            raise JoinError("finished", cohort)
        try:
            await self._cohorts.add_member(
                cohort.id, user_id, self.now(), check_capacity=check_capacity
            )
        except CohortFull:
            raise JoinError("full", cohort) from None
        except AlreadyInCourse as exc:
            other = await self._cohorts.get(exc.cohort_id)
            raise JoinError("other-cohort", other) from None
        # Lessons already open are there in "My courses"; the newest one comes now, with what
        # else is open and, for a late joiner, the plan to catch up.
        await self._planner.plan_cohort(cohort, self.now(), only_user=user_id)
        log.info("user %s joined cohort %s", user_id, cohort.id)
        return cohort

    async def leave(self, user_id: int, cohort: Cohort) -> bool:
        """Out of a cohort (by their choice, a coordinator's, or a move): what it had opened to
        them stays open, and nothing it queued for them is sent any more."""
        course = self.course_of(cohort)
        now = self.now()
        async with self._db.transaction():
            if not await self._cohorts.leave(cohort.id, user_id, now):
                return False
            if course is not None:
                opened = released_count(cohort, len(course.lessons), now, self.zone)
                await self._cohorts.raise_marks(user_id, course.code, opened=opened)
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

    async def state_of(self, user_id: int) -> list[CourseState]:
        states = []
        now = self.now()
        for cohort, _member in await self._cohorts.memberships(user_id):
            course = self.course_of(cohort)
            if course is None:
                continue
            states.append(await self._planner.state(cohort, course, user_id, now))
        return states

    async def course_state(self, user_id: int, course_code: str) -> CourseState | None:
        return next(
            (s for s in await self.state_of(user_id) if s.course.code == course_code), None
        )

    async def catch_up(self, user_id: int, cohort: Cohort) -> CatchUp | None:
        """A late joiner's plan, while they have more open than a day's pace (else None)."""
        course = self.course_of(cohort)
        member = await self._cohorts.member(cohort.id, user_id)
        if course is None or member is None:
            return None
        now = self.now()
        state = await self._planner.state(cohort, course, user_id, now)
        return catch_up_plan(state, member, now, self.zone)

    async def complete(self, user_id: int, state: CourseState, number: int) -> Certificate | None:
        """Mark an open lesson done; the certificate when it was the last one."""
        if not 1 <= number <= len(state.course.lessons) or not state.is_open(number):
            raise ValueError("lesson not released")
        await self._cohorts.mark_done(user_id, state.course.code, number, self.now())
        done = await self._cohorts.done_lessons(user_id, state.course.code)
        if len(done) < len(state.course.lessons):
            return None
        return await self.issue_certificate(user_id, state)

    async def issue_certificate(self, user_id: int, state: CourseState) -> Certificate:
        existing = await self._cohorts.certificate_of(user_id, state.course.code)
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
        issued = await self._cohorts.issue_certificate(certificate)
        log.info("certificate %s issued to %s", issued.number, user_id)
        return issued

    # -- the planner --------------------------------------------------------------------------

    # -- the planner --------------------------------------------------------------------------

    async def plan(self, now: datetime) -> int:
        """Queue the releases around now and the reminders after them; returns rows queued."""
        return await self._planner.plan(now)

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
        progress = await self._cohorts.progress_of_cohort(cohort.id, course.code)
        activity = await self._cohorts.last_activity(cohort.id, course.code)
        joined = {m.user_id: m.joined_at for m in await self._cohorts.members(cohort.id)}
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

    async def to_nudge(self, cohort: Cohort, stats: CohortStats) -> list[int]:
        """The laggards not nudged today, most behind first."""
        behind = [user_id for user_id, _ in stats.behind]
        nudged = await self.nudged_today(cohort, behind)
        return [user_id for user_id in behind if user_id not in nudged]

    # -- who sees which cohort ----------------------------------------------------------------

    def coordinates(self, access: Access, cohort: Cohort) -> bool:
        """A coordinator whose grants reach this cohort's course (its program) and region."""
        if not access.is_coordinator:
            return False
        course = self.course_of(cohort)
        return access.coordinates(program=course.program if course else None, region=cohort.region)

    def _usable(self, cohort: Cohort) -> bool:
        """A cohort of a course, with a start date: the ones the cohort screens show."""
        return cohort.starts_on is not None and self.course_of(cohort) is not None

    async def visible_cohorts(self, access: Access) -> list[Cohort]:
        """The cohorts of a coordinator's scope and those a trainer teaches, by name."""
        found: dict[int, Cohort] = {}
        if access.is_coordinator:
            for cohort in await self._cohorts.all():
                if self._usable(cohort) and self.coordinates(access, cohort):
                    found[cohort.id] = cohort
        if access.is_trainer:
            for cohort in await self._cohorts.of_trainer(access.user_id):
                if self._usable(cohort):
                    found[cohort.id] = cohort
        return sorted(found.values(), key=lambda c: (c.name.casefold(), c.id))

    async def cohort_for(self, access: Access, cohort_id: int) -> Cohort | None:
        """The cohort if this person may open it: a coordinator of it, or one of its trainers."""
        cohort = await self._cohorts.get(cohort_id) if cohort_id else None
        if cohort is None or not self._usable(cohort):
            return None
        if self.coordinates(access, cohort):
            return cohort
        if access.is_trainer and access.user_id in await self._cohorts.trainers(cohort.id):
            return cohort
        return None

    def courses_for(self, access: Access) -> list[Course]:
        """Courses this coordinator may open a cohort of (somewhere in their scope)."""
        return [
            c
            for c in self.courses
            if any(access.coordinates(program=c.program, region=r.code) for r in regions())
        ]

    def regions_for(self, access: Access, course: Course) -> list[Region]:
        """Regions this coordinator may open a cohort of the course in."""
        return [r for r in regions() if access.coordinates(program=course.program, region=r.code)]

    async def move_targets(self, access: Access, cohort: Cohort) -> list[Cohort]:
        """Other cohorts of the same course, in this coordinator's scope, not finished."""
        return [
            c
            for c in await self._cohorts.all()
            if c.id != cohort.id
            and c.course == cohort.course
            and self._usable(c)
            and self.coordinates(access, c)
            and not self.is_finished(c)
        ]

    async def move_target(self, access: Access, cohort: Cohort, target_id: int) -> Cohort | None:
        """The cohort a trainee of `cohort` may be moved to, None when it is not one of those."""
        targets = await self.move_targets(access, cohort)
        return next((c for c in targets if c.id == target_id), None)

    async def trainer_offered(self, region: str | None, user_id: int) -> bool:
        """One of the people offered as the trainer of a cohort in this region."""
        return user_id in {uid for uid, _ in await self.trainer_candidates(region)}

    # -- reading cohorts ----------------------------------------------------------------------

    async def cohort(self, cohort_id: int) -> Cohort | None:
        return await self._cohorts.get(cohort_id)

    async def cohort_by_code(self, code: str) -> Cohort | None:
        """The cohort of a join code (typed or from a link)."""
        return await self._cohorts.by_code(code.strip().upper())

    async def certificate(self, number: str) -> Certificate | None:
        return await self._cohorts.certificate(number.strip().upper())

    def released(self, cohort: Cohort, now: datetime | None = None) -> int:
        """Lessons of the cohort open now (0 for a cohort without a course)."""
        course = self.course_of(cohort)
        if course is None:
            return 0
        return released_count(cohort, len(course.lessons), now or self.now(), self.zone)

    async def enrolled(self, cohort: Cohort) -> int:
        return await self._cohorts.count_members(cohort.id)

    async def trainers(self, cohort: Cohort) -> list[int]:
        return await self._cohorts.trainers(cohort.id)

    async def roster(self, cohort: Cohort) -> list[Progress]:
        """The cohort's trainees, in the order they joined, with their progress."""
        course = self.course_of(cohort)
        assert course is not None
        progress = await self._cohorts.progress_of_cohort(cohort.id, course.code)
        activity = await self._cohorts.last_activity(cohort.id, course.code)
        return [
            Progress(m, frozenset(progress.get(m.user_id, set())), activity.get(m.user_id))
            for m in await self._cohorts.members(cohort.id)
        ]

    async def trainee(self, cohort: Cohort, user_id: int) -> Progress | None:
        """One trainee of the cohort (None: not in it — moved, removed, or a forged id)."""
        course = self.course_of(cohort)
        member = await self._cohorts.member(cohort.id, user_id)
        if course is None or member is None:
            return None
        done = await self._cohorts.done_lessons(user_id, course.code)
        last = (await self._cohorts.last_activity(cohort.id, course.code)).get(user_id)
        return Progress(member, frozenset(done), last)

    # -- changing cohorts ---------------------------------------------------------------------

    async def new_cohort(self, access: Access, draft: CohortDraft) -> Cohort:
        """A coordinator's new cohort, within their scope and the limits, with its trainer (told
        so). `OutOfScope`, `CohortRefused` (a start that has passed meanwhile…) refuse it."""
        course = self.courses.get(draft.course)
        if course is None or not access.coordinates(program=course.program, region=draft.region):
            raise OutOfScope(draft.course)
        today = self.today()
        check_values(
            name=draft.name, starts_on=draft.starts_on, capacity=draft.capacity, today=today
        )
        cohort = await self.create_cohort(
            course=course,
            name=draft.name,
            region=draft.region,
            district=draft.district,
            starts_on=draft.starts_on,
            weekdays_only=draft.weekdays_only,
            release_time=draft.release_time,
            capacity=draft.capacity,
            created_by=access.user_id,
        )
        person = await self._users.get(draft.trainer) if draft.trainer else None
        if person is not None:
            await self._add_trainer(cohort, person.id)
        await self._record(cohort, "create", course.code, access.user_id)
        log.info("user %s created cohort %s", access.user_id, cohort.id)
        return cohort

    def check_start_editable(self, cohort: Cohort) -> None:
        """A cohort's start date is fixed once its first lesson is open."""
        if self.released(cohort):
            raise CohortRefused("cohort-edit-start-late")

    async def update_cohort(self, cohort: Cohort, changed: Cohort, by: int) -> Cohort:
        """Store a changed cohort. The planner reads the cohort on every run, so a new schedule or
        time applies to the lessons not yet open; a change that would close a lesson already open
        (and sent) is refused, as are values outside the limits, a capacity below the trainees
        enrolled and a new start once lessons are open (`CohortRefused`)."""
        new_start = changed.starts_on if changed.starts_on != cohort.starts_on else None
        if new_start is not None:
            self.check_start_editable(cohort)
        check_values(
            name=changed.name if changed.name != cohort.name else None,
            starts_on=new_start,
            capacity=changed.capacity if changed.capacity != cohort.capacity else None,
            today=self.today(),
        )
        if changed.capacity is not None and changed.capacity != cohort.capacity:
            enrolled = await self.enrolled(cohort)
            if changed.capacity < enrolled:
                raise CohortRefused("cohort-error-capacity-below", count=enrolled)
        now = self.now()
        before, after = self.released(cohort, now), self.released(changed, now)
        if after < before:
            raise CohortRefused("cohort-edit-closes", released=before, after=after)
        await self._cohorts.update(changed)
        fields = [
            f
            for f in ("name", "starts_on", "weekdays_only", "release_time", "capacity")
            if getattr(cohort, f) != getattr(changed, f)
        ]
        await self._record(cohort, "edit", ",".join(fields), by)
        log.info("user %s changed %s of cohort %s", by, fields, cohort.id)
        return changed

    async def add_trainer(self, cohort: Cohort, user_id: int, by: int) -> bool:
        """A trainer for the cohort, told so; False when they teach it already."""
        if user_id in await self._cohorts.trainers(cohort.id):
            return False
        await self._add_trainer(cohort, user_id)
        await self._record(cohort, "trainer", user_id, by)
        return True

    async def _add_trainer(self, cohort: Cohort, user_id: int) -> None:
        await self._cohorts.add_trainer(cohort.id, user_id)
        await self._notifier.notify(
            user_id,
            "cohort-notice-trainer",
            idempotency_key=f"cohort-trainer:{cohort.id}:{user_id}",
            cohort=html.escape(cohort.name),
        )

    async def add_trainee(self, cohort: Cohort, user_id: int, by: int) -> int:
        """A coordinator enrols a person (the capacity holds), who is told; the number enrolled
        after. `JoinError`: "already-here" when they are in this cohort, or why they cannot
        join."""
        if any(c.id == cohort.id for c, _ in await self._cohorts.memberships(user_id)):
            raise JoinError("already-here", cohort)
        await self.enrol(user_id, cohort, check_capacity=True)
        await self._record(cohort, "add", user_id, by)
        await self._tell_trainee(user_id, "cohort-notice-added", cohort)
        return await self.enrolled(cohort)

    async def remove_trainee(self, cohort: Cohort, user_id: int, by: int) -> bool:
        """A coordinator takes a trainee out (who is told); False when they had left already."""
        if not await self.leave(user_id, cohort):
            return False
        await self._record(cohort, "remove", user_id, by)
        await self._tell_trainee(user_id, "cohort-notice-removed", cohort)
        log.info("user %s removed %s from cohort %s", by, user_id, cohort.id)
        return True

    async def move_trainee(self, user_id: int, source: Cohort, target: Cohort, by: int) -> None:
        """A coordinator moves a trainee (who is told); `JoinError` when the target refuses."""
        await self.move(user_id, source, target)
        await self._record(source, "move", f"{user_id}->{target.id}", by)
        await self._tell_trainee(user_id, "cohort-notice-moved", target)
        log.info("user %s moved %s to cohort %s", by, user_id, target.id)

    async def _tell_trainee(self, user_id: int, key: str, cohort: Cohort) -> None:
        """A trainee learns what a coordinator did with their place, in their own language."""
        course = self.course_of(cohort)
        assert course is not None
        args: dict[str, Any] = {"cohort": html.escape(cohort.name), "course": course.title}
        if key != "cohort-notice-removed":
            args["time"] = f"{cohort.release_time:%H:%M}"
        await self._notifier.notify(
            user_id,
            key,
            idempotency_key=f"{key}:{cohort.id}:{user_id}:{utc_text(self.now())}",
            **args,
        )

    async def _record(self, cohort: Cohort, what: str, value: int | str, by: int) -> None:
        """The audit log's line of a change to a cohort."""
        await self._audit.record(
            actor_id=by,
            action=f"cohort.{what}",
            subject=f"cohort:{cohort.id}",
            now=self.now(),
            details={"value": value},
        )
