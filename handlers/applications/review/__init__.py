"""Coordinators review applications: the queue (filtered by program, region and status, in pages),
an application's card (answers, contact, history, scores, files), take into review, ask the
applicant a question, approve, reject with a reason, an internal note, scores per criterion, and
the filtered list as an Excel file.

A coordinator whose grants carry a program or a region sees only the applications they cover.
Every message and button re-checks the role and the scope on the server (the router's guard,
`scope.ReviewGuard`, for every button): callback data can be forged, and a role can be revoked
between two taps.
"""

from __future__ import annotations

from aiogram import Router

from bot.telegram.filters import PrivateChat
from handlers.applications.guard import typed_ctx
from handlers.applications.review import card, decisions, export, queue
from handlers.applications.review.card import deep_link as deep_link
from handlers.applications.review.export import DEEP_LINK_PREFIX as DEEP_LINK_PREFIX
from handlers.applications.review.scope import ReviewGuard

router = Router(name=__name__)
router.message.filter(PrivateChat())
router.message.middleware(typed_ctx)
router.callback_query.middleware(ReviewGuard())
router.include_routers(
    queue.router,  # /review, the queue, its filters (before the texts: /review leaves them)
    card.router,  # an application's card, its files
    decisions.router,  # take, ask, approve, reject, note, scores; the texts typed for them
    export.router,  # the queue as Excel
)
