"""The broadcasts wizard and list as a coordinator aims and corrects them: warnings before the
press, one-tap times, stale cards, what the list says, changing a scheduled broadcast
(issue 21, items 6 and 7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.dev.fake_telegram import SimUser
from bot.telegram.callbacks import BroadcastCb
from tests.broadcasts.test_broadcasts import compose, make_coordinator, tick
from tests.conftest import BotUnderTest, alert, deliver, onboard


async def test_send_now_at_night_warns_on_the_confirm_screen(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await onboard(erlan, "ru")
    await onboard(aigul, "kk")
    await make_coordinator(app, aigul)
    app.clock.set(datetime(2026, 5, 14, 17, 0, tzinfo=UTC))  # 22:00 in Kazakhstan
    await compose(erlan, None, "Напоминание", "ru")
    [*_, card] = await erlan.press("Далее ›")
    assert "📤 Отправить сейчас" in card.buttons()
    assert (
        "🌙 Сейчас часы тишины (с 21:00 до 09:00): если нажать «Отправить сейчас»,"
        " рассылка начнётся в 09:00." in card.content
    )
    await compose(aigul, "Еске салу", None, "kk")
    [*_, card] = await aigul.press("Келесі ›")
    assert (
        "🌙 Қазір түнгі тыныштық (21:00–09:00): «Қазір жіберу» басылса, тарату сағат 09:00"
        " кезінде басталады." in card.content
    )
    app.clock.set(datetime(2026, 5, 15, 6, 0, tzinfo=UTC))  # 11:00: no warning
    await aigul.press("‹ Аудитория")
    [card] = await aigul.press("Келесі ›")
    assert "түнгі тыныштық" not in card.content


async def test_the_author_gets_her_preview_not_her_own_broadcast(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await onboard(aigul, "kk")
    await make_coordinator(app, aigul)
    await compose(aigul, "Жиналыс бейсенбіде", None, "kk")
    [*previews, card] = await aigul.press("Келесі ›")
    assert "Жиналыс бейсенбіде" in [m.content for m in previews]
    assert "Алушылар: 1 (қазақша 0, орысша 1)" in card.content
    await aigul.press("📤 Қазір жіберу")
    assert await deliver(app) == 1
    copies = [m for m in aigul.chat.bot_messages() if m.content == "Жиналыс бейсенбіде"]
    assert len(copies) == 1, "the preview only"


async def test_times_are_offered_as_buttons_and_typed_as_words(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await onboard(erlan, "ru")
    await compose(erlan, None, "Вебинар", "ru")
    await erlan.press("Далее ›")
    [ask] = await erlan.press("🕒 Запланировать")  # it is 11:00 in Kazakhstan
    assert ask.buttons() == [
        "Сегодня в 12:00",
        "Сегодня в 13:00",
        "Сегодня в 14:00",
        "Завтра в 09:00",
        "Завтра в 10:00",
        "‹ Назад",
    ]
    [card] = await erlan.press("Сегодня в 13:00")
    assert "Время отправки: 14 мая 2026, 13:00" in card.content
    await erlan.press("🕒 Изменить время")
    [card] = await erlan.send("завтра 9:30")
    assert "Время отправки: 15 мая 2026, 09:30" in card.content
    await erlan.press("🕒 Изменить время")
    app.clock.advance(timedelta(hours=3))  # 14:00: «today 12:00» is in the past now
    await erlan.press("Сегодня в 12:00")
    assert "уже прошло" in alert(erlan)
    await erlan.press("Завтра в 10:00")
    [card] = await erlan.press("Подтвердить")
    assert "Рассылка #1 запланирована на 15 мая 2026, 10:00" in card.content

    await onboard(aigul, "kk")
    await make_coordinator(app, aigul)
    await compose(aigul, "Вебинар", None, "kk")
    await aigul.press("Келесі ›")
    [ask] = await aigul.press("🕒 Уақытын белгілеу")  # 14:00
    assert ask.buttons()[:3] == ["Бүгін 15:00", "Бүгін 16:00", "Бүгін 17:00"]
    assert "Ертең 09:00" in ask.buttons()
    [card] = await aigul.send("ертең 18:00")
    assert "Жіберу уақыты: 2026 жылғы 15 мамыр, 18:00" in card.content


async def test_a_second_wizard_retires_the_first_card(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await onboard(erlan, "ru")
    await compose(erlan, None, "Первая", "ru")
    first = erlan.last
    assert "Далее ›" in first.buttons()
    await compose(erlan, None, "Вторая", "ru")
    old = erlan.chat.get(first.message_id)
    assert old is not None and old.buttons() == [], "the first card lost its buttons"
    await erlan.press_data(BroadcastCb(action="next").pack(), first.message_id)
    assert "устарела" in alert(erlan)
    await erlan.press("Далее ›")
    await erlan.press("📤 Отправить сейчас")
    await deliver(app)
    assert [
        m.content for m in sergey.chat.bot_messages() if m.content in ("Первая", "Вторая")
    ] == ["Вторая"]


async def test_the_list_says_what_and_to_whom(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await onboard(erlan, "ru")
    await app.s.db.execute("UPDATE users SET region = 'atyrau' WHERE id = ?", (sergey.id,))
    await compose(
        erlan,
        "Ертең <b>вебинар</b>",
        "Завтра <b>вебинар</b> о социальном предпринимательстве",
        "ru",
    )
    await erlan.press("Регион: Все")
    await erlan.press("Атырауская область")
    await erlan.press("Далее ›")
    await erlan.press("🕒 Запланировать")
    await erlan.press("Завтра в 10:00")
    await erlan.press("Подтвердить")
    [listing] = await erlan.command("broadcasts")
    assert listing.content.splitlines()[1:3] == [
        "#1 · 15 мая 2026, 10:00 · 🕒 запланирована",
        "«Завтра вебинар о социальном предпринима…» · Аудитория: Регион: Атырауская область",
    ]
    assert listing.buttons()[1:] == ["✏️ Изменить #1", "✖ Остановить #1"]


async def test_a_scheduled_broadcast_can_be_changed_until_it_starts(
    app: BotUnderTest, aigul: SimUser, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    await onboard(aigul, "kk")
    await make_coordinator(app, aigul)
    await compose(aigul, "Кездесу сағат 15:00", "Встреча в 15:00", "kk")
    await aigul.press("Келесі ›")
    await aigul.press("🕒 Уақытын белгілеу")
    await aigul.press("Ертең 10:00")
    await aigul.press("Растау")
    [listing] = await aigul.command("broadcasts")
    assert "«Кездесу сағат 15:00» · Аудитория: барлығы" in listing.content

    [ask] = await aigul.press("✏️ #1 өзгерту")
    assert "Хабарландыру #1" in ask.content and "Қазіргі нұсқасы: «Кездесу сағат 15:00»" in (
        ask.content
    )
    await aigul.send("Кездесу сағат 16:00-ге ауысты")  # a new Kazakh version
    [ask_ru] = aigul.chat.bot_messages()[-1:]
    assert "Сейчас: «Встреча в 15:00»" not in ask_ru.content, "shown in the reader's language"
    assert "Қазіргі нұсқасы: «Встреча в 15:00»" in ask_ru.content
    [*_, audience] = await aigul.press("✓ Орысша нұсқасын қалдыру")
    assert "Алушылар: 1" in audience.content
    [*_, card] = await aigul.press("Келесі ›")
    assert "Жіберу уақыты: 2026 жылғы 15 мамыр, 10:00" in card.content
    await aigul.press("🕒 Уақытын өзгерту")
    [card] = await aigul.send("ертең 11:00")
    [saved] = await aigul.press("Растау")
    assert "Хабарландыру #1 өзгертілді. Жіберу уақыты: 2026 жылғы 15 мамыр, 11:00" in saved.content
    broadcast = await app.s.broadcasts.repo.require(1)
    assert broadcast.content.kk is not None and "16:00" in broadcast.content.kk.html
    assert broadcast.content.ru is not None and broadcast.content.ru.html == "Встреча в 15:00"
    assert await app.s.db.fetchval("SELECT COUNT(*) FROM broadcasts") == 1

    # Once it has started there is nothing to change.
    [listing] = await aigul.command("broadcasts")
    app.clock.set(datetime(2026, 5, 15, 6, 0, tzinfo=UTC))  # 11:00
    await tick(app)
    await aigul.press("✏️ #1 өзгерту")
    assert "өзгертуге болмайды" in alert(aigul)
    await deliver(app)
    assert "Встреча в 15:00" in (await sergey.wait_for_message()).content


async def test_someone_elses_broadcast_cannot_be_changed(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser, aigul: SimUser
) -> None:
    await onboard(sergey, "ru")
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    await make_coordinator(app, aigul, region="atyrau")
    await compose(erlan, None, "Всем", "ru")
    await erlan.press("Далее ›")
    await erlan.press("🕒 Запланировать")
    await erlan.press("Завтра в 10:00")
    await erlan.press("Подтвердить")
    from bot.telegram.callbacks import BroadcastAction, BroadcastActionCb

    for action in (BroadcastAction.edit, BroadcastAction.failed):
        await aigul.press_data(BroadcastActionCb(action=action, broadcast=1).pack())
        assert "рұқсатыңыз жоқ" in alert(aigul)
