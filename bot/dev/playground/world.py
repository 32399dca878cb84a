"""One run of the embedded Bot API server and the bot polling it, on the playground database.

The bot is built exactly as production builds it (`open_services` → `create_bot`,
`create_delivery`, `create_dispatcher`) and polls the embedded server over HTTP; the server
checks every request as Telegram would (strict HTML, limits, the Bot API description where
`../shared/botapi/api.json` exists) and refuses what Telegram refuses.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher

from bot.app import Services, create_bot, create_delivery, create_dispatcher, open_services
from bot.core.clock import Clock
from bot.core.config import Settings, load_settings
from bot.delivery.engine import DeliveryEngine
from bot.dev.fake_telegram import BotApiSpec, FakeTelegramServer, install_handled_tracking

from .personas import Persona
from .seed import seed_playground

log = logging.getLogger(__name__)

# A made-up token: the embedded server accepts only it, and Telegram would not.
TOKEN = "700000001:PlaygroundTokenNotForTelegram_0123456789"
BOT_NAME = "Qadam"
BOT_USERNAME = "qadam_playground_bot"
STARTUP_TIMEOUT = 30.0


@dataclass
class World:
    telegram: FakeTelegramServer
    settings: Settings
    services: Services
    bot: Bot
    delivery: DeliveryEngine
    dispatcher: Dispatcher
    polling: asyncio.Task[None]
    seeded: list[str]

    async def stop(self) -> None:
        with contextlib.suppress(RuntimeError):  # polling already stopped
            await self.dispatcher.stop_polling()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.polling, 10)
        await self.bot.session.close()
        await self.services.close()
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
        services = await open_services(settings, clock=clock)
    except BaseException:
        await telegram.stop()
        raise
    try:
        seeded = await seed_playground(services)
        bot = create_bot(settings, services)
        delivery = create_delivery(services)
        dispatcher = create_dispatcher(services, delivery)
        install_handled_tracking(dispatcher, telegram)
        ready = asyncio.Event()
        dispatcher.startup.register(ready.set)
        polling = asyncio.create_task(
            dispatcher.start_polling(
                bot,
                handle_signals=False,
                close_bot_session=True,
                allowed_updates=dispatcher.resolve_used_update_types(),
            ),
            name="playground-polling",
        )
        waiter = asyncio.create_task(ready.wait())
        await asyncio.wait(
            {waiter, polling}, timeout=STARTUP_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
        )
        if not ready.is_set():
            waiter.cancel()
            if polling.done():
                polling.result()  # raises what stopped it
            polling.cancel()
            raise RuntimeError("the bot did not start within 30 s")
    except BaseException:
        await services.close()
        await telegram.stop()
        raise
    return World(telegram, settings, services, bot, delivery, dispatcher, polling, seeded)
