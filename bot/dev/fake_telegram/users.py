"""Simulated Telegram users who write to the bot and press its buttons.

Every action pushes a real Bot API update, waits for the bot to react (see
:meth:`FakeTelegramServer.await_outcome`) and returns the bot messages sent or edited meanwhile.
"""

# The public API takes `timeout=` arguments by contract (tests call user.send(..., timeout=2)).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import struct
import zlib
from collections.abc import Callable
from typing import Any, Protocol

from bot.core.html import parse_html, utf16_len

from .models import ChatLog, ChatMessage, StoredFile


class Server(Protocol):
    """What a simulated user needs of the fake server (`server.FakeTelegramServer` is one)."""

    clock: Callable[[], float]
    settle: float

    @property
    def seq(self) -> int: ...
    def chat(self, chat_id: int) -> ChatLog: ...
    def add_user_message(
        self, chat: ChatLog, user: dict[str, Any], kind: str, **fields: Any
    ) -> ChatMessage: ...
    def push_update(self, update: dict[str, Any]) -> int: ...
    async def await_outcome(
        self,
        update_id: int,
        chat: ChatLog,
        since_seq: int,
        activity_before: int,
        what: str,
        timeout: float | None = None,
        settle: float | None = None,
    ) -> list[ChatMessage]: ...
    def store_file(
        self,
        kind: str,
        data: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        file_size: int | None = None,
        duration: int | None = None,
    ) -> StoredFile: ...
    def register_callback(self, chat_id: int, message_id: int) -> str: ...
    async def wait_until(
        self, condition: Callable[[], bool], timeout: float, message: Callable[[], str]
    ) -> None: ...

__all__ = ["TINY_PNG", "SimUser"]

JSON = dict[str, Any]


