"""Webhook delivery in the fake Bot API server: what Telegram does once a bot calls setWebhook.

Each update is POSTed as JSON to the webhook with the ``X-Telegram-Bot-Api-Secret-Token``
header the bot registered. A 2xx answer delivers it; any other answer, or none (the worker is
down, the request timed out), is retried after ``retry_delay``, as Telegram retries. At most
``max_connections`` requests are open at a time, and one update per chat, so a chat's updates
arrive in the order they were sent.

Telegram only posts to https:// addresses. ``route(...)`` stands in for the reverse proxy that
terminates TLS in front of the bot's workers: it names their http:// addresses, taken in turn,
and each update goes to the webhook URL's path on the next one. Nothing is posted before a route
is set; updates wait, as they wait at Telegram while the webhook is unreachable. With
``fail_duration`` the proxy also has a passive health check, as deploy/Caddyfile's: a worker that
gave no answer is passed over for that many seconds (unless every worker is).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar
from urllib.parse import urlsplit

import aiohttp

__all__ = ["SECRET_HEADER", "WebhookAttempt", "WebhookPusher", "post_update"]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_MAX_CONNECTIONS = 40  # Telegram's default for setWebhook


class Queued(Protocol):
    """An update waiting for delivery (the server's own record of it)."""

    @property
    def update_id(self) -> int: ...
    @property
    def chat_id(self) -> int | None: ...
    @property
    def payload(self) -> dict[str, Any]: ...


U = TypeVar("U", bound=Queued)


@dataclass(frozen=True, slots=True)
class WebhookAttempt:
    """One POST of an update: where it went and what came back (status None: no answer)."""

    update_id: int
    target: str
    status: int | None
    error: str | None
    at: float


async def post_update(
    session: aiohttp.ClientSession, url: str, update: dict[str, Any], secret: str | None
) -> tuple[int | None, str | None]:
    """POST one update as Telegram does; returns (HTTP status or None, error text or None)."""
    headers = {SECRET_HEADER: secret} if secret else {}
    try:
        async with session.post(url, json=update, headers=headers) as response:
            await response.read()
            if 200 <= response.status < 300:
                return response.status, None
            return response.status, f"Wrong response from the webhook: {response.status}"
    except (aiohttp.ClientError, TimeoutError) as exc:
        return None, f"Connection failed: {type(exc).__name__}"


class WebhookPusher(Generic[U]):
    """Posts queued updates to the webhook; the server owns the updates and their bookkeeping."""

    def __init__(
        self,
        delivered: Callable[[U], None],
        *,
        timeout: float = 10.0,
        retry_delay: float = 0.2,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._delivered = delivered
        self.timeout = timeout
        self.retry_delay = retry_delay
        self._clock = clock
        self.url = ""
        self.secret: str | None = None
        self.max_connections = DEFAULT_MAX_CONNECTIONS
        self.targets: tuple[str, ...] = ()
        self.fail_duration = 0.0  # seconds a target that gave no answer is passed over
        self._down: dict[str, float] = {}  # target -> until (clock time)
        self.attempts: list[WebhookAttempt] = []
        self.last_error: tuple[int, str] | None = None  # (unix time, message), as getWebhookInfo
        self._turn = itertools.count()
        # Updates waiting, per chat; a chat is `ready` when it has some and none is in flight.
        self._waiting: dict[Hashable, deque[U]] = {}
        self._ready: deque[Hashable] = deque()
        self._busy: set[Hashable] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._session: aiohttp.ClientSession | None = None

    # -- set-up ----------------------------------------------------------------------------------

    def configure(self, url: str, secret: str | None, max_connections: int | None) -> None:
        """What setWebhook registered (an empty url: the webhook is off)."""
        self.url = url
        self.secret = secret
        self.max_connections = max_connections or DEFAULT_MAX_CONNECTIONS
        self._pump()

    def route(self, *targets: str, fail_duration: float | None = None) -> None:
        """The http:// base addresses behind the proxy (none: stop posting); `fail_duration`:
        see the module's docstring (0, the default: every target is always taken in turn)."""
        self.targets = tuple(t.rstrip("/") for t in targets)
        if fail_duration is not None:
            self.fail_duration = fail_duration
        self._down.clear()
        self._pump()

    # -- the queue -------------------------------------------------------------------------------

    def offer(self, update: U) -> None:
        """Queue an update for the webhook; it goes out as soon as a slot and its chat allow."""
        key = _chat_key(update)
        waiting = self._waiting.get(key)
        if waiting is None:
            self._waiting[key] = deque((update,))
            if key not in self._busy:
                self._ready.append(key)
        else:
            waiting.append(update)
        self._pump()

    def take_waiting(self) -> list[U]:
        """Remove and return every update not yet posted, oldest first (deleteWebhook)."""
        taken = sorted(
            (u for waiting in self._waiting.values() for u in waiting), key=lambda u: u.update_id
        )
        self._waiting.clear()
        self._ready.clear()
        return taken

    @property
    def pending(self) -> int:
        """Updates waiting or in flight."""
        return sum(len(w) for w in self._waiting.values()) + len(self._busy)

    @property
    def idle(self) -> bool:
        return not self._waiting and not self._busy

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._session is not None:
            await self._session.close()
            self._session = None

    # -- posting ---------------------------------------------------------------------------------

    def _pump(self) -> None:
        if not self.url or not self.targets:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # queued outside the loop: sent on the next event in it
            return
        while self._ready and len(self._busy) < self.max_connections:
            key = self._ready.popleft()
            waiting = self._waiting[key]
            update = waiting.popleft()
            if not waiting:
                del self._waiting[key]
            self._busy.add(key)
            task = loop.create_task(self._send(key, update), name=f"webhook-{update.update_id}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _send(self, key: Hashable, update: U) -> None:
        delivered = False
        try:
            target = self._next_target()
            status, error = await post_update(
                self._client(), target + _path(self.url), update.payload, self.secret
            )
            self.attempts.append(
                WebhookAttempt(update.update_id, target, status, error, self._clock())
            )
            delivered = error is None
            if status is None and self.fail_duration > 0:
                self._down[target] = self._clock() + self.fail_duration
            elif status is not None:
                self._down.pop(target, None)
            if delivered:
                self._delivered(update)
            else:
                self.last_error = (int(self._clock()), str(error))
                await asyncio.sleep(self.retry_delay)
        finally:
            if not delivered:
                self._waiting.setdefault(key, deque()).appendleft(update)
            self._busy.discard(key)
            if key in self._waiting:
                self._ready.append(key)
            self._pump()

    def _next_target(self) -> str:
        """The next target in turn that is not passed over (any, when all are)."""
        now = self._clock()
        for _ in range(len(self.targets)):
            target = self.targets[next(self._turn) % len(self.targets)]
            if self._down.get(target, 0.0) <= now:
                return target
        return target

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=0),
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            )
        return self._session


def _chat_key(update: Queued) -> Hashable:
    return update.chat_id if update.chat_id is not None else ("update", update.update_id)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
