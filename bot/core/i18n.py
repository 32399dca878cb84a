"""Fluent translations for Kazakh and Russian, with Kazakhstan's date and money formats.

`Translations` loads `locales/<locale>/*.ftl` once at start-up; a `Translator` bound to one locale
is handed to each handler as `l10n`. A key missing in one locale falls back to the other and is
logged, so a user never sees a raw key because a translator forgot one.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from babel import Locale as BabelLocale
from babel import core as babel_core
from babel import localedata as babel_data
from babel.localedata import LocaleDataDict
from fluent.runtime import FluentBundle
from fluent.syntax import FluentParser
from fluent.syntax.ast import Junk, Resource

from bot.core.config import LOCALES, Locale

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parents[2] / "locales"

_MONTHS: dict[str, tuple[str, ...]] = {
    "kk": (
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ),
    "ru": (
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ),
}
NBSP = "\u00a0"
T = TypeVar("T")
_MISSING = object()


def format_money(amount: int) -> str:
    """`5000000` → `5 000 000 ₸` (no-break spaces, so an amount never wraps on a small screen)."""
    sign = "−" if amount < 0 else ""
    digits = f"{abs(amount):,}".replace(",", NBSP)
    return f"{sign}{digits}{NBSP}₸"


def format_date(value: date, locale: str) -> str:
    """`2026 жылғы 14 мамыр` / `14 мая 2026`: Kazakh puts the year first («жылғы» ties it to
    the day). In a Kazakh sentence a date takes no ending: an anchor word follows it («… күні»,
    «… күнінен бастап») or it stands as a label's value («Мерзімі: …»)."""
    months = _MONTHS.get(locale, _MONTHS["ru"])
    if locale == "kk":
        return f"{value.year} жылғы {value.day} {months[value.month - 1]}"
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_datetime(value: datetime, locale: str, zone: ZoneInfo) -> str:
    """An aware moment as Kazakhstan local time: `2026 жылғы 14 мамыр, 15:00`."""
    local = value.astimezone(zone)
    return f"{format_date(local.date(), locale)}, {local:%H:%M}"


@dataclass(frozen=True, slots=True)
class Money:
    """Pass money to a message as `Money(5_000_000)`; it is rendered as `5 000 000 ₸`."""

    amount: int


@dataclass(frozen=True, slots=True)
class Bilingual:
    """A text that exists in both languages (a program's name): rendered in the reader's."""

    kk: str
    ru: str

    def __call__(self, locale: str) -> str:
        return self.kk if locale == "kk" else self.ru


class Translator:
    """Renders messages for one locale; callable as `l10n("key", name=...)`."""

    def __init__(self, locale: Locale, hub: Translations) -> None:
        self.locale: Locale = locale
        self._hub = hub
        self._made: dict[Hashable, Any] = {}

    def __call__(self, key: str, **args: Any) -> str:
        return self._hub.format(self.locale, key, args)

    def has(self, key: str) -> bool:
        return self._hub.has(self.locale, key)

    def date(self, value: date) -> str:
        return format_date(value, self.locale)

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """What `make` builds from this locale's texts alone (a keyboard of fixed labels), built
        the first time and kept: the texts do not change while the process runs. The caller
        must not change what it gets."""
        made = self._made.get(key, _MISSING)
        if made is _MISSING:
            made = self._made[key] = make()
        return cast(T, made)


