"""The people one can be in the playground: the demo people, and someone who is new.

Each persona is a simulated Telegram user of the embedded Bot API server, with its own private
chat. Their client language (what Telegram reports as `language_code`) can be switched in the
page: kk, ru or none.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.validators import check_digit
from bot.dev.demo import DEMO_PEOPLE

# Telegram client languages the page offers; None: the client reports no language.
CLIENT_LANGUAGES: tuple[str | None, ...] = ("kk", "ru", None)
# Someone the demo data does not know: /start shows the whole first contact.
NEWCOMER_ID = 900100
# The switcher's order: the people of the story first.
_ORDER = (
    "applicant",
    "trainee",
    "borrower",
    "coordinator",
    "trainer",
    "entrant",
    "juror",
    "mentor",
    "ngo",
    "newcomer",
)


@dataclass(frozen=True, slots=True)
class Persona:
    id: int
    first_name: str
    last_name: str | None
    username: str | None
    language_code: str | None  # the Telegram client's language when the playground starts
    kind: str  # one of _ORDER: who they are in the demo story
    phone: str  # what «share contact» sends
    iin: str  # a valid ИИН to type into forms

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "first_name": self.first_name,
            "username": self.username,
            "kind": self.kind,
            "phone": self.phone,
            "iin": self.iin,
        }


def sample_iin(person_id: int, birth: str = "880514", century: int = 4) -> str:
    """A ИИН with a valid check digit (born 14 May 1988), different for every person."""
    base = 1000 + (person_id % 800) * 10
    for serial in range(base, base + 10):
        first11 = f"{birth}{century}{serial:04d}"
        digit = check_digit(first11)
        if digit is not None:
            return first11 + str(digit)
    raise ValueError(f"no ИИН for {person_id}")  # pragma: no cover - one of ten always fits


def phone_of(person_id: int) -> str:
    """A Kazakh mobile number (+7 701 …) made from the id."""
    return f"+7701{person_id % 10_000_000:07d}"


def personas() -> list[Persona]:
    """The demo people (roles from the seed, else what their username says), then a newcomer."""
    found: list[Persona] = []
    for person in DEMO_PEOPLE:
        profile = person.profile
        kind = person.role or (profile.username or "").removeprefix("demo_") or "user"
        first_name = profile.first_name or f"User {profile.id}"
        found.append(
            Persona(
                id=profile.id,
                first_name=first_name,
                last_name=profile.last_name,
                username=profile.username,
                language_code=person.language,
                kind=kind,
                phone=phone_of(profile.id),
                iin=sample_iin(profile.id),
            )
        )
    found.append(
        Persona(
            id=NEWCOMER_ID,
            first_name="Әлия",
            last_name="Нұрланқызы",
            username=None,
            language_code="ru",
            kind="newcomer",
            phone=phone_of(NEWCOMER_ID),
            iin=sample_iin(NEWCOMER_ID),
        )
    )

    def rank(p: Persona) -> tuple[int, int]:
        return (_ORDER.index(p.kind) if p.kind in _ORDER else len(_ORDER), p.id)

    return sorted(found, key=rank)
