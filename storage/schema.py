"""The schema, as SQLAlchemy tables: what Alembic's revisions build and `copy-db` walks.

Conventions (the same on SQLite and PostgreSQL): moments are UTC text `YYYY-MM-DDTHH:MM:SS` and
local dates `YYYY-MM-DD` text (both sort and compare as text); money is whole tenge (BIGINT);
flags are 0/1 SMALLINT; Telegram ids are BIGINT. A row id is SQLite's INTEGER PRIMARY KEY (the
rowid) and PostgreSQL's BIGINT identity.

A change to the schema is a new Alembic revision (`storage/alembic/versions/`) *and* the change
here; `tests/storage/test_migrations.py` checks that the two agree on both engines.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)

# The newest Alembic revision lives in storage/revision.py (read at start-up without SQLAlchemy).
from storage.revision import HEAD as HEAD
from storage.schema_base import RowId, _flag, _id
from storage.schema_base import metadata as metadata
from storage.schema_cycle import CYCLE_MONEY

users = Table(
    "users",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("first_name", Text),
    Column("last_name", Text),
    Column("username", Text),
    Column("language", Text, CheckConstraint("language IN ('kk', 'ru')")),
    Column("tg_language", Text),
    Column("consent_at", Text),
    Column("blocked_at", Text),
    Column("deleted_at", Text),
    Column("created_at", Text, nullable=False),
    Column("last_seen_at", Text, nullable=False),
    Column("region", Text),
    # The staff command list last published to the person's chat (`<language>:<commands>`).
    Column("commands", Text),
    Index("users_region", "region"),
)

user_roles = Table(
    "user_roles",
    metadata,
    _id(),
    Column("user_id", BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column(
        "role",
        Text,
        CheckConstraint("role IN ('coordinator', 'trainer', 'juror', 'mentor')"),
        nullable=False,
    ),
    Column("program", Text),
    Column("region", Text),
    Column("granted_by", BigInteger),
    Column("granted_at", Text, nullable=False),
)
Index(
    "user_roles_unique",
    user_roles.c.user_id,
    user_roles.c.role,
    func.coalesce(user_roles.c.program, text("''")),
    func.coalesce(user_roles.c.region, text("''")),
    unique=True,
)

fsm_states = Table(
    "fsm_states",
    metadata,
    Column("storage_key", Text, primary_key=True),
    Column("user_id", BigInteger),
    Column("state", Text),
    Column("data", Text, nullable=False, server_default=text("'{}'")),
    Column("updated_at", Text, nullable=False),
    Index("fsm_states_user", "user_id"),
)

audit_log = Table(
    "audit_log",
    metadata,
    _id(),
    Column("actor_id", BigInteger),
    Column("action", Text, nullable=False),
    Column("subject", Text),
    Column("details", Text),
    Column("at", Text, nullable=False),
    Index("audit_log_subject", "subject"),
)

outbox = Table(
    "outbox",
    metadata,
    _id(),
    Column("recipient", BigInteger, ForeignKey("users.id"), nullable=False),
    Column("kind", Text, nullable=False),
    Column("payload", Text, nullable=False, server_default=text("'{}'")),
    Column("not_before", Text, nullable=False),
    _flag("urgent"),
    Column("priority", Integer, nullable=False, server_default=text("100")),
    Column(
        "status",
        Text,
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed', 'skipped')"),
        nullable=False,
        server_default=text("'pending'"),
    ),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("last_error", Text),
    Column("idempotency_key", Text, nullable=False, unique=True),
    Column("broadcast_id", BigInteger),
    Column("created_at", Text, nullable=False),
    Column("claimed_at", Text),
    Column("sent_at", Text),
    Column("updated_at", Text, nullable=False),
    # Which sender holds a row it is sending (revision 0002): a dead sender's rows go back.
    Column("claimed_by", Text),
    Index("outbox_due", "status", "not_before", "priority"),
    # PostgreSQL only (revision 0005 drops it on SQLite, whose LIKE no index serves: there
    # `Outbox` finds a key prefix as a range on the unique index instead).
    Index(
        "outbox_pending_key",
        "idempotency_key",
        postgresql_where=text("status = 'pending'"),
        postgresql_ops={"idempotency_key": "text_pattern_ops"},
    ).ddl_if(dialect="postgresql"),
    Index("outbox_recipient", "recipient", "status"),
    Index(
        "outbox_broadcast",
        "broadcast_id",
        "status",
        sqlite_where=text("broadcast_id IS NOT NULL"),
        postgresql_where=text("broadcast_id IS NOT NULL"),
    ),
    Index(
        "outbox_claimed",
        "claimed_by",
        sqlite_where=text("status = 'sending'"),
        postgresql_where=text("status = 'sending'"),
    ),
)

broadcasts = Table(
    "broadcasts",
    metadata,
    _id(),
    Column("author_id", BigInteger, ForeignKey("users.id"), nullable=False),
    Column("content", Text, nullable=False),
    Column("audience", Text, nullable=False, server_default=text("'[]'")),
    Column(
        "status",
        Text,
        CheckConstraint("status IN ('scheduled', 'sending', 'done', 'cancelled')"),
        nullable=False,
        server_default=text("'scheduled'"),
    ),
    Column("scheduled_at", Text, nullable=False),
    _flag("paid"),
    Column("recipients", Integer, nullable=False, server_default=text("0")),
    Column("progress_chat_id", BigInteger),
    Column("progress_message_id", BigInteger),
    Column("progress_at", Text),
    Column("created_at", Text, nullable=False),
    Column("started_at", Text),
    Column("finished_at", Text),
    Column("updated_at", Text, nullable=False),
    Index("broadcasts_status", "status", "scheduled_at"),
    Index("broadcasts_author", "author_id", "id"),
)

cohorts = Table(
    "cohorts",
    metadata,
    _id(),
    Column("name", Text, nullable=False),
    Column("region", Text),
    Column("district", Text),
    Column("created_at", Text, nullable=False),
    Column("course", Text),
    Column("starts_on", Text),
    Column("weekdays_only", SmallInteger, nullable=False, server_default=text("0")),
    Column("release_time", Text, nullable=False, server_default=text("'09:00'")),
    Column("capacity", Integer),
    Column("join_code", Text),
    Column("created_by", BigInteger),
    Column("planned_through", Integer, nullable=False, server_default=text("0")),
    Column("days_off", Text, nullable=False, server_default=text("''")),
    Index("cohorts_join_code", "join_code", unique=True),
    Index("cohorts_course", "course", "starts_on"),
)

cohort_trainers = Table(
    "cohort_trainers",
    metadata,
    Column("cohort_id", RowId, ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    PrimaryKeyConstraint("cohort_id", "user_id"),
    Index("cohort_trainers_user", "user_id"),
)

cohort_members = Table(
    "cohort_members",
    metadata,
    Column("cohort_id", RowId, ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("joined_at", Text, nullable=False),
    Column("left_at", Text),
    Column("reminded_through", Integer, nullable=False, server_default=text("0")),
    PrimaryKeyConstraint("cohort_id", "user_id"),
    Index("cohort_members_user", "user_id"),
)

applications = Table(
    "applications",
    metadata,
    _id(),
    Column("number", Text, unique=True),
    Column("program", Text, nullable=False),
    Column("user_id", BigInteger, ForeignKey("users.id"), nullable=False),
    Column(
        "status",
        Text,
        CheckConstraint(
            "status IN ('draft', 'submitted', 'in_review', 'info_requested', 'approved',"
            " 'rejected', 'withdrawn')"
        ),
        nullable=False,
        server_default=text("'draft'"),
    ),
    Column("answers", Text, nullable=False, server_default=text("'{}'")),
    Column("step", Text),
    Column("region", Text),
    Column("district", Text),
    Column("decision_note", Text),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("submitted_at", Text),
    Column("decided_at", Text),
    Column("reminded_at", Text),
    Index(
        "applications_active",
        "user_id",
        "program",
        unique=True,
        sqlite_where=text("status NOT IN ('rejected', 'withdrawn')"),
        postgresql_where=text("status NOT IN ('rejected', 'withdrawn')"),
    ),
    Index("applications_queue", "status", "program", "region", "submitted_at"),
    Index("applications_user", "user_id", "created_at"),
)

application_files = Table(
    "application_files",
    metadata,
    _id(),
    Column(
        "application_id",
        RowId,
        ForeignKey("applications.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("field", Text, nullable=False),
    Column(
        "kind", Text, CheckConstraint("kind IN ('photo', 'document', 'voice')"), nullable=False
    ),
    Column("file_id", Text, nullable=False),
    Column("file_name", Text),
    Column("mime_type", Text),
    Column("size", BigInteger),
    Column("created_at", Text, nullable=False),
    Index("application_files_app", "application_id", "field"),
)

application_events = Table(
    "application_events",
    metadata,
    _id(),
    Column(
        "application_id",
        RowId,
        ForeignKey("applications.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("actor_id", BigInteger),
    Column("kind", Text, nullable=False),
    Column("from_status", Text),
    Column("to_status", Text),
    Column("comment", Text),
    Column("at", Text, nullable=False),
    Index("application_events_app", "application_id", "id"),
)

application_scores = Table(
    "application_scores",
    metadata,
    Column(
        "application_id",
        RowId,
        ForeignKey("applications.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("reviewer_id", BigInteger, nullable=False),
    Column("criterion", Text, nullable=False),
    Column("score", SmallInteger, CheckConstraint("score BETWEEN 1 AND 5"), nullable=False),
    Column("at", Text, nullable=False),
    PrimaryKeyConstraint("application_id", "reviewer_id", "criterion"),
)

application_numbers = Table(
    "application_numbers",
    metadata,
    Column("prefix", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("last", Integer, nullable=False),
    PrimaryKeyConstraint("prefix", "year"),
)

lesson_progress = Table(
    "lesson_progress",
    metadata,
    Column("user_id", BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("course", Text, nullable=False),
    Column("lesson", Integer, nullable=False),
    Column("done_at", Text, nullable=False),
    PrimaryKeyConstraint("user_id", "course", "lesson"),
)

certificates = Table(
    "certificates",
    metadata,
    Column("number", Text, primary_key=True),
    Column("user_id", BigInteger, ForeignKey("users.id"), nullable=False),
    Column("course", Text, nullable=False),
    Column("cohort_id", RowId, ForeignKey("cohorts.id")),
    Column("holder_name", Text, nullable=False),
    Column("completed_on", Text, nullable=False),
    Column("issued_at", Text, nullable=False),
    Index("certificates_once", "user_id", "course", unique=True),
)

webinars = Table(
    "webinars",
    metadata,
    _id(),
    Column("title_kk", Text, nullable=False),
    Column("title_ru", Text, nullable=False),
    Column("description_kk", Text, nullable=False, server_default=text("''")),
    Column("description_ru", Text, nullable=False, server_default=text("''")),
    Column("speaker", Text, nullable=False),
    Column("starts_at", Text, nullable=False),
    Column(
        "duration_min",
        Integer,
        CheckConstraint("duration_min BETWEEN 10 AND 600"),
        nullable=False,
    ),
    Column("language", Text, CheckConstraint("language IN ('kk', 'ru', 'both')"), nullable=False),
    Column("capacity", Integer, CheckConstraint("capacity IS NULL OR capacity > 0")),
    Column("join_url", Text, nullable=False),
    Column("program", Text),
    Column("questions", Text, nullable=False, server_default=text("''")),
    Column("recording_url", Text),
    Column(
        "status",
        Text,
        CheckConstraint("status IN ('scheduled', 'cancelled')"),
        nullable=False,
        server_default=text("'scheduled'"),
    ),
    Column("version", Integer, nullable=False, server_default=text("1")),
    Column("demo_key", Text, unique=True),
    Column("created_by", BigInteger),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("cancelled_at", Text),
    Index("webinars_start", "status", "starts_at"),
)

webinar_registrations = Table(
    "webinar_registrations",
    metadata,
    _id(),
    Column("webinar_id", RowId, ForeignKey("webinars.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", BigInteger, ForeignKey("users.id"), nullable=False),
    Column(
        "status",
        Text,
        CheckConstraint("status IN ('registered', 'waiting', 'cancelled')"),
        nullable=False,
    ),
    Column("seq", Integer, nullable=False),
    Column("answers", Text, nullable=False, server_default=text("'{}'")),
    Column("registered_at", Text, nullable=False),
    Column("promoted_at", Text),
    Column("cancelled_at", Text),
    Column("attended_at", Text),
    Column("attended_by", BigInteger),
    Column("rating", SmallInteger, CheckConstraint("rating BETWEEN 1 AND 5")),
    Column("comment", Text),
    Column("rated_at", Text),
    UniqueConstraint("webinar_id", "user_id"),
    Index("webinar_registrations_list", "webinar_id", "status", "seq"),
    Index("webinar_registrations_user", "user_id", "status"),
)

loans = Table(
    "loans",
    metadata,
    _id(),
    Column("contract", Text, nullable=False, unique=True),
    Column("program", Text, nullable=False),
    Column("region", Text),
    Column("borrower_name", Text),
    Column("user_id", BigInteger, ForeignKey("users.id")),
    Column("invite_code", Text, unique=True),
    Column("invite_used_at", Text),
    Column("principal", BigInteger, CheckConstraint("principal > 0"), nullable=False),
    Column(
        "rate_bp",
        Integer,
        CheckConstraint("rate_bp >= 0"),
        nullable=False,
        server_default=text("0"),
    ),
    Column("disbursed_on", Text, nullable=False),
    Column("term_months", Integer, CheckConstraint("term_months > 0"), nullable=False),
    Column(
        "grace_months",
        Integer,
        CheckConstraint("grace_months >= 0"),
        nullable=False,
        server_default=text("0"),
    ),
    Column(
        "frequency",
        Text,
        CheckConstraint("frequency IN ('monthly', 'quarterly')"),
        nullable=False,
    ),
    Column("first_due_on", Text, nullable=False),
    Column("due_day", SmallInteger, CheckConstraint("due_day BETWEEN 1 AND 31"), nullable=False),
    _flag("from_fund"),
    Column("total_due", BigInteger, nullable=False),
    Column("repaid", BigInteger, nullable=False, server_default=text("0")),
    Column(
        "status",
        Text,
        CheckConstraint("status IN ('active', 'repaid')"),
        nullable=False,
        server_default=text("'active'"),
    ),
    Column("coordinator_id", BigInteger),
    Column("application_id", RowId, ForeignKey("applications.id")),
    Column("created_by", BigInteger),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Index("loans_user", "user_id"),
    Index("loans_scope", "program", "region"),
)

loan_instalments = Table(
    "loan_instalments",
    metadata,
    Column("loan_id", RowId, ForeignKey("loans.id", ondelete="CASCADE"), nullable=False),
    Column("n", Integer, nullable=False),
    Column("due_on", Text, nullable=False),
    Column("principal", BigInteger, nullable=False),
    Column("interest", BigInteger, nullable=False, server_default=text("0")),
    Column("amount", BigInteger, nullable=False),
    Column("paid", BigInteger, nullable=False, server_default=text("0")),
    PrimaryKeyConstraint("loan_id", "n"),
    Index(
        "loan_instalments_owed",
        "due_on",
        "loan_id",
        "n",
        "amount",
        "paid",
        sqlite_where=text("paid < amount"),
        postgresql_where=text("paid < amount"),
    ),
)

loan_payments = Table(
    "loan_payments",
    metadata,
    _id(),
    Column("loan_id", RowId, ForeignKey("loans.id", ondelete="CASCADE"), nullable=False),
    Column("amount", BigInteger, CheckConstraint("amount > 0"), nullable=False),
    Column("reported_amount", BigInteger),
    Column("paid_on", Text, nullable=False),
    Column(
        "status",
        Text,
        CheckConstraint("status IN ('reported', 'confirmed', 'rejected', 'reversed')"),
        nullable=False,
    ),
    Column(
        "source", Text, CheckConstraint("source IN ('borrower', 'coordinator')"), nullable=False
    ),
    Column("receipt_kind", Text, CheckConstraint("receipt_kind IN ('photo', 'document')")),
    Column("receipt_file_id", Text),
    Column("receipt_name", Text),
    Column("reason", Text),
    Column("created_by", BigInteger),
    Column("created_at", Text, nullable=False),
    Column("decided_by", BigInteger),
    Column("decided_at", Text),
    Column("reversed_by", BigInteger),
    Column("reversed_at", Text),
    Column("imported", Integer, nullable=False, server_default=text("0")),
    Index("loan_payments_loan", "loan_id", "id"),
    Index("loan_payments_status", "status", "loan_id"),
)

loan_repayments_monthly = Table(
    "loan_repayments_monthly",
    metadata,
    Column("program", Text, nullable=False),
    Column("region", Text, nullable=False, server_default=text("''")),
    Column("month", Text, nullable=False),
    Column("amount", BigInteger, nullable=False, server_default=text("0")),
    PrimaryKeyConstraint("program", "region", "month"),
)

loan_reminder_rules = Table(
    "loan_reminder_rules",
    metadata,
    Column("program", Text, primary_key=True),
    Column("before", Text, nullable=False),
    Column("after", Text, nullable=False),
    Column("updated_by", BigInteger),
    Column("updated_at", Text, nullable=False),
)

loan_plan_days = Table(
    "loan_plan_days",
    metadata,
    Column("day", Text, primary_key=True),
    Column("rows", Integer, nullable=False),
    Column("planned_at", Text, nullable=False),
)

notification_prefs = Table(
    "notification_prefs",
    metadata,
    Column("user_id", BigInteger, ForeignKey("users.id"), primary_key=True, autoincrement=False),
    Column("remind_hour", Integer, CheckConstraint("remind_hour BETWEEN 0 AND 23")),
    Column("mute_nudges", Integer, nullable=False, server_default=text("0")),
    Column("updated_at", Text, nullable=False),
)

program_watchers = Table(
    "program_watchers",
    metadata,
    Column("user_id", BigInteger, ForeignKey("users.id"), nullable=False),
    Column("program", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("notified_at", Text),
    PrimaryKeyConstraint("user_id", "program"),
    Index(
        "program_watchers_waiting",
        "program",
        sqlite_where=text("notified_at IS NULL"),
        postgresql_where=text("notified_at IS NULL"),
    ),
)

course_marks = Table(
    "course_marks",
    metadata,
    Column("user_id", BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("course", Text, nullable=False),
    Column("opened_through", Integer, nullable=False, server_default=text("0")),
    Column("reminded_through", Integer, nullable=False, server_default=text("0")),
    PrimaryKeyConstraint("user_id", "course"),
)

# Money columns `copy-db` totals on both sides: (table, column).
MONEY = (
    ("loans", "principal"),
    ("loans", "total_due"),
    ("loans", "repaid"),
    ("loan_instalments", "amount"),
    ("loan_instalments", "paid"),
    ("loan_payments", "amount"),
    ("loan_repayments_monthly", "amount"),
    *CYCLE_MONEY,
)
