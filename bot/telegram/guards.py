"""One shape for a router's guard: an inner middleware that checks (and may load) what an
update is about before any handler of the router runs.

A subclass writes `check(event, data)`: return `True` to go on (having put what it loaded into
`data`, e.g. the loan the button names, already checked against the presser's scope), or
`False` after it has answered the person itself (an `access-denied` alert, a stale button).
Handlers then trust what the guard injected; the rule is written once per router, not in each
handler.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.types import CallbackQuery, Message, TelegramObject

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class Guard(BaseMiddleware):
    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        raise NotImplementedError

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not await self.check(event, data):
            return None
        return await handler(event, data)


def flag(data: dict[str, Any], name: str, default: Any = None) -> Any:
    """A flag the handler was registered with (`flags={...}`), as the guard sees it."""
    return get_flag(data, name, default=default)


async def on_message(query: CallbackQuery, data: dict[str, Any]) -> bool:
    """A button on a message the bot can still edit: it goes to the handler as `message`.
    Otherwise (too old, inaccessible) the press is only answered and `False` returned."""
    if not isinstance(query.message, Message):
        await query.answer()
        return False
    data["message"] = query.message
    return True


C = TypeVar("C", bound="DataclassInstance")


def gathered(kind: type[C], data: dict[str, Any]) -> C:
    """A handlers' context (a dataclass) filled from the handler data: each field from the key
    of its name."""
    return kind(**{f.name: data[f.name] for f in fields(kind)})


class Gathers(Guard):
    """A guard that only hands every handler of its router `ctx`: a handlers' context (a
    dataclass) filled from the handler data by `gathered`."""

    def __init__(self, kind: type[DataclassInstance]) -> None:
        self._kind = kind

    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        data["ctx"] = gathered(self._kind, data)
        return True
