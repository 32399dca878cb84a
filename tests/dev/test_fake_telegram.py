"""Tests of the fake Telegram Bot API server (bot/fake_telegram), driven by a real aiogram Bot."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    InputMediaPhoto,
    KeyboardButton,
    MenuButtonCommands,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.dev.fake_telegram import (
    TINY_PNG,
    BotApiSpec,
    EntityParseError,
    FakeTelegramServer,
    SimUser,
    install_handled_tracking,
    load_spec,
    parse_html,
    parse_text,
    utf16_len,
)

TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk"
USER_ID = 1001


class _FastSession(AiohttpSession):
    """aiogram's session without the 0.25 s sleep on close (keeps the suite fast)."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


@cache
def _spec() -> BotApiSpec | None:
    return load_spec()


def _require_spec() -> BotApiSpec:
    spec = _spec()
    if spec is None:
        pytest.skip("shared/botapi/api.json not present")
    return spec


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    srv = FakeTelegramServer(token=TOKEN, spec=_spec())
    await srv.start(host="127.0.0.1", port=0)
    try:
        yield srv
    finally:
        await srv.stop()


@pytest.fixture
async def bot(server: FakeTelegramServer) -> AsyncIterator[Bot]:
    b = Bot(
        TOKEN,
        session=_FastSession(api=TelegramAPIServer.from_base(server.base_url)),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )
    try:
        yield b
    finally:
        await b.session.close()


@pytest.fixture
def alice(server: FakeTelegramServer) -> SimUser:
    return server.user(
        user_id=USER_ID,
        first_name="Айгүл",
        last_name="Серікова",
        username="aigul",
        language_code="kk",
    )


@asynccontextmanager
async def polling(dp: Dispatcher, bot: Bot) -> AsyncIterator[None]:
    task = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, polling_timeout=2, close_bot_session=False)
    )
    try:
        yield
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(task, 5)


async def raw_call(
    server: FakeTelegramServer,
    method: str,
    *,
    token: str = TOKEN,
    json_body: dict[str, Any] | None = None,
    form: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any]]:
    url = f"{server.base_url}/bot{token}/{method}"
    async with aiohttp.ClientSession() as session:
        if query is not None:
            resp_cm = session.get(url, params=query)
        elif json_body is not None:
            resp_cm = session.post(url, json=json_body)
        else:
            resp_cm = session.post(url, data=form or {})
        async with resp_cm as resp:
            return resp.status, json.loads(await resp.text())


# ------------------------------------------------------------------------------- HTML parser


def test_html_tags_nesting_and_offsets() -> None:
    text, entities = parse_html(
        "<b>Bold <i>both</i></b> <u>u</u> <s>s</s> <tg-spoiler>x</tg-spoiler>"
    )
    assert text == "Bold both u s x"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 9},
        {"type": "italic", "offset": 5, "length": 4},
        {"type": "underline", "offset": 10, "length": 1},
        {"type": "strikethrough", "offset": 12, "length": 1},
        {"type": "spoiler", "offset": 14, "length": 1},
    ]


def test_html_entities_decoded() -> None:
    text, entities = parse_html("a &lt;b&gt; &amp; &quot;q&quot; &#1046;&#x416; &lt")
    assert text == 'a <b> & "q" ЖЖ <'
    assert entities == []


def test_html_links_pre_blockquote() -> None:
    text, entities = parse_html(
        '<a href="https://example.com/?a=1&amp;b=2">link</a> '
        '<pre><code class="language-python">x = 1</code></pre> '
        "<blockquote expandable>quote</blockquote> <code>c</code>"
    )
    assert text == "link x = 1 quote c"
    assert entities == [
        {"type": "text_link", "offset": 0, "length": 4, "url": "https://example.com/?a=1&b=2"},
        {"type": "pre", "offset": 5, "length": 5, "language": "python"},
        {"type": "expandable_blockquote", "offset": 11, "length": 5},
        {"type": "code", "offset": 17, "length": 1},
    ]


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("abc<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 3'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("AT&T", 'Character "&" at byte offset 2 must be escaped as "&amp;"'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("Ж<foo>", 'Unsupported start tag "foo" at byte offset 2'),  # offsets are UTF-8 bytes
    ],
)
def test_html_errors(html: str, error: str) -> None:
    with pytest.raises(EntityParseError) as exc:
        parse_html(html)
    assert str(exc.value) == error


