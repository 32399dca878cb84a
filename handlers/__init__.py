"""The bot's routers, in the order they see an update.

Order matters: onboarding and specific features first, the catch-all fallback last.
The feature modules are imported when the composition root asks (`bot.app`), not at package
import.
"""

from __future__ import annotations

from aiogram import Router

from bot.telegram.deeplinks import DeepLinks
from bot.telegram.flows import Flows


def routers() -> list[Router]:
    from handlers import broadcasts
    from handlers.account import common, errors, fallback, notifications, privacy, roles, start
    from handlers.applications import apply, mine, review
    from handlers.contests import router as contests
    from handlers.journey import router as journey
    from handlers.loans import admin as loans_admin
    from handlers.loans import borrower as loans
    from handlers.mentoring import router as mentoring
    from handlers.projects import router as projects
    from handlers.training import cohorts
    from handlers.training import trainee as training
    from handlers.webinars import main as webinars

    ordered = [
        errors.router,      # errors only: sees every failure from the routers below
        start.router,       # /start, deep links, language, consent; owns the onboarding states
        common.router,      # /help /menu /language /cancel
        privacy.router,     # /privacy
        notifications.router,  # 🔔 when reminders come, muting nudges
        roles.router,       # coordinators: roles
        review.router,      # coordinators: the applications queue, cards, decisions, export
        cohorts.router,     # coordinators and trainers: cohorts, their dashboard, trainees
        broadcasts.router,  # coordinators and trainers: announcements
        mine.router,  # an applicant's own applications (before apply: its buttons)
        webinars.router,    # webinars: the list, registration, reminders' buttons; coordinators
        loans_admin.router,  # coordinators: the loan portfolio, loans, payments, import, Excel
        loans.router,       # borrowers: my loan, the invite code, "I paid"
        mentoring,          # mentors, their mentees' check-ins; coordinators assign mentors
        projects,           # funded projects: recipients' reports; coordinators' decisions
        contests,           # financing contests: entrants' plans, jurors, coordinators
        apply.router,       # applying: programs, eligibility, the form, the summary
        training.router,    # trainees: joining, my courses, lessons, certificates, /verify
        journey,            # one person's path (mine; a coordinator's search), the funnel
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


def setup(flows: Flows, links: DeepLinks) -> None:
    """What the handlers register with the process: flows that resume after a language switch,
    and the deep links they answer."""
    from handlers.applications import apply, review
    from handlers.loans import borrower as loans
    from handlers.mentoring import MentoringFlow
    from handlers.mentoring import resume as mentoring_resume
    from handlers.projects import ProjectFlow
    from handlers.projects.recipient import resume as projects_resume
    from handlers.states import ApplyFlow
    from handlers.training import trainee as training
    from handlers.webinars import main as webinars

    flows.register(ApplyFlow, apply.resume)
    flows.register(loans.LoanFlow, loans.resume)
    flows.register(MentoringFlow, mentoring_resume)
    flows.register(ProjectFlow, projects_resume)
    for prefix, handler in (
        ("c_", training.deep_link),
        ("v_", training.verify_link),
        (webinars.DEEP_LINK_PREFIX, webinars.open_link),
        (loans.DEEP_LINK_PREFIX, loans.deep_link),
        (review.DEEP_LINK_PREFIX, review.deep_link),
    ):
        if not links.has(prefix):  # a second dispatcher on the same services (the playground)
            links.register(prefix, handler)
