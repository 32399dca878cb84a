"""The garbage collector, set for a long-running process once its start-up is done."""

from __future__ import annotations

import gc

# Container objects allocated between two young collections (CPython's default: 700). An
# update allocates some hundreds, so with the default a collection ran on almost every update.
YOUNG_THRESHOLD = 10_000


def settle() -> None:
    """Call once, when start-up is done (services open, dispatcher built) and before the first
    update: what exists now (the translations' parsed messages, aiogram's and pydantic's
    models, routers …) lives as long as the process, so it is moved out of the collector's
    sight (`gc.freeze`), and young collections come every YOUNG_THRESHOLD allocations.
    Cyclic garbage is still collected, a little later; memory grows by at most the young
    objects not yet collected (docs/benchmarks.md)."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
