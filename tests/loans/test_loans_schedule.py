"""Loans, the pure part: the schedule (equal instalments in whole tenge, the remainder last,
month ends, grace, quarterly, interest), allocation, days past due, reminder days, rates, the
import file (CSV in UTF-8 and Windows-1251, XLSX, bad rows, missing columns, a wrong encoding)
and the chart (a valid PNG). Sums that must add up are property tests."""

from __future__ import annotations

import calendar
import csv
import io
import warnings
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from PIL import Image

from bot.core.i18n import Translations
from bot.documents.charts import PNG_SIGNATURE, PortfolioChartText, compact_money, portfolio_chart
from bot.loans.imports import (
    MAX_IMPORT_BYTES,
    ImportFileError,
    ProgramName,
    RegionName,
    read_import_file,
    validate_rows,
)
from bot.loans.schedule import (
    LoanDraft,
    Refused,
    ReminderRule,
    Terms,
    TermsError,
    add_months,
    allocate,
    bucket_of,
    build_schedule,
    check_terms,
    days_past_due,
    default_first_due,
    format_rate,
    parse_rate,
    parse_rule,
    progress_bar,
)
from bot.loans.workbook import build_import_report
from storage.loans import Instalment

TODAY = date(2026, 5, 14)
PROGRAMS = [ProgramName("zharkyra", ("Жарқыра", "Жаркыра"))]
REGIONS = [RegionName("atyrau", ("Атырау облысы", "Атырауская область"))]


def terms(**changes: object) -> Terms:
    base: dict[str, object] = {
        "principal": 5_000_000,
        "disbursed_on": date(2026, 1, 15),
        "first_due_on": date(2026, 2, 15),
    }
    base.update(changes)
    return Terms(**base)  # type: ignore[arg-type]


# -- the schedule -------------------------------------------------------------------------------


def test_equal_instalments_in_whole_tenge_with_the_remainder_last() -> None:
    schedule = build_schedule(terms())
    assert len(schedule) == 60
    assert {s.amount for s in schedule[:-1]} == {83_333}
    assert schedule[-1].amount == 5_000_000 - 59 * 83_333 == 83_353
    assert sum(s.principal for s in schedule) == 5_000_000
    assert all(s.interest == 0 for s in schedule)
    assert [s.n for s in schedule] == list(range(1, 61))
    assert schedule[0].due_on == date(2026, 2, 15) and schedule[-1].due_on == date(2031, 1, 15)


def test_due_dates_keep_the_day_and_clamp_to_the_months_end() -> None:
    disbursed = date(2026, 1, 31)
    first = default_first_due(disbursed, 0, "monthly")
    assert first == date(2026, 2, 28)
    schedule = build_schedule(terms(disbursed_on=disbursed, first_due_on=first, due_day=31))
    assert [s.due_on for s in schedule[:4]] == [
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]
    leap = [s.due_on for s in schedule if s.due_on.year == 2028 and s.due_on.month == 2]
    assert leap == [date(2028, 2, 29)]
    # The first due date itself on the 31st: the same rule.
    by_first = build_schedule(terms(disbursed_on=date(2026, 1, 1), first_due_on=disbursed))
    assert by_first[1].due_on == date(2026, 2, 28) and by_first[2].due_on == date(2026, 3, 31)
    assert add_months(date(2028, 1, 30), 1) == date(2028, 2, 29)


def test_quarterly_payments() -> None:
    schedule = build_schedule(terms(frequency="quarterly", first_due_on=date(2026, 4, 15)))
    assert len(schedule) == 20
    assert [s.due_on for s in schedule[:3]] == [
        date(2026, 4, 15),
        date(2026, 7, 15),
        date(2026, 10, 15),
    ]
    assert schedule[0].amount == 250_000 and sum(s.principal for s in schedule) == 5_000_000


def test_no_principal_during_the_grace_period() -> None:
    first = default_first_due(date(2026, 1, 15), 6, "monthly")
    assert first == date(2026, 8, 15)
    free = build_schedule(terms(grace_months=6, first_due_on=first))
    assert len(free) == 54 and free[0].due_on == first  # interest-free: nothing due in grace
    assert sum(s.principal for s in free) == 5_000_000
    with_rate = build_schedule(terms(grace_months=6, first_due_on=first, rate_bp=1200))
    grace = [s for s in with_rate if s.due_on < first]
    assert len(grace) == 6 and {s.principal for s in grace} == {0}
    assert {s.interest for s in grace} == {50_000}  # 1 % a month on 5 000 000
    assert sum(s.principal for s in with_rate) == 5_000_000


