"""The funnel over 100,000 applicants, from application to repayment.

Usage: ``python bench/funnel.py`` (100,000 people) or ``--quick`` (10,000).

A fresh SQLite database gets the people and their paths with realistic proportions down the
funnel, written with plain bulk inserts (a benchmark fixture: it goes around the services on
purpose, to build 100,000 paths in seconds; the services' rules are what the tests check):
every person applied to one of three programs in one of five regions over the last two years;
60% approved; 75% of those started the course (up to 5 lessons written each) — «Бір ауыл» has
no course, its approved pass straight on; 70% of starters completed (a certificate); 50% of
completers submitted a contest plan; 40% of entrants won and got a loan (12 monthly
instalments); 80% of the loans are paid on time (20% of them repaid in full), the rest late.
Then the funnel for everything, all time, as an administrator, is timed: cold (just after the
database is opened again) and warm (the best of three more runs), plus one program and region.

Last line: ``RESULT people=… funnel_s=… warm_s=… program_region_s=…``. Target: funnel_s < 1.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import open_services  # noqa: E402
from bot.core.access import Access  # noqa: E402
from bot.core.clock import FakeClock  # noqa: E402
from bot.core.config import load_settings  # noqa: E402
from bot.journey.service import Period  # noqa: E402

TARGET_S = 1.0
NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
PROGRAMS = ("bastau", "zharkyra", "one_village")
COURSES = {"bastau": "bastau", "zharkyra": "zharkyra"}
REGIONS = ("almaty", "atyrau", "abai", "turkistan", "astana")


def moment(day: date) -> str:
    return f"{day.isoformat()}T06:00:00"


def paths(people: int) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, as plain tuples."""
    rng = random.Random(17)
    rows: dict[str, list[tuple[object, ...]]] = {
        k: []
        for k in (
            "users",
            "applications",
            "lessons",
            "certificates",
            "entries",
            "loans",
            "instalments",
            "payments",
        )
    }
    start = date(2024, 12, 1)
    loan_id = 0
    for n in range(people):
        uid = 1_000_000 + n
        program, region = PROGRAMS[n % 3], REGIONS[rng.randrange(5)]
        applied = start + timedelta(days=rng.randrange(700))
        rows["users"].append((uid, f"Person {n}", "kk" if n % 2 else "ru", moment(applied)))
        approved = rng.random() < 0.6
        decided = applied + timedelta(days=rng.randrange(3, 30))
        rows["applications"].append(
            (
                f"X-{n:07d}",
                program,
                uid,
                "approved" if approved else "rejected",
                region,
                moment(applied),
                moment(decided),
            )
        )
        if not approved:
            continue
        course = COURSES.get(program)
        ready = decided
        if course is not None:
            if rng.random() >= 0.75:
                continue
            began = decided + timedelta(days=rng.randrange(1, 15))
            for lesson in range(1, rng.randrange(1, 6) + 1):
                rows["lessons"].append((uid, course, lesson, moment(began)))
            if rng.random() >= 0.7:
                continue
            ready = began + timedelta(days=rng.randrange(30, 45))
            rows["certificates"].append((f"C-{n}", uid, course, ready.isoformat(), moment(ready)))
        if rng.random() >= 0.5:
            continue
        entered = ready + timedelta(days=rng.randrange(5, 60))
        won = rng.random() < 0.4
        rows["entries"].append(
            (PROGRAMS.index(program) + 1, uid, "won" if won else "lost", moment(entered))
        )
        if not won:
            continue
        loan_id += 1
        disbursed = entered + timedelta(days=rng.randrange(10, 40))
        on_time, repaid = rng.random() < 0.8, rng.random() < 0.2
        rows["loans"].append(
            (
                loan_id,
                f"L-{loan_id}",
                program,
                region,
                uid,
                disbursed.isoformat(),
                "repaid" if on_time and repaid else "active",
                1_200_000 if on_time and repaid else 0,
                moment(disbursed),
            )
        )
        for i in range(1, 13):
            due = disbursed + timedelta(days=30 * i)
            paid = 100_000 if (on_time and (repaid or due < NOW.date())) else 0
            rows["instalments"].append((loan_id, i, due.isoformat(), paid))
            if paid:
                rows["payments"].append((loan_id, due.isoformat(), moment(due)))
    return rows


