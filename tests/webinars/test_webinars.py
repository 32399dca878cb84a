"""Webinars through the fake Bot API, in Kazakh and Russian, with a fake clock: a coordinator's
wizard, registration with questions, the calendar file parsed back, the reminder timeline (with a
late registration and quiet hours), the waiting list, cancelling, a new time and link, cancelling
a webinar, attendance, ratings and comments, the recording, the Excel file, the broadcast
audience, seed-demo, erasing a person, and forged buttons.

The clock starts on 14 May 2026 at 11:00 in Kazakhstan (06:00 UTC).
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, datetime, time, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

from icalendar import Calendar
from openpyxl import load_workbook

from bot.core.access import Access
from bot.delivery.quiet_hours import QuietHours
from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.telegram.callbacks import WebinarCb
from bot.webinars.files import ics_file_name
from bot.webinars.rules import (
    parse_capacity,
    parse_link,
    reminder_plan,
    reminders_ahead,
)
from storage.users import RoleGrant
from storage.webinars import NewWebinar, Webinar
from tests.conftest import COORDINATOR_ID, BotUnderTest, alert, deliver, onboard

ALMATY = ZoneInfo("Asia/Almaty")
WHEN = datetime(2026, 5, 16, 10, 0, tzinfo=UTC)  # 16 May, 15:00 in Kazakhstan
LINK = "https://meet.example.org/social?pwd=a1&lang=kk"


def texts(user: SimUser) -> list[str]:
    return [m.content for m in user.chat.bot_messages()]


def sample(**changes: object) -> NewWebinar:
    base = NewWebinar(
        title_kk="Әлеуметтік кәсіпкерлік және цифрлық құнды ұсыныс",
        title_ru="Социальное предпринимательство и цифровое ценностное предложение",
        description_kk="Әлеуметтік кәсіпорынның тұрақтылығы туралы.",
        description_ru="Об устойчивости социального предприятия.",
        speaker="Данияр Медетов",
        starts_at=WHEN,
        duration_min=90,
        language="both",
        capacity=None,
        join_url=LINK,
        program="ngo_fair",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


async def webinar(app: BotUnderTest, **changes: object) -> Webinar:
    return await app.s.webinars.create(sample(**changes), COORDINATOR_ID)


async def status_of(app: BotUnderTest, key: str) -> str | None:
    row = await app.s.outbox.get_by_key(key)
    return None if row is None else row.status


def label(w: Webinar, locale: str) -> str:
    """A webinar's button in the lists."""
    title = w.title(locale)
    title = title if len(title) <= 40 else title[:39].rstrip() + "…"
    return f"{w.starts_at.astimezone(ALMATY):%d.%m %H:%M} · {title}"


# -- pure rules -----------------------------------------------------------------------------------


def test_reminders_ahead_and_quiet_hours() -> None:
    quiet = QuietHours(time(21, 0), time(9, 0), ALMATY)
    now = datetime(2026, 5, 14, 6, 0, tzinfo=UTC)

    def kinds(start_local: datetime, at: datetime = now) -> list[str]:
        return [r.kind for r in reminder_plan(start_local.astimezone(UTC), at, quiet)]

    day = datetime(2026, 5, 16, 15, 0, tzinfo=ALMATY)
    assert kinds(day) == ["24h", "1h", "start"]
    plan = reminder_plan(day.astimezone(UTC), now, quiet)
    assert [r.at for r in plan] == [
        day - timedelta(hours=24),
        day - timedelta(hours=1),
        day,
    ]
    assert [r.urgent for r in plan] == [False, False, True]
    # A late registration gets only what is still ahead.
    assert kinds(day, day.astimezone(UTC) - timedelta(hours=5)) == ["1h", "start"]
    assert kinds(day, day.astimezone(UTC) - timedelta(minutes=30)) == ["start"]
    assert kinds(day, day.astimezone(UTC)) == []
    # 22:00: the 1 h reminder (21:00) would wait for the morning, after the start: not planned;
    # the 24 h one (22:00 the day before) waits until 09:00, still well before: planned.
    assert kinds(datetime(2026, 5, 16, 22, 0, tzinfo=ALMATY)) == ["24h", "start"]
    # 09:30: the 1 h reminder at 08:30 would go at 09:00, 30 minutes before: still worth it.
    assert kinds(datetime(2026, 5, 16, 9, 30, tzinfo=ALMATY)) == ["24h", "1h", "start"]
    # 08:00: the 1 h reminder would come after the start; the 24 h one goes at 09:00 the day
    # before.
    assert kinds(datetime(2026, 5, 16, 8, 0, tzinfo=ALMATY)) == ["24h", "start"]


def test_links_and_capacity_are_checked() -> None:
    assert parse_link(" https://zoom.us/j/123?pwd=x ") == "https://zoom.us/j/123?pwd=x"
    assert parse_link("http://meet.example.org") == "http://meet.example.org"
    for bad in (
        "ftp://example.org/x",
        "meet.example.org",
        "https://",
        "javascript:alert(1)",
        "https://exa mple.org",
        "https://localhost-no-dot",
        "",
    ):
        assert parse_link(bad) is None, bad
    assert parse_capacity("100") == 100
    assert parse_capacity("1 000") == 1000
    assert parse_capacity("0") == "webinar-error-capacity-positive"
    assert parse_capacity("-5") == "webinar-error-capacity-positive"
    assert parse_capacity("жүз") == "webinar-error-capacity"


# -- the coordinator's wizard and a registration with questions -----------------------------------


