"""No update waits on a thread to be routed: every filter of the bot's routers runs inline
(aiogram would run a plain callable — `F.…`, a `State`, a lambda — in a thread pool), and no
handler is a plain function (aiogram would run it in a thread too)."""

from __future__ import annotations

from collections.abc import Iterator

from aiogram import F, Router
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.fsm.state import State, StatesGroup

import handlers
from bot.telegram.filters import run_filters_inline


def _walk(router: Router) -> Iterator[tuple[str, HandlerObject, bool]]:
    for name, observer in router.observers.items():
        yield f"{router.name}.{name}", observer._handler, False
        for handler in observer.handlers:
            yield f"{router.name}.{name}", handler, True
    for sub in router.sub_routers:
        yield from _walk(sub)


def test_every_filter_and_handler_of_the_bot_runs_inline() -> None:
    root = Router(name="root")
    root.include_routers(*handlers.routers())
    run_filters_inline(root)  # (a dispatcher built by an earlier test may have done it)
    magic = [f for _, handler, _ in _walk(root) for f in handler.filters or () if f.magic]
    assert magic  # the bot has F.… filters: they are among those checked below
    threaded = [
        where
        for where, handler, real in _walk(root)
        for found in handler.filters or ()
        if not found.awaitable
    ]
    assert threaded == []
    sync_handlers = [
        f"{where}: {handler.callback.__qualname__}"
        for where, handler, real in _walk(root)
        if real and not handler.awaitable
    ]
    assert sync_handlers == []
    assert run_filters_inline(root) == 0  # idempotent: a second dispatcher changes nothing


class Form(StatesGroup):
    name = State()


async def test_an_inlined_filter_still_decides() -> None:
    router = Router(name="probe")
    router.message.register(lambda: None, Form.name, F.text == "Айгүл")
    run_filters_inline(router)
    (handler,) = router.message.handlers
    assert all(f.awaitable for f in handler.filters or ())

    class Message:
        text = "Айгүл"

    ok, _ = await handler.check(Message(), raw_state=Form.name.state)
    assert ok
    wrong_state, _ = await handler.check(Message(), raw_state=None)
    assert not wrong_state
    Message.text = "Ерлан"
    wrong_text, _ = await handler.check(Message(), raw_state=Form.name.state)
    assert not wrong_text
