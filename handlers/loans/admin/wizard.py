"""The new-loan wizard, one question per screen (program, region, borrower, contract, amount,
dates, frequency, term, grace, rate, source), then the summary with the schedule in one line.
Also started from an approved application, with the borrower filled in. It walks its steps
through the one step engine (`bot.telegram.wizard`); the screens and the checks of typed
answers are here, the rules themselves in `bot.loans.schedule` and the service."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.applications.service import ApplicationService
from bot.core.i18n import Money
from bot.core.regions import region_by_code, regions
from bot.core.validators import Invalid, parse_date
from bot.loans.schedule import (
    DEFAULT_TERM,
    NAME_MAX,
    NAME_MIN,
    PERIOD_MONTHS,
    Frequency,
    LoanDraft,
    Terms,
    TermsError,
    build_schedule,
    check_disbursed,
    check_grace,
    check_principal,
    check_rate,
    check_term,
    default_first_due,
    format_rate,
    normalise_contract,
    parse_rate,
)
from bot.loans.service import ContractExists
from bot.telegram.callbacks import LoanAdminAction as A
from bot.telegram.callbacks import LoanAdminCb
from bot.telegram.screens import Screen, columns, keyboard, send, show
from bot.telegram.wizard import Wizard
from handlers.loans.admin.card import card_view
from handlers.loans.admin.common import (
    FILTER_KEY,
    Desk,
    LoanAdminFlow,
    error_text,
    la,
    log,
    needs,
    program_name,
    region_name,
)
from handlers.loans.admin.portfolio import home_view
from handlers.loans.views import parse_amount

router = Router(name=__name__)

TERMS = (12, 24, 36, 60)
GRACES = (0, 3, 6, 12)

NEW_LOAN = Wizard(
    group=LoanAdminFlow,
    steps=(
        "program",
        "region",
        "name",
        "contract",
        "principal",
        "disbursed",
        "frequency",
        "term",
        "grace",
        "first_due",
        "rate",
        "source",
        "summary",
    ),
    prefix="la_",
    keys={
        "program": "la_program",
        "region": "la_region",
        "name": "la_name",
        "contract": "la_contract",
        "principal": "la_principal",
        "disbursed": "la_disbursed",
        "frequency": "la_frequency",
        "term": "la_term",
        "grace": "la_grace",
        "first_due": "la_first_due",
        "rate": "la_rate",
        "source": "la_fund",
    },
)
BUTTON_STEPS = frozenset({"program", "region", "frequency", "source", "summary"})
STEPS = StateFilter(*(NEW_LOAN.state_of(s) for s in NEW_LOAN.steps))
Data = Mapping[str, Any]


class _Refused(Exception):
    """A typed answer that cannot be taken; the text (in the user's language) says why."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _period(data: Data) -> int:
    return PERIOD_MONTHS.get(str(data.get("la_frequency") or "monthly"), 1)


def _first_due_default(data: Data) -> date | None:
    if not data.get("la_disbursed"):
        return None
    disbursed = date.fromisoformat(str(data["la_disbursed"]))
    frequency: Frequency = "quarterly" if _period(data) == 3 else "monthly"
    return default_first_due(disbursed, int(data.get("la_grace") or 0), frequency)


def _terms(data: Data) -> Terms:
    first = date.fromisoformat(str(data["la_first_due"]))
    return Terms(
        principal=int(data["la_principal"]),
        disbursed_on=date.fromisoformat(str(data["la_disbursed"])),
        first_due_on=first,
        term_months=int(data.get("la_term") or DEFAULT_TERM),
        grace_months=int(data.get("la_grace") or 0),
        frequency="quarterly" if data.get("la_frequency") == "quarterly" else "monthly",
        rate_bp=int(data.get("la_rate") or 0),
        due_day=int(data.get("la_due_day") or first.day),
    )


def _current_value(step: str, data: Data, desk: Desk) -> str | None:
    """What this step holds already (going back, or from an application), as shown."""
    if not NEW_LOAN.answered(step, data):
        return None
    value, l10n = data[NEW_LOAN.keys[step]], desk.l10n
    if step == "principal":
        return l10n("loan-money", amount=Money(int(value)))
    if step in ("disbursed", "first_due"):
        return l10n.date(date.fromisoformat(str(value)))
    if step == "rate":
        return format_rate(int(value))
    return html.escape(str(value))


def _choices(step: str, data: Data, desk: Desk) -> list[list[InlineKeyboardButton]]:
    """The buttons a step offers (its answers, or a one-tap one)."""
    l10n, locale = desk.l10n, desk.l10n.locale
    if step == "program":
        programs = desk.loans.loan_programs(desk.access)
        return [[la(p.name(locale), A.pick_program, v=p.code)] for p in programs]
    if step == "region":
        program = str(data.get("la_program") or "")
        return columns(
            [
                la(r.name(locale), A.pick_region, v=r.code)
                for r in regions()
                if desk.access.coordinates(program=program, region=r.code)
            ]
        )
    if step == "principal" and data.get("la_suggested"):
        amount = Money(int(data["la_suggested"]))
        return [[la(l10n("loan-admin-applied-button", amount=amount), A.pick_suggested)]]
    if step == "disbursed":
        return [[la(l10n("loan-pay-today"), A.pick_today)]]
    if step == "frequency":
        return [
            [la(l10n("loan-admin-frequency", frequency=f), A.pick_frequency, v=f)]
            for f in ("monthly", "quarterly")
        ]
    if step == "term":
        return [
            [
                la(l10n("loan-admin-months", count=t), A.pick_term, v=str(t))
                for t in TERMS
                if t % _period(data) == 0
            ]
        ]
    if step == "grace":
        term = int(data.get("la_term") or DEFAULT_TERM)
        return [
            [
                la(l10n("loan-admin-months", count=g), A.pick_grace, v=str(g))
                for g in GRACES
                if g % _period(data) == 0 and g < term
            ]
        ]
    if step == "first_due":
        default = _first_due_default(data)
        return [[la(l10n("loan-admin-first-due-button", date=default), A.pick_first_due)]]
    if step == "rate":
        return [[la(l10n("loan-admin-rate-zero"), A.pick_zero_rate)]]
    if step == "source":
        return [
            [la(l10n("loan-admin-source", fund="no"), A.pick_source, v="0")],
            [la(l10n("loan-admin-source", fund="yes"), A.pick_source, v="1")],
        ]
    return []


def _question(step: str, data: Data, desk: Desk) -> str:
    l10n = desk.l10n
    if step == "disbursed":
        return l10n("loan-admin-ask-disbursed", example=f"{desk.loans.today():%d.%m.%Y}")
    if step == "first_due":
        default = _first_due_default(data)
        assert default is not None
        return l10n("loan-admin-ask-first-due", example=f"{default:%d.%m.%Y}")
    return l10n(f"loan-admin-ask-{step.replace('_', '-')}")


def step_view(step: str, data: Data, desk: Desk, error: str | None = None) -> Screen:
    l10n = desk.l10n
    number, steps = NEW_LOAN.position(step, data)
    nav = [la(l10n("button-cancel"), A.wizard_cancel)]
    if NEW_LOAN.previous(step, data) is not None:
        nav.insert(0, la(l10n("button-back"), A.wizard_back, v=step))
    if step == "summary":
        return _summary_view(data, desk, nav)
    question = _question(step, data, desk)
    rows = _choices(step, data, desk)
    current = _current_value(step, data, desk)
    if current is not None and step not in BUTTON_STEPS:
        question += "\n" + l10n("loan-admin-current", value=current)
        rows.append([la(l10n("loan-admin-keep"), A.wizard_keep, v=step)])
    text = f"{l10n('loan-admin-new-step', step=number, steps=steps - 1)}\n{question}"
    if error:
        text = f"⚠️ {error}\n\n{text}"
    return text, keyboard(*rows, nav)


def _summary_view(data: Data, desk: Desk, nav: list[InlineKeyboardButton]) -> Screen:
    l10n = desk.l10n
    terms = _terms(data)
    lines = [
        l10n("loan-admin-summary-title"),
        l10n(
            "loan-admin-summary",
            program=html.escape(program_name(desk, str(data.get("la_program")))),
            region=html.escape(region_name(data.get("la_region"), l10n.locale)),
            name=html.escape(str(data.get("la_name"))),
            contract=html.escape(str(data.get("la_contract"))),
            principal=Money(terms.principal),
            rate=format_rate(terms.rate_bp),
            term=terms.term_months,
            grace=terms.grace_months,
            frequency=terms.frequency,
            disbursed=terms.disbursed_on,
            fund="yes" if data.get("la_fund") else "no",
        ),
    ]
    if data.get("la_user"):
        lines.append(l10n("loan-admin-summary-linked"))
    try:
        schedule = build_schedule(terms)
    except TermsError as exc:
        lines += ["", "⚠️ " + error_text(exc, l10n, "loan-terms-")]
        return "\n".join(lines), keyboard(nav)
    first, last = schedule[0], schedule[-1]
    lines.append(
        l10n(
            "loan-admin-summary-schedule",
            count=len(schedule),
            first=first.due_on,
            first_amount=Money(first.amount),
            last=last.due_on,
            last_amount=Money(last.amount),
            total=Money(sum(s.amount for s in schedule)),
        )
    )
    return "\n".join(lines), keyboard([la(l10n("loan-admin-create-button"), A.wizard_create)], nav)


async def _start(message: Message, desk: Desk, prefill: dict[str, Any]) -> None:
    """The wizard at its first step without a value (an application fills in the program, the
    region and the name; they can still be changed with «Back»)."""
    step, data = await NEW_LOAN.begin(desk.state, prefill, keep=(FILTER_KEY,))
    await show(message, step_view(step, data, desk))


@router.callback_query(LoanAdminCb.filter(F.action == A.new_loan), flags=needs(stay=True))
async def new_loan(query: CallbackQuery, message: Message, desk: Desk) -> None:
    if not desk.loans.loan_programs(desk.access):
        await query.answer(desk.l10n("loan-admin-no-programs"), show_alert=True)
        return
    await query.answer()
    await _start(message, desk, {})


@router.callback_query(LoanAdminCb.filter(F.action == A.from_application), flags=needs(stay=True))
async def from_application(
    query: CallbackQuery,
    callback_data: LoanAdminCb,
    message: Message,
    desk: Desk,
    applications: ApplicationService,
) -> None:
    """The button under "application approved": the wizard with the borrower filled in."""
    l10n, access = desk.l10n, desk.access
    application = await applications.get(callback_data.p)
    if application is None or not access.coordinates(
        program=application.program, region=application.region
    ):
        log.warning(
            "user %s may not open a loan for application %s", access.user_id, callback_data.p
        )
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    existing = await desk.loans.of_application(application.id)
    if existing is not None:
        await query.answer()
        await send(message, await card_view(existing, desk, l10n("loan-admin-already-opened")))
        return
    if application.status != "approved" or application.program not in {
        p.code for p in desk.loans.loan_programs(access)
    }:
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    await query.answer()
    amount = application.answers.get("amount")
    name = str(application.answers.get("full_name") or "").strip()
    prefill = {
        "la_program": application.program,
        "la_region": application.region,
        "la_name": name[:NAME_MAX] if len(name) >= NAME_MIN else None,
        "la_user": application.user_id,
        "la_app": application.id,
        "la_suggested": int(amount) if isinstance(amount, int) and amount > 0 else None,
    }
    sent = await message.answer(l10n("loan-admin-from-application", number=application.reference))
    await _start(sent, desk, prefill)


# -- walking: cancel, back, keep, create --------------------------------------------------------


async def _at(
    query: CallbackQuery,
    desk: Desk,
    pressed: str | None = None,
    live: Callable[[str, dict[str, Any]], object] = lambda step, data: True,
) -> tuple[str | None, dict[str, Any]]:
    """The step the person is at; None (and the button answered as stale) outside the wizard,
    at another step than the `pressed` one, or where the button is not `live`."""
    step, data = await NEW_LOAN.at(desk.state)
    if step is None or pressed not in (None, step) or not live(step, data):
        await query.answer(desk.l10n("button-stale"), show_alert=True)
        return None, data
    return step, data


@router.callback_query(LoanAdminCb.filter(F.action == A.wizard_cancel), flags=needs(stay=True))
async def cancel(query: CallbackQuery, message: Message, desk: Desk) -> None:
    step, _ = await _at(query, desk)
    if step is None:
        return
    await desk.leave()
    await query.answer(desk.l10n("loan-admin-cancelled"))
    await show(message, await home_view(desk))


async def _back(message: Message, desk: Desk, step: str) -> None:
    before, data = await NEW_LOAN.back(desk.state, step)
    assert before is not None
    await show(message, step_view(before, data, desk))


async def _keep(message: Message, desk: Desk, step: str) -> None:
    await _next(message, desk, step, {}, edit=True)


# Back and "keep" (the answer given before): when the button is live at its step, and the move.
WALKS: dict[A, tuple[Callable[[str, dict[str, Any]], object], Callable[..., Awaitable[None]]]] = {
    A.wizard_back: (NEW_LOAN.previous, _back),
    A.wizard_keep: (NEW_LOAN.answered, _keep),
}


@router.callback_query(LoanAdminCb.filter(F.action.in_(WALKS)), flags=needs(stay=True))
async def walk(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    live, move = WALKS[callback_data.action]
    step, _ = await _at(query, desk, callback_data.v, live)
    if step is None:
        return
    await query.answer()
    await move(message, desk, step)


async def _next(
    message: Message, desk: Desk, step: str, answers: dict[str, Any], *, edit: bool
) -> None:
    following, data = await NEW_LOAN.advance(desk.state, step, answers)
    assert following is not None
    await (show if edit else send)(message, step_view(following, data, desk))


@router.callback_query(LoanAdminCb.filter(F.action == A.wizard_create), flags=needs(stay=True))
async def create(query: CallbackQuery, message: Message, desk: Desk) -> None:
    step, data = await _at(query, desk, "summary")
    if step is None:
        return
    l10n, access = desk.l10n, desk.access
    program, region = str(data.get("la_program") or ""), data.get("la_region")
    if program not in {p.code for p in desk.loans.loan_programs(access)} or not access.coordinates(
        program=program, region=region
    ):
        log.warning("user %s: a loan outside the scope refused", access.user_id)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    draft = LoanDraft(
        contract=str(data["la_contract"]),
        borrower_name=str(data["la_name"]),
        program=program,
        region=region,
        terms=_terms(data),
        from_fund=bool(data.get("la_fund")),
        user_id=int(data["la_user"]) if data.get("la_user") else None,
        application_id=int(data["la_app"]) if data.get("la_app") else None,
    )
    try:
        loan = await desk.loans.create(draft, access.user_id)
    except TermsError as exc:
        await query.answer(error_text(exc, l10n, "loan-terms-"), show_alert=True)
        return
    except ContractExists:
        await NEW_LOAN.go(desk.state, "contract")
        await query.answer(
            l10n("loan-admin-contract-taken", contract=html.escape(draft.contract)),
            show_alert=True,
        )
        await show(message, step_view("contract", data, desk))
        return
    await desk.leave()
    await query.answer()
    await show(message, await card_view(loan, desk, l10n("loan-admin-created")))


# -- answers by button --------------------------------------------------------------------------


async def _pick(
    query: CallbackQuery,
    callback_data: LoanAdminCb,
    message: Message,
    desk: Desk,
    step: str,
    answers: dict[str, Any] | None,
) -> None:
    """A button answering `step`: stale unless the person is at that step; `answers` None is
    a value not offered to this person (a forged button)."""
    at, _ = await NEW_LOAN.at(desk.state)
    if at != step:
        await query.answer(desk.l10n("button-stale"), show_alert=True)
        return
    if answers is None:
        log.warning(
            "user %s: loan wizard value %s=%r refused",
            desk.access.user_id,
            callback_data.action.value,
            callback_data.v,
        )
        await query.answer(desk.l10n("access-denied"), show_alert=True)
        return
    await query.answer()
    await _next(message, desk, step, answers, edit=True)


async def _data(desk: Desk) -> dict[str, Any]:
    return await desk.state.get_data()


@router.callback_query(LoanAdminCb.filter(F.action == A.pick_program), flags=needs(stay=True))
async def pick_program(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    value = callback_data.v
    allowed = {p.code for p in desk.loans.loan_programs(desk.access)}
    answers = {"la_program": value, "la_region": None} if value in allowed else None
    await _pick(query, callback_data, message, desk, "program", answers)


@router.callback_query(LoanAdminCb.filter(F.action == A.pick_region), flags=needs(stay=True))
async def pick_region(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    value, program = callback_data.v, str((await _data(desk)).get("la_program") or "")
    ok = region_by_code(value) is not None and desk.access.coordinates(
        program=program, region=value
    )
    await _pick(
        query, callback_data, message, desk, "region", {"la_region": value} if ok else None
    )


@router.callback_query(LoanAdminCb.filter(F.action == A.pick_suggested), flags=needs(stay=True))
async def pick_suggested(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    suggested = (await _data(desk)).get("la_suggested")
    answers = {"la_principal": int(suggested)} if suggested else None
    await _pick(query, callback_data, message, desk, "principal", answers)


@router.callback_query(LoanAdminCb.filter(F.action == A.pick_today), flags=needs(stay=True))
async def pick_today(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    answers = {"la_disbursed": desk.loans.today().isoformat()}
    await _pick(query, callback_data, message, desk, "disbursed", answers)


@router.callback_query(LoanAdminCb.filter(F.action == A.pick_frequency), flags=needs(stay=True))
async def pick_frequency(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    value = callback_data.v
    answers = {"la_frequency": value} if value in PERIOD_MONTHS else None
    await _pick(query, callback_data, message, desk, "frequency", answers)


@router.callback_query(LoanAdminCb.filter(F.action == A.pick_term), flags=needs(stay=True))
async def pick_term(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    value, data = callback_data.v, await _data(desk)
    ok = value.isdigit() and int(value) in TERMS and int(value) % _period(data) == 0
    await _pick(
        query, callback_data, message, desk, "term", {"la_term": int(value)} if ok else None
    )


@router.callback_query(LoanAdminCb.filter(F.action == A.pick_grace), flags=needs(stay=True))
async def pick_grace(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    value, data = callback_data.v, await _data(desk)
    term = int(data.get("la_term") or DEFAULT_TERM)
    ok = value.isdigit() and int(value) in GRACES and int(value) % _period(data) == 0
    answers = {"la_grace": int(value)} if ok and int(value) < term else None
    await _pick(query, callback_data, message, desk, "grace", answers)


@router.callback_query(LoanAdminCb.filter(F.action == A.pick_first_due), flags=needs(stay=True))
async def pick_first_due(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    data = await _data(desk)
    default = _first_due_default(data)
    answers = None
    if default is not None:
        disbursed = date.fromisoformat(str(data["la_disbursed"]))
        answers = {"la_first_due": default.isoformat(), "la_due_day": disbursed.day}
    await _pick(query, callback_data, message, desk, "first_due", answers)


@router.callback_query(LoanAdminCb.filter(F.action == A.pick_zero_rate), flags=needs(stay=True))
async def pick_zero_rate(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    await _pick(query, callback_data, message, desk, "rate", {"la_rate": 0})


@router.callback_query(LoanAdminCb.filter(F.action == A.pick_source), flags=needs(stay=True))
async def pick_source(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    value = callback_data.v
    answers = {"la_fund": value == "1"} if value in ("0", "1") else None
    await _pick(query, callback_data, message, desk, "source", answers)


# -- typed answers ------------------------------------------------------------------------------


def _typed_value(step: str, text: str, data: Data, desk: Desk) -> dict[str, Any]:
    """What a typed answer stores; `_Refused` with the reason if it cannot be taken, or the
    `TermsError` of the loan-terms rule it breaks."""
    l10n, today = desk.l10n, desk.loans.today()
    if not text:
        raise _Refused(l10n("loan-admin-expects-text"))
    if step == "name":
        name = " ".join(text.split())
        if not NAME_MIN <= len(name) <= NAME_MAX:
            raise _Refused(l10n("loan-import-name", min=NAME_MIN, max=NAME_MAX))
        return {"la_name": name}
    if step == "contract":
        contract = normalise_contract(text)
        if contract is None:
            raise _Refused(l10n("loan-import-contract"))
        return {"la_contract": contract}
    if step == "principal":
        amount = parse_amount(text, l10n)
        if isinstance(amount, str):
            raise _Refused(amount)
        check_principal(amount)
        return {"la_principal": amount}
    if step in ("disbursed", "first_due"):
        parsed = parse_date(text, today=today)
        if isinstance(parsed, Invalid):
            raise _Refused(l10n("loan-error-date-invalid", example=f"{today:%d.%m.%Y}"))
        if step == "first_due":
            return {"la_first_due": parsed.isoformat(), "la_due_day": parsed.day}
        try:
            check_disbursed(parsed, today)
        except TermsError as exc:
            raise _Refused(error_text(exc, l10n, "loan-admin-")) from exc
        return {"la_disbursed": parsed.isoformat(), "la_first_due": None}
    if step in ("term", "grace"):
        if not text.isdigit():
            raise _Refused(l10n("loan-admin-months-invalid"))
        if step == "term":
            check_term(int(text), _period(data))
            return {"la_term": int(text)}
        check_grace(int(text), _period(data), int(data.get("la_term") or DEFAULT_TERM))
        return {"la_grace": int(text)}
    if step == "rate":
        rate = parse_rate(text)
        if rate is None:
            raise _Refused(l10n("loan-admin-rate-invalid"))
        check_rate(rate)
        return {"la_rate": rate}
    raise _Refused(l10n("loan-admin-use-buttons"))


@router.message(STEPS, flags=needs(typed=True))
async def step_typed(message: Message, desk: Desk) -> None:
    step, data = await NEW_LOAN.at(desk.state)
    assert step is not None
    try:
        if step in BUTTON_STEPS:
            raise _Refused(desk.l10n("loan-admin-use-buttons"))
        answers = _typed_value(step, (message.text or "").strip(), data, desk)
        if step == "contract" and await desk.loans.contract_taken(answers["la_contract"]):
            contract = html.escape(answers["la_contract"])
            raise _Refused(desk.l10n("loan-admin-contract-taken", contract=contract))
        if step == "first_due":
            build_schedule(_terms({**data, **answers}))
    except _Refused as refused:
        await send(message, step_view(step, data, desk, refused.text))
        return
    except TermsError as exc:
        await send(message, step_view(step, data, desk, error_text(exc, desk.l10n, "loan-terms-")))
        return
    await _next(message, desk, step, answers, edit=False)
