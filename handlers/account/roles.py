"""Coordinators grant and revoke the coordinator and trainer roles, with an optional region.

Every handler here re-checks `access.manages_roles` on the server: a modified client can send any
callback data, and a revoked coordinator may still have old buttons on screen.
"""

from __future__ import annotations

import html
import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.text_decorations import html_decoration as hd

from bot.core.access import Access
from bot.core.catalogue import Catalogue
from bot.core.clock import Clock
from bot.core.config import Settings
from bot.core.i18n import Translations, Translator
from bot.core.regions import region_by_code, regions
from bot.telegram.callbacks import RoleCb
from bot.telegram.commands import CommandMenus
from bot.telegram.filters import PrivateChat
from bot.telegram.menu import MenuButton
from handlers.states import RoleGrantFlow
from storage.users import ROLES, AuditLog, User, UserRepo

log = logging.getLogger(__name__)
router = Router(name=__name__)
router.message.filter(PrivateChat())

PAGE = 8


def _btn(text: str, action: str, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=RoleCb(action=action, value=value).pack())


def scope_text(
    program_code: str | None, region_code: str | None, catalogue: Catalogue, l10n: Translator
) -> str:
    """«Бастау Бизнес · Алматинская область», «Вся страна» …: what a grant reaches."""
    region = region_by_code(region_code)
    program = catalogue.get(program_code) if program_code else None
    parts = [program.name(l10n.locale)] if program else []
    parts.append(region.name(l10n.locale) if region else l10n("scope-everywhere"))
    return " · ".join(parts)


