"""The newest Alembic revision: a database at it needs no migration.

Kept apart from `storage/schema.py` (SQLAlchemy's tables), so a start-up can tell whether the
database is current without importing SQLAlchemy or Alembic.
tests/storage/test_migrations.py keeps it equal to the scripts' head.
"""

HEAD = "0005"
