"""Update-handling benchmark: throughput, latency and memory of the bot vs a minimal echo bot.

Usage: ``python bench/updates.py`` (full) or ``python bench/updates.py --quick``;
``--backend postgres`` runs the bot on PostgreSQL + Redis (throw-away servers, bot.dev.servers).

The fake Bot API server (:class:`bot.dev.fake_telegram.FakeTelegramServer`) runs in this process;
the real bot (``python -m bot run``) and a minimal aiogram echo bot run as separate processes
long-polling it on 127.0.0.1, so their RSS can be read with psutil. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import psutil

from bot.dev.fake_telegram import DEFAULT_TOKEN, ChatLog, FakeTelegramServer, SimUser, utf16_len

ROOT = Path(__file__).resolve().parent.parent

LANG_LABEL = "Қазақша"
CONSENT_LABEL = "✅ Келісемін"
HELP_LABEL = "ℹ️ Анықтама"
MENU_COMMAND = "/menu"
# Callback data the bot's own buttons carry (bot.telegram.callbacks): the echo bot gets the same.
LANG_DATA = "lang:kk"
CONSENT_DATA = "consent:yes"

# Methods that are a reply the user can see (sendChatAction and getUpdates are not).
REPLY_METHODS = frozenset(
    {"sendMessage", "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery"}
)

ECHO_SOURCE = """
import asyncio, os
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, Message


async def main() -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?")

    @dp.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await query.answer()
        if query.message is not None:
            await bot.send_message(query.message.chat.id, query.data or "?")

    await dp.start_polling(bot, allowed_updates=dp.resolve_used_update_types())


asyncio.run(main())
"""


@dataclass(frozen=True)
class Config:
    users: int
    menu_rounds: int
    latency_rate: float
    latency_seconds: float
    step_timeout: float = 15.0
    phase_timeout: float = 120.0
    profile: str | None = None  # write the bot's cProfile here (python -m cProfile -o …)
    database_url: str | None = None  # None: a fresh SQLite file
    trips_database_url: str | None = None  # where the round trips are counted
    redis_url: str = ""
    backend: str = "sqlite"


# Issue #18: the bot handles at least this share of the bare echo bot's updates per second.
RATIO_TARGET = {"sqlite": 0.7, "postgres": 0.5}
FULL = Config(users=200, menu_rounds=10, latency_rate=100.0, latency_seconds=10.0)
QUICK = Config(users=200, menu_rounds=2, latency_rate=100.0, latency_seconds=3.0)


# --------------------------------------------------------------------------- fake-server side


class Watcher:
    """Consumes the server's event queue; wakes the user waiting on a chat when it changes."""

    def __init__(self, server: FakeTelegramServer) -> None:
        self.server = server
        self.queue = server.subscribe()
        self.waiters: dict[int, tuple[Callable[[], bool], asyncio.Future[None]]] = {}
        self.api_errors: Counter[str] = Counter()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        self.server.unsubscribe(self.queue)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            event = await self.queue.get()
            kind = event.get("type")
            if kind == "api_error":
                self.api_errors[f"{event.get('method')} {event.get('status')}"] += 1
            chat_id = event.get("chat_id")
            if not isinstance(chat_id, int):
                continue
            waiter = self.waiters.get(chat_id)
            if waiter is not None and not waiter[1].done() and waiter[0]():
                waiter[1].set_result(None)

    async def wait(self, chat_id: int, condition: Callable[[], bool], limit_s: float) -> bool:
        """True once ``condition()`` holds (checked on every event for the chat)."""
        if condition():
            return True
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiters[chat_id] = (condition, fut)
        try:
            await asyncio.wait_for(fut, limit_s)
        except TimeoutError:
            return condition()
        finally:
            self.waiters.pop(chat_id, None)
        return True


def push_text(server: FakeTelegramServer, user: SimUser, text: str) -> int:
    """Push a text message from ``user`` (as SimUser.send does) and return the update id."""
    entities: list[dict[str, Any]] = []
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command)})
    chat = user.chat
    msg = server.add_user_message(
        chat, user.user_dict, "text", text=text, html=text, entities=entities
    )
    return server.push_update({"message": msg.to_api(chat.chat)})


def bot_message_after(chat: ChatLog, index: int) -> Callable[[], bool]:
    """Condition: the bot sent a message after the first ``index`` messages of the chat."""
    return lambda: any(m.from_bot for m in chat.messages[index:])


