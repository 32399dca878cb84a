"""The playground's web page and HTTP API (aiohttp): plain HTML, CSS and JS, no build step.

    GET  /                     the page
    GET  /api/state            the bot, the clock, the personas and their chats
    GET  /api/events           a WebSocket of events: message (new or edited), delete, answer,
                               action, note (refused requests, clock moves), status, persona, reset
    POST /api/send             {"persona": id, "text": "..."}
    POST /api/press            {"persona": id, "message_id": n, "data": "..."} or {"label": "..."}
    POST /api/contact          {"persona": id, "phone"?: "+7..."}
    POST /api/location         {"persona": id, "latitude"?: x, "longitude"?: y}
    POST /api/voice            {"persona": id, "duration"?: s} (or multipart with a "file")
    POST /api/photo            multipart: persona, file, caption?
    POST /api/document         multipart: persona, file, caption?
    POST /api/clock            {"by": "1h" | "1d"} or {"to": "2026-05-20T10:00"} (the bot's
                               time zone) or {"next": true}
    POST /api/persona          {"persona": id, "language_code": "kk" | "ru" | null}
    POST /api/reset            a fresh database and empty chats
    GET  /files/<file_id>      a file anyone sent, with its type and name (?download=1)

Actions take `"wait": true` to answer only when the bot has handled them, with its replies.
Requests from other sites are refused (their Origin is not this page's).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import mimetypes
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from aiohttp import WSMsgType, web

from bot.core.timezones import load_zone
from bot.dev.fake_telegram import StoredFile

from .playground import Playground, PlaygroundError

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
MAX_UPLOAD = 50 * 1024 * 1024
PLAYGROUND_KEY = web.AppKey("playground", Playground)
_STEPS = {"1h": timedelta(hours=1), "1d": timedelta(days=1)}
_IMAGE_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"BM", "image/bmp"),
)

# Shown in the page rather than downloaded (no SVG: it can hold scripts).
_INLINE_TYPES = frozenset(
    {"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "text/plain"}
)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def create_web_app(playground: Playground) -> web.Application:
    app = web.Application(client_max_size=MAX_UPLOAD, middlewares=[_same_origin, _errors])
    app[PLAYGROUND_KEY] = playground
    app.router.add_get("/", _index)
    app.router.add_get("/static/{name}", _static)
    app.router.add_get("/api/state", _state)
    app.router.add_get("/api/events", _events)
    app.router.add_post("/api/send", _send)
    app.router.add_post("/api/press", _press)
    app.router.add_post("/api/contact", _contact)
    app.router.add_post("/api/location", _location)
    app.router.add_post("/api/voice", _voice)
    app.router.add_post("/api/photo", _photo)
    app.router.add_post("/api/document", _document)
    app.router.add_post("/api/clock", _clock)
    app.router.add_post("/api/persona", _persona)
    app.router.add_post("/api/commands", _commands)
    app.router.add_post("/api/reset", _reset)
    app.router.add_get("/files/{file_id}", _file)
    return app


# -- middlewares --------------------------------------------------------------------------------


@web.middleware
async def _same_origin(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Another site open in the same browser must not drive the playground."""
    origin = request.headers.get("Origin")
    unsafe = request.method not in ("GET", "HEAD") or request.path == "/api/events"
    if unsafe and origin and origin != "null" and urlsplit(origin).netloc != request.host:
        return _error("requests from other sites are refused", 403)
    return await handler(request)


@web.middleware
async def _errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except PlaygroundError as exc:
        return _error(str(exc), exc.status)


def _error(message: str, status: int) -> web.Response:
    return web.json_response({"ok": False, "error": message}, status=status)


def _pg(request: web.Request) -> Playground:
    return request.app[PLAYGROUND_KEY]


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        raise PlaygroundError("send a JSON object") from None
    if not isinstance(body, dict):
        raise PlaygroundError("send a JSON object")
    return body


