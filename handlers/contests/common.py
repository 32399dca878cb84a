"""What every contest screen shares: the states, the context (who presses, in which language,
the service), buttons, names shown, and the guard.

The guard runs before every handler of the contests routers. A button names a contest (`c`) or
a plan (`e`); a handler says with `needs(...)` what it must be: a contest the presser
coordinates (`contest`), a plan of that contest (`entry`), a plan the presser may judge now
(`judge`: juror scope, submitted, neither scored nor recused by them, not their own). The guard
loads and checks it every time — a forged id reaches nothing but «out of date» — and injects
`contest` and `plan`.
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

from bot.contests.service import Contest, ContestError, ContestService, Plan, contest_name
from bot.core.access import Access
from bot.core.i18n import Money, Translations, Translator
from bot.core.people import People
from bot.core.regions import region_by_code
from bot.telegram import guards
from bot.telegram.callbacks import ContestAction, ContestCb
from bot.telegram.flows import leave_flow
from bot.telegram.guards import flag
from bot.telegram.menu import is_elsewhere
from bot.telegram.screens import button

log = logging.getLogger("handlers.contests")

PREFIX = "ct_"
ENTRY_KEY = "ct_entry"  # the entrant's plan being filled
SCORING_KEY = "ct_points"  # the juror's points so far {code: points}
SCORING_ENTRY = "ct_judged"  # the plan being scored
NEW_KEY = "ct_new"  # the coordinator's new contest so far


class ContestFlow(StatesGroup):
    idea = State()
    budget = State()
    contribution = State()
    jobs = State()
    files = State()
    summary = State()
    score = State()
    comment = State()
    new = State()  # the new-contest wizard: buttons, and typed dates
    new_closes = State()


@dataclass(frozen=True, slots=True)
class Ctx:
    access: Access
    state: FSMContext
    contests: ContestService
    people: People
    l10n: Translator
    translations: Translations

    async def leave(self) -> None:
        """Out of any contest step; its answers in the FSM dropped (drafts live in the DB)."""
        await leave_flow(self.state, ContestFlow, PREFIX)


def cb(
    text: str, action: ContestAction, c: int = 0, e: int = 0, v: str = ""
) -> InlineKeyboardButton:
    return button(text, ContestCb(action=action, c=c, e=e, v=v))


def name_of(ctx: Ctx, contest: Contest) -> str:
    program = ctx.contests.catalogue.get(contest.program)
    return html.escape(contest_name(program.name if program else None, contest, ctx.l10n.locale))


def region_name(code: str | None, l10n: Translator) -> str:
    region = region_by_code(code)
    return region.name(l10n.locale) if region else l10n("contest-everywhere")


def error_text(exc: ContestError, l10n: Translator) -> str:
    return l10n(f"contest-error-{exc.key}", **exc.details)


def budget_lines(plan: Plan, l10n: Translator) -> str:
    """The budget as numbered lines and its total."""
    lines = [
        l10n("contest-budget-line", n=i, name=html.escape(item.name), amount=Money(item.amount))
        for i, item in enumerate(plan.items, 1)
    ]
    lines.append(l10n("contest-budget-total", total=Money(plan.entry.budget_total)))
    return "\n".join(lines)


def plan_text(plan: Plan, l10n: Translator) -> str:
    """A plan as the entrant's summary, the juror's and the coordinator's card show it."""
    entry = plan.entry
    idea = html.escape(plan.idea) if plan.idea else l10n("contest-idea-voice")
    return "\n".join(
        [
            l10n("contest-plan-idea", idea=idea),
            "",
            l10n("contest-plan-budget"),
            budget_lines(plan, l10n),
            l10n(
                "contest-plan-money",
                own=Money(entry.own_contribution),
                requested=Money(entry.requested),
            ),
            l10n("contest-plan-jobs", jobs=entry.jobs if entry.jobs is not None else 0),
            l10n("contest-plan-files", count=len(plan.attachments)),
        ]
    )


async def origin_line(contests: ContestService, loan_id: int, l10n: Translator) -> str | None:
    """«From the contest Жарқыра №3, plan #12» on a loan's card, when it came from one."""
    found = await contests.origin_of(loan_id)
    if found is None:
        return None
    contest, entry = found
    program = contests.catalogue.get(contest.program)
    name = contest_name(program.name if program else None, contest, l10n.locale)
    return l10n("contest-loan-origin", contest=html.escape(name), n=entry.id)


# -- the guard ----------------------------------------------------------------------------------

Needs = Literal["contest", "entry", "judge"]


def needs(
    what: Needs | None = None, *, role: str | None = None, stay: bool = False, typed: bool = False
) -> dict[str, Any]:
    """A handler's flags: what the button must name (see the module), the role it is for
    (`coordinator`, `juror`), `stay`: a button that keeps the step (the others leave it);
    `typed`: a typed answer of a step."""
    return {"ct_needs": what, "ct_role": role, "ct_stay": stay, "ct_typed": typed}


class Guard(guards.Guard):
    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        ctx = data["ctx"] = Ctx(
            data["access"],
            data["state"],
            data["contests"],
            data["people"],
            data["l10n"],
            data["translations"],
        )
        pressed = isinstance(event, CallbackQuery)
        if not pressed:
            if flag(data, "ct_typed") and is_elsewhere(event.text, data["translations"]):
                await ctx.leave()
                raise SkipHandler
            return True
        if not await guards.on_message(event, data):
            return False
        if not flag(data, "ct_stay"):
            await ctx.leave()
        access = ctx.access
        role = flag(data, "ct_role")
        if role == "coordinator" and not access.is_coordinator:
            return await _refuse(event, ctx, f"user {access.user_id}: contests without the role")
        if role == "juror" and not access.is_juror:
            return await _refuse(event, ctx, f"user {access.user_id}: jury without the role")
        what = flag(data, "ct_needs")
        if what is None:
            return True
        callback_data: ContestCb = data["callback_data"]
        if what == "judge":
            plan = await ctx.contests.judgeable(access, callback_data.e)
            if plan is None:
                return await _stale(event, ctx, f"juror {access.user_id}, plan {callback_data.e}")
            data["plan"] = plan
            data["contest"] = plan.contest
            return True
        contest = await ctx.contests.managed(access, callback_data.c)
        if contest is None:
            return await _refuse(event, ctx, f"user {access.user_id}, contest {callback_data.c}")
        data["contest"] = contest
        if what == "entry":
            found = await ctx.contests.entry_in(contest, callback_data.e)
            if found is None:
                return await _stale(event, ctx, f"contest {contest.id}, plan {callback_data.e}")
            data["plan"] = found
        return True


async def _refuse(event: CallbackQuery, ctx: Ctx, why: str) -> bool:
    log.warning("refused: %s", why)
    await event.answer(ctx.l10n("access-denied"), show_alert=True)
    return False


async def _stale(event: CallbackQuery, ctx: Ctx, why: str) -> bool:
    log.warning("stale or forged: %s", why)
    await event.answer(ctx.l10n("contest-stale"), show_alert=True)
    return False
