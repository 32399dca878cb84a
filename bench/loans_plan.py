"""The daily reminder planning and the portfolio summary over a large loan book.

Usage: ``python bench/loans_plan.py`` (100,000 loans × 60 monthly instalments: 6,000,000 schedule
rows) or ``--quick`` (10,000 loans). A fresh SQLite database gets one borrower per loan, loans of
«Жарқыра» disbursed over the last five years in 20 regions, and their schedules; most borrowers
paid everything due, 12 % are one to six instalments behind, 3 % ten to twenty. The `loans`
planner then runs — timed — at 00:15 local time, the day's first run (in production every 15
minutes: later runs of the day find the day planned and do nothing, also measured), then the
portfolio summary of the whole book (PAR, DPD buckets, repayment rate: SQL aggregates) is timed,
and the first page of late borrowers and the chart's months are timed apart. RSS is sampled
every 5 ms while the timed work runs.

``--profile`` prints the cProfile of the timed planner run (top 25 by cumulative time).

Last line: ``RESULT loans=… plan_s=… portfolio_s=… extra_rss_mb=… rows=… second_run_s=…``.
Targets (issue #18): plan_s < 1, portfolio_s < 1, extra_rss_mb < 150 (at 100,000 loans).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import gc
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.rss import PeakRss  # noqa: E402
from bot.app import open_services  # noqa: E402
from bot.core.clock import FakeClock  # noqa: E402
from bot.core.config import load_settings  # noqa: E402
from bot.core.regions import regions  # noqa: E402
from bot.loans.schedule import Terms, build_schedule, default_first_due  # noqa: E402
from storage.db import to_db  # noqa: E402

PLAN_TARGET_S = 1.0
PROFILE = "--profile" in sys.argv
PORTFOLIO_TARGET_S = 1.0
RSS_TARGET_MB = 150.0
TODAY = date(2026, 5, 20)
NOW = datetime(2026, 5, 19, 19, 15, tzinfo=UTC)  # 00:15 on 20 May in Kazakhstan
CHUNK = 2_000  # loans per insert batch while preparing
COORDINATOR = 1


def _loan_rows(
    first_id: int, count: int, rng: random.Random, monthly: dict[tuple[str, str], int]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """`count` loans from `first_id`: their rows, and their schedules' rows with `paid` set."""
    codes = [r.code for r in regions()]
    stamp = to_db(NOW)
    loans: list[tuple[Any, ...]] = []
    instalments: list[tuple[Any, ...]] = []
    for loan_id in range(first_id, first_id + count):
        disbursed = TODAY - timedelta(days=rng.randrange(20, 5 * 365 - 40))
        principal = rng.randrange(300, 5_000) * 1_000
        first = default_first_due(disbursed, 0, "monthly")
        schedule = build_schedule(Terms(principal, disbursed, first, due_day=disbursed.day))
        past = [s for s in schedule if s.due_on < TODAY]
        roll = rng.random()
        behind = (
            rng.randrange(1, 7) if roll < 0.12 else rng.randrange(10, 21) if roll < 0.15 else 0
        )
        behind = min(behind, len(past))
        covered = len(past) - behind
        region = codes[loan_id % len(codes)]
        repaid = 0
        for item in schedule:
            paid = item.amount if item.n <= covered else 0
            if item.n == covered + 1 and behind and rng.random() < 0.3:
                paid = item.amount // 2  # a partial payment
            repaid += paid
            if paid:
                monthly[(region, f"{item.due_on:%Y-%m}")] += paid
            instalments.append(
                (loan_id, item.n, item.due_on.isoformat(), item.principal, 0, item.amount, paid)
            )
        user_id = 1_000_000 + loan_id
        loans.append(
            (
                loan_id,
                f"ZH-B-{loan_id:06d}",
                "zharkyra",
                region,
                f"Borrower {loan_id}",
                user_id,
                principal,
                disbursed.isoformat(),
                first.isoformat(),
                disbursed.day,
                principal,
                repaid,
                "repaid" if repaid >= principal else "active",
                COORDINATOR,
                COORDINATOR,
                stamp,
                stamp,
            )
        )
    return loans, instalments


async def prepare(db: Any, count: int, rng: random.Random) -> int:
    stamp = to_db(NOW - timedelta(days=400)) or ""
    users = [(COORDINATOR, "Coordinator", "ru", stamp, stamp)]

    def people() -> Iterator[tuple[Any, ...]]:
        yield from users
        for loan_id in range(1, count + 1):
            language = "kk" if loan_id % 3 else "ru"
            yield (1_000_000 + loan_id, f"Borrower {loan_id}", language, stamp, stamp)

    async with db.transaction():
        await db.executemany(
            "INSERT INTO users (id, first_name, language, created_at, last_seen_at)"
            " VALUES (?, ?, ?, ?, ?)",
            people(),
        )
    # Filling 6M rows is faster without the partial index; it is built again afterwards, so
    # the timed runs see exactly the production schema.
    await db.execute("DROP INDEX loan_instalments_owed")
    monthly: dict[tuple[str, str], int] = defaultdict(int)
    rows = 0
    for start in range(1, count + 1, CHUNK):
        loans, instalments = _loan_rows(start, min(CHUNK, count + 1 - start), rng, monthly)
        async with db.transaction():
            await db.executemany(
                "INSERT INTO loans (id, contract, program, region, borrower_name, user_id,"
                " principal, disbursed_on, first_due_on, due_day, total_due, repaid, status,"
                " coordinator_id, created_by, created_at, updated_at, term_months, frequency)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 60, 'monthly')",
                loans,
            )
            await db.executemany(
                "INSERT INTO loan_instalments (loan_id, n, due_on, principal, interest, amount,"
                " paid) VALUES (?, ?, ?, ?, ?, ?, ?)",
                instalments,
            )
        rows += len(instalments)
        if start % 20_000 == 1:
            print(f"  {start + len(loans) - 1} loans …", flush=True)
    await db.execute(
        "CREATE INDEX loan_instalments_owed"
        " ON loan_instalments (due_on, loan_id, n, amount, paid) WHERE paid < amount"
    )
    async with db.transaction():
        await db.executemany(
            "INSERT INTO loan_repayments_monthly (program, region, month, amount)"
            " VALUES ('zharkyra', ?, ?, ?)",
            [(region, month, amount) for (region, month), amount in monthly.items()],
        )
    await db.execute("ANALYZE")
    return rows


