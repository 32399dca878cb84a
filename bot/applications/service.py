"""Applications: drafts, submission, the review lifecycle, notices to the applicant, and the
extension point that later features hook into when an application is approved.

Lifecycle: draft → submitted → in_review ⇄ info_requested → approved / rejected; the applicant
may withdraw before a decision. Every change is an audit event (who, when, a comment) and is told
to the applicant through the delivery engine, in their language at send time.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Literal

from bot.applications.forms import FileAnswer
from bot.core.catalogue import Catalogue, Field, Program, ProgramKind, Question
from bot.core.clock import Clock
from bot.core.timezones import load_zone
from bot.core.validators import iin_birth_date, iin_sex
from bot.delivery.engine import Drop, Notifier
from bot.delivery.links import To, link
from storage.applications import STATUSES as STATUSES
from storage.applications import WITHDRAWABLE as WITHDRAWABLE
from storage.applications import ActiveApplicationExists as ActiveApplicationExists
from storage.applications import Application as Application
from storage.applications import ApplicationRepo
from storage.applications import AttachedFile as AttachedFile
from storage.applications import Event as Event
from storage.applications import QueueFilter as QueueFilter
from storage.applications import Score as Score
from storage.applications import Status as Status
from storage.outbox import PRIORITY_REPLY, OutboxItem

log = logging.getLogger(__name__)

DRAFT_REMINDER_AFTER = timedelta(days=7)
DEFAULT_ZONE = "Asia/Almaty"  # Kazakhstan: one zone, UTC+5
DRAFT_REMINDER = "draft-reminder"  # the tail of a draft reminder's idempotency key

# Waiting for a decision (the reviewers' queue by default; a decision and scores only then).
WAITING: tuple[Status, ...] = ("submitted", "in_review", "info_requested")
# A question may be asked of the applicant only before one is waiting for an answer.
ASKABLE: tuple[Status, ...] = ("submitted", "in_review")
SCORES = range(1, 6)  # a criterion is scored 1 to 5

ANSWER_FILES = "_answer"  # the field a file sent as an answer to a question is kept under

# Called after an approval commits: (the application, its program, the coordinator's id).
ApprovalHook = Callable[[Application, Program, int], Awaitable[None]]


class ApplicationError(Exception):
    """A change that is not possible in the application's current state."""


class ConsentRequired(ApplicationError):
    """Personal data is neither kept nor submitted without the person's consent (given at the
    start, withdrawable in /privacy at any moment)."""


class ApplicationClosed(ApplicationError):
    """The program does not take applications today (its window is over or not yet open)."""

    def __init__(self, program: Program) -> None:
        super().__init__(f"{program.code} is closed")
        self.program = program


class NotEligible(ApplicationError):
    """What the ИИН proves (age, sex) contradicts an eligibility rule of the program."""

    def __init__(self, question: Question, rule: Literal["age", "sex"], born: date) -> None:
        super().__init__(f"the ИИН contradicts {question.code!r} ({rule})")
        self.question = question
        self.rule = rule
        self.born = born


class FilesMissing(ApplicationError):
    """An attachments field has fewer files than it needs (counted in the database)."""

    def __init__(self, field: Field, count: int) -> None:
        super().__init__(f"{field.code}: {count} file(s), {field.min_files} needed")
        self.field = field
        self.count = count


class FilesFull(ApplicationError):
    """An attachments field already holds its maximum."""

    def __init__(self, field: Field) -> None:
        super().__init__(f"{field.code}: full")
        self.field = field