async def build(url: str, people: int) -> dict[str, int]:
    settings = load_settings(_env_file=None, require_token=False, database_url=url)
    services = await open_services(settings, clock=FakeClock(NOW))
    db = services.db
    rows = paths(people)
    stamp = moment(NOW.date())
    async with db.transaction():
        await db.executemany(
            "INSERT INTO users (id, first_name, language, created_at, last_seen_at)"
            " VALUES (?, ?, ?, ?, ?)",
            ((u, name, lang, at, at) for u, name, lang, at in rows["users"]),
        )
        await db.executemany(
            "INSERT INTO applications (number, program, user_id, status, answers, region,"
            " created_at, updated_at, submitted_at, decided_at)"
            " VALUES (?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)",
            ((nb, p, u, s, r, a, a, a, d) for nb, p, u, s, r, a, d in rows["applications"]),
        )
        await db.executemany(
            "INSERT INTO lesson_progress (user_id, course, lesson, done_at) VALUES (?, ?, ?, ?)",
            rows["lessons"],
        )
        await db.executemany(
            "INSERT INTO certificates (number, user_id, course, holder_name, completed_on,"
            " issued_at) VALUES (?, ?, ?, 'x', ?, ?)",
            rows["certificates"],
        )
        for n, program in enumerate(PROGRAMS, start=1):
            await db.execute(
                "INSERT INTO contests (id, program, title, opens_on, closes_on, rubric,"
                " created_at, updated_at)"
                " VALUES (?, ?, ?, '2025-01-01', '2026-12-31', '[]', ?, ?)",
                (n, program, f"Contest {n}", stamp, stamp),
            )
        await db.executemany(
            "INSERT INTO contest_entries (contest_id, user_id, status, submitted_at, decided_at,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((c, u, s, at, at, at, at) for c, u, s, at in rows["entries"]),
        )
        await db.executemany(
            "INSERT INTO loans (id, contract, program, region, user_id, principal, disbursed_on,"
            " term_months, frequency, first_due_on, due_day, total_due, status, repaid,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1200000, ?, 12, 'monthly', ?, 1,"
            " 1200000, ?, ?, ?, ?)",
            (
                (i, c, p, r, u, d, d, s, paid, at, at)
                for i, c, p, r, u, d, s, paid, at in rows["loans"]
            ),
        )
        await db.executemany(
            "INSERT INTO loan_instalments (loan_id, n, due_on, principal, amount, paid)"
            " VALUES (?, ?, ?, 100000, 100000, ?)",
            rows["instalments"],
        )
        await db.executemany(
            "INSERT INTO loan_payments (loan_id, amount, paid_on, status, source, created_at)"
            " VALUES (?, 100000, ?, 'confirmed', 'coordinator', ?)",
            rows["payments"],
        )
    await services.close()
    return {name: len(found) for name, found in rows.items()}


async def timed(url: str) -> tuple[float, float, float, list[int]]:
    settings = load_settings(_env_file=None, require_token=False, database_url=url)
    services = await open_services(settings, clock=FakeClock(NOW))
    admin = Access(1, True, ())
    journey = services.journey
    started = time.perf_counter()
    funnel = await journey.funnel(admin, None, None, Period.all)
    cold = time.perf_counter() - started
    warm = []
    for _ in range(3):
        started = time.perf_counter()
        await journey.funnel(admin, None, None, Period.all)
        warm.append(time.perf_counter() - started)
    started = time.perf_counter()
    await journey.funnel(admin, "bastau", "almaty", Period.months12)
    narrow = time.perf_counter() - started
    await services.close()
    return cold, min(warm), narrow, [s.count for s in funnel.steps]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 people")
    args = parser.parse_args()
    people = 10_000 if args.quick else 100_000
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/funnel.db"
        started = time.perf_counter()
        sizes = asyncio.run(build(url, people))
        print(f"prepared in {time.perf_counter() - started:.1f} s: {sizes}", flush=True)
        cold, warm, narrow, counts = asyncio.run(timed(url))
    print(f"steps: {counts}")
    print(f"cold {cold:.3f} s, warm {warm:.3f} s, one program and region {narrow:.3f} s")
    print(f"target funnel_s<{TARGET_S:g}: {'met' if cold < TARGET_S else 'MISSED'}")
    print(
        f"RESULT people={people} funnel_s={cold:.3f} warm_s={warm:.3f}"
        f" program_region_s={narrow:.3f}"
    )
    return 0 if cold < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
