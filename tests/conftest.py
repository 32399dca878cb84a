"""The conversation harness: the real dispatcher, over HTTP, against the fake Bot API server.

`app` starts the fake server (checking every request against shared/botapi/api.json where present)
and the bot exactly as production builds it (`open_services` → `create_bot` → `create_dispatcher`),
polling over HTTP. Named personas talk to it. At the end of each test, any request Telegram would
have refused fails the test unless the test declared it expected.

The databases: a SQLite file per test by default (nothing to install). With TEST_BACKEND=postgres
(CI's second run) every test that takes `database_url` gets a fresh PostgreSQL database, copied
from a template migrated once per session, and `redis_url` an emptied Redis; the servers are
TEST_POSTGRES_URL / TEST_REDIS_URL (`python -m bot.dev.servers run -- …` sets both), else started
here from Debian's binaries. Tests about SQLite itself are marked `sqlite_only`.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher

from bot.app import Services
from bot.core.clock import FakeClock
from bot.core.config import Settings, load_settings
from bot.delivery.engine import DeliveryEngine
from bot.dev.fake_telegram import (
    DEFAULT_TOKEN,
    FakeTelegramServer,
    SimUser,
    load_spec,
)
from bot.dev.harness import RunningBot, start_bot
from bot.dev.servers import (
    create_database,
    drop_database,
    missing_servers,
    postgres_server,
    redis_server,
    servers_available,
)

COORDINATOR_ID = 2001
ROOT = Path(__file__).resolve().parents[1]
BACKEND = os.environ.get("TEST_BACKEND", "sqlite").strip().lower() or "sqlite"
if BACKEND not in ("sqlite", "postgres"):
    raise pytest.UsageError(f"TEST_BACKEND={BACKEND!r}: use sqlite (the default) or postgres")
ON_POSTGRES = BACKEND == "postgres"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not ON_POSTGRES:
        return
    skip = pytest.mark.skip(reason="checks SQLite itself (TEST_BACKEND=postgres)")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


# -- databases ----------------------------------------------------------------------------------


def _not_installed() -> str:
    return (
        f"PostgreSQL/Redis is not installed: {missing_servers()} "
        "(apt-get install postgresql redis-server, or set TEST_POSTGRES_URL and TEST_REDIS_URL)"
    )


@pytest.fixture(scope="session")
def pg_admin_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL superuser's URL: TEST_POSTGRES_URL, else a server started for the session."""
    if url := os.environ.get("TEST_POSTGRES_URL", "").strip():
        yield url
        return
    if not servers_available():
        pytest.skip(_not_installed())
    with postgres_server(tmp_path_factory.mktemp("postgres")) as server:
        yield server.url


@pytest.fixture(scope="session")
def redis_url_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis URL: TEST_REDIS_URL, else a server started for the session."""
    if url := os.environ.get("TEST_REDIS_URL", "").strip():
        yield url
        return
    if not servers_available():
        pytest.skip(_not_installed())
    with redis_server(tmp_path_factory.mktemp("redis")) as server:
        yield server.url


_MIGRATE = """
import asyncio, sys
from storage.db import Database

async def main() -> None:
    db = await Database.open(sys.argv[1])
    try:
        await db.migrate()
    finally:
        await db.close()

asyncio.run(main())
"""


@pytest.fixture(scope="session")
def pg_template(pg_admin_url: str) -> Iterator[str]:
    """The name of a database migrated once, by the bot's own migration, in its own process (so
    no connection to it is left open: PostgreSQL copies only an unused template)."""
    name = f"qadam_template_{os.getpid()}"
    drop_database(pg_admin_url, name)
    url = create_database(pg_admin_url, name)
    done = subprocess.run(
        [sys.executable, "-c", _MIGRATE, url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        drop_database(pg_admin_url, name)
        raise RuntimeError(f"migrating the template database failed:\n{done.stderr[-4000:]}")
    yield name
    drop_database(pg_admin_url, name)


_test_databases = itertools.count(1)


def _fresh_database(
    request: pytest.FixtureRequest, sqlite_path: Path, *, migrated: bool
) -> Iterator[str]:
    if not ON_POSTGRES:
        yield f"sqlite:///{sqlite_path}"
        return
    admin: str = request.getfixturevalue("pg_admin_url")
    template: str | None = request.getfixturevalue("pg_template") if migrated else None
    name = f"qadam_test_{os.getpid()}_{next(_test_databases)}"
    yield create_database(admin, name, template=template)
    drop_database(admin, name)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The bot's DATABASE_URL for one test: a SQLite file in tmp_path (created and migrated by
    whoever opens it first), or with TEST_BACKEND=postgres a fresh PostgreSQL database, already
    migrated (a copy of the template), dropped after the test."""
    yield from _fresh_database(request, tmp_path / "bot.db", migrated=True)


