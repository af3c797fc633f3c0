-- Corrections without an objection (SCORING.md §7.5): a provider's request and the credit office's review, or the
-- credit office's own correction. The row is the request's state and its two steps, each with who and when (§7.4).
CREATE TABLE corrections (
    correction_id       text        PRIMARY KEY,
    event_id            text        NOT NULL REFERENCES facts (event_id),
    unit_id             text        NOT NULL,
    indicator           text        NOT NULL,
    provider_org        text        NOT NULL,
    status              text        NOT NULL,
    remedy              text        NOT NULL,
    amended_outcome     text,
    amended_points      numeric(9, 2),
    amended_occurred_on date,
    explanation         text        NOT NULL,
    ex_officio          boolean     NOT NULL,
    requested_by        text        NOT NULL,
    requested_by_org    text        NOT NULL,
    requested_at        timestamptz NOT NULL,
    reviewed_by         text,
    reviewed_by_org     text,
    reviewed_at         timestamptz,
    review_comment      text
);

-- At most one open request per fact, also against concurrent requests and instances.
CREATE UNIQUE INDEX corrections_one_open_per_fact ON corrections (event_id) WHERE status = 'AWAITING_REVIEW';
CREATE INDEX corrections_unit ON corrections (unit_id, requested_at DESC);
CREATE INDEX corrections_provider ON corrections (provider_org, requested_at DESC);
