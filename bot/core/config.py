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
    "DATABASE_URL": "use sqlite:///relative/path.db or sqlite:////absolute/path.db",
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
        if not value.startswith("sqlite:///") or value == "sqlite:///":
            raise ValueError("only sqlite:///<path> is supported for now")
        return value

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
    def database_path(self) -> Path | None:
        """Filesystem path of the SQLite database, or None for an in-memory one."""
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
