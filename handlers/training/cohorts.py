"""Trainers' and coordinators' cohorts: the list, the new-cohort wizard, the cohort's card (the
dashboard: enrolment, activity, completion per lesson, who is behind, a nudge), trainees (add by
id or forwarded message, move to another cohort of the course, remove), editing, the progress
export as Excel, and writing to the cohort through the broadcast wizard.

Coordinators see the cohorts in their scope (a grant's program is the course's program, its
region the cohort's) and create, edit and change who is in them; trainers see the cohorts they
teach. Every message and button re-checks the role and the cohort against the presser's scope
on the server: callback data can be forged, and a role can be revoked between two taps.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.broadcasts.audience import Audience, AudienceError, Criterion
from bot.core.access import Access
from bot.core.i18n import Translations, Translator, format_datetime
from bot.core.regions import Region, region_by_code, regions
from bot.core.validators import Invalid, check_text, parse_date
from bot.delivery.engine import Notifier
from bot.delivery.quiet_hours import QuietHours
from bot.documents.exports import ProgressRow, build_progress_workbook
from bot.telegram.callbacks import CohortCb
from bot.telegram.deeplinks import make_link
from bot.telegram.filters import PrivateChat
from bot.telegram.flows import leave_flow
from bot.telegram.menu import MenuButton, is_elsewhere
from bot.telegram.screens import edit_in_place, unless_unchanged
from bot.training.courses import Course
from bot.training.service import (
    BEHIND_BY,
    CohortStats,
    JoinError,
    TrainingService,
    cohort_finished_on,
    held_until,
    progress_bar,
    released_count,
)
from handlers.broadcasts.compose import _begin as begin_broadcast
from storage.cohorts import Cohort, CohortRepo, Member
from storage.db import to_db
from storage.users import AuditLog, User, UserRepo

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(PrivateChat())

PAGE = 8  # cohorts or trainees per page
LESSON_LINES = 10  # the newest released lessons on the card
BEHIND_LINES = 10  # names of trainees behind on the card
MOVE_CHOICES = 20  # cohorts offered to move a trainee to
NAME_MIN, NAME_MAX = 3, 120
CAPACITY_MAX = 10_000
DEFAULT_TIME = time(9, 0)
START_WITHIN = timedelta(days=365)
_TIME_RE = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")
_NUMBER_RE = re.compile(r"[-−]?[0-9]{1,9}")


class CohortFlow(StatesGroup):
    """A coordinator creating a cohort (one question per screen), changing one, adding people."""

    course = State()
    name = State()
    region = State()
    district = State()
    start = State()
    schedule = State()
    time = State()
    capacity = State()
    trainer = State()
    summary = State()
    # Typing one value of an existing cohort; its id is in the FSM data as `co_cohort`.
    edit_name = State()
    edit_start = State()
    edit_time = State()
    edit_capacity = State()
    edit_trainer = State()
    edit_days_off = State()
    add_trainee = State()


WIZARD: tuple[State, ...] = (
    CohortFlow.course,
    CohortFlow.name,
    CohortFlow.region,
    CohortFlow.district,
    CohortFlow.start,
    CohortFlow.schedule,
    CohortFlow.time,
    CohortFlow.capacity,
    CohortFlow.trainer,
    CohortFlow.summary,
)
BUTTON_STEPS = (
    CohortFlow.course,
    CohortFlow.region,
    CohortFlow.district,
    CohortFlow.schedule,
    CohortFlow.summary,
)
# A wizard button → the step it belongs to ("new", "wb" back, "wx" cancel, "wok" create aside).
WIZARD_PICKS = {
    "wc": CohortFlow.course,
    "wr": CohortFlow.region,
    "wd": CohortFlow.district,
    "ws": CohortFlow.schedule,
    "wt": CohortFlow.time,
    "wn": CohortFlow.capacity,
    "wk": CohortFlow.trainer,
}
WIZARD_ACTIONS = frozenset({"new", "wb", "wx", "wok", *WIZARD_PICKS})
TRAINEE_ACTIONS = frozenset({"m", "p", "mv", "mvt", "rm", "rmy"})
EDIT_ACTIONS = frozenset({"e", "ef", "es", "et", "en", "ek", "eo", "add"})
TRAINER_CHOICES = 8  # people with the trainer role offered as buttons
# Buttons that change a cohort or who is in it: its coordinators only.
COORDINATOR_ACTIONS = EDIT_ACTIONS | {"mv", "mvt", "rm", "rmy"}
EDIT_FIELDS = {
    "name": "cohort-edit-name",
    "start": "cohort-edit-start",
    "sched": "cohort-edit-schedule",
    "time": "cohort-edit-time",
    "cap": "cohort-edit-capacity",
    "trainer": "cohort-edit-trainer",
}


@dataclass(frozen=True, slots=True)
class Ctx:
    """What the screens here need, gathered once per update from the handler's parameters."""

    access: Access
    state: FSMContext
    training: TrainingService
    cohorts: CohortRepo
    users: UserRepo
    audit: AuditLog
    notifier: Notifier
    audience: Audience
    zone: ZoneInfo
    quiet: QuietHours
    l10n: Translator
    bot: Bot

    async def record(self, cohort: Cohort, what: str, value: int | str) -> None:
        await self.audit.record(
            actor_id=self.access.user_id,
            action=f"cohort.{what}",
            subject=f"cohort:{cohort.id}",
            now=self.training.now(),
            details={"value": value},
        )


class _Refused(Exception):
    """A typed answer that cannot be taken; the text (in the user's language) says why."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _btn(text: str, action: str, cohort: int = 0, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=CohortCb(action=action, cohort=cohort, value=value).pack()
    )


def _kb(*rows: Sequence[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(r) for r in rows if r])


async def _edit(message: Message, view: tuple[str, InlineKeyboardMarkup]) -> None:
    await edit_in_place(message, *view)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def _pages(count: int, page: int) -> tuple[int, int]:
    pages = max(1, -(-count // PAGE))
    return min(max(page, 0), pages - 1), pages


def _nav(action: str, cohort: int, page: int, pages: int) -> list[InlineKeyboardButton]:
    if pages <= 1:
        return []
    nav = []
    if page > 0:
        nav.append(_btn("‹", action, cohort, str(page - 1)))
    nav.append(_btn(f"{page + 1}/{pages}", "noop"))
    if page < pages - 1:
        nav.append(_btn("›", action, cohort, str(page + 1)))
    return nav


def _seats(count: int, capacity: int | None) -> str:
    return f"{count}/{capacity}" if capacity is not None else str(count)


def _person_name(person: User | None, user_id: int) -> str:
    return person.full_name if person is not None else f"id{user_id}"


def _telegram_name(person: User | None, user_id: int) -> str:
    """How a person is known in Telegram: the name and the @username."""
    name = _person_name(person, user_id)
    return name + (f" (@{person.username})" if person and person.username else "")


def _person_id(message: Message) -> int | None:
    """A numeric id typed by the coordinator, or the sender of a forwarded message."""
    origin = message.forward_origin
    if origin is not None:
        sender = getattr(origin, "sender_user", None)
        return sender.id if sender is not None and not sender.is_bot else None
    text = (message.text or "").strip()
    return int(text) if text.isdigit() and len(text) <= 15 else None


async def _person(message: Message, ctx: Ctx) -> User:
    """The person a coordinator points at: someone who has started the bot."""
    target_id = _person_id(message)
    if target_id is None:
        hidden = message.forward_origin is not None
        key = "cohort-error-person-hidden" if hidden else "cohort-error-person-invalid"
        raise _Refused(ctx.l10n(key))
    person = await ctx.users.get(target_id)
    if person is None or person.deleted_at is not None:
        raise _Refused(ctx.l10n("cohort-error-person-unknown", id=str(target_id)))
    return person


async def _leave_flow(state: FSMContext) -> None:
    await leave_flow(state, CohortFlow, "co_")


# -- scope --------------------------------------------------------------------------------------


def _coordinates(access: Access, cohort: Cohort, training: TrainingService) -> bool:
    """A coordinator whose grants reach this cohort's course (its program) and region."""
    if not access.is_coordinator:
        return False
    course = training.course_of(cohort)
    return access.coordinates(program=course.program if course else None, region=cohort.region)


