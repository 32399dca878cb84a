"""Importing loans from an .xlsx or .csv file: the file checked row by row and shown (what the
first morning will look like, what is refused and why), then imported on «Confirm», with a
report file of the invite links and the refused rows."""

from __future__ import annotations

import asyncio
import html
from collections.abc import Sequence
from contextlib import suppress
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.core.i18n import Money, Translator
from bot.loans.imports import MAX_IMPORT_BYTES, ImportFileError
from bot.loans.schedule import refusal_key
from bot.loans.service import ImportCheck
from bot.loans.workbook import build_import_report
from bot.telegram.callbacks import LoanAdminAction as A
from bot.telegram.callbacks import LoanAdminCb
from bot.telegram.deeplinks import make_link
from bot.telegram.screens import Screen, cut, keyboard, show
from handlers.loans.admin.common import Desk, LoanAdminFlow, la, needs
from handlers.loans.admin.portfolio import home_view

router = Router(name=__name__)

REFUSED_SHOWN = 12  # refused import rows listed in the message; all are in the file


def _cancel(desk: Desk) -> InlineKeyboardMarkup:
    return keyboard([la(desk.l10n("button-cancel"), A.import_cancel)])


def _help(desk: Desk) -> Screen:
    l10n = desk.l10n
    programs = ", ".join(
        f"{p.code} ({html.escape(p.name(l10n.locale))})"
        for p in desk.loans.loan_programs(desk.access)
    )
    return l10n("loan-import-help", programs=programs), _cancel(desk)


@router.callback_query(LoanAdminCb.filter(F.action == A.import_file))
async def ask_file(query: CallbackQuery, message: Message, desk: Desk) -> None:
    if not desk.loans.loan_programs(desk.access):
        await query.answer(desk.l10n("loan-admin-no-programs"), show_alert=True)
        return
    await query.answer()
    await desk.state.set_state(LoanAdminFlow.import_file)
    await show(message, _help(desk))


@router.callback_query(LoanAdminCb.filter(F.action == A.import_cancel))
async def cancelled(query: CallbackQuery, message: Message, desk: Desk) -> None:
    await query.answer()
    await show(message, await home_view(desk))


@router.message(LoanAdminFlow.import_file, flags=needs(typed=True))
async def file_sent(message: Message, desk: Desk) -> None:
    """A file sent after "Import": checked row by row and shown; nothing is stored yet."""
    l10n = desk.l10n
    document = message.document
    if document is None:
        await message.answer(l10n("loan-import-expects-file"), reply_markup=_cancel(desk))
        return
    check = await _check_file(message, document.file_id, document.file_name or "", desk)
    if check is None:
        return
    await desk.state.update_data(la_import=[document.file_id, document.file_name or ""])
    lines = [
        l10n(
            "loan-import-checked",
            rows=len(check.parsed.rows),
            good=len(check.good),
            refused=len(check.refused),
            encoding=check.parsed.encoding or "xlsx",
        )
    ]
    if check.parsed.ignored_columns:
        ignored = cut(", ".join(check.parsed.ignored_columns), 200)
        lines.append(l10n("loan-import-ignored", columns=html.escape(ignored)))
    lines += _opening_lines(check, l10n)
    lines += _refused_lines(check.refused, l10n)
    rows = []
    if check.good:
        confirm = l10n("loan-import-confirm-button", count=len(check.good))
        rows.append([la(confirm, A.import_confirm)])
    rows.append([la(l10n("button-cancel"), A.import_cancel)])
    await message.answer("\n".join(lines), reply_markup=keyboard(*rows))


