"""The playground: the real bot, an embedded Bot API server, simulated people and a movable clock.

`Playground` owns what outlives a reset (the clock, the personas' client languages, the notes
shown in the chats, the page's event subscribers) and a `World` (the server and the bot on the
playground database), which a reset replaces. The web layer (`bot.dev.playground.webapp`) only
calls its methods.

Moving the clock walks through time rather than jumping: it stops at every moment a queued
message becomes due (and at least every hour), runs the planners and the broadcasts tick there
as the scheduler would, and lets the delivery engine send what is due before going on. So a
week ahead brings the week's lessons, reminders and notices, each dated when it was due, as if
the bot had been running all along.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.core.timezones import load_zone
from bot.dev.fake_telegram import (
    DEFAULT_SPEC_PATH,
    BotApiSpec,
    ChatLog,
    ChatMessage,
    FakeTelegramServer,
    SimUser,
    StoredFile,
    load_spec,
)
from storage.db import Database
from storage.outbox import Outbox

from .clock import MovableClock
from .personas import CLIENT_LANGUAGES, Persona, personas
from .views import JSON, chat_view, last_message_id, message_view, request_source
from .world import World, start_world

log = logging.getLogger(__name__)

DEFAULT_DATABASE = Path("data/playground.db")
ACTION_TIMEOUT = 15.0  # how long an action with `wait` waits for the bot to finish
MAX_STEP = timedelta(hours=1)  # the planners run at least this often while time moves
MAX_QUIET_STEPS = 240  # a long move takes longer steps between due moments, not more of them
SETTLE_LIMIT = 20.0  # seconds to wait at one moment for the delivery engine to send what is due
STATUS_EVERY = 1.0


class PlaygroundError(Exception):
    """A request the playground cannot do; `status` is the HTTP status the page gets."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class _Button:
    """What pressing a visible button does."""

    action: str  # callback, text, contact, location, url, other
    message: ChatMessage | None = None
    data: str | None = None
    text: str | None = None


@dataclass
class PlaygroundOptions:
    database: Path = DEFAULT_DATABASE
    fresh: bool = False
    # Where the clock starts (tests); it never starts behind real time.
    start: datetime | None = None
    # Settings overrides for `load_settings` (tests pass `_env_file=None`, `quiet_hours`...).
    settings: dict[str, Any] = field(default_factory=dict)
    # The Bot API description the server checks requests against; None: the default location.
    spec_path: Path | None = None


