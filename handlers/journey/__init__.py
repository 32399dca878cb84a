"""One person's whole path (theirs from the menu; a coordinator's by a search or from an
application's or a loan's card) and the funnel from application to repayment.

One guard for the router (`common.JourneyGuard`): a coordinator's button is checked every time —
the role, the person in scope, the funnel's filters in scope.
"""

from __future__ import annotations

from aiogram import Router

from bot.telegram.filters import PrivateChat
from handlers.journey import funnel, path
from handlers.journey.common import JourneyFlow, JourneyGuard

__all__ = ["JourneyFlow", "router"]

router = Router(name=__name__)
router.message.filter(PrivateChat())
router.message.middleware(JourneyGuard())
router.callback_query.middleware(JourneyGuard())
router.include_routers(
    path.router,  # «My path», finding a person, a person's path
    funnel.router,  # the funnel, its filters, chart and workbook
)
