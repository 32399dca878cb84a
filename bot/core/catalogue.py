"""The program catalogue: programs, their eligibility questions, review criteria and forms.

Programs are data, one TOML file each in `bot/data/programs/` (or a folder given to `load`); adding
a program is adding a file. Every file is validated when it is loaded, and an error names the file
and the entry, so a typo never reaches an applicant.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, Literal, cast

from bot.core.i18n import Bilingual

FieldType = Literal[
    "text",
    "name",
    "long_text",
    "number",
    "money",
    "choice",
    "multi_choice",
    "phone",
    "iin",
    "bin",
    "region",
    "date",
    "email",
    "yes_no",
    "attachments",
]
FIELD_TYPES: tuple[FieldType, ...] = cast(tuple[FieldType, ...], FieldType.__args__)  # type: ignore[attr-defined]
ProgramKind = Literal["training", "loan", "grant", "fair"]
PROGRAM_KINDS: tuple[ProgramKind, ...] = ("training", "loan", "grant", "fair")

# Telegram's limits for files a bot can download; attachments must fit.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
DEFAULT_ATTACHMENT_TYPES = ("photo", "application/pdf")
# Field types that hold personal data: stored only while the person's consent stands.
PERSONAL_TYPES = frozenset({"iin", "phone", "email", "attachments"})
Sex = Literal["m", "f"]


class CatalogueError(ValueError):
    """A program file that cannot be used; the message names the file and the entry."""


# One text in both languages; it renders in the reader's language when passed to a message.
Text = Bilingual


@dataclass(frozen=True, slots=True)
class Option:
    """A code and its label in both languages: a choice of a form field, a review criterion."""

    code: str
    label: Text


@dataclass(frozen=True, slots=True)
class Field:
    code: str
    type: FieldType
    label: Text
    hint: Text | None = None
    required: bool = True
    min: int | None = None  # length for text, value for number/money, count for attachments
    max: int | None = None
    options: tuple[Option, ...] = ()
    # attachments: "photo" and/or MIME types ("application/pdf"), and a size limit
    accept: tuple[str, ...] = DEFAULT_ATTACHMENT_TYPES
    max_bytes: int = MAX_ATTACHMENT_BYTES
    # Personal data (kept only with consent): ИИН, phone, e-mail and files always; any other
    # field marked `personal = true` in its program file (a name, a birth date).
    marked_personal: bool = False

    @property
    def personal(self) -> bool:
        return self.marked_personal or self.type in PERSONAL_TYPES

    @property
    def min_files(self) -> int:
        """How many files an attachments field needs: its `min`, at least 1 when required."""
        return max(self.min or 0, 1 if self.required else 0)

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True, slots=True)
class Question:
    """An eligibility question: "yes" goes on, "no" stops with `if_no`.

    What an ИИН proves (the age, the sex) may be stated as the question's rule: the ИИН the
    applicant gives is then held against it. Other answers stay what the person declared.
    """

    code: str
    text: Text
    if_no: Text
    min_age: int | None = None  # full years on the day of the answer
    max_age: int | None = None
    sex: Sex | None = None

    @property
    def proved_by_iin(self) -> bool:
        return self.min_age is not None or self.max_age is not None or self.sex is not None


# What reviewers score an application on: a code and its label, like a field's option.
Criterion = Option


@dataclass(frozen=True, slots=True)
class RubricItem:
    """One line of a financing contest's rubric: jurors give 0…`max` points for it."""

    code: str
    label: Text
    max: int = 10


