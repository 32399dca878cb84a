"""Funded projects and their reports: the recipient's report by chat (`recipient`), the
coordinator's projects, reports and decisions (`coordinator`), recording a grant (`grant`).

Every message and button of these routers passes the guard (`common.Guard`): the role, and the
project or report a coordinator's button names against their scope, every time.
"""

from __future__ import annotations

from aiogram import Router

from bot.telegram.filters import PrivateChat
from handlers.projects import coordinator, grant, recipient
from handlers.projects.common import Guard, ProjectFlow

__all__ = ["ProjectFlow", "router"]

router = Router(name=__name__)
router.message.filter(PrivateChat())
router.message.middleware(Guard())
router.callback_query.middleware(Guard())
router.include_routers(coordinator.router, grant.router, recipient.router)
