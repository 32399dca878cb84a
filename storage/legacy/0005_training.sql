-- Training: cohorts get their course, schedule and join code; progress, certificates.
ALTER TABLE cohorts ADD COLUMN course TEXT;                          -- the course's code
ALTER TABLE cohorts ADD COLUMN starts_on TEXT;                       -- local date of lesson 1
ALTER TABLE cohorts ADD COLUMN weekdays_only SMALLINT NOT NULL DEFAULT 0;  -- no lessons Sat/Sun
ALTER TABLE cohorts ADD COLUMN release_time TEXT NOT NULL DEFAULT '09:00';  -- local HH:MM
ALTER TABLE cohorts ADD COLUMN capacity INTEGER;                     -- NULL: no limit
ALTER TABLE cohorts ADD COLUMN join_code TEXT;                       -- t.me/<bot>?start=c_<code>
ALTER TABLE cohorts ADD COLUMN created_by BIGINT;
ALTER TABLE cohorts ADD COLUMN planned_through INTEGER NOT NULL DEFAULT 0;  -- releases queued
CREATE UNIQUE INDEX cohorts_join_code ON cohorts (join_code);
CREATE INDEX cohorts_course ON cohorts (course, starts_on);

-- How far the reminders have gone: lessons up to this number were already reminded about.
ALTER TABLE cohort_members ADD COLUMN reminded_through INTEGER NOT NULL DEFAULT 0;

-- Lessons done, per person and course: moving to another cohort of the course keeps them.
CREATE TABLE lesson_progress (
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course   TEXT NOT NULL,
    lesson   INTEGER NOT NULL,
    done_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, course, lesson)
);

-- Completion certificates; anyone can check a number with /verify.
CREATE TABLE certificates (
    number        TEXT PRIMARY KEY,                 -- e.g. BB-7K3M-9Q2X
    user_id       BIGINT NOT NULL REFERENCES users (id),
    course        TEXT NOT NULL,
    cohort_id     INTEGER REFERENCES cohorts (id),
    holder_name   TEXT NOT NULL,                    -- as printed; kept if the account is erased
    completed_on  TEXT NOT NULL,                    -- local date
    issued_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX certificates_once ON certificates (user_id, course);

-- Most outbox rows are not broadcasts (a lesson a day per trainee): index only those that are.
DROP INDEX outbox_broadcast;
CREATE INDEX outbox_broadcast ON outbox (broadcast_id, status) WHERE broadcast_id IS NOT NULL;
