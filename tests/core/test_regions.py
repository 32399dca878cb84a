"""Kazakhstan's regions and districts in `bot/data/regions.json`."""

from __future__ import annotations

import re

import pytest

from bot.core.regions import District, Region, region_by_code, regions

CITIES_OF_REPUBLICAN_SIGNIFICANCE = {"astana", "almaty-city", "shymkent"}
CODE = re.compile(r"[a-z]+(-[a-z]+)*")
# Letters of the Russian alphabet that Kazakh Cyrillic does not use in native words; official
# Kazakh names write Приозерск, Шарбақты, Екібастұз.
RUSSIAN_ONLY = set("ёъэщЁЪЭЩ")
KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def region(code: str) -> Region:
    found = region_by_code(code)
    assert found is not None, code
    return found


def district_codes(code: str) -> set[str]:
    return {d.code for d in region(code).districts}


def test_twenty_regions_with_unique_codes() -> None:
    codes = [r.code for r in regions()]
    assert len(codes) == 20
    assert len(set(codes)) == 20
    assert {"abai", "zhetisu", "ulytau"} <= set(codes)  # the oblasts created in 2022
    assert set(codes) >= CITIES_OF_REPUBLICAN_SIGNIFICANCE


def test_every_region_has_districts() -> None:
    for r in regions():
        assert r.districts, r.code
        if r.code not in CITIES_OF_REPUBLICAN_SIGNIFICANCE:
            assert any(not d.code.endswith("-city") for d in r.districts), r.code


@pytest.mark.parametrize("r", regions(), ids=lambda r: r.code)
def test_district_codes_are_unique_ascii_kebab_case(r: Region) -> None:
    codes = [d.code for d in r.districts]
    assert len(codes) == len(set(codes)), r.code
    for code in codes:
        assert CODE.fullmatch(code), code


@pytest.mark.parametrize("r", regions(), ids=lambda r: r.code)
def test_names_in_both_languages(r: Region) -> None:
    places: list[Region | District] = [r, *r.districts]
    for place in places:
        assert place.kk.strip() == place.kk and place.kk, place.code
        assert place.ru.strip() == place.ru and place.ru, place.code
        assert place.name("kk") == place.kk
        assert place.name("ru") == place.ru
        assert not RUSSIAN_ONLY & set(place.kk), place.kk
        assert not re.search(r"[A-Za-z]", place.kk + place.ru), place.code
    names_kk = [d.kk for d in r.districts]
    names_ru = [d.ru for d in r.districts]
    assert len(names_kk) == len(set(names_kk)), r.code
    assert len(names_ru) == len(set(names_ru)), r.code


def test_kazakh_names_use_kazakh_letters() -> None:
    names = [d.kk for r in regions() for d in r.districts]
    assert sum(1 for name in names if KAZAKH_ONLY & set(name)) > len(names) // 2
    assert region("almaty").districts[0].name("kk") != region("almaty").districts[0].name("ru")


def test_how_districts_and_cities_are_named() -> None:
    for r in regions():
        for d in r.districts:
            if d.code.endswith("-city"):
                assert d.kk.endswith(" қ."), d.kk
                assert d.ru.startswith("г. "), d.ru
            else:
                assert "аудан" in d.kk, d.kk
                assert "район" in d.ru, d.ru


def test_almaty_oblast() -> None:
    almaty = region("almaty")
    assert {
        "raiymbek",
        "kegen",
        "enbekshikazakh",
        "balkhash",
        "karasai",
        "zhambyl",
        "talgar",
        "uighur",
        "ile",
        "konaev-city",
    } <= district_codes("almaty")
    names = {d.code: (d.kk, d.ru) for d in almaty.districts}
    assert names["raiymbek"] == ("Райымбек ауданы", "Райымбекский район")
    assert names["enbekshikazakh"] == ("Еңбекшіқазақ ауданы", "Енбекшиказахский район")
    assert names["uighur"] == ("Ұйғыр ауданы", "Уйгурский район")
    assert names["konaev-city"] == ("Қонаев қ.", "г. Конаев")


def test_zhetisu_took_the_northern_districts_of_almaty_oblast() -> None:
    assert {
        "aksu",
        "alakol",
        "eskeldi",
        "karatal",
        "kerbulak",
        "koksu",
        "panfilov",
        "sarkan",
        "taldykorgan-city",
        "tekeli-city",
    } == district_codes("zhetisu")
    assert not district_codes("zhetisu") & district_codes("almaty")


def test_abai_and_ulytau_oblasts() -> None:
    assert {"ayagoz", "urzhar", "makanshy", "zhanasemey", "semey-city"} <= district_codes("abai")
    assert district_codes("ulytau") == {
        "zhanaarka",
        "ulytau",
        "zhezkazgan-city",
        "karazhal-city",
        "satbayev-city",
    }
    assert not {"zhanaarka", "ulytau"} & district_codes("karaganda")
    assert not {"ayagoz", "urzhar", "semey-city"} & district_codes("east-kazakhstan")


def test_turkistan_oblast() -> None:
    assert {"saryagash", "keles", "maktaaral", "zhetisai", "sauran"} <= district_codes("turkistan")
    saryagash = next(d for d in region("turkistan").districts if d.code == "saryagash")
    assert saryagash.name("kk") == "Сарыағаш ауданы"
    assert saryagash.name("ru") == "Сарыагашский район"


def test_city_districts() -> None:
    assert len(region("almaty-city").districts) == 8
    assert {"medeu", "bostandyk", "nauryzbay"} <= district_codes("almaty-city")
    assert {"esil", "saryarka", "baikonyr", "nura", "saraishyk"} <= district_codes("astana")
    assert {"al-farabi", "turan"} <= district_codes("shymkent")


def test_unknown_codes() -> None:
    assert region_by_code("nowhere") is None
    assert region_by_code(None) is None
