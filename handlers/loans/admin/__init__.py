"""Coordinators' loans: the portfolio of their scope (a summary, a chart, the overdue borrowers
with a nudge, Excel), the loans and their cards, payments to confirm, correct or reject, payments
recorded from a bank statement and reversed with a reason, the new-loan wizard (also started
from an approved application), importing loans from an .xlsx or .csv file, reminder days.

One router per job, included here in order (the portfolio first: /loans and the menu button
come before any typed step). Every message and button passes the guard (`common.Guard`): the
role, and the loan's or payment's program and region against the presser's grants.
"""

from __future__ import annotations

from aiogram import Router

from bot.telegram.filters import PrivateChat
from handlers.loans.admin import card, imports, payments, portfolio, rules, wizard
from handlers.loans.admin.common import Guard, LoanAdminFlow

__all__ = ["LoanAdminFlow", "router"]

router = Router(name=__name__)
router.message.filter(PrivateChat())
router.message.middleware(Guard())
router.callback_query.middleware(Guard())
router.include_routers(
    portfolio.router,  # /loans, the summary, filter, lists, chart, Excel
    card.router,  # a loan's card, schedule, payments, nudge, invite
    payments.router,  # a payment: confirm, fix, reject, reverse; recording one
    wizard.router,  # the new-loan wizard
    imports.router,  # importing loans from a file
    rules.router,  # reminder days
)
