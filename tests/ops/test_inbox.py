"""With Redis, no accepted update is lost when a webhook worker dies: each is recorded before
Telegram gets its 200, struck off once handled, and taken over by a live worker when its owner's
lease lapses; Telegram's retry of an update already recorded is not handled twice."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiogram.types import TelegramObject
from redis.asyncio import Redis

from bot.core.clock import FakeClock
from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.ops.inbox import UpdateInbox
from bot.ops.webhook import WebhookWorker, open_webhook_worker
from tests.ops.conftest import (
    SECRET,
    SECRET_HEADER,
    Gate,
    get,
    make_settings,
    metric_samples,
    start_update,
)


@pytest.fixture
async def client(empty_redis_url: str) -> AsyncIterator[Redis]:
    redis = Redis.from_url(empty_redis_url)
    yield redis
    await redis.aclose()


async def test_a_lapsed_lease_hands_the_unfinished_updates_to_one_other_worker(
    client: Redis,
) -> None:
    dying = UpdateInbox(client, 1, worker="a", lease_s=0.3)
    await dying.renew()
    assert await dying.accept(7, b'{"update_id": 7}')
    assert not await dying.accept(7, b'{"update_id": 7}'), "Telegram's retry: not again"
    assert await dying.accept(8, b'{"update_id": 8}')
    await dying.done(8)

    first, second = UpdateInbox(client, 1, worker="b"), UpdateInbox(client, 1, worker="c")
    await first.renew()
    await second.renew()
    assert await first.reclaim() == [], "a live worker keeps its updates"
    await asyncio.sleep(0.4)  # the lease (0.3 s on the real Redis) lapses
    assert await first.reclaim() == [b'{"update_id": 7}']
    assert await second.reclaim() == [], "taken over once"
    assert await client.hgetall("webhook:{1}:inflight:b") == {b"7": b'{"update_id": 7}'}
    other_bot = UpdateInbox(client, 2, worker="d")
    assert await other_bot.reclaim() == []


async def _worker(
    telegram: FakeTelegramServer,
    database_url: str,
    redis_url: str,
    clock: FakeClock,
    gate: Gate | None = None,
) -> WebhookWorker:
    settings = make_settings(telegram, database_url, redis_url)
    worker = await open_webhook_worker(settings, clock=clock, observers=[gate] if gate else [])
    assert worker.inbox is not None, "with REDIS_URL a worker records its updates"
    worker.inbox.lease_s, worker.inbox.renew_s, worker.inbox.reclaim_every_s = 0.5, 0.1, 0.1
    await worker.start("127.0.0.1", 0)
    return worker


async def _crash(worker: WebhookWorker) -> None:
    """As SIGKILL would leave things: no release, no striking off, the lease left to lapse."""
    assert worker.inbox is not None
    await worker.inbox.stop()
    for task in list(worker.handler.in_flight):
        task.cancel()
    await asyncio.gather(*worker.handler.in_flight, return_exceptions=True)
    if worker._runner is not None:
        await worker._runner.cleanup()
        worker._runner = None
    await worker.bot.session.close()
    if worker.close_redis is not None:
        await worker.close_redis()
    await worker.services.close()


async def test_a_dead_workers_update_is_answered_by_another_worker(
    telegram: FakeTelegramServer,
    database_url: str,
    empty_redis_url: str,
    clock: FakeClock,
    aigul: SimUser,
) -> None:
    gate = Gate()  # holds aigul's /start in the first worker
    first = await _worker(telegram, database_url, empty_redis_url, clock, gate)
    telegram.route_webhook(f"http://127.0.0.1:{first.port}", retry_delay=0.05)
    await aigul.command("start", wait=False)
    await asyncio.wait_for(gate.entered.wait(), 10)
    telegram.route_webhook()
    await _crash(first)
    assert aigul.chat.bot_messages() == []

    second = await _worker(telegram, database_url, empty_redis_url, clock)
    try:
        picker = await aigul.wait_for_message(timeout=10)
        assert picker.buttons() == ["Қазақша", "Русский"]
        await aigul.expect_silence(timeout=0.5)
        assert len(aigul.chat.bot_messages()) == 1, "answered once"
        _, text = await get(f"http://127.0.0.1:{second.port}/metrics")
        assert metric_samples(text)[("bot_updates_taken_over_total", ())] == 1
    finally:
        await second.stop(drain_timeout=5)


async def test_telegrams_retry_of_a_recorded_update_is_not_handled_twice(
    telegram: FakeTelegramServer,
    database_url: str,
    empty_redis_url: str,
    clock: FakeClock,
    aigul: SimUser,
) -> None:
    worker = await _worker(telegram, database_url, empty_redis_url, clock)
    url = f"http://127.0.0.1:{worker.port}/tg/hook"
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(2):  # our first 200 "never reached Telegram"
                body = json.dumps(start_update(aigul, 900))
                headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
                async with session.post(url, data=body, headers=headers) as response:
                    assert response.status == 200
        await aigul.wait_for_message(timeout=10)
        await aigul.expect_silence(timeout=0.5)
        assert len(aigul.chat.bot_messages()) == 1
        _, text = await get(f"http://127.0.0.1:{worker.port}/metrics")
        assert metric_samples(text)[("bot_updates_repeated_total", ())] == 1
    finally:
        await worker.stop(drain_timeout=5)


class _AfterReply(Gate):
    """Lets the update through, then holds it after its handler answered: a worker killed
    between its reply and striking the update off."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        result = await handler(event, data)
        self.entered.set()
        await self.release.wait()
        return result


async def test_a_dead_workers_answered_update_is_not_answered_again(
    telegram: FakeTelegramServer,
    database_url: str,
    empty_redis_url: str,
    clock: FakeClock,
    aigul: SimUser,
) -> None:
    held = _AfterReply()
    first = await _worker(telegram, database_url, empty_redis_url, clock, held)
    telegram.route_webhook(f"http://127.0.0.1:{first.port}", retry_delay=0.05)
    await aigul.command("start", wait=False)
    await asyncio.wait_for(held.entered.wait(), 10)
    telegram.route_webhook()
    await _crash(first)
    assert len(aigul.chat.bot_messages()) == 1  # the reply went out before the kill

    second = await _worker(telegram, database_url, empty_redis_url, clock)
    try:
        await asyncio.sleep(1.5)  # the lease (0.5 s) lapses; the second worker takes it over
        await aigul.expect_silence(timeout=0.5)
        assert len(aigul.chat.bot_messages()) == 1, "not answered twice"
        _, text = await get(f"http://127.0.0.1:{second.port}/metrics")
        samples = metric_samples(text)
        assert samples[("bot_updates_taken_over_total", ())] == 1
        assert samples[("bot_updates_repeated_total", ())] == 1
        assert second.inbox is not None
        assert await second.inbox.reclaim() == []  # struck off: nothing left in flight
    finally:
        await second.stop(drain_timeout=5)
