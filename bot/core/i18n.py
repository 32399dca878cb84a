"""Fluent translations for Kazakh and Russian, with Kazakhstan's date and money formats.

`Translations` loads `locales/<locale>/*.ftl` once at start-up; a `Translator` bound to one locale
is handed to each handler as `l10n`. A key missing in one locale falls back to the other and is
logged, so a user never sees a raw key because a translator forgot one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

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

    def __call__(self, key: str, **args: Any) -> str:
        return self._hub.format(self.locale, key, args)

    def has(self, key: str) -> bool:
        return self._hub.has(self.locale, key)

    def date(self, value: date) -> str:
        return format_date(value, self.locale)


class Translations:
    """All bundles, loaded once."""

    def __init__(self, sources: Mapping[Locale, Iterable[str]], default: Locale = "kk") -> None:
        self.default: Locale = default
        self._bundles: dict[str, FluentBundle] = {}
        for locale in LOCALES:
            bundle = FluentBundle([locale], use_isolating=False)
            for text in sources.get(locale, ()):
                bundle.add_resource(_parsed(text, locale))
            self._bundles[locale] = bundle
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
