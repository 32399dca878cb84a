"""Cluster benchmark: PostgreSQL + Redis + 3 webhook workers + 2 senders, one of each killed.

Usage: ``python bench/cluster.py --quick`` (50 users, 2,000 updates, a broadcast to 1,000) or
``python bench/cluster.py`` (500 users, 20,000 updates, a broadcast to 10,000).

Everything runs on this machine, on 127.0.0.1, and is gone afterwards:

* PostgreSQL and Redis from Debian's binaries (``bot.dev.servers``) in temporary folders; the
  database is migrated with ``python -m bot migrate``;
* the fake Bot API server (``bot.dev.fake_telegram``) in this process. It stands for Telegram and
  for the reverse proxy in front of the workers: after the workers' ``setWebhook`` it POSTs each
  update with the secret header to the three workers in turn, one update per chat at a time,
  and posts again (to another worker) what was refused or not answered; a worker that gave no
  answer is passed over for 30 s, as deploy/Caddyfile's proxy does;
* 3 ``python -m bot webhook`` and 2 ``python -m bot sender`` processes, as deployed;
* in this process, the bot's own services seed the people (``UserRepo.seen`` then
  ``People.set_language``, as onboarding does) and ``BroadcastService.create`` starts a
  broadcast to the recipients (all Russian readers; the simulated users read Kazakh, so the
  two groups never mix), which the senders deliver through the shared Redis rate limit.

Each simulated user sends /start, then menu commands and buttons that the bot answers with
exactly one message each (/help, /menu, «ℹ️ Анықтама», /language), one after another: after
each reply it "thinks" for a random 0.5-1.5 × ``think`` seconds, then sends the next. An update
with no reply within STEP_TIMEOUT_S is *lost*; a reply beyond one per update is *doubled*. When
half of the updates are answered (plus a random 0-0.5 s, so the kill lands at an arbitrary
moment; ``--kill-on-reply``: at once, right after a reply — the worst case for doubled replies),
one worker and one sender get SIGKILL and are started again with the same command. Last line::

    RESULT updates=… updates_per_s=… lost_updates=… doubled_replies=… broadcast_lost=…
    broadcast_duplicates=… max_msgs_in_any_1s=… p95_ms=… killed_sender_in_flight=…
    killed_worker_in_flight=…

The exit code is 1 when a target of the issue is missed. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import random
import re
import secrets
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import aiohttp
import psutil
from redis.asyncio import Redis

from bot.app import Services, open_services
from bot.core.config import load_settings
from bot.delivery.engine import DeliveryConfig
from bot.dev.fake_telegram import DEFAULT_TOKEN, ChatLog, FakeTelegramServer, SimUser
from bot.dev.fake_telegram.models import ApiCall
from bot.dev.servers import free_port, postgres_server, redis_server, servers_available
from bot.ops.inbox import LEASE_S, RECLAIM_EVERY_S
from storage.broadcasts import Content, Version
from storage.users import Profile

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WEBHOOK_URL = "https://bot.example/tg"
ADMIN_ID = 4_999_999  # the coordinator (ADMIN_IDS) who sends the broadcast
FIRST_SIM = 20_000_000  # the simulated users who talk to the bot
FIRST_RECIPIENT = 10_000_000  # the broadcast's audience
SIM_LANGUAGE, RECIPIENT_LANGUAGE = "kk", "ru"

# Each is answered with exactly one sendMessage (handlers/account/common.py and start.py).
FIRST_STEP = "/start"
STEPS = ("/help", "/menu", "ℹ️ Анықтама", "/language")
REPLY_METHODS = frozenset({"sendMessage", "editMessageText", "sendPhoto", "sendDocument"})

CONTENT = Content(
    kk=Version("text", "<b>Qadam</b>: жаңа курсқа жазылу басталды."),
    ru=Version("text", "<b>Qadam</b>: открыта запись на новый курс."),
)

# The proxy in front of the workers, as deploy/Caddyfile sets Caddy up: a worker that gave no
# answer is passed over for fail_duration; an update it refused is tried again on another one
# after lb_try_interval (Caddy's default).
PROXY_FAIL_DURATION_S = 30.0
PROXY_RETRY_S = 0.25
# The kill comes this long (at random, seeded) after half of the updates were answered, so it
# falls at an arbitrary moment of the workers' work, not just after a reply (--kill-on-reply).
KILL_JITTER_S = 0.5
# The bot's processes run at a lower priority than this one: Telegram is not on the bot's
# machine, so the fake server's clock must not stall when 5 bot processes (and a restart's
# imports) compete for 2 cores; a stalled server stamps the requests that queued meanwhile
# all at once, and its 1-s counts would show the harness, not the senders.
CHILD_NICE = 5
STEP_TIMEOUT_S = 60.0  # no reply by then: the update is lost (a takeover needs ~LEASE_S)
START_TIMEOUT_S = 120.0  # for a process to answer /healthz (2 cores, 5 processes starting)
STOP_TIMEOUT_S = 25.0  # SIGTERM, then SIGKILL (a worker drains for up to 20 s)
SETTLE_S = 3.0  # quiet time before the final count (a late doubled reply would show by then)
DELIVERY_RATE = 25  # the bot's default DELIVERY_RATE

# Targets (issue 16, "Done when", for --quick).
MAX_MSGS_IN_1S = 30
MAX_P95_MS = 200.0


@dataclass(frozen=True)
class Config:
    users: int
    updates: int
    recipients: int
    think_s: float  # mean pause between a reply and the user's next update
    workers: int = 3
    senders: int = 2

    @property
    def per_user(self) -> int:
        return self.updates // self.users


# ~100 updates/s offered in both (users / think): a person reads before tapping again.
QUICK = Config(users=50, updates=2_000, recipients=1_000, think_s=0.5)
FULL = Config(users=500, updates=20_000, recipients=10_000, think_s=5.0)


def percentile(values: Sequence[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def busiest_window(times: Sequence[float], window: float = 1.0) -> tuple[int, int]:
    """(count, index of the first) of the most timestamps (sorted) in any half-open interval
    [t, t + window)."""
    best = first = start = 0
    for end, t in enumerate(times):
        while t - times[start] >= window:
            start += 1
        if end - start + 1 > best:
            best, first = end - start + 1, start
    return best, first


# --------------------------------------------------------------------------- the fake server


class ClusterServer(FakeTelegramServer):
    """The fake Bot API, counting replies per simulated user and the broadcast's sends (server
    time) instead of recording every request."""

    def __init__(self, sims: set[int], recipients: set[int]) -> None:
        super().__init__(DEFAULT_TOKEN, None)
        self.record_requests = False
        self.sims = sims
        self.recipients = recipients
        self.replies: Counter[int] = Counter()
        self.reply_times: dict[int, list[float]] = {uid: [] for uid in sims}
        self.waiters: dict[int, tuple[int, asyncio.Future[float]]] = {}
        self.broadcast_at: list[float] = []  # accepted sendMessage to a recipient
        self.broadcast_peers: list[int] = []  # the client port each of them came from
        self._peer = 0
        self.broadcast_per_chat: Counter[int] = Counter()
        self.sends_at: list[float] = []  # every accepted sendMessage, whoever it is for
        self.refused: Counter[str] = Counter()  # "method status" of every non-200 answer

    async def call(
        self, raw_method: str, raw_params: dict[str, Any], request: Any = None
    ) -> tuple[int, dict[str, Any], dict[str, Any], str]:
        # The client's port names the process that sent it (`Cluster._map_ports`).
        peer = request.transport.get_extra_info("peername") if request is not None else None
        self._peer = int(peer[1]) if peer else 0
        return await super().call(raw_method, raw_params, request)

    def _record(
        self,
        method: str,
        params: dict[str, Any],
        status: int,
        body: dict[str, Any],
        chat: ChatLog | None,
    ) -> ApiCall | None:
        call = super()._record(method, params, status, body, chat)
        now = time.monotonic()
        if status != 200:
            self.refused[f"{method} {status}"] += 1
            return call
        if method == "sendMessage":
            self.sends_at.append(now)
        if chat is None or method not in REPLY_METHODS:
            return call
        chat_id = chat.chat_id
        if chat_id in self.sims:
            self.replies[chat_id] += 1
            self.reply_times[chat_id].append(now)
            waiter = self.waiters.get(chat_id)
            if waiter is not None and self.replies[chat_id] >= waiter[0] and not waiter[1].done():
                waiter[1].set_result(now)
        elif chat_id in self.recipients and method == "sendMessage":
            self.broadcast_at.append(now)
            self.broadcast_peers.append(self._peer)
            self.broadcast_per_chat[chat_id] += 1
        return call

    async def wait_reply(self, chat_id: int, count: int, limit_s: float) -> float | None:
        """When the chat's `count`-th reply arrived (monotonic), or None after `limit_s`."""
        if self.replies[chat_id] >= count:
            return time.monotonic()
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiters[chat_id] = (count, future)
        try:
            return await asyncio.wait_for(future, limit_s)
        except TimeoutError:
            return None
        finally:
            self.waiters.pop(chat_id, None)


