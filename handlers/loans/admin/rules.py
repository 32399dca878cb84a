"""Reminder days per loan program: shown for the programs in scope, changed by those who
coordinate a program everywhere."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.core.catalogue import Program
from bot.loans.schedule import parse_rule
from bot.telegram.callbacks import LoanAdminAction as A
from bot.telegram.callbacks import LoanAdminCb
from bot.telegram.screens import Screen, keyboard, send, show
from handlers.loans.admin.common import Desk, LoanAdminFlow, la, needs

router = Router(name=__name__)


def _rule_programs(desk: Desk) -> list[Program]:
    """Loan programs whose reminder days this person may change: they coordinate all of it."""
    return [
        p
        for p in desk.loans.loan_programs()
        if desk.access.coordinates(program=p.code, region=None)
    ]


async def _rules_view(desk: Desk, notice: str | None = None) -> Screen:
    l10n = desk.l10n
    lines = [notice, ""] if notice else []
    lines.append(l10n("loan-rules-title"))
    rows: list[list[InlineKeyboardButton]] = []
    editable = _rule_programs(desk)
    for program in desk.loans.loan_programs(desk.access):
        rule = await desk.loans.rule_for(program.code)
        lines.append(
            l10n(
                "loan-rules-line",
                program=html.escape(program.name(l10n.locale)),
                before=", ".join(map(str, rule.before)) or "—",
                after=", ".join(map(str, rule.after)) or "—",
                escalate=rule.escalate_after or 0,
            )
        )
        if program in editable:
            edit = l10n("loan-rules-edit-button", program=program.name(l10n.locale))
            rows.append([la(edit, A.edit_rule, v=program.code)])
    rows.append([la(l10n("loan-admin-home-button"), A.home)])
    return "\n".join(lines), keyboard(*rows)


def _back(desk: Desk) -> list[InlineKeyboardButton]:
    return [la(desk.l10n("button-back"), A.rules)]


@router.callback_query(LoanAdminCb.filter(F.action == A.rules))
async def rules(query: CallbackQuery, message: Message, desk: Desk) -> None:
    await query.answer()
    await show(message, await _rules_view(desk))


@router.callback_query(LoanAdminCb.filter(F.action == A.edit_rule))
async def edit_rule(
    query: CallbackQuery, callback_data: LoanAdminCb, message: Message, desk: Desk
) -> None:
    l10n = desk.l10n
    program = next((p for p in _rule_programs(desk) if p.code == callback_data.v), None)
    if program is None:
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    await query.answer()
    rule = await desk.loans.rule_for(program.code)
    await desk.state.set_state(LoanAdminFlow.rule)
    await desk.state.update_data(la_rule=program.code)
    text = l10n(
        "loan-rules-ask", program=html.escape(program.name(l10n.locale)), current=rule.text()
    )
    await show(message, (text, keyboard(_back(desk))))


@router.message(LoanAdminFlow.rule, flags=needs(typed=True))
async def rule_typed(message: Message, desk: Desk) -> None:
    l10n = desk.l10n
    program = str((await desk.state.get_data()).get("la_rule") or "")
    if program not in {p.code for p in _rule_programs(desk)}:
        await desk.leave()
        await message.answer(l10n("access-denied"))
        return
    rule = parse_rule(message.text or "")
    if rule is None:
        await message.answer(l10n("loan-rules-invalid"), reply_markup=keyboard(_back(desk)))
        return
    await desk.loans.set_rule(program, rule, desk.access.user_id)
    await desk.leave()
    await send(message, await _rules_view(desk, l10n("loan-rules-saved")))