@dataclass(frozen=True, slots=True)
class Cycle:
    """What follows selection and training in a program (`[cycle]` in its file): what a
    contest winner gets and on which terms, how often a mentor checks in, when reports are due.
    """

    funding: Literal["loan", "grant"] = "loan"
    term_months: int = 60  # a winner's loan: five years, interest-free
    grace_months: int = 0
    frequency: Literal["monthly", "quarterly"] = "monthly"
    mentoring_every_months: int = 1
    reports_every_months: int = 3
    reports_count: int = 4
    rubric: tuple[RubricItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Program:
    code: str
    prefix: str  # application numbers: BB-2026-000123
    kind: ProgramKind
    name: Text
    description: Text
    audience: Text
    opens: date | None
    closes: date | None
    is_open: bool
    next_round: date | None  # when a closed program expects to open again (shown while closed)
    review_days: int
    max_amount: int | None
    nominations: tuple[Option, ...]
    eligibility: tuple[Question, ...]
    criteria: tuple[Criterion, ...]
    fields: tuple[Field, ...]
    cycle: Cycle = Cycle()

    def accepts_on(self, day: date) -> bool:
        """Open, and `day` within the application window."""
        return (
            self.is_open
            and (self.opens is None or self.opens <= day)
            and (self.closes is None or day <= self.closes)
        )

    def closed_on(self, day: date) -> bool:
        """Shown to applicants, but not taking applications on `day` (before or after the
        window); a program with `open = false` is hidden instead."""
        return self.is_open and not self.accepts_on(day)

    def reopens_after(self, day: date) -> date | None:
        """When applications open next, if known: the window's start, or the next round."""
        if self.opens is not None and self.opens > day:
            return self.opens
        if self.next_round is not None and self.next_round > day:
            return self.next_round
        return None

    def field(self, code: str) -> Field | None:
        return next((f for f in self.fields if f.code == code), None)

    def field_index(self, code: str) -> int:
        for index, item in enumerate(self.fields):
            if item.code == code:
                return index
        raise KeyError(code)


class Catalogue:
    def __init__(self, programs: Mapping[str, Program]) -> None:
        self._programs = dict(programs)

    def __iter__(self) -> Iterator[Program]:
        return iter(self._programs.values())

    def __len__(self) -> int:
        return len(self._programs)

    def get(self, code: str) -> Program | None:
        return self._programs.get(code)

    def open_on(self, day: date) -> list[Program]:
        return [p for p in self._programs.values() if p.accepts_on(day)]

    def closed_on(self, day: date) -> list[Program]:
        """Programs shown as closed on `day`: outside their window, not hidden."""
        return [p for p in self._programs.values() if p.closed_on(day)]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._programs)


# -- loading ------------------------------------------------------------------------------------


def load_catalogue(folder: Path | Traversable | None = None) -> Catalogue:
    """Read and validate every `*.toml` program file, ordered by file name."""
    root: Path | Traversable = (
        folder if folder is not None else resources.files("bot.data").joinpath("programs")
    )
    programs: dict[str, Program] = {}
    prefixes: dict[str, str] = {}
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        try:
            raw = tomllib.loads(entry.read_text("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise CatalogueError(f"{entry.name}: {exc}") from None
        program = _program(raw, entry.name)
        if program.code in programs:
            raise CatalogueError(f"{entry.name}: program code {program.code!r} is used twice")
        if program.prefix in prefixes:
            other = prefixes[program.prefix]
            raise CatalogueError(f"{entry.name}: prefix {program.prefix!r} is used by {other} too")
        programs[program.code] = program
        prefixes[program.prefix] = program.code
    if not programs:
        raise CatalogueError("the catalogue has no programs")
    return Catalogue(programs)


class _Reader:
    """Typed access to one table of a program file; errors say where."""

    def __init__(self, raw: Any, where: str) -> None:
        if not isinstance(raw, dict):
            raise CatalogueError(f"{where}: expected a table")
        self.raw: dict[str, Any] = raw
        self.where = where

    def fail(self, message: str) -> CatalogueError:
        return CatalogueError(f"{self.where}: {message}")

    def string(self, key: str, *, default: str | None = None) -> str:
        value = self.raw.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key!r} must be a non-empty text")
        return value.strip()

    def code(self, key: str = "code") -> str:
        value = self.string(key)
        if not value.replace("_", "").replace("-", "").isalnum() or not value.isascii():
            raise self.fail(f"{key!r} must be latin letters, digits, '-' or '_'")
        if len(value) > 20:
            raise self.fail(f"{key!r} must be at most 20 characters (it travels in buttons)")
        return value

    def text(self, key: str, *, required: bool = True) -> Text | None:
        if key not in self.raw:
            if required:
                raise self.fail(f"{key!r} is missing (a table with kk and ru)")
            return None
        table = _Reader(self.raw[key], f"{self.where}.{key}")
        return Text(table.string("kk"), table.string("ru"))

    def req_text(self, key: str) -> Text:
        value = self.text(key)
        assert value is not None
        return value

    def integer(self, key: str, *, default: int | None = None) -> int | None:
        value = self.raw.get(key, default)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise self.fail(f"{key!r} must be a whole number")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{key!r} must be true or false")
        return value

    def day(self, key: str) -> date | None:
        value = self.raw.get(key)
        if value is not None and not isinstance(value, date):
            raise self.fail(f"{key!r} must be a date like 2026-05-14")
        return value

    def tables(self, key: str) -> list[_Reader]:
        value = self.raw.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"{key!r} must be a list of tables ([[{key}]])")
        return [_Reader(item, f"{self.where}.{key}[{n + 1}]") for n, item in enumerate(value)]


