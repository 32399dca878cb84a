"""Filters on the hot path run inline.

aiogram runs a plain callable filter — an `F.…` magic filter, an FSM `State` given as a filter,
a lambda — through a thread pool (`asyncio.to_thread`): for every update, a thread hop and two
wake-ups of the event loop for each such filter the update meets (the onboarding states alone
were two for every message). `run_filters_inline` makes every one of them a coroutine once the
routers are built; `PrivateChat` is one from the start.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.filters import Filter
from aiogram.types import Message


def run_filters_inline(router: Router) -> int:
    """Every plain-callable filter of `router` and of the routers under it is called inline
    instead of in a thread: filters only compare what the update carries, which is far
    cheaper than the hop. Idempotent; returns how many filters it changed."""
    changed = 0
    for observer in router.observers.values():
        # `_handler` holds the router-wide filters (`router.message.filter(…)`).
        handlers: list[HandlerObject] = [observer._handler, *observer.handlers]
        for handler in handlers:
            for found in handler.filters or ():
                if not found.awaitable:
                    found.callback = _inline(found.callback)
                    found.awaitable = True
                    changed += 1
    for sub in router.sub_routers:
        changed += run_filters_inline(sub)
    return changed


def _inline(check: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    async def inline(*args: Any, **kwargs: Any) -> Any:
        return check(*args, **kwargs)

    return inline


class PrivateChat(Filter):
    """Only private chats: the bot serves people one to one, never groups."""

    async def __call__(self, message: Message) -> bool:
        return message.chat.type == "private"
