"""/privacy: what the bot keeps about me (every category, as counts), a copy of it all as a
file, consent, and deleting my data."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.text_decorations import html_decoration as hd

from bot.applications.service import ApplicationService
from bot.core.access import Access
from bot.core.catalogue import Catalogue
from bot.core.clock import Clock
from bot.core.i18n import Translator
from bot.core.people import People, User
from bot.core.privacy import PrivacyService
from bot.telegram.callbacks import PrivacyAction, PrivacyActionCb, PrivacyCb, PrivacyChoice
from bot.telegram.filters import PrivateChat
from bot.telegram.guards import Gathers
from bot.telegram.menu import MenuButton
from bot.telegram.screens import Screen, button, keyboard, send, show
from handlers.account.roles import scope_text

router = Router(name=__name__)
router.message.filter(PrivateChat())

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
    "contest_entries",
    "contest_budget",
    "contest_files",
    "contest_scores",
    "projects",
    "project_reports",
    "project_report_files",
    "mentorships",
    "mentor_checkins",
    "mentees",
    "notification_settings",
    "program_alerts",
)


async def privacy_view(ctx: Ctx, user: User) -> Screen:
    access, catalogue, l10n = ctx.access, ctx.catalogue, ctx.l10n
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
    answers = await ctx.applications.personal_answers(user.id)
    held = await ctx.privacy.inventory(user.id, answers)
    lines = [
        l10n("privacy-held-line", category=category, count=held[category])
        for category in HELD_ORDER
        if category in held
    ]
    text += "\n\n" + "\n".join(
        [l10n("privacy-held-title"), *lines] if lines else [l10n("privacy-held-nothing")]
    )
    consent = (
        button(l10n("privacy-withdraw"), PrivacyCb(action=PrivacyChoice.withdraw_consent))
        if user.consent_at
        else button(l10n("privacy-give"), PrivacyCb(action=PrivacyChoice.give_consent))
    )
    return text, keyboard(
        [button(l10n("privacy-export"), PrivacyActionCb(action=PrivacyAction.export))],
        [button(l10n("privacy-delete"), PrivacyCb(action=PrivacyChoice.ask_delete))],
        [consent],
    )


@dataclass(frozen=True, slots=True)
class Ctx:
    """What the privacy handlers work with, gathered by the router's guard."""

    user: User
    access: Access
    people: People
    catalogue: Catalogue
    privacy: PrivacyService
    applications: ApplicationService
    clock: Clock
    l10n: Translator

    async def view(self, user: User | None = None) -> Screen:
        """The privacy screen (of `user` as just changed, else as the update found them)."""
        return await privacy_view(self, user or self.user)


router.message.middleware(Gathers(Ctx))
router.callback_query.middleware(Gathers(Ctx))


@router.message(Command("privacy"))
@router.message(MenuButton("menu-privacy"))
async def privacy_screen(message: Message, ctx: Ctx) -> None:
    await send(message, await ctx.view())


@router.callback_query(PrivacyActionCb.filter(F.action == PrivacyAction.export))
async def export(query: CallbackQuery, ctx: Ctx) -> None:
    """A copy of everything held about the presser, as a JSON file in this chat."""
    await query.answer(ctx.l10n("privacy-export-wait"))
    if not isinstance(query.message, Message):
        return
    now = ctx.clock.now()
    data = await ctx.privacy.export(ctx.user.id, now)
    await query.message.answer_document(
        BufferedInputFile(data, filename=f"my-data-{now.date().isoformat()}.json"),
        caption=ctx.l10n("privacy-export-caption"),
    )


@router.callback_query(PrivacyCb.filter(F.action == PrivacyChoice.ask_delete))
async def ask_delete(query: CallbackQuery, l10n: Translator) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(
            l10n("privacy-delete-confirm"),
            reply_markup=keyboard(
                [button(l10n("privacy-delete-yes"), PrivacyCb(action=PrivacyChoice.erase))],
                [button(l10n("privacy-delete-no"), PrivacyCb(action=PrivacyChoice.keep))],
            ),
        )


@router.callback_query(PrivacyCb.filter(F.action == PrivacyChoice.erase))
async def delete(query: CallbackQuery, state: FSMContext, ctx: Ctx) -> None:
    await query.answer()
    await state.clear()
    await ctx.privacy.erase(ctx.user.id, ctx.clock.now())
    if isinstance(query.message, Message):
        await query.message.edit_text(ctx.l10n("privacy-deleted"))
        await query.message.answer(
            ctx.l10n("privacy-deleted-restart"), reply_markup=ReplyKeyboardRemove()
        )


@router.callback_query(PrivacyCb.filter(F.action == PrivacyChoice.keep))
@router.callback_query(
    PrivacyCb.filter(F.action.in_({PrivacyChoice.give_consent, PrivacyChoice.withdraw_consent}))
)
async def back_to_screen(query: CallbackQuery, callback_data: PrivacyCb, ctx: Ctx) -> None:
    """«Keep my data», or consent given or withdrawn: the screen again, as it now is."""
    user: User | None = None
    if callback_data.action == PrivacyChoice.keep:
        said = "privacy-kept"
    else:
        give = callback_data.action == PrivacyChoice.give_consent
        user = await ctx.people.consent(ctx.user.id, give)
        said = "consent-thanks" if give else "privacy-withdrawn"
    await query.answer(ctx.l10n(said))
    if isinstance(query.message, Message):
        await show(query.message, await ctx.view(user))
