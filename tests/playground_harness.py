"""Starting the playground in a test, and a small client for its HTTP API.

The playground runs in-process on a free port with a temporary database; its clock starts
tomorrow at 11:00 in Kazakhstan (daytime: quiet hours do not hold anything back), so tests do not
depend on when they run. At the end, any request Telegram would have refused fails the test unless
the test declared it expected.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from bot.dev.playground import Playground, PlaygroundOptions, Server

JSON = dict[str, Any]

APPLICANT = 900003  # Дина, Telegram in Kazakh
TRAINEE = 900004  # Сергей, in Russian; enrolled in the playground's cohort, starting tomorrow
COORDINATOR = 900001  # Айгүл, coordinator, in Kazakh
NEWCOMER = 900100  # Әлия, unknown to the bot, Telegram in Russian


def tomorrow_at_11_almaty() -> datetime:
    """06:00 UTC (11:00 in Kazakhstan) on the next day: always ahead of real time."""
    now = datetime.now(UTC)
    return (now + timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)


@dataclass
class PlaygroundClient:
    server: Server
    http: aiohttp.ClientSession
    expected_errors: set[str] = field(default_factory=set)

    @property
    def playground(self) -> Playground:
        return self.server.playground

    @property
    def url(self) -> str:
        return self.server.url

    async def state(self) -> JSON:
        async with self.http.get("/api/state") as response:
            assert response.status == 200
            result: JSON = await response.json()
            return result

    async def post(self, path: str, expect: int = 200, **body: Any) -> JSON:
        async with self.http.post(path, json=body) as response:
            result: JSON = await response.json()
            assert response.status == expect, result
            return result

    async def send(self, persona: int, text: str) -> list[JSON]:
        """Send a text and wait until the bot handled it; the bot's messages meanwhile."""
        result = await self.post("/api/send", persona=persona, text=text, wait=True)
        assert result["handled"], result
        return list(result["messages"])

    async def press(self, persona: int, label: str) -> list[JSON]:
        """Press a visible button (inline or reply keyboard) by its label and wait."""
        result = await self.post("/api/press", persona=persona, label=label, wait=True)
        assert result["handled"], result
        return list(result["messages"])

    async def messages(self, persona: int) -> list[JSON]:
        state = await self.state()
        return list(state["chats"][str(persona)]["messages"])

    async def bot_texts(self, persona: int) -> list[str]:
        return [content(m) for m in await self.messages(persona) if m["from_bot"]]

    async def wait_for(
        self, persona: int, predicate: Callable[[JSON], bool], within: float = 10.0
    ) -> JSON:
        """The first bot message in the persona's chat that matches (polls the state)."""
        deadline = time.monotonic() + within
        while True:
            for message in await self.messages(persona):
                if message["from_bot"] and predicate(message):
                    return message
            if time.monotonic() > deadline:
                texts = [content(m)[:80] for m in await self.messages(persona)]
                raise AssertionError(f"no matching message for {persona}: {texts}")
            await asyncio.sleep(0.05)

    def expect_error(self, part: str) -> None:
        self.expected_errors.add(part)


def content(message: JSON) -> str:
    return str(message.get("text") or message.get("caption") or "")


def buttons(message: JSON) -> list[str]:
    return [b["text"] for row in message.get("inline_keyboard", []) for b in row]


@contextlib.asynccontextmanager
async def running_playground(tmp_path: Path) -> AsyncIterator[PlaygroundClient]:
    options = PlaygroundOptions(
        database=tmp_path / "playground.db",
        start=tomorrow_at_11_almaty(),
        settings={"_env_file": None, "log_level": "DEBUG", "quiet_hours": "21:00-09:00"},
    )
    server = Server(options, port=0)
    await server.start()
    client: PlaygroundClient | None = None
    try:
        async with aiohttp.ClientSession(base_url=server.url) as http:
            client = PlaygroundClient(server, http)
            yield client
    finally:
        refused: list[str] = []
        if client is not None and server.playground.running:
            refused = [
                f"{c.method}: {c.description}"
                for c in server.playground.telegram.calls(ok=False)
                if not any(part in (c.description or "") for part in client.expected_errors)
            ]
        await server.stop()
    assert refused == [], "the bot made requests Telegram would refuse"
