"""The delivery engine through the fake Bot API: language at send time, idempotency, quiet hours,
429/403/5xx/400, and restart safety. Time is a FakeClock moved by the tests."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from bot.core.i18n import Bilingual, Money
from bot.delivery.engine import decode_args, encode_args
from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from tests.conftest import BotUnderTest, onboard


def test_arguments_survive_the_outbox() -> None:
    args = {
        "amount": Money(150_000),
        "due": date(2026, 6, 1),
        "name": "Айгүл",
        "n": 3,
        "program": Bilingual("Жарқыра", "Жаркыра"),
    }
    assert decode_args(encode_args(args)) == args


async def _status(app: BotUnderTest, key: str) -> str:
    item = await app.s.outbox.get_by_key(key)
    assert item is not None
    return item.status


async def test_rendered_in_the_language_at_send_time(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser
) -> None:
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    assert await app.engine.notify(aigul.id, "menu-title", idempotency_key="t:aigul")
    assert await app.engine.notify(sergey.id, "menu-title", idempotency_key="t:sergey")
    await app.s.users.set_language(sergey.id, "kk")  # switched after planning
    assert await app.engine.run_once() == 2
    assert (await aigul.wait_for_message()).content == "Басты мәзір. Қажетін таңдаңыз."
    assert (await sergey.wait_for_message()).content == "Басты мәзір. Қажетін таңдаңыз."
    assert await _status(app, "t:aigul") == "sent"


async def test_the_same_key_is_sent_once(app: BotUnderTest, aigul: SimUser) -> None:
    await onboard(aigul, "kk")
    before = len(aigul.chat.bot_messages())
    assert await app.engine.notify(aigul.id, "menu-title", idempotency_key="test:1:due-3d")
    assert not await app.engine.notify(
        aigul.id, "menu-title", idempotency_key="test:1:due-3d"
    )
    await app.engine.run_once()
    await app.engine.run_once()
    await app.telegram.wait_idle()
    assert len(aigul.chat.bot_messages()) == before + 1
    # Sent rows keep their key: planning again later still does not send twice.
    assert not await app.engine.notify(
        aigul.id, "menu-title", idempotency_key="test:1:due-3d"
    )


async def test_quiet_hours_hold_non_urgent_messages_until_morning(
    app: BotUnderTest, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    app.clock.advance(timedelta(hours=11))  # 06:00 UTC + 11 h = 22:00 in Kazakhstan
    await app.engine.notify(sergey.id, "menu-title", idempotency_key="quiet:1")
    await app.engine.notify(sergey.id, "cancel-nothing", idempotency_key="urgent:1", urgent=True)
    assert await app.engine.run_once() == 1
    assert "Отменять нечего" in (await sergey.wait_for_message()).content
    assert await _status(app, "quiet:1") == "pending"
    app.clock.advance(timedelta(hours=10, minutes=59))  # 08:59
    assert await app.engine.run_once() == 0
    app.clock.advance(timedelta(minutes=1))  # 09:00
    assert await app.engine.run_once() == 1
    assert "Главное меню" in (await sergey.wait_for_message()).content


async def test_429_pauses_and_retries_without_loss(
    app: BotUnderTest, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(sergey, "ru")
    app.expect_error("Too Many Requests")
    telegram.fail_next("sendMessage", 429, retry_after=1)
    await app.engine.notify(sergey.id, "menu-title", idempotency_key="flood:1")
    await app.engine.run_once()
    assert await _status(app, "flood:1") == "pending"
    await app.engine.run_once()  # waits out the pause
    assert await _status(app, "flood:1") == "sent"
    assert "Главное меню" in (await sergey.wait_for_message()).content


async def test_403_marks_blocked_and_skips_the_rest(
    app: BotUnderTest, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(aigul, "kk")
    app.expect_error("bot was blocked by the user")
    telegram.block(aigul.id)
    for n in range(3):
        await app.engine.notify(
            aigul.id,
            "menu-title",
            idempotency_key=f"b:{n}",
            at=app.clock.now() + timedelta(minutes=n),
        )
    await app.engine.run_once()
    assert (await app.s.users.require(aigul.id)).blocked_at is not None
    assert [await _status(app, f"b:{n}") for n in range(3)] == ["failed", "skipped", "skipped"]
    # Writing to the bot again unblocks future messages.
    telegram.unblock(aigul.id)
    await aigul.command("menu")
    assert (await app.s.users.require(aigul.id)).blocked_at is None


async def test_server_errors_back_off_then_succeed(
    app: BotUnderTest, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(sergey, "ru")
    app.expect_error("Internal Server Error")
    telegram.fail_next("sendMessage", 500, description="Internal Server Error")
    await app.engine.notify(sergey.id, "menu-title", idempotency_key="5xx:1")
    await app.engine.run_once()
    assert await _status(app, "5xx:1") == "pending"
    assert await app.engine.run_once() == 0, "not before the back-off"
    app.clock.advance(timedelta(seconds=5))
    assert await app.engine.run_once() == 1
    assert await _status(app, "5xx:1") == "sent"


async def test_400_is_recorded_and_given_up(app: BotUnderTest, sergey: SimUser) -> None:
    await onboard(sergey, "ru")
    app.expect_error("can't parse entities")
    # A feature forgot to escape user text: Telegram refuses; the row records why.
    await app.engine.notify(sergey.id, "start-welcome-back", idempotency_key="bad:1", name="<oops")
    await app.engine.run_once()
    item = await app.s.outbox.get_by_key("bad:1")
    assert item is not None and item.status == "failed"
    assert "parse entities" in (item.last_error or "")


async def test_messages_in_flight_at_a_crash_are_sent_after_restart(
    app: BotUnderTest, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    for n in range(3):
        await app.engine.notify(aigul.id, "menu-title", idempotency_key=f"crash:{n}")
    # Claimed by this process's sender, as its sending loop does...
    claimed = await app.s.outbox.claim_due(
        app.clock.now(), 10, quiet=False, by=app.engine.sender_id
    )
    assert len(claimed) == 3  # ...and the process dies before sending them
    await app.restart()
    task = asyncio.create_task(app.engine.run())
    try:
        for _ in range(3):
            await aigul.wait_for_message(timeout=10)
    finally:
        app.engine.stop()
        await asyncio.wait_for(task, 5)
    assert [await _status(app, f"crash:{n}") for n in range(3)] == ["sent"] * 3


async def test_a_malformed_row_fails_alone(app: BotUnderTest, sergey: SimUser) -> None:
    await onboard(sergey, "ru")
    now = app.clock.now()
    await app.s.outbox.enqueue(
        sergey.id, "l10n", {"no-key": 1}, key="broken:1", not_before=now, now=now
    )
    await app.engine.notify(sergey.id, "menu-title", idempotency_key="fine:1")
    assert await app.engine.run_once() == 2
    item = await app.s.outbox.get_by_key("broken:1")
    assert item is not None and item.status == "failed" and "KeyError" in (item.last_error or "")
    assert await _status(app, "fine:1") == "sent"


async def test_buttons_are_labelled_in_the_recipients_language(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser
) -> None:
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    for user in (aigul, sergey):
        await app.engine.notify(
            user.id,
            "menu-title",
            idempotency_key=f"btn:{user.id}",
            buttons=[[("button-confirm", "x:1"), ("button-cancel", "x:0")]],
        )
    await app.engine.run_once()
    kk = await aigul.wait_for_message(lambda m: bool(m.buttons()))
    ru = await sergey.wait_for_message(lambda m: bool(m.buttons()))
    assert kk.buttons() == ["Растау", "Бас тарту"]
    assert ru.buttons() == ["Подтвердить", "Отмена"]
    assert kk.inline_keyboard[0][0]["callback_data"] == "x:1"


async def test_an_expired_message_is_dropped_not_sent_late(
    app: BotUnderTest, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    start = app.clock.now() + timedelta(hours=1)
    await app.engine.notify(
        sergey.id, "menu-title", idempotency_key="soon:1", at=start, expires=start
    )
    await app.engine.notify(sergey.id, "cancel-nothing", idempotency_key="later:1", at=start)
    app.clock.advance(timedelta(hours=3))  # the bot was down past the moment
    before = len(sergey.chat.bot_messages())
    assert await app.engine.run_once() == 2
    await app.telegram.wait_idle()
    item = await app.s.outbox.get_by_key("soon:1")
    assert item is not None and (item.status, item.last_error) == ("skipped", "expired")
    assert await _status(app, "later:1") == "sent"
    assert len(sergey.chat.bot_messages()) == before + 1
