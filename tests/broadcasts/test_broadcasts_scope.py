"""Broadcasts a coordinator can aim: the sender's scope cuts every audience on the server, and
audiences by program, application status and applicants (issue 21, items 1 and 2)."""

from __future__ import annotations

from bot.core.access import Access
from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.telegram.callbacks import BroadcastCb
from storage.users import Profile
from tests.broadcasts.test_broadcasts import compose, make_coordinator
from tests.conftest import BotUnderTest, alert, deliver, onboard

NOW_TEXT = "2026-05-14T06:00:00+00:00"


async def person(
    app: BotUnderTest,
    telegram: FakeTelegramServer,
    user_id: int,
    language: str,
    *,
    region: str | None = None,
) -> SimUser:
    """Someone who has used the bot before, with a home region if the bot has learnt it."""
    sim = telegram.user(user_id, f"Адам{user_id}", language_code=language)
    await app.s.users.upsert_demo(
        Profile(user_id, f"Адам{user_id}", None, None, language), language, app.clock.now()
    )
    if region is not None:
        await app.s.db.execute("UPDATE users SET region = ? WHERE id = ?", (region, user_id))
    return sim


async def applied(
    app: BotUnderTest, user_id: int, program: str, status: str, region: str | None
) -> None:
    """An application as the apply flow leaves it (it does not set the home region)."""
    await app.s.db.execute(
        "INSERT INTO applications (program, user_id, status, region, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (program, user_id, status, region, NOW_TEXT, NOW_TEXT),
    )


async def borrowed(app: BotUnderTest, user_id: int, program: str, region: str) -> None:
    await app.s.db.execute(
        "INSERT INTO loans (contract, program, region, user_id, principal, disbursed_on,"
        " term_months, frequency, first_due_on, due_day, total_due, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, 1000000, '2026-05-01', 12, 'monthly', '2026-06-01', 1, 1000000,"
        " ?, ?)",
        (f"ZH-{user_id}", program, region, user_id, NOW_TEXT, NOW_TEXT),
    )


async def world(app: BotUnderTest, telegram: FakeTelegramServer) -> dict[str, SimUser]:
    """Шымкент and Алматы people of Жарқыра and Бастау Бизнес."""
    now = app.clock.now()
    people = {
        # Жарқыра people in Шымкент: an applicant (no home region known) and a trainee.
        "zh_applicant": await person(app, telegram, 5001, "kk"),
        "zh_trainee": await person(app, telegram, 5002, "ru"),
        # Шымкент people of another program, or of none.
        "bb_applicant": await person(app, telegram, 5003, "kk", region="shymkent"),
        "nobody": await person(app, telegram, 5004, "ru", region="shymkent"),
        # A Жарқыра borrower in Алматы.
        "zh_almaty": await person(app, telegram, 5005, "kk", region="almaty-city"),
    }
    await applied(app, 5001, "zharkyra", "submitted", "shymkent")
    cohort = await app.s.cohorts.create(
        "Жарқыра — Шымкент — 1-лек", region="shymkent", now=now, course="zharkyra"
    )
    await app.s.cohorts.add_member(cohort.id, 5002, now)
    await applied(app, 5003, "bastau", "approved", "shymkent")
    await borrowed(app, 5005, "zharkyra", "almaty-city")
    return people