# --------------------------------------------------------------------------- the processes


def child_env(**values: str) -> dict[str, str]:
    """A clean environment: only what the bot needs (no inherited bot settings or proxies)."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TZ")}
    env.update(PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1", **values)
    return env


@dataclass
class Child:
    """A `python -m bot …` process; restarted with the very same command and environment."""

    name: str
    command: str  # webhook | sender
    env: dict[str, str]
    port: int
    workdir: Path
    proc: asyncio.subprocess.Process | None = None
    starts: int = 0

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.name}.log"

    @property
    def health_url(self) -> str:
        return f"http://{HOST}:{self.port}/healthz"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    async def start(self) -> None:
        self.starts += 1
        with self.log_path.open("ab") as log:
            log.write(f"--- start {self.starts}\n".encode())
            log.flush()
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                self.command,
                cwd=self.workdir,  # no .env here: the environment is the whole configuration
                env=self.env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,  # a Ctrl+C reaches the benchmark only: it stops them
            )
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, self.proc.pid, CHILD_NICE)

    @property
    def label(self) -> str:
        return self.name if self.starts == 1 else f"{self.name} (restarted)"

    async def wait_healthy(self, session: aiohttp.ClientSession, limit_s: float) -> None:
        deadline = time.monotonic() + limit_s
        while True:
            if self.proc is None or self.proc.returncode is not None:
                code = None if self.proc is None else self.proc.returncode
                raise RuntimeError(f"{self.name} exited ({code}):\n{self.log_tail()}")
            with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                async with session.get(self.health_url) as response:
                    if response.status == 200:
                        return
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: no healthy /healthz in {limit_s:.0f} s")
            await asyncio.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind (only this process, by its pid)."""
        if self.proc is not None and self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGKILL)

    async def reap(self) -> None:
        if self.proc is not None:
            await self.proc.wait()

    async def stop(self) -> None:
        """SIGTERM, then SIGKILL after STOP_TIMEOUT_S."""
        proc = self.proc
        if proc is None or proc.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), STOP_TIMEOUT_S)
        except TimeoutError:
            self.kill()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(proc.wait(), 5.0)

    def log_text(self) -> str:
        try:
            return self.log_path.read_text("utf-8", "replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 15) -> str:
        return "\n".join(line[:300] for line in self.log_text().splitlines()[-lines:])


async def run_cli(args: Sequence[str], env: dict[str, str], workdir: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=workdir,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"python -m bot {' '.join(args)}: exit {proc.returncode}:\n{out!r}")


# --------------------------------------------------------------------------- the run


@dataclass
class Outcome:
    cfg: Config
    sent: int = 0
    answered: int = 0
    lost: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    first_push: float = 0.0
    last_reply: float = 0.0
    doubled: int = 0
    doubled_chats: int = 0
    killed_at_answered: int | None = None
    killed_at: float = 0.0  # monotonic
    pushes: dict[int, list[tuple[float, str]]] = field(default_factory=dict)
    doubled_timelines: list[str] = field(default_factory=list)
    killed_sender_in_flight: int | None = None
    killed_worker_in_flight: int | None = None  # updates in its Redis inbox at the kill
    killed_sender_rows_on_wire_bound: int = DeliveryConfig().concurrency
    restart_s: dict[str, float] = field(default_factory=dict)
    broadcast_id: int = 0
    broadcast_queued: int = 0
    broadcast_seconds: float = 0.0
    broadcast_drained: bool = False
    broadcast_reached: int = 0
    broadcast_lost: int = 0
    broadcast_duplicates: int = 0
    broadcast_rate: float = 0.0
    max_msgs_in_any_1s: int = 0
    max_all_sends_in_any_1s: int = 0
    busiest: list[str] = field(default_factory=list)  # how the busiest second came about
    loop_lag: list[tuple[float, float]] = field(default_factory=list)  # (at, s) over 50 ms
    gc_pauses: list[tuple[float, float]] = field(default_factory=list)  # (at, s) over 20 ms
    outbox: dict[str, int] = field(default_factory=dict)
    webhook_posts: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    taken_over: int = 0
    put_back: int = 0
    errors_logged: list[str] = field(default_factory=list)

    @property
    def updates_per_s(self) -> float:
        span = self.last_reply - self.first_push
        return self.answered / span if span > 0 else 0.0

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies_ms, 95)


