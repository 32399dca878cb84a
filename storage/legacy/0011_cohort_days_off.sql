-- Training: a cohort's own days off, and what each person has had of a course whatever cohort
-- they were in (a move keeps lessons given open, and a reminder is never repeated for a lesson).

-- Local dates without a lesson, chosen by the coordinator: 'YYYY-MM-DD,YYYY-MM-DD' ('' none).
-- Public holidays need no row: weekdays-only cohorts skip them by the calendar.
ALTER TABLE cohorts ADD COLUMN days_off TEXT NOT NULL DEFAULT '';

-- Per person and course: lessons opened to them in cohorts they have left (they stay open), and
-- the highest lesson a reminder has named (the next reminder names only newer ones).
CREATE TABLE course_marks (
    user_id           BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course            TEXT NOT NULL,
    opened_through    INTEGER NOT NULL DEFAULT 0,
    reminded_through  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, course)
);

-- What was counted per membership until now becomes the person's.
INSERT INTO course_marks (user_id, course, reminded_through)
SELECT m.user_id, c.course, MAX(m.reminded_through)
FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id
WHERE c.course IS NOT NULL AND m.reminded_through > 0
GROUP BY m.user_id, c.course;
