"""Reviewers' scores averaged per criterion, and the Excel toolkit every workbook goes through.

**The toolkit** (`Book`, `Sheet`, `table_workbook`): openpyxl's write-only mode, imported on first
use. Rows are streamed to temporary files, so memory does not grow with the rows; the columns are
sized from the header and the first `SAMPLE_ROWS` rows; money and dates are typed cells with
`MONEY_FORMAT` / `DATE_FORMAT`, text is cleaned and never read as a formula; a bold, frozen header
with an autofilter; sheet titles valid, cut at a word and unique; a sheet past Excel's row limit
goes on in «Title (2)». The applications, cohort, webinar, broadcast and loan workbooks all use it.

`build_workbook` is a pure function: applications, the catalogue and a translator in, the bytes of
an .xlsx file out. One sheet per program, a header row in the reader's language, one row per
application: the decision (what, when, why), one column per form field and the scores; money and
numbers are number cells, dates are date cells, so a coordinator can sort, filter and add up in
Excel straight away. Voice answers and files cannot travel in a workbook: given `card_link`, the
application number, a voice answer («🎤 1:15») and a file count are links that open the
application's card in the bot, where its files are one button away.
`build_progress_workbook` does the same for a cohort: one row per trainee, a column per lesson.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from io import BytesIO
from os import PathLike
from statistics import fmean
from typing import IO, Any

from bot.applications.forms import display
from bot.core.catalogue import Catalogue, Criterion, Field, Program
from bot.core.i18n import Translator
from bot.core.regions import region_by_code
from bot.training.courses import Course
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
# Conjunctions a title must not end on (words of one or two letters never end one either).
_DANGLING = frozenset({"мен", "бен", "пен", "және", "немесе", "или", "для"})
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what an .xlsx cannot hold (openpyxl's)


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


CardLink = Callable[[Application], str]  # the address of an application's card in the bot


def build_workbook(
    rows: Sequence[ExportRow],
    catalogue: Catalogue,
    l10n: Translator,
    zone: tzinfo,
    *,
    card_link: CardLink | None = None,
) -> bytes:
    """The .xlsx file: a sheet per program present in `rows` (in catalogue order)."""
    book = Book()
    by_program: dict[str, list[ExportRow]] = {}
    for row in rows:
        by_program.setdefault(row.application.program, []).append(row)
    filled = False
    for program in catalogue:
        found = by_program.pop(program.code, None)
        if found:
            _fill(book, program, found, l10n, zone, card_link)
            filled = True
    for code, lost in by_program.items():
        log.warning(
            "export: %d application(s) of %r, a program no longer in the catalogue",
            len(lost),
            code,
        )
    if not filled:  # nothing to show: the headers alone
        book.sheet(l10n("review-xlsx-sheet"), _base_headers(l10n))
    return book.to_bytes()


def _base_headers(l10n: Translator) -> list[str]:
    return [
        l10n("review-xlsx-number"),
        l10n("review-xlsx-status"),
        l10n("review-xlsx-submitted"),
        l10n("review-xlsx-applicant"),
        l10n("review-xlsx-region"),
        l10n("review-xlsx-district"),
        l10n("review-xlsx-decision"),
        l10n("review-xlsx-decided"),
        l10n("review-xlsx-reason"),
    ]


def _columns(program: Program) -> list[Field]:
    """The fields that get a column; the region answer already fills region and district."""
    return [f for f in program.fields if f.type != "region"]


def _fill(
    book: Book,
    program: Program,
    rows: Sequence[ExportRow],
    l10n: Translator,
    zone: tzinfo,
    card_link: CardLink | None,
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
        decided = app.status in DECISIONS
        link = card_link(app) if card_link else None
        values: list[Cell] = [
            (Link(app.reference, link) if link else app.reference, None),
            (l10n("review-xlsx-status-value", status=app.status), None),
            (submitted, DATE_FORMAT),
            (row.applicant, None),
            (region.name(locale) if region else None, None),
            (district.name(locale) if district else None, None),
            (l10n("review-xlsx-status-value", status=app.status) if decided else None, None),
            (
                app.decided_at.astimezone(zone).date() if decided and app.decided_at else None,
                DATE_FORMAT,
            ),
            (app.decision_note if decided else None, None),
        ]
        values += [_answer(f, app.answers.get(f.code), l10n, link) for f in fields]
        summary = summarise_scores(program, row.scores)
        values += [(_rounded(a), SCORE_FORMAT) for _, a in summary.averages]
        values += [(_rounded(summary.overall), SCORE_FORMAT), (summary.reviewers, None)]
        return values

    # The header row and the application number stay in view.
    book.sheet(program.name(locale), headers, freeze="B2").extend(map(cells, rows))


# -- the toolkit: every workbook the bot writes ------------------------------------------------

# A cell: its value and its number format (None: general).
Cell = tuple[Any, str | None]
DECISIONS = ("approved", "rejected")  # the statuses that are a coordinator's decision


@dataclass(frozen=True, slots=True)
class Link:
    """A cell's value that opens `url` when clicked (Excel's blue, underlined link)."""

    value: Any
    url: str


MAX_ROWS = 1_048_576  # Excel's rows in a sheet, the header's included
MAX_CELL_CHARS = 32_767  # Excel's characters in a cell
SAMPLE_ROWS = 200  # rows held back to size the columns before the first one is written


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its header, and optionally the header's note, a fixed width, centred cells."""

    header: str
    note: str | None = None
    width: int | None = None  # None: as wide as the header and the first rows need
    centred: bool = False


