"""Logging set-up. Secrets (the bot token, the webhook secret, database and Redis passwords) never
reach a log line, whatever library writes them, in the message, its arguments or a traceback.

`LOG_FORMAT=text` (people) writes `time level logger: message`; `LOG_FORMAT=json` (log
collectors) writes one JSON object per line:

    {"time": "2026-05-14T06:00:00.123Z", "level": "ERROR", "logger": "handlers.account.errors",
     "message": "update 42 failed", "update_id": 42, "update_type": "message",
     "exc_info": "Traceback (most recent call last): ..."}

Fields passed with `extra=` and the fields bound to the current task with `log_context` (the
update being handled: `update_id`, `update_type`) are added as keys of their own.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from bot.core.config import Settings

_REDACTED = "***"
# What every LogRecord has; anything else on a record came through `extra=`.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}
_context: ContextVar[Mapping[str, Any] | None] = ContextVar("log_context", default=None)


@contextmanager
def log_context(**fields: Any) -> Iterator[None]:
    """Add these fields to every JSON log line written inside the block (by this task and the
    tasks it starts)."""
    token = _context.set({**(_context.get() or {}), **fields})
    try:
        yield
    finally:
        _context.reset(token)


def secrets_of(settings: Settings) -> list[str]:
    """Every secret in the settings that a log line must never show."""
    found = [settings.bot_token, settings.webhook_secret]
    secrets = [s.get_secret_value() for s in found if s is not None]
    for url in (settings.database_url, settings.redis_url):
        password = urlsplit(url).password if url else None
        if password:
            secrets.extend({password, unquote(password)})
    return secrets


class RedactFilter(logging.Filter):
    """Replaces secrets in a record's message (the formatters redact the whole line too)."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self._secrets):
            record.msg, record.args = _redact(message, self._secrets), None
        return True


class TextFormatter(logging.Formatter):
    """`time level logger: message`, the traceback after it; secrets replaced."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        return _redact(super().format(record), self._secrets)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601, UTC), level, logger, message, the extra and
    context fields, exc_info when there is one; secrets replaced."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC)
        entry: dict[str, Any] = {
            "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(_context.get() or {})
        entry.update((k, v) for k, v in vars(record).items() if k not in _STANDARD)
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        for key, value in entry.items():
            if isinstance(value, str):
                entry[key] = _redact(value, self._secrets)
        return _redact(json.dumps(entry, ensure_ascii=False, default=str), self._secrets)


def _redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, _REDACTED)
    return text


def setup_logging(
    level: str, secrets: list[str], *, fmt: Literal["text", "json"] = "text"
) -> None:
    handler = logging.StreamHandler()
    formatter = JsonFormatter(secrets) if fmt == "json" else TextFormatter(secrets)
    handler.setFormatter(formatter)
    handler.addFilter(RedactFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
