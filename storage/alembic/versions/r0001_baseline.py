"""baseline: the schema of the releases before Alembic (legacy 0001-0011)

Revision ID: 0001
Revises:
Create Date: 2026-12-04 08:52:14.644047
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "application_numbers",
        sa.Column("prefix", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", "year"),
    )
    op.create_table(
        "audit_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("audit_log_subject", ["subject"], unique=False)

    op.create_table(
        "cohorts",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("district", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("course", sa.Text(), nullable=True),
        sa.Column("starts_on", sa.Text(), nullable=True),
        sa.Column("weekdays_only", sa.SmallInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("release_time", sa.Text(), server_default=sa.text("'09:00'"), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("join_code", sa.Text(), nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("planned_through", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("days_off", sa.Text(), server_default=sa.text("('')"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.create_index("cohorts_course", ["course", "starts_on"], unique=False)
        batch_op.create_index("cohorts_join_code", ["join_code"], unique=True)

    op.create_table(
        "fsm_states",
        sa.Column("storage_key", sa.Text(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("data", sa.Text(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("storage_key"),
    )
    with op.batch_alter_table("fsm_states", schema=None) as batch_op:
        batch_op.create_index("fsm_states_user", ["user_id"], unique=False)

    op.create_table(
        "loan_plan_days",
        sa.Column("day", sa.Text(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("planned_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_table(
        "loan_reminder_rules",
        sa.Column("program", sa.Text(), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("program"),
    )
    op.create_table(
        "loan_repayments_monthly",
        sa.Column("program", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), server_default=sa.text("('')"), nullable=False),
        sa.Column("month", sa.Text(), nullable=False),
        sa.Column("amount", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("program", "region", "month"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("first_name", sa.Text(), nullable=True),
        sa.Column("last_name", sa.Text(), nullable=True),
        sa.Column("username", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("tg_language", sa.Text(), nullable=True),
        sa.Column("consent_at", sa.Text(), nullable=True),
        sa.Column("blocked_at", sa.Text(), nullable=True),
        sa.Column("deleted_at", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("last_seen_at", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("language IN ('kk', 'ru')"),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index("users_region", ["region"], unique=False)

    op.create_table(
        "webinars",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("title_kk", sa.Text(), nullable=False),
        sa.Column("title_ru", sa.Text(), nullable=False),
        sa.Column("description_kk", sa.Text(), server_default=sa.text("('')"), nullable=False),
        sa.Column("description_ru", sa.Text(), server_default=sa.text("('')"), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.Text(), nullable=False),
        sa.Column("duration_min", sa.Integer(), nullable=False),
        sa.Column("language", sa.Text(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("join_url", sa.Text(), nullable=False),
        sa.Column("program", sa.Text(), nullable=True),
        sa.Column("questions", sa.Text(), server_default=sa.text("('')"), nullable=False),
        sa.Column("recording_url", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), server_default=sa.text("'scheduled'"), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("demo_key", sa.Text(), nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.Column("cancelled_at", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("demo_key"),
        sa.CheckConstraint("duration_min BETWEEN 10 AND 600"),
        sa.CheckConstraint("language IN ('kk', 'ru', 'both')"),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0"),
        sa.CheckConstraint("status IN ('scheduled', 'cancelled')"),
    )
    with op.batch_alter_table("webinars", schema=None) as batch_op:
        batch_op.create_index("webinars_start", ["status", "starts_at"], unique=False)

    op.create_table(
        "applications",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("number", sa.Text(), nullable=True),
        sa.Column("program", sa.Text(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.Text(), server_default=sa.text("'draft'"), nullable=False),
        sa.Column("answers", sa.Text(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("step", sa.Text(), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("district", sa.Text(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.Text(), nullable=True),
        sa.Column("reminded_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'in_review', 'info_requested', 'approved',"
            " 'rejected', 'withdrawn')"
        ),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            "applications_active",
            ["user_id", "program"],
            unique=True,
            sqlite_where=sa.text("status NOT IN ('rejected', 'withdrawn')"),
            postgresql_where=sa.text("status NOT IN ('rejected', 'withdrawn')"),
        )
        batch_op.create_index(
            "applications_queue", ["status", "program", "region", "submitted_at"], unique=False
        )
        batch_op.create_index("applications_user", ["user_id", "created_at"], unique=False)

    op.create_table(
        "broadcasts",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("audience", sa.Text(), server_default=sa.text("'[]'"), nullable=False),
        sa.Column("status", sa.Text(), server_default=sa.text("'scheduled'"), nullable=False),
        sa.Column("scheduled_at", sa.Text(), nullable=False),
        sa.Column("paid", sa.SmallInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("recipients", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("progress_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("progress_message_id", sa.BigInteger(), nullable=True),
        sa.Column("progress_at", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("started_at", sa.Text(), nullable=True),
        sa.Column("finished_at", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("status IN ('scheduled', 'sending', 'done', 'cancelled')"),
        sa.CheckConstraint("paid IN (0, 1)"),
    )
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.create_index("broadcasts_author", ["author_id", "id"], unique=False)
        batch_op.create_index("broadcasts_status", ["status", "scheduled_at"], unique=False)

    op.create_table(
        "certificates",
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("course", sa.Text(), nullable=False),
        sa.Column(
            "cohort_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("holder_name", sa.Text(), nullable=False),
        sa.Column("completed_on", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("number"),
    )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_index("certificates_once", ["user_id", "course"], unique=True)

    op.create_table(
        "cohort_members",
        sa.Column(
            "cohort_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("joined_at", sa.Text(), nullable=False),
        sa.Column("left_at", sa.Text(), nullable=True),
        sa.Column("reminded_through", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("cohort_id", "user_id"),
    )
    with op.batch_alter_table("cohort_members", schema=None) as batch_op:
        batch_op.create_index("cohort_members_user", ["user_id"], unique=False)

    op.create_table(
        "cohort_trainers",
        sa.Column(
            "cohort_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("cohort_id", "user_id"),
    )
    with op.batch_alter_table("cohort_trainers", schema=None) as batch_op:
        batch_op.create_index("cohort_trainers_user", ["user_id"], unique=False)

    op.create_table(
        "course_marks",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("course", sa.Text(), nullable=False),
        sa.Column("opened_through", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("reminded_through", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "course"),
    )
    op.create_table(
        "lesson_progress",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("course", sa.Text(), nullable=False),
        sa.Column("lesson", sa.Integer(), nullable=False),
        sa.Column("done_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "course", "lesson"),
    )
    op.create_table(
        "notification_prefs",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("remind_hour", sa.Integer(), nullable=True),
        sa.Column("mute_nudges", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("user_id"),
        sa.CheckConstraint("remind_hour BETWEEN 0 AND 23"),
    )
    op.create_table(
        "outbox",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("recipient", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("not_before", sa.Text(), nullable=False),
        sa.Column("urgent", sa.SmallInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("priority", sa.Integer(), server_default=sa.text("(100)"), nullable=False),
        sa.Column("status", sa.Text(), server_default=sa.text("'pending'"), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("idempotency_key", sa.Text(), nullable=False),
        sa.Column("broadcast_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("claimed_at", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recipient"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
        sa.CheckConstraint("urgent IN (0, 1)"),
        sa.CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed', 'skipped')"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            "outbox_broadcast",
            ["broadcast_id", "status"],
            unique=False,
            sqlite_where=sa.text("broadcast_id IS NOT NULL"),
            postgresql_where=sa.text("broadcast_id IS NOT NULL"),
        )
        batch_op.create_index("outbox_due", ["status", "not_before", "priority"], unique=False)
        batch_op.create_index(
            "outbox_pending_key",
            ["idempotency_key"],
            unique=False,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
            postgresql_ops={"idempotency_key": "text_pattern_ops"},
        )
        batch_op.create_index("outbox_recipient", ["recipient", "status"], unique=False)

    op.create_table(
        "program_watchers",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("program", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("notified_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("user_id", "program"),
    )
    with op.batch_alter_table("program_watchers", schema=None) as batch_op:
        batch_op.create_index(
            "program_watchers_waiting",
            ["program"],
            unique=False,
            sqlite_where=sa.text("notified_at IS NULL"),
            postgresql_where=sa.text("notified_at IS NULL"),
        )

    op.create_table(
        "user_roles",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("program", sa.Text(), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("granted_by", sa.BigInteger(), nullable=True),
        sa.Column("granted_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("role IN ('coordinator', 'trainer')"),
    )
    op.create_index(
        "user_roles_unique",
        "user_roles",
        ["user_id", "role", sa.text("COALESCE(program, '')"), sa.text("COALESCE(region, '')")],
        unique=True,
    )
    op.create_table(
        "webinar_registrations",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "webinar_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Text(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("registered_at", sa.Text(), nullable=False),
        sa.Column("promoted_at", sa.Text(), nullable=True),
        sa.Column("cancelled_at", sa.Text(), nullable=True),
        sa.Column("attended_at", sa.Text(), nullable=True),
        sa.Column("attended_by", sa.BigInteger(), nullable=True),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("rated_at", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(["webinar_id"], ["webinars.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("webinar_id", "user_id"),
        sa.CheckConstraint("status IN ('registered', 'waiting', 'cancelled')"),
        sa.CheckConstraint("rating BETWEEN 1 AND 5"),
    )
    with op.batch_alter_table("webinar_registrations", schema=None) as batch_op:
        batch_op.create_index(
            "webinar_registrations_list", ["webinar_id", "status", "seq"], unique=False
        )
        batch_op.create_index("webinar_registrations_user", ["user_id", "status"], unique=False)

    op.create_table(
        "application_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("from_status", sa.Text(), nullable=True),
        sa.Column("to_status", sa.Text(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("application_events", schema=None) as batch_op:
        batch_op.create_index("application_events_app", ["application_id", "id"], unique=False)

    op.create_table(
        "application_files",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("file_id", sa.Text(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.Column("mime_type", sa.Text(), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("kind IN ('photo', 'document', 'voice')"),
    )
    with op.batch_alter_table("application_files", schema=None) as batch_op:
        batch_op.create_index("application_files_app", ["application_id", "field"], unique=False)

    op.create_table(
        "application_scores",
        sa.Column(
            "application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("reviewer_id", sa.BigInteger(), nullable=False),
        sa.Column("criterion", sa.Text(), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("application_id", "reviewer_id", "criterion"),
        sa.CheckConstraint("score BETWEEN 1 AND 5"),
    )
    op.create_table(
        "loans",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("contract", sa.Text(), nullable=False),
        sa.Column("program", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("borrower_name", sa.Text(), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("invite_code", sa.Text(), nullable=True),
        sa.Column("invite_used_at", sa.Text(), nullable=True),
        sa.Column("principal", sa.BigInteger(), nullable=False),
        sa.Column("rate_bp", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("disbursed_on", sa.Text(), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=False),
        sa.Column("grace_months", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("frequency", sa.Text(), nullable=False),
        sa.Column("first_due_on", sa.Text(), nullable=False),
        sa.Column("due_day", sa.SmallInteger(), nullable=False),
        sa.Column("from_fund", sa.SmallInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("total_due", sa.BigInteger(), nullable=False),
        sa.Column("repaid", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("status", sa.Text(), server_default=sa.text("'active'"), nullable=False),
        sa.Column("coordinator_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "application_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contract"),
        sa.UniqueConstraint("invite_code"),
        sa.CheckConstraint("principal > 0"),
        sa.CheckConstraint("rate_bp >= 0"),
        sa.CheckConstraint("term_months > 0"),
        sa.CheckConstraint("grace_months >= 0"),
        sa.CheckConstraint("frequency IN ('monthly', 'quarterly')"),
        sa.CheckConstraint("due_day BETWEEN 1 AND 31"),
        sa.CheckConstraint("from_fund IN (0, 1)"),
        sa.CheckConstraint("status IN ('active', 'repaid')"),
    )
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.create_index("loans_scope", ["program", "region"], unique=False)
        batch_op.create_index("loans_user", ["user_id"], unique=False)

    op.create_table(
        "loan_instalments",
        sa.Column("loan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Text(), nullable=False),
        sa.Column("principal", sa.BigInteger(), nullable=False),
        sa.Column("interest", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("paid", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("loan_id", "n"),
    )
    with op.batch_alter_table("loan_instalments", schema=None) as batch_op:
        batch_op.create_index(
            "loan_instalments_owed",
            ["due_on", "loan_id", "n", "amount", "paid"],
            unique=False,
            sqlite_where=sa.text("paid < amount"),
            postgresql_where=sa.text("paid < amount"),
        )

    op.create_table(
        "loan_payments",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("loan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("reported_amount", sa.BigInteger(), nullable=True),
        sa.Column("paid_on", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("receipt_kind", sa.Text(), nullable=True),
        sa.Column("receipt_file_id", sa.Text(), nullable=True),
        sa.Column("receipt_name", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", sa.Text(), nullable=True),
        sa.Column("reversed_by", sa.BigInteger(), nullable=True),
        sa.Column("reversed_at", sa.Text(), nullable=True),
        sa.Column("imported", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("amount > 0"),
        sa.CheckConstraint("status IN ('reported', 'confirmed', 'rejected', 'reversed')"),
        sa.CheckConstraint("source IN ('borrower', 'coordinator')"),
        sa.CheckConstraint("receipt_kind IN ('photo', 'document')"),
    )
    with op.batch_alter_table("loan_payments", schema=None) as batch_op:
        batch_op.create_index("loan_payments_loan", ["loan_id", "id"], unique=False)
        batch_op.create_index("loan_payments_status", ["status", "loan_id"], unique=False)


def downgrade() -> None:
    # Dropping a table drops its indexes.
    op.drop_table("loan_payments")
    op.drop_table("loan_instalments")
    op.drop_table("loans")
    op.drop_table("application_scores")
    op.drop_table("application_files")
    op.drop_table("application_events")
    op.drop_table("webinar_registrations")
    op.drop_table("user_roles")
    op.drop_table("program_watchers")
    op.drop_table("outbox")
    op.drop_table("notification_prefs")
    op.drop_table("lesson_progress")
    op.drop_table("course_marks")
    op.drop_table("cohort_trainers")
    op.drop_table("cohort_members")
    op.drop_table("certificates")
    op.drop_table("broadcasts")
    op.drop_table("applications")
    op.drop_table("webinars")
    op.drop_table("users")
    op.drop_table("loan_repayments_monthly")
    op.drop_table("loan_reminder_rules")
    op.drop_table("loan_plan_days")
    op.drop_table("fsm_states")
    op.drop_table("cohorts")
    op.drop_table("audit_log")
    op.drop_table("application_numbers")
