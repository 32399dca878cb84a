"""Flows that can pick up where a person is: after they switch language mid-flow, the current
step is asked again in the new language (answers so far are kept by the flow itself).

A feature registers its StatesGroup and a function that re-asks the current step.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.fsm.state import StatesGroup
from aiogram.types import Message

# resume(message, data): `data` is the handler data with `l10n` already in the new language.
Resume = Callable[[Message, dict[str, Any]], Awaitable[None]]


class Flows:
    def __init__(self) -> None:
        self._resumers: dict[str, Resume] = {}

    def register(self, group: type[StatesGroup], resume: Resume) -> None:
        for state in group.__all_states_names__:
            self._resumers[state] = resume

    def resumer(self, state: str | None) -> Resume | None:
        return None if state is None else self._resumers.get(state)
