"""The bot's routers, in the order they see an update.

Order matters: onboarding and specific features first, the catch-all fallback last.
"""

from aiogram import Router

from handlers import broadcasts, common, errors, fallback, privacy, roles, start


def routers() -> list[Router]:
    ordered = [
        errors.router,      # errors only: sees every failure from the routers below
        start.router,       # /start, deep links, language, consent; owns the onboarding states
        common.router,      # /help /menu /language /cancel
        privacy.router,     # /privacy
        roles.router,       # coordinators: roles
        broadcasts.router,  # coordinators and trainers: announcements
        fallback.router,    # whatever nobody understood: a hint and the menu
    ]
    for router in ordered:
        # Routers live at module level (one per feature), but a process may build more than one
        # dispatcher (a restart in tests, the playground): detach them from the previous one.
        parent = router.parent_router
        if parent is not None:
            parent.sub_routers.remove(router)
            router._parent_router = None
    return ordered