def test_annuity_with_interest_charged_on_the_outstanding_principal() -> None:
    schedule = build_schedule(terms(principal=1_200_000, term_months=12, rate_bp=1200))
    assert len({s.amount for s in schedule[:-1]}) == 1  # equal payments …
    assert abs(schedule[-1].amount - schedule[0].amount) <= 12  # … the remainder in the last
    assert schedule[0].interest == 12_000  # 1 % of 1 200 000
    interests = [s.interest for s in schedule]
    assert interests == sorted(interests, reverse=True)
    assert sum(s.principal for s in schedule) == 1_200_000
    # The textbook annuity: 1 200 000 × 0.01 / (1 − 1.01⁻¹²) = 106 618.55 a month.
    assert schedule[0].amount == 106_618
    assert abs(sum(s.amount for s in schedule) - 12 * 106_618.55) < 12


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"principal": 0}, "principal"),
        ({"principal": 59}, "principal-small"),
        ({"rate_bp": 6000}, "rate"),
        ({"term_months": 61, "frequency": "quarterly"}, "term"),
        ({"grace_months": 24, "term_months": 24}, "grace-term"),
        ({"grace_months": 4, "frequency": "quarterly"}, "grace"),
        ({"first_due_on": date(2026, 1, 15)}, "first-due-early"),
        ({"grace_months": 6}, "first-due-early"),
        ({"first_due_on": date(2027, 3, 15)}, "first-due-late"),
        ({"due_day": 31}, "due-day"),
    ],
)
def test_terms_no_schedule_can_be_made_of(changes: dict[str, object], key: str) -> None:
    with pytest.raises(TermsError) as refused:
        check_terms(terms(**changes))
    assert refused.value.key == key


