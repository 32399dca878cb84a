"""Coordinators' and trainers' announcements: compose (kk and ru), choose the audience, preview,
send now or schedule, watch progress, cancel; `/broadcasts` lists them.

Every step re-checks on the server who is asking and whether the audience is within their scope
(a trainer: only their own cohorts; a regional coordinator: only their region). Callback data can
be forged and a role can be revoked between two taps.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.text_decorations import html_decoration as hd

from bot.broadcasts.audience import Audience, AudienceError, Criterion
from bot.broadcasts.service import (
    BroadcastService,
    ContentProblem,
    first_words,
    moment_from_button,
    parse_local_time,
    quick_times,
    send_version,
    tomorrow_at,
    version_from_message,
)
from bot.core.access import Access
from bot.core.clock import Clock
from bot.core.config import LOCALES, Settings
from bot.core.i18n import Translator
from bot.delivery.quiet_hours import QuietHours
from bot.telegram.callbacks import BroadcastAction, BroadcastActionCb, BroadcastCb
from bot.telegram.filters import PrivateChat
from bot.telegram.menu import MenuButton
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


def _act(
    text: str, action: BroadcastAction, broadcast: int = 0, value: str = ""
) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text,
        callback_data=BroadcastActionCb(action=action, broadcast=broadcast, value=value).pack(),
    )


def _cancel_row(l10n: Translator) -> list[InlineKeyboardButton]:
    return [_btn(l10n("button-cancel"), "cancel")]


def _about(content: Content, l10n: Translator) -> str:
    """What a broadcast says, in a few words of the reader's version (or what file it is)."""
    words = first_words(content, l10n.locale)
    if words:
        return l10n("broadcast-list-words", words=hd.quote(words))
    return l10n("broadcast-list-file", type=content.for_locale(l10n.locale).type)


async def _card(state: FSMContext, sent: Message | bool) -> None:
    """Remember the wizard's current card: buttons on any older one are out of date."""
    if isinstance(sent, Message):
        await state.update_data(bc_msg=sent.message_id)


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
        described = dict(await broadcasts.audience.describe(access, item.audience, l10n))
        lines.append(
            l10n(
                "broadcast-list-about",
                about=_about(item.content, l10n),
                audience=_audience_line(described, l10n),
            )
        )
        if item.status in ("scheduled", "sending") and _may_manage(access, item):
            row = [_btn(l10n("broadcast-list-cancel", id=str(item.id)), "stop", str(item.id))]
            if item.status == "scheduled":
                edit = l10n("broadcast-list-edit", id=str(item.id))
                row.insert(0, _act(edit, BroadcastAction.edit, item.id))
            rows.append(row)
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


