"""What every table definition shares: the metadata, the row id, the 0/1 flag.

Its own module so that the tables of `storage.schema` and `storage.schema_cycle` (contests,
mentoring, funded projects and their reports) register on one `MetaData` without an import
circle; `storage.schema` is still where everything is read from.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Column, Integer, MetaData, SmallInteger, text

metadata = MetaData()

# SQLite's rowid alias must be spelt exactly INTEGER PRIMARY KEY.
RowId = BigInteger().with_variant(Integer(), "sqlite")


def _id() -> Column[int]:
    return Column("id", RowId, primary_key=True, autoincrement=True)


def _flag(name: str, default: int = 0) -> Column[int]:
    return Column(
        name,
        SmallInteger,
        CheckConstraint(f"{name} IN (0, 1)"),
        nullable=False,
        server_default=text(str(default)),
    )
