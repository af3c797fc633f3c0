-- The facts' key columns hold identifiers: compared byte by byte ("C") instead of through the C library's locale.
-- Under the usual C.UTF-8 that is the same order (code points); the primary key is built — by every replay, where it
-- is the last thing the replay waits for — and searched faster (docs/benchmarks.md, replay).
ALTER TABLE unit_facts
    ALTER COLUMN unit_id TYPE text COLLATE "C",
    ALTER COLUMN fact_id TYPE text COLLATE "C",
    ALTER COLUMN kind TYPE char(1) COLLATE "C";
