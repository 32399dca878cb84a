"""Mentoring: a coordinator gives a funded person a mentor; check-ins on the program's rhythm;
the mentee's short note, the mentor's assessment; a missed check-in reminded once, then escalated.

Rules, all here:
- Who assigns: a coordinator whose scope covers the project's program and region (`Access`).
  The mentor holds the `mentor` role covering that program and region; not the mentee.
- One active mentorship per funded project. Assigning another mentor ends the current one
  (`ended_by`/`ended_at`) and starts a new one; check-ins stay with the mentorship they were
  made in, so the history of every mentor is kept and shown.
- Check-in n of a mentorship is due `n × every_months` months after `starts_on`
  (`program.cycle.mentoring_every_months`); the planner creates it on its due date and asks the
  mentee that day at their reminder hour (10:00 by default).
- The mentor is asked for an assessment once the mentee has answered (a note is what there is to
  assess); a missed check-in can be rated from the mentee's card too.
- Not answered `REMIND_AFTER` days after the due date: one reminder. Still not answered
  `REMIND_AFTER` days after that reminder: the check-in is `missed`, and the coordinators are
  told — the one who assigned the mentorship (as a loan's coordinator hears of its payments)
  and everyone holding a coordinator grant that covers its program and region.
- Every notice is re-checked when it is sent (`mentor:` keys): a check-in answered, a mentorship
  ended or a mentor changed drops what no longer holds.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.access import Access
from bot.core.catalogue import Catalogue
from bot.core.clock import Clock
from bot.core.i18n import Bilingual
from bot.core.people import People
from bot.core.regions import region_by_code
from bot.delivery.engine import Drop, Notifier
from bot.delivery.links import To, link
from bot.delivery.preferences import REMINDER, PreferenceService
from bot.loans.schedule import add_months
from bot.loans.service import LoanService
from storage.db import Database
from storage.mentoring import CheckIn as CheckIn
from storage.mentoring import Funded as Funded
from storage.mentoring import MentoringRepo
from storage.mentoring import Mentorship as Mentorship
from storage.outbox import PRIORITY_REPLY, OutboxItem
from storage.users import AuditLog, User

log = logging.getLogger(__name__)

REMIND_AFTER = timedelta(days=3)
ASK_AT = time(10, 0)  # local: the check-in questions, the reminder, the escalation
RATINGS = (1, 2, 3)  # on track, needs attention, at risk
NOTE_LIMIT = 1000  # characters of a typed note or a caption
COMMENT_LIMIT = 1000
PREFIX = "mentor:"


class MentoringError(Exception):
    """A request the rules refuse: `key` is a Fluent key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True, slots=True)
class Mentee:
    """One line of a mentor's list: the mentorship, the person, their last check-in."""

    mentorship: Mentorship
    person: User | None
    last: CheckIn | None
    next_due: date


@dataclass(frozen=True, slots=True)
class History:
    """Everything about one funded person's mentoring: each mentorship (newest first) with its
    mentor and check-ins (newest first)."""

    periods: tuple[tuple[Mentorship, User | None, tuple[CheckIn, ...]], ...]

    @property
    def current(self) -> Mentorship | None:
        return next((m for m, _, _ in self.periods if m.active), None)

    def checkins(self) -> list[CheckIn]:
        return sorted(
            (c for _, _, found in self.periods for c in found),
            key=lambda c: (c.due_on, c.id),
            reverse=True,
        )


def due_date(mentorship: Mentorship, n: int) -> date:
    start = date.fromisoformat(mentorship.starts_on)
    return add_months(start, n * mentorship.every_months, start.day)


