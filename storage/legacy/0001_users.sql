-- People who have talked to the bot. The id is the Telegram user id.
CREATE TABLE users (
    id            BIGINT PRIMARY KEY,
    first_name    TEXT,
    last_name     TEXT,
    username      TEXT,
    language      TEXT CHECK (language IN ('kk', 'ru')),   -- chosen in the bot; NULL until chosen
    tg_language   TEXT,                                   -- Telegram's language_code, as last seen
    consent_at    TEXT,                                   -- personal-data consent (UTC)
    blocked_at    TEXT,                                   -- set on 403, cleared when they write
    deleted_at    TEXT,                                   -- personal data erased on request
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL
);

-- Coordinator and trainer roles, optionally limited to a program and/or a region.
CREATE TABLE user_roles (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('coordinator', 'trainer')),
    program     TEXT,
    region      TEXT,
    granted_by  BIGINT,
    granted_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX user_roles_unique
    ON user_roles (user_id, role, COALESCE(program, ''), COALESCE(region, ''));

-- aiogram FSM state and data, so a half-finished flow survives a restart.
CREATE TABLE fsm_states (
    storage_key  TEXT PRIMARY KEY,
    user_id      BIGINT,
    state        TEXT,
    data         TEXT NOT NULL DEFAULT '{}',
    updated_at   TEXT NOT NULL
);
CREATE INDEX fsm_states_user ON fsm_states (user_id);

-- Who did what: role changes, data deletions, later decisions on applications and payments.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    actor_id  BIGINT,
    action    TEXT NOT NULL,
    subject   TEXT,
    details   TEXT,
    at        TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject);
