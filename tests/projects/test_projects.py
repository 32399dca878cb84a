"""Funded projects through the fake Bot API, in Russian (the coordinator) and Kazakh (the NGO),
with a fake clock: a grant recorded by the coordinator's wizard, its reports scheduled; a
reminder three days before the due date and none after the report is in; the report filled with
bad answers in between, returned with a comment, corrected and submitted again, accepted; the
overdue list and its workbook; forged buttons of another scope reach nothing; erasure."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

from openpyxl import load_workbook

from bot.dev.fake_telegram import SimUser
from tests.conftest import BotUnderTest, alert, deliver, onboard

NOW_TEXT = "2026-05-01T06:00:00"


async def approved(
    app: BotUnderTest, user_id: int, program: str, region: str, number: str
) -> None:
    await app.s.db.execute(
        "INSERT INTO applications (number, program, user_id, status, region, created_at,"
        " updated_at) VALUES (?, ?, ?, 'approved', ?, ?, ?)",
        (number, program, user_id, region, NOW_TEXT, NOW_TEXT),
    )


async def at_local(app: BotUnderTest, day: date, hour: int, minute: int = 0) -> None:
    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
    app.clock.set(moment - timedelta(hours=5))


async def a_morning(app: BotUnderTest, day: date) -> None:
    """The planner after midnight (nothing goes at night), then the morning's sending."""
    await at_local(app, day, 0, 15)
    await app.s.planners.run(app.clock.now())
    assert await deliver(app) == 0
    await at_local(app, day, 10, 5)
    await app.s.planners.run(app.clock.now())
    await deliver(app)


def bells(user: SimUser) -> list[str]:
    return [m.content for m in user.chat.bot_messages() if m.content.startswith("🔔")]


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


