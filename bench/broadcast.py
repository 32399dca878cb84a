"""Broadcast benchmark: the delivery engine sending one broadcast through Telegram's limits.

Usage: ``python bench/broadcast.py`` (10,000 recipients) or ``python bench/broadcast.py --quick``
(1,000 recipients). ``--only rate25,kill50`` runs some scenarios only (the targets of the others
then count as not measured, and the exit code is 2).

The fake Bot API server (:class:`bot.dev.fake_telegram.FakeTelegramServer`, 30 msg/s in total and
1 msg/s per chat) runs in this process. The sender (``open_services`` + ``create_delivery`` +
``DeliveryEngine.run``) runs in a child process (this file with ``--worker``) on a shared SQLite
file, so its RSS can be read with psutil and it can be killed with SIGKILL. Scenarios:

* ``rate25`` / ``rate29``: a broadcast to N recipients, 2 % of whom blocked the bot, at the
  default 25 msg/s and at 29 msg/s;
* ``flood429``: the same at 25 msg/s while the server answers 429 (retry_after 1-5 s) to 1 % of
  requests;
* ``kill50``: the sender is killed with SIGKILL when half of the recipients have their message,
  then a new sender finishes the job;
* ``enqueue``: ``BroadcastService.create`` queueing a broadcast to 100,000 users (a fresh
  child process, timed and its RSS sampled).

The last line printed is ``RESULT recipients=… rate_per_s=… max_in_any_1s=… lost=…
duplicates=… extra_rss_mb=… enqueue_100k_s=…``. The exit code is 1 when a target is missed.
See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import itertools
import json
import os
import random
import signal
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

from bot.app import Services, create_delivery, open_services
from bot.core.config import Settings, load_settings
from bot.delivery.engine import DeliveryConfig
from bot.dev.fake_telegram import DEFAULT_TOKEN, ChatLog, FakeTelegramServer
from bot.dev.fake_telegram.models import ApiCall, ApiError
from storage.broadcasts import Content, Version
from storage.db import to_db

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = str(Path(__file__).resolve())
MB = 1024 * 1024

SERVER_GLOBAL_RATE = 30  # what Telegram allows (and the fake server enforces)
SERVER_PER_CHAT_RATE = 1
BLOCKED_SHARE = 0.02
FLOOD_SHARE = 0.01
FLOOD_RETRY_AFTER = (1, 5)
KILL_AT = 0.5
AUTHOR_ID = 4_999_999
FIRST_USER_ID = 10_000_000

# The two language versions, and the plain text the fake server stores after parsing the HTML.
CONTENT = Content(
    kk=Version("text", "<b>Qadam</b>: жаңа курсқа жазылу басталды. Толығырақ: /menu"),
    ru=Version("text", "<b>Qadam</b>: открыта запись на новый курс. Подробнее: /menu"),
)
PLAIN = {
    "kk": "Qadam: жаңа курсқа жазылу басталды. Толығырақ: /menu",
    "ru": "Qadam: открыта запись на новый курс. Подробнее: /menu",
}

# Targets (from the issue).
MIN_RATE = {25: 24.0, 29: 28.0}
MAX_EXTRA_RSS_MB = 60.0
MAX_ENQUEUE_S = 5.0
DUPLICATE_BOUND = DeliveryConfig().concurrency  # documented bound after a crash


@dataclass(frozen=True)
class Config:
    recipients: int
    enqueue_users: int


FULL = Config(recipients=10_000, enqueue_users=100_000)
QUICK = Config(recipients=1_000, enqueue_users=100_000)


@dataclass(frozen=True)
class Scenario:
    name: str
    rate: int
    flood: float = 0.0  # share of requests answered 429 on purpose
    kill_at: float | None = None  # SIGKILL the sender when this share of recipients got theirs


SCENARIOS = (
    Scenario("rate25", 25),
    Scenario("rate29", 29),
    Scenario("flood429", 25, flood=FLOOD_SHARE),
    Scenario("kill50", 25, kill_at=KILL_AT),
)
SCENARIO_NAMES = (*(s.name for s in SCENARIOS), "enqueue")


def bench_settings(db_path: Path, api_url: str, rate: int = 25) -> Settings:
    """The bot's settings; quiet hours off, or a run at night would hold every message."""
    return load_settings(
        _env_file=None,
        require_token=True,
        bot_token=DEFAULT_TOKEN,
        telegram_api_url=api_url,
        database_url=f"sqlite:///{db_path}",
        delivery_rate=rate,
        quiet_hours="",
        log_level="WARNING",
        admin_ids=str(AUTHOR_ID),  # the author: a coordinator may broadcast to everyone
    )


