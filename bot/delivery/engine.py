"""The delivery engine: sends what the outbox holds, within Telegram's limits.

Features never call the Bot API for messages the bot sends on its own initiative (reminders,
decisions, announcements): they `enqueue` a row with an idempotency key. The engine claims due
rows, renders them in the recipient's language *at send time*, and sends them through one rate
limiter:

- 429 → every send pauses for `retry_after`, then the message is tried again;
- 403 → the user is marked as having blocked the bot and their pending messages are skipped;
- 5xx / network errors → retried with back-off, at most `max_attempts` times;
- 400 → recorded and given up.

Two kinds of rows: `l10n` (a Fluent key and its arguments) and `broadcast` (a coordinator's
announcement: the row's broadcast_id names the content, sent in the recipient's language). Paid
broadcasts (`allow_paid_broadcast`, when the deployment enables them) go through a second, faster
limiter; a 429 pauses both.

Restart safety: rows are claimed (`sending`) before they are sent and marked `sent` after. A crash
between the two leaves at most `concurrency` rows in flight; `recover_stale` puts them back, so
those few — and only those — may be delivered twice. Everything else is sent exactly once.
Replies to a user's own action are sent by the handler directly and never wait behind this queue.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any, Literal

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.broadcasts.service import KIND_BROADCAST, send_version
from bot.core.clock import Clock
from bot.core.i18n import Bilingual, Money, Translations
from bot.delivery.links import ButtonRow, LinkRenderer, encode_buttons
from bot.delivery.quiet_hours import QuietHours
from bot.delivery.ratelimit import RateLimiter
from bot.telegram.middlewares import pick_locale
from storage.broadcasts import BroadcastRepo, Content
from storage.outbox import PRIORITY_DEFAULT, Outbox, OutboxItem
from storage.users import UserRepo

log = logging.getLogger(__name__)

KIND_L10N = "l10n"  # payload: {"key": fluent key, "args": encoded arguments}
# What became of one send, told to the engine's observers (the metrics): sent; failed (400, 5xx,
# network, internal — retried or not); rate_limited (429); blocked (403).
SendOutcome = Literal["sent", "failed", "rate_limited", "blocked"]


@dataclass(frozen=True, slots=True)
class Drop:
    """A send-time check's verdict on a queued message whose subject no longer holds (the
    instalment was paid, the lesson done, the event past): it is skipped with this reason."""

    reason: str


@dataclass(frozen=True, slots=True)
class Later:
    """A send-time check's verdict: not yet — the recipient wants it at `at` (their reminder
    hour)."""

    at: datetime


# A check of a queued message against its subject (or its recipient's wishes), run just before
# it is sent: the payload to send (the same, or restated with today's figures), Drop or Later.
SendCheck = Callable[[OutboxItem], Awaitable[dict[str, Any] | Drop | Later]]


def encode_args(args: Mapping[str, Any]) -> dict[str, Any]:
    """Message arguments as JSON: money and dates keep their type for rendering at send time."""
    encoded: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, Money):
            encoded[name] = {"$money": value.amount}
        elif isinstance(value, Bilingual):
            encoded[name] = {"$kk": value.kk, "$ru": value.ru}
        elif isinstance(value, datetime):
            raise TypeError("pass local text for datetimes")
        elif isinstance(value, date):
            encoded[name] = {"$date": value.isoformat()}
        elif isinstance(value, str | int | float):
            encoded[name] = value
        else:
            raise TypeError(f"{name}: {type(value).__name__} cannot be stored in the outbox")
    return encoded


def decode_args(encoded: Mapping[str, Any]) -> dict[str, Any]:
    args: dict[str, Any] = {}
    for name, value in encoded.items():
        if isinstance(value, dict) and "$money" in value:
            args[name] = Money(int(value["$money"]))
        elif isinstance(value, dict) and "$date" in value:
            args[name] = date.fromisoformat(value["$date"])
        elif isinstance(value, dict) and "$kk" in value:
            args[name] = Bilingual(value["$kk"], value["$ru"])
        else:
            args[name] = value
    return args


def _packed_only(target: dict[str, Any] | str) -> str:
    if not isinstance(target, str):
        raise ValueError(f"no link renderer for {target!r}: pass render_link to the engine")
    return target


class Notifier:
    """How features plan messages: one outbox row each, sent later by the delivery engine.

    It needs no running engine: rows wait in the database, and a running engine is woken up
    (`on_queued`) so that a message due now goes out at once.
    """

    def __init__(self, outbox: Outbox, clock: Clock) -> None:
        self._outbox = outbox
        self._clock = clock
        self._wakers: list[Callable[[], None]] = []
        self._checks: list[tuple[str, SendCheck]] = []

    def check_before_send(self, key_prefix: str, check: SendCheck) -> None:
        """Every `l10n` message whose idempotency key starts with key_prefix ("" for all) is
        checked when it is sent, whatever path queued it: a notice never says what stopped
        being true between planning and sending."""
        self._checks.append((key_prefix, check))

    async def recheck(self, item: OutboxItem) -> dict[str, Any] | Drop | Later:
        """The payload to send for `item` after the checks registered for its key."""
        payload = item.payload
        for prefix, check in self._checks:
            if item.idempotency_key.startswith(prefix):
                verdict = await check(replace(item, payload=payload))
                if isinstance(verdict, Drop | Later):
                    return verdict
                payload = verdict
        return payload

    def on_queued(self, wake: Callable[[], None]) -> None:
        self._wakers.append(wake)

    def wake(self) -> None:
        """Rows were queued by other means (a bulk insert): tell the engine."""
        for wake in self._wakers:
            wake()

    async def notify(
        self,
        user_id: int,
        key: str,
        *,
        idempotency_key: str,
        at: datetime | None = None,
        urgent: bool = False,
        priority: int = PRIORITY_DEFAULT,
        buttons: Sequence[ButtonRow] = (),
        expires: datetime | None = None,
        category: str | None = None,
        **args: Any,
    ) -> bool:
        """Plan a localised message; False when that idempotency key was planned before.

        `category` (`bot.delivery.preferences`: reminder, nudge, digest) lets the recipient's
        choices
        hold it: their hour, muted nudges. None: what they asked for or must hear.

        `buttons` are rows of (Fluent key of the label, `Link`): inline buttons rendered in the
        recipient's language with the text, e.g. an "I paid" button under a reminder; the
        Telegram layer turns each link into callback data when the message goes.
        `expires`: a message still unsent then is dropped (a "starts in an hour" after an
        outage that lasted past the start).
        """
        now = self._clock.now()
        payload: dict[str, Any] = {"key": key, "args": encode_args(args)}
        if category is not None:
            payload["class"] = category
        if expires is not None:
            payload["expires"] = expires.astimezone(UTC).isoformat()
        if buttons:
            payload["buttons"] = encode_buttons(buttons)
        added = await self._outbox.enqueue(
            user_id,
            KIND_L10N,
            payload,
            key=idempotency_key,
            not_before=at or now,
            now=now,
            urgent=urgent,
            priority=priority,
        )
        if added:
            self.wake()
        return added

    async def cancel(self, key_prefix: str) -> int:
        """Skip the pending messages whose idempotency key starts with key_prefix."""
        return await self._outbox.cancel(key_prefix, self._clock.now())


# How often a sender looks for rows a stopped sender left in flight (several senders only).
ORPHAN_CHECK_S = 5.0


@dataclass(frozen=True, slots=True)
class DeliveryConfig:
    batch: int = 100
    concurrency: int = 8  # also the bound on duplicates after a crash
    max_attempts: int = 5
    idle_poll_s: float = 1.0
    stale_after: timedelta = timedelta(minutes=2)
    spread: float = 0.8  # sends at least spread / rate s apart (RateLimiter.set_spread)


class DeliveryEngine:
    def __init__(
        self,
        bot: Bot,
        outbox: Outbox,
        users: UserRepo,
        translations: Translations,
        limiter: RateLimiter,
        quiet: QuietHours,
        clock: Clock,
        config: DeliveryConfig | None = None,
        *,
        broadcasts: BroadcastRepo | None = None,
        paid_limiter: RateLimiter | None = None,
        notifier: Notifier | None = None,
        render_link: LinkRenderer | None = None,
    ) -> None:
        self._bot = bot
        self._outbox = outbox
        self._users = users
        self._translations = translations
        self._limiter = limiter
        self._quiet = quiet
        self._clock = clock
        self.config = config or DeliveryConfig()
        # A broadcast must not go out as one burst a second: see RateLimiter.set_spread.
        limiter.set_spread(self.config.spread)
        self._broadcasts = broadcasts
        self._broadcast_cache: dict[int, tuple[Content, bool]] = {}
        # Paid broadcasts (allow_paid_broadcast) go through their own, faster limiter; None
        # when the deployment has not enabled them.
        self._paid_limiter = paid_limiter
        self._wake = asyncio.Event()
        self._stopping = False
        self.notifier = notifier or Notifier(outbox, clock)
        # Notice buttons' links → callback data (the Telegram layer's `bot.telegram.links`).
        self._render_link: LinkRenderer = render_link or _packed_only
        self.notifier.on_queued(self.wake)
        # `engine.notify(...)` is `Notifier.notify` through this engine's notifier.
        self.notify = self.notifier.notify
        self._observers: list[Callable[[SendOutcome], None]] = []
        # Names this sender's claims (host, process, a random tail: never reused).
        self.sender_id = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"

    def observe(self, observer: Callable[[SendOutcome], None]) -> None:
        """Tell `observer` the outcome of every send (metrics)."""
        self._observers.append(observer)

    def _tell(self, outcome: SendOutcome) -> None:
        for observer in self._observers:
            observer(outcome)

    def wake(self) -> None:
        """New rows are due now (a broadcast started): stop idling."""
        self._wake.set()

    # -- the API features use ---------------------------------------------------------------

    async def cancel(self, key_prefix: str) -> int:
        return await self.notifier.cancel(key_prefix)

    # -- the sending loop ---------------------------------------------------------------------

    async def run(self) -> None:
        """Send until `stop()`; after a crash, rows left in flight are recovered first.

        Several senders (processes on PostgreSQL) run side by side: each holds its own lock
        while it runs, and every few seconds puts back the rows of senders whose lock is free
        (they died mid-send), so nothing they held is lost.
        """
        async with self._outbox.sender_lock(self.sender_id):
            if self._outbox.shared:
                await self._recover_orphans()
            else:
                recovered = await self._outbox.recover_stale(self._clock.now(), timedelta(0))
                if recovered:
                    log.warning(
                        "delivery: %d message(s) were in flight at the last stop", recovered
                    )
            checked = time.monotonic()
            while not self._stopping:
                self._wake.clear()  # before claiming, so a notify() during the batch is kept
                sent = await self.run_once()
                if self._outbox.shared and time.monotonic() - checked >= ORPHAN_CHECK_S:
                    checked = time.monotonic()
                    await self._recover_orphans()
                if sent == 0 and not self._stopping:
                    with suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), self.config.idle_poll_s)

    async def _recover_orphans(self) -> None:
        recovered = await self._outbox.recover_orphans(self._clock.now(), self.sender_id)
        if recovered:
            log.warning("delivery: %d message(s) of a stopped sender were put back", recovered)

    async def close(self) -> None:
        await self._bot.session.close()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def run_once(self) -> int:
        """Claim one batch of due rows and send them; returns how many were handled."""
        now = self._clock.now()
        items = await self._outbox.claim_due(
            now, self.config.batch, quiet=self._quiet.is_quiet(now), by=self.sender_id
        )
        if not items:
            return 0
        queue: asyncio.Queue[OutboxItem] = asyncio.Queue()
        for item in items:
            queue.put_nowait(item)

        async def worker() -> None:
            while not queue.empty():
                item = queue.get_nowait()
                try:
                    await self._deliver(item)
                except Exception as exc:  # one bad row must not stop the engine
                    log.exception("delivery %s failed unexpectedly", item.idempotency_key)
                    self._tell("failed")
                    await self._outbox.mark_failed(
                        item.id, f"internal: {type(exc).__name__}", self._clock.now()
                    )

        workers = min(self.config.concurrency, len(items))
        await asyncio.gather(*(worker() for _ in range(workers)))
        return len(items)

    async def _broadcast(self, broadcast_id: int | None) -> tuple[Content, bool] | None:
        """A broadcast's content and paid flag, cached: every recipient's row needs them."""
        if broadcast_id is None or self._broadcasts is None:
            return None
        found = self._broadcast_cache.get(broadcast_id)
        if found is None:
            found = await self._broadcasts.content(broadcast_id)
            if found is None:
                return None
            if len(self._broadcast_cache) >= 16:
                self._broadcast_cache.pop(next(iter(self._broadcast_cache)))
            self._broadcast_cache[broadcast_id] = found
        return found

    async def _deliver(self, item: OutboxItem) -> None:
        user = await self._users.get(item.recipient)
        if user is None or user.deleted_at is not None:
            await self._outbox.mark_failed(item.id, "no such user", self._clock.now())
            return
        expires = item.payload.get("expires")
        if expires and datetime.fromisoformat(expires) <= self._clock.now():
            await self._outbox.mark_skipped(item.id, "expired", self._clock.now())
            return
        locale = pick_locale(user.language, user.tg_language, self._translations.default)
        limiter = self._limiter
        send: Callable[[], Awaitable[Any]]
        if item.kind == KIND_L10N:
            payload = await self.notifier.recheck(item)
            if isinstance(payload, Drop):
                await self._outbox.mark_skipped(item.id, payload.reason, self._clock.now())
                return
            if isinstance(payload, Later):
                await self._outbox.retry_later(item.id, "deferred", payload.at, self._clock.now())
                return
            l10n = self._translations.get(locale)
            text = l10n(payload["key"], **decode_args(payload.get("args", {})))
            markup = None
            if rows := payload.get("buttons"):
                markup = InlineKeyboardMarkup(
                    inline_keyboard=[
                        [
                            InlineKeyboardButton(
                                text=l10n(label), callback_data=self._render_link(target)
                            )
                            for label, target in row
                        ]
                        for row in rows
                    ]
                )
            send = partial(self._bot.send_message, item.recipient, text, reply_markup=markup)
        elif item.kind == KIND_BROADCAST and (found := await self._broadcast(item.broadcast_id)):
            content, paid = found
            if paid and self._paid_limiter is not None:
                limiter = self._paid_limiter
            send = partial(
                send_version,
                self._bot,
                item.recipient,
                content.for_locale(locale),
                paid=paid and self._paid_limiter is not None,
            )
        else:
            error = f"unknown kind {item.kind}" if item.kind != KIND_BROADCAST else "no broadcast"
            await self._outbox.mark_failed(item.id, error, self._clock.now())
            return
        await limiter.acquire(item.recipient)
        try:
            await send()
        except TelegramRetryAfter as exc:
            self._tell("rate_limited")
            self._limiter.pause_all(exc.retry_after)
            if self._paid_limiter is not None:
                self._paid_limiter.pause_all(exc.retry_after)
            await self._outbox.retry_later(item.id, "429", self._clock.now(), self._clock.now())
        except TelegramForbiddenError as exc:
            self._tell("blocked")
            now = self._clock.now()
            await self._users.mark_blocked(item.recipient, now)
            await self._outbox.skip_blocked(item.recipient, now)
            await self._outbox.mark_failed(item.id, f"blocked: {exc.message}", now)
        except (TelegramServerError, TelegramNetworkError) as exc:
            self._tell("failed")
            now = self._clock.now()
            if item.attempts + 1 >= self.config.max_attempts:
                await self._outbox.mark_failed(item.id, str(exc.message), now)
            else:
                delay = timedelta(seconds=min(2**item.attempts * 5, 600))
                await self._outbox.retry_later(item.id, str(exc.message), now + delay, now)
        except TelegramBadRequest as exc:
            self._tell("failed")
            log.error("delivery %s refused: %s", item.idempotency_key, exc.message)
            await self._outbox.mark_failed(item.id, str(exc.message), self._clock.now())
        else:
            self._tell("sent")
            await self._outbox.mark_sent(item.id, self._clock.now())
