"""Flows that can pick up where a person is: after they switch language mid-flow, the current
step is asked again in the new language (answers so far are kept by the flow itself).

A feature registers its StatesGroup and a function that re-asks the current step.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from typing import Any

from aiogram.fsm.context import FSMContext
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


async def leave_flow(
    state: FSMContext,
    group: type[StatesGroup],
    data_prefix: str | None = None,
    *,
    keep: Collection[str] = (),
) -> None:
    """Out of any step of `group`, and its FSM data (keys starting with `data_prefix`, but those
    in `keep`) dropped; another feature's state and data stay."""
    if await state.get_state() in group.__all_states_names__:
        await state.set_state(None)
    if data_prefix is None:
        return
    data = await state.get_data()
    kept = {k: v for k, v in data.items() if not k.startswith(data_prefix) or k in keep}
    if kept != data:
        await state.set_data(kept)
