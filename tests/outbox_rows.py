"""Outbox rows as tuples, for tests that compare a set-based planner with the per-row reference
it replaced: what `Outbox.enqueue_many` would store, and what the outbox holds."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from storage.db import Database, to_db
from storage.outbox import NewMessage


def as_stored(rows: Sequence[NewMessage], now: datetime) -> list[tuple[Any, ...]]:
    """The rows as `Outbox.enqueue_many` stores them (queued at `now`, pending)."""
    return [
        (
            m.recipient,
            m.kind,
            json.dumps(m.payload, ensure_ascii=False),
            to_db(m.not_before),
            int(m.urgent),
            m.priority,
            m.key,
            m.broadcast_id,
            to_db(now),
            "pending",
        )
        for m in rows
    ]


async def stored(db: Database, after_id: int = 0) -> list[tuple[Any, ...]]:
    """The outbox's rows after `after_id`, in id order, in `as_stored`'s shape."""
    rows = await db.fetchall(
        "SELECT recipient, kind, payload, not_before, urgent, priority, idempotency_key,"
        " broadcast_id, created_at, status FROM outbox WHERE id > ? ORDER BY id",
        (after_id,),
    )
    return [(r[0], r[1], r[2], r[3], int(r[4]), r[5], r[6], r[7], r[8], r[9]) for r in rows]
