"""Typed configuration from the environment and `.env` (pydantic-settings).

Loaded once in `bot.__main__` and passed down; nothing reads the environment elsewhere.
"""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.core.timezones import load_zone

Locale = Literal["kk", "ru"]
LOCALES: tuple[Locale, ...] = ("kk", "ru")

_TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")

# Without a token, the bot can still be tried: in a browser, against the embedded Bot API server.
_NO_TOKEN = (
    "BOT_TOKEN is not set — {hint}; or try the bot in a browser without one: "
    "python -m bot playground"
)

# One line per variable that a newcomer is most likely to get wrong.
_HINTS = {
    "BOT_TOKEN": (
        "set BOT_TOKEN in .env or the environment: talk to @BotFather in Telegram, send /newbot "
        "and paste the token it gives you (it looks like 123456789:AA...)"
    ),
    "DATABASE_URL": (
        "use sqlite:///relative/path.db, sqlite:////absolute/path.db or "
        "postgresql://user:password@host:5432/dbname"
    ),
    "REDIS_URL": "redis://host:6379/0, or empty to keep state in the database (one process)",
    "LOG_FORMAT": "text or json",
    "WEBHOOK_URL": "the public https:// address Telegram posts updates to, e.g. https://bot.example.kz/tg",
    "WEBHOOK_SECRET": "1-256 characters: letters, digits, _ and -",
    "ADMIN_IDS": "a comma-separated list of numeric Telegram user ids, e.g. ADMIN_IDS=12345,67890",
    "TIMEZONE": "an IANA time zone name; Kazakhstan is Asia/Almaty (UTC+5)",
    "TELEGRAM_API_URL": "a base URL such as https://api.telegram.org or http://127.0.0.1:8081",
    "DEFAULT_LOCALE": "kk or ru",
    "LOG_LEVEL": "DEBUG, INFO, WARNING or ERROR",
    "DELIVERY_RATE": "a whole number of messages per second from 1 to 30",
    "QUIET_HOURS": "local hours like 21:00-09:00, or empty for none",
    "PAID_BROADCAST_RATE": "0 to keep paid broadcasts off, or messages per second up to 1000",
    "PROGRAMS_DIR": "a folder with program files (*.toml), or empty for the bundled catalogue",
}


class Settings(BaseSettings):
    """Everything the bot reads from its environment."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    database_url: str = "sqlite:///data/bot.db"
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    default_locale: Locale = "kk"
    timezone: str = "Asia/Almaty"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # How long a user's `last_seen_at` may lag behind reality (a write at most this often).
    last_seen_resolution_s: int = Field(default=600, ge=0)
    # Messages per second the delivery engine sends in total (Telegram allows about 30).
    delivery_rate: int = Field(default=25, ge=1, le=30)
    # Paid broadcasts (allow_paid_broadcast, 0.1 Telegram Stars a message): 0 keeps them off;
    # otherwise coordinators may switch a broadcast to this many messages per second (up to 1000).
    paid_broadcast_rate: int = Field(default=0, ge=0, le=1000)
    # The program catalogue: a folder of *.toml files (docs/programs.md); empty = the bundled one.
    programs_dir: Path | None = None
    # Local hours when non-urgent messages wait for the morning; empty to disable.
    quiet_hours: str = "21:00-09:00"
    # Shared state for several workers (FSM, event isolation, the global send rate); empty: one
    # process keeps its state in the database.
    redis_url: str = ""
    # "json": one JSON object per log line (for log collectors); "text" for people.
    log_format: Literal["text", "json"] = "text"
    # Webhook mode (`python -m bot webhook`): the public URL, Telegram's secret_token, and where
    # this process listens (behind a reverse proxy that terminates TLS).
    webhook_url: str = ""
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"  # a container listens on every interface
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    # /healthz and /metrics of a sender process (`python -m bot sender`); webhook workers serve
    # them on WEBHOOK_PORT.
    ops_port: int = Field(default=8081, ge=1, le=65535)

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not _TOKEN_RE.fullmatch(value.get_secret_value().strip()):
            # The message never contains the value itself.
            raise ValueError("does not look like a bot token")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", value):
            raise ValueError("must be an http(s) URL")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        value = value.strip()
        if value.startswith("sqlite:///") and value != "sqlite:///":
            return value
        if re.fullmatch(r"postgres(ql)?(\+asyncpg)?://[^/\s]+/[^/\s?]+(\?\S*)?", value):
            return value
        raise ValueError("must be sqlite:///<path> or postgresql://user:password@host:port/dbname")

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"rediss?://\S+", value):
            raise ValueError("must be redis://… or rediss://…")
        return value

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"https://[^\s/]+(/\S*)?", value):
            raise ValueError("must be an https:// URL (Telegram posts only to https)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value().strip()):
            raise ValueError("1-256 characters: letters, digits, _ and -")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admin_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not all(p.isdigit() for p in parts):
                raise ValueError("must be numeric Telegram user ids")
            return frozenset(int(p) for p in parts)
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("default_locale", mode="before")
    @classmethod
    def _locale(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        load_zone(value)  # raises ValueError with a readable reason
        return value

    @field_validator("programs_dir", mode="before")
    @classmethod
    def _programs_dir(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("programs_dir")
    @classmethod
    def _programs_dir_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError(f"{value} is not a folder")
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError("use HH:MM-HH:MM, e.g. 21:00-09:00, or leave it empty")
        return value

    @property
    def quiet_window(self) -> tuple[time, time] | None:
        if not self.quiet_hours:
            return None
        start, end = self.quiet_hours.split("-")
        return time.fromisoformat(start), time.fromisoformat(end)

    @property
    def token(self) -> str:
        if self.bot_token is None:
            raise ConfigError(_NO_TOKEN.format(hint=_HINTS["BOT_TOKEN"]))
        return self.bot_token.get_secret_value()

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith("postgres")

    @property
    def database_path(self) -> Path | None:
        """Filesystem path of the SQLite database, or None for an in-memory one (or PostgreSQL)."""
        if self.is_postgres:
            return None
        raw = self.database_url.removeprefix("sqlite:///")
        if raw == ":memory:":
            return None
        return Path(raw)


class ConfigError(Exception):
    """Configuration that cannot start the bot; `str()` is one line for the operator."""


def load_settings(*, require_token: bool = True, **overrides: Any) -> Settings:
    """Load settings or raise `ConfigError` naming the first bad variable and how to fix it."""
    try:
        settings = Settings(**overrides)
        if require_token and settings.bot_token is None:
            raise ConfigError(_NO_TOKEN.format(hint=_HINTS["BOT_TOKEN"]))
        return settings
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]).upper() if error["loc"] else "configuration"
        if error["type"] == "missing":
            problem = "is not set"
        else:
            problem = "is invalid: " + str(error["msg"]).removeprefix("Value error, ")
        hint = _HINTS.get(name)
        raise ConfigError(f"{name} {problem}" + (f" — {hint}" if hint else "")) from None
