"""Mentoring: coordinators give funded people a mentor («🤝 Тәлімгерлік / Наставничество»),
mentors follow their mentees' check-ins and assess them, mentees answer the check-ins from the
notice's button. One guard (`common.MentoringGuard`) checks every button against the presser."""

from __future__ import annotations

from aiogram import Router

from bot.telegram.filters import PrivateChat
from handlers.mentoring import coordinator, mentee, mentor
from handlers.mentoring.common import MentoringFlow as MentoringFlow
from handlers.mentoring.common import MentoringGuard
from handlers.mentoring.mentee import resume as resume

router = Router(name=__name__)
router.message.filter(PrivateChat())
router.message.middleware(MentoringGuard())
router.callback_query.middleware(MentoringGuard())
router.include_routers(coordinator.router, mentor.router, mentee.router)
