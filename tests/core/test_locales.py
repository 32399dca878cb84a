"""Every word in both languages, and every message gets exactly the variables it uses."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fluent.syntax import FluentParser
from fluent.syntax import ast as fast
from fluent.syntax.visitor import Visitor

from bot.core.i18n import LOCALES_DIR, Money, Translations, format_date, format_money

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("bot", "handlers", "storage")
TRANSLATOR_NAMES = {"l10n", "translator", "tr"}


class _Variables(Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_VariableReference(self, node: fast.VariableReference) -> None:
        self.names.add(node.id.name)


def messages(locale: str) -> dict[str, set[str]]:
    """key → the variables the message uses."""
    found: dict[str, set[str]] = {}
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            assert not isinstance(entry, fast.Junk), f"{path}: {(entry.content or '')[:80]!r}"
            if isinstance(entry, fast.Message):
                assert entry.id.name not in found, f"{entry.id.name} defined twice in {locale}"
                visitor = _Variables()
                visitor.visit(entry)
                found[entry.id.name] = visitor.names
    return found


def _constant_keys(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, other = _constant_keys(node.body), _constant_keys(node.orelse)
        if body is not None and other is not None:
            return body + other
    return None


def translator_calls() -> Iterator[tuple[str, str, set[str] | None]]:
    """(where, key, kwargs) for every `l10n("key", ...)`; kwargs None when **spread."""
    for folder in CODE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func
                name = (
                    func.id
                    if isinstance(func, ast.Name)
                    else (func.attr if isinstance(func, ast.Attribute) else None)
                )
                if name not in TRANSLATOR_NAMES:
                    continue
                keys = _constant_keys(node.args[0])
                if keys is None:
                    continue
                kwargs = (
                    None
                    if any(k.arg is None for k in node.keywords)
                    else {k.arg for k in node.keywords if k.arg}
                )
                for key in keys:
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", key, kwargs


def referenced_keys() -> Iterator[tuple[str, str]]:
    """Keys passed around as data: menu items and buttons."""
    pattern = re.compile(r"""(?:MenuItem|MenuButton)\(\s*["']([a-z0-9-]+)["']""")
    for folder in CODE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for match in pattern.finditer(path.read_text(encoding="utf-8")):
                yield str(path.relative_to(ROOT)), match.group(1)


KK, RU = messages("kk"), messages("ru")


def test_same_keys_in_both_locales() -> None:
    assert sorted(KK.keys() - RU.keys()) == [], "only in kk"
    assert sorted(RU.keys() - KK.keys()) == [], "only in ru"


def test_same_variables_in_both_locales() -> None:
    differ = {k: (KK[k], RU[k]) for k in KK.keys() & RU.keys() if KK[k] != RU[k]}
    assert differ == {}


def test_keys_are_kebab_case_with_a_feature_prefix() -> None:
    bad = [k for k in KK if not re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", k)]
    assert bad == []


def test_every_used_key_exists_and_gets_its_variables() -> None:
    problems = []
    calls = list(translator_calls())
    assert len(calls) > 40, "the scanner should see the handlers' calls"
    for where, key, kwargs in calls:
        if key not in KK:
            problems.append(f"{where}: {key!r} is in no locale")
            continue
        if kwargs is None:
            continue
        if missing := KK[key] - kwargs:
            problems.append(f"{where}: {key!r} uses {sorted(missing)} that the call does not pass")
        if unused := kwargs - KK[key]:
            problems.append(f"{where}: {key!r} is passed {sorted(unused)} that it never uses")
    for where, key in referenced_keys():
        if key not in KK:
            problems.append(f"{where}: {key!r} is in no locale")
    assert problems == []


def test_dynamic_key_families_exist() -> None:
    from bot.core.config import LOCALES
    from bot.telegram.commands import PUBLIC, STAFF

    for code in LOCALES:
        assert f"lang-name-{code}" in KK
    for command in (*PUBLIC, *(command for command, _ in STAFF)):
        assert f"command-{command}" in KK


def test_kazakh_is_written_with_kazakh_letters() -> None:
    text = " ".join(p.read_text(encoding="utf-8") for p in (LOCALES_DIR / "kk").glob("*.ftl"))
    for letter in "әғқңөұүі":
        assert letter in text, f"Kazakh letter {letter!r} never used"
    # Russian-only letters would betray transliterated Russian.
    russian_only = re.findall(r"\b\w*[ёъэщ]\w*\b", text.lower())
    assert russian_only == []


def test_command_descriptions_fit_telegram() -> None:
    translations = Translations.from_dir()
    for locale in ("kk", "ru"):
        l10n = translations.get(locale)
        for key in (k for k in KK if k.startswith("command-")):
            assert 1 <= len(l10n(key)) <= 256


def test_missing_key_falls_back_to_the_other_locale(caplog: pytest.LogCaptureFixture) -> None:
    translations = Translations({"kk": ["only-ru-has-this-not = x\n"], "ru": ["hello = Привет\n"]})
    assert translations.get("kk")("hello") == "Привет"
    assert "missing in 'kk'" in caplog.text
    assert translations.get("ru")("no-such-key") == "no-such-key"


def test_broken_ftl_is_refused() -> None:
    with pytest.raises(ValueError, match="locales/kk"):
        Translations({"kk": ["good = ok\nbad = { $\n"], "ru": []})


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (5_000_000, "5 000 000 ₸"),
        (0, "0 ₸"),
        (999, "999 ₸"),
        (1_500_000, "1 500 000 ₸"),
        (-2500, "−2 500 ₸"),
    ],
)
def test_money_has_spaces_between_thousands(amount: int, text: str) -> None:
    assert format_money(amount).replace("\u00a0", " ") == text


def test_dates_have_month_names() -> None:
    assert format_date(date(2026, 5, 14), "kk") == "2026 жылғы 14 мамыр"
    assert format_date(date(2026, 5, 14), "ru") == "14 мая 2026"
    assert format_date(date(2026, 1, 1), "kk") == "2026 жылғы 1 қаңтар"
    assert format_date(date(2026, 12, 31), "ru") == "31 декабря 2026"


def test_plurals_and_money_through_fluent() -> None:
    translations = Translations(
        {
            "kk": ["lessons = { $count } сабақ, { $sum }\n"],
            "ru": [
                "lessons = { $count ->\n [one] { $count } урок\n [few] { $count } урока\n"
                " *[many] { $count } уроков\n}, { $sum }\n"
            ],
        }
    )
    ru, kk = translations.get("ru"), translations.get("kk")
    assert ru("lessons", count=1, sum=Money(5000)).startswith("1 урок,")
    assert ru("lessons", count=3, sum=Money(5000)).startswith("3 урока,")
    assert ru("lessons", count=5, sum=Money(5000)).startswith("5 уроков,")
    assert kk("lessons", count=5, sum=Money(5000)).replace("\u00a0", " ") == "5 сабақ, 5 000 ₸"