async def test_coordinator_creates_a_webinar_and_aigul_registers_with_questions(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(aigul, "kk")
    assert "📅 Вебинары" in erlan.reply_buttons()
    [listing] = await erlan.press("📅 Вебинары")
    assert "Ближайших вебинаров пока нет" in listing.content
    [manage] = await erlan.press("🛠 Управление вебинарами")
    assert manage.message_id == listing.message_id, "edited in place"
    [ask] = await erlan.press("➕ Новый вебинар")
    assert "шаг 1/12" in ask.content and "на казахском" in ask.content
    [ask] = await erlan.send("БАҚ пен ҮЕҰ арасындағы коммуникация")
    assert "шаг 2/12" in ask.content
    [ask] = await erlan.send("Коммуникация между СМИ и <НПО>")
    assert "3/12" in ask.content and ask.buttons() == ["Пропустить ›", "‹ Назад", "Отмена"]
    [ask] = await erlan.press("Пропустить ›")
    assert "4/12" in ask.content
    [ask] = await erlan.send("Как НПО работать с журналистами.")
    [ask] = await erlan.send("Анна Шелепова, PR-эксперт")
    assert "6/12" in ask.content and "25.11.2026 15:00" in ask.content
    [error] = await erlan.send("13.05.2026 15:00")
    assert "уже прошло" in error.content and "6/12" in error.content
    [error] = await erlan.send("завтра")
    assert "Не понял время" in error.content
    [ask] = await erlan.send("16.05.2026 15:00")
    assert "7/12" in ask.content
    [ask] = await erlan.press("90 мин")
    [ask] = await erlan.press("Оба")
    assert "Сколько мест" in ask.content
    [error] = await erlan.send("0")
    assert "больше нуля" in error.content
    [error] = await erlan.send("-3")
    assert "больше нуля" in error.content
    [ask] = await erlan.send("2")
    assert "Ссылка для входа" in ask.content
    [error] = await erlan.send("ftp://files.example.org/x")
    assert "http:// или https://" in error.content
    [error] = await erlan.send("meet.example.org/ngo")
    assert "http:// или https://" in error.content
    [ask] = await erlan.send(LINK)
    assert ask.buttons()[:2] == ["Без программы", "Бастау Бизнес"]
    [ask] = await erlan.press("Ярмарка социальных идей и проектов")
    assert ask.buttons() == [
        "▫️ e-mail",
        "▫️ организация",
        "▫️ область",
        "Готово ›",
        "‹ Назад",
        "Отмена",
    ]
    await erlan.press("▫️ e-mail")
    await erlan.press("▫️ организация")
    [ask] = await erlan.press("▫️ область")
    assert ask.buttons()[:3] == ["✅ e-mail", "✅ организация", "✅ область"]
    [summary] = await erlan.press("Готово ›")
    assert "Проверьте вебинар" in summary.content
    assert "16 мая 2026, 15:00" in summary.content and "Мест: 2" in summary.content
    assert "Коммуникация между СМИ и <НПО>" in summary.content
    assert "Вопросы при регистрации: e-mail, организация, область" in summary.content
    # A field opened from the summary: «‹ Назад» returns to the summary, nothing changed.
    await erlan.press("Спикер")
    [back] = await erlan.press("‹ Назад")
    assert "Проверьте вебинар" in back.content and "· 90 мин" in back.content
    # Changing a field from the summary comes back to the summary.
    await erlan.press("Длительность")
    [summary] = await erlan.press("60 мин")
    assert "Проверьте вебинар" in summary.content and "· 60 мин" in summary.content
    [card] = await erlan.press("✅ Создать вебинар")
    assert "Вебинар создан" in card.content
    assert "Зарегистрировано: 0 из 2" in card.content
    assert "Программа: Ярмарка социальных идей и проектов" in card.content
    assert "?start=w_1" in card.content, "a link to share"
    created = await app.s.webinars.repo.require(1)
    assert created.starts_at == WHEN and created.questions == ("email", "org", "region")
    assert created.description_kk == "" and created.duration_min == 60

    # Айгүл, in Kazakh.
    [listing] = await aigul.press("📅 Вебинарлар")
    assert "БАҚ пен ҮЕҰ арасындағы коммуникация" in listing.content
    assert "2026 жылғы 16 мамыр, 15:00" in listing.content and "2 орын қалды" in listing.content
    [card] = await aigul.press(label(created, "kk"))
    assert card.message_id == listing.message_id
    assert "meet.example.org" not in card.content, "the link is for registered people only"
    assert "Қазақ және орыс тілдерінде" in card.content and "Анна Шелепова" in card.content
    assert "Как НПО работать" in card.content, "no Kazakh description: the Russian one"
    assert card.buttons() == ["✅ Тіркелу", "‹ Вебинарларға"]
    [question] = await aigul.press("✅ Тіркелу")
    assert "1/3" in question.content and "E-mail" in question.content
    [question] = await aigul.send("aigul@mail")
    assert "e-mail мекенжайына ұқсамайды" in question.content and "1/3" in question.content
    [question] = await aigul.send("Aigul.S@Mail.KZ")
    assert "2/3" in question.content and "Ұйымыңыздың" in question.content
    [question] = await aigul.send("«Ақ ниет» ҚБ")
    assert "3/3" in question.content and "Алматы облысы" in question.buttons()
    [reply] = await aigul.send("Алматы")
    assert "батырмалардың бірін" in reply.content, "a region is chosen with a button"
    replies = await aigul.press("Алматы облысы")
    assert "тіркелдіңіз" in alert(aigul)
    [confirmation] = [m for m in replies if m.kind == "text"]
    [calendar] = [m for m in replies if m.kind == "document"]
    assert "еске саламын" in confirmation.content and "Сіз тіркелдіңіз." in confirmation.content
    assert f"Қосылу сілтемесі: {LINK}" in confirmation.content
    assert confirmation.buttons() == [
        "📅 Күнтізбеге арналған файл",
        "✖ Тіркелуден бас тарту",
        "‹ Вебинарларға",
    ]
    reg = await app.s.webinars.repo.registration(1, aigul.id)
    assert reg is not None and reg.status == "registered"
    assert reg.answers == {"email": "Aigul.S@mail.kz", "org": "«Ақ ниет» ҚБ", "region": "almaty"}

    # The calendar file, parsed back.
    assert calendar.document is not None
    assert calendar.document.file_name == "БАҚ пен ҮЕҰ арасындағы коммуникация.ics"
    assert calendar.document.mime_type == "text/calendar", "opens as an event, not a file"
    parsed = Calendar.from_ical(calendar.document.data)
    assert str(parsed["VERSION"]) == "2.0"
    [event] = parsed.walk("VEVENT")
    assert str(event["UID"]) == "webinar-1@qadam-bot"
    assert event.decoded("DTSTART") == WHEN
    assert event.decoded("DTEND") == WHEN + timedelta(minutes=60)
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert str(event["SUMMARY"]) == "БАҚ пен ҮЕҰ арасындағы коммуникация"
    assert str(event["URL"]) == LINK
    assert LINK in str(event["DESCRIPTION"])
    assert "Как НПО работать с журналистами." in str(event["DESCRIPTION"])
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -timedelta(hours=1), "the calendar reminds too"

    # Twice is refused, and nothing changes.
    await aigul.press_data(WebinarCb(action="reg", w=1).pack())
    assert "тіркеліп қойғансыз" in alert(aigul)
    [mine] = await aigul.command("webinars")
    [mine] = await aigul.press("📋 Менің вебинарларым")
    assert "2026 жылғы 16 мамыр, 15:00 · ✅ тіркелдіңіз" in mine.content
    [listing] = await erlan.command("webinars")
    assert "осталось 1 место" in listing.content


async def test_cancelling_the_wizard_and_people_without_the_role(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(sergey, "ru")
    await erlan.command("webinars")
    await erlan.press("🛠 Управление вебинарами")
    await erlan.press("➕ Новый вебинар")
    await erlan.send("Атауы")
    [manage] = await erlan.press("Отмена")
    assert "Вебинар не создан" in alert(erlan) and "Вебинаров пока нет" in manage.content
    [reply] = await erlan.send("Название")
    assert "Не понял" in reply.content, "the wizard is over"
    [listing] = await sergey.command("webinars")
    assert "🛠 Управление вебинарами" not in listing.buttons()
    for data in ("adm", "new", "c", "edit", "xl", "ppl", "del", "dely", "mk", "wz", "ef"):
        await sergey.press_data(WebinarCb(action=data, w=1, v="title_kk=x").pack())
        assert "нет прав" in alert(sergey), data


# -- reminders ------------------------------------------------------------------------------------


async def test_the_reminder_timeline_with_a_late_registration(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser, john: SimUser
) -> None:
    w = await webinar(app)
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    await aigul.press("📅 Вебинарлар")
    await aigul.press(label(w, "kk"))
    replies = await aigul.press("✅ Тіркелу")
    assert any(m.kind == "document" for m in replies), "the calendar file comes at once"
    key = f"web:{w.id}:v1:{{}}:{aigul.id}:1"
    for kind, at in (("24h", WHEN - timedelta(hours=24)), ("1h", WHEN - timedelta(hours=1))):
        row = await app.s.outbox.get_by_key(key.format(kind))
        assert row is not None and row.not_before == at and not row.urgent
    start = await app.s.outbox.get_by_key(key.format("start"))
    assert start is not None and start.urgent and start.not_before == WHEN
    assert await deliver(app) == 0, "nothing is due yet"

    app.clock.set(WHEN - timedelta(hours=24))
    assert await deliver(app) == 1
    day_before = await aigul.wait_for_message(lambda m: "еске саламыз" in m.content)
    assert "2026 жылғы 16 мамыр, 15:00" in day_before.content and LINK in day_before.content
    assert "&amp;" not in day_before.content

    app.clock.set(WHEN - timedelta(hours=1))
    assert await deliver(app) == 1
    await aigul.wait_for_message(lambda m: "жақында басталады" in m.content)

    # Сергей registers 40 minutes before the start: only the reminder at the start is ahead.
    app.clock.set(WHEN - timedelta(minutes=40))
    await sergey.command("webinars")
    await sergey.press(label(w, "ru"))
    await sergey.press("✅ Зарегистрироваться")
    late = f"web:{w.id}:v1:{{}}:{sergey.id}:2"
    assert await app.s.outbox.get_by_key(late.format("24h")) is None
    assert await app.s.outbox.get_by_key(late.format("1h")) is None
    assert await status_of(app, late.format("start")) == "pending"
    planned = await app.s.planners.run(app.clock.now())
    assert planned["webinars"] == 0, "planning again plans nothing twice"

    app.clock.set(WHEN)
    assert await deliver(app) == 2
    hers = await aigul.wait_for_message(lambda m: "басталды" in m.content)
    assert hers.buttons() == ["✅ Мен осындамын"] and LINK in hers.content
    his = await sergey.wait_for_message(lambda m: "начинается" in m.content)
    assert his.buttons() == ["✅ Я здесь"]
    assert not any("Напоминаем" in t or "скоро начнётся" in t for t in texts(sergey))
    # The started webinar is in «My webinars»; its card has «I'm here» too.
    await sergey.command("webinars")
    [mine] = await sergey.press("📋 Мои вебинары")
    assert "✅ зарегистрированы" not in mine.content and "▶️ идёт сейчас" in mine.content
    [card] = await sergey.press(label(w, "ru"))
    assert card.buttons() == ["✅ Я здесь", "‹ К вебинарам"] and LINK in card.content
    [card] = await sergey.press("✅ Я здесь")
    assert "Отметили" in alert(sergey) and card.buttons() == ["‹ К вебинарам"]
    attended = await app.s.webinars.repo.registration(w.id, sergey.id)
    assert attended is not None and attended.attended_at == WHEN
    # After the start: no cancelling, no registering.
    await sergey.press_data(WebinarCb(action="unregy", w=w.id).pack())
    assert "уже начался" in alert(sergey)
    await onboard(john, "kk")
    await john.press_data(WebinarCb(action="reg", w=w.id).pack())
    assert "басталып кетті" in alert(john)


async def test_reminders_that_quiet_hours_would_make_late_are_not_planned(
    app: BotUnderTest, sergey: SimUser
) -> None:
    """A webinar at 22:00: the 1 h reminder (21:00, quiet) would arrive the next morning."""
    late_evening = datetime(2026, 5, 16, 22, 0, tzinfo=ALMATY).astimezone(UTC)
    w = await webinar(app, starts_at=late_evening)
    await onboard(sergey, "ru")
    await app.s.webinars.register(w.id, sergey.id)
    key = f"web:{w.id}:v1:{{}}:{sergey.id}:1"
    assert await status_of(app, key.format("24h")) == "pending"
    assert await app.s.outbox.get_by_key(key.format("1h")) is None
    app.clock.set(late_evening - timedelta(hours=24))  # 22:00 the day before: quiet
    assert await deliver(app) == 0
    app.clock.set(datetime(2026, 5, 16, 9, 0, tzinfo=ALMATY))
    assert await deliver(app) == 1
    held = await sergey.wait_for_message(lambda m: "Напоминаем о вебинаре" in m.content)
    assert "16 мая 2026, 22:00" in held.content, "the same day: it says when, not «tomorrow»"
    app.clock.set(late_evening)  # 22:00, quiet hours, but the start is urgent
    assert await deliver(app) == 1
    await sergey.wait_for_message(lambda m: "начинается" in m.content)


# -- the waiting list -----------------------------------------------------------------------------


async def test_the_waiting_list_keeps_its_order_and_promotes(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    w = await webinar(app, capacity=1)
    dana = telegram.user(3004, "Дана", "Омарова", language_code="ru")
    for person, language in ((aigul, "kk"), (sergey, "ru"), (dana, "ru")):
        await onboard(person, language)
    await aigul.press("📅 Вебинарлар")
    await aigul.press(label(w, "kk"))
    await aigul.press("✅ Тіркелу")

    [listing] = await sergey.press("📅 Вебинары")
    assert "мест нет, есть лист ожидания" in listing.content
    [card] = await sergey.press(label(w, "ru"))
    assert card.buttons()[0] == "⏳ В лист ожидания"
    replies = await sergey.press("⏳ В лист ожидания")
    assert all(m.kind == "text" for m in replies), "no calendar file without a seat"
    [card] = replies
    assert "вы в листе ожидания, 1-й" in card.content and LINK not in card.content
    assert card.buttons() == ["✖ Выйти из листа ожидания", "‹ К вебинарам"]
    await dana.press("📅 Вебинары")
    await dana.press(label(w, "ru"))
    [card] = await dana.press("⏳ В лист ожидания")
    assert "2-й" in card.content
    assert await app.s.outbox.get_by_key(f"web:{w.id}:v1:24h:{sergey.id}:2") is None

    # Айгүл gives up her seat: Сергей, first in line, gets it; Дана moves up.
    [card] = await aigul.press("✖ Тіркелуден бас тарту")
    assert "Орныңыз кезекте тұрған келесі адамға беріледі" in card.content
    [card] = await aigul.press("Иә, бас тартамын")
    assert "тіркелуіңіз жойылды" in card.content
    assert card.buttons()[0] == "⏳ Күту тізіміне жазылу", "Сергей has her seat now"
    assert await status_of(app, f"web:{w.id}:v1:24h:{aigul.id}:1") == "skipped"
    assert await status_of(app, f"web:{w.id}:v1:24h:{sergey.id}:2") == "pending"
    await deliver(app)
    promoted = await sergey.wait_for_message(lambda m: "Освободилось место" in m.content)
    assert LINK in promoted.content and "16 мая 2026, 15:00" in promoted.content
    assert promoted.buttons() == ["📅 Файл для календаря"]
    replies = await sergey.press("📅 Файл для календаря")
    [ics] = [m for m in replies if m.kind == "document"]
    assert ics.document is not None and b"BEGIN:VEVENT" in ics.document.data
    assert not any("Освободилось" in t for t in texts(dana))
    await dana.command("webinars")
    [card] = await dana.press(label(w, "ru"))
    assert "в листе ожидания: 1-й" in card.content

    # Айгүл comes back: behind Дана.
    [card] = await aigul.press("⏳ Күту тізіміне жазылу")
    assert "күту тізіміндесіз, 2-орын" in card.content
    # Сергей leaves: Дана (not Айгүл) is promoted.
    await sergey.command("webinars")
    await sergey.press(label(w, "ru"))
    await sergey.press("✖ Отменить регистрацию")
    await sergey.press("Да, отменить")
    await deliver(app)
    await dana.wait_for_message(lambda m: "Освободилось место" in m.content)
    reg = await app.s.webinars.repo.registration(w.id, aigul.id)
    assert reg is not None and reg.status == "waiting"


async def test_erasing_a_person_gives_the_seat_to_the_next(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser
) -> None:
    w = await webinar(app, capacity=1, questions=("email",))
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    await app.s.webinars.register(w.id, aigul.id, {"email": "aigul@mail.kz"})
    await app.s.webinars.register(w.id, sergey.id, {"email": "s@mail.kz"})
    await app.s.privacy.erase(aigul.id, app.clock.now())
    gone = await app.s.webinars.repo.registration(w.id, aigul.id)
    assert gone is not None and gone.status == "cancelled" and gone.answers == {}
    seated = await app.s.webinars.repo.registration(w.id, sergey.id)
    assert seated is not None and seated.status == "registered"
    await deliver(app)
    await sergey.wait_for_message(lambda m: "Освободилось место" in m.content)


# -- changes --------------------------------------------------------------------------------------


async def test_a_new_time_and_link_are_told_and_reminders_replanned(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, sergey: SimUser
) -> None:
    w = await webinar(app, capacity=1)
    await onboard(erlan, "ru")
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    await app.s.webinars.register(w.id, aigul.id)
    await app.s.webinars.register(w.id, sergey.id)  # waiting
    await erlan.command("webinars")
    await erlan.press("🛠 Управление вебинарами")
    [card] = await erlan.press(label(w, "ru"))
    assert "Зарегистрировано: 1 из 1 · в ожидании: 1" in card.content
    await erlan.press("✏️ Изменить")
    [ask] = await erlan.press("Дата и время")
    assert "Изменение" in ask.content
    [error] = await erlan.send("10.05.2026 15:00")
    assert "уже прошло" in error.content
    [card] = await erlan.send("17.05.2026 16:00")
    assert card.content.startswith("✅ Сохранено.") and "17 мая 2026, 16:00" in card.content
    moved = datetime(2026, 5, 17, 11, 0, tzinfo=UTC)
    assert await status_of(app, f"web:{w.id}:v1:24h:{aigul.id}:1") == "skipped"
    assert await status_of(app, f"web:{w.id}:v1:start:{aigul.id}:1") == "skipped"
    row = await app.s.outbox.get_by_key(f"web:{w.id}:v2:24h:{aigul.id}:1")
    assert row is not None and row.status == "pending" and row.not_before == moved - timedelta(1)
    await deliver(app)
    told = await aigul.wait_for_message(lambda m: "уақыты ауысты" in m.content)
    assert "2026 жылғы 17 мамыр, 16:00" in told.content and LINK in told.content
    assert told.buttons() == ["📅 Күнтізбеге арналған файл"]
    waiting = await sergey.wait_for_message(lambda m: "перенесён" in m.content)
    assert "листе ожидания" in waiting.content and LINK not in waiting.content

    # The old day-before moment passes: nothing stale goes out. The new one does.
    app.clock.set(WHEN - timedelta(hours=24))
    assert await deliver(app) == 0
    app.clock.set(moved - timedelta(hours=24))
    await deliver(app)
    reminder = await aigul.wait_for_message(lambda m: "еске саламыз" in m.content)
    assert "2026 жылғы 17 мамыр, 16:00" in reminder.content

    # A new link: those with a seat are told; the reminders carry it.
    await erlan.press("✏️ Изменить")
    await erlan.press("Ссылка")
    [error] = await erlan.send("zoom.us/j/1")
    assert "http:// или https://" in error.content
    [card] = await erlan.send("https://zoom.us/j/987")
    assert "https://zoom.us/j/987" in card.content
    await deliver(app)
    relinked = await aigul.wait_for_message(lambda m: "жаңа сілтемесі" in m.content)
    assert "https://zoom.us/j/987" in relinked.content
    assert not any("Новая ссылка" in t for t in texts(sergey)), "not for the waiting list"
    row = await app.s.outbox.get_by_key(f"web:{w.id}:v3:1h:{aigul.id}:1")
    assert row is not None and "zoom.us/j/987" in str(row.payload)

    # More seats: Сергей is promoted.
    await erlan.press("✏️ Изменить")
    await erlan.press("Места")
    [card] = await erlan.press("Без ограничений")
    assert "Зарегистрировано: 2 из ∞" in card.content
    await deliver(app)
    await sergey.wait_for_message(lambda m: "Освободилось место" in m.content)


async def test_cancelling_a_webinar_tells_everyone_and_drops_reminders(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, sergey: SimUser
) -> None:
    w = await webinar(app, capacity=1)
    await onboard(erlan, "ru")
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    await app.s.webinars.register(w.id, aigul.id)
    await app.s.webinars.register(w.id, sergey.id)
    await erlan.command("webinars")
    await erlan.press("🛠 Управление вебинарами")
    await erlan.press(label(w, "ru"))
    [confirm] = await erlan.press("✖ Отменить вебинар")
    assert "Мы сообщим всем зарегистрированным и ожидающим (2)" in confirm.content
    [card] = await erlan.press("Да, отменить вебинар")
    assert "Вебинар отменён" in card.content and "✏️ Изменить" not in card.buttons()
    for kind in ("24h", "1h", "start"):
        assert await status_of(app, f"web:{w.id}:v1:{kind}:{aigul.id}:1") == "skipped"
    await deliver(app)
    hers = await aigul.wait_for_message(lambda m: "өтпейді" in m.content)
    assert "2026 жылғы 16 мамыр, 15:00" in hers.content
    await sergey.wait_for_message(lambda m: "отменён" in m.content)
    app.clock.set(WHEN)
    assert await deliver(app) == 0
    [listing] = await aigul.command("webinars")
    assert "Әзірге жақын арада вебинар жоқ" in listing.content
    await aigul.press_data(WebinarCb(action="reg", w=w.id).pack())
    assert "болдырылмады" in alert(aigul)


# -- afterwards -----------------------------------------------------------------------------------


async def test_attendance_feedback_recording_and_the_export(
    app: BotUnderTest,
    erlan: SimUser,
    aigul: SimUser,
    sergey: SimUser,
    telegram: FakeTelegramServer,
) -> None:
    soon = datetime(2026, 5, 14, 8, 0, tzinfo=UTC)  # 13:00 today
    w = await webinar(app, starts_at=soon, duration_min=60, questions=("email", "org"))
    dana = telegram.user(3004, "Дана", "Омарова", "dana_o", language_code="ru")
    for person, language in ((erlan, "ru"), (aigul, "kk"), (sergey, "ru"), (dana, "ru")):
        await onboard(person, language)
    await app.s.webinars.register(w.id, aigul.id, {"email": "aigul@mail.kz", "org": "=1+2"})
    await app.s.webinars.register(w.id, sergey.id, {"email": "sergey@mail.kz", "org": "НПО"})
    await app.s.webinars.register(w.id, dana.id, {"email": "dana@mail.kz", "org": "НПО"})
    # Too early to say «I'm here», or to mark anyone.
    await aigul.press_data(WebinarCb(action="here", w=w.id).pack())
    assert "белгілене аласыз" in alert(aigul)

    app.clock.set(soon)
    await deliver(app)
    await aigul.wait_for_message(lambda m: "басталды" in m.content)
    [after] = await aigul.press("✅ Мен осындамын")
    assert "Белгіленді" in alert(aigul) and after.buttons() == []
    await dana.press_data(WebinarCb(action="here", w=w.id + 1).pack())
    assert "Такого вебинара нет" in alert(dana)

    await erlan.command("webinars")
    await erlan.press("🛠 Управление вебинарами")
    await erlan.press(label(w, "ru"))
    [people] = await erlan.press("👥 Участники")
    assert "Зарегистрировано: 3" in people.content
    assert people.buttons()[:3] == ["✅ Айгүл Серікова", "▫️ Сергей Ким", "▫️ Дана Омарова"]
    [people] = await erlan.press("▫️ Сергей Ким")
    assert "✅ Сергей Ким" in people.buttons()
    # Forged: a registration of another webinar.
    other = await webinar(app, starts_at=WHEN)
    reg = await app.s.webinars.register(other.id, dana.id)
    await erlan.press_data(WebinarCb(action="att", w=w.id, r=reg.registration.id).pack())
    assert "нет прав" in alert(erlan)
    [card] = await erlan.press("‹ Назад")
    assert "Были: 2" in card.content

    # The end: attendees are asked for a rating, the others get the recording.
    app.clock.set(soon + timedelta(minutes=60))
    planned = await app.s.planners.run(app.clock.now())
    assert planned["webinars"] == 2
    await deliver(app)
    ask = await aigul.wait_for_message(lambda m: "бағалаңыз" in m.content)
    assert ask.buttons() == ["1⭐", "2⭐", "3⭐", "4⭐", "5⭐"]
    [rated] = await aigul.press("5⭐")
    assert "бағаңыз: 5⭐" in rated.content and rated.buttons() == ["Пікірсіз"]
    [thanks] = await aigul.send("Өте пайдалы болды, рақмет!")
    assert "Пікіріңізге рақмет" in thanks.content
    await sergey.wait_for_message(lambda m: "Оцените" in m.content)
    await sergey.press("4⭐")
    await sergey.press("Без комментария")
    assert not any("Оцените" in t for t in texts(dana))
    await dana.press_data(WebinarCb(action="rate", w=w.id, r=5).pack())
    assert "те, кто на нём был" in alert(dana)
    await sergey.press_data(WebinarCb(action="rate", w=w.id, r=9).pack())
    assert "от 1 до 5" in alert(sergey)

    [card] = await erlan.press("🎬 Ссылка на запись")
    [error] = await erlan.send("запись будет позже")
    assert "http:// или https://" in error.content
    [card] = await erlan.send("https://example.org/rec/1")
    assert "Запись: https://example.org/rec/1" in card.content
    assert "Были: 2 · ⭐ 4,5 (оценок: 2)" in card.content
    await deliver(app)
    recording = await dana.wait_for_message(lambda m: "Вот запись" in m.content)
    assert "https://example.org/rec/1" in recording.content
    assert not any("жазбасы" in t for t in texts(aigul))
    [people] = await erlan.press("👥 Участники")
    assert "💬 Өте пайдалы болды, рақмет!" in people.content
    await erlan.press("‹ Назад")

    replies = await erlan.press("⬇️ Excel")
    [sent] = [m for m in replies if m.kind == "document"]
    assert sent.document is not None and str(sent.document.file_name).endswith(".xlsx")
    assert "участников в файле — 3" in sent.content
    sheet = load_workbook(BytesIO(sent.document.data)).active
    headers = [c.value for c in sheet[1]]
    assert headers == [
        "Статус",
        "Имя в Telegram",
        "Username",
        "Регистрация",
        "E-mail",
        "Организация",
        "Область",
        "Был",
        "Оценка",
        "Комментарий",
    ]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][:3] == ["зарегистрирован", "Айгүл Серікова", "@aigul_s"]
    assert rows[0][3] == datetime(2026, 5, 14, 11, 0)
    assert rows[0][4:] == ["aigul@mail.kz", "=1+2", None, "Да", 5, "Өте пайдалы болды, рақмет!"]
    assert sheet.cell(2, 6).data_type == "s", "a person's text never becomes a formula"
    assert rows[1][7:9] == ["Да", 4] and rows[2][7:9] == ["Нет", None]

    # Айгүл's «My webinars» shows she was there.
    [mine] = await aigul.command("webinars")
    [mine] = await aigul.press("📋 Менің вебинарларым")
    assert "🎓 қатыстыңыз" in mine.content


# -- the broadcast audience, forged buttons, seed-demo -------------------------------------------


async def test_registrants_of_a_webinar_as_a_broadcast_audience(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, sergey: SimUser
) -> None:
    w = await webinar(app)
    await onboard(erlan, "ru")
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    await app.s.webinars.register(w.id, aigul.id)
    await erlan.command("broadcasts")
    await erlan.press("➕ Новая рассылка")
    await erlan.send("Ертең вебинар!")
    [audience] = await erlan.send("Завтра вебинар!")
    assert "Получателей: 2" in audience.content and "Вебинар: Все" in audience.buttons()
    [choices] = await erlan.press("Вебинар: Все")
    option = f"16.05 · {w.title_ru[:35].rstrip()}…"
    assert option in choices.buttons()
    [audience] = await erlan.press(option)
    assert "Получателей: 1 (на казахском 1, на русском 0)" in audience.content
    await erlan.press("Далее ›")
    await erlan.press("📤 Отправить сейчас")
    await deliver(app)
    await aigul.wait_for_message(lambda m: "Ертең вебинар!" in m.content)
    assert not any("Завтра вебинар!" in t for t in texts(sergey))
    # A coordinator limited to another program cannot pick it.
    access = await app.s.audience.filter("webinar").choices(  # type: ignore[union-attr]
        _access(erlan.id, program="bastau"), app.s.translations.get("ru")
    )
    assert access == []


def _access(user_id: int, *, program: str) -> Access:
    grant = RoleGrant(1, user_id, "coordinator", program, None, None, datetime.now(UTC))
    return Access(user_id, False, (grant,))


async def test_forged_buttons_are_refused(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    w = await webinar(app)
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    await app.s.webinars.register(w.id, sergey.id)
    # Someone else's registration: Айгүл cannot cancel Сергей's, nor get his calendar or link.
    await aigul.command("webinars")
    for action in ("unregy", "ics", "here", "rate"):
        await aigul.press_data(WebinarCb(action=action, w=w.id, r=5).pack())
        assert "тіркелмегенсіз" in alert(aigul), action
    reg = await app.s.webinars.repo.registration(w.id, sergey.id)
    assert reg is not None and reg.status == "registered"
    await aigul.press_data(WebinarCb(action="open", w=999).pack())
    assert "Мұндай вебинар жоқ" in alert(aigul)
    await aigul.press_data(WebinarCb(action="q", w=w.id, v="almaty").pack())
    assert "ескірген" in alert(aigul), "a region answer outside the questions"
    # A coordinator of another program may not manage it.
    marat = telegram.user(3005, "Марат", language_code="ru")
    await onboard(marat, "ru")
    await app.s.users.grant(
        marat.id,
        "coordinator",
        program="bastau",
        region=None,
        granted_by=None,
        now=app.clock.now(),
    )
    [manage] = await marat.command("webinars")
    [manage] = await marat.press("🛠 Управление вебинарами")
    assert label(w, "ru") not in manage.buttons()
    for action in ("c", "edit", "xl", "ppl", "dely", "ef"):
        await marat.press_data(WebinarCb(action=action, w=w.id, v="join_url").pack())
        assert "нет прав" in alert(marat), action
    # Through the wizard he may tag only his program.
    await marat.press("➕ Новый вебинар")
    assert (await app.s.webinars.repo.require(w.id)).join_url == LINK


async def test_seed_demo_adds_the_two_fair_webinars_once(app: BotUnderTest) -> None:
    from bot.dev.demo import seed_demo

    first = await seed_demo(app.s)
    second = await seed_demo(app.s)
    lines = [line for line in first if line.startswith("webinar")]
    assert len(lines) == 2 and lines == [line for line in second if line.startswith("webinar")]
    upcoming = await app.s.webinars.upcoming()
    assert [w.demo_key for w in upcoming] == ["ngo-media", "social-digital"]
    assert upcoming[0].title_ru == "Как выстроить эффективную коммуникацию между СМИ и НПО"
    assert all(w.starts_at > app.clock.now() for w in upcoming)
    # Weeks later the demo moves ahead again instead of lying in the past.
    app.clock.advance(timedelta(days=30))
    await seed_demo(app.s)
    assert len(await app.s.webinars.upcoming()) == 2


async def test_a_link_to_share_opens_the_card(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser
) -> None:
    w = await webinar(app)
    await onboard(aigul, "kk")
    [card] = await aigul.command("start", f"w_{w.id}")
    assert w.title_kk in card.content and card.buttons()[0] == "✅ Тіркелу"
    [reply] = await aigul.command("start", "w_999")
    assert "Мұндай вебинар жоқ" in reply.content
    # Someone new: the link waits until the language and the consent are given.
    await sergey.command("start", f"w_{w.id}")
    await sergey.press("Русский")
    replies = await sergey.press("✅ Даю согласие")
    assert replies[-1].buttons()[0] == "✅ Зарегистрироваться"
    assert w.title_ru in replies[-1].content


async def test_editing_the_title_and_questions_replans_quietly(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser
) -> None:
    w = await webinar(app)
    await onboard(erlan, "ru")
    await onboard(aigul, "kk")
    await app.s.webinars.register(w.id, aigul.id)
    await erlan.command("webinars")
    await erlan.press("🛠 Управление вебинарами")
    await erlan.press(label(w, "ru"))
    [fields] = await erlan.press("✏️ Изменить")
    assert fields.buttons()[:2] == ["Название (каз.)", "Название (рус.)"]
    await erlan.press("Название (рус.)")
    [error] = await erlan.send("Ж" * 151)
    assert "не больше 150 символов" in error.content
    [card] = await erlan.send("Цифровое ценностное предложение")
    assert "🛠 Цифровое ценностное предложение" in card.content
    await erlan.press("✏️ Изменить")
    [ask] = await erlan.press("Вопросы")
    assert ask.buttons()[:3] == ["▫️ e-mail", "▫️ организация", "▫️ область"]
    await erlan.press("▫️ e-mail")
    [card] = await erlan.press("Готово ›")
    assert "Вопросы при регистрации: e-mail" in card.content
    changed = await app.s.webinars.repo.require(w.id)
    assert changed.version == 2 and changed.questions == ("email",)
    assert await status_of(app, f"web:{w.id}:v1:24h:{aigul.id}:1") == "skipped"
    row = await app.s.outbox.get_by_key(f"web:{w.id}:v2:24h:{aigul.id}:1")
    assert row is not None and "Цифровое ценностное предложение" in str(row.payload)
    assert await deliver(app) == 0, "a new title is not worth a message"


# -- issue 14.5: the calendar file opens as an event ---------------------------------------------


def test_the_calendar_file_is_named_after_the_title_safely() -> None:
    w = named("Әлеуметтік кәсіпкерлік", "Социальное предпринимательство")
    assert ics_file_name(w, "kk") == "Әлеуметтік кәсіпкерлік.ics"
    assert ics_file_name(w, "ru") == "Социальное предпринимательство.ics"
    # Slashes, what Windows refuses, quotes and control characters go; letters stay.
    w = named('ҮЕҰ / БАҚ: "жаңалық"?\\<b>\n2026', "СМИ/НПО: «пресс-релиз» | *итоги*")
    assert ics_file_name(w, "kk") == "ҮЕҰ БАҚ жаңалық b 2026.ics"
    assert ics_file_name(w, "ru") == "СМИ НПО «пресс-релиз» итоги.ics"
    # Nothing usable: the webinar's number; a long title is cut at a word.
    assert ics_file_name(named("/// ..."), "kk") == "webinar-7.ics"
    long = named("Құнды ұсынысты цифрлау арқылы әлеуметтік кәсіпкерліктің тұрақтылығы туралы")
    cut = "Құнды ұсынысты цифрлау арқылы әлеуметтік кәсіпкерліктің.ics"
    assert ics_file_name(long, "kk") == cut


def named(title_kk: str, title_ru: str = "Вебинар") -> Webinar:
    """A webinar as storage returns it, for the pure functions."""
    now = datetime(2026, 5, 14, 6, 0, tzinfo=UTC)
    new = asdict(sample(title_kk=title_kk, title_ru=title_ru))
    return Webinar(
        id=7,
        **new,
        recording_url=None,
        status="scheduled",
        version=1,
        created_by=None,
        created_at=now,
        updated_at=now,
    )


async def test_a_russian_reader_gets_the_calendar_file_in_russian(
    app: BotUnderTest, sergey: SimUser
) -> None:
    w = await webinar(app, title_ru="Цифровое предложение: итоги 2025/2026")
    await onboard(sergey, "ru")
    await sergey.command("webinars")
    await sergey.press(label(w, "ru"))
    replies = await sergey.press("✅ Зарегистрироваться")
    [calendar] = [m for m in replies if m.kind == "document"]
    assert calendar.document is not None
    assert calendar.document.file_name == "Цифровое предложение итоги 2025 2026.ics"
    assert calendar.document.mime_type == "text/calendar"
    [event] = Calendar.from_ical(calendar.document.data).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Цифровое предложение: итоги 2025/2026"
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(hours=1)
    assert str(alarm["DESCRIPTION"]) == "Цифровое предложение: итоги 2025/2026"


# -- issue 20.11: the confirmation promises only the reminders that are planned ------------------


def test_what_a_confirmation_may_promise_comes_from_the_plan() -> None:
    quiet = QuietHours(time(21, 0), time(9, 0), ALMATY)
    day = datetime(2026, 5, 16, 15, 0, tzinfo=ALMATY).astimezone(UTC)

    def promise(before_start: timedelta, start: datetime = day) -> str:
        return reminders_ahead(reminder_plan(start, start - before_start, quiet))

    assert promise(timedelta(days=2)) == "both"
    assert promise(timedelta(hours=5)) == "hour"
    assert promise(timedelta(minutes=50)) == "none"
    late_evening = datetime(2026, 5, 16, 22, 0, tzinfo=ALMATY).astimezone(UTC)
    assert promise(timedelta(days=2), late_evening) == "day", "the 1 h one falls in quiet hours"


async def test_a_late_registration_is_promised_only_the_start_reminder(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser, john: SimUser
) -> None:
    w = await webinar(app)
    for person, language in ((aigul, "kk"), (sergey, "ru"), (john, "kk")):
        await onboard(person, language)

    async def confirmation(person: SimUser, locale: str) -> str:
        await person.command("webinars")
        await person.press(label(w, locale))
        button = "✅ Тіркелу" if locale == "kk" else "✅ Зарегистрироваться"
        [text] = [m for m in await person.press(button) if m.kind == "text"]
        return text.content

    early = await confirmation(aigul, "kk")
    assert "бір күн және бір сағат бұрын, сондай-ақ ол басталғанда еске саламын" in early
    app.clock.set(WHEN - timedelta(hours=5))
    text = await confirmation(john, "kk")
    assert "бір сағат бұрын және ол басталғанда" in text and "бір күн" not in text
    # 50 minutes before: the 1 h reminder is gone; only the one at the start is queued.
    app.clock.set(WHEN - timedelta(minutes=50))
    text = await confirmation(sergey, "ru")
    assert "Напомню, когда вебинар начнётся." in text
    assert "за час" not in text and "за день" not in text
    key = f"web:{w.id}:v1:{{}}:{sergey.id}"
    assert await app.s.outbox.get_by_key(key.format("1h") + ":3") is None
    assert await status_of(app, key.format("start") + ":3") == "pending"


# -- issue 20.12: the list shows a person her own place, not «no seats» ---------------------------


async def test_the_list_shows_her_own_place_instead_of_no_seats(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser, john: SimUser
) -> None:
    w = await webinar(app, capacity=1)
    for person, language in ((aigul, "kk"), (sergey, "ru"), (john, "kk")):
        await onboard(person, language)
    await app.s.webinars.register(w.id, aigul.id)
    await app.s.webinars.register(w.id, sergey.id)  # waiting

    [listing] = await aigul.command("webinars")
    assert "✅ сіз тіркелгенсіз" in listing.content and "орын жоқ" not in listing.content
    [listing] = await sergey.command("webinars")
    assert "⏳ вы в листе ожидания" in listing.content and "мест нет" not in listing.content
    [listing] = await john.command("webinars")
    assert "орын жоқ, күту тізімі бар" in listing.content, "others still see it is full"
    # Given up: the seats again.
    await app.s.webinars.cancel_registration(w.id, sergey.id)
    [listing] = await sergey.command("webinars")
    assert "мест нет, есть лист ожидания" in listing.content


# -- issue 20.13: an optional registration question can be skipped, a required one cannot ---------


async def test_the_organisation_question_can_be_skipped_the_email_cannot(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser
) -> None:
    w = await webinar(app, questions=("email", "org", "region"))
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")

    await aigul.command("webinars")
    await aigul.press(label(w, "kk"))
    [question] = await aigul.press("✅ Тіркелу")
    assert question.buttons() == ["Бас тарту"], "the e-mail is required: no skip"
    await aigul.press_data(WebinarCb(action="q", w=w.id, v="-").pack())
    assert "ескірген" in alert(aigul), "a forged skip of a required question"
    [question] = await aigul.send("aigul@mail.kz")
    assert "2/3" in question.content and "өткізіп жіберіңіз" in question.content
    assert question.buttons() == ["Өткізіп жіберу ›", "Бас тарту"]
    [question] = await aigul.press("Өткізіп жіберу ›")
    assert "3/3" in question.content and "Өткізіп жіберу ›" not in question.buttons()
    await aigul.press("Алматы облысы")
    assert "тіркелдіңіз" in alert(aigul)
    reg = await app.s.webinars.repo.registration(w.id, aigul.id)
    assert reg is not None and reg.answers == {"email": "aigul@mail.kz", "region": "almaty"}

    await sergey.command("webinars")
    await sergey.press(label(w, "ru"))
    await sergey.press("✅ Зарегистрироваться")
    [question] = await sergey.send("sergey@mail.kz")
    assert "пропустите вопрос" in question.content
    assert question.buttons() == ["Пропустить ›", "Отмена"]
    [question] = await sergey.send("«Жасыл ел» ҚБ")  # answering still works
    assert "3/3" in question.content
    await sergey.press_data(WebinarCb(action="q", w=w.id, v="-").pack())
    assert "устарела" in alert(sergey), "the region is required too"
    await sergey.press("Восточно-Казахстанская область")
    reg = await app.s.webinars.repo.registration(w.id, sergey.id)
    assert reg is not None and reg.answers["org"] == "«Жасыл ел» ҚБ"


# -- issue 14.7: data shown to a reader is in her language only -----------------------------------


async def test_demo_webinars_speak_one_language_to_each_reader(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser
) -> None:
    from bot.dev.demo import seed_demo
    from bot.webinars.demo import DEMO_WEBINARS

    for demo in DEMO_WEBINARS:  # a text shared by both languages holds no «kk / ru» pair
        assert "/" not in demo.speaker, demo.speaker
    await seed_demo(app.s)
    [media, _] = await app.s.webinars.upcoming()
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    [card] = await aigul.command("start", f"w_{media.id}")
    assert "Спикер: Анна Шелепова" in card.content and "PR-сарапшы" in card.content
    assert "PR-эксперт" not in card.content and "/" not in card.content
    [card] = await sergey.command("start", f"w_{media.id}")
    assert "Спикер: Анна Шелепова" in card.content and "PR-эксперт" in card.content
    assert "сарапшы" not in card.content and "/" not in card.content

    # A database seeded before: seeding again puts the speaker right, without a new version.
    await app.s.webinars.repo.update(media.id, app.clock.now(), speaker="А. Ш. / PR-эксперт")
    await seed_demo(app.s)
    fixed = await app.s.webinars.repo.require(media.id)
    assert fixed.speaker == "Анна Шелепова" and fixed.version == media.version


async def test_a_reminder_is_checked_against_the_seat_when_it_is_sent(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser
) -> None:
    """Issue «Trust first»: whatever path took a seat away or cancelled the webinar, a queued
    reminder is not sent about it (the send-time check, not only the cancellations)."""
    w = await webinar(app)
    other = await webinar(app, title_kk="Екінші вебинар", title_ru="Второй вебинар")
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    await app.s.webinars.register(w.id, aigul.id)
    await app.s.webinars.register(other.id, sergey.id)
    # Written around the service: her seat is gone, the other webinar is cancelled.
    await app.s.db.execute(
        "UPDATE webinar_registrations SET status = 'cancelled' WHERE webinar_id = ?", (w.id,)
    )
    await app.s.db.execute("UPDATE webinars SET status = 'cancelled' WHERE id = ?", (other.id,))
    app.clock.set(WHEN - timedelta(hours=24))
    await deliver(app)
    assert not [t for t in texts(aigul) if "еске саламыз" in t]
    assert not [t for t in texts(sergey) if "напоминаем" in t.casefold()]
    assert await status_of(app, f"web:{w.id}:v1:24h:{aigul.id}:1") == "skipped"
    row = await app.s.outbox.get_by_key(f"web:{other.id}:v1:24h:{sergey.id}:1")
    assert row is not None and row.status == "skipped" and row.last_error == "webinar cancelled"


async def test_the_webinar_wizard_goes_back_a_step_keeping_the_answers(
    app: BotUnderTest, erlan: SimUser
) -> None:
    """Issue 20 item 14: every step after the first has «‹ Артқа» / «‹ Назад», and the answers
    given are kept (from a field opened on the summary it returns to the summary: see the
    coordinator's test above, in Russian)."""
    await onboard(erlan, "kk")
    await erlan.press("📅 Вебинарлар")
    await erlan.press("🛠 Вебинарларды басқару")
    [ask] = await erlan.press("➕ Жаңа вебинар")
    assert "1/12-қадам" in ask.content and "‹ Артқа" not in ask.buttons()
    [ask] = await erlan.send("Бірінші атау")
    assert "2/12-қадам" in ask.content and "‹ Артқа" in ask.buttons()
    [back] = await erlan.press("‹ Артқа")
    assert back.message_id == ask.message_id and "1/12-қадам" in back.content
    [ask] = await erlan.send("БАҚ пен ҮЕҰ арасындағы коммуникация")
    assert "2/12-қадам" in ask.content, "the wizard goes on where it was"
    from aiogram.fsm.storage.base import StorageKey

    assert app.bot is not None
    key = StorageKey(bot_id=app.bot.id, chat_id=erlan.id, user_id=erlan.id)
    draft = (await app.s.fsm.get_data(key))["wb_draft"]
    assert draft == {"title_kk": "БАҚ пен ҮЕҰ арасындағы коммуникация"}


async def test_no_comment_after_an_empty_comment_knows_the_webinar(
    app: BotUnderTest, aigul: SimUser
) -> None:
    soon = datetime(2026, 5, 14, 8, 0, tzinfo=UTC)  # 13:00 today
    w = await webinar(app, starts_at=soon, duration_min=60)
    await onboard(aigul, "kk")
    await app.s.webinars.register(w.id, aigul.id)
    app.clock.set(soon)
    await app.s.webinars.mark_here(w.id, aigul.id)
    [rated] = await aigul.press_data(WebinarCb(action="rate", w=w.id, r=4).pack())
    assert "бағаңыз: 4⭐" in rated.content and rated.buttons() == ["Пікірсіз"]
    # A sticker is no comment: she is asked for text, and «No comment» still knows the webinar.
    [again] = await aigul.send_sticker()
    assert "Мәтін жазыңыз" in again.content and again.buttons() == ["Пікірсіз"]
    await aigul.press("Пікірсіз")
    assert "Пікіріңізге рақмет" in alert(aigul)
    assert again.buttons() == []
    reg = await app.s.webinars.repo.registration(w.id, aigul.id)
    assert reg is not None and reg.rating == 4 and reg.comment is None
