"""Where a notice's button leads, said by the domain, not by Telegram.

A service that plans a notice with a button names the screen the button opens — a `Link`: a
target such as `loan.paid` and the ids it needs — and the Telegram layer turns it into callback
data when the message is sent (`bot.telegram.links`). Services never build buttons; a change of
callback data never reaches the domain; rows queued before this existed (already packed
callback data, a plain string) are sent as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class To(StrEnum):
    """The screens a notice can open. Each has one renderer in `bot.telegram.links`."""

    application_continue = "application.continue"  # app: a draft to go on with
    application_program = "application.program"  # program: a program's card
    application_open = "application.open"  # app: one of my applications
    broadcast_stop = "broadcast.stop"  # broadcast: cancel one still sending
    broadcast_failed = "broadcast.failed"  # broadcast: the Excel of who did not get it
    cohort_open = "cohort.open"  # cohort: a cohort's card for its coordinator or trainer
    contest_entry = "contest.entry"  # contest: start or continue my plan
    contest_admin_entry = "contest.admin_entry"  # contest, entry: a plan's card (coordinator)
    loan_open = "loan.open"  # loan: the borrower's loan
    loan_paid = "loan.paid"  # loan: «I paid»
    loan_admin_card = "loan.admin.card"  # loan: the coordinator's loan card
    loan_admin_payment = "loan.admin.payment"  # loan, payment: a reported payment to decide
    loan_admin_queue = "loan.admin.queue"  # the payments waiting for a decision
    loan_admin_from_application = "loan.admin.from_application"  # application: the wizard
    mentoring_answer = "mentoring.answer"  # checkin: the mentee's note
    mentoring_rate = "mentoring.rate"  # checkin, rating: the mentor's assessment
    mentoring_card = "mentoring.card"  # mentorship: the mentor's card of a mentee
    mentoring_person = "mentoring.person"  # project: the coordinator's card of a funded person
    project_open = "project.open"  # project: the recipient's project and its reports
    project_card = "project.card"  # project: a funded project's card (coordinator)
    project_report = "project.report"  # report: the recipient's report (fill, correct, see)
    project_review = "project.review"  # report: the coordinator's card of a report
    review_open = "review.open"  # app: an application's card for its reviewer
    training_lesson = "training.lesson"  # course, n: a lesson
    training_course = "training.course"  # course: a trainee's course and its lessons
    webinar_here = "webinar.here"  # webinar: «I am here»
    webinar_open = "webinar.open"  # webinar: its card for a participant
    webinar_manage = "webinar.manage"  # webinar: its card for a coordinator
    webinar_ics = "webinar.ics"  # webinar: the calendar file
    webinar_rate = "webinar.rate"  # webinar, rating: feedback


@dataclass(frozen=True)
class Link:
    to: To
    ids: Mapping[str, int | str] = field(default_factory=dict)

    def encode(self) -> dict[str, Any]:
        return {"to": self.to.value, **self.ids}


def link(to: To, **ids: int | str) -> Link:
    return Link(to, ids)


# A row of notice buttons: (Fluent key of the label, where it leads). A string is callback data
# as it is (what rows queued before links hold; tests of the sender use it too).
ButtonRow = Sequence[tuple[str, Link | str]]
# Turns an encoded link (or callback data queued before links) into callback data.
LinkRenderer = Callable[[dict[str, Any] | str], str]


def encode_buttons(rows: Sequence[ButtonRow]) -> list[list[list[Any]]]:
    """How notice buttons travel in an outbox payload: [[label, {"to": …, ids…}], …]."""
    return [
        [[label, target.encode() if isinstance(target, Link) else target] for label, target in row]
        for row in rows
    ]
