"""Loans imported from a file: reading an .xlsx or .csv export of another system (the loans
sheet and, in an .xlsx, the payments made before), matching its columns whatever their language,
and checking every row against the loan rules of `bot.loans.schedule`. Pure: no Telegram, no
database; the service stores what passes.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.core.i18n import Money
from bot.core.validators import Invalid, parse_date, parse_money
from bot.loans.schedule import (
    DEFAULT_TERM,
    MAX_RATE_BP,
    NAME_MAX,
    NAME_MIN,
    Frequency,
    LoanDraft,
    Refused,
    Terms,
    TermsError,
    build_schedule,
    check_disbursed,
    check_terms,
    default_first_due,
    normalise_contract,
    parse_rate,
    payment_date_error,
)

# -- import -------------------------------------------------------------------------------------

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
IMPORT_SUFFIXES = (".xlsx", ".csv")

# Header names, per column, in English, Russian and Kazakh (compared after `_header_key`).
COLUMNS: dict[str, tuple[str, ...]] = {
    "contract": (
        "contract",
        "contract no",
        "contract number",
        "договор",
        "номер договора",
        "договора",
        "шарт",
        "шарт нөмірі",
        "келісімшарт",
        "келісімшарт нөмірі",
    ),
    "borrower": (
        "borrower",
        "name",
        "заемщик",
        "фио",
        "заемщик фио",
        "фио заемщика",
        "қарыз алушы",
        "аты-жөні",
        "аты жөні",
        "қарыз алушының аты-жөні",
    ),
    "program": ("program", "программа", "бағдарлама"),
    "region": ("region", "регион", "область", "облыс", "өңір"),
    "principal": (
        "principal",
        "amount",
        "loan amount",
        "сумма",
        "сумма займа",
        "сумма заема",
        "сома",
        "заем сомасы",
        "қарыз сомасы",
    ),
    "disbursed": (
        "disbursed",
        "disbursed on",
        "disbursement date",
        "дата выдачи",
        "выдан",
        "выдача",
        "берілген күні",
        "берілген күн",
        "берілген",
    ),
    "term": (
        "term",
        "term months",
        "срок",
        "срок мес",
        "срок месяцев",
        "срок в месяцах",
        "мерзімі",
        "мерзімі ай",
        "мерзім",
    ),
    "grace": (
        "grace",
        "grace months",
        "льготный период",
        "льготный период мес",
        "отсрочка",
        "льгота",
        "льгота мес",
        "жеңілдік кезеңі",
        "жеңілдік кезеңі ай",
        "кейінге қалдыру",
    ),
    "frequency": ("frequency", "периодичность", "кезеңділік", "төлем кезеңділігі"),
    "first_due": (
        "first due",
        "first due date",
        "first payment",
        "первый платеж",
        "дата первого платежа",
        "бірінші төлем",
        "бірінші төлем күні",
    ),
    "rate": (
        "rate",
        "interest",
        "interest rate",
        "ставка",
        "процентная ставка",
        "мөлшерлеме",
        "пайыз",
        "пайыздық мөлшерлеме",
    ),
    "source": ("source", "источник", "источник средств", "көзі", "қаржы көзі"),
    # What the fund has already received on the loan (an existing portfolio brought in).
    "repaid": (
        "repaid",
        "repaid to date",
        "paid to date",
        "погашено",
        "погашено на дату",
        "возвращено",
        "оплачено",
        "өтелген сома",
        "өтелгені",
        "қайтарылғаны",
        "төленгені",
    ),
}
REQUIRED_COLUMNS = ("contract", "borrower", "program", "principal", "disbursed")

# A second sheet of dated payments (an .xlsx file's sheets after the first), by column name.
PAYMENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "contract": COLUMNS["contract"],
    "paid_on": (
        "date",
        "paid on",
        "payment date",
        "дата",
        "дата платежа",
        "дата оплаты",
        "күні",
        "төлем күні",
        "төленген күні",
    ),
    "amount": ("amount", "сумма", "сумма платежа", "сома", "төлем сомасы"),
    "status": (
        "status",
        "payment status",
        "статус",
        "статус платежа",
        "күйі",
        "төлем күйі",
        "мәртебесі",
        "төлем мәртебесі",
    ),
}
# Payment statuses that mean money received; a payment sheet's other rows (reported, rejected,
# reversed) are not money the fund has.
_RECEIVED = {
    "",
    "confirmed",
    "imported",
    "подтвержден",
    "подтвержденный",
    "импорт",
    "импортирован",
    "расталды",
    "расталған",
    "импортталған",
}
_MONTHLY = {"monthly", "month", "ежемесячно", "ежемесячный", "месяц", "ай сайын", "ай", "1"}
_QUARTERLY = {
    "quarterly",
    "quarter",
    "ежеквартально",
    "ежеквартальный",
    "квартал",
    "тоқсан сайын",
    "тоқсан",
    "3",
}
_FROM_FUND = {
    "fund",
    "revolving",
    "returned",
    "фонд",
    "возврат",
    "возвратные",
    "қор",
    "қайтарым",
    "қайтарылған",
    "возвращенные деньги",
    "қайтарылған қаражат",
}
_FROM_BUDGET = {
    "",
    "budget",
    "grant",
    "бюджет",
    "грант",
    "программа",
    "бағдарлама",
    "бюджет программы",
    "бағдарлама бюджеті",
}


class ImportFileError(ValueError):
    """A file that cannot be read at all: `key` says why ('size', 'type', 'encoding',
    'unreadable', 'empty', 'columns', 'rows'), `args` for the message."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.details = args


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row of the file: its spreadsheet row number and cells by column name."""

    number: int
    cells: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ParsedFile:
    rows: tuple[RawRow, ...]
    encoding: str | None  # CSV: the encoding it was read in
    ignored_columns: tuple[str, ...]
    # Dated payments from a second sheet, by contract as written (normalised): row number,
    # date and amount cells as found.
    payments: dict[str, tuple[RawRow, ...]] = field(default_factory=dict)


def _header_key(text: str) -> str:
    text = str(text).casefold().replace("ё", "е")
    text = re.sub(r"[^\w\s-]", " ", text)
    return " ".join(text.replace("_", " ").split())


def _index(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {_header_key(name): column for column, names in columns.items() for name in names}


_HEADER_INDEX = _index(COLUMNS)
_PAYMENT_INDEX = _index(PAYMENT_COLUMNS)


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and its encoding: UTF-8 (with or without BOM) or Windows-1251."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            raise ImportFileError("encoding") from None
    if b"\x00" in data[:4096]:  # UTF-16, or not a text file at all
        raise ImportFileError("encoding")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251"), "Windows-1251"
    except UnicodeDecodeError:
        raise ImportFileError("encoding") from None


def _csv_rows(data: bytes) -> tuple[Iterator[list[Any]], str]:
    text, encoding = decode_csv(data)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), encoding


def _xlsx_sheets(data: bytes) -> Generator[Iterator[list[Any]]]:
    """The rows of each sheet of an .xlsx file, in order; the file is opened once."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException …
        raise ImportFileError("unreadable") from exc
    try:
        for sheet in book.worksheets:
            yield _sheet_rows(sheet)
    finally:
        book.close()


