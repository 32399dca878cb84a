"""How a webinar button is answered: a refusal (an alert, and a warning in the log), «Are you
sure?», and what a card shown again after a press says."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import dataclass

from aiogram.types import CallbackQuery

from bot.core.i18n import Translator
from bot.telegram.callbacks import WebinarAction, WebinarCb
from bot.telegram.screens import Screen, button, keyboard
from bot.webinars.rules import WebinarError

log = logging.getLogger("handlers.webinars.main")  # the refusals' log lines, as before the split


async def refuse(
    query: CallbackQuery, l10n: Translator, key: str, why: str, *args: object
) -> bool:
    """A refused press: a warning in the log (`why` % `args`) and the alert `key`; False."""
    log.warning(why, *args)
    await query.answer(l10n(key), show_alert=True)
    return False


def confirm(
    l10n: Translator, question: str, yes_key: str, w: int, yes: WebinarAction, back: WebinarAction
) -> Screen:
    """«Are you sure?» about webinar `w`: the question, the yes button and «‹ Back» under it."""
    return question, keyboard(
        [button(l10n(yes_key), WebinarCb(action=yes, w=w))],
        [button(l10n("button-back"), WebinarCb(action=back, w=w))],
    )


@dataclass(frozen=True, slots=True)
class Said:
    """What a card shown again after a press says: a toast, and a notice on the card."""

    toast: str | None = None
    notice: str | None = None

    @classmethod
    async def after(cls, act: Awaitable[object], l10n: Translator, done_key: str) -> Said:
        """Done (`done_key`, both as the toast and on the card), or why not (a toast)."""
        try:
            await act
        except WebinarError as exc:
            return cls(toast=l10n(exc.key))
        done = l10n(done_key)
        return cls(toast=done, notice=done)


SILENT = Said()
