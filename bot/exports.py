"""Reviewers' scores averaged per criterion, and applications and cohorts as Excel workbooks.

`build_workbook` is a pure function: applications, the catalogue and a translator in, the bytes of
an .xlsx file out (openpyxl). One sheet per program, a header row in the reader's language, one
row per application and one column per form field; money and numbers are number cells, dates are
date cells, so a coordinator can sort, filter and add up in Excel straight away.
`build_progress_workbook` does the same for a cohort: one row per trainee, a column per lesson.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from io import BytesIO
from statistics import fmean
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.catalogue import Catalogue, Criterion, Field, Program
from bot.courses import Course
from bot.forms import display
from bot.i18n import Translator
from bot.regions import region_by_code
from storage.applications import Application, Score

log = logging.getLogger(__name__)

MONEY_FORMAT = '#,##0 "₸"'
DATE_FORMAT = "DD.MM.YYYY"
HEADER_FILL = "DDEBF7"  # the header row's background, in every export
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
SCORE_FORMAT = "0.0"
MIN_WIDTH, MAX_WIDTH = 8, 60
SHEET_TITLE_CHARS = 31  # Excel's limit
_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


# -- scores -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScoreSummary:
    """Average per criterion (None: nobody scored it), their mean, and how many reviewers."""

    averages: tuple[tuple[Criterion, float | None], ...]
    overall: float | None
    reviewers: int


def summarise_scores(program: Program, scores: Sequence[Score]) -> ScoreSummary:
    """Each criterion's scores from every reviewer are averaged; the overall average is the mean
    of the criteria's averages, so a criterion scored by more reviewers weighs no more."""
    known = {c.code for c in program.criteria}
    by_criterion: dict[str, list[int]] = {code: [] for code in known}
    for score in scores:
        if score.criterion in known:
            by_criterion[score.criterion].append(score.score)
    averages = tuple(
        (c, fmean(by_criterion[c.code]) if by_criterion[c.code] else None)
        for c in program.criteria
    )
    scored = [a for _, a in averages if a is not None]
    return ScoreSummary(
        averages=averages,
        overall=fmean(scored) if scored else None,
        reviewers=len({s.reviewer_id for s in scores if s.criterion in known}),
    )


def format_score(value: float | None) -> str:
    """`4.5` → `4,5` (both languages write a decimal comma); None → `—`."""
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


# -- the workbook -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportRow:
    application: Application
    applicant: str  # how the applicant is known in Telegram: name and @username
    scores: Sequence[Score]


def build_workbook(
    rows: Sequence[ExportRow], catalogue: Catalogue, l10n: Translator, zone: tzinfo
) -> bytes:
    """The .xlsx file: a sheet per program present in `rows` (in catalogue order)."""
    book = Workbook()
    book.remove(book.active)
    by_program: dict[str, list[ExportRow]] = {}
    for row in rows:
        by_program.setdefault(row.application.program, []).append(row)
    titles: set[str] = set()
    for program in catalogue:
        found = by_program.pop(program.code, None)
        if found:
            _fill(
                book.create_sheet(_sheet_title(program.name(l10n.locale), titles)),
                program,
                found,
                l10n,
                zone,
            )
    for code, lost in by_program.items():
        log.warning(
            "export: %d application(s) of %r, a program no longer in the catalogue",
            len(lost),
            code,
        )
    if not book.sheetnames:  # nothing to show: the headers alone
        sheet = book.create_sheet(_sheet_title(l10n("review-xlsx-sheet"), titles))
        _header(sheet, _base_headers(l10n))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _base_headers(l10n: Translator) -> list[str]:
    return [
        l10n("review-xlsx-number"),
        l10n("review-xlsx-status"),
        l10n("review-xlsx-submitted"),
        l10n("review-xlsx-applicant"),
        l10n("review-xlsx-region"),
        l10n("review-xlsx-district"),
    ]


def _columns(program: Program) -> list[Field]:
    """The fields that get a column; the region answer already fills region and district."""
    return [f for f in program.fields if f.type != "region"]


def _fill(
    sheet: Worksheet,
    program: Program,
    rows: Sequence[ExportRow],
    l10n: Translator,
    zone: tzinfo,
) -> None:
    locale = l10n.locale
    fields = _columns(program)
    headers = _base_headers(l10n) + [f.label(locale) for f in fields]
    headers += [l10n("review-xlsx-score", criterion=c.label(locale)) for c in program.criteria]
    headers += [l10n("review-xlsx-overall"), l10n("review-xlsx-reviewers")]

    def cells(row: ExportRow) -> list[Cell]:
        app = row.application
        region = region_by_code(app.region)
        district = (
            next((d for d in region.districts if d.code == app.district), None) if region else None
        )
        submitted = app.submitted_at.astimezone(zone).date() if app.submitted_at else None
        values: list[Cell] = [
            (app.reference, None),
            (l10n("review-xlsx-status-value", status=app.status), None),
            (submitted, DATE_FORMAT),
            (row.applicant, None),
            (region.name(locale) if region else None, None),
            (district.name(locale) if district else None, None),
        ]
        values += [_answer(f, app.answers.get(f.code), l10n) for f in fields]
        summary = summarise_scores(program, row.scores)
        values += [(_rounded(a), SCORE_FORMAT) for _, a in summary.averages]
        values += [(_rounded(summary.overall), SCORE_FORMAT), (summary.reviewers, None)]
        return values

    # The header row and the application number stay in view.
    write_table(sheet, headers, (cells(row) for row in rows), freeze="B2")


