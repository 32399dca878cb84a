"""`settle`: start-up objects out of the collector's sight, young collections less often."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.core.heap import YOUNG_THRESHOLD, settle


@pytest.fixture
def restored() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_settle_freezes_what_start_up_made(restored: None) -> None:
    made_at_start = [{"lesson": n} for n in range(1000)]  # lives as long as the process
    middle, old = gc.get_threshold()[1:]
    settle()
    assert gc.get_freeze_count() >= len(made_at_start)
    assert gc.get_threshold() == (YOUNG_THRESHOLD, middle, old)
    # Garbage made afterwards is still collected: a cycle nobody holds goes.
    cycle: list[object] = []
    cycle.append(cycle)
    del cycle
    assert gc.collect() >= 1
