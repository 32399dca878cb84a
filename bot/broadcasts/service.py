"""Coordinators' announcements: content checks, starting, progress, cancelling.

A broadcast becomes one outbox row per recipient when it starts (at once, or at its scheduled
time, so the audience is counted when it is sent). The delivery engine sends those rows in each
recipient's language; `tick` (every few seconds, from the scheduler) starts due broadcasts, keeps
the author's progress message current (at most every `PROGRESS_EVERY`) and closes finished ones.
"""

from __future__ import annotations

import html
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup, Message

from bot.broadcasts.audience import Audience, AudienceError, Criterion
from bot.broadcasts.timing import MAX_AHEAD as MAX_AHEAD
from bot.broadcasts.timing import moment_from_button as moment_from_button
from bot.broadcasts.timing import parse_local_time as parse_local_time
from bot.broadcasts.timing import quick_times as quick_times
from bot.broadcasts.timing import tomorrow_at as tomorrow_at
from bot.core.access import Access
from bot.core.clock import Clock
from bot.core.i18n import Translations, Translator, format_datetime
from bot.delivery.links import ButtonRow, Link, To, encode_buttons, link
from bot.delivery.quiet_hours import QuietHours
from storage.broadcasts import Broadcast as Broadcast
from storage.broadcasts import BroadcastRepo, FailedRecipient
from storage.broadcasts import Content as Content
from storage.broadcasts import Version as Version
from storage.db import Database
from storage.outbox import PRIORITY_BROADCAST, PRIORITY_REPLY, Outbox, Progress
from storage.users import UserRepo

log = logging.getLogger(__name__)

KIND_BROADCAST = "broadcast"  # outbox payload: nothing; the row's broadcast_id says what to send
TEXT_LIMIT = 4096  # UTF-16 units after HTML parsing
CAPTION_LIMIT = 1024
PROGRESS_EVERY = timedelta(seconds=5)


def utf16_units(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji is usually two)."""
    return len(text.encode("utf-16-le")) // 2


def recipient_key_prefix(broadcast_id: int) -> str:
    return f"bc:{broadcast_id}:"


# -- content ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContentProblem:
    """Why a message cannot be a broadcast version: a Fluent key and its arguments."""

    key: str
    args: dict[str, int | str]


def version_from_message(message: Message) -> Version | ContentProblem:
    """A coordinator's message as a broadcast version, keeping its formatting as HTML."""
    if message.text is not None:
        if not message.text.strip():
            return ContentProblem("broadcast-content-empty", {})
        length = utf16_units(message.text)
        if length > TEXT_LIMIT:
            return ContentProblem(
                "broadcast-text-too-long", {"limit": TEXT_LIMIT, "over": length - TEXT_LIMIT}
            )
        return Version("text", message.html_text)
    if message.photo or message.document:
        caption = message.caption or ""
        length = utf16_units(caption)
        if length > CAPTION_LIMIT:
            return ContentProblem(
                "broadcast-caption-too-long",
                {"limit": CAPTION_LIMIT, "over": length - CAPTION_LIMIT},
            )
        html = message.html_text if caption else ""
        if message.photo:
            return Version("photo", html, message.photo[-1].file_id)
        assert message.document is not None
        return Version("document", html, message.document.file_id)
    return ContentProblem("broadcast-content-unsupported", {})


