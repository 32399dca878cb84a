"""The funnel as a chart (PNG) and as a workbook (.xlsx), in the reader's language.

matplotlib and openpyxl load inside these functions, on first use (`bot.documents`)."""

from __future__ import annotations

from bot.core.i18n import Translator
from bot.journey.service import Funnel, FunnelStep


def share(value: float | None) -> str:
    """0.4567 → «45,7%»; None → «—»."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}".replace(".", ",").removesuffix(",0") + "%"


def days(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def step_name(step: FunnelStep, l10n: Translator) -> str:
    return l10n("journey-funnel-step", step=step.code)


def funnel_png(funnel: Funnel, title: str, l10n: Translator) -> bytes:
    from bot.documents.charts import FunnelBar, funnel_chart

    bars = [
        FunnelBar(
            step_name(step, l10n),
            step.count,
            (
                share(step.of_previous) + (f" · {share(step.of_start)}" if i > 1 else "")
                if i and step.applies
                else ("—" if not step.applies else "")
            ),
        )
        for i, step in enumerate(funnel.steps)
    ]
    return funnel_chart(bars, title)


def funnel_workbook(funnel: Funnel, filters: list[tuple[str, str]], l10n: Translator) -> bytes:
    """Sheet one: the steps, counts, shares and median days; sheet two: the filters used."""
    from bot.documents.exports import Book, Cell, Column

    book = Book()
    sheet = book.sheet(
        l10n("journey-xlsx-steps"),
        [
            Column(l10n("journey-xlsx-step")),
            Column(l10n("journey-xlsx-count"), centred=True),
            Column(l10n("journey-xlsx-of-previous"), centred=True),
            Column(l10n("journey-xlsx-of-start"), centred=True),
            Column(l10n("journey-xlsx-median"), note=l10n("journey-xlsx-median-note")),
        ],
    )
    for i, step in enumerate(funnel.steps):
        row: list[Cell] = [
            (step_name(step, l10n), None),
            (step.count if step.applies else None, "#,##0"),
            (None if i == 0 or not step.applies else step.of_previous, "0.0%"),
            (step.of_start if step.applies else None, "0.0%"),
            (
                None if step.median_days is None else round(step.median_days, 1),
                "0.0",
            ),
        ]
        sheet.append(row)
    book.sheet(
        l10n("journey-xlsx-filters"),
        [Column(l10n("journey-xlsx-filter")), Column(l10n("journey-xlsx-value"))],
    ).extend([(name, None), (value, None)] for name, value in filters)
    return book.to_bytes()
