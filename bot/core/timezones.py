"""Time-zone loading that is right about Kazakhstan.

Kazakhstan moved to a single UTC+5 zone on 1 March 2024. An old tzdata on the host would still put
Almaty at UTC+6, so a zone that disagrees with the bundled `tzdata` package is loaded from it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_PROBE = datetime(2024, 6, 1, tzinfo=UTC)
_KAZAKHSTAN_ZONES = {"Asia/Almaty", "Asia/Qostanay"}


def _from_tzdata_package(name: str) -> ZoneInfo:
    path = resources.files("tzdata.zoneinfo").joinpath(*name.split("/"))
    with path.open("rb") as fh:
        return ZoneInfo.from_file(fh, key=name)


@lru_cache(maxsize=16)
def load_zone(name: str) -> ZoneInfo:
    """Return the zone, raising ValueError for an unknown name."""
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}") from None
    if name in _KAZAKHSTAN_ZONES and zone.utcoffset(_PROBE) != timedelta(hours=5):
        zone = _from_tzdata_package(name)
        if zone.utcoffset(_PROBE) != timedelta(hours=5):
            raise ValueError(f"the installed tzdata is too old for {name}: update tzdata")
    return zone
