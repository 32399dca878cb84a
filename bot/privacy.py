"""Erasing a person's data on request, as Kazakhstan's personal-data law lets them ask.

Features that keep personal data register an eraser. Records coordinators still need (a loan, an
audit entry) are anonymised by their feature's eraser, never left pointing at nothing: the user row
itself stays, stripped of names, so foreign keys hold.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from storage.db import Database
from storage.fsm import SQLiteStorage
from storage.users import AuditLog, UserRepo

Eraser = Callable[[int, datetime], Awaitable[None]]


class PrivacyService:
    def __init__(self, db: Database, users: UserRepo, fsm: SQLiteStorage, audit: AuditLog) -> None:
        self._db = db
        self._users = users
        self._fsm = fsm
        self._audit = audit
        self._erasers: list[Eraser] = []

    def add_eraser(self, eraser: Eraser) -> None:
        self._erasers.append(eraser)

    async def erase(self, user_id: int, now: datetime) -> None:
        """All or nothing: one transaction across every feature's data."""
        async with self._db.transaction():
            for eraser in self._erasers:
                await eraser(user_id, now)
            await self._fsm.forget_user(user_id)
            await self._users.erase(user_id, now)
            await self._audit.record(
                actor_id=user_id, action="privacy.erase", subject=f"user:{user_id}", now=now
            )
