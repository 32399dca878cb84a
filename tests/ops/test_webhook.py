"""A webhook worker on a real port, with the real dispatcher: the fake Telegram posts updates to
it as Telegram (through a reverse proxy) would, and the replies come back through the fake Bot
API. Also its GET /healthz and GET /metrics, and what it does when it stops."""

from __future__ import annotations

import asyncio
import json
import logging
import socket

import aiohttp
import pytest

from bot.core.clock import FakeClock
from bot.core.config import ConfigError, Settings
from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.ops.health import HealthProbe, ops_redis
from bot.ops.webhook import WebhookWorker, open_webhook_worker
from bot.ops.webhook_config import webhook_config
from tests.ops.conftest import (
    SECRET,
    SECRET_HEADER,
    WEBHOOK_URL,
    Gate,
    get,
    make_settings,
    metric_samples,
    start_update,
)


async def test_updates_with_the_secret_are_answered_in_kazakh_and_russian(
    worker: WebhookWorker, telegram: FakeTelegramServer, aigul: SimUser, sergey: SimUser
) -> None:
    [picker] = await aigul.command("start")
    assert picker.buttons() == ["Қазақша", "Русский"]
    [intro] = await aigul.press("Қазақша")
    assert "Қош келдіңіз" in intro.content

    await sergey.command("start")
    [intro] = await sergey.press("Русский")
    assert "Добро пожаловать" in intro.content

    assert telegram.calls("getUpdates") == [], "a webhook worker never polls"
    assert [a.status for a in telegram.webhook_attempts] == [200] * 4


async def test_the_webhook_is_set_with_the_secret_and_the_update_types_it_handles(
    worker: WebhookWorker, telegram: FakeTelegramServer
) -> None:
    [call] = telegram.calls("setWebhook")
    assert call.params["url"] == WEBHOOK_URL
    assert call.params["secret_token"] == SECRET
    used = worker.dispatcher.resolve_used_update_types()
    assert "message" in used and "callback_query" in used
    assert sorted(call.params["allowed_updates"]) == used
    assert call.params.get("drop_pending_updates", False) is False  # pending updates kept
    assert telegram.webhook_url == WEBHOOK_URL
    assert telegram.calls("setMyCommands"), "the command menus are set at start-up"


@pytest.mark.parametrize("secret", ["wrong-secret", None])
async def test_a_wrong_or_missing_secret_gets_401_and_the_update_is_not_handled(
    worker: WebhookWorker, telegram: FakeTelegramServer, aigul: SimUser, secret: str | None
) -> None:
    headers = {SECRET_HEADER: secret} if secret else {}
    url = f"http://127.0.0.1:{worker.port}/tg/hook"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json=start_update(aigul, 500), headers=headers) as response,
    ):
        assert response.status == 401
    await aigul.expect_silence(timeout=0.3)
    assert aigul.chat.bot_messages() == []
    _, text = await get(f"http://127.0.0.1:{worker.port}/metrics")
    assert metric_samples(text)[("bot_updates_handled_total", (("type", "message"),))] == 0


async def test_healthz_reports_the_database_redis_and_the_outbox(
    worker: WebhookWorker, ops_settings: Settings
) -> None:
    status, body = await get(f"http://127.0.0.1:{worker.port}/healthz")
    assert status == 200, body
    health = json.loads(body)
    assert health["status"] == "ok"
    assert health["database"] == "ok"
    assert health["redis"] == ("ok" if ops_settings.redis_url else "not configured")
    assert health["outbox"] == {"depth": 0, "oldest_due_age_s": None, "lagging": False}