class Book:
    """A workbook written as it is filled (openpyxl's write-only mode): rows go to temporary
    files as they come, so a sheet of a million rows needs no more memory than one of ten.
    openpyxl is imported here, on first use, never when the bot starts."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self._book = Workbook(write_only=True)
        self._titles: set[str] = set()
        self._sheets: list[Sheet] = []

    def sheet(self, title: str, columns: Sequence[str | Column], *, freeze: str = "A2") -> Sheet:
        """A new sheet at the end of the book (its title made valid and unique)."""
        made = Sheet(
            self, title, [c if isinstance(c, Column) else Column(c) for c in columns], freeze
        )
        self._sheets.append(made)
        return made

    def _worksheet(self, title: str, after: Any = None) -> Any:
        worksheet = self._book.create_sheet(_sheet_title(title, self._titles))
        if after is not None:  # a continuation goes right after the sheet it continues
            offset = self._book.index(after) + 1 - self._book.index(worksheet)
            self._book.move_sheet(worksheet.title, offset)
        return worksheet

    def save(self, target: str | PathLike[str] | IO[bytes]) -> None:
        """Writes the .xlsx to a path or a binary file; the book cannot take rows after."""
        for sheet in self._sheets:
            sheet.close()
        self._book.save(target)

    def to_bytes(self) -> bytes:
        out = BytesIO()
        self.save(out)
        return out.getvalue()


class Sheet:
    """A table, streamed: a bold, frozen header row with an autofilter, then typed rows. Text is
    never read as a formula and loses the characters .xlsx cannot hold; money and dates keep
    their formats. The first `SAMPLE_ROWS` rows are held back to size the columns (a sheet's
    columns must be set before its first row is written); past Excel's `MAX_ROWS` the rows go
    on in a continuation sheet, «Title (2)», with the same header."""

    def __init__(self, book: Book, title: str, columns: Sequence[Column], freeze: str) -> None:
        self._book, self._title, self._columns, self._freeze = book, title, columns, freeze
        self._worksheet = book._worksheet(title)
        self._pending: list[Sequence[Cell]] | None = []
        self._widths: list[float] = []
        self._styled: dict[tuple[int, str | None], Any] = {}
        self._in_sheet = 0  # rows under the header of the current worksheet
        self._closed = False
        self.rows = 0  # rows written in all

    def append(self, row: Sequence[Cell]) -> None:
        if self._pending is None:
            self._write(row)
            return
        self._pending.append(row)
        if len(self._pending) >= SAMPLE_ROWS:
            self._start()

    def extend(self, rows: Iterable[Sequence[Cell]]) -> int:
        """Appends the rows; returns how many rows the sheet has now."""
        for row in rows:
            self.append(row)
        return self.rows + len(self._pending or ())

    def close(self) -> None:
        if self._closed:
            return
        if self._pending is not None:
            self._start()
        self._finish()
        self._closed = True

    def _start(self) -> None:
        pending, self._pending = self._pending or [], None
        widths = [len(c.header) for c in self._columns]
        for row in pending:
            for offset, (value, number_format) in enumerate(row[: len(widths)]):
                widths[offset] = max(widths[offset], _width(value, number_format))
        self._widths = [
            c.width + 2 if c.width is not None else min(max(w + 2, MIN_WIDTH), MAX_WIDTH)
            for c, w in zip(self._columns, widths, strict=True)
        ]
        self._open()
        for row in pending:
            self._write(row)

    def _open(self) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.comments import Comment
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        sheet = self._worksheet
        for index, width in enumerate(self._widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = self._freeze
        bold, fill = Font(bold=True), PatternFill("solid", start_color=HEADER_FILL)
        header = []
        for column in self._columns:
            cell = WriteOnlyCell(sheet, value=clean_text(column.header))
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(
                vertical="center", wrap_text=True, horizontal="center" if column.centred else None
            )
            if column.note:
                cell.comment = Comment(clean_text(column.note), "Qadam")
            header.append(cell)
        sheet.append(header)
        self._styled.clear()  # a styled cell belongs to its worksheet
        self._in_sheet = 0

    def _write(self, row: Sequence[Cell]) -> None:
        if self._in_sheet >= MAX_ROWS - 1:
            self._finish()
            self._worksheet = self._book._worksheet(self._title, after=self._worksheet)
            self._open()
        self._worksheet.append([self._cell(i, v, f) for i, (v, f) in enumerate(row)])
        self._in_sheet += 1
        self.rows += 1

    def _cell(self, index: int, value: Any, number_format: str | None) -> Any:
        """The value itself where openpyxl needs nothing more, else a styled cell. A write-only
        sheet writes a row as it is appended, so each column's styled cell is reused."""
        if value is None:
            return None
        if isinstance(value, Link):
            return self._link(value, number_format)
        text = isinstance(value, str)
        if text:
            value = clean_text(value)[:MAX_CELL_CHARS]
        centred = index < len(self._columns) and self._columns[index].centred
        if not (number_format or centred or (text and value.startswith("="))):
            return value
        cell = self._styled.get((index, number_format))
        if cell is None:
            from openpyxl.cell import WriteOnlyCell
            from openpyxl.styles import Alignment

            cell = WriteOnlyCell(self._worksheet)
            if number_format:
                cell.number_format = number_format
            if centred:
                cell.alignment = Alignment(horizontal="center")
            self._styled[(index, number_format)] = cell
        cell.value = value
        if text:
            cell.data_type = "s"  # a person's text is never a formula
        return cell

    def _link(self, link: Link, number_format: str | None) -> Any:
        """A cell of its own: a worksheet keeps each link with the cell it is on."""
        from openpyxl.cell import WriteOnlyCell

        value = (
            clean_text(link.value)[:MAX_CELL_CHARS] if isinstance(link.value, str) else link.value
        )
        cell = WriteOnlyCell(self._worksheet, value=value)
        cell.hyperlink = link.url
        cell.style = "Hyperlink"
        if number_format:
            cell.number_format = number_format
        if isinstance(value, str):
            cell.data_type = "s"
        return cell

    def _finish(self) -> None:
        from openpyxl.utils import get_column_letter

        last = get_column_letter(len(self._columns))
        self._worksheet.auto_filter.ref = f"A1:{last}{self._in_sheet + 1}"


