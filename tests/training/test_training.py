"""Trainees, with a fake clock, through the fake Bot API, in Kazakh and Russian: joining by deep
link and by code, daily releases, one message a day for someone behind, check questions (below
the lesson, another try after a wrong answer), completion, the certificate (the PDF opens; its
number verifies), and bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO

from pypdf import PdfReader

from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.telegram.callbacks import TrainCb
from bot.training.courses import Lesson
from bot.training.service import progress_bar, release_date
from storage.cohorts import Cohort
from tests.conftest import COORDINATOR_ID, BotUnderTest, alert, onboard


async def make_cohort(
    app: BotUnderTest,
    course: str = "bastau",
    *,
    starts_on: date = date(2026, 5, 15),
    capacity: int | None = 30,
    region: str = "almaty",
    name: str = "Бастау Бизнес — Кеген ауданы — 3-лек",
) -> Cohort:
    found = app.s.training.courses.get(course)
    assert found is not None
    return await app.s.training.create_cohort(
        course=found,
        name=name,
        region=region,
        district="kegen" if region == "almaty" else None,
        starts_on=starts_on,
        weekdays_only=False,
        release_time=time(9, 0),
        capacity=capacity,
        created_by=COORDINATOR_ID,
    )


async def at_local(app: BotUnderTest, day: date, hour: int = 9, minute: int = 0) -> None:
    """Move the clock to a Kazakhstan local time, and run the planners and the sender."""
    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=5)
    app.clock.set(moment)
    await app.s.planners.run(app.clock.now())
    while await app.engine.run_once():
        pass
    await app.telegram.wait_idle()


async def answer_right(user: SimUser, lesson: Lesson, ask: str, following: str) -> None:
    """Open the lesson's questions (the button `ask`) and answer each one right."""
    await user.press(ask)
    for index, question in enumerate(lesson.questions):
        await user.press(str(question.answer + 1))
        if index + 1 < len(lesson.questions):
            await user.press(following)


def test_schedule_and_progress_bar() -> None:
    daily = Cohort(1, "x", None, None, datetime.now(UTC), "bastau", date(2026, 5, 15))
    assert release_date(daily, 1) == date(2026, 5, 15) and release_date(daily, 3) == date(
        2026, 5, 17
    )
    weekdays = Cohort(
        1, "x", None, None, datetime.now(UTC), "bastau", date(2026, 5, 16), weekdays_only=True
    )  # a Saturday: lessons start on Monday
    assert [release_date(weekdays, n) for n in (1, 2, 5, 6)] == [
        date(2026, 5, 18),
        date(2026, 5, 19),
        date(2026, 5, 22),
        date(2026, 5, 25),
    ]
    assert progress_bar(12, 30) == "▰▰▰▰▱▱▱▱▱▱ 12/30"
    assert progress_bar(0, 6) == "▱▱▱▱▱▱▱▱▱▱ 0/6"


