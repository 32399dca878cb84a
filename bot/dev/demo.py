"""`python -m bot seed-demo`: demo people (later issues add their catalogues here)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import Services
from bot.webinars.service import seed_demo_webinars
from storage.users import Profile, Role


@dataclass(frozen=True, slots=True)
class DemoPerson:
    profile: Profile
    language: str
    role: Role | None = None
    region: str | None = None


DEMO_PEOPLE = (
    DemoPerson(
        Profile(900001, "Айгүл", "Сейітқали", "demo_coordinator", "kk"), "kk", role="coordinator"
    ),
    DemoPerson(
        Profile(900002, "Ерлан", "Жақсылықов", "demo_trainer", "ru"),
        "ru",
        role="trainer",
        region="almaty",
    ),
    DemoPerson(Profile(900003, "Дина", "Оспанова", "demo_applicant", "kk"), "kk"),
    DemoPerson(Profile(900004, "Сергей", "Ким", "demo_trainee", "ru"), "ru"),
    DemoPerson(Profile(900005, "Гүлнар", "Әбдірахманова", "demo_borrower", "kk"), "kk"),
    # The support cycle after training: a juror of the financing contests, a mentor of the
    # winners, a course graduate entering the contest, an NGO funded with a grant.
    DemoPerson(Profile(900006, "Бақытжан", "Мұратов", "demo_juror", "kk"), "kk", role="juror"),
    DemoPerson(Profile(900007, "Марат", "Ибраев", "demo_mentor", "ru"), "ru", role="mentor"),
    DemoPerson(Profile(900008, "Нұрлан", "Қасымов", "demo_entrant", "kk"), "kk"),
    DemoPerson(Profile(900009, "Сәуле", "Жұмабаева", "demo_ngo", "ru"), "ru"),
)


async def seed_demo(services: Services) -> list[str]:
    """Idempotent: running it twice leaves the same data. Returns a line per thing seeded."""
    now = services.clock.now()
    report = []
    async with services.db.transaction():
        for person in DEMO_PEOPLE:
            await services.users.upsert_demo(person.profile, person.language, now)
            if person.role is not None:
                await services.users.grant(
                    person.profile.id,
                    person.role,
                    program=None,
                    region=person.region,
                    granted_by=None,
                    now=now,
                )
            report.append(
                f"user {person.profile.id} {person.profile.first_name} {person.profile.last_name}"
                + (f" ({person.role})" if person.role else "")
            )
    # The catalogue is read from its files at every start; this checks them and lists them.
    for program in services.catalogue:
        window = f"{program.opens or '…'} – {program.closes or '…'}"
        report.append(
            f"program {program.code} «{program.name.ru}»: {len(program.fields)} fields,"
            f" {'open' if program.is_open else 'closed'} {window}"
        )
    report += await seed_demo_webinars(services.webinars, now)
    report += await services.loans.seed_demo(borrower=900005, coordinator=900001)
    # The support cycle: a contest with Нұрлан's plan for Бақытжан to score (his role is granted
    # above), Сәуле's NGO funded with a grant and its first report due in two days, Марат as
    # her mentor.
    report += await services.contests.seed_demo(coordinator=900001, entrant=900008, juror=0)
    report += await services.projects.seed_demo(coordinator=900001, recipient=900009)
    report += await services.mentoring.seed_demo(mentor=900007, coordinator=900001, mentee=900009)
    return report