def test_utf16_counting() -> None:
    assert utf16_len("😀") == 2
    assert utf16_len("Сәлем") == 5
    text, entities = parse_text("😀 <b>x</b>\n", "HTML")
    assert text == "😀 x"
    assert entities == [{"type": "bold", "offset": 3, "length": 1}]


# ------------------------------------------------------------------------ limits via aiogram


async def test_get_me(bot: Bot, server: FakeTelegramServer) -> None:
    me = await bot.get_me()
    assert me.id == 123456789
    assert me.username == "qadam_test_bot"
    assert server.bot_user["first_name"] == "Qadam Test Bot"


async def test_text_limit_counted_after_parsing(
    bot: Bot, server: FakeTelegramServer, alice: SimUser
) -> None:
    msg = await bot.send_message(USER_ID, "<b>" + "a" * 4096 + "</b>")
    assert msg.entities is not None and msg.entities[0].length == 4096
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER_ID, "<b>" + "a" * 4097 + "</b>")
    await bot.send_message(USER_ID, "😀" * 2048)  # 4096 UTF-16 units
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER_ID, "😀" * 2048 + "a")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER_ID, "  <b> </b> ")
    assert server.sent_count == 2
    assert alice.last.text == "😀" * 2048


async def test_invalid_html_rejected(bot: Bot, alice: SimUser) -> None:
    with pytest.raises(TelegramBadRequest) as exc:
        await bot.send_message(USER_ID, "abc<foo>")
    assert exc.value.message == (
        'Bad Request: can\'t parse entities: Unsupported start tag "foo" at byte offset 3'
    )
    msg = await bot.send_message(USER_ID, "1 < 2", parse_mode=None)
    assert msg.text == "1 < 2"


async def test_caption_limit(bot: Bot, alice: SimUser) -> None:
    photo = BufferedInputFile(TINY_PNG, "p.png")
    await bot.send_photo(USER_ID, photo, caption="<i>" + "ж" * 1024 + "</i>")
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_photo(USER_ID, photo, caption="ж" * 1025)
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(USER_ID, BufferedInputFile(b"not an image", "p.png"))


async def test_callback_data_bytes_and_button_actions(bot: Bot, alice: SimUser) -> None:
    def kb(**button: Any) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="B", **button)]])

    await bot.send_message(USER_ID, "ok", reply_markup=kb(callback_data="ж" * 32))  # 64 bytes
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER_ID, "x", reply_markup=kb(callback_data="ж" * 32 + "a"))
    with pytest.raises(TelegramBadRequest, match="Text buttons are unallowed"):
        await bot.send_message(USER_ID, "x", reply_markup=kb())
    with pytest.raises(TelegramBadRequest, match="exactly one of the optional fields"):
        await bot.send_message(
            USER_ID, "x", reply_markup=kb(callback_data="a", url="https://example.com")
        )


async def test_edits_not_modified_and_not_found(bot: Bot, alice: SimUser) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="A", callback_data="a")]]
    )
    msg = await bot.send_message(USER_ID, "<b>Hi</b>", reply_markup=markup)
    with pytest.raises(TelegramBadRequest) as exc:
        await bot.edit_message_text(
            text="<b>Hi</b>", chat_id=USER_ID, message_id=msg.message_id, reply_markup=markup
        )
    assert exc.value.message == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    # same text without the keyboard is a modification (it removes the keyboard)
    await bot.edit_message_text(text="<b>Hi</b>", chat_id=USER_ID, message_id=msg.message_id)
    assert alice.last.reply_markup is None and alice.last.edits == 1
    await bot.delete_message(USER_ID, msg.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text(text="new", chat_id=USER_ID, message_id=msg.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER_ID, msg.message_id)
    assert alice.chat.bot_messages() == []


async def test_unknown_chat_and_blocked_user(
    bot: Bot, server: FakeTelegramServer, alice: SimUser
) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(424242, "hello")
    server.block(USER_ID)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER_ID, "hello")
    server.unblock(USER_ID)
    await bot.send_message(USER_ID, "hello")
    carol = server.user(1003, "Carol", started=False)
    with pytest.raises(TelegramForbiddenError, match="can't initiate conversation"):
        await bot.send_message(carol.id, "hello")
    await carol.send("/start", wait=False)
    await bot.send_message(carol.id, "hello")


