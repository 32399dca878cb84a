"""Records kept by the fake Telegram server: calls, files, chats and their messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ApiCall",
    "ApiError",
    "ChatLog",
    "ChatMessage",
    "StoredFile",
    "UploadedFile",
]

JSON = dict[str, Any]


class ApiError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional parameters."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSON:
        """The JSON body Telegram would answer with."""
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(text: str) -> ApiError:
    """``400 Bad Request: <text>``."""
    return ApiError(400, f"Bad Request: {text}")


@dataclass(slots=True)
class UploadedFile:
    """A file part of a multipart request, as the bot uploaded it."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass(slots=True)
class StoredFile:
    """A file the server knows (sent by a user or uploaded by the bot); ``data`` is its content."""

    file_id: str
    file_unique_id: str
    file_path: str
    kind: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None
    file_size: int = 0
    width: int | None = None
    height: int | None = None
    duration: int | None = None

    def to_api(self) -> JSON:
        """The file object (Document, Voice, ...) without kind-specific extras."""
        out: JSON = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.file_size:
            out["file_size"] = self.file_size
        return out

    def file_api(self) -> JSON:
        """The ``File`` object returned by getFile."""
        out = self.to_api()
        out["file_path"] = self.file_path
        return out


@dataclass(slots=True)
class ApiCall:
    """One request the bot made: decoded params, HTTP status and the JSON answered."""

    method: str
    params: JSON
    status: int
    response: JSON
    at: float

    @property
    def ok(self) -> bool:
        """True if Telegram would have accepted it."""
        return self.status == 200

    @property
    def description(self) -> str | None:
        """Error description, if any."""
        value = self.response.get("description")
        return value if isinstance(value, str) else None

    @property
    def result(self) -> Any:
        """The ``result`` of a successful call."""
        return self.response.get("result")


@dataclass(eq=False, slots=True)
class ChatMessage:
    """One message in a private chat, from the bot or from the user, in its current state."""

    message_id: int
    chat_id: int
    from_bot: bool
    kind: str
    date: int
    sender: JSON
    text: str | None = None
    html: str | None = None
    entities: list[JSON] = field(default_factory=list)
    caption: str | None = None
    caption_html: str | None = None
    caption_entities: list[JSON] = field(default_factory=list)
    reply_markup: JSON | None = None
    file: StoredFile | None = None
    extra: JSON = field(default_factory=dict)
    params: JSON = field(default_factory=dict)
    deleted: bool = False
    edits: int = 0
    edit_date: int | None = None
    changed_seq: int = 0

    @property
    def document(self) -> StoredFile | None:
        """The document (file_name, mime_type, data) if this is a document message."""
        return self.file if self.kind == "document" else None

    @property
    def photo(self) -> bytes | None:
        """Photo bytes if this is a photo message."""
        return self.file.data if self.kind == "photo" and self.file is not None else None

    @property
    def inline_keyboard(self) -> list[list[JSON]]:
        """Rows of inline buttons (empty when the message has none)."""
        markup = self.reply_markup
        if markup and isinstance(markup.get("inline_keyboard"), list):
            return markup["inline_keyboard"]  # type: ignore[no-any-return]
        return []

    def buttons(self) -> list[str]:
        """Labels of the inline buttons, row by row, flattened."""
        return [str(b.get("text", "")) for row in self.inline_keyboard for b in row]

    @property
    def content(self) -> str:
        """Text or caption, whichever the message has (empty string if none)."""
        return self.text if self.text is not None else (self.caption or "")

    def to_api(self, chat: JSON) -> JSON:
        """The ``Message`` object as the Bot API returns it."""
        msg: JSON = {
            "message_id": self.message_id,
            "from": self.sender,
            "chat": chat,
            "date": self.date,
        }
        if self.edit_date is not None:
            msg["edit_date"] = self.edit_date
        if self.text is not None:
            msg["text"] = self.text
            if self.entities:
                msg["entities"] = self.entities
        if self.caption:
            msg["caption"] = self.caption
            if self.caption_entities:
                msg["caption_entities"] = self.caption_entities
        f = self.file
        if f is not None:
            msg.update(_media_api(self.kind, f))
        msg.update(self.extra)
        markup = self.reply_markup
        if markup and "inline_keyboard" in markup:
            msg["reply_markup"] = markup
        return msg

    def __repr__(self) -> str:
        who = "bot" if self.from_bot else "user"
        flags = " deleted" if self.deleted else ""
        body = self.content
        return f"<ChatMessage #{self.message_id} {who} {self.kind}{flags} {body[:60]!r}>"


def _media_api(kind: str, f: StoredFile) -> JSON:
    base = f.to_api()
    if kind == "photo":
        base["width"] = f.width or 800
        base["height"] = f.height or 600
        return {"photo": [base]}
    if kind in ("document", "audio", "voice", "video", "animation"):
        if f.file_name and kind != "voice":
            base["file_name"] = f.file_name
        if f.mime_type:
            base["mime_type"] = f.mime_type
        if kind in ("audio", "voice", "video", "animation"):
            base["duration"] = f.duration or 0
        if kind in ("video", "animation"):
            base["width"] = f.width or 640
            base["height"] = f.height or 360
        return {kind: base}
    if kind == "sticker":
        base.update(
            type="regular",
            width=f.width or 512,
            height=f.height or 512,
            is_animated=False,
            is_video=False,
        )
        return {"sticker": base}
    if kind == "video_note":
        base["length"] = f.width or 240
        base["duration"] = f.duration or 0
        return {"video_note": base}
    return {kind: base}


class ChatLog:
    """Everything that happened in one private chat with the bot."""

    def __init__(self, chat_id: int, chat: JSON) -> None:
        self.chat_id = chat_id
        self.chat = chat
        self.messages: list[ChatMessage] = []
        self.reply_keyboard: JSON | None = None
        self.callback_answers: list[JSON] = []
        self.actions: list[str] = []
        self.menu_button: JSON | None = None
        self._by_id: dict[int, ChatMessage] = {}
        self.last_activity: float = 0.0
        self.activity: int = 0
        self.answer_activity: int = 0

    def add(self, message: ChatMessage) -> None:
        """Append a message."""
        self.messages.append(message)
        self._by_id[message.message_id] = message

    def get(self, message_id: int) -> ChatMessage | None:
        """The message with this id (deleted ones included), or None."""
        return self._by_id.get(message_id)

    def bot_messages(self) -> list[ChatMessage]:
        """Messages from the bot that are not deleted."""
        return [m for m in self.messages if m.from_bot and not m.deleted]

    def user_messages(self) -> list[ChatMessage]:
        """Messages from the user that are not deleted."""
        return [m for m in self.messages if not m.from_bot and not m.deleted]

    def last_bot_message(self) -> ChatMessage | None:
        """The newest non-deleted bot message."""
        for m in reversed(self.messages):
            if m.from_bot and not m.deleted:
                return m
        return None

    def texts(self) -> list[str]:
        """Text/caption of every non-deleted bot message, oldest first."""
        return [m.content for m in self.bot_messages()]

    def changed_since(self, seq: int) -> list[ChatMessage]:
        """Bot messages sent or edited after change number ``seq``, not deleted."""
        return [m for m in self.messages if m.from_bot and not m.deleted and m.changed_seq > seq]

    def __repr__(self) -> str:
        return f"<ChatLog {self.chat_id}: {len(self.messages)} messages>"
