"""Applying to a program by chat: open programs → program card → eligibility → the form, one
field at a time → summary (edit any answer) → submit.

The draft is saved after every answer, so a restart, /cancel or a week's pause loses nothing; the
FSM only remembers which application is being filled in. Every button carrying an application id
is checked against the person pressing it, once, by the router's guard: callback data can be
forged.
"""

from __future__ import annotations

import logging

from aiogram import Router

from bot.telegram.filters import PrivateChat
from handlers.applications.apply import form, programs, summary
from handlers.applications.apply.steps import resume as resume
from handlers.applications.guard import OwnApplication, typed_ctx

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(PrivateChat())
router.message.middleware(typed_ctx)
router.callback_query.middleware(OwnApplication(log))
router.include_routers(
    programs.router,  # the programs, a program's card, eligibility, "tell me when it opens"
    summary.router,  # back to a draft, «later», the summary and submitting
    form.router,  # the form: typed answers and each field's buttons
)