class Cluster:
    """The whole set-up; `run` measures, `close` (always) stops and removes everything."""

    def __init__(self, cfg: Config, workdir: Path, *, kill_on_reply: bool = False) -> None:
        self.cfg = cfg
        self.kill_on_reply = kill_on_reply
        self.redis_url = ""
        self.workdir = workdir
        self.stack = contextlib.ExitStack()
        self.server: ClusterServer | None = None
        self.services: Services | None = None
        self.session: aiohttp.ClientSession | None = None
        self.workers: list[Child] = []
        self.senders: list[Child] = []
        self.sims: list[SimUser] = []
        self.recipient_ids = [FIRST_RECIPIENT + i for i in range(cfg.recipients)]
        self.outcome = Outcome(cfg)
        self.pid_names: dict[int, str] = {}
        self._gc_started = 0.0
        self.port_pids: dict[int, int] = {}  # client port -> pid, of connections to the server
        self.half = cfg.users * cfg.per_user // 2
        self.half_way = asyncio.Event()

    # -- set-up ------------------------------------------------------------------------------

    async def open(self) -> None:
        cfg = self.cfg
        t0 = time.monotonic()
        pg = self.stack.enter_context(postgres_server(self.workdir))
        redis = self.stack.enter_context(redis_server(self.workdir))
        self.redis_url = redis.url
        database_url = pg.create_database("bot")
        print(f"PostgreSQL on port {pg.port}, Redis on port {redis.port}", flush=True)

        sim_ids = {FIRST_SIM + i for i in range(cfg.users)}
        self.server = server = ClusterServer(sim_ids, set(self.recipient_ids))
        await server.start()
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5))

        secret = secrets.token_urlsafe(24)  # letters, digits, - and _: what Telegram accepts
        common = child_env(
            BOT_TOKEN=server.token,
            TELEGRAM_API_URL=server.base_url,
            DATABASE_URL=database_url,
            REDIS_URL=redis.url,
            ADMIN_IDS=str(ADMIN_ID),
            LOG_LEVEL="WARNING",
            QUIET_HOURS="",  # a run at night must not hold the broadcast until morning
            DELIVERY_RATE=str(DELIVERY_RATE),
            WEBHOOK_URL=WEBHOOK_URL,
            WEBHOOK_SECRET=secret,
            WEBHOOK_HOST=HOST,
        )
        await run_cli(["migrate"], common, self.workdir)

        settings = load_settings(
            _env_file=None,
            bot_token=server.token,
            telegram_api_url=server.base_url,
            database_url=database_url,
            redis_url=redis.url,
            admin_ids=str(ADMIN_ID),
            quiet_hours="",
            log_level="WARNING",
        )
        self.services = await open_services(settings)
        await self._seed()
        print(
            f"seeded {cfg.users} users, {cfg.recipients} recipients and the coordinator "
            f"in {time.monotonic() - t0:.1f} s",
            flush=True,
        )

        t1 = time.monotonic()
        for i in range(cfg.workers):
            port = free_port()
            env = {**common, "WEBHOOK_PORT": str(port)}
            self.workers.append(Child(f"webhook-{i + 1}", "webhook", env, port, self.workdir))
        for i in range(cfg.senders):
            port = free_port()
            env = {**common, "OPS_PORT": str(port)}
            self.senders.append(Child(f"sender-{i + 1}", "sender", env, port, self.workdir))
        children = [*self.workers, *self.senders]
        for child in children:
            await child.start()
        await asyncio.gather(*(c.wait_healthy(self.session, START_TIMEOUT_S) for c in children))
        await server.wait_until(
            lambda: server.webhook_url == WEBHOOK_URL,
            START_TIMEOUT_S,
            lambda: "no worker set the webhook",
        )
        assert server.webhook_secret == secret
        server.route_webhook(
            *(f"http://{HOST}:{w.port}" for w in self.workers),
            retry_delay=PROXY_RETRY_S,
            fail_duration=PROXY_FAIL_DURATION_S,
        )
        print(
            f"{cfg.workers} webhook workers and {cfg.senders} senders healthy in "
            f"{time.monotonic() - t1:.1f} s",
            flush=True,
        )

    async def _seed(self) -> None:
        """People as the bot makes them: `seen` on first contact, then the language chosen."""
        assert self.server is not None and self.services is not None
        server, services = self.server, self.services
        now = services.clock.now()
        people: list[tuple[int, str, str]] = [(ADMIN_ID, "Coordinator", SIM_LANGUAGE)]
        people += [(FIRST_SIM + i, f"User{i}", SIM_LANGUAGE) for i in range(self.cfg.users)]
        people += [(uid, f"Reader{uid}", RECIPIENT_LANGUAGE) for uid in self.recipient_ids]
        for start in range(0, len(people), 500):
            async with services.db.transaction():
                for uid, name, language in people[start : start + 500]:
                    server.user(uid, name, language_code=language)
                    await services.users.seen(Profile(uid, name, None, None, language), now)
                    await services.people.set_language(uid, language)
        self.sims = [server.user(FIRST_SIM + i) for i in range(self.cfg.users)]

    # -- the measured part -------------------------------------------------------------------

    async def run(self) -> Outcome:
        assert self.server is not None and self.services is not None
        out, services = self.outcome, self.services
        gc.collect()
        gc.freeze()  # the seeded chats stay out of the collector's way
        gc.callbacks.append(self._time_gc)

        started = time.monotonic()
        broadcast = await services.broadcasts.create(
            ADMIN_ID,
            CONTENT,
            [("lang", RECIPIENT_LANGUAGE)],
            at=None,
            paid=False,
            progress=None,
        )
        out.broadcast_id, out.broadcast_queued = broadcast.id, broadcast.recipients
        print(f"broadcast {broadcast.id} started: {broadcast.recipients} recipients", flush=True)

        killer = asyncio.create_task(self._kill_half_way())
        reporter = asyncio.create_task(self._report_progress(started))
        watchers = [
            asyncio.create_task(self._map_ports()),
            asyncio.create_task(self._watch_loop_lag()),
            asyncio.create_task(self._freeze_survivors()),
        ]
        out.first_push = time.monotonic()
        users = [asyncio.create_task(self._user(sim, i)) for i, sim in enumerate(self.sims)]
        try:
            await asyncio.gather(*users)
            if out.killed_at_answered is None:
                raise RuntimeError(f"only {out.answered} updates answered: half never came")
            await killer  # the restarts, if still under way
        finally:
            for task in (*users, killer, reporter):
                task.cancel()
            await asyncio.gather(*users, killer, reporter, return_exceptions=True)
        print(
            f"users done: {out.answered}/{out.sent} answered, {out.lost} lost, "
            f"{time.monotonic() - started:.1f} s",
            flush=True,
        )

        try:
            await self._drain_broadcast(started)
            # Late replies (a doubled one comes when a dead worker's updates are taken over).
            await self._settle()
        finally:
            for task in watchers:
                task.cancel()
            await asyncio.gather(*watchers, return_exceptions=True)
        self._count()
        return out

    async def _user(self, sim: SimUser, index: int) -> None:
        assert self.server is not None
        server, out, cfg = self.server, self.outcome, self.cfg
        rng = random.Random(index)
        script = [FIRST_STEP] + [STEPS[i % len(STEPS)] for i in range(cfg.per_user - 1)]
        expected = server.replies[sim.id]
        # Spread the first messages over one think time, as people arrive.
        await asyncio.sleep(rng.uniform(0, cfg.think_s))
        for text in script:
            expected += 1
            pushed = time.monotonic()
            out.pushes.setdefault(sim.id, []).append((pushed, text))
            await sim.send(text, wait=False)
            out.sent += 1
            replied = await server.wait_reply(sim.id, expected, STEP_TIMEOUT_S)
            if replied is None:
                out.lost += 1
                print(f"  lost: {sim.id} {text!r} (no reply in {STEP_TIMEOUT_S:.0f} s)")
                expected = server.replies[sim.id]
            else:
                out.answered += 1
                if out.answered >= self.half:
                    self.half_way.set()
                out.latencies_ms.append((replied - pushed) * 1000)
                out.last_reply = max(out.last_reply, replied)
            await asyncio.sleep(rng.uniform(0.5, 1.5) * cfg.think_s)

    async def _kill_half_way(self) -> None:
        """Half-way (by updates answered): SIGKILL a worker and a sender, start both again."""
        assert self.services is not None and self.session is not None
        out = self.outcome
        await self.half_way.wait()
        if not self.kill_on_reply:
            await asyncio.sleep(random.Random(16).uniform(0, KILL_JITTER_S))
        worker, sender = self.workers[0], self.senders[0]
        out.killed_at_answered = out.answered
        worker.kill()
        sender.kill()
        killed = out.killed_at = time.monotonic()
        await asyncio.gather(worker.reap(), sender.reap())
        # The killed sender's claims, before anyone puts them back (the other sender looks
        # every ORPHAN_CHECK_S; the new one at its start).
        out.killed_worker_in_flight = await self._inbox_of(worker.pid)
        out.killed_sender_in_flight = int(
            await self.services.db.fetchval(
                "SELECT COUNT(*) FROM outbox WHERE status = 'sending' AND claimed_by LIKE ?",
                (f"%:{sender.pid}:%",),
            )
            or 0
        )
        print(
            f"SIGKILL {worker.name} (pid {worker.pid}) and {sender.name} (pid {sender.pid}) "
            f"at {out.killed_at_answered} answered updates; the worker held "
            f"{out.killed_worker_in_flight} update(s) in its inbox, the sender "
            f"{out.killed_sender_in_flight} row(s) 'sending'",
            flush=True,
        )

        async def restart(child: Child) -> None:
            await child.start()
            assert self.session is not None
            await child.wait_healthy(self.session, START_TIMEOUT_S)
            out.restart_s[child.name] = time.monotonic() - killed

        await asyncio.gather(restart(worker), restart(sender))
        print(
            "restarted: "
            + ", ".join(f"{name} healthy after {s:.1f} s" for name, s in out.restart_s.items()),
            flush=True,
        )

    async def _map_ports(self) -> None:
        """Which process holds each client port the broadcast's sends came from: looked up in
        the senders' own sockets, only when a new port shows up (new connections are rare)."""
        assert self.server is not None
        server = self.server
        server_port = int(server.base_url.rsplit(":", 1)[1])

        def scan(pids: list[int]) -> dict[int, int]:
            found = {}
            for pid in pids:
                with contextlib.suppress(psutil.Error):
                    for conn in psutil.Process(pid).net_connections("tcp"):
                        if conn.raddr and conn.raddr.port == server_port:
                            found[int(conn.laddr.port)] = pid
            return found

        while True:
            await asyncio.sleep(0.2)
            if not set(server.broadcast_peers[-50:]) <= self.port_pids.keys():
                alive = [c for c in self.senders if c.proc and c.proc.returncode is None]
                self.pid_names.update({c.pid: c.label for c in alive})
                self.port_pids.update(await asyncio.to_thread(scan, [c.pid for c in alive]))

    @staticmethod
    async def _freeze_survivors() -> None:
        """Every second, what survived moves out of the collector's way (`gc.freeze`): the
        fake server keeps every message, and a full collection over all of them stalled its
        loop for up to 0.3 s in a full run, long enough to stamp the sends that queued
        meanwhile as one burst (a benchmark's artefact, not the senders')."""
        while True:
            await asyncio.sleep(1.0)
            gc.freeze()

    def _time_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.monotonic()
        elif (took := time.monotonic() - self._gc_started) > 0.02:
            self.outcome.gc_pauses.append((self._gc_started, took))

    async def _watch_loop_lag(self) -> None:
        """This process's event loop (the fake server's clock) late by over 50 ms: when."""
        while True:
            before = time.monotonic()
            await asyncio.sleep(0.01)
            late = time.monotonic() - before - 0.01
            if late > 0.05:
                self.outcome.loop_lag.append((before, late))

    def _describe_window(self, first: int, count: int) -> list[str]:
        """The busiest second of the broadcast: who sent what in it, and each sender's sends
        just before it (a stalled sender's granted messages arrive together)."""
        assert self.server is not None
        times, peers = self.server.broadcast_at, self.server.broadcast_peers
        if not times:
            return []
        at = self.outcome.killed_at
        start = times[first]

        def who(i: int) -> str:
            pid = self.port_pids.get(peers[i])
            return self.pid_names.get(pid, f"pid {pid}") if pid is not None else "?"

        inside = range(first, first + count)
        by: Counter[str] = Counter(who(i) for i in inside)
        lines = [
            f"busiest second of the broadcast: {count} from {start - at:+.3f} s (from the kill): "
            + ", ".join(f"{name} {n}" for name, n in by.items())
        ]
        for name in by:
            mine = [times[i] for i in range(max(0, first - 40), first + count) if who(i) == name]
            gaps = [f"{(b - a) * 1000:.0f}" for a, b in pairwise(mine)]
            lines.append(f"  {name}: ms between its sends around it: {' '.join(gaps[-50:])}")
        near = [
            f"{t - start:+.2f}s:{lag * 1000:.0f}ms"
            for t, lag in self.outcome.loop_lag
            if abs(t - start) < 3
        ]
        lines.append(
            f"  the fake server's loop late by >50 ms near it: {' '.join(near) or 'never'}"
        )
        return lines

    async def _inbox_of(self, pid: int) -> int:
        """The updates a webhook worker had accepted and not finished (`bot.ops.inbox`)."""
        assert self.server is not None
        bot_id = self.server.token.split(":", 1)[0]
        client = Redis.from_url(self.redis_url)
        try:
            held = 0
            async for key in client.scan_iter(match=f"webhook:{{{bot_id}}}:inflight:{pid}-*"):
                held += int(await client.hlen(key))
            return held
        finally:
            await client.aclose()

    async def _report_progress(self, started: float) -> None:
        assert self.server is not None
        while True:
            await asyncio.sleep(10)
            out, server = self.outcome, self.server
            print(
                f"  {time.monotonic() - started:.0f} s: {out.answered}/{out.sent} answered, "
                f"{out.lost} lost; broadcast {len(server.broadcast_at)} sent",
                flush=True,
            )

    async def _drain_broadcast(self, started: float) -> None:
        """Until no row of the broadcast is pending or sending (bounded)."""
        assert self.services is not None and self.server is not None
        out, services = self.outcome, self.services
        bound = started + 2 * self.cfg.recipients / DELIVERY_RATE + 120
        while True:
            progress = await services.outbox.progress(out.broadcast_id)
            if progress.remaining == 0:
                out.broadcast_drained = True
                break
            if time.monotonic() > bound:
                print(f"broadcast not drained: {progress.remaining} row(s) left", flush=True)
                break
            await asyncio.sleep(0.5)
        sent_at = self.server.broadcast_at
        out.broadcast_seconds = (sent_at[-1] if sent_at else time.monotonic()) - started

    async def _settle(self) -> None:
        """Wait until nothing was sent for SETTLE_S, and a dead worker's lease has surely been
        taken over (a late doubled reply would have come by then)."""
        assert self.server is not None
        server = self.server
        earliest = time.monotonic() + LEASE_S + 2 * RECLAIM_EVERY_S
        while True:
            last = server.sends_at[-1] if server.sends_at else 0.0
            now = time.monotonic()
            if now - last >= SETTLE_S and now >= earliest:
                return
            await asyncio.sleep(0.2)

    def _count(self) -> None:
        assert self.server is not None
        out, server = self.outcome, self.server
        for sim in self.sims:
            extra = server.replies[sim.id] - self.cfg.per_user
            if extra > 0:
                out.doubled += extra
                out.doubled_chats += 1
                out.doubled_timelines.append(self._timeline(sim.id))
        for uid in self.recipient_ids:
            count = server.broadcast_per_chat[uid]
            if count == 0:
                out.broadcast_lost += 1
            else:
                out.broadcast_reached += 1
                out.broadcast_duplicates += count - 1
        times = server.broadcast_at
        out.max_msgs_in_any_1s, first = busiest_window(times)
        out.max_all_sends_in_any_1s = busiest_window(server.sends_at)[0]
        out.busiest = self._describe_window(first, out.max_msgs_in_any_1s)
        if len(times) > 1 and times[-1] > times[0]:
            out.broadcast_rate = (len(times) - 1) / (times[-1] - times[0])
        out.refused = server.refused
        for attempt in server.webhook_attempts:
            out.webhook_posts["answered 2xx" if attempt.error is None else "failed"] += 1
        for child in (*self.workers, *self.senders):
            text = child.log_text()
            out.taken_over += sum(int(n) for n in re.findall(r"took over (\d+) update\(s\)", text))
            out.put_back += sum(
                int(n) for n in re.findall(r"(\d+) message\(s\) of a stopped sender", text)
            )
            out.errors_logged += [
                f"{child.name}: {line[:200]}"
                for line in text.splitlines()
                if line.startswith(("ERROR", "CRITICAL", "Traceback")) or " ERROR " in line
            ]

    def _timeline(self, chat_id: int) -> str:
        """A doubled chat's updates and replies, in seconds from the kill."""
        assert self.server is not None
        at = self.outcome.killed_at
        events = [(t, f"update {text!r}") for t, text in self.outcome.pushes.get(chat_id, [])]
        events += [(t, "reply") for t in self.server.reply_times[chat_id]]
        events.sort()
        near = [f"{t - at:+.3f} {what}" for t, what in events if abs(t - at) < 30]
        return f"chat {chat_id}: " + "; ".join(near)

    async def outbox_rows(self) -> dict[str, int]:
        assert self.services is not None
        rows = await self.services.db.fetchall(
            "SELECT status, COUNT(*) FROM outbox WHERE broadcast_id = ? GROUP BY status",
            (self.outcome.broadcast_id,),
        )
        return {str(r[0]): int(r[1]) for r in rows}

    # -- tear-down ---------------------------------------------------------------------------

    async def close(self) -> None:
        """Stop every process this benchmark started, then the servers; whatever happened."""
        children = [*self.workers, *self.senders]
        await asyncio.gather(*(c.stop() for c in children), return_exceptions=True)
        if self.services is not None:
            with contextlib.suppress(Exception):
                await self.services.close()
        if self.session is not None:
            await self.session.close()
        if self.server is not None:
            await self.server.stop()
        if self._time_gc in gc.callbacks:
            gc.callbacks.remove(self._time_gc)
        gc.unfreeze()
        self.stack.close()  # PostgreSQL and Redis stop; their folders are removed


