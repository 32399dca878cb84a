"""The main menu: a reply keyboard whose items appear as features land.

Each item is a Fluent key for its label and a rule for who sees it. A pressed label is recognised
in either language (`MenuButton`), because a user who just switched language may still press an
old keyboard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiogram.filters import Filter
from aiogram.types import KeyboardButton, Message, ReplyKeyboardMarkup

from bot.core.access import Access
from bot.core.i18n import Translations, Translator
from bot.telegram.session import kept


def _everyone(_: Access) -> bool:
    return True


def _role_managers(access: Access) -> bool:
    return access.manages_roles


def _staff(access: Access) -> bool:
    return access.is_staff


def _coordinators(access: Access) -> bool:
    return access.is_coordinator


def _mentoring(access: Access) -> bool:
    return access.is_mentor or access.is_coordinator


@dataclass(frozen=True, slots=True)
class MenuItem:
    key: str
    visible: Callable[[Access], bool] = _everyone


# Rows, top to bottom, two or three buttons a row: on a small phone the keyboard must leave room
# for the chat (four rows for most people; a coordinator's own rows below them, three buttons at
# most, seven rows for one who also hands out roles).
MAIN_MENU: tuple[tuple[MenuItem, ...], ...] = (
    (MenuItem("menu-apply"), MenuItem("menu-my-applications"), MenuItem("menu-journey")),
    (MenuItem("menu-courses"), MenuItem("menu-webinars"), MenuItem("menu-funnel", _coordinators)),
    (MenuItem("menu-loan"), MenuItem("menu-contest"), MenuItem("menu-privacy")),
    (MenuItem("menu-help"), MenuItem("menu-language"), MenuItem("menu-notifications")),
    (
        MenuItem("menu-review", _coordinators),
        MenuItem("menu-loans-admin", _coordinators),
        MenuItem("menu-projects", _coordinators),
    ),
    (
        MenuItem("menu-mentoring", _mentoring),
        MenuItem("menu-cohorts", _staff),
        MenuItem("menu-broadcasts", _staff),
    ),
    (MenuItem("menu-roles", _role_managers),),
)


def is_elsewhere(text: str | None, translations: Translations) -> bool:
    """A command or a main-menu label (in either language): the person left the step they were
    at for somewhere else, so a flow waiting for typed text lets the message go on."""
    if text is None:
        return False
    return text.startswith("/") or any(
        text in translations.labels(item.key) for row in MAIN_MENU for item in row
    )


def main_menu(l10n: Translator, access: Access) -> ReplyKeyboardMarkup:
    """The person's menu: built once per locale and set of visible items, then kept (it is
    sent with most answers; building it cost a third of a menu press)."""
    shown = tuple(item.key for row in MAIN_MENU for item in row if item.visible(access))
    return l10n.once(("main-menu", shown), lambda: _menu(l10n, frozenset(shown)))


def _menu(l10n: Translator, shown: frozenset[str]) -> ReplyKeyboardMarkup:
    rows = []
    for row in MAIN_MENU:
        buttons = [KeyboardButton(text=l10n(item.key)) for item in row if item.key in shown]
        if buttons:
            rows.append(buttons)
    markup = ReplyKeyboardMarkup(
        keyboard=rows,
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=l10n("menu-placeholder"),
    )
    return kept(markup)


class MenuButton(Filter):
    """Matches a message whose text is the label of `key` in any language."""

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, message: Message, translations: Translations) -> bool:
        return message.text is not None and message.text in translations.labels(self.key)
