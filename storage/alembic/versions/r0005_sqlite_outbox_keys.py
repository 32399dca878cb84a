"""SQLite: no `outbox_pending_key`

SQLite's LIKE ignores case, so no index served `Outbox.cancel()`'s key-prefix match: it read
every pending row of this index. The match is now a range on the keys' unique index, and this
index only cost its upkeep — on every queued row (a lesson planning run at 200,000 trainees
spent about a quarter of its time on it). PostgreSQL keeps it: its LIKE seeks in it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("outbox_pending_key", table_name="outbox")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.create_index(
            "outbox_pending_key",
            "outbox",
            ["idempotency_key"],
            unique=False,
            sqlite_where=sa.text("status = 'pending'"),
        )