def full_years(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def iin_refusal(program: Program, iin: str, day: date) -> NotEligible | None:
    """The first eligibility rule the ИИН disproves on `day`, or None.

    An ИИН that cannot be read is not judged here (the form checks its format)."""
    try:
        born, sex = iin_birth_date(iin), iin_sex(iin)
    except ValueError:
        return None
    age = full_years(born, day)
    for question in program.eligibility:
        if (question.min_age is not None and age < question.min_age) or (
            question.max_age is not None and age > question.max_age
        ):
            return NotEligible(question, "age", born)
        if question.sex is not None and sex != question.sex:
            return NotEligible(question, "sex", born)
    return None


def is_personal(field: Field, value: Any) -> bool:
    """Whether this answer is personal data: a personal field, or a voice (a person's voice)."""
    return value is not None and (field.personal or (isinstance(value, dict) and "voice" in value))


def next_step(
    program: Program, field: Field, answered: Collection[str], *, editing: bool
) -> str | None:
    """Where the applicant goes after answering `field`: the next field of the form; after an
    edit from the summary (or past the last field), the first field still without an answer
    (a skipped optional field counts as answered). None: the summary."""
    codes = [f.code for f in program.fields]
    index = codes.index(field.code)
    if not editing and index + 1 < len(codes):
        return codes[index + 1]
    return next((c for c in codes if c not in answered and c != field.code), None)


@dataclass(frozen=True, slots=True)
class Transition:
    allowed_from: tuple[Status, ...]
    to: Status
    notice: str | None  # Fluent key told to the applicant


TRANSITIONS: dict[str, Transition] = {
    "review": Transition(("submitted",), "in_review", "application-notice-in-review"),
    "request_info": Transition(
        ("submitted", "in_review"), "info_requested", "application-notice-info-requested"
    ),
    "info_answered": Transition(("info_requested",), "in_review", None),
    "approve": Transition(
        ("submitted", "in_review", "info_requested"), "approved", "application-notice-approved"
    ),
    "reject": Transition(
        ("submitted", "in_review", "info_requested"), "rejected", "application-notice-rejected"
    ),
    "withdraw": Transition(WITHDRAWABLE, "withdrawn", None),
}


class ApplicationService:
    def __init__(
        self,
        repo: ApplicationRepo,
        catalogue: Catalogue,
        notifier: Notifier,
        clock: Clock,
        zone: tzinfo | None = None,
    ) -> None:
        self.repo = repo
        self.catalogue = catalogue
        self._notifier = notifier
        self._clock = clock
        self._zone = zone or load_zone(DEFAULT_ZONE)
        self._on_approved: dict[ProgramKind, list[ApprovalHook]] = {}
        # A draft reminder still waiting in the outbox is checked when it goes out: nothing
        # after the program closed or the draft was submitted, and the days left as of then.
        notifier.check_before_send("app:", self._recheck_draft_reminder)

    def today(self) -> date:
        """Today in Kazakhstan: the application windows are local dates."""
        return self._clock.now().astimezone(self._zone).date()

    # -- the extension point --------------------------------------------------------------------

    def on_approved(self, kind: ProgramKind, hook: ApprovalHook) -> None:
        """Run `hook` after an application to a program of this kind is approved.

        Training enrols the applicant in a cohort; loans let a coordinator open a loan. A hook
        that fails is logged; the approval stands and the applicant is told as usual.
        """
        self._on_approved.setdefault(kind, []).append(hook)

    # -- applicant ------------------------------------------------------------------------------

    def program_of(self, application: Application) -> Program:
        program = self.catalogue.get(application.program)
        if program is None:
            raise ApplicationError(f"program {application.program!r} left the catalogue")
        return program

    async def get(self, application_id: int) -> Application | None:
        return await self.repo.get(application_id)

    async def require(self, application_id: int) -> Application:
        return await self.repo.require(application_id)

    async def of_user(self, user_id: int) -> list[Application]:
        """The person's applications, the newest first."""
        return await self.repo.of_user(user_id)

    async def active(self, user_id: int, program: Program) -> Application | None:
        """The person's application to this program that is neither rejected nor withdrawn."""
        return await self.repo.active(user_id, program.code)

    async def open_draft(self, user_id: int, program: Program) -> Application:
        """The person's application to this program: a new draft at its first field, or the
        active one they already have (a draft, or one already submitted: not a draft)."""
        try:
            application = await self.repo.create_draft(user_id, program.code, self._clock.now())
        except ActiveApplicationExists as exists:
            application = exists.existing
        if application.status == "draft" and application.step is None:
            return await self.go_to(application, program.fields[0].code)
        return application

    async def go_to(self, application: Application, step: str | None) -> Application:
        """The draft at this field (one back, or an answer to change from the summary)."""
        await self.repo.set_step(application.id, step, self._clock.now())
        return await self.repo.require(application.id)

    async def to_fix(
        self, application: Application, refusal: NotEligible | FilesMissing
    ) -> Application:
        """A submission refused for an answer: the draft back at the field to fix (the ИИН
        that contradicts a rule, the attachments short of files)."""
        if isinstance(refusal, FilesMissing):
            return await self.go_to(application, refusal.field.code)
        program = self.program_of(application)
        return await self.go_to(
            application, next((f.code for f in program.fields if f.type == "iin"), None)
        )

    async def answer(
        self, application: Application, field: Field, value: Any, *, editing: bool
    ) -> Application:
        """Store the answer to the field the draft is at and move the draft on (`next_step`;
        the application returned has `step` None when the summary comes next). «Done» on an
        attachments field stores the count of files really there."""
        step = next_step(self.program_of(application), field, application.answers, editing=editing)
        if field.type == "attachments" and value is not None:
            return await self.finish_files(application, field, step=step)
        region = (
            (value["region"], value.get("district")) if field.type == "region" and value else None
        )
        return await self.save_answer(application, field, value, step=step, region=region)

    async def save_answer(
        self,
        application: Application,
        field: Field,
        value: Any,
        *,
        step: str | None,
        region: tuple[str, str | None] | None = None,
    ) -> Application:
        """Store one answer, whatever path brings it: personal data only with consent, and an
        ИИН held against what the program's eligibility rules say it must prove."""
        if is_personal(field, value) and not await self.repo.has_consent(application.user_id):
            raise ConsentRequired(field.code)
        if field.type == "iin" and isinstance(value, str):
            refusal = iin_refusal(self.program_of(application), value, self.today())
            if refusal is not None:
                raise refusal
        return await self.repo.save_answer(
            application.id, field.code, value, step=step, now=self._clock.now(), region=region
        )

    async def add_file(self, application: Application, field: Field, file: FileAnswer) -> int:
        """One more file for an attachments field; returns how many it holds now."""
        if not await self.repo.has_consent(application.user_id):
            raise ConsentRequired(field.code)
        count = await self.repo.count_files(application.id, field.code)
        if count >= (field.max or 10):
            raise FilesFull(field)
        await self.repo.add_file(
            application.id,
            field.code,
            file.kind,
            file.file_id,
            file_name=file.file_name,
            mime_type=file.mime_type,
            size=file.size,
            now=self._clock.now(),
        )
        return count + 1

    async def files_count(self, application: Application, field: Field) -> int:
        return await self.repo.count_files(application.id, field.code)

    async def replace_files(self, application: Application, field: Field) -> None:
        """The person chose to send the files of this field anew: the old ones go."""
        await self.repo.clear_files(application.id, field.code)
        log.info("application %s: files of %s removed by their sender", application.id, field.code)

    async def finish_files(
        self, application: Application, field: Field, *, step: str | None
    ) -> Application:
        """«Done» (or «keep as it is») on an attachments field: the answer is the real count."""
        count = await self.repo.count_files(application.id, field.code)
        if count < field.min_files:
            raise FilesMissing(field, count)
        return await self.save_answer(application, field, count, step=step)

    async def submit(self, application: Application) -> Application:
        """draft → submitted, whatever button leads here: the program's window is open today,
        consent stands, every required answer is there, the files are really there, and the
        ИИН does not contradict the eligibility rules."""
        program = self.program_of(application)
        if not program.accepts_on(self.today()):
            raise ApplicationClosed(program)
        if not await self.repo.has_consent(application.user_id):
            raise ConsentRequired("submit")
        answers = application.answers
        missing = [f.code for f in program.fields if f.required and f.code not in answers]
        if missing:
            raise ApplicationError(f"unanswered: {', '.join(missing)}")
        for field in program.fields:
            if field.type == "attachments":
                count = await self.repo.count_files(application.id, field.code)
                if count < field.min_files:
                    raise FilesMissing(field, count)
            elif field.type == "iin" and isinstance(answers.get(field.code), str):
                refusal = iin_refusal(program, answers[field.code], self.today())
                if refusal is not None:
                    raise refusal
        submitted = await self.repo.submit(application.id, program.prefix, self._clock.now())
        if submitted is None:
            raise ApplicationError("not a draft any more")
        log.info("application %s submitted", submitted.number)
        return submitted

    async def withdraw(self, application: Application, user_id: int) -> Application:
        return await self._move(application, "withdraw", actor_id=user_id, comment=None)

    async def answer_info(
        self, application: Application, user_id: int, text: str, file: FileAnswer | None = None
    ) -> Application:
        """The applicant's answer to an information request (a text, a file with or without
        one): stored, back to review, and the coordinator who asked learns that it has come."""
        now = self._clock.now()
        async with self.repo.transaction():
            if file is not None:
                await self.repo.add_file(
                    application.id,
                    ANSWER_FILES,
                    file.kind,
                    file.file_id,
                    file_name=file.file_name,
                    mime_type=file.mime_type,
                    size=file.size,
                    now=now,
                )
            await self.repo.add_event(
                application.id, actor_id=user_id, kind="answer", comment=text, now=now
            )
            answered = await self._move(
                application, "info_answered", actor_id=user_id, comment=None
            )
        await self._tell_asker(answered)
        return answered

    async def open_question(self, application: Application) -> str | None:
        """The coordinator's question waiting for the applicant's answer, if any."""
        if application.status != "info_requested":
            return None
        asked = _questions(await self.repo.events(application.id))
        return asked[-1].comment if asked else None

    async def _tell_asker(self, application: Application) -> None:
        """The coordinator who asked learns that the answer has come."""
        events = await self.repo.events(application.id)
        asked = _questions(events)
        if not asked or asked[-1].actor_id is None:
            return
        await self._notifier.notify(
            asked[-1].actor_id,
            "review-notice-answered",
            idempotency_key=f"app:{application.id}:answered:{events[-1].id}",
            priority=PRIORITY_REPLY,
            buttons=[[("review-open-button", link(To.review_open, app=application.id))]],
            number=application.reference,
        )

    async def personal_answers(self, user_id: int) -> dict[str, int]:
        """How many of the person's applications hold each kind of personal answer (for
        /privacy): iin, phone, email, voice, other (a field marked personal)."""
        held: dict[str, int] = {}
        for application in await self.repo.of_user(user_id):
            program = self.catalogue.get(application.program)
            kinds: set[str] = set()
            for field in program.fields if program else ():
                value = application.answers.get(field.code)
                if not is_personal(field, value) or field.type == "attachments":
                    continue  # files are counted as rows of their own
                if isinstance(value, dict) and "voice" in value:
                    kinds.add("voice")
                else:
                    kinds.add(field.type if field.type in ("iin", "phone", "email") else "other")
            for kind in kinds:
                held[kind] = held.get(kind, 0) + 1
        return held

    # -- reviewers ------------------------------------------------------------------------------

    async def count(self, query: QueueFilter) -> int:
        return await self.repo.count(query)

    async def queue(self, query: QueueFilter, *, limit: int, offset: int = 0) -> list[Application]:
        """Applications the filter finds, the longest waiting first."""
        return await self.repo.queue(query, limit=limit, offset=offset)

    async def files(self, application: Application) -> list[AttachedFile]:
        return await self.repo.files(application.id)

    async def events(self, application: Application) -> list[Event]:
        """The audit trail, the oldest first."""
        return await self.repo.events(application.id)

    async def scores(self, application: Application) -> list[Score]:
        return await self.repo.scores(application.id)

    async def scores_of(self, applications: Sequence[Application]) -> dict[int, list[Score]]:
        return await self.repo.scores_of([a.id for a in applications])

    async def score(
        self, application: Application, reviewer_id: int, criterion: str, score: int
    ) -> None:
        """A reviewer's score (1–5) for one criterion of the program, while a decision is
        awaited; a second score of the same criterion replaces the first."""
        program = self.program_of(application)
        if application.status not in WAITING:
            raise ApplicationError(f"no scores in {application.status}")
        if criterion not in {c.code for c in program.criteria} or score not in SCORES:
            raise ApplicationError(f"no score {score} for {criterion!r}")
        await self.repo.set_score(application.id, reviewer_id, criterion, score, self._clock.now())

    async def take(self, application: Application, reviewer_id: int) -> Application:
        return await self._move(application, "review", actor_id=reviewer_id, comment=None)

    async def request_info(
        self, application: Application, reviewer_id: int, question: str
    ) -> Application:
        return await self._move(
            application, "request_info", actor_id=reviewer_id, comment=question
        )

    async def approve(
        self, application: Application, reviewer_id: int, comment: str | None = None
    ) -> Application:
        approved = await self._move(application, "approve", actor_id=reviewer_id, comment=comment)
        program = self.program_of(approved)
        for hook in self._on_approved.get(program.kind, []):
            try:
                await hook(approved, program, reviewer_id)
            except Exception:
                log.exception("approval hook failed for %s", approved.number)
        return approved

    async def reject(self, application: Application, reviewer_id: int, reason: str) -> Application:
        if not reason.strip():
            raise ApplicationError("a rejection needs a reason")
        return await self._move(application, "reject", actor_id=reviewer_id, comment=reason)

    async def note(self, application: Application, reviewer_id: int, text: str) -> None:
        """An internal note: seen by reviewers only."""
        await self.repo.add_event(
            application.id, actor_id=reviewer_id, kind="note", comment=text, now=self._clock.now()
        )

    # -- planners -------------------------------------------------------------------------------

    async def remind_forgotten_drafts(self, now: datetime) -> int:
        """One reminder for a draft untouched for 7 days, while its program still takes
        applications, saying how many days are left (the `plan-reminders` job runs this).

        The same job tells the people who asked to hear when a closed program opens
        (`notify_opened`); the count returned is the drafts reminded."""
        today = now.astimezone(self._zone).date()
        planned = 0
        for draft in await self.repo.forgotten_drafts(now - DRAFT_REMINDER_AFTER):
            program = self.catalogue.get(draft.program)
            if program is None or not program.accepts_on(today):
                continue  # nothing to finish any more: no reminder after the close
            key, args = self._draft_reminder_text(program, today)
            await self._notifier.notify(
                draft.user_id,
                key,
                idempotency_key=f"app:{draft.id}:{DRAFT_REMINDER}",
                buttons=[
                    [
                        (
                            "application-continue-button",
                            link(To.application_continue, app=draft.id),
                        )
                    ]
                ],
                **args,
            )
            await self.repo.mark_reminded(draft.id, now)
            planned += 1
        await self.notify_opened(now)
        return planned

    @staticmethod
    def _draft_reminder_text(program: Program, today: date) -> tuple[str, dict[str, Any]]:
        if program.closes is None:
            return "application-notice-draft", {"program": program.name}
        return "application-notice-draft-closing", {
            "program": program.name,
            "days": (program.closes - today).days,
            "date": program.closes,
        }

    async def _recheck_draft_reminder(self, item: OutboxItem) -> dict[str, Any] | Drop:
        if not item.idempotency_key.endswith(f":{DRAFT_REMINDER}"):
            return item.payload
        draft = await self.repo.get(int(item.idempotency_key.split(":")[1]))
        if draft is None or draft.status != "draft":
            return Drop("the draft is no longer a draft")
        program = self.catalogue.get(draft.program)
        today = self.today()
        if program is None or not program.accepts_on(today):
            return Drop("the program no longer takes applications")
        key, args = self._draft_reminder_text(program, today)
        payload = dict(item.payload)
        payload["key"] = key
        if "days" in args:
            payload["args"] = {**payload.get("args", {}), "days": args["days"]}
        return payload

    # -- "tell me when it opens" --------------------------------------------------------------

    async def watch(self, user_id: int, program: Program) -> None:
        """The person wants to hear when this closed program takes applications."""
        await self.repo.watch(user_id, program.code, self._clock.now())

    async def notify_opened(self, now: datetime) -> int:
        """Tell everyone waiting for a program that is open today; once per round asked for."""
        today = now.astimezone(self._zone).date()
        told = 0
        for program in self.catalogue.open_on(today):
            stamp = program.opens.isoformat() if program.opens else "open"
            args: dict[str, Any] = {"program": program.name}
            key = "application-notice-program-opened"
            if program.closes is not None:
                key, args["date"] = "application-notice-program-opened-until", program.closes
            for user_id in await self.repo.watchers(program.code):
                await self._notifier.notify(
                    user_id,
                    key,
                    idempotency_key=f"prog-open:{program.code}:{stamp}:{user_id}",
                    buttons=[
                        [
                            (
                                "application-program-button",
                                link(To.application_program, program=program.code),
                            )
                        ]
                    ],
                    **args,
                )
                await self.repo.mark_watcher_notified(user_id, program.code, now)
                told += 1
        return told

    # -- internals ------------------------------------------------------------------------------

    async def _move(
        self, application: Application, action: str, *, actor_id: int, comment: str | None
    ) -> Application:
        transition = TRANSITIONS[action]
        now = self._clock.now()
        moved = await self.repo.transition(
            application.id,
            transition.allowed_from,
            transition.to,
            actor_id=actor_id,
            comment=comment,
            now=now,
        )
        if moved is None:
            raise ApplicationError(f"cannot {action} from {application.status}")
        log.info(
            "application %s: %s → %s by %s",
            moved.reference,
            application.status,
            moved.status,
            actor_id,
        )
        if transition.notice is not None:
            await self._notifier.notify(
                moved.user_id,
                transition.notice,
                idempotency_key=f"app:{moved.id}:{moved.status}:{int(now.timestamp())}",
                priority=PRIORITY_REPLY,
                buttons=[
                    [
                        (
                            "application-open-button",
                            link(To.application_open, app=moved.id),
                        )
                    ]
                ],
                number=moved.reference,
                program=self.program_of(moved).name,
                comment=html.escape(comment or "", quote=False),
            )
        return moved


def _questions(events: Sequence[Event]) -> list[Event]:
    """The coordinators' questions (the moves to «info requested») of an audit trail."""
    return [e for e in events if e.kind == "status" and e.to_status == "info_requested"]
