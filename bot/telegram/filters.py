"""Small async filters for hot paths.

aiogram runs a plain callable filter (including `F.…` magic filters) through a thread pool; on
every update that is a thread hop. These filters are coroutines and run inline.
"""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import Message


class PrivateChat(Filter):
    """Only private chats: the bot serves people one to one, never groups."""

    async def __call__(self, message: Message) -> bool:
        return message.chat.type == "private"
