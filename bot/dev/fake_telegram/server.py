"""A fake Telegram Bot API HTTP server for tests, benchmarks and a playground.

The bot talks to it over HTTP exactly as to api.telegram.org (aiogram:
``TelegramAPIServer.from_base(server.base_url)``). It enforces the limits Telegram enforces,
answers with Telegram's error texts, and records every call and every chat.
"""

# The public API takes `timeout=` arguments by contract (tests call user.send(..., timeout=2)).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import math
import random
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.core.html import (
    EntityParseError,
    UnsupportedParseModeError,
    parse_text,
    trim_text,
    utf16_len,
)

from .models import (
    ApiCall,
    ApiError,
    ChatLog,
    ChatMessage,
    StoredFile,
    UploadedFile,
    bad_request,
)
from .spec import BotApiSpec, coerce
from .webhook import WebhookAttempt, WebhookPusher

if TYPE_CHECKING:
    from .users import SimUser

__all__ = ["DEFAULT_TOKEN", "FakeTelegramServer"]

log = logging.getLogger(__name__)

JSON = dict[str, Any]
Handler = Callable[[JSON], Any]

DEFAULT_TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk"

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
BLOCKED = "Forbidden: bot was blocked by the user"
CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)

_TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]{20,}")
_INT_RE = re.compile(r"-?\d+")
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_DEFAULT_UPDATES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_REPLY_ACTIONS = (
    "request_users",
    "request_chat",
    "request_managed_bot",
    "request_contact",
    "request_location",
    "request_poll",
    "web_app",
)
_MEDIA_METHODS = {
    "sendPhoto": "photo",
    "sendDocument": "document",
    "sendVoice": "voice",
    "sendAudio": "audio",
    "sendVideo": "video",
    "sendAnimation": "animation",
    "sendSticker": "sticker",
    "sendVideoNote": "video_note",
}
_NO_CAPTION = frozenset({"sticker", "video_note"})
_FOLDERS = {
    "photo": ("photos", ".jpg"),
    "document": ("documents", ".bin"),
    "voice": ("voice", ".oga"),
    "audio": ("music", ".mp3"),
    "video": ("videos", ".mp4"),
    "animation": ("animations", ".mp4"),
    "sticker": ("stickers", ".webp"),
    "video_note": ("video_notes", ".mp4"),
}
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"BM")
MAX_DOWNLOAD = 20 * 1024 * 1024
MAX_UPLOAD = 50 * 1024 * 1024
# Form fields that are always strings, whatever they look like (used without a spec).
_STRING_KEYS = frozenset(
    {
        "text",
        "caption",
        "callback_query_id",
        "description",
        "short_description",
        "name",
        "language_code",
        "file_id",
        "parse_mode",
        "action",
        "url",
        "title",
        "question",
        "quote",
        "emoji",
        "vcard",
        "phone_number",
        "first_name",
        "last_name",
        "address",
        "payload",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "secret_token",
    }
)
_FALLBACK_TYPES: dict[str, tuple[str, ...]] = {
    **{
        k: ("Integer",)
        for k in (
            "message_id",
            "offset",
            "limit",
            "timeout",
            "cache_time",
            "duration",
            "width",
            "height",
            "message_thread_id",
            "user_id",
            "length",
            "live_period",
        )
    },
    "chat_id": ("Integer", "String"),
    "from_chat_id": ("Integer", "String"),
    "latitude": ("Float",),
    "longitude": ("Float",),
    **{
        k: ("Boolean",)
        for k in (
            "show_alert",
            "disable_notification",
            "protect_content",
            "drop_pending_updates",
            "has_spoiler",
            "disable_content_type_detection",
            "show_caption_above_media",
            "allow_paid_broadcast",
        )
    },
    "reply_markup": ("InlineKeyboardMarkup",),
    "entities": ("Array of MessageEntity",),
    "caption_entities": ("Array of MessageEntity",),
    "commands": ("Array of BotCommand",),
    "scope": ("BotCommandScope",),
    "media": ("InputMedia",),
    "message_ids": ("Array of Integer",),
    "allowed_updates": ("Array of String",),
    "link_preview_options": ("LinkPreviewOptions",),
    "reply_parameters": ("ReplyParameters",),
    "menu_button": ("MenuButton",),
}


@dataclass(slots=True)
class _Update:
    update_id: int
    kind: str
    payload: JSON
    chat_id: int | None


@dataclass(slots=True)
class _Fault:
    method: str | None
    status: int
    remaining: int
    retry_after: int | None
    description: str | None


@dataclass(slots=True)
class _Callback:
    query_id: str
    chat_id: int
    message_id: int
    created: float
    answered: bool = False


def _default_description(status: int, retry_after: int | None) -> str:
    if status == 429:
        return f"Too Many Requests: retry after {retry_after or 1}"
    return {
        400: "Bad Request: injected fault",
        401: "Unauthorized",
        403: BLOCKED,
        404: "Not Found",
        409: CONFLICT,
        500: "Internal Server Error",
        502: "Bad Gateway",
    }.get(status, f"Error {status}")


def _fault_error(status: int, retry_after: int | None, description: str | None) -> ApiError:
    params: JSON | None = None
    if status == 429 or retry_after is not None:
        retry_after = retry_after if retry_after is not None else 1
        params = {"retry_after": retry_after}
    return ApiError(status, description or _default_description(status, retry_after), params)


def _guess(value: str) -> Any:
    if value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _image_size(data: bytes) -> tuple[int, int] | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return None


def _is_image(data: bytes) -> bool:
    return data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def _inline_only(markup: JSON | None) -> JSON | None:
    return markup if markup is not None and "inline_keyboard" in markup else None


