"""The real `python -m bot webhook`, `sender` and `healthcheck` processes: a worker answers the
updates the fake Telegram posts to it, logs JSON lines without a secret in them, finishes the
update in progress on SIGTERM; the sender serves /healthz and stops on SIGTERM; the probe exits
0 or 1."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest

from bot.dev.fake_telegram import DEFAULT_TOKEN, FakeTelegramServer, load_spec
from tests.ops.conftest import SECRET, WEBHOOK_URL, get

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Process:
    proc: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)
    reader: asyncio.Task[None] | None = None

    async def stop(self, sig: signal.Signals = signal.SIGTERM) -> int:
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        code = await asyncio.wait_for(self.proc.wait(), 30)
        if self.reader is not None:
            await asyncio.wait_for(self.reader, 5)
        return code

    @property
    def log(self) -> str:
        return "\n".join(self.lines)


async def _spawn(env: dict[str, str], *args: str) -> Process:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    process = Process(proc)

    async def read() -> None:
        assert proc.stderr is not None
        async for line in proc.stderr:
            process.lines.append(line.decode().rstrip("\n"))

    process.reader = asyncio.create_task(read())
    return process


async def _healthcheck(env: dict[str, str], *args: str) -> tuple[int, str]:
    probe = await _spawn(env, "healthcheck", *args)
    assert probe.proc.stdout is not None
    out = await asyncio.wait_for(probe.proc.stdout.read(), 30)
    return await asyncio.wait_for(probe.proc.wait(), 30), out.decode()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramServer]:
    server = FakeTelegramServer(token=DEFAULT_TOKEN, spec=load_spec())
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def env(fake: FakeTelegramServer, database_url: str, redis_url: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k not in {"ADMIN_IDS"}},
        "PYTHONPATH": str(ROOT),
        "BOT_TOKEN": DEFAULT_TOKEN,
        "TELEGRAM_API_URL": fake.base_url,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "WEBHOOK_URL": WEBHOOK_URL,
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_HOST": "127.0.0.1",
        "WEBHOOK_PORT": str(_free_port()),
        "OPS_PORT": str(_free_port()),
        "LOG_LEVEL": "INFO",
        "LOG_FORMAT": "json",
    }


async def test_a_webhook_worker_process_answers_logs_json_and_finishes_on_sigterm(
    fake: FakeTelegramServer, env: dict[str, str]
) -> None:
    worker = await _spawn(env, "webhook")
    try:
        await fake.wait_until(
            lambda: bool(fake.calls("setWebhook", ok=True)),
            START_TIMEOUT,
            lambda: f"the worker never set the webhook:\n{worker.log}",
        )
        fake.route_webhook(f"http://127.0.0.1:{env['WEBHOOK_PORT']}", retry_delay=0.05)
        code, out = await _healthcheck(env)
        assert code == 0, out
        assert out.startswith("healthy: 200")

        aigul = fake.user(1001, "Айгүл", language_code="kk")
        [picker] = await aigul.command("start", timeout=10)
        assert picker.buttons() == ["Қазақша", "Русский"]
        [intro] = await aigul.press("Қазақша", timeout=10)
        assert "Қош келдіңіз" in intro.content

        # Sergey's reply is held by a flood wait: his update is in progress at the SIGTERM.
        sergey = fake.user(1002, "Сергей", language_code="ru")
        fake.fail_next("sendMessage", 429, retry_after=2)
        await sergey.command("start", wait=False)
        await fake.wait_until(
            lambda: bool(fake.calls("sendMessage", ok=False)), 10, lambda: worker.log
        )
        assert await worker.stop(signal.SIGTERM) == 0, worker.log
    finally:
        fake.route_webhook()
        if worker.proc.returncode is None:
            await worker.stop(signal.SIGKILL)
    [picker] = sergey.chat.bot_messages()
    assert picker.buttons() == ["Қазақша", "Русский"], "the update in progress was finished"
    assert fake.calls("deleteWebhook") == []

    records = [json.loads(line) for line in worker.lines]  # every line is one JSON object
    assert DEFAULT_TOKEN not in worker.log and SECRET not in worker.log
    assert all({"time", "level", "logger", "message"} <= r.keys() for r in records)
    assert all(r["time"].endswith("Z") for r in records)
    flood = [r for r in records if "flood control" in r["message"]]
    assert flood and flood[0]["update_type"] == "message" and flood[0]["update_id"] >= 1
    assert not any("Traceback" in r.get("exc_info", "") for r in records), worker.log

    code, out = await _healthcheck(env)
    assert code == 1 and out.startswith("unhealthy:"), "nothing answers any more"


async def test_a_sender_process_serves_healthz_and_stops_on_sigterm(
    fake: FakeTelegramServer, env: dict[str, str]
) -> None:
    sender = await _spawn(env, "sender")
    url = f"http://127.0.0.1:{env['OPS_PORT']}/healthz"
    try:
        for _ in range(int(START_TIMEOUT * 10)):  # until it listens
            with contextlib.suppress(aiohttp.ClientError):
                if (await get(url))[0] == 200 or sender.proc.returncode is not None:
                    break
            await asyncio.sleep(0.1)
        code, out = await _healthcheck(env, "--url", url)
        assert code == 0, f"{out}\n{sender.log}"
        health = json.loads(out.removeprefix("healthy: 200 "))
        assert health["database"] == "ok"
        assert health["redis"] == ("ok" if env["REDIS_URL"] else "not configured")
        assert await sender.stop(signal.SIGTERM) == 0, sender.log
    finally:
        if sender.proc.returncode is None:
            await sender.stop(signal.SIGKILL)
    assert fake.calls("getUpdates") == [] and fake.calls("setWebhook") == []
    assert DEFAULT_TOKEN not in sender.log
    assert any(json.loads(line)["message"] == "sender stopped" for line in sender.lines)


async def test_a_webhook_worker_without_its_secret_refuses_to_start(
    env: dict[str, str],
) -> None:
    env = {**env, "WEBHOOK_SECRET": ""}
    worker = await _spawn(env, "webhook")
    assert await asyncio.wait_for(worker.proc.wait(), 30) == 2
    assert worker.reader is not None
    await asyncio.wait_for(worker.reader, 5)
    assert "WEBHOOK_SECRET is not set" in worker.log
