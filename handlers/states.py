"""FSM state groups, one per flow."""

from aiogram.fsm.state import State, StatesGroup


class Onboarding(StatesGroup):
    language = State()
    consent = State()


class RoleGrantFlow(StatesGroup):
    person = State()
    role = State()
    program = State()
    region = State()
    confirm = State()


class BroadcastFlow(StatesGroup):
    kk = State()  # the Kazakh version
    ru = State()  # the Russian version
    audience = State()
    confirm = State()  # preview shown: send now, schedule, confirm a scheduled time
    when = State()  # typing the time


class ApplyFlow(StatesGroup):
    eligibility = State()  # yes/no questions before the form
    field = State()  # answering the field the draft is at (applications.step)
    summary = State()  # checking the answers before submitting


class MyApplicationsFlow(StatesGroup):
    info_answer = State()  # answering a coordinator's question


class TrainFlow(StatesGroup):
    code = State()  # typing a cohort's join code
    quiz = State()  # answering a lesson's check questions (buttons)