def table_workbook(
    title: str, columns: Sequence[str | Column], rows: Iterable[Sequence[Cell]], **options: str
) -> bytes:
    """A workbook of one table (`Book.sheet`'s options: freeze)."""
    book = Book()
    book.sheet(title, columns, **options).extend(rows)
    return book.to_bytes()


def _answer(field: Field, value: Any, l10n: Translator, link: str | None) -> Cell:
    """A stored answer as a cell value and its number format; a voice answer and a file count
    link to the application's card (`link`), where they can be listened to and opened."""
    if value is None:
        return None, None
    kind = field.type
    if link and kind == "attachments":
        return Link(int(value), link), None
    if link and kind == "long_text" and isinstance(value, dict):
        return Link(display(field, value, l10n), link), None
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
    return _ILLEGAL.sub("", value)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _width(value: Any, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, Link):
        return _width(value.value, number_format)
    if number_format == MONEY_FORMAT:
        return len(f"{value:,} ₸")
    return len(str(value))


def _sheet_title(name: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the book."""
    base = name.translate(_SHEET_FORBIDDEN).strip().strip("'")
    if len(base) > SHEET_TITLE_CHARS:  # «Name (explanation)» keeps the name; else whole words
        head = base.split(" (")[0]
        base = head if len(head) <= SHEET_TITLE_CHARS else _cut_at_word(base, SHEET_TITLE_CHARS)
    base = base or "Sheet"
    title, n = base, 2
    while title.casefold() in used:
        suffix = f" ({n})"
        title = _cut_at_word(base, SHEET_TITLE_CHARS - len(suffix)) + suffix
        n += 1
    used.add(title.casefold())
    return title


def _cut_at_word(text: str, limit: int) -> str:
    """At most `limit` characters, cut between words, with no short word or conjunction
    («и», «–», «мен») left dangling; a single word longer than `limit` is cut where it must be."""
    if len(text) <= limit:
        return text
    words = text[: limit + 1].split(" ")[:-1]  # the last piece may be a word cut in two
    while len(words) > 1 and (len(words[-1]) <= 2 or words[-1].casefold() in _DANGLING):
        words.pop()
    return " ".join(words).strip() or text[:limit].strip()


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
    lessons = course.lessons
    columns: list[str | Column] = [
        l10n("cohort-xlsx-name"),
        l10n("cohort-xlsx-joined"),
        l10n("cohort-xlsx-done"),
        l10n("cohort-xlsx-last-activity"),
    ]
    columns += [
        Column(
            str(lesson.number), note=lesson.title(l10n.locale), width=LESSON_WIDTH, centred=True
        )
        for lesson in lessons
    ]

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

    return table_workbook(cohort_name, columns, map(cells, rows))