def _sheet_rows(sheet: Any) -> Iterator[list[Any]]:
    for row in sheet.iter_rows():
        values = []
        for cell in row:
            value = getattr(cell, "value", None)
            if isinstance(value, int | float) and "%" in str(getattr(cell, "number_format", "")):
                value = _Percent(value * 100)
            values.append(value)
        yield values


class _Percent(float):
    """A percent-formatted spreadsheet cell, as a number of percent (2.5 for 2.5 %)."""


def read_import_file(data: bytes, filename: str) -> ParsedFile:
    """The rows of an .xlsx or .csv file, by column name. Raises `ImportFileError` for a file
    that cannot be used at all (too big, another type, unreadable, no known header)."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError("size", max=MAX_IMPORT_BYTES // (1024 * 1024))
    name = filename.casefold()
    encoding: str | None = None
    sheets: Generator[Iterator[list[Any]]] | None = None
    if name.endswith(".xlsx"):
        sheets = _xlsx_sheets(data)
        lines: Iterable[list[Any]] = next(sheets, iter(()))
    elif name.endswith(".csv") or name.endswith(".txt"):
        lines, encoding = _csv_rows(data)
    else:
        raise ImportFileError("type")
    try:
        return _read_rows(lines, encoding, sheets)
    finally:
        if sheets is not None:
            sheets.close()


def _read_rows(
    lines: Iterable[list[Any]], encoding: str | None, sheets: Iterator[Iterator[list[Any]]] | None
) -> ParsedFile:
    """The loans (the first sheet, or the CSV), then an .xlsx file's payment sheet if any."""
    header: dict[int, str] | None = None
    ignored: list[str] = []
    rows: list[RawRow] = []
    try:
        for number, line in enumerate(lines, start=1):
            if all(_blank(v) for v in line):
                continue
            if header is None:
                header, seen = {}, set()
                for index, value in enumerate(line):
                    column = _HEADER_INDEX.get(_header_key(str(value or "")))
                    if column is not None and column not in seen:
                        header[index] = column
                        seen.add(column)
                    elif not _blank(value):
                        ignored.append(str(value).strip())
                missing = [c for c in REQUIRED_COLUMNS if c not in seen]
                if missing:
                    raise ImportFileError("columns", missing=tuple(missing))
                continue
            if len(rows) >= MAX_IMPORT_ROWS:
                raise ImportFileError("rows", max=MAX_IMPORT_ROWS)
            cells = {col: line[i] for i, col in header.items() if i < len(line)}
            rows.append(RawRow(number, cells))
    except csv.Error as exc:
        raise ImportFileError("unreadable") from exc
    if header is None:
        raise ImportFileError("empty")
    payments = _payment_sheet(sheets) if sheets is not None else {}
    return ParsedFile(tuple(rows), encoding, tuple(ignored), payments)


