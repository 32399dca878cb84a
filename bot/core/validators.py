"""Validators for answers typed into the application form: pure functions, no Telegram, no I/O.

Each `parse_*` function returns the normalised value or an `Invalid` whose `key` is the suffix
of a Fluent message (the handler adds its own prefix) and whose `args` are that message's
arguments. They are written for people typing on a phone: spaces, dashes, non-breaking spaces
and the usual currency words are forgiven; anything that could be read two ways is refused.

Dates that depend on "today" take it as a parameter: pass the applicant's local date
(Asia/Almaty), not the server's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, overload

__all__ = [
    "Invalid",
    "check_digit",
    "check_text",
    "format_kz_phone",
    "format_money",
    "iin_birth_date",
    "iin_sex",
    "parse_bin",
    "parse_date",
    "parse_email",
    "parse_iin",
    "parse_kz_phone",
    "parse_money",
    "parse_number",
    "parse_person_name",
]


@dataclass(frozen=True)
class Invalid:
    """Why an answer was refused: a Fluent key suffix (kebab-case) and the message arguments."""

    key: str
    args: dict[str, str | int] = field(default_factory=dict)


# Characters people put between digits: every Unicode space (incl. no-break and thin spaces),
# zero-width ones that come with copy-paste, and dashes of every length.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_MINUSES = "-\u2212\u2012\u2013"


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch in _INVISIBLE


def _drop_spaces(text: str) -> str:
    return "".join(ch for ch in text if not _is_space(ch))


def _ascii_digits(text: str) -> bool:
    """`str.isdigit` also accepts '²' and Arabic-Indic digits; these numbers are ASCII only."""
    return text.isascii() and text.isdigit()


# --- ИИН and БИН -----------------------------------------------------------------------------

_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

# The 7th digit of an ИИН: the century of birth and the sex (odd: male, even: female).
_IIN_CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}
# The 5th digit of a БИН: 4 a resident legal entity, 5 a non-resident one, 6 an individual
# entrepreneur in joint entrepreneurship. The 6th: 0 a head office, 1 a branch,
# 2 a representative office, 3 a peasant farm in joint entrepreneurship.
_BIN_TYPES = frozenset("456")
_BIN_DIVISIONS = frozenset("0123")


def check_digit(first11: str) -> int | None:
    """The 12th digit of an ИИН or БИН with these first 11 digits; None if no digit can fit.

    The official algorithm: weights 1..11 modulo 11; a remainder of 10 is retried with weights
    3..11, 1, 2; a second 10 means the prefix is never issued.
    """
    if len(first11) != 11 or not _ascii_digits(first11):
        raise ValueError(f"11 digits expected, got {first11!r}")
    digits = [int(ch) for ch in first11]
    for weights in (_WEIGHTS_1, _WEIGHTS_2):
        rest = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if rest != 10:
            return rest
    return None


def _checksum_ok(number: str) -> bool:
    return check_digit(number[:11]) == int(number[11])


def _twelve_digits(text: str, prefix: str) -> str | Invalid:
    """Strip separators; then the number must be exactly 12 ASCII digits."""
    digits = "".join(ch for ch in text if not _is_space(ch) and ch not in _DASHES)
    if not _ascii_digits(digits):
        return Invalid(f"{prefix}-not-digits")
    if len(digits) != 12:
        return Invalid(f"{prefix}-length", {"count": len(digits)})
    return digits


def _iin_birth_date(iin: str) -> date | None:
    century = _IIN_CENTURY.get(iin[6])
    if century is None:
        return None
    try:
        return date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None


def parse_iin(text: str, *, today: date | None = None) -> str | Invalid:
    """An individual identification number (ИИН / ЖСН): YYMMDD, century-and-sex, serial, check.

    Returns the 12 digits. `today` (default: the machine's date) bounds the birth date.
    """
    iin = _twelve_digits(text, "iin")
    if isinstance(iin, Invalid):
        return iin
    if iin[6] not in _IIN_CENTURY:
        return Invalid("iin-century")
    born = _iin_birth_date(iin)
    if born is None or born > (today or date.today()):
        return Invalid("iin-birth-date")
    if not _checksum_ok(iin):
        return Invalid("iin-checksum")
    return iin


def iin_birth_date(iin: str) -> date:
    """The birth date encoded in an ИИН (as returned by `parse_iin`)."""
    born = _iin_birth_date(iin) if len(iin) == 12 and _ascii_digits(iin) else None
    if born is None:
        raise ValueError(f"not an ИИН: {iin!r}")
    return born


def iin_sex(iin: str) -> Literal["m", "f"]:
    """The sex encoded in an ИИН's 7th digit: odd is male, even is female."""
    if len(iin) != 12 or not _ascii_digits(iin) or iin[6] not in _IIN_CENTURY:
        raise ValueError(f"not an ИИН: {iin!r}")
    return "m" if int(iin[6]) % 2 else "f"


def parse_bin(text: str) -> str | Invalid:
    """A business identification number (БИН / БСН): YYMM, type, division, serial, check.

    Only what is certainly wrong is refused: the registration year is not checked (two digits,
    and re-registered entities keep their original date).
    """
    bin_ = _twelve_digits(text, "bin")
    if isinstance(bin_, Invalid):
        return bin_
    if not 1 <= int(bin_[2:4]) <= 12:
        return Invalid("bin-month")
    if bin_[4] not in _BIN_TYPES or bin_[5] not in _BIN_DIVISIONS:
        return Invalid("bin-type")
    if not _checksum_ok(bin_):
        return Invalid("bin-checksum")
    return bin_


# --- phone numbers ---------------------------------------------------------------------------

_PHONE_CHARS = re.compile(r"\+?[0-9()\-.\s]{5,40}")
_KZ_E164 = re.compile(r"\+7[0-9]{10}")


def parse_kz_phone(text: str) -> str | Invalid:
    """A Kazakh phone number, mobile or landline, in any usual notation; returns E.164.

    "+7 701 234 56 78", "87012345678", "8 (701) 234-56-78" and "7012345678" all give
    "+77012345678". Russia shares the country code +7: a valid Russian number is "foreign".
    """
    cleaned = "".join(
        " " if _is_space(ch) else "-" if ch in _DASHES else ch for ch in text.strip()
    )
    if not _PHONE_CHARS.fullmatch(cleaned):
        return Invalid("phone-invalid")
    import phonenumbers  # its metadata is megabytes: loaded by the first phone number typed

    try:
        number = phonenumbers.parse(cleaned, "KZ")
    except phonenumbers.NumberParseException:
        return Invalid("phone-invalid")
    valid = phonenumbers.is_valid_number(number)
    if number.country_code != 7 or phonenumbers.region_code_for_number(number) != "KZ":
        return Invalid("phone-foreign" if valid else "phone-invalid")
    if not valid:
        return Invalid("phone-invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_kz_phone(e164: str) -> str:
    """Write "+77012345678" as "+7 701 234 56 78", the way numbers are written in Kazakhstan."""
    if not _KZ_E164.fullmatch(e164):
        raise ValueError(f"not a Kazakh number in E.164: {e164!r}")
    n = e164[2:]
    return f"+7 {n[0:3]} {n[3:6]} {n[6:8]} {n[8:10]}"


# --- money and numbers -----------------------------------------------------------------------

# Longest first, so that "тенге" is not read as "тг" + "енге".
_CURRENCY = ("теңге", "тенге", "тңг", "тг.", "тг", "kzt", "₸")
# The words people use instead of zeros ("1,5 млн", "500 мың", "200k"), with their factors.
_MULTIPLIERS = (
    (re.compile(r"млрд|миллиард\w*|billions?|bn"), 1_000_000_000),
    (re.compile(r"млн|миллион\w*|mln|mio|millions?"), 1_000_000),
    (re.compile(r"мың|мын|тыс|тысяч\w*|thousands?|к|k"), 1_000),
)
_LETTERS = re.compile(r"[^\W\d_]+")
_GROUP_MARKS = "'’"
_DEFAULT_MONEY_EXAMPLE = 1_500_000
# Longer inputs are not amounts; this also keeps int() far from its digit limit.
_MAX_NUMBER_CHARS = 40


class _Ambiguous(Exception):
    """Is "1.500" or "1,500" a thousand or one and a half? Not guessed."""


def format_money(amount: int) -> str:
    """1500000 → "1 500 000" (plain spaces, as in the examples shown to applicants)."""
    return f"{amount:,}".replace(",", " ")


def _grouped(text: str, sep: str) -> bool:
    head, *tail = text.split(sep)
    return (
        1 <= len(head) <= 3
        and _ascii_digits(head)
        and all(len(g) == 3 and _ascii_digits(g) for g in tail)
    )


def _split_decimal(text: str) -> tuple[str, str] | None:
    """Digits with '.' or ',' in them → (whole digits, fraction digits); None if malformed.

    Several equal separators are thousands ("1.500.000"); with both kinds, the last one is
    the decimal mark ("1.500.000,00"). A lone separator before exactly three digits raises
    `_Ambiguous`; before any other number of digits it is the decimal mark.
    """
    marks = {ch for ch in text if ch in ".,"}
    if not marks:
        return (text, "") if _ascii_digits(text) else None
    if len(marks) == 2:
        decimal = text[max(text.rfind("."), text.rfind(","))]
        thousands = "," if decimal == "." else "."
        whole, _, fraction = text.partition(decimal)
        if decimal in fraction or not _grouped(whole, thousands) or not _ascii_digits(fraction):
            return None
        return whole.replace(thousands, ""), fraction
    (mark,) = marks
    if text.count(mark) > 1:
        return (text.replace(mark, ""), "") if _grouped(text, mark) else None
    whole, _, fraction = text.partition(mark)
    if not _ascii_digits(fraction) or not (whole == "" or _ascii_digits(whole)):
        return None
    if len(fraction) == 3:
        raise _Ambiguous
    return whole or "0", fraction


def _strip_currency(text: str) -> str:
    for word in _CURRENCY:
        if text.endswith(word):
            return text[: -len(word)].strip()
        if text.startswith(word):
            return text[len(word) :].strip()
    return text


def _multiplier(word: str) -> int | None:
    return next((f for pattern, f in _MULTIPLIERS if pattern.fullmatch(word)), None)


def _money_words_example(text: str, factor: int) -> int:
    """What "1,5 млн" means in digits, to show it back; a stock example when unclear."""
    number = _drop_spaces(_LETTERS.sub("", text)).rstrip(".").replace(",", ".")
    if re.fullmatch(r"[0-9]{1,6}(\.[0-9]{1,3})?", number):
        amount = Decimal(number) * factor
        if amount == amount.to_integral_value() and amount > 0:
            return int(amount)
    return _DEFAULT_MONEY_EXAMPLE


def _bounds(
    value: float, minimum: float | None, maximum: float | None, prefix: str
) -> Invalid | None:
    if minimum is not None and value < minimum:
        return Invalid(f"{prefix}-min", {"min": _arg(minimum)})
    if maximum is not None and value > maximum:
        return Invalid(f"{prefix}-max", {"max": _arg(maximum)})
    return None


def _arg(value: float) -> int | str:
    """Fluent arguments here are int or str: a whole float becomes an int."""
    if isinstance(value, int):
        return value
    return int(value) if value.is_integer() else str(value)


def parse_money(text: str, *, minimum: int | None, maximum: int | None) -> int | Invalid:
    """An amount in whole tenge: "1 500 000", "1500000 тг", "1.500.000", "1 500 000,00 ₸".

    Words standing for zeros ("1,5 млн", "500 мың") are refused with the amount in digits as
    an example, so that the applicant confirms it rather than the bot guessing.
    """
    raw = text.strip().rstrip(".").rstrip().casefold()  # "1 500 000 тг." ends a sentence
    if len(raw) > _MAX_NUMBER_CHARS:
        return Invalid("money-invalid")
    body = _strip_currency(raw)
    words = _LETTERS.findall(body)
    if words:
        factors = [_multiplier(word) for word in words]
        if not any(factors):
            return Invalid("money-invalid")
        example = _DEFAULT_MONEY_EXAMPLE
        if len(factors) == 1 and factors[0] is not None:
            example = _money_words_example(body, factors[0])
        return Invalid("money-words", {"example": format_money(example)})
    compact = "".join(ch for ch in body if not _is_space(ch) and ch not in _GROUP_MARKS)
    negative = compact.startswith(tuple(_MINUSES))
    if negative:
        compact = compact[1:]
    try:
        split = _split_decimal(compact)
    except _Ambiguous:
        return Invalid("money-invalid")
    if split is None:
        return Invalid("money-invalid")
    whole, fraction = split
    if fraction.strip("0"):
        return Invalid("money-fraction")
    amount = int(whole)
    if negative and amount:
        return Invalid("money-negative")
    return _bounds(amount, minimum, maximum, "money") or amount


_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


@overload
def parse_number(
    text: str,
    *,
    minimum: float | None,
    maximum: float | None,
    integer: Literal[True] = ...,
) -> int | Invalid: ...


@overload
def parse_number(
    text: str, *, minimum: float | None, maximum: float | None, integer: Literal[False]
) -> float | Invalid: ...


@overload
def parse_number(
    text: str, *, minimum: float | None, maximum: float | None, integer: bool
) -> int | float | Invalid: ...


def parse_number(
    text: str, *, minimum: float | None, maximum: float | None, integer: bool = True
) -> int | float | Invalid:
    """A count or a measure: "12", "1 200", "-3"; with `integer=False` also "2,5" or "2.5".

    Spaces group digits; a comma or a dot is the decimal mark (no thousands dots here).
    """
    compact = _drop_spaces(text.strip())
    if compact.startswith(tuple(_MINUSES)):
        compact = "-" + compact[1:]
    compact = compact.replace(",", ".", 1)
    if len(compact) > _MAX_NUMBER_CHARS or not _NUMBER.fullmatch(compact):
        return Invalid("number-invalid")
    value: int | float
    if integer:
        if "." in compact:
            return Invalid("number-invalid")
        value = int(compact)
    else:
        value = float(compact)
    return _bounds(value, minimum, maximum, "number") or value


# --- e-mail ----------------------------------------------------------------------------------

_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_PUNYCODE_TLD = re.compile(r"xn--[a-z0-9-]{2,59}")


def _domain_label_ok(label: str) -> bool:
    if not 1 <= len(label) <= 63 or label[0] == "-" or label[-1] == "-":
        return False
    if not all(ch.isalnum() or ch == "-" for ch in label):
        return False
    # An IDN label is fine ("мысал.қаз"); Latin mixed with Cyrillic is a keyboard-layout slip.
    return label.isascii() or not _ASCII_LETTERS.search(label)


def parse_email(text: str) -> str | Invalid:
    """A practical check of an e-mail address; returns it with the domain lower-cased.

    The local part must be ASCII: a Cyrillic 'а' typed for a Latin 'a' would bounce.
    """
    address = text.strip()
    if len(address) > 254 or any(_is_space(ch) for ch in address) or address.count("@") != 1:
        return Invalid("email-invalid")
    local, domain = address.split("@")
    domain = unicodedata.normalize("NFC", domain).lower().removesuffix(".")
    labels = domain.split(".")
    tld = labels[-1]
    tld_ok = (tld.isalpha() and len(tld) >= 2) or _PUNYCODE_TLD.fullmatch(tld) is not None
    if (
        not 1 <= len(local) <= 64
        or not _LOCAL_PART.fullmatch(local)
        or len(labels) < 2
        or not all(_domain_label_ok(label) for label in labels)
        or not tld_ok
    ):
        return Invalid("email-invalid")
    return f"{local}@{domain}"


# --- dates -----------------------------------------------------------------------------------

_DMY = re.compile(r"([0-9]{1,2})([./-])([0-9]{1,2})\2([0-9]{2}|[0-9]{4})")
_YMD = re.compile(r"([0-9]{4})([./-])([0-9]{1,2})\2([0-9]{1,2})")
# "14.05.2026 ж." (жыл) and "14.05.2026 г." (год) are how dates are written on paper.
_YEAR_WORD = re.compile(r"\s*(ж|жыл|г|год)\.?$")


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(
    text: str, *, today: date, not_before: date | None = None, not_after: date | None = None
) -> date | Invalid:
    """A calendar date: "14.05.2026", "14.5.2026", "14/05/2026", "2026-05-14", "14.05.26".

    Day first, always (as in Kazakhstan). A two-digit year takes the century that puts the
    date inside [not_before, not_after], and the one nearest `today` among those that do.
    """
    compact = _YEAR_WORD.sub("", text.strip().casefold())
    compact = "".join(ch for ch in compact if not _is_space(ch))
    candidates: list[date | None]
    if m := _YMD.fullmatch(compact):
        candidates = [_date_or_none(int(m[1]), int(m[3]), int(m[4]))]
    elif m := _DMY.fullmatch(compact):
        day, month, year = int(m[1]), int(m[3]), m[4]
        if len(year) == 4:
            candidates = [_date_or_none(int(year), month, day)]
        else:
            century = today.year // 100 * 100
            candidates = [
                _date_or_none(c + int(year), month, day)
                for c in (century - 100, century, century + 100)
            ]
    else:
        return Invalid("date-invalid")
    dates = [d for d in candidates if d is not None]
    if not dates:
        return Invalid("date-invalid")

    def in_range(d: date) -> bool:
        return (not_before is None or d >= not_before) and (not_after is None or d <= not_after)

    fitting = [d for d in dates if in_range(d)] or dates
    chosen = min(fitting, key=lambda d: abs((d - today).days))
    if not_before is not None and chosen < not_before:
        return Invalid("date-too-early", {"min": not_before.isoformat()})
    if not_after is not None and chosen > not_after:
        return Invalid("date-too-late", {"max": not_after.isoformat()})
    return chosen


# --- free text -------------------------------------------------------------------------------


def check_text(text: str, *, min_length: int, max_length: int) -> str | Invalid:
    """Free text (a business idea, an address): stripped, NFC-normalised, length in characters."""
    value = unicodedata.normalize("NFC", text.strip())
    count = len(value)
    if count < min_length:
        return Invalid("text-too-short", {"min": min_length, "count": count})
    if count > max_length:
        return Invalid("text-too-long", {"max": max_length, "over": count - max_length})
    return value


# --- a person's name -------------------------------------------------------------------------

# Apostrophes in names (O'Neil, Д’Артаньян, Uzbek Latin Oʻktam) and the hyphens typed between
# double names; typographic hyphens are stored as "-".
_NAME_APOSTROPHES = "'’ʼʻ"
_NAME_HYPHENS = "-\u2010\u2011"
_NAME_JOINERS = re.compile(f"[{re.escape(_NAME_APOSTROPHES + _NAME_HYPHENS)}]")
NAME_MIN, NAME_MAX = 2, 100


def _script(ch: str) -> str | None:
    """The script of a Latin or Cyrillic letter ("LATIN", "CYRILLIC"; Kazakh letters are
    Cyrillic); None for anything else."""
    if not ch.isalpha():
        return None
    script = unicodedata.name(ch, "").split(" ", 1)[0]
    return script if script in ("LATIN", "CYRILLIC") else None


def parse_person_name(
    text: str, *, min_length: int = NAME_MIN, max_length: int = NAME_MAX
) -> str | Invalid:
    """A person's name as written on papers: «Нурланкызы Алия», «Ким-Оспанова Гүлнар», «O'Neil».

    Letters (Kazakh, Russian, Latin), spaces, a hyphen or an apostrophe (' ’ ʼ) between letters.
    Markup, digits, emoji and other signs are refused (`name-invalid`), and so is a word mixing
    Latin and Cyrillic letters, a keyboard-layout slip (`name-mixed-scripts`). Spaces collapse to
    one, and copy-paste's invisible characters are dropped.
    """
    value = "".join(ch for ch in unicodedata.normalize("NFC", text) if ch not in _INVISIBLE)
    value = " ".join(value.split())
    value = "".join("-" if ch in _NAME_HYPHENS else ch for ch in value)
    checked = check_text(value, min_length=min_length, max_length=max_length)
    if isinstance(checked, Invalid):
        return checked
    for word in value.split(" "):
        scripts: set[str | None] = set()
        for part in _NAME_JOINERS.split(word):
            if not part or not _script(part[0]):
                return Invalid("name-invalid")  # a sign at an edge, two in a row, not a letter
            for ch in part:
                script = _script(ch)
                if script is None and unicodedata.category(ch) != "Mn":  # Mn: an accent
                    return Invalid("name-invalid")
                scripts.add(script)
        if {"LATIN", "CYRILLIC"} <= scripts:
            return Invalid("name-mixed-scripts")
    return value