def _ask_content(
    locale: str, l10n: Translator, data: dict[str, Any] | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """Ask for one language's version; when a scheduled broadcast is being changed, show the
    current one and offer to keep it."""
    step = 1 if locale == "kk" else 2
    text = l10n("broadcast-ask-content", step=step, steps=STEPS, language=locale)
    skip = _btn(l10n("broadcast-skip-language", language=locale), "skip", locale)
    rows: list[list[InlineKeyboardButton]] = []
    current = (data or {}).get(f"bc_{locale}")
    if data and data.get("bc_edit") and current:
        version = Version.from_json(current)
        text += "\n\n" + l10n(
            "broadcast-edit-current", about=_about(Content(**{locale: version}), l10n)
        )
        keep = l10n("broadcast-keep-version", language=locale)
        rows.append([_act(keep, BroadcastAction.keep, int(data["bc_edit"]), locale)])
    return text, _kb(*rows, [skip], _cancel_row(l10n))


async def _audience_view(
    access: Access, audience: Audience, criteria: Sequence[Criterion], l10n: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    counts = await audience.count_by_language(criteria, access)
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
    counts = await audience.count_by_language(criteria, access)
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
    now = broadcasts.now()
    if at is None:
        lines.append(l10n("broadcast-confirm-when"))
        if quiet.is_quiet(now):  # said before the press, not after
            lines.append(
                l10n(
                    "broadcast-now-quiet-warning",
                    start=f"{quiet.start:%H:%M}",
                    end=f"{quiet.end:%H:%M}",
                    until=f"{quiet.next_allowed(now).astimezone(broadcasts.zone):%H:%M}",
                )
            )
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


def _when_view(
    l10n: Translator, broadcasts: BroadcastService, quiet: QuietHours
) -> tuple[str, InlineKeyboardMarkup]:
    """Ask for a time: one tap for the next whole hours today and tomorrow morning."""
    now = broadcasts.now()
    zone = broadcasts.zone
    today = now.astimezone(zone).date()
    by_day: dict[str, list[InlineKeyboardButton]] = {"today": [], "tomorrow": []}
    for moment in quick_times(now, zone, quiet):
        local = moment.astimezone(zone)
        day = "today" if local.date() == today else "tomorrow"
        label = l10n("broadcast-at-button", day=day, time=f"{local:%H:%M}")
        by_day[day].append(_act(label, BroadcastAction.at, value=str(int(moment.timestamp()))))
    return l10n("broadcast-ask-time"), _kb(
        by_day["today"], by_day["tomorrow"], [_btn(l10n("button-back"), "back")]
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
    await _retire_card(message, state)
    await state.set_state(BroadcastFlow.kk)
    await state.set_data(
        {
            "bc_kk": None,
            "bc_ru": None,
            "bc_audience": [list(c) for c in criteria],
            "bc_at": None,
            "bc_paid": False,
            "bc_previewed": False,
            "bc_msg": message.message_id,
        }
    )
    text, kb = _ask_content("kk", l10n)
    await message.edit_text(text, reply_markup=kb)


async def _retire_card(message: Message, state: FSMContext) -> None:
    """A wizard begins again: the previous one's card loses its buttons."""
    if await state.get_state() not in BroadcastFlow.__all_states_names__:
        return
    old = (await state.get_data()).get("bc_msg")
    if isinstance(old, int) and old != message.message_id and message.bot is not None:
        with contextlib.suppress(TelegramBadRequest):  # gone, or already without buttons
            await message.bot.edit_message_reply_markup(
                chat_id=message.chat.id, message_id=old, reply_markup=None
            )


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
        text, kb = _ask_content(locale, l10n, await state.get_data())
        sent = await message.answer(
            l10n(version.key, **version.args) + "\n\n" + text, reply_markup=kb
        )
        await _card(state, sent)
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
    data = await state.get_data()
    if locale == "kk":
        await state.set_state(BroadcastFlow.ru)
        text, kb = _ask_content("ru", l10n, data)
    elif data.get("bc_kk") is None and data.get("bc_ru") is None:
        await state.set_state(BroadcastFlow.kk)
        text, kb = _ask_content("kk", l10n, data)
        text = l10n("broadcast-content-none") + "\n\n" + text
    else:
        await state.set_state(BroadcastFlow.audience)
        text, kb = await _audience_view(access, audience, _criteria(data), l10n)
    await _card(state, await message.answer(text, reply_markup=kb))


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
        text, kb = _when_view(l10n, broadcasts, quiet)
        await _card(state, await message.answer(l10n(parsed) + "\n\n" + text, reply_markup=kb))
        return
    await state.update_data(bc_at=to_db(parsed))
    await state.set_state(BroadcastFlow.confirm)
    text, kb = await _confirm_view(
        await state.get_data(), access, audience, broadcasts, settings, quiet, l10n
    )
    await _card(state, await message.answer(text, reply_markup=kb))


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
        await query.answer(
            l10n("broadcast-edit-cancelled" if data.get("bc_edit") else "broadcast-cancelled")
        )
        text, kb = await _list_view(access, broadcasts, l10n)
        await message.edit_text(text, reply_markup=kb)
        return
    if data.get("bc_msg") not in (None, message.message_id):
        # A card of a wizard this person has since left (a second /broadcasts).
        await query.answer(l10n("button-stale"), show_alert=True)
        if message.reply_markup is not None:
            with contextlib.suppress(TelegramBadRequest):
                await message.edit_reply_markup(reply_markup=None)
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
            await _card(state, await message.answer(text, reply_markup=kb))
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
        text, kb = _when_view(l10n, broadcasts, quiet)
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
            query,
            message,
            action,
            data,
            access,
            state,
            audience,
            broadcasts,
            quiet,
            clock,
            l10n,
            bot,
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
    counts = await audience.count_by_language(criteria, access)
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
    quiet: QuietHours,
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
        text, kb = _when_view(l10n, broadcasts, quiet)
        await message.edit_text(text, reply_markup=kb)
        return
    if not sum((await audience.count_by_language(criteria, access)).values()):
        await query.answer(l10n("broadcast-audience-empty"), show_alert=True)
        return
    await state.clear()
    editing = data.get("bc_edit")
    if editing:
        edited = await _save_edit(int(editing), data, criteria, at, access, broadcasts, message)
        if edited is None:
            await query.answer(l10n("broadcast-edit-too-late"), show_alert=True)
            text, kb = await _list_view(access, broadcasts, l10n)
            await message.edit_text(text, reply_markup=kb)
            return
        broadcast = edited
    else:
        broadcast = await broadcasts.create(
            access.user_id,
            _content(data),
            criteria,
            at=at,
            paid=bool(data.get("bc_paid")),
            progress=(message.chat.id, message.message_id),
        )
    log.info("user %s saved broadcast %d (%s)", access.user_id, broadcast.id, broadcast.status)
    if broadcast.status == "scheduled":
        await query.answer(l10n("broadcast-scheduled-ok"))
        await message.edit_text(
            l10n(
                "broadcast-edited" if editing else "broadcast-scheduled",
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


async def _save_edit(
    broadcast_id: int,
    data: dict[str, Any],
    criteria: list[Criterion],
    at: datetime | None,
    access: Access,
    broadcasts: BroadcastService,
    message: Message,
) -> Broadcast | None:
    """A scheduled broadcast changed through the wizard; None when it started meanwhile."""
    found = await broadcasts.repo.get(broadcast_id)
    if found is None or not _may_manage(access, found):
        return None
    edited = await broadcasts.update(
        broadcast_id, _content(data), criteria, at=at, paid=bool(data.get("bc_paid"))
    )
    if edited is not None:
        # This card now shows its progress (the old one may be far up the chat).
        await broadcasts.repo.set_progress_message(
            broadcast_id, message.chat.id, message.message_id, broadcasts.now()
        )
        edited = await broadcasts.repo.require(broadcast_id)
    return edited


# -- changing a scheduled broadcast, one-tap times, the failed list ------------------------------


async def _managed(
    query: CallbackQuery,
    callback_data: BroadcastActionCb,
    access: Access,
    broadcasts: BroadcastService,
    l10n: Translator,
) -> Broadcast | None:
    """The broadcast a button names, if this person may manage it (else refused, None)."""
    found = await broadcasts.repo.get(callback_data.broadcast)
    if found is None or not access.is_staff or not _may_manage(access, found):
        log.warning(
            "user %s may not %s broadcast %s",
            access.user_id,
            callback_data.action.name,
            callback_data.broadcast,
        )
        await query.answer(l10n("access-denied"), show_alert=True)
        return None
    return found


@router.callback_query(BroadcastActionCb.filter(F.action == BroadcastAction.edit))
async def edit_scheduled(
    query: CallbackQuery,
    callback_data: BroadcastActionCb,
    access: Access,
    state: FSMContext,
    broadcasts: BroadcastService,
    l10n: Translator,
) -> None:
    """The wizard again, filled in with the broadcast as it is: keep or replace each version,
    change the audience and the time; confirming saves it, if it has not started by then."""
    found = await _managed(query, callback_data, access, broadcasts, l10n)
    message = query.message
    if found is None:
        return
    if found.status != "scheduled" or not isinstance(message, Message):
        await query.answer(l10n("broadcast-edit-too-late"), show_alert=True)
        return
    await query.answer()
    await _retire_card(message, state)
    content = found.content
    await state.set_state(BroadcastFlow.kk)
    await state.set_data(
        {
            "bc_kk": content.kk.to_json() if content.kk else None,
            "bc_ru": content.ru.to_json() if content.ru else None,
            "bc_audience": [list(c) for c in found.audience],
            "bc_at": to_db(found.scheduled_at),
            "bc_paid": found.paid,
            "bc_previewed": False,
            "bc_edit": found.id,
            "bc_msg": message.message_id,
        }
    )
    text, kb = _ask_content("kk", l10n, await state.get_data())
    await message.edit_text(
        l10n("broadcast-edit-title", id=str(found.id)) + "\n" + text, reply_markup=kb
    )


@router.callback_query(BroadcastActionCb.filter(F.action == BroadcastAction.keep))
async def keep_version(
    query: CallbackQuery,
    callback_data: BroadcastActionCb,
    access: Access,
    state: FSMContext,
    audience: Audience,
    l10n: Translator,
) -> None:
    locale = callback_data.value
    data = await state.get_data()
    message = query.message
    if (
        not access.is_staff
        or locale not in LOCALES
        or await state.get_state() != _content_state(locale)
        or data.get("bc_edit") != callback_data.broadcast
        or not isinstance(message, Message)
        or data.get("bc_msg") not in (None, message.message_id)
    ):
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    await _after_content(message, locale, access, state, audience, l10n)


@router.callback_query(BroadcastActionCb.filter(F.action == BroadcastAction.at))
async def time_tapped(
    query: CallbackQuery,
    callback_data: BroadcastActionCb,
    access: Access,
    state: FSMContext,
    audience: Audience,
    broadcasts: BroadcastService,
    settings: Settings,
    quiet: QuietHours,
    l10n: Translator,
) -> None:
    message = query.message
    data = await state.get_data()
    if (
        not access.is_staff
        or await state.get_state() != BroadcastFlow.when.state
        or not isinstance(message, Message)
        or data.get("bc_msg") not in (None, message.message_id)
    ):
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    moment = moment_from_button(callback_data.value, broadcasts.now())
    if isinstance(moment, str):
        await query.answer(l10n(moment), show_alert=True)
        text, kb = _when_view(l10n, broadcasts, quiet)
        await message.edit_text(text, reply_markup=kb)
        return
    await query.answer()
    await state.update_data(bc_at=to_db(moment))
    await state.set_state(BroadcastFlow.confirm)
    text, kb = await _confirm_view(
        await state.get_data(), access, audience, broadcasts, settings, quiet, l10n
    )
    await message.edit_text(text, reply_markup=kb)


@router.callback_query(BroadcastActionCb.filter(F.action == BroadcastAction.failed))
async def failed_list(
    query: CallbackQuery,
    callback_data: BroadcastActionCb,
    access: Access,
    broadcasts: BroadcastService,
    l10n: Translator,
) -> None:
    """Who a finished broadcast did not reach, and why, as Excel."""
    found = await _managed(query, callback_data, access, broadcasts, l10n)
    message = query.message
    if found is None:
        return
    if not isinstance(message, Message):
        await query.answer()
        return
    await query.answer()
    data = await broadcasts.failed_list(found.id, l10n)
    await message.answer_document(
        BufferedInputFile(data, filename=f"broadcast-{found.id}-failed.xlsx"),
        caption=l10n("broadcast-failed-caption", id=str(found.id)),
    )
