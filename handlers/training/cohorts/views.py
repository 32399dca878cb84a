"""The cohort screens more than one job returns to: the list, the card (the dashboard) and the
trainees, and the small readings they share (a place, a schedule, a quiet-hours warning)."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import time

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.i18n import Translator
from bot.core.people import User
from bot.core.regions import region_by_code
from bot.telegram.callbacks import CohortAction as A
from bot.telegram.callbacks import CohortCb
from bot.telegram.deeplinks import make_link
from bot.telegram.screens import Screen, button, cut, keyboard, page_bounds, pager
from bot.training.schedule import BEHIND_BY, cohort_finished_on, held_until
from bot.training.service import Cohort, CohortStats
from handlers.training.cohorts.common import PAGE, Ctx, co, seats

LESSON_LINES = 10  # the newest released lessons on the card
BEHIND_LINES = 10  # names of trainees behind on the card


def label(text: str) -> str:
    """A name as it fits a button or a list line."""
    return cut(text, 40, mark_after=True)


def place(region_code: str | None, district_code: str | None, locale: str) -> str:
    region = region_by_code(region_code)
    if region is None:
        return "—"
    district = next((d for d in region.districts if d.code == district_code), None)
    return f"{district.name(locale)}, {region.name(locale)}" if district else region.name(locale)


def schedule(weekdays_only: bool, at: time, l10n: Translator) -> str:
    return l10n(
        "cohort-schedule-value", weekdays="yes" if weekdays_only else "no", time=f"{at:%H:%M}"
    )


def quiet_warning(at: time, ctx: Ctx) -> str | None:
    """Said when a release time falls in quiet hours: when the lessons will really arrive."""
    held = held_until(at, ctx.quiet, ctx.zone, ctx.training.today())
    if held is None:
        return None
    return ctx.l10n("cohort-time-quiet", time=f"{at:%H:%M}", arrives=f"{held:%H:%M}")


def back_to_card(cohort: Cohort, l10n: Translator) -> list[InlineKeyboardButton]:
    return [button(l10n("cohort-back-to-card"), co(A.open, cohort.id))]


# -- the list -----------------------------------------------------------------------------------


async def list_view(ctx: Ctx, page: int = 0) -> Screen:
    l10n, training = ctx.l10n, ctx.training
    found = await training.visible_cohorts(ctx.access)
    page, pages = page_bounds(len(found), page, PAGE)
    lines = [l10n("cohort-list-title"), l10n("cohort-list-count", count=len(found))]
    if not found:
        coordinator = ctx.access.is_coordinator
        lines.append(l10n("cohort-list-empty-coordinator" if coordinator else "cohort-list-empty"))
    rows: list[list[InlineKeyboardButton]] = []
    if ctx.access.is_coordinator:
        rows.append([button(l10n("cohort-new-button"), co(A.new))])
    today = training.today()
    for number, cohort in enumerate(found[page * PAGE : (page + 1) * PAGE], page * PAGE + 1):
        course = training.course_of(cohort)
        assert course is not None and cohort.starts_on is not None
        enrolled = await training.enrolled(cohort)
        released = training.released(cohort)
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
        item = l10n(
            "cohort-list-item", name=label(cohort.name), seats=seats(enrolled, cohort.capacity)
        )
        rows.append([button(item, co(A.open, cohort.id))])
    rows.append(pager(page, pages, lambda p: co(A.page, 0, str(p)), co(A.noop)))
    return "\n".join(lines), keyboard(*rows)


# -- the card -----------------------------------------------------------------------------------


async def card_view(cohort: Cohort, ctx: Ctx, *, notice: str | None = None) -> Screen:
    l10n, training = ctx.l10n, ctx.training
    course = training.course_of(cohort)
    assert course is not None and cohort.starts_on is not None
    locale, total = l10n.locale, len(course.lessons)
    stats = await training.stats(cohort)
    trainers = [html.escape(await ctx.name(uid)) for uid in await training.trainers(cohort)]
    schedule_line = l10n(
        "cohort-card-schedule",
        schedule=schedule(cohort.weekdays_only, cohort.release_time, l10n),
        start=cohort.starts_on,
        end=cohort_finished_on(cohort, total),
    )
    lines = [notice, ""] if notice else []
    lines += [
        l10n("cohort-card-title", name=html.escape(cohort.name)),
        l10n("cohort-card-course", course=html.escape(course.title(locale))),
        l10n(
            "cohort-card-place", place=html.escape(place(cohort.region, cohort.district, locale))
        ),
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
    coordinator = training.coordinates(ctx.access, cohort)
    waiting = len(await training.to_nudge(cohort, stats))
    return "\n".join(lines), _card_kb(cohort, waiting, stats.enrolled, coordinator, l10n)


async def _behind_lines(stats: CohortStats, ctx: Ctx) -> list[str]:
    l10n = ctx.l10n
    if not stats.behind:
        return [l10n("cohort-card-nobody-behind", lag=BEHIND_BY)]
    lines = [l10n("cohort-card-behind", lag=BEHIND_BY, count=len(stats.behind))]
    for user_id, lag in stats.behind[:BEHIND_LINES]:
        name = label(await ctx.name(user_id))
        lines.append(l10n("cohort-card-behind-line", name=html.escape(name), lag=lag))
    if len(stats.behind) > BEHIND_LINES:
        lines.append(l10n("cohort-card-behind-more", count=len(stats.behind) - BEHIND_LINES))
    return lines


def _card_kb(
    cohort: Cohort, to_nudge: int, enrolled: int, coordinator: bool, l10n: Translator
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if to_nudge:  # laggards not nudged today
        rows.append([button(l10n("cohort-nudge-button", count=to_nudge), co(A.nudge, cohort.id))])
    rows.append(
        [
            button(l10n("cohort-excel-button"), co(A.export, cohort.id)),
            button(l10n("cohort-write-button"), co(A.write, cohort.id)),
        ]
    )
    people = [button(l10n("cohort-members-button", count=enrolled), co(A.members, cohort.id))]
    if coordinator:
        people.append(button(l10n("cohort-add-button"), co(A.add, cohort.id)))
    rows.append(people)
    if coordinator:
        rows.append([button(l10n("cohort-edit-button"), co(A.edit, cohort.id))])
    rows.append(
        [
            button(l10n("cohort-refresh-button"), co(A.open, cohort.id)),
            button(l10n("cohort-back-to-list"), co(A.page)),
        ]
    )
    return keyboard(*rows)


# -- trainees -----------------------------------------------------------------------------------


async def members_view(
    cohort: Cohort, page: int, ctx: Ctx, *, notice: str | None = None
) -> Screen:
    l10n, training = ctx.l10n, ctx.training
    roster = await training.roster(cohort)
    released = training.released(cohort)
    page, pages = page_bounds(len(roster), page, PAGE)
    lines = [notice, ""] if notice else []
    lines.append(l10n("cohort-members-title", name=html.escape(cohort.name), count=len(roster)))
    if not roster:
        lines.append(l10n("cohort-members-empty"))
    rows: list[list[InlineKeyboardButton]] = []
    for trainee in roster[page * PAGE : (page + 1) * PAGE]:
        user_id = trainee.member.user_id
        name = label(await ctx.name(user_id))
        item = l10n("cohort-member-item", name=name, done=len(trainee.done), released=released)
        rows.append([button(item, co(A.trainee, cohort.id, str(user_id)))])
    rows.append(pager(page, pages, lambda p: co(A.members, cohort.id, str(p)), co(A.noop)))
    rows.append(back_to_card(cohort, l10n))
    return "\n".join(lines), keyboard(*rows)


# -- trainers -----------------------------------------------------------------------------------

TRAINER_CHOICES = 8  # people with the trainer role offered as buttons


async def trainer_buttons(
    region: str | None, to_data: Callable[[int], CohortCb], ctx: Ctx
) -> list[list[InlineKeyboardButton]]:
    """People with the trainer role, one button each: nobody has to type an id."""
    found = await ctx.training.trainer_candidates(region)
    return [[button(label(name), to_data(user_id))] for user_id, name in found[:TRAINER_CHOICES]]


async def trainer_warning(person: User, ctx: Ctx) -> str | None:
    """Said when the person has no trainer role: /cohorts will not show them the cohort."""
    if any(g.role == "trainer" for g in await ctx.people.roles_of(person.id)):
        return None
    return ctx.l10n("cohort-trainer-no-role", name=html.escape(person.full_name))
