"""Bad input, failures and hostile text: the bot answers, never goes silent, never crashes."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.types import Message

from bot.dev.fake_telegram import FakeTelegramServer, SimUser
from tests.conftest import BotUnderTest, onboard


@pytest.mark.parametrize(
    ("action", "expected_kk", "expected_ru"),
    [
        ("text", "Түсінбедім", "Не понял"),
        ("command", "Мұндай команда жоқ", "Такой команды нет"),
        ("sticker", "Стикер үшін рақмет", "Спасибо за стикер"),
        ("voice", "Дауыстық хабарды", "Голосовые сообщения"),
        ("photo", "Мұндай хабарды", "Такое сообщение"),
        ("document", "Мұндай хабарды", "Такое сообщение"),
        ("location", "Мұндай хабарды", "Такое сообщение"),
        ("contact", "Мұндай хабарды", "Такое сообщение"),
        ("long", "Түсінбедім", "Не понял"),
    ],
)
async def test_unknown_input_gets_a_hint_and_the_menu(
    app: BotUnderTest,
    aigul: SimUser,
    sergey: SimUser,
    action: str,
    expected_kk: str,
    expected_ru: str,
) -> None:
    for user, expected, language in ((aigul, expected_kk, "kk"), (sergey, expected_ru, "ru")):
        await onboard(user, language)
        replies = await _act(user, action)
        assert len(replies) == 1, f"{action}: one short answer, got {replies}"
        assert expected in replies[0].content
        assert user.reply_buttons(), "the menu comes with the hint"


async def _act(user: SimUser, action: str) -> list[Any]:
    if action == "text":
        return await user.send("сәлем, бот")
    if action == "command":
        return await user.send("/nonsense")
    if action == "sticker":
        return await user.send_sticker()
    if action == "voice":
        return await user.send_voice(duration=4)
    if action == "photo":
        return await user.send_photo(caption="<b>менің суретім</b>")
    if action == "document":
        return await user.send_document(
            b"%PDF-1.4", file_name="x.pdf", mime_type="application/pdf"
        )
    if action == "location":
        return await user.send_location(43.25, 76.95)
    if action == "contact":
        return await user.share_contact(phone="+77011234567")
    if action == "long":
        return await user.send("a & b < c <b>" * 385)  # ~5000 characters of hostile text
    raise AssertionError(action)


async def test_before_onboarding_any_input_asks_for_the_language(
    app: BotUnderTest, sergey: SimUser
) -> None:
    [reply] = await sergey.send_sticker()
    assert "Выберите язык" in reply.content and reply.buttons() == ["Қазақша", "Русский"]
    [intro] = await sergey.press("Русский")
    assert "Добро пожаловать" in intro.content


async def test_stale_and_forged_buttons(
    app: BotUnderTest, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(sergey, "ru")
    for data in ("zzz", "lang:xx", "consent", "priv:explode", "role", "x" * 64):
        await sergey.press_data(data)
        answer = telegram.chat(sergey.id).callback_answers[-1]
        assert answer.get("text"), f"{data!r} got a silent answer"
    # The consent button of the long-finished onboarding simply records consent again.
    assert (await app.s.users.require(sergey.id)).language == "ru"


async def test_a_crash_in_a_handler_gets_an_apology(app: BotUnderTest, aigul: SimUser) -> None:
    async def broken(message: Message, value: str, data: dict[str, Any]) -> None:
        raise RuntimeError("boom")

    app.s.deep_links.register("x_", broken)
    await onboard(aigul, "kk")
    await aigul.command("start", "x_1")
    apology = await aigul.wait_for_message(lambda m: "Қате шықты" in m.content)
    assert "қайталап көріңіз" in apology.content
    [menu] = await aigul.command("menu")  # and the bot goes on working
    assert "Басты мәзір" in menu.content


async def test_flood_control_delays_but_never_loses_a_reply(
    app: BotUnderTest, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(sergey, "ru")
    app.expect_error("Too Many Requests")
    telegram.fail_next("sendMessage", 429, retry_after=1)
    [reply] = await sergey.command("help", timeout=8)
    assert "Что умеет бот" in reply.content
    assert len(telegram.calls("sendMessage", ok=False)) == 1


async def test_server_errors_are_retried(
    app: BotUnderTest, sergey: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(sergey, "ru")
    app.expect_error("Bad Gateway")
    telegram.fail_next("sendMessage", 502, count=2, description="Bad Gateway")
    [reply] = await sergey.command("menu", timeout=8)
    assert "Главное меню" in reply.content


async def test_a_user_who_blocked_the_bot_is_marked_and_unmarked(
    app: BotUnderTest, erlan: SimUser, aigul: SimUser, telegram: FakeTelegramServer
) -> None:
    await onboard(aigul, "kk")
    await onboard(erlan, "ru")
    telegram.block(aigul.id)
    app.expect_error("bot was blocked by the user")
    await erlan.command("roles")
    await erlan.press("➕ Выдать роль")
    await erlan.send(str(aigul.id))
    await erlan.press("Бизнес-тренер")
    await erlan.press("Все программы")
    await erlan.press("Вся страна")
    [done] = await erlan.press("Подтвердить")
    assert "бизнес-тренер" in done.content, "the grant stands though she cannot be told"
    assert (await app.s.users.require(aigul.id)).blocked_at is not None
    telegram.unblock(aigul.id)
    await aigul.command("menu")
    assert (await app.s.users.require(aigul.id)).blocked_at is None


@pytest.mark.parametrize(
    "name", ["<b>Айгүл</b>", "a & b < c", "</i><script>alert(1)</script>", "Tom & Jerry &amp;"]
)
async def test_user_text_is_escaped_in_html(
    app: BotUnderTest, telegram: FakeTelegramServer, name: str
) -> None:
    nasty = telegram.user(3001, name, "<i>Кім</i>", "nasty", language_code="ru")
    await onboard(nasty, "ru")
    [welcome] = await nasty.command("start")
    assert welcome.content.startswith(f"С возвращением, {name}!")  # shown literally, not as markup
    [screen] = await nasty.command("privacy")
    assert f"{name} <i>Кім</i>" in screen.content
    erlan = telegram.user(2001, "Ерлан", language_code="ru")
    await onboard(erlan, "ru")
    await erlan.command("roles")
    await erlan.press("➕ Выдать роль")
    [ask] = await erlan.send(str(nasty.id))
    assert name in ask.content
    await erlan.press("Бизнес-тренер")
    await erlan.press("Все программы")
    await erlan.press("Вся страна")
    [listing] = await erlan.press("Подтвердить")
    assert f"{name} <i>Кім</i> (id 3001)" in listing.content
