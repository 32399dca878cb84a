"""🔔 «Хабарламалар» / «Уведомления»: when a person is reminded, and muting nudges and digests.

The rule lives in `bot.delivery.preferences` (the planners and the sender obey it); this
screen shows the choice, offers the hours outside quiet hours as buttons, and says what always
comes.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.core.i18n import Translator
from bot.delivery.preferences import PreferenceError, Preferences, PreferenceService
from bot.telegram.callbacks import NotifyAction, NotifyCb
from bot.telegram.filters import PrivateChat
from bot.telegram.menu import MenuButton
from bot.telegram.screens import Screen, button, columns, edit_in_place, keyboard, send
from handlers.account.common import outside_onboarding

router = Router(name=__name__)
router.message.filter(PrivateChat())


def _hour(hour: int) -> str:
    return f"{hour:02d}:00"


def screen(l10n: Translator, prefs: Preferences, preferences: PreferenceService) -> Screen:
    hours, quiet = preferences.hours(), preferences.quiet_window()
    lines = [
        l10n("notify-title"),
        l10n("notify-hour", hour=_hour(prefs.remind_hour))
        if prefs.remind_hour is not None
        else l10n("notify-hour-default"),
        l10n("notify-nudges-off" if prefs.mute_nudges else "notify-nudges-on"),
        "",
        l10n("notify-always"),
    ]
    if quiet is not None:
        lines.append(l10n("notify-quiet", start=quiet[0], end=quiet[1]))

    def hour_button(hour: int) -> InlineKeyboardButton:
        mark = "✓ " if prefs.remind_hour == hour else ""
        return button(f"{mark}{_hour(hour)}", NotifyCb(action=NotifyAction.hour, hour=hour))

    default_mark = "✓ " if prefs.remind_hour is None else ""
    toggle = NotifyAction.unmute if prefs.mute_nudges else NotifyAction.mute
    return "\n".join(lines), keyboard(
        *columns([hour_button(h) for h in hours], 4),
        [
            button(
                default_mark + l10n("notify-default-button"),
                NotifyCb(action=NotifyAction.default),
            )
        ],
        [button(l10n(f"notify-{toggle.name}-button"), NotifyCb(action=toggle))],
    )


@router.message(Command("notifications"), outside_onboarding)
@router.message(MenuButton("menu-notifications"), outside_onboarding)
async def show(message: Message, l10n: Translator, preferences: PreferenceService) -> None:
    assert message.from_user is not None
    prefs = await preferences.get(message.from_user.id)
    await send(message, screen(l10n, prefs, preferences))


async def _redraw(
    query: CallbackQuery, l10n: Translator, preferences: PreferenceService, prefs: Preferences
) -> None:
    await query.answer(l10n("notify-saved"))
    if isinstance(query.message, Message):
        await edit_in_place(query.message, *screen(l10n, prefs, preferences))


@router.callback_query(NotifyCb.filter(F.action == NotifyAction.hour))
async def choose_hour(
    query: CallbackQuery, callback_data: NotifyCb, l10n: Translator, preferences: PreferenceService
) -> None:
    try:
        prefs = await preferences.set_hour(query.from_user.id, callback_data.hour)
    except PreferenceError:  # a forged hour, or one inside quiet hours
        await query.answer(l10n("notify-hour-refused"), show_alert=True)
        return
    await _redraw(query, l10n, preferences, prefs)


@router.callback_query(NotifyCb.filter(F.action == NotifyAction.default))
async def default_hour(
    query: CallbackQuery, l10n: Translator, preferences: PreferenceService
) -> None:
    prefs = await preferences.set_hour(query.from_user.id, None)
    await _redraw(query, l10n, preferences, prefs)


@router.callback_query(NotifyCb.filter(F.action.in_({NotifyAction.mute, NotifyAction.unmute})))
async def mute(
    query: CallbackQuery, callback_data: NotifyCb, l10n: Translator, preferences: PreferenceService
) -> None:
    muted = callback_data.action == NotifyAction.mute
    prefs = await preferences.set_muted(query.from_user.id, muted)
    await _redraw(query, l10n, preferences, prefs)