def has_button(chat: ChatLog, label: str) -> Callable[[], bool]:
    """Condition: some live bot message shows the inline button ``label``."""
    return lambda: any(
        label in m.buttons() for m in reversed(chat.messages) if m.from_bot and not m.deleted
    )


def has_reply_button(user: SimUser, label: str) -> Callable[[], bool]:
    return lambda: label in user.reply_buttons()


# --------------------------------------------------------------------------- subprocesses


@dataclass
class Target:
    """A bot process long-polling the fake server."""

    name: str
    proc: asyncio.subprocess.Process
    stderr_path: Path
    ps: psutil.Process = field(init=False)

    def __post_init__(self) -> None:
        self.ps = psutil.Process(self.proc.pid)

    def rss_mb(self) -> float:
        return float(self.ps.memory_info().rss) / (1024 * 1024)

    def stderr_text(self) -> str:
        try:
            return self.stderr_path.read_text("utf-8", "replace")
        except OSError:
            return ""


def child_env(server: FakeTelegramServer, db_url: str, redis_url: str = "") -> dict[str, str]:
    """A clean environment: only what the bot needs (no inherited bot settings or proxies)."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TZ")}
    env.update(
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
        BOT_TOKEN=DEFAULT_TOKEN,
        TELEGRAM_API_URL=server.base_url,
        DATABASE_URL=db_url,
        ADMIN_IDS="1",
        LOG_LEVEL="WARNING",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


async def spawn(
    name: str, args: list[str], server: FakeTelegramServer, workdir: Path, cfg: Config
) -> Target:
    stderr_path = workdir / f"{name}.stderr.log"
    with stderr_path.open("wb") as err:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            *args,
            cwd=workdir,
            env=child_env(
                server, cfg.database_url or f"sqlite:///{workdir / f'{name}.db'}", cfg.redis_url
            ),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=err,
        )
    return Target(name, proc, stderr_path)


async def stop_process(target: Target) -> None:
    """SIGTERM, then SIGKILL after 5 s; only this process, by its pid."""
    proc = target.proc
    if proc.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.terminate()
    try:
        await asyncio.wait_for(proc.wait(), 5.0)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(proc.wait(), 5.0)


async def wait_polling(server: FakeTelegramServer, target: Target, limit_s: float) -> None:
    """Until the process is long-polling.

    The server records a call when it is answered, so a pending first getUpdates is not
    visible; aiogram's start_polling sends it right after getMe (the last start-up call of both
    bots), so a recorded getMe means polling starts within milliseconds.
    """
    deadline = time.monotonic() + limit_s
    while not server.calls("getMe"):
        if target.proc.returncode is not None:
            raise RuntimeError(
                f"{target.name} exited with {target.proc.returncode}:\n{target.stderr_text()}"
            )
        if time.monotonic() > deadline:
            raise RuntimeError(f"{target.name} did not start within {limit_s}s")
        await asyncio.sleep(0.02)


class PeakSampler:
    """Peak RSS of a process, sampled every 50 ms while running."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.peak_mb = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(psutil.Error):
                self.peak_mb = max(self.peak_mb, self.target.rss_mb())
            await asyncio.sleep(0.05)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        with contextlib.suppress(psutil.Error):
            self.peak_mb = max(self.peak_mb, self.target.rss_mb())


# --------------------------------------------------------------------------- phase (a)


@dataclass
class Saturation:
    updates: int
    failed_users: int
    seconds: float
    cpu_s: float = 0.0  # CPU time (user + system) of the bot process during the phase
    bench_cpu_s: float = 0.0  # CPU time of this process (fake server + simulated users)

    @property
    def rate(self) -> float:
        return self.updates / self.seconds if self.seconds > 0 else 0.0