class FakeTelegramServer:
    """In-process fake of the Telegram Bot API (see the package docstring for the contract)."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        spec: BotApiSpec | None = None,
        global_rate: float | None = None,
        per_chat_rate: float | None = None,
        strict_spec: bool = True,
        *,
        strict_html_amp: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        self.spec = spec
        self.global_rate = global_rate
        self.per_chat_rate = per_chat_rate
        self.strict_spec = strict_spec
        self.strict_html_amp = strict_html_amp
        self.clock = clock
        digits = token.split(":", 1)[0]
        self.bot_user: JSON = {
            "id": int(digits) if digits.isdigit() else 123456789,
            "is_bot": True,
            "first_name": "Qadam Test Bot",
            "username": "qadam_test_bot",
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        # recording
        self.requests: list[ApiCall] = []
        self.record_requests = True
        self.spec_violations: list[tuple[str, str]] = []
        self.unmodelled_calls: list[ApiCall] = []
        self.sent_count = 0
        # waiting behaviour
        self.track_handled = False
        self.default_timeout = 5.0
        self.settle = 0.15
        self.tracked_settle = 0.03
        self.callback_timeout = 15.0
        # state
        self._users: dict[int, SimUser] = {}
        self._usernames: dict[str, int] = {}
        self._chats: dict[int, ChatLog] = {}
        self._blocked: set[int] = set()
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._callbacks: dict[str, _Callback] = {}
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.bot_settings: dict[str, dict[str, str]] = {
            "description": {},
            "short_description": {},
            "name": {},
        }
        self.default_menu_button: JSON | None = None
        # After setWebhook, updates are POSTed to the webhook instead (`route_webhook`).
        self._webhook: WebhookPusher[_Update] = WebhookPusher(self._webhook_delivered, clock=clock)
        self._queue: deque[_Update] = deque()
        self._allowed: frozenset[str] = _DEFAULT_UPDATES
        self._delivered: set[int] = set()
        self._dropped: set[int] = set()
        self._handled: set[int] = set()
        self._hooked: set[int] = set()  # accepted by the webhook, not yet marked handled
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._seq = 0
        self._last_activity = 0.0
        self._poller: asyncio.Future[str] | None = None
        self._pulse: asyncio.Future[None] | None = None
        self._subscribers: list[asyncio.Queue[JSON]] = []
        # limits and faults
        self._global_window: deque[float] = deque()
        self._chat_windows: dict[int, deque[float]] = {}
        self._faults: list[_Fault] = []
        self._random_fault: tuple[float, int, tuple[int, int]] | None = None
        self._rng = random.Random(0)
        # per-call scratch
        self._pending: list[str] = []
        self._gated = False
        # http
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None
        self._stopping = False
        self._handlers: dict[str, Handler] = self._build_handlers()
        self._ci_handlers = {name.lower(): name for name in self._handlers}

    # ------------------------------------------------------------------------------ lifecycle

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Start listening; afterwards ``base_url`` is set."""
        app = web.Application(client_max_size=MAX_UPLOAD + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        bound = runner.addresses[0]
        self._base_url = f"http://{host}:{bound[1]}"
        self._stopping = False
        log.debug("fake Telegram listening on %s", self._base_url)

    async def stop(self) -> None:
        """Stop listening; pending long polls return at once."""
        self._stopping = True
        if self._poller is not None and not self._poller.done():
            self._poller.set_result("stop")
        await self._webhook.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegramServer:
        if self._runner is None:
            await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (only after ``start``)."""
        if self._base_url is None:
            raise RuntimeError("FakeTelegramServer is not started")
        return self._base_url

    # ------------------------------------------------------------------------------ settings

    def set_rate_limits(
        self, global_rate: float | None = None, per_chat_rate: float | None = None
    ) -> None:
        """Messages per second in total / per chat (None: unlimited). Resets the windows."""
        self.global_rate = global_rate
        self.per_chat_rate = per_chat_rate
        self._global_window.clear()
        self._chat_windows.clear()

    def fail_next(
        self,
        method: str | None,
        status: int,
        count: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Make the next ``count`` calls of ``method`` (None: any but getUpdates) fail."""
        self._faults.append(_Fault(method, status, count, retry_after, description))

    def fail_randomly(
        self,
        probability: float,
        status: int = 429,
        retry_after_range: tuple[int, int] = (1, 5),
        seed: int = 0,
    ) -> None:
        """Fail any call but getUpdates with this probability (deterministic with ``seed``)."""
        self._random_fault = (probability, status, retry_after_range)
        self._rng = random.Random(seed)

    def clear_faults(self) -> None:
        """Forget injected faults."""
        self._faults.clear()
        self._random_fault = None

    def block(self, user_id: int, *, notify: bool = False) -> None:
        """The user blocks the bot: sends to them answer 403. ``notify`` pushes my_chat_member."""
        self._blocked.add(user_id)
        if notify:
            self._push_member_update(user_id, "member", "kicked")

    def unblock(self, user_id: int, *, notify: bool = False) -> None:
        """The user unblocks the bot."""
        self._blocked.discard(user_id)
        if notify:
            self._push_member_update(user_id, "kicked", "member")

    def is_blocked(self, user_id: int) -> bool:
        """True if the user has blocked the bot."""
        return user_id in self._blocked

    # ------------------------------------------------------------------------------ users, chats

    def user(
        self,
        user_id: int,
        first_name: str = "Test",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        *,
        is_premium: bool | None = None,
        started: bool = True,
    ) -> SimUser:
        """The simulated user with this id (created on first call; later calls return it).

        With ``started=False`` the user has never written to the bot: sends answer 403 until
        the user sends something.
        """
        from .users import SimUser

        existing = self._users.get(user_id)
        if existing is not None:
            return existing
        sim = SimUser(
            self,
            user_id,
            first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
            is_premium=is_premium,
        )
        sim.started = started
        self._users[user_id] = sim
        if username:
            self._usernames[username.lower()] = user_id
        chat: JSON = {"id": user_id, "type": "private", "first_name": first_name}
        if last_name:
            chat["last_name"] = last_name
        if username:
            chat["username"] = username
        log_ = self._chats.get(user_id)
        if log_ is None:
            self._chats[user_id] = ChatLog(user_id, chat)
        else:
            log_.chat = chat
        return sim

    @property
    def users(self) -> dict[int, SimUser]:
        """Simulated users by id."""
        return dict(self._users)

    def chat(self, chat_id: int) -> ChatLog:
        """The log of the chat with this id (empty for a chat nobody created)."""
        found = self._chats.get(chat_id)
        if found is None:
            found = ChatLog(chat_id, {"id": chat_id, "type": "private", "first_name": "?"})
            self._chats[chat_id] = found
        return found

    def file(self, file_id: str) -> StoredFile | None:
        """A known file by file_id."""
        return self._files.get(file_id)

    def calls(self, method: str | None = None, *, ok: bool | None = None) -> list[ApiCall]:
        """Recorded calls, optionally of one method and/or only (un)successful ones."""
        return [
            c
            for c in self.requests
            if (method is None or c.method == method) and (ok is None or c.ok == ok)
        ]

    def clear_records(self) -> None:
        """Forget recorded requests, violations and unmodelled calls."""
        self.requests.clear()
        self.spec_violations.clear()
        self.unmodelled_calls.clear()

    # ------------------------------------------------------------------------------ updates

    def push_update(self, update: JSON) -> int:
        """Queue an update (``update_id`` is assigned); return its id."""
        uid = next(self._update_ids)
        body = {"update_id": uid, **{k: v for k, v in update.items() if k != "update_id"}}
        kind = next((k for k in body if k != "update_id"), "")
        chat_id = _update_chat_id(body, kind)
        if kind not in self._allowed:
            self._dropped.add(uid)
        elif self._webhook.url:
            self._webhook.offer(_Update(uid, kind, body, chat_id))
        else:
            self._queue.append(_Update(uid, kind, body, chat_id))
            if self._poller is not None and not self._poller.done():
                self._poller.set_result("update")
        self._emit({"type": "update", "update": body})
        self._poke()
        return uid

    def mark_handled(self, update_id: int) -> None:
        """Called by the harness (a bot middleware) when the bot finished an update."""
        self._handled.add(update_id)
        self._hooked.discard(update_id)
        self._poke()

    def is_delivered(self, update_id: int) -> bool:
        """True once getUpdates returned the update, or the webhook accepted it (or it was
        filtered out)."""
        return update_id in self._delivered or update_id in self._dropped

    def is_handled(self, update_id: int) -> bool:
        """True once ``mark_handled`` was called for it (or it was filtered out)."""
        return update_id in self._handled or update_id in self._dropped

    @property
    def pending_updates(self) -> int:
        """Updates not yet delivered."""
        waiting = sum(1 for u in self._queue if u.update_id not in self._delivered)
        return waiting + self._webhook.pending

    # ------------------------------------------------------------------------------ webhook

    @property
    def webhook_url(self) -> str:
        """The URL the bot registered with setWebhook ("" without a webhook)."""
        return self._webhook.url

    @property
    def webhook_secret(self) -> str | None:
        """The secret_token the bot registered with setWebhook."""
        return self._webhook.secret

    @property
    def webhook_attempts(self) -> list[WebhookAttempt]:
        """Every POST to the webhook, in order: update id, target, HTTP status, error."""
        return self._webhook.attempts

    def route_webhook(
        self,
        *targets: str,
        retry_delay: float | None = None,
        fail_duration: float | None = None,
    ) -> None:
        """Stand in for the reverse proxy in front of the bot's webhook workers: POST the
        webhook's updates to these ``http://host:port`` addresses in turn, at the webhook URL's
        path (no targets: stop posting; updates wait). ``retry_delay``: seconds before an update
        that was refused or not answered is posted again. ``fail_duration``: seconds a worker
        that gave no answer is passed over (the proxy's passive health check; 0: never)."""
        if retry_delay is not None:
            self._webhook.retry_delay = retry_delay
        self._webhook.route(*targets, fail_duration=fail_duration)

    def _webhook_delivered(self, update: _Update) -> None:
        self._delivered.add(update.update_id)
        if update.update_id not in self._handled:
            self._hooked.add(update.update_id)
        self._poke()

    def _push_member_update(self, user_id: int, old: str, new: str) -> None:
        sim = self._users.get(user_id)
        if sim is None:
            return
        chat = self.chat(user_id).chat
        self.push_update(
            {
                "my_chat_member": {
                    "chat": chat,
                    "from": sim.user_dict,
                    "date": int(self.clock()),
                    "old_chat_member": {"status": old, "user": self.bot_user}
                    | ({"until_date": 0} if old == "kicked" else {}),
                    "new_chat_member": {"status": new, "user": self.bot_user}
                    | ({"until_date": 0} if new == "kicked" else {}),
                }
            }
        )

    # ------------------------------------------------------------------------------ events

    def subscribe(self) -> asyncio.Queue[JSON]:
        """A queue receiving an event dict on every change (messages, edits, errors...)."""
        q: asyncio.Queue[JSON] = asyncio.Queue()
        self._subscribers.append(q)
        return q

    def unsubscribe(self, queue: asyncio.Queue[JSON]) -> None:
        """Stop sending events to ``queue``."""
        if queue in self._subscribers:
            self._subscribers.remove(queue)

    def _emit(self, event: JSON) -> None:
        for q in self._subscribers:
            q.put_nowait(event)

    # ------------------------------------------------------------------------------ waiting

    def _poke(self) -> None:
        fut = self._pulse
        if fut is not None:
            self._pulse = None
            if not fut.done():
                fut.set_result(None)

    async def _pulse_wait(self, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        fut = self._pulse
        if fut is None or fut.done() or fut.get_loop() is not loop:
            fut = self._pulse = loop.create_future()
        await asyncio.wait({fut}, timeout=max(timeout, 0.0))

    async def wait_until(
        self, condition: Callable[[], bool], timeout: float, message: Callable[[], str]
    ) -> None:
        """Wait until ``condition()`` holds (re-checked on every server event)."""
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(message())
            await self._pulse_wait(remaining)

    @staticmethod
    async def _settle(last: Callable[[], float], settle: float, deadline: float) -> None:
        while True:
            now = time.monotonic()
            quiet = now - last()
            if quiet >= settle or now >= deadline:
                return
            await asyncio.sleep(min(settle - quiet, deadline - now))

    async def await_outcome(
        self,
        update_id: int,
        chat: ChatLog,
        since_seq: int,
        activity_before: int,
        what: str,
        timeout: float | None = None,
        settle: float | None = None,
    ) -> list[ChatMessage]:
        """Wait for the bot to deal with an update; return the bot messages it sent/edited."""
        timeout = self.default_timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        await self.wait_until(
            lambda: self.is_delivered(update_id),
            timeout,
            lambda: (
                f"update {update_id} ({what}) was not delivered within {timeout}s: "
                + (
                    f"does a worker behind {self._webhook.targets or '(no route_webhook)'} "
                    f"accept POSTs to {self.webhook_url}?"
                    if self.webhook_url
                    else f"is the bot polling {self._base_url}?"
                )
            ),
        )
        if update_id in self._dropped:
            return []
        if self.track_handled:
            await self.wait_until(
                lambda: update_id in self._handled,
                deadline - time.monotonic(),
                lambda: f"bot did not finish handling update {update_id} ({what}) in {timeout}s",
            )
            pause = self.tracked_settle if settle is None else settle
        else:
            await self.wait_until(
                lambda: chat.activity > activity_before,
                deadline - time.monotonic(),
                lambda: f"bot stayed silent after {what} (waited {timeout}s)",
            )
            pause = self.settle if settle is None else settle
        await self._settle(lambda: chat.last_activity, pause, deadline)
        return chat.changed_since(since_seq)

    async def wait_idle(self, settle: float = 0.1, timeout: float = 5.0) -> None:
        """Wait until every update was fetched (and handled, if tracked) and the bot is quiet."""
        deadline = time.monotonic() + timeout

        def done() -> bool:
            if not self._webhook.idle or (self.track_handled and self._hooked):
                return False
            for u in self._queue:
                if u.update_id not in self._delivered:
                    return False
                if self.track_handled and u.update_id not in self._handled:
                    return False
            return True

        await self.wait_until(
            done, timeout, lambda: f"bot not idle after {timeout}s: updates still pending"
        )
        await self._settle(lambda: self._last_activity, settle, deadline)

    def modelled_methods(self) -> list[str]:
        """Methods the server models with real behaviour (others are accepted and recorded)."""
        return sorted(self._handlers)

    @property
    def seq(self) -> int:
        """Change counter: every message sent/edited/deleted increments it."""
        return self._seq

    # ------------------------------------------------------------------------------ HTTP layer

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        return _json_response(404, ApiError(404, "Not Found").payload())

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _json_response(401, ApiError(401, "Unauthorized").payload())
        stored = self._files_by_path.get(request.match_info["path"])
        if stored is None:
            return _json_response(404, ApiError(404, "Not Found").payload())
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    async def _handle_api(self, request: web.Request) -> web.Response:
        raw_method = request.match_info["method"]
        token = request.match_info["token"]
        if token != self.token:
            err = (
                ApiError(401, "Unauthorized")
                if _TOKEN_RE.fullmatch(token)
                else ApiError(404, "Not Found")
            )
            self._record(raw_method, {}, err.status, err.payload(), None)
            return _json_response(err.status, err.payload())
        try:
            raw = await self._read_params(request)
        except ApiError as exc:
            self._record(raw_method, {}, exc.status, exc.payload(), None)
            return _json_response(exc.status, exc.payload())
        status, body, _, _ = await self.call(raw_method, raw, request)
        return _json_response(status, body)

    async def _read_params(self, request: web.Request) -> JSON:
        params: JSON = {k: v for k, v in request.query.items()}
        if request.method not in ("POST", "PUT") or not request.body_exists:
            return params
        ctype = request.content_type
        try:
            if ctype == "application/json":
                body = await request.json()
                if not isinstance(body, dict):
                    raise bad_request("can't parse JSON object")
                params.update(body)
            elif ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        params[key] = UploadedFile(
                            key, value.filename, value.content_type, value.file.read()
                        )
                    elif isinstance(value, bytes):
                        params[key] = value.decode("utf-8", "replace")
                    else:
                        params[key] = value
        except web.HTTPRequestEntityTooLarge as exc:
            raise ApiError(413, "Request Entity Too Large") from exc
        except ValueError as exc:
            raise bad_request("can't parse JSON object") from exc
        return params

    async def call(
        self, raw_method: str, raw_params: JSON, request: web.Request | None = None
    ) -> tuple[int, JSON, JSON, str]:
        """Run one API call in-process: (HTTP status, JSON body, decoded params, method)."""
        method = self._canonical(raw_method)
        if method is None:
            err = ApiError(404, "Not Found")
            self._record(raw_method, raw_params, 404, err.payload(), None)
            return 404, err.payload(), raw_params, raw_method
        params = self._decode(method, raw_params)
        handler = self._handlers.get(method)
        try:
            fault = self._take_fault(method)
            if fault is not None:
                raise fault
            self._pending = self._spec_check(method, params)
            for violation in self._pending:
                self.spec_violations.append((method, violation))
                log.warning("Bot API spec violation in %s: %s", method, violation)
            self._gated = False
            if method == "getUpdates":
                result: Any = await self._get_updates(params, request)
            elif handler is None:
                self._gate()
                result = True
            else:
                result = handler(params)
            if method != "getUpdates" and not self._gated:
                self._gate()
            status, body = 200, {"ok": True, "result": result}
        except ApiError as exc:
            status, body = exc.status, exc.payload()
            self._emit(
                {
                    "type": "api_error",
                    "method": method,
                    "status": status,
                    "description": exc.description,
                    "chat_id": params.get("chat_id"),
                }
            )
        call = self._record(method, params, status, body, self._chat_of(method, params))
        if handler is None and method != "getUpdates" and status == 200 and call is not None:
            self.unmodelled_calls.append(call)
        return status, body, params, method

    def _spec_check(self, method: str, params: JSON) -> list[str]:
        if self.spec is None:
            return []
        declared = self.spec.param_types(method)
        # file parts referenced as "attach://<name>" are not parameters of their own
        checked = {
            k: v
            for k, v in params.items()
            if not (isinstance(v, UploadedFile) and k not in declared)
        }
        return self.spec.check(method, checked, strict_amp=self.strict_html_amp)

    def _canonical(self, raw_method: str) -> str | None:
        low = raw_method.lower()
        name = self._ci_handlers.get(low)
        if name is not None:
            return name
        if self.spec is None:
            return raw_method  # without a spec, any method is accepted as unmodelled
        return self.spec.canonical_method(raw_method)

    def _decode(self, method: str, raw: JSON) -> JSON:
        types = self.spec.param_types(method) if self.spec is not None else {}
        out: JSON = {}
        for key, value in raw.items():
            if isinstance(value, str):
                declared = types.get(key) or _FALLBACK_TYPES.get(key)
                if declared is not None:
                    out[key] = coerce(value, declared)
                elif key in _STRING_KEYS:
                    out[key] = value
                else:
                    out[key] = _guess(value)
            else:
                out[key] = value
        return out

    def _record(
        self, method: str, params: JSON, status: int, body: JSON, chat: ChatLog | None
    ) -> ApiCall | None:
        now = time.monotonic()
        call = ApiCall(method, params, status, body, now)
        if self.record_requests:
            self.requests.append(call)
        if method != "getUpdates":
            self._last_activity = now
            if chat is not None:
                chat.last_activity = now
                if method == "sendChatAction":
                    pass
                else:
                    chat.activity += 1
            self._poke()
        return call

    def _chat_of(self, method: str, params: JSON) -> ChatLog | None:
        if method == "answerCallbackQuery":
            cb = self._callbacks.get(str(params.get("callback_query_id")))
            return self._chats.get(cb.chat_id) if cb is not None else None
        cid = params.get("chat_id")
        if isinstance(cid, int) and not isinstance(cid, bool):
            return self._chats.get(cid) if cid in self._users else None
        if isinstance(cid, str):
            if cid.startswith("@"):
                uid = self._usernames.get(cid[1:].lower())
                return self._chats.get(uid) if uid is not None else None
            if _INT_RE.fullmatch(cid):
                return self._chats.get(int(cid)) if int(cid) in self._users else None
        return None

    def _take_fault(self, method: str) -> ApiError | None:
        for fault in self._faults:
            if fault.remaining <= 0:
                continue
            if fault.method is None:
                if method == "getUpdates":
                    continue
            elif fault.method.lower() != method.lower():
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.remove(fault)
            return _fault_error(fault.status, fault.retry_after, fault.description)
        if self._random_fault is not None and method != "getUpdates":
            probability, status, (lo, hi) = self._random_fault
            if self._rng.random() < probability:
                return _fault_error(status, self._rng.randint(lo, hi), None)
        return None

    def _gate(self, rate_chat: ChatLog | None = None, count: int = 1) -> None:
        """Validation passed: apply strict spec violations and rate limits before committing."""
        self._gated = True
        if self._pending and self.strict_spec:
            raise bad_request(self._pending[0])
        if rate_chat is not None:
            self._check_rate(rate_chat.chat_id, count)

    def _check_rate(self, chat_id: int, count: int) -> None:
        if self.global_rate is None and self.per_chat_rate is None:
            return
        now = time.monotonic()
        wait = 0.0
        window: deque[float] | None = None
        if self.per_chat_rate is not None:
            window = self._chat_windows.setdefault(chat_id, deque())
            wait = max(wait, _window_wait(window, now, self.per_chat_rate, count))
        if self.global_rate is not None:
            wait = max(wait, _window_wait(self._global_window, now, self.global_rate, count))
        if wait > 0:
            retry = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
        for _ in range(count):
            if window is not None:
                window.append(now)
            if self.global_rate is not None:
                self._global_window.append(now)

    # ------------------------------------------------------------------------------ helpers

    def _chat(self, p: JSON, key: str = "chat_id") -> ChatLog:
        value = p.get(key)
        if value is None or value == "":
            raise bad_request(f"{key} is empty")
        uid: int | None = None
        if isinstance(value, bool):
            uid = None
        elif isinstance(value, int):
            uid = value
        elif isinstance(value, str):
            if value.startswith("@"):
                uid = self._usernames.get(value[1:].lower())
            elif _INT_RE.fullmatch(value):
                uid = int(value)
        if uid is None or uid not in self._users:
            raise bad_request("chat not found")
        return self._chats[uid]

    def _not_blocked(self, chat: ChatLog) -> None:
        if chat.chat_id in self._blocked:
            raise ApiError(403, BLOCKED)
        sim = self._users.get(chat.chat_id)
        if sim is not None and not sim.started:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")

    @staticmethod
    def _int(p: JSON, key: str, missing: str) -> int:
        value = p.get(key)
        if isinstance(value, bool) or value is None:
            raise bad_request(missing)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and _INT_RE.fullmatch(value):
            return int(value)
        raise bad_request(missing)

    def _parse(self, text: str, mode: Any) -> tuple[str, list[JSON]]:
        try:
            return parse_text(
                text, mode if isinstance(mode, str) else None, strict_amp=self.strict_html_amp
            )
        except EntityParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from exc
        except UnsupportedParseModeError as exc:
            raise bad_request("unsupported parse_mode") from exc

    def _formatted(self, raw: str, mode: Any, entities: Any) -> tuple[str, list[JSON]]:
        if isinstance(mode, str) and mode and mode.lower() != "none":
            return self._parse(raw, mode)
        given = [e for e in entities if isinstance(e, dict)] if isinstance(entities, list) else []
        return trim_text(raw, given)

    def _text(self, p: JSON) -> tuple[str, list[JSON], str]:
        raw = p.get("text")
        if raw is None or raw == "":
            raise bad_request("message text is empty")
        raw = raw if isinstance(raw, str) else str(raw)
        plain, entities = self._formatted(raw, p.get("parse_mode"), p.get("entities"))
        if not plain:
            raise bad_request("message text is empty")
        if utf16_len(plain) > 4096:
            raise bad_request("message is too long")
        return plain, entities, raw

    def _caption(
        self, p: JSON, key: str = "caption", mode_key: str = "parse_mode"
    ) -> tuple[str | None, list[JSON], str | None]:
        raw = p.get(key)
        if raw is None or raw == "":
            return None, [], None
        raw = raw if isinstance(raw, str) else str(raw)
        plain, entities = self._formatted(raw, p.get(mode_key), p.get(f"{key}_entities"))
        if utf16_len(plain) > 1024:
            raise bad_request("message caption is too long")
        return plain or None, entities, raw

    def _markup(self, p: JSON, *, inline_only: bool = False) -> JSON | None:
        markup = p.get("reply_markup")
        if markup is None:
            return None
        if isinstance(markup, str):
            try:
                markup = json.loads(markup)
            except ValueError as exc:
                raise bad_request("can't parse reply keyboard markup JSON object") from exc
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            _check_inline_keyboard(markup["inline_keyboard"])
        elif inline_only:
            raise bad_request("can't parse inline keyboard markup JSON object")
        elif "keyboard" in markup:
            _check_reply_keyboard(markup["keyboard"])
        elif "remove_keyboard" not in markup and "force_reply" not in markup:
            raise bad_request("can't parse reply keyboard markup JSON object")
        return markup

    def _next_message_id(self, chat_id: int) -> int:
        counter = self._message_ids.get(chat_id)
        if counter is None:
            counter = self._message_ids[chat_id] = itertools.count(1)
        return next(counter)

    def _bump(self, message: ChatMessage) -> None:
        self._seq += 1
        message.changed_seq = self._seq

    def _add_bot_message(self, chat: ChatLog, kind: str, p: JSON, **fields: Any) -> ChatMessage:
        msg = ChatMessage(
            message_id=self._next_message_id(chat.chat_id),
            chat_id=chat.chat_id,
            from_bot=True,
            kind=kind,
            date=int(self.clock()),
            sender=self.bot_user,
            params=p,
            **fields,
        )
        self._bump(msg)
        chat.add(msg)
        markup = msg.reply_markup
        if markup is not None:
            if "keyboard" in markup:
                chat.reply_keyboard = markup
            elif markup.get("remove_keyboard"):
                chat.reply_keyboard = None
        self.sent_count += 1
        self._emit({"type": "message", "chat_id": chat.chat_id, "message": msg.to_api(chat.chat)})
        return msg

    def add_user_message(self, chat: ChatLog, user: JSON, kind: str, **fields: Any) -> ChatMessage:
        """Record a message a simulated user sent (the update is pushed by the caller)."""
        msg = ChatMessage(
            message_id=self._next_message_id(chat.chat_id),
            chat_id=chat.chat_id,
            from_bot=False,
            kind=kind,
            date=int(self.clock()),
            sender=user,
            **fields,
        )
        self._bump(msg)
        chat.add(msg)
        return msg

    def store_file(
        self,
        kind: str,
        data: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        file_size: int | None = None,
        duration: int | None = None,
    ) -> StoredFile:
        """Register file content; it gets a file_id and a download path."""
        n = next(self._file_ids)
        folder, ext = _FOLDERS.get(kind, ("documents", ".bin"))
        if file_name and "." in file_name:
            ext = "." + file_name.rsplit(".", 1)[1]
        size = _image_size(data) if kind == "photo" else None
        stored = StoredFile(
            file_id=f"AgAC{kind[:3].upper()}{n:06d}fake{self.bot_user['id']}",
            file_unique_id=f"AQAD{n:06d}",
            file_path=f"{folder}/file_{n}{ext}",
            kind=kind,
            data=data,
            file_name=file_name,
            mime_type=mime_type,
            file_size=len(data) if file_size is None else file_size,
            width=size[0] if size else None,
            height=size[1] if size else None,
            duration=duration,
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def _resolve_file(self, p: JSON, value: Any, kind: str) -> StoredFile:
        if isinstance(value, str) and value.startswith("attach://"):
            value = p.get(value[len("attach://") :])
            if not isinstance(value, UploadedFile):
                raise bad_request("wrong file identifier/HTTP URL specified")
        if isinstance(value, UploadedFile):
            if not value.data:
                raise bad_request("file must be non-empty")
            if kind == "photo" and not _is_image(value.data):
                raise bad_request("IMAGE_PROCESS_FAILED")
            return self.store_file(
                kind,
                value.data,
                file_name=value.filename if kind != "photo" else None,
                mime_type=value.content_type if kind not in ("photo", "sticker") else None,
            )
        if isinstance(value, str) and value:
            known = self._files.get(value)
            if known is not None:
                return known
            if value.startswith(("http://", "https://")):
                return self.store_file(kind, b"", file_name=value.rsplit("/", 1)[-1] or None)
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _message(self, chat: ChatLog, p: JSON, not_found: str) -> ChatMessage:
        mid = self._int(p, "message_id", "message identifier is not specified")
        msg = chat.get(mid)
        if msg is None or msg.deleted:
            raise bad_request(not_found)
        return msg

    # ------------------------------------------------------------------------------ methods

    def _build_handlers(self) -> dict[str, Handler]:
        handlers: dict[str, Handler] = {
            "getMe": lambda p: self.bot_user,
            "logOut": lambda p: True,
            "close": lambda p: True,
            "getUpdates": lambda p: [],  # async, special-cased in call()
            "setWebhook": self._m_set_webhook,
            "deleteWebhook": self._m_delete_webhook,
            "getWebhookInfo": self._m_get_webhook_info,
            "setMyCommands": self._m_set_my_commands,
            "getMyCommands": self._m_get_my_commands,
            "deleteMyCommands": self._m_delete_my_commands,
            "setMyDescription": lambda p: self._m_set_setting("description", p),
            "setMyShortDescription": lambda p: self._m_set_setting("short_description", p),
            "setMyName": lambda p: self._m_set_setting("name", p),
            "getMyDescription": lambda p: self._m_get_setting("description", p),
            "getMyShortDescription": lambda p: self._m_get_setting("short_description", p),
            "getMyName": lambda p: self._m_get_setting("name", p),
            "setChatMenuButton": self._m_set_chat_menu_button,
            "getChatMenuButton": self._m_get_chat_menu_button,
            "sendMessage": self._m_send_message,
            "editMessageText": self._m_edit_message_text,
            "editMessageCaption": self._m_edit_message_caption,
            "editMessageReplyMarkup": self._m_edit_message_reply_markup,
            "editMessageMedia": self._m_edit_message_media,
            "deleteMessage": self._m_delete_message,
            "deleteMessages": self._m_delete_messages,
            "answerCallbackQuery": self._m_answer_callback_query,
            "sendChatAction": self._m_send_chat_action,
            "sendLocation": self._m_send_location,
            "sendVenue": self._m_send_venue,
            "sendContact": self._m_send_contact,
            "sendDice": self._m_send_dice,
            "sendMediaGroup": self._m_send_media_group,
            "copyMessage": self._m_copy_message,
            "forwardMessage": self._m_forward_message,
            "getFile": self._m_get_file,
            "getChat": self._m_get_chat,
            "getChatMember": self._m_get_chat_member,
        }
        for method, kind in _MEDIA_METHODS.items():
            handlers[method] = self._media_handler(kind)
        return handlers

    def _media_handler(self, kind: str) -> Handler:
        return lambda p: self._m_send_media(kind, p)

    async def _get_updates(self, p: JSON, request: web.Request | None) -> list[JSON]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = p.get("offset") if isinstance(p.get("offset"), int) else 0
        limit = p.get("limit") if isinstance(p.get("limit"), int) else 100
        timeout = p.get("timeout") if isinstance(p.get("timeout"), int) else 0
        assert isinstance(offset, int) and isinstance(limit, int) and isinstance(timeout, int)
        limit = min(max(limit, 1), 100)
        allowed = p.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed = frozenset(str(a) for a in allowed) if allowed else _DEFAULT_UPDATES
        self._gate()
        if any(u.kind not in self._allowed for u in self._queue):
            kept: deque[_Update] = deque()
            for u in self._queue:
                if u.kind in self._allowed:
                    kept.append(u)
                else:
                    self._dropped.add(u.update_id)
            self._queue = kept
        if self._poller is not None and not self._poller.done():
            self._poller.set_result("conflict")
        self._confirm(offset)
        batch = self._available(limit)
        if not batch and timeout > 0 and not self._stopping:
            fut: asyncio.Future[str] = asyncio.get_running_loop().create_future()
            self._poller = fut
            try:
                await asyncio.wait({fut}, timeout=timeout)
            finally:
                if self._poller is fut:
                    self._poller = None
            if fut.done() and fut.result() == "conflict":
                raise ApiError(409, CONFLICT)
            batch = self._available(limit)
        if request is not None and (request.transport is None or request.transport.is_closing()):
            return []
        for u in batch:
            self._delivered.add(u.update_id)
        if batch:
            self._poke()
        return [u.payload for u in batch]

    def _confirm(self, offset: int) -> None:
        q = self._queue
        if offset > 0:
            while q and q[0].update_id < offset:
                self._delivered.add(q.popleft().update_id)
        elif offset < 0:
            while len(q) > -offset:
                self._delivered.add(q.popleft().update_id)

    def _available(self, limit: int) -> list[_Update]:
        return list(itertools.islice(self._queue, limit))

    def _m_set_webhook(self, p: JSON) -> bool:
        url = p.get("url") if isinstance(p.get("url"), str) else ""
        assert isinstance(url, str)
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self._gate()
        if not url:
            return self._m_delete_webhook(p)
        allowed = p.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed = frozenset(str(a) for a in allowed) if allowed else _DEFAULT_UPDATES
        if p.get("drop_pending_updates") is True:
            self._drop_pending()
        secret = p.get("secret_token")
        connections = p.get("max_connections")
        self._webhook.configure(
            url,
            secret if isinstance(secret, str) else None,
            connections if isinstance(connections, int) else None,
        )
        if self._poller is not None and not self._poller.done():
            self._poller.set_result("conflict")  # a long poll running now ends with 409
        # Updates not yet fetched go to the webhook instead (pending updates are kept).
        waiting = [u for u in self._queue if u.update_id not in self._delivered]
        self._queue = deque(u for u in self._queue if u.update_id in self._delivered)
        for update in waiting:
            if update.kind in self._allowed:
                self._webhook.offer(update)
            else:
                self._dropped.add(update.update_id)
        return True

    def _m_delete_webhook(self, p: JSON) -> bool:
        self._gate()
        self._queue.extend(self._webhook.take_waiting())
        self._webhook.configure("", None, None)
        if p.get("drop_pending_updates") is True:
            self._drop_pending()
        return True

    def _drop_pending(self) -> None:
        for update in self._webhook.take_waiting():
            self._dropped.add(update.update_id)
        while self._queue:
            self._dropped.add(self._queue.popleft().update_id)
        self._poke()

    def _m_get_webhook_info(self, p: JSON) -> JSON:
        info: JSON = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": self.pending_updates,
        }
        if self.webhook_url:
            info["max_connections"] = self._webhook.max_connections
            if self._allowed != _DEFAULT_UPDATES:
                info["allowed_updates"] = sorted(self._allowed)
        if self._webhook.last_error is not None:
            info["last_error_date"], info["last_error_message"] = self._webhook.last_error
        return info

    @staticmethod
    def _scope_key(p: JSON) -> tuple[str, str]:
        scope = p.get("scope")
        if not isinstance(scope, dict):
            scope = {"type": "default"}
        lang = p.get("language_code")
        return json.dumps(scope, sort_keys=True), lang if isinstance(lang, str) else ""

    def _m_set_my_commands(self, p: JSON) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list):
            raise bad_request('parameter "commands" is required')
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        clean: list[JSON] = []
        for c in commands:
            if not isinstance(c, dict):
                raise bad_request("BOT_COMMAND_INVALID")
            command, description = c.get("command"), c.get("description")
            if not isinstance(command, str) or not _COMMAND_RE.fullmatch(command):
                raise bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= utf16_len(description) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            clean.append({"command": command, "description": description})
        self._gate()
        self.commands[self._scope_key(p)] = clean
        return True

    def commands_shown(self, chat_id: int, language_code: str | None) -> list[JSON]:
        """The list a private chat's «/» button shows, resolved as Telegram does: the chat's
        scope, then all private chats, then the default; each with the client's language first."""
        scopes: list[JSON] = [
            {"type": "chat", "chat_id": chat_id},
            {"type": "all_private_chats"},
            {"type": "default"},
        ]
        for scope in scopes:
            for language in (language_code or "", ""):
                found = self.commands.get((json.dumps(scope, sort_keys=True), language))
                if found is not None:
                    return list(found)
        return []

    def _m_get_my_commands(self, p: JSON) -> list[JSON]:
        return list(self.commands.get(self._scope_key(p), []))

    def _m_delete_my_commands(self, p: JSON) -> bool:
        self._gate()
        self.commands.pop(self._scope_key(p), None)
        return True

    def _m_set_setting(self, name: str, p: JSON) -> bool:
        value = p.get(name)
        lang = p.get("language_code")
        self._gate()
        self.bot_settings[name][lang if isinstance(lang, str) else ""] = (
            value if isinstance(value, str) else ""
        )
        return True

    def _m_get_setting(self, name: str, p: JSON) -> JSON:
        lang = p.get("language_code")
        return {name: self.bot_settings[name].get(lang if isinstance(lang, str) else "", "")}

    def _m_set_chat_menu_button(self, p: JSON) -> bool:
        button = p.get("menu_button")
        button = button if isinstance(button, dict) else {"type": "default"}
        chat = self._chat(p) if p.get("chat_id") is not None else None
        self._gate()
        if chat is None:
            self.default_menu_button = button
        else:
            chat.menu_button = button
        return True

    def _m_get_chat_menu_button(self, p: JSON) -> JSON:
        if p.get("chat_id") is not None:
            chat = self._chat(p)
            if chat.menu_button is not None:
                return chat.menu_button
        return self.default_menu_button or {"type": "commands"}

    def _m_send_message(self, p: JSON) -> JSON:
        chat = self._chat(p)
        self._not_blocked(chat)
        plain, entities, raw = self._text(p)
        markup = self._markup(p)
        self._gate(chat)
        msg = self._add_bot_message(
            chat, "text", p, text=plain, html=raw, entities=entities, reply_markup=markup
        )
        return msg.to_api(chat.chat)

    def _m_send_media(self, kind: str, p: JSON) -> JSON:
        chat = self._chat(p)
        self._not_blocked(chat)
        value = p.get(kind)
        if value is None or value == "":
            raise bad_request(f'parameter "{kind}" is required')
        caption, caption_entities, caption_raw = (
            (None, [], None) if kind in _NO_CAPTION else self._caption(p)
        )
        markup = self._markup(p)
        stored = self._resolve_file(p, value, kind)
        if isinstance(p.get("duration"), int):
            stored.duration = p["duration"]
        self._gate(chat)
        msg = self._add_bot_message(
            chat,
            kind,
            p,
            caption=caption,
            caption_html=caption_raw,
            caption_entities=caption_entities,
            reply_markup=markup,
            file=stored,
        )
        return msg.to_api(chat.chat)

    def _m_send_location(self, p: JSON) -> JSON:
        chat = self._chat(p)
        self._not_blocked(chat)
        lat, lon = p.get("latitude"), p.get("longitude")
        if not isinstance(lat, int | float) or not -90 <= lat <= 90:
            raise bad_request("wrong latitude")
        if not isinstance(lon, int | float) or not -180 <= lon <= 180:
            raise bad_request("wrong longitude")
        markup = self._markup(p)
        self._gate(chat)
        msg = self._add_bot_message(
            chat,
            "location",
            p,
            reply_markup=markup,
            extra={"location": {"latitude": float(lat), "longitude": float(lon)}},
        )
        return msg.to_api(chat.chat)

    def _m_send_venue(self, p: JSON) -> JSON:
        chat = self._chat(p)
        self._not_blocked(chat)
        lat, lon = p.get("latitude"), p.get("longitude")
        title, address = p.get("title"), p.get("address")
        if not isinstance(lat, int | float) or not isinstance(lon, int | float):
            raise bad_request("wrong latitude")
        if not isinstance(title, str) or not isinstance(address, str):
            raise bad_request("venue title and address must be non-empty")
        markup = self._markup(p)
        self._gate(chat)
        location = {"latitude": float(lat), "longitude": float(lon)}
        msg = self._add_bot_message(
            chat,
            "venue",
            p,
            reply_markup=markup,
            extra={
                "location": location,
                "venue": {"location": location, "title": title, "address": address},
            },
        )
        return msg.to_api(chat.chat)

    def _m_send_contact(self, p: JSON) -> JSON:
        chat = self._chat(p)
        self._not_blocked(chat)
        phone, first = p.get("phone_number"), p.get("first_name")
        if not isinstance(phone, str) or not phone:
            raise bad_request("phone number must be non-empty")
        if not isinstance(first, str) or not first:
            raise bad_request("first name must be non-empty")
        markup = self._markup(p)
        self._gate(chat)
        contact: JSON = {"phone_number": phone, "first_name": first}
        if isinstance(p.get("last_name"), str):
            contact["last_name"] = p["last_name"]
        msg = self._add_bot_message(
            chat, "contact", p, reply_markup=markup, extra={"contact": contact}
        )
        return msg.to_api(chat.chat)

    def _m_send_dice(self, p: JSON) -> JSON:
        chat = self._chat(p)
        self._not_blocked(chat)
        emoji = p.get("emoji") if isinstance(p.get("emoji"), str) else "🎲"
        markup = self._markup(p)
        self._gate(chat)
        top = 64 if emoji == "🎰" else 5 if emoji in ("🏀", "⚽") else 6
        msg = self._add_bot_message(
            chat,
            "dice",
            p,
            reply_markup=markup,
            extra={"dice": {"emoji": emoji, "value": self._rng.randint(1, top)}},
        )
        return msg.to_api(chat.chat)

    def _m_send_media_group(self, p: JSON) -> list[JSON]:
        chat = self._chat(p)
        self._not_blocked(chat)
        media = p.get("media")
        if not isinstance(media, list):
            raise bad_request("can't parse media JSON object")
        if not 2 <= len(media) <= 10:
            raise bad_request("wrong number of media in the group: must be 2-10")
        prepared: list[tuple[str, StoredFile, str | None, list[JSON], str | None]] = []
        for item in media:
            if not isinstance(item, dict) or item.get("type") not in (
                "photo",
                "video",
                "document",
                "audio",
            ):
                raise bad_request("can't parse InputMedia: unsupported media type")
            kind = str(item["type"])
            caption, entities, raw = self._caption(item)
            prepared.append(
                (kind, self._resolve_file(p, item.get("media"), kind), caption, entities, raw)
            )
        self._gate(chat, count=len(prepared))
        group_id = f"{chat.chat_id}{self._seq}"
        out: list[JSON] = []
        for kind, stored, caption, entities, raw in prepared:
            msg = self._add_bot_message(
                chat,
                kind,
                p,
                caption=caption,
                caption_html=raw,
                caption_entities=entities,
                file=stored,
                extra={"media_group_id": group_id},
            )
            out.append(msg.to_api(chat.chat))
        return out

    def _m_copy_message(self, p: JSON) -> JSON:
        chat = self._chat(p)
        self._not_blocked(chat)
        source_chat = self._chat(p, "from_chat_id")
        src = self._message(source_chat, p, "message to copy not found")
        caption, caption_entities, caption_raw = (
            src.caption,
            src.caption_entities,
            src.caption_html,
        )
        if "caption" in p:
            caption, caption_entities, caption_raw = self._caption(p)
        markup = self._markup(p)
        self._gate(chat)
        extra = {k: v for k, v in src.extra.items() if k not in ("forward_origin",)}
        msg = self._add_bot_message(
            chat,
            src.kind,
            p,
            text=src.text,
            html=src.html,
            entities=list(src.entities),
            caption=caption if src.file is not None else None,
            caption_html=caption_raw if src.file is not None else None,
            caption_entities=caption_entities if src.file is not None else [],
            reply_markup=markup,
            file=src.file,
            extra=extra,
        )
        return {"message_id": msg.message_id}

    def _m_forward_message(self, p: JSON) -> JSON:
        chat = self._chat(p)
        self._not_blocked(chat)
        source_chat = self._chat(p, "from_chat_id")
        src = self._message(source_chat, p, "message to forward not found")
        self._gate(chat)
        extra = dict(src.extra)
        extra.setdefault(
            "forward_origin", {"type": "user", "sender_user": src.sender, "date": src.date}
        )
        msg = self._add_bot_message(
            chat,
            src.kind,
            p,
            text=src.text,
            html=src.html,
            entities=list(src.entities),
            caption=src.caption,
            caption_html=src.caption_html,
            caption_entities=list(src.caption_entities),
            file=src.file,
            extra=extra,
        )
        return msg.to_api(chat.chat)

    def _editable(self, p: JSON) -> tuple[ChatLog, ChatMessage]:
        chat = self._chat(p)
        self._not_blocked(chat)
        msg = self._message(chat, p, "message to edit not found")
        if not msg.from_bot:
            raise bad_request("message can't be edited")
        return chat, msg

    def _commit_edit(self, chat: ChatLog, msg: ChatMessage) -> JSON:
        msg.edits += 1
        msg.edit_date = int(self.clock())
        self._bump(msg)
        api = msg.to_api(chat.chat)
        self._emit({"type": "edit", "chat_id": chat.chat_id, "message": api})
        return api

    def _new_inline_markup(self, msg: ChatMessage, markup: JSON | None) -> JSON | None:
        """Markup after an edit: an edit without reply_markup removes the inline keyboard."""
        if markup is not None:
            return markup
        return None if _inline_only(msg.reply_markup) is not None else msg.reply_markup

    def _m_edit_message_text(self, p: JSON) -> JSON | bool:
        if p.get("inline_message_id"):
            self._gate()
            return True
        chat, msg = self._editable(p)
        if msg.text is None:
            raise bad_request("there is no text in the message to edit")
        plain, entities, raw = self._text(p)
        markup = self._markup(p, inline_only=True)
        if (
            plain == msg.text
            and entities == msg.entities
            and markup == _inline_only(msg.reply_markup)
        ):
            raise bad_request(NOT_MODIFIED)
        self._gate()
        msg.text, msg.html, msg.entities = plain, raw, entities
        msg.reply_markup = self._new_inline_markup(msg, markup)
        return self._commit_edit(chat, msg)

    def _m_edit_message_caption(self, p: JSON) -> JSON | bool:
        if p.get("inline_message_id"):
            self._gate()
            return True
        chat, msg = self._editable(p)
        if msg.file is None:
            raise bad_request("there is no caption in the message to edit")
        caption, entities, raw = self._caption(p)
        markup = self._markup(p, inline_only=True)
        if (
            caption == msg.caption
            and entities == msg.caption_entities
            and markup == _inline_only(msg.reply_markup)
        ):
            raise bad_request(NOT_MODIFIED)
        self._gate()
        msg.caption, msg.caption_html, msg.caption_entities = caption, raw, entities
        msg.reply_markup = self._new_inline_markup(msg, markup)
        return self._commit_edit(chat, msg)

    def _m_edit_message_reply_markup(self, p: JSON) -> JSON | bool:
        if p.get("inline_message_id"):
            self._gate()
            return True
        chat, msg = self._editable(p)
        markup = self._markup(p, inline_only=True)
        if markup == _inline_only(msg.reply_markup):
            raise bad_request(NOT_MODIFIED)
        self._gate()
        msg.reply_markup = self._new_inline_markup(msg, markup)
        return self._commit_edit(chat, msg)

    def _m_edit_message_media(self, p: JSON) -> JSON | bool:
        media = p.get("media")
        if not isinstance(media, dict) or not isinstance(media.get("type"), str):
            raise bad_request("can't parse InputMedia JSON object")
        if p.get("inline_message_id"):
            self._gate()
            return True
        chat, msg = self._editable(p)
        if msg.file is None:
            raise bad_request("there is no media in the message to edit")
        kind = str(media["type"])
        stored = self._resolve_file(p, media.get("media"), kind)
        caption, entities, raw = self._caption(media)
        markup = self._markup(p, inline_only=True)
        self._gate()
        msg.kind, msg.file = kind, stored
        msg.caption, msg.caption_html, msg.caption_entities = caption, raw, entities
        msg.reply_markup = self._new_inline_markup(msg, markup)
        return self._commit_edit(chat, msg)

    def _m_delete_message(self, p: JSON) -> bool:
        chat = self._chat(p)
        msg = self._message(chat, p, "message to delete not found")
        self._gate()
        self._delete(chat, msg)
        return True

    def _delete(self, chat: ChatLog, msg: ChatMessage) -> None:
        msg.deleted = True
        self._bump(msg)
        self._emit({"type": "delete", "chat_id": chat.chat_id, "message_id": msg.message_id})

    def _m_delete_messages(self, p: JSON) -> bool:
        chat = self._chat(p)
        ids = p.get("message_ids")
        if not isinstance(ids, list) or not ids:
            raise bad_request('parameter "message_ids" is required')
        if len(ids) > 100:
            raise bad_request("too many message identifiers specified")
        self._gate()
        for mid in ids:
            msg = chat.get(mid) if isinstance(mid, int) else None
            if msg is not None and not msg.deleted:
                self._delete(chat, msg)
        return True

    def _m_answer_callback_query(self, p: JSON) -> bool:
        qid = p.get("callback_query_id")
        cb = self._callbacks.get(str(qid)) if qid is not None else None
        if cb is None or cb.answered or time.monotonic() - cb.created > self.callback_timeout:
            raise bad_request(QUERY_TOO_OLD)
        text = p.get("text")
        if isinstance(text, str) and utf16_len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self._gate()
        cb.answered = True
        answer: JSON = {
            "callback_query_id": cb.query_id,
            "message_id": cb.message_id,
            "text": text if isinstance(text, str) else None,
            "show_alert": p.get("show_alert") is True,
            "url": p.get("url"),
            "cache_time": p.get("cache_time"),
        }
        chat = self.chat(cb.chat_id)
        chat.callback_answers.append(answer)
        self._emit({"type": "callback_answer", "chat_id": cb.chat_id, "answer": answer})
        return True

    def register_callback(self, chat_id: int, message_id: int) -> str:
        """Issue a callback query id for a press on ``message_id`` (used by SimUser)."""
        qid = str(4_000_000_000_000_000 + next(self._callback_ids) * 7919)
        self._callbacks[qid] = _Callback(qid, chat_id, message_id, time.monotonic())
        return qid

    def _m_send_chat_action(self, p: JSON) -> bool:
        chat = self._chat(p)
        self._not_blocked(chat)
        action = p.get("action")
        if action not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self._gate()
        chat.actions.append(str(action))
        self._emit({"type": "chat_action", "chat_id": chat.chat_id, "action": action})
        return True

    def _m_get_file(self, p: JSON) -> JSON:
        file_id = p.get("file_id")
        stored = self._files.get(file_id) if isinstance(file_id, str) else None
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.file_size > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        self._gate()
        return stored.file_api()

    def _m_get_chat(self, p: JSON) -> JSON:
        chat = self._chat(p)
        sim = self._users[chat.chat_id]
        info: JSON = dict(chat.chat)
        info.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        )
        if sim.username:
            info["active_usernames"] = [sim.username]
        return info

    def _m_get_chat_member(self, p: JSON) -> JSON:
        chat = self._chat(p)
        user_id = self._int(p, "user_id", "user not found")
        if user_id == self.bot_user["id"]:
            return {"status": "member", "user": self.bot_user}
        sim = self._users.get(user_id)
        if sim is None or user_id != chat.chat_id:
            raise bad_request("user not found")
        status = "kicked" if user_id in self._blocked else "member"
        member: JSON = {"status": status, "user": sim.user_dict}
        if status == "kicked":
            member["until_date"] = 0
        return member


