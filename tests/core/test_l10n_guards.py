"""What the language review found, guarded mechanically (issue «Kazakh that reads native»):

- kk: a case ending or a postposition glued to a placeable («{ $date } дейін», «{ $date }-ге»,
  «{ $min } бұрын») — a variable cannot take a suffix: an anchor word («күні», «күнінен») or a
  label («Соңғы күні: { $date }») goes between;
- ru: a count next to a noun without a one/few/many selector («{ $days } дн.», «файл(а)»);
- a glossary's rejected variant in the interface («несие», «оқушы», «Жаркыра», «Тоқтатылдық»);
- kk and ru data files with different keys;
- every date through one function per language, for all twelve months.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.core.i18n import LOCALES_DIR, format_date

DATA = Path(__file__).resolve().parents[2] / "bot" / "data"

_KEY = re.compile(r"^(-?[a-z][a-z0-9-]*) =")
# A placeable followed directly by a Kazakh case ending (hyphenated or not), or by a
# postposition that governs a case the placeable cannot show.
_KK_SUFFIX = re.compile(
    r"\{ \$[a-z_]+ \}(?:-?(?:ға|ге|қа|ке|а|е|на|не|да|де|та|те|нда|нде|дан|ден|тан|тен|нан|нен"
    r"|ның|нің|дың|дің|тың|тің|ны|ні|ды|ді|ты|ті|н|мен|бен|пен)(?![а-яәғқңөұүһі])"
    r"| (?:дейін|шейін|бұрын|кейін|бері|соң|дейінгі|кейінгі)\b)"
)
# Variables that hold counts (the ones a Russian noun must agree with).
_COUNTS = ("count", "days", "min", "max", "n", "lag", "total", "left", "hours", "minutes",
           "files", "lessons", "seats", "rows", "good", "refused", "created", "places")
_RU_NOUN_AFTER_COUNT = re.compile(r"\{ \$(" + "|".join(_COUNTS) + r") \} ([а-яё]+\.?)")
# Words after a count that need no agreement: prepositions, conjunctions, and the units written
# short on buttons and cards of a small phone («90 мин», «60 мес.»).
_RU_INVARIANT = {"из", "до", "и", "или", "на", "по", "с", "от", "в", "мин", "мин.", "мес."}
# «файл(ов)», «урок(ов)»: a plural patched with brackets.
_RU_FIXED_PLURALS = re.compile(r"[а-яё]+\((?:ов|ей|и)\)")
REJECTED = {
    "kk": ("несие", "оқушы", "Жаркыра", "Тоқтатылдық", "Дауыс хабар", "Қазақстан уақытымен"),
    "ru": ("Жаркыра", "по казахстанскому времени"),
}


def messages(locale: str) -> Iterator[tuple[str, str, str]]:
    """(file, key, text) of every message and term, its lines joined."""
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        key, lines = None, []
        for line in [*path.read_text(encoding="utf-8").splitlines(), "end ="]:
            found = _KEY.match(line)
            if found or not line.strip() or line.startswith("#"):
                if key is not None and (found or not line.strip() or line.startswith("#")):
                    yield path.name, key, " ".join(lines)
                    key, lines = None, []
                if found:
                    key, lines = found.group(1), [line[found.end() :].strip()]
                continue
            if key is not None:
                lines.append(line.strip())


def test_kazakh_never_glues_an_ending_to_a_placeable() -> None:
    glued = [
        f"{file} {key}: …{text[max(0, m.start() - 20) : m.end() + 10]}…"
        for file, key, text in messages("kk")
        for m in _KK_SUFFIX.finditer(text)
    ]
    assert glued == []


def test_russian_counts_agree() -> None:
    problems = []
    for file, key, text in messages("ru"):
        for m in _RU_NOUN_AFTER_COUNT.finditer(text):
            if m.group(2) not in _RU_INVARIANT and f"{{ ${m.group(1)} ->" not in text:
                problems.append(f"{file} {key}: «{m.group(0)}» without a plural selector")
        problems += [f"{file} {key}: «{m.group(0)}»" for m in _RU_FIXED_PLURALS.finditer(text)]
    assert problems == []


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_no_rejected_variant_of_a_glossary_term(locale: str) -> None:
    found = [
        f"{file} {key}: «{word}»"
        for file, key, text in messages(locale)
        for word in REJECTED[locale]
        if word.casefold() in text.casefold()
    ]
    assert found == []


def _shape(value: Any) -> Any:
    """A data file's keys (and list lengths), without its texts."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return type(value).__name__


def _pairs(node: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Every {kk = …, ru = …} pair in a data file, with where it is."""
    if isinstance(node, dict):
        if {"kk", "ru"} <= node.keys():
            yield path, node["kk"], node["ru"]
        for key, value in node.items():
            yield from _pairs(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _pairs(value, f"{path}[{index}]")


def data_files() -> list[Path]:
    return sorted(DATA.glob("programs/*.toml")) + sorted(DATA.glob("courses/*/*.toml"))


@pytest.mark.parametrize("path", data_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_kk_and_ru_data_have_the_same_keys(path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for where, kk, ru in _pairs(data):
        assert _shape(kk) == _shape(ru), f"{path.name}{where}: kk and ru differ in shape"
        if isinstance(kk, str):
            assert kk.strip() and ru.strip(), f"{path.name}{where}: an empty text"
            assert "Жаркыра" not in kk + ru, f"{path.name}{where}: «Жаркыра» without its letter"


KK_MONTHS = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
             "қыркүйек", "қазан", "қараша", "желтоқсан")
RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря")


@pytest.mark.parametrize("month", range(1, 13))
def test_one_date_format_per_language_for_every_month(month: int) -> None:
    day = date(2026, month, 14)
    assert format_date(day, "kk") == f"2026 жылғы 14 {KK_MONTHS[month - 1]}"
    assert format_date(day, "ru") == f"14 {RU_MONTHS[month - 1]} 2026"
