"""Help, menu, cancel and language: the commands that work from anywhere."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup, Message

from bot.core.access import Access
from bot.core.config import LOCALES
from bot.core.i18n import Translator
from bot.telegram.callbacks import LanguageCb
from bot.telegram.filters import PrivateChat
from bot.telegram.menu import MenuButton, main_menu
from bot.telegram.screens import button, keyboard
from handlers.states import Onboarding

router = Router(name=__name__)
router.message.filter(PrivateChat())


async def send_menu(message: Message, l10n: Translator, access: Access, text: str) -> None:
    await message.answer(text, reply_markup=main_menu(l10n, access))


def language_kb(l10n: Translator) -> InlineKeyboardMarkup:
    return keyboard([button(l10n(f"lang-name-{code}"), LanguageCb(code=code)) for code in LOCALES])


# During onboarding these commands would skip the language or consent step; the onboarding
# router answers them instead, so they are registered for every other state.
outside_onboarding = ~StateFilter(Onboarding)


@router.message(Command("help"), outside_onboarding)
@router.message(MenuButton("menu-help"), outside_onboarding)
async def help_(message: Message, l10n: Translator, access: Access) -> None:
    text = l10n("help-text")
    if access.is_staff:
        text += "\n\n" + l10n("help-staff")
    await send_menu(message, l10n, access, text)


@router.message(Command("menu"), outside_onboarding)
async def menu(message: Message, l10n: Translator, access: Access) -> None:
    await send_menu(message, l10n, access, l10n("menu-title"))


@router.message(Command("language"), outside_onboarding)
@router.message(MenuButton("menu-language"), outside_onboarding)
async def language(message: Message, l10n: Translator) -> None:
    await message.answer(l10n("lang-choose"), reply_markup=language_kb(l10n))


@router.message(Command("cancel"), outside_onboarding)
async def cancel(message: Message, state: FSMContext, l10n: Translator, access: Access) -> None:
    if await state.get_state() is None:
        await send_menu(message, l10n, access, l10n("cancel-nothing"))
        return
    # Leaves the flow. Flows that keep drafts store them outside the FSM, so they survive.
    await state.clear()
    await send_menu(message, l10n, access, l10n("cancel-done"))