# --------------------------------------------------------------------------- report


def check_targets(out: Outcome) -> dict[str, bool]:
    bound = out.killed_sender_in_flight if out.killed_sender_in_flight is not None else 0
    return {
        "0 lost updates": out.lost == 0 and out.answered == out.sent,
        "0 doubled replies": out.doubled == 0,
        "0 broadcast messages lost": out.broadcast_lost == 0 and out.broadcast_drained,
        f"broadcast duplicates <= the killed sender's in-flight rows ({bound})": (
            out.killed_sender_in_flight is not None and out.broadcast_duplicates <= bound
        ),
        f"never more than {MAX_MSGS_IN_1S} broadcast messages in any second": (
            out.max_msgs_in_any_1s <= MAX_MSGS_IN_1S
        ),
        f"p95 < {MAX_P95_MS:g} ms": out.p95_ms < MAX_P95_MS,
    }


def describe(out: Outcome, outbox: dict[str, int]) -> list[str]:
    lat = out.latencies_ms
    rows = " ".join(f"{k}={v}" for k, v in sorted(outbox.items()))
    lines = [
        f"updates: {out.sent} sent, {out.answered} answered, {out.lost} lost, {out.doubled} "
        f"doubled replies (in {out.doubled_chats} chats); {out.updates_per_s:.1f} answered/s",
        f"latency push -> reply: p50 {percentile(lat, 50):.1f} ms, p95 {out.p95_ms:.1f} ms, "
        f"p99 {percentile(lat, 99):.1f} ms, max {max(lat, default=float('nan')):.1f} ms",
        f"webhook POSTs: {dict(out.webhook_posts)}; updates taken over from the dead worker: "
        f"{out.taken_over}",
        f"broadcast: {out.broadcast_queued} queued, {out.broadcast_reached} reached, "
        f"{out.broadcast_lost} lost, {out.broadcast_duplicates} duplicates, "
        f"{out.broadcast_rate:.2f} msg/s, drained={out.broadcast_drained} in "
        f"{out.broadcast_seconds:.1f} s; outbox rows: {rows}",
        f"most broadcast messages in any 1 s: {out.max_msgs_in_any_1s}; all sendMessage "
        f"(replies included, not rate-limited by design): {out.max_all_sends_in_any_1s}",
        f"killed at {out.killed_at_answered} answered updates; the worker held "
        f"{out.killed_worker_in_flight} update(s) in its inbox (the bound on doubled replies), "
        f"the sender held "
        f"{out.killed_sender_in_flight} row(s) 'sending' (at most "
        f"{out.killed_sender_rows_on_wire_bound} on the wire); rows put back by the others: "
        f"{out.put_back}; restarts: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in out.restart_s.items()),
    ]
    lines += out.busiest
    worst_lag = max((lag for _, lag in out.loop_lag), default=0.0)
    lines.append(
        f"the fake server's event loop was late by over 50 ms {len(out.loop_lag)} time(s), "
        f"at worst {worst_lag * 1000:.0f} ms; garbage collections over 20 ms: "
        + (" ".join(f"{took * 1000:.0f}ms" for _, took in out.gc_pauses) or "none")
    )
    lines += [f"doubled: {line}" for line in out.doubled_timelines]
    if out.refused:
        lines.append(f"Bot API calls refused: {dict(out.refused)}")
    if out.errors_logged:
        lines.append(f"errors in the processes' logs ({len(out.errors_logged)}), first ones:")
        lines += [f"  {line}" for line in out.errors_logged[:10]]
    return lines


