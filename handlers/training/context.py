"""The context every training handler gets (`ctx`), built by the routers' guards."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.fsm.context import FSMContext

from bot.broadcasts.audience import Audience
from bot.core.access import Access
from bot.core.i18n import Translator
from bot.core.people import People, User
from bot.delivery.quiet_hours import QuietHours
from bot.training.limits import CohortRefused
from bot.training.service import TrainingService


@dataclass(frozen=True, slots=True)
class Ctx:
    """What the training screens (cohorts and the trainee's) need, gathered once per update
    from the handler data (`bot.telegram.guards.gathered`)."""

    access: Access
    state: FSMContext
    training: TrainingService
    people: People
    audience: Audience
    zone: ZoneInfo
    quiet: QuietHours
    l10n: Translator
    bot: Bot

    def refused(self, refusal: CohortRefused) -> str:
        """A refusal of the service, in this person's language."""
        return self.l10n(refusal.key, **refusal.params)

    async def name(self, user_id: int) -> str:
        return person_name(await self.people.get(user_id), user_id)


def person_name(person: User | None, user_id: int) -> str:
    return person.full_name if person is not None else f"id{user_id}"
