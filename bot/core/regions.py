"""Kazakhstan's regions (and, as they are added, districts) from `bot/data/regions.json`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class District:
    code: str
    kk: str
    ru: str

    def name(self, locale: str) -> str:
        return self.kk if locale == "kk" else self.ru


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    kk: str
    ru: str
    districts: tuple[District, ...]

    def name(self, locale: str) -> str:
        return self.kk if locale == "kk" else self.ru


@lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    raw = json.loads(resources.files("bot.data").joinpath("regions.json").read_text("utf-8"))
    return tuple(
        Region(
            code=r["code"],
            kk=r["kk"],
            ru=r["ru"],
            districts=tuple(District(d["code"], d["kk"], d["ru"]) for d in r["districts"]),
        )
        for r in raw["regions"]
    )


def region_by_code(code: str | None) -> Region | None:
    return next((r for r in regions() if r.code == code), None)
