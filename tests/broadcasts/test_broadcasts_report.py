"""Broadcasts a coordinator can follow and trust: what the end notice says about failures, the
failed list as Excel, and a time-left estimate that matches the sending (issue 21, items 3, 4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import BytesIO

from openpyxl import load_workbook

from bot.broadcasts.service import (
    count_reasons,
    failure_reason,
    progress_text,
)
from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.telegram.callbacks import BroadcastAction, BroadcastActionCb
from storage.broadcasts import Broadcast, Content, Version
from storage.outbox import Progress
from storage.users import Profile
from tests.broadcasts.test_broadcasts import add_people, compose, make_coordinator, tick
from tests.conftest import BotUnderTest, deliver, onboard


async def test_the_end_notice_names_blocked_and_failed_with_the_reason_and_a_list(
    app: BotUnderTest, erlan: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(erlan, "ru")
    people = await add_people(app, telegram, 6100, "krk")
    app.expect_error("bot was blocked by the user")
    app.expect_error("chat not found")
    telegram.block(people[2].id)
    # Known to the bot, gone from Telegram: the send is refused with 400.
    await app.s.users.upsert_demo(
        Profile(6199, "Ушедший", None, "gone_user", "ru"), "ru", app.clock.now()
    )
    await compose(erlan, "Хабар", "Сообщение", "ru")
    await erlan.press("Далее ›")
    card = erlan.last
    await erlan.press("📤 Отправить сейчас")
    await deliver(app)
    await tick(app)

    progress = erlan.chat.get(card.message_id)
    assert progress is not None and "завершена" in progress.content
    assert "Доставлено: 2 · ⚠️ Ошибки: 1 · 🚫 Заблокировали бота: 1" in progress.content
    assert "Почему не дошло:\n· заблокировали бота: 1\n· Telegram не нашёл чат: 1" in (
        progress.content
    )
    assert progress.buttons() == ["📥 Кому не дошло (Excel)"]

    await deliver(app)
    report = await erlan.wait_for_message(lambda m: "Рассылка #1 завершена" in m.content)
    assert report.content.splitlines()[1:] == [
        "✅ Доставлено: 2 из 4",
        "🚫 Заблокировали бота: 1",
        "⚠️ Не доставлено: 1 — Telegram не нашёл чат",
    ]
    assert report.buttons() == ["📥 Кому не дошло (Excel)"]
    xlsx = BroadcastActionCb(action=BroadcastAction.failed, broadcast=1).pack()
    [sent] = await erlan.press_data(xlsx, report.message_id)
    assert sent.document is not None and sent.document.file_name == "broadcast-1-failed.xlsx"
    assert "кому не дошло и почему" in sent.content
    sheet = load_workbook(BytesIO(sent.document.data)).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:5] == ["Telegram ID", "Имя", "Username", "Язык", "Причина"]
    by_id = {r[0]: r for r in rows[1:]}
    assert set(by_id) == {people[2].id, 6199}
    assert by_id[6199][1:5] == ["Ушедший", "@gone_user", "Русский", "Telegram не нашёл чат"]
    assert by_id[people[2].id][4] == "заблокировали бота"


async def test_the_end_notice_in_kazakh_and_without_failures(
    app: BotUnderTest, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(aigul, "kk")
    await make_coordinator(app, aigul)
    await add_people(app, telegram, 6200, "kr")
    await compose(aigul, "Хабар", None, "kk")
    await aigul.press("Келесі ›")
    await aigul.press("📤 Қазір жіберу")
    await deliver(app)
    await tick(app)
    await deliver(app)
    report = await aigul.wait_for_message(lambda m: "#1 аяқталды" in m.content)
    assert report.content.splitlines()[1:] == [
        "✅ Жеткізілді: 2 / 2",
        "🚫 Ботты бұғаттағандар: 0",
        "⚠️ Жеткізілмеді: 0",
    ]
    assert report.buttons() == [], "nothing failed: no list to offer"


def test_errors_are_told_apart() -> None:
    assert failure_reason("blocked: Forbidden: bot was blocked by the user") == "blocked"
    assert failure_reason("blocked: Forbidden: user is deactivated") == "deactivated"
    assert failure_reason("Bad Request: chat not found") == "not-found"
    assert failure_reason("no such user") == "erased"
    assert failure_reason("Bad Gateway") == "network"
    assert failure_reason("Bad Request: message is too long") == "refused"
    assert failure_reason("internal: KeyError") == "other"
    assert count_reasons([("Bad Gateway", 2), ("blocked", 5), ("Gateway Timeout", 4)]) == [
        ("network", 6),
        ("blocked", 5),
    ]


def _broadcast(started: datetime) -> Broadcast:
    return Broadcast(
        id=7,
        author_id=1,
        content=Content(kk=Version("text", "x")),
        audience=(),
        status="sending",
        scheduled_at=started,
        paid=False,
        recipients=1505,
        progress_chat_id=None,
        progress_message_id=None,
        progress_at=None,
        created_at=started,
        started_at=started,
        finished_at=None,
    )


def test_time_left_is_what_is_pending_at_the_sending_rate(app: BotUnderTest) -> None:
    """5 delivered and 234 blocked in 10 s: 1 266 still pending at 25/s is about a minute, not
    the 44 the count of delivered messages alone suggested."""
    started = datetime(2026, 5, 14, 6, 0, tzinfo=UTC)
    progress = Progress(sent=5, failed=0, blocked=234, cancelled=0, remaining=1266)
    for locale, expected in (
        ("kk", "⏳ Қалды: 1\xa0266 · шамамен 1 мин"),
        ("ru", "⏳ Осталось: 1\xa0266 · примерно 1 мин"),
    ):
        text = progress_text(
            _broadcast(started),
            progress,
            app.s.translations.get(locale),
            now=started + timedelta(seconds=10),
            rate=25,
            quiet_until=None,
        )
        assert expected in text.splitlines()
    slow = Progress(sent=0, failed=0, blocked=0, cancelled=0, remaining=15_000)
    text = progress_text(
        _broadcast(started),
        slow,
        app.s.translations.get("ru"),
        now=started + timedelta(minutes=30),
        rate=25,
        quiet_until=None,
    )
    assert "примерно 10 мин" in text


def test_time_left_says_when_quiet_hours_hold_it(app: BotUnderTest) -> None:
    started = datetime(2026, 5, 14, 16, 30, tzinfo=UTC)  # 21:30 in Kazakhstan
    progress = Progress(sent=0, failed=0, blocked=0, cancelled=0, remaining=3000)
    lines = {
        locale: progress_text(
            _broadcast(started),
            progress,
            app.s.translations.get(locale),
            now=started,
            rate=25,
            quiet_until="09:00",
        ).splitlines()
        for locale in ("kk", "ru")
    }
    assert "⏳ Қалды: 3\xa0000 · сағат 09:00 кезінен бастап шамамен 2 мин" in lines["kk"]
    assert "🌙 Түнгі тыныштық: жіберу сағат 09:00 кезінде жалғасады." in lines["kk"]
    assert "⏳ Осталось: 3\xa0000 · примерно 2 мин, начиная с 09:00" in lines["ru"]