@pytest.fixture
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database nothing has migrated yet, on either backend: for tests of the migrations."""
    yield from _fresh_database(request, tmp_path / "empty.db", migrated=False)


@pytest.fixture
def empty_redis_url(redis_url_base: str) -> str:
    """A real Redis, emptied for this test, whatever the backend (tests of the Redis parts)."""
    import redis  # only tests that need Redis load the client

    with redis.Redis.from_url(redis_url_base) as client:
        client.flushdb()
    return redis_url_base


@pytest.fixture
def redis_url(request: pytest.FixtureRequest) -> str:
    """The bot's REDIS_URL for one test: "" (none), or with TEST_BACKEND=postgres an emptied
    Redis database."""
    if not ON_POSTGRES:
        return ""
    url: str = request.getfixturevalue("empty_redis_url")
    return url


@dataclass
class BotUnderTest:
    """The bot process, in-process: start, stop and restart it against the same database."""

    telegram: FakeTelegramServer
    settings: Settings
    clock: FakeClock
    services: Services | None = None
    bot: Bot | None = None
    dp: Dispatcher | None = None
    delivery: DeliveryEngine | None = None
    expected_errors: set[str] = field(default_factory=set)
    _task: asyncio.Task[None] | None = None
    _running: RunningBot | None = None

    async def start(self) -> None:
        running = await start_bot(
            self.settings, self.clock, self.telegram, run_delivery=False, polling_timeout=2
        )
        self.services, self.bot, self.dp = running.services, running.bot, running.dispatcher
        self.delivery, self._task, self._running = running.delivery, running.polling, running

    async def stop(self) -> None:
        if self._running is not None:
            await self._running.stop()
        self.services = self.bot = self.dp = self._task = self.delivery = self._running = None

    async def restart(self) -> None:
        """As after a crash or deploy: a new process on the same database."""
        await self.stop()
        await self.start()

    def expect_error(self, description_part: str) -> None:
        """Declare that a refused request containing this text is part of the test."""
        self.expected_errors.add(description_part)

    @property
    def engine(self) -> DeliveryEngine:
        assert self.delivery is not None, "the bot is not running"
        return self.delivery

    @property
    def s(self) -> Services:
        assert self.services is not None, "the bot is not running"
        return self.services


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegramServer]:
    server = FakeTelegramServer(token=DEFAULT_TOKEN, spec=load_spec(), strict_spec=True)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 5, 14, 6, 0, tzinfo=UTC))  # 11:00 in Kazakhstan


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Extra settings for the bot under test; a test parametrizes this name to change them."""
    return {}


@pytest.fixture
async def app(
    telegram: FakeTelegramServer,
    clock: FakeClock,
    database_url: str,
    redis_url: str,
    settings_overrides: dict[str, Any],
) -> AsyncIterator[BotUnderTest]:
    settings = load_settings(
        _env_file=None,
        bot_token=DEFAULT_TOKEN,
        telegram_api_url=telegram.base_url,
        database_url=database_url,
        redis_url=redis_url,
        admin_ids=str(COORDINATOR_ID),
        default_locale="kk",
        log_level="DEBUG",
        **settings_overrides,
    )
    harness = BotUnderTest(telegram, settings, clock)
    await harness.start()
    try:
        yield harness
    finally:
        await harness.stop()
    refused = [
        f"{c.method}: {c.description}"
        for c in telegram.calls(ok=False)
        if not any(part in (c.description or "") for part in harness.expected_errors)
    ]
    assert refused == [], "the bot made requests Telegram would refuse"
    violations = [
        v
        for v in telegram.spec_violations
        if not any(part in v[1] for part in harness.expected_errors)
    ]
    assert violations == []


# -- personas -------------------------------------------------------------------------------


@pytest.fixture
def aigul(telegram: FakeTelegramServer) -> SimUser:
    """A rural entrepreneur from Raiymbek district; her Telegram is in Kazakh."""
    return telegram.user(1001, "Айгүл", "Серікова", "aigul_s", language_code="kk")


@pytest.fixture
def sergey(telegram: FakeTelegramServer) -> SimUser:
    """A social entrepreneur from Atyrau; his Telegram is in Russian."""
    return telegram.user(1002, "Сергей", "Ким", "sergey_kim", language_code="ru")


@pytest.fixture
def john(telegram: FakeTelegramServer) -> SimUser:
    """Someone whose Telegram is in English: the default locale applies."""
    return telegram.user(1003, "John", None, None, language_code="en")


@pytest.fixture
def erlan(telegram: FakeTelegramServer) -> SimUser:
    """The program coordinator (in ADMIN_IDS), who works in Russian."""
    return telegram.user(COORDINATOR_ID, "Ерлан", "Жақсылықов", "erlan_coord", language_code="ru")


async def onboard(user: SimUser, language: str, *, consent: bool = True) -> None:
    """The whole first contact: /start, the language, the consent answer."""
    await user.command("start")
    await user.press("Қазақша" if language == "kk" else "Русский")
    if language == "kk":
        await user.press("✅ Келісемін" if consent else "Кейінірек")
    else:
        await user.press("✅ Даю согласие" if consent else "Позже")


def alert(user: SimUser) -> str:
    """The text of the last answer to a button press (a toast or an alert)."""
    answers = user.chat.callback_answers
    assert answers, f"{user.first_name} got no answer to a button press"
    return str(answers[-1]["text"] or "")


async def deliver(app: BotUnderTest) -> int:
    """Run the sending loop until nothing is due; returns how many rows it handled."""
    handled = 0
    while sent := await app.engine.run_once():
        handled += sent
    await app.telegram.wait_idle()
    return handled
