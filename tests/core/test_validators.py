"""The application form's validators: ИИН, БИН, phones, money, numbers, e-mail, dates, text."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.core.validators import (
    Invalid,
    check_digit,
    check_text,
    format_kz_phone,
    format_money,
    iin_birth_date,
    iin_sex,
    parse_bin,
    parse_date,
    parse_email,
    parse_iin,
    parse_kz_phone,
    parse_money,
    parse_number,
    parse_person_name,
)

TODAY = date(2026, 5, 14)


def reference_check_digit(first11: str) -> int | None:
    """The official algorithm written out again, independently of the module under test."""
    d = [int(c) for c in first11]
    s = sum(d[i] * (i + 1) for i in range(11)) % 11
    if s == 10:
        w2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        s = sum(d[i] * w2[i] for i in range(11)) % 11
        if s == 10:
            return None
    return s


def with_check_digit(first11: str) -> str:
    assert len(first11) == 11 and first11.isdigit(), first11
    digit = reference_check_digit(first11)
    assert digit is not None, f"{first11} has no check digit; pick another serial"
    return first11 + str(digit)


def wrong_check_digit(valid: str) -> str:
    return valid[:11] + str((int(valid[11]) + 1) % 10)


def key(result: object) -> str:
    assert isinstance(result, Invalid), f"expected Invalid, got {result!r}"
    return result.key


# A man born 12 March 1985 (1900s, male → 3) and a woman born 1 January 2001 (2000s, female → 6).
MAN_1985 = with_check_digit("85031230012")  # check digit 1
WOMAN_2001 = with_check_digit("01010160034")  # check digit 7


# --- ИИН -------------------------------------------------------------------------------------


def test_the_example_iins_are_what_they_claim() -> None:
    assert MAN_1985 == "850312300121"
    assert WOMAN_2001 == "010101600347"


@pytest.mark.parametrize("iin", [MAN_1985, WOMAN_2001])
def test_valid_iin(iin: str) -> None:
    assert parse_iin(iin, today=TODAY) == iin


@pytest.mark.parametrize(
    "typed",
    ["850312 300121", "8503 1230 0121", "850312-300121", " 850312\u00a0300121 ", "850312–300121"],
)
def test_iin_separators_are_forgiven(typed: str) -> None:
    assert parse_iin(typed, today=TODAY) == MAN_1985


def test_iin_birth_date_and_sex() -> None:
    assert iin_birth_date(MAN_1985) == date(1985, 3, 12)
    assert iin_sex(MAN_1985) == "m"
    assert iin_birth_date(WOMAN_2001) == date(2001, 1, 1)
    assert iin_sex(WOMAN_2001) == "f"
    born_1899 = with_check_digit("99123120001")
    assert iin_birth_date(born_1899) == date(1899, 12, 31)
    assert iin_sex(born_1899) == "f"


@pytest.mark.parametrize("bad", ["", "12345", "85031230012X", "8503123001214", "850312000121"])
def test_iin_helpers_refuse_what_is_not_an_iin(bad: str) -> None:
    with pytest.raises(ValueError):
        iin_birth_date(bad)
    with pytest.raises(ValueError):
        iin_sex(bad)


def test_iin_with_a_wrong_check_digit() -> None:
    assert key(parse_iin(wrong_check_digit(MAN_1985), today=TODAY)) == "iin-checksum"
    assert key(parse_iin(wrong_check_digit(WOMAN_2001), today=TODAY)) == "iin-checksum"


def test_iin_needing_the_second_weights() -> None:
    # 1..11 weights give 10 here, so the second set decides: 5.
    assert reference_check_digit("85031230030") == 5
    assert check_digit("85031230030") == 5
    assert parse_iin("850312300305", today=TODAY) == "850312300305"


def test_iin_prefix_without_any_check_digit() -> None:
    assert check_digit("85031230038") is None
    for last in "0123456789":
        assert key(parse_iin("85031230038" + last, today=TODAY)) == "iin-checksum"


@pytest.mark.parametrize(
    ("typed", "count"),
    [("85031230012", 11), ("8503123001211", 13), ("8", 1), ("850 312 300 12", 11)],
)
def test_iin_length(typed: str, count: int) -> None:
    result = parse_iin(typed, today=TODAY)
    assert result == Invalid("iin-length", {"count": count})


@pytest.mark.parametrize(
    "typed", ["85031230012A", "ИИН 850312300121", "850312300121.", "８５０３１２３００１２１", ""]
)
def test_iin_with_letters_or_other_characters(typed: str) -> None:
    assert key(parse_iin(typed, today=TODAY)) == "iin-not-digits"


@pytest.mark.parametrize("first11", ["85133130012", "85023030012", "85030030012", "85043130012"])
def test_iin_with_an_impossible_birth_date(first11: str) -> None:
    # 13th month, 30 February, day 00, 31 April: refused even with a matching check digit.
    iin = first11 + str(reference_check_digit(first11) or 0)
    assert key(parse_iin(iin, today=TODAY)) == "iin-birth-date"


def test_iin_29_february_depends_on_the_century() -> None:
    leap = with_check_digit("00022950007")  # 29.02.2000
    assert parse_iin(leap, today=TODAY) == leap
    not_leap = with_check_digit("00022920001")  # 29.02.1800 did not exist
    assert key(parse_iin(not_leap, today=TODAY)) == "iin-birth-date"


def test_iin_birth_date_in_the_future() -> None:
    tomorrow = with_check_digit("26051550001")  # 15.05.2026, a boy
    assert key(parse_iin(tomorrow, today=TODAY)) == "iin-birth-date"
    assert parse_iin(tomorrow, today=TODAY + timedelta(days=1)) == tomorrow


@pytest.mark.parametrize("century", "0789")
def test_iin_century_digit(century: str) -> None:
    iin = "850312" + century + "0012"
    iin += str(reference_check_digit(iin) or 0)
    assert key(parse_iin(iin, today=TODAY)) == "iin-century"


@st.composite
def iin_prefixes(draw: st.DrawFn) -> str:
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    century = {18: "12", 19: "34", 20: "56"}[born.year // 100]
    sex = draw(st.sampled_from(century))
    serial = draw(st.integers(0, 9999))
    return f"{born:%y%m%d}{sex}{serial:04d}"


@given(iin_prefixes())
def test_every_valid_prefix_has_at_most_one_check_digit(prefix: str) -> None:
    accepted = [d for d in "0123456789" if parse_iin(prefix + d, today=TODAY) == prefix + d]
    expected = reference_check_digit(prefix)
    assert accepted == ([] if expected is None else [str(expected)])
    assert check_digit(prefix) == expected


@given(iin_prefixes())
def test_valid_iins_give_back_their_date_and_sex(prefix: str) -> None:
    assume(reference_check_digit(prefix) is not None)
    iin = with_check_digit(prefix)
    assert parse_iin(iin, today=TODAY) == iin
    born = iin_birth_date(iin)
    assert f"{born:%y%m%d}" == iin[:6]
    assert iin_sex(iin) == ("m" if iin[6] in "135" else "f")


@given(st.text(max_size=20))
def test_parse_iin_never_crashes(text: str) -> None:
    result = parse_iin(text, today=TODAY)
    assert isinstance(result, Invalid) or (len(result) == 12 and result.isdigit())


def test_check_digit_wants_eleven_digits() -> None:
    with pytest.raises(ValueError):
        check_digit("1234567890")
    with pytest.raises(ValueError):
        check_digit("1234567890a")


# --- БИН -------------------------------------------------------------------------------------

# Real, published БИНs (a bank registered in January 1994 and a company in January 1999).
REAL_BINS = ["940140000385", "990140004654"]


@pytest.mark.parametrize("bin_", REAL_BINS)
def test_real_bins(bin_: str) -> None:
    assert parse_bin(bin_) == bin_


def test_bin_separators_are_forgiven() -> None:
    assert parse_bin("990 140 004 654") == "990140004654"
    assert parse_bin("9401-4000-0385") == "940140000385"


@pytest.mark.parametrize("kind", "456")
@pytest.mark.parametrize("division", "0123")
def test_bin_kinds_and_divisions(kind: str, division: str) -> None:
    bin_ = with_check_digit(f"2403{kind}{division}01234")
    assert parse_bin(bin_) == bin_


def test_bin_errors() -> None:
    assert key(parse_bin("94014000038")) == "bin-length"
    assert parse_bin("94014000038") == Invalid("bin-length", {"count": 11})
    assert key(parse_bin("94014000038Б")) == "bin-not-digits"
    assert key(parse_bin("")) == "bin-not-digits"
    assert key(parse_bin(wrong_check_digit("940140000385"))) == "bin-checksum"
    for month in ("00", "13", "99"):
        assert key(parse_bin(with_check_digit(f"94{month}4000038"))) == "bin-month"
    for kind in "0123789":
        assert key(parse_bin(with_check_digit(f"9401{kind}000038"))) == "bin-type"
    for division in "456789":
        assert key(parse_bin(with_check_digit(f"94014{division}00038"))) == "bin-type"


def test_an_iin_is_not_a_bin() -> None:
    # The 5th and 6th digits of an ИИН are the day of birth: 12 is no БИН type.
    assert key(parse_bin(MAN_1985)) == "bin-type"


# --- phones ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "+7 701 234 56 78",
        "87012345678",
        "8 (701) 234-56-78",
        "7012345678",
        "+77012345678",
        "77012345678",  # how Telegram shares a contact
        "+7\u00a0701\u00a0234\u00a056\u00a078",
        "8-701-234-56-78",
    ],
)
def test_kazakh_mobile_in_every_notation(typed: str) -> None:
    assert parse_kz_phone(typed) == "+77012345678"


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("+7 777 123 45 67", "+77771234567"),
        ("8 747 123 45 67", "+77471234567"),
        ("8 (727) 250-12-34", "+77272501234"),  # an Almaty landline
        ("+7 7172 55 12 34", "+77172551234"),  # an Astana landline
    ],
)
def test_other_kazakh_numbers(typed: str, e164: str) -> None:
    assert parse_kz_phone(typed) == e164


@pytest.mark.parametrize(
    "typed", ["+7 916 123 45 67", "8 916 123 45 67", "+7 (495) 123-45-67", "+49 30 1234567"]
)
def test_russian_and_german_numbers_are_foreign(typed: str) -> None:
    assert key(parse_kz_phone(typed)) == "phone-foreign"


@pytest.mark.parametrize(
    "typed", ["", "hello", "+7", "123", "+7 701 234 56", "+7 701 234 56 789 0", "8701abc5678"]
)
def test_garbage_is_not_a_phone(typed: str) -> None:
    assert key(parse_kz_phone(typed)) == "phone-invalid"


def test_format_kz_phone() -> None:
    assert format_kz_phone("+77012345678") == "+7 701 234 56 78"
    for bad in ("87012345678", "+7701234567", "+49301234567"):
        with pytest.raises(ValueError):
            format_kz_phone(bad)


@given(st.text(max_size=30))
def test_parse_kz_phone_never_crashes(text: str) -> None:
    result = parse_kz_phone(text)
    assert isinstance(result, Invalid) or format_kz_phone(result).startswith("+7 ")


# --- money -----------------------------------------------------------------------------------


def money(text: str, minimum: int | None = None, maximum: int | None = None) -> int | Invalid:
    return parse_money(text, minimum=minimum, maximum=maximum)


@pytest.mark.parametrize(
    "typed",
    [
        "1 500 000",
        "1500000",
        "1 500 000 ₸",
        "₸1 500 000",
        "1500000 тг",
        "1500000тг.",
        "1 500 000 тенге",
        "1 500 000 теңге",
        "1 500 000 KZT",
        "1.500.000",
        "1,500,000",
        "1\u00a0500\u00a0000",
        "1\u202f500\u202f000",
        "1\u2009500\u2009000",
        "1 500 000,00",
        "1.500.000,00",
        "1,500,000.00",
        "  1500000  ",
        "1 500 000 ₸.",
        "1500000.",
    ],
)
def test_money_notations(typed: str) -> None:
    assert money(typed) == 1_500_000


@pytest.mark.parametrize(
    ("typed", "example"),
    [
        ("1,5 млн", "1 500 000"),
        ("1.5 млн", "1 500 000"),
        ("2 млн.", "2 000 000"),
        ("3 миллиона", "3 000 000"),
        ("500 мың", "500 000"),
        ("500 мың теңге", "500 000"),
        ("500 тысяч", "500 000"),
        ("500 тыс.", "500 000"),
        ("200к", "200 000"),
        ("1 млн 200 мың", "1 500 000"),  # two words: the stock example
        ("бір миллион", "1 500 000"),
    ],
)
def test_money_in_words_is_refused_with_an_example(typed: str, example: str) -> None:
    assert money(typed) == Invalid("money-words", {"example": example})


@pytest.mark.parametrize("typed", ["1.5", "1,5", "1 500 000,50", "999.99", ".5"])
def test_money_fractions(typed: str) -> None:
    assert key(money(typed)) == "money-fraction"


@pytest.mark.parametrize("typed", ["-500", "−1 000", "- 1 500 000 ₸"])
def test_negative_money(typed: str) -> None:
    assert key(money(typed)) == "money-negative"


@pytest.mark.parametrize(
    "typed",
    ["", "abc", "1,500", "1.500", "1 500.000", "1.50.000", "12 kg", "1..5", "+-5", "9" * 60, "₸"],
)
def test_money_that_is_not_a_number(typed: str) -> None:
    # "1,500" and "1.500" could be a thousand or one and a half: not guessed.
    assert key(money(typed)) == "money-invalid"


def test_money_bounds() -> None:
    assert money("100 000", minimum=100_000, maximum=5_000_000) == 100_000
    assert money("5 000 000", minimum=100_000, maximum=5_000_000) == 5_000_000
    assert money("99 999", minimum=100_000) == Invalid("money-min", {"min": 100_000})
    assert money("5 000 001", maximum=5_000_000) == Invalid("money-max", {"max": 5_000_000})
    assert money("0") == 0


@given(st.integers(min_value=0, max_value=10**15))
def test_money_round_trip(n: int) -> None:
    assert parse_money(f"{n:,}".replace(",", " "), minimum=None, maximum=None) == n
    assert money(format_money(n) + " ₸") == n
    assert money(f"{n:,}".replace(",", "\u00a0") + " тг") == n
    dotted = money(f"{n:,}".replace(",", "."))
    if n >= 1_000_000:
        assert dotted == n  # two dots or more: certainly thousands
    elif n >= 1_000:
        assert dotted == Invalid("money-invalid")  # "1.500": a thousand and a half or 1.5?
    else:
        assert dotted == n


@given(st.text(max_size=30))
def test_parse_money_never_crashes(text: str) -> None:
    result = money(text)
    assert isinstance(result, Invalid) or result >= 0


# --- numbers ---------------------------------------------------------------------------------


def test_integers() -> None:
    assert parse_number("12", minimum=None, maximum=None) == 12
    assert parse_number(" 1 200 ", minimum=None, maximum=None) == 1200
    assert parse_number("-3", minimum=None, maximum=None) == -3
    assert parse_number("−3", minimum=None, maximum=None) == -3
    assert parse_number("0", minimum=0, maximum=10) == 0
    for bad in ("2.5", "2,5", "", "abc", "1e5", "nan", "inf", "1-2", "12 адам"):
        assert key(parse_number(bad, minimum=None, maximum=None)) == "number-invalid"


def test_fractional_numbers() -> None:
    assert parse_number("2,5", minimum=None, maximum=None, integer=False) == 2.5
    assert parse_number("2.5", minimum=None, maximum=None, integer=False) == 2.5
    assert parse_number("3", minimum=None, maximum=None, integer=False) == 3.0
    assert key(parse_number("2,5,1", minimum=None, maximum=None, integer=False)) == (
        "number-invalid"
    )


def test_number_bounds() -> None:
    assert parse_number("0", minimum=1, maximum=100) == Invalid("number-min", {"min": 1})
    assert parse_number("101", minimum=1, maximum=100) == Invalid("number-max", {"max": 100})
    assert parse_number("0,4", minimum=0.5, maximum=None, integer=False) == Invalid(
        "number-min", {"min": "0.5"}
    )
    assert parse_number("12.5", minimum=None, maximum=10.0, integer=False) == Invalid(
        "number-max", {"max": 10}
    )


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integer_round_trip(n: int) -> None:
    assert parse_number(str(n), minimum=None, maximum=None) == n
    assert parse_number(f"{n:,}".replace(",", " "), minimum=None, maximum=None) == n


# --- e-mail ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("asel@mail.kz", "asel@mail.kz"),
        ("  Asel.Nurlanqyzy@Gmail.COM ", "Asel.Nurlanqyzy@gmail.com"),
        ("a+form@sub.example.kz", "a+form@sub.example.kz"),
        ("info@мысал.қаз", "info@мысал.қаз"),
        ("info@МЫСАЛ.ҚАЗ", "info@мысал.қаз"),
        ("info@example.xn--80ao21a", "info@example.xn--80ao21a"),
    ],
)
def test_valid_emails(typed: str, normal: str) -> None:
    assert parse_email(typed) == normal


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "asel",
        "asel@",
        "@mail.kz",
        "asel@mail",
        "asel@mail.k",
        "asel@@mail.kz",
        "as el@mail.kz",
        "asel@mail..kz",
        "asel@-mail.kz",
        "asel@mail.kz1",
        ".asel@mail.kz",
        "as..el@mail.kz",
        "асел@mail.kz",  # a Cyrillic local part
        "asel@gmаil.com",  # a Cyrillic "а" in a Latin domain
        "a" * 65 + "@mail.kz",
        "a@" + "b" * 250 + ".kz",
    ],
)
def test_invalid_emails(typed: str) -> None:
    assert key(parse_email(typed)) == "email-invalid"


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "14.05.2026",
        "14.5.2026",
        "14/05/2026",
        "14-05-2026",
        "2026-05-14",
        "2026.05.14",
        "14.05.26",
        " 14.05.2026 ",
        "14.05.2026 ж.",
        "14.05.2026г.",
    ],
)
def test_date_notations(typed: str) -> None:
    assert parse_date(typed, today=TODAY) == date(2026, 5, 14)


@pytest.mark.parametrize(
    "typed",
    ["", "завтра", "31.02.2026", "14.13.2026", "00.05.2026", "14.05", "14.05/2026", "1.1.1"],
)
def test_invalid_dates(typed: str) -> None:
    assert key(parse_date(typed, today=TODAY)) == "date-invalid"


def test_date_bounds() -> None:
    start, end = date(2026, 6, 1), date(2026, 12, 31)
    assert parse_date("01.06.2026", today=TODAY, not_before=start, not_after=end) == start
    assert parse_date("31.05.2026", today=TODAY, not_before=start) == Invalid(
        "date-too-early", {"min": "2026-06-01"}
    )
    assert parse_date("01.01.2027", today=TODAY, not_after=end) == Invalid(
        "date-too-late", {"max": "2026-12-31"}
    )


def test_two_digit_years_take_the_century_that_fits() -> None:
    assert parse_date("12.03.85", today=TODAY) == date(1985, 3, 12)
    assert parse_date("12.03.30", today=TODAY) == date(2030, 3, 12)
    # A birth date: not after today, so "30" is 1930.
    assert parse_date("12.03.30", today=TODAY, not_after=TODAY) == date(1930, 3, 12)
    # 29 February exists in 2000 but not in 1900 or 2100.
    assert parse_date("29.02.00", today=TODAY) == date(2000, 2, 29)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_date_round_trip(day: date) -> None:
    assert parse_date(f"{day:%d.%m.%Y}", today=TODAY) == day
    assert parse_date(day.isoformat(), today=TODAY) == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}", today=TODAY) == day


# --- free text -------------------------------------------------------------------------------


def test_text_length() -> None:
    assert check_text("  Қой шаруашылығы  ", min_length=3, max_length=50) == "Қой шаруашылығы"
    assert check_text("  ab ", min_length=3, max_length=50) == Invalid(
        "text-too-short", {"min": 3, "count": 2}
    )
    assert check_text("ә" * 55, min_length=3, max_length=50) == Invalid(
        "text-too-long", {"max": 50, "over": 5}
    )
    assert check_text("   ", min_length=1, max_length=50) == Invalid(
        "text-too-short", {"min": 1, "count": 0}
    )


def test_text_counts_letters_not_code_points() -> None:
    decomposed = "a\u0306" * 10  # 10 letters typed as letter + combining mark
    assert check_text(decomposed, min_length=1, max_length=10) == "\u0103" * 10


# -- a person's name (issue 14.6) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Нурланкызы Алия", "Нурланкызы Алия"),
        ("Серікова Айгүл Болатқызы", "Серікова Айгүл Болатқызы"),
        ("Іңкәр Ұлықбекқызы", "Іңкәр Ұлықбекқызы"),
        ("  Ким-Оспанова   Гүлнар ", "Ким-Оспанова Гүлнар"),
        ("Анна\u2011Мария", "Анна-Мария"),  # a non-breaking hyphen from a phone's keyboard
        ("O'Neil Sean", "O'Neil Sean"),
        ("Д’Артаньян Шарль", "Д’Артаньян Шарль"),
        ("Nurlanqyzy Áliıa", "Nurlanqyzy Áliıa"),  # Kazakh in the Latin alphabet
        ("Oʻktam Yoʻldoshev", "Oʻktam Yoʻldoshev"),
        ("Ли\u200b Ольга", "Ли Ольга"),  # an invisible character from copy-paste
        ("Ерлан\nЖақсылықов", "Ерлан Жақсылықов"),
    ],
)
def test_names_people_write(typed: str, stored: str) -> None:
    assert parse_person_name(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "<b>Нурланкызы</b> Алия",
        "Нурланкызы &amp; Алия",
        "Алия2",
        "Ерлан (Ерик)",
        "Алия.",
        "Ерлан 🙂",
        "-Алия",
        "Алия--Ким",
        "Алия -Ким",
        "Бейбіт'",
        "Айгүл_Серікова",
        "https://t.me/aigul",
    ],
)
def test_markup_digits_and_signs_are_not_a_name(typed: str) -> None:
    assert parse_person_name(typed) == Invalid("name-invalid")


def test_a_word_in_two_alphabets_is_a_keyboard_slip() -> None:
    assert parse_person_name("Aлия Нурланкызы") == Invalid("name-mixed-scripts")  # Latin A
    assert parse_person_name("Aliya Нурланкызы") == "Aliya Нурланкызы", "words may differ"


def test_name_length() -> None:
    assert parse_person_name("А") == Invalid("text-too-short", {"min": 2, "count": 1})
    long = "Ә" * 101
    assert parse_person_name(long) == Invalid("text-too-long", {"max": 100, "over": 1})
    assert parse_person_name("Ли Ан", min_length=6) == Invalid(
        "text-too-short", {"min": 6, "count": 5}
    )


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_the_name_errors_are_explained_in_both_languages(locale: str) -> None:
    from bot.core.i18n import Translations

    l10n = Translations.from_dir().get(locale)
    for key in ("name-invalid", "name-mixed-scripts"):
        assert l10n.has(f"form-error-{key}"), key
    invalid = l10n("form-error-name-invalid")
    assert ("Нұрланқызы Әлия" if locale == "kk" else "Нурланкызы Алия") in invalid
    assert ("әріп" if locale == "kk" else "букв") in invalid
    assert ("латын" if locale == "kk" else "латинск") in l10n("form-error-name-mixed-scripts")
