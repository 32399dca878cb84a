"""Coordinators grant and revoke the coordinator and trainer roles, with an optional region.

Every button here is re-checked on the server (`_ManagesRoles`, the router's guard): a modified
client can send any callback data, and a revoked coordinator may still have old buttons on screen.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.text_decorations import html_decoration as hd

from bot.core.access import Access
from bot.core.catalogue import Catalogue
from bot.core.config import Settings
from bot.core.i18n import Translations, Translator
from bot.core.people import ROLES, People, Role, User
from bot.core.regions import region_by_code, regions
from bot.telegram import screens
from bot.telegram.callbacks import RoleAction, RoleCb
from bot.telegram.commands import CommandMenus
from bot.telegram.filters import PrivateChat
from bot.telegram.guards import Guard, flag, gathered, on_message
from bot.telegram.menu import MenuButton
from bot.telegram.screens import Screen, button, columns, keyboard, page_bounds, pager, send, show
from bot.telegram.wizard import Wizard
from handlers.states import RoleGrantFlow

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(PrivateChat())

PAGE = 8
ALL = "-"  # «all programs», «everywhere»

# Whom (a typed id or a forwarded message), which role, program and region, then confirm.
GRANT = Wizard(
    group=RoleGrantFlow,
    steps=("person", "role", "program", "region", "confirm"),
    prefix="role_",
)


@dataclass(frozen=True, slots=True)
class Ctx:
    """What the role handlers work with, gathered by the router's guards from the handler data."""

    access: Access
    state: FSMContext
    people: People
    settings: Settings
    catalogue: Catalogue
    l10n: Translator
    translations: Translations
    bot: Bot
    command_menus: CommandMenus

    async def roles(self, page: int = 0) -> Screen:
        return await roles_view(self.people, self.settings, self.catalogue, self.l10n, page)

    def scope(self, program: str | None, region: str | None) -> str:
        return _scope(program, region, self.catalogue, self.l10n)

    async def refresh_commands(self, user_id: int) -> None:
        """The holder's «/» list follows their roles at once (bot/telegram/commands.py)."""
        await self.command_menus.refresh(
            self.bot,
            self.people,
            user_id,
            is_admin=user_id in self.settings.admin_ids,
            default=self.settings.default_locale,
        )


class _ManagesRoles(Guard):
    """The router's guard: role buttons are for those who manage roles, on a message that can
    be edited (handed in as `message`); others are refused (and the refusal logged) before any
    handler runs."""

    async def check(self, event: CallbackQuery, data: dict[str, Any]) -> bool:
        ctx = data["ctx"] = gathered(Ctx, data)
        if not ctx.access.manages_roles:
            log.warning("user %s sent a roles callback without the right", event.from_user.id)
            await event.answer(ctx.l10n("access-denied"), show_alert=True)
            return False
        return await on_message(event, data)


class _Typed(Guard):
    """Typed messages get the `ctx`; the wizard's typed step (flagged `MANAGES`) re-checks the
    right: it may have been revoked mid-flow, and then the wizard ends."""

    async def check(self, event: Message, data: dict[str, Any]) -> bool:
        ctx = data["ctx"] = gathered(Ctx, data)
        if not flag(data, "manages_roles") or ctx.access.manages_roles:
            return True
        await GRANT.leave(ctx.state)
        await event.answer(ctx.l10n("access-denied"))
        return False


MANAGES = {"manages_roles": True}
router.callback_query.middleware(_ManagesRoles())
router.message.middleware(_Typed())


def scope_text(
    program_code: str | None, region_code: str | None, catalogue: Catalogue, l10n: Translator
) -> str:
    """«Бастау Бизнес · Алматинская область», «Вся страна» …: what a grant reaches."""
    region = region_by_code(region_code)
    program = catalogue.get(program_code) if program_code else None
    parts = [program.name(l10n.locale)] if program else []
    parts.append(region.name(l10n.locale) if region else l10n("scope-everywhere"))
    return " · ".join(parts)


def _scope(program: str | None, region: str | None, catalogue: Catalogue, l10n: Translator) -> str:
    return html.escape(scope_text(program, region, catalogue, l10n))


# -- screens ------------------------------------------------------------------------------------


async def roles_view(
    people: People, settings: Settings, catalogue: Catalogue, l10n: Translator, page: int = 0
) -> Screen:
    entries = await people.all_roles()
    lines = [l10n("roles-title")]
    if settings.admin_ids:
        lines.append(
            l10n("roles-admins", ids=", ".join(str(i) for i in sorted(settings.admin_ids)))
        )
    if not entries:
        lines.append(l10n("roles-empty"))
    page, pages = page_bounds(len(entries), page, PAGE)
    shown = entries[page * PAGE : (page + 1) * PAGE]
    for grant, holder in shown:
        lines.append(
            l10n(
                "roles-line",
                name=hd.quote(holder.full_name),
                id=str(holder.id),
                role=grant.role,
                scope=_scope(grant.program, grant.region, catalogue, l10n),
            )
        )
    revoke = [
        [
            button(
                l10n("roles-revoke-button", name=holder.full_name[:24], role=grant.role),
                RoleCb(action=RoleAction.revoke, value=str(grant.id)),
            )
        ]
        for grant, holder in shown
    ]

    def to_page(n: int) -> RoleCb:
        return RoleCb(action=RoleAction.page, value=str(n))

    return "\n".join(lines), keyboard(
        *revoke,
        pager(page, pages, to_page, to_page(page)),
        [button(l10n("roles-grant-button"), RoleCb(action=RoleAction.grant))],
    )


