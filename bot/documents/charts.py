"""Charts coordinators get as photos: small PNGs drawn with matplotlib's Agg backend.

No pyplot: each chart is its own `Figure`, so drawing in a worker thread (`asyncio.to_thread`)
shares no global state. The labels come in the reader's language; DejaVu Sans (matplotlib's
default font) has every Kazakh letter.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.text import Text

WIDTH_PX, HEIGHT_PX, DPI = 800, 450, 100
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TITLE_MARGIN_PX = 2  # a wrapped title keeps this far from its panel's sides
_ON_TIME = "#2e7d32"
_LATE = ("#f9a825", "#ef6c00", "#d84315", "#b71c1c")
_BARS = "#1565c0"


@dataclass(frozen=True, slots=True)
class PortfolioChartText:
    """Every word on the chart, in the reader's language."""

    title: str  # the filter: program and region
    repayments: str  # the left panel's title
    buckets: str  # the right panel's title
    months: tuple[str, ...]  # twelve short month names, January first
    million: str  # "млн"
    thousand: str  # "мың" / "тыс."
    loans: str  # "займов: {}" — a format with one place for the count


def compact_money(amount: float, text: PortfolioChartText) -> str:
    """1 250 000 → `1,3 млн`; 45 000 → `45 мың`; on an axis, without the ₸."""
    if abs(amount) >= 1_000_000:
        value = f"{amount / 1_000_000:.1f}".replace(".", ",").removesuffix(",0")
        return f"{value} {text.million}"
    if abs(amount) >= 1_000:
        return f"{amount / 1_000:.0f} {text.thousand}"
    return f"{amount:.0f}"


def portfolio_chart(
    months: Sequence[tuple[date, int]],
    buckets: Sequence[tuple[str, int, int]],
    text: PortfolioChartText,
) -> bytes:
    """Repayments by month (left) and the outstanding balance by days past due (right), as a
    WIDTH_PX × HEIGHT_PX PNG. `buckets`: (label, loans, outstanding), the current one first."""
    out = BytesIO()
    portfolio_figure(months, buckets, text).savefig(
        out, format="png", dpi=DPI, metadata={"Software": None}
    )
    return out.getvalue()


def portfolio_figure(
    months: Sequence[tuple[date, int]],
    buckets: Sequence[tuple[str, int, int]],
    text: PortfolioChartText,
) -> Figure:
    """The chart of `portfolio_chart`, laid out: every title wrapped to fit its panel."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    FigureCanvasAgg(figure)  # measures text: titles are wrapped to what they really take
    left, right = figure.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    suptitle = figure.suptitle(text.title, fontsize=11)

    def axis_money(value: float, _position: float) -> str:
        return compact_money(value, text)

    labels = [
        f"{text.months[d.month - 1]}\n{d:%y}"
        if d.month == 1 or i == 0
        else text.months[d.month - 1]
        for i, (d, _) in enumerate(months)
    ]
    left.bar(range(len(months)), [amount for _, amount in months], color=_BARS)
    left.set_xticks(range(len(months)), labels, fontsize=7)
    left.set_title(text.repayments, fontsize=9)
    left.yaxis.set_major_formatter(FuncFormatter(axis_money))
    left.tick_params(axis="y", labelsize=7)
    left.grid(axis="y", alpha=0.3)
    left.set_axisbelow(True)

    colours = [_ON_TIME, *_LATE][: len(buckets)]
    heights = [outstanding for _, _, outstanding in buckets]
    bars = right.bar(range(len(buckets)), heights, color=colours)
    right.set_xticks(range(len(buckets)), [label for label, _, _ in buckets], fontsize=8)
    right.set_title(text.buckets, fontsize=9)
    right.yaxis.set_major_formatter(FuncFormatter(axis_money))
    right.tick_params(axis="y", labelsize=7)
    right.grid(axis="y", alpha=0.3)
    right.set_axisbelow(True)
    top = max(heights, default=0) or 1
    right.set_ylim(0, top * 1.18)
    for bar, (_, loans, _) in zip(bars, buckets, strict=True):
        right.annotate(
            text.loans.format(loans),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=7,
        )
    _lay_out(figure, [(left.title, left), (right.title, right), (suptitle, None)])
    return figure


def _lay_out(figure: Figure, titles: Sequence[tuple[Text, Axes | None]]) -> None:
    """`tight_layout`, with every title wrapped (then made smaller, if one word is too long)
    until it fits its panel, or the figure for a `None` panel: a long Kazakh title is not
    clipped at the edge nor run into the next panel."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    for _ in range(3):  # each layout moves the panels a little: fit, lay out, check again
        figure.tight_layout()
        wide = [
            (title, (axes or figure).bbox.width - 2 * TITLE_MARGIN_PX)
            for title, axes in titles
            if title.get_window_extent(renderer).width > (axes or figure).bbox.width - 1
        ]
        if not wide:
            return
        for title, width in wide:
            _wrap(title, width, renderer)


def _wrap(title: Text, width: float, renderer: RendererBase) -> None:
    """On as few lines as fit `width` pixels, of even length («Мерзімі өткен күндер / бойынша
    қалдық», not a word left alone); a smaller font if one word is wider than that."""
    words = " ".join(title.get_text().split())
    for lines in range(2, len(words.split()) + 1):
        limit = -(-len(words) // lines)
        while len(textwrap.wrap(words, limit, break_long_words=False)) > lines:
            limit += 1
        title.set_text(textwrap.fill(words, limit, break_long_words=False))
        if title.get_window_extent(renderer).width <= width:
            return
    size = float(title.get_fontsize())
    while title.get_window_extent(renderer).width > width and size > 5:
        size -= 0.5
        title.set_fontsize(size)


# -- the funnel --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FunnelBar:
    label: str  # the step, in the reader's language
    count: int
    note: str  # what follows the count: «62% · 45%», or «—» for a step that does not apply


def funnel_chart(bars: Sequence[FunnelBar], title: str) -> bytes:
    """Horizontal bars, the first step on top: each with its count and shares at its end."""
    out = BytesIO()
    funnel_figure(bars, title).savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def funnel_figure(bars: Sequence[FunnelBar], title: str) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    suptitle = figure.suptitle(title, fontsize=11)
    rows = range(len(bars))
    counts = [bar.count for bar in bars]
    axes.barh(rows, counts, color=_BARS)
    axes.set_yticks(rows, [textwrap.fill(bar.label, 22) for bar in bars], fontsize=8)
    axes.invert_yaxis()  # the first step on top
    axes.tick_params(axis="x", labelsize=7)
    axes.grid(axis="x", alpha=0.3)
    axes.set_axisbelow(True)
    top = max(counts, default=0) or 1
    axes.set_xlim(0, top * 1.35)  # room for the numbers after the longest bar
    for row, bar in zip(rows, bars, strict=True):
        axes.annotate(
            f"{bar.count:,}".replace(",", "\u00a0") + (f"  {bar.note}" if bar.note else ""),
            (bar.count, row),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    _lay_out(figure, [(suptitle, None)])
    return figure