@st.composite
def any_terms(draw: st.DrawFn) -> Terms:
    frequency = draw(st.sampled_from(["monthly", "quarterly"]))
    period = 3 if frequency == "quarterly" else 1
    term = period * draw(st.integers(1, 120 // period))
    grace = period * draw(st.integers(0, min(24 // period, term // period - 1)))
    count = (term - grace) // period
    principal = draw(st.integers(count, 50_000_000))
    disbursed = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 1500)))
    due_day = draw(st.integers(1, 31))
    earliest = add_months(disbursed, grace)
    first = add_months(earliest, draw(st.integers(0, period + 11)), due_day)
    if first <= disbursed or first < earliest:
        first = add_months(first, period, due_day)
    rate = draw(st.sampled_from([0, 0, 50, 250, 1200, 3600, 5000]))
    return Terms(principal, disbursed, first, term, grace, frequency, rate, due_day)  # type: ignore[arg-type]


@settings(max_examples=400, deadline=None)
@given(any_terms())
def test_schedule_properties(t: Terms) -> None:
    try:
        check_terms(t)
    except TermsError as exc:  # a first due date pushed past the slack by the strategy
        assert exc.key == "first-due-late"
        return
    schedule = build_schedule(t)
    principal_rows = [s for s in schedule if s.due_on >= t.first_due_on]
    # The instalments always add up to the principal, in whole non-negative tenge.
    assert sum(s.principal for s in schedule) == t.principal
    assert all(s.principal >= 0 and s.interest >= 0 for s in schedule)
    assert len(principal_rows) == (t.term_months - t.grace_months) // t.period
    # No principal before the first principal payment (the grace period).
    assert all(s.principal == 0 for s in schedule if s.due_on < t.first_due_on)
    # Due dates: increasing, on the anchor day or the month's end, one period apart.
    dates = [s.due_on for s in schedule]
    assert dates == sorted(set(dates)) and dates[0] > t.disbursed_on
    for day in dates:
        last = calendar.monthrange(day.year, day.month)[1]
        assert day.day == min(t.anchor, last)
    # Equal instalments, the rounding remainder in the last. With interest, a balance of a few
    # hundred tenge earns less than half a tenge a period (rounded to 0), so the rounded annuity
    # repays toy loans early; the property is asserted for real sizes (≥ 1 000 ₸ a payment).
    amounts = [s.amount for s in principal_rows]
    if t.rate_bp == 0:
        assert len(set(amounts[:-1])) <= 1
        assert 0 <= amounts[-1] - amounts[0] < len(amounts)
    elif t.principal >= 1_000 * len(principal_rows):
        assert len(set(amounts[:-1])) <= 1
    assert [s.n for s in schedule] == list(range(1, len(schedule) + 1))


# -- allocation and days past due ---------------------------------------------------------------


def test_allocation_oldest_first_partial_and_over() -> None:
    assert allocate([100, 100, 100], 150) == [100, 50, 0]  # the rest of the 2nd stays due
    assert allocate([100, 100, 100], 250) == [100, 100, 50]  # an overpayment covers the next
    assert allocate([100, 100, 100], 300) == [100, 100, 100]
    assert allocate([100, 100], 0) == [0, 0]


@given(st.lists(st.integers(1, 10**7), min_size=1, max_size=60), st.integers(0, 10**9))
def test_allocation_properties(amounts: list[int], total: int) -> None:
    paid = allocate(amounts, total)
    assert sum(paid) == min(total, sum(amounts))
    assert all(0 <= p <= a for p, a in zip(paid, amounts, strict=True))
    first_open = next(
        (i for i, (p, a) in enumerate(zip(paid, amounts, strict=True)) if p < a), None
    )
    if first_open is not None:  # everything after the first open instalment is untouched
        assert all(p == 0 for p in paid[first_open + 1 :])


def test_days_past_due_and_buckets() -> None:
    owed = [
        Instalment(1, 1, date(2026, 4, 1), 100, 0, 100, 100),
        Instalment(1, 2, date(2026, 4, 14), 100, 0, 100, 40),
        Instalment(1, 3, date(2026, 5, 14), 100, 0, 100, 0),
    ]
    assert days_past_due(owed, TODAY) == 30
    assert days_past_due(owed, date(2026, 4, 14)) == 0  # due today is not late yet
    assert [bucket_of(d) for d in (0, 1, 30, 31, 60, 61, 90, 91, 400)] == [
        "0",
        "1-30",
        "1-30",
        "31-60",
        "31-60",
        "61-90",
        "61-90",
        "91+",
        "91+",
    ]
    assert progress_bar(1, 3) == "▰▰▰▱▱▱▱▱▱▱ 33\u00a0%"


# -- reminders and rates ------------------------------------------------------------------------


def test_reminder_days() -> None:
    rule = ReminderRule()
    stages = rule.stages(TODAY)
    assert stages[TODAY + timedelta(days=7)] == ("due", 7)
    assert stages[TODAY] == ("due", 0)
    assert stages[TODAY - timedelta(days=30)] == ("overdue", 30)
    assert len(stages) == 8 and rule.escalate_after == 30
    custom = parse_rule("10, 2 / 3 60")
    assert custom == ReminderRule((10, 2), (3, 60)) and custom.text() == "10 2 / 3 60"
    assert parse_rule("- / 5") == ReminderRule((), (5,))
    for bad in ("7 3 1", "7 / x", "0 / 1", "1 2 3 4 5 6 7 8 9 / 1", "200 / 1"):
        assert parse_rule(bad) is None, bad


def test_missed_days_catch_up_the_latest_overdue_stage_only() -> None:
    rule = ReminderRule()
    gap = [TODAY - timedelta(days=k) for k in range(1, 11)]  # ten days the planner did not run
    missed = rule.missed(gap, TODAY)
    # A due date 20 days back had its 14-day stage in the gap (6 days ago): caught up once.
    assert missed[TODAY - timedelta(days=20)] == ("overdue", 14)
    # 12 days back: the 7-day stage (5 days ago), not the 1-day one before it.
    assert missed[TODAY - timedelta(days=12)] == ("overdue", 7)
    # Today's own stages stay today's; reminders before a due date are never caught up.
    assert TODAY - timedelta(days=7) not in missed
    assert all(stage == "overdue" for stage, _ in missed.values())
    assert rule.missed([], TODAY) == {}


@pytest.mark.parametrize(
    ("text", "basis"),
    [("0", 0), ("2,5", 250), ("2.5 %", 250), ("12%", 1200), ("0,25", 25), ("50", 5000)],
)
def test_rates(text: str, basis: int) -> None:
    assert parse_rate(text) == basis


def test_bad_rates_and_formatting() -> None:
    assert parse_rate("51") is None and parse_rate("-1") is None and parse_rate("abc") is None
    assert format_rate(0) == "0\u00a0%" and format_rate(250) == "2,5\u00a0%"
    assert format_rate(1225) == "12,25\u00a0%"


# -- import -------------------------------------------------------------------------------------


def csv_bytes(rows: list[list[str]], encoding: str, delimiter: str = ";") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


GOOD_ROWS = [
    ["№ договора", "Заёмщик", "Программа", "Регион", "Сумма займа", "Дата выдачи", "Срок, мес."],
    [
        "ZH-2026-101",
        "Серикова Айгуль",
        "Жаркыра",
        "Атырауская область",
        "3 000 000",
        "15.01.2026",
        "60",
    ],
    ["ZH-2026-102", "Ким Сергей", "zharkyra", "", "1500000", "01.02.2026", ""],
]


def check(
    data: bytes, name: str, existing: set[str] | None = None
) -> tuple[list[tuple[int, LoanDraft]], list[Refused]]:
    parsed = read_import_file(data, name)
    return validate_rows(
        parsed, programs=PROGRAMS, regions=REGIONS, existing=existing or set(), today=TODAY
    )


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1251"])
def test_csv_in_utf8_with_or_without_bom_and_windows_1251(encoding: str) -> None:
    data = csv_bytes(GOOD_ROWS, encoding)
    parsed = read_import_file(data, "loans.csv")
    assert parsed.encoding == ("Windows-1251" if encoding == "cp1251" else "UTF-8")
    good, refused = check(data, "loans.csv")
    assert refused == []
    assert [(n, d.contract, d.borrower_name, d.region) for n, d in good] == [
        (2, "ZH-2026-101", "Серикова Айгуль", "atyrau"),
        (3, "ZH-2026-102", "Ким Сергей", None),
    ]
    assert good[0][1].terms.principal == 3_000_000
    assert good[1][1].terms.first_due_on == date(2026, 3, 1)  # the default, a month on


def test_comma_separated_and_english_headers() -> None:
    rows = [["contract", "borrower", "program", "amount", "disbursed", "frequency", "rate"]]
    rows.append(["A-1", "Someone Here", "zharkyra", "1200000", "2026-01-10", "quarterly", "2,5"])
    good, refused = check(csv_bytes(rows, "utf-8", ","), "loans.csv")
    assert refused == []
    terms_ = good[0][1].terms
    assert terms_.frequency == "quarterly" and terms_.rate_bp == 250
    assert terms_.first_due_on == date(2026, 4, 10)


def test_every_bad_row_is_refused_with_its_reason() -> None:
    rows = [
        ["Договор", "ФИО", "Программа", "Сумма", "Дата выдачи", "Регион", "Периодичность"],
        ["ZH-1", "Бекова Сая", "Жаркыра", "1 000 000", "31.02.2026", "", ""],  # no such date
        ["ZH-2", "Жанов Ерік", "Жаркыра", "-500000", "01.02.2026", "", ""],
        ["ZH-3", "Омарова Дана", "Бастау", "500 000", "01.02.2026", "", ""],  # not a loan one
        ["ZH-4", "Ахметов Нұрлан", "Жаркыра", "0", "01.02.2026", "", ""],
        ["ZH-5", "Серікова Айгүл", "Жаркыра", "1млн", "01.02.2026", "", ""],
        ["ZH-6", "Ким Олег", "Жаркыра", "700000", "01.02.2026", "Марс", ""],
        ["ZH-7", "Ким Олег", "Жаркыра", "700000", "01.02.2026", "", "еженедельно"],
        ["ZH-8", "Ким Олег", "Жаркыра", "700000", "01.02.2030", "", ""],
        ["", "Без договора", "Жаркыра", "700000", "01.02.2026", "", ""],
        ["ZH-9", "Ок Человек", "Жаркыра", "700 000", "01.02.2026", "", ""],
        ["zh-9", "Дубль Договора", "Жаркыра", "700 000", "01.02.2026", "", ""],
        ["ZH-OLD", "Уже Есть", "Жаркыра", "700 000", "01.02.2026", "", ""],
    ]
    good, refused = check(csv_bytes(rows, "utf-8"), "x.csv", existing={"zh-old"})
    assert [(n, d.contract) for n, d in good] == [(11, "ZH-9")]
    assert [(r.number, r.key) for r in refused] == [
        (2, "date"),
        (3, "negative"),
        (4, "program"),
        (5, "zero"),
        (6, "amount"),
        (7, "region"),
        (8, "frequency"),
        (9, "disbursed-future"),
        (10, "contract"),
        (12, "duplicate"),
        (13, "duplicate"),
    ]
    translations = Translations.from_dir()
    for locale in ("kk", "ru"):  # every reason reads as a sentence in both languages
        l10n = translations.get(locale)
        report = load_workbook(io.BytesIO(build_import_report([], refused, l10n)))
        reasons = [row[2] for row in report.worksheets[1].iter_rows(min_row=2, values_only=True)]
        assert len(reasons) == len(refused)
        assert all(r and not r.startswith("loan-") for r in reasons), reasons


def test_xlsx_with_dates_numbers_and_a_percent_cell() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Шарт №",
            "Қарыз алушы",
            "Бағдарлама",
            "Заем сомасы",
            "Берілген күні",
            "Мөлшерлеме, %",
            "Жеңілдік кезеңі, ай",
            "Қаржы көзі",
        ]
    )
    sheet.append(
        [
            "ZH-10",
            "Әбдірахманова Гүлнар",
            "Жарқыра",
            2_000_000,
            datetime(2026, 1, 20),
            0.025,
            3,
            "Қайтарылған қаражат",
        ]
    )
    sheet["F2"].number_format = "0.0%"
    sheet.append(["ZH-11", "Ахметов Нұрлан", "Жарқыра", 1_000_000.5, datetime(2026, 1, 20)])
    out = io.BytesIO()
    book.save(out)
    good, refused = check(out.getvalue(), "loans.xlsx")
    assert [(n, r.key) for n, r in [(r.number, r) for r in refused]] == [(3, "amount")]
    draft = good[0][1]
    assert draft.terms.rate_bp == 250 and draft.terms.grace_months == 3 and draft.from_fund
    assert draft.terms.disbursed_on == date(2026, 1, 20)
    assert draft.terms.first_due_on == date(2026, 5, 20)