def _ok(result: dict[str, Any]) -> web.Response:
    return web.json_response(result, dumps=lambda v: json.dumps(v, ensure_ascii=False))


# -- the page -----------------------------------------------------------------------------------


async def _index(request: web.Request) -> web.StreamResponse:
    return _static_file("index.html")


async def _static(request: web.Request) -> web.StreamResponse:
    return _static_file(request.match_info["name"])


def _static_file(name: str) -> web.StreamResponse:
    path = STATIC / name
    if "/" in name or name.startswith(".") or not path.is_file():
        raise web.HTTPNotFound()
    types = {".html": "text/html", ".css": "text/css", ".js": "text/javascript"}
    return web.Response(
        body=path.read_bytes(),
        content_type=types.get(path.suffix, "application/octet-stream"),
        charset="utf-8",
        headers={"Cache-Control": "no-cache"},
    )


async def _state(request: web.Request) -> web.StreamResponse:
    return _ok(await _pg(request).state())


async def _events(request: web.Request) -> web.StreamResponse:
    ws = web.WebSocketResponse(heartbeat=20)
    await ws.prepare(request)
    playground = _pg(request)
    queue = playground.subscribe()

    async def forward() -> None:
        while True:
            event = await queue.get()
            await ws.send_str(json.dumps(event, ensure_ascii=False))
            if event.get("type") == "bye":
                await ws.close()
                return

    sender = asyncio.create_task(forward())
    try:
        async for msg in ws:
            if msg.type == WSMsgType.ERROR:
                break
    finally:
        playground.unsubscribe(queue)
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError, ConnectionError):
            await sender
    return ws


# -- what people do -----------------------------------------------------------------------------


async def _send(request: web.Request) -> web.StreamResponse:
    body = await _body(request)
    text = body.get("text")
    if not isinstance(text, str):
        raise PlaygroundError("text is required")
    result = await _pg(request).send_text(body.get("persona"), text, wait=bool(body.get("wait")))
    return _ok(result)


async def _press(request: web.Request) -> web.StreamResponse:
    body = await _body(request)
    result = await _pg(request).press(
        body.get("persona"),
        message_id=body.get("message_id"),
        data=body.get("data"),
        label=body.get("label"),
        wait=bool(body.get("wait")),
    )
    return _ok(result)


async def _contact(request: web.Request) -> web.StreamResponse:
    body = await _body(request)
    phone = body.get("phone")
    result = await _pg(request).share_contact(
        body.get("persona"), phone if isinstance(phone, str) else None, wait=bool(body.get("wait"))
    )
    return _ok(result)