def _payment_sheet(sheets: Iterable[Iterable[list[Any]]]) -> dict[str, tuple[RawRow, ...]]:
    """The dated payments of the first sheet after the loans whose header names a contract, a
    date and an amount (the bot's own export writes one, after its schedule); rows whose status
    is not money received are left out."""
    for lines in sheets:
        found = _payments_of_sheet(lines)
        if found is not None:
            return found
    return {}


def _payments_of_sheet(lines: Iterable[list[Any]]) -> dict[str, tuple[RawRow, ...]] | None:
    """A sheet's payments by contract; None when its header is not a payment sheet's."""
    header: dict[int, str] | None = None
    found: dict[str, list[RawRow]] = {}
    for number, line in enumerate(lines, start=1):
        if all(_blank(v) for v in line):
            continue
        if header is None:
            header = {}
            for index, value in enumerate(line):
                column = _PAYMENT_INDEX.get(_header_key(str(value or "")))
                if column is not None and column not in header.values():
                    header[index] = column
            if not {"contract", "paid_on", "amount"} <= set(header.values()):
                return None
            continue
        cells = {col: line[i] for i, col in header.items() if i < len(line)}
        status = " ".join(_text_cell(cells.get("status")).casefold().replace("ё", "е").split())
        contract = normalise_contract(_text_cell(cells.get("contract")))
        if contract is None or status not in _RECEIVED:
            continue
        found.setdefault(contract.casefold(), []).append(RawRow(number, cells))
    if header is None:
        return None  # an empty sheet
    return {contract: tuple(rows) for contract, rows in found.items()}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True, slots=True)
