"""Names of cluster-wide locks → the numbers PostgreSQL's advisory locks take."""

from __future__ import annotations

import zlib


def lock_key(name: str) -> int:
    """A stable 32-bit number for a lock's name."""
    return zlib.crc32(name.encode("utf-8"))
