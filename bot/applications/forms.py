"""Application form answers: a person's message → a checked answer, and an answer → display text.

Answers are stored as JSON per field type:
text, long_text, name → str (a long text may be a voice message:
{"voice": file_id, "duration": s});
number, money → int; choice → option code; multi_choice → [codes]; phone → "+77012345678";
iin, bin → "123456789012"; region → {"region": code, "district": code | None}; date → ISO date;
email → str; yes_no → bool; attachments → the number of files (the files are rows of their own).
A skipped optional field is stored as None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from aiogram.types import Message

from bot.core.catalogue import Field, Program
from bot.core.i18n import Translator, format_date, format_money
from bot.core.regions import region_by_code
from bot.core.validators import (
    Invalid,
    check_text,
    format_kz_phone,
    parse_bin,
    parse_date,
    parse_email,
    parse_iin,
    parse_kz_phone,
    parse_money,
    parse_number,
    parse_person_name,
)

MAX_VOICE_SECONDS = 300
YES = frozenset({"иә", "ия", "да", "yes", "+"})
NO = frozenset({"жоқ", "жок", "нет", "no", "-"})

# Field types answered with buttons only (a typed answer is matched to a label where possible).
BUTTON_TYPES = frozenset({"choice", "multi_choice", "yes_no", "region", "attachments"})


@dataclass(frozen=True, slots=True)
class FileAnswer:
    """A photo or document sent for an attachments field."""

    kind: str  # 'photo' | 'document'
    file_id: str
    file_name: str | None
    mime_type: str | None
    size: int | None


Answer = Any  # the JSON value stored for a field (see the module docstring)


def parse_message(
    field: Field, program: Program, message: Message, *, today: date
) -> Answer | FileAnswer | Invalid:
    """Check what a person sent for `field`; an `Invalid` says what is wrong and how to fix it."""
    if field.type == "attachments":
        return _attachment(field, message)
    if field.type == "phone" and message.contact is not None:
        sender = message.from_user.id if message.from_user else None
        if message.contact.user_id != sender:
            return Invalid("phone-not-own")
        return parse_kz_phone(message.contact.phone_number)
    if field.type == "long_text" and message.voice is not None:
        if message.voice.duration > MAX_VOICE_SECONDS:
            return Invalid("voice-too-long", {"max": MAX_VOICE_SECONDS // 60})
        return {"voice": message.voice.file_id, "duration": message.voice.duration}
    text = message.text
    if text is None or text.startswith("/"):
        return Invalid("expects-text" if field.type not in BUTTON_TYPES else "use-buttons")
    return parse_text(field, program, text, today=today)


def parse_text(field: Field, program: Program, text: str, *, today: date) -> Answer | Invalid:
    kind = field.type
    if kind in ("text", "long_text"):
        return check_text(text, min_length=field.min or 1, max_length=field.max or 4000)
    if kind == "name":
        return parse_person_name(text, min_length=field.min or 2, max_length=field.max or 100)
    if kind == "number":
        return parse_number(text, minimum=field.min, maximum=field.max)
    if kind == "money":
        maximum = field.max if field.max is not None else program.max_amount
        return parse_money(text, minimum=field.min, maximum=maximum)
    if kind == "phone":
        return parse_kz_phone(text)
    if kind == "iin":
        return parse_iin(text, today=today)
    if kind == "bin":
        return parse_bin(text)
    if kind == "email":
        return parse_email(text)
    if kind == "date":
        return parse_date(text, today=today)
    if kind == "choice":
        wanted = text.strip().casefold()
        for option in field.options:
            if wanted in (option.label.kk.casefold(), option.label.ru.casefold()):
                return option.code
        return Invalid("use-buttons")
    if kind == "yes_no":
        word = text.strip().casefold().rstrip("!.")
        if word in YES:
            return True
        if word in NO:
            return False
    return Invalid("use-buttons")


def _attachment(field: Field, message: Message) -> FileAnswer | Invalid:
    if message.photo:
        if "photo" not in field.accept:
            return Invalid("file-type")
        photo = message.photo[-1]
        return FileAnswer("photo", photo.file_id, None, "image/jpeg", photo.file_size)
    document = message.document
    if document is None:
        return Invalid("expects-file")
    mime = (document.mime_type or "").lower()
    # A photo sent "as a file" keeps its image type: accept it where photos are accepted.
    if mime not in field.accept and not (mime.startswith("image/") and "photo" in field.accept):
        return Invalid("file-type")
    if document.file_size is not None and document.file_size > field.max_bytes:
        return Invalid(
            "file-too-big",
            {"max": field.max_bytes // (1024 * 1024), "size": -(-document.file_size // 1048576)},
        )
    return FileAnswer("document", document.file_id, document.file_name, mime, document.file_size)


def display(field: Field, value: Answer, l10n: Translator) -> str:
    """An answer as plain text in the reader's language (escape it before it goes into HTML)."""
    locale = l10n.locale
    if value is None:
        return "—"
    kind = field.type
    if kind == "money":
        return format_money(int(value))
    if kind == "choice":
        option = field.option(str(value))
        return option.label(locale) if option else str(value)
    if kind == "multi_choice":
        labels = [o.label(locale) for code in value if (o := field.option(code))]
        return ", ".join(labels)
    if kind == "yes_no":
        return l10n("form-yes" if value else "form-no")
    if kind == "phone":
        return format_kz_phone(str(value))
    if kind == "region":
        return region_text(value, locale)
    if kind == "date":
        return format_date(date.fromisoformat(str(value)), locale)
    if kind == "long_text" and isinstance(value, dict):
        minutes, seconds = divmod(int(value.get("duration", 0)), 60)
        return f"🎤 {minutes}:{seconds:02d}"
    if kind == "attachments":
        return f"📎 {int(value)}"
    return str(value)


def region_text(value: dict[str, Any], locale: str) -> str:
    region = region_by_code(value.get("region"))
    if region is None:
        return "—"
    district = next((d for d in region.districts if d.code == value.get("district")), None)
    return region.name(locale) + (f", {district.name(locale)}" if district else "")
