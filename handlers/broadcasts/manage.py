"""`/broadcasts`: the list, stopping a broadcast, changing a scheduled one, and the failed list of
a finished one as Excel. A broadcast a button names is checked by the router's guard
(`common.Guard`: the presser's own, or they manage roles) and handed in as `broadcast`."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.broadcasts.service import Broadcast, BroadcastService
from bot.core.clock import utc_text
from bot.core.i18n import Translator
from bot.telegram.callbacks import BroadcastAction, BroadcastActionCb, BroadcastCb, BroadcastStep
from bot.telegram.menu import MenuButton
from bot.telegram.screens import send, show
from handlers.broadcasts.common import OWN, WIZARD, Ctx, retire_card
from handlers.broadcasts.views import ask_content, list_view

router = Router(name=__name__)


@router.message(Command("broadcasts"))
@router.message(MenuButton("menu-broadcasts"))
async def show_list(message: Message, ctx: Ctx) -> None:
    if not ctx.access.is_staff:
        await message.answer(ctx.l10n("access-denied"))
        return
    await send(message, await list_view(ctx))


@router.callback_query(BroadcastCb.filter(F.action == BroadcastStep.stop), flags=OWN)
async def stop(query: CallbackQuery, message: Message, broadcast: Broadcast, ctx: Ctx) -> None:
    """Pressed in the list, on the card of a scheduled one, or on the progress message."""
    broadcasts, l10n = ctx.broadcasts, ctx.l10n
    stopped = await broadcasts.cancel(broadcast.id)
    on_progress = message.message_id == broadcast.progress_message_id
    if stopped is None:
        await query.answer(l10n("broadcast-already-ended"), show_alert=True)
        if on_progress:
            return  # it already shows the final figures
    else:
        await query.answer(l10n("broadcast-stopped", id=str(broadcast.id)))
    if stopped is not None and on_progress:
        await broadcasts.show_progress(ctx.bot, stopped)
    else:  # pressed in the list: refresh it
        await show(message, await list_view(ctx))


@router.callback_query(BroadcastActionCb.filter(F.action == BroadcastAction.edit), flags=OWN)
async def edit_scheduled(
    query: CallbackQuery, broadcast: Broadcast, state: FSMContext, l10n: Translator
) -> None:
    """The wizard again, filled in with the broadcast as it is: keep or replace each version,
    change the audience and the time; confirming saves it, if it has not started by then."""
    message = query.message
    if broadcast.status != "scheduled" or not isinstance(message, Message):
        await query.answer(l10n("broadcast-edit-too-late"), show_alert=True)
        return
    await query.answer()
    await retire_card(message, state)
    content = broadcast.content
    prefill = {
        "bc_kk": content.kk.to_json() if content.kk else None,
        "bc_ru": content.ru.to_json() if content.ru else None,
        "bc_audience": [list(c) for c in broadcast.audience],
        "bc_at": utc_text(broadcast.scheduled_at),
        "bc_paid": broadcast.paid,
        "bc_previewed": False,
        "bc_edit": broadcast.id,
        "bc_msg": message.message_id,
    }
    _, data = await WIZARD.begin(state, prefill, at="kk")
    text, kb = ask_content("kk", l10n, data)
    await message.edit_text(
        l10n("broadcast-edit-title", id=str(broadcast.id)) + "\n" + text, reply_markup=kb
    )


@router.callback_query(BroadcastActionCb.filter(F.action == BroadcastAction.failed), flags=OWN)
async def failed_list(
    query: CallbackQuery, broadcast: Broadcast, broadcasts: BroadcastService, l10n: Translator
) -> None:
    """Who a finished broadcast did not reach, and why, as Excel."""
    message = query.message
    await query.answer()
    if not isinstance(message, Message):
        return
    data = await broadcasts.failed_list(broadcast.id, l10n)
    await message.answer_document(
        BufferedInputFile(data, filename=f"broadcast-{broadcast.id}-failed.xlsx"),
        caption=l10n("broadcast-failed-caption", id=str(broadcast.id)),
    )