def test_files_that_cannot_be_used() -> None:
    with pytest.raises(ImportFileError) as missing:
        read_import_file(csv_bytes([["Заемщик", "Сумма"], ["x", "1"]], "utf-8"), "a.csv")
    assert missing.value.key == "columns"
    assert missing.value.details["missing"] == ("contract", "program", "disbursed")
    # UTF-16 (what some exports produce) is refused as an encoding problem …
    with pytest.raises(ImportFileError) as utf16:
        read_import_file("Договор;ФИО\n".encode("utf-16"), "a.csv")
    assert utf16.value.key == "encoding"
    # … and KOI8-R reads as nonsense in Windows-1251: the headers are not found.
    with pytest.raises(ImportFileError) as koi:
        koi8 = [["Договор", *GOOD_ROWS[0][1:]], *GOOD_ROWS[1:]]
        read_import_file(csv_bytes(koi8, "koi8-r"), "a.csv")
    assert koi.value.key == "columns"
    for data, name, key in [
        (b"x" * (MAX_IMPORT_BYTES + 1), "a.csv", "size"),
        (b"%PDF-1.4", "a.pdf", "type"),
        (b"not a zip", "a.xlsx", "unreadable"),
        (b"\n\n", "a.csv", "empty"),
    ]:
        with pytest.raises(ImportFileError) as refused:
            read_import_file(data, name)
        assert refused.value.key == key


