-- Loans and repayments (docs/loans.md). Money is whole tenge (BIGINT), dates are local
-- Kazakhstan dates as 'YYYY-MM-DD' text (they sort and compare as dates), moments are UTC text.
CREATE TABLE loans (
    id              INTEGER PRIMARY KEY,
    contract        TEXT NOT NULL UNIQUE,              -- the contract number: ZH-2026-014
    program         TEXT NOT NULL,                     -- the program's code in the catalogue
    region          TEXT,                              -- where the borrower works (scope, filters)
    borrower_name   TEXT,                              -- as on the contract; NULL once erased
    user_id         BIGINT REFERENCES users (id),      -- the borrower's Telegram account, once linked
    invite_code     TEXT UNIQUE,                       -- one-time: t.me/<bot>?start=l_<code>
    invite_used_at  TEXT,
    principal       BIGINT NOT NULL CHECK (principal > 0),
    rate_bp         INTEGER NOT NULL DEFAULT 0 CHECK (rate_bp >= 0),  -- a year, in 1/100 of a %
    disbursed_on    TEXT NOT NULL,
    term_months     INTEGER NOT NULL CHECK (term_months > 0),
    grace_months    INTEGER NOT NULL DEFAULT 0 CHECK (grace_months >= 0),
    frequency       TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly')),
    first_due_on    TEXT NOT NULL,
    due_day         SMALLINT NOT NULL CHECK (due_day BETWEEN 1 AND 31),  -- clamped to month ends
    from_fund       SMALLINT NOT NULL DEFAULT 0 CHECK (from_fund IN (0, 1)),  -- lent from repayments
    total_due       BIGINT NOT NULL,                   -- principal and all interest
    repaid          BIGINT NOT NULL DEFAULT 0,         -- confirmed payments, less reversed ones
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'repaid')),
    coordinator_id  BIGINT,                            -- the borrower's contact; gets escalations
    application_id  INTEGER REFERENCES applications (id),
    created_by      BIGINT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX loans_user ON loans (user_id);
CREATE INDEX loans_scope ON loans (program, region);

-- The schedule, generated when the loan is created. `paid` is what confirmed payments cover,
-- oldest instalment first, so "is this instalment covered" is a column check.
CREATE TABLE loan_instalments (
    loan_id    INTEGER NOT NULL REFERENCES loans (id) ON DELETE CASCADE,
    n          INTEGER NOT NULL,                       -- 1, 2, … in due order
    due_on     TEXT NOT NULL,
    principal  BIGINT NOT NULL,
    interest   BIGINT NOT NULL DEFAULT 0,
    amount     BIGINT NOT NULL,                        -- principal + interest
    paid       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (loan_id, n)
);
-- The reminder planner (instalments due on a few dates, not covered) and the overdue figures
-- (due before today, not covered) read only the instalments still owed, and only this index:
-- it holds every column those queries need (PostgreSQL: the same, or INCLUDE (…)).
CREATE INDEX loan_instalments_owed
    ON loan_instalments (due_on, loan_id, n, amount, paid) WHERE paid < amount;

-- Payments: reported by the borrower (with a receipt) and confirmed, corrected or rejected by a
-- coordinator, or recorded by a coordinator from a bank statement. A confirmed payment is never
-- deleted: a wrong one is reversed, with a reason.
CREATE TABLE loan_payments (
    id               INTEGER PRIMARY KEY,
    loan_id          INTEGER NOT NULL REFERENCES loans (id) ON DELETE CASCADE,
    amount           BIGINT NOT NULL CHECK (amount > 0),
    reported_amount  BIGINT,                           -- what the borrower said, if corrected
    paid_on          TEXT NOT NULL,                    -- the local date the money was paid
    status           TEXT NOT NULL
                     CHECK (status IN ('reported', 'confirmed', 'rejected', 'reversed')),
    source           TEXT NOT NULL CHECK (source IN ('borrower', 'coordinator')),
    receipt_kind     TEXT CHECK (receipt_kind IN ('photo', 'document')),
    receipt_file_id  TEXT,
    receipt_name     TEXT,
    reason           TEXT,                             -- of a rejection or a reversal
    created_by       BIGINT,
    created_at       TEXT NOT NULL,
    decided_by       BIGINT,
    decided_at       TEXT,
    reversed_by      BIGINT,
    reversed_at      TEXT
);
CREATE INDEX loan_payments_loan ON loan_payments (loan_id, id);
CREATE INDEX loan_payments_status ON loan_payments (status, loan_id);

-- Confirmed repayments per program, region and local month ('' for no region): the chart reads
-- twelve rows instead of every payment. Kept in the same transaction as the payments.
CREATE TABLE loan_repayments_monthly (
    program  TEXT NOT NULL,
    region   TEXT NOT NULL DEFAULT '',
    month    TEXT NOT NULL,                            -- 'YYYY-MM'
    amount   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (program, region, month)
);

-- Reminder days per program; a program without a row uses the defaults (7, 3, 1 before; 1, 7,
-- 14, 30 after, the last one also to the coordinator).
CREATE TABLE loan_reminder_rules (
    program     TEXT PRIMARY KEY,
    before      TEXT NOT NULL,                         -- '7,3,1'
    after       TEXT NOT NULL,                         -- '1,7,14,30'
    updated_by  BIGINT,
    updated_at  TEXT NOT NULL
);

-- The days the reminder planner has done: it plans each local day once.
CREATE TABLE loan_plan_days (
    day         TEXT PRIMARY KEY,
    rows        INTEGER NOT NULL,
    planned_at  TEXT NOT NULL
);
