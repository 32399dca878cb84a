"""the whole support cycle: financing contests, funded projects and their reports, mentoring

New tables (storage/schema_cycle.py) and two new roles, juror and mentor, in user_roles' CHECK.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


OLD_ROLES = "role IN ('coordinator', 'trainer')"
NEW_ROLES = "role IN ('coordinator', 'trainer', 'juror', 'mentor')"


def _roles(check: str) -> None:
    """user_roles' CHECK on the role: PostgreSQL swaps the constraint; SQLite keeps it in the
    table's SQL, so the table is rebuilt (rows, ids and the unique index kept)."""
    if op.get_bind().dialect.name == "postgresql":
        names = op.get_bind().exec_driver_sql(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'user_roles'::regclass"
            " AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%role%'"
        )
        for (name,) in names.fetchall():
            op.execute(f'ALTER TABLE user_roles DROP CONSTRAINT "{name}"')
        op.execute(f"ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check CHECK ({check})")
        return
    op.create_table(
        "user_roles_next",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("program", sa.Text(), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("granted_by", sa.BigInteger(), nullable=True),
        sa.Column("granted_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint(check),
    )
    columns = "id, user_id, role, program, region, granted_by, granted_at"
    op.execute(f"INSERT INTO user_roles_next ({columns}) SELECT {columns} FROM user_roles")
    op.drop_index("user_roles_unique", table_name="user_roles")
    op.drop_table("user_roles")
    op.rename_table("user_roles_next", "user_roles")
    op.create_index(
        "user_roles_unique",
        "user_roles",
        ["user_id", "role", sa.text("COALESCE(program, '')"), sa.text("COALESCE(region, '')")],
        unique=True,
    )


def upgrade() -> None:
    _roles(NEW_ROLES)
    op.create_table(
        "contests",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("program", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column(
            "cohort_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("opens_on", sa.Text(), nullable=False),
        sa.Column("closes_on", sa.Text(), nullable=False),
        sa.Column("rubric", sa.Text(), nullable=False),
        sa.Column("eligibility", sa.Text(), server_default=sa.text("'completed'"), nullable=False),
        sa.Column("winners", sa.Integer(), nullable=True),
        sa.Column("status", sa.Text(), server_default=sa.text("'open'"), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contests", schema=None) as batch_op:
        batch_op.create_index("contests_scope", ["program", "region"], unique=False)

    op.create_table(
        "contest_entries",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "contest_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.Text(), server_default=sa.text("'draft'"), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("answers", sa.Text(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("budget_total", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column(
            "own_contribution", sa.BigInteger(), server_default=sa.text("0"), nullable=False
        ),
        sa.Column("requested", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("jobs", sa.Integer(), nullable=True),
        sa.Column("invited_at", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("loan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contest_id", "user_id"),
    )
    with op.batch_alter_table("contest_entries", schema=None) as batch_op:
        batch_op.create_index("contest_entries_status", ["contest_id", "status"], unique=False)
        batch_op.create_index("contest_entries_user", ["user_id"], unique=False)

    op.create_table(
        "contest_budget_items",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["contest_entries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contest_budget_items", schema=None) as batch_op:
        batch_op.create_index("contest_budget_items_entry", ["entry_id"], unique=False)

    op.create_table(
        "contest_files",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("file_id", sa.Text(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.Column("mime_type", sa.Text(), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["contest_entries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contest_files", schema=None) as batch_op:
        batch_op.create_index("contest_files_owner", ["entry_id"], unique=False)

    op.create_table(
        "contest_scores",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("juror_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("scores", sa.Text(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["contest_entries.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["juror_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("entry_id", "juror_id"),
    )
    with op.batch_alter_table("contest_scores", schema=None) as batch_op:
        batch_op.create_index("contest_scores_juror", ["juror_id"], unique=False)

    op.create_table(
        "projects",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("program", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("funded_on", sa.Text(), nullable=False),
        sa.Column("loan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "reports_every_months", sa.Integer(), server_default=sa.text("3"), nullable=False
        ),
        sa.Column("status", sa.Text(), server_default=sa.text("'active'"), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["contest_entries.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("loan_id"),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index("projects_scope", ["program", "region"], unique=False)
        batch_op.create_index("projects_user", ["user_id"], unique=False)

    op.create_table(
        "mentorships",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("mentee_id", sa.BigInteger(), nullable=False),
        sa.Column("mentor_id", sa.BigInteger(), nullable=False),
        sa.Column("program", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column(
            "project_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("every_months", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), server_default=sa.text("'active'"), nullable=False),
        sa.Column("assigned_by", sa.BigInteger(), nullable=True),
        sa.Column("assigned_at", sa.Text(), nullable=False),
        sa.Column("ended_by", sa.BigInteger(), nullable=True),
        sa.Column("ended_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["mentee_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mentorships", schema=None) as batch_op:
        batch_op.create_index("mentorships_mentee", ["mentee_id"], unique=False)
        batch_op.create_index("mentorships_mentor", ["mentor_id", "status"], unique=False)

    op.create_table(
        "project_reports",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "project_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), server_default=sa.text("'due'"), nullable=False),
        sa.Column("people_reached", sa.Integer(), nullable=True),
        sa.Column("spent", sa.BigInteger(), nullable=True),
        sa.Column("jobs", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "n"),
    )
    with op.batch_alter_table("project_reports", schema=None) as batch_op:
        batch_op.create_index("project_reports_due", ["status", "due_on"], unique=False)

    op.create_table(
        "mentor_checkins",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "mentorship_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), server_default=sa.text("'due'"), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("note_kind", sa.Text(), nullable=True),
        sa.Column("note_file_id", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.Text(), nullable=True),
        sa.Column("assessment", sa.Text(), nullable=True),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("assessed_at", sa.Text(), nullable=True),
        sa.Column("reminded_at", sa.Text(), nullable=True),
        sa.Column("escalated_at", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["mentorship_id"], ["mentorships.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("mentorship_id", "n"),
    )
    with op.batch_alter_table("mentor_checkins", schema=None) as batch_op:
        batch_op.create_index("mentor_checkins_due", ["status", "due_on"], unique=False)

    op.create_table(
        "project_report_files",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "report_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("file_id", sa.Text(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.Column("mime_type", sa.Text(), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["project_reports.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("project_report_files", schema=None) as batch_op:
        batch_op.create_index("project_report_files_owner", ["report_id"], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM user_roles WHERE role IN ('juror', 'mentor')")
    _roles(OLD_ROLES)
    with op.batch_alter_table("project_report_files", schema=None) as batch_op:
        batch_op.drop_index("project_report_files_owner")

    op.drop_table("project_report_files")
    with op.batch_alter_table("mentor_checkins", schema=None) as batch_op:
        batch_op.drop_index("mentor_checkins_due")

    op.drop_table("mentor_checkins")
    with op.batch_alter_table("project_reports", schema=None) as batch_op:
        batch_op.drop_index("project_reports_due")

    op.drop_table("project_reports")
    with op.batch_alter_table("mentorships", schema=None) as batch_op:
        batch_op.drop_index("mentorships_mentor")
        batch_op.drop_index("mentorships_mentee")

    op.drop_table("mentorships")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index("projects_user")
        batch_op.drop_index("projects_scope")

    op.drop_table("projects")
    with op.batch_alter_table("contest_scores", schema=None) as batch_op:
        batch_op.drop_index("contest_scores_juror")

    op.drop_table("contest_scores")
    with op.batch_alter_table("contest_files", schema=None) as batch_op:
        batch_op.drop_index("contest_files_owner")

    op.drop_table("contest_files")
    with op.batch_alter_table("contest_budget_items", schema=None) as batch_op:
        batch_op.drop_index("contest_budget_items_entry")

    op.drop_table("contest_budget_items")
    with op.batch_alter_table("contest_entries", schema=None) as batch_op:
        batch_op.drop_index("contest_entries_user")
        batch_op.drop_index("contest_entries_status")

    op.drop_table("contest_entries")
    with op.batch_alter_table("contests", schema=None) as batch_op:
        batch_op.drop_index("contests_scope")

    op.drop_table("contests")
