"""What a coordinator may see, checked once per button: the router's guard.

A coordinator whose grants carry a program or a region sees only the applications they cover.
Every button re-checks the role and the scope on the server (callback data can be forged, and a
role can be revoked between two taps): the guard refuses, logs, and hands the handler the
checked `app` and `program`, or the checked queue `filters`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery

from bot.applications.service import (
    STATUSES,
    WAITING,
    Application,
    ApplicationService,
    QueueFilter,
    Status,
)
from bot.core.access import Access
from bot.core.catalogue import Catalogue, Program
from bot.core.i18n import Translator
from bot.core.people import User
from bot.core.regions import Region, regions
from bot.telegram.callbacks import ReviewCb
from bot.telegram.guards import Guard, flag
from bot.telegram.screens import cut
from handlers.applications.guard import pressed_ctx

log = logging.getLogger("handlers.applications.review")

NAME_FIELDS = ("full_name", "org_name", "contact")  # the answer that names the applicant
BACK = "rv_back"  # FSM: the filters of the queue last shown
APP_KEY = "rv_app"  # FSM: the application a text is being typed about


class ReviewFlow(StatesGroup):
    """Typing a text about one application (its id is in the FSM data as `rv_app`)."""

    question = State()  # to the applicant
    reason = State()  # of a rejection
    note = State()  # for reviewers only


TEXT_STATES = {
    ReviewFlow.question.state: ("review-question-sent", "review-prompt-question"),
    ReviewFlow.reason.state: ("review-rejected", "review-prompt-reason"),
    ReviewFlow.note.state: ("review-note-saved", "review-prompt-note"),
}


# -- filters and scope --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filters:
    """What the queue shows; travels in buttons as `program,region,status`.

    status: "w" the ones waiting for a decision, "" all, or one status.
    """

    program: str | None = None
    region: str | None = None
    status: str = "w"

    def pack(self) -> str:
        return f"{self.program or ''},{self.region or ''},{self.status}"

    @classmethod
    def unpack(cls, value: str) -> Filters | None:
        parts = value.split(",")
        if len(parts) != 3:
            return None
        program, region, status = parts
        if status not in ("w", "") and (status not in STATUSES or status == "draft"):
            return None
        return cls(program or None, region or None, status)

    def statuses(self) -> Sequence[Status] | None:
        if self.status == "w":
            return WAITING
        if self.status == "":
            return None
        return [s for s in STATUSES if s == self.status]


def _coordinator_grants(access: Access) -> list[tuple[str | None, str | None]]:
    return [(g.program, g.region) for g in access.grants if g.role == "coordinator"]


def programs_of(access: Access, catalogue: Catalogue) -> list[Program]:
    grants = _coordinator_grants(access)
    return [p for p in catalogue if access.is_admin or any(g in (None, p.code) for g, _ in grants)]


def regions_of(access: Access) -> list[Region]:
    grants = _coordinator_grants(access)
    return [r for r in regions() if access.is_admin or any(g in (None, r.code) for _, g in grants)]


def allowed(filters: Filters, access: Access, catalogue: Catalogue) -> bool:
    """Every value picked is one this coordinator may see (buttons can be forged)."""
    if filters.program is not None and filters.program not in {
        p.code for p in programs_of(access, catalogue)
    }:
        return False
    return filters.region is None or filters.region in {r.code for r in regions_of(access)}


def query_of(filters: Filters, access: Access) -> QueueFilter:
    return QueueFilter(
        programs=[filters.program] if filters.program else None,
        regions=[filters.region] if filters.region else None,
        statuses=filters.statuses(),
        # The (program, region) pairs a coordinator reaches; None: everything.
        scopes=None if access.is_admin else _coordinator_grants(access),
    )


def may_see(access: Access, app: Application) -> bool:
    return app.status != "draft" and access.coordinates(program=app.program, region=app.region)


# -- who the applicant is -----------------------------------------------------------------------


def answer_name(app: Application) -> str | None:
    for code in NAME_FIELDS:
        value = app.answers.get(code)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def short_name(app: Application) -> str | None:
    """«Серікова Айгүл Болатқызы» → «Серікова А.»: enough to tell people apart in a list."""
    full = app.answers.get("full_name")
    if isinstance(full, str) and len(words := full.split()) >= 2:
        return f"{words[0]} {words[1][0]}."
    name = answer_name(app)
    return cut(name, 24, mark_after=True) if name else None


def telegram_name(person: User | None, user_id: int) -> str:
    if person is None:
        return f"id{user_id}"
    return person.full_name + (f" (@{person.username})" if person.username else "")


# -- the guard ----------------------------------------------------------------------------------


class Scope(StrEnum):
    """What a reviewer's button is about, checked by the guard before its handler runs."""

    card = "card"  # one application (`app`): in the coordinator's programs and regions
    filters = "filters"  # the queue's filters in `value` (`filters`): values they may see
    picker = "picker"  # the same after one letter naming the filter being picked


FLAG = "review"
TYPING = "review_typing"  # the button starts typing a text: the state is its own


def about(scope: Scope | None = None, *, typing: bool = False) -> dict[str, Any]:
    return {FLAG: scope, TYPING: typing}


class ReviewGuard(Guard):
    """Inner middleware of the reviewers' router (see the module docstring)."""

    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        if not isinstance(event, CallbackQuery):
            return True
        access: Access = data["access"]
        l10n: Translator = data["l10n"]
        if not access.is_coordinator:
            log.warning("user %s sent a review callback without the right", event.from_user.id)
            await event.answer(l10n("access-denied"), show_alert=True)
            return False
        if not await pressed_ctx(event, data):
            return False
        state: FSMContext = data["state"]
        if not flag(data, TYPING) and await state.get_state() in TEXT_STATES:
            await state.set_state(None)  # went elsewhere: the next text is not taken for a reason
        scope: Scope | None = flag(data, FLAG)
        button: ReviewCb = data["callback_data"]
        applications: ApplicationService = data["applications"]
        if scope is Scope.card:
            app = await applications.get(button.app)
            if app is None or not may_see(access, app):
                log.warning(
                    "coordinator %s may not open application %s", access.user_id, button.app
                )
                await event.answer(l10n("access-denied"), show_alert=True)
                return False
            data.update(app=app, program=applications.program_of(app))
        elif scope is not None:
            value = button.value
            filters = Filters.unpack(value[1:] if scope is Scope.picker else value)
            if filters is None:
                await event.answer(l10n("button-stale"), show_alert=True)
                return False
            if not allowed(filters, access, applications.catalogue):
                log.warning(
                    "coordinator %s asked for filters %r outside the scope", access.user_id, value
                )
                await event.answer(l10n("access-denied"), show_alert=True)
                return False
            data["filters"] = filters
        return True
