"""The sender process in-process on a real port: it sends what the outbox holds through the fake
Bot API, counts it in /metrics, and its /healthz turns 503 when the outbox lags."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.clock import FakeClock
from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.ops.health import OUTBOX_LAG_LIMIT, HealthProbe
from bot.ops.sender import Sender
from bot.ops.webhook import WebhookWorker
from storage.outbox import NewMessage
from storage.users import Profile
from tests.ops.conftest import get, metric_samples


async def _person(sender: Sender, user: SimUser, language: str) -> None:
    profile = Profile(user.id, user.first_name, None, None, language)
    await sender.services.users.upsert_demo(profile, language, sender.services.clock.now())


async def _queue(sender: Sender, user: SimUser, key: str, due: datetime, count: int = 1) -> None:
    rows = [
        NewMessage(user.id, "l10n", f"{key}:{i}", due, {"key": "menu-title", "args": {}})
        for i in range(count)
    ]
    await sender.services.outbox.enqueue_many(rows, due)


async def test_the_sender_delivers_a_queued_message_and_counts_it(
    sender: Sender, telegram: FakeTelegramServer, aigul: SimUser
) -> None:
    await _person(sender, aigul, "kk")
    assert await sender.services.notifier.notify(aigul.id, "menu-title", idempotency_key="ops:1")
    message = await aigul.wait_for_message(timeout=10)
    assert message.content == "Басты мәзір. Қажетін таңдаңыз."
    status, text = await get(f"http://127.0.0.1:{sender.port}/metrics")
    assert status == 200
    samples = metric_samples(text)
    assert samples[("bot_messages_sent_total", ())] == 1
    assert samples[("bot_messages_blocked_total", ())] == 0
    assert telegram.calls("getUpdates") == [] and telegram.calls("setWebhook") == []


async def test_a_blocked_recipient_is_counted_as_403(
    sender: Sender, telegram: FakeTelegramServer, aigul: SimUser
) -> None:
    await _person(sender, aigul, "kk")
    telegram.block(aigul.id)
    await sender.services.notifier.notify(aigul.id, "menu-title", idempotency_key="ops:2")
    await telegram.wait_until(
        lambda: bool(telegram.calls("sendMessage", ok=False)), 10, lambda: "nothing was sent"
    )
    for _ in range(50):  # the counter moves right after the answer
        _, text = await get(f"http://127.0.0.1:{sender.port}/metrics")
        if metric_samples(text)[("bot_messages_blocked_total", ())] == 1:
            break
    assert metric_samples(text)[("bot_messages_blocked_total", ())] == 1


async def test_job_runs_are_counted_by_job_and_outcome(sender: Sender) -> None:
    job = sender.services.scheduler.get_job("broadcasts-tick")
    assert job is not None
    await job.func()
    _, text = await get(f"http://127.0.0.1:{sender.port}/metrics")
    samples = metric_samples(text)
    key = ("bot_scheduler_job_runs_total", (("job", "broadcasts-tick"), ("outcome", "ok")))
    assert samples[key] == 1
    assert samples[("bot_scheduler_job_seconds_count", (("job", "broadcasts-tick"),))] == 1


@pytest.mark.parametrize("sender_sends", [False])
async def test_the_sender_is_unhealthy_when_the_outbox_lags(
    sender: Sender, aigul: SimUser, clock: FakeClock
) -> None:
    await _person(sender, aigul, "kk")
    url = f"http://127.0.0.1:{sender.port}/healthz"
    await _queue(sender, aigul, "recent", clock.now() - timedelta(minutes=5))
    status, body = await get(url)
    assert status == 200, body
    assert json.loads(body)["outbox"] == {"depth": 1, "oldest_due_age_s": 300.0, "lagging": False}

    await _queue(sender, aigul, "old", clock.now() - timedelta(hours=1))
    status, body = await get(url)
    assert status == 503
    health = json.loads(body)
    assert health["status"] == "unhealthy" and health["database"] == "ok"
    assert health["outbox"] == {"depth": 2, "oldest_due_age_s": 3600.0, "lagging": True}
    _, text = await get(f"http://127.0.0.1:{sender.port}/metrics")
    assert metric_samples(text)[("bot_outbox_depth", ())] == 2
    assert metric_samples(text)[("bot_outbox_oldest_due_age_seconds", ())] == 3600


@pytest.mark.parametrize("sender_sends", [False])
async def test_a_backlog_draining_at_the_configured_pace_is_not_a_lag(
    sender: Sender, aigul: SimUser, clock: FakeClock
) -> None:
    await _person(sender, aigul, "kk")
    rate = sender.services.settings.delivery_rate
    waited = OUTBOX_LAG_LIMIT + timedelta(minutes=1)
    # As many due messages as take two minutes to send: the oldest may wait that much longer.
    await _queue(sender, aigul, "bulk", clock.now() - waited, count=rate * 120)
    lag = await sender.probe.outbox()
    assert lag is not None and lag.depth == rate * 120 and not lag.lagging
    clock.advance(timedelta(minutes=2))
    lag = await sender.probe.outbox()
    assert lag is not None and lag.lagging, "nothing was sent for two more minutes"


@pytest.mark.parametrize("sender_sends", [False])
async def test_the_nights_messages_count_from_the_end_of_the_quiet_hours(
    sender: Sender, aigul: SimUser, clock: FakeClock
) -> None:
    await _person(sender, aigul, "kk")
    clock.set(datetime(2026, 5, 15, 4, 5, tzinfo=UTC))  # 09:05 in Almaty: quiet hours just ended
    await _queue(sender, aigul, "evening", datetime(2026, 5, 14, 16, 0, tzinfo=UTC))  # 21:00
    lag = await sender.probe.outbox()
    assert lag is not None
    assert lag.oldest_due_age_s == 12 * 3600 + 5 * 60
    assert not lag.lagging
    clock.set(datetime(2026, 5, 15, 4, 30, tzinfo=UTC))  # 09:30: half an hour of morning
    lag = await sender.probe.outbox()
    assert lag is not None and lag.lagging


async def test_a_webhook_worker_reports_the_lag_but_stays_healthy(
    worker: WebhookWorker, aigul: SimUser, clock: FakeClock
) -> None:
    services = worker.services
    await services.users.upsert_demo(
        Profile(aigul.id, aigul.first_name, None, None, "kk"), "kk", clock.now()
    )
    due = clock.now() - timedelta(hours=1)
    await services.outbox.enqueue_many(
        [NewMessage(aigul.id, "l10n", "old", due, {"key": "menu-title", "args": {}})], due
    )
    status, body = await get(f"http://127.0.0.1:{worker.port}/healthz")
    assert status == 200, body
    assert json.loads(body)["outbox"]["lagging"] is True
    probe = HealthProbe(services, judge_outbox=True)
    assert not (await probe.check()).ok, "the same lag makes a sender unhealthy"
