"""The Excel toolkit (bot.documents.exports: Book, Sheet) and the streamed loans workbook.

Every workbook the bot writes goes through the toolkit, so its promises are checked here once:
typed money and date cells, a bold frozen header with an autofilter, text that never becomes a
formula and loses what .xlsx cannot hold, valid unique sheet titles, columns sized from the first
rows, a sheet continued past Excel's row limit. The loans workbook is read from storage in
batches: more loans than the old 2,000 cap, and batch boundaries that fall anywhere.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import bot.documents.exports
import handlers.loans.admin.portfolio
from bot.core.i18n import Translations
from bot.dev.fake_telegram import SimUser
from bot.documents.exports import DATE_FORMAT, MONEY_FORMAT, Book, Column, table_workbook
from bot.loans.workbook import build_import_report, write_loans_workbook
from storage.db import Database
from storage.loans import LoanRepo, NewLoan
from tests.conftest import BotUnderTest, onboard

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 5, 14, 6, 0, tzinfo=UTC)
TODAY = date(2026, 5, 14)
translations = cache(Translations.from_dir)


def test_openpyxl_is_not_imported_when_the_bot_starts() -> None:
    """Building the dispatcher (every handler, service and router) leaves openpyxl unloaded:
    it is imported by the first workbook."""
    code = (
        "import sys\n"
        "import bot.__main__, bot.app, handlers\n"
        "from bot.app import create_dispatcher\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported at start-up'\n"
        "import bot.documents.exports\n"
        "bot.documents.exports.Book()\n"
        "assert 'openpyxl' in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_typed_cells_header_and_text() -> None:
    book = Book()
    sheet = book.sheet("Займы", ["Договор", "Сумма", "Дата", "Текст"], freeze="B2")
    sheet.append(
        [
            ("ZH-1", None),
            (5_000_000, MONEY_FORMAT),
            (date(2026, 1, 31), DATE_FORMAT),
            ('=HYPERLINK("x")', None),
        ]
    )
    sheet.append(
        [("ZH-2", None), (None, MONEY_FORMAT), (None, DATE_FORMAT), ("a\x00b\x1fc", None)]
    )
    opened = load_workbook(BytesIO(book.to_bytes()))
    ws = opened["Займы"]
    assert [c.value for c in ws[1]] == ["Договор", "Сумма", "Дата", "Текст"]
    assert all(c.font.b for c in ws[1]) and ws[1][0].fill.start_color.rgb.endswith("DDEBF7")
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == "A1:D3"
    contract, money, day, text = ws[2]
    assert money.value == 5_000_000 and money.number_format == MONEY_FORMAT
    assert day.value == datetime(2026, 1, 31) and day.number_format == DATE_FORMAT
    assert text.value == '=HYPERLINK("x")' and text.data_type == "s", "never a formula"
    assert [c.value for c in ws[3]] == ["ZH-2", None, None, "abc"]
    assert contract.data_type == "s"


def test_columns_sized_from_header_and_first_rows_and_fixed_ones() -> None:
    rows = [[("x" * 30, None), ("✓", None)]] + [[("y", None), (None, None)]] * 300
    data = table_workbook("T", ["A", Column("1", note="Lesson one", width=4, centred=True)], rows)
    ws = load_workbook(BytesIO(data)).active
    assert ws is not None and ws.max_row == 302
    assert ws.column_dimensions["A"].width == 32  # the longest of the first rows, +2
    assert ws.column_dimensions["B"].width == 6
    assert ws["B1"].comment.text == "Lesson one" and ws["B2"].alignment.horizontal == "center"


def test_sheet_titles_are_valid_short_and_unique() -> None:
    book = Book()
    long = "Бизнес-идеяларды іске асыруға арналған мемлекеттік гранттар бағдарламасы"
    for title in (long, long, "a/b:c?", "Заявки", "заявки"):
        book.sheet(title, ["x"])
    titles = load_workbook(BytesIO(book.to_bytes())).sheetnames
    assert all(len(t) <= 31 for t in titles), titles
    assert titles[0] == "Бизнес-идеяларды іске асыруға"  # whole words
    assert titles[1].endswith("(2)") and titles[2] == "a b c"
    assert titles[3] == "Заявки" and titles[4] == "заявки (2)"


def test_a_sheet_past_the_row_limit_goes_on_in_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot.documents.exports, "MAX_ROWS", 4)  # a header and three rows a sheet
    book = Book()
    long = book.sheet("График", ["n"])
    after = book.sheet("Платежи", ["n"])
    for n in range(1, 8):
        long.append([(n, None)])
    after.append([(0, None)])
    opened = load_workbook(BytesIO(book.to_bytes()))
    assert opened.sheetnames == ["График", "График (2)", "График (3)", "Платежи"]
    values = [[r[0] for r in ws.iter_rows(values_only=True)] for ws in opened.worksheets]
    assert values == [["n", 1, 2, 3], ["n", 4, 5, 6], ["n", 7], ["n", 0]]
    assert opened["График (2)"].auto_filter.ref == "A1:A4"


def test_import_report_in_both_languages() -> None:
    for locale, header in (("ru", "Строка"), ("kk", None)):
        l10n = translations().get(locale)
        report = load_workbook(BytesIO(build_import_report([], [], l10n)))
        assert len(report.worksheets) == 2
        if header:
            assert report.worksheets[0]["A1"].value == header


# -- the loans workbook, from storage -----------------------------------------------------------


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = await Database.open(database_url)
    await database.migrate()
    yield database
    await database.close()


def _new(number: int, instalments: int = 3) -> NewLoan:
    return NewLoan(
        contract=f"ZH-{number:05d}",
        program="zharkyra",
        region="atyrau",
        borrower_name=f"Заёмщик {number}",
        user_id=None,
        invite_code=None,
        principal=300_000,
        rate_bp=0,
        disbursed_on=date(2026, 1, 10),
        term_months=instalments,
        grace_months=0,
        frequency="monthly",
        first_due_on=date(2026, 2, 10),
        due_day=10,
        from_fund=False,
        coordinator_id=None,
        application_id=None,
        created_by=None,
        instalments=tuple(
            (n, date(2026, 1 + n, 10), 300_000 // instalments, 0)
            for n in range(1, instalments + 1)
        ),
    )


async def _export(repo: LoanRepo, path: Path, locale: str = "ru", **batches: Any) -> int:
    l10n = translations().get(locale)
    return await write_loans_workbook(
        repo.export_batches(None, None, None, **batches),
        path,
        {"zharkyra": "Жарқыра"},
        l10n,
        TODAY,
    )


async def test_more_loans_than_the_old_cap(db: Database, tmp_path: Path) -> None:
    repo = LoanRepo(db)
    for number in range(2_500, 0, -1):  # created out of contract order
        await repo.create(_new(number), NOW)
    await db.execute("UPDATE loans SET repaid = 100000 WHERE contract = 'ZH-00007'")
    path = tmp_path / "loans.xlsx"
    assert await _export(repo, path) == 2_500
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["Займы", "График", "Платежи"]
    loans = list(book["Займы"].iter_rows(values_only=True))
    headers = loans[0]
    assert headers[0] == "№ договора" and headers[12] == "Погашено на дату"
    assert len(loans) == 1 + 2_500
    assert [r[0] for r in loans[1:]] == [f"ZH-{n:05d}" for n in range(1, 2_501)]
    seventh = loans[7]
    assert (seventh[11], seventh[12], seventh[13]) == (300_000, 100_000, 200_000)
    assert seventh[14] == 300_000 and seventh[15] == 93, "overdue (the schedule), days past due"
    assert seventh[9] == datetime(2026, 1, 10)
    assert sum(1 for _ in book["График"].iter_rows()) == 1 + 2_500 * 3
    book.close()
    assert await _export(repo, path, "kk") == 2_500
    kk = load_workbook(path, read_only=True)
    assert next(kk.worksheets[0].iter_rows(values_only=True))[12] == "Өтелген сома"
    kk.close()


async def test_batches_split_anywhere_keep_each_loans_rows_together(
    db: Database, tmp_path: Path
) -> None:
    repo = LoanRepo(db)
    made = [await repo.create(_new(number, instalments=2), NOW) for number in (3, 1, 2, 5, 4)]
    for loan in made:  # a payment on each, the newest loan's first
        await repo.add_payment(
            loan.id,
            amount=loan.principal // 10,
            paid_on=date(2026, 2, 1),
            status="confirmed",
            source="coordinator",
            created_by=None,
            now=NOW,
        )
    for size in (1, 2, 4, 5, 50):
        path = tmp_path / f"loans-{size}.xlsx"
        assert await _export(repo, path, size=size) == 5, size
        book = load_workbook(path)
        order = [r[0] for r in book["Займы"].iter_rows(min_row=2, values_only=True)]
        assert order == ["ZH-00001", "ZH-00002", "ZH-00003", "ZH-00004", "ZH-00005"]
        schedule = [(r[0], r[1]) for r in book["График"].iter_rows(min_row=2, values_only=True)]
        assert schedule == [(c, n) for c in order for n in (1, 2)], size
        payments = list(book["Платежи"].iter_rows(min_row=2, values_only=True))
        assert [p[0] for p in payments] == order and payments[0][2] == 30_000
        cell = book["График"]["D2"]
        assert cell.value == 150_000 and cell.number_format == MONEY_FORMAT


async def test_an_empty_export_is_headers_only(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "loans.xlsx"
    assert await _export(LoanRepo(db), path) == 0
    book = load_workbook(path)
    assert [ws.max_row for ws in book.worksheets] == [1, 1, 1]


# -- through Telegram -----------------------------------------------------------------------------


async def test_a_workbook_too_big_for_telegram_is_not_sent(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No cap on loans; a file larger than Telegram takes is explained instead of sent."""
    from tests.loans.test_loans import known_portfolio

    await onboard(erlan, "ru")
    await onboard(sergey, "ru")
    await known_portfolio(app, sergey.id)
    await erlan.press("💼 Займы")
    monkeypatch.setattr(handlers.loans.admin.portfolio, "MAX_DOCUMENT_MB", 0)
    replies = await erlan.press("⬇️ Excel")
    assert [m.kind for m in replies] == ["text"]
    assert "Файл получился больше 0 МБ" in replies[0].content
    monkeypatch.undo()
    replies = await erlan.press("⬇️ Excel")
    [document] = [m for m in replies if m.kind == "document"]
    assert document.document is not None and "Займы, графики и платежи: 5 займов" in (
        document.content
    )


