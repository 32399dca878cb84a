"""A fake Telegram Bot API server for conversation tests, benchmarks and a playground.

Start :class:`FakeTelegramServer`, point aiogram at ``server.base_url`` with
``TelegramAPIServer.from_base``, create users with ``server.user(...)`` and let them talk.
"""

from bot.core.html import (
    EntityParseError,
    UnsupportedParseModeError,
    parse_html,
    parse_text,
    utf16_len,
)

from .models import ApiCall, ApiError, ChatLog, ChatMessage, StoredFile, UploadedFile
from .server import DEFAULT_TOKEN, FakeTelegramServer
from .spec import DEFAULT_SPEC_PATH, BotApiSpec, load_spec
from .tracking import HandledMiddleware, install_handled_tracking
from .users import TINY_PNG, SimUser
from .webhook import SECRET_HEADER, WebhookAttempt

__all__ = [
    "DEFAULT_SPEC_PATH",
    "DEFAULT_TOKEN",
    "SECRET_HEADER",
    "TINY_PNG",
    "ApiCall",
    "ApiError",
    "BotApiSpec",
    "ChatLog",
    "ChatMessage",
    "EntityParseError",
    "FakeTelegramServer",
    "HandledMiddleware",
    "SimUser",
    "StoredFile",
    "UnsupportedParseModeError",
    "UploadedFile",
    "WebhookAttempt",
    "install_handled_tracking",
    "load_spec",
    "parse_html",
    "parse_text",
    "utf16_len",
]
