"""The playground's data: the demo seed, and a cohort so the trainee has lessons to receive.

Idempotent like `seed-demo`: starting the playground again on the same database adds nothing.
"""

from __future__ import annotations

import logging
from datetime import time, timedelta

from bot.dev.demo import DEMO_PEOPLE, seed_demo
from bot.services import Services
from bot.training.service import JoinError

log = logging.getLogger(__name__)

# A fixed join code marks the playground's cohort (letters from the join-code alphabet).
DEMO_COHORT_CODE = "PLAY26"
DEMO_COURSE = "bastau"
RELEASE_TIME = time(10, 0)


def _demo_id(kind: str) -> int | None:
    for person in DEMO_PEOPLE:
        username = person.profile.username or ""
        if person.role == kind or username == f"demo_{kind}":
            return person.profile.id
    return None


async def seed_playground(services: Services) -> list[str]:
    """`seed_demo`, then a «Бастау Бизнес» cohort starting tomorrow with the demo trainee."""
    report = await seed_demo(services)
    course = services.training.courses.get(DEMO_COURSE)
    trainee, trainer = _demo_id("trainee"), _demo_id("trainer")
    coordinator = _demo_id("coordinator")
    if course is None or trainee is None:
        return report
    cohorts = services.cohorts
    if await cohorts.by_code(DEMO_COHORT_CODE) is not None:
        return report
    starts_on = services.training.today() + timedelta(days=1)
    async with services.db.transaction():
        cohort = await cohorts.create(
            "Бастау Бизнес · Playground",
            region="almaty",
            now=services.clock.now(),
            course=course.code,
            starts_on=starts_on,
            release_time=RELEASE_TIME,
            capacity=30,
            join_code=DEMO_COHORT_CODE,
            created_by=coordinator,
        )
        if trainer is not None:
            await cohorts.add_trainer(cohort.id, trainer)
    try:
        await services.training.enrol(trainee, cohort, check_capacity=False)
    except JoinError as exc:  # the trainee is in another cohort of this course already
        log.info("playground cohort: trainee not enrolled (%s)", exc.reason)
    report.append(
        f"cohort {cohort.id} «{cohort.name}» from {starts_on.isoformat()},"
        f" lessons at {RELEASE_TIME:%H:%M}, join code {DEMO_COHORT_CODE}"
    )
    return report
