-- The purges that deleted records, numbered, and the number of the last one (one row). Every query instance runs the
-- daily purge; the first deletes and marks the stored evaluations it changes, the others find nothing. From here an
-- instance learns which units a purge it did not make changed, and so refolds them in the days it holds.
--
-- A past date's evaluation is stored only over the number its memory has seen: one computed from records a purge
-- deleted meanwhile is not stored after the purge without its marks. A store locks the row FOR SHARE and a purge FOR
-- UPDATE before it deletes, so a store either commits before the purge (which then marks it) or sees its number.
CREATE TABLE record_purge_count (
    generation bigint NOT NULL
);
INSERT INTO record_purge_count VALUES (0);

CREATE TABLE record_purges (
    generation        bigint      PRIMARY KEY,
    purged_at         timestamptz NOT NULL,
    units             text[]      NOT NULL, -- the units whose records it deleted
    last_date_changed date        NOT NULL  -- the last evaluation date it can change (the rules' Retention)
);
