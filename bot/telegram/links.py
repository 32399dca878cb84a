"""Notice buttons into callback data: the one place that knows which button opens which screen.

The delivery engine calls `render` for every button of a notice it sends (`bot.delivery.links`
says why services name targets rather than build buttons). Callback data queued before links
existed arrive as strings and pass through unchanged: the routers still accept them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.i18n import Translator
from bot.delivery.links import ButtonRow, Link, To
from bot.telegram.callbacks import (
    ApplyAction,
    ApplyCb,
    BroadcastAction,
    BroadcastActionCb,
    BroadcastCb,
    BroadcastStep,
    CohortAction,
    CohortCb,
    ContestAction,
    ContestCb,
    LoanAction,
    LoanAdminAction,
    LoanAdminCb,
    LoanCb,
    MentorAction,
    MentorCb,
    ProjectAction,
    ProjectCb,
    ReviewAction,
    ReviewCb,
    TrainAction,
    TrainCb,
    WebinarAction,
    WebinarCb,
)

Ids = dict[str, Any]

RENDERERS: dict[To, Callable[[Ids], CallbackData]] = {
    To.application_continue: lambda i: ApplyCb(action=ApplyAction.resume, app=i["app"], value="n"),
    To.application_program: lambda i: ApplyCb(action=ApplyAction.program, value=i["program"]),
    To.application_open: lambda i: ApplyCb(action=ApplyAction.open, app=i["app"], value="n"),
    To.broadcast_stop: lambda i: BroadcastCb(action=BroadcastStep.stop, value=str(i["broadcast"])),
    To.broadcast_failed: lambda i: BroadcastActionCb(
        action=BroadcastAction.failed, broadcast=i["broadcast"]
    ),
    To.contest_entry: lambda i: ContestCb(action=ContestAction.start, c=i["contest"]),
    To.contest_admin_entry: lambda i: ContestCb(
        action=ContestAction.entry, c=i["contest"], e=i["entry"]
    ),
    To.cohort_open: lambda i: CohortCb(action=CohortAction.open, cohort=i["cohort"]),
    To.loan_open: lambda i: LoanCb(action=LoanAction.card, loan=i["loan"]),
    To.loan_paid: lambda i: LoanCb(action=LoanAction.paid, loan=i["loan"]),
    To.loan_admin_card: lambda i: LoanAdminCb(action=LoanAdminAction.card, loan=i["loan"]),
    To.loan_admin_payment: lambda i: LoanAdminCb(
        action=LoanAdminAction.payment, loan=i["loan"], p=i["payment"]
    ),
    To.loan_admin_queue: lambda i: LoanAdminCb(action=LoanAdminAction.queue),
    To.loan_admin_from_application: lambda i: LoanAdminCb(
        action=LoanAdminAction.from_application, p=i["application"]
    ),
    To.mentoring_answer: lambda i: MentorCb(action=MentorAction.answer, c=i["checkin"]),
    To.mentoring_rate: lambda i: MentorCb(action=MentorAction.rate, c=i["checkin"], r=i["rating"]),
    To.mentoring_card: lambda i: MentorCb(action=MentorAction.card, m=i["mentorship"]),
    To.mentoring_person: lambda i: MentorCb(action=MentorAction.person, p=i["project"]),
    To.project_open: lambda i: ProjectCb(action=ProjectAction.project, p=i["project"]),
    To.project_card: lambda i: ProjectCb(action=ProjectAction.card, p=i["project"]),
    To.project_report: lambda i: ProjectCb(action=ProjectAction.report, r=i["report"]),
    To.project_review: lambda i: ProjectCb(action=ProjectAction.review, r=i["report"]),
    To.review_open: lambda i: ReviewCb(action=ReviewAction.open, app=i["app"]),
    To.training_lesson: lambda i: TrainCb(action=TrainAction.lesson, course=i["course"], n=i["n"]),
    To.training_course: lambda i: TrainCb(action=TrainAction.course, course=i["course"]),
    To.webinar_here: lambda i: WebinarCb(action=WebinarAction.here, w=i["webinar"]),
    To.webinar_open: lambda i: WebinarCb(action=WebinarAction.card, w=i["webinar"]),
    To.webinar_manage: lambda i: WebinarCb(action=WebinarAction.admin_card, w=i["webinar"]),
    To.webinar_ics: lambda i: WebinarCb(action=WebinarAction.calendar, w=i["webinar"]),
    To.webinar_rate: lambda i: WebinarCb(action=WebinarAction.rate, w=i["webinar"], r=i["rating"]),
}


def render(target: dict[str, Any] | str) -> str:
    """Callback data of one notice button."""
    if isinstance(target, str):
        return target
    ids = dict(target)
    to = To(ids.pop("to"))
    return RENDERERS[to](ids).pack()


def markup(rows: Sequence[ButtonRow], l10n: Translator) -> InlineKeyboardMarkup:
    """Rows of (label key, link) as an inline keyboard in the reader's language."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=l10n(label),
                    callback_data=render(target.encode() if isinstance(target, Link) else target),
                )
                for label, target in row
            ]
            for row in rows
        ]
    )
