"""Mentoring through the fake Bot API, in Kazakh and Russian, with a fake clock: the coordinator
assigns a mentor, the mentee is asked on the due date and answers (a sticker gets a hint, then
text; later a voice note), the mentor assesses from the notice and comments; the next check-in is
missed — one reminder, then the coordinator hears, nothing twice and nothing after an answer; the
mentor is changed and the history stays; forged buttons reach nothing; erasure."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.people import Role
from bot.dev.fake_telegram import SimUser
from bot.telegram.callbacks import MentorAction, MentorCb
from tests.conftest import COORDINATOR_ID, BotUnderTest, alert, deliver, onboard
from tests.mentoring.conftest import at_local, funded


async def grant(app: BotUnderTest, user: SimUser, role: Role, region: str | None = None) -> None:
    await app.s.people.grant_role(
        user.id, role, program="zharkyra", region=region, by=COORDINATOR_ID
    )
    await user.command("menu")


async def a_day(app: BotUnderTest, day: date) -> None:
    """The planner just after midnight (nothing goes at night), then the morning's sending."""
    await at_local(app, day, 0, 15)
    await app.s.planners.run(app.clock.now())
    assert await deliver(app) == 0, "check-in notices wait for the morning"
    await at_local(app, day, 10, 5)
    await app.s.planners.run(app.clock.now())
    await deliver(app)


def texts(user: SimUser, start: str) -> list[str]:
    return [m.content for m in user.chat.bot_messages() if m.content.startswith(start)]


