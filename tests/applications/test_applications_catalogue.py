"""The catalogue keys that the application rules read: what an ИИН proves for an eligibility
question, personal fields, and the next round of a closed program."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.applications.service import full_years, iin_refusal
from bot.core.catalogue import CatalogueError, load_catalogue
from tests.applications.test_apply import iin
from tests.applications.test_catalogue import GOOD, write

RULED = GOOD.replace(
    'code = "adult"\n', 'code = "adult"\nmin_age = 18\nmax_age = 63\nsex = "f"\n'
).replace("max_amount = 1000000\n", "max_amount = 1000000\nnext_round = 2027-02-01\n")


def test_rules_load_and_judge_an_iin(tmp_path: Path) -> None:
    program = load_catalogue(write(tmp_path, RULED)).get("demo")
    assert program is not None
    [question] = program.eligibility
    assert (question.min_age, question.max_age, question.sex) == (18, 63, "f")
    today = date(2026, 5, 14)
    assert iin_refusal(program, iin("850312", 4), today) is None  # a woman of 41
    child = iin_refusal(program, iin("150310", 6, "1000"), today)
    assert child is not None and child.rule == "age" and child.born == date(2015, 3, 10)
    man = iin_refusal(program, iin("900101", 3), today)
    assert man is not None and man.rule == "sex"
    assert iin_refusal(program, "not an iin", today) is None, "the form checks the format"
    # Turning 18 on the day counts.
    assert (
        full_years(date(2008, 5, 14), today) == 18 and full_years(date(2008, 5, 15), today) == 17
    )


def test_personal_fields_and_the_next_round(tmp_path: Path) -> None:
    text = RULED.replace(
        'code = "name"\ntype = "text"\n', 'code = "name"\ntype = "text"\npersonal = true\n'
    )
    program = load_catalogue(write(tmp_path, text)).get("demo")
    assert program is not None
    assert [f.personal for f in program.fields] == [True, False]
    assert program.next_round == date(2027, 2, 1)
    assert program.closed_on(date(2026, 7, 1)) and not program.closed_on(date(2026, 5, 1))
    assert program.reopens_after(date(2026, 7, 1)) == date(2027, 2, 1)
    assert program.reopens_after(date(2025, 12, 1)) == date(2026, 1, 1), "before the window"
    assert program.reopens_after(date(2027, 3, 1)) is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("min_age = 18", "min_age = 70"), "min_age is greater than max_age"),
        (('sex = "f"', 'sex = "female"'), "'sex' must be"),
        (("next_round = 2027-02-01", "next_round = 2026-03-01"), "'next_round' must be after"),
        (("personal = true", 'personal = "yes"'), "'personal' must be true or false"),
    ],
)
def test_mistakes_in_the_rules_are_named(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    text = RULED.replace(
        'code = "name"\ntype = "text"\n', 'code = "name"\ntype = "text"\npersonal = true\n'
    )
    with pytest.raises(CatalogueError, match=message):
        load_catalogue(write(tmp_path, text.replace(*change)))
