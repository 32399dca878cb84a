"""Fixtures for the operations tests: a webhook worker and a sender, in-process, on real ports,
against the fake Bot API server (`telegram`), with the suite's database and Redis."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from prometheus_client.parser import text_string_to_metric_families

from bot.core.clock import FakeClock
from bot.core.config import Settings, load_settings
from bot.dev.fake_telegram import (
    DEFAULT_TOKEN,
    SECRET_HEADER,
    FakeTelegramServer,
    SimUser,
    install_handled_tracking,
)
from bot.ops.sender import Sender, open_sender
from bot.ops.webhook import WebhookWorker, open_webhook_worker
from tests.conftest import COORDINATOR_ID

WEBHOOK_URL = "https://bot.example.kz/tg/hook"
SECRET = "s3cret_for-tests_only"

__all__ = [
    "SECRET",
    "SECRET_HEADER",
    "WEBHOOK_URL",
    "Gate",
    "get",
    "make_settings",
    "metric_samples",
    "start_update",
]


def make_settings(
    telegram: FakeTelegramServer, database_url: str, redis_url: str, **overrides: Any
) -> Settings:
    values: dict[str, Any] = {
        "bot_token": DEFAULT_TOKEN,
        "telegram_api_url": telegram.base_url,
        "database_url": database_url,
        "redis_url": redis_url,
        "admin_ids": str(COORDINATOR_ID),
        "default_locale": "kk",
        "log_level": "DEBUG",
        "webhook_url": WEBHOOK_URL,
        "webhook_secret": SECRET,
    }
    return load_settings(_env_file=None, **(values | overrides))


@pytest.fixture
def ops_settings(telegram: FakeTelegramServer, database_url: str, redis_url: str) -> Settings:
    return make_settings(telegram, database_url, redis_url)


@pytest.fixture
async def worker(
    telegram: FakeTelegramServer, ops_settings: Settings, clock: FakeClock
) -> AsyncIterator[WebhookWorker]:
    """A webhook worker on a free port; the fake Telegram posts to it as a proxy would."""
    running = await open_webhook_worker(ops_settings, clock=clock)
    install_handled_tracking(running.dispatcher, telegram)
    await running.start("127.0.0.1", 0)
    telegram.route_webhook(f"http://127.0.0.1:{running.port}", retry_delay=0.05)
    try:
        yield running
    finally:
        telegram.route_webhook()
        await running.stop(drain_timeout=5)


@pytest.fixture
def sender_sends() -> bool:
    """Whether the sender runs its sending loop; a test parametrizes this to hold messages."""
    return True


@pytest.fixture
async def sender(
    ops_settings: Settings, clock: FakeClock, sender_sends: bool
) -> AsyncIterator[Sender]:
    """A sender on a free port, its jobs registered and its sending loop running."""
    running = await open_sender(ops_settings, clock=clock, run_delivery=sender_sends)
    await running.start("127.0.0.1", 0)
    try:
        yield running
    finally:
        await running.stop()


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


def metric_samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """/metrics parsed: (sample name, sorted labels) → value."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def start_update(user: SimUser, update_id: int) -> dict[str, Any]:
    """A raw /start update from `user`, as Telegram would post it."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1_778_738_400,
            "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
            "from": user.user_dict,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


class Gate(BaseMiddleware):
    """Holds every update at the door until released: an update "in progress"."""

    def __init__(self) -> None:
        self.entered = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        self.entered.set()
        await self.release.wait()
        return await handler(event, data)
