"""Which program to apply to: the open programs, a program's card, its eligibility questions,
the way into the form; consent before the first application; "tell me when it opens"."""

from __future__ import annotations

import html
from datetime import date

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.applications.service import Application, ApplicationService
from bot.core.catalogue import Program
from bot.core.i18n import Money, Translator
from bot.core.people import User
from bot.telegram.callbacks import ApplyAction, ApplyActionCb, ApplyCb, ApplyExtraAction
from bot.telegram.menu import MenuButton
from bot.telegram.screens import button, keyboard, show
from handlers.applications.apply.steps import (
    PROGRAM,
    QUESTION,
    ap,
    ask,
    eligibility_screen,
)
from handlers.applications.guard import APP_KEY, Ctx, Need, needs
from handlers.states import ApplyFlow

router = Router(name=__name__)


async def _programs_view(
    user: User, applications: ApplicationService, today: date, l10n: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    mine = {a.program: a for a in await applications.of_user(user.id)}
    rows = []
    for program in applications.catalogue.open_on(today):
        draft = mine.get(program.code)
        label = program.name(l10n.locale)
        if draft is not None and draft.status == "draft":
            label = l10n("apply-continue-label", program=label)
        rows.append([button(label, ap(ApplyAction.program, value=program.code))])
    closed = [
        [
            button(
                l10n("apply-closed-label", program=p.name(l10n.locale)),
                ap(ApplyAction.program, value=p.code),
            )
        ]
        for p in applications.catalogue.closed_on(today)
    ]
    if not rows:
        return l10n("apply-none-open"), keyboard(*closed)
    return l10n("apply-choose-program"), keyboard(*rows, *closed)


async def _programs_of(ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    return await _programs_view(ctx.user, ctx.applications, ctx.today(), ctx.l10n)


@router.message(Command("apply"))
@router.message(MenuButton("menu-apply"))
async def programs(message: Message, ctx: Ctx) -> None:
    if ctx.user.consent_at is None:
        await message.answer(
            ctx.l10n("apply-need-consent"),
            reply_markup=keyboard(
                [button(ctx.l10n("apply-give-consent"), ap(ApplyAction.consent))]
            ),
        )
        return
    text, kb = await _programs_of(ctx)
    await message.answer(text, reply_markup=kb)


@router.callback_query(ApplyCb.filter(F.action == ApplyAction.consent), flags=needs(Need.message))
async def consent_given(query: CallbackQuery, ctx: Ctx) -> None:
    await ctx.people.set_consent(ctx.user.id, ctx.clock.now())
    await query.answer(ctx.l10n("consent-thanks"))
    await show(
        ctx.message, await _programs_view(ctx.user, ctx.applications, ctx.today(), ctx.l10n)
    )


@router.callback_query(ApplyCb.filter(F.action == ApplyAction.programs), flags=needs(Need.message))
async def all_programs(query: CallbackQuery, ctx: Ctx) -> None:
    await query.answer()
    await ctx.state.clear()
    await show(
        ctx.message, await _programs_view(ctx.user, ctx.applications, ctx.today(), ctx.l10n)
    )


def _program_card(
    program: Program, existing: Application | None, today: date, l10n: Translator
) -> str:
    lines = [
        f"<b>{html.escape(program.name(l10n.locale))}</b>",
        html.escape(program.description(l10n.locale)),
        "",
        l10n("apply-card-audience", audience=html.escape(program.audience(l10n.locale))),
    ]
    if program.max_amount:
        lines.append(l10n("apply-card-max", amount=Money(program.max_amount)))
    if program.accepts_on(today):
        if program.closes:
            lines.append(l10n("apply-card-closes", date=program.closes))
    elif (reopens := program.reopens_after(today)) is not None:
        lines.append(l10n("apply-card-closed-until", date=reopens))
    else:
        lines.append(l10n("apply-card-closed"))
    lines.append(l10n("apply-card-review", days=program.review_days))
    if existing is not None and existing.status != "draft":
        lines += ["", l10n("apply-card-already", number=existing.reference)]
    return "\n".join(lines)


async def _program(query: CallbackQuery, callback_data: ApplyCb, ctx: Ctx) -> Program | None:
    """The program a button names; a stale button (a program gone) says so."""
    program = ctx.applications.catalogue.get(callback_data.value)
    if program is None:
        await ctx.stale(query)
    return program


@router.callback_query(ApplyCb.filter(F.action == ApplyAction.program), flags=needs(Need.message))
async def program_card(query: CallbackQuery, callback_data: ApplyCb, ctx: Ctx) -> None:
    program = await _program(query, callback_data, ctx)
    if program is None:
        return
    l10n, today = ctx.l10n, ctx.today()
    existing = await ctx.applications.active(ctx.user.id, program)
    await query.answer()
    await ctx.state.clear()
    if existing is not None and existing.status == "draft":
        action = button(l10n("apply-continue-button"), ap(ApplyAction.resume, existing))
    elif existing is not None:
        action = button(l10n("apply-open-button"), ap(ApplyAction.open, existing))
    elif program.accepts_on(today):
        action = button(l10n("apply-start"), ap(ApplyAction.start, value=program.code))
    else:
        action = button(l10n("apply-closed"), ap(ApplyAction.programs))
    if existing is None and program.closed_on(today):
        watch = ApplyActionCb(action=ApplyExtraAction.watch, value=program.code)
        action = button(l10n("apply-watch"), watch)
    await ctx.message.edit_text(
        _program_card(program, existing, today, l10n),
        reply_markup=keyboard(
            [action], [button(l10n("apply-all-programs"), ap(ApplyAction.programs))]
        ),
    )


@router.callback_query(ApplyCb.filter(F.action == ApplyAction.start), flags=needs(Need.message))
async def start(query: CallbackQuery, callback_data: ApplyCb, ctx: Ctx) -> None:
    program = await _program(query, callback_data, ctx)
    if program is None:
        return
    existing = await ctx.applications.active(ctx.user.id, program)
    if ctx.user.consent_at is None or not program.accepts_on(ctx.today()):
        await query.answer(ctx.l10n("apply-closed"), show_alert=True)
        return
    await query.answer()
    if existing is None and program.eligibility:
        await ctx.state.set_state(ApplyFlow.eligibility)
        await ctx.state.set_data({PROGRAM: program.code, QUESTION: 0})
        await show(ctx.message, eligibility_screen(program, 0, ctx.l10n))
        return
    await _start_form(ctx, program)


@router.callback_query(ApplyCb.filter(F.action == ApplyAction.eligible), flags=needs(Need.message))
async def eligibility_answer(query: CallbackQuery, callback_data: ApplyCb, ctx: Ctx) -> None:
    l10n, state, catalogue = ctx.l10n, ctx.state, ctx.applications.catalogue
    data = await state.get_data()
    program = catalogue.get(str(data.get(PROGRAM)))
    if await state.get_state() != ApplyFlow.eligibility.state or program is None:
        await ctx.stale(query)
        return
    await query.answer()
    index = int(data.get(QUESTION, 0))
    if callback_data.value != "1":
        await state.clear()
        others = [p for p in catalogue.open_on(ctx.today()) if p.code != program.code]
        await ctx.message.edit_text(
            l10n(
                "apply-not-eligible",
                reason=html.escape(program.eligibility[index].if_no(l10n.locale)),
            ),
            reply_markup=keyboard(
                *[
                    [button(p.name(l10n.locale), ap(ApplyAction.program, value=p.code))]
                    for p in others
                ]
            ),
        )
        return
    if index + 1 < len(program.eligibility):
        await state.update_data({QUESTION: index + 1})
        await show(ctx.message, eligibility_screen(program, index + 1, l10n))
        return
    await _start_form(ctx, program)


async def _start_form(ctx: Ctx, program: Program) -> None:
    l10n, state = ctx.l10n, ctx.state
    app = await ctx.applications.open_draft(ctx.user.id, program)
    if app.status != "draft":
        await state.clear()
        await ctx.message.edit_text(
            l10n("apply-already", number=app.reference),
            reply_markup=keyboard([button(l10n("apply-open-button"), ap(ApplyAction.open, app))]),
        )
        return
    await state.set_state(ApplyFlow.field)
    await state.set_data({APP_KEY: app.id})
    await ask(ctx.message, app, program, state, ctx.applications, l10n, edit=True)


@router.callback_query(ApplyActionCb.filter(F.action == ApplyExtraAction.watch))
async def watch_program(
    query: CallbackQuery,
    callback_data: ApplyActionCb,
    user: User,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    program = applications.catalogue.get(callback_data.value)
    if program is None or not program.is_open:
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    if program.accepts_on(applications.today()):
        await query.answer(l10n("apply-watch-already-open"), show_alert=True)
        return
    await applications.watch(user.id, program)
    await query.answer(l10n("apply-watch-saved"), show_alert=True)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(
            reply_markup=keyboard([button(l10n("apply-all-programs"), ap(ApplyAction.programs))])
        )


@router.message(ApplyFlow.eligibility)
async def eligibility_expects_button(message: Message, l10n: Translator) -> None:
    await message.answer(l10n("apply-use-buttons"))