def _cancel(l10n: Translator) -> list[InlineKeyboardButton]:
    return [button(l10n("button-cancel"), RoleCb(action=RoleAction.cancel))]


def _cancel_kb(l10n: Translator) -> InlineKeyboardMarkup:
    return keyboard(_cancel(l10n))


def _roles_kb(l10n: Translator) -> InlineKeyboardMarkup:
    return keyboard(
        *(
            [button(l10n("role-name", role=role), RoleCb(action=RoleAction.pick_role, value=role))]
            for role in ROLES
        ),
        _cancel(l10n),
    )


def _programs_kb(catalogue: Catalogue, l10n: Translator) -> InlineKeyboardMarkup:
    return keyboard(
        [button(l10n("scope-all-programs"), RoleCb(action=RoleAction.program, value=ALL))],
        *(
            [button(p.name(l10n.locale), RoleCb(action=RoleAction.program, value=p.code))]
            for p in catalogue
        ),
        _cancel(l10n),
    )


def _regions_kb(l10n: Translator) -> InlineKeyboardMarkup:
    items = [
        button(r.name(l10n.locale), RoleCb(action=RoleAction.region, value=r.code))
        for r in regions()
    ]
    return keyboard(
        [button(l10n("scope-everywhere"), RoleCb(action=RoleAction.region, value=ALL))],
        *columns(items, 2),
        _cancel(l10n),
    )


async def _stale(query: CallbackQuery, l10n: Translator) -> None:
    """A button from a step the user has already left."""
    await query.answer(l10n("button-stale"), show_alert=True)


# -- entry points -------------------------------------------------------------------------------


@router.message(Command("roles"))
@router.message(MenuButton("menu-roles"))
async def show_roles(message: Message, ctx: Ctx) -> None:
    if not ctx.access.manages_roles:
        await message.answer(ctx.l10n("access-denied"))
        return
    await send(message, await ctx.roles())


@router.callback_query(RoleCb.filter(F.action == RoleAction.page))
async def page(query: CallbackQuery, callback_data: RoleCb, message: Message, ctx: Ctx) -> None:
    await query.answer()
    value = callback_data.value
    await show(message, await ctx.roles(int(value) if value.isdigit() else 0))


