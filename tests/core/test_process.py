"""The real `python -m bot` process: talks to TELEGRAM_API_URL, answers, stops on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.dev.fake_telegram import DEFAULT_TOKEN, FakeTelegramServer, load_spec

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def bot_process(
    tmp_path: Path, database_url: str, redis_url: str
) -> AsyncIterator[tuple[FakeTelegramServer, asyncio.subprocess.Process]]:
    server = FakeTelegramServer(token=DEFAULT_TOKEN, spec=load_spec())
    await server.start()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"ADMIN_IDS"}},
        "PYTHONPATH": str(ROOT),
        "BOT_TOKEN": DEFAULT_TOKEN,
        "TELEGRAM_API_URL": server.base_url,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "LOG_LEVEL": "INFO",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        # Start-up ends with the command lists; a long poll is only recorded when it returns.
        await server.wait_until(
            lambda: len(server.calls("setMyCommands")) >= 3, 20, lambda: "the bot never started"
        )
        yield server, process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await server.stop()


async def test_real_process_answers_in_both_languages_and_stops_on_sigterm(
    bot_process: tuple[FakeTelegramServer, asyncio.subprocess.Process],
) -> None:
    server, process = bot_process
    assert server.calls("setMyCommands", ok=True), "commands are set at start-up"

    aigul = server.user(1001, "Айгүл", language_code="kk")
    [picker] = await aigul.command("start", timeout=10)
    assert picker.buttons() == ["Қазақша", "Русский"]
    [intro] = await aigul.press("Қазақша", timeout=10)
    assert "Қош келдіңіз" in intro.content

    sergey = server.user(1002, "Сергей", language_code="ru")
    await sergey.command("start", timeout=10)
    [intro] = await sergey.press("Русский", timeout=10)
    assert "Добро пожаловать" in intro.content

    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=10)
    elapsed = time.monotonic() - started
    log = stderr.decode()
    assert process.returncode == 0, log
    assert elapsed < 5, f"stopping took {elapsed:.1f}s"
    assert "Traceback" not in log
    assert DEFAULT_TOKEN.split(":")[1] not in log, "the token never reaches the log"
    assert "stopped" in log
    assert server.calls(ok=False) == [], "no request Telegram would refuse"
