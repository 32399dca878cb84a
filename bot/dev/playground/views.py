"""What the page receives: chat messages as JSON it renders like Telegram does.

The page builds DOM nodes from the plain text and its entities (never from HTML), so a message
looks exactly as a Telegram client would show what the Bot API stored.
"""

from __future__ import annotations

from typing import Any

from bot.dev.fake_telegram import ChatLog, ChatMessage, StoredFile

JSON = dict[str, Any]

_EXTRA_KEYS = ("location", "venue", "contact", "dice", "sticker", "forward_origin")
_SOURCE_LIMIT = 500  # characters of a refused request's text shown with its error


def file_view(stored: StoredFile) -> JSON:
    view: JSON = {
        "id": stored.file_id,
        "kind": stored.kind,
        "size": stored.file_size,
        "url": f"/files/{stored.file_id}",
    }
    if stored.file_name:
        view["name"] = stored.file_name
    if stored.mime_type:
        view["mime"] = stored.mime_type
    if stored.duration is not None:
        view["duration"] = stored.duration
    if stored.width and stored.height:
        view["width"], view["height"] = stored.width, stored.height
    return view


def message_view(msg: ChatMessage) -> JSON:
    """One message (bot's or user's) in its current state."""
    view: JSON = {
        "id": msg.message_id,
        "chat_id": msg.chat_id,
        "from_bot": msg.from_bot,
        "kind": msg.kind,
        "date": msg.date,
        "edited": msg.edits > 0,
        "deleted": msg.deleted,
    }
    if msg.text is not None:
        view["text"] = msg.text
        view["entities"] = msg.entities
    if msg.caption:
        view["caption"] = msg.caption
        view["caption_entities"] = msg.caption_entities
    if msg.file is not None:
        view["file"] = file_view(msg.file)
    if msg.inline_keyboard:
        view["inline_keyboard"] = msg.inline_keyboard
    for key in _EXTRA_KEYS:
        if key in msg.extra:
            view[key] = msg.extra[key]
    return view


def chat_view(chat: ChatLog, notes: list[JSON]) -> JSON:
    """A whole chat: its messages (deleted ones left out), reply keyboard and notes."""
    return {
        "messages": [message_view(m) for m in chat.messages if not m.deleted],
        "reply_keyboard": chat.reply_keyboard,
        "notes": notes,
    }


def last_message_id(chat: ChatLog) -> int:
    """The newest message id of a chat (0 for an empty one): notes are placed after it."""
    return chat.messages[-1].message_id if chat.messages else 0


def request_source(params: JSON) -> str | None:
    """The text a refused request carried (to show what Telegram did not accept)."""
    for key in ("text", "caption"):
        value = params.get(key)
        if isinstance(value, str) and value:
            return value if len(value) <= _SOURCE_LIMIT else value[:_SOURCE_LIMIT] + "…"
    return None
