-- Coordinators' announcements. The content (a Kazakh and/or a Russian version, each text or a
-- photo/document with a caption) and the audience (composable filters) are JSON; every recipient
-- gets one outbox row (kind 'broadcast', key 'bc:<id>:<user>') when the broadcast starts.
CREATE TABLE broadcasts (
    id                   INTEGER PRIMARY KEY,
    author_id            BIGINT NOT NULL REFERENCES users (id),
    content              TEXT NOT NULL,                 -- JSON {"kk": {...}, "ru": {...}}
    audience             TEXT NOT NULL DEFAULT '[]',    -- JSON [[kind, value], ...], ANDed
    status               TEXT NOT NULL DEFAULT 'scheduled'
                         CHECK (status IN ('scheduled', 'sending', 'done', 'cancelled')),
    scheduled_at         TEXT NOT NULL,                 -- UTC; when it starts (now for "send now")
    paid                 SMALLINT NOT NULL DEFAULT 0 CHECK (paid IN (0, 1)),  -- allow_paid_broadcast
    recipients           INTEGER NOT NULL DEFAULT 0,    -- rows queued when it started
    progress_chat_id     BIGINT,                        -- the author's progress message
    progress_message_id  BIGINT,
    progress_at          TEXT,                          -- last edit of that message (UTC)
    created_at           TEXT NOT NULL,
    started_at           TEXT,
    finished_at          TEXT,
    updated_at           TEXT NOT NULL
);
-- The tick job: scheduled broadcasts that are due, and the ones being sent.
CREATE INDEX broadcasts_status ON broadcasts (status, scheduled_at);
CREATE INDEX broadcasts_author ON broadcasts (author_id, id);

-- A person's home region, as features learn it (an application's region, a cohort's, a loan's).
-- Audience filters by region read it.
ALTER TABLE users ADD COLUMN region TEXT;
CREATE INDEX users_region ON users (region);

-- Cohorts of a course and who is in them: the minimum broadcasts need (trainers may write only to
-- their own cohorts). The training feature adds the course, schedule and join code columns.
CREATE TABLE cohorts (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    region      TEXT,
    district    TEXT,
    created_at  TEXT NOT NULL
);
CREATE TABLE cohort_trainers (
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (cohort_id, user_id)
);
CREATE INDEX cohort_trainers_user ON cohort_trainers (user_id);
CREATE TABLE cohort_members (
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at  TEXT NOT NULL,
    left_at    TEXT,                                   -- left the course (kept for the record)
    PRIMARY KEY (cohort_id, user_id)
);
CREATE INDEX cohort_members_user ON cohort_members (user_id);