def _options(reader: _Reader, key: str) -> tuple[Option, ...]:
    options = []
    for item in reader.tables(key):
        code = item.code()
        label = Text(item.string("kk"), item.string("ru"))
        options.append(Option(code, label))
    codes = [o.code for o in options]
    if len(set(codes)) != len(codes):
        raise reader.fail(f"{key}: option codes repeat")
    return tuple(options)


def _field(item: _Reader, nominations: tuple[Option, ...]) -> Field:
    code = item.code()
    item.where = f"{item.where} ({code})"
    kind = item.string("type")
    if kind not in FIELD_TYPES:
        raise item.fail(f"unknown type {kind!r}; use one of {', '.join(FIELD_TYPES)}")
    if item.raw.get("options") == "nominations":  # the program's nominations, listed once
        options = nominations
    else:
        options = _options(item, "options")
    if kind in ("choice", "multi_choice") and len(options) < 2:
        raise item.fail(f"a {kind} field needs at least two options")
    if kind not in ("choice", "multi_choice") and options:
        raise item.fail(f"a {kind} field has no options")
    low, high = item.integer("min"), item.integer("max")
    if low is not None and high is not None and low > high:
        raise item.fail("min is greater than max")
    if kind in ("text", "long_text", "name") and high is None:
        high = {"text": 200, "long_text": 3000, "name": 100}[kind]
    accept = item.raw.get("accept", list(DEFAULT_ATTACHMENT_TYPES))
    if not isinstance(accept, list) or not all(isinstance(a, str) for a in accept) or not accept:
        raise item.fail('\'accept\' must be a list like ["photo", "application/pdf"]')
    max_bytes = item.integer("max_bytes", default=MAX_ATTACHMENT_BYTES)
    assert max_bytes is not None
    if not 0 < max_bytes <= MAX_ATTACHMENT_BYTES:
        raise item.fail(f"max_bytes must be between 1 and {MAX_ATTACHMENT_BYTES} (Telegram)")
    return Field(
        code=code,
        type=kind,
        label=item.req_text("label"),
        hint=item.text("hint", required=False),
        required=item.boolean("required", True),
        min=low,
        max=high,
        options=options,
        accept=tuple(accept),
        max_bytes=max_bytes,
        marked_personal=item.boolean("personal", False),
    )


def _question(q: _Reader) -> Question:
    code = q.code()
    low, high = q.integer("min_age"), q.integer("max_age")
    if low is not None and high is not None and low > high:
        raise q.fail("min_age is greater than max_age")
    sex = q.raw.get("sex")
    if sex is not None and sex not in ("m", "f"):
        raise q.fail('\'sex\' must be "m" or "f" (as the ИИН tells it)')
    return Question(
        code, q.req_text("text"), q.req_text("if_no"), min_age=low, max_age=high, sex=sex
    )


