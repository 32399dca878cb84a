"""Broadcasts as coordinators and trainers use them, through the fake Bot API, in kk and ru.

The delivery engine is driven by the test (`run_once`), and so is the broadcasts job (`tick`):
time is a FakeClock, moved instead of waited for.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.delivery.engine import DeliveryConfig
from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from bot.telegram.callbacks import BroadcastCb
from storage.users import Profile
from tests.conftest import BotUnderTest, alert, deliver, onboard


async def tick(app: BotUnderTest) -> None:
    assert app.bot is not None
    await app.s.broadcasts.tick(app.bot)


async def add_people(
    app: BotUnderTest, telegram: FakeTelegramServer, first_id: int, languages: str
) -> list[SimUser]:
    """People who have used the bot before: one per letter of `languages` ('k' or 'r')."""
    people = []
    for offset, letter in enumerate(languages):
        language = "kk" if letter == "k" else "ru"
        user_id = first_id + offset
        people.append(telegram.user(user_id, f"Адам{offset}", language_code=language))
        await app.s.users.upsert_demo(
            Profile(user_id, f"Адам{offset}", None, None, language), language, app.clock.now()
        )
    return people


async def make_coordinator(
    app: BotUnderTest, user: SimUser, *, program: str | None = None, region: str | None = None
) -> None:
    """Give `user` the coordinator role (everything, unless a program or region is named)."""
    await app.s.users.grant(
        user.id,
        "coordinator",
        program=program,
        region=region,
        granted_by=None,
        now=app.clock.now(),
    )


async def compose(coordinator: SimUser, kk: str | None, ru: str | None, lang: str) -> None:
    """From /broadcasts to the audience screen, with formatted versions (None: skipped)."""
    labels = {
        "kk": ("➕ Жаңа хабарландыру", "Қазақша нұсқасыз ›", "Орысша нұсқасыз ›"),
        "ru": ("➕ Новая рассылка", "Без казахской версии ›", "Без русской версии ›"),
    }[lang]
    await coordinator.command("broadcasts")
    await coordinator.press(labels[0])
    if kk is None:
        await coordinator.press(labels[1])
    else:
        await coordinator.send(kk, formatted=True)
    if ru is None:
        await coordinator.press(labels[2])
    else:
        await coordinator.send(ru, formatted=True)


# -- the whole flow ---------------------------------------------------------------------------


async def test_coordinator_sends_an_announcement_in_both_languages(
    app: BotUnderTest,
    erlan: SimUser,
    aigul: SimUser,
    sergey: SimUser,
    telegram: FakeTelegramServer,
) -> None:
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    await onboard(erlan, "ru")
    [listing] = await erlan.command("broadcasts")
    assert "Рассылок пока нет" in listing.content
    [ask] = await erlan.press("➕ Новая рассылка")
    assert "1/4" in ask.content and "на казахском" in ask.content

    [ask_ru] = await erlan.send(
        "<b>Ертең</b> вебинар: <i>әлеуметтік кәсіпкерлік</i>", formatted=True
    )
    assert "2/4" in ask_ru.content and "на русском" in ask_ru.content
    [audience] = await erlan.send(
        "<b>Завтра</b> вебинар: <i>социальное предпринимательство</i>", formatted=True
    )
    assert "3/4" in audience.content
    # Ерлан himself is left out: he has just seen the preview.
    assert "Получателей: 2 (на казахском 1, на русском 1)" in audience.content
    assert audience.buttons()[:3] == ["Язык: Все", "Кто: Все", "Регион: Все"]

    replies = await erlan.press("Далее ›")
    previews = [m for m in replies if m.message_id > audience.message_id]
    assert [m.content for m in previews[:4]] == [
        "4/4 · Предпросмотр: так получат читающие на казахском ↓",
        "Ертең вебинар: әлеуметтік кәсіпкерлік",
        "4/4 · Предпросмотр: так получат читающие на русском ↓",
        "Завтра вебинар: социальное предпринимательство",
    ]
    assert previews[1].html == "<b>Ертең</b> вебинар: <i>әлеуметтік кәсіпкерлік</i>"
    card = previews[4]
    assert "Рассылка готова" in card.content and "Когда отправить?" in card.content
    assert "Нет " not in card.content, "both versions are there: no warning"

    await erlan.press("📤 Отправить сейчас")
    progress = erlan.chat.get(card.message_id)
    assert progress is not None
    assert "Рассылка #1" in progress.content and "идёт отправка" in progress.content
    assert "Осталось: 2" in progress.content and progress.buttons() == ["✖ Остановить"]

    assert await deliver(app) == 2
    kk_message = await aigul.wait_for_message(lambda m: "вебинар" in m.content)
    assert kk_message.html == "<b>Ертең</b> вебинар: <i>әлеуметтік кәсіпкерлік</i>"
    ru_message = await sergey.wait_for_message(lambda m: "вебинар" in m.content)
    assert ru_message.content == "Завтра вебинар: социальное предпринимательство"

    await tick(app)
    progress = erlan.chat.get(card.message_id)
    assert progress is not None and "завершена" in progress.content
    assert "Доставлено: 2" in progress.content and progress.buttons() == []
    await deliver(app)
    report = await erlan.wait_for_message(lambda m: "Рассылка #1 завершена" in m.content)
    assert "Доставлено: 2 из 2" in report.content
    [listing] = await erlan.command("broadcasts")
    assert "#1 · 14 мая 2026, 11:00 · ✅ доставлено: 2/2" in listing.content


async def test_kazakh_only_photo_goes_to_everyone_with_a_warning(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await onboard(aigul, "kk")
    await app.s.users.grant(
        aigul.id, "coordinator", program=None, region=None, granted_by=None, now=app.clock.now()
    )
    await aigul.command("broadcasts")
    await aigul.press("➕ Жаңа хабарландыру")
    await aigul.send_photo(caption="<b>Көрме</b> 20 маусымда, Кеген ауданы", formatted=True)
    audience = (await aigul.press("Орысша нұсқасыз ›"))[-1]
    assert "Алушылар: 1 (қазақша 0, орысша 1)" in audience.content  # not Айгүл herself
    replies = await aigul.press("Келесі ›")
    card = replies[-1]
    assert "Орысша нұсқа жоқ: 1 адам басқа тілдегі нұсқаны алады" in card.content
    photo_preview = replies[-2]
    assert photo_preview.kind == "photo" and photo_preview.content.startswith("Көрме 20")
    # Back to the audience and forward again: the card is edited, the preview not sent again.
    await aigul.press("‹ Аудитория")
    [again] = await aigul.press("Келесі ›")
    assert again.message_id == card.message_id and "Хабарландыру дайын" in again.content
    assert len([m for m in aigul.chat.bot_messages() if m.kind == "photo"]) == 1

    await aigul.press("📤 Қазір жіберу")
    await deliver(app)
    got = await sergey.wait_for_message(lambda m: m.kind == "photo")
    assert got.caption_html == "<b>Көрме</b> 20 маусымда, Кеген ауданы"


# -- bad input --------------------------------------------------------------------------------


async def test_bad_content_is_explained_and_nothing_is_sent(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await onboard(erlan, "ru")
    await erlan.command("broadcasts")
    await erlan.press("➕ Новая рассылка")
    [reply] = await erlan.send_sticker()
    assert "только текст, фото или документ" in reply.content
    assert "на казахском" in reply.content, "the question is asked again"
    [reply] = await erlan.send("ж" * 4100)
    assert "лишних 4 символа" in reply.content and "4\u00a0096" in reply.content
    [reply] = await erlan.send_photo(caption="ә" * 1030)
    assert "Подпись слишком длинная" in reply.content and "лишних 6 символов" in reply.content
    await erlan.send_voice()
    # Both versions skipped: there is nothing to send.
    await erlan.press("Без казахской версии ›")
    reply = (await erlan.press("Без русской версии ›"))[-1]
    assert "Нужна хотя бы одна версия" in reply.content and "на казахском" in reply.content
    await erlan.send("Текст")
    audience = (await erlan.press("Без русской версии ›"))[-1]
    assert "Получателей:" in audience.content
    # Typing where buttons are expected gets a hint, not silence.
    [hint] = await erlan.send("отправь уже")
    assert "кнопками" in hint.content
    assert await app.s.db.fetchval("SELECT COUNT(*) FROM outbox") == 0


async def test_an_empty_audience_is_refused(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await onboard(erlan, "ru")
    await compose(erlan, None, "Собрание в Атырау", "ru")
    await erlan.press("Регион: Все")
    [audience] = await erlan.press("Атырауская область")
    assert "Регион: Атырауская область" in audience.content
    assert "Получателей: 0" in audience.content
    await erlan.press("Далее ›")
    assert "никого нет" in alert(erlan)
    assert await app.s.db.fetchval("SELECT COUNT(*) FROM broadcasts") == 0
    # People whose home region is known are found.
    await app.s.db.execute("UPDATE users SET region = 'atyrau' WHERE id = ?", (sergey.id,))
    await erlan.press("Регион: Атырауская область")
    [audience] = await erlan.press("Атырауская область")
    assert "Получателей: 1 (на казахском 0, на русском 1)" in audience.content


async def test_schedule_validates_the_time(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")  # someone to write to: the author is never in the audience
    await onboard(erlan, "ru")
    await compose(erlan, "Хабарландыру", None, "ru")
    await erlan.press("Далее ›")
    [ask] = await erlan.press("🕒 Запланировать")
    assert "по времени Казахстана" in ask.content
    [reply] = await erlan.send("завтра утром")
    assert "Не понял время" in reply.content
    [reply] = await erlan.send("10:00")  # it is 11:00 in Kazakhstan
    assert "уже прошло" in reply.content
    [reply] = await erlan.send("31.02.2027 10:00")
    assert "Не понял время" in reply.content
    [reply] = await erlan.send("14.05.2028 10:00")
    assert "больше чем на год" in reply.content
    [card] = await erlan.send("22:30")
    assert "Время отправки: 14 мая 2026, 22:30" in card.content
    assert "С 21:00 до 09:00 сообщения не отправляются" in card.content
    assert await app.s.db.fetchval("SELECT COUNT(*) FROM broadcasts") == 0


# -- scheduling, progress, cancelling -------------------------------------------------------------


async def test_scheduled_broadcast_starts_on_time_and_waits_out_the_night(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    await compose(erlan, "Ертеңгі сабақ 10:00-де", None, "ru")
    await erlan.press("Далее ›")
    await erlan.press("🕒 Запланировать")
    await erlan.send("14.05.2026 21:30")
    [card] = await erlan.press("Подтвердить")
    assert "Рассылка #1 запланирована на 14 мая 2026, 21:30" in card.content

    await tick(app)
    assert await deliver(app) == 0, "not before its time"
    app.clock.set(datetime(2026, 5, 14, 16, 30, tzinfo=UTC))  # 21:30 in Kazakhstan
    await tick(app)
    progress = erlan.chat.get(card.message_id)
    assert progress is not None and "идёт отправка" in progress.content
    assert "Ночные часы тишины: отправка продолжится в 09:00" in progress.content
    assert await deliver(app) == 0, "quiet hours"
    app.clock.set(datetime(2026, 5, 15, 4, 0, tzinfo=UTC))  # 09:00
    assert await deliver(app) == 1  # Айгүл; Ерлан, the author, is left out
    assert "10:00-де" in (await aigul.wait_for_message()).content


async def test_a_scheduled_broadcast_can_be_cancelled_from_the_list(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    await compose(erlan, "Жиналыс", None, "ru")
    await erlan.press("Далее ›")
    await erlan.press("🕒 Запланировать")
    await erlan.press("Завтра в 10:00")
    await erlan.press("Подтвердить")
    [listing] = await erlan.command("broadcasts")
    assert "#1 · 15 мая 2026, 10:00 · 🕒 запланирована" in listing.content
    [listing] = await erlan.press("✖ Остановить #1")
    assert "✖ остановлена" in listing.content and "Остановить #1" not in listing.buttons()
    app.clock.advance(timedelta(days=1))
    await tick(app)
    assert await deliver(app) == 0
    assert await app.s.db.fetchval("SELECT COUNT(*) FROM outbox") == 0


async def test_progress_is_edited_at_most_every_five_seconds_and_can_stop(
    app: BotUnderTest, erlan: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(erlan, "ru")
    await add_people(app, telegram, 5000, "kr" * 10)
    await compose(erlan, "Хабар", "Сообщение", "ru")
    await erlan.press("Далее ›")
    await erlan.press("📤 Отправить сейчас")
    progress_id = erlan.chat.bot_messages()[-1].message_id
    app.engine.config = DeliveryConfig(batch=5)

    def edits() -> int:
        return sum(
            1
            for c in telegram.calls("editMessageText", ok=True)
            if c.params.get("message_id") == progress_id
        )

    before = edits()
    assert await app.engine.run_once() == 5
    await tick(app)
    await tick(app)
    assert edits() == before, "no edit within five seconds of the last one"
    app.clock.advance(timedelta(seconds=5))
    await tick(app)
    assert edits() == before + 1
    progress = erlan.chat.get(progress_id)
    assert progress is not None and "Доставлено: 5" in progress.content
    assert "Осталось: 15" in progress.content  # 20 people, the author left out
    app.clock.advance(timedelta(seconds=5))
    await tick(app)
    assert edits() == before + 1, "nothing changed: no edit"

    [stopped] = await erlan.press("✖ Остановить")
    assert "остановлена" in stopped.content and "Не отправлено: 15" in stopped.content
    assert "Рассылка #1 остановлена" in alert(erlan)
    assert await deliver(app) == 0
    await erlan.press_data(BroadcastCb(action="stop", value="1").pack(), progress_id)
    assert "уже завершена" in alert(erlan)


async def test_blocked_recipients_are_counted(
    app: BotUnderTest, erlan: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(erlan, "ru")
    people = await add_people(app, telegram, 6000, "kkrr")
    app.expect_error("bot was blocked by the user")
    telegram.block(people[0].id)
    await compose(erlan, "Хабар", "Сообщение", "ru")
    await erlan.press("Далее ›")
    card = erlan.last
    await erlan.press("📤 Отправить сейчас")
    await deliver(app)
    await tick(app)
    progress = erlan.chat.get(card.message_id)
    assert progress is not None
    assert "Доставлено: 3 · ⚠️ Ошибки: 0 · 🚫 Заблокировали бота: 1" in progress.content
    assert (await app.s.users.require(people[0].id)).blocked_at is not None


# -- who may send to whom ---------------------------------------------------------------------


async def test_trainer_writes_only_to_their_own_cohort(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    trainer = telegram.user(3001, "Дәурен", language_code="kk")
    await onboard(trainer, "kk")
    await onboard(aigul, "kk")
    await onboard(sergey, "ru")
    now = app.clock.now()
    await app.s.users.grant(
        trainer.id, "trainer", program=None, region="almaty", granted_by=None, now=now
    )
    own = await app.s.cohorts.create("Бастау Бизнес — Кеген — 3-лек", region="almaty", now=now)
    other = await app.s.cohorts.create("Бастау Бизнес — Атырау — 1-лек", region="atyrau", now=now)
    await app.s.cohorts.add_trainer(own.id, trainer.id)
    await app.s.cohorts.add_member(own.id, aigul.id, now)
    await app.s.cohorts.add_member(other.id, sergey.id, now)

    await compose(trainer, "Ертең 3-сабақ", None, "kk")
    audience = trainer.last
    assert "Лек: Бастау Бизнес — Кеген — 3-лек" in audience.content
    assert "Алушылар: 1 (қазақша 1, орысша 0)" in audience.content
    [choices] = await trainer.press("Лек: Бастау Бизнес — Кеген — 3-лек")
    assert choices.buttons() == ["Бастау Бизнес — Кеген — 3-лек", "‹ Артқа"], "no «all», no other"

    # Forged buttons: another trainer's cohort, and "everyone".
    for forged in (f"cohort={other.id}", "cohort="):
        await trainer.press_data(BroadcastCb(action="pick", value=forged).pack())
        assert "құқығыңыз жоқ" in alert(trainer)
    await trainer.press("‹ Артқа")
    await trainer.press("Келесі ›")
    await trainer.press("📤 Қазір жіберу")
    await deliver(app)
    assert "3-сабақ" in (await aigul.wait_for_message()).content
    await sergey.expect_silence()
    assert await app.s.db.fetchval("SELECT recipients FROM broadcasts") == 1


async def test_trainer_without_cohorts_is_told_why(
    app: BotUnderTest, telegram: FakeTelegramServer
) -> None:
    trainer = telegram.user(3002, "Марат", language_code="ru")
    await onboard(trainer, "ru")
    await app.s.users.grant(
        trainer.id, "trainer", program=None, region=None, granted_by=None, now=app.clock.now()
    )
    await trainer.command("broadcasts")
    [reply] = await trainer.press("➕ Новая рассылка")
    assert "нет потоков" in reply.content


async def test_regional_coordinator_is_kept_to_their_region(
    app: BotUnderTest, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    regional = telegram.user(3003, "Асель", language_code="ru")
    await onboard(regional, "ru")
    await onboard(sergey, "ru")
    await app.s.users.grant(
        regional.id,
        "coordinator",
        program=None,
        region="atyrau",
        granted_by=None,
        now=app.clock.now(),
    )
    await app.s.db.execute("UPDATE users SET region = 'atyrau' WHERE id = ?", (sergey.id,))
    await compose(regional, None, "Встреча заёмщиков", "ru")
    assert "Регион: Атырауская область" in regional.last.content
    await regional.press_data(BroadcastCb(action="pick", value="region=almaty").pack())
    assert "нет права" in alert(regional)
    await regional.press("Далее ›")
    await regional.press("📤 Отправить сейчас")
    await deliver(app)
    assert "Встреча" in (await sergey.wait_for_message()).content


async def test_people_without_a_role_cannot_broadcast(app: BotUnderTest, sergey: SimUser) -> None:
    await onboard(sergey, "ru")
    [reply] = await sergey.command("broadcasts")
    assert "нет прав" in reply.content
    assert "📣 Рассылки" not in sergey.reply_buttons()
    for action in ("new", "now", "stop"):
        await sergey.press_data(BroadcastCb(action=action, value="1").pack())
        assert "нет прав" in alert(sergey)
    assert await app.s.db.fetchval("SELECT COUNT(*) FROM broadcasts") == 0


async def test_a_revoked_coordinator_cannot_finish_the_wizard(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await onboard(aigul, "kk")
    grant = await app.s.users.grant(
        aigul.id, "coordinator", program=None, region=None, granted_by=None, now=app.clock.now()
    )
    assert grant
    await compose(aigul, "Хабар", None, "kk")
    await aigul.press("Келесі ›")
    [(grant_row, _)] = await app.s.users.all_roles()
    await app.s.users.revoke(grant_row.id)
    await aigul.press("📤 Қазір жіберу")
    assert "рұқсатыңыз жоқ" in alert(aigul)
    assert await app.s.db.fetchval("SELECT COUNT(*) FROM broadcasts") == 0


async def test_stale_and_repeated_presses_send_nothing_twice(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await onboard(erlan, "ru")
    await compose(erlan, None, "Один раз", "ru")
    await erlan.press("Далее ›")
    card = erlan.last
    await erlan.press("📤 Отправить сейчас")
    await erlan.press_data(BroadcastCb(action="now").pack(), card.message_id)
    assert "устарела" in alert(erlan)
    assert await app.s.db.fetchval("SELECT COUNT(*) FROM broadcasts") == 1
    await deliver(app)
    messages = [m for m in sergey.chat.bot_messages() if m.content == "Один раз"]
    assert len(messages) == 1


async def test_the_wizard_survives_a_restart(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser
) -> None:
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    await erlan.command("broadcasts")
    await erlan.press("➕ Новая рассылка")
    await erlan.send("Қазақша мәтін")
    await app.restart()
    [audience] = await erlan.send("Русский текст")
    assert "3/4" in audience.content and "Получателей: 1" in audience.content  # Айгүл


@pytest.mark.parametrize("settings_overrides", [{"paid_broadcast_rate": 300}])
async def test_paid_broadcast_is_explicit(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(sergey, "ru")
    await onboard(erlan, "ru")
    await compose(erlan, None, "Срочно всем", "ru")
    await erlan.press("Далее ›")
    assert "⭐ Платная быстрая рассылка: выкл." in erlan.last.buttons()
    [card] = await erlan.press("⭐ Платная быстрая рассылка: выкл.")
    assert "до 300 сообщений в секунду" in card.content
    await erlan.press("📤 Отправить сейчас")
    await deliver(app)
    sends = [
        (c.params.get("chat_id"), c.params.get("allow_paid_broadcast"))
        for c in telegram.calls("sendMessage", ok=True)
        if c.params.get("text") == "Срочно всем"
    ]
    # The preview is not a paid message; every recipient's is.
    assert sends == [(erlan.id, None), (sergey.id, True)]


async def test_paid_broadcast_is_not_offered_when_off(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await onboard(erlan, "ru")
    await compose(erlan, None, "Всем", "ru")
    await erlan.press("Далее ›")
    assert not any("Платная" in b for b in erlan.last.buttons())
    await erlan.press_data(BroadcastCb(action="paid").pack())
    assert "нет прав" in alert(erlan)


async def test_a_scheduled_broadcast_does_not_outlive_its_authors_right(
    app: BotUnderTest, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    trainer = telegram.user(3004, "Дәурен", language_code="kk")
    await onboard(trainer, "kk")
    await onboard(aigul, "kk")
    now = app.clock.now()
    await app.s.users.grant(
        trainer.id, "trainer", program=None, region=None, granted_by=None, now=now
    )
    cohort = await app.s.cohorts.create("Жарқыра — Атырау — 1-лек", region="atyrau", now=now)
    await app.s.cohorts.add_trainer(cohort.id, trainer.id)
    await app.s.cohorts.add_member(cohort.id, aigul.id, now)
    await compose(trainer, "Ертең кездесу", None, "kk")
    await trainer.press("Келесі ›")
    await trainer.press("🕒 Уақытын белгілеу")
    await trainer.press("Ертең 10:00")
    await trainer.press("Растау")

    [(grant, _)] = await app.s.users.all_roles()
    await app.s.users.revoke(grant.id)
    app.clock.advance(timedelta(days=1))
    await tick(app)
    await deliver(app)
    told = await trainer.wait_for_message(lambda m: "жіберілмеді" in m.content)
    assert "#1" in told.content and "құқығыңыз жоқ" in told.content
    assert await app.s.db.fetchval("SELECT status FROM broadcasts") == "cancelled"
    assert not [m for m in aigul.chat.bot_messages() if "кездесу" in m.content]
