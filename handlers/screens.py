"""Showing a screen in place: the edit every flow makes when a button is pressed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup, Message


@contextmanager
def unless_unchanged() -> Iterator[None]:
    """Telegram refuses an edit that changes nothing ("message is not modified"): pressing the
    button of the screen already shown is not an error. Anything else still is."""
    try:
        yield
    except TelegramBadRequest as exc:
        if "message is not modified" not in exc.message:
            raise


async def edit_in_place(message: Message, text: str, kb: InlineKeyboardMarkup | None) -> None:
    with unless_unchanged():
        await message.edit_text(text, reply_markup=kb)


async def edit_or_answer(message: Message, text: str, kb: InlineKeyboardMarkup | None) -> None:
    """As `edit_in_place`; a message without text (a photo, a document) has nothing to edit,
    so the screen comes as a new message."""
    if message.text is None:
        await message.answer(text, reply_markup=kb)
        return
    await edit_in_place(message, text, kb)
