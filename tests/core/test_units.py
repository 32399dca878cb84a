"""Pure pieces: deep-link routing, locale choice, access rules, the retrying middleware."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, SendMessage

from bot.core.access import Access
from bot.core.clock import FakeClock
from bot.telegram.deeplinks import DeepLinks, make_link
from bot.telegram.middlewares import RetryMiddleware, pick_locale
from storage.users import RoleGrant

NOW = datetime(2026, 5, 14, tzinfo=UTC)


async def _noop(*_: Any) -> None:
    return None


def test_deep_links_route_by_prefix() -> None:
    links = DeepLinks()
    links.register("c_", _noop)
    route = links.resolve("c_AB12-cd")
    assert route is not None and route[1] == "AB12-cd"
    assert links.resolve("x_AB12") is None
    assert links.resolve("c_") is None
    assert links.resolve("c_" + "a" * 70) is None
    assert links.resolve("c_<script>") is None
    assert links.resolve(None) is None
    with pytest.raises(ValueError):
        links.register("c_", _noop)
    with pytest.raises(ValueError):
        links.register("Bad", _noop)
    assert make_link("qadam_bot", "c_AB12") == "https://t.me/qadam_bot?start=c_AB12"


@pytest.mark.parametrize(
    ("stored", "telegram", "expected"),
    [
        ("ru", "kk", "ru"),
        (None, "kk", "kk"),
        (None, "ru-RU", "ru"),
        (None, "en", "kk"),
        (None, None, "kk"),
    ],
)
def test_locale_choice(stored: str | None, telegram: str | None, expected: str) -> None:
    assert pick_locale(stored, telegram, "kk") == expected


def _grant(role: str, region: str | None = None) -> RoleGrant:
    return RoleGrant(1, 7, role, None, region, None, NOW)  # type: ignore[arg-type]


def test_access_rules() -> None:
    nobody = Access(7, False, ())
    assert not nobody.is_coordinator and not nobody.manages_roles
    admin = Access(7, True, ())
    assert admin.is_coordinator and admin.manages_roles and admin.coordinates(region="atyrau")
    scoped = Access(7, False, (_grant("coordinator", "almaty"),))
    assert scoped.is_coordinator and not scoped.manages_roles
    assert scoped.coordinates(region="almaty") and not scoped.coordinates(region="atyrau")
    trainer = Access(7, False, (_grant("trainer"),))
    assert trainer.is_trainer and trainer.is_staff and not trainer.is_coordinator


def test_fake_clock_moves_only_forward() -> None:
    from datetime import timedelta

    clock = FakeClock(NOW)
    assert clock.advance(timedelta(hours=1)) == NOW + timedelta(hours=1)
    with pytest.raises(ValueError):
        clock.advance(timedelta(seconds=-1))


class _Requests:
    """Plays a scripted sequence of outcomes for `make_request`."""

    def __init__(self, *outcomes: Exception | str) -> None:
        self.outcomes = list(outcomes)
        self.calls = 0

    async def __call__(self, bot: Any, method: Any) -> Any:
        self.calls += 1
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


METHOD = SendMessage(chat_id=42, text="x")


async def _run(middleware: RetryMiddleware, requests: _Requests, method: Any = METHOD) -> Any:
    return await middleware(requests, None, method)  # type: ignore[arg-type]


async def test_retry_after_waits_as_told() -> None:
    sleeps: list[float] = []

    async def sleep(s: float) -> None:
        sleeps.append(s)

    requests = _Requests(TelegramRetryAfter(METHOD, "Too Many Requests", 3), "ok")
    assert await _run(RetryMiddleware(sleep=sleep), requests) == "ok"
    assert sleeps == [3.0] and requests.calls == 2


async def test_server_and_network_errors_back_off_then_give_up() -> None:
    sleeps: list[float] = []

    async def sleep(s: float) -> None:
        sleeps.append(s)

    requests = _Requests(
        TelegramServerError(METHOD, "Bad Gateway"), TelegramNetworkError(METHOD, "reset"), "ok"
    )
    assert await _run(RetryMiddleware(sleep=sleep, base_delay=0.5), requests) == "ok"
    assert sleeps == [0.5, 1.0]

    failing = _Requests(*[TelegramServerError(METHOD, "Bad Gateway")] * 3)
    with pytest.raises(TelegramServerError):
        await _run(RetryMiddleware(sleep=sleep, max_attempts=3), failing)
    assert failing.calls == 3


async def test_retry_after_beyond_the_budget_is_raised_not_swallowed() -> None:
    async def sleep(_: float) -> None:
        raise AssertionError("must not wait past the budget")

    requests = _Requests(TelegramRetryAfter(METHOD, "Too Many Requests", 500))
    with pytest.raises(TelegramRetryAfter):
        await _run(RetryMiddleware(sleep=sleep, max_total_wait=60), requests)


async def test_bad_request_is_not_retried_and_403_marks_blocked() -> None:
    requests = _Requests(TelegramBadRequest(METHOD, "Bad Request: chat not found"))
    with pytest.raises(TelegramBadRequest):
        await _run(RetryMiddleware(), requests)
    assert requests.calls == 1

    blocked: list[int] = []

    async def on_blocked(chat_id: int) -> None:
        blocked.append(chat_id)

    forbidden = _Requests(TelegramForbiddenError(METHOD, "Forbidden: bot was blocked by the user"))
    with pytest.raises(TelegramForbiddenError):
        await _run(RetryMiddleware(on_blocked=on_blocked), forbidden)
    assert blocked == [42]


async def test_get_updates_is_left_to_polling() -> None:
    requests = _Requests(TelegramServerError(GetUpdates(), "Bad Gateway"))
    with pytest.raises(TelegramServerError):
        await _run(RetryMiddleware(), requests, GetUpdates())
    assert requests.calls == 1


def test_the_main_menu_leaves_room_for_the_chat_on_a_small_phone() -> None:
    from bot.core.i18n import Translations
    from bot.telegram.menu import main_menu

    l10n = Translations.from_dir().get("kk")
    everyone = main_menu(l10n, Access(7, False, ()))
    trainer = main_menu(l10n, Access(7, False, (_grant("trainer"),)))
    coordinator = main_menu(l10n, Access(7, True, ()))
    assert len(everyone.keyboard) == 4 and len(coordinator.keyboard) == 7
    assert len(trainer.keyboard) == 5, "the trainer's row: broadcasts and cohorts"
    mentor = main_menu(l10n, Access(7, False, (_grant("mentor"),)))
    assert len(mentor.keyboard) == 5, "the mentor's row: their mentees"
    for menu in (everyone, trainer, coordinator):
        assert all(1 <= len(row) <= 3 for row in menu.keyboard)
    labels = [b.text for row in coordinator.keyboard for b in row]
    assert len(labels) == len(set(labels)) == 19
