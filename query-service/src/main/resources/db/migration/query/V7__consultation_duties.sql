-- 第十三条: which department is to consult the results for which purpose of 第十条, kept by the credit office.
-- A duty is never deleted or rewritten: replacing or ending one sets valid_until (its last day in force), so a past
-- year's report reads the register as it stood then.
CREATE TABLE consultation_duties (
    id            bigserial   PRIMARY KEY,
    org           text        NOT NULL,
    purpose       text        NOT NULL,
    valid_from    date        NOT NULL,
    valid_until   date,
    minimum_reads int         NOT NULL CHECK (minimum_reads >= 1),
    note          text,
    registered_by text        NOT NULL,
    registered_at timestamptz NOT NULL,
    ended_by      text,
    ended_at      timestamptz,
    CHECK (valid_until IS NULL OR valid_until >= valid_from - 1)
);
CREATE UNIQUE INDEX consultation_duties_one_open ON consultation_duties (org, purpose) WHERE valid_until IS NULL;
