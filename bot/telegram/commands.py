"""The command lists Telegram shows behind the «/» button.

Everyone gets the public list, in Kazakh, in Russian, and a default for other clients. Staff get
their own list in their chat (`BotCommandScopeChat`): the public commands plus those of their
roles (/review, /loans, /cohorts, /broadcasts, /roles), in the language they chose in the bot.
What the list shows is a convenience only: every staff handler checks access on the server.

A staff list is published when a person's commands or language differ from what the bot last
published for them (checked on each of their updates against `users.commands`, read with the
user in the same SELECT, so every worker sees it and the check costs no round trip), and at once
when a role is granted or revoked. A person who lost their last role gets the chat list
deleted, so Telegram falls back to the public one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, TelegramObject

from bot.core.access import Access
from bot.core.config import LOCALES
from bot.core.i18n import Translations, Translator
from bot.core.people import People
from bot.telegram.guards import Guard
from storage.users import User, UserRepo

log = logging.getLogger(__name__)

PUBLIC: tuple[str, ...] = (
    "start",
    "menu",
    "apply",
    "my",
    "courses",
    "webinars",
    "loan",
    "contest",
    "reports",
    "help",
    "language",
    "notifications",
    "privacy",
    "cancel",
)

# A staff command and who may see it (the handlers check the same on the server).
STAFF: tuple[tuple[str, Callable[[Access], bool]], ...] = (
    ("review", lambda a: a.is_coordinator),
    ("loans", lambda a: a.is_coordinator),
    ("cohorts", lambda a: a.is_staff),
    ("broadcasts", lambda a: a.is_staff),
    ("roles", lambda a: a.manages_roles),
)


def staff_commands(access: Access) -> tuple[str, ...]:
    return tuple(command for command, allowed in STAFF if allowed(access))


def bot_commands(commands: tuple[str, ...], l10n: Translator) -> list[BotCommand]:
    return [BotCommand(command=c, description=l10n(f"command-{c}")) for c in commands]


async def set_public_commands(bot: Bot, translations: Translations) -> None:
    """The public list: Kazakh, Russian, and the default for everyone else."""
    scope = BotCommandScopeDefault()
    for language in (*LOCALES, None):
        commands = bot_commands(PUBLIC, translations.get(language))
        await bot.set_my_commands(commands, scope=scope, language_code=language)


class CommandMenus:
    """Keeps each staff member's chat command list in step with their roles and language.

    What was last published for each person is kept in their users row (`users.commands`):
    shared by the workers when there are several (a worker that remembered only its own
    publishing would skip a change another worker had undone), and read with the user."""

    def __init__(self, translations: Translations, users: UserRepo) -> None:
        self._translations = translations
        self._users = users

    async def ensure(
        self,
        bot: Bot,
        access: Access,
        language: str,
        *,
        published: str | None,
        force: bool = False,
    ) -> None:
        """Publish (or delete) this person's chat list if it is not what they should see.
        `published`: what their users row says was published last (`User.commands`, read with
        the user); `force`: whatever that says."""
        staff = staff_commands(access)
        wanted = f"{language}:{','.join(staff)}"  # the language and the staff commands
        if not force and (published == wanted or (published is None and not staff)):
            return
        scope = BotCommandScopeChat(chat_id=access.user_id)
        try:
            if staff:
                l10n = self._translations.get(language)
                await bot.set_my_commands(bot_commands(PUBLIC + staff, l10n), scope=scope)
            else:
                await bot.delete_my_commands(scope=scope)
        except TelegramAPIError as exc:  # a blocked bot, an unknown chat: the menu can wait
            log.warning("command list for user %d not updated: %s", access.user_id, exc)
            return
        await self._users.set_commands(access.user_id, wanted)

    async def refresh(
        self, bot: Bot, people: People, user_id: int, *, is_admin: bool, default: str
    ) -> None:
        """After a grant or a revocation: the person's list now, not at their next message."""
        user = await people.get(user_id)
        access = await people.access_of(user_id, is_admin=is_admin)
        language = user.language if user and user.language in LOCALES else default
        published = user.commands if user is not None else None
        await self.ensure(bot, access, language, published=published, force=True)


class CommandMenuMiddleware(Guard):
    """Runs after ContextMiddleware: it needs the `access` and `l10n` that one puts in. It
    never stops an update."""

    def __init__(self, menus: CommandMenus) -> None:
        self._menus = menus

    async def check(self, event: TelegramObject, data: dict[str, Any]) -> bool:
        access: Access | None = data.get("access")
        l10n: Translator | None = data.get("l10n")
        bot: Bot | None = data.get("bot")
        user: User | None = data.get("user")
        if access is not None and l10n is not None and bot is not None and user is not None:
            await self._menus.ensure(bot, access, l10n.locale, published=user.commands)
        return True
