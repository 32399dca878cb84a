"""The webinar's files: the calendar (.ics) a registrant adds to a phone, and the registrants'
Excel workbook. icalendar loads with the first calendar file, not at start-up."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.i18n import Translator
from bot.core.regions import region_by_code
from bot.documents.exports import DATETIME_FORMAT, Cell, table_workbook
from storage.users import User
from storage.webinars import Registration, Webinar

ICS_MIME = "text/calendar"
# The calendar's own alarm: phones show it even when Telegram is muted.
ICS_ALARM_BEFORE = timedelta(hours=1)
ICS_NAME_MAX = 60  # characters of the title in the file name
# Not in a file name: path separators, what Windows refuses, quotes (control characters go too).
_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|]+')


def ics_file_name(webinar: Webinar, locale: str) -> str:
    """The calendar file's name: the webinar's title in the reader's language (Cyrillic kept),
    without what a file system or a header would refuse; `webinar-<id>.ics` if nothing is left."""
    title = "".join(
        " " if unicodedata.category(ch).startswith("C") else ch
        for ch in unicodedata.normalize("NFC", webinar.title(locale))
    )
    name = " ".join(_UNSAFE_IN_NAME.sub(" ", title).split()).strip(" .-")
    if len(name) > ICS_NAME_MAX:
        cut = name[:ICS_NAME_MAX]
        name = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" .,-")
    return f"{name or f'webinar-{webinar.id}'}.ics"


def build_ics(webinar: Webinar, locale: str, now: datetime) -> bytes:
    """An iCalendar file with the webinar as one event (times in UTC), the link included, and
    an alarm `ICS_ALARM_BEFORE` the start."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Qadam bot//webinars//KK-RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"webinar-{webinar.id}@qadam-bot")
    event.add("sequence", webinar.version)  # calendars replace the older copy
    event.add("dtstamp", now)
    event.add("dtstart", webinar.starts_at)
    event.add("dtend", webinar.ends_at)
    event.add("summary", webinar.title(locale))
    description = webinar.description(locale)
    event.add("description", f"{description}\n\n{webinar.join_url}".strip())
    event.add("url", webinar.join_url)
    event.add("location", webinar.join_url)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", webinar.title(locale))
    alarm.add("trigger", -ICS_ALARM_BEFORE)
    event.add_component(alarm)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


# -- the registrants' workbook ------------------------------------------------------------------


def build_registrants_workbook(
    webinar: Webinar,
    rows: Sequence[tuple[Registration, User | None]],
    l10n: Translator,
    zone: ZoneInfo,
) -> bytes:
    """One sheet: a row per registered or waiting person, with answers, attendance and rating."""
    headers = [
        l10n("webinar-xlsx-status"),
        l10n("webinar-xlsx-name"),
        l10n("webinar-xlsx-username"),
        l10n("webinar-xlsx-registered"),
        l10n("webinar-xlsx-email"),
        l10n("webinar-xlsx-org"),
        l10n("webinar-xlsx-region"),
        l10n("webinar-xlsx-attended"),
        l10n("webinar-xlsx-rating"),
        l10n("webinar-xlsx-comment"),
    ]

    def cells(reg: Registration, person: User | None) -> list[Cell]:
        region = region_by_code(reg.answers.get("region"))
        return [
            (l10n("webinar-xlsx-status-value", status=reg.status), None),
            (person.full_name if person else f"id{reg.user_id}", None),
            (f"@{person.username}" if person and person.username else None, None),
            (reg.registered_at.astimezone(zone).replace(tzinfo=None), DATETIME_FORMAT),
            (str(reg.answers.get("email") or "") or None, None),
            (str(reg.answers.get("org") or "") or None, None),
            (region.name(l10n.locale) if region else None, None),
            (l10n("webinar-xlsx-yes" if reg.attended_at else "webinar-xlsx-no"), None),
            (reg.rating, None),
            (reg.comment or None, None),
        ]

    return table_workbook(
        l10n("webinar-xlsx-sheet"), headers, (cells(reg, person) for reg, person in rows)
    )
