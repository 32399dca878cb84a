"""What the journey and funnel screens share: the context, the search state, the funnel's
filters and the router's guard.

The guard checks every coordinator's button on the server: the role, a person (`u`) with
something in the presser's scope (else «not found», as for a forged id), and the funnel's
filters (a program and a region they coordinate). A person's own path needs no check: it is
always the presser's own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.core.access import Access
from bot.core.i18n import Translator
from bot.core.regions import Region, region_by_code, regions
from bot.journey.service import Journey, JourneyService, Period
from bot.telegram.callbacks import JourneyAction, JourneyCb
from bot.telegram.flows import leave_flow
from bot.telegram.guards import Guard, flag, gathered, on_message
from bot.telegram.menu import is_elsewhere

log = logging.getLogger("handlers.journey")

COORDINATOR_ACTIONS = frozenset(JourneyAction) - {JourneyAction.mine}


class JourneyFlow(StatesGroup):
    search = State()  # a coordinator types who to find


@dataclass(frozen=True, slots=True)
class Ctx:
    access: Access
    state: FSMContext
    journey: JourneyService
    l10n: Translator
    zone: ZoneInfo

    async def leave(self) -> None:
        await leave_flow(self.state, JourneyFlow)


@dataclass(frozen=True, slots=True)
class Filters:
    """The funnel's filters; travel in buttons as `program,region,period`."""

    program: str | None = None
    region: str | None = None
    period: Period = Period.year

    def pack(self) -> str:
        return f"{self.program or ''},{self.region or ''},{self.period.value}"

    @classmethod
    def unpack(cls, value: str) -> Filters | None:
        parts = value.split(",")
        if not value:
            return cls()
        if len(parts) != 3 or parts[2] not in Period._value2member_map_:
            return None
        return cls(parts[0] or None, parts[1] or None, Period(parts[2]))

    def but(self, **changes: Any) -> Filters:
        return replace(self, **changes)


def regions_in_scope(access: Access, program: str | None) -> list[Region]:
    return [
        r
        for r in regions()
        if access.is_admin
        or any(
            g.role == "coordinator"
            and g.region in (None, r.code)
            and (program is None or g.program in (None, program))
            for g in access.grants
        )
    ]


def allowed(filters: Filters, access: Access, journey: JourneyService) -> bool:
    if filters.program is not None and filters.program not in journey.funnel_programs(access):
        return False
    if filters.region is None:
        return True
    return region_by_code(filters.region) is not None and filters.region in {
        r.code for r in regions_in_scope(access, filters.program)
    }


# Flags: what a button names, checked before its handler runs.
PERSON = {"journey": "person"}
FILTERS = {"journey": "filters"}


class JourneyGuard(Guard):
    async def check(self, event: Any, data: dict[str, Any]) -> bool:
        ctx: Ctx = gathered(Ctx, data)
        data["ctx"] = ctx
        if isinstance(event, Message):
            if await ctx.state.get_state() != JourneyFlow.search.state:
                return True  # a menu button: its handler checks the role
            if is_elsewhere(event.text, data["translations"]):
                await ctx.leave()
                raise SkipHandler
            if not ctx.access.is_coordinator:  # the role went while they typed
                await ctx.leave()
                raise SkipHandler
            return True
        if not isinstance(event, CallbackQuery) or not await on_message(event, data):
            return False
        button: JourneyCb = data["callback_data"]
        if button.action is not JourneyAction.search:
            await ctx.leave()
        if button.action not in COORDINATOR_ACTIONS:
            return True
        l10n = ctx.l10n
        if not ctx.access.is_coordinator:
            log.warning("user %s sent a journey callback without the right", ctx.access.user_id)
            await event.answer(l10n("access-denied"), show_alert=True)
            return False
        need = flag(data, "journey")
        if need == "person":
            found: Journey | None = await ctx.journey.for_coordinator(ctx.access, button.u)
            if found is None:
                log.warning("coordinator %s may not open person %s", ctx.access.user_id, button.u)
                await event.answer(l10n("journey-not-found"), show_alert=True)
                return False
            data["found"] = found
        elif need == "filters":
            filters = Filters.unpack(button.v)
            if filters is None:
                await event.answer(l10n("button-stale"), show_alert=True)
                return False
            if not allowed(filters, ctx.access, ctx.journey):
                log.warning(
                    "coordinator %s asked for funnel filters %r", ctx.access.user_id, button.v
                )
                await event.answer(l10n("access-denied"), show_alert=True)
                return False
            data["filters"] = filters
        return True
