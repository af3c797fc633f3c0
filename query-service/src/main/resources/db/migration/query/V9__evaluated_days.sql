-- Each past date's evaluation, stored once it is computed and when the date ends: a ranking of a past date at a
-- province's scale folds every unit (minutes); read back, it takes a fraction of a second. A date is decided by the
-- records recorded on or before it (the rules' properties), so a stored date stays right but for a record recorded on
-- or before it that is stored after `version` (a unit's record delayed past midnight), and for a purge: the units it
-- changed are added to `refold` of every date it can change. Both are folded again when the date is next read.
CREATE TABLE evaluated_days (
    as_of     date        PRIMARY KEY,
    version   bigint      NOT NULL, -- the last seq of unit_records the evaluation has seen
    stored_at timestamptz NOT NULL,
    units     integer     NOT NULL,
    scores    bytea       NOT NULL, -- every unit registered on as_of and its score (EvaluatedDays' encoding)
    refold    text[]      NOT NULL DEFAULT '{}'
);
