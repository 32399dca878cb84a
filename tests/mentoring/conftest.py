"""Mentoring's personas and a funded project to mentor."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from storage.db import to_db
from tests.conftest import BotUnderTest


@pytest.fixture
def marat(telegram: FakeTelegramServer) -> SimUser:
    """A mentor of «Жарқыра» in Atyrau; his Telegram is in Russian."""
    return telegram.user(3001, "Марат", "Ибраев", "marat_mentor", language_code="ru")


@pytest.fixture
def bakyt(telegram: FakeTelegramServer) -> SimUser:
    """Another mentor, who works in Kazakh."""
    return telegram.user(3002, "Бақыт", "Оразов", "bakyt_mentor", language_code="kk")


@pytest.fixture
def aizhan(telegram: FakeTelegramServer) -> SimUser:
    """A coordinator of «Жарқыра» in Atyrau only; she works in Kazakh."""
    return telegram.user(3003, "Айжан", "Нұрова", "aizhan_coord", language_code="kk")


@pytest.fixture
def dana(telegram: FakeTelegramServer) -> SimUser:
    """A coordinator of Mangystau only: Atyrau is out of her scope."""
    return telegram.user(3004, "Дана", "Ахметова", "dana_coord", language_code="ru")


async def funded(
    app: BotUnderTest,
    user_id: int,
    *,
    program: str = "zharkyra",
    region: str = "atyrau",
    title: str = "Тігін цехы",
    amount: int = 3_000_000,
) -> int:
    """A funded project (as the projects domain records a winner's grant): through
    `ProjectService.fund_grant` when it exists, else the row itself."""
    projects = getattr(app.s, "projects", None)
    funded_on = app.clock.now().astimezone(UTC).date()
    if projects is not None and hasattr(projects, "fund_grant"):
        project = await projects.fund_grant(
            user_id, program, region, title, amount, funded_on, 2001
        )
        return int(project.id)
    now = to_db(app.clock.now())
    return await app.s.db.insert(
        "INSERT INTO projects (kind, user_id, program, region, title, amount, funded_on,"
        " created_by, created_at, updated_at) VALUES ('grant', ?, ?, ?, ?, ?, ?, 2001, ?, ?)",
        (user_id, program, region, title, amount, funded_on.isoformat(), now, now),
    )


async def at_local(app: BotUnderTest, day: date, hour: int, minute: int = 0) -> None:
    """The clock at a Kazakhstan local time (UTC+5)."""
    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
    app.clock.set(moment - timedelta(hours=5))
