"""Several bot processes sharing one Redis (and one database), in one test.

`empty_redis_url` is an emptied Redis (the session's `redis_url_base`: TEST_REDIS_URL, or a
redis-server started from Debian's binary; skipped where there is none). A `Worker` is one bot
process as production builds it (`open_services` → `create_bot` → `create_dispatcher`) that
answers only the updates given to it, the way a reverse proxy hands each update to one of the
webhook workers; `user.server = worker` sends a simulated user's next updates there.

The routers are module-level singletons that belong to one dispatcher at a time, so a worker
builds its dispatcher anew for each update it is given (`create_dispatcher` on its own
services): what a process keeps between updates is in its services, which stay its own.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from aiogram import Bot, Dispatcher

from bot.app import Services, create_bot, create_delivery, create_dispatcher, open_services
from bot.core.clock import FakeClock
from bot.core.config import Settings, load_settings
from bot.delivery.engine import DeliveryEngine
from bot.dev.fake_telegram import DEFAULT_TOKEN, FakeTelegramServer
from bot.dev.fake_telegram.models import ChatLog, ChatMessage, StoredFile
from tests.conftest import COORDINATOR_ID

_update_ids = itertools.count(10_000_000)  # apart from the fake server's own


@pytest.fixture
def shared_settings(
    telegram: FakeTelegramServer, database_url: str, empty_redis_url: str
) -> Settings:
    """What every worker of the test runs with: one database, one Redis, one bot token."""
    return load_settings(
        _env_file=None,
        bot_token=DEFAULT_TOKEN,
        telegram_api_url=telegram.base_url,
        database_url=database_url,
        redis_url=empty_redis_url,
        admin_ids=str(COORDINATOR_ID),
        default_locale="kk",
    )


@dataclass
class Worker:
    """One bot process that answers the updates it is given (stands in for the fake server as
    a simulated user's `server`: everything but delivering updates goes to the real one)."""

    telegram: FakeTelegramServer
    services: Services
    bot: Bot
    delivery: DeliveryEngine

    def __post_init__(self) -> None:
        self._handling: dict[int, asyncio.Task[Any]] = {}
        self.clock: Callable[[], float] = self.telegram.clock
        self.settle: float = self.telegram.settle

    # -- what a SimUser needs of its server ---------------------------------------------------

    @property
    def seq(self) -> int:
        return self.telegram.seq

    def chat(self, chat_id: int) -> ChatLog:
        return self.telegram.chat(chat_id)

    def add_user_message(
        self, chat: ChatLog, user: dict[str, Any], kind: str, **fields: Any
    ) -> ChatMessage:
        return self.telegram.add_user_message(chat, user, kind, **fields)

    def store_file(self, kind: str, data: bytes, **fields: Any) -> StoredFile:
        return self.telegram.store_file(kind, data, **fields)

    def register_callback(self, chat_id: int, message_id: int) -> str:
        return self.telegram.register_callback(chat_id, message_id)

    async def wait_until(
        self,
        condition: Callable[[], bool],
        timeout: float,  # noqa: ASYNC109 - the fake server's signature
        message: Callable[[], str],
    ) -> None:
        await self.telegram.wait_until(condition, timeout, message)

    def push_update(self, update: dict[str, Any]) -> int:
        """Hand the update to this worker's dispatcher, as the webhook would."""
        update_id = next(_update_ids)
        body = {"update_id": update_id, **update}
        self._handling[update_id] = asyncio.create_task(
            self.dispatcher().feed_raw_update(self.bot, body)
        )
        return update_id

    async def await_outcome(
        self,
        update_id: int,
        chat: ChatLog,
        since_seq: int,
        activity_before: int,
        what: str,
        timeout: float | None = None,  # noqa: ASYNC109 - the fake server's signature
        settle: float | None = None,
    ) -> list[ChatMessage]:
        await asyncio.wait_for(self._handling.pop(update_id), timeout or 15)
        return chat.changed_since(since_seq)

    # -- the process ----------------------------------------------------------------------------

    def dispatcher(self) -> Dispatcher:
        return create_dispatcher(self.services, self.delivery, run_delivery=False)

    async def stop(self) -> None:
        await self.bot.session.close()
        await self.delivery.close()
        await self.services.close()


@pytest.fixture
async def workers(
    telegram: FakeTelegramServer, shared_settings: Settings, clock: FakeClock
) -> AsyncIterator[Callable[[], Any]]:
    """`await start()` a new worker on the shared settings; all are stopped after the test,
    and no request any of them made may have been refused."""
    started: list[Worker] = []

    async def start() -> Worker:
        services = await open_services(shared_settings, clock=clock)
        bot = create_bot(shared_settings, services)
        worker = Worker(telegram, services, bot, create_delivery(services))
        started.append(worker)
        return worker

    yield start
    for worker in started:
        await worker.stop()
    refused = [f"{c.method}: {c.description}" for c in telegram.calls(ok=False)]
    assert refused == [], "the bot made requests Telegram would refuse"
    assert telegram.spec_violations == []