def _png(width: int = 1, height: int = 1) -> bytes:
    """A valid, white PNG image of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# A valid 1×1 PNG, the default content of photos users send.
TINY_PNG = _png()
_ALMATY = (43.238949, 76.889709)


class SimUser:
    """A user in a private chat with the bot; ``user_id`` is also the chat id."""

    def __init__(
        self,
        server: Server,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        is_premium: bool | None = None,
    ) -> None:
        self.server = server
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.is_premium = is_premium
        self.started = True  # False: never wrote to the bot, so the bot may not write first
        self._cursor = 0

    def __repr__(self) -> str:
        return f"<SimUser {self.id} {self.first_name!r}>"

    # ----------------------------------------------------------------------------- views

    @property
    def user_dict(self) -> JSON:
        """The Bot API ``User`` object."""
        user: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        if self.is_premium:
            user["is_premium"] = True
        return user

    @property
    def chat(self) -> ChatLog:
        """This user's chat with the bot."""
        return self.server.chat(self.id)

    @property
    def last(self) -> ChatMessage:
        """The newest non-deleted bot message (AssertionError if there is none)."""
        msg = self.chat.last_bot_message()
        if msg is None:
            raise AssertionError(f"the bot has not sent anything to {self.first_name}")
        return msg

    def buttons(self) -> list[str]:
        """Inline button labels of the newest bot message that has an inline keyboard."""
        msg = self._last_with_keyboard()
        return msg.buttons() if msg is not None else []

    def reply_buttons(self) -> list[str]:
        """Labels of the reply keyboard currently shown (empty if none)."""
        kb = self.chat.reply_keyboard
        if not kb:
            return []
        return [_reply_label(b) for row in kb.get("keyboard", []) for b in row]

    def _last_with_keyboard(self) -> ChatMessage | None:
        for m in reversed(self.chat.messages):
            if m.from_bot and not m.deleted and m.inline_keyboard:
                return m
        return None

    # ----------------------------------------------------------------------------- plumbing

    def _message_payload(self, msg: ChatMessage) -> JSON:
        payload = msg.to_api(self.chat.chat)
        return payload

    async def _send_message(
        self,
        kind: str,
        what: str,
        timeout: float | None,
        settle: float | None,
        wait: bool,
        **fields: Any,
    ) -> list[ChatMessage]:
        msg = self.server.add_user_message(self.chat, self.user_dict, kind, **fields)
        return await self._push(
            {"message": self._message_payload(msg)}, what, timeout, settle, wait
        )

    async def _push(
        self, update: JSON, what: str, timeout: float | None, settle: float | None, wait: bool
    ) -> list[ChatMessage]:
        server = self.server
        chat = self.chat
        since, activity = server.seq, chat.activity
        self.started = True
        update_id = server.push_update(update)
        if not wait:
            return []
        result = await server.await_outcome(
            update_id, chat, since, activity, f"{self.first_name}: {what}", timeout, settle
        )
        self._cursor = len(chat.messages)
        return result

    # ----------------------------------------------------------------------------- actions

    async def send(
        self,
        text: str,
        *,
        formatted: bool = False,
        timeout: float | None = None,
        settle: float | None = None,
        wait: bool = True,
    ) -> list[ChatMessage]:
        """Send a text message; a leading ``/command`` gets a bot_command entity.

        With ``formatted``, ``text`` is Telegram HTML that the client turns into entities, as
        when a person types bold or italic text or a link in the app.
        """
        entities: list[JSON] = []
        if formatted:
            text, entities = parse_html(text)
        elif text.startswith("/"):
            command = text.split(maxsplit=1)[0] if text.strip() else text
            entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command)})
        return await self._send_message(
            "text",
            f"sent {text!r}",
            timeout,
            settle,
            wait,
            text=text,
            html=text,
            entities=entities,
        )

    async def command(
        self,
        name: str,
        payload: str | None = None,
        *,
        timeout: float | None = None,
        settle: float | None = None,
        wait: bool = True,
    ) -> list[ChatMessage]:
        """``/name payload``."""
        text = f"/{name.lstrip('/')}" + (f" {payload}" if payload else "")
        return await self.send(text, timeout=timeout, settle=settle, wait=wait)

    async def share_contact(
        self,
        phone: str = "+77010000000",
        *,
        own: bool = True,
        first_name: str | None = None,
        last_name: str | None = None,
        user_id: int | None = None,
        timeout: float | None = None,
        settle: float | None = None,
        wait: bool = True,
    ) -> list[ChatMessage]:
        """Share a contact: their own (``contact.user_id`` = this user) or someone else's."""
        contact: JSON = {
            "phone_number": phone,
            "first_name": first_name or (self.first_name if own else "Contact"),
        }
        last = last_name if last_name is not None else (self.last_name if own else None)
        if last:
            contact["last_name"] = last
        contact["user_id"] = self.id if own else (user_id if user_id is not None else self.id + 1)
        return await self._send_message(
            "contact",
            f"shared contact {phone}",
            timeout,
            settle,
            wait,
            extra={"contact": contact},
        )

    async def send_photo(
        self,
        data: bytes = TINY_PNG,
        caption: str | None = None,
        *,
        formatted: bool = False,
        timeout: float | None = None,
        settle: float | None = None,
        wait: bool = True,
    ) -> list[ChatMessage]:
        """Send a photo (any bytes; a tiny PNG by default); see ``send`` for ``formatted``."""
        stored = self.server.store_file("photo", data)
        return await self._send_message(
            "photo",
            "sent a photo",
            timeout,
            settle,
            wait,
            file=stored,
            **_caption(caption, formatted),
        )

    async def send_document(
        self,
        data: bytes = b"%PDF-1.4\n%fake\n",
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        file_size: int | None = None,
        caption: str | None = None,
        *,
        formatted: bool = False,
        timeout: float | None = None,
        settle: float | None = None,
        wait: bool = True,
    ) -> list[ChatMessage]:
        """Send a file; ``file_size`` may claim a size different from ``len(data)``."""
        stored = self.server.store_file(
            "document", data, file_name=file_name, mime_type=mime_type, file_size=file_size
        )
        return await self._send_message(
            "document",
            f"sent document {file_name!r}",
            timeout,
            settle,
            wait,
            file=stored,
            **_caption(caption, formatted),
        )

    async def send_voice(
        self,
        duration: int = 5,
        data: bytes = b"OggS\x00fake-voice",
        *,
        timeout: float | None = None,
        settle: float | None = None,
        wait: bool = True,
    ) -> list[ChatMessage]:
        """Send a voice message."""
        stored = self.server.store_file("voice", data, mime_type="audio/ogg", duration=duration)
        return await self._send_message(
            "voice", f"sent a {duration}s voice message", timeout, settle, wait, file=stored
        )

    async def send_sticker(
        self,
        emoji: str = "👍",
        *,
        timeout: float | None = None,
        settle: float | None = None,
        wait: bool = True,
    ) -> list[ChatMessage]:
        """Send a sticker."""
        stored = self.server.store_file("sticker", b"RIFF\x00\x00\x00\x00WEBPfake")
        return await self._send_message(
            "sticker",
            "sent a sticker",
            timeout,
            settle,
            wait,
            file=stored,
            extra={"sticker": {**_sticker(stored.file_id, stored.file_unique_id), "emoji": emoji}},
        )

    async def send_location(
        self,
        latitude: float = _ALMATY[0],
        longitude: float = _ALMATY[1],
        *,
        timeout: float | None = None,
        settle: float | None = None,
        wait: bool = True,
    ) -> list[ChatMessage]:
        """Send a location."""
        return await self._send_message(
            "location",
            f"sent location {latitude},{longitude}",
            timeout,
            settle,
            wait,
            extra={"location": {"latitude": latitude, "longitude": longitude}},
        )

    async def send_venue(
        self,
        title: str,
        address: str,
        latitude: float = _ALMATY[0],
        longitude: float = _ALMATY[1],
        *,
        timeout: float | None = None,
        settle: float | None = None,
        wait: bool = True,
    ) -> list[ChatMessage]:
        """Send a venue."""
        location = {"latitude": latitude, "longitude": longitude}
        return await self._send_message(
            "venue",
            f"sent venue {title!r}",
            timeout,
            settle,
            wait,
            extra={
                "location": location,
                "venue": {"location": location, "title": title, "address": address},
            },
        )

    async def forward_from(
        self,
        other: SimUser | None = None,
        *,
        hidden_name: str | None = None,
        text: str = "Forwarded message",
        timeout: float | None = None,
        settle: float | None = None,
        wait: bool = True,
    ) -> list[ChatMessage]:
        """Forward a text message from ``other`` (origin "user") or a hidden user."""
        date = int(self.server.clock()) - 60
        if other is not None:
            origin: JSON = {"type": "user", "date": date, "sender_user": other.user_dict}
        elif hidden_name is not None:
            origin = {"type": "hidden_user", "date": date, "sender_user_name": hidden_name}
        else:
            raise ValueError("forward_from needs other or hidden_name")
        return await self._send_message(
            "text",
            "forwarded a message",
            timeout,
            settle,
            wait,
            text=text,
            html=text,
            extra={"forward_origin": origin},
        )

    async def press(
        self,
        label: str,
        *,
        timeout: float | None = None,
        settle: float | None = None,
        wait: bool = True,
    ) -> list[ChatMessage]:
        """Press a button by its exact label: inline buttons first, then the reply keyboard."""
        wanted = label.strip()
        for msg in reversed(self.chat.messages):
            if not msg.from_bot or msg.deleted:
                continue
            for row in msg.inline_keyboard:
                for button in row:
                    if str(button.get("text", "")).strip() != wanted:
                        continue
                    data = button.get("callback_data")
                    if not isinstance(data, str):
                        kinds = ", ".join(k for k in button if k != "text")
                        raise AssertionError(
                            f"button {label!r} on message #{msg.message_id} is a {kinds} button: "
                            "pressing it sends nothing to the bot"
                        )
                    return await self._callback(
                        msg, data, f"pressed {label!r}", timeout, settle, wait
                    )
        keyboard = self.chat.reply_keyboard
        if keyboard:
            for row in keyboard.get("keyboard", []):
                for button in row:
                    text = _reply_label(button)
                    if text.strip() != wanted:
                        continue
                    if isinstance(button, dict) and button.get("request_contact"):
                        return await self.share_contact(timeout=timeout, settle=settle, wait=wait)
                    if isinstance(button, dict) and button.get("request_location"):
                        return await self.send_location(timeout=timeout, settle=settle, wait=wait)
                    return await self.send(text, timeout=timeout, settle=settle, wait=wait)
        raise AssertionError(
            f"no button {label!r} visible to {self.first_name}; {self._visible()}"
        )

    def _visible(self) -> str:
        parts: list[str] = []
        for msg in reversed(self.chat.messages):
            if msg.from_bot and not msg.deleted and msg.inline_keyboard:
                parts.append(f"message #{msg.message_id}: {msg.buttons()}")
        inline = "; ".join(parts) if parts else "none"
        reply = self.reply_buttons()
        return f"inline buttons: {inline}; reply keyboard: {reply or 'none'}"

    async def press_data(
        self,
        data: str,
        message_id: int | None = None,
        *,
        timeout: float | None = None,
        settle: float | None = None,
        wait: bool = True,
    ) -> list[ChatMessage]:
        """Send a callback query with arbitrary ``data`` on a bot message (default: the last)."""
        if message_id is None:
            msg = self.last
        else:
            found = self.chat.get(message_id)
            if found is None:
                raise AssertionError(f"no message #{message_id} in chat {self.id}")
            msg = found
        return await self._callback(msg, data, f"pressed data {data!r}", timeout, settle, wait)

    async def _callback(
        self,
        msg: ChatMessage,
        data: str,
        what: str,
        timeout: float | None,
        settle: float | None,
        wait: bool,
    ) -> list[ChatMessage]:
        query_id = self.server.register_callback(self.id, msg.message_id)
        update = {
            "callback_query": {
                "id": query_id,
                "from": self.user_dict,
                "message": msg.to_api(self.chat.chat),
                "chat_instance": str(-(abs(self.id) * 7919 + 1_000_003)),
                "data": data,
            }
        }
        return await self._push(update, what, timeout, settle, wait)

    # ----------------------------------------------------------------------------- waiting

    async def wait_for_message(
        self,
        predicate: Callable[[ChatMessage], bool] | None = None,
        timeout: float = 5.0,
    ) -> ChatMessage:
        """The next bot message (after the last one an action returned) matching ``predicate``."""
        chat = self.chat
        found: list[ChatMessage] = []

        def check() -> bool:
            for i in range(self._cursor, len(chat.messages)):
                m = chat.messages[i]
                if m.from_bot and not m.deleted and (predicate is None or predicate(m)):
                    self._cursor = i + 1
                    found.append(m)
                    return True
            return False

        await self.server.wait_until(
            check,
            timeout,
            lambda: f"no matching bot message for {self.first_name} within {timeout}s",
        )
        return found[0]

    async def expect_silence(self, timeout: float = 0.3) -> None:
        """Assert the bot makes no request concerning this chat for ``timeout`` seconds."""
        chat = self.chat
        since = self.server.seq
        before = chat.last_activity
        try:
            await self.server.wait_until(lambda: chat.last_activity != before, timeout, str)
        except AssertionError:
            return  # nothing happened: silence as expected
        await asyncio.sleep(self.server.settle)
        raise AssertionError(
            f"expected silence towards {self.first_name}, but the bot acted: "
            f"{chat.changed_since(since) or 'a request without a message'}"
        )


def _caption(caption: str | None, formatted: bool) -> JSON:
    """A caption as typed; ``formatted``: Telegram HTML the client turns into entities."""
    if caption is None:
        return {}
    if not formatted:
        return {"caption": caption}
    plain, entities = parse_html(caption)
    return {"caption": plain, "caption_html": caption, "caption_entities": entities}


def _reply_label(button: Any) -> str:
    if isinstance(button, str):
        return button
    if isinstance(button, dict):
        return str(button.get("text", ""))
    return str(button)


def _sticker(file_id: str, unique_id: str) -> JSON:
    return {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