async def test_aigul_joins_by_link_and_learns_day_by_day(
    app: BotUnderTest, aigul: SimUser
) -> None:
    cohort = await make_cohort(app)
    await onboard(aigul, "kk")
    card = (await aigul.command("start", f"c_{cohort.join_code}"))[-1]
    assert "Бастау Бизнес — Кеген ауданы — 3-лек" in card.content
    assert "Басталуы: 2026 жылғы 15 мамыр, сағат 09:00" in card.content
    assert "30 сабақ" in card.content
    joined = (await aigul.press("✅ Қосылу"))[-1]
    assert "Алғашқы сабақ 2026 жылғы 15 мамыр, сағат 09:00 келеді" in joined.content

    # Nothing before 09:00; at 09:00 lesson 1 arrives with its opening paragraph and a button.
    await at_local(app, date(2026, 5, 15), 8, 59)
    assert not [m for m in aigul.chat.bot_messages() if "1/30" in m.content]
    await at_local(app, date(2026, 5, 15), 9, 0)
    notice = await aigul.wait_for_message(lambda m: "1/30-сабақ ашылды" in m.content)
    assert "Бастау Бизнес" in notice.content and notice.buttons() == ["📖 Сабақты оқу"]

    lesson = (await aigul.press("📖 Сабақты оқу"))[-1]
    assert lesson.content.startswith("1/30 · ") and "Бүгінгі тапсырма" in lesson.content
    question = (await aigul.press("❓ Сұрақтарға жауап беру (2)"))[-1]
    assert "Сұрақ 1/2" in question.content and question.buttons() == ["1", "2", "3"]
    # The check question comes below the lesson: the lesson stays as it was.
    assert question.message_id != lesson.message_id
    kept = aigul.chat.get(lesson.message_id)
    assert kept is not None and kept.content == lesson.content
    await aigul.send("білмеймін")
    assert "батырмалармен" in aigul.last.content
    bastau = app.s.training.courses.get("bastau")
    assert bastau is not None
    first = bastau.lessons[0].questions[0]
    wrong = next(n for n in range(3) if n != first.answer)
    # A wrong answer (issue 20.9: it used to give the answer away) asks again.
    answered = (await aigul.press(str(wrong + 1)))[-1]
    assert answered.content.startswith("❌ Дұрыс емес. Тағы бір рет байқап көріңіз.")
    assert "Сұрақ 1/2" in answered.content and answered.buttons() == ["1", "2", "3"]
    # "Done" before the questions are answered is refused.
    await aigul.press_data(TrainCb(action="done", course="bastau", n=1).pack())
    assert "Алдымен" in alert(aigul)
    answered = (await aigul.press(str(first.answer + 1)))[-1]
    assert answered.content.startswith("✅ Дұрыс!")
    await aigul.press("Келесі сұрақ ›")
    second = bastau.lessons[0].questions[1]
    answered = (await aigul.press(str(second.answer + 1)))[-1]
    assert answered.content.startswith("✅ Дұрыс!")
    done = (await aigul.press("✅ Сабақ оқылды"))[-1]
    assert "1-сабақ оқылды" in done.content and "▱ 1/30" in done.content
    assert "Келесі сабақ 2026 жылғы 16 мамыр күні ашылады" in done.content

    # A lesson not yet released cannot be opened or "done" with forged data.
    for action in ("lesson", "done"):
        await aigul.press_data(TrainCb(action=action, course="bastau", n=5).pack())
        assert "2026 жылғы 19 мамыр күні ашылады" in alert(aigul)
    assert await app.s.cohorts.done_lessons(aigul.id, "bastau") == {1}


async def test_a_missed_lesson_gets_one_reminder(app: BotUnderTest, sergey: SimUser) -> None:
    cohort = await make_cohort(app)
    await onboard(sergey, "ru")
    await sergey.command("join", cohort.join_code)
    await sergey.press("✅ Присоединиться")
    await at_local(app, date(2026, 5, 15))
    await app.s.cohorts.mark_done(sergey.id, "bastau", 1, app.clock.now())
    await at_local(app, date(2026, 5, 16))  # lesson 2, not done

    def reminders() -> list[str]:
        return [m.content for m in sergey.chat.bot_messages() if m.content.startswith("⏰")]

    bastau = app.s.training.courses.get("bastau")
    assert bastau is not None
    titles = [lesson.title.ru for lesson in bastau.lessons]
    # Issue 14.4: one day behind, he used to get the lesson and an ambiguous «⏰ … уроки: 2.» at
    # the same minute. One message a day now: the new lesson and what is still open, by title.
    await at_local(app, date(2026, 5, 17))
    await at_local(app, date(2026, 5, 17), 15)  # the planner runs again that day: nothing new
    assert reminders() == []
    today = [m for m in sergey.chat.bot_messages() if "открыт урок 3/30" in m.content]
    assert len(today) == 1
    assert f"Ещё не пройдены: 1 урок\n• 2. {titles[1]}" in today[0].content
    assert today[0].buttons() == ["📖 Начать с самого раннего", "🆕 Новый урок"]
    assert (
        today[0].inline_keyboard[0][0]["callback_data"]
        == TrainCb(action="lesson", course="bastau", n=2).pack()
    )
    await at_local(app, date(2026, 5, 18))  # lessons 2 and 3 open, oldest first
    [day4] = [m for m in sergey.chat.bot_messages() if "открыт урок 4/30" in m.content]
    assert f"Ещё не пройдены: 2 урока\n• 2. {titles[1]}\n• 3. {titles[2]}" in day4.content
    # Three days with nothing done while behind: the daily message stops; the trainer sees him.
    await at_local(app, date(2026, 5, 19))
    await at_local(app, date(2026, 5, 20))
    assert reminders() == []
    released = [m for m in sergey.chat.bot_messages() if "открыт урок" in m.content]
    assert [m.content.split("открыт урок ")[1][:4] for m in released] == [
        "1/30",
        "2/30",
        "3/30",
        "4/30",
    ]
    stats = await app.s.training.stats(cohort)
    assert (sergey.id, 5) in stats.behind
    # Back at it: a lesson done, the next day's message comes again.
    await app.s.cohorts.mark_done(sergey.id, "bastau", 2, app.clock.now())
    await at_local(app, date(2026, 5, 21))
    assert [m for m in sergey.chat.bot_messages() if "открыт урок 7/30" in m.content]


