"""First contact, returning users, language, consent, deep links, help and cancel — kk and ru."""

from __future__ import annotations

from typing import Any

from aiogram.types import Message

from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from tests.conftest import BotUnderTest, onboard


async def test_first_contact_in_kazakh(app: BotUnderTest, aigul: SimUser) -> None:
    [picker] = await aigul.command("start")
    assert "Тілді таңдаңыз" in picker.content
    assert picker.buttons() == ["Қазақша", "Русский"]

    [intro] = await aigul.press("Қазақша")
    assert intro.message_id == picker.message_id, "the screen is edited in place"
    assert "Қош келдіңіз" in intro.content and "ЖСН" in intro.content
    assert intro.buttons() == ["✅ Келісемін", "Кейінірек"]

    replies = await aigul.press("✅ Келісемін")
    assert any("Келісіміңіз сақталды" in m.content for m in replies)
    assert "ℹ️ Анықтама" in aigul.reply_buttons() and "🌐 Тіл" in aigul.reply_buttons()
    user = await app.s.users.require(aigul.id)
    assert user.language == "kk" and user.consent_at == app.clock.now()


async def test_first_contact_in_russian(app: BotUnderTest, sergey: SimUser) -> None:
    await sergey.command("start")
    [intro] = await sergey.press("Русский")
    assert "Добро пожаловать" in intro.content and "ИИН" in intro.content
    await sergey.press("✅ Даю согласие")
    assert "ℹ️ Помощь" in sergey.reply_buttons()
    assert "👥 Роли" not in sergey.reply_buttons(), "no coordinator items for applicants"
    assert (await app.s.users.require(sergey.id)).language == "ru"


async def test_unknown_telegram_language_gets_the_default(
    app: BotUnderTest, john: SimUser
) -> None:
    [picker] = await john.command("start")
    assert picker.buttons() == ["Қазақша", "Русский"]
    [hint] = await john.send("hello?")
    assert "Тілді таңдаңыз" in hint.content, "the language question is asked again, not skipped"


async def test_consent_declined_then_given_in_privacy(app: BotUnderTest, sergey: SimUser) -> None:
    await onboard(sergey, "ru", consent=False)
    assert any("/privacy" in m.content for m in sergey.chat.bot_messages())
    assert (await app.s.users.require(sergey.id)).consent_at is None
    [screen] = await sergey.command("privacy")
    assert "Согласие: не дано" in screen.content
    [updated] = await sergey.press("✅ Дать согласие")
    assert "Согласие: дано 14 мая 2026" in updated.content
    assert (await app.s.users.require(sergey.id)).consent_at is not None


async def test_consent_step_insists_kindly(app: BotUnderTest, aigul: SimUser) -> None:
    await aigul.command("start")
    await aigul.press("Қазақша")
    [again] = await aigul.send_sticker()
    assert "батырмалардың бірін" in again.content
    assert again.buttons() == ["✅ Келісемін", "Кейінірек"]
    [again] = await aigul.command("help")
    assert again.buttons() == ["✅ Келісемін", "Кейінірек"]


