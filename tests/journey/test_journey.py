"""One person's path: a coordinator finds her and sees every step with a button to each card
(Russian), a coordinator of another region does not find her and a forged button shows nothing,
a coordinator of part of her path sees only that part (Kazakh), she sees her own path (Kazakh);
/privacy exports the support cycle's tables."""

from __future__ import annotations

import json
from datetime import date

from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.telegram.callbacks import JourneyAction, JourneyCb
from tests.applications.test_review import submitted
from tests.conftest import COORDINATOR_ID, BotUnderTest, alert, onboard
from tests.journey import data
from tests.loans.test_loans import open_loan


async def walked(app: BotUnderTest, person: SimUser) -> dict[str, int]:
    """Айгүл's path: an approved application, a course done with a certificate, a contest won,
    a loan, a grant with a late report, a mentor with check-ins."""
    db, now = app.s.db, app.clock.now()
    applied = await submitted(app, person.id, "bastau", name="Серікова Айгүл Болатқызы")
    await app.s.applications.approve(applied, COORDINATOR_ID)
    cohort = await app.s.cohorts.create(
        "Бастау Бизнес — 1-лек", region="almaty", now=now, course="bastau"
    )
    await db.execute(
        "INSERT INTO cohort_members (cohort_id, user_id, joined_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (cohort.id, person.id, data.T),
    )
    await data.lessons(db, person.id, "bastau", "2026-05-20T06:00:00", 3)
    await data.certificate(db, person.id, "bastau", "2026-06-20", "BB-C-0001")
    contest = await data.contest(db, "bastau", "Үздік бизнес-жоспар")
    await data.entry(db, contest, person.id, "won", "2026-06-25T06:00:00", "2026-07-01T06:00:00")
    loan = await open_loan(app, person.id, name="Серікова Айгүл")
    grant = await data.project(db, person.id, "bastau", "Тігін цехы", date(2026, 7, 5))
    await data.report(db, grant, 1, "2026-04-01", "accepted")
    await data.report(db, grant, 2, "2026-05-01", "due")
    mentor = 4001
    await data.user(db, mentor, "Болат", "Ахметов")
    ship = await data.mentorship(db, person.id, mentor, "bastau", "2026-07-10")
    for n, status in enumerate(("answered", "answered", "missed"), start=1):
        await data.checkin(db, ship, n, status)
    return {"application": applied.id, "loan": loan.id, "cohort": cohort.id}


async def test_coordinator_finds_a_person_and_sees_every_step(
    app: BotUnderTest, aigul: SimUser, erlan: SimUser
) -> None:
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    await walked(app, aigul)
    assert "📊 Воронка" in erlan.reply_buttons()
    await erlan.press("📊 Воронка")
    [prompt] = await erlan.press("🔎 Найти человека")
    assert "номер заявки" in prompt.content
    [none] = await erlan.send("Петров")
    assert "такого человека нет" in none.content
    await erlan.press("🔎 Искать ещё")
    [screen] = await erlan.send("серікова")  # a name fragment, in small letters
    text = screen.content
    assert "Путь: Айгүл Серікова" in text and "(id 1001)" in text
    for line in (
        "Заявки",
        "· Бастау Бизнес — одобрена (подана 14 мая 2026)",
        "Обучение",
        "Бастау Бизнес: курс пройден (начало 1 мая 2026)",
        "Сертификат № BB-C-0001 (выдан 20 июня 2026)",
        "Конкурс на финансирование",
        "«Үздік бизнес-жоспар» — победитель (25 июня 2026)",
        "Финансирование",
        "Заём ZH-2026-001: 5 000 000 ₸, погашено 0 ₸ — платежи вовремя (выдан 1 мая 2026)",
        "Грант «Тігін цехы»: 2 000 000 ₸; принято отчётов: 1 из 2 — просрочено отчётов: 1",
        "Наставничество",
        "Наставник: Болат Ахметов — активно; встреч с ответом: 2, пропущено: 1",
    ):
        assert line in text.replace("\u00a0", " "), line
    buttons = screen.buttons()
    number = next(b for b in buttons if b.startswith("📝 "))
    assert number.startswith("📝 BB-2026-")
    assert "🎓 Бастау Бизнес — 1-лек" in buttons and "💰 ZH-2026-001" in buttons
    assert buttons[-2:] == ["🔎 Найти человека", "📊 Воронка"]

    [card] = await erlan.press("💰 ZH-2026-001")
    assert "ZH-2026-001" in card.content and "🧭 Путь" in card.buttons()
    [again] = await erlan.press("🧭 Путь")
    assert "Путь: Айгүл Серікова" in again.content
    [application] = await erlan.press(number)
    assert "Бастау Бизнес" in application.content and "🧭 Путь" in application.buttons()
    # By a Telegram id and by an application number too.
    await erlan.press("🔎 Найти человека")
    [by_id] = await erlan.send(str(aigul.id))
    assert "Путь: Айгүл Серікова" in by_id.content
    await erlan.press("🔎 Найти человека")
    [by_number] = await erlan.send(number.removeprefix("📝 ").lower())
    assert "Путь: Айгүл Серікова" in by_number.content