# A cell: its value and its number format (None: general).
Cell = tuple[Any, str | None]


def write_table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    freeze: str = "A2",
    first_column: int = 1,
) -> int:
    """A header row and typed rows, as every export here wants them: a bold, frozen header and an
    autofilter; text that is never read as a formula and has no characters .xlsx cannot hold;
    dates and money with their formats; columns as wide as their contents (within limits).
    Returns the number of rows written."""
    _header(sheet, headers, first_column=first_column)
    sheet.freeze_panes = freeze
    widths = [len(h) for h in headers]
    count = 0
    for number, row in enumerate(rows, start=2):
        count += 1
        for offset, (value, number_format) in enumerate(row):
            if isinstance(value, str):
                value = clean_text(value)
            cell = sheet.cell(row=number, column=first_column + offset, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a person's text is never a formula
            if number_format and value is not None:
                cell.number_format = number_format
            widths[offset] = max(widths[offset], _width(value, number_format))
    for offset, width in enumerate(widths):
        letter = get_column_letter(first_column + offset)
        sheet.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    last = get_column_letter(first_column + len(headers) - 1)
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    return count


def _header(sheet: Worksheet, headers: Sequence[str], *, first_column: int = 1) -> None:
    bold = Font(bold=True)
    fill = PatternFill("solid", start_color=HEADER_FILL)
    for offset, title in enumerate(headers):
        cell = sheet.cell(row=1, column=first_column + offset, value=title)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def _answer(field: Field, value: Any, l10n: Translator) -> tuple[Any, str | None]:
    """A stored answer as a cell value and its number format."""
    if value is None:
        return None, None
    kind = field.type
    if kind == "money":
        return int(value), MONEY_FORMAT
    if kind in ("number", "attachments"):
        return int(value), None
    if kind == "date":
        return date.fromisoformat(str(value)), DATE_FORMAT
    # ИИН/БИН stay text: a leading zero is part of the number.
    return clean_text(display(field, value, l10n)), None


def clean_text(value: str) -> str:
    """Characters an .xlsx file cannot hold (control characters) are dropped."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", value))


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _width(value: Any, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if number_format == MONEY_FORMAT:
        return len(f"{value:,} ₸")
    return len(str(value))


def _sheet_title(name: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the book."""
    base = name.translate(_SHEET_FORBIDDEN).strip().strip("'")
    if len(base) > SHEET_TITLE_CHARS:  # «Name (explanation)» keeps the name; else whole words
        head = base.split(" (")[0]
        words = base[: SHEET_TITLE_CHARS + 1].split(" ")[:-1]
        while len(words) > 1 and len(words[-1]) <= 2:  # no dangling «и», «–»
            words.pop()
        cut = " ".join(words) or base
        base = (head if len(head) <= SHEET_TITLE_CHARS else cut)[:SHEET_TITLE_CHARS].strip()
    base = base or "Sheet"
    title, n = base, 2
    while title.casefold() in used:
        suffix = f" ({n})"
        title = base[: SHEET_TITLE_CHARS - len(suffix)] + suffix
        n += 1
    used.add(title.casefold())
    return title


# -- a cohort's progress ------------------------------------------------------------------------

LESSON_DONE, LESSON_MISSED = "✓", "—"
LESSON_WIDTH = 4


@dataclass(frozen=True, slots=True)
class ProgressRow:
    """One trainee of a cohort: how they are known, when they joined, what they have done."""

    name: str
    joined_at: datetime
    done: frozenset[int]  # lesson numbers, from 1
    last_activity: datetime | None  # when the last lesson was marked done


def build_progress_workbook(
    cohort_name: str,
    course: Course,
    released: int,
    rows: Sequence[ProgressRow],
    l10n: Translator,
    zone: tzinfo,
) -> bytes:
    """The .xlsx file of a cohort: a row per trainee (name, joined, lessons done, last activity)
    and a column per lesson: ✓ done, — open and not done, empty when not open yet. A lesson's
    title is in its header cell's note."""
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(cohort_name, set())
    fixed = [
        l10n("cohort-xlsx-name"),
        l10n("cohort-xlsx-joined"),
        l10n("cohort-xlsx-done"),
        l10n("cohort-xlsx-last-activity"),
    ]
    lessons = course.lessons

    def cells(row: ProgressRow) -> list[Cell]:
        last = row.last_activity
        marks: list[Cell] = [
            (
                LESSON_DONE
                if lesson.number in row.done
                else LESSON_MISSED
                if lesson.number <= released
                else None,
                None,
            )
            for lesson in lessons
        ]
        return [
            (row.name, None),
            (row.joined_at.astimezone(zone).date(), DATE_FORMAT),
            (len(row.done), None),
            (last.astimezone(zone).replace(tzinfo=None) if last else None, DATETIME_FORMAT),
            *marks,
        ]

    count = write_table(
        sheet, fixed + [str(lesson.number) for lesson in lessons], map(cells, rows)
    )
    for lesson in lessons:  # narrow centred lesson columns; the title in the header's note
        column = len(fixed) + lesson.number
        header = sheet.cell(row=1, column=column)
        header.comment = Comment(clean_text(lesson.title(l10n.locale)), "Qadam")
        sheet.column_dimensions[header.column_letter].width = LESSON_WIDTH + 2
        for number in range(1, count + 2):
            sheet.cell(row=number, column=column).alignment = Alignment(horizontal="center")
    out = BytesIO()
    book.save(out)
    return out.getvalue()
