"""Periodic jobs, reminder planners, broadcast times and audience filters, without Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from bot.app import Services, open_services
from bot.broadcasts.audience import AudienceError
from bot.broadcasts.service import parse_local_time, tomorrow_at, utf16_units
from bot.core.access import Access
from bot.core.clock import FakeClock
from bot.core.config import load_settings
from bot.core.timezones import load_zone
from bot.delivery.jobs import Planners, register_jobs
from bot.delivery.scheduler import MISFIRE_GRACE_S
from storage.users import Profile, RoleGrant

ZONE = load_zone("Asia/Almaty")
NOW = datetime(2026, 5, 14, 6, 0, tzinfo=UTC)  # 11:00 in Kazakhstan


@pytest.fixture
async def services(database_url: str, redis_url: str) -> AsyncIterator[Services]:
    settings = load_settings(
        _env_file=None, require_token=False, database_url=database_url, redis_url=redis_url
    )
    opened = await open_services(settings, clock=FakeClock(NOW))
    yield opened
    await opened.close()


# -- jobs -------------------------------------------------------------------------------------


async def test_periodic_jobs_have_fixed_ids_and_safe_defaults(services: Services) -> None:
    kwargs = {
        "clock": services.clock,
        "planners": services.planners,
        "broadcasts": services.broadcasts,
        "outbox": services.outbox,
    }
    ids = register_jobs(services.scheduler, object(), **kwargs)  # type: ignore[arg-type]
    register_jobs(services.scheduler, object(), **kwargs)  # type: ignore[arg-type]
    assert ids == ["plan-reminders", "broadcasts-tick", "outbox-recover-stale"]
    jobs = {job.id: job for job in services.scheduler.get_jobs()}
    assert sorted(jobs) == sorted(ids), "registering again replaces, never duplicates"
    for job in jobs.values():
        assert job.coalesce is True and job.max_instances == 1
        assert job.misfire_grace_time == MISFIRE_GRACE_S >= 3600
        assert isinstance(job.trigger, IntervalTrigger)
    assert jobs["broadcasts-tick"].trigger.interval == timedelta(seconds=5)
    assert str(services.scheduler.timezone) == "Asia/Almaty"


async def test_planners_run_together_and_one_failure_does_not_stop_the_rest() -> None:
    planners = Planners()
    seen: list[datetime] = []

    async def lessons(now: datetime) -> int:
        seen.append(now)
        return 3

    async def broken(now: datetime) -> int:
        raise RuntimeError("bad data")

    async def loans(now: datetime) -> int:
        return 0

    planners.add("lessons", lessons)
    planners.add("broken", broken)
    planners.add("loans", loans)
    with pytest.raises(ValueError, match="twice"):
        planners.add("loans", loans)
    assert await planners.run(NOW) == {"lessons": 3, "loans": 0}
    assert seen == [NOW]


async def test_stale_rows_are_put_back_by_the_recovery_job(services: Services) -> None:
    await services.users.upsert_demo(Profile(1, "A", None, None, "kk"), "kk", NOW)
    await services.outbox.enqueue(1, "l10n", {}, key="k:1", not_before=NOW, now=NOW)
    await services.outbox.claim_due(NOW, 10, quiet=False)
    assert (
        await services.outbox.recover_stale(NOW + timedelta(minutes=5), timedelta(minutes=10)) == 0
    )
    assert (
        await services.outbox.recover_stale(NOW + timedelta(minutes=11), timedelta(minutes=10))
        == 1
    )


# -- broadcast times --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("25.11.2026 10:00", datetime(2026, 11, 25, 10, 0)),
        ("25.11.26 10:00", datetime(2026, 11, 25, 10, 0)),
        ("1/6 9:05", datetime(2026, 6, 1, 9, 5)),
        ("18:30", datetime(2026, 5, 14, 18, 30)),
        (" 18.30 ", datetime(2026, 5, 14, 18, 30)),
    ],
)
def test_local_times_are_understood(text: str, local: datetime) -> None:
    assert parse_local_time(text, NOW, ZONE) == local.replace(tzinfo=ZONE).astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("ертең", "broadcast-when-invalid"),
        ("", "broadcast-when-invalid"),
        ("32.01.2027 10:00", "broadcast-when-invalid"),
        ("25.11.2026 25:00", "broadcast-when-invalid"),
        ("10:59", "broadcast-when-past"),
        ("11:00", "broadcast-when-past"),
        ("13.05.2026 12:00", "broadcast-when-past"),
        ("15.05.2027 12:00", "broadcast-when-too-far"),
    ],
)
def test_bad_times_name_the_problem(text: str, problem: str) -> None:
    assert parse_local_time(text, NOW, ZONE) == problem


def test_tomorrow_morning_is_local() -> None:
    late = datetime(2026, 5, 14, 20, 0, tzinfo=UTC)  # already 01:00 on the 15th locally
    assert tomorrow_at(late, ZONE) == datetime(2026, 5, 16, 5, 0, tzinfo=UTC)
    assert tomorrow_at(NOW, ZONE) == datetime(2026, 5, 15, 5, 0, tzinfo=UTC)


def test_length_is_counted_as_telegram_counts_it() -> None:
    assert utf16_units("Сәлем") == 5
    assert utf16_units("👍") == 2


# -- audience ---------------------------------------------------------------------------------


def _access(user_id: int, *grants: tuple[str, str | None]) -> Access:
    return Access(
        user_id,
        False,
        tuple(
            RoleGrant(n, user_id, role, None, region, None, NOW)  # type: ignore[arg-type]
            for n, (role, region) in enumerate(grants)
        ),
    )


async def test_filters_compose_with_and(services: Services) -> None:
    people = [
        (11, "kk", "almaty"),
        (12, "ru", "almaty"),
        (13, "kk", "atyrau"),
        (14, "ru", None),
    ]
    for user_id, language, region in people:
        await services.users.upsert_demo(
            Profile(user_id, "X", None, None, language), language, NOW
        )
        await services.db.execute("UPDATE users SET region = ? WHERE id = ?", (region, user_id))
    await services.users.upsert_demo(Profile(15, "Gone", None, None, "kk"), "kk", NOW)
    await services.users.erase(15, NOW)
    cohort = await services.cohorts.create("Лек", region="almaty", now=NOW)
    await services.cohorts.add_member(cohort.id, 14, NOW)

    count = services.audience.count_by_language
    assert await count([]) == {"kk": 2, "ru": 2}, "erased people are never counted"
    assert await count([("lang", "kk")]) == {"kk": 2, "ru": 0}
    assert await count([("region", "almaty")]) == {"kk": 1, "ru": 2}, "joining set the region"
    assert await count([("region", "almaty"), ("lang", "ru")]) == {"kk": 0, "ru": 2}
    assert await count([("cohort", str(cohort.id))]) == {"kk": 0, "ru": 1}
    assert await count([("role", "trainee")]) == {"kk": 0, "ru": 1}
    with pytest.raises(AudienceError):
        services.audience.where([("lang", "en")])
    with pytest.raises(AudienceError):
        services.audience.where([("planet", "mars")])


async def test_scope_is_checked_on_the_server(services: Services) -> None:
    l10n = services.translations.get("ru")
    await services.users.upsert_demo(Profile(21, "T", None, None, "kk"), "kk", NOW)
    mine = await services.cohorts.create("Мой", region="almaty", now=NOW)
    other = await services.cohorts.create("Чужой", region="atyrau", now=NOW)
    await services.cohorts.add_trainer(mine.id, 21)
    audience = services.audience

    trainer = _access(21, ("trainer", None))
    assert await audience.defaults(trainer, l10n) == [("cohort", str(mine.id))]
    await audience.check(trainer, [("cohort", str(mine.id)), ("lang", "kk")], l10n)
    for forged in ([], [("cohort", str(other.id))], [("lang", "kk")]):
        with pytest.raises(AudienceError):
            await audience.check(trainer, forged, l10n)

    regional = _access(22, ("coordinator", "atyrau"))
    assert await audience.defaults(regional, l10n) == [("region", "atyrau")]
    with pytest.raises(AudienceError):
        await audience.check(regional, [("region", "almaty")], l10n)
    chosen = [c.value for c in await audience.filter("cohort").choices(regional, l10n)]  # type: ignore[union-attr]
    assert chosen == [str(other.id)]

    everywhere = _access(23, ("coordinator", None))
    assert await audience.defaults(everywhere, l10n) == []
    await audience.check(everywhere, [("region", "almaty"), ("cohort", str(other.id))], l10n)
    with pytest.raises(AudienceError, match="twice"):
        await audience.check(everywhere, [("lang", "kk"), ("lang", "ru")], l10n)

    with pytest.raises(AudienceError):
        await audience.check(_access(24), [], l10n)


async def test_every_filter_label_exists_in_both_languages(services: Services) -> None:
    from bot.broadcasts.audience import RoleFilter

    for locale in ("kk", "ru"):
        l10n = services.translations.get(locale)
        for item in services.audience.filters:
            assert l10n.has(item.label_key)
        role = services.audience.filter("role")
        assert isinstance(role, RoleFilter)
        for segment in role.segments:
            assert l10n.has(segment.label_key)
        for key in (
            "broadcast-when-invalid",
            "broadcast-when-past",
            "broadcast-when-too-far",
            "broadcast-content-empty",
            "broadcast-content-unsupported",
        ):
            assert l10n.has(key)