def test_the_ngo_fair_sheet_is_named_by_whole_words_in_both_languages() -> None:
    """Program 4's names pass Excel's 31 characters: cut between words, the copies too."""
    from bot.core.catalogue import load_catalogue

    fair = load_catalogue().get("ngo_fair")
    assert fair is not None
    book = Book()
    for locale in ("kk", "ru", "kk"):
        book.sheet(fair.name(locale), ["x"])
    book.sheet("Бизнес-идеяларды іске асыруға арналған", ["x"])
    book.sheet("Бизнес-идеяларды іске асыруға арналған", ["x"])
    titles = load_workbook(BytesIO(book.to_bytes())).sheetnames
    assert titles == [
        "Әлеуметтік идеялар мен жобалар",
        "Ярмарка социальных идей",  # not «… идей и»
        "Әлеуметтік идеялар (2)",  # a copy loses whole words, and no «мен» dangles
        "Бизнес-идеяларды іске асыруға",
        "Бизнес-идеяларды іске (2)",
    ]


async def test_a_large_portfolio_comes_without_the_schedules(
    app: BotUnderTest, erlan: SimUser, sergey: SimUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past SCHEDULE_MAX_LOANS the schedules (60 rows a loan) would make the file too big for
    Telegram: the loans and payments come, and the caption says how to get the schedules."""
    from tests.loans.test_loans import known_portfolio

    await onboard(erlan, "ru")
    await onboard(sergey, "ru")
    await known_portfolio(app, sergey.id)
    await erlan.press("💼 Займы")
    monkeypatch.setattr(handlers.loans.admin.portfolio, "SCHEDULE_MAX_LOANS", 4)
    replies = await erlan.press("⬇️ Excel")
    [document] = [m for m in replies if m.kind == "document"]
    assert document.document is not None
    assert document.content.startswith("Займы и платежи: 5 займов. Графики платежей не вошли")
    book = load_workbook(BytesIO(document.document.data), read_only=True)
    assert book.sheetnames == ["Займы", "Платежи"]
    book.close()
