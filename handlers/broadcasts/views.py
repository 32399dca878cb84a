"""The broadcast screens: the list, asking for a version, the audience and a filter's choices,
the confirm card, asking for a time. Each returns a `Screen`; handlers show or send it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram.types import InlineKeyboardButton
from aiogram.utils.text_decorations import html_decoration as hd

from bot.broadcasts.audience import Criterion
from bot.broadcasts.service import Content, Version, first_words, quick_times
from bot.core.i18n import Translator
from bot.telegram.callbacks import BroadcastAction, BroadcastActionCb, BroadcastCb, BroadcastStep
from bot.telegram.screens import Screen, button, columns, keyboard, page_bounds, pager
from handlers.broadcasts.common import STEPS, Ctx, content_of, criteria_of, moment_of

CHOICES_PAGE = 10


def cancel_row(l10n: Translator) -> list[InlineKeyboardButton]:
    return [button(l10n("button-cancel"), BroadcastCb(action=BroadcastStep.cancel))]


def about(content: Content, l10n: Translator) -> str:
    """What a broadcast says, in a few words of the reader's version (or what file it is)."""
    words = first_words(content, l10n.locale)
    if words:
        return l10n("broadcast-list-words", words=hd.quote(words))
    return l10n("broadcast-list-file", type=content.for_locale(l10n.locale).type)


def audience_line(described: dict[str, str], l10n: Translator) -> str:
    if not described:
        return l10n("broadcast-audience-everyone")
    parts = " · ".join(f"{name}: {hd.quote(value)}" for name, value in described.items())
    return l10n("broadcast-audience-filters", filters=parts)


async def _who(
    ctx: Ctx, criteria: Sequence[Criterion]
) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """How many people per language, the chosen filters by name, and the two lines saying so."""
    access, audience, l10n = ctx.access, ctx.audience, ctx.l10n
    counts = await audience.count_by_language(criteria, access)
    described = dict(await audience.describe(access, criteria, l10n))
    lines = [
        audience_line(described, l10n),
        l10n(
            "broadcast-audience-count",
            total=sum(counts.values()),
            kk=counts["kk"],
            ru=counts["ru"],
        ),
    ]
    return counts, described, lines


# -- the list -----------------------------------------------------------------------------------


async def list_view(ctx: Ctx) -> Screen:
    access, broadcasts, l10n = ctx.access, ctx.broadcasts, ctx.l10n
    lines = [l10n("broadcast-list-title")]
    rows: list[list[InlineKeyboardButton]] = [
        [button(l10n("broadcast-new-button"), BroadcastCb(action=BroadcastStep.new))]
    ]
    found = await broadcasts.listed(access)
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
                about=about(item.content, l10n),
                audience=audience_line(described, l10n),
            )
        )
        if item.status in ("scheduled", "sending") and broadcasts.may_manage(access, item):
            stop = l10n("broadcast-list-cancel", id=str(item.id))
            row = [button(stop, BroadcastCb(action=BroadcastStep.stop, value=str(item.id)))]
            if item.status == "scheduled":
                edit = BroadcastActionCb(action=BroadcastAction.edit, broadcast=item.id)
                row.insert(0, button(l10n("broadcast-list-edit", id=str(item.id)), edit))
            rows.append(row)
    return "\n".join(lines), keyboard(*rows)


# -- the wizard's screens -----------------------------------------------------------------------


def ask_content(locale: str, l10n: Translator, data: dict[str, Any] | None = None) -> Screen:
    """Ask for one language's version; when a scheduled broadcast is being changed, show the
    current one and offer to keep it."""
    step = 1 if locale == "kk" else 2
    text = l10n("broadcast-ask-content", step=step, steps=STEPS, language=locale)
    skip = l10n("broadcast-skip-language", language=locale)
    keep: list[InlineKeyboardButton] = []
    current = (data or {}).get(f"bc_{locale}")
    if data and data.get("bc_edit") and current:
        version = Version.from_json(current)
        text += "\n\n" + l10n(
            "broadcast-edit-current", about=about(Content(**{locale: version}), l10n)
        )
        kept = BroadcastActionCb(
            action=BroadcastAction.keep, broadcast=int(data["bc_edit"]), value=locale
        )
        keep = [button(l10n("broadcast-keep-version", language=locale), kept)]
    return text, keyboard(
        keep,
        [button(skip, BroadcastCb(action=BroadcastStep.skip, value=locale))],
        cancel_row(l10n),
    )


