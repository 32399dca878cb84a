-- The notification outbox: one row per message to send. Planning code inserts rows; the sender
-- claims due rows, sends them through the rate limiter and records the outcome.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    recipient        BIGINT NOT NULL REFERENCES users (id),
    kind             TEXT NOT NULL,                 -- 'l10n', 'broadcast', ...
    payload          TEXT NOT NULL DEFAULT '{}',    -- JSON: a Fluent key and args, or a broadcast
    not_before       TEXT NOT NULL,                 -- UTC; not sent earlier
    urgent           SMALLINT NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),  -- ignores quiet hours
    priority         INTEGER NOT NULL DEFAULT 100,  -- lower is sooner
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
    attempts         INTEGER NOT NULL DEFAULT 0,    -- failed tries so far
    last_error       TEXT,
    idempotency_key  TEXT NOT NULL UNIQUE,          -- e.g. 'loan:42:inst:7:due-3d'
    broadcast_id     BIGINT,
    created_at       TEXT NOT NULL,
    claimed_at       TEXT,                          -- when the row went 'sending'
    sent_at          TEXT,
    updated_at       TEXT NOT NULL                  -- last status change (e.g. when cancelled)
);
-- The claim query: pending rows that are due, by priority.
CREATE INDEX outbox_due ON outbox (status, not_before, priority);
-- Cancel by key prefix only looks at pending rows (the LIKE runs over this small index).
-- On PostgreSQL, add an index with text_pattern_ops on idempotency_key to make LIKE 'x%' seek.
CREATE INDEX outbox_pending_key ON outbox (idempotency_key) WHERE status = 'pending';
-- A blocked user's pending rows.
CREATE INDEX outbox_recipient ON outbox (recipient, status);
-- Progress of a broadcast.
CREATE INDEX outbox_broadcast ON outbox (broadcast_id, status);
