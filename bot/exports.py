"""Reviewers' scores averaged per criterion, and applications and cohorts as Excel workbooks.

`build_workbook` is a pure function: applications, the catalogue and a translator in, the bytes of
an .xlsx file out (openpyxl). One sheet per program, a header row in the reader's language, one
row per application and one column per form field; money and numbers are number cells, dates are
date cells, so a coordinator can sort, filter and add up in Excel straight away.
`build_progress_workbook` does the same for a cohort: one row per trainee, a column per lesson.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
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
    _header(sheet, headers)
    widths = [len(h) for h in headers]
    for number, row in enumerate(rows, start=2):
        app = row.application
        region = region_by_code(app.region)
        district = (
            next((d for d in region.districts if d.code == app.district), None) if region else None
        )
        submitted = app.submitted_at.astimezone(zone).date() if app.submitted_at else None
        cells: list[tuple[Any, str | None]] = [
            (app.reference, None),
            (l10n("review-xlsx-status-value", status=app.status), None),
            (submitted, DATE_FORMAT),
            (_text(row.applicant), None),
            (region.name(locale) if region else None, None),
            (district.name(locale) if district else None, None),
        ]
        cells += [_answer(f, app.answers.get(f.code), l10n) for f in fields]
        summary = summarise_scores(program, row.scores)
        cells += [(_rounded(a), SCORE_FORMAT) for _, a in summary.averages]
        cells += [(_rounded(summary.overall), SCORE_FORMAT), (summary.reviewers, None)]
        for column, (value, number_format) in enumerate(cells, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # an applicant's text is never a formula
            if number_format and value is not None:
                cell.number_format = number_format
            widths[column - 1] = max(widths[column - 1], _width(value, number_format))
    for column, width in enumerate(widths, start=1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"


def _header(sheet: Worksheet, headers: Sequence[str]) -> None:
    bold = Font(bold=True)
    fill = PatternFill("solid", start_color="DDEBF7")
    for column, title in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = min(
            max(len(title) + 2, MIN_WIDTH), MAX_WIDTH
        )
    sheet.freeze_panes = "B2"  # the header row and the application number stay in view


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
    return _text(display(field, value, l10n)), None


def _text(value: str) -> str:
    """Characters an .xlsx file cannot hold (control characters) are dropped."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", value))


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _width(value: Any, number_format: str | None) -> int:
    if value is None:
        return 0
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
    _header(sheet, fixed + [str(lesson.number) for lesson in course.lessons])
    for lesson in course.lessons:
        cell = sheet.cell(row=1, column=len(fixed) + lesson.number)
        cell.comment = Comment(_text(lesson.title(l10n.locale)), "Qadam")
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[cell.column_letter].width = LESSON_WIDTH + 2
    widths = [len(h) for h in fixed]
    for number, row in enumerate(rows, start=2):
        last = row.last_activity
        cells: list[tuple[Any, str | None]] = [
            (_text(row.name), None),
            (row.joined_at.astimezone(zone).date(), DATE_FORMAT),
            (len(row.done), None),
            (last.astimezone(zone).replace(tzinfo=None) if last else None, DATETIME_FORMAT),
        ]
        for column, (value, number_format) in enumerate(cells, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # a person's name is never a formula
            if number_format and value is not None:
                cell.number_format = number_format
            widths[column - 1] = max(
                widths[column - 1], 16 if number_format == DATETIME_FORMAT else _width(value, None)
            )
        for lesson in course.lessons:
            mark = (
                LESSON_DONE
                if lesson.number in row.done
                else LESSON_MISSED
                if lesson.number <= released
                else None
            )
            cell = sheet.cell(row=number, column=len(fixed) + lesson.number, value=mark)
            cell.alignment = Alignment(horizontal="center")
    for column, width in enumerate(widths, start=1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    last_column = get_column_letter(len(fixed) + len(course.lessons))
    sheet.auto_filter.ref = f"A1:{last_column}{len(rows) + 1}"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
