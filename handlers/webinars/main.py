"""Webinars in the chat: the router `handlers/__init__.py` includes, made of one router per job.

Everyone (browse.py, registration.py, participants.py): «📅 Webinars» → the upcoming ones → a
card → Register (answering the webinar's questions, if any) → the join link and a calendar file;
the waiting list when it is full; cancel; «My webinars»; «I'm here» from the start reminder; a
1–5 rating and a comment afterwards.

Coordinators (cards.py, wizard.py): a wizard to create a webinar, its card (registrations,
attendance, ratings), editing any field (a new time or link is told to registrants), the
registrants with attendance marks, the Excel file, the recording link and cancelling it.

Every button is checked on the server, by one guard per router (common.py): a participant's
buttons act only on the presser's own registration, a coordinator's only on webinars in their
scope. Callback data can be forged.
"""

from __future__ import annotations

from aiogram import Router

from bot.telegram.filters import PrivateChat
from handlers.webinars import browse, cards, participants, registration, wizard
from handlers.webinars.browse import open_link as open_link
from handlers.webinars.common import DEEP_LINK_PREFIX as DEEP_LINK_PREFIX
from handlers.webinars.common import WebinarFlow as WebinarFlow

router = Router(name=__name__)
router.message.filter(PrivateChat())
router.include_routers(
    browse.router,  # /webinars and «📅 Webinars» first: they leave any webinar flow
    registration.router,  # the questions' answers
    participants.router,  # a comment after a rating
    cards.router,
    wizard.router,  # last: its catch-all takes the webinar buttons nobody knows
)
