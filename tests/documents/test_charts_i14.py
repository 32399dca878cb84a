"""The portfolio chart's words stay inside the picture (issue 14.8): a long Kazakh panel title
(«Мерзімі өткен күндер бойынша қалдық») was clipped at the right edge. The labels are the real
ones from the locales, in Kazakh and Russian, measured with the renderer that draws the PNG."""

from __future__ import annotations

from datetime import date

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from bot.core.i18n import Translations
from bot.documents.charts import PortfolioChartText, portfolio_figure
from bot.loans.schedule import add_months

MONTHS = [(add_months(date(2025, 6, 1), n), 1_250_000 * n) for n in range(12)]
BUCKETS = [
    ("0", 19, 130_000_000),
    ("1-30", 2, 5_000_000),
    ("31-60", 1, 1_000_000),
    ("61-90", 0, 0),
    ("91+", 11, 12_000_000),
]
# The longest filter a coordinator can pick: a program and a region.
SCOPES = {
    "kk": "Бір ауыл – бір өнім · Шығыс Қазақстан облысы · Ұлан ауданы",
    "ru": "Бір ауыл – бір өнім (Одно село – один продукт) · Восточно-Казахстанская область",
}


def chart_text(locale: str) -> PortfolioChartText:
    l10n = Translations.from_dir().get(locale)
    return PortfolioChartText(
        title=SCOPES[locale],
        repayments=l10n("loan-chart-repayments"),
        buckets=l10n("loan-chart-buckets"),
        months=tuple(l10n("loan-chart-months").split()),
        million=l10n("loan-chart-million"),
        thousand=l10n("loan-chart-thousand"),
        loans=l10n("loan-chart-loans"),
    )


def outside(figure: Figure, text: Text, left: float, right: float) -> str | None:
    box = text.get_window_extent(figure.canvas.get_renderer())  # type: ignore[attr-defined]
    if box.x0 < left - 0.5 or box.x1 > right + 0.5:
        return f"{text.get_text()!r}: {box.x0:.0f}–{box.x1:.0f} px, room {left:.0f}–{right:.0f}"
    return None


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_no_title_runs_past_the_figure_or_into_the_next_panel(locale: str) -> None:
    text = chart_text(locale)
    figure = portfolio_figure(MONTHS, BUCKETS, text)
    width = figure.bbox.width
    problems = [outside(figure, axes.title, axes.bbox.x0, axes.bbox.x1) for axes in figure.axes]
    problems += [
        outside(figure, t, 0, width)
        for t in figure.findobj(Text)
        if isinstance(t, Text) and t.get_visible() and t.get_text()
    ]
    assert [p for p in problems if p] == []
    # Nothing was cut to fit: every word of the titles is still there.
    shown = " ".join(a.title.get_text() for a in figure.axes).split()
    assert shown == f"{text.repayments} {text.buckets}".split()
    suptitle = figure.get_suptitle().split()
    assert suptitle == text.title.split()
