"""The bot in-process against the fake Bot API server: what the tests and the playground both
drive. It is built exactly as production builds it (`open_services` → `create_bot`,
`create_delivery`, `create_dispatcher`) and long-polls the fake server over HTTP.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Bot, Dispatcher

from bot.app import Services, create_bot, create_delivery, create_dispatcher, open_services
from bot.core.clock import Clock
from bot.core.config import Settings
from bot.delivery.engine import DeliveryEngine
from bot.dev.fake_telegram import FakeTelegramServer, install_handled_tracking

STARTUP_TIMEOUT = 30.0


@dataclass
class RunningBot:
    """One bot process: its services, Bot client, delivery engine, dispatcher and polling."""

    services: Services
    bot: Bot
    delivery: DeliveryEngine
    dispatcher: Dispatcher
    polling: asyncio.Task[None]

    async def stop(self) -> None:
        with contextlib.suppress(RuntimeError):  # polling already stopped
            await self.dispatcher.stop_polling()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.polling, 10)
        await self.bot.session.close()
        await self.delivery.close()
        await self.services.close()


async def start_bot(
    settings: Settings,
    clock: Clock,
    telegram: FakeTelegramServer,
    *,
    run_delivery: bool = True,
    polling_timeout: int = 10,
    before_polling: Callable[[Services], Awaitable[object]] | None = None,
) -> RunningBot:
    """Open the services (migrating the database), build the bot and start it polling;
    returns once the dispatcher's start-up ran. `run_delivery=False` leaves the sending loop to
    the caller (tests run it step by step); `before_polling` runs on the open services first
    (the playground seeds its demo data there)."""
    services = await open_services(settings, clock=clock)
    try:
        if before_polling is not None:
            await before_polling(services)
        bot = create_bot(settings, services)
        delivery = create_delivery(services)
        dispatcher = create_dispatcher(services, delivery, run_delivery=run_delivery)
        install_handled_tracking(dispatcher, telegram)
        ready = asyncio.Event()
        dispatcher.startup.register(ready.set)
        polling = asyncio.create_task(
            dispatcher.start_polling(
                bot,
                handle_signals=False,
                polling_timeout=polling_timeout,
                allowed_updates=dispatcher.resolve_used_update_types(),
            ),
            name="bot-polling",
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
            raise RuntimeError(f"the bot did not start within {STARTUP_TIMEOUT:.0f} s")
    except BaseException:
        await services.close()
        raise
    return RunningBot(services, bot, delivery, dispatcher, polling)
