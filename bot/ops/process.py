"""What a webhook worker and the sender share as processes: an HTTP listener and a wait for
the stop signal."""

from __future__ import annotations

import asyncio
import signal

from aiohttp import web

__all__ = ["bound_port", "listen", "wait_for_stop_signal"]


async def listen(
    app: web.Application, host: str, port: int, *, shutdown_timeout: float
) -> web.AppRunner:
    """Serve `app` on host:port (port 0: any free one); `runner.cleanup()` stops it, letting
    requests in progress finish within `shutdown_timeout` s."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=shutdown_timeout)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except BaseException:
        await runner.cleanup()
        raise
    return runner


def bound_port(runner: web.AppRunner) -> int:
    return int(runner.addresses[0][1])


async def wait_for_stop_signal() -> None:
    """Return on the first SIGTERM or SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGTERM, signal.SIGINT)
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