async def run_user(
    server: FakeTelegramServer,
    watcher: Watcher,
    user: SimUser,
    echo: bool,
    cfg: Config,
    done: list[float],
) -> bool:
    """One user's whole script, closed loop: each step waits for the bot's reaction."""
    chat = user.chat
    timeout = cfg.step_timeout

    async def text(value: str, condition: Callable[[], bool] | None = None) -> bool:
        index = len(chat.messages) + 1  # after the user's own message
        push_text(server, user, value)
        ok = await watcher.wait(user.id, condition or bot_message_after(chat, index), timeout)
        if ok:
            done.append(time.monotonic())
        return ok

    async def callback(label: str, data: str, condition: Callable[[], bool]) -> bool:
        index = len(chat.messages)
        if echo:
            await user.press_data(data, wait=False)
            condition = bot_message_after(chat, index)
        else:
            await user.press(label, wait=False)
        ok = await watcher.wait(user.id, condition, timeout)
        if ok:
            done.append(time.monotonic())
        return ok

    start_done = None if echo else has_button(chat, LANG_LABEL)
    if not await text("/start", start_done):
        return False
    if not await callback(LANG_LABEL, LANG_DATA, has_button(chat, CONSENT_LABEL)):
        return False
    if not await callback(CONSENT_LABEL, CONSENT_DATA, has_reply_button(user, HELP_LABEL)):
        return False
    for _ in range(cfg.menu_rounds):
        if not await text(HELP_LABEL):
            return False
        if not await text(MENU_COMMAND):
            return False
    return True


async def saturate(
    server: FakeTelegramServer, watcher: Watcher, users: list[SimUser], echo: bool, cfg: Config
) -> Saturation:
    done: list[float] = []
    started = time.monotonic()
    tasks = [asyncio.create_task(run_user(server, watcher, u, echo, cfg, done)) for u in users]
    finished, pending = await asyncio.wait(tasks, timeout=cfg.phase_timeout)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    failed = len(pending) + sum(1 for t in finished if t.exception() or not t.result())
    for t in finished:
        if t.exception() is not None:
            print(f"  user task failed: {t.exception()!r}")
    elapsed = (max(done) if done else time.monotonic()) - started
    return Saturation(len(done), failed, elapsed)


# --------------------------------------------------------------------------- phase (b)


