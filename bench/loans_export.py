"""The coordinators' loans workbook («⬇️ Excel») of a large loan book: time, memory, file size.

Usage: ``python bench/loans_export.py`` (100,000 loans × 60 monthly instalments: 6,000,000
schedule rows) or ``--quick`` (10,000 loans). The loan book is the one bench/loans_plan.py makes
(same data, same bulk setup). Then, timed, with RSS sampled every 5 ms: the export exactly as the
handler runs it — `LoanRepo.export_batches` read in batches while `bot.loans.workbook` writes
each batch in a worker thread, saved to a temporary file.

Last line: ``RESULT loans=… export_s=… extra_rss_mb=… file_mb=… schedule_rows=… sheets=…``.
Target (issue 14 item 9): the export of 100,000 loans completes with bounded memory,
extra_rss_mb < 150.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loans_plan import NOW, TODAY, _release_free_memory, prepare  # noqa: E402
from bench.rss import PeakRss  # noqa: E402
from bot.app import open_services  # noqa: E402
from bot.core.clock import FakeClock  # noqa: E402
from bot.core.config import load_settings  # noqa: E402
from bot.core.i18n import Translations  # noqa: E402
from bot.loans.workbook import write_loans_workbook  # noqa: E402

RSS_TARGET_MB = 150.0


async def run(count: int, folder: Path) -> int:
    settings = load_settings(
        _env_file=None, require_token=False, database_url=f"sqlite:///{folder}/loans.db"
    )
    services = await open_services(settings, clock=FakeClock(NOW))
    print(f"preparing {count} loans …", flush=True)
    started = time.perf_counter()
    rows = await prepare(services.db, count, random.Random(7))
    print(f"prepared {rows} schedule rows in {time.perf_counter() - started:.1f} s", flush=True)
    l10n = Translations.from_dir().get("ru")
    names = {p.code: p.name("ru") for p in services.catalogue}
    path = folder / "loans.xlsx"

    _release_free_memory()
    before = psutil.Process().memory_info().rss
    cpu_before = time.process_time()
    with PeakRss() as rss:
        started = time.perf_counter()
        written = await write_loans_workbook(
            services.loans.repo.export_batches(None, None, None), path, names, l10n, TODAY
        )
        export_s = time.perf_counter() - started
    cpu_s = time.process_time() - cpu_before
    extra_mb = (rss.peak - before) / 1024 / 1024
    await services.close()

    file_mb = path.stat().st_size / 1024 / 1024
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    sheets = book.sheetnames
    book.close()
    print(f"export: {written} loans, {rows} schedule rows in {export_s:.1f} s ({cpu_s:.1f} s CPU)")
    print(f"  {written / export_s:,.0f} loans/s, {rows / export_s:,.0f} schedule rows/s")
    print(f"  file {file_mb:.1f} MB, sheets: {', '.join(sheets)}")
    print(f"RSS +{extra_mb:.1f} MB over the export")
    met = written == count and extra_mb < RSS_TARGET_MB
    print(
        f"target extra_rss_mb<{RSS_TARGET_MB:g}: {'met' if extra_mb < RSS_TARGET_MB else 'MISSED'}"
    )
    print(
        f"RESULT loans={written} export_s={export_s:.1f} extra_rss_mb={extra_mb:.1f}"
        f" file_mb={file_mb:.1f} schedule_rows={rows} sheets={len(sheets)}"
    )
    return 0 if met else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 loans instead of 100,000")
    args = parser.parse_args()
    count = 10_000 if args.quick else 100_000
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(run(count, Path(folder)))


if __name__ == "__main__":
    sys.exit(main())