# -- the chart ----------------------------------------------------------------------------------


def test_the_chart_is_a_small_valid_png_with_kazakh_labels() -> None:
    text = PortfolioChartText(
        title="Жарқыра · Атырау облысы",
        repayments="Ай бойынша қайтарылған сома, ₸",
        buckets="Мерзімі өткен күндер бойынша қалдық",
        months=(
            "қаң",
            "ақп",
            "нау",
            "сәу",
            "мам",
            "мау",
            "шіл",
            "там",
            "қыр",
            "қаз",
            "қар",
            "жел",
        ),
        million="млн",
        thousand="мың",
        loans="{} заем",
    )
    months = [(add_months(date(2025, 6, 1), n), 150_000 * n) for n in range(12)]
    buckets = [
        ("0", 9, 30_000_000),
        ("1-30", 2, 5_000_000),
        ("31-60", 1, 1_000_000),
        ("61-90", 0, 0),
        ("91+", 1, 2_000_000),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph warns: Kazakh letters must all be there
        png = portfolio_chart(months, buckets, text)
    assert png.startswith(PNG_SIGNATURE) and len(png) < 100_000
    image = Image.open(io.BytesIO(png))
    image.verify()
    assert Image.open(io.BytesIO(png)).size == (800, 450)
    empty = portfolio_chart(months, [(b[0], 0, 0) for b in buckets], text)  # nothing lent yet
    assert empty.startswith(PNG_SIGNATURE)
    assert compact_money(1_250_000, text) == "1,2 млн" and compact_money(45_000, text) == "45 мың"
