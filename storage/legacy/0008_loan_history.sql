-- Payments brought in with an imported portfolio: the fund's records of what was repaid before
-- the loan came into the bot. They count as confirmed money (allocated oldest first like any
-- other), and are marked so that the loan card, the export and the audit can tell them apart.
ALTER TABLE loan_payments ADD COLUMN imported INTEGER NOT NULL DEFAULT 0;