async def test_healthz_is_503_when_the_database_does_not_answer(
    worker: WebhookWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refused() -> None:
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr(worker.services.db, "ping", refused)
    status, body = await get(f"http://127.0.0.1:{worker.port}/healthz")
    assert status == 503
    health = json.loads(body)
    assert health["status"] == "unhealthy"
    assert health["database"] == "unreachable"
    assert health["outbox"] is None


async def test_an_unreachable_redis_is_unhealthy(worker: WebhookWorker) -> None:
    with socket.socket() as free:  # a port nobody listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    redis = ops_redis(f"redis://127.0.0.1:{port}/0")
    try:
        probe = HealthProbe(worker.services, judge_outbox=False, redis_ping=redis.ping)
        health = await probe.check()
    finally:
        await redis.aclose()
    assert (health.database, health.redis, health.ok) == ("ok", "unreachable", False)


async def test_metrics_count_the_updates_handled_by_type(
    worker: WebhookWorker, aigul: SimUser
) -> None:
    await aigul.command("start")
    await aigul.press("Қазақша")
    status, text = await get(f"http://127.0.0.1:{worker.port}/metrics")
    assert status == 200
    samples = metric_samples(text)
    assert samples[("bot_updates_handled_total", (("type", "message"),))] == 1
    assert samples[("bot_updates_handled_total", (("type", "callback_query"),))] == 1
    assert samples[("bot_updates_failed_total", (("type", "message"),))] == 0
    assert samples[("bot_update_handling_seconds_count", (("type", "message"),))] == 1
    assert samples[("bot_updates_in_flight", ())] == 0
    assert samples[("bot_outbox_depth", ())] == 0
    assert ("bot_messages_sent_total", ()) in samples  # a worker sends no outbox messages


async def _refused(port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return True
    writer.close()
    return False


async def _gated_worker(
    telegram: FakeTelegramServer, settings: Settings, clock: FakeClock, gate: Gate
) -> WebhookWorker:
    worker = await open_webhook_worker(settings, clock=clock, observers=[gate])
    await worker.start("127.0.0.1", 0)
    telegram.route_webhook(f"http://127.0.0.1:{worker.port}", retry_delay=0.05)
    return worker


async def test_stopping_finishes_the_update_in_progress_and_keeps_the_webhook(
    telegram: FakeTelegramServer, ops_settings: Settings, clock: FakeClock, aigul: SimUser
) -> None:
    gate = Gate()
    worker = await _gated_worker(telegram, ops_settings, clock, gate)
    port = worker.port
    await aigul.command("start", wait=False)
    await asyncio.wait_for(gate.entered.wait(), 10)

    stopping = asyncio.create_task(worker.stop())
    for _ in range(100):  # bounded: the listener closes at once
        if await _refused(port):
            break
        await asyncio.sleep(0.02)
    assert await _refused(port), "a stopping worker accepts no new connections"
    assert not stopping.done(), "the stop waits for the update in progress"

    gate.release.set()
    await asyncio.wait_for(stopping, 10)
    [picker] = aigul.chat.bot_messages()
    assert picker.buttons() == ["Қазақша", "Русский"]
    assert telegram.calls("deleteWebhook") == []
    assert telegram.webhook_url == WEBHOOK_URL, "the other workers still serve the webhook"
    telegram.route_webhook()


async def test_an_update_still_running_after_the_bound_is_cancelled(
    telegram: FakeTelegramServer,
    ops_settings: Settings,
    clock: FakeClock,
    aigul: SimUser,
    caplog: pytest.LogCaptureFixture,
) -> None:
    gate = Gate()  # never released
    worker = await _gated_worker(telegram, ops_settings, clock, gate)
    await aigul.command("start", wait=False)
    await asyncio.wait_for(gate.entered.wait(), 10)
    with caplog.at_level(logging.WARNING, logger="bot.ops.webhook"):
        await asyncio.wait_for(worker.stop(drain_timeout=0.2), 10)
    assert "1 update(s) still running after 0.2 s were cancelled" in caplog.text
    assert aigul.chat.bot_messages() == []
    telegram.route_webhook()


def test_webhook_mode_needs_the_url_and_the_secret(
    telegram: FakeTelegramServer, database_url: str
) -> None:
    with pytest.raises(ConfigError, match="WEBHOOK_URL is not set"):
        webhook_config(make_settings(telegram, database_url, "", webhook_url=""))
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET is not set") as raised:
        webhook_config(make_settings(telegram, database_url, "", webhook_secret=""))
    assert "token_urlsafe" in str(raised.value)
    with pytest.raises(ConfigError, match="must not be /metrics"):
        webhook_config(
            make_settings(telegram, database_url, "", webhook_url="https://x.kz/metrics")
        )
    config = webhook_config(make_settings(telegram, database_url, ""))
    assert (config.path, config.secret) == ("/tg/hook", SECRET)
    assert SECRET not in repr(config)
