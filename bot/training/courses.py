"""Courses as data: one folder per course in `bot/data/courses/` (format: its README.md).

Everything is checked when the bot starts, with errors that name the course and the lesson: a
lesson whose HTML Telegram would refuse, a paragraph too long for one message, a check question
whose buttons would not fit, a right answer that is not among the options.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from bot.core.html import EntityParseError, parse_html, utf16_len
from bot.core.i18n import Bilingual

TEXT_LIMIT = 4096  # one message, in UTF-16 units after HTML parsing
PART_LIMIT = 3500  # lesson parts stay well below, leaving room for a header
_CODE_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,19}")


class CourseError(ValueError):
    """A course file the bot cannot use; the message names the course and the lesson."""


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    label: Bilingual


@dataclass(frozen=True, slots=True)
class CheckQuestion:
    text: Bilingual
    options: tuple[Bilingual, ...]
    answer: int  # index into options, from 0
    explanation: Bilingual


@dataclass(frozen=True, slots=True)
class Lesson:
    code: str
    number: int  # 1-based position in the course
    title: Bilingual
    minutes: int
    body: Bilingual
    links: tuple[Link, ...]
    questions: tuple[CheckQuestion, ...]

    def parts(self, locale: str) -> list[str]:
        """The body as messages that each fit Telegram, split between paragraphs."""
        return split_paragraphs(self.body(locale), PART_LIMIT)


@dataclass(frozen=True, slots=True)
class Course:
    code: str
    program: str | None
    title: Bilingual
    description: Bilingual
    lessons: tuple[Lesson, ...]

    def lesson(self, number: int) -> Lesson | None:
        return self.lessons[number - 1] if 1 <= number <= len(self.lessons) else None


class Courses:
    def __init__(self, courses: dict[str, Course]) -> None:
        self._courses = courses

    def __iter__(self) -> Iterator[Course]:
        return iter(self._courses.values())

    def get(self, code: str) -> Course | None:
        return self._courses.get(code)

    def for_program(self, program: str) -> Course | None:
        return next((c for c in self._courses.values() if c.program == program), None)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._courses)


def split_paragraphs(text: str, limit: int) -> list[str]:
    """Join paragraphs (blank-line separated) into parts of at most `limit` UTF-16 units of
    visible text; a paragraph is never cut (the loader refuses one that is too long)."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for paragraph in (p.strip() for p in re.split(r"\n\s*\n", text.strip())):
        if not paragraph:
            continue
        length = utf16_len(parse_html(paragraph)[0]) + 2
        if current and size + length > limit:
            parts.append("\n\n".join(current))
            current, size = [], 0
        current.append(paragraph)
        size += length
    if current:
        parts.append("\n\n".join(current))
    return parts


# -- loading ------------------------------------------------------------------------------------


def load_courses(folder: Path | Traversable | None = None) -> Courses:
    root: Path | Traversable = (
        folder if folder is not None else resources.files("bot.data").joinpath("courses")
    )
    courses: dict[str, Course] = {}
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if not entry.is_dir() or entry.name.startswith(("_", ".")):
            continue
        course = _course(entry)
        if course.code in courses:
            raise CourseError(f"{entry.name}: course code {course.code!r} is used twice")
        courses[course.code] = course
    return Courses(courses)


def _read(entry: Traversable, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(entry.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CourseError(f"{where}: {exc}") from None


def _text(raw: dict[str, Any], key: str, where: str, *, html: bool = False) -> Bilingual:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise CourseError(f"{where}: {key!r} must be a table with kk and ru")
    texts = []
    for locale in ("kk", "ru"):
        text = value.get(locale)
        if not isinstance(text, str) or not text.strip():
            raise CourseError(f"{where}: {key}.{locale} is missing or empty")
        if html:
            try:
                parse_html(text)
            except EntityParseError as exc:
                raise CourseError(
                    f"{where}: {key}.{locale}: Telegram would refuse it: {exc}"
                ) from None
        texts.append(text.strip())
    return Bilingual(texts[0], texts[1])


def _course(folder: Traversable) -> Course:
    head = folder.joinpath("course.toml")
    if not head.is_file():
        raise CourseError(f"{folder.name}: course.toml is missing")
    raw = _read(head, f"{folder.name}/course.toml")
    where = f"{folder.name}/course.toml"
    code = raw.get("code")
    if not isinstance(code, str) or not _CODE_RE.fullmatch(code):
        raise CourseError(f"{where}: 'code' must be ≤ 20 latin letters, digits, '-' or '_'")
    program = raw.get("program")
    if program is not None and not isinstance(program, str):
        raise CourseError(f"{where}: 'program' must be a program code")
    lessons = []
    files = sorted(
        (e for e in folder.iterdir() if e.name.endswith(".toml") and e.name != "course.toml"),
        key=lambda e: e.name,
    )
    for number, entry in enumerate(files, start=1):
        at = f"{code}/{entry.name}"
        lessons.append(_lesson(_read(entry, at), number, at))
    if not lessons:
        raise CourseError(f"{where}: the course has no lessons")
    codes = [lesson.code for lesson in lessons]
    if len(set(codes)) != len(codes):
        raise CourseError(f"{where}: lesson codes repeat")
    return Course(
        code=code,
        program=program,
        title=_text(raw, "title", where),
        description=_text(raw, "description", where, html=True),
        lessons=tuple(lessons),
    )


def _lesson(raw: dict[str, Any], number: int, where: str) -> Lesson:
    code = raw.get("code")
    if not isinstance(code, str) or not _CODE_RE.fullmatch(code):
        raise CourseError(f"{where}: 'code' must be ≤ 20 latin letters, digits, '-' or '_'")
    minutes = raw.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 240:
        raise CourseError(f"{where}: 'minutes' must be a whole number from 1 to 240")
    body = _text(raw, "body", where, html=True)
    for locale in ("kk", "ru"):
        for paragraph in re.split(r"\n\s*\n", body(locale)):
            if utf16_len(parse_html(paragraph.strip())[0]) > PART_LIMIT:
                raise CourseError(
                    f"{where}: body.{locale} has a paragraph over {PART_LIMIT} characters: "
                    "Telegram allows 4096 per message; split it with a blank line"
                )
    links = []
    for n, item in enumerate(raw.get("links", []), start=1):
        url = item.get("url") if isinstance(item, dict) else None
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise CourseError(f"{where}: links[{n}] needs an http(s) url")
        links.append(Link(url, Bilingual(str(item.get("kk", url)), str(item.get("ru", url)))))
    questions = []
    for n, item in enumerate(raw.get("questions", []), start=1):
        at = f"{where}: questions[{n}]"
        if not isinstance(item, dict):
            raise CourseError(f"{at}: must be a table")
        options = item.get("options")
        if not isinstance(options, list) or not 2 <= len(options) <= 6:
            raise CourseError(f"{at}: 2 to 6 options are needed")
        parsed = tuple(
            _text({"o": o}, "o", f"{at}.options[{i}]", html=True) for i, o in enumerate(options, 1)
        )
        answer = item.get("answer")
        if not isinstance(answer, int) or not 1 <= answer <= len(parsed):
            raise CourseError(f"{at}: 'answer' must be an option number from 1 to {len(parsed)}")
        questions.append(
            CheckQuestion(
                text=_text(item, "text", at, html=True),
                options=parsed,
                answer=answer - 1,
                explanation=_text(item, "explanation", at, html=True),
            )
        )
    return Lesson(
        code=code,
        number=number,
        title=_text(raw, "title", where),
        minutes=minutes,
        body=body,
        links=tuple(links),
        questions=tuple(questions),
    )