async def test_late_joiner_gets_todays_lesson_and_sees_the_plan(
    app: BotUnderTest, sergey: SimUser
) -> None:
    cohort = await make_cohort(app, starts_on=date(2026, 5, 12))  # lesson 3 opened today 09:00
    await onboard(sergey, "ru")
    await sergey.command("join")
    card = (await sergey.send(cohort.join_code or ""))[-1]
    assert "Присоединиться к потоку?" in card.content
    joined = (await sergey.press("✅ Присоединиться"))[-1]
    assert "Открытые уроки" in joined.content
    assert "В потоке уже открыто уроков: 3. План, чтобы догнать поток: 2 урока в день." in (
        joined.content
    )
    assert "Догоните 15 мая 2026." in joined.content
    await app.engine.run_once()
    notice = await sergey.wait_for_message(lambda m: "открыт урок 3/30" in m.content)
    # Issue 20.7: the lessons already open and the plan, the button to the oldest.
    assert "Ещё не пройдены: 2 урока" in notice.content
    assert "Догоните 15 мая 2026" in notice.content
    assert notice.buttons() == ["📖 Начать с самого раннего", "🆕 Новый урок"]
    courses = (await sergey.press("📚 Мои курсы"))[-1]
    assert "▱▱▱▱▱▱▱▱▱▱ 0/30" in courses.content and "Дальше: 1." in courses.content
    listing = (await sergey.press("📋 Уроки: Бастау Бизнес"))[-1]
    assert "📖 1." in listing.content and "🔒 4." in listing.content
    assert "откроется 15 мая 2026" in listing.content
    assert listing.buttons()[:3] == ["📖 1", "📖 2", "📖 3"]


