"""Trainers' and coordinators' cohorts: the list, the new-cohort wizard, the cohort's card (the
dashboard: enrolment, activity, completion per lesson, who is behind, a nudge), trainees (add by
id or forwarded message, move to another cohort of the course, remove), editing, the progress
export as Excel, and writing to the cohort through the broadcast wizard.

Coordinators see the cohorts in their scope (a grant's program is the course's program, its
region the cohort's) and create, edit and change who is in them; trainers see the cohorts they
teach. One guard (`common.CohortGuard`) re-checks the role and the cohort against the presser's
scope on every message and button of these routers.
"""

from __future__ import annotations

from aiogram import Router

from bot.telegram.filters import PrivateChat
from handlers.training.cohorts import card, editing, listing, members, wizard
from handlers.training.cohorts.common import CohortFlow as CohortFlow
from handlers.training.cohorts.common import CohortGuard

router = Router(name=__name__)
router.message.filter(PrivateChat())
router.message.middleware(CohortGuard())
router.callback_query.middleware(CohortGuard())
router.include_routers(
    listing.router,  # /cohorts first: it is answered even in the middle of a flow
    wizard.router,
    card.router,
    members.router,
    editing.router,
)
