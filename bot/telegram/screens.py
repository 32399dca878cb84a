"""Screens: building keyboards (buttons, rows, pagers) and showing a screen in place, the edit
every flow makes when a button is pressed. Handlers build with this kit, not helpers of their
own."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message


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


# -- the keyboard and screen kit every handler builds with --------------------------------------

# A screen: its text and its inline keyboard (None: no buttons).
Screen = tuple[str, InlineKeyboardMarkup | None]
_TAGS = re.compile(r"<[^>]+>")


def button(text: str, data: CallbackData | str) -> InlineKeyboardButton:
    """An inline button carrying callback data (a factory instance or an already packed string)."""
    packed = data if isinstance(data, str) else data.pack()
    return InlineKeyboardButton(text=text, callback_data=packed)


def url_button(text: str, url: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, url=url)


def keyboard(*rows: Sequence[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """Rows of buttons; empty rows (a pager on one page, an absent action) are left out."""
    return InlineKeyboardMarkup(inline_keyboard=[list(r) for r in rows if r])


def columns(
    buttons: Sequence[InlineKeyboardButton], width: int = 2
) -> list[list[InlineKeyboardButton]]:
    """Buttons laid out `width` to a row (region pickers, hour pickers)."""
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def page_bounds(count: int, page: int, per_page: int) -> tuple[int, int]:
    """(page, pages): the page clamped to what exists (a stale pager button after rows went)."""
    pages = max(1, -(-count // per_page))
    return min(max(page, 0), pages - 1), pages


def pager(
    page: int, pages: int, to_page: Callable[[int], CallbackData], here: CallbackData
) -> list[InlineKeyboardButton]:
    """‹ n/N ›: one row, nothing when everything fits one page. `here` is what the middle
    button (the page number) sends: a no-op of the feature."""
    if pages <= 1:
        return []
    row = []
    if page > 0:
        row.append(button("‹", to_page(page - 1)))
    row.append(button(f"{page + 1}/{pages}", here))
    if page < pages - 1:
        row.append(button("›", to_page(page + 1)))
    return row


def cut(text: str, limit: int, *, mark_after: bool = False) -> str:
    """At most `limit` characters, with «…» where it was cut (button labels, list lines);
    `mark_after`: `limit` characters and «…» after them (screens that have always cut so)."""
    if len(text) <= limit:
        return text
    return (text[:limit] if mark_after else text[: limit - 1]).rstrip() + "…"


def unchanged(message: Message, screen: Screen) -> bool:
    """The message shows this screen already (a button re-rendering its own screen): Telegram
    would refuse the edit as "not modified". The text is compared without its HTML tags."""
    text, kb = screen
    shown = message.reply_markup
    return (
        message.text == html.unescape(_TAGS.sub("", text)).strip()
        and shown is not None
        and kb is not None
        and shown.model_dump(exclude_none=True) == kb.model_dump(exclude_none=True)
    )


async def show(message: Message, screen: Screen) -> None:
    """A screen in place of the message a button was pressed on (new when it has no text);
    nothing when it is on the message already."""
    if message.text is not None and unchanged(message, screen):
        return
    await edit_or_answer(message, *screen)


async def send(message: Message, screen: Screen) -> None:
    """A screen as a new message (after a typed answer: the person's message is below it)."""
    await message.answer(screen[0], reply_markup=screen[1])


# -- reading what was sent ----------------------------------------------------------------------


def pointed_id(message: Message) -> int | None:
    """The person a message points at: a numeric id typed in it, or the sender of a forwarded
    message (None: neither, a bot, or a sender who hides behind their privacy settings)."""
    origin = message.forward_origin
    if origin is not None:
        sender = getattr(origin, "sender_user", None)
        return sender.id if sender is not None and not sender.is_bot else None
    text = (message.text or "").strip()
    return int(text) if text.isdigit() and len(text) <= 15 else None
