"""An aiogram middleware that tells the fake server when the bot finished an update."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware, Dispatcher
from aiogram.types import TelegramObject, Update

if TYPE_CHECKING:
    from .server import FakeTelegramServer

__all__ = ["HandledMiddleware", "install_handled_tracking"]


class HandledMiddleware(BaseMiddleware):
    """Outer update middleware calling ``server.mark_handled(update_id)`` when handling ends."""

    def __init__(self, server: FakeTelegramServer) -> None:
        self.server = server

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        try:
            return await handler(event, data)
        finally:
            if isinstance(event, Update):
                self.server.mark_handled(event.update_id)


def install_handled_tracking(dispatcher: Dispatcher, server: FakeTelegramServer) -> None:
    """Register the middleware on ``dispatcher.update`` and switch the server to tracked waits."""
    dispatcher.update.outer_middleware(HandledMiddleware(server))
    server.track_handled = True
