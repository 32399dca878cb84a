"""After a `kill -9` in the middle of a broadcast, the playground's clock does not come back
earlier than what was already sent, and rows left `sending` go out again at once (issue 21,
item 5)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.dev.playground.clock import MovableClock
from bot.dev.playground.playground import Playground, PlaygroundOptions
from storage.db import Database
from storage.outbox import Outbox
from storage.users import Profile, UserRepo


async def test_a_killed_playground_comes_back_no_earlier_than_its_outbox(tmp_path: Path) -> None:
    database = tmp_path / "pg.db"
    # Ahead of real time, as a playground whose clock was moved forward a day.
    moved_to = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    killed_at = moved_to + timedelta(minutes=7)  # the clock ran on for 7 minutes, then kill -9
    db = await Database.connect(database)
    await db.migrate()
    await UserRepo(db).upsert_demo(Profile(1, "A", None, None, "kk"), "kk", moved_to)
    outbox = Outbox(db)
    for n in range(3):
        await outbox.enqueue(
            1, "l10n", {"key": "x"}, key=f"k{n}", not_before=moved_to, now=moved_to
        )
    [sent, in_flight, _] = await outbox.claim_due(killed_at - timedelta(seconds=1), 3, quiet=False)
    await outbox.mark_sent(sent.id, killed_at - timedelta(seconds=1))
    await db.close()
    # What the playground had saved: the moment it was moved to, not the one it was killed at.
    MovableClock(moved_to).save(database.with_name("pg.clock"))

    playground = Playground(PlaygroundOptions(database=database))
    await playground.catch_up_with_data()
    assert playground.clock.now() >= killed_at - timedelta(seconds=1)
    assert (
        database.with_name("pg.clock").read_text().strip()
        >= (killed_at - timedelta(seconds=1)).isoformat()
    )
    db = await Database.connect(database)
    try:
        row = await Outbox(db).get(in_flight.id)
        assert row is not None and row.status == "pending", "put back at once"
        due = await Outbox(db).claim_due(playground.clock.now(), 10, quiet=False)
        assert {item.id for item in due} == {in_flight.id, in_flight.id + 1}
    finally:
        await db.close()


def test_the_clock_catches_up_never_back_and_saves_whole(tmp_path: Path) -> None:
    real = [datetime(2026, 5, 14, 6, 0, tzinfo=UTC)]
    clock = MovableClock(system=lambda: real[0])
    assert clock.catch_up(real[0] + timedelta(minutes=5)) == real[0] + timedelta(minutes=5)
    assert clock.catch_up(real[0]) == real[0] + timedelta(minutes=5), "never back"
    path = tmp_path / "pg.clock"
    clock.save(path)
    assert path.read_text().strip() == (real[0] + timedelta(minutes=5)).isoformat()
    assert not path.with_name("pg.clock.tmp").exists()