class Translations:
    """All bundles, loaded once."""

    def __init__(self, sources: Mapping[Locale, Iterable[str]], default: Locale = "kk") -> None:
        self.default: Locale = default
        # Every bundle first: the CLDR data their locales load is freed before the texts are
        # parsed, so the parsed texts don't pin its memory.
        self._bundles: dict[str, FluentBundle] = {
            locale: _Bundle([locale], use_isolating=False) for locale in LOCALES
        }
        for locale in LOCALES:
            for text in sources.get(locale, ()):
                self._bundles[locale].add_resource(_parsed(text, locale))
        self._translators: dict[str, Translator] = {loc: Translator(loc, self) for loc in LOCALES}
        self._labels: dict[str, frozenset[str]] = {}

    @classmethod
    def from_dir(cls, root: Path = LOCALES_DIR, default: Locale = "kk") -> Translations:
        sources = {
            loc: [p.read_text(encoding="utf-8") for p in sorted((root / loc).glob("*.ftl"))]
            for loc in LOCALES
        }
        return cls(sources, default)

    def get(self, locale: str | None) -> Translator:
        return self._translators.get(locale or "") or self._translators[self.default]

    def has(self, locale: str, key: str) -> bool:
        return self._bundles[locale].has_message(key)

    def labels(self, key: str) -> frozenset[str]:
        """The text of `key` in every locale: how a reply-keyboard button is recognised."""
        labels = self._labels.get(key)
        if labels is None:
            labels = self._labels[key] = frozenset(self.format(loc, key, {}) for loc in LOCALES)
        return labels

    def format(self, locale: str, key: str, args: Mapping[str, Any]) -> str:
        bundle = self._bundles.get(locale) or self._bundles[self.default]
        if not bundle.has_message(key):
            other = next(b for loc, b in self._bundles.items() if loc != locale)
            if not other.has_message(key):
                log.error("l10n: message %r exists in no locale", key)
                return key
            log.warning("l10n: message %r missing in %r, using the other locale", key, locale)
            bundle, locale = other, next(loc for loc in LOCALES if loc != locale)
        message = bundle.get_message(key)
        if message.value is None:
            log.error("l10n: message %r has no value", key)
            return key
        text, errors = bundle.format_pattern(message.value, _prepare(args, locale))
        for error in errors:
            log.error("l10n: %s/%s: %s", locale, key, error)
        return str(text)


# What Fluent asks of a locale's CLDR data: the plural rule when a bundle is made, and the
# number patterns and symbols when a message formats a number (dates and money are formatted here).
_CLDR_KEYS = (
    "plural_form",
    "decimal_formats",
    "percent_formats",
    "currency_formats",
    "scientific_formats",
    "number_symbols",
    "default_numbering_system",
)


class _Cldr(LocaleDataDict):
    """The part of a locale's CLDR data Fluent uses (~0.1 MB of ~3 MB). A key outside it — a
    Fluent feature the texts did not use before — loads the whole data, so nothing is wrong,
    only heavier."""

    def __init__(self, code: str) -> None:
        full = _load_cldr(code)
        kept: dict[Any, Any] = copy.deepcopy({k: full[k] for k in _CLDR_KEYS if k in full})
        super().__init__(kept)
        self._code = code

    def __getitem__(self, key: str | int | None) -> Any:
        try:
            return super().__getitem__(key)
        except KeyError:
            log.warning("l10n: CLDR %r of %s loaded in full", key, self._code)
            self._data = cast(Any, _load_cldr(self._code))
            return super().__getitem__(key)


def _load_cldr(code: str) -> dict[str, Any]:
    """A locale's whole CLDR data, not kept in babel's caches: the locale's (~3 MB a locale)
    and the global data loading it reads (~2 MB: every territory's currencies, time zones…),
    which babel loads again if something asks."""
    data = babel_data.load(code)
    babel_data._cache.clear()
    babel_core._global_data = None
    return data


class _LeanLocale(BabelLocale):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self._cldr = _Cldr(code)

    @property
    def _data(self) -> LocaleDataDict:
        return self._cldr


class _Bundle(FluentBundle):
    """Fluent's bundle on a lean locale (the CLDR data it uses, not all of it)."""

    def _get_babel_locale(self) -> BabelLocale:
        return _LeanLocale(self.locales[0])


def _parsed(text: str, locale: str) -> Resource:
    """One .ftl file, parsed once, without source positions (the bundle keeps the tree for
    the life of the process). fluent.runtime silently drops broken entries; they are refused
    at start-up instead."""
    resource = FluentParser(with_spans=False).parse(text)
    for entry in resource.body:
        if isinstance(entry, Junk):
            problem = entry.annotations[0].message if entry.annotations else "syntax error"
            snippet = (entry.content or "").strip()[:60]
            raise ValueError(f"locales/{locale}: {problem}: {snippet!r}")
    return resource


def _prepare(args: Mapping[str, Any], locale: str) -> dict[str, Any]:
    prepared: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, Money):
            prepared[name] = format_money(value.amount)
        elif isinstance(value, Bilingual):
            prepared[name] = value(locale)
        elif isinstance(value, datetime):
            raise TypeError(f"pass local text for datetimes ({name}); use format_datetime")
        elif isinstance(value, date):
            prepared[name] = format_date(value, locale)
        else:
            prepared[name] = value
    return prepared
