"""`python -m storage`: migrate DATABASE_URL (from the environment) to the newest revision and
print the revisions applied — the child process of `storage.migrations.upgrade_apart`."""

from __future__ import annotations

import asyncio
import os
import sys

from storage.db import Database
from storage.migrations import upgrade


async def main() -> int:
    db = await Database.open(os.environ["DATABASE_URL"])
    try:
        applied = await upgrade(db)
    finally:
        await db.close()
    sys.stdout.write(" ".join(applied) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