class ProgramName:
    """A loan program the importer may name: its code and names, matched case-insensitively."""

    code: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RegionName:
    code: str
    names: tuple[str, ...]


def _text_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date_cell(value: Any, today: date) -> date | Invalid:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(_text_cell(value), today=today)


def _int_cell(value: Any, default: int) -> int | None:
    if _blank(value):
        return default
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _text_cell(value)
    return int(text) if text.isdigit() else None


def _money_cell(value: Any) -> int | Invalid:
    if isinstance(value, bool):
        return Invalid("money-invalid")
    if isinstance(value, int | float) and not isinstance(value, _Percent):
        if isinstance(value, float) and not value.is_integer():
            return Invalid("money-fraction")
        amount = int(value)
        if amount < 0:
            return Invalid("money-negative")
        return amount
    return parse_money(_text_cell(value), minimum=None, maximum=None)


def _rate_cell(value: Any) -> int | None:
    if _blank(value):
        return 0
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(str(round(float(value), 4)))
        basis = number * 100
        if basis != basis.to_integral_value() or not 0 <= basis <= MAX_RATE_BP:
            return None
        return int(basis)
    return parse_rate(_text_cell(value))


# Kazakh letters as a Russian keyboard types them: «Жаркыра» in a file names «Жарқыра».
_FOLD_KAZAKH = str.maketrans("әғқңөұүһі", "агконуухи")


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").translate(_FOLD_KAZAKH).split())


def _match(value: str, candidates: Iterable[ProgramName | RegionName]) -> str | None:
    key = _fold(value)
    for item in candidates:
        if key == _fold(item.code) or key in (_fold(n) for n in item.names):
            return item.code
    return None


def validate_rows(
    parsed: ParsedFile,
    *,
    programs: Sequence[ProgramName],
    regions: Sequence[RegionName],
    existing: set[str],
    today: date,
) -> tuple[list[tuple[int, LoanDraft]], list[Refused]]:
    """Every row checked on its own: (row number, draft) for the good ones, `Refused` with the
    reason for the rest. `existing` are contract numbers already in the database; a number used
    twice in the file is refused the second time. `programs` are the loan programs the importer
    may use; a row naming another one is refused as unknown."""
    good: list[tuple[int, LoanDraft]] = []
    refused: list[Refused] = []
    seen: set[str] = set()
    for row in parsed.rows:
        result = _validate_row(row, programs, regions, today)
        if not isinstance(result, Refused):
            result = _with_history(result, row, parsed.payments, today)
        if isinstance(result, Refused):
            refused.append(result)
            continue
        key = result.contract.casefold()
        if key in existing or key in seen:
            refused.append(Refused(row.number, result.contract, "duplicate"))
            continue
        seen.add(key)
        good.append((row.number, result))
    return good, refused


