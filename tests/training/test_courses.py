"""Courses as data: the bundled courses load, lessons fit Telegram, and mistakes are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.dev.fake_telegram import parse_html, utf16_len
from bot.training.courses import PART_LIMIT, CourseError, load_courses, split_paragraphs

COURSE = """
code = "demo"
program = "bastau"
title = { kk = "Демо", ru = "Демо" }
description = { kk = "Сипаттама", ru = "Описание" }
"""
LESSON = '''
code = "one"
minutes = 10
title = { kk = "Бірінші", ru = "Первый" }
[body]
kk = """<b>Сәлем</b>

Екінші абзац."""
ru = """<b>Привет</b>

Второй абзац."""
[[questions]]
text = { kk = "Сұрақ?", ru = "Вопрос?" }
options = [ { kk = "А", ru = "А" }, { kk = "Б", ru = "Б" } ]
answer = 2
explanation = { kk = "Себебі", ru = "Потому что" }
'''


def make(tmp_path: Path, lesson: str = LESSON) -> Path:
    folder = tmp_path / "demo"
    folder.mkdir(exist_ok=True)
    (folder / "course.toml").write_text(COURSE, encoding="utf-8")
    (folder / "01_one.toml").write_text(lesson, encoding="utf-8")
    return tmp_path


def test_the_bundled_courses() -> None:
    courses = load_courses()
    bastau, zharkyra = courses.get("bastau"), courses.get("zharkyra")
    assert bastau is not None and zharkyra is not None
    assert len(bastau.lessons) == 30 and len(zharkyra.lessons) == 6
    assert courses.for_program("bastau") is bastau
    for course in courses:
        for lesson in course.lessons:
            assert lesson.questions, f"{course.code}/{lesson.code} has check questions"
            for locale in ("kk", "ru"):
                for part in lesson.parts(locale):
                    assert utf16_len(parse_html(part)[0]) <= 4096


def test_a_lesson_loads(tmp_path: Path) -> None:
    course = load_courses(make(tmp_path)).get("demo")
    assert course is not None
    [lesson] = course.lessons
    assert lesson.number == 1 and lesson.questions[0].answer == 1
    assert lesson.parts("kk") == ["<b>Сәлем</b>\n\nЕкінші абзац."]


def test_long_bodies_are_split_between_paragraphs() -> None:
    paragraphs = [f"<b>{n}</b> " + "сөз " * 300 for n in range(10)]
    parts = split_paragraphs("\n\n".join(paragraphs), PART_LIMIT)
    assert len(parts) > 1 and "\n\n".join(parts) == "\n\n".join(p.strip() for p in paragraphs)
    assert all(utf16_len(parse_html(p)[0]) <= PART_LIMIT for p in parts)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("<b>Сәлем</b>", "<b>Сәлем"), r"demo/01_one\.toml: body\.kk: Telegram would refuse it"),
        (("answer = 2", "answer = 3"), r"questions\[1\]: 'answer' must be an option number"),
        (("minutes = 10", "minutes = 0"), r"'minutes' must be a whole number"),
        (('ru = "Первый"', 'en = "First"'), r"title\.ru is missing"),
        (("Екінші абзац.", "ж" * 3600), r"body\.kk has a paragraph over 3500 characters"),
    ],
)
def test_mistakes_are_named(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    broken = LESSON.replace(*change, 1)
    assert broken != LESSON
    with pytest.raises(CourseError, match=message):
        load_courses(make(tmp_path, broken))