async def test_assign_check_in_assess_miss_escalate_and_change(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, marat: SimUser, bakyt: SimUser
) -> None:
    for user, language in ((erlan, "ru"), (aigul, "kk"), (marat, "ru"), (bakyt, "kk")):
        await onboard(user, language)
    await grant(app, marat, "mentor", "atyrau")
    await grant(app, bakyt, "mentor")
    project = await funded(app, aigul.id)

    # The coordinator: Айгүл is funded and has no mentor; he gives her Марат.
    assert "🤝 Наставничество" in erlan.reply_buttons()
    [home] = await erlan.press("🤝 Наставничество")
    assert "без наставника — 1, с наставником — 0" in home.content
    [card] = await erlan.press("⚪ Айгүл Серікова")
    assert "Наставника пока нет" in card.content and "Тігін цехы" in card.content
    assert "3 000 000 ₸" in card.content.replace("\u00a0", " ")
    [pick] = await erlan.press("➕ Назначить наставника")
    assert pick.buttons()[:2] == ["Бақыт Оразов", "Марат Ибраев"]
    [card] = await erlan.press("Марат Ибраев")
    assert "Наставник: Марат Ибраев" in card.content and "раз в 1 мес." in card.content
    assert alert(erlan) == "Наставник назначен: Марат Ибраев"
    await deliver(app)
    assert "жаңа" not in aigul.last.content
    assert "«Жарқыра» бағдарламасы бойынша тәлімгеріңіз: Марат Ибраев" in aigul.last.content
    assert "Вы наставник: Айгүл Серікова" in marat.last.content
    assert "первая 14 июня 2026" in marat.last.content

    # A month on: the first check-in is asked on its day, in the morning, once.
    for day in (date(2026, 6, 13), date(2026, 6, 14)):
        await a_day(app, day)
    [ask] = texts(aigul, "🔔")
    assert "№1 байланыс" in ask and "Марат Ибраев" in ask
    [prompt] = await aigul.press("✍️ Жауап беру")
    assert "Жобаңыз қалай жүріп жатыр?" in prompt.content
    [hint] = await aigul.send_sticker()
    assert "дауыстық хабармен немесе жазуы бар фотомен" in hint.content
    [thanks] = await aigul.send("Екі жаңа машина алдық, тапсырыс көбейді")
    assert "Рақмет" in thanks.content and "Марат Ибраев" in thanks.content
    await deliver(app)
    assess = marat.last
    assert "Айгүл Серікова ответил(а) на сверку №1" in assess.content
    assert "Екі жаңа машина алдық" in assess.content
    [rated] = await marat.press("🟡 Нужно внимание")
    assert rated.message_id == assess.message_id, "the notice becomes the answer"
    assert "Сверка №1: 🟡 нужно внимание" in rated.content
    await marat.press("💬 Добавить комментарий")
    await marat.send("Помочь с ценой на услуги")
    saved = marat.last
    assert "Помочь с ценой" in saved.content
    assert "№1 · 14 июня 2026 · ответ получен · 🟡 нужно внимание" in saved.content
    # Nothing after the answer: no reminder on the 3rd day, no escalation on the 6th.
    before = len(aigul.chat.bot_messages()), len(erlan.chat.bot_messages())
    for n in range(1, 8):
        await a_day(app, date(2026, 6, 14) + timedelta(days=n))
    assert (len(aigul.chat.bot_messages()), len(erlan.chat.bot_messages())) == before

    # The second check-in is not answered: asked, reminded once on the 3rd day, then missed and
    # the coordinator told 3 days after the reminder; nothing twice.
    day = date(2026, 7, 14)
    while day <= date(2026, 7, 25):
        await a_day(app, day)
        day += timedelta(days=1)
    asks = [t for t in texts(aigul, "🔔") if "№2" in t]
    assert (
        len(asks) == 2 and "Еске саламыз" in asks[1] and "2026 жылғы 14 шілде күнгі №2" in asks[1]
    )
    [missed] = texts(erlan, "⚠️ Пропущена")
    assert "сверка №2 от 14 июля 2026: Айгүл Серікова" in missed
    assert "Наставник: Марат Ибраев · Жарқыра · Атырауская область" in missed
    [card] = await erlan.press("📂 Открыть")
    assert "№2 · 14 июля 2026 · пропущена" in card.content
    assert "№1 · 14 июня 2026 · ответ получен" in card.content

    # The mentor is changed: Марат's mentorship ends, Бақыт's starts; the history stays.
    await erlan.press("🔄 Сменить наставника")
    [card] = await erlan.press("Бақыт Оразов")
    assert "Наставник: Бақыт Оразов" in card.content
    assert "Марат Ибраев — с 14 мая 2026 по 25 июля 2026" in card.content
    await deliver(app)
    assert "Ваше наставничество для Айгүл Серікова завершено" in marat.last.content
    assert "жаңа тәлімгеріңіз: Бақыт Оразов" in aigul.last.content
    [mine] = await marat.send("🤝 Наставничество")
    assert "Мои подопечные</b>: 0" in mine.content or "Мои подопечные: 0" in mine.content
    # Марат's old buttons reach nothing now.
    await marat.press_data(MentorCb(action=MentorAction.rate, c=1, r=1).pack())
    assert alert(marat) == "Не найдено или уже неактуально."

    # Бақыт's first check-in, a month on, answered with a voice note; he hears it again.
    await a_day(app, date(2026, 8, 25))
    await aigul.press("✍️ Жауап беру")
    [thanks] = await aigul.send_voice(12)
    assert "Бақыт Оразов" in thanks.content
    await deliver(app)
    assert "№1 байланысқа жауап берді" in bakyt.last.content
    assert "дауыстық хабар" in bakyt.last.content
    [mine] = await bakyt.send("🤝 Тәлімгерлік")
    [card] = await bakyt.press("Айгүл Серікова")
    for line in ("Марат Ибраев", "№2 · 2026 жылғы 14 шілде · жауап берілмеді"):
        assert line in card.content
    await bakyt.press("🎤 №1")
    voice = bakyt.last
    assert voice.kind == "voice"
    [assess] = await bakyt.press("⭐ №1 байланысты бағалау")
    [rated] = await bakyt.press("🟢 Жоспар бойынша")
    assert "№1 байланыс: 🟢 жоспар бойынша" in rated.content
    assert project > 0