async def test_fail_next_gives_retry_after(
    bot: Bot, server: FakeTelegramServer, alice: SimUser
) -> None:
    server.fail_next("sendMessage", 429, retry_after=7)
    with pytest.raises(TelegramRetryAfter) as exc:
        await bot.send_message(USER_ID, "x")
    assert exc.value.retry_after == 7
    assert "Too Many Requests: retry after 7" in exc.value.message
    assert server.requests[-1].response["parameters"] == {"retry_after": 7}
    await bot.send_message(USER_ID, "x")  # only the next call failed
    server.fail_next(None, 500, count=2)
    for _ in range(2):
        with pytest.raises(Exception, match="Internal Server Error"):
            await bot.get_me()
    await bot.get_me()


async def test_fail_randomly_is_deterministic(
    bot: Bot, server: FakeTelegramServer, alice: SimUser
) -> None:
    async def outcomes() -> list[bool]:
        server.fail_randomly(0.5, seed=42)
        out = []
        for _ in range(20):
            try:
                await bot.send_chat_action(USER_ID, "typing")
                out.append(True)
            except TelegramRetryAfter as exc:
                assert 1 <= exc.retry_after <= 5
                out.append(False)
        return out

    first, second = await outcomes(), await outcomes()
    assert first == second and True in first and False in first
    server.clear_faults()
    await bot.send_chat_action(USER_ID, "typing")


async def test_rate_limits(bot: Bot, server: FakeTelegramServer, alice: SimUser) -> None:
    bob = server.user(1002, "Bob")
    server.set_rate_limits(per_chat_rate=2)
    await bot.send_message(USER_ID, "1")
    await bot.send_message(USER_ID, "2")
    with pytest.raises(TelegramRetryAfter) as exc:
        await bot.send_message(USER_ID, "3")
    assert exc.value.retry_after >= 1
    await bot.send_message(bob.id, "other chat is fine")
    await bot.send_chat_action(USER_ID, "typing")  # not a message: not counted
    server.set_rate_limits(global_rate=3)
    for i in range(3):
        await bot.send_message(USER_ID if i % 2 else bob.id, str(i))
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(bob.id, "over the global limit")
    server.set_rate_limits()
    await bot.send_message(bob.id, "unlimited again")


# ------------------------------------------------------------------------------- protocol


async def test_long_poll_delivers_pushed_update(
    bot: Bot, server: FakeTelegramServer, alice: SimUser
) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    assert not poll.done()
    await alice.send("Сәлем", wait=False)
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 1.5
    assert [u.message.text for u in updates if u.message] == ["Сәлем"]
    assert updates[0].message is not None and updates[0].message.from_user is not None
    assert updates[0].message.from_user.language_code == "kk"
    # not confirmed yet: delivered again; confirmed with offset: gone
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [updates[0].update_id]
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == []
    await alice.command("start", "c_ABC123", wait=False)
    (update,) = await bot.get_updates(offset=updates[0].update_id + 1, timeout=1)
    assert update.update_id > updates[0].update_id
    assert update.message is not None and update.message.text == "/start c_ABC123"
    assert update.message.entities is not None
    assert update.message.entities[0].type == "bot_command"


