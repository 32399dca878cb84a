"""Completion certificates: one A4 page as PDF, in the trainee's language.

The text uses DejaVu Sans, embedded in the file (bot/data/fonts, with its licence), because the
PDF standard fonts have no Kazakh letters (ә ғ қ ң ө ұ ү һ і).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bot.core.i18n import Translator


@dataclass(frozen=True, slots=True)
class CertificateText:
    holder: str
    course: str
    cohort: str
    completed: str  # a formatted local date
    number: str
    verify: str  # how to check it: a /verify command and a link


def _font(name: str) -> str:
    return str(resources.files("bot.data").joinpath("fonts").joinpath(name))


@lru_cache(maxsize=2)
def _glyphs(name: str) -> frozenset[int]:
    """The characters the font can draw."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # fpdf2 brings it

    with TTFont(_font(name), lazy=True) as font:
        return frozenset(font.getBestCmap())


def printable(text: str) -> str:
    """The text less what the font lacks (an emoji in a cohort's name would leave a gap)."""
    drawn = _glyphs("DejaVuSans-Bold.ttf") & _glyphs("DejaVuSans.ttf")
    kept = "".join(ch for ch in text if ord(ch) in drawn or ch in "\n")
    return re.sub(r"[ \t]{2,}", " ", kept).strip()


def render_certificate(text: CertificateText, l10n: Translator) -> bytes:
    from fpdf import FPDF  # with PIL and numpy: loaded by the first certificate, not at start-up

    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_title(l10n("certificate-title"))
    pdf.set_author("Qadam")
    pdf.add_font("DejaVu", "", _font("DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", _font("DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    width = pdf.w - 40

    pdf.set_draw_color(30, 90, 160)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.4)
    pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)

    pdf.set_xy(20, 32)
    pdf.set_text_color(30, 90, 160)
    pdf.set_font("DejaVu", "B", 34)
    pdf.cell(width, 16, l10n("certificate-title"), align="C")
    pdf.set_text_color(0, 0, 0)

    pdf.set_xy(20, 62)
    pdf.set_font("DejaVu", "", 14)
    pdf.cell(width, 8, l10n("certificate-confirms"), align="C")
    pdf.set_xy(20, 76)
    pdf.set_font("DejaVu", "B", 26)
    pdf.multi_cell(width, 12, printable(text.holder), align="C")
    pdf.set_xy(20, pdf.get_y() + 6)
    pdf.set_font("DejaVu", "", 14)
    pdf.multi_cell(width, 8, l10n("certificate-completed"), align="C")
    pdf.set_xy(20, pdf.get_y() + 2)
    pdf.set_font("DejaVu", "B", 20)
    pdf.multi_cell(width, 10, f"«{printable(text.course)}»", align="C")
    if cohort := printable(text.cohort):  # empty when the cohort is named after the course
        pdf.set_xy(20, pdf.get_y() + 4)
        pdf.set_font("DejaVu", "", 13)
        pdf.multi_cell(width, 7, cohort, align="C")

    pdf.set_xy(20, 160)
    pdf.set_font("DejaVu", "", 12)
    pdf.cell(width / 2, 7, l10n("certificate-date", date=text.completed), align="L")
    pdf.cell(width / 2, 7, l10n("certificate-number", number=text.number), align="R")
    pdf.set_xy(20, 172)
    pdf.set_font("DejaVu", "", 10)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(width, 5, text.verify, align="C")
    return bytes(pdf.output())