@dataclass
class Latency:
    offered: int
    seconds: float
    from_delivery_ms: list[float]
    from_push_ms: list[float]
    unanswered: int

    @property
    def rate(self) -> float:
        return self.offered / self.seconds if self.seconds > 0 else 0.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def steady_load(
    server: FakeTelegramServer, watcher: Watcher, users: list[SimUser], cfg: Config
) -> Latency:
    """Open loop: one update every 1/rate s, round robin over onboarded users (menu taps)."""
    server.clear_records()
    interval = 1.0 / cfg.latency_rate
    count = int(cfg.latency_rate * cfg.latency_seconds)
    pushed: list[tuple[int, int, float]] = []  # (update_id, chat_id, pushed at)
    t0 = time.monotonic()
    for i in range(count):
        delay = t0 + i * interval - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        user = users[i % len(users)]
        text = HELP_LABEL if (i // len(users)) % 2 == 0 else MENU_COMMAND
        at = time.monotonic()
        pushed.append((push_text(server, user, text), user.id, at))
    seconds = time.monotonic() - t0
    # Let the tail drain (bounded), then match updates to replies.
    deadline = time.monotonic() + cfg.step_timeout
    last = pushed[-1][0] if pushed else 0
    while time.monotonic() < deadline:
        if server.is_delivered(last) and time.monotonic() - server_last_activity(server) > 0.3:
            break
        await asyncio.sleep(0.05)
    return match_replies(server, pushed, seconds)


def server_last_activity(server: FakeTelegramServer) -> float:
    calls = server.requests
    for call in reversed(calls):
        if call.method != "getUpdates":
            return call.at
    return 0.0


def match_replies(
    server: FakeTelegramServer, pushed: list[tuple[int, int, float]], seconds: float
) -> Latency:
    delivered: dict[int, float] = {}
    replies: dict[int, list[float]] = {}
    for call in server.requests:
        if call.method == "getUpdates":
            if call.ok and isinstance(call.result, list):
                for update in call.result:
                    delivered.setdefault(int(update["update_id"]), call.at)
        elif call.method in REPLY_METHODS:
            chat_id = call.params.get("chat_id")
            if isinstance(chat_id, int):
                replies.setdefault(chat_id, []).append(call.at)
    cursor: Counter[int] = Counter()
    from_delivery: list[float] = []
    from_push: list[float] = []
    unanswered = 0
    for update_id, chat_id, at in pushed:
        got = delivered.get(update_id)
        times = replies.get(chat_id, [])
        i = cursor[chat_id]
        while got is not None and i < len(times) and times[i] < got:
            i += 1  # a late reply to something earlier
        if got is None or i >= len(times):
            unanswered += 1
            continue
        cursor[chat_id] = i + 1
        from_delivery.append((times[i] - got) * 1000)
        from_push.append((times[i] - at) * 1000)
    return Latency(len(pushed), seconds, from_delivery, from_push, unanswered)


# --------------------------------------------------------------------------- orchestration


@dataclass
class TargetResult:
    idle_rss_mb: float
    saturation: Saturation
    peak_rss_mb: float = 0.0
    latency: Latency | None = None
    api_errors: Counter[str] = field(default_factory=Counter)
    stderr: str = ""


def cpu_seconds(ps: psutil.Process) -> float:
    times = ps.cpu_times()
    return float(times.user + times.system)


def make_users(server: FakeTelegramServer, count: int, first_id: int) -> list[SimUser]:
    return [server.user(first_id + i, f"User{i}", language_code="kk") for i in range(count)]


async def bench_target(echo: bool, cfg: Config, workdir: Path) -> TargetResult:
    name = "echo" if echo else "bot"
    server = FakeTelegramServer(token=DEFAULT_TOKEN, spec=None)
    await server.start()
    watcher = Watcher(server)
    watcher.start()
    target: Target | None = None
    sampler: PeakSampler | None = None
    try:
        args = ["-c", ECHO_SOURCE] if echo else ["-m", "bot", "run"]
        if cfg.profile and not echo:
            args = ["-m", "cProfile", "-o", cfg.profile, *args]
        target = await spawn(name, args, server, workdir, cfg)
        await wait_polling(server, target, 30.0)
        await asyncio.sleep(1.0)
        idle = target.rss_mb()
        print(f"[{name}] idle RSS {idle:.1f} MB")
        sampler = PeakSampler(target)
        sampler.start()
        users = make_users(server, cfg.users, 1_000_000)
        server.clear_records()
        cpu0, own0 = cpu_seconds(target.ps), cpu_seconds(psutil.Process())
        sat = await saturate(server, watcher, users, echo, cfg)
        sat.cpu_s = cpu_seconds(target.ps) - cpu0
        sat.bench_cpu_s = cpu_seconds(psutil.Process()) - own0
        per_update = 1000 * sat.cpu_s / max(sat.updates, 1)
        print(
            f"[{name}] saturation: {sat.updates} updates in {sat.seconds:.2f} s = "
            f"{sat.rate:.1f} updates/s ({cfg.users} users, {sat.failed_users} failed); "
            f"CPU {name} {sat.cpu_s:.2f} s ({per_update:.2f} ms/update), "
            f"bench process {sat.bench_cpu_s:.2f} s"
        )
        result = TargetResult(idle, sat)
        if not echo:
            ready = [u for u in users if HELP_LABEL in u.reply_buttons()]
            lat = await steady_load(server, watcher, ready or users, cfg)
            result.latency = lat
            print(
                f"[{name}] steady load: {lat.offered} updates in {lat.seconds:.2f} s "
                f"({lat.rate:.1f}/s offered, {len(ready)} users), {lat.unanswered} unanswered"
            )
        await sampler.stop()
        result.peak_rss_mb = sampler.peak_mb
        result.api_errors = watcher.api_errors
        return result
    finally:
        if sampler is not None:
            await sampler.stop()
        if target is not None:
            await stop_process(target)
            stderr = target.stderr_text()
            if stderr.strip():
                lines = stderr.strip().splitlines()
                print(f"[{name}] stderr: {len(lines)} line(s); first ones:")
                for line in lines[:5]:
                    print(f"    {line[:200]}")
        await watcher.stop()
        await server.stop()


async def menu_round_trips(cfg: Config, workdir: Path) -> dict[str, int]:
    """Database statements for one plain press of each kind (ℹ️ Help, /menu, and each again),
    counted in this process with the real dispatcher on the same backend (`Database.trace`)."""
    from bot.core.clock import SystemClock
    from bot.core.config import load_settings
    from bot.dev.harness import start_bot

    server = FakeTelegramServer(token=DEFAULT_TOKEN, spec=None)
    await server.start()
    settings = load_settings(
        _env_file=None,
        bot_token=DEFAULT_TOKEN,
        telegram_api_url=server.base_url,
        database_url=cfg.trips_database_url or f"sqlite:///{workdir / 'trips.db'}",
        redis_url=cfg.redis_url,
        default_locale="kk",
    )
    running = await start_bot(settings, SystemClock(), server, run_delivery=False)
    counts: dict[str, int] = {}
    try:
        user = server.user(42, "Айгүл", language_code="kk")
        await user.command("start")
        await user.press(LANG_LABEL)
        await user.press(CONSENT_LABEL)
        statements: list[str] = []
        running.services.db.trace(statements.append)
        for name in ("help", "menu", "help_again", "menu_again"):
            statements.clear()
            if name.startswith("help"):
                answers = await user.send(HELP_LABEL)
            else:
                answers = await user.command("menu")
            assert answers, f"no answer to {name}"
            counts[name] = len(statements)
        running.services.db.trace(None)
    finally:
        await running.stop()
        await server.stop()
    return counts


def _ms(values: list[float], q: float) -> float:
    return round(percentile(values, q), 1)


async def main_async(cfg: Config) -> int:
    with (
        tempfile.TemporaryDirectory(prefix="bench-updates-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        workdir = Path(tmp)
        if cfg.backend == "postgres":
            from bot.dev.servers import postgres_server, redis_server

            pg = stack.enter_context(postgres_server(workdir))
            redis = stack.enter_context(redis_server(workdir))
            cfg = replace(
                cfg,
                database_url=pg.create_database("bot"),
                trips_database_url=pg.create_database("trips"),
                redis_url=redis.url,
            )
        trips = await menu_round_trips(cfg, workdir)
        print(
            "database round trips per press: "
            + ", ".join(f"{name} {count}" for name, count in trips.items())
        )
        bot = await bench_target(False, cfg, workdir)
        echo = await bench_target(True, cfg, workdir)
    for name, res in (("bot", bot), ("echo", echo)):
        if res.api_errors:
            print(f"[{name}] API errors: {dict(res.api_errors)}")
    lat = bot.latency
    assert lat is not None
    ratio = bot.saturation.rate / echo.saturation.rate if echo.saturation.rate else 0.0
    p50, p95 = _ms(lat.from_delivery_ms, 50), _ms(lat.from_delivery_ms, 95)
    print(
        f"latency from push: p50={_ms(lat.from_push_ms, 50)} ms "
        f"p95={_ms(lat.from_push_ms, 95)} ms p99={_ms(lat.from_push_ms, 99)} ms"
    )
    print(
        f"latency from getUpdates delivery: p50_ms={p50} p95_ms={p95} "
        f"p99_ms={_ms(lat.from_delivery_ms, 99)} max_ms={round(max(lat.from_delivery_ms), 1)}"
        if lat.from_delivery_ms
        else "latency: no answered updates"
    )
    slow = sum(1 for v in lat.from_delivery_ms if v >= 100)
    print(f"latency: {slow} of {len(lat.from_delivery_ms)} answered updates took >= 100 ms")
    menu_trips = max(trips.values())
    checks = {
        f"ratio>={RATIO_TARGET[cfg.backend]}": ratio >= RATIO_TARGET[cfg.backend],
        "p95<20ms": p95 < 20,
        "idle_rss<=echo+25MB": bot.idle_rss_mb <= echo.idle_rss_mb + 25,
        "db_round_trips<=1": menu_trips <= 1,
    }
    print("targets: " + ", ".join(f"{k} {'met' if v else 'MISSED'}" for k, v in checks.items()))
    print(f"p50_ms={p50}")
    print(
        f"RESULT updates_per_s={bot.saturation.rate:.1f} "
        f"echo_updates_per_s={echo.saturation.rate:.1f} ratio={ratio:.2f} p95_ms={p95} "
        f"idle_rss_mb={bot.idle_rss_mb:.1f} echo_idle_rss_mb={echo.idle_rss_mb:.1f} "
        f"peak_rss_mb={bot.peak_rss_mb:.1f} db_round_trips_menu={menu_trips} "
        f"backend={cfg.backend}"
    )
    return 0


def _parse(argv: list[str] | None) -> Config:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small size, finishes in ~20 s")
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="run the bot under cProfile and write its stats to FILE (figures are then slower)",
    )
    parser.add_argument(
        "--backend",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help="the bot's database: a SQLite file (default) or PostgreSQL + Redis (throw-away "
        "servers from Debian's packages, as the tests start them)",
    )
    args = parser.parse_args(argv)
    return replace(
        QUICK if args.quick else FULL,
        profile=args.profile and str(Path(args.profile).resolve()),
        backend=args.backend,
    )


def main(argv: list[str] | None = None) -> int:
    cfg = _parse(argv)
    return asyncio.run(main_async(cfg))


if __name__ == "__main__":
    sys.exit(main())
