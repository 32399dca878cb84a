"""The playground's web server: the page and the API on one address, with the bot behind it."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import signal
from collections.abc import Callable

from aiohttp import web

from .playground import Playground, PlaygroundOptions
from .webapp import create_web_app

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "PortInUse", "Server", "run_playground"]

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080


class PortInUse(Exception):
    """The web page's address cannot be bound; `str()` is one line for the operator."""


class Server:
    """The playground and its web page, started and stopped together (tests use this too)."""

    def __init__(
        self,
        options: PlaygroundOptions | None = None,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
    ) -> None:
        self.playground = Playground(options)
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """The page's address; a wildcard host is shown as this machine's loopback."""
        host = self.host
        with contextlib.suppress(ValueError):
            address = ipaddress.ip_address(host)
            if address.is_unspecified:
                host = "127.0.0.1" if address.version == 4 else "::1"
            if address.version == 6:
                host = f"[{host}]"
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        runner = web.AppRunner(
            create_web_app(self.playground), access_log=None, shutdown_timeout=1.0
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            raise PortInUse(
                f"cannot listen on {self.host}:{self.port} ({exc.strerror or exc}); "
                "if something already runs there, pick another port with --port"
            ) from None
        self._runner = runner
        self.port = runner.addresses[0][1]
        try:
            await self.playground.start()
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        await self.playground.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


async def run_playground(
    options: PlaygroundOptions,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Run until SIGINT/SIGTERM; `announce` gets the lines to show the operator (stdout)."""
    if announce is None:

        def announce(line: str) -> None:
            print(line, flush=True)  # noqa: T201 - the operator's address line

    if logging.getLogger().getEffectiveLevel() >= logging.INFO:
        # One line per update is noise here: the page shows every update.
        logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    server = Server(options, host, port)
    await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        announce("")
        announce(f"  Qadam playground: {server.url}   (Ctrl+C to stop)")
        announce(f"  data: {options.database} (kept between runs; --fresh starts over)")
        announce("")
        with contextlib.suppress(ValueError):
            if not ipaddress.ip_address(host).is_loopback:
                announce(f"warning: listening on {host}: anyone who can reach it can use it")
        await stop.wait()
    finally:
        await server.stop()
        log.info("playground stopped")