def rss_bytes(ps: psutil.Process) -> int:
    return int(ps.memory_info().rss)


def vm_hwm_bytes(pid: int) -> int | None:
    """The kernel's peak RSS (VmHWM) of a live process, or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


# --------------------------------------------------------------------------- child processes


async def worker_main(db_path: Path, api_url: str, rate: int) -> None:
    """The sender: the bot's own services and delivery engine, until SIGTERM."""
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    services = await open_services(bench_settings(db_path, api_url, rate))
    engine = create_delivery(services)
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, engine.stop)
    gc.collect()
    print(f"READY rss={rss_bytes(psutil.Process())}", flush=True)
    try:
        await engine.run()
    finally:
        await engine.close()
        await services.close()
    print("STOPPED", flush=True)


class ThreadSampler:
    """Peak RSS of this process, sampled from a thread (the GIL is free while SQLite works)."""

    def __init__(self, interval_s: float = 0.005) -> None:
        self.interval_s = interval_s
        self.peak = 0
        self.samples = 0
        self._ps = psutil.Process()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes(self._ps))
            self.samples += 1
            self._stop.wait(self.interval_s)

    def __enter__(self) -> ThreadSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes(self._ps))


async def enqueue_main(db_path: Path, author_id: int) -> None:
    """Time `BroadcastService.create` for everyone in an already filled database."""
    services = await open_services(bench_settings(db_path, "http://127.0.0.1:9"))
    try:
        users = await services.db.fetchval("SELECT COUNT(*) FROM users")
        gc.collect()
        before = rss_bytes(psutil.Process())
        with ThreadSampler() as sampler:
            started = time.perf_counter()
            broadcast = await services.broadcasts.create(
                author_id, CONTENT, [], at=None, paid=False, progress=None
            )
            took = time.perf_counter() - started
        after = rss_bytes(psutil.Process())
        rows = await services.db.fetchval(
            "SELECT COUNT(*) FROM outbox WHERE broadcast_id = ? AND status = 'pending'",
            (broadcast.id,),
        )
        print(
            json.dumps(
                {
                    "users": users,
                    "queued": broadcast.recipients,
                    "rows": rows,
                    "seconds": took,
                    "rss_before": before,
                    "rss_after": after,
                    "rss_peak": sampler.peak,
                    "samples": sampler.samples,
                }
            ),
            flush=True,
        )
    finally:
        await services.close()