async def test_out_of_scope_coordinators_see_nothing_or_their_part(
    app: BotUnderTest, telegram: FakeTelegramServer, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    await walked(app, aigul)
    other = telegram.user(3001, "Дана", "Оспанова", "dana_o", language_code="kk")
    loans = telegram.user(3002, "Марат", "Әлиев", "marat_a", language_code="kk")
    for who in (other, loans):
        await onboard(who, "kk")
    now = app.clock.now()
    await app.s.users.grant(
        other.id, "coordinator", program="bastau", region="atyrau", granted_by=None, now=now
    )
    await app.s.users.grant(
        loans.id, "coordinator", program="zharkyra", region="atyrau", granted_by=None, now=now
    )
    await other.send("📊 Жол кезеңдері")
    await other.press("🔎 Адамды табу")
    [none] = await other.send("Серікова")
    assert "ондай адам табылмады" in none.content
    await other.press_data(JourneyCb(action=JourneyAction.person, u=aigul.id).pack())
    assert "табылмады" in alert(other)
    assert not any("Жолы: Айгүл" in m.content for m in other.chat.messages)

    # A coordinator of loans in Atyrau finds her by her loan and sees the loan only.
    await loans.send("📊 Жол кезеңдері")
    await loans.press("🔎 Адамды табу")
    [screen] = await loans.send("Айгүл")
    text = screen.content
    assert "Жолы: Айгүл Серікова" in text and "Заем ZH-2026-001" in text
    for hidden in ("Өтінімдер", "Оқу", "Қаржыландыру байқауы", "Тәлімгерлік", "Тігін цехы"):
        assert hidden not in text, hidden
    assert [b for b in screen.buttons() if b.startswith(("📝", "🎓"))] == []


async def test_my_own_path_in_kazakh(app: BotUnderTest, aigul: SimUser) -> None:
    await onboard(aigul, "kk")
    [empty] = await aigul.press("🧭 Менің жолым")
    assert "Әзірге мұнда ештеңе жоқ" in empty.content
    await walked(app, aigul)
    [screen] = await aigul.press("🧭 Менің жолым")
    text = screen.content.replace("\u00a0", " ")
    assert "Менің жолым" in text
    for line in (
        "Өтінімдер",
        "· Бастау Бизнес — мақұлданды (жіберілген күні: 2026 жылғы 14 мамыр)",
        "Бастау Бизнес: курс аяқталды",
        "«Үздік бизнес-жоспар» — жеңімпаз",
        "Заем ZH-2026-001: 5 000 000 ₸, өтелгені 0 ₸ — төлемдер уақытында",
        "Тәлімгер: Болат Ахметов — белсенді; жауап берілген кездесу: 2, өткізіп алынғаны: 1",
    ):
        assert line in text, line
    buttons = screen.buttons()
    assert "💰 ZH-2026-001" in buttons and "🎓 Бастау Бизнес — 1-лек" in buttons
    [loan] = await aigul.press("💰 ZH-2026-001")
    assert "ZH-2026-001" in loan.content
    # The coordinator's buttons are not hers: a forged one is refused.
    await aigul.press_data(JourneyCb(action=JourneyAction.person, u=aigul.id).pack())
    assert alert(aigul)
    assert not any("Жолы:" in m.content for m in aigul.chat.messages)


async def test_privacy_export_holds_contests_projects_and_mentoring(
    app: BotUnderTest, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await walked(app, sergey)
    [screen] = await sergey.command("privacy")
    for line in (
        "• Участие в конкурсах на финансирование: 1",
        "• Профинансированные проекты: 1",
        "• Отчёты по проектам: 2",
        "• Наставники: 1",
        "• Встречи с наставником: 3",
    ):
        assert line in screen.content, line
    replies = await sergey.press("📦 Скачать мои данные (файл)")
    [sent] = [m for m in replies if m.kind == "document"]
    assert sent.document is not None
    exported = json.loads(sent.document.data)["data"]
    assert exported["contest_entries"][0]["status"] == "won"
    assert exported["projects"][0]["title"] == "Тігін цехы"
    assert len(exported["project_reports"]) == 2
    assert exported["mentorships"][0]["mentor_id"] == 4001
    assert len(exported["mentor_checkins"]) == 3
    assert "contest_scores" not in exported, "an entrant's export holds no juror's scores"