def note_excerpt(checkin: CheckIn, limit: int = 200) -> str:
    text = (checkin.note or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class MentoringService:
    def __init__(
        self,
        db: Database,
        repo: MentoringRepo,
        catalogue: Catalogue,
        notifier: Notifier,
        people: People,
        audit: AuditLog,
        clock: Clock,
        zone: ZoneInfo,
        preferences: PreferenceService,
    ) -> None:
        self._db = db
        self.repo = repo
        self.catalogue = catalogue
        self._notifier = notifier
        self._people = people
        self._audit = audit
        self._clock = clock
        self.zone = zone
        self._prefs = preferences
        notifier.check_before_send(PREFIX, self._recheck)

    def now(self) -> datetime:
        return self._clock.now()

    def today(self) -> date:
        return self.now().astimezone(self.zone).date()

    # -- the coordinator ----------------------------------------------------------------------

    async def funded(self, access: Access) -> list[Funded]:
        """Funded people in this coordinator's scope: without an active mentor first."""
        if not access.is_coordinator:
            return []
        return await self.repo.funded(LoanService.scope_of(access))

    async def funded_project(self, access: Access, project_id: int) -> Funded | None:
        """A funded project this coordinator may act on (None: none, or not theirs)."""
        found = await self.repo.funded_project(project_id)
        if found is None or not access.coordinates(program=found.program, region=found.region):
            return None
        return found

    async def mentors_for(self, program: str, region: str | None) -> list[User]:
        """Holders of the mentor role covering this program and region, by name."""
        found = await self._holders("mentor", program, region)
        return sorted(found.values(), key=lambda p: (p.full_name, p.id))

    async def _holders(self, role: str, program: str, region: str | None) -> dict[int, User]:
        return {
            person.id: person
            for grant, person in await self._people.all_roles()
            if grant.role == role
            and grant.covers(program=program, region=region)
            and person.deleted_at is None
        }

    async def assign(
        self,
        mentee_id: int,
        mentor_id: int,
        program: str,
        region: str | None,
        project_id: int | None,
        by: Access,
    ) -> Mentorship:
        """A mentor for a funded person; a current mentor of that project is replaced (their
        mentorship ends, its check-ins stay). Both are told, in their own language."""
        if not by.coordinates(program=program, region=region):
            raise MentoringError("mentoring-out-of-scope")
        if mentor_id == mentee_id:
            raise MentoringError("mentoring-not-a-mentor")
        if mentor_id not in {m.id for m in await self.mentors_for(program, region)}:
            raise MentoringError("mentoring-not-a-mentor")
        found = self.catalogue.get(program)
        every = found.cycle.mentoring_every_months if found is not None else 1
        now = self.now()
        async with self._db.transaction():
            current = (
                await self.repo.active_of_project(project_id) if project_id is not None else None
            )
            if current is not None:
                if current.mentor_id == mentor_id:
                    raise MentoringError("mentoring-same-mentor")
                await self.repo.end(current.id, by.user_id, now)
                await self._audit_of(by.user_id, "mentoring.end", current, replaced=True)
            started = await self.repo.start(
                mentee_id=mentee_id,
                mentor_id=mentor_id,
                program=program,
                region=region,
                project_id=project_id,
                every_months=max(1, every),
                starts_on=self.today(),
                by=by.user_id,
                now=now,
            )
            await self._audit_of(
                by.user_id, "mentoring.assign", started, mentor=mentor_id, mentee=mentee_id
            )
        log.info("user %s gave %s the mentor %s", by.user_id, mentee_id, mentor_id)
        if current is not None:
            await self._ended_notice(current, started.mentee_id, to_mentee=False)
        await self._assigned_notices(started, changed=current is not None)
        return started

    async def end(self, mentorship: Mentorship, by: Access) -> Mentorship:
        if not by.coordinates(program=mentorship.program, region=mentorship.region):
            raise MentoringError("mentoring-out-of-scope")
        if not await self.repo.end(mentorship.id, by.user_id, self.now()):
            raise MentoringError("mentoring-gone")
        await self._audit_of(by.user_id, "mentoring.end", mentorship)
        await self._ended_notice(mentorship, mentorship.mentee_id, to_mentee=True)
        ended = await self.repo.mentorship(mentorship.id)
        assert ended is not None
        return ended

    async def current(self, project_id: int) -> Mentorship | None:
        """The active mentorship of a funded project."""
        return await self.repo.active_of_project(project_id)

    async def history_of_project(self, project_id: int) -> History:
        return await self._history(await self.repo.of_project(project_id))

    async def history_of_mentee(self, mentee_id: int) -> History:
        return await self._history(await self.repo.of_mentee(mentee_id))

    async def _history(self, mentorships: list[Mentorship]) -> History:
        checkins = await self.repo.checkins([m.id for m in mentorships])
        periods = []
        for m in mentorships:
            mentor = await self._people.get(m.mentor_id)
            periods.append((m, mentor, tuple(c for c in checkins if c.mentorship_id == m.id)))
        return History(tuple(periods))

    # -- the mentor ---------------------------------------------------------------------------

    async def mentees(self, mentor_id: int) -> list[Mentee]:
        found = []
        for m in await self.repo.of_mentor(mentor_id):
            history = await self.history_of_mentee(m.mentee_id)
            own = history.checkins()
            found.append(
                Mentee(
                    m,
                    await self._people.get(m.mentee_id),
                    own[0] if own else None,
                    self.next_due(m),
                )
            )
        return found

    def next_due(self, mentorship: Mentorship) -> date:
        today, n = self.today(), 1
        while due_date(mentorship, n) <= today:
            n += 1
        return due_date(mentorship, n)

    async def mentorship_of(self, mentor_id: int, mentorship_id: int) -> Mentorship | None:
        """An active mentorship of this mentor (None: not theirs, or ended)."""
        found = await self.repo.mentorship(mentorship_id)
        if found is None or not found.active or found.mentor_id != mentor_id:
            return None
        return found

    async def checkin_of_mentor(
        self, mentor_id: int, checkin_id: int
    ) -> tuple[CheckIn, Mentorship] | None:
        """A check-in of one of this mentor's active mentees (any mentorship of theirs: the
        history before the mentor changed is shown too)."""
        checkin = await self.repo.checkin(checkin_id)
        if checkin is None:
            return None
        owner = await self.repo.mentorship(checkin.mentorship_id)
        if owner is None:
            return None
        mine = [m for m in await self.repo.of_mentor(mentor_id) if m.mentee_id == owner.mentee_id]
        return (checkin, owner) if mine else None

    async def rate(self, mentor_id: int, checkin_id: int, rating: int) -> CheckIn:
        """The mentor's rating of a check-in in their own active mentorship."""
        found = await self._assessable(mentor_id, checkin_id)
        if rating not in RATINGS:
            raise MentoringError("mentoring-gone")
        await self.repo.assess(found.id, rating, self.now())
        await self._audit_of(mentor_id, "mentoring.rate", None, checkin=found.id, rating=rating)
        return await self._checkin(found.id)

    async def comment(self, mentor_id: int, checkin_id: int, text: str) -> CheckIn:
        found = await self._assessable(mentor_id, checkin_id)
        text = text.strip()
        if not text or len(text) > COMMENT_LIMIT:
            raise MentoringError("mentoring-comment-invalid")
        await self.repo.comment(found.id, text, self.now())
        await self._audit_of(mentor_id, "mentoring.comment", None, checkin=found.id)
        return await self._checkin(found.id)

    async def _assessable(self, mentor_id: int, checkin_id: int) -> CheckIn:
        checkin = await self.repo.checkin(checkin_id)
        owner = None if checkin is None else await self.repo.mentorship(checkin.mentorship_id)
        if checkin is None or owner is None or not owner.active or owner.mentor_id != mentor_id:
            raise MentoringError("mentoring-gone")
        if checkin.status == "due":
            raise MentoringError("mentoring-not-answered")
        return checkin

    async def _checkin(self, checkin_id: int) -> CheckIn:
        found = await self.repo.checkin(checkin_id)
        assert found is not None
        return found

    # -- the mentee ---------------------------------------------------------------------------

    async def mentors_of(self, mentee_id: int) -> list[tuple[Mentorship, User | None]]:
        """A person's current mentors (usually one): for their own screens."""
        return [
            (m, await self._people.get(m.mentor_id))
            for m in await self.repo.of_mentee(mentee_id)
            if m.active
        ]

    async def person(self, user_id: int) -> User | None:
        return await self._people.get(user_id)

    async def mentorship_of_mentee(self, mentee_id: int, mentorship_id: int) -> Mentorship | None:
        found = await self.repo.mentorship(mentorship_id)
        return found if found is not None and found.mentee_id == mentee_id else None

    async def open_checkin(
        self, mentee_id: int, checkin_id: int
    ) -> tuple[CheckIn, Mentorship] | None:
        """A check-in this person may answer now: theirs, still due, its mentorship active."""
        checkin = await self.repo.checkin(checkin_id)
        owner = None if checkin is None else await self.repo.mentorship(checkin.mentorship_id)
        if checkin is None or owner is None or owner.mentee_id != mentee_id or not owner.active:
            return None
        return (checkin, owner) if checkin.status == "due" else None

    async def answer(
        self, mentee_id: int, checkin_id: int, kind: str, note: str | None, file_id: str | None
    ) -> CheckIn:
        """The mentee's progress note: text, a voice note or a photo with its caption. The
        mentor is asked for an assessment."""
        opened = await self.open_checkin(mentee_id, checkin_id)
        if opened is None:
            raise MentoringError("mentoring-gone")
        note = (note or "").strip() or None
        if kind not in ("text", "voice", "photo") or (kind == "text" and note is None):
            raise MentoringError("mentoring-note-hint")
        if note is not None and len(note) > NOTE_LIMIT:
            raise MentoringError("mentoring-note-long")
        checkin, owner = opened
        if not await self.repo.answer(checkin.id, kind, note, file_id, self.now()):
            raise MentoringError("mentoring-gone")
        await self._audit_of(mentee_id, "mentoring.answer", owner, checkin=checkin.id, kind=kind)
        answered = await self._checkin(checkin.id)
        await self._ask_mentor(answered, owner)
        return answered

    async def _ask_mentor(self, checkin: CheckIn, owner: Mentorship) -> None:
        mentee = await self._people.get(owner.mentee_id)
        await self._notifier.notify(
            owner.mentor_id,
            "mentoring-notice-assess",
            idempotency_key=f"{PREFIX}c:{checkin.id}:assess:{owner.mentor_id}",
            priority=PRIORITY_REPLY,
            buttons=[
                [
                    (
                        f"mentoring-rating-{r}",
                        link(To.mentoring_rate, checkin=checkin.id, rating=r),
                    )
                    for r in RATINGS
                ],
                [("mentoring-open-button", link(To.mentoring_card, mentorship=owner.id))],
            ],
            name=html.escape(_name(mentee, owner.mentee_id)),
            n=checkin.n,
            kind=checkin.note_kind or "text",
            note=html.escape(note_excerpt(checkin)),
        )

    # -- the planner --------------------------------------------------------------------------

    async def plan(self, now: datetime) -> int:
        """Creates the check-ins due by today, asks, reminds once, escalates; what it queued."""
        today = now.astimezone(self.zone).date()
        for mentorship in await self.repo.active():
            n = 0
            while due_date(mentorship, n + 1) <= today:
                n += 1
            if n > 0 and n > await self.repo.last_n(mentorship.id):
                await self.repo.add_checkin(mentorship.id, n, due_date(mentorship, n), now)
        planned = 0
        owners: dict[int, Mentorship] = {}
        for checkin in await self.repo.open_checkins():
            owner = owners.get(checkin.mentorship_id) or await self.repo.mentorship(
                checkin.mentorship_id
            )
            if owner is None:
                continue
            owners[owner.id] = owner
            planned += await self._plan_checkin(checkin, owner, now, today)
        return planned

    async def _plan_checkin(
        self, checkin: CheckIn, owner: Mentorship, now: datetime, today: date
    ) -> int:
        due = date.fromisoformat(checkin.due_on)
        mentor = await self._people.get(owner.mentor_id)
        args: dict[str, Any] = {
            "mentor": html.escape(_name(mentor, owner.mentor_id)),
            "n": checkin.n,
            "date": due,
        }
        answer = [[("mentoring-answer-button", link(To.mentoring_answer, checkin=checkin.id))]]

        async def ask(step: str, day: date) -> int:
            moment = await self._morning(owner.mentee_id, day)
            return int(
                await self._notifier.notify(
                    owner.mentee_id,
                    f"mentoring-notice-{step}",
                    idempotency_key=f"{PREFIX}c:{checkin.id}:{step}",
                    at=max(moment, now),
                    category=REMINDER,
                    buttons=answer,
                    **args,
                )
            )

        if checkin.reminded_at is None:
            planned = await ask("ask", due)
            if today >= due + REMIND_AFTER and await self.repo.mark_reminded(checkin.id, now):
                planned += await ask("remind", today)
            return planned
        reminded = checkin.reminded_at.astimezone(self.zone).date()
        if today >= reminded + REMIND_AFTER and await self.repo.mark_missed(checkin.id, now):
            return await self._escalate(checkin, owner, now, today)
        return 0

    async def _escalate(
        self, checkin: CheckIn, owner: Mentorship, now: datetime, today: date
    ) -> int:
        mentee = await self._people.get(owner.mentee_id)
        mentor = await self._people.get(owner.mentor_id)
        program = self.catalogue.get(owner.program)
        region = region_by_code(owner.region)
        at = max(datetime.combine(today, ASK_AT, tzinfo=self.zone), now)
        told = 0
        for coordinator in await self.coordinators_of(owner):
            told += await self._notifier.notify(
                coordinator,
                "mentoring-notice-missed",
                idempotency_key=f"{PREFIX}c:{checkin.id}:missed:{coordinator}",
                at=at,
                buttons=(
                    [
                        [
                            (
                                "mentoring-open-button",
                                link(To.mentoring_person, project=owner.project_id),
                            )
                        ]
                    ]
                    if owner.project_id is not None
                    else []
                ),
                name=html.escape(_name(mentee, owner.mentee_id)),
                mentor=html.escape(_name(mentor, owner.mentor_id)),
                n=checkin.n,
                date=date.fromisoformat(checkin.due_on),
                program=program.name
                if program is not None
                else Bilingual(owner.program, owner.program),
                region=Bilingual(region.kk, region.ru) if region else Bilingual("—", "—"),
            )
        await self._audit_of(None, "mentoring.missed", owner, checkin=checkin.id)
        log.info("check-in %s of mentorship %s missed, escalated", checkin.id, owner.id)
        return told

    async def coordinators_of(self, owner: Mentorship) -> list[int]:
        """Who hears of a missed check-in: the coordinator who assigned the mentorship and every
        holder of a coordinator grant covering its program and region."""
        found = set(await self._holders("coordinator", owner.program, owner.region))
        if owner.assigned_by is not None:
            found.add(owner.assigned_by)
        return sorted(found)

    async def _morning(self, user_id: int, day: date) -> datetime:
        start = datetime.combine(day, time(0), tzinfo=self.zone)
        return (await self._prefs.planned_at([user_id], start, ASK_AT))[user_id]

    async def _recheck(self, item: OutboxItem) -> dict[str, Any] | Drop:
        """`mentor:c:<check-in>:<step>[:<who>]` and `mentor:m:<mentorship>:<step>[:<who>]`."""
        parts = item.idempotency_key.split(":")
        if len(parts) < 4 or not parts[2].isdigit():
            return item.payload
        kind, ident, step = parts[1], int(parts[2]), parts[3]
        if kind == "m":
            owner = await self.repo.mentorship(ident)
            if step == "assigned" and (owner is None or not owner.active):
                return Drop("the mentorship has ended")
            return item.payload
        checkin = await self.repo.checkin(ident)
        owner = None if checkin is None else await self.repo.mentorship(checkin.mentorship_id)
        if checkin is None or owner is None or not owner.active:
            return Drop("the mentorship has ended")
        if step in ("ask", "remind") and checkin.status != "due":
            return Drop("the check-in is answered or missed")
        if step == "assess" and (owner.mentor_id != item.recipient or checkin.rating is not None):
            return Drop("assessed already, or the mentor changed")
        if step == "missed" and checkin.status != "missed":
            return Drop("the check-in was answered after all")
        return item.payload

    # -- notices ------------------------------------------------------------------------------

    async def _assigned_notices(self, started: Mentorship, *, changed: bool) -> None:
        mentee = await self._people.get(started.mentee_id)
        mentor = await self._people.get(started.mentor_id)
        program = self.catalogue.get(started.program)
        name = program.name if program is not None else Bilingual(started.program, started.program)
        await self._notifier.notify(
            started.mentee_id,
            "mentoring-notice-assigned-mentee",
            idempotency_key=f"{PREFIX}m:{started.id}:assigned:mentee",
            priority=PRIORITY_REPLY,
            mentor=html.escape(_name(mentor, started.mentor_id)),
            program=name,
            every=started.every_months,
            changed="yes" if changed else "no",
        )
        await self._notifier.notify(
            started.mentor_id,
            "mentoring-notice-assigned-mentor",
            idempotency_key=f"{PREFIX}m:{started.id}:assigned:mentor",
            priority=PRIORITY_REPLY,
            buttons=[[("mentoring-open-button", link(To.mentoring_card, mentorship=started.id))]],
            name=html.escape(_name(mentee, started.mentee_id)),
            program=name,
            every=started.every_months,
            date=self.next_due(started),
        )

    async def _ended_notice(self, ended: Mentorship, mentee_id: int, *, to_mentee: bool) -> None:
        mentee = await self._people.get(mentee_id)
        mentor = await self._people.get(ended.mentor_id)
        await self._notifier.notify(
            ended.mentor_id,
            "mentoring-notice-ended-mentor",
            idempotency_key=f"{PREFIX}m:{ended.id}:ended:mentor",
            priority=PRIORITY_REPLY,
            name=html.escape(_name(mentee, mentee_id)),
        )
        if to_mentee:
            await self._notifier.notify(
                mentee_id,
                "mentoring-notice-ended-mentee",
                idempotency_key=f"{PREFIX}m:{ended.id}:ended:mentee",
                priority=PRIORITY_REPLY,
                mentor=html.escape(_name(mentor, ended.mentor_id)),
            )

    async def _audit_of(
        self, by: int | None, action: str, mentorship: Mentorship | None, **details: Any
    ) -> None:
        subject = f"mentorship:{mentorship.id}" if mentorship else f"checkin:{details['checkin']}"
        await self._audit.record(
            actor_id=by, action=action, subject=subject, now=self.now(), details=details
        )

    # -- privacy and the demo -----------------------------------------------------------------

    async def erase_person(self, user_id: int, now: datetime) -> None:
        """As a mentee: their mentorships and check-ins go. As a mentor: theirs end."""
        await self.repo.erase_person(user_id, None, now)

    async def seed_demo(self, mentor: int, coordinator: int, mentee: int) -> list[str]:
        """The demo mentor follows the demo mentee's first funded project (seeded by the projects
        domain first). Idempotent: a project with a mentorship is left as it is."""
        projects = [f for f in await self.repo.funded(None) if f.user_id == mentee]
        if not projects:
            return [f"mentoring: user {mentee} has no funded project, no mentor seeded"]
        project = projects[0]
        if project.mentorship_id is None:
            access = Access(coordinator, True, ())
            await self.assign(
                mentee, mentor, project.program, project.region, project.project_id, access
            )
        return [f"mentoring: project {project.project_id} of user {mentee}, mentor {mentor}"]


def _name(person: User | None, user_id: int) -> str:
    return person.full_name if person is not None else f"id{user_id}"
