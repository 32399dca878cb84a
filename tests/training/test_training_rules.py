"""Training rules of issue 20 (items 4, 5, 7, 8, 10) through the fake Bot API, with a FakeClock:
what «Done» says comes next, a late joiner's catch-up plan, public holidays and a cohort's days
off, release times in quiet hours, and small things (the course's name once, the first lesson's
date before the start, trainers offered as buttons, emoji in a certificate)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.documents.certificates import printable
from bot.telegram.callbacks import TrainCb
from bot.training.service import release_date
from storage.cohorts import Cohort
from tests.conftest import BotUnderTest, deliver, onboard
from tests.training.test_cohorts import staff
from tests.training.test_training import answer_right, at_local, make_cohort


def test_working_days_skip_public_holidays_and_days_off() -> None:
    weekdays = Cohort(
        1, "x", None, None, datetime.now(UTC), "bastau", date(2025, 12, 15), weekdays_only=True
    )
    # 16 December is Independence Day: lesson 2 opens on the 17th.
    assert [release_date(weekdays, n) for n in (1, 2, 3)] == [
        date(2025, 12, 15),
        date(2025, 12, 17),
        date(2025, 12, 18),
    ]
    daily = Cohort(
        1,
        "x",
        None,
        None,
        datetime.now(UTC),
        "bastau",
        date(2026, 5, 15),
        days_off=frozenset({date(2026, 5, 16)}),
    )
    assert [release_date(daily, n) for n in (1, 2)] == [date(2026, 5, 15), date(2026, 5, 17)]


async def test_done_says_what_is_true(app: BotUnderTest, sergey: SimUser) -> None:
    cohort = await make_cohort(app, starts_on=date(2026, 5, 12))  # lessons 1 to 3 open
    await onboard(sergey, "ru")
    await app.s.training.enrol(sergey.id, cohort, check_capacity=False)
    await app.s.cohorts.mark_done(sergey.id, "bastau", 1, app.clock.now())
    bastau = app.s.training.courses.get("bastau")
    assert bastau is not None
    second = bastau.lessons[1]
    await sergey.press_data(TrainCb(action="lesson", course="bastau", n=2).pack())
    await answer_right(
        sergey, second, f"❓ Ответить на вопросы ({len(second.questions)})", "Следующий вопрос ›"
    )
    [done] = await sergey.press("✅ Урок пройден")
    # Lesson 3 opened at 09:00 today: it is open now, not «откроется .».
    assert "Следующий открытый урок: 3." in done.content and "откроется ." not in done.content
    assert done.buttons()[0] == "📖 Урок 3"
    await app.s.cohorts.mark_done(sergey.id, "bastau", 3, app.clock.now())
    await sergey.press_data(TrainCb(action="done", course="bastau", n=3).pack())
    assert "Следующий урок откроется 15 мая 2026." in sergey.last.content


async def test_a_late_joiner_gets_a_plan_and_is_not_nagged(
    app: BotUnderTest, sergey: SimUser
) -> None:
    cohort = await make_cohort(app, starts_on=date(2026, 4, 27))  # lesson 18 opened at 09:00
    await onboard(sergey, "ru")
    await sergey.command("join", cohort.join_code)
    joined = (await sergey.press("✅ Присоединиться"))[-1]
    assert "В потоке уже открыто уроков: 18." in joined.content
    assert "2 урока в день" in joined.content
    await at_local(app, date(2026, 5, 14), 11, 1)  # a minute later: no reminder, no laggard
    assert not [m for m in sergey.chat.bot_messages() if m.content.startswith("⏰")]
    [notice] = [m for m in sergey.chat.bot_messages() if "открыт урок 18/30" in m.content]
    assert "Ещё не пройдены: 17 уроков" in notice.content and "…и ещё 12 уроков" in notice.content
    assert sergey.id not in {uid for uid, _ in (await app.s.training.stats(cohort)).behind}
    for number in (1, 2):
        await app.s.cohorts.mark_done(sergey.id, "bastau", number, app.clock.now())
    app.clock.advance(timedelta(days=1))  # on the plan: 2 done of the 4 expected by tomorrow
    assert sergey.id not in {uid for uid, _ in (await app.s.training.stats(cohort)).behind}
    app.clock.advance(timedelta(days=1))  # 6 expected, 2 done: behind the plan
    assert (sergey.id, 4) in (await app.s.training.stats(cohort)).behind


async def test_release_time_in_quiet_hours(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(erlan, "ru")
    await erlan.press("🎓 Потоки")
    await erlan.press("➕ Новый поток")
    await erlan.press("Бастау Бизнес")
    await erlan.send("Вечерний поток")
    await erlan.press("Алматинская область")
    await erlan.press("Вся область")
    await erlan.send("18.05.2026")
    await erlan.press("Каждый день")
    [step] = await erlan.send("22:30")
    assert "22:30 — тихие часы" in step.content and "получат урок в 09:00" in step.content
    await erlan.press("Без ограничения")
    [summary] = await erlan.press("Позже ›")
    assert "получат урок в 09:00" in summary.content
    await erlan.press("✅ Создать поток")
    [cohort] = await app.s.cohorts.all()
    await onboard(aigul, "kk")
    card = (await aigul.command("start", f"c_{cohort.join_code}"))[-1]
    # Released at 22:30, held by quiet hours: promised when it really comes.
    assert "Басталуы: 2026 жылғы 19 мамыр, сағат 09:00" in card.content


async def test_days_off_set_by_the_coordinator(app: BotUnderTest, erlan: SimUser) -> None:
    cohort = await make_cohort(app, name="Поток с выходными")
    await onboard(erlan, "ru")
    await erlan.command("cohorts")
    await erlan.press("Поток с выходными · 0/30")
    await erlan.press("✏️ Изменить")
    await erlan.press("Расписание")
    [ask] = await erlan.press("📅 Выходные дни")
    assert "Сейчас: —" in ask.content
    [reply] = await erlan.send("32.05.2026")
    assert "Не понял дату" in reply.content
    [card] = await erlan.send("16.05.2026, 17.05.2026")
    assert "Выходные дни: 16 мая 2026, 17 мая 2026" in card.content
    stored = await app.s.cohorts.get(cohort.id)
    assert stored is not None and release_date(stored, 2) == date(2026, 5, 18)


async def test_small_things(
    app: BotUnderTest, aigul: SimUser, erlan: SimUser, telegram: FakeTelegramServer
) -> None:
    cohort = await make_cohort(app, name="Бастау Бизнес · Playground")
    await onboard(aigul, "kk")
    await app.s.training.enrol(aigul.id, cohort, check_capacity=False)
    [courses] = await aigul.press("📚 Менің курстарым")
    assert "Бастау Бизнес · Playground" in courses.content
    assert "Бастау Бизнес · Бастау Бизнес" not in courses.content
    # Before the start: when the first lesson comes, not «wait».
    assert "Алғашқы сабақтың ашылатын уақыты: 2026 жылғы 15 мамыр, сағат 09:00" in courses.content
    assert printable("Лек 🚀 Атырау") == "Лек Атырау"

    # Trainers are offered as buttons: no id to type.
    nurlan = await staff(app, telegram, 3001, "Нұрлан", "trainer")
    await onboard(erlan, "ru")
    await erlan.command("cohorts")
    await erlan.press("Бастау Бизнес · Playground · 1/30")
    await erlan.press("✏️ Изменить")
    [ask] = await erlan.press("➕ Бизнес-тренер")
    assert "Нұрлан" in ask.buttons()
    [card] = await erlan.press("Нұрлан")
    assert "Нұрлан добавлен(а) бизнес-тренером" in card.content
    assert await app.s.cohorts.trainers(cohort.id) == [nurlan.id]
    await deliver(app)
    await nurlan.wait_for_message(lambda m: "Playground" in m.content)
