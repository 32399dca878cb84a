"""The bot's routers, in the order they see an update.

Order matters: onboarding and specific features first, the catch-all fallback last.
"""

from aiogram import Router

from handlers import common, errors, fallback, privacy, roles, start


def routers() -> list[Router]:
    return [
        errors.router,  # errors only: sees every failure from the routers below
        start.router,  # /start, deep links, language, consent; owns the onboarding states
        common.router,  # /help /menu /language /cancel
        privacy.router,  # /privacy
        roles.router,  # coordinators: roles
        fallback.router,  # whatever nobody understood: a hint and the menu
    ]
