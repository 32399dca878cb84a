"""Applications: drafts, submission, the review lifecycle, notices to the applicant, and the
extension point that later features hook into when an application is approved.

Lifecycle: draft → submitted → in_review ⇄ info_requested → approved / rejected; the applicant
may withdraw before a decision. Every change is an audit event (who, when, a comment) and is told
to the applicant through the delivery engine, in their language at send time.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.catalogue import Catalogue, Program, ProgramKind
from bot.clock import Clock
from bot.delivery import Notifier
from handlers.callbacks import ApplyCb
from storage.applications import (
    WITHDRAWABLE,
    Application,
    ApplicationRepo,
    Status,
)
from storage.outbox import PRIORITY_REPLY

log = logging.getLogger(__name__)

DRAFT_REMINDER_AFTER = timedelta(days=7)

# Called after an approval commits: (the application, its program, the coordinator's id).
ApprovalHook = Callable[[Application, Program, int], Awaitable[None]]


class ApplicationError(Exception):
    """A change that is not possible in the application's current state."""


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
    ) -> None:
        self.repo = repo
        self.catalogue = catalogue
        self._notifier = notifier
        self._clock = clock
        self._on_approved: dict[ProgramKind, list[ApprovalHook]] = {}

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

    async def submit(self, application: Application) -> Application:
        program = self.program_of(application)
        answers = application.answers
        missing = [f.code for f in program.fields if f.required and f.code not in answers]
        if missing:
            raise ApplicationError(f"unanswered: {', '.join(missing)}")
        submitted = await self.repo.submit(application.id, program.prefix, self._clock.now())
        if submitted is None:
            raise ApplicationError("not a draft any more")
        log.info("application %s submitted", submitted.number)
        return submitted

    async def withdraw(self, application: Application, user_id: int) -> Application:
        return await self._move(application, "withdraw", actor_id=user_id, comment=None)

    async def answer_info(self, application: Application, user_id: int, text: str) -> Application:
        """The applicant's answer to an information request: stored, and back to review."""
        now = self._clock.now()
        async with self.repo.transaction():
            await self.repo.add_event(
                application.id, actor_id=user_id, kind="answer", comment=text, now=now
            )
            return await self._move(application, "info_answered", actor_id=user_id, comment=None)

    # -- reviewers ------------------------------------------------------------------------------

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
        """One reminder for a draft untouched for 7 days (the `plan-reminders` job runs this)."""
        planned = 0
        for draft in await self.repo.forgotten_drafts(now - DRAFT_REMINDER_AFTER):
            program = self.catalogue.get(draft.program)
            if program is None:
                continue
            await self._notifier.notify(
                draft.user_id,
                "application-notice-draft",
                idempotency_key=f"app:{draft.id}:draft-reminder",
                program=program.name,
                buttons=[
                    [
                        (
                            "application-continue-button",
                            ApplyCb(action="cont", app=draft.id, value="n").pack(),
                        )
                    ]
                ],
            )
            await self.repo.mark_reminded(draft.id, now)
            planned += 1
        return planned

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
                            ApplyCb(action="open", app=moved.id, value="n").pack(),
                        )
                    ]
                ],
                number=moved.reference,
                program=self.program_of(moved).name,
                comment=html.escape(comment or "", quote=False),
            )
        return moved
