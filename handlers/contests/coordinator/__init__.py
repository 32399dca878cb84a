"""The coordinator's contests: the list, cards, closing, the ranking, winners and funding
(`contests`), and opening a new one (`wizard`)."""

from __future__ import annotations

from aiogram import Router

from handlers.contests.coordinator import contests, wizard

router = Router(name=__name__)
router.include_routers(contests.router, wizard.router)