async def test_grant_report_returned_resubmitted_accepted_overdue_excel(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser
) -> None:
    await onboard(erlan, "ru")
    await onboard(aigul, "kk")
    await approved(app, aigul.id, "ngo_fair", "aktobe", "NF-2026-000007")

    # The coordinator records the grant: program, the approved NGO from a list, title, amount
    # (a bad one first), funded today.
    assert "📁 Проекты" in erlan.reply_buttons()
    assert "📁 Жобалар" not in aigul.reply_buttons()
    [hub] = await erlan.press("📁 Проекты")
    assert "Профинансировано в вашей зоне ответственности: 0" in hub.content
    await erlan.press("➕ Записать грант")
    [people] = await erlan.press("Ярмарка социальных идей и проектов")
    assert "Одобренные заявители в вашей зоне ответственности: 1" in people.content
    [ask] = await erlan.press("Айгүл Серікова · NF-2026-000007")
    assert "Напишите название проекта" in ask.content
    await erlan.send("Ауыл кітапханасы")
    [bad] = await erlan.send("пять миллионов")
    assert "цифрами" in bad.content
    await erlan.send("4 500 000")
    await erlan.press("📅 Сегодня")
    summary = erlan.last
    assert "Сумма: 4 500 000 ₸" in plain(summary.content)
    assert "Профинансирован: 14 мая 2026" in summary.content
    [card] = await erlan.press("✅ Записать")
    assert alert(erlan) == "Грант записан, сроки отчётов назначены"
    assert "Получатель: Айгүл Серікова" in card.content
    for line in ("№1 · 14 августа 2026", "№2 · 14 ноября 2026", "№4 · 14 мая 2027"):
        assert line in card.content
    [project] = await app.s.projects.repo.of_user(aigul.id)
    assert project.region == "aktobe" and project.amount == 4_500_000

    # Three days before the first due date, in the morning: one reminder, in Kazakh.
    await a_morning(app, date(2026, 8, 10))
    assert bells(aigul) == []
    await a_morning(app, date(2026, 8, 11))
    [before] = bells(aigul)
    assert "«Ауыл кітапханасы» жобасы бойынша №1 есеп" in before
    assert "Мерзімі: 2026 жылғы 14 тамыз." in before

    # The report, with bad answers in between; every answer kept at once.
    [ask] = await aigul.press("📝 Есепті толтыру")
    assert "қанша адамды қамтыды" in ask.content
    [bad] = await aigul.send("көп")
    assert "Адамдар санын цифрмен жазыңыз" in bad.content
    [ask] = await aigul.send("120")
    assert "Жоспар бойынша — 4 500 000 ₸" in plain(ask.content)
    await aigul.send("1 250 000")
    [bad] = await aigul.send_sticker()
    assert "Жұмыс орындарының санын цифрмен" in bad.content
    await aigul.send("3")
    [bad] = await aigul.send("Жақсы")
    assert "Қорытындының ұзындығы: 10–2 000 таңба." in plain(bad.content)
    [photos] = await aigul.send("Кітапхана ашылды, 120 бала оқиды, екі кітапханашы жұмыста.")
    assert "Жіберілгені: 0" in photos.content
    await aigul.send_photo()
    [photos] = await aigul.send_photo()
    assert "Жіберілгені: 2" in photos.content
    [confirm] = await aigul.press("✅ Дайын")
    text = plain(confirm.content)
    assert "👥 Қамтылған адамдар: 120" in text
    assert "Жұмсалғаны: 1 250 000 ₸, жоспар бойынша 4 500 000 ₸ (28%)" in text
    assert "📷 Фото: 2" in text
    [done] = await aigul.press("📤 Есепті жіберу")
    assert "✅ Есеп үйлестірушіге жіберілді." in done.content

    # On the due date: no reminder, the report is in.
    seen = len(aigul.chat.bot_messages())
    await a_morning(app, date(2026, 8, 14))
    assert len(aigul.chat.bot_messages()) == seen
    submitted = erlan.last
    assert "Айгүл Серікова прислал(а) отчёт №1" in submitted.content

    # The coordinator: the card against the plan, photos again, then returned with a comment.
    [review] = await erlan.press("📂 Проверить")
    assert "Потрачено: 1 250 000 ₸ из 4 500 000 ₸ (28%)" in plain(review.content)
    before_media = len(erlan.chat.bot_messages())
    await erlan.press("📷 Фото и голосовые (2)")
    sent = erlan.chat.bot_messages()[before_media:]
    assert [m.kind for m in sent] == ["photo", "photo", "text"]
    await erlan.press("↩️ Вернуть")
    [back] = await erlan.send("Добавьте чеки на закупку книг")
    assert "Отчёт возвращён" in back.content
    assert "возвращён на доработку" in back.content
    await deliver(app)
    returned = aigul.last
    assert "№1 есеп пысықтауға қайтарылды" in returned.content
    assert "Добавьте чеки на закупку книг" in returned.content

    # Corrected and submitted again.
    [confirm] = await aigul.press("📂 Есепті ашу")
    assert "Үйлестірушінің ескертпесі: Добавьте чеки" in confirm.content
    await aigul.press("✏️ Шығыстар")
    [confirm] = await aigul.send("1 300 000")
    assert "Жұмсалғаны: 1 300 000 ₸" in plain(confirm.content)
    await aigul.press("📤 Есепті жіберу")
    await deliver(app)

    # Accepted from the waiting list; the NGO told in Kazakh.
    [hub] = await erlan.send("📁 Проекты")
    assert "Отчётов на проверке: 1" in hub.content
    await erlan.press("📥 На проверке (1)")
    [review] = await erlan.press("Айгүл Серікова · Ауыл кітапханасы · №1")
    assert "Потрачено: 1 300 000 ₸" in plain(review.content)
    [review] = await erlan.press("✅ Принять")
    assert alert(erlan) == "Отчёт принят"
    assert "✅" not in review.buttons() and "принят" in review.content
    await deliver(app)
    assert "№1 есеп қабылданды" in aigul.last.content
    report = (await app.s.projects.repo.reports(project.id))[0]
    assert (report.status, report.spent, report.people_reached, report.jobs) == (
        "accepted",
        1_300_000,
        120,
        3,
    )

    # The second report is not sent: overdue after 14 November, listed and exported.
    for day in (date(2026, 11, 11), date(2026, 11, 14)):
        await a_morning(app, day)
    before, due = bells(aigul)  # three days before, and on the day (the first became the form)
    assert "№2 есептің тапсыру мерзімі 3 күннен кейін" in before
    assert "№2 есептің тапсыру мерзімі — бүгін, 2026 жылғы 14 қараша" in due
    await at_local(app, date(2026, 11, 20), 11)
    [hub] = await erlan.send("📁 Проекты")
    assert "Просроченных отчётов: 1" in hub.content
    [late] = await erlan.press("⏰ Просроченные (1)")
    assert "Айгүл Серікова — «Ауыл кітапханасы», №2, срок 14 ноября 2026 (просрочка 6 дней)" in (
        late.content
    )
    [document] = await erlan.press("📊 Excel: просроченные и на проверке")
    assert document.document is not None
    sheet = load_workbook(io.BytesIO(document.document.data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Получатель", "Программа", "Область")
    assert rows[1][0] == "Айгүл Серікова" and rows[1][3] == "Ауыл кітапханасы"
    assert rows[1][4] == 4_500_000 and rows[1][5] == 2 and rows[1][7] == 6
    assert rows[1][6] == datetime(2026, 11, 14) and rows[1][8] == "ждёт отчёта"
    assert len(rows) == 2

    # Erasure: the fund keeps what it granted and the figures reported, as for a loan; her
    # words and photos go, and the project is closed (nothing more is asked of her).
    reports_before = await app.s.db.fetchval("SELECT COUNT(*) FROM project_reports")
    await app.s.privacy.erase(aigul.id, app.clock.now())
    [kept] = await app.s.projects.repo.of_user(aigul.id)
    assert (kept.status, kept.title, kept.amount) == ("closed", "—", 4_500_000)
    assert await app.s.db.fetchval("SELECT COUNT(*) FROM project_reports") == reports_before
    assert (
        await app.s.db.fetchval("SELECT COUNT(*) FROM project_reports WHERE summary IS NOT NULL")
        == 0
    )
    assert await app.s.db.fetchval("SELECT COUNT(*) FROM project_report_files") == 0
    assert await app.s.db.fetchval("SELECT SUM(spent) FROM project_reports") > 0
