"""What every coordinator's loan screen shares: the states, the desk (who presses, in which
language, the services), the portfolio filter, names shown, and the guard.

The guard is an inner middleware on the loans router: every button and every typed answer
re-checks the role, and a button or a step that names a loan or a payment loads it and checks
its program and region against the presser's grants (callback data can be forged, and a role
can be revoked between two taps). Handlers say what they need with flags (`needs`) and get
`desk`, `message`, `loan` and `payment` as arguments.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Literal

from aiogram import Bot
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.contests.service import ContestService
from bot.core.access import Access
from bot.core.i18n import Translator
from bot.core.people import People
from bot.core.regions import region_by_code
from bot.loans.schedule import TermsError
from bot.loans.service import LoanError, LoanService, Scope
from bot.telegram import guards
from bot.telegram.callbacks import LoanAdminAction, LoanAdminCb
from bot.telegram.flows import leave_flow
from bot.telegram.guards import flag
from bot.telegram.menu import is_elsewhere
from bot.telegram.screens import button

log = logging.getLogger("handlers.loans.admin")

PAGE = 8  # loans, payments or late borrowers per page
FILTER_KEY = "la_filter"  # the portfolio filter: stays when a flow is left


class LoanAdminFlow(StatesGroup):
    """The new-loan wizard, one question per screen; then typed values of one loan or payment
    (its id in `la_loan` / `la_payment`), an import file, reminder days."""

    program = State()
    region = State()
    name = State()
    contract = State()
    principal = State()
    disbursed = State()
    frequency = State()
    term = State()
    grace = State()
    first_due = State()
    rate = State()
    source = State()
    summary = State()
    fix_amount = State()
    reject_reason = State()
    reverse_reason = State()
    record_amount = State()
    record_date = State()
    import_file = State()
    rule = State()


@dataclass(frozen=True, slots=True)
class Filter:
    """The part of the portfolio on screen; travels in the FSM data as `program,region`."""

    program: str | None = None
    region: str | None = None

    def pack(self) -> str:
        return f"{self.program or ''},{self.region or ''}"

    @classmethod
    def unpack(cls, value: str) -> Filter:
        program, _, region = value.partition(",")
        return cls(program or None, region or None)


@dataclass(frozen=True, slots=True)
class Desk:
    """The coordinator at their loans: who, in which language, and the services they use."""

    access: Access
    state: FSMContext
    loans: LoanService
    people: People
    l10n: Translator
    bot: Bot
    contests: ContestService  # where a loan came from (a contest's winning plan)

    @property
    def scope(self) -> Scope:
        return LoanService.scope_of(self.access)

    async def filter(self) -> Filter:
        found = Filter.unpack(str((await self.state.get_data()).get(FILTER_KEY) or ","))
        return found if filter_allowed(found, self) else Filter()

    async def leave(self, *, keep_filter: bool = True) -> None:
        """Out of any step here; the portfolio filter and other features' data stay."""
        await leave_flow(
            self.state, LoanAdminFlow, "la_", keep=(FILTER_KEY,) if keep_filter else ()
        )


def la(
    text: str, action: LoanAdminAction, loan: int = 0, p: int = 0, v: str = ""
) -> InlineKeyboardButton:
    """A coordinator's loan button."""
    return button(text, LoanAdminCb(action=action, loan=loan, p=p, v=v))


def program_name(desk: Desk, code: str | None) -> str:
    program = desk.loans.catalogue.get(code) if code else None
    return program.name(desk.l10n.locale) if program else (code or "—")


def region_name(code: str | None, locale: str) -> str:
    region = region_by_code(code)
    return region.name(locale) if region else "—"


def filter_allowed(found: Filter, desk: Desk) -> bool:
    programs = {p.code for p in desk.loans.loan_programs(desk.access)}
    if found.program is not None and found.program not in programs:
        return False
    if found.region is not None:
        return region_by_code(found.region) is not None and any(
            desk.access.coordinates(program=p, region=found.region)
            for p in ([found.program] if found.program else programs)
        )
    return True