async def test_raw_http_forms_and_errors(server: FakeTelegramServer, alice: SimUser) -> None:
    status, body = await raw_call(
        server, "sendMessage", json_body={"chat_id": USER_ID, "text": "j"}
    )
    assert status == 200 and body["result"]["text"] == "j"
    status, body = await raw_call(
        server, "SENDMESSAGE", query={"chat_id": str(USER_ID), "text": "q"}
    )
    assert status == 200 and body["result"]["chat"]["id"] == USER_ID
    status, body = await raw_call(server, "sendMessage", form={"chat_id": "1001", "text": "f"})
    assert status == 200 and body["ok"] is True
    status, body = await raw_call(server, "noSuchMethod")
    if server.spec is not None:  # without a spec every method name is accepted as unmodelled
        assert (status, body["description"]) == (404, "Not Found")
    status, body = await raw_call(server, "getMe", token="123456789:AAwrongwrongwrongwrongwrong")
    assert (status, body["description"]) == (401, "Unauthorized")
    status, body = await raw_call(server, "getMe", token="garbage")
    assert status == 404
    status, body = await raw_call(
        server, "sendMessage", form={"chat_id": "1001", "text": "x", "reply_markup": "{oops"}
    )
    assert body["description"] == "Bad Request: can't parse reply keyboard markup JSON object"
    status, body = await raw_call(
        server, "sendChatAction", form={"chat_id": "1001", "action": "x"}
    )
    assert body["description"] == "Bad Request: wrong parameter action in request"
    assert server.requests[-1].status == 400


async def test_file_round_trip(bot: Bot, server: FakeTelegramServer, alice: SimUser) -> None:
    payload = "Сәлем, файл!".encode()
    msg = await bot.send_document(
        USER_ID, BufferedInputFile(payload, "hello.txt"), caption="<b>doc</b>"
    )
    assert msg.document is not None and msg.document.file_name == "hello.txt"
    file = await bot.get_file(msg.document.file_id)
    assert file.file_path is not None
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None and downloaded.read() == payload
    document = alice.last.document
    assert document is not None and document.data == payload and alice.last.caption == "doc"
    # a user's 30 MB document: visible, but too big for getFile
    await alice.send_document(b"%PDF", file_name="big.pdf", file_size=30 * 1024 * 1024, wait=False)
    big = alice.chat.messages[-1]
    assert big.document is not None and big.document.file_size == 30 * 1024 * 1024
    with pytest.raises(TelegramBadRequest, match="file is too big"):
        await bot.get_file(big.document.file_id)


async def test_commands_stored_per_scope_and_language(bot: Bot, alice: SimUser) -> None:
    await bot.set_my_commands(
        [BotCommand(command="start", description="Бастау")], language_code="kk"
    )
    scope = BotCommandScopeChat(chat_id=USER_ID)
    await bot.set_my_commands([BotCommand(command="admin", description="Admin")], scope=scope)
    assert [c.command for c in await bot.get_my_commands(language_code="kk")] == ["start"]
    assert [c.command for c in await bot.get_my_commands(scope=scope)] == ["admin"]
    assert await bot.get_my_commands() == []
    await bot.delete_my_commands(scope=scope)
    assert await bot.get_my_commands(scope=scope) == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Start", description="x")])


