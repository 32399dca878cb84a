"""The reviewers' queue: filtered by program, region and status, in pages; each filter's values
to pick from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.applications.service import STATUSES, ApplicationService
from bot.core.access import Access
from bot.core.catalogue import Catalogue
from bot.core.i18n import Translator
from bot.core.people import People
from bot.core.regions import regions
from bot.telegram.callbacks import ReviewAction, ReviewCb
from bot.telegram.menu import MenuButton
from bot.telegram.screens import Screen, button, columns, cut, keyboard, page_bounds, pager, show
from handlers.applications.guard import Ctx
from handlers.applications.review.scope import (
    BACK,
    TEXT_STATES,
    Filters,
    Scope,
    about,
    allowed,
    programs_of,
    query_of,
    regions_of,
    short_name,
    telegram_name,
)

router = Router(name=__name__)

PAGE = 8  # applications per page of the queue
CHOICES_PAGE = 10  # values per page of a filter picker
NOOP = ReviewCb(action=ReviewAction.noop)


def _status_value(filters: Filters, l10n: Translator) -> str:
    if filters.status == "w":
        return l10n("review-status-waiting")
    if filters.status == "":
        return l10n("review-all")
    return l10n("review-status", status=filters.status)


def _program_value(
    filters: Filters, access: Access, catalogue: Catalogue, l10n: Translator
) -> str:
    """The program picked; with none picked, the one program a scoped coordinator reaches (her
    «all» is that program), else «all»."""
    program = catalogue.get(filters.program) if filters.program else None
    reachable = programs_of(access, catalogue)
    if program is None and len(reachable) == 1:
        program = reachable[0]
    return program.name(l10n.locale) if program else l10n("review-all")


def _region_value(filters: Filters, l10n: Translator) -> str:
    region = next((r for r in regions() if r.code == filters.region), None)
    return region.name(l10n.locale) if region else l10n("review-all")


def _to(action: ReviewAction, page: int = 0) -> Callable[[str], ReviewCb]:
    return lambda value: ReviewCb(action=action, app=page, value=value)


async def queue_view(
    filters: Filters,
    page: int,
    access: Access,
    applications: ApplicationService,
    people: People,
    l10n: Translator,
) -> Screen:
    query = query_of(filters, access)
    total = await applications.count(query)
    page, pages = page_bounds(total, page, PAGE)
    found = await applications.queue(query, limit=PAGE, offset=page * PAGE)
    lines = [l10n("review-queue-title"), l10n("review-queue-count", count=total)]
    if not total:
        lines.append(l10n("review-queue-empty"))
    token = filters.pack()
    pick = _to(ReviewAction.pick)
    program = _program_value(filters, access, applications.catalogue, l10n)
    rows: list[list[InlineKeyboardButton]] = [
        [button(l10n("review-filter-program", value=program), pick("p" + token))],
        [
            button(
                l10n("review-filter-region", value=_region_value(filters, l10n)), pick("r" + token)
            )
        ],
        [
            button(
                l10n("review-filter-status", value=_status_value(filters, l10n)), pick("s" + token)
            )
        ],
    ]
    for app in found:
        name = short_name(app) or telegram_name(await people.get(app.user_id), app.user_id)
        label = l10n("review-queue-item", number=app.reference, name=name, status=app.status)
        rows.append(
            [
                button(
                    cut(label, 60, mark_after=True), ReviewCb(action=ReviewAction.card, app=app.id)
                )
            ]
        )
    rows.append(pager(page, pages, lambda n: _to(ReviewAction.queue, n)(token), NOOP))
    if total:
        rows.append(
            [button(l10n("review-excel"), ReviewCb(action=ReviewAction.export, value=token))]
        )
    return "\n".join(lines), keyboard(*rows)


def _picker_view(
    kind: str, filters: Filters, page: int, access: Access, catalogue: Catalogue, l10n: Translator
) -> Screen | None:
    """The values of one filter; each button is the queue with that value picked."""
    choices: list[tuple[str, Filters]]
    if kind == "p":
        title = l10n("review-choose-program")
        choices = [(l10n("review-all"), replace(filters, program=None))] + [
            (p.name(l10n.locale), replace(filters, program=p.code))
            for p in programs_of(access, catalogue)
        ]
    elif kind == "r":
        title = l10n("review-choose-region")
        choices = [(l10n("review-all"), replace(filters, region=None))] + [
            (r.name(l10n.locale), replace(filters, region=r.code)) for r in regions_of(access)
        ]
    elif kind == "s":
        title = l10n("review-choose-status")
        choices = [
            (l10n("review-status-waiting"), replace(filters, status="w")),
            (l10n("review-all"), replace(filters, status="")),
        ] + [
            (l10n("review-status", status=s), replace(filters, status=s))
            for s in STATUSES
            if s != "draft"
        ]
    else:
        return None
    page, pages = page_bounds(len(choices), page, CHOICES_PAGE)
    shown = choices[page * CHOICES_PAGE : (page + 1) * CHOICES_PAGE]
    to_queue = _to(ReviewAction.queue)
    buttons = [
        button(cut(label, 48, mark_after=True), to_queue(picked.pack())) for label, picked in shown
    ]
    width = 2 if all(len(label) <= 20 for label, _ in shown) else 1
    token = kind + filters.pack()
    return title, keyboard(
        *columns(buttons, width),
        pager(page, pages, lambda n: _to(ReviewAction.pick, n)(token), NOOP),
        [button(l10n("button-back"), to_queue(filters.pack()))],
    )


async def _queue_of(ctx: Ctx, filters: Filters, page: int) -> Screen:
    return await queue_view(filters, page, ctx.access, ctx.applications, ctx.people, ctx.l10n)


@router.message(Command("review"))
@router.message(MenuButton("menu-review"))
async def show_queue(message: Message, ctx: Ctx) -> None:
    if not ctx.access.is_coordinator:
        await message.answer(ctx.l10n("access-denied"))
        return
    if await ctx.state.get_state() in TEXT_STATES:
        await ctx.state.set_state(None)
    filters = Filters()
    await ctx.state.update_data({BACK: filters.pack()})
    text, kb = await _queue_of(ctx, filters, 0)
    await message.answer(text, reply_markup=kb)


@router.callback_query(ReviewCb.filter(F.action == ReviewAction.noop))
async def page_number(query: CallbackQuery) -> None:
    """The page number of a pager: nothing to change."""
    await query.answer()


async def _show_queue(query: CallbackQuery, ctx: Ctx, filters: Filters, page: int) -> None:
    await query.answer()
    await ctx.state.update_data({BACK: filters.pack()})
    await show(ctx.message, await _queue_of(ctx, filters, page))


@router.callback_query(ReviewCb.filter(F.action == ReviewAction.queue), flags=about(Scope.filters))
async def queue_page(
    query: CallbackQuery, callback_data: ReviewCb, filters: Filters, ctx: Ctx
) -> None:
    await _show_queue(query, ctx, filters, callback_data.app)


@router.callback_query(ReviewCb.filter(F.action == ReviewAction.back), flags=about())
async def back_to_queue(query: CallbackQuery, ctx: Ctx) -> None:
    saved = Filters.unpack(str((await ctx.state.get_data()).get(BACK) or ""))
    ok = saved is not None and allowed(saved, ctx.access, ctx.applications.catalogue)
    await _show_queue(query, ctx, saved if saved and ok else Filters(), 0)


@router.callback_query(ReviewCb.filter(F.action == ReviewAction.pick), flags=about(Scope.picker))
async def pick_filter(
    query: CallbackQuery, callback_data: ReviewCb, filters: Filters, ctx: Ctx
) -> None:
    kind, page = callback_data.value[:1], callback_data.app
    catalogue = ctx.applications.catalogue
    view = _picker_view(kind, filters, page, ctx.access, catalogue, ctx.l10n)
    if view is None:
        await ctx.stale(query)
        return
    await query.answer()
    await show(ctx.message, view)