def _window_wait(window: deque[float], now: float, rate: float, count: int) -> float:
    """Seconds until ``count`` more sends fit in the 1-second window (0 if they fit now)."""
    while window and window[0] <= now - 1.0:
        window.popleft()
    capacity = max(int(rate), 1)
    excess = len(window) + count - capacity
    if excess <= 0:
        return 0.0
    if excess > len(window):
        return 1.0
    return window[excess - 1] + 1.0 - now


def _check_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    total = 0
    for row in rows:
        for button in row:
            total += 1
            _check_inline_button(button)
    if total > 100:
        raise bad_request("reply markup is too long")


def _check_inline_button(button: Any) -> None:
    prefix = "can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise bad_request(prefix + "InlineKeyboardButton must be an Object")
    if "text" not in button:
        raise bad_request(prefix + 'Can\'t find field "text"')
    if not isinstance(button["text"], str):
        raise bad_request(prefix + 'Field "text" must be of type String')
    actions = [
        k
        for k in _INLINE_ACTIONS
        if button.get(k) is not None and not (k == "pay" and button[k] is False)
    ]
    if not actions:
        raise bad_request(prefix + "Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise bad_request(
            prefix + "exactly one of the optional fields must be used, got " + ", ".join(actions)
        )
    if "callback_data" in actions:
        data = button["callback_data"]
        if not isinstance(data, str):
            raise bad_request(prefix + 'Field "callback_data" must be of type String')
        if not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in actions:
        url = button["url"]
        if not isinstance(url, str):
            raise bad_request(prefix + 'Field "url" must be of type String')
        if not url.strip() or any(c.isspace() for c in url.strip()):
            raise bad_request("BUTTON_URL_INVALID")


def _check_reply_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request(
            'field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays'
        )
    prefix = "can't parse keyboard button: "
    for row in rows:
        for button in row:
            if isinstance(button, str):
                continue
            if not isinstance(button, dict):
                raise bad_request(prefix + "KeyboardButton must be a String or an Object")
            if not isinstance(button.get("text"), str):
                raise bad_request(prefix + 'Can\'t find field "text"')
            used = [k for k in _REPLY_ACTIONS if button.get(k) not in (None, False)]
            if len(used) > 1:
                raise bad_request(
                    prefix
                    + "at most one of the optional fields can be used, got "
                    + ", ".join(used)
                )


def _update_chat_id(body: JSON, kind: str) -> int | None:
    obj = body.get(kind)
    if not isinstance(obj, dict):
        return None
    chat = obj.get("chat")
    if chat is None and isinstance(obj.get("message"), dict):
        chat = obj["message"].get("chat")
    if isinstance(chat, dict) and isinstance(chat.get("id"), int):
        return int(chat["id"])
    return None


def _json_response(status: int, body: JSON) -> web.Response:
    return web.Response(
        body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        status=status,
        content_type="application/json",
    )