async def test_returning_user_goes_straight_to_the_menu(
    app: BotUnderTest, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    [welcome] = await sergey.command("start")
    assert welcome.content.startswith("С возвращением, Сергей!")
    assert "ℹ️ Помощь" in sergey.reply_buttons()


async def test_language_can_be_changed_any_time(app: BotUnderTest, aigul: SimUser) -> None:
    await onboard(aigul, "kk")
    [picker] = await aigul.press("🌐 Тіл")
    replies = await aigul.press("Русский")
    assert replies[0].message_id == picker.message_id and "Язык изменён" in replies[0].content
    assert "ℹ️ Помощь" in aigul.reply_buttons()
    [help_] = await aigul.press("ℹ️ Помощь")
    assert "Что умеет бот" in help_.content
    # The old Kazakh keyboard label still works after switching.
    [help_kk] = await aigul.send("ℹ️ Анықтама")
    assert "Что умеет бот" in help_kk.content


async def test_onboarding_survives_a_restart(app: BotUnderTest, aigul: SimUser) -> None:
    await aigul.command("start")
    await app.restart()
    [intro] = await aigul.press("Қазақша")
    assert "Қош келдіңіз" in intro.content
    await app.restart()
    await aigul.press("✅ Келісемін")
    assert (await app.s.users.require(aigul.id)).consent_at is not None


async def test_help_menu_and_cancel(app: BotUnderTest, sergey: SimUser, aigul: SimUser) -> None:
    await onboard(sergey, "ru")
    [help_] = await sergey.command("help")
    assert "/privacy" in help_.content and "Для сотрудников" not in help_.content
    [menu] = await sergey.command("menu")
    assert "Главное меню" in menu.content
    [cancel] = await sergey.command("cancel")
    assert "Отменять нечего" in cancel.content
    await onboard(aigul, "kk")
    [cancel] = await aigul.command("cancel")
    assert "Тоқтататын әрекет жоқ" in cancel.content


async def test_bot_commands_are_set_in_both_languages(
    app: BotUnderTest, telegram: FakeTelegramServer
) -> None:
    calls = telegram.calls("setMyCommands", ok=True)
    by_language = {c.params.get("language_code"): c.params["commands"] for c in calls}
    assert set(by_language) == {"kk", "ru", None}
    kk = {c["command"]: c["description"] for c in by_language["kk"]}
    ru = {c["command"]: c["description"] for c in by_language["ru"]}
    assert kk["language"] == "Тілді өзгерту" and ru["language"] == "Сменить язык"
    assert set(kk) == set(ru) == {
        "start",
        "menu",
        "apply",
        "my",
        "courses",
        "webinars",
        "loan",
        "contest",
        "reports",
        "help",
        "language",
        "notifications",
        "privacy",
        "cancel",
    }
    assert "review" not in kk, "staff commands are only in staff chats"


# -- deep links -----------------------------------------------------------------------------


def _capture(seen: list[tuple[int, str]]) -> Any:
    """A deep-link handler that records what it was given and answers with the menu title."""

    async def invite(message: Message, value: str, data: dict[str, Any]) -> None:
        assert {"user", "profile", "state", "users", "clock", "l10n", "access"} <= data.keys()
        assert data["user"].onboarded, "the handler sees the user as they are now"
        seen.append((message.chat.id, value))
        await message.answer(data["l10n"]("menu-title"))

    return invite


async def test_deep_link_for_a_returning_user(app: BotUnderTest, sergey: SimUser) -> None:
    seen: list[tuple[int, str]] = []
    app.s.deep_links.register("t_", _capture(seen))
    await onboard(sergey, "ru")
    await sergey.command("start", "t_COHORT42")
    assert seen == [(sergey.id, "COHORT42")]


async def test_deep_link_waits_for_onboarding(app: BotUnderTest, aigul: SimUser) -> None:
    seen: list[tuple[int, str]] = []
    app.s.deep_links.register("t_", _capture(seen))
    [picker] = await aigul.command("start", "t_AB12")
    assert "Тілді таңдаңыз" in picker.content and seen == []
    await aigul.press("Қазақша")
    await app.restart()  # the pending link is kept with the flow state
    app.s.deep_links.register("t_", _capture(seen))
    await aigul.press("✅ Келісемін")
    assert seen == [(aigul.id, "AB12")]


async def test_unknown_deep_link_gets_a_word_and_the_menu(
    app: BotUnderTest, sergey: SimUser
) -> None:
    await onboard(sergey, "ru")
    [reply] = await sergey.command("start", "zz_nothing")
    assert "ссылка устарела" in reply.content
    [reply] = await sergey.command("start", "bad<payload>")
    assert "ссылка устарела" in reply.content