async def _check_file(
    message: Message, file_id: str, filename: str, desk: Desk
) -> ImportCheck | None:
    l10n = desk.l10n
    document = message.document
    size = document.file_size if document is not None and document.file_id == file_id else None
    try:
        if size is not None and size > MAX_IMPORT_BYTES:
            raise ImportFileError("size", max=MAX_IMPORT_BYTES // (1024 * 1024))
        if not filename.casefold().endswith((".xlsx", ".csv", ".txt")):
            raise ImportFileError("type")
        data = await _download(desk.bot, file_id)
        return await desk.loans.check_import(data, filename, desk.access)
    except ImportFileError as exc:
        args = dict(exc.details)
        if exc.key == "columns":  # the missing columns' names in the reader's language
            args["missing"] = ", ".join(
                l10n("loan-xlsx-column", column=name) for name in exc.details["missing"]
            )
        text = l10n(f"loan-import-file-{exc.key}", **args)
        await message.answer(text, reply_markup=_cancel(desk))
        return None


async def _download(bot: Bot, file_id: str) -> bytes:
    found = await bot.get_file(file_id)
    assert found.file_path is not None
    buffer = await bot.download_file(found.file_path)
    assert buffer is not None
    return buffer.read()


def _refused_lines(refused: Sequence[Any], l10n: Translator) -> list[str]:
    if not refused:
        return []
    lines = ["", l10n("loan-import-refused-title", count=len(refused))]
    for item in refused[:REFUSED_SHOWN]:
        lines.append(
            l10n(
                "loan-import-refused-line",
                row=item.number,
                contract=html.escape(item.contract or "—"),
                reason=l10n(refusal_key(item.key), **_reason_args(item.args)),
            )
        )
    if len(refused) > REFUSED_SHOWN:
        lines.append(l10n("loan-import-refused-more", count=len(refused) - REFUSED_SHOWN))
    return lines


def _opening_lines(check: ImportCheck, l10n: Translator) -> list[str]:
    """Before anything is stored: per loan, what is repaid, what is overdue and what the
    first morning will send; then the totals."""
    if not check.good or check.morning is None:
        return []
    lines = ["", l10n("loan-import-preview-title", date=check.morning)]
    for (_, draft), seen in list(zip(check.good, check.openings, strict=True))[:REFUSED_SHOWN]:
        parts = [
            l10n(
                "loan-import-preview-line",
                contract=html.escape(draft.contract),
                name=html.escape(cut(draft.borrower_name, 40)),
                repaid=Money(seen.repaid),
                total=Money(seen.total),
            ),
            l10n("loan-import-preview-overdue", amount=Money(seen.overdue), days=seen.days_late)
            if seen.overdue
            else l10n("loan-import-preview-current"),
        ]
        if seen.notices:
            parts.append(
                l10n(
                    "loan-import-preview-notices",
                    count=len(seen.notices),
                    alert="yes" if seen.escalates else "no",
                )
            )
        lines.append(" · ".join(parts))
    if len(check.good) > REFUSED_SHOWN:
        lines.append(l10n("loan-import-refused-more", count=len(check.good) - REFUSED_SHOWN))
    lines.append(
        l10n(
            "loan-import-preview-totals",
            repaid=Money(sum(o.repaid for o in check.openings)),
            late=sum(1 for o in check.openings if o.overdue),
            count=len(check.openings),
            notices=sum(len(o.notices) for o in check.openings),
            alerts=sum(1 for o in check.openings if o.escalates),
        )
    )
    return lines


def _reason_args(args: dict[str, Any]) -> dict[str, Any]:
    return {k: html.escape(v) if isinstance(v, str) else v for k, v in args.items()}


@router.callback_query(LoanAdminCb.filter(F.action == A.import_confirm), flags=needs(stay=True))
async def confirmed(query: CallbackQuery, message: Message, desk: Desk) -> None:
    l10n = desk.l10n
    stored = (await desk.state.get_data()).get("la_import")
    if await desk.state.get_state() != LoanAdminFlow.import_file.state or not stored:
        await query.answer(l10n("button-stale"), show_alert=True)
        return
    await query.answer(l10n("loan-import-wait"))
    file_id, filename = str(stored[0]), str(stored[1])
    check = await _check_file(message, file_id, filename, desk)
    if check is None:
        return
    created, refused = await desk.loans.import_loans(check, desk.access.user_id)
    await desk.leave()
    with suppress(TelegramBadRequest):
        await message.edit_reply_markup(reply_markup=None)
    lines = [l10n("loan-import-done", created=len(created), refused=len(refused))]
    lines += _refused_lines(refused, l10n)
    home = keyboard([la(l10n("loan-admin-home-button"), A.home)])
    await message.answer("\n".join(lines), reply_markup=home)
    username = (await desk.bot.me()).username or ""
    links = [
        (
            number,
            loan,
            make_link(username, f"l_{loan.invite_code}") if username and loan.invite_code else "",
        )
        for number, loan in created
    ]
    report = await asyncio.to_thread(build_import_report, links, refused, l10n)
    await message.answer_document(
        BufferedInputFile(report, filename=f"import-{desk.loans.today().isoformat()}.xlsx"),
        caption=l10n("loan-import-report-caption", created=len(created), refused=len(refused)),
    )
