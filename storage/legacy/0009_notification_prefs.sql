-- When a person wants to be reminded: the local hour for daily reminders (course lessons and
-- reminders, loan reminders; NULL: each feature's own time) and whether nudges and digests are
-- muted. Quiet hours stay the outer bound; what a person asked for is never muted.
CREATE TABLE notification_prefs (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id),
    remind_hour INTEGER CHECK (remind_hour BETWEEN 0 AND 23),
    mute_nudges INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT NOT NULL
);
