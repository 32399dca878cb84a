"""The program catalogue: the bundled programs load, and a broken file is refused with a message
that names the file and the entry, before any applicant could meet it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.core.catalogue import CatalogueError, load_catalogue
from tests.core.test_config import TOKEN, run_cli

GOOD = """
code = "demo"
prefix = "DM"
kind = "grant"
name = { kk = "Демо", ru = "Демо" }
description = { kk = "Сипаттама", ru = "Описание" }
audience = { kk = "Барлығы", ru = "Все" }
opens = 2026-01-01
closes = 2026-06-30
max_amount = 1000000

[[eligibility]]
code = "adult"
text = { kk = "18 жас толды ма?", ru = "Вам есть 18?" }
if_no = { kk = "Кешіріңіз", ru = "Извините" }

[[fields]]
code = "name"
type = "text"
label = { kk = "Аты", ru = "Имя" }

[[fields]]
code = "pick"
type = "choice"
label = { kk = "Таңдау", ru = "Выбор" }
options = [{ code = "a", kk = "А", ru = "А" }, { code = "b", kk = "Б", ru = "Б" }]
"""


def write(tmp_path: Path, text: str, name: str = "1_demo.toml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_bundled_catalogue_has_the_four_programs() -> None:
    catalogue = load_catalogue()
    assert catalogue.codes == ("bastau", "zharkyra", "one_village", "ngo_fair")
    fair = catalogue.get("ngo_fair")
    assert fair is not None and len(fair.nominations) == 3
    nomination = fair.field("nomination")
    assert nomination is not None and nomination.options == fair.nominations
    types = {f.type for p in catalogue for f in p.fields}
    assert {
        "text",
        "long_text",
        "iin",
        "bin",
        "phone",
        "region",
        "money",
        "number",
        "choice",
        "multi_choice",
        "yes_no",
        "email",
        "attachments",
    } <= types
    for program in catalogue:
        assert program.criteria, f"{program.code} has review criteria"
        for field in program.fields:
            assert field.label.kk and field.label.ru


def test_a_program_file_is_all_it_takes(tmp_path: Path) -> None:
    catalogue = load_catalogue(write(tmp_path, GOOD))
    program = catalogue.get("demo")
    assert program is not None and program.prefix == "DM"
    assert program.accepts_on(date(2026, 3, 1)) and not program.accepts_on(date(2026, 7, 1))
    text_field = program.field("name")
    assert text_field is not None and text_field.max == 200, "short texts get a sane maximum"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('type = "text"', 'type = "txt"'),
            r"1_demo.toml.fields\[1\] \(name\): unknown type 'txt'",
        ),
        (('prefix = "DM"', 'prefix = "dm1"'), r"'prefix' must be 1–4 capital latin letters"),
        (('kind = "grant"', 'kind = "lottery"'), r"'kind' must be one of"),
        (('ru = "Имя"', 'en = "Name"'), r"fields\[1\] \(name\).label: 'ru' must be a non-empty"),
        (
            ('{ code = "b", kk = "Б", ru = "Б" }', ""),
            r"\(pick\): a choice field needs at least two",
        ),
        (('code = "pick"', 'code = "name"'), r"field codes repeat"),
        (("closes = 2026-06-30", "closes = 2025-06-30"), r"'opens' is after 'closes'"),
        (("max_amount = 1000000", 'max_amount = "a lot"'), r"'max_amount' must be a whole number"),
        (('code = "demo"', 'code = "демо"'), r"'code' must be latin letters"),
    ],
)
def test_mistakes_are_named(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    broken = GOOD.replace(*change, 1)
    assert broken != GOOD
    with pytest.raises(CatalogueError, match=message):
        load_catalogue(write(tmp_path, broken))


def test_broken_toml_and_duplicates_are_refused(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD, "2_again.toml")
    with pytest.raises(CatalogueError, match=r"2_again\.toml: program code 'demo' is used twice"):
        load_catalogue(tmp_path)
    write(tmp_path, "code = ", "2_again.toml")
    with pytest.raises(CatalogueError, match=r"2_again\.toml"):
        load_catalogue(tmp_path)


def test_the_bot_refuses_to_start_on_a_broken_catalogue(tmp_path: Path) -> None:
    folder = tmp_path / "programs"
    folder.mkdir()
    write(folder, GOOD.replace('type = "text"', 'type = "txt"'))
    result = run_cli(
        "check-config", env={"BOT_TOKEN": TOKEN, "PROGRAMS_DIR": str(folder)}, cwd=tmp_path
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "unknown type 'txt'" in lines[0], result.stderr
    good = run_cli("check-config", env={"BOT_TOKEN": TOKEN}, cwd=tmp_path)
    assert "programs: bastau, zharkyra, one_village, ngo_fair" in good.stdout
