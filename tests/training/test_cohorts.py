"""Trainers and coordinators run cohorts through the fake Bot API, in Kazakh and Russian: the
new-cohort wizard with bad input, the card's numbers as trainees progress (a FakeClock moves
instead of waiting), the nudge, the Excel export, moving, removing and adding trainees, a full
cohort, editing, scope (and forged buttons), and writing to a cohort through broadcasts.

Cohorts and progress are set up through the service and the repository; the staff side is what
these tests drive through the chat.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from io import BytesIO

from openpyxl import load_workbook

from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.telegram.callbacks import CohortCb, TrainCb
from storage.cohorts import Cohort
from storage.users import Profile, Role
from tests.conftest import COORDINATOR_ID, BotUnderTest, alert, deliver, onboard

TODAY = date(2026, 5, 14)  # the FakeClock: Thursday, 11:00 in Kazakhstan


async def person(
    app: BotUnderTest,
    telegram: FakeTelegramServer,
    user_id: int,
    first: str,
    last: str | None = None,
    *,
    language: str = "kk",
) -> SimUser:
    """Someone who has started the bot before (a user row in their language)."""
    sim = telegram.user(user_id, first, last, language_code=language)
    await app.s.users.upsert_demo(
        Profile(user_id, first, last, None, language), language, app.clock.now()
    )
    return sim


async def staff(
    app: BotUnderTest,
    telegram: FakeTelegramServer,
    user_id: int,
    first: str,
    role: Role,
    *,
    region: str | None = None,
    language: str = "kk",
) -> SimUser:
    sim = telegram.user(user_id, first, language_code=language)
    await onboard(sim, language)
    await app.s.users.grant(
        user_id, role, program=None, region=region, granted_by=None, now=app.clock.now()
    )
    await sim.command("menu")  # the keyboard with the staff items
    return sim


async def cohort_of(
    app: BotUnderTest,
    name: str,
    *,
    course: str = "bastau",
    starts_on: date = TODAY + timedelta(days=1),
    capacity: int | None = 30,
    region: str = "almaty",
    trainer: int | None = None,
) -> Cohort:
    found = app.s.training.courses.get(course)
    assert found is not None
    cohort = await app.s.training.create_cohort(
        course=found,
        name=name,
        region=region,
        district="raiymbek" if region == "almaty" else None,
        starts_on=starts_on,
        weekdays_only=False,
        release_time=time(9, 0),
        capacity=capacity,
        created_by=COORDINATOR_ID,
    )
    if trainer is not None:
        await app.s.cohorts.add_trainer(cohort.id, trainer)
    return cohort


async def progress(app: BotUnderTest, user_id: int, lessons: range, days_ago: int = 0) -> None:
    moment = app.clock.now() - timedelta(days=days_ago)
    for number in lessons:
        await app.s.cohorts.mark_done(user_id, "bastau", number, moment)


# -- the wizard -------------------------------------------------------------------------------


async def test_coordinator_creates_a_cohort_in_russian(
    app: BotUnderTest, erlan: SimUser, telegram: FakeTelegramServer
) -> None:
    nurlan = await person(app, telegram, 3001, "Нұрлан", "Әбенов")
    await onboard(erlan, "ru")
    assert "🎓 Потоки" in erlan.reply_buttons()
    [listing] = await erlan.press("🎓 Потоки")
    assert "Потоков: 0" in listing.content and "Потоков пока нет" in listing.content

    [step] = await erlan.press("➕ Новый поток")
    assert step.message_id == listing.message_id, "the wizard edits the list in place"
    assert "1/9" in step.content and "По какому курсу" in step.content
    assert step.buttons()[:2] == ["Бастау Бизнес", "Жарқыра: социальное предпринимательство"]
    [hint] = await erlan.send("Бастау")
    assert "ответьте кнопками" in hint.content and "По какому курсу" in hint.content

    [step] = await erlan.press("Бастау Бизнес")
    assert "2/9" in step.content and "название потока" in step.content
    [reply] = await erlan.send("аб")
    assert "Слишком короткое название" in reply.content
    [reply] = await erlan.send("ы" * 121)
    assert "лишних 1" in reply.content
    [step] = await erlan.send("Бастау Бизнес — Райымбекский район — <3-й> поток")
    assert "3/9" in step.content and "Алматинская область" in step.buttons()
    [reply] = await erlan.send_sticker()
    assert "ответьте кнопками" in reply.content
    [step] = await erlan.press("Алматинская область")
    assert "4/9" in step.content and step.buttons()[0] == "Вся область"
    [step] = await erlan.press("Райымбекский район")
    assert "5/9" in step.content and "14.05.2026" in step.content

    [reply] = await erlan.send("13.05.2026")
    assert "уже прошёл" in reply.content and "14 мая 2026" in reply.content
    [reply] = await erlan.send("31.02.2026")
    assert "Не понял дату" in reply.content
    [reply] = await erlan.send("15.05.2028")
    assert "Слишком далеко" in reply.content
    [step] = await erlan.send("18.05.2026")
    assert "6/9" in step.content
    [step] = await erlan.press("Только по будням")
    assert "7/9" in step.content and "🕘 09:00" in step.buttons()
    [reply] = await erlan.send("25:00")
    assert "Не понял время" in reply.content
    [step] = await erlan.send("18:30")
    assert "8/9" in step.content

    for bad in ("0", "-5"):
        [reply] = await erlan.send(bad)
        assert "не меньше 1" in reply.content
    [reply] = await erlan.send("много")
    assert "цифрами" in reply.content
    [step] = await erlan.send("2")
    assert "9/9" in step.content and "бизнес-тренера" in step.content
    [reply] = await erlan.send("12345678")
    assert "ещё не запускал бота" in reply.content
    [summary] = await erlan.forward_from(nurlan)
    assert "Проверьте новый поток" in summary.content
    assert "Название: Бастау Бизнес — Райымбекский район — <3-й> поток" in summary.content
    assert "Где: Райымбекский район, Алматинская область" in summary.content
    assert "Первый урок: 18 мая 2026" in summary.content
    assert "Расписание: по будням (пн–пт), в 18:30" in summary.content
    assert "Мест: 2" in summary.content and "Бизнес-тренер: Нұрлан Әбенов" in summary.content
    assert "нет роли бизнес-тренера" in summary.content

    # Back to the trainer, and forward again with the button.
    [step] = await erlan.press("‹ Назад")
    assert "9/9" in step.content
    [summary] = await erlan.forward_from(nurlan)
    [card] = await erlan.press("✅ Создать поток")
    assert card.message_id == summary.message_id
    [cohort] = await app.s.cohorts.all()
    assert cohort.join_code and cohort.course == "bastau"
    assert (cohort.region, cohort.district, cohort.capacity) == ("almaty", "raiymbek", 2)
    assert cohort.weekdays_only and cohort.release_time == time(18, 30)
    assert cohort.starts_on == date(2026, 5, 18)
    assert await app.s.cohorts.trainers(cohort.id) == [nurlan.id]
    assert "Поток создан" in card.content
    assert f"Код для входа: {cohort.join_code}" in card.content
    assert f"https://t.me/qadam_test_bot?start=c_{cohort.join_code}" in card.content
    assert "Участники: 0 / 2" in card.content
    assert "Первый урок откроется 18 мая 2026" in card.content
    # Working days skip public holidays (issue 20.8): Kurban ait, 27 May 2026, moves the end.
    assert "Расписание: по будням (пн–пт), в 18:30; 18 мая 2026 – 29 июня 2026" in card.content
    # The button of a wizard already finished is stale.
    await erlan.press_data(CohortCb(action="wok").pack())
    assert "устарела" in alert(erlan)
    assert len(await app.s.cohorts.all()) == 1

    await deliver(app)
    notice = await nurlan.wait_for_message(lambda m: "бизнес-жаттықтырушысы" in m.content)
    assert "«Бастау Бизнес — Райымбекский район — <3-й> поток»" in notice.content


async def test_kazakh_coordinator_goes_back_cancels_and_creates(
    app: BotUnderTest, telegram: FakeTelegramServer
) -> None:
    asel = await staff(app, telegram, 3003, "Әсел", "coordinator")
    [listing] = await asel.press("🎓 Лектер")
    assert "Лектер саны: 0" in listing.content
    await asel.press("➕ Жаңа лек")
    await asel.press("Жарқыра: әлеуметтік кәсіпкерлік")
    await asel.send("Жарқыра — Атырау — 1-лек")
    [step] = await asel.press("‹ Артқа")
    assert "2/9" in step.content and "Лектің атауын" in step.content
    await asel.send("Жарқыра — Атырау — 1-лек")
    await asel.press("Атырау облысы")
    [step] = await asel.press("Бүкіл облыс")
    assert "5/9" in step.content and "Бірінші сабақ қай күні" in step.content
    [reply] = await asel.send("ертең")
    assert "Күнді түсінбедім" in reply.content
    await asel.send("14.05.2026")
    await asel.press("Күн сайын")
    await asel.press("🕘 09:00")
    [reply] = await asel.send("0")
    assert "кемінде 1" in reply.content
    await asel.press("Шектеусіз")
    [summary] = await asel.press("Кейінірек ›")
    assert "Орны: Атырау облысы" in summary.content
    assert "Кестесі: күн сайын, сағат 09:00" in summary.content
    assert "Орын саны: шектеусіз" in summary.content
    assert "Бизнес-жаттықтырушы: әзірге жоқ" in summary.content
    [card] = await asel.press("✅ Лекті құру")
    assert "Лек құрылды" in card.content and "Қатысушылар: 0 (шектеусіз)" in card.content
    assert "Бизнес-жаттықтырушы: әлі бекітілмеген" in card.content
    assert "Ашылған сабақ: 1/6" in card.content, "it starts today: 09:00 has passed"

    # A second wizard, cancelled: nothing is created and its buttons go stale.
    [listing] = await asel.press("‹ Барлық лектер")
    await asel.press("➕ Жаңа лек")
    [listing] = await asel.press("Бас тарту")
    assert "Лектер саны: 1" in listing.content
    await asel.press_data(CohortCb(action="wc", value="bastau").pack())
    assert "ескірген" in alert(asel)
    assert len(await app.s.cohorts.all()) == 1


# -- the card ---------------------------------------------------------------------------------


async def test_dashboard_numbers_nudge_and_excel_in_kazakh(
    app: BotUnderTest, telegram: FakeTelegramServer
) -> None:
    nurlan = await staff(app, telegram, 3001, "Нұрлан", "trainer")
    cohort = await cohort_of(
        app,
        "Бастау Бизнес — Райымбек — 3-лек",
        starts_on=TODAY - timedelta(days=6),
        trainer=nurlan.id,
    )  # lessons 1..7 open at 09:00 of 8..14 May; it is 11:00 on the 14th
    names = ["Айгүл", "Бақыт", "<Бекзат>", "Дәулет", "Ерлан"]
    trainees = [await person(app, telegram, 4001 + i, n) for i, n in enumerate(names)]
    for sim in trainees:
        await app.s.cohorts.add_member(cohort.id, sim.id, app.clock.now() - timedelta(days=6))
    await progress(app, 4001, range(1, 8))  # all open lessons
    await progress(app, 4002, range(1, 6), days_ago=10)  # 2 behind, not active for a week
    await progress(app, 4003, range(1, 4))  # 4 behind
    # 4004 has done nothing: 7 behind
    await progress(app, 4005, range(1, 5))  # 3 behind

    [listing] = await nurlan.command("cohorts")
    assert "Лектер саны: 1" in listing.content and "➕ Жаңа лек" not in listing.buttons()
    assert "5 қатысушы · 7/30 сабақ ашылды" in listing.content
    [card] = await nurlan.press("Бастау Бизнес — Райымбек — 3-лек · 5/30")
    text = card.content
    assert "Курс: Бастау Бизнес" in text and "Орны: Райымбек ауданы, Алматы облысы" in text
    assert "Бизнес-жаттықтырушы: Нұрлан" in text
    assert "Қатысушылар: 5 / 30" in text and "Соңғы 7 күнде белсенді: 3" in text
    assert "Ашылған сабақ: 7/30" in text
    bastau = app.s.training.courses.get("bastau")
    assert bastau is not None
    titles = [lesson.title.kk for lesson in bastau.lessons]
    assert f"1. {titles[0]} — 4/5" in text and f"5. {titles[4]} — 2/5" in text
    assert f"7. {titles[6]} — 1/5" in text
    assert "3 және одан көп сабақтан қалғандар: 3" in text
    assert "• Дәулет — 7 сабақ" in text and "• <Бекзат> — 4 сабақ" in text
    assert "• Ерлан — 3 сабақ" in text and "Бақыт —" not in text
    assert card.buttons() == [
        "🔔 Еске салу (3)",
        "⬇️ Excel",
        "📣 Лекке жазу",
        "👥 Қатысушылар (5)",
        "🔄 Жаңарту",
        "‹ Барлық лектер",
    ], "a trainer neither edits nor adds"

    # Issue 20.10: the nudge asks first, and afterwards the card no longer offers it for them.
    [confirm] = await nurlan.press("🔔 Еске салу (3)")
    assert "3 қатысушыға" in confirm.content and "Дәулет" in confirm.content
    [card] = await nurlan.press("🔔 Иә, жіберу")
    assert "Еске салу жіберілді: 3 адамға" in alert(nurlan)
    assert not [b for b in card.buttons() if b.startswith("🔔")]
    await deliver(app)
    nudge = await trainees[3].wait_for_message(lambda m: bool(m.inline_keyboard))
    assert "Бастау Бизнес" in nudge.content
    assert (
        nudge.inline_keyboard[0][0]["callback_data"]
        == TrainCb(action="lesson", course="bastau", n=1).pack()
    )
    nudged = {
        sim.id for sim in trainees if any(m.inline_keyboard for m in sim.chat.bot_messages())
    }
    assert nudged == {4003, 4004, 4005}
    await nurlan.press_data(CohortCb(action="nuy", cohort=cohort.id).pack(), card.message_id)
    assert "күніне бір рет" in alert(nurlan)

    # The Excel file: a row per trainee, a column per lesson.
    await nurlan.press("⬇️ Excel")
    [document] = [m for m in nurlan.chat.bot_messages() if m.kind == "document"]
    assert document.document is not None
    assert (document.document.file_name or "").endswith(".xlsx")
    assert "5 қатысушы" in document.content
    sheet = load_workbook(BytesIO(document.document.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "Қатысушы",
        "Қосылған күні",
        "Орындалған сабақ",
        "Соңғы белсенділік",
        "1",
        "2",
    )
    assert len(rows[0]) == 4 + 30 and len(rows) == 6
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Айгүл"][2] == 7 and by_name["Айгүл"][4:12] == ("✓",) * 7 + (None,)
    assert by_name["Дәулет"][2] == 0 and by_name["Дәулет"][3] is None
    assert by_name["Дәулет"][4:11] == ("—",) * 7
    assert by_name["<Бекзат>"][4:11] == ("✓",) * 3 + ("—",) * 4
    assert by_name["Айгүл"][1].date() == TODAY - timedelta(days=6)
    assert sheet.cell(row=1, column=5).comment.text == titles[0]

    # A day later lesson 8 is open: everyone who did not read it is one lesson further behind.
    app.clock.advance(timedelta(days=1))
    [card] = await nurlan.press("🔄 Жаңарту")
    assert "Ашылған сабақ: 8/30" in card.content
    assert "3 және одан көп сабақтан қалғандар: 4" in card.content
    assert "• Бақыт — 3 сабақ" in card.content
    assert "🔔 Еске салу (4)" in card.buttons()


# -- trainees ---------------------------------------------------------------------------------


async def test_move_keeps_progress_and_remove_in_russian(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    first = await cohort_of(app, "Поток А", starts_on=TODAY - timedelta(days=3))
    second = await cohort_of(app, "Поток Б")
    full = await cohort_of(app, "Поток В", capacity=1)
    await person(app, telegram, 4999, "Дана")
    await app.s.cohorts.add_member(full.id, 4999, app.clock.now())
    other_course = await cohort_of(app, "Жарқыра поток", course="zharkyra")
    await onboard(sergey, "ru")
    await app.s.cohorts.add_member(first.id, sergey.id, app.clock.now())
    await progress(app, sergey.id, range(1, 4))
    await onboard(erlan, "ru")

    await erlan.command("cohorts")
    await erlan.press("Поток А · 1/30")
    [members] = await erlan.press("👥 Участники (1)")
    assert "Участников: 1" in members.content
    [trainee] = await erlan.press("Сергей Ким · 3/4")
    assert "Пройдено: ▰▱▱▱▱▱▱▱▱▱ 3/30" in trainee.content
    assert "Отстаёт на 1 урок" in trainee.content and "14 мая 2026, 11:00" in trainee.content
    [targets] = await erlan.press("↔ Перевести в другой поток")
    assert targets.buttons() == ["Поток Б · 0/30", "Поток В · 1/1", "‹ Назад"]
    await erlan.press("Поток В · 1/1")
    assert "нет свободных мест: занято 1 из 1" in alert(erlan)
    [(still_in, _)] = await app.s.cohorts.memberships(sergey.id)
    assert still_in.id == first.id, "a refused move leaves the trainee where they were"
    assert other_course.name not in " ".join(targets.buttons())
    [moved] = await erlan.press("Поток Б · 0/30")
    assert "Сергей Ким переведён(а) в поток «Поток Б»" in moved.content
    assert "Участников: 0" in moved.content
    [(now_in, _)] = await app.s.cohorts.memberships(sergey.id)
    assert now_in.id == second.id
    assert await app.s.cohorts.done_lessons(sergey.id, "bastau") == {1, 2, 3}
    await deliver(app)
    notice = await sergey.wait_for_message(lambda m: "Вас перевели" in m.content)
    assert "«Поток Б»" in notice.content and "Пройденные уроки сохранились" in notice.content

    # A stale button of the old cohort for someone no longer there.
    await erlan.press_data(CohortCb(action="mv", cohort=first.id, value=str(sergey.id)).pack())
    assert "уже нет в потоке" in alert(erlan)

    await erlan.command("cohorts")
    await erlan.press("Поток Б · 1/30")
    await erlan.press("👥 Участники (1)")
    await erlan.press("Сергей Ким · 3/0")
    [confirm] = await erlan.press("✖ Исключить из потока")
    assert "Исключить Сергей Ким из потока «Поток Б»?" in confirm.content
    [after] = await erlan.press("✖ Да, исключить")
    assert "Сергей Ким исключён(а) из потока" in after.content
    assert await app.s.cohorts.memberships(sergey.id) == []
    assert await app.s.cohorts.done_lessons(sergey.id, "bastau") == {1, 2, 3}
    await deliver(app)
    await sergey.wait_for_message(lambda m: "Вас исключили из потока «Поток Б»" in m.content)


async def test_adding_trainees_by_id_and_forward_up_to_a_full_cohort(
    app: BotUnderTest,
    erlan: SimUser,
    aigul: SimUser,
    sergey: SimUser,
    john: SimUser,
    telegram: FakeTelegramServer,
) -> None:
    small = await cohort_of(app, "Малый поток", capacity=2)
    other = await cohort_of(app, "Другой поток")
    finished = await cohort_of(app, "Старый поток", starts_on=date(2026, 3, 1))
    for sim, language in ((aigul, "kk"), (sergey, "ru"), (john, "kk")):
        await onboard(sim, language)
    await app.s.cohorts.add_member(other.id, john.id, app.clock.now())
    await onboard(erlan, "ru")

    await erlan.command("cohorts")
    await erlan.press("Малый поток · 0/2")
    [ask] = await erlan.press("➕ Добавить участника")
    assert "Кого добавить в поток «Малый поток»" in ask.content
    [reply] = await erlan.send("не знаю")
    assert "Telegram ID" in reply.content
    [reply] = await erlan.send("999999")
    assert "ещё не запускал бота" in reply.content
    [reply] = await erlan.forward_from(hidden_name="Кто-то")
    assert "скрыл своё имя" in reply.content
    [reply] = await erlan.send(str(aigul.id))
    assert "Айгүл Серікова в потоке (участники: 1/2)" in reply.content
    [reply] = await erlan.send(str(aigul.id))
    assert "уже учится в этом потоке" in reply.content
    [reply] = await erlan.send(str(john.id))
    assert "уже учится в другом потоке этого курса: «Другой поток»" in reply.content
    [reply] = await erlan.forward_from(sergey)
    assert "Сергей Ким в потоке (участники: 2/2)" in reply.content
    await app.s.users.upsert_demo(Profile(1004, "Дана", None, None, "ru"), "ru", app.clock.now())
    telegram.user(1004, "Дана", language_code="ru")
    [reply] = await erlan.send("1004")
    assert "нет свободных мест: занято 2 из 2" in reply.content
    assert {m.user_id for m in await app.s.cohorts.members(small.id)} == {aigul.id, sergey.id}
    [card] = await erlan.press("‹ К потоку")
    assert "Участники: 2 / 2" in card.content

    await deliver(app)
    welcome = await aigul.wait_for_message(lambda m: "легіне қосты" in m.content)
    assert "«Бастау Бизнес» курсының «Малый поток» легіне" in welcome.content

    # A finished course takes nobody new.
    await erlan.command("cohorts")
    await erlan.press("Старый поток · 0/30")
    await erlan.press("➕ Добавить участника")
    [reply] = await erlan.send("1004")
    assert "Курс этого потока уже закончился" in reply.content
    assert await app.s.cohorts.members(finished.id) == []


# -- editing ----------------------------------------------------------------------------------


async def test_editing_a_cohort_in_russian(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    soon = await cohort_of(app, "Будущий поток")
    running = await cohort_of(app, "Идущий поток", starts_on=TODAY - timedelta(days=2))
    await onboard(sergey, "ru")
    await app.s.cohorts.add_member(running.id, sergey.id, app.clock.now())
    await onboard(erlan, "ru")

    await erlan.command("cohorts")
    await erlan.press("Будущий поток · 0/30")
    [menu] = await erlan.press("✏️ Изменить")
    assert menu.buttons() == [
        "Название",
        "Дата первого урока",
        "Расписание",
        "Время",
        "Число мест",
        "➕ Бизнес-тренер",
        "‹ К потоку",
    ]
    await erlan.press("Название")
    [reply] = await erlan.send("ы")
    assert "Слишком короткое" in reply.content
    # A refused value leaves the coordinator at the same question.
    [card] = await erlan.send("Бастау — Кеген — 4-й поток")
    assert "Сохранено" in card.content and "Бастау — Кеген — 4-й поток" in card.content
    await erlan.press("✏️ Изменить")
    await erlan.press("Дата первого урока")
    [card] = await erlan.send("01.06.2026")
    assert "1 июня 2026 –" in card.content
    await erlan.press("✏️ Изменить")
    await erlan.press("Время")
    [card] = await erlan.send("7:45")
    assert "каждый день, в 07:45" in card.content
    await erlan.press("✏️ Изменить")
    await erlan.press("Число мест")
    [card] = await erlan.press("Без ограничения")
    assert "Участники: 0 (без ограничения)" in card.content
    changed = await app.s.cohorts.get(soon.id)
    assert changed is not None
    assert (changed.name, changed.starts_on, changed.release_time, changed.capacity) == (
        "Бастау — Кеген — 4-й поток",
        date(2026, 6, 1),
        time(7, 45),
        None,
    )

    # A running cohort: the start date is fixed, capacity not below its trainees, and a schedule
    # that would close lessons already open is refused.
    await erlan.command("cohorts")
    await erlan.press("Идущий поток · 1/30")
    [menu] = await erlan.press("✏️ Изменить")
    assert "Дата первого урока" not in menu.buttons()
    await erlan.press_data(CohortCb(action="ef", cohort=running.id, value="start").pack())
    assert "менять поздно" in alert(erlan)
    await erlan.press("Время")
    [reply] = await erlan.send("12:00")  # today's lesson (09:00) would close until noon
    assert "уже открыто уроков — 3" in reply.content and "только 2" in reply.content
    await erlan.press("‹ К потоку")
    await erlan.press("✏️ Изменить")
    await erlan.press("Число мест")
    [reply] = await erlan.send("0")
    assert "не меньше 1" in reply.content
    await erlan.press("‹ К потоку")
    await erlan.press("✏️ Изменить")
    await erlan.press("Расписание")
    await erlan.press("Только по будням")
    # 12–14 May are Tuesday to Thursday: the same three lessons stay open.
    assert "Сохранено" in alert(erlan)
    await erlan.press("✏️ Изменить")
    await erlan.press("➕ Бизнес-тренер")
    [card] = await erlan.send(str(sergey.id))
    assert "Сергей Ким добавлен(а) бизнес-тренером" in card.content
    assert "нет роли бизнес-тренера" in card.content
    assert await app.s.cohorts.trainers(running.id) == [sergey.id]
    stored = await app.s.cohorts.get(running.id)
    assert stored is not None and stored.weekdays_only and stored.capacity == 30


# -- scope ------------------------------------------------------------------------------------


async def test_scope_trainers_regions_and_forged_buttons(
    app: BotUnderTest, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    nurlan = await staff(app, telegram, 3001, "Нұрлан", "trainer")
    gulnar = await staff(app, telegram, 3002, "Гүлнар", "trainer")
    asel = await staff(app, telegram, 3003, "Әсел", "coordinator", region="almaty")
    own = await cohort_of(app, "Нұрланның легі", trainer=nurlan.id)
    others = await cohort_of(app, "Гүлнардың легі", trainer=gulnar.id)
    atyrau = await cohort_of(app, "Атырау легі", region="atyrau")
    await onboard(aigul, "kk")

    # Not staff: no menu item, no list, no buttons.
    assert "🎓 Лектер" not in aigul.reply_buttons()
    [reply] = await aigul.command("cohorts")
    assert "рұқсатыңыз жоқ" in reply.content
    await aigul.press_data(CohortCb(action="o", cohort=own.id).pack())
    assert "рұқсатыңыз жоқ" in alert(aigul)

    # A trainer: their own cohort only, and nothing a coordinator does.
    assert "🎓 Лектер" in nurlan.reply_buttons()
    [listing] = await nurlan.command("cohorts")
    assert [b for b in listing.buttons() if "легі" in b] == ["Нұрланның легі · 0/30"]
    for forged in (
        CohortCb(action="o", cohort=others.id),
        CohortCb(action="xl", cohort=others.id),
        CohortCb(action="nu", cohort=others.id),
        CohortCb(action="bc", cohort=others.id),
        CohortCb(action="m", cohort=others.id),
        CohortCb(action="e", cohort=own.id),
        CohortCb(action="add", cohort=own.id),
        CohortCb(action="en", cohort=own.id),
        CohortCb(action="new"),
    ):
        await nurlan.press_data(forged.pack(), listing.message_id)
        assert "рұқсатыңыз жоқ" in alert(nurlan), forged
    stored = await app.s.cohorts.get(own.id)
    assert stored is not None and stored.capacity == 30

    # A regional coordinator: their region's cohorts, whoever teaches them.
    [listing] = await asel.command("cohorts")
    assert [b for b in listing.buttons() if "легі" in b] == [
        "Гүлнардың легі · 0/30",
        "Нұрланның легі · 0/30",
    ]
    await app.s.cohorts.add_member(own.id, aigul.id, app.clock.now())
    for forged in (
        CohortCb(action="o", cohort=atyrau.id),
        CohortCb(action="add", cohort=atyrau.id),
        CohortCb(action="mvt", cohort=own.id, value=f"{aigul.id}.{atyrau.id}"),
    ):
        await asel.press_data(forged.pack(), listing.message_id)
        assert "рұқсатыңыз жоқ" in alert(asel), forged
    [(still_in, _)] = await app.s.cohorts.memberships(aigul.id)
    assert still_in.id == own.id
    # Her new cohorts can only be in her region.
    await asel.press("➕ Жаңа лек")
    await asel.press("Бастау Бизнес")
    [step] = await asel.send("Алматы облысының легі")
    assert step.buttons() == ["Алматы облысы", "‹ Артқа", "Бас тарту"]
    await asel.press_data(CohortCb(action="wr", value="atyrau").pack())
    assert "рұқсатыңыз жоқ" in alert(asel)


# -- writing to a cohort ----------------------------------------------------------------------


async def test_write_to_the_cohort_reaches_only_its_trainees(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    nurlan = await staff(app, telegram, 3001, "Нұрлан", "trainer")
    own = await cohort_of(app, "Кеген — 2-лек", trainer=nurlan.id)
    elsewhere = await cohort_of(app, "Талғар — 1-лек")
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    await app.s.cohorts.add_member(own.id, aigul.id, app.clock.now())
    await app.s.cohorts.add_member(elsewhere.id, sergey.id, app.clock.now())

    await nurlan.command("cohorts")
    await nurlan.press("Кеген — 2-лек · 1/30")
    [ask] = await nurlan.press("📣 Лекке жазу")
    assert "1/4" in ask.content
    await nurlan.send("Ертең 10:00-де онлайн кездесу")
    audience = (await nurlan.press("Орысша нұсқасыз ›"))[-1]
    assert "Лек: Кеген — 2-лек" in audience.content
    assert "Алушылар: 1 (қазақша 1, орысша 0)" in audience.content
    await nurlan.press("Келесі ›")
    await nurlan.press("📤 Қазір жіберу")
    await deliver(app)
    got = await aigul.wait_for_message(lambda m: "онлайн кездесу" in m.content)
    assert got.content == "Ертең 10:00-де онлайн кездесу"
    assert not [m for m in sergey.chat.bot_messages() if "кездесу" in m.content]
    assert await app.s.db.fetchval("SELECT recipients FROM broadcasts") == 1
