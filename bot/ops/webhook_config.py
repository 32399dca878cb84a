"""What a webhook worker needs from the settings, checked before anything heavy is imported
(`python -m bot webhook` says what is missing at once)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot.core.config import ConfigError, Settings

__all__ = ["WebhookConfig", "webhook_config"]

_RESERVED = ("/healthz", "/metrics")


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    url: str
    path: str
    secret: str = field(repr=False)


def webhook_config(settings: Settings) -> WebhookConfig:
    """WEBHOOK_URL and WEBHOOK_SECRET, both required; `ConfigError` says what to set."""
    if not settings.webhook_url:
        raise ConfigError(
            "WEBHOOK_URL is not set — the public https:// address Telegram posts updates to, "
            "e.g. https://bot.example.kz/tg (a reverse proxy passes it to this process)"
        )
    if settings.webhook_secret is None:
        raise ConfigError(
            "WEBHOOK_SECRET is not set — 1-256 characters: letters, digits, _ and -; e.g. the "
            'output of: python -c "import secrets; print(secrets.token_urlsafe(32))"'
        )
    path = urlsplit(settings.webhook_url).path or "/"
    if path in _RESERVED:
        raise ConfigError(f"WEBHOOK_URL's path must not be {path}: it is served for operations")
    return WebhookConfig(settings.webhook_url, path, settings.webhook_secret.get_secret_value())