class Playground:
    def __init__(self, options: PlaygroundOptions | None = None) -> None:
        self.options = options or PlaygroundOptions()
        self.clock = MovableClock(self.options.start)
        self.personas = personas()
        self._by_id = {p.id: p for p in self.personas}
        self._languages: dict[int, str | None] = {p.id: p.language_code for p in self.personas}
        self._notes: dict[int | None, list[JSON]] = {}
        self._note_seq = itertools.count(1)
        self._subscribers: list[asyncio.Queue[JSON]] = []
        self._world: World | None = None
        self._pump: asyncio.Task[None] | None = None
        self._status: asyncio.Task[None] | None = None
        self._last_status: JSON | None = None
        self._lock = asyncio.Lock()
        self._traveling = False
        self.spec: BotApiSpec | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    @property
    def database(self) -> Path:
        return self.options.database

    @property
    def clock_file(self) -> Path:
        """Where the clock's moment is kept between runs (next to the database)."""
        return self.database.with_name(self.database.stem + ".clock")

    @property
    def running(self) -> bool:
        return self._world is not None

    @property
    def world(self) -> World:
        if self._world is None:
            raise PlaygroundError("the playground is not running", 503)
        return self._world

    @property
    def telegram(self) -> FakeTelegramServer:
        return self.world.telegram

    async def start(self) -> None:
        spec_path = self.options.spec_path or DEFAULT_SPEC_PATH
        self.spec = await asyncio.to_thread(load_spec, spec_path)
        if self.options.fresh:
            self._delete_data()
        else:
            await self.catch_up_with_data()
        await self._start_world()
        self._status = asyncio.create_task(self._status_loop(), name="playground-status")

    async def stop(self) -> None:
        if self._status is not None:
            self._status.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._status
            self._status = None
        await self._stop_world()
        for queue in self._subscribers:
            queue.put_nowait({"type": "bye"})

    async def reset(self) -> JSON:
        """A fresh database with the demo data, empty chats, the clock back at real time."""
        async with self._lock:
            await self._stop_world()
            self._delete_data()
            self.clock.reset()
            self._notes.clear()
            self._languages = {p.id: p.language_code for p in self.personas}
            await self._start_world()
        self._emit({"type": "reset"})
        return {"ok": True, "seeded": self.world.seeded}

    async def catch_up_with_data(self) -> None:
        """Before the bot starts on existing data: the clock is never behind the saved moment
        nor the newest outbox row (the saved moment may be older after a `kill -9`), and rows
        left `sending` by the crash are put back at once (their claim is then in the past)."""
        self.clock.restore(self.clock_file)
        if not self.database.exists():
            return
        db = await Database.connect(self.database)
        try:
            await db.migrate()
            outbox = Outbox(db)
            latest = await outbox.latest_moment()
            if latest is not None:
                self.clock.catch_up(latest)
            recovered = await outbox.recover_stale(self.clock.now(), timedelta(0))
            if recovered:
                log.warning(
                    "playground: %d message(s) were being sent at the last stop", recovered
                )
        finally:
            await db.close()
        self.clock.save(self.clock_file)

    def _delete_data(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.database}{suffix}").unlink(missing_ok=True)
        self.clock_file.unlink(missing_ok=True)

    async def _start_world(self) -> None:
        queue: list[asyncio.Queue[JSON]] = []

        def on_server(server: FakeTelegramServer) -> None:
            queue.append(server.subscribe())

        self._world = await start_world(
            database=self.database,
            clock=self.clock,
            spec=self.spec,
            personas=self.personas,
            languages=self._languages,
            overrides=self.options.settings,
            on_server=on_server,
        )
        self._pump = asyncio.create_task(self._pump_events(self._world, queue[0]), name="pump")
        for line in self._world.seeded:
            log.debug("seeded %s", line)

    async def _stop_world(self) -> None:
        world, self._world = self._world, None
        if self._pump is not None:
            self._pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pump
            self._pump = None
        if world is not None:
            self.clock.save(self.clock_file)
            await world.stop()

    # -- the page's events ------------------------------------------------------------------------

    def subscribe(self) -> asyncio.Queue[JSON]:
        """A queue of events for one page (messages, edits, deletions, answers, notes, status)."""
        queue: asyncio.Queue[JSON] = asyncio.Queue()
        self._subscribers.append(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[JSON]) -> None:
        if queue in self._subscribers:
            self._subscribers.remove(queue)

    def _emit(self, event: JSON) -> None:
        for queue in self._subscribers:
            queue.put_nowait(event)

    async def _pump_events(self, world: World, queue: asyncio.Queue[JSON]) -> None:
        """Turn the embedded server's events into what the page shows."""
        while True:
            event = await queue.get()
            try:
                for out in self._translate(world, event):
                    self._emit(out)
            except Exception:
                log.exception("playground: could not show event %s", event.get("type"))

    def _translate(self, world: World, event: JSON) -> list[JSON]:
        server = world.telegram
        kind = event.get("type")
        if kind in ("message", "edit"):
            chat_id = int(event["chat_id"])
            chat = server.chat(chat_id)
            msg = chat.get(int(event["message"]["message_id"]))
            return [] if msg is None else [self._message_event(chat, msg)]
        if kind == "update":
            update = event["update"]
            body = update.get("message")
            if isinstance(body, dict):
                chat = server.chat(int(body["chat"]["id"]))
                msg = chat.get(int(body["message_id"]))
                return [] if msg is None else [self._message_event(chat, msg)]
            return []
        if kind == "delete":
            return [
                {"type": "delete", "chat_id": event["chat_id"], "message_id": event["message_id"]}
            ]
        if kind == "callback_answer":
            return [{"type": "answer", "chat_id": event["chat_id"], "answer": event["answer"]}]
        if kind == "chat_action":
            return [{"type": "action", "chat_id": event["chat_id"], "action": event["action"]}]
        if kind == "api_error":
            return [self._error_note(server, event)]
        return []

    def _message_event(self, chat: ChatLog, msg: ChatMessage) -> JSON:
        return {
            "type": "message",
            "chat_id": chat.chat_id,
            "message": message_view(msg),
            "reply_keyboard": chat.reply_keyboard,
        }

    def _error_note(self, server: FakeTelegramServer, event: JSON) -> JSON:
        """A request Telegram would refuse: shown in its chat with Telegram's description."""
        raw = event.get("chat_id")
        chat_id: int | None = None
        if isinstance(raw, int) and not isinstance(raw, bool):
            chat_id = raw
        elif isinstance(raw, str) and raw.lstrip("-").isdigit():
            chat_id = int(raw)
        if chat_id not in self._by_id:
            chat_id = None
        source = None
        for call in reversed(server.requests[-50:]):
            if not call.ok and call.method == event.get("method"):
                source = request_source(call.params)
                break
        note: JSON = {
            "kind": "error",
            "method": event.get("method"),
            "status": event.get("status"),
            "description": event.get("description"),
        }
        if source is not None:
            note["source"] = source
        return self._add_note(chat_id, note)

    def _add_note(self, chat_id: int | None, note: JSON) -> JSON:
        world = self._world
        after = last_message_id(world.telegram.chat(chat_id)) if world and chat_id else 0
        note = {**note, "seq": next(self._note_seq), "after": after, "at": self._iso_now()}
        self._notes.setdefault(chat_id, []).append(note)
        return {"type": "note", "chat_id": chat_id, "note": note}

    def _note_everyone(self, note: JSON) -> None:
        for persona in self.personas:
            self._emit(self._add_note(persona.id, note))

    # -- state ----------------------------------------------------------------------------------

    def persona(self, persona_id: Any) -> Persona:
        try:
            found = self._by_id.get(int(persona_id))
        except (TypeError, ValueError):
            found = None
        if found is None:
            raise PlaygroundError(f"no persona {persona_id!r}", 404)
        return found

    def sim(self, persona_id: Any) -> SimUser:
        persona = self.persona(persona_id)
        return self.telegram.user(persona.id)

    def persona_json(self, persona: Persona) -> JSON:
        return {**persona.to_json(), "language_code": self._languages.get(persona.id)}

    def commands_for(self, persona_id: Any) -> JSON:
        """What this persona's «/» button lists now: staff see their roles' commands."""
        persona = self.persona(persona_id)
        shown = self.world.telegram.commands_shown(persona.id, self._languages.get(persona.id))
        return {"commands": shown}

    async def state(self) -> JSON:
        """Everything the page shows: the bot, the clock, the personas and their chats."""
        world = self.world
        server = world.telegram
        return {
            "bot": {
                "name": server.bot_user["first_name"],
                "username": server.bot_user["username"],
                "commands": self._commands(server),
            },
            "personas": [self.persona_json(p) for p in self.personas],
            "client_languages": list(CLIENT_LANGUAGES),
            "chats": {
                str(p.id): chat_view(server.chat(p.id), self._notes.get(p.id, []))
                for p in self.personas
            },
            "notes": self._notes.get(None, []),
            "status": await self.status(),
            "spec_checks": self.spec is not None,
        }

    @staticmethod
    def _commands(server: FakeTelegramServer) -> dict[str, list[JSON]]:
        """The command menu by client language ("" for everyone else), default scope."""
        out: dict[str, list[JSON]] = {}
        for (scope, language), commands in server.commands.items():
            if '"default"' in scope:
                out[language] = commands
        return out

    def _iso_now(self) -> str:
        return self.clock.now().isoformat()

    async def status(self) -> JSON:
        """The clock and what the outbox holds: shown in the page, refreshed every second."""
        world = self.world
        settings = world.settings
        now = self.clock.now()
        zone = load_zone(settings.timezone)
        due_now, next_at, by_chat, total = await self._waiting(now)
        return {
            "clock": {
                "now": now.isoformat(),
                "local": now.astimezone(zone).isoformat(),
                "zone": settings.timezone,
                "ahead_s": int(self.clock.offset.total_seconds()),
                "quiet": world.services.quiet.is_quiet(now),
                "quiet_hours": settings.quiet_hours,
                "traveling": self._traveling,
            },
            "waiting": {
                "total": total,
                "due_now": due_now,
                "next_at": next_at.isoformat() if next_at else None,
                "by_chat": {str(k): v for k, v in by_chat.items()},
            },
        }

    async def _waiting(self, now: datetime) -> tuple[int, datetime | None, dict[int, int], int]:
        """(rows sendable now, the next moment one becomes sendable, rows per chat, all rows)."""
        world = self.world
        quiet = world.services.quiet
        due_now, next_at = 0, None
        by_chat: dict[int, int] = {}
        rows = await world.services.outbox.unsent(limit=500)
        for row in rows:
            by_chat[row.recipient] = by_chat.get(row.recipient, 0) + 1
            if row.status == "sending":
                due_now += 1
                continue
            at = max(row.not_before, now)
            if not row.urgent:
                at = quiet.next_allowed(at)
            if at <= now:
                due_now += 1
            elif next_at is None or at < next_at:
                next_at = at
        return due_now, next_at, by_chat, len(rows)

    async def _status_loop(self) -> None:
        while True:
            await asyncio.sleep(STATUS_EVERY)
            if self.running:  # the moment is kept as it moves, not only when moved or stopped
                with contextlib.suppress(OSError):
                    self.clock.save(self.clock_file)
            with contextlib.suppress(PlaygroundError):
                await self._publish_status()

    async def _publish_status(self, *, force: bool = False) -> None:
        try:
            status = await self.status()
        except PlaygroundError:
            raise
        except Exception:
            log.exception("playground: status failed")
            return
        # The minute is what the page shows: publish when that or the outbox changes.
        key = {**status, "clock": {**status["clock"], "now": status["clock"]["now"][:16]}}
        key["clock"].pop("local")
        if force or key != self._last_status:
            self._last_status = key
            self._emit({"type": "status", "status": status})

    # -- what people do -------------------------------------------------------------------------

    async def _act(
        self, action: Callable[[bool], Awaitable[list[ChatMessage]]], wait: bool
    ) -> JSON:
        """Run a person's action; with `wait`, until the bot finished it (the bot's replies)."""
        if not wait:
            await action(False)
            return {"ok": True}
        try:
            replies = await action(True)
        except AssertionError as exc:  # the bot did not finish within ACTION_TIMEOUT
            return {"ok": True, "handled": False, "detail": str(exc)}
        return {"ok": True, "handled": True, "messages": [message_view(m) for m in replies]}

    async def send_text(self, persona_id: Any, text: str, *, wait: bool = False) -> JSON:
        sim = self.sim(persona_id)
        if not text.strip():
            raise PlaygroundError("the message is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise PlaygroundError("a message is at most 4096 characters")
        return await self._act(lambda w: sim.send(text, wait=w, timeout=ACTION_TIMEOUT), wait)

    async def press(
        self,
        persona_id: Any,
        *,
        message_id: Any = None,
        data: Any = None,
        label: Any = None,
        wait: bool = False,
    ) -> JSON:
        """An inline button (by message and callback data) or any visible button by its label."""
        sim = self.sim(persona_id)
        if label is not None:
            button = self._find_button(sim, str(label))
        else:
            button = self._callback_button(sim, message_id, data)
        if button.action == "callback":
            assert button.message is not None and button.data is not None
            msg_id, cb = button.message.message_id, button.data
            return await self._act(
                lambda w: sim.press_data(cb, msg_id, wait=w, timeout=ACTION_TIMEOUT), wait
            )
        if button.action == "text":
            return await self.send_text(sim.id, button.text or "", wait=wait)
        if button.action == "contact":
            return await self.share_contact(sim.id, wait=wait)
        if button.action == "location":
            return await self.send_location(sim.id, wait=wait)
        raise PlaygroundError(f"a {button.action} button sends nothing to the bot")

    @staticmethod
    def _callback_button(sim: SimUser, message_id: Any, data: Any) -> _Button:
        try:
            msg = sim.chat.get(int(message_id))
        except (TypeError, ValueError):
            msg = None
        if msg is None or msg.deleted or not msg.from_bot:
            raise PlaygroundError("that message is gone", 409)
        if not isinstance(data, str) or not any(
            b.get("callback_data") == data for row in msg.inline_keyboard for b in row
        ):
            raise PlaygroundError("that message has no such button any more", 409)
        return _Button("callback", msg, data)

    @staticmethod
    def _find_button(sim: SimUser, label: str) -> _Button:
        wanted = label.strip()
        for msg in reversed(sim.chat.messages):
            if not msg.from_bot or msg.deleted:
                continue
            for row in msg.inline_keyboard:
                for button in row:
                    if str(button.get("text", "")).strip() != wanted:
                        continue
                    data = button.get("callback_data")
                    if isinstance(data, str):
                        return _Button("callback", msg, data)
                    return _Button("url" if button.get("url") else "other", msg)
        keyboard = sim.chat.reply_keyboard or {}
        for row in keyboard.get("keyboard", []):
            for button in row:
                text = button if isinstance(button, str) else str(button.get("text", ""))
                if text.strip() != wanted:
                    continue
                if isinstance(button, dict) and button.get("request_contact"):
                    return _Button("contact")
                if isinstance(button, dict) and button.get("request_location"):
                    return _Button("location")
                return _Button("text", text=text)
        raise PlaygroundError(f"no button {label!r} in {sim.first_name}'s chat", 404)

    async def share_contact(
        self, persona_id: Any, phone: str | None = None, *, wait: bool = False
    ) -> JSON:
        """The person's own contact, as the «share phone number» button sends it."""
        persona = self.persona(persona_id)
        sim = self.sim(persona.id)
        number = (phone or persona.phone).strip()
        return await self._act(
            lambda w: sim.share_contact(number, wait=w, timeout=ACTION_TIMEOUT), wait
        )

    async def send_location(
        self,
        persona_id: Any,
        latitude: float | None = None,
        longitude: float | None = None,
        *,
        wait: bool = False,
    ) -> JSON:
        sim = self.sim(persona_id)
        lat = 43.238949 if latitude is None else float(latitude)
        lon = 76.889709 if longitude is None else float(longitude)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise PlaygroundError("latitude is -90..90 and longitude -180..180")
        return await self._act(
            lambda w: sim.send_location(lat, lon, wait=w, timeout=ACTION_TIMEOUT), wait
        )

    async def send_voice(
        self, persona_id: Any, duration: int = 5, data: bytes | None = None, *, wait: bool = False
    ) -> JSON:
        sim = self.sim(persona_id)
        if not 1 <= duration <= 3600:
            raise PlaygroundError("a voice note lasts 1 s to 1 hour")
        content = data if data else b"OggS\x00playground-voice"
        return await self._act(
            lambda w: sim.send_voice(duration, content, wait=w, timeout=ACTION_TIMEOUT), wait
        )

    async def send_photo(
        self, persona_id: Any, data: bytes, caption: str | None = None, *, wait: bool = False
    ) -> JSON:
        sim = self.sim(persona_id)
        if not data:
            raise PlaygroundError("the photo is empty")
        return await self._act(
            lambda w: sim.send_photo(data, caption or None, wait=w, timeout=ACTION_TIMEOUT),
            wait,
        )

    async def send_document(
        self,
        persona_id: Any,
        data: bytes,
        file_name: str,
        mime_type: str | None,
        caption: str | None = None,
        *,
        wait: bool = False,
    ) -> JSON:
        sim = self.sim(persona_id)
        if not data:
            raise PlaygroundError("the file is empty")
        return await self._act(
            lambda w: sim.send_document(
                data,
                file_name or "file",
                mime_type or "application/octet-stream",
                caption=caption or None,
                wait=w,
                timeout=ACTION_TIMEOUT,
            ),
            wait,
        )

    def set_language(self, persona_id: Any, language_code: Any) -> JSON:
        """The language of the person's Telegram app (what Telegram reports to the bot)."""
        persona = self.persona(persona_id)
        code = language_code or None
        if code not in CLIENT_LANGUAGES:
            raise PlaygroundError("the client language is kk, ru or none")
        self._languages[persona.id] = code
        self.sim(persona.id).language_code = code
        self._emit(self._add_note(persona.id, {"kind": "language", "language_code": code}))
        persona_view = self.persona_json(persona)
        self._emit({"type": "persona", "persona": persona_view})
        return {"ok": True, "persona": persona_view}

    def file(self, file_id: str) -> StoredFile | None:
        return self.telegram.file(file_id)

    # -- time -----------------------------------------------------------------------------------

    async def move_clock(
        self,
        *,
        by: timedelta | None = None,
        to: datetime | None = None,
        to_next: bool = False,
    ) -> JSON:
        """Move the clock forward by `by`, to `to`, or to the next moment a message is due."""
        async with self._lock:
            now = self.clock.now()
            if to_next:
                _, target, _, _ = await self._waiting(now)
                if target is None:
                    raise PlaygroundError("no message is waiting for a later time")
            elif to is not None:
                if to.tzinfo is None:
                    raise PlaygroundError("a moment needs its time zone")
                target = to.astimezone(UTC)
            elif by is not None:
                target = now + by
            else:
                raise PlaygroundError("say how far to move the clock")
            if target <= now:
                raise PlaygroundError("time does not go backwards: pick a later moment")
            move = {"kind": "clock", "from": now.isoformat(), "to": target.isoformat()}
            self._note_everyone(move)
            started = time.monotonic()
            steps = await self._travel(target)
            self.clock.save(self.clock_file)
        await self._publish_status(force=True)
        return {
            "ok": True,
            "status": await self.status(),
            "steps": steps,
            "seconds": round(time.monotonic() - started, 2),
        }

    async def _travel(self, target: datetime) -> int:
        """Walk to `target`, stopping where messages become due; returns the number of stops."""
        self._traveling = True
        try:
            await self._settle()
            start = self.clock.now()
            step = max(MAX_STEP, (target - start) / MAX_QUIET_STEPS)
            stops = 0
            while (now := self.clock.now()) < target:
                _, due, _, _ = await self._waiting(now)
                stop = min(target, now + step)
                if due is not None and due < stop:
                    stop = due
                self.clock.move_to(stop)
                stops += 1
                await self._tick()
                await self._settle()
                await self._publish_status()
            return stops
        finally:
            self._traveling = False

    async def _tick(self) -> None:
        """What the scheduler's jobs do, now: plan reminders, start broadcasts, send."""
        world = self.world
        await world.services.planners.run(self.clock.now())
        try:
            await world.services.broadcasts.tick(world.bot)
        except Exception:
            log.exception("playground: broadcasts tick failed")
        world.delivery.wake()

    async def _settle(self) -> None:
        """Wait until the delivery engine has sent everything due at this moment."""
        deadline = time.monotonic() + SETTLE_LIMIT
        world = self.world
        while time.monotonic() < deadline:
            due_now, _, _, _ = await self._waiting(self.clock.now())
            if due_now == 0:
                return
            world.delivery.wake()
            await asyncio.sleep(0.05)
        log.warning("playground: messages still due after %.0f s; moving on", SETTLE_LIMIT)
