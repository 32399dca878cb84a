"""/privacy: what the bot keeps about me (every category, as counts), a copy of it all as a
file, consent, and deleting my data."""

from __future__ import annotations

from enum import StrEnum

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardRemove,
)
from aiogram.utils.text_decorations import html_decoration as hd

from bot.applications.service import ApplicationService
from bot.core.access import Access
from bot.core.catalogue import Catalogue
from bot.core.clock import Clock
from bot.core.i18n import Translator
from bot.core.privacy import PrivacyService
from bot.telegram.callbacks import PrivacyCb
from bot.telegram.filters import PrivateChat
from bot.telegram.menu import MenuButton
from handlers.account.roles import scope_text
from storage.users import User, UserRepo

router = Router(name=__name__)
router.message.filter(PrivateChat())


class PrivacyAction(StrEnum):
    """The newer /privacy buttons (`PrivacyActionCb`)."""

    export = "x"  # send me everything you hold about me, as a file


class PrivacyActionCb(CallbackData, prefix="prx"):
    """About the presser only: no id travels in it."""

    action: PrivacyAction


# The order categories are listed in; ИИН and phone first, the way people think of them.
HELD_ORDER = (
    "iin",
    "phone",
    "email",
    "voice",
    "other",
    "applications",
    "files",
    "courses",
    "lessons",
    "certificates",
    "webinars",
    "loans",
    "payments",
    "notification_settings",
    "program_alerts",
)


def _button(text: str, action: str) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=text, callback_data=PrivacyCb(action=action).pack())]


async def privacy_view(
    user: User,
    access: Access,
    catalogue: Catalogue,
    privacy: PrivacyService,
    applications: ApplicationService,
    l10n: Translator,
) -> tuple[str, InlineKeyboardMarkup]:
    roles = [
        l10n(
            "privacy-role-line",
            role=grant.role,
            scope=hd.quote(scope_text(grant.program, grant.region, catalogue, l10n)),
        )
        for grant in access.grants
    ]
    text = l10n(
        "privacy-summary",
        name=hd.quote(user.full_name),
        username=hd.quote("@" + user.username) if user.username else "—",
        language=l10n(f"lang-name-{l10n.locale}"),
        consent=l10n.date(user.consent_at.date()) if user.consent_at else "no",
        created=l10n.date(user.created_at.date()),
        roles=len(roles),
    )
    if roles:
        text += "\n" + "\n".join(roles)
    held = await privacy.inventory(user.id, await applications.personal_answers(user.id))
    lines = [
        l10n("privacy-held-line", category=category, count=held[category])
        for category in HELD_ORDER
        if category in held
    ]
    text += "\n\n" + "\n".join(
        [l10n("privacy-held-title"), *lines] if lines else [l10n("privacy-held-nothing")]
    )
    export = PrivacyActionCb(action=PrivacyAction.export).pack()
    rows = [
        [InlineKeyboardButton(text=l10n("privacy-export"), callback_data=export)],
        _button(l10n("privacy-delete"), "delete"),
    ]
    if user.consent_at:
        rows.append(_button(l10n("privacy-withdraw"), "withdraw"))
    else:
        rows.append(_button(l10n("privacy-give"), "give"))
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


@router.message(Command("privacy"))
@router.message(MenuButton("menu-privacy"))
async def show(
    message: Message,
    user: User,
    access: Access,
    catalogue: Catalogue,
    privacy: PrivacyService,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    text, kb = await privacy_view(user, access, catalogue, privacy, applications, l10n)
    await message.answer(text, reply_markup=kb)


@router.callback_query(PrivacyActionCb.filter(F.action == PrivacyAction.export))
async def export(
    query: CallbackQuery, user: User, privacy: PrivacyService, clock: Clock, l10n: Translator
) -> None:
    """A copy of everything held about the presser, as a JSON file in this chat."""
    await query.answer(l10n("privacy-export-wait"))
    if not isinstance(query.message, Message):
        return
    now = clock.now()
    data = await privacy.export(user.id, now)
    await query.message.answer_document(
        BufferedInputFile(data, filename=f"my-data-{now.date().isoformat()}.json"),
        caption=l10n("privacy-export-caption"),
    )


@router.callback_query(PrivacyCb.filter(F.action == "delete"))
async def ask_delete(query: CallbackQuery, l10n: Translator) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(
            l10n("privacy-delete-confirm"),
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[
                    _button(l10n("privacy-delete-yes"), "confirm"),
                    _button(l10n("privacy-delete-no"), "keep"),
                ]
            ),
        )


@router.callback_query(PrivacyCb.filter(F.action == "confirm"))
async def delete(
    query: CallbackQuery,
    state: FSMContext,
    user: User,
    privacy: PrivacyService,
    clock: Clock,
    l10n: Translator,
) -> None:
    await query.answer()
    await state.clear()
    await privacy.erase(user.id, clock.now())
    if isinstance(query.message, Message):
        await query.message.edit_text(l10n("privacy-deleted"))
        await query.message.answer(
            l10n("privacy-deleted-restart"), reply_markup=ReplyKeyboardRemove()
        )


@router.callback_query(PrivacyCb.filter(F.action == "keep"))
async def keep(
    query: CallbackQuery,
    user: User,
    access: Access,
    catalogue: Catalogue,
    privacy: PrivacyService,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    await query.answer(l10n("privacy-kept"))
    if isinstance(query.message, Message):
        text, kb = await privacy_view(user, access, catalogue, privacy, applications, l10n)
        await query.message.edit_text(text, reply_markup=kb)


@router.callback_query(PrivacyCb.filter(F.action.in_({"give", "withdraw"})))
async def consent(
    query: CallbackQuery,
    callback_data: PrivacyCb,
    user: User,
    users: UserRepo,
    clock: Clock,
    access: Access,
    catalogue: Catalogue,
    privacy: PrivacyService,
    applications: ApplicationService,
    l10n: Translator,
) -> None:
    give = callback_data.action == "give"
    await users.set_consent(user.id, clock.now() if give else None)
    await query.answer(l10n("consent-thanks" if give else "privacy-withdrawn"))
    if isinstance(query.message, Message):
        fresh = await users.require(user.id)
        text, kb = await privacy_view(fresh, access, catalogue, privacy, applications, l10n)
        await query.message.edit_text(text, reply_markup=kb)
