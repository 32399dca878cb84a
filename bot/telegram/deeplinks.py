"""`t.me/<bot>?start=<payload>` routing. Features register a prefix and a handler.

For example the training feature registers `c_` for cohort invites: `?start=c_AB12CD` calls its
handler with `value="AB12CD"`. Payloads are what Telegram allows: 1–64 of `A-Z a-z 0-9 _ -`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.types import Message

PAYLOAD_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")

# handler(message, value, data): `data` is the aiogram handler data (l10n, user, db, state, ...).
DeepLinkHandler = Callable[[Message, str, dict[str, Any]], Awaitable[None]]


class DeepLinks:
    def __init__(self) -> None:
        self._routes: dict[str, DeepLinkHandler] = {}

    def register(self, prefix: str, handler: DeepLinkHandler) -> None:
        if not re.fullmatch(r"[a-z]{1,8}_", prefix):
            raise ValueError(f"deep-link prefix must look like 'c_': {prefix!r}")
        if prefix in self._routes:
            raise ValueError(f"deep-link prefix {prefix!r} registered twice")
        self._routes[prefix] = handler

    def has(self, prefix: str) -> bool:
        return prefix in self._routes

    def resolve(self, payload: str | None) -> tuple[DeepLinkHandler, str] | None:
        """The handler and the value after the prefix, or None for an unknown payload."""
        if not payload or not PAYLOAD_RE.fullmatch(payload):
            return None
        prefix, sep, value = payload.partition("_")
        handler = self._routes.get(prefix + sep)
        if handler is None or not value:
            return None
        return handler, value


def make_link(bot_username: str, payload: str) -> str:
    if not PAYLOAD_RE.fullmatch(payload):
        raise ValueError("payload must be 1-64 characters of A-Z a-z 0-9 _ -")
    return f"https://t.me/{bot_username}?start={payload}"