def _cycle(top: _Reader, criteria: tuple[Criterion, ...], kind: str) -> Cycle:
    """The `[cycle]` table and the `[[rubric]]` list; the rubric defaults to the review
    criteria at 10 points each."""
    table = _Reader(top.raw.get("cycle", {}), f"{top.where}.cycle")
    funding = table.raw.get("funding", "grant" if kind in ("grant", "fair") else "loan")
    if funding not in ("loan", "grant"):
        raise table.fail('\'funding\' must be "loan" or "grant"')
    frequency = table.raw.get("frequency", "monthly")
    if frequency not in ("monthly", "quarterly"):
        raise table.fail('\'frequency\' must be "monthly" or "quarterly"')
    numbers = {}
    for key, default, low in (
        ("term_months", 60, 1),
        ("grace_months", 0, 0),
        ("mentoring_every_months", 1, 1),
        ("reports_every_months", 3, 1),
        ("reports_count", 4, 0),
    ):
        value = table.integer(key, default=default)
        assert value is not None
        if value < low:
            raise table.fail(f"{key!r} must be at least {low}")
        numbers[key] = value
    if numbers["grace_months"] >= numbers["term_months"]:
        raise table.fail("'grace_months' must be shorter than 'term_months'")
    rubric = tuple(
        RubricItem(r.code(), r.req_text("label"), r.integer("max", default=10) or 0)
        for r in top.tables("rubric")
    ) or tuple(RubricItem(c.code, c.label) for c in criteria)
    if any(not 1 <= r.max <= 100 for r in rubric):
        raise top.fail("rubric: 'max' must be between 1 and 100 points")
    if len({r.code for r in rubric}) != len(rubric):
        raise top.fail("rubric codes repeat")
    return Cycle(
        funding=funding,
        frequency=frequency,
        rubric=rubric,
        **numbers,
    )


def _program(raw: dict[str, Any], name: str) -> Program:
    top = _Reader(raw, name)
    code = top.code()
    prefix = top.string("prefix")
    if not (prefix.isascii() and prefix.isalpha() and prefix.isupper() and len(prefix) <= 4):
        raise top.fail("'prefix' must be 1–4 capital latin letters, e.g. BB")
    kind = top.string("kind")
    if kind not in PROGRAM_KINDS:
        raise top.fail(f"'kind' must be one of {', '.join(PROGRAM_KINDS)}")
    opens, closes = top.day("opens"), top.day("closes")
    if opens and closes and opens > closes:
        raise top.fail("'opens' is after 'closes'")
    nominations = _options(top, "nominations")
    fields = tuple(_field(item, nominations) for item in top.tables("fields"))
    if not fields:
        raise top.fail("a program needs at least one [[fields]] entry")
    codes = [f.code for f in fields]
    if len(set(codes)) != len(codes):
        raise top.fail("field codes repeat")
    eligibility = tuple(_question(q) for q in top.tables("eligibility"))
    next_round = top.day("next_round")
    if next_round and closes and next_round <= closes:
        raise top.fail("'next_round' must be after 'closes'")
    criteria = tuple(Criterion(c.code(), c.req_text("label")) for c in top.tables("criteria"))
    review_days = top.integer("review_days", default=10)
    assert review_days is not None
    return Program(
        code=code,
        prefix=prefix,
        kind=kind,
        name=top.req_text("name"),
        description=top.req_text("description"),
        audience=top.req_text("audience"),
        opens=opens,
        closes=closes,
        is_open=top.boolean("open", True),
        next_round=next_round,
        review_days=review_days,
        max_amount=top.integer("max_amount"),
        nominations=nominations,
        eligibility=eligibility,
        criteria=criteria,
        fields=fields,
        cycle=_cycle(top, criteria, kind),
    )