def _release_free_memory() -> None:
    """Hand the heap the setup freed back to the OS (glibc), so that what the timed work
    allocates shows in RSS instead of reusing the setup's leftovers."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


async def run(count: int, folder: Path) -> int:
    settings = load_settings(
        _env_file=None, require_token=False, database_url=f"sqlite:///{folder}/loans.db"
    )
    services = await open_services(settings, clock=FakeClock(NOW))
    db, loans = services.db, services.loans
    rng = random.Random(7)
    print(f"preparing {count} loans …", flush=True)
    started = time.perf_counter()
    rows = await prepare(db, count, rng)
    print(f"prepared {rows} schedule rows in {time.perf_counter() - started:.1f} s", flush=True)

    _release_free_memory()
    before = psutil.Process().memory_info().rss
    with PeakRss() as rss:
        started = time.perf_counter()
        if PROFILE:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
        planned = await loans.plan(NOW)
        if PROFILE:
            profiler.disable()
        plan_s = time.perf_counter() - started
        started = time.perf_counter()
        portfolio = await loans.portfolio(None)
        portfolio_s = time.perf_counter() - started
    extra_mb = (rss.peak - before) / 1024 / 1024

    started = time.perf_counter()
    again = await loans.plan(NOW + timedelta(minutes=15))
    second_s = time.perf_counter() - started
    started = time.perf_counter()
    regional = await loans.portfolio((("zharkyra", "atyrau"),))
    regional_s = time.perf_counter() - started
    started = time.perf_counter()
    late, late_total = await loans.repo.late(None, None, None, today=TODAY, limit=8)
    late_s = time.perf_counter() - started
    started = time.perf_counter()
    months = await loans.repayments_by_month(None, None, None)
    months_s = time.perf_counter() - started
    reminders = await db.fetchval(
        "SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE 'loan:%:inst:%'"
        " AND idempotency_key NOT LIKE '%:escalate-%'"
    )
    escalations = await db.fetchval(
        "SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE 'loan:%:escalate-%'"
    )
    plan = await db.fetchall(
        "EXPLAIN QUERY PLAN SELECT i.loan_id FROM loan_instalments i JOIN loans l"
        " ON l.id = i.loan_id WHERE i.due_on = ? AND i.paid < i.amount",
        ("2026-05-20",),
    )
    await services.close()

    if PROFILE:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    print(f"planner, first run of the day: {planned} rows in {plan_s:.3f} s")
    print(f"  outbox: {reminders} reminders to borrowers, {escalations} alerts to the coordinator")
    print(f"  a stage's query: {'; '.join(str(r[-1]) for r in plan)}")
    print(f"planner, 15 minutes later: {again} rows in {second_s:.3f} s")
    print(
        f"portfolio (whole book): {portfolio_s:.3f} s — {portfolio.loans} loans,"
        f" {portfolio.late_loans} late, PAR30 {portfolio.par_share(1):.1%},"
        f" repayment rate {portfolio.repayment_rate or 0:.1%}"
    )
    print(f"portfolio (one region): {regional_s:.3f} s — {regional.loans} loans")
    print(f"late borrowers, first page of {late_total}: {late_s:.3f} s ({len(late)} shown)")
    print(f"repayments by month (12): {months_s:.3f} s, last {months[-1][1]:,} ₸")
    print(f"RSS +{extra_mb:.1f} MB over the planner and the portfolio")
    met = plan_s < PLAN_TARGET_S and portfolio_s < PORTFOLIO_TARGET_S and extra_mb < RSS_TARGET_MB
    for name, value, target in (
        ("plan_s", plan_s, PLAN_TARGET_S),
        ("portfolio_s", portfolio_s, PORTFOLIO_TARGET_S),
        ("extra_rss_mb", extra_mb, RSS_TARGET_MB),
    ):
        print(f"target {name}<{target:g}: {'met' if value < target else 'MISSED'}")
    print(
        f"RESULT loans={count} plan_s={plan_s:.3f} portfolio_s={portfolio_s:.3f}"
        f" extra_rss_mb={extra_mb:.1f} rows={planned} second_run_s={second_s:.3f}"
    )
    return 0 if met else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 loans instead of 100,000")
    parser.add_argument("--profile", action="store_true", help="cProfile of the planner run")
    args = parser.parse_args()
    count = 10_000 if args.quick else 100_000
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(run(count, Path(folder)))


if __name__ == "__main__":
    sys.exit(main())