async def audience_view(ctx: Ctx, criteria: Sequence[Criterion]) -> Screen:
    access, audience, l10n = ctx.access, ctx.audience, ctx.l10n
    _, described, who = await _who(ctx, criteria)
    chosen = dict(criteria)
    rows: list[list[InlineKeyboardButton]] = []
    for item in audience.filters:
        choices = await item.choices(access, l10n)
        if not choices:
            continue  # nothing to pick from yet (e.g. no cohorts)
        name = l10n(item.label_key)
        value = described.get(name) if item.kind in chosen else l10n("broadcast-audience-all")
        label = l10n("broadcast-filter-button", name=name, value=value)
        rows.append([button(label, BroadcastCb(action=BroadcastStep.filter, value=item.kind))])
    return "\n".join([l10n("broadcast-audience-title", step=3, steps=STEPS), *who]), keyboard(
        *rows,
        [button(l10n("broadcast-next"), BroadcastCb(action=BroadcastStep.next))],
        cancel_row(l10n),
    )


async def choices_view(ctx: Ctx, kind: str, page: int) -> Screen | None:
    access, audience, l10n = ctx.access, ctx.audience, ctx.l10n
    item = audience.filter(kind)
    if item is None:
        return None
    choices = await item.choices(access, l10n)
    page, pages = page_bounds(len(choices), page, CHOICES_PAGE)
    shown = choices[page * CHOICES_PAGE : (page + 1) * CHOICES_PAGE]
    everyone: list[InlineKeyboardButton] = []
    if not item.required(access):
        everyone = [
            button(
                l10n("broadcast-audience-all"),
                BroadcastCb(action=BroadcastStep.pick, value=f"{kind}="),
            )
        ]
    buttons = [
        button(c.label[:48], BroadcastCb(action=BroadcastStep.pick, value=f"{kind}={c.value}"))
        for c in shown
    ]
    width = 2 if all(len(c.label) <= 20 for c in shown) else 1

    def to_page(n: int) -> BroadcastCb:
        return BroadcastCb(action=BroadcastStep.filter, value=f"{kind}={n}")

    return l10n("broadcast-choose", name=l10n(item.label_key)), keyboard(
        everyone,
        *columns(buttons, width),
        pager(page, pages, to_page, to_page(page)),
        [button(l10n("button-back"), BroadcastCb(action=BroadcastStep.back))],
    )


async def confirm_view(data: dict[str, Any], ctx: Ctx) -> Screen:
    access, broadcasts, l10n = ctx.access, ctx.broadcasts, ctx.l10n
    settings, quiet = ctx.settings, ctx.quiet
    content, criteria, at = content_of(data), criteria_of(data), moment_of(data)
    counts, _, who = await _who(ctx, criteria)
    lines = [l10n("broadcast-confirm-title"), *who]
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
        rows.append([button(l10n("broadcast-send-now"), BroadcastCb(action=BroadcastStep.now))])
        rows.append([button(l10n("broadcast-schedule"), BroadcastCb(action=BroadcastStep.when))])
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
        rows.append([button(l10n("button-confirm"), BroadcastCb(action=BroadcastStep.confirm))])
        rows.append(
            [button(l10n("broadcast-change-time"), BroadcastCb(action=BroadcastStep.when))]
        )
    if settings.paid_broadcast_rate and access.manages_roles:
        toggle = l10n("broadcast-paid-toggle", on=str(paid).lower())
        rows.append([button(toggle, BroadcastCb(action=BroadcastStep.paid))])
    rows.append(
        [button(l10n("broadcast-back-to-audience"), BroadcastCb(action=BroadcastStep.back))]
    )
    rows.append(cancel_row(l10n))
    return "\n".join(lines), keyboard(*rows)


def when_view(ctx: Ctx) -> Screen:
    """Ask for a time: one tap for the next whole hours today and tomorrow morning."""
    l10n, broadcasts, quiet = ctx.l10n, ctx.broadcasts, ctx.quiet
    now = broadcasts.now()
    zone = broadcasts.zone
    today = now.astimezone(zone).date()
    by_day: dict[str, list[InlineKeyboardButton]] = {"today": [], "tomorrow": []}
    for moment in quick_times(now, zone, quiet):
        local = moment.astimezone(zone)
        day = "today" if local.date() == today else "tomorrow"
        label = l10n("broadcast-at-button", day=day, time=f"{local:%H:%M}")
        at = BroadcastActionCb(action=BroadcastAction.at, value=str(int(moment.timestamp())))
        by_day[day].append(button(label, at))
    return l10n("broadcast-ask-time"), keyboard(
        by_day["today"],
        by_day["tomorrow"],
        [button(l10n("button-back"), BroadcastCb(action=BroadcastStep.back))],
    )