def child_env() -> dict[str, str]:
    """A clean environment: no inherited bot settings or proxies."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TZ")}
    env.update(PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    return env


async def spawn(args: list[str], workdir: Path, stderr_name: str) -> asyncio.subprocess.Process:
    with (workdir / stderr_name).open("ab") as err:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            SCRIPT,
            *args,
            cwd=workdir,
            env=child_env(),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=err,
        )


async def read_line(proc: asyncio.subprocess.Process, limit_s: float) -> str:
    assert proc.stdout is not None
    line = await asyncio.wait_for(proc.stdout.readline(), limit_s)
    return line.decode("utf-8", "replace").strip()


async def stop_process(proc: asyncio.subprocess.Process) -> None:
    """SIGTERM, then SIGKILL after 10 s; only this process, by its pid."""
    if proc.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.terminate()
    try:
        await asyncio.wait_for(proc.wait(), 10.0)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(proc.wait(), 5.0)


def stderr_tail(path: Path, lines: int = 8) -> list[str]:
    try:
        text = path.read_text("utf-8", "replace")
    except OSError:
        return []
    return [line[:200] for line in text.strip().splitlines()[-lines:]]


# --------------------------------------------------------------------------- the fake server


class BenchServer(FakeTelegramServer):
    """The fake server, counting what the benchmark needs without recording every request."""

    def __init__(self) -> None:
        super().__init__(
            DEFAULT_TOKEN,
            None,
            global_rate=SERVER_GLOBAL_RATE,
            per_chat_rate=SERVER_PER_CHAT_RATE,
        )
        self.record_requests = False
        self.sent_at: list[float] = []  # server-side monotonic time of each accepted send
        self.first_messages = 0  # chats that got at least one message
        self.statuses: Counter[int] = Counter()  # sendMessage answers by HTTP status
        self.rate_limited = 0  # 429s from the server's own limits (not injected ones)
        self.on_first_message: Callable[[int], None] | None = None
        self._seen: set[int] = set()

    def _check_rate(self, chat_id: int, count: int) -> None:
        try:
            super()._check_rate(chat_id, count)
        except ApiError:
            self.rate_limited += 1
            raise

    def _record(
        self,
        method: str,
        params: dict[str, Any],
        status: int,
        body: dict[str, Any],
        chat: ChatLog | None,
    ) -> ApiCall | None:
        call = super()._record(method, params, status, body, chat)
        if method == "sendMessage":
            self.statuses[status] += 1
            if status == 200 and chat is not None:
                self.sent_at.append(call.at if call is not None else time.monotonic())
                if chat.chat_id not in self._seen:
                    self._seen.add(chat.chat_id)
                    self.first_messages += 1
                    if self.on_first_message is not None:
                        self.on_first_message(self.first_messages)
        return call


# --------------------------------------------------------------------------- database set-up


@dataclass(frozen=True)
class Population:
    ids: list[int]
    languages: dict[int, str]
    blocked: frozenset[int]

    @property
    def author(self) -> int:
        return AUTHOR_ID


def make_population(count: int, blocked_share: float, seed: int) -> Population:
    ids = [FIRST_USER_ID + i for i in range(count)]
    languages = {uid: ("kk" if i % 2 == 0 else "ru") for i, uid in enumerate(ids)}
    rng = random.Random(seed)
    # The author is a coordinator outside the population: a broadcast leaves its author out.
    blocked = frozenset(rng.sample(ids, round(count * blocked_share)))
    return Population(ids, languages, blocked)


async def fill_users(services: Services, population: Population) -> None:
    now = to_db(datetime.now(UTC))
    people = (
        (uid, f"User{uid}", population.languages[uid], population.languages[uid], now, now)
        for uid in population.ids
    )
    rows = itertools.chain(people, [(AUTHOR_ID, "Author", "kk", "kk", now, now)])
    await services.db.executemany(
        "INSERT INTO users (id, first_name, language, tg_language, created_at, last_seen_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


async def prepare_broadcast(db_path: Path, population: Population) -> tuple[int, int]:
    """Migrate, insert the users and start the broadcast; returns (broadcast id, rows queued)."""
    services = await open_services(bench_settings(db_path, "http://127.0.0.1:9"))
    try:
        await fill_users(services, population)
        broadcast = await services.broadcasts.create(
            population.author, CONTENT, [], at=None, paid=False, progress=None
        )
        return broadcast.id, broadcast.recipients
    finally:
        await services.close()


async def prepare_users(db_path: Path, population: Population) -> None:
    services = await open_services(bench_settings(db_path, "http://127.0.0.1:9"))
    try:
        await fill_users(services, population)
    finally:
        await services.close()


def outbox_counts(db_path: Path, broadcast_id: int) -> Counter[str]:
    """Rows of the broadcast by status ('blocked' for rows given up because of a 403)."""
    with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)) as c:
        rows = c.execute(
            "SELECT status, CASE WHEN last_error LIKE 'blocked%' THEN 1 ELSE 0 END, COUNT(*)"
            " FROM outbox WHERE broadcast_id = ? GROUP BY 1, 2",
            (broadcast_id,),
        ).fetchall()
    counts: Counter[str] = Counter()
    for status, blocked, count in rows:
        counts["blocked" if blocked and status in ("failed", "skipped") else status] += count
    return counts


def blocked_in_db(db_path: Path) -> set[int]:
    with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)) as c:
        return {int(r[0]) for r in c.execute("SELECT id FROM users WHERE blocked_at IS NOT NULL")}


def other_errors(db_path: Path, broadcast_id: int) -> list[str]:
    with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)) as c:
        rows = c.execute(
            "SELECT last_error, COUNT(*) FROM outbox WHERE broadcast_id = ? AND status = 'failed'"
            " AND (last_error IS NULL OR last_error NOT LIKE 'blocked%') GROUP BY 1",
            (broadcast_id,),
        ).fetchall()
    return [f"{error!r} x{count}" for error, count in rows]


# --------------------------------------------------------------------------- one scenario


@dataclass
class SenderRun:
    """One sender process: its RSS before the work and at its peak."""

    rss_before: int
    peak: int = 0
    vm_hwm: int | None = None
    exit: str = ""

    @property
    def extra_mb(self) -> float:
        return (self.peak - self.rss_before) / MB


@dataclass
class ScenarioResult:
    scenario: Scenario
    recipients: int
    blocked: int
    seconds: float = 0.0
    sent_ok: int = 0
    lost: int = 0
    duplicates: int = 0
    duplicated_chats: int = 0
    wrong_language: int = 0
    messages_to_blocked: int = 0
    rate: float = 0.0
    attempt_rate: float = 0.0
    max_in_any_1s: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    rate_limited: int = 0
    blocked_marked: int = 0
    wrongly_marked: int = 0
    outbox: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    senders: list[SenderRun] = field(default_factory=list)
    in_flight_at_kill: int | None = None
    killed_after: int | None = None
    restart_s: float | None = None
    stderr: list[str] = field(default_factory=list)

    @property
    def injected_429(self) -> int:
        return self.statuses[429] - self.rate_limited

    @property
    def extra_rss_mb(self) -> float:
        return max((s.extra_mb for s in self.senders), default=0.0)


def max_in_window(times: list[float], window: float = 1.0) -> int:
    """The most timestamps in any half-open interval [t, t + window)."""
    best = start = 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


class PeakSampler:
    """Peak RSS of a child process, sampled every 50 ms from this process."""

    def __init__(self, pid: int) -> None:
        self.ps = psutil.Process(pid)
        self.peak = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(psutil.Error):
                self.peak = max(self.peak, rss_bytes(self.ps))
            await asyncio.sleep(0.05)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        with contextlib.suppress(psutil.Error):
            self.peak = max(self.peak, rss_bytes(self.ps))


@dataclass
class Sender:
    proc: asyncio.subprocess.Process
    run: SenderRun
    sampler: PeakSampler

    async def finish(self, *, killed: bool) -> None:
        """Stop sampling; read VmHWM while the process lives; stop it (unless it was killed)."""
        await self.sampler.stop()
        self.run.peak = max(self.run.peak, self.sampler.peak)
        if not killed:
            self.run.vm_hwm = vm_hwm_bytes(self.proc.pid)
            await stop_process(self.proc)
        else:
            await self.proc.wait()
        self.run.exit = "SIGKILL" if killed else f"exit {self.proc.returncode}"


async def start_sender(
    db_path: Path, server: FakeTelegramServer, rate: int, workdir: Path, name: str
) -> Sender:
    args = ["--worker", "--db", str(db_path), "--api", server.base_url, "--rate", str(rate)]
    proc = await spawn(args, workdir, f"{name}.stderr.log")
    try:
        line = await read_line(proc, 60.0)
    except TimeoutError:
        await stop_process(proc)
        raise RuntimeError(f"{name}: the sender did not start within 60 s") from None
    if not line.startswith("READY rss="):
        await stop_process(proc)
        tail = "\n".join(stderr_tail(workdir / f"{name}.stderr.log"))
        raise RuntimeError(f"{name}: the sender did not start ({line!r}):\n{tail}")
    run = SenderRun(rss_before=int(line.removeprefix("READY rss=")))
    sampler = PeakSampler(proc.pid)
    sampler.start()
    return Sender(proc, run, sampler)


def scenario_timeout(scenario: Scenario, recipients: int) -> float:
    base = recipients / scenario.rate
    flood = recipients * scenario.flood * sum(FLOOD_RETRY_AFTER) / 2
    return 2.0 * (base + flood) + 120.0


async def run_scenario(scenario: Scenario, cfg: Config, workdir: Path) -> ScenarioResult:
    name = scenario.name
    db_path = workdir / f"{name}.db"
    population = make_population(cfg.recipients, BLOCKED_SHARE, seed=len(name))
    result = ScenarioResult(scenario, cfg.recipients, len(population.blocked))

    server = BenchServer()
    await server.start()
    for i, uid in enumerate(population.ids):
        server.user(uid, f"User{i}", language_code=population.languages[uid])
        if uid in population.blocked:
            server.block(uid)
    broadcast_id, queued = await prepare_broadcast(db_path, population)
    if queued != cfg.recipients:
        raise RuntimeError(f"{name}: {queued} rows queued for {cfg.recipients} recipients")
    if scenario.flood:
        server.fail_randomly(scenario.flood, 429, FLOOD_RETRY_AFTER, seed=7)
    # The server's objects are long-lived: keep them out of the collector's way so that its
    # pauses do not bunch up requests (the server's rate window is exact to the millisecond).
    gc.collect()
    gc.freeze()

    killed = False
    sender: Sender | None = None
    started = time.monotonic()
    try:
        sender = await start_sender(db_path, server, scenario.rate, workdir, name)
        if scenario.kill_at is not None:
            threshold = round(cfg.recipients * scenario.kill_at)

            def kill(count: int) -> None:
                nonlocal killed
                if not killed and count >= threshold and sender is not None:
                    killed = True
                    result.killed_after = count
                    os.kill(sender.proc.pid, signal.SIGKILL)  # mid-request, no clean-up

            server.on_first_message = kill

        deadline = started + scenario_timeout(scenario, cfg.recipients)
        last_report = started
        while True:
            await asyncio.sleep(0.5)
            now = time.monotonic()
            if sender.proc.returncode is not None or (killed and result.restart_s is None):
                if not killed or result.restart_s is not None:
                    tail = "\n".join(stderr_tail(workdir / f"{name}.stderr.log"))
                    raise RuntimeError(f"{name}: the sender exited unexpectedly:\n{tail}")
                # The kill: count what was left in flight, then start a new sender at once.
                killed_at = time.monotonic()
                await sender.finish(killed=True)
                result.senders.append(sender.run)
                counts = await asyncio.to_thread(outbox_counts, db_path, broadcast_id)
                result.in_flight_at_kill = counts["sending"]
                sender = await start_sender(db_path, server, scenario.rate, workdir, name)
                result.restart_s = time.monotonic() - killed_at
                print(
                    f"  [{name}] killed after {result.killed_after} recipients had a message; "
                    f"{result.in_flight_at_kill} row(s) were 'sending'; new sender ready in "
                    f"{result.restart_s:.1f} s"
                )
                continue
            counts = await asyncio.to_thread(outbox_counts, db_path, broadcast_id)
            remaining = counts["pending"] + counts["sending"]
            if now - last_report >= 30:
                last_report = now
                print(
                    f"  [{name}] {now - started:.0f} s: {server.first_messages} recipients "
                    f"have a message, {remaining} row(s) to go, "
                    f"429s {server.statuses[429]}",
                    flush=True,
                )
            if remaining == 0:
                break
            if now > deadline:
                raise RuntimeError(f"{name}: not finished after {now - started:.0f} s")
        result.seconds = time.monotonic() - started
        await sender.finish(killed=False)
        result.senders.append(sender.run)
        sender = None
    finally:
        if sender is not None:
            await sender.sampler.stop()
            await stop_process(sender.proc)
        server.on_first_message = None
        gc.unfreeze()
        result.stderr = stderr_tail(workdir / f"{name}.stderr.log", 5)

    # -- what arrived --------------------------------------------------------------------------
    for uid in population.ids:
        messages = server.chat(uid).bot_messages()
        if uid in population.blocked:
            result.messages_to_blocked += len(messages)
            continue
        if not messages:
            result.lost += 1
        elif len(messages) > 1:
            result.duplicates += len(messages) - 1
            result.duplicated_chats += 1
        expected = PLAIN[population.languages[uid]]
        result.wrong_language += sum(1 for m in messages if m.text != expected)
    times = sorted(server.sent_at)
    result.sent_ok = len(times)
    attempts = sum(server.statuses.values())
    if len(times) > 1 and times[-1] > times[0]:
        span = times[-1] - times[0]
        result.rate = (len(times) - 1) / span
        result.attempt_rate = attempts / span
    result.max_in_any_1s = max_in_window(times)
    result.statuses = server.statuses
    result.rate_limited = server.rate_limited
    marked = await asyncio.to_thread(blocked_in_db, db_path)
    result.blocked_marked = len(marked & population.blocked)
    result.wrongly_marked = len(marked - population.blocked)
    result.outbox = await asyncio.to_thread(outbox_counts, db_path, broadcast_id)
    result.errors = await asyncio.to_thread(other_errors, db_path, broadcast_id)
    await server.stop()
    return result


def describe(result: ScenarioResult) -> list[str]:
    s = result.scenario
    statuses = " ".join(f"{k}:{v}" for k, v in sorted(result.statuses.items()))
    outbox = " ".join(f"{k}={v}" for k, v in sorted(result.outbox.items()))
    lines = [
        f"[{s.name}] rate {s.rate}/s, {result.recipients} recipients ({result.blocked} blocked), "
        f"finished in {result.seconds:.1f} s",
        f"  sent_ok={result.sent_ok} lost={result.lost} duplicates={result.duplicates} "
        f"(in {result.duplicated_chats} chats) wrong_language={result.wrong_language} "
        f"messages_to_blocked={result.messages_to_blocked}",
        f"  rate_per_s={result.rate:.2f} (delivered; all answered sends "
        f"{result.attempt_rate:.2f}/s) max_in_any_1s={result.max_in_any_1s}",
        f"  sendMessage answers {statuses}; 429 from the server's limits={result.rate_limited}, "
        f"injected 429={result.injected_429}",
        f"  blocked users marked={result.blocked_marked}/{result.blocked} "
        f"(others marked: {result.wrongly_marked}); outbox rows: {outbox}",
    ]
    if result.errors:
        lines.append(f"  other failures: {', '.join(result.errors)}")
    for i, run in enumerate(result.senders, 1):
        hwm = f", VmHWM {run.vm_hwm / MB:.1f} MB" if run.vm_hwm else ""
        lines.append(
            f"  sender {i}: RSS before {run.rss_before / MB:.1f} MB, peak {run.peak / MB:.1f} MB"
            f"{hwm}, extra_rss_mb={run.extra_mb:.1f} ({run.exit})"
        )
    if result.killed_after is not None:
        lines.append(
            f"  SIGKILL after {result.killed_after} recipients had a message; "
            f"{result.in_flight_at_kill} row(s) left 'sending'; restart took "
            f"{result.restart_s or 0:.1f} s; duplicates={result.duplicates} "
            f"(bound {DUPLICATE_BOUND})"
        )
    if result.stderr:
        lines.append("  sender stderr (last lines):")
        lines.extend(f"    {line}" for line in result.stderr)
    return lines


# --------------------------------------------------------------------------- enqueue 100k


@dataclass
class EnqueueResult:
    users: int
    queued: int
    rows: int
    seconds: float
    rss_before: int
    rss_peak: int
    rss_after: int
    fill_seconds: float

    @property
    def extra_mb(self) -> float:
        return (self.rss_peak - self.rss_before) / MB


async def run_enqueue(cfg: Config, workdir: Path) -> EnqueueResult:
    db_path = workdir / "enqueue.db"
    population = make_population(cfg.enqueue_users, 0.0, seed=1)
    t0 = time.perf_counter()
    await prepare_users(db_path, population)
    fill = time.perf_counter() - t0
    args = ["--enqueue-worker", "--db", str(db_path), "--author", str(population.author)]
    proc = await spawn(args, workdir, "enqueue.stderr.log")
    try:
        line = await read_line(proc, 120.0)
        await asyncio.wait_for(proc.wait(), 30.0)
    finally:
        await stop_process(proc)
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        tail = "\n".join(stderr_tail(workdir / "enqueue.stderr.log"))
        raise RuntimeError(f"enqueue worker failed ({line!r}):\n{tail}") from None
    return EnqueueResult(
        users=int(data["users"]),
        queued=int(data["queued"]),
        rows=int(data["rows"]),
        seconds=float(data["seconds"]),
        rss_before=int(data["rss_before"]),
        rss_peak=int(data["rss_peak"]),
        rss_after=int(data["rss_after"]),
        fill_seconds=fill,
    )


# --------------------------------------------------------------------------- orchestration


def check_targets(
    results: dict[str, ScenarioResult], enqueue: EnqueueResult | None
) -> dict[str, bool | None]:
    """Each target: True met, False missed, None not measured (scenario skipped)."""
    checks: dict[str, bool | None] = {}

    def get(name: str) -> ScenarioResult | None:
        return results.get(name)

    for name, rate in (("rate25", 25), ("rate29", 29)):
        r = get(name)
        checks[f"{name}: rate>={MIN_RATE[rate]:g}/s"] = (
            None if r is None else r.rate >= MIN_RATE[rate]
        )
        checks[f"{name}: no 429"] = None if r is None else r.statuses[429] == 0
    for name in ("rate25", "rate29", "flood429"):
        r = get(name)
        checks[f"{name}: 0 lost, 0 duplicates"] = (
            None if r is None else r.lost == 0 and r.duplicates == 0 and r.wrong_language == 0
        )
    r = get("kill50")
    checks["kill50: 0 lost"] = None if r is None else r.lost == 0
    checks[f"kill50: duplicates<={DUPLICATE_BOUND}"] = (
        None if r is None else r.duplicates <= DUPLICATE_BOUND
    )
    if results:
        checks["blocked users marked (all scenarios)"] = all(
            r.blocked_marked == r.blocked and r.wrongly_marked == 0 for r in results.values()
        )
        checks[f"sender extra RSS<{MAX_EXTRA_RSS_MB:g}MB (all senders)"] = all(
            r.extra_rss_mb < MAX_EXTRA_RSS_MB for r in results.values()
        )
    checks[f"enqueue: <{MAX_ENQUEUE_S:g}s"] = (
        None
        if enqueue is None
        else enqueue.seconds < MAX_ENQUEUE_S and enqueue.rows == enqueue.users
    )
    checks[f"enqueue: extra RSS<{MAX_EXTRA_RSS_MB:g}MB"] = (
        None if enqueue is None else enqueue.extra_mb < MAX_EXTRA_RSS_MB
    )
    return checks


async def main_async(cfg: Config, only: list[str]) -> int:
    started = time.monotonic()
    results: dict[str, ScenarioResult] = {}
    enqueue: EnqueueResult | None = None
    print(
        f"broadcast benchmark: {cfg.recipients} recipients, {BLOCKED_SHARE:.0%} blocked; fake "
        f"server {SERVER_GLOBAL_RATE}/s total, {SERVER_PER_CHAT_RATE}/s per chat; "
        f"scenarios: {', '.join(only)}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="bench-broadcast-") as tmp:
        workdir = Path(tmp)
        for scenario in SCENARIOS:
            if scenario.name not in only:
                continue
            result = await run_scenario(scenario, cfg, workdir)
            results[scenario.name] = result
            for line in describe(result):
                print(line, flush=True)
        if "enqueue" in only:
            enqueue = await run_enqueue(cfg, workdir)
            print(
                f"[enqueue] {enqueue.queued} rows queued for {enqueue.users} users "
                f"({enqueue.rows} pending) in {enqueue.seconds:.2f} s; RSS before "
                f"{enqueue.rss_before / MB:.1f} MB, peak {enqueue.rss_peak / MB:.1f} MB, after "
                f"{enqueue.rss_after / MB:.1f} MB, extra_rss_mb={enqueue.extra_mb:.1f} "
                f"(filling the users table beforehand: {enqueue.fill_seconds:.1f} s)",
                flush=True,
            )
    checks = check_targets(results, enqueue)
    for target, ok in checks.items():
        print(f"target {target}: {'met' if ok else 'not measured' if ok is None else 'MISSED'}")
    print(f"total time {time.monotonic() - started:.0f} s")

    default = results.get("rate25")
    extra_rss = max((r.extra_rss_mb for r in results.values()), default=float("nan"))
    print(
        f"RESULT recipients={cfg.recipients} "
        f"rate_per_s={default.rate if default else float('nan'):.2f} "
        f"max_in_any_1s={default.max_in_any_1s if default else -1} "
        f"lost={max((r.lost for r in results.values()), default=-1)} "
        f"duplicates={max((r.duplicates for r in results.values()), default=-1)} "
        f"extra_rss_mb={extra_rss:.1f} "
        f"enqueue_100k_s={enqueue.seconds if enqueue else float('nan'):.2f}"
    )
    if any(ok is False for ok in checks.values()):
        return 1
    return 2 if any(ok is None for ok in checks.values()) else 0


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="1,000 recipients instead of 10,000")
    parser.add_argument(
        "--only",
        default=",".join(SCENARIO_NAMES),
        help=f"comma-separated scenarios to run (default: all of {','.join(SCENARIO_NAMES)})",
    )
    # The child processes (not for direct use).
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--enqueue-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    parser.add_argument("--rate", type=int, default=25, help=argparse.SUPPRESS)
    parser.add_argument("--author", type=int, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.worker:
        asyncio.run(worker_main(args.db, args.api, args.rate))
        return 0
    if args.enqueue_worker:
        asyncio.run(enqueue_main(args.db, args.author))
        return 0
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(only) - set(SCENARIO_NAMES))
    if unknown:
        print(f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(SCENARIO_NAMES)}")
        return 2
    return asyncio.run(main_async(QUICK if args.quick else FULL, only))


if __name__ == "__main__":
    sys.exit(main())
