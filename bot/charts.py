"""Charts coordinators get as photos: small PNGs drawn with matplotlib's Agg backend.

No pyplot: each chart is its own `Figure`, so drawing in a worker thread (`asyncio.to_thread`)
shares no global state. The labels come in the reader's language; DejaVu Sans (matplotlib's
default font) has every Kazakh letter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO

WIDTH_PX, HEIGHT_PX, DPI = 800, 450, 100
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
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
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    left, right = figure.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    figure.suptitle(text.title, fontsize=11)

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
    figure.tight_layout()
    out = BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()
