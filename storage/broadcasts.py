"""Coordinators' announcements: their content, audience, schedule and progress message.

The messages themselves are outbox rows (kind `broadcast`, key `bc:<id>:<recipient>`); this table
holds what they say, so the text is rendered once per language at send time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, cast

from storage.db import Database, Row, found, from_db, to_db

BroadcastStatus = Literal["scheduled", "sending", "done", "cancelled"]
ContentType = Literal["text", "photo", "document"]
CONTENT_TYPES: tuple[ContentType, ...] = ("text", "photo", "document")


@dataclass(frozen=True, slots=True)
class Version:
    """One language's version: HTML text, or a photo/document (by file_id) with an HTML caption."""

    type: ContentType
    html: str = ""
    file_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type, "html": self.html}
        if self.file_id is not None:
            data["file_id"] = self.file_id
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Version:
        kind = data.get("type")
        if kind not in CONTENT_TYPES:
            raise ValueError(f"unknown content type {kind!r}")
        file_id = data.get("file_id")
        if kind != "text" and not file_id:
            raise ValueError(f"a {kind} without a file_id")
        return cls(cast(ContentType, kind), str(data.get("html", "")), file_id)


@dataclass(frozen=True, slots=True)
class Content:
    """The Kazakh and Russian versions; at least one is present."""

    kk: Version | None = None
    ru: Version | None = None

    def for_locale(self, locale: str) -> Version:
        """The recipient's language, or the other version when theirs is missing."""
        first, second = (self.ru, self.kk) if locale == "ru" else (self.kk, self.ru)
        version = first or second
        if version is None:
            raise ValueError("a broadcast without content")
        return version

    @property
    def missing(self) -> str | None:
        """The language without a version, if one is missing."""
        if self.kk is None:
            return "kk"
        if self.ru is None:
            return "ru"
        return None

    def to_json(self) -> str:
        return json.dumps(
            {loc: v.to_json() for loc, v in (("kk", self.kk), ("ru", self.ru)) if v is not None},
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Content:
        raw = json.loads(text)
        return cls(
            kk=Version.from_json(raw["kk"]) if "kk" in raw else None,
            ru=Version.from_json(raw["ru"]) if "ru" in raw else None,
        )


@dataclass(frozen=True, slots=True)
class Broadcast:
    id: int
    author_id: int
    content: Content
    audience: tuple[tuple[str, str], ...]
    status: BroadcastStatus
    scheduled_at: datetime
    paid: bool
    recipients: int
    progress_chat_id: int | None
    progress_message_id: int | None
    progress_at: datetime | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


@dataclass(frozen=True, slots=True)
class FailedRecipient:
    """Someone a broadcast did not reach: blocked the bot, or a send that failed for good."""

    user_id: int
    name: str | None
    username: str | None
    language: str | None
    error: str | None
    attempts: int
    at: datetime


class BroadcastNotFound(LookupError):
    pass


# A broadcast's rows that did not arrive and will not: failed, or skipped for a blocked bot
# (not the cancelled or expired ones).
_NOT_REACHED = (
    "o.broadcast_id = ? AND (o.status = 'failed'"
    " OR (o.status = 'skipped' AND o.last_error LIKE 'blocked%'))"
)


_COLUMNS = (
    "id, author_id, content, audience, status, scheduled_at, paid, recipients, progress_chat_id,"
    " progress_message_id, progress_at, created_at, started_at, finished_at"
)


def _broadcast(row: Row) -> Broadcast:
    scheduled, created = from_db(row["scheduled_at"]), from_db(row["created_at"])
    assert scheduled is not None and created is not None
    return Broadcast(
        id=row["id"],
        author_id=row["author_id"],
        content=Content.from_json(row["content"]),
        audience=tuple((str(k), str(v)) for k, v in json.loads(row["audience"])),
        status=cast(BroadcastStatus, row["status"]),
        scheduled_at=scheduled,
        paid=bool(row["paid"]),
        recipients=row["recipients"],
        progress_chat_id=row["progress_chat_id"],
        progress_message_id=row["progress_message_id"],
        progress_at=from_db(row["progress_at"]),
        created_at=created,
        started_at=from_db(row["started_at"]),
        finished_at=from_db(row["finished_at"]),
    )


class BroadcastRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(
        self,
        *,
        author_id: int,
        content: Content,
        audience: tuple[tuple[str, str], ...],
        scheduled_at: datetime,
        paid: bool,
        now: datetime,
        progress: tuple[int, int] | None = None,
    ) -> Broadcast:
        stamp = to_db(now)
        new_id = await self._db.insert(
            "INSERT INTO broadcasts (author_id, content, audience, status, scheduled_at, paid,"
            " progress_chat_id, progress_message_id, created_at, updated_at)"
            " VALUES (?, ?, ?, 'scheduled', ?, ?, ?, ?, ?, ?)",
            (
                author_id,
                content.to_json(),
                json.dumps([list(c) for c in audience], ensure_ascii=False),
                to_db(scheduled_at),
                1 if paid else 0,
                progress[0] if progress else None,
                progress[1] if progress else None,
                stamp,
                stamp,
            ),
        )
        return await self.require(new_id)

    async def get(self, broadcast_id: int) -> Broadcast | None:
        return await self._db.one(
            f"SELECT {_COLUMNS} FROM broadcasts WHERE id = ?", (broadcast_id,), _broadcast
        )

    async def require(self, broadcast_id: int) -> Broadcast:
        return found(await self.get(broadcast_id), BroadcastNotFound(broadcast_id))

    async def content(self, broadcast_id: int) -> tuple[Content, bool] | None:
        """What the sender needs: the content and whether it is a paid broadcast."""
        row = await self._db.fetchone(
            "SELECT content, paid FROM broadcasts WHERE id = ?", (broadcast_id,)
        )
        return None if row is None else (Content.from_json(row["content"]), bool(row["paid"]))

    async def due(self, now: datetime) -> list[Broadcast]:
        """Scheduled broadcasts whose time has come, oldest first."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM broadcasts WHERE status = 'scheduled' AND scheduled_at <= ?"
            " ORDER BY scheduled_at, id",
            (to_db(now),),
        )
        return [_broadcast(r) for r in rows]

    async def sending(self) -> list[Broadcast]:
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM broadcasts WHERE status = 'sending' ORDER BY id"
        )
        return [_broadcast(r) for r in rows]

    async def recent(self, *, author_id: int | None, limit: int = 10) -> list[Broadcast]:
        """Newest first; only one author's when author_id is given."""
        where, params = (
            ("WHERE author_id = ?", (author_id, limit)) if author_id else ("", (limit,))
        )
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM broadcasts {where} ORDER BY id DESC LIMIT ?", params
        )
        return [_broadcast(r) for r in rows]

    async def mark_started(self, broadcast_id: int, now: datetime) -> bool:
        """scheduled → sending; False when it was no longer scheduled (cancelled meanwhile)."""
        stamp = to_db(now)
        return (
            await self._db.execute(
                "UPDATE broadcasts SET status = 'sending', started_at = ?, updated_at = ?"
                " WHERE id = ? AND status = 'scheduled'",
                (stamp, stamp, broadcast_id),
            )
            > 0
        )

    async def set_recipients(self, broadcast_id: int, recipients: int) -> None:
        await self._db.execute(
            "UPDATE broadcasts SET recipients = ? WHERE id = ?", (recipients, broadcast_id)
        )

    async def finish(self, broadcast_id: int, status: BroadcastStatus, now: datetime) -> bool:
        """scheduled/sending → done or cancelled; False when it had already ended."""
        stamp = to_db(now)
        return (
            await self._db.execute(
                "UPDATE broadcasts SET status = ?, finished_at = ?, updated_at = ?"
                " WHERE id = ? AND status IN ('scheduled', 'sending')",
                (status, stamp, stamp, broadcast_id),
            )
            > 0
        )

    async def set_progress_message(
        self, broadcast_id: int, chat_id: int, message_id: int, now: datetime
    ) -> None:
        await self._db.execute(
            "UPDATE broadcasts SET progress_chat_id = ?, progress_message_id = ?, updated_at = ?"
            " WHERE id = ?",
            (chat_id, message_id, to_db(now), broadcast_id),
        )

    async def progress_shown(self, broadcast_id: int, now: datetime) -> None:
        await self._db.execute(
            "UPDATE broadcasts SET progress_at = ? WHERE id = ?", (to_db(now), broadcast_id)
        )

    async def update(
        self,
        broadcast_id: int,
        *,
        content: Content,
        audience: tuple[tuple[str, str], ...],
        scheduled_at: datetime,
        paid: bool,
        now: datetime,
    ) -> bool:
        """Change a scheduled broadcast; False when it is no longer scheduled (it started)."""
        return (
            await self._db.execute(
                "UPDATE broadcasts SET content = ?, audience = ?, scheduled_at = ?, paid = ?,"
                " updated_at = ? WHERE id = ? AND status = 'scheduled'",
                (
                    content.to_json(),
                    json.dumps([list(c) for c in audience], ensure_ascii=False),
                    to_db(scheduled_at),
                    1 if paid else 0,
                    to_db(now),
                    broadcast_id,
                ),
            )
            > 0
        )

    async def errors(self, broadcast_id: int) -> list[tuple[str | None, int]]:
        """(recorded error, how many) for the messages that did not reach anyone."""
        rows = await self._db.fetchall(
            f"SELECT o.last_error, COUNT(*) FROM outbox o WHERE {_NOT_REACHED}"
            " GROUP BY o.last_error",
            (broadcast_id,),
        )
        return [(row[0], int(row[1])) for row in rows]

    async def failures(self, broadcast_id: int) -> list[FailedRecipient]:
        """Who the broadcast did not reach, with the recorded error, in the order they failed."""
        rows = await self._db.fetchall(
            "SELECT o.recipient, u.first_name, u.last_name, u.username, u.language,"
            " o.last_error, o.attempts, o.updated_at FROM outbox o"
            f" LEFT JOIN users u ON u.id = o.recipient WHERE {_NOT_REACHED}"
            " ORDER BY o.updated_at, o.id",
            (broadcast_id,),
        )
        found = []
        for row in rows:
            at = from_db(row[7])
            assert at is not None
            name = " ".join(part for part in (row[1], row[2]) if part) or None
            found.append(FailedRecipient(row[0], name, row[3], row[4], row[5], row[6], at))
        return found