async def test_finishing_the_course_brings_a_certificate_that_verifies(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser
) -> None:
    cohort = await make_cohort(
        app, "zharkyra", starts_on=date(2026, 5, 9), name="Жарқыра — Атырау — 1-лек"
    )
    await onboard(aigul, "kk")
    await aigul.command("start", f"c_{cohort.join_code}")
    await aigul.press("✅ Қосылу")
    for number in range(1, 6):
        await app.s.cohorts.mark_done(aigul.id, "zharkyra", number, app.clock.now())
    zharkyra = app.s.training.courses.get("zharkyra")
    assert zharkyra is not None
    last = zharkyra.lessons[5]
    await aigul.press_data(TrainCb(action="lesson", course="zharkyra", n=6).pack())
    await answer_right(
        aigul, last, f"❓ Сұрақтарға жауап беру ({len(last.questions)})", "Келесі сұрақ ›"
    )
    replies = await aigul.press("✅ Сабақ оқылды")
    [congratulations] = [m for m in replies if "Құттықтаймыз" in m.content]
    [document] = [m for m in replies if m.kind == "document"]
    certificate = await app.s.cohorts.certificate_of(aigul.id, "zharkyra")
    assert certificate is not None and certificate.number in congratulations.content
    assert document.document is not None
    pdf = PdfReader(BytesIO(document.document.data))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    for expected in ("СЕРТИФИКАТ", "Айгүл Серікова", "Жарқыра", "Атырау", certificate.number):
        assert expected in text, expected
    assert "2026 жылғы 14 мамыр" in text

    await onboard(sergey, "ru")
    verified = (await sergey.command("verify", certificate.number))[-1]
    assert "Сертификат действителен" in verified.content and "Айгүл Серікова" in verified.content
    by_link = (await sergey.command("start", f"v_{certificate.number}"))[-1]
    assert "Сертификат действителен" in by_link.content
    missing = (await sergey.command("verify", "ZHARKY-NOPE0000"))[-1]
    assert "не найден" in missing.content
    # Finishing again does not make a second certificate.
    await aigul.press_data(TrainCb(action="done", course="zharkyra", n=6).pack())
    assert await app.s.cohorts.certificate_of(aigul.id, "zharkyra") == certificate


async def test_joining_problems_are_explained(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    unknown = (await aigul.command("start", "c_NOSUCH"))[-1]
    assert "Мұндай код табылмады" in unknown.content
    finished = await make_cohort(app, "zharkyra", starts_on=date(2026, 3, 1), name="Көктем лек")
    reply = (await aigul.command("join", finished.join_code))[-1]
    assert "оқуы аяқталған" in reply.content
    small = await make_cohort(app, capacity=1, name="Шағын лек")
    other = await make_cohort(app, name="Екінші лек")
    await aigul.command("join", small.join_code)
    await aigul.press("✅ Қосылу")
    # Issue 20.10: a full cohort's card offers no «Join»: it says so and offers the other one.
    full = (await sergey.command("join", small.join_code))[-1]
    assert "не осталось мест" in full.content and "Присоединиться" not in " ".join(full.buttons())
    assert full.buttons() == ["➡️ Екінші лек · начало 15 мая 2026"]
    card = (await sergey.press("➡️ Екінші лек · начало 15 мая 2026"))[-1]
    assert "Поток: Екінші лек" in card.content and card.buttons() == ["✅ Присоединиться"]
    await aigul.command("join", other.join_code)
    second = (await aigul.press("✅ Қосылу"))[-1]
    assert "басқа лекте оқып жатырсыз: «Шағын лек»" in second.content
    assert [c.id for c, _ in await app.s.cohorts.memberships(aigul.id)] == [small.id]


async def test_an_approved_training_application_enrols_the_applicant(
    app: BotUnderTest, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    far = await make_cohort(app, region="atyrau", name="Атырау лек")
    near = await make_cohort(app, region="almaty", name="Кеген лек")
    service, repo = app.s.applications, app.s.applications.repo
    draft = await repo.create_draft(aigul.id, "bastau", app.clock.now())
    for field in service.program_of(draft).fields:
        value = {"region": "almaty", "district": "kegen"} if field.code == "region" else "x"
        await repo.save_answer(
            draft.id,
            field.code,
            value,
            step=None,
            now=app.clock.now(),
            region=("almaty", "kegen") if field.code == "region" else None,
        )
    submitted = await service.submit(await repo.require(draft.id))
    await service.approve(submitted, COORDINATOR_ID)
    assert [c.id for c, _ in await app.s.cohorts.memberships(aigul.id)] == [near.id]
    assert far.id != near.id
    await app.engine.run_once()
    told = await aigul.wait_for_message(lambda m: "лек: Кеген лек" in m.content)
    assert "2026 жылғы 15 мамыр, сағат 09:00" in told.content
