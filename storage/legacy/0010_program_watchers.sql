-- "Tell me when it opens": people who asked to hear when a closed program takes applications
-- again. The planner notifies them once the program's window is open and stamps notified_at;
-- asking again later (for the next round) clears the stamp.
CREATE TABLE program_watchers (
    user_id      BIGINT NOT NULL REFERENCES users (id),
    program      TEXT NOT NULL,                  -- the program's code in the catalogue
    created_at   TEXT NOT NULL,
    notified_at  TEXT,
    PRIMARY KEY (user_id, program)
);
CREATE INDEX program_watchers_waiting ON program_watchers (program) WHERE notified_at IS NULL;
