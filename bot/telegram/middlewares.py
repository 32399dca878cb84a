"""Per-update context (the user, their access and translator) and resilient Bot API calls."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser

from bot.core.access import Access
from bot.core.clock import Clock
from bot.core.config import LOCALES, Settings
from bot.core.i18n import Translations
from bot.telegram.guards import Guard
from storage.users import Profile, UserRepo

log = logging.getLogger(__name__)


def pick_locale(stored: str | None, telegram: str | None, default: str) -> str:
    """Stored choice → Telegram's language_code if it is kk or ru → the configured default."""
    if stored in LOCALES:
        return stored
    code = (telegram or "").split("-")[0].lower()
    return code if code in LOCALES else default


class ContextMiddleware(Guard):
    """Loads the user (one SELECT; writes only on change) and gives handlers `user`, `access`,
    `l10n`. Updates without a user (channel posts and the like) get the default translator."""

    def __init__(
        self, users: UserRepo, translations: Translations, settings: Settings, clock: Clock
    ) -> None:
        self._users = users
        self._translations = translations
        self._settings = settings
        self._clock = clock

    async def check(self, event: TelegramObject, data: dict[str, Any]) -> bool:
        tg_user: TgUser | None = data.get("event_from_user")
        if tg_user is None or tg_user.is_bot:
            data["l10n"] = self._translations.get(self._settings.default_locale)
            return True
        profile = Profile(
            tg_user.id,
            tg_user.first_name,
            tg_user.last_name,
            tg_user.username,
            tg_user.language_code,
        )
        user, grants = await self._users.seen_with_roles(profile, self._clock.now())
        data["user"] = user
        data["profile"] = profile
        data["access"] = Access(user.id, user.id in self._settings.admin_ids, grants)
        locale = pick_locale(user.language, tg_user.language_code, self._settings.default_locale)
        data["l10n"] = self._translations.get(locale)
        return True


class RetryMiddleware(BaseRequestMiddleware):
    """Every Bot API call survives flood control and hiccups, within bounds.

    429 waits `retry_after` and tries again; 5xx and network errors back off exponentially.
    When the bounds are exhausted the error is raised (and logged), never swallowed. A 403 marks
    the user as having blocked the bot, through `on_blocked`.
    """

    def __init__(
        self,
        *,
        max_attempts: int = 5,
        max_total_wait: float = 90.0,
        base_delay: float = 0.5,
        on_blocked: Callable[[int], Awaitable[None]] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.max_attempts = max_attempts
        self.max_total_wait = max_total_wait
        self.base_delay = base_delay
        self.on_blocked = on_blocked
        self._sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if method.__api_method__ == GetUpdates.__api_method__:  # polling has its own back-off
            return await make_request(bot, method)
        waited = 0.0
        name = type(method).__name__
        for attempt in range(1, self.max_attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                delay = float(exc.retry_after)
                reason = f"flood control, retry after {exc.retry_after}s"
                error: Exception = exc
            except (TelegramServerError, TelegramNetworkError) as exc:
                delay = min(self.base_delay * 2 ** (attempt - 1), 10.0)
                reason = f"{type(exc).__name__}: {exc.message}"
                error = exc
            except TelegramForbiddenError:
                chat_id = getattr(method, "chat_id", None)
                if self.on_blocked is not None and isinstance(chat_id, int) and chat_id > 0:
                    await self.on_blocked(chat_id)
                raise
            if attempt == self.max_attempts or waited + delay > self.max_total_wait:
                log.error("%s failed after %d attempts (%s); giving up", name, attempt, reason)
                raise error
            log.warning("%s: %s; attempt %d, waiting %.1fs", name, reason, attempt, delay)
            await self._sleep(delay)
            waited += delay
        raise AssertionError("unreachable")