def scope_text(found: Filter, desk: Desk) -> str:
    """What the screen shows: `Жаркыра · Атырауская область`, `Все программы · Вся страна`."""
    l10n, access = desk.l10n, desk.access
    program = program_name(desk, found.program) if found.program else l10n("scope-all-programs")
    if found.region:
        return f"{program} · {region_name(found.region, l10n.locale)}"
    grants = [g for g in access.grants if g.role == "coordinator"]
    own = sorted({g.region for g in grants if g.region is not None})
    if access.is_admin or not own or any(g.region is None for g in grants):
        return f"{program} · {l10n('scope-everywhere')}"
    return f"{program} · " + ", ".join(region_name(r, l10n.locale) for r in own)


def error_text(exc: LoanError | TermsError, l10n: Translator, prefix: str = "loan-error-") -> str:
    return l10n(f"{prefix}{exc.key}", **exc.details)


def page_of(value: str) -> int:
    """The page a pager button carries in `v`."""
    return int(value) if value.isdigit() else 0


# -- the guard ----------------------------------------------------------------------------------

Needs = Literal["loan", "payment"]


def needs(what: Needs | None = None, *, stay: bool = False, typed: bool = False) -> dict[str, Any]:
    """A handler's flags for the guard: the loan (`callback_data.loan`, or `la_loan` for a typed
    answer) or the payment (`p`, or `la_payment`) to load and check; `stay`: a button that
    keeps the step the person is at (the others leave it first); `typed`: a typed answer."""
    return {"la_needs": what, "la_stay": stay, "la_typed": typed}


class Guard(guards.Guard):
    """The coordinator's role on every button and typed answer; the loan and payment in scope."""

    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        access: Access = data["access"]
        desk = data["desk"] = Desk(
            access,
            data["state"],
            data["loans"],
            data["people"],
            data["l10n"],
            data["bot"],
            data["contests"],
        )
        button = isinstance(event, CallbackQuery)
        if not button and not (isinstance(event, Message) and flag(data, "la_typed")):
            return True
        if not button and is_elsewhere(event.text, data["translations"]):
            await desk.leave()
            raise SkipHandler
        if not access.is_coordinator:
            why = f"user {event.from_user.id} sent a loans callback without the right"
            return await _refuse(event, desk, why)
        if button:
            if not isinstance(event.message, Message):
                await event.answer()
                return False
            data["message"] = event.message
            if not flag(data, "la_stay"):  # went elsewhere: the next text is no typed value
                await desk.leave()
        what = flag(data, "la_needs")
        if what is None:
            return True
        loan_id, payment_id, action = await _named(event, data, desk)
        loan = await desk.loans.managed(access, loan_id)
        if loan is None:
            why = f"user {access.user_id} may not {action!r} loan {loan_id}"
            typed = f"user {access.user_id} typed a loan value without the right"
            return await _refuse(event, desk, why, typed)
        data["loan"] = loan
        if what == "payment":
            found = await desk.loans.managed_payment(access, payment_id, loan.id)
            if found is None:
                why = f"user {access.user_id} may not {action!r} payment {payment_id}"
                return await _refuse(event, desk, why)
            data["payment"] = found[0]
        return True


async def _named(event: Any, data: dict[str, Any], desk: Desk) -> tuple[int, int, str]:
    """The loan and payment a button names (and its action), or those of the typed step."""
    if isinstance(event, CallbackQuery):
        callback_data: LoanAdminCb = data["callback_data"]
        return callback_data.loan, callback_data.p, callback_data.action.value
    fsm = await desk.state.get_data()
    return int(fsm.get("la_loan") or 0), int(fsm.get("la_payment") or 0), ""


async def _refuse(event: Any, desk: Desk, why: str, typed_why: str | None = None) -> bool:
    """`access-denied`: an alert on a button (`why` goes to the log), a message after a typed
    answer, which leaves the step (`typed_why`, if any, goes to the log)."""
    l10n = desk.l10n
    if isinstance(event, CallbackQuery):
        log.warning("%s", why)
        await event.answer(l10n("access-denied"), show_alert=True)
        return False
    if typed_why:
        log.warning("%s", typed_why)
    await desk.leave()
    await event.answer(l10n("access-denied"))
    return False