def _usable(cohort: Cohort, training: TrainingService) -> bool:
    """A cohort of a course, with a start date: the ones these screens show."""
    return cohort.starts_on is not None and training.course_of(cohort) is not None


async def _visible(ctx: Ctx) -> list[Cohort]:
    access, training = ctx.access, ctx.training
    found: dict[int, Cohort] = {}
    if access.is_coordinator:
        for cohort in await ctx.cohorts.all():
            if _usable(cohort, training) and _coordinates(access, cohort, training):
                found[cohort.id] = cohort
    if access.is_trainer:
        for cohort in await ctx.cohorts.of_trainer(access.user_id):
            if _usable(cohort, training):
                found[cohort.id] = cohort
    return sorted(found.values(), key=lambda c: (c.name.casefold(), c.id))


async def _load(cohort_id: int, ctx: Ctx) -> Cohort | None:
    """The cohort if this person may open it: a coordinator of it, or one of its trainers."""
    cohort = await ctx.cohorts.get(cohort_id) if cohort_id else None
    if cohort is None or not _usable(cohort, ctx.training):
        return None
    if _coordinates(ctx.access, cohort, ctx.training):
        return cohort
    if ctx.access.is_trainer and ctx.access.user_id in await ctx.cohorts.trainers(cohort.id):
        return cohort
    return None


def _courses(ctx: Ctx) -> list[Course]:
    """Courses this coordinator may open a cohort of (somewhere in their scope)."""
    return [
        c
        for c in ctx.training.courses
        if any(ctx.access.coordinates(program=c.program, region=r.code) for r in regions())
    ]


def _regions_for(ctx: Ctx, course: Course) -> list[Region]:
    return [r for r in regions() if ctx.access.coordinates(program=course.program, region=r.code)]


# -- how things read ----------------------------------------------------------------------------


def _place(region_code: str | None, district_code: str | None, locale: str) -> str:
    region = region_by_code(region_code)
    if region is None:
        return "—"
    district = next((d for d in region.districts if d.code == district_code), None)
    return f"{district.name(locale)}, {region.name(locale)}" if district else region.name(locale)


def _schedule(weekdays_only: bool, at: time, l10n: Translator) -> str:
    return l10n(
        "cohort-schedule-value", weekdays="yes" if weekdays_only else "no", time=f"{at:%H:%M}"
    )


def _quiet_warning(at: time, ctx: Ctx) -> str | None:
    """Said when a release time falls in quiet hours: when the lessons will really arrive."""
    held = held_until(at, ctx.quiet, ctx.zone, ctx.training.today())
    if held is None:
        return None
    return ctx.l10n("cohort-time-quiet", time=f"{at:%H:%M}", arrives=f"{held:%H:%M}")


async def _trainer_buttons(
    region: str | None, action: str, cohort: int, ctx: Ctx
) -> list[list[InlineKeyboardButton]]:
    """People with the trainer role, one button each: nobody has to type an id."""
    found = await ctx.training.trainer_candidates(region)
    return [
        [_btn(_cut(name, 40), action, cohort, str(user_id))]
        for user_id, name in found[:TRAINER_CHOICES]
    ]


def _example(today: date) -> str:
    return f"{today:%d.%m.%Y}"


def _released(cohort: Cohort, training: TrainingService) -> int:
    course = training.course_of(cohort)
    assert course is not None
    return released_count(cohort, len(course.lessons), training.now(), training.zone)


# -- typed values -------------------------------------------------------------------------------


def _text_of(message: Message, l10n: Translator) -> str:
    if not message.text:
        raise _Refused(l10n("cohort-expects-text"))
    return message.text


def _name_value(message: Message, l10n: Translator) -> str:
    checked = check_text(_text_of(message, l10n), min_length=NAME_MIN, max_length=NAME_MAX)
    if isinstance(checked, Invalid):
        if checked.key == "text-too-short":
            raise _Refused(l10n("cohort-error-name-short", min=NAME_MIN))
        raise _Refused(l10n("cohort-error-name-long", max=NAME_MAX, over=checked.args["over"]))
    return " ".join(checked.split())


def _start_value(message: Message, today: date, l10n: Translator) -> date:
    latest = today + START_WITHIN
    text = _text_of(message, l10n)
    parsed = parse_date(text, today=today, not_before=today, not_after=latest)
    if isinstance(parsed, Invalid):
        if parsed.key == "date-too-early":
            raise _Refused(l10n("cohort-error-date-past", today=today))
        if parsed.key == "date-too-late":
            raise _Refused(l10n("cohort-error-date-far", max=latest))
        raise _Refused(l10n("cohort-error-date-invalid", example=_example(today)))
    return parsed


def _time_value(message: Message, l10n: Translator) -> time:
    match = _TIME_RE.fullmatch(_text_of(message, l10n).strip())
    if match is None:
        raise _Refused(l10n("cohort-error-time"))
    return time(int(match[1]), int(match[2]))


def _capacity_value(message: Message, l10n: Translator) -> int:
    raw = "".join(_text_of(message, l10n).split())
    if not _NUMBER_RE.fullmatch(raw):
        raise _Refused(l10n("cohort-error-capacity-invalid"))
    value = int(raw.replace("−", "-"))
    if value < 1:
        raise _Refused(l10n("cohort-error-capacity-min"))
    if value > CAPACITY_MAX:
        raise _Refused(l10n("cohort-error-capacity-max", max=CAPACITY_MAX))
    return value


# -- the list -----------------------------------------------------------------------------------


async def _list_view(ctx: Ctx, page: int = 0) -> tuple[str, InlineKeyboardMarkup]:
    l10n, training = ctx.l10n, ctx.training
    found = await _visible(ctx)
    page, pages = _pages(len(found), page)
    lines = [l10n("cohort-list-title"), l10n("cohort-list-count", count=len(found))]
    if not found:
        coordinator = ctx.access.is_coordinator
        lines.append(l10n("cohort-list-empty-coordinator" if coordinator else "cohort-list-empty"))
    rows: list[list[InlineKeyboardButton]] = []
    if ctx.access.is_coordinator:
        rows.append([_btn(l10n("cohort-new-button"), "new")])
    today = training.today()
    for number, cohort in enumerate(found[page * PAGE : (page + 1) * PAGE], page * PAGE + 1):
        course = training.course_of(cohort)
        assert course is not None and cohort.starts_on is not None
        enrolled = await ctx.cohorts.count_members(cohort.id)
        released = _released(cohort, training)
        finished = today > cohort_finished_on(cohort, len(course.lessons))
        lines.append(
            l10n(
                "cohort-list-line",
                number=number,
                name=html.escape(cohort.name),
                enrolled=enrolled,
                state="soon" if released == 0 else "finished" if finished else "running",
                start=cohort.starts_on,
                released=released,
                total=len(course.lessons),
            )
        )
        seats = _seats(enrolled, cohort.capacity)
        label = l10n("cohort-list-item", name=_cut(cohort.name, 40), seats=seats)
        rows.append([_btn(label, "o", cohort.id)])
    rows.append(_nav("l", 0, page, pages))
    return "\n".join(lines), _kb(*rows)


