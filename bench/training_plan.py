"""Planning one day's lesson releases and reminders for many trainees.

Usage: ``python bench/training_plan.py`` (50,000 trainees in 500 cohorts) or ``--quick`` (5,000
in 50). A fresh SQLite database gets the trainees, cohorts of «Бастау Бизнес» that started on
different days, and progress (most trainees keep up, some fall behind). The `training` planner
runs at 09:00 yesterday (untimed, as it ran then in production), then — timed — at 09:00 today:
the moment every cohort's next release enters the planning window and reminders fall due; and
again 15 minutes later (nothing new to plan). RSS is sampled while it runs.

Last line: ``RESULT trainees=… plan_s=… extra_rss_mb=… rows=… second_run_s=…``.
Targets (issue): plan_s < 2, extra_rss_mb < 100.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.rss import PeakRss  # noqa: E402
from bot.app import open_services  # noqa: E402
from bot.core.clock import FakeClock  # noqa: E402
from bot.core.config import load_settings  # noqa: E402
from storage.db import to_db  # noqa: E402

PLAN_TARGET_S = 2.0
PROFILE = "--profile" in sys.argv
RSS_TARGET_MB = 100.0


async def run(trainees: int, cohorts: int, folder: Path) -> int:
    now = datetime(2026, 5, 20, 4, 0, tzinfo=UTC)  # 09:00 in Kazakhstan
    settings = load_settings(
        _env_file=None, require_token=False, database_url=f"sqlite:///{folder}/plan.db"
    )
    services = await open_services(settings, clock=FakeClock(now))
    db, training = services.db, services.training
    course = training.courses.get("bastau")
    assert course is not None
    rng = random.Random(7)
    stamp = to_db(now - timedelta(days=30)) or ""
    print(f"preparing {trainees} trainees in {cohorts} cohorts …", flush=True)
    started = time.perf_counter()
    async with db.transaction():
        await db.executemany(
            "INSERT INTO users (id, first_name, language, created_at, last_seen_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                (100_000 + n, f"Trainee {n}", "kk" if n % 3 else "ru", stamp, stamp)
                for n in range(trainees)
            ),
        )
    per_cohort = trainees // cohorts
    members: list[tuple[int, int, str]] = []
    progress: list[tuple[int, str, int, str]] = []
    for index in range(cohorts):
        starts_on = date(2026, 5, 20) - timedelta(days=rng.randrange(0, 25))
        cohort = await services.cohorts.create(
            f"Бастау Бизнес — {index + 1}-лек",
            region="almaty",
            now=now - timedelta(days=30),
            course="bastau",
            starts_on=starts_on,
            release_time=clock_time(9, 0),
            join_code=f"B{index:05d}",
        )
        released_before_today = (date(2026, 5, 20) - starts_on).days
        for slot in range(per_cohort):
            user_id = 100_000 + index * per_cohort + slot
            members.append((cohort.id, user_id, stamp))
            behind = 0 if rng.random() < 0.7 else rng.randrange(1, 6)
            for lesson in range(1, max(released_before_today - behind, 0) + 1):
                progress.append((user_id, "bastau", lesson, stamp))
    async with db.transaction():
        await db.executemany(
            "INSERT INTO cohort_members (cohort_id, user_id, joined_at) VALUES (?, ?, ?)",
            members,
        )
        await db.executemany(
            "INSERT INTO lesson_progress (user_id, course, lesson, done_at) VALUES (?, ?, ?, ?)",
            progress,
        )
    print(
        f"prepared in {time.perf_counter() - started:.1f} s ({len(progress)} lessons done)",
        flush=True,
    )

    # Yesterday's 09:00 run happened (untimed): steady state, as every 15 minutes in production.
    warm = await training.plan(now - timedelta(days=1))
    print(f"yesterday's run (untimed): {warm} rows", flush=True)

    before = psutil.Process().memory_info().rss
    with PeakRss() as rss:
        started = time.perf_counter()
        if PROFILE:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
        rows = await training.plan(now)
        if PROFILE:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        plan_s = time.perf_counter() - started
    extra_mb = (rss.peak - before) / 1024 / 1024
    started = time.perf_counter()
    again = await training.plan(now + timedelta(minutes=15))
    second_s = time.perf_counter() - started
    queued = await db.fetchval("SELECT COUNT(*) FROM outbox")
    # Reminders are keyed lesson:<cohort>:<user>:<joined>:r<date>; releases end in the number.
    reminders = await db.fetchval(
        "SELECT COUNT(*) FROM outbox WHERE payload LIKE '%\"key\": \"training-reminder\"%'"
    )
    await services.close()

    print(f"first run: {rows} rows planned in {plan_s:.3f} s; RSS +{extra_mb:.1f} MB")
    print(f"  outbox: {queued} rows, of them {reminders} reminders")
    print(f"second run 15 min later: {again} new rows in {second_s:.3f} s")
    met = plan_s < PLAN_TARGET_S and extra_mb < RSS_TARGET_MB
    print(f"target plan_s<{PLAN_TARGET_S:g}: {'met' if plan_s < PLAN_TARGET_S else 'MISSED'}")
    print(
        f"target extra_rss_mb<{RSS_TARGET_MB:g}: {'met' if extra_mb < RSS_TARGET_MB else 'MISSED'}"
    )
    print(
        f"RESULT trainees={trainees} plan_s={plan_s:.3f} extra_rss_mb={extra_mb:.1f}"
        f" rows={rows} second_run_s={second_s:.3f}"
    )
    return 0 if met else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 trainees in 50 cohorts")
    parser.add_argument("--profile", action="store_true", help="print where planning spends time")
    args = parser.parse_args()
    trainees, cohorts = (5_000, 50) if args.quick else (50_000, 500)
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(run(trainees, cohorts, Path(folder)))


if __name__ == "__main__":
    sys.exit(main())