async def send_version(
    bot: Bot,
    chat_id: int,
    version: Version,
    *,
    paid: bool = False,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> Message:
    """Send one version exactly as recipients get it (previews use this too)."""
    allow_paid = True if paid else None
    if version.type == "text":
        return await bot.send_message(
            chat_id, version.html, reply_markup=reply_markup, allow_paid_broadcast=allow_paid
        )
    assert version.file_id is not None
    caption = version.html or None
    send = bot.send_photo if version.type == "photo" else bot.send_document
    return await send(
        chat_id,
        version.file_id,
        caption=caption,
        reply_markup=reply_markup,
        allow_paid_broadcast=allow_paid,
    )


# -- progress -----------------------------------------------------------------------------------


def progress_text(
    broadcast: Broadcast,
    progress: Progress,
    l10n: Translator,
    *,
    now: datetime,
    rate: float,
    quiet_until: str | None,
    reasons: Sequence[tuple[str, int]] = (),
) -> str:
    """The author's progress (or final) message; `reasons`: why messages did not arrive."""
    lines = [
        l10n("broadcast-progress-title", id=str(broadcast.id), status=broadcast.status),
        l10n(
            "broadcast-progress-counts",
            sent=progress.sent,
            failed=progress.failed,
            blocked=progress.blocked,
        ),
    ]
    if progress.cancelled:
        lines.append(l10n("broadcast-progress-cancelled", count=progress.cancelled))
    if broadcast.status == "sending" and progress.remaining:
        minutes = eta_minutes(progress, rate)
        if quiet_until is None:
            lines.append(
                l10n("broadcast-progress-remaining", count=progress.remaining, minutes=minutes)
            )
        else:
            lines.append(
                l10n(
                    "broadcast-progress-held",
                    count=progress.remaining,
                    minutes=minutes,
                    until=quiet_until,
                )
            )
            lines.append(l10n("broadcast-progress-quiet", until=quiet_until))
    if reasons and broadcast.status in ("done", "cancelled"):
        lines.append(l10n("broadcast-progress-reasons"))
        lines += [
            l10n(
                "broadcast-progress-reason",
                reason=l10n("broadcast-reason", reason=reason),
                count=count,
            )
            for reason, count in reasons
        ]
    if broadcast.status in ("done", "cancelled") and broadcast.started_at is not None:
        took = (broadcast.finished_at or now) - broadcast.started_at
        lines.append(l10n("broadcast-progress-took", minutes=math.ceil(took.total_seconds() / 60)))
    return "\n".join(lines)


def eta_minutes(progress: Progress, rate: float) -> int:
    """Minutes of sending left: what is still pending at the sending rate (whatever became of
    the rows handled so far: a blocked recipient costs a request too). Quiet hours come on
    top, and the progress message says until when they hold it."""
    return max(1, math.ceil(progress.remaining / max(rate, 0.1) / 60))


# -- why messages did not arrive ------------------------------------------------------------------

REASONS = ("blocked", "deactivated", "not-found", "erased", "network", "refused", "other")


def failure_reason(error: str | None) -> str:
    """A recorded error as one of `REASONS` (a Fluent selector: `broadcast-reason`)."""
    text = (error or "").lower()
    if text.startswith("blocked"):
        return "deactivated" if "deactivated" in text else "blocked"
    if "chat not found" in text or "user not found" in text:
        return "not-found"
    if text == "no such user":
        return "erased"
    if any(
        word in text
        for word in ("server error", "gateway", "unavailable", "timeout", "network", "http client")
    ):
        return "network"
    if text.startswith("bad request") or "forbidden" in text:
        return "refused"
    return "other"


def count_reasons(errors: Sequence[tuple[str | None, int]]) -> list[tuple[str, int]]:
    """(reason, count) for these (error, count) pairs, most frequent first."""
    counts: Counter[str] = Counter()
    for error, count in errors:
        counts[failure_reason(error)] += count
    return sorted(counts.items(), key=lambda pair: (-pair[1], REASONS.index(pair[0])))


def failed_workbook(rows: Sequence[FailedRecipient], l10n: Translator, zone: ZoneInfo) -> bytes:
    """The people a broadcast did not reach, and why, as an .xlsx file."""
    from bot.documents.exports import DATETIME_FORMAT, table_workbook

    headers = [
        l10n("broadcast-xlsx-id"),
        l10n("broadcast-xlsx-name"),
        l10n("broadcast-xlsx-username"),
        l10n("broadcast-xlsx-language"),
        l10n("broadcast-xlsx-reason"),
        l10n("broadcast-xlsx-error"),
        l10n("broadcast-xlsx-attempts"),
        l10n("broadcast-xlsx-at"),
    ]
    return table_workbook(
        l10n("broadcast-xlsx-sheet"),
        headers,
        (
            [
                (row.user_id, None),
                (row.name, None),
                (f"@{row.username}" if row.username else None, None),
                (l10n(f"lang-name-{row.language}") if row.language else None, None),
                (l10n("broadcast-reason", reason=failure_reason(row.error)), None),
                (row.error, None),
                (row.attempts, None),
                (row.at.astimezone(zone).replace(tzinfo=None), DATETIME_FORMAT),
            ]
            for row in rows
        ),
    )


# -- the list -------------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")


def first_words(content: Content, locale: str, limit: int = 40) -> str | None:
    """The start of the reader's version as plain text (None for a file without a caption)."""
    version = content.for_locale(locale)
    text = " ".join(html.unescape(_TAG.sub("", version.html)).split())
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- the service --------------------------------------------------------------------------------


MarkupRenderer = Callable[[Sequence[ButtonRow], Translator], InlineKeyboardMarkup]


def _no_buttons(rows: Sequence[ButtonRow], l10n: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[])


class BroadcastService:
    def __init__(
        self,
        db: Database,
        repo: BroadcastRepo,
        outbox: Outbox,
        audience: Audience,
        users: UserRepo,
        translations: Translations,
        quiet: QuietHours,
        clock: Clock,
        zone: ZoneInfo,
        rate: Callable[[bool], float],
        admin_ids: frozenset[int] = frozenset(),
    ) -> None:
        self.repo = repo
        self.audience = audience
        self._db = db
        self._outbox = outbox
        self._users = users
        self._translations = translations
        self._quiet = quiet
        self._clock = clock
        self._zone = zone
        self._rate = rate  # messages per second for a (paid?) broadcast, for the ETA
        self._admin_ids = admin_ids
        self._wake: Callable[[], None] = lambda: None
        # Buttons of the progress message: the Telegram layer's renderer, set when the bot is
        # assembled (`bot.services`); services name where a button leads, never build it.
        self.markup: MarkupRenderer = _no_buttons
        # The progress text last shown per broadcast: an identical edit is not sent (Telegram
        # refuses it as "not modified"). Lost on restart, which costs one refused edit at most.
        self._shown: dict[int, str] = {}

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    def now(self) -> datetime:
        return self._clock.now()

    async def progress(self, broadcast_id: int) -> Progress:
        return await self._outbox.progress(broadcast_id)

    async def get(self, broadcast_id: int) -> Broadcast | None:
        return await self.repo.get(broadcast_id)

    @staticmethod
    def may_manage(access: Access, broadcast: Broadcast) -> bool:
        """The author, or a coordinator of everything, may change or cancel a broadcast."""
        return broadcast.author_id == access.user_id or access.manages_roles

    async def listed(self, access: Access) -> list[Broadcast]:
        """The latest broadcasts: every one for a coordinator of everything, else their own."""
        return await self.repo.recent(author_id=None if access.manages_roles else access.user_id)

    def on_queued(self, wake: Callable[[], None]) -> None:
        """Called after rows are queued (the delivery engine's wake-up)."""
        self._wake = wake

    async def create(
        self,
        author_id: int,
        content: Content,
        criteria: Sequence[Criterion],
        *,
        at: datetime | None,
        paid: bool,
        progress: tuple[int, int] | None,
    ) -> Broadcast:
        """Save a broadcast; with `at=None` it starts at once (the audience is queued now)."""
        now = self._clock.now()
        if at is not None and at <= now:
            raise ValueError("a scheduled time must be in the future")
        broadcast = await self.repo.create(
            author_id=author_id,
            content=content,
            audience=tuple(criteria),
            scheduled_at=at or now,
            paid=paid,
            now=now,
            progress=progress,
        )
        if at is None:
            await self.start(broadcast)
            broadcast = await self.repo.require(broadcast.id)
        return broadcast

    async def author_access(self, author_id: int) -> Access:
        """What the author may do now, from the database (a role may have changed)."""
        return Access(
            author_id, author_id in self._admin_ids, await self._users.roles_of(author_id)
        )

    async def update(
        self,
        broadcast_id: int,
        content: Content,
        criteria: Sequence[Criterion],
        *,
        at: datetime | None,
        paid: bool,
    ) -> Broadcast | None:
        """Change a broadcast that has not started; with `at=None` it starts at once. None when
        it has started (or was cancelled) meanwhile."""
        now = self._clock.now()
        if at is not None and at <= now:
            raise ValueError("a scheduled time must be in the future")
        if not await self.repo.update(
            broadcast_id,
            content=content,
            audience=tuple(criteria),
            scheduled_at=at or now,
            paid=paid,
            now=now,
        ):
            return None
        broadcast = await self.repo.require(broadcast_id)
        if at is None:
            await self.start(broadcast)
            broadcast = await self.repo.require(broadcast_id)
        log.info("broadcast %d changed", broadcast_id)
        return broadcast

    async def edit(
        self,
        broadcast_id: int,
        access: Access,
        content: Content,
        criteria: Sequence[Criterion],
        *,
        at: datetime | None,
        paid: bool,
        progress: tuple[int, int],
    ) -> Broadcast | None:
        """A scheduled broadcast changed by someone who may manage it; the message `progress`
        (chat, message) now shows its progress (the old one may be far up the chat). None when
        it started meanwhile, or is not theirs to change."""
        found = await self.repo.get(broadcast_id)
        if found is None or not self.may_manage(access, found):
            return None
        edited = await self.update(broadcast_id, content, criteria, at=at, paid=paid)
        if edited is None:
            return None
        await self.repo.set_progress_message(broadcast_id, *progress, self._clock.now())
        return await self.repo.require(broadcast_id)

    async def start(self, broadcast: Broadcast) -> int:
        """Queue a message for everyone in the audience; 0 if it was cancelled meanwhile.

        The audience is cut to the author's scope as it is now, and the author is left out.
        """
        now = self._clock.now()
        access = await self.author_access(broadcast.author_id)
        sql, params = self.audience.select_sql(broadcast.audience, access)
        async with self._db.transaction():
            if not await self.repo.mark_started(broadcast.id, now):
                return 0
            queued = await self._outbox.enqueue_select(
                sql,
                params,
                kind=KIND_BROADCAST,
                key_prefix=recipient_key_prefix(broadcast.id),
                not_before=now,
                now=now,
                priority=PRIORITY_BROADCAST,
                broadcast_id=broadcast.id,
            )
            await self.repo.set_recipients(broadcast.id, queued)
        log.info("broadcast %d started: %d recipient(s)", broadcast.id, queued)
        self._wake()
        return queued

    async def cancel(self, broadcast_id: int) -> Broadcast | None:
        """Stop a scheduled or running broadcast: its unsent messages are skipped.

        Returns the broadcast as it is now, or None when it had already ended. Messages already
        on the wire (at most the sender's concurrency) still arrive.
        """
        now = self._clock.now()
        async with self._db.transaction():
            if not await self.repo.finish(broadcast_id, "cancelled", now):
                return None
            await self._outbox.cancel(recipient_key_prefix(broadcast_id), now)
        log.info("broadcast %d cancelled", broadcast_id)
        return await self.repo.require(broadcast_id)

    # -- the periodic job ---------------------------------------------------------------------

    async def tick(self, bot: Bot) -> None:
        """Start due broadcasts, refresh progress messages, close the finished ones."""
        now = self._clock.now()
        for broadcast in await self.repo.due(now):
            if await self._author_may_send(broadcast):
                await self.start(broadcast)
        for broadcast in await self.repo.sending():
            progress = await self._outbox.progress(broadcast.id)
            if progress.remaining == 0:
                await self._finish(bot, broadcast, progress)
            elif broadcast.progress_at is None or now - broadcast.progress_at >= PROGRESS_EVERY:
                await self.show_progress(bot, broadcast, progress)

    async def show_progress(
        self, bot: Bot, broadcast: Broadcast, progress: Progress | None = None
    ) -> None:
        """Edit the author's progress message in place (or send a new one if it is gone)."""
        now = self._clock.now()
        progress = progress or await self._outbox.progress(broadcast.id)
        l10n = await self._author_l10n(broadcast.author_id)
        reasons: list[tuple[str, int]] = []
        if broadcast.status in ("done", "cancelled") and progress.failed + progress.blocked:
            reasons = count_reasons(await self.repo.errors(broadcast.id))
        text = self.render_progress(broadcast, progress, l10n, reasons)
        if self._shown.get(broadcast.id) == text:
            return
        rows: list[list[tuple[str, Link]]] = []
        if broadcast.status == "sending":
            rows = [[("broadcast-cancel-button", link(To.broadcast_stop, broadcast=broadcast.id))]]
        elif reasons:
            failed = link(To.broadcast_failed, broadcast=broadcast.id)
            rows = [[("broadcast-failed-button", failed)]]
        markup = self.markup(rows, l10n) if rows else None
        if await self._edit_or_send(bot, broadcast, text, markup, now):
            self._shown[broadcast.id] = text
        if broadcast.status != "sending":
            self._shown.pop(broadcast.id, None)

    def render_progress(
        self,
        broadcast: Broadcast,
        progress: Progress,
        l10n: Translator,
        reasons: Sequence[tuple[str, int]] = (),
    ) -> str:
        now = self._clock.now()
        quiet_until = None
        if self._quiet.is_quiet(now):
            quiet_until = f"{self._quiet.next_allowed(now).astimezone(self._zone):%H:%M}"
        return progress_text(
            broadcast,
            progress,
            l10n,
            now=now,
            rate=self._rate(broadcast.paid),
            quiet_until=quiet_until,
            reasons=reasons,
        )

    async def failed_list(self, broadcast_id: int, l10n: Translator) -> bytes:
        """The .xlsx of the people this broadcast did not reach, and why."""
        return failed_workbook(await self.repo.failures(broadcast_id), l10n, self._zone)

    async def _author_may_send(self, broadcast: Broadcast) -> bool:
        """A scheduled broadcast starts only if its author still has the right to this audience
        (a role or a cohort may have been taken away since); otherwise it is cancelled and the
        author told why."""
        author = await self._users.get(broadcast.author_id)
        access = await self.author_access(broadcast.author_id)
        l10n = self._translations.get(author.language if author else None)
        try:
            await self.audience.check(access, broadcast.audience, l10n)
        except AudienceError as exc:
            log.warning("broadcast %d not started: %s", broadcast.id, exc)
            await self.cancel(broadcast.id)
            await self._report(
                broadcast, {"key": "broadcast-not-started", "args": {"id": str(broadcast.id)}}
            )
            return False
        return True

    async def _finish(self, bot: Bot, broadcast: Broadcast, progress: Progress) -> None:
        now = self._clock.now()
        if not await self.repo.finish(broadcast.id, "done", now):
            return
        broadcast = await self.repo.require(broadcast.id)
        await self.show_progress(bot, broadcast, progress)
        # An edit makes no sound; a short new message tells the author it is over: delivered,
        # blocked, failed and the commonest reason, with the failed list a tap away.
        failed = [
            r
            for r in count_reasons(await self.repo.errors(broadcast.id))
            if r[0] not in ("blocked", "deactivated")
        ]
        payload: dict[str, Any] = {
            "key": "broadcast-finished",
            "args": {
                "id": str(broadcast.id),
                "sent": progress.sent,
                "total": progress.total,
                "blocked": progress.blocked,
                "failed": progress.failed,
                "reason": failed[0][0] if failed else "none",
            },
        }
        if progress.failed or progress.blocked:
            failed_list = link(To.broadcast_failed, broadcast=broadcast.id)
            payload["buttons"] = encode_buttons([[("broadcast-failed-button", failed_list)]])
        await self._report(broadcast, payload)
        log.info("broadcast %d done: %s", broadcast.id, progress)

    async def _report(self, broadcast: Broadcast, payload: dict[str, Any]) -> None:
        """A message to the author about their broadcast (not started, finished): one per
        broadcast, urgent, ahead of the broadcast's own messages."""
        now = self._clock.now()
        await self._outbox.enqueue(
            broadcast.author_id,
            "l10n",
            payload,
            key=f"bc-report:{broadcast.id}",
            not_before=now,
            now=now,
            urgent=True,
            priority=PRIORITY_REPLY,
        )
        self._wake()

    async def _author_l10n(self, author_id: int) -> Translator:
        author = await self._users.get(author_id)
        return self._translations.get(author.language if author else None)

    async def _edit_or_send(
        self,
        bot: Bot,
        broadcast: Broadcast,
        text: str,
        markup: InlineKeyboardMarkup | None,
        now: datetime,
    ) -> bool:
        try:
            if not await self._edit(bot, broadcast, text, markup):
                # The message was deleted (or never existed): a new one takes its place.
                sent = await bot.send_message(broadcast.author_id, text, reply_markup=markup)
                await self.repo.set_progress_message(
                    broadcast.id, sent.chat.id, sent.message_id, now
                )
        except TelegramAPIError as exc:  # the author blocked the bot: sending goes on anyway
            log.info("broadcast %d: progress not shown: %s", broadcast.id, exc)
            return False
        await self.repo.progress_shown(broadcast.id, now)
        return True

    @staticmethod
    async def _edit(
        bot: Bot, broadcast: Broadcast, text: str, markup: InlineKeyboardMarkup | None
    ) -> bool:
        """Edit the progress message; False when there is none to edit."""
        chat_id, message_id = broadcast.progress_chat_id, broadcast.progress_message_id
        if chat_id is None or message_id is None:
            return False
        try:
            await bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup
            )
        except TelegramBadRequest as exc:
            return "not modified" in exc.message
        return True

    def local_time(self, moment: datetime, locale: str) -> str:
        return format_datetime(moment, locale, self._zone)
