"""Financing contests: the entrant's business plan (`entrant`, also the «🏆 Байқау» hub), the
juror's queue and scoring (`juror`), the coordinator's contests (`coordinator/`).

Every message and button of these routers passes the guard (`common.Guard`): the role, and the
contest or plan a button names against the presser's scope, every time.
"""

from __future__ import annotations

from aiogram import Router

from bot.telegram.filters import PrivateChat
from handlers.contests import coordinator, entrant, juror
from handlers.contests.common import ContestFlow, Guard

__all__ = ["ContestFlow", "router"]

router = Router(name=__name__)
router.message.filter(PrivateChat())
router.message.middleware(Guard())
router.callback_query.middleware(Guard())
router.include_routers(entrant.router, juror.router, coordinator.router)
