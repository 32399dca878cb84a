"""FSM state groups, one per flow."""

from aiogram.fsm.state import State, StatesGroup


class Onboarding(StatesGroup):
    language = State()
    consent = State()


class RoleGrantFlow(StatesGroup):
    person = State()
    role = State()
    region = State()
    confirm = State()
