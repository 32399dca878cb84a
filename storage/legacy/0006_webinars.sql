-- Webinars: created by coordinators (or seed-demo), registered for in the chat.
CREATE TABLE webinars (
    id              INTEGER PRIMARY KEY,
    title_kk        TEXT NOT NULL,
    title_ru        TEXT NOT NULL,
    description_kk  TEXT NOT NULL DEFAULT '',
    description_ru  TEXT NOT NULL DEFAULT '',
    speaker         TEXT NOT NULL,
    starts_at       TEXT NOT NULL,                  -- UTC
    duration_min    INTEGER NOT NULL CHECK (duration_min BETWEEN 10 AND 600),
    language        TEXT NOT NULL CHECK (language IN ('kk', 'ru', 'both')),  -- of delivery
    capacity        INTEGER CHECK (capacity IS NULL OR capacity > 0),        -- NULL: no limit
    join_url        TEXT NOT NULL,                  -- shown to registered people only
    program         TEXT,                           -- the program's code in the catalogue
    questions       TEXT NOT NULL DEFAULT '',       -- asked at registration: 'email,org,region'
    recording_url   TEXT,
    status          TEXT NOT NULL DEFAULT 'scheduled'
                    CHECK (status IN ('scheduled', 'cancelled')),
    version         INTEGER NOT NULL DEFAULT 1,     -- +1 when the time or the link changes:
                                                    -- reminders are planned again under new keys
    demo_key        TEXT UNIQUE,                    -- seed-demo's own webinars
    created_by      BIGINT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    cancelled_at    TEXT
);
CREATE INDEX webinars_start ON webinars (status, starts_at);

-- One row per person and webinar; registering again after cancelling reuses it with a new seq.
CREATE TABLE webinar_registrations (
    id             INTEGER PRIMARY KEY,
    webinar_id     INTEGER NOT NULL REFERENCES webinars (id) ON DELETE CASCADE,
    user_id        BIGINT NOT NULL REFERENCES users (id),
    status         TEXT NOT NULL CHECK (status IN ('registered', 'waiting', 'cancelled')),
    seq            INTEGER NOT NULL,                -- order of (re)registration: the waiting list
    answers        TEXT NOT NULL DEFAULT '{}',      -- JSON: email, org, region
    registered_at  TEXT NOT NULL,                   -- the latest (re)registration
    promoted_at    TEXT,                            -- from the waiting list
    cancelled_at   TEXT,
    attended_at    TEXT,                            -- «I'm here», or marked by a coordinator
    attended_by    BIGINT,                          -- the coordinator; NULL when self-marked
    rating         SMALLINT CHECK (rating BETWEEN 1 AND 5),
    comment        TEXT,
    rated_at       TEXT,
    UNIQUE (webinar_id, user_id)
);
CREATE INDEX webinar_registrations_list ON webinar_registrations (webinar_id, status, seq);
CREATE INDEX webinar_registrations_user ON webinar_registrations (user_id, status);
