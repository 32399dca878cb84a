"""Trainees: joining a cohort (deep link or code), "My courses", reading lessons, check questions,
completing lessons, the certificate; and `/verify` for anyone who wants to check a certificate.

A lesson number in a button is checked against the presser's own cohort every time (one guard,
`common.TraineeGuard`): a forged "done" on a locked lesson is refused.
"""

from __future__ import annotations

from aiogram import Router

from bot.telegram.filters import PrivateChat
from handlers.training.trainee import certificates, courses, joining, lessons
from handlers.training.trainee.certificates import verify_link as verify_link
from handlers.training.trainee.common import TraineeGuard
from handlers.training.trainee.joining import deep_link as deep_link
from handlers.training.trainee.joining import offer_join as offer_join

router = Router(name=__name__)
router.message.filter(PrivateChat())
router.message.middleware(TraineeGuard())
router.callback_query.middleware(TraineeGuard())
router.include_routers(joining.router, courses.router, lessons.router, certificates.router)
