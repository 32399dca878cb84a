"""What every project screen shares: the states, the context, buttons, texts, and the guard.

The guard runs before every handler of the projects routers. A coordinator's button names a
project (`p`) or a report (`r`); a handler says with `needs(...)` what it must be: `project` (a
project the presser coordinates) or `review` (a report of such a project). The guard loads and
checks it every time — a forged id of another scope reaches nothing but «out of date» — and
injects `project` or `filled`. The recipient's own buttons are checked by the service
(`ProjectService.own`: the report must be theirs).
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from typing import Any, Literal

from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton

from bot.core.access import Access
from bot.core.i18n import Money, Translations, Translator
from bot.core.people import People
from bot.core.regions import region_by_code
from bot.projects.service import Filled, Project, ProjectError, ProjectService
from bot.telegram import guards
from bot.telegram.callbacks import ProjectAction, ProjectCb
from bot.telegram.flows import leave_flow
from bot.telegram.guards import flag
from bot.telegram.menu import is_elsewhere
from bot.telegram.screens import button

log = logging.getLogger("handlers.projects")

PREFIX = "pj_"
REPORT_KEY = "pj_report"  # the report being filled
BACK_KEY = "pj_back"  # the report being returned (the coordinator's comment comes next)
GRANT_KEY = "pj_grant"  # the grant being recorded so far


class ProjectFlow(StatesGroup):
    people = State()
    spent = State()
    jobs = State()
    summary = State()
    photos = State()
    comment = State()  # the coordinator's comment on a returned report
    grant_title = State()
    grant_amount = State()
    grant_date = State()


@dataclass(frozen=True, slots=True)
class Ctx:
    access: Access
    state: FSMContext
    projects: ProjectService
    people: People
    l10n: Translator
    translations: Translations

    async def leave(self) -> None:
        """Out of any project step; its FSM data dropped (answers live in the database)."""
        await leave_flow(self.state, ProjectFlow, PREFIX)


def cb(
    text: str, action: ProjectAction, p: int = 0, r: int = 0, v: str = ""
) -> InlineKeyboardButton:
    return button(text, ProjectCb(action=action, p=p, r=r, v=v))


def error_text(exc: ProjectError, l10n: Translator) -> str:
    return l10n(f"project-error-{exc.key}", **exc.details)


def program_name(ctx: Ctx, code: str) -> str:
    program = ctx.projects.catalogue.get(code)
    return html.escape(program.name(ctx.l10n.locale) if program else code)


def region_name(code: str | None, l10n: Translator) -> str:
    region = region_by_code(code)
    return region.name(l10n.locale) if region else "—"


def project_head(project: Project, ctx: Ctx) -> str:
    return ctx.l10n(
        "project-head",
        title=html.escape(project.title),
        program=program_name(ctx, project.program),
        region=region_name(project.region, ctx.l10n),
        kind=project.kind,
        amount=Money(project.amount),
        date=project.funded_on,
    )


def indicators(filled: Filled, l10n: Translator) -> str:
    """The report's answers against the plan, as the recipient's summary and the coordinator's
    card show them."""
    report, project = filled.report, filled.project
    missing = l10n("project-missing")
    spent = report.spent
    share = round(100 * spent / project.amount) if spent is not None and project.amount else 0
    if filled.voice is not None:
        summary = l10n("project-summary-voice")
    elif report.summary:
        summary = html.escape(report.summary)
    else:
        summary = missing
    return "\n".join(
        [
            l10n(
                "project-line-people",
                value=missing if report.people_reached is None else str(report.people_reached),
            ),
            l10n("project-line-spent", spent=Money(spent), plan=Money(project.amount), share=share)
            if spent is not None
            else l10n("project-line-spent-missing", plan=Money(project.amount)),
            l10n("project-line-jobs", value=missing if report.jobs is None else str(report.jobs)),
            l10n("project-line-summary", summary=summary),
            l10n("project-line-photos", count=len(filled.photos)),
        ]
    )


def report_head(filled: Filled, l10n: Translator) -> str:
    return l10n(
        "project-report-head",
        title=html.escape(filled.project.title),
        n=filled.report.n,
        date=filled.report.due_on,
        status=filled.report.status,
    )


# -- the guard ----------------------------------------------------------------------------------

Needs = Literal["project", "review"]


def needs(
    what: Needs | None = None, *, role: str | None = None, stay: bool = False, typed: bool = False
) -> dict[str, Any]:
    """A handler's flags: what the button must name (see the module), the role it is for
    (`coordinator`), `stay`: a button that keeps the step; `typed`: a typed answer of a step."""
    return {"pj_needs": what, "pj_role": role, "pj_stay": stay, "pj_typed": typed}


COORDINATOR = needs(role="coordinator")


class Guard(guards.Guard):
    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        ctx = data["ctx"] = Ctx(
            data["access"],
            data["state"],
            data["projects"],
            data["people"],
            data["l10n"],
            data["translations"],
        )
        if not isinstance(event, CallbackQuery):
            if flag(data, "pj_typed") and is_elsewhere(event.text, data["translations"]):
                await ctx.leave()
                raise SkipHandler
            if flag(data, "pj_role") == "coordinator" and not ctx.access.is_coordinator:
                await ctx.leave()
                raise SkipHandler
            return True
        if not await guards.on_message(event, data):
            return False
        if not flag(data, "pj_stay"):
            await ctx.leave()
        access = ctx.access
        if flag(data, "pj_role") == "coordinator" and not access.is_coordinator:
            log.warning("refused: user %s, projects without the role", access.user_id)
            await event.answer(ctx.l10n("access-denied"), show_alert=True)
            return False
        what = flag(data, "pj_needs")
        callback_data: ProjectCb = data["callback_data"]
        if what == "project":
            project = await ctx.projects.managed(access, callback_data.p)
            if project is None:
                return await _stale(
                    event, ctx, f"user {access.user_id}, project {callback_data.p}"
                )
            data["project"] = project
        elif what == "review":
            filled = await ctx.projects.report_in(access, callback_data.r)
            if filled is None:
                return await _stale(event, ctx, f"user {access.user_id}, report {callback_data.r}")
            data["filled"] = filled
        return True


async def _stale(event: CallbackQuery, ctx: Ctx, why: str) -> bool:
    log.warning("stale or forged: %s", why)
    await event.answer(ctx.l10n("project-stale"), show_alert=True)
    return False
