"""The notification outbox on a real database (SQLite, or PostgreSQL in the second run)."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from storage.db import Database
from storage.outbox import (
    PRIORITY_BROADCAST,
    PRIORITY_REPLY,
    NewMessage,
    Outbox,
    after_prefix,
    like_prefix,
)
from storage.users import Profile, UserRepo

NOW = datetime(2026, 5, 14, 6, 0, tzinfo=UTC)


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = await Database.open(database_url)
    await database.migrate()
    users = UserRepo(database)
    for uid in (1, 2, 3):
        await users.seen(Profile(uid, f"U{uid}", None, None, "kk"), NOW)
    yield database
    await database.close()


async def test_enqueue_is_idempotent(db: Database) -> None:
    outbox = Outbox(db)
    key = "loan:42:inst:7:due-3d"
    payload = {"key": "reminder-due", "args": {"amount": "50 000 ₸"}}
    assert await outbox.enqueue(1, "l10n", payload, key=key, not_before=NOW, now=NOW)
    assert not await outbox.enqueue(
        1, "l10n", {"other": True}, key=key, not_before=NOW + timedelta(days=1), now=NOW
    )
    item = await outbox.get_by_key(key)
    assert item is not None
    assert item.payload == payload and item.not_before == NOW and item.status == "pending"
    assert item.priority == 100 and not item.urgent and item.attempts == 0
    assert await db.fetchval("SELECT COUNT(*) FROM outbox") == 1
    # Still taken once sent: planning again never sends twice.
    [claimed] = await outbox.claim_due(NOW, 10, quiet=False)
    assert await outbox.mark_sent(claimed.id, NOW)
    assert not await outbox.enqueue(1, "l10n", payload, key=key, not_before=NOW, now=NOW)
    assert await outbox.claim_due(NOW + timedelta(days=2), 10, quiet=False) == []


async def test_rewrite_pending_changes_only_pending_rows_of_the_prefix(db: Database) -> None:
    outbox = Outbox(db)
    for key in ("l:1:a", "l:1:b", "l:1:c", "l:10:a"):
        await outbox.enqueue(1, "l10n", {"args": {"n": 1}}, key=key, not_before=NOW, now=NOW)
    [claimed] = await outbox.claim_due(NOW, 1, quiet=False)  # l:1:a is on the wire
    assert claimed.idempotency_key == "l:1:a"

    def bump(key: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        return None if key.endswith("c") else {**payload, "args": {"n": 2}}

    assert await outbox.rewrite_pending("l:1:", bump, NOW) == 1
    rows = {
        r["idempotency_key"]: json.loads(r["payload"])["args"]["n"]
        for r in await db.fetchall("SELECT idempotency_key, payload FROM outbox")
    }
    assert rows == {"l:1:a": 1, "l:1:b": 2, "l:1:c": 1, "l:10:a": 1}
    with pytest.raises(ValueError):
        await outbox.rewrite_pending("", bump, NOW)


async def test_cancel_by_prefix_treats_wildcards_literally(db: Database) -> None:
    outbox = Outbox(db)
    keys = [
        "loan_42:inst:1",
        "loan_42:inst:2",
        "loanX42:inst:1",  # '_' must not match any character
        "loan_420:inst:1",  # a longer id is another loan only if the prefix ends with ':'
        "LOAN_42:inst:3",  # case matters
        "loan%42:inst:1",
    ]
    for key in keys:
        await outbox.enqueue(1, "l10n", {}, key=key, not_before=NOW, now=NOW)
    assert await outbox.cancel("loan_42:", NOW) == 2
    assert await outbox.cancel("loan%", NOW) == 1
    statuses = {
        r["idempotency_key"]: (r["status"], r["last_error"])
        for r in await db.fetchall("SELECT idempotency_key, status, last_error FROM outbox")
    }
    assert statuses == {
        "loan_42:inst:1": ("skipped", "cancelled"),
        "loan_42:inst:2": ("skipped", "cancelled"),
        "loanX42:inst:1": ("pending", None),
        "loan_420:inst:1": ("pending", None),
        "LOAN_42:inst:3": ("pending", None),
        "loan%42:inst:1": ("skipped", "cancelled"),
    }
    # Only pending rows are cancelled; an empty prefix is refused.
    [claimed, *_] = await outbox.claim_due(NOW, 1, quiet=False)
    assert await outbox.cancel(claimed.idempotency_key, NOW) == 0
    with pytest.raises(ValueError):
        await outbox.cancel("", NOW)
    assert like_prefix("a\\b_c%") == "a\\\\b\\_c\\%%"


async def test_cancel_by_prefix_beyond_ascii(db: Database) -> None:
    """Keys in Kazakh letters: a prefix takes its own keys only, however the letters sort."""
    outbox = Outbox(db)
    keys = ["өтінім:1", "өтінім:2", "өтінімдер:1", "өтінім", "үтінім:1", "Өтінім:1"]
    for key in keys:
        await outbox.enqueue(1, "l10n", {}, key=key, not_before=NOW, now=NOW)
    assert await outbox.cancel("өтінім:", NOW) == 2
    assert await outbox.cancel("өтінім", NOW) == 2  # the bare key and the longer word
    pending = {
        r[0]
        for r in await db.fetchall("SELECT idempotency_key FROM outbox WHERE status = 'pending'")
    }
    assert pending == {"үтінім:1", "Өтінім:1"}
    assert after_prefix("loan:") == "loan;"
    assert after_prefix("ө") == "\u04ea"
    assert after_prefix("a\ud7ff") == "a\ue000"  # over the surrogates
    assert after_prefix("a\U0010ffff") == "b"
    assert after_prefix("\U0010ffff") is None


@pytest.mark.sqlite_only
async def test_sqlite_finds_a_key_prefix_in_the_keys_index(db: Database) -> None:
    """No full scan of pending rows per cancel: the range seeks in the unique index of keys."""
    where, params = Outbox(db)._starting_with("loan:42:")
    plan = await db.fetchall(f"EXPLAIN QUERY PLAN SELECT id FROM outbox WHERE {where}", params)
    detail = " ".join(str(row[-1]) for row in plan)
    assert "USING INDEX" in detail and "idempotency_key>? AND idempotency_key<?" in detail


async def test_claim_order_limit_and_due_time(db: Database) -> None:
    outbox = Outbox(db)
    await outbox.enqueue(
        1,
        "broadcast",
        {"b": 1},
        key="b1",
        not_before=NOW - timedelta(hours=1),
        now=NOW,
        priority=PRIORITY_BROADCAST,
    )
    await outbox.enqueue(2, "l10n", {}, key="late", not_before=NOW, now=NOW)
    await outbox.enqueue(
        3, "l10n", {}, key="early", not_before=NOW - timedelta(minutes=5), now=NOW
    )
    await outbox.enqueue(
        1, "l10n", {}, key="reply", not_before=NOW, now=NOW, priority=PRIORITY_REPLY
    )
    await outbox.enqueue(2, "l10n", {}, key="same-time", not_before=NOW, now=NOW)
    await outbox.enqueue(
        2, "l10n", {}, key="future", not_before=NOW + timedelta(seconds=1), now=NOW
    )
    first = await outbox.claim_due(NOW, 3, quiet=False)
    assert [i.idempotency_key for i in first] == ["reply", "early", "late"]
    assert all(i.status == "sending" and i.claimed_at == NOW for i in first)
    stored = await outbox.get(first[0].id)
    assert stored is not None and stored.status == "sending" and stored.claimed_at == NOW
    second = await outbox.claim_due(NOW, 10, quiet=False)
    assert [i.idempotency_key for i in second] == ["same-time", "b1"]
    assert await outbox.claim_due(NOW, 10, quiet=False) == []
    assert await outbox.claim_due(NOW, 0, quiet=False) == []
    later = await outbox.claim_due(NOW + timedelta(seconds=1), 10, quiet=False)
    assert [i.idempotency_key for i in later] == ["future"]


async def test_quiet_claims_only_urgent(db: Database) -> None:
    outbox = Outbox(db)
    await outbox.enqueue(1, "l10n", {}, key="normal", not_before=NOW, now=NOW)
    await outbox.enqueue(2, "l10n", {}, key="urgent", not_before=NOW, now=NOW, urgent=True)
    night = await outbox.claim_due(NOW, 10, quiet=True)
    assert [(i.idempotency_key, i.urgent) for i in night] == [("urgent", True)]
    assert await outbox.claim_due(NOW, 10, quiet=True) == []
    morning = await outbox.claim_due(NOW, 10, quiet=False)
    assert [i.idempotency_key for i in morning] == ["normal"]


async def test_blocked_recipients_are_skipped(db: Database) -> None:
    outbox = Outbox(db)
    users = UserRepo(db)
    await users.mark_blocked(2, NOW)
    await outbox.enqueue(2, "l10n", {}, key="to-blocked", not_before=NOW, now=NOW)
    await outbox.enqueue(
        2, "l10n", {}, key="to-blocked-later", not_before=NOW + timedelta(days=1), now=NOW
    )
    await outbox.enqueue(1, "l10n", {}, key="to-1", not_before=NOW, now=NOW)
    claimed = await outbox.claim_due(NOW, 10, quiet=False)
    assert [i.idempotency_key for i in claimed] == ["to-1"]
    skipped = await outbox.get_by_key("to-blocked")
    assert skipped is not None and (skipped.status, skipped.last_error) == ("skipped", "blocked")
    later = await outbox.get_by_key("to-blocked-later")
    assert later is not None and later.status == "pending"  # not due yet: kept

    # After a 403 during a send: the user's other pending rows go too.
    await outbox.enqueue(3, "l10n", {}, key="3a", not_before=NOW, now=NOW)
    await outbox.enqueue(3, "l10n", {}, key="3b", not_before=NOW + timedelta(hours=1), now=NOW)
    [sending] = await outbox.claim_due(NOW, 1, quiet=False)
    assert sending.idempotency_key == "3a"
    await users.mark_blocked(3, NOW)
    assert await outbox.skip_blocked(3, NOW) == 1
    assert await outbox.mark_failed(sending.id, "Forbidden: bot was blocked by the user", NOW)
    failed = await outbox.get(sending.id)
    assert failed is not None and failed.status == "failed" and failed.attempts == 1
    other = await outbox.get_by_key("3b")
    assert other is not None and (other.status, other.last_error) == ("skipped", "blocked")


async def test_retry_later_and_final_states(db: Database) -> None:
    outbox = Outbox(db)
    await outbox.enqueue(1, "l10n", {}, key="k", not_before=NOW, now=NOW)
    [item] = await outbox.claim_due(NOW, 10, quiet=False)
    assert await outbox.retry_later(item.id, "timeout", NOW + timedelta(minutes=1))
    assert not await outbox.retry_later(item.id, "twice", NOW)  # only from 'sending'
    assert await outbox.claim_due(NOW, 10, quiet=False) == []
    [again] = await outbox.claim_due(NOW + timedelta(minutes=1), 10, quiet=False)
    assert again.id == item.id and again.attempts == 1 and again.last_error == "timeout"
    assert await outbox.mark_sent(again.id, NOW + timedelta(minutes=1))
    sent = await outbox.get(item.id)
    assert sent is not None and sent.status == "sent"
    assert sent.sent_at == NOW + timedelta(minutes=1)
    assert not await outbox.mark_failed(item.id, "late", NOW)  # a sent row stays sent


async def test_recover_stale_after_a_crash(db: Database, database_url: str) -> None:
    outbox = Outbox(db)
    for n in range(3):
        await outbox.enqueue(1, "l10n", {}, key=f"k{n}", not_before=NOW, now=NOW)
    claimed = await outbox.claim_due(NOW, 2, quiet=False)
    await outbox.mark_sent(claimed[0].id, NOW)
    await db.close()  # the process dies with claimed[1] in flight

    db2 = await Database.open(database_url)
    try:
        outbox = Outbox(db2)
        later = NOW + timedelta(minutes=1)
        assert await outbox.recover_stale(later, timedelta(minutes=5)) == 0  # too recent
        assert await outbox.recover_stale(later, timedelta(seconds=30)) == 1
        again = await outbox.claim_due(later, 10, quiet=False)
        assert [i.idempotency_key for i in again] == ["k1", "k2"]
        first = await outbox.get(claimed[0].id)
        assert first is not None and first.status == "sent"
    finally:
        await db2.close()


async def test_mark_sent_wins_over_an_early_recovery(db: Database) -> None:
    outbox = Outbox(db)
    await outbox.enqueue(1, "l10n", {}, key="slow", not_before=NOW, now=NOW)
    [item] = await outbox.claim_due(NOW, 1, quiet=False)
    await outbox.recover_stale(NOW + timedelta(minutes=10), timedelta(minutes=1))
    assert await outbox.mark_sent(item.id, NOW + timedelta(minutes=10))
    assert await outbox.claim_due(NOW + timedelta(minutes=10), 10, quiet=False) == []


async def test_enqueue_many_is_quick_lazy_and_counted(db: Database) -> None:
    outbox = Outbox(db)
    consumed = 0
    await db.executemany(
        "INSERT INTO users (id, created_at, last_seen_at) VALUES (?, ?, ?)",
        [(uid, "2026-05-14T06:00:00", "2026-05-14T06:00:00") for uid in range(100, 20_100)],
    )

    def rows() -> Iterator[NewMessage]:
        nonlocal consumed
        for uid in range(100, 20_100):
            consumed += 1
            yield NewMessage(
                recipient=uid,
                kind="broadcast",
                key=f"bc:7:{uid}",
                not_before=NOW,
                payload={"broadcast": 7},
                priority=PRIORITY_BROADCAST,
                broadcast_id=7,
            )

    await outbox.enqueue(
        100, "broadcast", {}, key="bc:7:100", not_before=NOW, now=NOW, broadcast_id=7
    )
    started = time.perf_counter()
    await outbox.enqueue_many(rows(), NOW)
    elapsed = time.perf_counter() - started
    assert consumed == 20_000
    assert elapsed < 3.0, elapsed
    stats = await outbox.stats(7)
    assert stats == {"pending": 20_000, "sending": 0, "sent": 0, "failed": 0, "skipped": 0}

    batch = await outbox.claim_due(NOW, 500, quiet=False)
    assert len(batch) == 500
    for item in batch[:400]:
        await outbox.mark_sent(item.id, NOW)
    for item in batch[400:450]:
        await outbox.mark_failed(item.id, "bad request", NOW)
    assert await outbox.cancel("bc:7:", NOW) == 20_000 - 500
    assert await outbox.stats(7) == {
        "pending": 0,
        "sending": 50,
        "sent": 400,
        "failed": 50,
        "skipped": 19_500,
    }
    assert await outbox.stats(8) == dict.fromkeys(
        ("pending", "sending", "sent", "failed", "skipped"), 0
    )


async def test_enqueue_many_is_all_or_nothing(db: Database) -> None:
    outbox = Outbox(db)
    rows = [
        NewMessage(1, "l10n", "ok-1", NOW),
        NewMessage(999, "l10n", "unknown-user", NOW),
    ]
    with pytest.raises(Exception, match=r"(?i)foreign key"):  # SQLite's and PostgreSQL's words
        await outbox.enqueue_many(rows, NOW)
    assert await db.fetchval("SELECT COUNT(*) FROM outbox") == 0