@router.message(Command("cohorts"))
@router.message(MenuButton("menu-cohorts"))
async def show_list(
    message: Message,
    access: Access,
    state: FSMContext,
    training: TrainingService,
    cohorts: CohortRepo,
    users: UserRepo,
    audit: AuditLog,
    notifier: Notifier,
    audience: Audience,
    zone: ZoneInfo,
    quiet: QuietHours,
    l10n: Translator,
    bot: Bot,
) -> None:
    if not access.is_staff:
        await message.answer(l10n("access-denied"))
        return
    await _leave_flow(state)
    ctx = Ctx(
        access, state, training, cohorts, users, audit, notifier, audience, zone, quiet, l10n, bot
    )
    text, kb = await _list_view(ctx)
    await message.answer(text, reply_markup=kb)


# -- the card -----------------------------------------------------------------------------------


async def _card_view(
    cohort: Cohort, ctx: Ctx, *, notice: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    l10n, training = ctx.l10n, ctx.training
    course = training.course_of(cohort)
    assert course is not None and cohort.starts_on is not None
    locale, total = l10n.locale, len(course.lessons)
    stats = await training.stats(cohort)
    trainers = [
        html.escape(_person_name(await ctx.users.get(uid), uid))
        for uid in await ctx.cohorts.trainers(cohort.id)
    ]
    place = _place(cohort.region, cohort.district, locale)
    schedule_line = l10n(
        "cohort-card-schedule",
        schedule=_schedule(cohort.weekdays_only, cohort.release_time, l10n),
        start=cohort.starts_on,
        end=cohort_finished_on(cohort, total),
    )
    lines = [notice, ""] if notice else []
    lines += [
        l10n("cohort-card-title", name=html.escape(cohort.name)),
        l10n("cohort-card-course", course=html.escape(course.title(locale))),
        l10n("cohort-card-place", place=html.escape(place)),
        schedule_line,
        l10n("cohort-card-trainers", names=", ".join(trainers) or l10n("cohort-card-no-trainers")),
    ]
    if cohort.join_code:
        lines.append(l10n("cohort-card-code", code=cohort.join_code))
        username = (await ctx.bot.me()).username
        if username:
            link = make_link(username, f"c_{cohort.join_code}")
            lines.append(l10n("cohort-card-link", link=html.escape(link)))
    lines.append("")
    if cohort.capacity is None:
        lines.append(l10n("cohort-card-enrolled-unlimited", count=stats.enrolled))
    else:
        lines.append(l10n("cohort-card-enrolled", count=stats.enrolled, capacity=cohort.capacity))
    lines.append(l10n("cohort-card-active", count=stats.active_7d))
    if stats.released == 0:
        lines.append(l10n("cohort-card-not-started", start=cohort.starts_on))
    else:
        lines.append(l10n("cohort-card-released", released=stats.released, total=total))
    if stats.released and stats.enrolled:
        first = max(1, stats.released - LESSON_LINES + 1)
        lines += ["", l10n("cohort-card-lessons", count=stats.released - first + 1)]
        lines += [
            l10n(
                "cohort-card-lesson",
                number=n,
                title=html.escape(course.lessons[n - 1].title(locale)),
                done=stats.per_lesson[n - 1],
                enrolled=stats.enrolled,
            )
            for n in range(first, stats.released + 1)
        ]
        lines += ["", *await _behind_lines(stats, ctx)]
    if cohort.days_off:
        days = ", ".join(l10n.date(d) for d in sorted(cohort.days_off))
        lines.insert(lines.index(schedule_line) + 1, l10n("cohort-card-days-off", days=days))
    coordinator = _coordinates(ctx.access, cohort, training)
    waiting = len(await _to_nudge(cohort, stats, ctx))
    return "\n".join(lines), _card_kb(cohort, waiting, stats.enrolled, coordinator, l10n)


async def _to_nudge(cohort: Cohort, stats: CohortStats, ctx: Ctx) -> list[int]:
    """The laggards not nudged today, most behind first."""
    behind = [user_id for user_id, _ in stats.behind]
    nudged = await ctx.training.nudged_today(cohort, behind)
    return [user_id for user_id in behind if user_id not in nudged]


async def _behind_lines(stats: CohortStats, ctx: Ctx) -> list[str]:
    l10n = ctx.l10n
    if not stats.behind:
        return [l10n("cohort-card-nobody-behind", lag=BEHIND_BY)]
    lines = [l10n("cohort-card-behind", lag=BEHIND_BY, count=len(stats.behind))]
    for user_id, lag in stats.behind[:BEHIND_LINES]:
        name = _cut(_person_name(await ctx.users.get(user_id), user_id), 40)
        lines.append(l10n("cohort-card-behind-line", name=html.escape(name), lag=lag))
    if len(stats.behind) > BEHIND_LINES:
        lines.append(l10n("cohort-card-behind-more", count=len(stats.behind) - BEHIND_LINES))
    return lines


def _card_kb(
    cohort: Cohort, to_nudge: int, enrolled: int, coordinator: bool, l10n: Translator
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if to_nudge:  # laggards not nudged today
        rows.append([_btn(l10n("cohort-nudge-button", count=to_nudge), "nu", cohort.id)])
    rows.append(
        [
            _btn(l10n("cohort-excel-button"), "xl", cohort.id),
            _btn(l10n("cohort-write-button"), "bc", cohort.id),
        ]
    )
    people = [_btn(l10n("cohort-members-button", count=enrolled), "m", cohort.id)]
    if coordinator:
        people.append(_btn(l10n("cohort-add-button"), "add", cohort.id))
    rows.append(people)
    if coordinator:
        rows.append([_btn(l10n("cohort-edit-button"), "e", cohort.id)])
    rows.append(
        [
            _btn(l10n("cohort-refresh-button"), "o", cohort.id),
            _btn(l10n("cohort-back-to-list"), "l"),
        ]
    )
    return _kb(*rows)


# -- the new-cohort wizard ----------------------------------------------------------------------


def _step_name(step: State) -> str:
    return str(step.state).rpartition(":")[2]


def _wizard_step(current: str | None) -> State | None:
    return next((s for s in WIZARD if s.state == current), None)


async def _step_view(
    step: State, data: dict[str, Any], ctx: Ctx
) -> tuple[str, InlineKeyboardMarkup]:
    l10n, locale = ctx.l10n, ctx.l10n.locale
    index = WIZARD.index(step)
    nav = [_btn(l10n("button-cancel"), "wx")]
    if index:
        nav.insert(0, _btn(l10n("button-back"), "wb", value=_step_name(step)))
    course = ctx.training.courses.get(str(data.get("co_course") or ""))
    rows: list[list[InlineKeyboardButton]] = []
    if step == CohortFlow.course:
        question = l10n("cohort-ask-course")
        rows = [[_btn(c.title(locale), "wc", value=c.code)] for c in _courses(ctx)]
    elif step == CohortFlow.name:
        question = l10n("cohort-ask-name")
    elif step == CohortFlow.region:
        question = l10n("cohort-ask-region")
        found = _regions_for(ctx, course) if course else []
        items = [_btn(r.name(locale), "wr", value=r.code) for r in found]
        rows = [items[i : i + 2] for i in range(0, len(items), 2)]
    elif step == CohortFlow.district:
        region = region_by_code(data.get("co_region"))
        assert region is not None
        question = l10n("cohort-ask-district", region=html.escape(region.name(locale)))
        items = [_btn(d.name(locale), "wd", value=d.code) for d in region.districts]
        rows = [[_btn(l10n("cohort-whole-region"), "wd", value="-")]]
        rows += [items[i : i + 2] for i in range(0, len(items), 2)]
    elif step == CohortFlow.start:
        question = l10n("cohort-ask-start", example=_example(ctx.training.today()))
    elif step == CohortFlow.schedule:
        question = l10n("cohort-ask-schedule")
        rows = [
            [_btn(l10n("cohort-schedule-daily"), "ws", value="d")],
            [_btn(l10n("cohort-schedule-weekdays"), "ws", value="w")],
        ]
    elif step == CohortFlow.time:
        question = l10n("cohort-ask-time")
        rows = [[_btn(l10n("cohort-time-default"), "wt")]]
    elif step == CohortFlow.capacity:
        question = l10n("cohort-ask-capacity")
        warning = _quiet_warning(time.fromisoformat(str(data.get("co_time"))), ctx)
        if warning:
            question = f"{warning}\n\n{question}"
        rows = [[_btn(l10n("cohort-capacity-unlimited"), "wn")]]
    elif step == CohortFlow.trainer:
        question = l10n("cohort-ask-trainer")
        rows = await _trainer_buttons(data.get("co_region"), "wk", 0, ctx)
        rows.append([_btn(l10n("cohort-skip-trainer"), "wk")])
    else:
        return await _summary(data, ctx), _kb([_btn(l10n("cohort-create"), "wok")], nav)
    head = l10n("cohort-new-step", step=index + 1, steps=len(WIZARD) - 1)
    return f"{head}\n{question}", _kb(*rows, nav)


async def _trainer_warning(person: User, ctx: Ctx) -> str | None:
    """Said when the person has no trainer role: /cohorts will not show them the cohort."""
    if any(g.role == "trainer" for g in await ctx.users.roles_of(person.id)):
        return None
    return ctx.l10n("cohort-trainer-no-role", name=html.escape(person.full_name))


async def _summary(data: dict[str, Any], ctx: Ctx) -> str:
    l10n = ctx.l10n
    course = ctx.training.courses.get(str(data.get("co_course") or ""))
    assert course is not None
    trainer, warning = l10n("cohort-trainer-none"), None
    person = await ctx.users.get(int(data["co_trainer"])) if data.get("co_trainer") else None
    if person is not None:
        trainer = html.escape(person.full_name)
        warning = await _trainer_warning(person, ctx)
    place = _place(data.get("co_region"), data.get("co_district"), l10n.locale)
    at = time.fromisoformat(str(data.get("co_time")))
    quiet = _quiet_warning(at, ctx)
    warning = "\n\n".join(w for w in (warning, quiet) if w) or None
    text = "\n".join(
        [
            l10n("cohort-summary-title"),
            l10n(
                "cohort-summary",
                course=html.escape(course.title(l10n.locale)),
                name=html.escape(str(data.get("co_name"))),
                place=html.escape(place),
                start=date.fromisoformat(str(data.get("co_start"))),
                schedule=_schedule(bool(data.get("co_weekdays")), at, l10n),
                capacity=l10n("cohort-capacity-value", capacity=int(data.get("co_capacity") or 0)),
                trainer=trainer,
            ),
        ]
    )
    return f"{text}\n\n{warning}" if warning else text


async def _wizard_button(
    query: CallbackQuery, message: Message, callback_data: CohortCb, ctx: Ctx
) -> None:
    action, value, l10n, state = callback_data.action, callback_data.value, ctx.l10n, ctx.state
    if action == "new":
        if not _courses(ctx):
            await query.answer(l10n("cohort-no-courses"), show_alert=True)
            return
        await query.answer()
        await _leave_flow(state)
        await state.set_state(CohortFlow.course)
        await _edit(message, await _step_view(CohortFlow.course, {}, ctx))
        return
    step = _wizard_step(await state.get_state())
    if step is None:  # a button of a wizard already finished or cancelled
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    if action == "wx":
        await _leave_flow(state)
        await query.answer(l10n("cohort-cancelled"))
        await _edit(message, await _list_view(ctx))
        return
    data = await state.get_data()
    if action == "wb":
        index = WIZARD.index(step)
        if value != _step_name(step) or index == 0:
            await query.answer(l10n("button-stale"), show_alert=True)
            return
        await query.answer()
        await state.set_state(WIZARD[index - 1])
        await _edit(message, await _step_view(WIZARD[index - 1], data, ctx))
        return
    if action == "wok" and step == CohortFlow.summary:
        await _create(query, message, data, ctx)
        return
    if WIZARD_PICKS.get(action) != step:
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    if action == "wk" and value:
        updates = await _picked_trainer(value, data.get("co_region"), ctx)
    else:
        updates = _picked(action, value, data, ctx)
    if updates is None:
        log.warning(
            "user %s: cohort wizard value %s=%r refused", ctx.access.user_id, action, value
        )
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    await query.answer()
    await _next_step(step, updates, ctx, message.edit_text)


def _picked(action: str, value: str, data: dict[str, Any], ctx: Ctx) -> dict[str, Any] | None:
    """What a wizard button stores; None for a value that is not offered to this person."""
    if action == "wc":
        picked = ctx.training.courses.get(value)
        return {"co_course": value} if picked is not None and picked in _courses(ctx) else None
    if action == "wr":
        course = ctx.training.courses.get(str(data.get("co_course") or ""))
        allowed = {r.code for r in _regions_for(ctx, course)} if course else set()
        return {"co_region": value, "co_district": None} if value in allowed else None
    if action == "wd":
        region = region_by_code(data.get("co_region"))
        districts = {d.code for d in region.districts} if region else set()
        if region is None or (value != "-" and value not in districts):
            return None
        return {"co_district": None if value == "-" else value}
    if action == "ws":
        return {"co_weekdays": value == "w"} if value in ("d", "w") else None
    if action == "wt":
        return {"co_time": DEFAULT_TIME.strftime("%H:%M")}
    if action == "wn":
        return {"co_capacity": None}
    return {"co_trainer": None}  # wk: no trainer for now (a picked one: _picked_trainer)


async def _picked_trainer(value: str, region: str | None, ctx: Ctx) -> dict[str, Any] | None:
    """A trainer chosen with a button: one of those offered (a forged id is refused)."""
    offered = {uid for uid, _ in await ctx.training.trainer_candidates(region)}
    return {"co_trainer": int(value)} if value.isdigit() and int(value) in offered else None


async def _next_step(
    step: State, updates: dict[str, Any], ctx: Ctx, show: Callable[..., Awaitable[Any]]
) -> None:
    """Store an answer and show the next question (`show`: edit the screen, or answer)."""
    await ctx.state.update_data(updates)
    following = WIZARD[WIZARD.index(step) + 1]
    await ctx.state.set_state(following)
    text, kb = await _step_view(following, await ctx.state.get_data(), ctx)
    with unless_unchanged():
        await show(text, reply_markup=kb)


async def _wizard_text(message: Message, step: State, ctx: Ctx) -> None:
    l10n = ctx.l10n
    try:
        if step in BUTTON_STEPS:
            raise _Refused(l10n("cohort-use-buttons"))
        if step == CohortFlow.name:
            updates: dict[str, Any] = {"co_name": _name_value(message, l10n)}
        elif step == CohortFlow.start:
            updates = {"co_start": _start_value(message, ctx.training.today(), l10n).isoformat()}
        elif step == CohortFlow.time:
            updates = {"co_time": _time_value(message, l10n).strftime("%H:%M")}
        elif step == CohortFlow.capacity:
            updates = {"co_capacity": _capacity_value(message, l10n)}
        else:  # the trainer
            updates = {"co_trainer": (await _person(message, ctx)).id}
    except _Refused as refused:
        text, kb = await _step_view(step, await ctx.state.get_data(), ctx)
        await message.answer(f"{refused.text}\n\n{text}", reply_markup=kb)
        return
    await _next_step(step, updates, ctx, message.answer)


async def _create(query: CallbackQuery, message: Message, data: dict[str, Any], ctx: Ctx) -> None:
    access, training, l10n = ctx.access, ctx.training, ctx.l10n
    course = training.courses.get(str(data.get("co_course") or ""))
    region = data.get("co_region")
    if course is None or not access.coordinates(program=course.program, region=region):
        log.warning("user %s: a cohort outside the scope refused", access.user_id)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    starts_on = date.fromisoformat(str(data["co_start"]))
    today = training.today()
    if starts_on < today:  # the summary waited overnight
        await ctx.state.set_state(CohortFlow.start)
        await query.answer(l10n("cohort-error-date-past", today=today), show_alert=True)
        await _edit(message, await _step_view(CohortFlow.start, data, ctx))
        return
    capacity = data.get("co_capacity")
    cohort = await training.create_cohort(
        course=course,
        name=str(data["co_name"]),
        region=region,
        district=data.get("co_district"),
        starts_on=starts_on,
        weekdays_only=bool(data.get("co_weekdays")),
        release_time=time.fromisoformat(str(data["co_time"])),
        capacity=int(capacity) if capacity is not None else None,
        created_by=access.user_id,
    )
    trainer = await ctx.users.get(int(data["co_trainer"])) if data.get("co_trainer") else None
    if trainer is not None:
        await _add_trainer(cohort, trainer, ctx)
    await ctx.record(cohort, "create", course.code)
    log.info("user %s created cohort %s", access.user_id, cohort.id)
    await _leave_flow(ctx.state)
    await query.answer()
    await _edit(message, await _card_view(cohort, ctx, notice=l10n("cohort-created")))


async def _add_trainer(cohort: Cohort, person: User, ctx: Ctx) -> None:
    await ctx.cohorts.add_trainer(cohort.id, person.id)
    await ctx.notifier.notify(
        person.id,
        "cohort-notice-trainer",
        idempotency_key=f"cohort-trainer:{cohort.id}:{person.id}",
        cohort=html.escape(cohort.name),
    )


# -- typed texts --------------------------------------------------------------------------------


@router.message(StateFilter(CohortFlow))
async def text_given(
    message: Message,
    state: FSMContext,
    access: Access,
    training: TrainingService,
    cohorts: CohortRepo,
    users: UserRepo,
    audit: AuditLog,
    notifier: Notifier,
    audience: Audience,
    translations: Translations,
    zone: ZoneInfo,
    quiet: QuietHours,
    l10n: Translator,
    bot: Bot,
) -> None:
    if is_elsewhere(message.text, translations):
        await _leave_flow(state)
        raise SkipHandler  # the router that owns the command or the button answers it
    if not access.is_coordinator:  # the role may have been revoked mid-flow
        await _leave_flow(state)
        await message.answer(l10n("access-denied"))
        return
    ctx = Ctx(
        access, state, training, cohorts, users, audit, notifier, audience, zone, quiet, l10n, bot
    )
    current = await state.get_state()
    step = _wizard_step(current)
    if step is not None:
        await _wizard_text(message, step, ctx)
        return
    cohort = await _load(int((await state.get_data()).get("co_cohort") or 0), ctx)
    if cohort is None or not _coordinates(access, cohort, training):
        log.warning("user %s typed a cohort value without the right", access.user_id)
        await _leave_flow(state)
        await message.answer(l10n("access-denied"))
        return
    back = _kb([_btn(l10n("cohort-back-to-card"), "o", cohort.id)])
    if current == CohortFlow.add_trainee.state:
        await message.answer(await _add_trainee(message, cohort, ctx), reply_markup=back)
        return  # the coordinator stays here to send the next person
    try:
        notice = await _edit_typed(current, message, cohort, ctx)
    except _Refused as refused:
        await message.answer(refused.text, reply_markup=back)
        return
    await _leave_flow(state)
    text, kb = await _card_view(await cohorts.get(cohort.id) or cohort, ctx, notice=notice)
    await message.answer(text, reply_markup=kb)


async def _trainer_added(cohort: Cohort, person: User, ctx: Ctx) -> str:
    """Add a trainer to a cohort; the notice for its card."""
    name = html.escape(person.full_name)
    if person.id in await ctx.cohorts.trainers(cohort.id):
        return ctx.l10n("cohort-trainer-already", name=name)
    await _add_trainer(cohort, person, ctx)
    await ctx.record(cohort, "trainer", person.id)
    warning = await _trainer_warning(person, ctx)
    added = ctx.l10n("cohort-trainer-added", name=name)
    return f"{added}\n{warning}" if warning else added


async def _edit_typed(current: str | None, message: Message, cohort: Cohort, ctx: Ctx) -> str:
    """Store one typed value of a cohort; the notice for its card."""
    l10n, training = ctx.l10n, ctx.training
    if current == CohortFlow.edit_trainer.state:
        return await _trainer_added(cohort, await _person(message, ctx), ctx)
    if current == CohortFlow.edit_name.state:
        changed = replace(cohort, name=_name_value(message, l10n))
    elif current == CohortFlow.edit_start.state:
        if _released(cohort, training):
            raise _Refused(l10n("cohort-edit-start-late"))
        changed = replace(cohort, starts_on=_start_value(message, training.today(), l10n))
    elif current == CohortFlow.edit_time.state:
        changed = replace(cohort, release_time=_time_value(message, l10n))
        warning = _quiet_warning(changed.release_time, ctx)
        await _save(cohort, changed, ctx)
        saved = l10n("cohort-saved")
        return f"{saved}\n{warning}" if warning else saved
    elif current == CohortFlow.edit_days_off.state:
        return await _save_days_off(cohort, _days_off_value(message, training.today(), l10n), ctx)
    else:  # capacity
        capacity = _capacity_value(message, l10n)
        enrolled = await ctx.cohorts.count_members(cohort.id)
        if capacity < enrolled:
            raise _Refused(l10n("cohort-error-capacity-below", count=enrolled))
        changed = replace(cohort, capacity=capacity)
    await _save(cohort, changed, ctx)
    return l10n("cohort-saved")


def _days_off_value(message: Message, today: date, l10n: Translator) -> frozenset[date]:
    """Dates typed as 01.06.2026, several separated by commas or spaces."""
    days = set()
    for part in re.split(r"[,;\s]+", _text_of(message, l10n).strip()):
        if not part:
            continue
        parsed = parse_date(part, today=today, not_before=today, not_after=today + START_WITHIN)
        if isinstance(parsed, Invalid):
            raise _Refused(l10n("cohort-error-days-off", example=_example(today)))
        days.add(parsed)
    return frozenset(days)


async def _save_days_off(cohort: Cohort, days: frozenset[date], ctx: Ctx) -> str:
    try:
        await ctx.training.set_days_off(cohort, days)
    except ValueError:
        raise _Refused(ctx.l10n("cohort-error-days-off-closes")) from None
    await ctx.record(cohort, "days-off", ",".join(sorted(d.isoformat() for d in days)))
    return ctx.l10n("cohort-saved")


async def _save(cohort: Cohort, changed: Cohort, ctx: Ctx) -> None:
    """Store a changed cohort. The planner reads the cohort on every run, so a new schedule or
    time applies to the lessons not yet open; a change that would close a lesson already open
    (and sent) is refused."""
    before, after = _released(cohort, ctx.training), _released(changed, ctx.training)
    if after < before:
        raise _Refused(ctx.l10n("cohort-edit-closes", released=before, after=after))
    await ctx.cohorts.update(changed)
    fields = [
        f
        for f in ("name", "starts_on", "weekdays_only", "release_time", "capacity")
        if getattr(cohort, f) != getattr(changed, f)
    ]
    await ctx.record(cohort, "edit", ",".join(fields))
    log.info("user %s changed %s of cohort %s", ctx.access.user_id, fields, cohort.id)


async def _add_trainee(message: Message, cohort: Cohort, ctx: Ctx) -> str:
    """Enrol the person a coordinator points at; what to tell the coordinator."""
    l10n = ctx.l10n
    try:
        person = await _person(message, ctx)
    except _Refused as refused:
        return refused.text
    name = html.escape(person.full_name)
    if any(c.id == cohort.id for c, _ in await ctx.cohorts.memberships(person.id)):
        return l10n("cohort-add-already", name=name)
    try:
        await ctx.training.enrol(person.id, cohort, check_capacity=True)
    except JoinError as exc:
        other = exc.cohort.name if exc.cohort is not None and exc.reason == "other-cohort" else ""
        return l10n(
            "cohort-join-error",
            reason=exc.reason,
            capacity=cohort.capacity or 0,
            name=name,
            other=html.escape(other),
        )
    await ctx.record(cohort, "add", person.id)
    await _tell_trainee(person.id, "cohort-notice-added", cohort, ctx)
    seats = _seats(await ctx.cohorts.count_members(cohort.id), cohort.capacity)
    return l10n("cohort-added", name=name, seats=seats)


async def _tell_trainee(user_id: int, key: str, cohort: Cohort, ctx: Ctx) -> None:
    """A trainee learns what a coordinator did with their place, in their own language."""
    course = ctx.training.course_of(cohort)
    assert course is not None
    args: dict[str, Any] = {"cohort": html.escape(cohort.name), "course": course.title}
    if key != "cohort-notice-removed":
        args["time"] = f"{cohort.release_time:%H:%M}"
    await ctx.notifier.notify(
        user_id,
        key,
        idempotency_key=f"{key}:{cohort.id}:{user_id}:{to_db(ctx.training.now())}",
        **args,
    )


# -- buttons ------------------------------------------------------------------------------------


@router.callback_query(CohortCb.filter())
async def on_button(
    query: CallbackQuery,
    callback_data: CohortCb,
    state: FSMContext,
    access: Access,
    training: TrainingService,
    cohorts: CohortRepo,
    users: UserRepo,
    audit: AuditLog,
    notifier: Notifier,
    audience: Audience,
    zone: ZoneInfo,
    quiet: QuietHours,
    l10n: Translator,
    bot: Bot,
) -> None:
    if not access.is_staff:
        log.warning("user %s sent a cohort callback without the right", query.from_user.id)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    ctx = Ctx(
        access, state, training, cohorts, users, audit, notifier, audience, zone, quiet, l10n, bot
    )
    action = callback_data.action
    if action == "noop":  # the page number: nothing to change
        await query.answer()
        return
    if action in WIZARD_ACTIONS:
        if not access.is_coordinator:
            log.warning("user %s pressed a cohort wizard button", access.user_id)
            await query.answer(l10n("access-denied"), show_alert=True)
            return
        await _wizard_button(query, message, callback_data, ctx)
        return
    await _leave_flow(state)  # went elsewhere: the next text is not taken for a typed value
    if action == "l":
        await query.answer()
        page = int(callback_data.value) if callback_data.value.isdigit() else 0
        await _edit(message, await _list_view(ctx, page))
        return
    cohort = await _load(callback_data.cohort, ctx)
    if cohort is None or (
        action in COORDINATOR_ACTIONS and not _coordinates(access, cohort, training)
    ):
        log.warning("user %s may not %r cohort %s", access.user_id, action, callback_data.cohort)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    if action in TRAINEE_ACTIONS:
        await _trainee_action(query, message, callback_data, cohort, ctx)
    elif action in EDIT_ACTIONS:
        await _edit_action(query, message, callback_data, cohort, ctx)
    else:
        await _card_action(query, message, callback_data, cohort, ctx)


async def _card_action(
    query: CallbackQuery, message: Message, callback_data: CohortCb, cohort: Cohort, ctx: Ctx
) -> None:
    action, access, l10n = callback_data.action, ctx.access, ctx.l10n
    if action == "o":
        await query.answer()
        await _edit(message, await _card_view(cohort, ctx))
        return
    if action in ("nu", "nuy"):
        stats = await ctx.training.stats(cohort)
        if not stats.behind:
            await query.answer(l10n("cohort-nobody-behind"), show_alert=True)
            return
        waiting = await _to_nudge(cohort, stats, ctx)
        if not waiting:
            await query.answer(l10n("cohort-nudged", sent=0), show_alert=True)
            return
        if action == "nu":  # who it goes to, and a confirmation
            await query.answer()
            names = [
                html.escape(_cut(_person_name(await ctx.users.get(uid), uid), 40))
                for uid in waiting[:BEHIND_LINES]
            ]
            text = l10n("cohort-nudge-confirm", count=len(waiting), names=", ".join(names))
            kb = _kb(
                [_btn(l10n("cohort-nudge-yes"), "nuy", cohort.id)],
                [_btn(l10n("button-back"), "o", cohort.id)],
            )
            await _edit(message, (text, kb))
            return
        sent = await ctx.training.nudge(cohort, waiting, access.user_id)
        await query.answer(l10n("cohort-nudged", sent=sent), show_alert=True)
        await _edit(message, await _card_view(cohort, ctx))
        return
    if action == "xl":
        await _export(query, message, cohort, ctx)
        return
    if action == "bc":
        # The broadcast wizard with the audience preset to this cohort (and to its region when
        # this person must always name one): the wizard checks the scope again at every step.
        preset: list[Criterion] = [("cohort", str(cohort.id))]
        region_filter = ctx.audience.filter("region")
        if cohort.region and region_filter is not None and region_filter.required(access):
            preset.insert(0, ("region", cohort.region))
        try:
            await ctx.audience.check(access, preset, l10n)
        except AudienceError as exc:
            log.warning("user %s may not write to cohort %s: %s", access.user_id, cohort.id, exc)
            await query.answer(l10n("cohort-write-refused"), show_alert=True)
            return
        await query.answer()
        await begin_broadcast(message, access, ctx.state, ctx.audience, l10n, preset=preset)
        return
    await query.answer(l10n("button-stale"), show_alert=True)


async def _export(query: CallbackQuery, message: Message, cohort: Cohort, ctx: Ctx) -> None:
    training, l10n = ctx.training, ctx.l10n
    course = training.course_of(cohort)
    assert course is not None
    members = await ctx.cohorts.members(cohort.id)
    if not members:
        await query.answer(l10n("cohort-export-empty"), show_alert=True)
        return
    await query.answer(l10n("cohort-export-wait"))
    progress = await ctx.cohorts.progress_of_cohort(cohort.id, course.code)
    activity = await ctx.cohorts.last_activity(cohort.id, course.code)
    rows = [
        ProgressRow(
            name=_telegram_name(await ctx.users.get(m.user_id), m.user_id),
            joined_at=m.joined_at,
            done=frozenset(progress.get(m.user_id, set())),
            last_activity=activity.get(m.user_id),
        )
        for m in members
    ]
    released = _released(cohort, training)
    data = await asyncio.to_thread(
        build_progress_workbook, cohort.name, course, released, rows, l10n, ctx.zone
    )
    filename = f"cohort-{cohort.id}-{training.today().isoformat()}.xlsx"
    await message.answer_document(
        BufferedInputFile(data, filename=filename),
        caption=l10n("cohort-export-caption", name=html.escape(cohort.name), count=len(rows)),
    )
    log.info("user %s exported cohort %s", ctx.access.user_id, cohort.id)


# -- trainees -----------------------------------------------------------------------------------


async def _members_view(
    cohort: Cohort, page: int, ctx: Ctx, *, notice: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    l10n = ctx.l10n
    course = ctx.training.course_of(cohort)
    assert course is not None
    members = await ctx.cohorts.members(cohort.id)
    progress = await ctx.cohorts.progress_of_cohort(cohort.id, course.code)
    released = _released(cohort, ctx.training)
    page, pages = _pages(len(members), page)
    lines = [notice, ""] if notice else []
    lines.append(l10n("cohort-members-title", name=html.escape(cohort.name), count=len(members)))
    if not members:
        lines.append(l10n("cohort-members-empty"))
    rows: list[list[InlineKeyboardButton]] = []
    for member in members[page * PAGE : (page + 1) * PAGE]:
        name = _person_name(await ctx.users.get(member.user_id), member.user_id)
        done = len(progress.get(member.user_id, set()))
        label = l10n("cohort-member-item", name=_cut(name, 40), done=done, released=released)
        rows.append([_btn(label, "p", cohort.id, str(member.user_id))])
    rows.append(_nav("m", cohort.id, page, pages))
    rows.append([_btn(l10n("cohort-back-to-card"), "o", cohort.id)])
    return "\n".join(lines), _kb(*rows)


async def _trainee_view(
    cohort: Cohort, member: Member, ctx: Ctx
) -> tuple[str, InlineKeyboardMarkup]:
    l10n, zone = ctx.l10n, ctx.zone
    course = ctx.training.course_of(cohort)
    assert course is not None
    user_id = member.user_id
    person = await ctx.users.get(user_id)
    name = html.escape(_person_name(person, user_id))
    mention = f'<a href="tg://user?id={user_id}">{name}</a>'
    if person is not None and person.username:
        mention += " " + html.escape(f"@{person.username}")
    done = await ctx.cohorts.done_lessons(user_id, course.code)
    released = _released(cohort, ctx.training)
    last = (await ctx.cohorts.last_activity(cohort.id, course.code)).get(user_id)
    text = l10n(
        "cohort-trainee",
        name=mention,
        cohort=html.escape(cohort.name),
        joined=member.joined_at.astimezone(zone).date(),
        bar=progress_bar(len(done), len(course.lessons)),
        behind=released - len({n for n in done if n <= released}),
        last=format_datetime(last, l10n.locale, zone) if last else l10n("cohort-trainee-never"),
    )
    rows: list[list[InlineKeyboardButton]] = []
    if _coordinates(ctx.access, cohort, ctx.training):
        rows.append([_btn(l10n("cohort-move-button"), "mv", cohort.id, str(user_id))])
        rows.append([_btn(l10n("cohort-remove-button"), "rm", cohort.id, str(user_id))])
    rows.append([_btn(l10n("cohort-back-to-members"), "m", cohort.id)])
    return text, _kb(*rows)


async def _move_targets(cohort: Cohort, ctx: Ctx) -> list[Cohort]:
    """Other cohorts of the same course, in this coordinator's scope, not finished."""
    training = ctx.training
    return [
        c
        for c in await ctx.cohorts.all()
        if c.id != cohort.id
        and c.course == cohort.course
        and _usable(c, training)
        and _coordinates(ctx.access, c, training)
        and not training.is_finished(c)
    ]


async def _trainee_action(
    query: CallbackQuery, message: Message, callback_data: CohortCb, cohort: Cohort, ctx: Ctx
) -> None:
    action, value, l10n = callback_data.action, callback_data.value, ctx.l10n
    if action == "m":
        await query.answer()
        await _edit(
            message, await _members_view(cohort, int(value) if value.isdigit() else 0, ctx)
        )
        return
    user_text, _, target_text = value.partition(".")
    user_id = int(user_text) if user_text.isdigit() else 0
    member = next((m for m in await ctx.cohorts.members(cohort.id) if m.user_id == user_id), None)
    if member is None:  # moved or removed meanwhile, or a forged id
        await query.answer(l10n("cohort-trainee-gone"), show_alert=True)
        await _edit(message, await _members_view(cohort, 0, ctx))
        return
    name = html.escape(_person_name(await ctx.users.get(user_id), user_id))

    if action == "p":
        await query.answer()
        await _edit(message, await _trainee_view(cohort, member, ctx))
    elif action == "mv":
        targets = await _move_targets(cohort, ctx)
        if not targets:
            await query.answer(l10n("cohort-move-none"), show_alert=True)
            return
        await query.answer()
        rows = []
        for target in targets[:MOVE_CHOICES]:
            seats = _seats(await ctx.cohorts.count_members(target.id), target.capacity)
            label = l10n("cohort-move-item", name=_cut(target.name, 40), seats=seats)
            rows.append([_btn(label, "mvt", cohort.id, f"{user_id}.{target.id}")])
        rows.append([_btn(l10n("button-back"), "p", cohort.id, str(user_id))])
        await _edit(message, (l10n("cohort-move-title", name=name), _kb(*rows)))
    elif action == "mvt":
        await _move(query, message, cohort, user_id, name, target_text, ctx)
    elif action == "rm":
        await query.answer()
        text = l10n("cohort-remove-confirm", name=name, cohort=html.escape(cohort.name))
        kb = _kb(
            [_btn(l10n("cohort-remove-yes"), "rmy", cohort.id, str(user_id))],
            [_btn(l10n("button-back"), "p", cohort.id, str(user_id))],
        )
        await _edit(message, (text, kb))
    else:  # rmy
        if await ctx.training.leave(user_id, cohort):
            await ctx.record(cohort, "remove", user_id)
            await _tell_trainee(user_id, "cohort-notice-removed", cohort, ctx)
            log.info("user %s removed %s from cohort %s", ctx.access.user_id, user_id, cohort.id)
        await query.answer()
        notice = l10n("cohort-removed", name=name)
        await _edit(message, await _members_view(cohort, 0, ctx, notice=notice))


async def _move(
    query: CallbackQuery,
    message: Message,
    cohort: Cohort,
    user_id: int,
    name: str,
    target_text: str,
    ctx: Ctx,
) -> None:
    l10n = ctx.l10n
    target = await ctx.cohorts.get(int(target_text)) if target_text.isdigit() else None
    if target is None or target.id not in {c.id for c in await _move_targets(cohort, ctx)}:
        log.warning("user %s may not move a trainee to %r", ctx.access.user_id, target_text)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    try:
        await ctx.training.move(user_id, cohort, target)
    except JoinError as exc:
        text = l10n(
            "cohort-join-error",
            reason=exc.reason,
            capacity=target.capacity or 0,
            name=name,
            other="",
        )
        await query.answer(text, show_alert=True)
        return
    await ctx.record(cohort, "move", f"{user_id}->{target.id}")
    await _tell_trainee(user_id, "cohort-notice-moved", target, ctx)
    log.info("user %s moved %s to cohort %s", ctx.access.user_id, user_id, target.id)
    await query.answer()
    notice = l10n("cohort-moved", name=name, cohort=html.escape(target.name))
    await _edit(message, await _members_view(cohort, 0, ctx, notice=notice))


# -- editing ------------------------------------------------------------------------------------


def _edit_menu(
    cohort: Cohort, started: bool, l10n: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    buttons = [
        _btn(l10n(key), "ef", cohort.id, field)
        for field, key in EDIT_FIELDS.items()
        if not (field == "start" and started)
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_btn(l10n("cohort-back-to-card"), "o", cohort.id)])
    return l10n("cohort-edit-title", name=html.escape(cohort.name)), _kb(*rows)


async def _edit_action(
    query: CallbackQuery, message: Message, callback_data: CohortCb, cohort: Cohort, ctx: Ctx
) -> None:
    action, value, l10n, state = callback_data.action, callback_data.value, ctx.l10n, ctx.state
    started = _released(cohort, ctx.training) > 0
    back = [_btn(l10n("button-back"), "e", cohort.id)]
    if action == "e":
        await query.answer()
        await _edit(message, _edit_menu(cohort, started, l10n))
    elif action == "add":
        await query.answer()
        await state.set_state(CohortFlow.add_trainee)
        await state.update_data(co_cohort=cohort.id)
        text = l10n("cohort-add-ask", cohort=html.escape(cohort.name))
        await _edit(message, (text, _kb([_btn(l10n("cohort-back-to-card"), "o", cohort.id)])))
    elif action == "ef" and value == "sched":
        await query.answer()
        schedule = _schedule(cohort.weekdays_only, cohort.release_time, l10n)
        kb = _kb(
            [_btn(l10n("cohort-schedule-daily"), "es", cohort.id, "d")],
            [_btn(l10n("cohort-schedule-weekdays"), "es", cohort.id, "w")],
            [_btn(l10n("cohort-days-off-button"), "ef", cohort.id, "off")],
            back,
        )
        await _edit(message, (l10n("cohort-edit-ask-schedule", schedule=schedule), kb))
    elif action == "ef" and value == "off":
        await query.answer()
        await state.set_state(CohortFlow.edit_days_off)
        await state.update_data(co_cohort=cohort.id)
        current = ", ".join(l10n.date(d) for d in sorted(cohort.days_off)) or "—"
        prompt = l10n(
            "cohort-edit-ask-days-off", current=current, example=_example(ctx.training.today())
        )
        await _edit(
            message, (prompt, _kb([_btn(l10n("cohort-days-off-clear"), "eo", cohort.id)], back))
        )
    elif action == "eo":
        try:
            notice = await _save_days_off(cohort, frozenset(), ctx)
        except _Refused as refused:
            await query.answer(refused.text, show_alert=True)
            return
        await _leave_flow(state)
        await query.answer(notice)
        await _edit(message, await _card_view(await ctx.cohorts.get(cohort.id) or cohort, ctx))
    elif action == "ek":
        offered = {uid for uid, _ in await ctx.training.trainer_candidates(cohort.region)}
        person = await ctx.users.get(int(value)) if value.isdigit() else None
        if person is None or person.id not in offered:
            await query.answer(l10n("button-stale"), show_alert=True)
            return
        await _leave_flow(state)
        await query.answer()
        notice = await _trainer_added(cohort, person, ctx)
        await _edit(message, await _card_view(cohort, ctx, notice=notice))
    elif action == "ef" and value in EDIT_FIELDS:
        if value == "start" and started:
            await query.answer(l10n("cohort-edit-start-late"), show_alert=True)
            return
        flow, prompt, extra = {
            "name": (CohortFlow.edit_name, l10n("cohort-edit-ask-name"), []),
            "start": (
                CohortFlow.edit_start,
                l10n("cohort-ask-start", example=_example(ctx.training.today())),
                [],
            ),
            "time": (
                CohortFlow.edit_time,
                l10n("cohort-ask-time"),
                [_btn(l10n("cohort-time-default"), "et", cohort.id)],
            ),
            "cap": (
                CohortFlow.edit_capacity,
                l10n("cohort-ask-capacity"),
                [_btn(l10n("cohort-capacity-unlimited"), "en", cohort.id)],
            ),
            "trainer": (CohortFlow.edit_trainer, l10n("cohort-ask-trainer"), []),
        }[value]
        await query.answer()
        await state.set_state(flow)
        await state.update_data(co_cohort=cohort.id)
        people = (
            await _trainer_buttons(cohort.region, "ek", cohort.id, ctx)
            if value == "trainer"
            else []
        )
        await _edit(message, (prompt, _kb(*people, extra, back)))
    elif action in ("es", "et", "en") and (action != "es" or value in ("d", "w")):
        changed = {
            "es": replace(cohort, weekdays_only=value == "w"),
            "et": replace(cohort, release_time=DEFAULT_TIME),
            "en": replace(cohort, capacity=None),
        }[action]
        try:
            await _save(cohort, changed, ctx)
        except _Refused as refused:
            await query.answer(refused.text, show_alert=True)
            return
        await query.answer(l10n("cohort-saved"))
        await _edit(message, await _card_view(changed, ctx))
    else:
        await query.answer(l10n("button-stale"), show_alert=True)