async def test_a_program_coordinator_writes_only_to_her_programs_people_in_her_region(
    app: BotUnderTest, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    """Айгүл grants Гүлнар «Жарқыра · Шымкент»: her «everyone» is Жарқыра's people there."""
    gulnar = telegram.user(3101, "Гүлнар", language_code="kk")
    await onboard(aigul, "kk")
    await onboard(gulnar, "kk")
    people = await world(app, telegram)
    await app.s.users.grant(
        gulnar.id,
        "coordinator",
        program="zharkyra",
        region="shymkent",
        granted_by=aigul.id,
        now=app.clock.now(),
    )

    await compose(gulnar, "Жарқыра: кездесу сейсенбіде", None, "kk")
    audience = gulnar.last
    assert "Өңір: Шымкент қаласы" in audience.content
    assert "Алушылар: 2 (қазақша 1, орысша 1)" in audience.content
    [choices] = await gulnar.press("Бағдарлама: Барлығы")
    assert choices.buttons() == ["Барлығы", "Жарқыра", "‹ Артқа"], "only her program"
    await gulnar.press_data(BroadcastCb(action="pick", value="program=bastau").pack())
    assert "құқығыңыз жоқ" in alert(gulnar)
    await gulnar.press("‹ Артқа")
    await gulnar.press("Келесі ›")
    await gulnar.press("📤 Қазір жіберу")
    assert await deliver(app) == 2
    for name in ("zh_applicant", "zh_trainee"):
        assert "кездесу" in (await people[name].wait_for_message()).content
    for name in ("bb_applicant", "nobody", "zh_almaty"):
        assert not people[name].chat.bot_messages(), f"{name} is outside her scope"
    assert await app.s.db.fetchval("SELECT recipients FROM broadcasts") == 2


async def test_the_scope_is_cut_on_the_server_whatever_the_criteria(
    app: BotUnderTest, telegram: FakeTelegramServer
) -> None:
    """Whatever reaches the query (forged, or an old scheduled broadcast): the sender's scope."""
    people = await world(app, telegram)
    ids = {sim.id: name for name, sim in people.items()}
    now = app.clock.now()
    trainer_id, gulnar_id, country_id = 3201, 3202, 3203
    for user_id in (trainer_id, gulnar_id, country_id):
        await person(app, telegram, user_id, "kk")
    await app.s.users.grant(
        trainer_id, "trainer", program=None, region=None, granted_by=None, now=now
    )
    [cohort] = await app.s.cohorts.all()
    await app.s.cohorts.add_trainer(cohort.id, trainer_id)
    await app.s.users.grant(
        gulnar_id, "coordinator", program="zharkyra", region="shymkent", granted_by=None, now=now
    )
    await app.s.users.grant(
        country_id, "coordinator", program=None, region=None, granted_by=None, now=now
    )

    async def reached(user_id: int, criteria: list[tuple[str, str]]) -> set[str]:
        access = Access(user_id, False, await app.s.users.roles_of(user_id))
        sql, params = app.s.audience.select_sql(criteria, access)
        return {ids.get(row[0], str(row[0])) for row in await app.s.db.fetchall(sql, params)}

    # A trainer: her cohort's members, even with no criteria at all.
    assert await reached(trainer_id, []) == {"zh_trainee"}
    # One program, one region: its people there (the cohort's trainer too), whatever region or
    # program is asked for.
    theirs = {"zh_applicant", "zh_trainee", str(trainer_id)}
    assert await reached(gulnar_id, []) == theirs
    assert await reached(gulnar_id, [("region", "shymkent")]) == {"zh_applicant", "zh_trainee"}
    assert await reached(gulnar_id, [("role", "trainer")]) == {str(trainer_id)}
    assert await reached(gulnar_id, [("region", "almaty-city")]) == set()
    assert await reached(gulnar_id, [("program", "bastau")]) == set()
    # The whole country: everyone but herself.
    everyone = set(people) | {str(trainer_id), str(gulnar_id)}
    assert await reached(country_id, []) == everyone
    assert await reached(country_id, [("program", "zharkyra")]) == theirs | {"zh_almaty"}
    assert await reached(country_id, [("program", "zharkyra"), ("region", "shymkent")]) == {
        "zh_applicant",
        "zh_trainee",
    }


async def test_audiences_by_program_application_status_and_applicants(
    app: BotUnderTest, erlan: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(erlan, "ru")
    for user_id, program, status in (
        (5101, "bastau", "info_requested"),
        (5102, "bastau", "approved"),
        (5103, "bastau", "approved"),  # has started the course
        (5104, "zharkyra", "info_requested"),
        (5105, "bastau", "draft"),
    ):
        await person(app, telegram, user_id, "ru")
        await applied(app, user_id, program, status, "almaty-city")
    await app.s.db.execute(
        "INSERT INTO lesson_progress (user_id, course, lesson, done_at) VALUES (5103, 'bastau', 1,"
        " ?)",
        (NOW_TEXT,),
    )
    await person(app, telegram, 5106, "kk")  # has never applied

    await compose(erlan, None, "Заявки: напоминание", "ru")
    [choices] = await erlan.press("Программа: Все")
    assert choices.buttons()[:3] == ["Все", "Бастау Бизнес", "Жарқыра"]
    [audience] = await erlan.press("Бастау Бизнес")
    assert "Программа: Бастау Бизнес" in audience.content
    assert "Получателей: 4 (на казахском 0, на русском 4)" in audience.content, "with the draft"

    await erlan.press("Заявка: Все")
    [audience] = await erlan.press("Запрошены уточнения")
    assert "Заявка: Запрошены уточнения" in audience.content
    assert "Получателей: 1 " in audience.content, "Бастау's, not Жарқыра's"
    await erlan.press("Заявка: Запрошены уточнения")
    [audience] = await erlan.press("Одобрены, курс не начат")
    assert "Получателей: 1 " in audience.content
    await erlan.press("Программа: Бастау Бизнес")
    [audience] = await erlan.press("Все")
    assert "Получателей: 1 " in audience.content
    await erlan.press("Заявка: Одобрены, курс не начат")
    [audience] = await erlan.press("Запрошены уточнения")
    assert "Получателей: 2 " in audience.content, "any program's"
    await erlan.press("Заявка: Запрошены уточнения")
    await erlan.press("Все")

    [choices] = await erlan.press("Кто: Все")
    assert "Подавшие заявку" in choices.buttons()
    [audience] = await erlan.press("Подавшие заявку")
    assert "Кто: Подавшие заявку" in audience.content
    assert "Получателей: 4 (на казахском 0, на русском 4)" in audience.content, "no draft"
    await erlan.press("Далее ›")
    await erlan.press("📤 Отправить сейчас")
    assert await deliver(app) == 4
    assert await app.s.db.fetchval("SELECT recipients FROM broadcasts") == 4


async def test_program_and_status_choices_in_kazakh(
    app: BotUnderTest, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(aigul, "kk")
    await make_coordinator(app, aigul)
    await person(app, telegram, 5201, "kk")
    await applied(app, 5201, "bastau", "info_requested", None)
    await compose(aigul, "Өтініміңізді толықтырыңыз", None, "kk")
    await aigul.press("Өтінім: Барлығы")
    [audience] = await aigul.press("Толықтыру сұралғандар")
    assert "Өтінім: Толықтыру сұралғандар" in audience.content
    assert "Алушылар: 1 (қазақша 1, орысша 0)" in audience.content
    [choices] = await aigul.press("Кімдер: Барлығы")
    assert "Өтінім бергендер" in choices.buttons()