@router.callback_query(RoleCb.filter(F.action == RoleAction.grant))
async def grant(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await query.answer()
    await GRANT.begin(ctx.state, at="person")
    await show(message, (ctx.l10n("roles-ask-person"), _cancel_kb(ctx.l10n)))


@router.callback_query(RoleCb.filter(F.action == RoleAction.cancel))
async def cancel(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    await GRANT.leave(ctx.state)
    await query.answer(ctx.l10n("roles-cancelled"))
    await show(message, await ctx.roles())


# -- revoking -----------------------------------------------------------------------------------


@router.callback_query(RoleCb.filter(F.action == RoleAction.revoke))
async def ask_revoke(
    query: CallbackQuery, callback_data: RoleCb, message: Message, ctx: Ctx
) -> None:
    l10n, value = ctx.l10n, callback_data.value
    found = await ctx.people.get_grant(int(value)) if value.isdigit() else None
    if found is None:
        await query.answer(l10n("roles-gone"), show_alert=True)
        return
    holder = await ctx.people.require(found.user_id)
    await query.answer()
    text = l10n(
        "roles-revoke-confirm",
        name=hd.quote(holder.full_name),
        role=found.role,
        scope=ctx.scope(found.program, found.region),
    )
    yes = RoleCb(action=RoleAction.revoke_confirmed, value=str(found.id))
    back = RoleCb(action=RoleAction.page, value="0")
    await show(
        message,
        (
            text,
            keyboard([button(l10n("roles-revoke-yes"), yes)], [button(l10n("button-back"), back)]),
        ),
    )


@router.callback_query(RoleCb.filter(F.action == RoleAction.revoke_confirmed))
async def revoke(query: CallbackQuery, callback_data: RoleCb, message: Message, ctx: Ctx) -> None:
    value, by = callback_data.value, ctx.access.user_id
    revoked = await ctx.people.revoke_role(int(value), by=by) if value.isdigit() else None
    if revoked is None:
        await query.answer(ctx.l10n("roles-gone"), show_alert=True)
    else:
        await query.answer(ctx.l10n("roles-revoked"))
        await ctx.refresh_commands(revoked.user_id)
    await show(message, await ctx.roles())


# -- the grant wizard: each button only at its own step -----------------------------------------


@router.message(RoleGrantFlow.person, flags=MANAGES)
async def person_given(message: Message, ctx: Ctx) -> None:
    l10n = ctx.l10n
    target_id = screens.pointed_id(message)
    if target_id is None:
        key = "roles-person-hidden" if message.forward_origin else "roles-person-invalid"
        await message.answer(l10n(key), reply_markup=_cancel_kb(l10n))
        return
    target = await ctx.people.get(target_id)
    if target is None or target.deleted_at is not None:
        await message.answer(
            l10n("roles-person-unknown", id=str(target_id)), reply_markup=_cancel_kb(l10n)
        )
        return
    await GRANT.advance(ctx.state, "person", {"role_target": target.id})
    await message.answer(
        l10n("roles-ask-role", name=hd.quote(target.full_name)), reply_markup=_roles_kb(l10n)
    )


@router.callback_query(
    RoleCb.filter((F.action == RoleAction.pick_role) & F.value.in_(ROLES)), RoleGrantFlow.role
)
async def role_picked(
    query: CallbackQuery, callback_data: RoleCb, message: Message, ctx: Ctx
) -> None:
    await query.answer()
    await GRANT.advance(ctx.state, "role", {"role_role": callback_data.value})
    await show(message, (ctx.l10n("roles-ask-program"), _programs_kb(ctx.catalogue, ctx.l10n)))


@router.callback_query(RoleCb.filter(F.action == RoleAction.program), RoleGrantFlow.program)
async def program_picked(
    query: CallbackQuery, callback_data: RoleCb, message: Message, ctx: Ctx
) -> None:
    value = callback_data.value
    if value != ALL and ctx.catalogue.get(value) is None:
        await _stale(query, ctx.l10n)
        return
    await query.answer()
    await GRANT.advance(ctx.state, "program", {"role_program": None if value == ALL else value})
    await show(message, (ctx.l10n("roles-ask-region"), _regions_kb(ctx.l10n)))


@router.callback_query(RoleCb.filter(F.action == RoleAction.region), RoleGrantFlow.region)
async def region_picked(
    query: CallbackQuery, callback_data: RoleCb, message: Message, ctx: Ctx
) -> None:
    l10n, value = ctx.l10n, callback_data.value
    if value != ALL and region_by_code(value) is None:
        await _stale(query, l10n)
        return
    await query.answer()
    region = None if value == ALL else value
    _, data = await GRANT.advance(ctx.state, "region", {"role_region": region})
    target = await ctx.people.require(int(data.get("role_target") or 0))
    text = l10n(
        "roles-confirm",
        name=hd.quote(target.full_name),
        role=data["role_role"],
        scope=ctx.scope(data.get("role_program"), region),
    )
    yes = [button(l10n("button-confirm"), RoleCb(action=RoleAction.confirm))]
    await show(message, (text, keyboard(yes, _cancel(l10n))))


@router.callback_query(RoleCb.filter(F.action == RoleAction.confirm), RoleGrantFlow.confirm)
async def confirm(query: CallbackQuery, message: Message, ctx: Ctx) -> None:
    _, data = await GRANT.at(ctx.state)
    target = await ctx.people.require(int(data.get("role_target") or 0))
    role: Role = data["role_role"]
    program, region = data.get("role_program"), data.get("role_region")
    added = await ctx.people.grant_role(
        target.id, role, program=program, region=region, by=ctx.access.user_id
    )
    await GRANT.leave(ctx.state)
    if added:
        await _notify_grantee(ctx, target, role, program, region)
    await query.answer(ctx.l10n("roles-granted" if added else "roles-already"))
    if added:
        await ctx.refresh_commands(target.id)
    await show(message, await ctx.roles())


@router.callback_query(RoleCb.filter())
async def stale(query: CallbackQuery, l10n: Translator) -> None:
    """A wizard button from a step the user has already left (or a value it never offered)."""
    await _stale(query, l10n)


@router.message(RoleGrantFlow.role)
@router.message(RoleGrantFlow.program)
@router.message(RoleGrantFlow.region)
@router.message(RoleGrantFlow.confirm)
async def wizard_expects_button(message: Message, l10n: Translator) -> None:
    await message.answer(l10n("roles-use-buttons"), reply_markup=_cancel_kb(l10n))


async def _notify_grantee(
    ctx: Ctx, target: User, role: str, program: str | None, region: str | None
) -> None:
    l10n = ctx.translations.get(target.language)
    scope = _scope(program, region, ctx.catalogue, l10n)
    try:
        await ctx.bot.send_message(target.id, l10n("roles-you-got", role=role, scope=scope))
    except TelegramAPIError as exc:  # the grant stands even if they cannot be told now
        log.info("could not tell %s about their new role: %s", target.id, exc)