async def test_answer_callback_query_unknown(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("12345")


async def test_unmodelled_method_recorded(
    bot: Bot, server: FakeTelegramServer, alice: SimUser
) -> None:
    _require_spec()
    assert await bot.set_chat_title(USER_ID, "Title") is True
    assert [c.method for c in server.unmodelled_calls] == ["setChatTitle"]


# ------------------------------------------------------------------------------- spec checks


def test_spec_check_direct() -> None:
    spec = _require_spec()
    assert spec.check("sendMessage", {"chat_id": 1, "text": "hi"}) == []
    assert spec.check("sendMessage", {"chat_id": 1}) == ['parameter "text" is required']
    assert spec.check("sendMessage", {"chat_id": 1, "text": "x", "bogus": 1}) == [
        'unknown parameter "bogus"'
    ]
    assert spec.check("sendMessage", {"chat_id": 1.5, "text": "x"}) == [
        "chat_id: must be Integer or String, got Float"
    ]
    long_html = "<b>" + "a" * 4096 + "</b>"
    assert spec.check("sendMessage", {"chat_id": 1, "text": long_html, "parse_mode": "HTML"}) == []
    assert spec.check("sendMessage", {"chat_id": 1, "text": long_html}) != []
    markup = {"inline_keyboard": [[{"text": "B", "callback_data": "ж" * 33}]]}
    (problem,) = spec.check("sendMessage", {"chat_id": 1, "text": "x", "reply_markup": markup})
    assert "reply_markup.inline_keyboard[0][0].callback_data" in problem
    assert "1-64 bytes" in problem
    (problem,) = spec.check(
        "setMyCommands", {"commands": [{"command": "a" * 33, "description": "d"}]}
    )
    assert "commands[0].command" in problem
    assert spec.check("getUpdates", {"offset": 1, "allowed_updates": ["message"]}) == []
    assert spec.check("noSuchMethod", {}) == ["unknown method noSuchMethod"]


async def test_spec_strict_mode_rejects_and_records(
    server: FakeTelegramServer, alice: SimUser
) -> None:
    _require_spec()
    status, body = await raw_call(
        server, "sendMessage", form={"chat_id": "1001", "text": "x", "colour": "red"}
    )
    assert (status, body["description"]) == (400, 'Bad Request: unknown parameter "colour"')
    assert server.spec_violations == [("sendMessage", 'unknown parameter "colour"')]
    server.strict_spec = False
    status, _ = await raw_call(
        server, "sendMessage", form={"chat_id": "1001", "text": "x", "a": "1"}
    )
    assert status == 200 and len(server.spec_violations) == 2


async def test_aiogram_requests_conform_to_spec(
    bot: Bot, server: FakeTelegramServer, alice: SimUser
) -> None:
    _require_spec()
    keyboard = ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text="Phone", request_contact=True)],
            [KeyboardButton(text="X")],
        ],
        resize_keyboard=True,
    )
    await bot.send_message(USER_ID, "<i>kb</i>", reply_markup=keyboard)
    await bot.send_photo(USER_ID, BufferedInputFile(TINY_PNG, "a.png"), caption="c")
    await bot.send_location(USER_ID, 43.25, 76.95)
    await bot.send_chat_action(USER_ID, "upload_document")
    await bot.send_message(USER_ID, "bye", reply_markup=ReplyKeyboardRemove())
    assert server.spec_violations == []
    assert alice.chat.reply_keyboard is None


# ------------------------------------------------------------------------------- users + a bot


def _demo_dispatcher() -> Dispatcher:
    dp = Dispatcher()
    background: set[asyncio.Task[None]] = set()

    @dp.message(CommandStart())
    async def start(message: Message, command: CommandObject) -> None:
        await message.answer(
            f"Сәлем, <b>{message.chat.first_name}</b>! payload={command.args}",
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[
                    [
                        InlineKeyboardButton(text="Қазақша", callback_data="lang:kk"),
                        InlineKeyboardButton(text="Русский", callback_data="lang:ru"),
                    ],
                    [InlineKeyboardButton(text="Site", url="https://example.com")],
                ]
            ),
        )

    @dp.callback_query(F.data.startswith("lang:"))
    async def lang(query: CallbackQuery) -> None:
        await query.answer("✓")
        assert isinstance(query.message, Message)
        await query.message.edit_text(f"Language: {query.data}")
        await query.message.answer(
            "Share your phone",
            reply_markup=ReplyKeyboardMarkup(
                keyboard=[[KeyboardButton(text="📱 Phone", request_contact=True)]],
                resize_keyboard=True,
            ),
        )

    @dp.callback_query()
    async def other(query: CallbackQuery) -> None:
        await query.answer("unknown button", show_alert=True)

    @dp.message(F.contact)
    async def contact(message: Message) -> None:
        assert message.contact is not None
        own = message.contact.user_id == message.chat.id
        await message.answer(
            f"phone {message.contact.phone_number} own={own}", reply_markup=ReplyKeyboardRemove()
        )

    @dp.message(Command("later"))
    async def later(message: Message, bot: Bot) -> None:
        async def notify() -> None:
            await asyncio.sleep(0.2)
            await bot.send_message(message.chat.id, "notification")

        background.add(asyncio.get_running_loop().create_task(notify()))

    @dp.message(F.forward_origin)
    async def forwarded(message: Message) -> None:
        assert message.forward_origin is not None
        await message.answer(f"forward from {message.forward_origin.type}")

    @dp.message(F.text == "quiet")
    async def quiet(message: Message) -> None:
        return None

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(f"echo: {message.text}")

    return dp


