"""Log lines: LOG_FORMAT=json writes one JSON object per line with the fields bound to the update
being handled; neither format ever shows a secret, in the message, its arguments, an extra field
or a traceback."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.core.config import load_settings
from bot.core.logs import JsonFormatter, RedactFilter, TextFormatter, log_context, secrets_of
from bot.dev.fake_telegram import DEFAULT_TOKEN

SECRETS = [DEFAULT_TOKEN, "hook-secret", "pg-pass"]


@pytest.fixture
def stream() -> Iterator[tuple[logging.Logger, io.StringIO, logging.Handler]]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(RedactFilter(SECRETS))
    logger = logging.getLogger("tests.ops.logs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, out, handler
    logger.removeHandler(handler)


def _fail() -> None:
    raise RuntimeError(f"POST https://api.telegram.org/bot{DEFAULT_TOKEN}/sendMessage refused")


def test_json_lines_carry_the_update_extra_fields_and_tracebacks_without_secrets(
    stream: tuple[logging.Logger, io.StringIO, logging.Handler],
) -> None:
    logger, out, handler = stream
    handler.setFormatter(JsonFormatter(SECRETS))
    with log_context(update_id=42, update_type="message"):
        logger.info("sending with token %s", DEFAULT_TOKEN, extra={"chat": 1001})
        try:
            _fail()
        except RuntimeError:
            logger.exception("update failed")
    logger.warning("outside: %s", "hook-secret")
    lines = out.getvalue().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 3
    first, failed, outside = records
    assert first["message"] == "sending with token ***"
    assert (first["level"], first["logger"]) == ("INFO", "tests.ops.logs")
    assert (first["update_id"], first["update_type"], first["chat"]) == (42, "message", 1001)
    assert first["time"].endswith("Z") and first["time"][10] == "T"
    assert failed["update_id"] == 42 and "RuntimeError" in failed["exc_info"]
    assert "bot***/sendMessage" in failed["exc_info"]
    assert "update_id" not in outside and outside["message"] == "outside: ***"
    assert not any(secret in out.getvalue() for secret in SECRETS)


def test_text_lines_hide_secrets_in_tracebacks_too(
    stream: tuple[logging.Logger, io.StringIO, logging.Handler],
) -> None:
    logger, out, handler = stream
    handler.setFormatter(TextFormatter(SECRETS))
    try:
        _fail()
    except RuntimeError:
        logger.exception("update %s failed", 7)
    text = out.getvalue()
    assert "ERROR tests.ops.logs: update 7 failed" in text
    assert "Traceback" in text and "bot***/sendMessage" in text
    assert DEFAULT_TOKEN not in text


def test_the_secrets_are_the_token_the_webhook_secret_and_the_passwords() -> None:
    settings = load_settings(
        _env_file=None,
        bot_token=DEFAULT_TOKEN,
        webhook_secret="hook-secret",
        database_url="postgresql://bot:p%40ss@db:5432/bot",
        redis_url="redis://:r3dis@cache:6379/0",
    )
    assert set(secrets_of(settings)) == {DEFAULT_TOKEN, "hook-secret", "p%40ss", "p@ss", "r3dis"}
