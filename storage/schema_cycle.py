"""The tables of the support cycle after selection and training (revision 0003).

- **Financing contests** (`contests`, `contest_entries` with their budget lines and files,
  `contest_scores`): a coordinator opens a contest for a program (optionally a region or a
  cohort) with a window and a rubric; entrants submit business plans; jurors score them or
  recuse themselves; the coordinator confirms the winners.
- **Funded projects** (`projects`, `project_reports` and their files): a winner's loan or an
  NGO's grant, with report due dates the coordinator accepts or returns.
- **Mentoring** (`mentorships`, `mentor_checkins`): a mentor follows a funded person; check-ins
  on a schedule; a change of mentor ends one mentorship and starts another, history kept.

Conventions as in `storage.schema`: UTC moments and local dates as text, money in whole tenge.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from storage.schema_base import RowId, _id, metadata


def _files(name: str, owner: str, parent: str) -> Table:
    """Photos, documents and voice notes attached to a plan or a report."""
    return Table(
        name,
        metadata,
        _id(),
        Column(owner, RowId, ForeignKey(f"{parent}.id", ondelete="CASCADE"), nullable=False),
        Column("field", Text, nullable=False),
        Column(
            "kind", Text, CheckConstraint("kind IN ('photo', 'document', 'voice')"), nullable=False
        ),
        Column("file_id", Text, nullable=False),
        Column("file_name", Text),
        Column("mime_type", Text),
        Column("size", BigInteger),
        Column("created_at", Text, nullable=False),
        Index(f"{name}_owner", owner),
    )


contests = Table(
    "contests",
    metadata,
    _id(),
    Column("program", Text, nullable=False),
    Column("region", Text),
    Column("cohort_id", RowId, ForeignKey("cohorts.id", ondelete="SET NULL")),
    Column("title", Text, nullable=False),
    Column("opens_on", Text, nullable=False),  # local dates, both included
    Column("closes_on", Text, nullable=False),
    # The rubric as opened (JSON list of {code, kk, ru, max}): later catalogue edits don't
    # change a contest already scored.
    Column("rubric", Text, nullable=False),
    Column(
        "eligibility",
        Text,
        CheckConstraint("eligibility IN ('completed', 'approved', 'anyone')"),
        nullable=False,
        server_default=text("'completed'"),
    ),
    Column("winners", Integer),  # how many the coordinator means to fund, if said
    Column(
        "status",
        Text,
        CheckConstraint("status IN ('open', 'closed', 'decided', 'cancelled')"),
        nullable=False,
        server_default=text("'open'"),
    ),
    Column("created_by", BigInteger),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("decided_by", BigInteger),
    Column("decided_at", Text),
    Index("contests_scope", "program", "region"),
)

contest_entries = Table(
    "contest_entries",
    metadata,
    _id(),
    Column("contest_id", RowId, ForeignKey("contests.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column(
        "status",
        Text,
        CheckConstraint("status IN ('invited', 'draft', 'submitted', 'won', 'lost', 'withdrawn')"),
        nullable=False,
        server_default=text("'draft'"),
    ),
    Column("title", Text),
    Column("answers", Text, nullable=False, server_default=text("'{}'")),  # idea, market… (JSON)
    Column("budget_total", BigInteger, nullable=False, server_default=text("0")),
    Column("own_contribution", BigInteger, nullable=False, server_default=text("0")),
    Column("requested", BigInteger, nullable=False, server_default=text("0")),
    Column("jobs", Integer),
    Column("invited_at", Text),
    Column("submitted_at", Text),
    Column("decided_at", Text),
    Column("decided_by", BigInteger),
    Column("loan_id", RowId, ForeignKey("loans.id", ondelete="SET NULL")),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    UniqueConstraint("contest_id", "user_id"),
    Index("contest_entries_user", "user_id"),
    Index("contest_entries_status", "contest_id", "status"),
)

contest_budget_items = Table(
    "contest_budget_items",
    metadata,
    _id(),
    Column(
        "entry_id", RowId, ForeignKey("contest_entries.id", ondelete="CASCADE"), nullable=False
    ),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("amount", BigInteger, CheckConstraint("amount > 0"), nullable=False),
    Index("contest_budget_items_entry", "entry_id"),
)

contest_files = _files("contest_files", "entry_id", "contest_entries")

contest_scores = Table(
    "contest_scores",
    metadata,
    _id(),
    Column(
        "entry_id", RowId, ForeignKey("contest_entries.id", ondelete="CASCADE"), nullable=False
    ),
    Column("juror_id", BigInteger, ForeignKey("users.id"), nullable=False),
    Column("status", Text, CheckConstraint("status IN ('submitted', 'recused')"), nullable=False),
    Column("scores", Text, nullable=False, server_default=text("'{}'")),  # {criterion: points}
    Column("total", Integer),
    Column("comment", Text),
    Column("created_at", Text, nullable=False),
    UniqueConstraint("entry_id", "juror_id"),
    Index("contest_scores_juror", "juror_id"),
)

projects = Table(
    "projects",
    metadata,
    _id(),
    Column("kind", Text, CheckConstraint("kind IN ('loan', 'grant')"), nullable=False),
    Column("user_id", BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("program", Text, nullable=False),
    Column("region", Text),
    Column("title", Text, nullable=False),
    Column("amount", BigInteger, CheckConstraint("amount > 0"), nullable=False),
    Column("funded_on", Text, nullable=False),
    Column("loan_id", RowId, ForeignKey("loans.id", ondelete="SET NULL"), unique=True),
    Column("entry_id", RowId, ForeignKey("contest_entries.id", ondelete="SET NULL")),
    Column("reports_every_months", Integer, nullable=False, server_default=text("3")),
    Column(
        "status",
        Text,
        CheckConstraint("status IN ('active', 'closed')"),
        nullable=False,
        server_default=text("'active'"),
    ),
    Column("created_by", BigInteger),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Index("projects_user", "user_id"),
    Index("projects_scope", "program", "region"),
)

project_reports = Table(
    "project_reports",
    metadata,
    _id(),
    Column("project_id", RowId, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("n", Integer, nullable=False),
    Column("due_on", Text, nullable=False),
    Column(
        "status",
        Text,
        CheckConstraint("status IN ('due', 'submitted', 'returned', 'accepted')"),
        nullable=False,
        server_default=text("'due'"),
    ),
    Column("people_reached", Integer),
    Column("spent", BigInteger),
    Column("jobs", Integer),
    Column("summary", Text),
    Column("comment", Text),  # the coordinator's, when returned
    Column("submitted_at", Text),
    Column("decided_at", Text),
    Column("decided_by", BigInteger),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    UniqueConstraint("project_id", "n"),
    Index("project_reports_due", "status", "due_on"),
)

project_report_files = _files("project_report_files", "report_id", "project_reports")

mentorships = Table(
    "mentorships",
    metadata,
    _id(),
    Column("mentee_id", BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("mentor_id", BigInteger, ForeignKey("users.id"), nullable=False),
    Column("program", Text, nullable=False),
    Column("region", Text),
    Column("project_id", RowId, ForeignKey("projects.id", ondelete="SET NULL")),
    Column("every_months", Integer, CheckConstraint("every_months > 0"), nullable=False),
    Column("starts_on", Text, nullable=False),
    Column(
        "status",
        Text,
        CheckConstraint("status IN ('active', 'ended')"),
        nullable=False,
        server_default=text("'active'"),
    ),
    Column("assigned_by", BigInteger),
    Column("assigned_at", Text, nullable=False),
    Column("ended_by", BigInteger),
    Column("ended_at", Text),
    Index("mentorships_mentor", "mentor_id", "status"),
    Index("mentorships_mentee", "mentee_id"),
)

mentor_checkins = Table(
    "mentor_checkins",
    metadata,
    _id(),
    Column(
        "mentorship_id", RowId, ForeignKey("mentorships.id", ondelete="CASCADE"), nullable=False
    ),
    Column("n", Integer, nullable=False),
    Column("due_on", Text, nullable=False),
    Column(
        "status",
        Text,
        CheckConstraint("status IN ('due', 'answered', 'missed')"),
        nullable=False,
        server_default=text("'due'"),
    ),
    Column("note", Text),
    Column("note_kind", Text, CheckConstraint("note_kind IN ('text', 'voice', 'photo')")),
    Column("note_file_id", Text),
    Column("answered_at", Text),
    Column("assessment", Text),
    Column("rating", SmallInteger, CheckConstraint("rating BETWEEN 1 AND 3")),
    Column("assessed_at", Text),
    Column("reminded_at", Text),
    Column("escalated_at", Text),
    Column("created_at", Text, nullable=False),
    UniqueConstraint("mentorship_id", "n"),
    Index("mentor_checkins_due", "status", "due_on"),
)

# Money columns `copy-db` totals on both sides.
CYCLE_MONEY = (
    ("contest_entries", "budget_total"),
    ("contest_entries", "own_contribution"),
    ("contest_entries", "requested"),
    ("contest_budget_items", "amount"),
    ("projects", "amount"),
    ("project_reports", "spent"),
)
