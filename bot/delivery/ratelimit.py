"""Outgoing message pacing for the Bot API limits.

Two limits hold at once: at most `per_second` messages in any one-second window over all chats
(Telegram allows about 30/s; 25 leaves room for replies sent outside the limiter, and paid
broadcasts allow up to 1000/s), and at least `per_chat_interval` seconds between two messages to
the same chat. A 429's retry_after pauses every send (`pause_all`). `set_spread` also keeps sends
apart, so that a steady stream does not go out as one burst a second.

The clock and sleep are injected, so tests move a fake monotonic clock instead of sleeping.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

DEFAULT_RATE = 25.0
MAX_RATE = 30.0
MAX_PAID_RATE = 1000.0
WINDOW = 1.0  # seconds over which `per_second` is counted


class RateLimiter:
    """`await limiter.acquire(chat_id)` right before each send.

    Waiters for the global limit are served first come, first served (an asyncio.Lock is FIFO),
    so none starves. A message that must wait for its own chat's spacing waits outside that
    queue and does not hold up messages to other chats.
    """

    def __init__(
        self,
        per_second: float = DEFAULT_RATE,
        *,
        per_chat_interval: float = 1.0,
        paid_broadcast: bool = False,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if per_chat_interval < 0:
            raise ValueError("per_chat_interval cannot be negative")
        self._clock = clock
        self._sleep = sleep
        self._paid = paid_broadcast
        self._interval = per_chat_interval
        self._paused_until = float("-inf")
        self._lock = asyncio.Lock()
        # Last send per chat, oldest first (re-inserted on each send), so expiry pops the front.
        self._chats: dict[int, float] = {}
        self._rate = 0
        self._sent: deque[float] = deque()
        self._spread = 0.0
        self.set_rate(per_second)

    @property
    def rate(self) -> int:
        return self._rate

    @property
    def max_rate(self) -> float:
        return MAX_PAID_RATE if self._paid else MAX_RATE

    def set_rate(self, per_second: float) -> None:
        """Change the global limit (1 … 30, or 1 … 1000 in paid-broadcast mode)."""
        if not 1 <= per_second <= self.max_rate:
            raise ValueError(f"rate must be between 1 and {self.max_rate:g} messages a second")
        self._rate = int(per_second)
        # The window keeps the last `rate` send times; the oldest decides when the next may go.
        self._sent = deque(self._sent, maxlen=self._rate)

    def set_spread(self, share: float) -> None:
        """Once the window is full, keep at least share / rate seconds between sends (0: off).

        The window alone lets a whole second's sends go at once each time it slides on, so a
        steady stream goes out as one burst a second. Telegram counts sends when they arrive: a
        few ms of jitter within a burst put more than the rate into one of its seconds, and 429s
        follow (bench/broadcast.py saw 30 a second at 25/s). Spread out, the jitter would have to
        be a whole gap. Off by default: when many senders wait for a few chats, serving them in
        one burst gets more of them through.
        """
        if not 0 <= share <= 1:
            raise ValueError("the spread is a share of 1/rate, from 0 to 1")
        self._spread = share

    def set_paid_broadcast(self, paid: bool) -> None:
        """Switch paid-broadcast mode; leaving it clamps the rate to the normal maximum."""
        self._paid = paid
        if self._rate > self.max_rate:
            self.set_rate(self.max_rate)

    def pause_all(self, seconds: float) -> None:
        """Stop every send for `seconds` from now (a 429's retry_after). Never shortens a pause."""
        self._paused_until = max(self._paused_until, self._clock() + max(seconds, 0.0))

    @property
    def tracked_chats(self) -> int:
        """How many chats' last send times are remembered (bounded by recent traffic)."""
        return len(self._chats)

    async def acquire(self, chat_id: int) -> None:
        """Wait until a message to chat_id may be sent, and count it as sent now."""
        while True:
            chat_wait = self._chat_wait(chat_id, self._clock())
            if chat_wait > 0:
                await self._sleep(chat_wait)
                continue
            async with self._lock:
                while True:
                    now = self._clock()
                    wait = max(self._paused_until - now, self._global_wait(now))
                    if wait <= 0:
                        break
                    await self._sleep(wait)
                if self._chat_wait(chat_id, now) > 0:
                    continue  # another message to this chat went first; wait for spacing again
                self._record(chat_id, now)
                return

    # -- internals ----------------------------------------------------------------------------

    def _global_wait(self, now: float) -> float:
        if len(self._sent) < self._rate:
            return 0.0
        if self._spread:
            return max(self._sent[0] + WINDOW, self._sent[-1] + self._spread / self._rate) - now
        return self._sent[0] + WINDOW - now

    def _chat_wait(self, chat_id: int, now: float) -> float:
        self._forget(now)
        last = self._chats.get(chat_id)
        return 0.0 if last is None else last + self._interval - now

    def _record(self, chat_id: int, now: float) -> None:
        self._sent.append(now)
        self._chats.pop(chat_id, None)
        self._chats[chat_id] = now

    def _forget(self, now: float) -> None:
        """Drop chats whose last send is at least one interval old: they no longer constrain."""
        chats = self._chats
        while chats:
            chat_id = next(iter(chats))
            if now - chats[chat_id] < self._interval:
                break
            del chats[chat_id]