async def roles_view(
    users: UserRepo, settings: Settings, catalogue: Catalogue, l10n: Translator, page: int = 0
) -> tuple[str, InlineKeyboardMarkup]:
    entries = await users.all_roles()
    lines = [l10n("roles-title")]
    if settings.admin_ids:
        lines.append(
            l10n("roles-admins", ids=", ".join(str(i) for i in sorted(settings.admin_ids)))
        )
    if not entries:
        lines.append(l10n("roles-empty"))
    pages = max(1, -(-len(entries) // PAGE))
    page = min(max(page, 0), pages - 1)
    shown = entries[page * PAGE : (page + 1) * PAGE]
    for grant, holder in shown:
        lines.append(
            l10n(
                "roles-line",
                name=hd.quote(holder.full_name),
                id=str(holder.id),
                role=grant.role,
                scope=html.escape(scope_text(grant.program, grant.region, catalogue, l10n)),
            )
        )
    rows = [
        [
            _btn(
                l10n("roles-revoke-button", name=holder.full_name[:24], role=grant.role),
                "revoke",
                str(grant.id),
            )
        ]
        for grant, holder in shown
    ]
    if pages > 1:
        nav = []
        if page > 0:
            nav.append(_btn("‹", "page", str(page - 1)))
        nav.append(_btn(f"{page + 1}/{pages}", "page", str(page)))
        if page < pages - 1:
            nav.append(_btn("›", "page", str(page + 1)))
        rows.append(nav)
    rows.append([_btn(l10n("roles-grant-button"), "grant")])
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)


async def _deny(query: CallbackQuery, l10n: Translator) -> None:
    log.warning("user %s sent a roles callback without the right", query.from_user.id)
    await query.answer(l10n("access-denied"), show_alert=True)


# -- entry points -----------------------------------------------------------------------------


@router.message(Command("roles"))
@router.message(MenuButton("menu-roles"))
async def show_roles(
    message: Message,
    access: Access,
    users: UserRepo,
    settings: Settings,
    catalogue: Catalogue,
    l10n: Translator,
) -> None:
    if not access.manages_roles:
        await message.answer(l10n("access-denied"))
        return
    text, kb = await roles_view(users, settings, catalogue, l10n)
    await message.answer(text, reply_markup=kb)


@router.callback_query(RoleCb.filter())
async def on_role_callback(
    query: CallbackQuery,
    callback_data: RoleCb,
    access: Access,
    state: FSMContext,
    users: UserRepo,
    audit: AuditLog,
    settings: Settings,
    clock: Clock,
    catalogue: Catalogue,
    l10n: Translator,
    translations: Translations,
    bot: Bot,
    command_menus: CommandMenus,
) -> None:
    if not access.manages_roles:
        await _deny(query, l10n)
        return

    async def refresh_commands(user_id: int) -> None:
        """The holder's «/» list follows their roles at once (bot/telegram/commands.py)."""
        await command_menus.refresh(
            bot,
            users,
            user_id,
            is_admin=user_id in settings.admin_ids,
            default=settings.default_locale,
        )

    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    action, value = callback_data.action, callback_data.value

    if action == "page":
        await query.answer()
        text, kb = await roles_view(
            users, settings, catalogue, l10n, int(value) if value.isdigit() else 0
        )
        await message.edit_text(text, reply_markup=kb)
        return

    if action == "grant":
        await query.answer()
        await state.set_state(RoleGrantFlow.person)
        await message.edit_text(l10n("roles-ask-person"), reply_markup=_cancel_kb(l10n))
        return

    if action == "cancel":
        await state.clear()
        await query.answer(l10n("roles-cancelled"))
        text, kb = await roles_view(users, settings, catalogue, l10n)
        await message.edit_text(text, reply_markup=kb)
        return

    if action == "revoke":
        grant = await users.get_grant(int(value)) if value.isdigit() else None
        if grant is None:
            await query.answer(l10n("roles-gone"), show_alert=True)
            return
        holder = await users.require(grant.user_id)
        await query.answer()
        await message.edit_text(
            l10n(
                "roles-revoke-confirm",
                name=hd.quote(holder.full_name),
                role=grant.role,
                scope=html.escape(scope_text(grant.program, grant.region, catalogue, l10n)),
            ),
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[
                    [_btn(l10n("roles-revoke-yes"), "revoke-yes", str(grant.id))],
                    [_btn(l10n("button-back"), "page", "0")],
                ]
            ),
        )
        return

    if action == "revoke-yes":
        grant = await users.get_grant(int(value)) if value.isdigit() else None
        if grant is None or not await users.revoke(grant.id):
            await query.answer(l10n("roles-gone"), show_alert=True)
        else:
            await audit.record(
                actor_id=access.user_id,
                action="role.revoke",
                subject=f"user:{grant.user_id}",
                now=clock.now(),
                details={"role": grant.role, "region": grant.region},
            )
            await query.answer(l10n("roles-revoked"))
            await refresh_commands(grant.user_id)
        text, kb = await roles_view(users, settings, catalogue, l10n)
        await message.edit_text(text, reply_markup=kb)
        return

    # The grant wizard: each step checks that the user is really at that step.
    current = await state.get_state()
    data = await state.get_data()
    target_id = int(data.get("role_target") or 0)
    if action == "pick" and current == RoleGrantFlow.role.state and value in ROLES:
        await query.answer()
        await state.update_data(role_role=value)
        await state.set_state(RoleGrantFlow.program)
        await message.edit_text(
            l10n("roles-ask-program"), reply_markup=_programs_kb(catalogue, l10n)
        )
        return
    if (
        action == "program"
        and current == RoleGrantFlow.program.state
        and (value == "-" or catalogue.get(value) is not None)
    ):
        await query.answer()
        await state.update_data(role_program=None if value == "-" else value)
        await state.set_state(RoleGrantFlow.region)
        await message.edit_text(l10n("roles-ask-region"), reply_markup=_regions_kb(l10n))
        return
    if (
        action == "region"
        and current == RoleGrantFlow.region.state
        and (value == "-" or region_by_code(value) is not None)
    ):
        await query.answer()
        await state.update_data(role_region=None if value == "-" else value)
        await state.set_state(RoleGrantFlow.confirm)
        target = await users.require(target_id)
        await message.edit_text(
            l10n(
                "roles-confirm",
                name=hd.quote(target.full_name),
                role=data["role_role"],
                scope=html.escape(
                    scope_text(
                        data.get("role_program"), None if value == "-" else value, catalogue, l10n
                    )
                ),
            ),
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[
                    [_btn(l10n("button-confirm"), "confirm")],
                    [_btn(l10n("button-cancel"), "cancel")],
                ]
            ),
        )
        return
    if action == "confirm" and current == RoleGrantFlow.confirm.state:
        target = await users.require(target_id)
        role, region = data["role_role"], data.get("role_region")
        program = data.get("role_program")
        added = await users.grant(
            target.id,
            role,
            program=program,
            region=region,
            granted_by=access.user_id,
            now=clock.now(),
        )
        await state.clear()
        if added:
            await audit.record(
                actor_id=access.user_id,
                action="role.grant",
                subject=f"user:{target.id}",
                now=clock.now(),
                details={"role": role, "program": program, "region": region},
            )
            await _notify_grantee(bot, target, role, program, region, catalogue, translations)
        await query.answer(l10n("roles-granted" if added else "roles-already"))
        if added:
            await refresh_commands(target.id)
        text, kb = await roles_view(users, settings, catalogue, l10n)
        await message.edit_text(text, reply_markup=kb)
        return
    # A button from a step the user has already left.
    await query.answer(l10n("button-stale"), show_alert=True)