async def test_scope_forged_buttons_photo_answer_end_and_erasure(
    app: BotUnderTest,
    aizhan: SimUser,
    dana: SimUser,
    sergey: SimUser,
    aigul: SimUser,
    bakyt: SimUser,
    marat: SimUser,
) -> None:
    for user, language in (
        (aizhan, "kk"),
        (dana, "ru"),
        (sergey, "ru"),
        (aigul, "kk"),
        (bakyt, "kk"),
        (marat, "ru"),
    ):
        await onboard(user, language)
    await app.s.people.grant_role(
        aizhan.id, "coordinator", program="zharkyra", region="atyrau", by=COORDINATOR_ID
    )
    await app.s.people.grant_role(
        dana.id, "coordinator", program=None, region="mangystau", by=COORDINATOR_ID
    )
    await aizhan.command("menu")
    await dana.command("menu")
    await grant(app, bakyt, "mentor", "atyrau")
    await grant(app, marat, "mentor", "mangystau")  # not a mentor for Atyrau
    sergeys = await funded(app, sergey.id, title="Кофейня")
    aiguls = await funded(app, aigul.id, region="mangystau", title="Наубайхана")

    # Айжан (Atyrau only) sees Сергей and not Айгүл; only Бақыт is offered as the mentor.
    [home] = await aizhan.press("🤝 Тәлімгерлік")
    assert "тәлімгері жоғы — 1, тәлімгері барлары — 0" in home.content
    assert home.buttons() == ["⚪ Сергей Ким"]
    await aizhan.press("⚪ Сергей Ким")
    [pick] = await aizhan.press("➕ Тәлімгер тағайындау")
    assert pick.buttons() == ["Бақыт Оразов", "‹ Артқа"]
    # A forged «assign Марат» (no mentor for Atyrau) and a forged card of Айгүл's project.
    await aizhan.press_data(MentorCb(action=MentorAction.assign, p=sergeys, u=marat.id).pack())
    assert alert(aizhan) == "Бұл адам осы бағдарлама мен облыста тәлімгер емес."
    await aizhan.press_data(MentorCb(action=MentorAction.person, p=aiguls).pack())
    assert alert(aizhan) == "Табылмады немесе енді өзекті емес."
    await aizhan.press("Бақыт Оразов")
    await deliver(app)
    assert "Бақыт Оразов" in sergey.last.content and "наставник" in sergey.last.content
    # Дана (Mangystau) reaches nothing of Atyrau's; Сергей (no role) reaches no coordinator
    # screen; Марат reaches no card of Бақыт's mentee.
    [mentorship] = [m for m, _ in await app.s.mentoring.mentors_of(sergey.id)]
    await dana.press_data(MentorCb(action=MentorAction.end_confirm, p=sergeys).pack())
    assert alert(dana) == "Не найдено или уже неактуально."
    await sergey.press_data(MentorCb(action=MentorAction.funded).pack())
    assert alert(sergey) == "У вас нет прав на это действие."
    await marat.press_data(MentorCb(action=MentorAction.card, m=mentorship.id).pack())
    assert alert(marat) == "Не найдено или уже неактуально."
    assert (await app.s.mentoring.current(sergeys)) == mentorship

    # The check-in: Сергей wanders off to the menu and comes back with a photo and a caption.
    await a_day(app, date(2026, 6, 14))
    [ask] = texts(sergey, "🔔")
    assert "Сверка №1" in ask and "Бақыт Оразов" in ask
    [checkin] = (await app.s.mentoring.history_of_mentee(sergey.id)).checkins()
    await marat.press_data(MentorCb(action=MentorAction.rate, c=checkin.id, r=3).pack())
    assert alert(marat) == "Не найдено или уже неактуально."
    await aigul.press_data(MentorCb(action=MentorAction.answer, c=checkin.id).pack())
    assert alert(aigul) == "Бұл байланысқа жауап берілген немесе ол енді өзекті емес."
    await sergey.press("✍️ Ответить")
    await sergey.send("📚 Мои курсы")
    [hint] = await sergey.send_document()
    assert "фото с подписью" in hint.content
    [thanks] = await sergey.send_photo(caption="Открыли вторую точку")
    assert "Спасибо" in thanks.content
    await deliver(app)
    assert "Сергей Ким №1 байланысқа жауап берді" in bakyt.last.content
    assert "📷 фото: Открыли вторую точку" in bakyt.last.content
    await sergey.press_data(MentorCb(action=MentorAction.answer, c=checkin.id).pack())
    assert alert(sergey) == "На эту сверку уже ответили, или она больше не актуальна."
    [mine] = await bakyt.press("🤝 Тәлімгерлік")
    assert (
        "Сергей Ким" in mine.content and "№1 · 2026 жылғы 14 маусым · жауап келді" in mine.content
    )
    await bakyt.press("Сергей Ким")
    await bakyt.press("📷 №1")
    assert bakyt.last.kind == "photo"

    # Айжан ends the mentorship: both are told; the history stays on her card.
    await aizhan.press("🤝 Тәлімгерлік")
    await aizhan.press("🤝 Сергей Ким → Бақыт Оразов")
    await aizhan.press("⏹ Тәлімгерлікті аяқтау")
    [card] = await aizhan.press("⏹ Иә, аяқтау")
    assert "Әзірге тәлімгер жоқ" in card.content
    assert "№1 · 2026 жылғы 14 маусым · жауап келді" in card.content
    await deliver(app)
    assert "Наставничество (Бақыт Оразов) завершено" in sergey.last.content
    assert "Сергей Ким үшін тәлімгерлігіңіз аяқталды" in bakyt.last.content
    # Nothing more is asked of an ended mentorship.
    before = len(sergey.chat.bot_messages())
    await a_day(app, date(2026, 7, 14))
    assert len(sergey.chat.bot_messages()) == before

    # Erasure: the mentee's mentorships and notes go.
    await app.s.privacy.erase(sergey.id, app.clock.now())
    assert (await app.s.mentoring.history_of_project(sergeys)).periods == ()


