"""Peak resident memory while a benchmark's timed work runs (shared by the bench scripts)."""

from __future__ import annotations

import threading
import time

import psutil


class PeakRss:
    """Samples this process's RSS every 5 ms in a thread while the timed work runs."""

    def __init__(self) -> None:
        self._ps = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._ps.memory_info().rss)
            time.sleep(0.005)

    def __enter__(self) -> PeakRss:
        self.peak = self._ps.memory_info().rss
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._ps.memory_info().rss)
