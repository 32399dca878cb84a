"""The fake Bot API's webhook, as the cluster benchmark uses it: after setWebhook it POSTs each
update with the secret header to the workers behind the "proxy" (`route_webhook`), retries what
was refused or not answered (on the next worker), keeps one update per chat in flight, and
refuses getUpdates meanwhile; deleteWebhook gives the waiting updates back to polling."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramConflictError
from aiohttp import web

from bot.dev.fake_telegram import DEFAULT_TOKEN, SECRET_HEADER, FakeTelegramServer, SimUser
from bot.ops.process import bound_port, listen

URL = "https://bot.example.kz/hook"


class Receiver:
    """A stand-in worker: records what it gets, answers `status`, can hold requests."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.received: list[tuple[int, str | None, str]] = []  # (update_id, secret, path)
        self.hold: asyncio.Event | None = None
        self.in_flight = 0
        self.most_in_flight = 0
        self.runner: web.AppRunner | None = None

    async def handle(self, request: web.Request) -> web.Response:
        body: dict[str, Any] = await request.json()
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.hold is not None:
                await self.hold.wait()
            self.received.append(
                (body["update_id"], request.headers.get(SECRET_HEADER), request.path)
            )
            return web.json_response({}, status=self.status)
        finally:
            self.in_flight -= 1

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/{tail:.*}", self.handle)
        self.runner = await listen(app, "127.0.0.1", 0, shutdown_timeout=1)
        return f"http://127.0.0.1:{bound_port(self.runner)}"

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


@pytest.fixture
async def bot(telegram: FakeTelegramServer) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(telegram.base_url))
    client = Bot(DEFAULT_TOKEN, session=session)
    yield client
    await session.close()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    worker = Receiver()
    yield worker
    await worker.stop()


def _text(user: SimUser, text: str) -> dict[str, Any]:
    chat = {"id": user.id, "type": "private", "first_name": user.first_name}
    message = {"message_id": 1, "date": 0, "chat": chat, "from": user.user_dict, "text": text}
    return {"message": message}


async def test_updates_are_posted_with_the_secret_at_the_webhook_path(
    telegram: FakeTelegramServer, bot: Bot, receiver: Receiver, aigul: SimUser
) -> None:
    base = await receiver.start()
    await bot.set_webhook(URL, secret_token="abc", allowed_updates=["message"])
    telegram.route_webhook(base)
    first = telegram.push_update(_text(aigul, "1"))
    dropped = telegram.push_update({"callback_query": {"id": "1", "from": aigul.user_dict}})
    await telegram.wait_until(lambda: telegram.is_delivered(first), 5, lambda: "not delivered")
    assert receiver.received == [(first, "abc", "/hook")]
    assert telegram.is_delivered(dropped), "a type outside allowed_updates is never sent"
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count, info.allowed_updates) == (URL, 0, ["message"])
    with pytest.raises(TelegramConflictError):
        await bot.get_updates()


async def test_updates_wait_for_a_route_and_survive_refusals_and_dead_workers(
    telegram: FakeTelegramServer, bot: Bot, receiver: Receiver, aigul: SimUser
) -> None:
    await bot.set_webhook(URL, secret_token="abc")
    update_id = telegram.push_update(_text(aigul, "hello"))
    await asyncio.sleep(0.05)
    assert (await bot.get_webhook_info()).pending_update_count == 1, "no route: it waits"

    refusing = Receiver(status=401)
    refused_base = await refusing.start()
    gone = Receiver()
    dead = await gone.start()
    await gone.stop()  # its port refuses connections now
    base = await receiver.start()
    try:
        telegram.route_webhook(refused_base, dead, base, retry_delay=0.01)
        await telegram.wait_until(
            lambda: telegram.is_delivered(update_id), 5, lambda: "never delivered"
        )
    finally:
        await refusing.stop()
    statuses = [a.status for a in telegram.webhook_attempts]
    assert statuses[-1] == 200 and 401 in statuses and None in statuses
    assert [r[0] for r in receiver.received] == [update_id]
    info = await bot.get_webhook_info()
    assert info.last_error_message and info.pending_update_count == 0


async def test_a_worker_that_gave_no_answer_is_passed_over_for_fail_duration(
    telegram: FakeTelegramServer, bot: Bot, receiver: Receiver, aigul: SimUser
) -> None:
    gone = Receiver()
    dead = await gone.start()
    await gone.stop()
    base = await receiver.start()
    await bot.set_webhook(URL, secret_token="abc")
    telegram.route_webhook(dead, base, retry_delay=0.01, fail_duration=60)
    ids = [telegram.push_update(_text(aigul, str(i))) for i in range(4)]
    await telegram.wait_until(lambda: all(map(telegram.is_delivered, ids)), 5, lambda: "lost")
    tried = [a.target for a in telegram.webhook_attempts]
    assert tried.count(dead) == 1, "after its first failure the dead worker gets nothing"
    assert [r[0] for r in receiver.received] == ids


async def test_one_update_per_chat_in_flight_and_chats_in_parallel(
    telegram: FakeTelegramServer,
    bot: Bot,
    receiver: Receiver,
    aigul: SimUser,
    sergey: SimUser,
) -> None:
    base = await receiver.start()
    await bot.set_webhook(URL, secret_token="abc")
    telegram.route_webhook(base)
    receiver.hold = asyncio.Event()
    ids = [telegram.push_update(_text(user, str(i))) for i in range(3) for user in (aigul, sergey)]
    await telegram.wait_until(lambda: receiver.in_flight == 2, 5, lambda: "not both chats")
    receiver.hold.set()
    await telegram.wait_until(lambda: all(map(telegram.is_delivered, ids)), 5, lambda: "lost")
    assert receiver.most_in_flight == 2
    assert [r[0] for r in receiver.received] == ids  # each chat's updates in order


async def test_delete_webhook_hands_the_waiting_updates_back_to_polling(
    telegram: FakeTelegramServer, bot: Bot, aigul: SimUser
) -> None:
    with pytest.raises(TelegramBadRequest, match="HTTPS URL must be provided"):
        await bot.set_webhook("http://bot.example.kz/hook")
    await bot.set_webhook(URL)
    update_id = telegram.push_update(_text(aigul, "hi"))
    await bot.delete_webhook()
    [update] = await bot.get_updates()
    assert update.update_id == update_id
