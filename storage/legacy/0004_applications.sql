-- Applications to programs (the programs themselves are data files: bot/data/programs/*.toml).
CREATE TABLE applications (
    id             INTEGER PRIMARY KEY,
    number         TEXT UNIQUE,                    -- BB-2026-000123, given on submission
    program        TEXT NOT NULL,                  -- the program's code in the catalogue
    user_id        BIGINT NOT NULL REFERENCES users (id),
    status         TEXT NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'submitted', 'in_review', 'info_requested',
                                     'approved', 'rejected', 'withdrawn')),
    answers        TEXT NOT NULL DEFAULT '{}',     -- JSON: field code → answer
    step           TEXT,                           -- the field the applicant is at (drafts)
    region         TEXT,                           -- copied from the answers, for review filters
    district       TEXT,
    decision_note  TEXT,                           -- the reason of a rejection, shown to them
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,                  -- the last answer or change
    submitted_at   TEXT,
    decided_at     TEXT,
    reminded_at    TEXT                            -- the one reminder about a forgotten draft
);
-- One active application per program and person ('rejected' and 'withdrawn' may apply again).
CREATE UNIQUE INDEX applications_active ON applications (user_id, program)
    WHERE status NOT IN ('rejected', 'withdrawn');
CREATE INDEX applications_queue ON applications (status, program, region, submitted_at);
CREATE INDEX applications_user ON applications (user_id, created_at);

-- Photos and documents sent for attachment fields (Telegram file ids; the bytes stay there).
CREATE TABLE application_files (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    field           TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('photo', 'document', 'voice')),
    file_id         TEXT NOT NULL,
    file_name       TEXT,
    mime_type       TEXT,
    size            INTEGER,
    created_at      TEXT NOT NULL
);
CREATE INDEX application_files_app ON application_files (application_id, field);

-- Every status change and message: who, when, what was said (the audit trail).
CREATE TABLE application_events (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    actor_id        BIGINT,
    kind            TEXT NOT NULL,       -- 'status', 'question', 'answer', 'note'
    from_status     TEXT,
    to_status       TEXT,
    comment         TEXT,
    at              TEXT NOT NULL
);
CREATE INDEX application_events_app ON application_events (application_id, id);

-- Reviewers' scores, 1–5 per criterion; the card shows the average.
CREATE TABLE application_scores (
    application_id  INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    reviewer_id     BIGINT NOT NULL,
    criterion       TEXT NOT NULL,
    score           SMALLINT NOT NULL CHECK (score BETWEEN 1 AND 5),
    at              TEXT NOT NULL,
    PRIMARY KEY (application_id, reviewer_id, criterion)
);

-- Application numbers run per program prefix and year.
CREATE TABLE application_numbers (
    prefix  TEXT NOT NULL,
    year    INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (prefix, year)
);
