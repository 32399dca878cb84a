"""Several processes on one PostgreSQL database: each `Database` here stands for one process
(its own engine and connections). Senders never claim the same outbox row; a dead sender's rows
go back at once; a job runs in one process at a time; a rule that reads and then writes inside a
transaction holds across processes. Needs PostgreSQL (started from Debian's binaries, or
TEST_POSTGRES_URL); skipped where it is not installed.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.dev.servers import create_database, drop_database
from storage.db import Database
from storage.outbox import NewMessage, Outbox
from storage.users import Profile, UserRepo

NOW = datetime(2026, 5, 14, 6, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
_names = itertools.count(1)


@pytest.fixture
def pg_url(pg_admin_url: str, pg_template: str) -> Iterator[str]:
    name = f"qadam_cluster_{os.getpid()}_{next(_names)}"
    yield create_database(pg_admin_url, name, template=pg_template)
    drop_database(pg_admin_url, name)


@pytest.fixture
async def two(pg_url: str) -> AsyncIterator[tuple[Database, Database]]:
    first, second = await Database.open(pg_url), await Database.open(pg_url)
    yield first, second
    await first.close()
    await second.close()


async def _queue(db: Database, count: int) -> None:
    users = UserRepo(db)
    for uid in range(1, 11):
        await users.seen(Profile(uid, f"U{uid}", None, None, "kk"), NOW)
    await Outbox(db).enqueue_many(
        (
            NewMessage(recipient=1 + i % 10, kind="l10n", key=f"k:{i}", not_before=NOW)
            for i in range(count)
        ),
        NOW,
    )


async def test_two_senders_never_take_the_same_row(two: tuple[Database, Database]) -> None:
    await _queue(two[0], 400)
    taken: dict[str, list[int]] = {"a": [], "b": []}

    async def sender(name: str, db: Database) -> None:
        outbox = Outbox(db)
        while items := await outbox.claim_due(NOW, 15, quiet=False, by=name):
            taken[name].extend(item.id for item in items)
            assert all(item.status == "sending" for item in items)
            await asyncio.sleep(0)

    await asyncio.gather(sender("a", two[0]), sender("b", two[1]))
    assert set(taken["a"]).isdisjoint(taken["b"])
    assert len(taken["a"]) + len(taken["b"]) == 400
    assert taken["a"] and taken["b"]  # both took a share
    holders = await two[0].fetchall(
        "SELECT claimed_by, COUNT(*) FROM outbox GROUP BY claimed_by ORDER BY claimed_by"
    )
    assert [(r[0], r[1]) for r in holders] == [("a", len(taken["a"])), ("b", len(taken["b"]))]


_VICTIM = """
import asyncio, sys
from datetime import UTC, datetime
from storage.db import Database
from storage.outbox import Outbox

async def main() -> None:
    outbox = Outbox(await Database.open(sys.argv[1]))
    async with outbox.sender_lock("victim"):
        held = await outbox.claim_due(datetime(2026, 5, 14, 6, tzinfo=UTC), 6, quiet=False,
                                      by="victim")
        print(",".join(str(item.id) for item in held), flush=True)
        await asyncio.sleep(600)

asyncio.run(main())
"""


async def test_a_dead_senders_rows_go_back_at_once(pg_url: str) -> None:
    db = await Database.open(pg_url)
    victim = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _VICTIM, pg_url, stdout=asyncio.subprocess.PIPE, cwd=ROOT
    )
    try:
        await _queue(db, 20)
        survivor = Outbox(db)
        async with survivor.sender_lock("survivor") as mine:
            assert mine
            assert victim.stdout is not None
            line = await asyncio.wait_for(victim.stdout.readline(), 30)
            held = [int(part) for part in line.decode().strip().split(",")]
            assert len(held) == 6
            # While the victim runs, its rows are its own.
            assert await survivor.recover_orphans(NOW, "survivor") == 0
            # SIGKILL: its connections close, its lock goes with them.
            victim.kill()
            await victim.wait()
            back = 0
            for _ in range(50):  # the server notices the closed connection within moments
                back = await survivor.recover_orphans(NOW + timedelta(seconds=1), "survivor")
                if back:
                    break
                await asyncio.sleep(0.1)
            assert back == 6
            rows = await db.fetchall(
                "SELECT status, claimed_by FROM outbox WHERE id = ANY(?)", (held,)
            )
            assert {(r[0], r[1]) for r in rows} == {("pending", None)}
            # Claimed again by the survivor: nothing lost.
            again = await survivor.claim_due(NOW, 50, quiet=False, by="survivor")
            assert set(held) <= {item.id for item in again}
    finally:
        if victim.returncode is None:
            victim.kill()
            await victim.wait()
        await db.close()


async def test_a_job_runs_in_one_process_at_a_time(two: tuple[Database, Database]) -> None:
    first, second = two
    async with first.try_lock("job:plan-reminders") as mine:
        assert mine
        async with second.try_lock("job:plan-reminders") as theirs:
            assert not theirs
        assert await second.held_elsewhere("job:plan-reminders")
    async with second.try_lock("job:plan-reminders") as theirs:
        assert theirs


async def test_read_then_write_rules_hold_across_processes(
    two: tuple[Database, Database],
) -> None:
    """Application numbers are read and then written in a transaction: two processes numbering
    at once never give one number twice."""
    await two[0].execute(
        "INSERT INTO application_numbers (prefix, year, last) VALUES ('BB', 2026, 0)"
    )

    async def take(db: Database) -> int:
        async with db.transaction():
            last = await db.fetchval(
                "SELECT last FROM application_numbers WHERE prefix = 'BB' AND year = 2026"
            )
            await asyncio.sleep(0.001)  # the other process gets every chance to interleave
            await db.execute(
                "UPDATE application_numbers SET last = ? WHERE prefix = 'BB' AND year = 2026",
                (last + 1,),
            )
            return int(last) + 1

    numbers = await asyncio.gather(*(take(two[i % 2]) for i in range(40)))
    assert sorted(numbers) == list(range(1, 41))
