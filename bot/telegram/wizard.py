"""The one engine for multi-step input: the application form and the loan, cohort, webinar and
broadcast wizards all walk their steps through it (docs/architecture.md says why this and not
aiogram's Scenes or aiogram-dialog).

A `Wizard` is an ordered list of named steps and the rules of walking them: which step is
current, the one after and before it (steps that do not apply to this person's answers are
passed over), what the answers so far are, and how to leave. Everything it knows between two
updates is in the FSM storage — the state (one `State` per step, or one state for the whole
form with the step's name in the data) and the answers under the wizard's own data prefix — so
any worker holding the same storage (SQLite, Redis) can take the next update. Rendering a step
and checking a typed answer stay with the feature: the engine only moves.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup

from bot.telegram.flows import leave_flow

Data = dict[str, Any]
# Whether a step is asked of this person, given the answers so far (e.g. «grace» only for
# terms long enough to have one). Steps without a condition are always asked.
Condition = Callable[[Data], bool]


@dataclass(frozen=True)
class Wizard:
    """Steps of one flow. `group` is the flow's StatesGroup; `prefix` starts every FSM data key
    the flow owns (so leaving drops exactly its answers); `keys` names the data key each step
    fills, when it fills one; `when` holds the conditions of optional steps.

    Two ways to know the current step: one `State` per step (`states`, the default: the state
    named like the step in `group`), or one state for the whole flow with the step's name kept
    in the data under `prefix + "step"` (`single` — forms whose steps come from data)."""

    group: type[StatesGroup]
    steps: tuple[str, ...]
    prefix: str
    keys: Mapping[str, str] = field(default_factory=dict)
    when: Mapping[str, Condition] = field(default_factory=dict)
    single: State | None = None
    # The data key (after `prefix`) naming the current step in `single` mode.
    step_name: str = "step"
    # What counts as answered, for forms that keep their answers otherwise than one data key per
    # step (one dict of answers, where an empty or skipped answer still counts). Default: `keys`.
    is_answered: Callable[[str, Data], bool] | None = None

    # -- where we are ---------------------------------------------------------------------------

    @property
    def step_key(self) -> str:
        return f"{self.prefix}{self.step_name}"

    def state_of(self, step: str) -> State:
        if self.single is not None:
            return self.single
        state = getattr(self.group, step, None)
        if not isinstance(state, State):
            raise KeyError(f"{self.group.__name__} has no state {step!r}")
        return state

    def owns(self, raw_state: str | None) -> bool:
        return raw_state is not None and raw_state in self.group.__all_states_names__

    def current(self, raw_state: str | None, data: Mapping[str, Any]) -> str | None:
        """The step this person is at, or None outside the wizard."""
        if not self.owns(raw_state):
            return None
        if self.single is not None:
            if raw_state != self.single.state:
                return None
            step = data.get(self.step_key)
            return step if step in self.steps else None
        return next((s for s in self.steps if self.state_of(s).state == raw_state), None)

    async def at(self, state: FSMContext) -> tuple[str | None, Data]:
        """The current step and the FSM data, in one read of each."""
        data = await state.get_data()
        return self.current(await state.get_state(), data), data

    # -- which step comes next ------------------------------------------------------------------

    def applies(self, step: str, data: Mapping[str, Any]) -> bool:
        condition = self.when.get(step)
        return condition is None or condition(dict(data))

    def following(self, step: str | None, data: Mapping[str, Any]) -> str | None:
        """The next step that applies after `step` (the first one for None); None at the end."""
        start = 0 if step is None else self.steps.index(step) + 1
        return next((s for s in self.steps[start:] if self.applies(s, data)), None)

    def previous(self, step: str, data: Mapping[str, Any]) -> str | None:
        """The step that applies before `step`; None at the first."""
        before = self.steps[: self.steps.index(step)]
        return next((s for s in reversed(before) if self.applies(s, data)), None)

    def position(self, step: str, data: Mapping[str, Any]) -> tuple[int, int]:
        """(n, of): the step's number among the steps that apply, 1-based."""
        walked = [s for s in self.steps if self.applies(s, data)]
        return (walked.index(step) + 1 if step in walked else 0), len(walked)

    def answered(self, step: str, data: Mapping[str, Any]) -> bool:
        if self.is_answered is not None:
            return self.is_answered(step, dict(data))
        key = self.keys.get(step)
        return key is not None and data.get(key) not in (None, "")

    def first_open(self, data: Mapping[str, Any], among: Sequence[str] | None = None) -> str:
        """The first step without an answer (of `among`, by default all); the last of them
        when every one has one."""
        candidates = [s for s in (among or self.steps) if self.applies(s, data)]
        return next((s for s in candidates if not self.answered(s, data)), candidates[-1])

    # -- moving ---------------------------------------------------------------------------------

    async def go(self, state: FSMContext, step: str) -> None:
        await state.set_state(self.state_of(step))
        if self.single is not None:
            await state.update_data({self.step_key: step})

    async def begin(
        self,
        state: FSMContext,
        prefill: Mapping[str, Any] | None = None,
        *,
        at: str | None = None,
        keep: Collection[str] = (),
    ) -> tuple[str, Data]:
        """Start afresh (answers of an earlier walk dropped, but those in `keep`), with
        `prefill` as answers; at `at` or the first step without an answer."""
        await self.leave(state, keep=keep)
        data = await state.get_data()
        data.update(prefill or {})
        await state.set_data(data)
        step = at or self.first_open(data)
        await self.go(state, step)
        return step, await state.get_data()

    async def advance(
        self, state: FSMContext, step: str, answers: Mapping[str, Any] | None = None
    ) -> tuple[str | None, Data]:
        """Keep `answers` given at `step` and move to the next step that applies (None: the
        walk is over, the state is left as it is for the caller to finish)."""
        data = await state.update_data(dict(answers or {}))
        nxt = self.following(step, data)
        if nxt is not None:
            await self.go(state, nxt)
        return nxt, await state.get_data()

    async def back(self, state: FSMContext, step: str) -> tuple[str | None, Data]:
        """One step back (answers kept, to be shown as «now: …»); None at the first step."""
        data = await state.get_data()
        before = self.previous(step, data)
        if before is not None:
            await self.go(state, before)
        return before, data

    async def back_from(
        self, state: FSMContext, step: str, pressed: str
    ) -> tuple[str, Data] | None:
        """Back pressed on the screen of step `pressed` while at `step`: one step back (as
        `back`); None, and nothing moved, when the button is stale (an earlier screen's) or
        `step` is the first."""
        data = await state.get_data()
        if pressed != step or self.previous(step, data) is None:
            return None
        before, data = await self.back(state, step)
        assert before is not None
        return before, data

    async def leave(self, state: FSMContext, *, keep: Collection[str] = ()) -> None:
        """Out of the wizard; its answers dropped but those in `keep`; other flows untouched."""
        await leave_flow(state, self.group, self.prefix, keep=keep)
