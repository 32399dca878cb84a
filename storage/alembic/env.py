"""Alembic's environment: runs on the connection `storage.migrations` hands it (both engines)."""

from __future__ import annotations

from typing import Any

from alembic import context

from storage.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `python -m bot migrate`, not the alembic command")
applied: list[str] = config.attributes.setdefault("applied", [])


def _record(ctx: Any, step: Any, heads: Any, run_args: Any) -> None:
    if step.is_upgrade and not step.is_stamp and step.up_revision_id:
        applied.append(step.up_revision_id)


context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite changes columns by copying the table
    on_version_apply=_record,
)
with context.begin_transaction():
    context.run_migrations()
