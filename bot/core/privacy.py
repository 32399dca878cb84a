"""Erasing a person's data on request, as Kazakhstan's personal-data law lets them ask.

Features that keep personal data register an eraser. Records coordinators still need (a loan, an
audit entry) are anonymised by their feature's eraser, never left pointing at nothing: the user row
itself stays, stripped of names, so foreign keys hold.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from aiogram.fsm.storage.base import BaseStorage, StorageKey

from storage.db import Database
from storage.fsm import SQLiteStorage
from storage.users import AuditLog, PersonalDataRepo, UserRepo

Eraser = Callable[[int, datetime], Awaitable[None]]
JSON_COLUMNS = frozenset({"answers", "details", "audience", "content"})  # JSON held as text


class PrivacyService:
    def __init__(
        self, db: Database, users: UserRepo, fsm: BaseStorage, audit: AuditLog, *, bot_id: int = 0
    ) -> None:
        self._db = db
        self._users = users
        self._fsm = fsm
        self._bot_id = bot_id  # the FSM's keys name the bot (Redis)
        self._audit = audit
        self._data = PersonalDataRepo(db)
        self._erasers: list[Eraser] = []

    def add_eraser(self, eraser: Eraser) -> None:
        self._erasers.append(eraser)

    async def erase(self, user_id: int, now: datetime) -> None:
        """All or nothing: one transaction across every feature's data. Conversation state in
        Redis cannot join it: it is cleared inside it, so that if clearing fails nothing is
        erased, and if a later step fails only a draft is lost."""
        async with self._db.transaction():
            for eraser in self._erasers:
                await eraser(user_id, now)
            await self._forget_state(user_id)
            await self._users.erase(user_id, now)
            await self._audit.record(
                actor_id=user_id, action="privacy.erase", subject=f"user:{user_id}", now=now
            )

    async def _forget_state(self, user_id: int) -> None:
        """The person's FSM state and data (a wizard's answers so far)."""
        if isinstance(self._fsm, SQLiteStorage):
            await self._fsm.forget_user(user_id)  # every chat and destiny, and its cache
            return
        # The bot keeps conversation state only in the private chat, destiny "default".
        key = StorageKey(bot_id=self._bot_id, chat_id=user_id, user_id=user_id)
        await self._fsm.set_state(key, None)
        await self._fsm.set_data(key, {})

    async def inventory(self, user_id: int, answers: Mapping[str, int]) -> dict[str, int]:
        """What is held about the person, as counts by category: `answers` are the personal
        answers in their applications (ИИН, phone, …: how many applications hold each, from the
        applications service), then the rows of every feature's tables."""
        held = {kind: count for kind, count in answers.items() if count}
        held.update(await self._data.counts(user_id))
        return held

    async def export(self, user_id: int, now: datetime) -> bytes:
        """Everything held about the person, as a JSON file they can keep (sent on request)."""
        data = await self._data.rows(user_id)
        for rows in data.values():
            for row in rows:
                for column in JSON_COLUMNS & row.keys():
                    if isinstance(row[column], str):
                        row[column] = _json_or_text(row[column])
        await self._audit.record(
            actor_id=user_id, action="privacy.export", subject=f"user:{user_id}", now=now
        )
        document = {"user_id": user_id, "exported_at": now.isoformat(), "data": data}
        return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
