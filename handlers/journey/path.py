"""One person's path on one screen: «🧭 My path» for the person, and for a coordinator a
person found by an application number, a name, a phone or a Telegram id (or opened with
«🧭 Path» on an application's or a loan's card). Steps grouped by stage, a button to each card.
"""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.core.i18n import Translator
from bot.journey.service import Journey, Stage, Step
from bot.telegram.callbacks import JourneyAction, JourneyCb
from bot.telegram.links import render
from bot.telegram.menu import MenuButton
from bot.telegram.screens import Screen, button, cut, keyboard, send, show
from handlers.journey.common import PERSON, Ctx, JourneyFlow

router = Router(name=__name__)

PER_STAGE = 5  # the newest steps of a stage on the screen; the rest counted
BUTTONS = 12  # buttons to cards, two a row
ICONS = {
    Stage.applications: "📝",
    Stage.training: "🎓",
    Stage.webinars: "🎤",
    Stage.contest: "🏆",
    Stage.funding: "💰",
    Stage.mentoring: "🤝",
}


def step_line(step: Step, l10n: Translator) -> str:
    args = {k: html.escape(v) if isinstance(v, str) else v for k, v in step.args.items()}
    return "• " + l10n(f"journey-{step.kind}", status=step.status, on=step.on or "—", **args)


def path_view(found: Journey, l10n: Translator, *, coordinator: bool) -> Screen:
    person = found.person
    if coordinator:
        title = l10n("journey-title-person", name=html.escape(person.full_name), id=str(person.id))
    else:
        title = l10n("journey-title-mine")
    lines = [title]
    buttons: list[InlineKeyboardButton] = []
    stages = found.stages()
    for stage, steps in stages:
        lines += ["", f"{ICONS[stage]} " + l10n("journey-stage", stage=stage.value)]
        shown = steps[-PER_STAGE:]
        if len(steps) > len(shown):
            lines.append(l10n("journey-earlier", count=len(steps) - len(shown)))
        lines += [step_line(step, l10n) for step in shown]
        for step in shown:
            if step.link is not None and len(buttons) < BUTTONS:
                label = f"{ICONS[stage]} {cut(step.label, 24)}"
                buttons.append(button(label, render(step.link.encode())))
    if not stages:
        lines += ["", l10n("journey-empty" if coordinator else "journey-empty-mine")]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if coordinator:
        rows.append(
            [
                button(l10n("journey-search-button"), JourneyCb(action=JourneyAction.search)),
                button(l10n("journey-funnel-button"), JourneyCb(action=JourneyAction.funnel)),
            ]
        )
    return "\n".join(lines), keyboard(*rows)


# -- the person's own path ------------------------------------------------------------------------


async def mine_view(ctx: Ctx) -> Screen:
    found = await ctx.journey.own(ctx.access.user_id)
    if found is None:
        return ctx.l10n("journey-empty-mine"), None
    return path_view(found, ctx.l10n, coordinator=False)


@router.message(MenuButton("menu-journey"))
async def mine(message: Message, ctx: Ctx) -> None:
    await send(message, await mine_view(ctx))


@router.callback_query(JourneyCb.filter(F.action == JourneyAction.mine))
async def mine_again(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await show(message, await mine_view(ctx))


# -- a coordinator: find a person, open their path -----------------------------------------------


@router.callback_query(JourneyCb.filter(F.action == JourneyAction.search))
async def ask(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await ctx.state.set_state(JourneyFlow.search)
    await message.answer(ctx.l10n("journey-search-prompt"))


@router.message(StateFilter(JourneyFlow.search), F.text)
async def typed(message: Message, ctx: Ctx) -> None:
    l10n = ctx.l10n
    found = await ctx.journey.search(ctx.access, message.text or "")
    again = button(l10n("journey-search-again"), JourneyCb(action=JourneyAction.search))
    if not found:
        await message.answer(l10n("journey-search-none"), reply_markup=keyboard([again]))
        return
    await ctx.leave()
    if len(found) == 1:
        journey = await ctx.journey.for_coordinator(ctx.access, found[0].id)
        if journey is not None:
            await send(message, path_view(journey, l10n, coordinator=True))
            return
    rows = [
        [
            button(
                cut(f"{person.full_name} · id{person.id}", 40),
                JourneyCb(action=JourneyAction.person, u=person.id),
            )
        ]
        for person in found
    ]
    await message.answer(
        l10n("journey-search-found", count=len(found)), reply_markup=keyboard(*rows, [again])
    )


@router.callback_query(JourneyCb.filter(F.action == JourneyAction.person), flags=PERSON)
async def person(query: CallbackQuery, message: Message, found: Journey, ctx: Ctx) -> None:
    """From a search result, or «🧭 Path» on an application's or a loan's card: a new message,
    so the card stays above it."""
    await query.answer()
    await send(message, path_view(found, ctx.l10n, coordinator=True))