async def test_conversation_with_tracking(
    bot: Bot, server: FakeTelegramServer, alice: SimUser
) -> None:
    dp = _demo_dispatcher()
    install_handled_tracking(dp, server)
    async with polling(dp, bot):
        replies = await alice.command("start", "c_ABC123")
        assert [m.text for m in replies] == ["Сәлем, Айгүл! payload=c_ABC123"]
        assert replies[0].html is not None and "<b>Айгүл</b>" in replies[0].html
        assert alice.buttons() == ["Қазақша", "Русский", "Site"]
        with pytest.raises(AssertionError, match="sends nothing"):
            await alice.press("Site")

        replies = await alice.press("Қазақша")
        assert [m.text for m in replies] == ["Language: lang:kk", "Share your phone"]
        assert alice.chat.callback_answers[-1]["text"] == "✓"
        assert alice.chat.messages[1].reply_markup is None  # edit removed the keyboard
        assert alice.reply_buttons() == ["📱 Phone"]

        with pytest.raises(AssertionError, match=r"inline buttons: none.*📱 Phone"):
            await alice.press("Русский")  # the keyboard is gone; the error lists what's visible
        replies = await alice.press("📱 Phone")
        assert replies[0].text == "phone +77010000000 own=True"
        assert alice.chat.reply_keyboard is None
        replies = await alice.share_contact(phone="+77011234567", own=False)
        assert replies[0].text == "phone +77011234567 own=False"

        replies = await alice.press_data("forged:data")
        assert replies == []
        assert alice.chat.callback_answers[-1] == {
            **alice.chat.callback_answers[-1],
            "text": "unknown button",
            "show_alert": True,
        }

        bob = server.user(1002, "Bob")
        assert (await alice.forward_from(bob))[0].text == "forward from user"
        assert (await alice.forward_from(hidden_name="X"))[0].text == "forward from hidden_user"

        assert await alice.send("quiet") == []  # tracked: silence is a valid outcome
        await alice.send("/later")
        note = await alice.wait_for_message(lambda m: m.text == "notification", timeout=2)
        assert note.from_bot
    assert server.spec_violations == []


async def test_conversation_without_tracking(
    bot: Bot, server: FakeTelegramServer, alice: SimUser
) -> None:
    dp = _demo_dispatcher()
    server.settle = 0.05
    async with polling(dp, bot):
        replies = await alice.send("Сәлем")
        assert [m.text for m in replies] == ["echo: Сәлем"]
        replies = await alice.send_photo(caption="pic")
        assert replies[0].text == "echo: None"
        with pytest.raises(AssertionError, match="stayed silent"):
            await alice.send("quiet", timeout=0.3)
        await alice.expect_silence(0.1)
        await server.wait_idle(settle=0.05)


async def test_events_are_published(bot: Bot, server: FakeTelegramServer, alice: SimUser) -> None:
    events = server.subscribe()
    msg = await bot.send_message(USER_ID, "hi")
    await bot.edit_message_text(text="hey", chat_id=USER_ID, message_id=msg.message_id)
    with pytest.raises(TelegramBadRequest):
        await bot.send_message(USER_ID, "<x>")
    kinds = [events.get_nowait()["type"] for _ in range(events.qsize())]
    assert kinds == ["message", "edit", "api_error"]
    server.unsubscribe(events)


