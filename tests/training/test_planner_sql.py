"""The `training` planner queues lesson releases and reminders set-based (issue #18): Python
picks each cohort's releases, one INSERT … SELECT queues them for the members. The rows it
writes must be exactly those the per-member planner wrote before — keys (with the membership's
mark), payload texts, moments — and `planned_through` must move as it did, over days with
weekends, holidays, days off, late release times, an outage, members who joined late, left or
came back, cohorts nobody is in, and newcomers planned on their own. `reference` below is that
per-member planner, kept as the check (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.app import Services, open_services
from bot.core.clock import FakeClock
from bot.core.config import load_settings
from bot.training.planner import (
    PLAN_AHEAD,
    PLAN_BACK,
    _generation,
    _lesson_payload,
    _reminder_payload,
    member_key,
)
from bot.training.schedule import release_moment, released_count
from storage.cohorts import Cohort
from storage.db import to_db
from storage.outbox import NewMessage
from tests.outbox_rows import as_stored, stored

START = datetime(2026, 5, 4, 3, 0, tzinfo=UTC)  # 08:00 on Monday 4 May in Kazakhstan
USERS = 60


@pytest.fixture
async def services(database_url: str, redis_url: str) -> AsyncIterator[Services]:
    settings = load_settings(
        _env_file=None, require_token=False, database_url=database_url, redis_url=redis_url
    )
    opened = await open_services(settings, clock=FakeClock(START))
    yield opened
    await opened.close()


async def reference(
    services: Services, cohort: Cohort, now: datetime, only_user: int | None = None
) -> tuple[int, list[NewMessage]]:
    """What the per-member planner queued for a cohort, and its planned_through after."""
    planner = services.training._planner
    zone = planner.zone
    course = planner._course_of(cohort)
    if course is None or cohort.starts_on is None:
        return cohort.planned_through, []
    total = len(course.lessons)
    members = await services.cohorts.members(cohort.id)
    if only_user is not None:
        members = [m for m in members if m.user_id == only_user]
    if not members:
        return cohort.planned_through, []
    rows: list[NewMessage] = []
    released = released_count(cohort, total, now, zone)
    planned_through = cohort.planned_through
    for number in range(1, total + 1):
        moment = release_moment(cohort, number, zone)
        newest_for_newcomer = only_user is not None and number == released
        if moment > now + PLAN_AHEAD:
            break
        if only_user is None:
            planned_through = max(planned_through, number)
            if number <= cohort.planned_through:
                continue
        if not newest_for_newcomer and moment <= now - PLAN_BACK:
            continue
        if only_user is not None and not newest_for_newcomer and moment <= now:
            continue
        payload = _lesson_payload(course.lessons[number - 1])
        at = max(moment, now) if newest_for_newcomer else moment
        reminder = planner._reminder_after(cohort, number, total)
        for member in members:
            if moment < member.joined_at and not newest_for_newcomer:
                continue
            prefix = f"{member_key(cohort.id, member.user_id)}{_generation(member)}:"
            rows.append(NewMessage(member.user_id, "l10n", f"{prefix}{number}", at, payload))
            if reminder is not None and reminder > now:
                day = reminder.astimezone(zone).date().isoformat()
                rows.append(
                    NewMessage(
                        member.user_id,
                        "l10n",
                        f"{prefix}r{day}",
                        reminder,
                        _reminder_payload(),
                    )
                )
    return (planned_through if only_user is None else cohort.planned_through), rows


async def last_id(services: Services) -> int:
    return int(await services.db.fetchval("SELECT COALESCE(MAX(id), 0) FROM outbox"))


async def new_only(services: Services, rows: list[NewMessage]) -> list[NewMessage]:
    """The rows whose keys are not queued yet (planning again is harmless)."""
    keys = {r[0] for r in await services.db.fetchall("SELECT idempotency_key FROM outbox")}
    fresh = []
    for row in rows:
        if row.key not in keys:
            keys.add(row.key)
            fresh.append(row)
    return fresh


async def a_school(services: Services, seed: int) -> None:
    """Cohorts of both courses on every kind of schedule, and members who joined before the
    start, between releases, at a release's very moment, or not yet; some left, one came back;
    one cohort nobody is in any more."""
    rng = random.Random(seed)
    db = services.db
    zone = services.training.zone
    stamp = to_db(START - timedelta(days=60))
    await db.executemany(
        "INSERT INTO users (id, first_name, language, created_at, last_seen_at)"
        " VALUES (?, ?, 'kk', ?, ?)",
        [(100 + k, f"T{k}", stamp, stamp) for k in range(USERS)],
    )
    today = START.astimezone(zone).date()
    for index in range(14):
        starts_on = today + timedelta(days=rng.randrange(-40, 6))
        cohort = await services.cohorts.create(
            f"Лек {index}",
            region="almaty",
            now=START - timedelta(days=60),
            course=rng.choice(["bastau", "bastau", "zharkyra"]),
            starts_on=starts_on,
            weekdays_only=rng.random() < 0.5,
            release_time=rng.choice([time(9, 0), time(7, 30), time(18, 45), time(23, 30)]),
            join_code=f"S{seed}X{index}",
        )
        days_off = frozenset(
            today + timedelta(days=rng.randrange(-10, 12)) for _ in range(rng.randrange(0, 4))
        )
        if days_off:
            await services.cohorts.update(replace(cohort, days_off=days_off))
        fresh = await services.cohorts.get(cohort.id)
        assert fresh is not None
        first = release_moment(fresh, 1, zone)
        for user in rng.sample(range(100, 100 + USERS), rng.randrange(0, 9)):
            joined = rng.choice(
                [
                    START - timedelta(days=50),
                    first,  # at the first release's very moment
                    release_moment(fresh, rng.randrange(1, 26), zone),  # at a later one's
                    first + timedelta(days=rng.randrange(0, 12), hours=rng.randrange(0, 24)),
                    START + timedelta(hours=rng.randrange(1, 60)),  # not yet (a later run)
                ]
            )
            await db.execute(
                "INSERT INTO cohort_members (cohort_id, user_id, joined_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (cohort.id, user, to_db(joined)),
            )
            if rng.random() < 0.15:
                await services.cohorts.leave(cohort.id, user, joined + timedelta(hours=1))
        if index == 0:  # everyone left
            await db.execute(
                "UPDATE cohort_members SET left_at = ? WHERE cohort_id = ?", (stamp, cohort.id)
            )
        if index == 1:  # part of it was planned before
            await services.cohorts.set_planned_through(cohort.id, 3)


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_the_planner_queues_what_the_per_member_planner_queued(
    services: Services, seed: int
) -> None:
    await a_school(services, seed)
    moments = [
        START,  # 08:00
        START + timedelta(minutes=15),
        START + timedelta(hours=2),  # after the 09:00 releases
        START + timedelta(hours=11),  # 19:00: after the evening releases
        START + timedelta(days=1, hours=16),  # 00:00 two days on
        START + timedelta(days=4, hours=5),  # after an outage of two days and more
        START + timedelta(days=4, hours=5, minutes=15),
    ]
    compared = 0
    reminders = 0
    for now in moments:
        expected: list[NewMessage] = []
        through: dict[int, int] = {}
        for cohort in await services.cohorts.with_course():
            through[cohort.id], rows = await reference(services, cohort, now)
            expected += rows
        expected = await new_only(services, expected)
        before = await last_id(services)

        assert await services.training.plan(now) == len(expected)
        assert sorted(await stored(services.db, before)) == sorted(as_stored(expected, now))
        for cohort in await services.cohorts.with_course():
            assert cohort.planned_through == through[cohort.id], cohort.name
        compared += len(expected)
        reminders += sum(":r" in row.key for row in expected)
    assert compared > 100, "rows were compared"
    assert reminders > 0, "reminders were compared"


@pytest.mark.parametrize("seed", [4, 5])
async def test_a_newcomer_gets_the_rows_the_per_member_planner_gave(
    services: Services, seed: int
) -> None:
    await a_school(services, seed)
    rng = random.Random(seed)
    compared = 0
    for hours in (0, 5, 13, 30, 80):
        now = START + timedelta(hours=hours)
        for cohort in await services.cohorts.with_course():
            members = await services.cohorts.members(cohort.id)
            for member in rng.sample(members, min(2, len(members))):
                _through, expected = await reference(services, cohort, now, member.user_id)
                expected = await new_only(services, expected)
                before = await last_id(services)
                planner = services.training._planner
                assert await planner.plan_cohort(cohort, now, member.user_id) == len(expected)
                assert await stored(services.db, before) == as_stored(expected, now)
                fresh = await services.cohorts.get(cohort.id)
                assert fresh is not None and fresh.planned_through == cohort.planned_through
                compared += len(expected)
    assert compared > 10, "rows were compared"


async def test_a_cohort_without_members_waits_for_its_first(services: Services) -> None:
    await services.db.execute(
        "INSERT INTO users (id, first_name, language, created_at, last_seen_at)"
        " VALUES (100, 'T', 'kk', ?, ?)",
        (to_db(START), to_db(START)),
    )
    cohort = await services.cohorts.create(
        "Бос", region="almaty", now=START, course="bastau", starts_on=date(2026, 5, 1)
    )
    assert await services.training.plan(START) == 0
    fresh = await services.cohorts.get(cohort.id)
    assert fresh is not None and fresh.planned_through == 0, "nothing planned for nobody"
    await services.db.execute(
        "INSERT INTO cohort_members (cohort_id, user_id, joined_at) VALUES (?, 100, ?)",
        (cohort.id, to_db(START - timedelta(days=10))),
    )
    assert await services.training.plan(START) == 2  # today's 09:00 lesson, and yesterday's
    fresh = await services.cohorts.get(cohort.id)
    assert fresh is not None and fresh.planned_through == 4
