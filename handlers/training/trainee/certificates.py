"""Certificates: the PDF a trainee gets after the last lesson, and `/verify` (or a verify link,
`t.me/<bot>?start=v_<number>`) for anyone who wants to check one."""

from __future__ import annotations

import html
from typing import Any

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, Message

from bot.core.i18n import Translator
from bot.documents.certificates import CertificateText, render_certificate
from bot.telegram.deeplinks import make_link
from bot.training.schedule import CourseState, cohort_rest
from bot.training.service import Certificate, TrainingService
from handlers.training.trainee.common import Ctx

router = Router(name=__name__)


async def send_certificate(
    message: Message, certificate: Certificate, state: CourseState, ctx: Ctx
) -> None:
    l10n = ctx.l10n
    me = await ctx.bot.me()
    link = make_link(me.username or "", f"v_{certificate.number}")
    course = state.course.title(l10n.locale)
    text = CertificateText(
        holder=certificate.holder_name,
        course=course,
        cohort=cohort_rest(course, state.cohort.name),
        completed=l10n.date(certificate.completed_on),
        number=certificate.number,
        verify=l10n("certificate-verify", number=certificate.number, link=link),
    )
    pdf = render_certificate(text, l10n)
    await message.answer(
        l10n(
            "training-congratulations",
            course=html.escape(state.course.title(l10n.locale)),
            number=certificate.number,
        )
    )
    await message.answer_document(
        BufferedInputFile(pdf, filename=f"certificate-{certificate.number}.pdf"),
        caption=l10n("training-certificate-caption", number=certificate.number),
    )


async def verify_link(message: Message, value: str, data: dict[str, Any]) -> None:
    """`t.me/<bot>?start=v_<number>`."""
    await _verify(message, value, data["training"], data["l10n"])


@router.message(Command("verify"))
async def verify(message: Message, command: CommandObject, ctx: Ctx) -> None:
    if command.args:
        await _verify(message, command.args, ctx.training, ctx.l10n)
    else:
        await message.answer(ctx.l10n("certificate-verify-how"))


async def _verify(
    message: Message, number: str, training: TrainingService, l10n: Translator
) -> None:
    certificate = await training.certificate(number)
    if certificate is None:
        await message.answer(
            l10n("certificate-not-found", number=html.escape(number.strip()[:40]))
        )
        return
    course = training.courses.get(certificate.course)
    cohort = await training.cohort(certificate.cohort_id) if certificate.cohort_id else None
    await message.answer(
        l10n(
            "certificate-valid",
            number=certificate.number,
            holder=html.escape(certificate.holder_name) or l10n("certificate-holder-erased"),
            course=html.escape(course.title(l10n.locale)) if course else certificate.course,
            cohort=html.escape(cohort.name) if cohort else "—",
            date=certificate.completed_on,
        )
    )