async def test_unknown_path_is_not_found(server: FakeTelegramServer) -> None:
    b = Bot(TOKEN, session=_FastSession(api=TelegramAPIServer.from_base(server.base_url + "/x")))
    try:
        with pytest.raises(TelegramNotFound):
            await b.get_me()
    finally:
        await b.session.close()


async def test_other_modelled_methods_parse_in_aiogram(
    bot: Bot, server: FakeTelegramServer, alice: SimUser
) -> None:
    photo = BufferedInputFile(TINY_PNG, "p.png")
    first = await bot.send_photo(USER_ID, photo, caption="one")
    assert first.photo is not None
    edited = await bot.edit_message_caption(
        chat_id=USER_ID, message_id=first.message_id, caption="<b>two</b>"
    )
    assert isinstance(edited, Message) and edited.caption == "two"
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_caption(
            chat_id=USER_ID, message_id=first.message_id, caption="<b>two</b>"
        )
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="K", callback_data="k")]]
    )
    await bot.edit_message_reply_markup(
        chat_id=USER_ID, message_id=first.message_id, reply_markup=markup
    )
    assert alice.last.buttons() == ["K"]
    await bot.edit_message_media(
        InputMediaDocument(media=BufferedInputFile(b"doc", "d.txt"), caption="now a doc"),
        chat_id=USER_ID,
        message_id=first.message_id,
    )
    assert alice.last.kind == "document" and alice.last.caption == "now a doc"
    with pytest.raises(TelegramBadRequest, match="there is no text in the message to edit"):
        await bot.edit_message_text(text="t", chat_id=USER_ID, message_id=first.message_id)

    album = await bot.send_media_group(
        USER_ID,
        [
            InputMediaPhoto(media=BufferedInputFile(TINY_PNG, "a.png"), caption="a"),
            InputMediaPhoto(media=first.photo[-1].file_id),
        ],
    )
    assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id
    copied = await bot.copy_message(USER_ID, USER_ID, album[0].message_id, caption="copy")
    assert alice.chat.get(copied.message_id) is not None
    forwarded = await bot.forward_message(USER_ID, USER_ID, album[1].message_id)
    assert forwarded.forward_origin is not None
    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await bot.copy_message(USER_ID, USER_ID, 9999)
    assert await bot.delete_messages(USER_ID, [album[0].message_id, 9999]) is True
    deleted = alice.chat.get(album[0].message_id)
    assert deleted is not None and deleted.deleted

    contact = await bot.send_contact(USER_ID, "+77010000000", "Support")
    assert contact.contact is not None
    venue = await bot.send_venue(USER_ID, 43.25, 76.95, "Office", "Abay 1")
    assert venue.venue is not None and venue.location is not None
    dice = await bot.send_dice(USER_ID)
    assert dice.dice is not None and 1 <= dice.dice.value <= 6
    voice = await bot.send_voice(USER_ID, BufferedInputFile(b"OggS", "v.ogg"), duration=3)
    assert voice.voice is not None and voice.voice.duration == 3

    chat = await bot.get_chat(USER_ID)
    assert chat.first_name == "Айгүл" and chat.username == "aigul"
    member = await bot.get_chat_member(USER_ID, USER_ID)
    assert member.status == "member"
    await bot.set_my_description("Сипаттама", language_code="kk")
    assert (await bot.get_my_description(language_code="kk")).description == "Сипаттама"
    await bot.set_my_short_description("Қысқа")
    assert (await bot.get_my_short_description()).short_description == "Қысқа"
    await bot.set_chat_menu_button(chat_id=USER_ID, menu_button=MenuButtonCommands())
    assert (await bot.get_chat_menu_button(chat_id=USER_ID)).type == "commands"
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.delete_webhook(drop_pending_updates=True) is True
    assert await bot.log_out() is True
    assert server.spec_violations == []
    assert server.unmodelled_calls == []