async def _notify_grantee(
    bot: Bot,
    target: User,
    role: str,
    program: str | None,
    region: str | None,
    catalogue: Catalogue,
    translations: Translations,
) -> None:
    l10n = translations.get(target.language)
    scope = html.escape(scope_text(program, region, catalogue, l10n))
    try:
        await bot.send_message(target.id, l10n("roles-you-got", role=role, scope=scope))
    except TelegramAPIError as exc:  # the grant stands even if they cannot be told now
        log.info("could not tell %s about their new role: %s", target.id, exc)


def _cancel_kb(l10n: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[_btn(l10n("button-cancel"), "cancel")]])


def _programs_kb(catalogue: Catalogue, l10n: Translator) -> InlineKeyboardMarkup:
    rows = [[_btn(l10n("scope-all-programs"), "program", "-")]]
    rows += [[_btn(p.name(l10n.locale), "program", p.code)] for p in catalogue]
    rows.append([_btn(l10n("button-cancel"), "cancel")])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _regions_kb(l10n: Translator) -> InlineKeyboardMarkup:
    rows = [[_btn(l10n("scope-everywhere"), "region", "-")]]
    items = [_btn(r.name(l10n.locale), "region", r.code) for r in regions()]
    rows += [items[i : i + 2] for i in range(0, len(items), 2)]
    rows.append([_btn(l10n("button-cancel"), "cancel")])
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.message(RoleGrantFlow.person)
async def person_given(
    message: Message, access: Access, state: FSMContext, users: UserRepo, l10n: Translator
) -> None:
    if not access.manages_roles:  # the role may have been revoked mid-flow
        await state.clear()
        await message.answer(l10n("access-denied"))
        return
    target_id = _person_id(message)
    if target_id is None:
        key = "roles-person-hidden" if message.forward_origin else "roles-person-invalid"
        await message.answer(l10n(key), reply_markup=_cancel_kb(l10n))
        return
    target = await users.get(target_id)
    if target is None or target.deleted_at is not None:
        await message.answer(
            l10n("roles-person-unknown", id=str(target_id)), reply_markup=_cancel_kb(l10n)
        )
        return
    await state.update_data(role_target=target.id)
    await state.set_state(RoleGrantFlow.role)
    await message.answer(
        l10n("roles-ask-role", name=hd.quote(target.full_name)),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[_btn(l10n("role-name", role=role), "pick", role)] for role in ROLES]
            + [[_btn(l10n("button-cancel"), "cancel")]]
        ),
    )


@router.message(RoleGrantFlow.role)
@router.message(RoleGrantFlow.program)
@router.message(RoleGrantFlow.region)
@router.message(RoleGrantFlow.confirm)
async def wizard_expects_button(message: Message, l10n: Translator) -> None:
    await message.answer(l10n("roles-use-buttons"), reply_markup=_cancel_kb(l10n))


def _person_id(message: Message) -> int | None:
    """A numeric id typed by the coordinator, or the sender of a forwarded message."""
    origin = message.forward_origin
    if origin is not None:
        sender = getattr(origin, "sender_user", None)
        return sender.id if sender is not None and not sender.is_bot else None
    text = (message.text or "").strip()
    return int(text) if text.isdigit() and len(text) <= 15 else None