def copy_logs(workdir: Path, keep: Path) -> None:
    keep.mkdir(parents=True, exist_ok=True)
    for log in workdir.glob("*.log"):
        (keep / log.name).write_bytes(log.read_bytes())


async def main_async(cfg: Config, keep: Path | None, kill_on_reply: bool) -> int:
    if not servers_available():
        print("PostgreSQL and redis-server are needed (apt-get install postgresql redis-server)")
        return 2
    print(
        f"cluster benchmark: {cfg.users} users x {cfg.per_user} updates, think "
        f"{cfg.think_s:g} s; broadcast to {cfg.recipients}; {cfg.workers} webhook workers, "
        f"{cfg.senders} senders",
        flush=True,
    )
    started = time.monotonic()
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    if task is not None:
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        workdir = Path(tmp)
        os.chmod(workdir, 0o755)  # the servers may run as their own users (as root)
        cluster = Cluster(cfg, workdir, kill_on_reply=kill_on_reply)
        try:
            await cluster.open()
            out = await cluster.run()
            outbox = await cluster.outbox_rows()
        finally:
            await cluster.close()
            if keep is not None:
                await asyncio.to_thread(copy_logs, workdir, keep)
    for line in describe(out, outbox):
        print(line)
    checks = check_targets(out)
    for target, ok in checks.items():
        print(f"target {target}: {'met' if ok else 'MISSED'}")
    print(f"total time {time.monotonic() - started:.0f} s")
    print(
        f"RESULT updates={out.sent} updates_per_s={out.updates_per_s:.1f} "
        f"lost_updates={out.lost} doubled_replies={out.doubled} "
        f"broadcast_lost={out.broadcast_lost} broadcast_duplicates={out.broadcast_duplicates} "
        f"max_msgs_in_any_1s={out.max_msgs_in_any_1s} p95_ms={out.p95_ms:.1f} "
        f"killed_sender_in_flight={out.killed_sender_in_flight} "
        f"killed_worker_in_flight={out.killed_worker_in_flight}"
    )
    return 0 if all(checks.values()) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--quick", action="store_true", help="50 users, 2,000 updates, 1,000 recipients"
    )
    parser.add_argument("--think", type=float, help="mean seconds between a reply and the next")
    parser.add_argument(
        "--kill-on-reply",
        action="store_true",
        help="kill the moment the half-way reply arrives (the worst case for doubled replies)",
    )
    parser.add_argument("--keep-logs", type=Path, help="copy the processes' logs here")
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    if args.think is not None:
        cfg = Config(cfg.users, cfg.updates, cfg.recipients, args.think)
    try:
        return asyncio.run(main_async(cfg, args.keep_logs, args.kill_on_reply))
    except (KeyboardInterrupt, asyncio.CancelledError):  # Ctrl+C, SIGTERM
        print("interrupted; everything it started is stopped")
        return 130


if __name__ == "__main__":
    sys.exit(main())
