"""One run of the embedded Bot API server and the bot polling it, on the playground database.

The bot runs through `bot.dev.harness` — the tests' harness, built exactly as production builds
it — and polls the embedded server over HTTP; the server
checks every request as Telegram would (strict HTML, limits, the Bot API description where
`../shared/botapi/api.json` exists) and refuses what Telegram refuses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher

from bot.app import Services
from bot.core.clock import Clock
from bot.core.config import Settings, load_settings
from bot.delivery.engine import DeliveryEngine
from bot.dev.fake_telegram import BotApiSpec, FakeTelegramServer
from bot.dev.harness import RunningBot, start_bot

from .personas import Persona
from .seed import seed_playground

log = logging.getLogger(__name__)

# A made-up token: the embedded server accepts only it, and Telegram would not.
TOKEN = "700000001:PlaygroundTokenNotForTelegram_0123456789"
BOT_NAME = "Qadam"
BOT_USERNAME = "qadam_playground_bot"


@dataclass
class World:
    """The embedded server and the bot running against it (the same harness as the tests')."""

    telegram: FakeTelegramServer
    settings: Settings
    running: RunningBot
    seeded: list[str]

    @property
    def services(self) -> Services:
        return self.running.services

    @property
    def bot(self) -> Bot:
        return self.running.bot

    @property
    def delivery(self) -> DeliveryEngine:
        return self.running.delivery

    @property
    def dispatcher(self) -> Dispatcher:
        return self.running.dispatcher

    async def stop(self) -> None:
        await self.running.stop()
        await self.telegram.stop()


def playground_settings(
    database: Path, api_url: str, admins: Iterable[int], overrides: Mapping[str, Any]
) -> Settings:
    """The environment's settings (`.env` too), with the fake token, the embedded server, the
    playground database and the demo coordinators added to ADMIN_IDS."""
    fixed: dict[str, Any] = {
        "bot_token": TOKEN,
        "telegram_api_url": api_url,
        "database_url": f"sqlite:///{database}",
    }
    base = load_settings(require_token=False, **{**overrides, **fixed})
    admin_ids = sorted(base.admin_ids | frozenset(admins))
    return load_settings(
        require_token=False,
        **{**overrides, **fixed, "admin_ids": ",".join(map(str, admin_ids))},
    )


async def start_world(
    *,
    database: Path,
    clock: Clock,
    spec: BotApiSpec | None,
    personas: list[Persona],
    languages: Mapping[int, str | None],
    overrides: Mapping[str, Any],
    on_server: Callable[[FakeTelegramServer], None],
) -> World:
    """Start the embedded server, open and seed the database, and start the bot polling.

    `on_server` is called with the server before the bot makes its first request, so that the
    caller can subscribe to its events and see everything.
    """
    telegram = FakeTelegramServer(
        token=TOKEN, spec=spec, strict_spec=True, clock=lambda: clock.now().timestamp()
    )
    telegram.bot_user.update(first_name=BOT_NAME, username=BOT_USERNAME)
    await telegram.start()
    try:
        for p in personas:
            telegram.user(
                p.id, p.first_name, p.last_name, p.username, language_code=languages.get(p.id)
            )
        on_server(telegram)
        coordinators = [p.id for p in personas if p.kind == "coordinator"]
        settings = playground_settings(database, telegram.base_url, coordinators, overrides)
    except BaseException:
        await telegram.stop()
        raise
    seeded: list[str] = []

    async def seed(services: Services) -> None:
        seeded.extend(await seed_playground(services))

    try:
        running = await start_bot(settings, clock, telegram, before_polling=seed)
    except BaseException:
        await telegram.stop()
        raise
    return World(telegram, settings, running, seeded)