def _number(value: Any, name: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise PlaygroundError(f"{name} must be a number") from None


async def _location(request: web.Request) -> web.StreamResponse:
    body = await _body(request)
    result = await _pg(request).send_location(
        body.get("persona"),
        _number(body.get("latitude"), "latitude"),
        _number(body.get("longitude"), "longitude"),
        wait=bool(body.get("wait")),
    )
    return _ok(result)


async def _form(request: web.Request) -> tuple[dict[str, str], web.FileField | None]:
    """Fields and the uploaded file of a multipart request."""
    if request.content_type != "multipart/form-data":
        raise PlaygroundError("send multipart/form-data with a file")
    try:
        form = await request.post()
    except web.HTTPRequestEntityTooLarge:
        raise PlaygroundError("the file is larger than 50 MB", 413) from None
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    upload = form.get("file")
    return fields, upload if isinstance(upload, web.FileField) else None


def _wait(fields: dict[str, str]) -> bool:
    return fields.get("wait", "").lower() in ("1", "true", "yes")


async def _voice(request: web.Request) -> web.StreamResponse:
    if request.content_type == "multipart/form-data":
        fields, upload = await _form(request)
        data = upload.file.read() if upload is not None else None
    else:
        fields = {k: str(v) for k, v in (await _body(request)).items() if v is not None}
        data = None
    duration = _number(fields.get("duration"), "duration")
    result = await _pg(request).send_voice(
        fields.get("persona"), int(duration or 5), data, wait=_wait(fields)
    )
    return _ok(result)


async def _photo(request: web.Request) -> web.StreamResponse:
    fields, upload = await _form(request)
    if upload is None:
        raise PlaygroundError("choose a photo")
    result = await _pg(request).send_photo(
        fields.get("persona"), upload.file.read(), fields.get("caption"), wait=_wait(fields)
    )
    return _ok(result)


async def _document(request: web.Request) -> web.StreamResponse:
    fields, upload = await _form(request)
    if upload is None:
        raise PlaygroundError("choose a file")
    result = await _pg(request).send_document(
        fields.get("persona"),
        upload.file.read(),
        Path(upload.filename or "file").name,
        upload.content_type,
        fields.get("caption"),
        wait=_wait(fields),
    )
    return _ok(result)


async def _persona(request: web.Request) -> web.StreamResponse:
    body = await _body(request)
    return _ok(_pg(request).set_language(body.get("persona"), body.get("language_code")))


async def _commands(request: web.Request) -> web.StreamResponse:
    body = await _body(request)
    return _ok(_pg(request).commands_for(body.get("persona")))


# -- time and data ------------------------------------------------------------------------------


async def _clock(request: web.Request) -> web.StreamResponse:
    body = await _body(request)
    playground = _pg(request)
    if body.get("next"):
        return _ok(await playground.move_clock(to_next=True))
    by = body.get("by")
    if isinstance(by, str):
        step = _STEPS.get(by)
        if step is None:
            raise PlaygroundError(f"by is one of {', '.join(_STEPS)}")
        return _ok(await playground.move_clock(by=step))
    to = body.get("to")
    if isinstance(to, str):
        try:
            moment = datetime.fromisoformat(to.strip())
        except ValueError:
            raise PlaygroundError("to is a moment like 2026-05-20T10:00") from None
        if moment.tzinfo is None:  # the bot's time zone, as people there read it
            moment = moment.replace(tzinfo=load_zone(playground.world.settings.timezone))
        return _ok(await playground.move_clock(to=moment))
    raise PlaygroundError('send {"by": "1h"}, {"by": "1d"}, {"to": "…"} or {"next": true}')


async def _reset(request: web.Request) -> web.StreamResponse:
    return _ok(await _pg(request).reset())


async def _file(request: web.Request) -> web.StreamResponse:
    stored = _pg(request).file(request.match_info["file_id"])
    if stored is None:
        raise PlaygroundError("no such file", 404)
    download = request.query.get("download") in ("1", "true")
    content_type = file_type(stored)
    inline = not download and (content_type in _INLINE_TYPES or content_type.startswith("audio/"))
    name = download_name(stored)
    disposition = "inline" if inline else "attachment"
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return web.Response(
        body=stored.data,
        headers={
            "Content-Type": content_type,
            "Content-Disposition": (
                f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
            ),
            "Cache-Control": "private, max-age=3600",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox; default-src 'none'",
        },
    )


def file_type(stored: StoredFile) -> str:
    """The file's MIME type: what it was sent with, else from its name or its first bytes."""
    declared = (stored.mime_type or "").split(";")[0].strip().lower()
    if declared and declared != "application/octet-stream":
        return declared
    if stored.file_name:
        guessed, _ = mimetypes.guess_type(stored.file_name)
        if guessed:
            return guessed
    for magic, kind in _IMAGE_TYPES:
        if stored.data.startswith(magic):
            return kind
    if stored.data[:4] == b"RIFF" and stored.data[8:12] == b"WEBP":
        return "image/webp"
    if stored.kind == "voice":
        return "audio/ogg"
    return "application/octet-stream"


def download_name(stored: StoredFile) -> str:
    if stored.file_name:
        return Path(stored.file_name).name
    extension = mimetypes.guess_extension(file_type(stored)) or ".bin"
    return f"{stored.kind}_{stored.file_unique_id}{extension}"
