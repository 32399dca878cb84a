"""The playground: talk to the real bot in a browser, with no Telegram token and no internet.

`python -m bot playground` starts the embedded Bot API server (`bot.dev.fake_telegram`, the one the
tests use, with its checks on), the bot pointed at it, a playground database seeded with the demo
data, and a web page (http://127.0.0.1:8080) where one can be any of the demo people, each in
their own chat, and move the bot's clock forward.
"""

from __future__ import annotations

from .clock import MovableClock
from .personas import Persona, personas
from .playground import DEFAULT_DATABASE, Playground, PlaygroundError, PlaygroundOptions
from .server import DEFAULT_HOST, DEFAULT_PORT, PortInUse, Server, run_playground

__all__ = [
    "DEFAULT_DATABASE",
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "MovableClock",
    "Persona",
    "Playground",
    "PlaygroundError",
    "PlaygroundOptions",
    "PortInUse",
    "Server",
    "personas",
    "run_playground",
]
