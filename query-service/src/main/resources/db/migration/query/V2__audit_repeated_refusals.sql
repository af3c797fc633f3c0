-- Refusals of requests without a valid token are counted, not written one row each (an unauthenticated flood must
-- not fill the disk): one row per client address and window, with how many there were.
ALTER TABLE audit_log ADD COLUMN repeated int NOT NULL DEFAULT 1;