async def test_notices_that_no_longer_hold_are_dropped(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, marat: SimUser, bakyt: SimUser
) -> None:
    for user, language in ((erlan, "ru"), (aigul, "kk"), (marat, "ru"), (bakyt, "kk")):
        await onboard(user, language)
    await grant(app, marat, "mentor")
    await grant(app, bakyt, "mentor")
    project = await funded(app, aigul.id)
    admin = await app.s.people.access_of(COORDINATOR_ID, is_admin=True)
    first = await app.s.mentoring.assign(aigul.id, marat.id, "zharkyra", "atyrau", project, admin)
    await deliver(app)
    # The question is planned at midnight for the morning; the mentor changes before it goes.
    await at_local(app, date(2026, 6, 14), 0, 15)
    assert (await app.s.planners.run(app.clock.now()))["mentoring"] == 1
    await app.s.mentoring.assign(aigul.id, bakyt.id, "zharkyra", "atyrau", project, admin)
    before = len(aigul.chat.bot_messages())
    await at_local(app, date(2026, 6, 14), 10, 5)
    await deliver(app)
    new = [m.content for m in aigul.chat.bot_messages()[before:]]
    assert len(new) == 1 and "жаңа тәлімгеріңіз: Бақыт Оразов" in new[0], new
    assert (await app.s.mentoring.current(project)) != first

    # Бақыт's first check-in (14 July): asked, not answered; the reminder is planned at midnight
    # of the 3rd day, and the answer comes before the morning: the reminder is dropped.
    await a_day(app, date(2026, 7, 14))
    assert "№1 байланыс" in aigul.last.content
    await at_local(app, date(2026, 7, 17), 0, 15)
    assert (await app.s.planners.run(app.clock.now()))["mentoring"] == 1
    await at_local(app, date(2026, 7, 17), 9, 0)
    await aigul.press("✍️ Жауап беру")
    await aigul.send("Бәрі жақсы")
    await at_local(app, date(2026, 7, 17), 10, 5)
    before = len(aigul.chat.bot_messages())
    await deliver(app)
    assert len(aigul.chat.bot_messages()) == before, "no reminder after the answer"
    assert "Бәрі жақсы" in bakyt.last.content
    assert not [m for m in marat.chat.bot_messages() if "ответил(а)" in m.content]


async def test_seed_demo_is_idempotent(app: BotUnderTest, marat: SimUser, aigul: SimUser) -> None:
    await onboard(marat, "ru")
    await onboard(aigul, "kk")
    mentoring = app.s.mentoring
    assert (
        "no funded project" in (await mentoring.seed_demo(marat.id, COORDINATOR_ID, aigul.id))[0]
    )
    await grant(app, marat, "mentor")
    project = await funded(app, aigul.id)
    for _ in range(2):
        [line] = await mentoring.seed_demo(marat.id, COORDINATOR_ID, aigul.id)
        assert f"project {project}" in line
    history = await mentoring.history_of_project(project)
    assert len(history.periods) == 1 and history.current is not None
    assert history.current.mentor_id == marat.id
