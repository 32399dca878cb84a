"""The notification outbox: every message the bot sends on its own initiative, one row each.

Planning code (reminders, broadcasts, decisions) calls `enqueue`/`enqueue_many` with an
idempotency key, so planning the same message twice queues it once. The sender loop calls
`recover_stale` at start-up, then repeatedly `claim_due` → send → `mark_sent` / `retry_later` /
`mark_failed` / `skip_blocked`.

Delivery is at-least-once for rows that were in flight when a process died: a row claimed
(`sending`) whose send went out but whose `mark_sent` never ran is put back to `pending` by
`recover_stale` and sent again. Every other row is sent at most once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from itertools import islice
from typing import Any, Literal, cast

from storage.db import Database, Row, from_db, to_db

Status = Literal["pending", "sending", "sent", "failed", "skipped"]
STATUSES: tuple[Status, ...] = ("pending", "sending", "sent", "failed", "skipped")

# Priorities: lower is sooner. Replies and decisions go before reminders, reminders before bulk.
PRIORITY_REPLY = 10
PRIORITY_DEFAULT = 100
PRIORITY_BROADCAST = 500

BLOCKED = "blocked"  # last_error of rows skipped because the recipient blocked the bot
_CHUNK = 2000


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    recipient: int
    kind: str
    payload: dict[str, Any]
    idempotency_key: str
    not_before: datetime
    urgent: bool
    priority: int
    status: Status
    attempts: int
    last_error: str | None
    broadcast_id: int | None
    created_at: datetime
    claimed_at: datetime | None
    sent_at: datetime | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class NewMessage:
    """One row for `enqueue_many`; the same fields as `Outbox.enqueue`."""

    recipient: int
    kind: str
    key: str
    not_before: datetime
    payload: dict[str, Any] = field(default_factory=dict)
    urgent: bool = False
    priority: int = PRIORITY_DEFAULT
    broadcast_id: int | None = None


_COLUMNS = (
    "id, recipient, kind, payload, idempotency_key, not_before, urgent, priority, status,"
    " attempts, last_error, broadcast_id, created_at, claimed_at, sent_at, updated_at"
)
_INSERT = (
    "INSERT INTO outbox (recipient, kind, payload, not_before, urgent, priority,"
    " idempotency_key, broadcast_id, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT DO NOTHING"
)


@dataclass(frozen=True, slots=True)
class Progress:
    """A broadcast's messages by outcome; `blocked` counts 403s and rows skipped for them."""

    sent: int
    failed: int
    blocked: int
    cancelled: int
    remaining: int

    @property
    def total(self) -> int:
        return self.sent + self.failed + self.blocked + self.cancelled + self.remaining