def _validate_row(
    row: RawRow, programs: Sequence[ProgramName], regions: Sequence[RegionName], today: date
) -> LoanDraft | Refused:
    cells, number = row.cells, row.number
    contract = normalise_contract(_text_cell(cells.get("contract")))
    shown = _text_cell(cells.get("contract"))[:40]

    def refuse(key: str, **args: Any) -> Refused:
        return Refused(number, shown, key, args)

    if contract is None:
        return refuse("contract")
    name = " ".join(_text_cell(cells.get("borrower")).split())
    if not NAME_MIN <= len(name) <= NAME_MAX:
        return refuse("name", min=NAME_MIN, max=NAME_MAX)
    program = _match(_text_cell(cells.get("program")), programs)
    if program is None:
        return refuse("program", program=_text_cell(cells.get("program"))[:40] or "—")
    region_text = _text_cell(cells.get("region"))
    region = _match(region_text, regions) if region_text else None
    if region_text and region is None:
        return refuse("region", region=region_text[:40])
    principal = _money_cell(cells.get("principal"))
    if isinstance(principal, Invalid):
        key = "negative" if principal.key == "money-negative" else "amount"
        return refuse(key, value=_text_cell(cells.get("principal"))[:20] or "—")
    if principal <= 0:
        return refuse("zero")
    disbursed = _date_cell(cells.get("disbursed"), today)
    if isinstance(disbursed, Invalid):
        return refuse("date", column="disbursed", value=_text_cell(cells.get("disbursed"))[:20])
    try:
        check_disbursed(disbursed, today)
    except TermsError as exc:
        return refuse(exc.key, value=disbursed)
    term = _int_cell(cells.get("term"), DEFAULT_TERM)
    grace = _int_cell(cells.get("grace"), 0)
    if term is None or grace is None:
        return refuse("months")
    frequency = _frequency(_text_cell(cells.get("frequency")))
    if frequency is None:
        return refuse("frequency", value=_text_cell(cells.get("frequency"))[:20])
    rate = _rate_cell(cells.get("rate"))
    if rate is None:
        return refuse("rate", value=_text_cell(cells.get("rate"))[:20])
    source = " ".join(_text_cell(cells.get("source")).casefold().replace("ё", "е").split())
    if source not in _FROM_FUND | _FROM_BUDGET:
        return refuse("source", value=source[:20])
    first_raw = cells.get("first_due")
    if _blank(first_raw):
        first_due, due_day = default_first_due(disbursed, grace, frequency), disbursed.day
    else:
        parsed = _date_cell(first_raw, today)
        if isinstance(parsed, Invalid):
            return refuse("date", column="first_due", value=_text_cell(first_raw)[:20])
        first_due, due_day = parsed, parsed.day
    terms = Terms(principal, disbursed, first_due, term, grace, frequency, rate, due_day)
    try:
        check_terms(terms)
    except TermsError as exc:
        return refuse(f"terms-{exc.key}", **exc.details)
    return LoanDraft(contract, name, program, region, terms, from_fund=source in _FROM_FUND)


def _with_history(
    draft: LoanDraft, row: RawRow, sheet: dict[str, tuple[RawRow, ...]], today: date
) -> LoanDraft | Refused:
    """The row's loan with what was repaid on it before the import: the payment sheet's dated
    payments for its contract, or else the "repaid to date" column, booked as of today. Both
    given: they must agree. More than the loan's total is refused."""

    def refuse(key: str, **args: Any) -> Refused:
        return Refused(row.number, draft.contract, key, args)

    raw = row.cells.get("repaid")
    column = None if _blank(raw) else _money_cell(raw)
    if isinstance(column, Invalid):
        return refuse("repaid", value=_text_cell(raw)[:20])
    history: list[tuple[date, int]] = []
    for payment in sheet.get(draft.contract.casefold(), ()):
        paid_on = _date_cell(payment.cells.get("paid_on"), today)
        amount = _money_cell(payment.cells.get("amount"))
        if isinstance(paid_on, Invalid) or isinstance(amount, Invalid) or amount <= 0:
            return refuse("payment", row=payment.number)
        if payment_date_error(paid_on, draft.terms.disbursed_on, today) is not None:
            return refuse("payment-date", row=payment.number, value=paid_on)
        history.append((paid_on, amount))
    if history and column is not None and column != sum(a for _, a in history):
        return refuse(
            "repaid-mismatch", column=Money(column), payments=Money(sum(a for _, a in history))
        )
    if not history and column:
        history.append((today, column))
    total = sum(s.amount for s in build_schedule(draft.terms))
    if sum(a for _, a in history) > total:
        return refuse("repaid-over", total=Money(total))
    return replace(draft, history=tuple(sorted(history)))


def _frequency(text: str) -> Frequency | None:
    key = text.casefold().strip()
    if key in _MONTHLY or not key:
        return "monthly"
    if key in _QUARTERLY:
        return "quarterly"
    return None
