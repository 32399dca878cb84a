"""The conversation harness: the real dispatcher, over HTTP, against the fake Bot API server.

`app` starts the fake server (checking every request against shared/botapi/api.json where present)
and the bot exactly as production builds it (`open_services` → `create_bot` → `create_dispatcher`),
polling over HTTP. Named personas talk to it. At the end of each test, any request Telegram would
have refused fails the test unless the test declared it expected.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
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

COORDINATOR_ID = 2001


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
    tmp_path: Path,
    settings_overrides: dict[str, Any],
) -> AsyncIterator[BotUnderTest]:
    settings = load_settings(
        _env_file=None,
        bot_token=DEFAULT_TOKEN,
        telegram_api_url=telegram.base_url,
        database_url=f"sqlite:///{tmp_path}/bot.db",
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