def _item(row: Row) -> OutboxItem:
    not_before = from_db(row["not_before"])
    created = from_db(row["created_at"])
    updated = from_db(row["updated_at"])
    assert not_before is not None and created is not None and updated is not None
    return OutboxItem(
        id=row["id"],
        recipient=row["recipient"],
        kind=row["kind"],
        payload=json.loads(row["payload"]),
        idempotency_key=row["idempotency_key"],
        not_before=not_before,
        urgent=bool(row["urgent"]),
        priority=row["priority"],
        status=cast(Status, row["status"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
        broadcast_id=row["broadcast_id"],
        created_at=created,
        claimed_at=from_db(row["claimed_at"]),
        sent_at=from_db(row["sent_at"]),
        updated_at=updated,
    )


def _params(
    message: NewMessage, created: str | None, payload: str | None = None
) -> tuple[Any, ...]:
    return (
        message.recipient,
        message.kind,
        payload if payload is not None else json.dumps(message.payload, ensure_ascii=False),
        to_db(message.not_before),
        1 if message.urgent else 0,
        message.priority,
        message.key,
        message.broadcast_id,
        created,
        created,
    )


def like_prefix(prefix: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') matching exactly the strings that start with prefix."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def after_prefix(prefix: str) -> str | None:
    """The least string above every string that starts with prefix, in code-point order (None:
    there is none). SQLite compares keys byte by byte, and UTF-8 keeps code-point order, so
    `prefix <= key < after_prefix(prefix)` is exactly "key starts with prefix"."""
    while prefix and prefix[-1] == "\U0010ffff":
        prefix = prefix[:-1]
    if not prefix:
        return None
    following = ord(prefix[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # surrogates are not characters
        following = 0xE000
    return prefix[:-1] + chr(following)


class Outbox:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- planning -----------------------------------------------------------------------------

    async def enqueue(
        self,
        recipient: int,
        kind: str,
        payload: dict[str, Any],
        *,
        key: str,
        not_before: datetime,
        now: datetime,
        urgent: bool = False,
        priority: int = PRIORITY_DEFAULT,
        broadcast_id: int | None = None,
    ) -> bool:
        """Queue one message; False (and nothing changes) when the key is already queued.

        The key stays taken whatever became of the row (sent, skipped, cancelled), so planning
        the same reminder again never sends it twice. The recipient must be in `users`.
        """
        message = NewMessage(
            recipient, kind, key, not_before, payload, urgent, priority, broadcast_id
        )
        return await self._db.execute(_INSERT, _params(message, to_db(now))) > 0

    async def enqueue_many(self, rows: Iterable[NewMessage], now: datetime) -> None:
        """Queue many messages in one transaction, reading `rows` lazily in chunks.

        Keys already queued are ignored, as in `enqueue`. One unknown recipient fails the
        whole batch (foreign key) and nothing is queued. Use `stats(broadcast_id)` for counts.
        """
        created = to_db(now)
        iterator: Iterator[NewMessage] = iter(rows)
        # Consecutive rows often share one payload object (a lesson release to a whole
        # cohort): it is serialised once. The last one is held, so identity stays meaningful.
        last: list[Any] = [None, ""]

        def params(message: NewMessage) -> tuple[Any, ...]:
            if message.payload is not last[0]:
                last[0], last[1] = message.payload, json.dumps(message.payload, ensure_ascii=False)
            return _params(message, created, last[1])

        async with self._db.transaction():
            while chunk := [params(m) for m in islice(iterator, _CHUNK)]:
                await self._db.executemany(_INSERT, chunk)

    async def enqueue_select(
        self,
        recipients_sql: str,
        params: tuple[Any, ...],
        *,
        kind: str,
        key_prefix: str,
        not_before: datetime,
        now: datetime,
        priority: int = PRIORITY_DEFAULT,
        broadcast_id: int | None = None,
    ) -> int:
        """Queue one message per id that `recipients_sql` (a SELECT of one `id` column) returns.

        Runs inside the database as one INSERT … SELECT, so a 100,000-person audience never
        passes through Python. Keys are `key_prefix + recipient id`; keys already queued are
        ignored. Returns how many rows were added.
        """
        stamp = to_db(now)
        return await self._db.execute(
            "INSERT INTO outbox (recipient, kind, payload, not_before, urgent, priority,"
            " idempotency_key, broadcast_id, created_at, updated_at)"
            " SELECT q.id, CAST(? AS TEXT), '{}', CAST(? AS TEXT), 0, CAST(? AS INTEGER),"
            " CAST(? AS TEXT) || CAST(q.id AS TEXT), CAST(? AS BIGINT), CAST(? AS TEXT),"
            " CAST(? AS TEXT)"
            f" FROM ({recipients_sql}) q WHERE 1 = 1 ON CONFLICT DO NOTHING",
            (kind, to_db(not_before), priority, key_prefix, broadcast_id, stamp, stamp, *params),
        )

    async def cancel(self, key_prefix: str, now: datetime) -> int:
        """Skip the pending rows whose key starts with key_prefix; returns how many.

        Rows already claimed (`sending`) are not touched: they may be on the wire.
        """
        if not key_prefix:
            raise ValueError("an empty prefix would cancel everything")
        where, params = self._starting_with(key_prefix)
        return await self._db.execute(
            "UPDATE outbox SET status = 'skipped', last_error = 'cancelled', updated_at = ?"
            f" WHERE {where}",
            (to_db(now), *params),
        )

    async def rewrite_pending(
        self,
        key_prefix: str,
        change: Callable[[str, dict[str, Any]], dict[str, Any] | None],
        now: datetime,
    ) -> int:
        """Give the pending rows whose key starts with key_prefix the payload `change(key,
        payload)` returns (None: leave the row); returns how many changed. For a figure that
        changed since the message was planned. Rows already claimed are not touched. Done in
        Python: JSON functions differ between SQLite and PostgreSQL."""
        if not key_prefix:
            raise ValueError("an empty prefix would touch everything")
        where, params = self._starting_with(key_prefix)
        rows = await self._db.fetchall(
            f"SELECT id, idempotency_key, payload FROM outbox WHERE {where}",
            params,
        )
        changed = 0
        for row in rows:
            payload = change(row["idempotency_key"], json.loads(row["payload"]))
            if payload is None:
                continue
            changed += await self._db.execute(
                "UPDATE outbox SET payload = ?, updated_at = ?"
                " WHERE id = ? AND status = 'pending'",
                (json.dumps(payload, ensure_ascii=False), to_db(now), row["id"]),
            )
        return changed

    def _starting_with(self, key_prefix: str) -> tuple[str, tuple[str, ...]]:
        """The condition "pending, and the key starts with key_prefix", as each database finds
        it fastest. PostgreSQL: LIKE (case-sensitive there) seeks in `outbox_pending_key`,
        whose text_pattern_ops order is byte order whatever the database's collation. SQLite:
        its LIKE ignores case and no index serves it, so a range on the keys' unique index
        (SQLite keeps no `outbox_pending_key`: revision 0005); `+status` keeps SQLite from
        taking `outbox_due`, which would read every pending row."""
        if self._db.is_postgres:
            return (
                "status = 'pending' AND idempotency_key LIKE ? ESCAPE '\\'",
                (like_prefix(key_prefix),),
            )
        upper = after_prefix(key_prefix)
        if upper is None:
            return "+status = 'pending' AND idempotency_key >= ?", (key_prefix,)
        return (
            "+status = 'pending' AND idempotency_key >= ? AND idempotency_key < ?",
            (key_prefix, upper),
        )

    # -- sending ------------------------------------------------------------------------------

    async def claim_due(
        self, now: datetime, limit: int, *, quiet: bool, by: str | None = None
    ) -> list[OutboxItem]:
        """Take up to `limit` due rows for sending, for the sender `by`.

        Due means pending with not_before <= now, and urgent when `quiet` is True. They come
        ordered by priority, then not_before, then id, and are marked `sending` with
        claimed_at = now and claimed_by = `by`. Due rows (with the same quiet filter) of
        recipients whose users.blocked_at is set are marked `skipped` with last_error 'blocked'
        on the way and are not returned; rows not yet due stay pending, so a user who unblocks
        the bot before then still gets them.

        On PostgreSQL several senders claim at once: each takes rows with
        `FOR UPDATE SKIP LOCKED`, so no two ever hold the same row and none waits for another.
        """
        if limit <= 0:
            return []
        stamp = to_db(now)
        urgent_only = " AND urgent = 1" if quiet else ""
        due = f"status = 'pending' AND not_before <= ?{urgent_only}"
        if self._db.is_postgres:
            async with self._db.transaction(serial=False):
                await self._db.execute(
                    "UPDATE outbox SET status = 'skipped', last_error = ?, updated_at = ?"
                    f" WHERE id IN (SELECT id FROM outbox WHERE {due} AND recipient IN"
                    " (SELECT id FROM users WHERE blocked_at IS NOT NULL)"
                    " FOR UPDATE SKIP LOCKED)",
                    (BLOCKED, stamp, stamp),
                )
                rows = await self._db.fetchall(
                    "UPDATE outbox SET status = 'sending', claimed_at = ?, claimed_by = ?,"
                    f" updated_at = ? WHERE id IN (SELECT id FROM outbox WHERE {due}"
                    " ORDER BY priority, not_before, id LIMIT ? FOR UPDATE SKIP LOCKED)"
                    f" RETURNING {_COLUMNS}",
                    (stamp, by, stamp, stamp, limit),
                )
            items = sorted(map(_item, rows), key=lambda i: (i.priority, i.not_before, i.id))
            return items
        async with self._db.transaction():
            await self._db.execute(
                "UPDATE outbox SET status = 'skipped', last_error = ?, updated_at = ?"
                f" WHERE {due}"
                " AND recipient IN (SELECT id FROM users WHERE blocked_at IS NOT NULL)",
                (BLOCKED, stamp, stamp),
            )
            rows = await self._db.fetchall(
                f"SELECT {_COLUMNS} FROM outbox WHERE {due}"
                " ORDER BY priority, not_before, id LIMIT ?",
                (stamp, limit),
            )
            if not rows:
                return []
            ids = [row["id"] for row in rows]
            marks = ", ".join("?" for _ in ids)
            await self._db.execute(
                "UPDATE outbox SET status = 'sending', claimed_at = ?, claimed_by = ?,"
                f" updated_at = ? WHERE id IN ({marks})",
                (stamp, by, stamp, *ids),
            )
        return [
            replace(_item(row), status="sending", claimed_at=now, updated_at=now) for row in rows
        ]

    @property
    def shared(self) -> bool:
        """Whether several senders may share this outbox (PostgreSQL)."""
        return self._db.is_postgres

    def sender_lock(self, sender: str) -> AbstractAsyncContextManager[bool]:
        """Held by a sender while it runs: others tell a dead sender by its free lock."""
        return self._db.try_lock(f"outbox-sender:{sender}")

    async def recover_orphans(self, now: datetime, me: str) -> int:
        """Rows a dead sender left `sending` go back to pending, at once; returns how many.

        A sender holds `sender_lock` while it runs; when its process dies, its database
        connection goes and the lock with it. Only its in-flight rows can be sent twice (the
        send may have gone out before it died). On SQLite there is one sender: rows left
        `sending` by a previous run are put back at start-up by `recover_stale`.
        """
        if not self._db.is_postgres:
            return 0
        holders = await self._db.fetchall(
            "SELECT DISTINCT claimed_by FROM outbox WHERE status = 'sending'"
            " AND claimed_by IS NOT NULL AND claimed_by <> ?",
            (me,),
        )
        recovered = 0
        for (holder,) in holders:
            if await self._db.held_elsewhere(f"outbox-sender:{holder}"):
                continue
            recovered += await self._db.execute(
                "UPDATE outbox SET status = 'pending', claimed_at = NULL, claimed_by = NULL,"
                " updated_at = ? WHERE status = 'sending' AND claimed_by = ?",
                (to_db(now), holder),
            )
        return recovered

    async def mark_sent(self, item_id: int, now: datetime) -> bool:
        """Record a delivered message. Accepted from `pending` too: a row recovered as stale
        while its send was still going is then not sent again."""
        return (
            await self._db.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ?, updated_at = ?"
                " WHERE id = ? AND status IN ('sending', 'pending')",
                (to_db(now), to_db(now), item_id),
            )
            > 0
        )

    async def mark_failed(self, item_id: int, error: str, now: datetime) -> bool:
        """Give up on a claimed row for good (attempts + 1)."""
        return (
            await self._db.execute(
                "UPDATE outbox SET status = 'failed', last_error = ?, attempts = attempts + 1,"
                " updated_at = ? WHERE id = ? AND status = 'sending'",
                (error, to_db(now), item_id),
            )
            > 0
        )

    async def mark_skipped(self, item_id: int, reason: str, now: datetime) -> bool:
        """A claimed row that will not be sent (it expired): skipped, with the reason."""
        return (
            await self._db.execute(
                "UPDATE outbox SET status = 'skipped', last_error = ?, updated_at = ?"
                " WHERE id = ? AND status = 'sending'",
                (reason, to_db(now), item_id),
            )
            > 0
        )

    async def retry_later(
        self, item_id: int, error: str, not_before: datetime, now: datetime | None = None
    ) -> bool:
        """Put a claimed row back to pending for another try at not_before (attempts + 1)."""
        return (
            await self._db.execute(
                "UPDATE outbox SET status = 'pending', last_error = ?, attempts = attempts + 1,"
                " not_before = ?, claimed_at = NULL, claimed_by = NULL, updated_at = ?"
                " WHERE id = ? AND status = 'sending'",
                (error, to_db(not_before), to_db(now or not_before), item_id),
            )
            > 0
        )

    async def skip_blocked(self, user_id: int, now: datetime) -> int:
        """After a 403: every pending row of that user → skipped 'blocked'; returns how many.

        Rows claimed by the same batch (`sending`) are left to the caller's mark_failed.
        """
        return await self._db.execute(
            "UPDATE outbox SET status = 'skipped', last_error = ?, updated_at = ?"
            " WHERE recipient = ? AND status = 'pending'",
            (BLOCKED, to_db(now), user_id),
        )

    async def recover_stale(self, now: datetime, older_than: timedelta) -> int:
        """Rows left `sending` (claimed before now - older_than) go back to pending.

        This is the restart path after a crash: a row whose message did go out before the crash
        is sent a second time, so at most the rows in flight at the crash are duplicated.
        Call it at start-up (with any older_than shorter than the time since the crash) and
        periodically with a margin well above the longest send.
        """
        cutoff = to_db(now - older_than)
        return await self._db.execute(
            "UPDATE outbox SET status = 'pending', claimed_at = NULL, claimed_by = NULL,"
            " updated_at = ? WHERE status = 'sending' AND claimed_at <= ?",
            (to_db(now), cutoff),
        )

    # -- reading ------------------------------------------------------------------------------

    async def get(self, item_id: int) -> OutboxItem | None:
        row = await self._db.fetchone(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (item_id,))
        return None if row is None else _item(row)

    async def get_by_key(self, key: str) -> OutboxItem | None:
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM outbox WHERE idempotency_key = ?", (key,)
        )
        return None if row is None else _item(row)

    async def unsent(self, limit: int = 100) -> list[OutboxItem]:
        """Rows pending or being sent, soonest first (the playground shows what waits, and
        waits for what is due when it moves its clock)."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM outbox WHERE status IN ('pending', 'sending')"
            " ORDER BY not_before, priority, id LIMIT ?",
            (limit,),
        )
        return [_item(row) for row in rows]

    async def progress(self, broadcast_id: int) -> Progress:
        """Where a broadcast's messages are: sent, failed, blocked, cancelled, still to go."""
        rows = await self._db.fetchall(
            "SELECT status, CASE WHEN last_error LIKE 'blocked%' THEN 1 ELSE 0 END, COUNT(*)"
            " FROM outbox WHERE broadcast_id = ? GROUP BY 1, 2",
            (broadcast_id,),
        )
        counts = dict.fromkeys(("sent", "failed", "blocked", "cancelled", "remaining"), 0)
        for status, blocked, count in rows:
            if status in ("pending", "sending"):
                counts["remaining"] += count
            elif blocked:
                counts["blocked"] += count
            elif status == "skipped":
                counts["cancelled"] += count
            else:
                counts[status] += count
        return Progress(**counts)

    async def stats(self, broadcast_id: int) -> dict[str, int]:
        """Counts by status for one broadcast; every status is present, zero if none."""
        counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
        rows = await self._db.fetchall(
            "SELECT status, COUNT(*) FROM outbox WHERE broadcast_id = ? GROUP BY status",
            (broadcast_id,),
        )
        for row in rows:
            counts[row[0]] = int(row[1])
        return counts

    async def latest_moment(self) -> datetime | None:
        """The newest moment any row records (queued, claimed, sent or changed): a clock that
        restarts on this data must not be behind it."""
        return from_db(await self._db.fetchval("SELECT MAX(updated_at) FROM outbox"))

    async def backlog(self, now: datetime, *, urgent_only: bool = False) -> Backlog:
        """What waits to be sent now: pending rows already due (only urgent ones when
        `urgent_only`, as during quiet hours), and the oldest due moment among them."""
        urgent = " AND urgent = 1" if urgent_only else ""
        row = await self._db.fetchone(
            "SELECT COUNT(*), MIN(not_before) FROM outbox"
            f" WHERE status = 'pending' AND not_before <= ?{urgent}",
            (to_db(now),),
        )
        assert row is not None
        return Backlog(depth=int(row[0]), oldest_due=from_db(row[1]))


@dataclass(frozen=True, slots=True)
class Backlog:
    """The outbox's queue at a moment: due messages not yet sent, and the oldest due moment
    (None when nothing is due)."""

    depth: int
    oldest_due: datetime | None
