"""Coordinators' and trainers' announcements: compose (kk and ru), choose the audience, preview,
send now or schedule, watch progress, cancel; `/broadcasts` lists them.

Every step re-checks on the server who is asking and whether the audience is within their scope
(a trainer: only their own cohorts; a regional coordinator: only their region). Callback data can
be forged and a role can be revoked between two taps.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.text_decorations import html_decoration as hd

from bot.access import Access
from bot.audience import Audience, AudienceError, Criterion
from bot.broadcasts import (
    BroadcastService,
    ContentProblem,
    parse_local_time,
    send_version,
    tomorrow_at,
    version_from_message,
)
from bot.clock import Clock
from bot.config import LOCALES, Settings
from bot.filters import PrivateChat
from bot.i18n import Translator
from bot.menu import MenuButton
from bot.quiet_hours import QuietHours
from handlers.callbacks import BroadcastCb
from handlers.states import BroadcastFlow
from storage.broadcasts import Broadcast, Content, Version
from storage.db import from_db, to_db

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(PrivateChat())

CHOICES_PAGE = 10
STEPS = 4


def _btn(text: str, action: str, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=BroadcastCb(action=action, value=value).pack()
    )


def _kb(*rows: Sequence[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(r) for r in rows if r])


def _cancel_row(l10n: Translator) -> list[InlineKeyboardButton]:
    return [_btn(l10n("button-cancel"), "cancel")]


# -- wizard data --------------------------------------------------------------------------------


def _content(data: dict[str, Any]) -> Content:
    def version(key: str) -> Version | None:
        raw = data.get(key)
        return Version.from_json(raw) if raw else None

    return Content(kk=version("bc_kk"), ru=version("bc_ru"))


def _criteria(data: dict[str, Any]) -> list[Criterion]:
    return [(str(k), str(v)) for k, v in data.get("bc_audience", [])]


def _at(data: dict[str, Any]) -> datetime | None:
    return from_db(data.get("bc_at"))


# -- the list -----------------------------------------------------------------------------------


def _may_manage(access: Access, broadcast: Broadcast) -> bool:
    """The author, or a coordinator of everything, may cancel a broadcast."""
    return broadcast.author_id == access.user_id or access.manages_roles


async def _list_view(
    access: Access, broadcasts: BroadcastService, l10n: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    # Coordinators of everything see every broadcast; others see their own.
    author = None if access.manages_roles else access.user_id
    found = await broadcasts.repo.recent(author_id=author)
    lines = [l10n("broadcast-list-title")]
    rows: list[list[InlineKeyboardButton]] = [[_btn(l10n("broadcast-new-button"), "new")]]
    if not found:
        lines.append(l10n("broadcast-list-empty"))
    for item in found:
        progress = await broadcasts.progress(item.id)
        lines.append(
            l10n(
                "broadcast-list-line",
                id=str(item.id),
                when=broadcasts.local_time(item.scheduled_at, l10n.locale),
                status=item.status,
                sent=progress.sent,
                total=item.recipients,
            )
        )
        if item.status in ("scheduled", "sending") and _may_manage(access, item):
            rows.append(
                [_btn(l10n("broadcast-list-cancel", id=str(item.id)), "stop", str(item.id))]
            )
    return "\n".join(lines), _kb(*rows)


@router.message(Command("broadcasts"))
@router.message(MenuButton("menu-broadcasts"))
async def show_list(
    message: Message, access: Access, broadcasts: BroadcastService, l10n: Translator
) -> None:
    if not access.is_staff:
        await message.answer(l10n("access-denied"))
        return
    text, kb = await _list_view(access, broadcasts, l10n)
    await message.answer(text, reply_markup=kb)


# -- screens ------------------------------------------------------------------------------------


def _ask_content(locale: str, l10n: Translator) -> tuple[str, InlineKeyboardMarkup]:
    step = 1 if locale == "kk" else 2
    text = l10n("broadcast-ask-content", step=step, steps=STEPS, language=locale)
    skip = _btn(l10n("broadcast-skip-language", language=locale), "skip", locale)
    return text, _kb([skip], _cancel_row(l10n))


async def _audience_view(
    access: Access, audience: Audience, criteria: Sequence[Criterion], l10n: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    counts = await audience.count_by_language(criteria)
    chosen = dict(criteria)
    described = dict(await audience.describe(access, criteria, l10n))
    lines = [
        l10n("broadcast-audience-title", step=3, steps=STEPS),
        _audience_line(described, l10n),
        l10n(
            "broadcast-audience-count",
            total=sum(counts.values()),
            kk=counts["kk"],
            ru=counts["ru"],
        ),
    ]
    rows: list[list[InlineKeyboardButton]] = []
    for item in audience.filters:
        choices = await item.choices(access, l10n)
        if not choices:
            continue  # nothing to pick from yet (e.g. no cohorts)
        name = l10n(item.label_key)
        value = described.get(name) if item.kind in chosen else l10n("broadcast-audience-all")
        rows.append(
            [_btn(l10n("broadcast-filter-button", name=name, value=value), "filter", item.kind)]
        )
    rows.append([_btn(l10n("broadcast-next"), "next")])
    rows.append(_cancel_row(l10n))
    return "\n".join(lines), _kb(*rows)


def _audience_line(described: dict[str, str], l10n: Translator) -> str:
    if not described:
        return l10n("broadcast-audience-everyone")
    parts = " · ".join(f"{name}: {hd.quote(value)}" for name, value in described.items())
    return l10n("broadcast-audience-filters", filters=parts)


async def _choices_view(
    access: Access, audience: Audience, kind: str, page: int, l10n: Translator
) -> tuple[str, InlineKeyboardMarkup] | None:
    item = audience.filter(kind)
    if item is None:
        return None
    choices = await item.choices(access, l10n)
    pages = max(1, -(-len(choices) // CHOICES_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = choices[page * CHOICES_PAGE : (page + 1) * CHOICES_PAGE]
    rows: list[list[InlineKeyboardButton]] = []
    if not item.required(access):
        rows.append([_btn(l10n("broadcast-audience-all"), "pick", f"{kind}=")])
    buttons = [_btn(c.label[:48], "pick", f"{kind}={c.value}") for c in shown]
    width = 2 if all(len(c.label) <= 20 for c in shown) else 1
    rows += [buttons[i : i + width] for i in range(0, len(buttons), width)]
    if pages > 1:
        nav = []
        if page > 0:
            nav.append(_btn("‹", "filter", f"{kind}={page - 1}"))
        nav.append(_btn(f"{page + 1}/{pages}", "filter", f"{kind}={page}"))
        if page < pages - 1:
            nav.append(_btn("›", "filter", f"{kind}={page + 1}"))
        rows.append(nav)
    rows.append([_btn(l10n("button-back"), "back")])
    return l10n("broadcast-choose", name=l10n(item.label_key)), _kb(*rows)


async def _confirm_view(
    data: dict[str, Any],
    access: Access,
    audience: Audience,
    broadcasts: BroadcastService,
    settings: Settings,
    quiet: QuietHours,
    l10n: Translator,
) -> tuple[str, InlineKeyboardMarkup]:
    content, criteria, at = _content(data), _criteria(data), _at(data)
    counts = await audience.count_by_language(criteria)
    described = dict(await audience.describe(access, criteria, l10n))
    lines = [
        l10n("broadcast-confirm-title"),
        _audience_line(described, l10n),
        l10n(
            "broadcast-audience-count",
            total=sum(counts.values()),
            kk=counts["kk"],
            ru=counts["ru"],
        ),
    ]
    missing = content.missing
    if missing is not None and counts[missing]:
        lines.append(l10n("broadcast-missing-version", language=missing, count=counts[missing]))
    paid = bool(data.get("bc_paid"))
    if paid:
        lines.append(l10n("broadcast-paid-on", rate=settings.paid_broadcast_rate))
    rows: list[list[InlineKeyboardButton]] = []
    if at is None:
        lines.append(l10n("broadcast-confirm-when"))
        rows.append([_btn(l10n("broadcast-send-now"), "now")])
        rows.append([_btn(l10n("broadcast-schedule"), "when")])
    else:
        lines.append(l10n("broadcast-scheduled-for", when=broadcasts.local_time(at, l10n.locale)))
        if quiet.is_quiet(at):
            lines.append(
                l10n(
                    "broadcast-quiet-warning",
                    start=f"{quiet.start:%H:%M}",
                    end=f"{quiet.end:%H:%M}",
                )
            )
        rows.append([_btn(l10n("button-confirm"), "confirm")])
        rows.append([_btn(l10n("broadcast-change-time"), "when")])
    if settings.paid_broadcast_rate and access.manages_roles:
        rows.append([_btn(l10n("broadcast-paid-toggle", on=str(paid).lower()), "paid")])
    rows.append([_btn(l10n("broadcast-back-to-audience"), "back")])
    rows.append(_cancel_row(l10n))
    return "\n".join(lines), _kb(*rows)


def _when_view(l10n: Translator) -> tuple[str, InlineKeyboardMarkup]:
    return l10n("broadcast-ask-time"), _kb(
        [_btn(l10n("broadcast-tomorrow"), "tomorrow")],
        [_btn(l10n("button-back"), "back")],
    )


# -- composing ----------------------------------------------------------------------------------


async def _begin(
    message: Message,
    access: Access,
    state: FSMContext,
    audience: Audience,
    l10n: Translator,
    preset: Sequence[Criterion] = (),
) -> None:
    """The wizard's first step. `preset` criteria (a cohort card's «Write to the cohort») replace
    the defaults of their filters; every step checks them against the scope as usual."""
    try:
        criteria = await audience.defaults(access, l10n)
    except AudienceError:
        await message.edit_text(l10n("broadcast-no-cohorts"))
        return
    kinds = {kind for kind, _ in preset}
    criteria = [c for c in criteria if c[0] not in kinds] + list(preset)
    await state.set_state(BroadcastFlow.kk)
    await state.update_data(
        bc_kk=None,
        bc_ru=None,
        bc_audience=[list(c) for c in criteria],
        bc_at=None,
        bc_paid=False,
        bc_previewed=False,
    )
    text, kb = _ask_content("kk", l10n)
    await message.edit_text(text, reply_markup=kb)


@router.message(BroadcastFlow.kk)
@router.message(BroadcastFlow.ru)
async def content_given(
    message: Message,
    access: Access,
    state: FSMContext,
    audience: Audience,
    l10n: Translator,
) -> None:
    if not access.is_staff:  # the role may have been revoked mid-flow
        await state.clear()
        await message.answer(l10n("access-denied"))
        return
    locale = "kk" if await state.get_state() == BroadcastFlow.kk.state else "ru"
    version = version_from_message(message)
    if isinstance(version, ContentProblem):
        text, kb = _ask_content(locale, l10n)
        await message.answer(l10n(version.key, **version.args) + "\n\n" + text, reply_markup=kb)
        return
    await state.update_data({f"bc_{locale}": version.to_json()})
    await _after_content(message, locale, access, state, audience, l10n)


async def _after_content(
    message: Message,
    locale: str,
    access: Access,
    state: FSMContext,
    audience: Audience,
    l10n: Translator,
) -> None:
    """After the Kazakh version comes the Russian one; after that, the audience."""
    if locale == "kk":
        await state.set_state(BroadcastFlow.ru)
        text, kb = _ask_content("ru", l10n)
    else:
        data = await state.get_data()
        if data.get("bc_kk") is None and data.get("bc_ru") is None:
            await state.set_state(BroadcastFlow.kk)
            text, kb = _ask_content("kk", l10n)
            text = l10n("broadcast-content-none") + "\n\n" + text
        else:
            await state.set_state(BroadcastFlow.audience)
            text, kb = await _audience_view(access, audience, _criteria(data), l10n)
    await message.answer(text, reply_markup=kb)


@router.message(BroadcastFlow.audience)
@router.message(BroadcastFlow.confirm)
async def expects_button(message: Message, l10n: Translator) -> None:
    await message.answer(l10n("broadcast-use-buttons"), reply_markup=_kb(_cancel_row(l10n)))


@router.message(BroadcastFlow.when)
async def time_given(
    message: Message,
    access: Access,
    state: FSMContext,
    audience: Audience,
    broadcasts: BroadcastService,
    settings: Settings,
    quiet: QuietHours,
    clock: Clock,
    l10n: Translator,
) -> None:
    if not access.is_staff:
        await state.clear()
        await message.answer(l10n("access-denied"))
        return
    parsed = parse_local_time(message.text or "", clock.now(), broadcasts.zone)
    if isinstance(parsed, str):
        text, kb = _when_view(l10n)
        await message.answer(l10n(parsed) + "\n\n" + text, reply_markup=kb)
        return
    await state.update_data(bc_at=to_db(parsed))
    await state.set_state(BroadcastFlow.confirm)
    text, kb = await _confirm_view(
        await state.get_data(), access, audience, broadcasts, settings, quiet, l10n
    )
    await message.answer(text, reply_markup=kb)


# -- buttons ------------------------------------------------------------------------------------


@router.callback_query(BroadcastCb.filter())
async def on_button(
    query: CallbackQuery,
    callback_data: BroadcastCb,
    access: Access,
    state: FSMContext,
    audience: Audience,
    broadcasts: BroadcastService,
    settings: Settings,
    quiet: QuietHours,
    clock: Clock,
    l10n: Translator,
    bot: Bot,
) -> None:
    message = query.message
    if not access.is_staff:
        log.warning("user %s sent a broadcast callback without the right", query.from_user.id)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    if not isinstance(message, Message):
        await query.answer()
        return
    action, value = callback_data.action, callback_data.value

    if action == "stop":
        await _stop(query, message, value, access, broadcasts, l10n, bot)
        return
    if action == "new":
        await query.answer()
        await _begin(message, access, state, audience, l10n)
        return

    current = await state.get_state()
    data = await state.get_data()
    if action == "cancel" and current in BroadcastFlow.__all_states_names__:
        await state.clear()
        await query.answer(l10n("broadcast-cancelled"))
        text, kb = await _list_view(access, broadcasts, l10n)
        await message.edit_text(text, reply_markup=kb)
        return

    if action == "skip" and value in LOCALES and current == _content_state(value):
        await query.answer()
        await state.update_data({f"bc_{value}": None})
        await message.edit_reply_markup(reply_markup=None)
        await _after_content(message, value, access, state, audience, l10n)
        return

    if current == BroadcastFlow.audience.state and action in ("filter", "pick", "next"):
        await _audience_action(query, message, action, value, data, access, state, audience, l10n)
        if action == "next" and await state.get_state() == BroadcastFlow.confirm.state:
            data = await state.get_data()
            text, kb = await _confirm_view(
                data, access, audience, broadcasts, settings, quiet, l10n
            )
            if data.get("bc_previewed"):  # back from the card: no second preview
                await message.edit_text(text, reply_markup=kb)
                return
            await message.edit_reply_markup(reply_markup=None)
            await _preview(message, data, bot, l10n)
            await state.update_data(bc_previewed=True)
            await message.answer(text, reply_markup=kb)
        return

    if action == "back" and current in (
        BroadcastFlow.audience.state,
        BroadcastFlow.confirm.state,
    ):
        await query.answer()
        await state.set_state(BroadcastFlow.audience)
        text, kb = await _audience_view(access, audience, _criteria(data), l10n)
        await message.edit_text(text, reply_markup=kb)
        return

    if action == "back" and current == BroadcastFlow.when.state:
        await query.answer()
        await state.set_state(BroadcastFlow.confirm)
        text, kb = await _confirm_view(data, access, audience, broadcasts, settings, quiet, l10n)
        await message.edit_text(text, reply_markup=kb)
        return

    if action == "when" and current == BroadcastFlow.confirm.state:
        await query.answer()
        await state.set_state(BroadcastFlow.when)
        text, kb = _when_view(l10n)
        await message.edit_text(text, reply_markup=kb)
        return

    if action == "tomorrow" and current == BroadcastFlow.when.state:
        await query.answer()
        await state.update_data(bc_at=to_db(tomorrow_at(clock.now(), broadcasts.zone)))
        await state.set_state(BroadcastFlow.confirm)
        text, kb = await _confirm_view(
            await state.get_data(), access, audience, broadcasts, settings, quiet, l10n
        )
        await message.edit_text(text, reply_markup=kb)
        return

    if action == "paid" and current == BroadcastFlow.confirm.state:
        if not (settings.paid_broadcast_rate and access.manages_roles):
            await query.answer(l10n("access-denied"), show_alert=True)
            return
        await query.answer()
        await state.update_data(bc_paid=not data.get("bc_paid"))
        text, kb = await _confirm_view(
            await state.get_data(), access, audience, broadcasts, settings, quiet, l10n
        )
        await message.edit_text(text, reply_markup=kb)
        return

    if (action == "now" or (action == "confirm" and _at(data))) and (
        current == BroadcastFlow.confirm.state
    ):
        await _send(
            query, message, action, data, access, state, audience, broadcasts, clock, l10n, bot
        )
        return

    # A button from a step the user has already left.
    await query.answer(l10n("button-stale"), show_alert=True)


def _content_state(locale: str) -> str | None:
    return (BroadcastFlow.kk if locale == "kk" else BroadcastFlow.ru).state


async def _audience_action(
    query: CallbackQuery,
    message: Message,
    action: str,
    value: str,
    data: dict[str, Any],
    access: Access,
    state: FSMContext,
    audience: Audience,
    l10n: Translator,
) -> None:
    criteria = _criteria(data)
    kind, _, rest = value.partition("=")
    if action == "filter":
        view = await _choices_view(
            access, audience, kind, int(rest) if rest.isdigit() else 0, l10n
        )
        if view is None:
            await query.answer(l10n("button-stale"), show_alert=True)
            return
        await query.answer()
        await message.edit_text(view[0], reply_markup=view[1])
        return
    if action == "pick":
        updated = [c for c in criteria if c[0] != kind] + ([(kind, rest)] if rest else [])
        try:
            await audience.check(access, updated, l10n)
        except AudienceError as exc:
            log.warning("user %s: audience refused: %s", access.user_id, exc)
            await query.answer(l10n("broadcast-audience-refused"), show_alert=True)
            return
        await query.answer()
        await state.update_data(bc_audience=[list(c) for c in updated])
        text, kb = await _audience_view(access, audience, updated, l10n)
        await message.edit_text(text, reply_markup=kb)
        return
    # next
    try:
        await audience.check(access, criteria, l10n)
    except AudienceError as exc:
        log.warning("user %s: audience refused: %s", access.user_id, exc)
        await query.answer(l10n("broadcast-audience-refused"), show_alert=True)
        return
    counts = await audience.count_by_language(criteria)
    if not sum(counts.values()):
        await query.answer(l10n("broadcast-audience-empty"), show_alert=True)
        return
    await query.answer()
    await state.set_state(BroadcastFlow.confirm)


async def _preview(message: Message, data: dict[str, Any], bot: Bot, l10n: Translator) -> None:
    """Each version exactly as its readers will get it, under a one-line label."""
    content = _content(data)
    for locale, version in (("kk", content.kk), ("ru", content.ru)):
        if version is None:
            continue
        await message.answer(l10n("broadcast-preview", step=4, steps=STEPS, language=locale))
        await send_version(bot, message.chat.id, version)


async def _send(
    query: CallbackQuery,
    message: Message,
    action: str,
    data: dict[str, Any],
    access: Access,
    state: FSMContext,
    audience: Audience,
    broadcasts: BroadcastService,
    clock: Clock,
    l10n: Translator,
    bot: Bot,
) -> None:
    criteria, at = _criteria(data), _at(data) if action == "confirm" else None
    try:
        await audience.check(access, criteria, l10n)
    except AudienceError as exc:
        log.warning("user %s: audience refused at sending: %s", access.user_id, exc)
        await query.answer(l10n("broadcast-audience-refused"), show_alert=True)
        return
    if at is not None and at <= clock.now():
        await state.set_state(BroadcastFlow.when)
        await query.answer(l10n("broadcast-when-past"), show_alert=True)
        text, kb = _when_view(l10n)
        await message.edit_text(text, reply_markup=kb)
        return
    if not sum((await audience.count_by_language(criteria)).values()):
        await query.answer(l10n("broadcast-audience-empty"), show_alert=True)
        return
    await state.clear()
    broadcast = await broadcasts.create(
        access.user_id,
        _content(data),
        criteria,
        at=at,
        paid=bool(data.get("bc_paid")),
        progress=(message.chat.id, message.message_id),
    )
    log.info("user %s created broadcast %d (%s)", access.user_id, broadcast.id, broadcast.status)
    if broadcast.status == "scheduled":
        await query.answer(l10n("broadcast-scheduled-ok"))
        await message.edit_text(
            l10n(
                "broadcast-scheduled",
                id=str(broadcast.id),
                when=broadcasts.local_time(broadcast.scheduled_at, l10n.locale),
            ),
            reply_markup=_kb([_btn(l10n("broadcast-cancel-button"), "stop", str(broadcast.id))]),
        )
        return
    await query.answer(l10n("broadcast-started"))
    await broadcasts.show_progress(bot, broadcast)


async def _stop(
    query: CallbackQuery,
    message: Message,
    value: str,
    access: Access,
    broadcasts: BroadcastService,
    l10n: Translator,
    bot: Bot,
) -> None:
    broadcast = await broadcasts.repo.get(int(value)) if value.isdigit() else None
    if broadcast is None or not _may_manage(access, broadcast):
        log.warning("user %s may not stop broadcast %r", access.user_id, value)
        await query.answer(l10n("access-denied"), show_alert=True)
        return
    stopped = await broadcasts.cancel(broadcast.id)
    on_progress = message.message_id == broadcast.progress_message_id
    if stopped is None:
        await query.answer(l10n("broadcast-already-ended"), show_alert=True)
        if on_progress:
            return  # it already shows the final figures
    else:
        await query.answer(l10n("broadcast-stopped", id=str(broadcast.id)))
    if stopped is not None and on_progress:
        await broadcasts.show_progress(bot, stopped)
    else:  # pressed in the list: refresh it
        text, kb = await _list_view(access, broadcasts, l10n)
        await message.edit_text(text, reply_markup=kb)
