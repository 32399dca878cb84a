"""The Bot API session: aiogram's aiohttp session, sending each call as one JSON body.

aiogram posts a call as an URL-encoded form: every nested object (a keyboard) is JSON-dumped
into a field and then percent-encoded, three bytes of escape for each byte of Cyrillic. The
main menu goes with most answers, so that cost a sixth of a menu press (docs/benchmarks.md).
Telegram takes `application/json` as well; a call that uploads a file still goes as multipart.

A markup built once and kept (`kept`, the main menu) is serialised once: its JSON is spliced
into every call that carries it.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import TelegramMethod
from aiogram.types import InputFile, TelegramObject
from aiohttp import BytesPayload, FormData

M = TypeVar("M", bound=TelegramObject)

# id → (the markup, kept alive so its id is not reused; its JSON, made at the first send)
_KEPT: dict[int, tuple[TelegramObject, str | None]] = {}


def kept(markup: M) -> M:
    """Mark `markup` as built once and never changed again: its JSON is made once."""
    _KEPT.setdefault(id(markup), (markup, None))
    return markup


class JsonSession(AiohttpSession):
    def build_form_data(self, bot: Bot, method: TelegramMethod[Any]) -> FormData:
        markup = getattr(method, "reply_markup", None)
        known = _KEPT.get(id(markup)) if markup is not None else None
        files: dict[str, InputFile] = {}
        values: dict[str, Any] = {}
        dump = method.model_dump(warnings=False, exclude={"reply_markup"} if known else None)
        for key, value in dump.items():
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is None or prepared == "":
                continue
            values[key] = prepared
        if files:  # an upload: aiogram's multipart form
            return super().build_form_data(bot, method)
        body = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
        if known is not None:
            text = known[1]
            if text is None:
                text = json.dumps(
                    self.prepare_value(markup, bot=bot, files=files, _dumps_json=False),
                    ensure_ascii=False,
                    separators=(",", ":"),
                )
                _KEPT[id(markup)] = (known[0], text)
            body = body[:-1] + ("," if values else "") + '"reply_markup":' + text + "}"
        payload = BytesPayload(body.encode(), content_type="application/json")
        return payload  # type: ignore[return-value]  # aiohttp posts any payload
