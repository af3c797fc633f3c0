-- The query service's own read model (no other service's tables are read).

-- Every record about a unit as it came from the topics, in the order the writers stored them (seq): credit facts
-- (C), debtor listings (L), approved corrections (X), objection steps (O), registrations (U). The payload is the
-- Avro single-object-encoded record. Writers serialise their transactions (advisory lock), so seq order is commit
-- order and every instance can tail the table by seq.
CREATE TABLE unit_records (
    seq         bigserial   NOT NULL UNIQUE,
    unit_id     text        NOT NULL,
    kind        char(1)     NOT NULL CHECK (kind IN ('C', 'L', 'X', 'O', 'U')),
    record_id   text        NOT NULL,
    recorded_at timestamptz NOT NULL,
    payload     bytea       NOT NULL,
    PRIMARY KEY (unit_id, kind, record_id)
);

-- Every read, refused ones included (第十三条: the evidence that results were applied). Append-only.
CREATE TABLE audit_log (
    id       bigserial   PRIMARY KEY,
    at       timestamptz NOT NULL,
    subject  text        NOT NULL,
    org      text        NOT NULL,
    roles    text        NOT NULL,
    purpose  text,
    method   text        NOT NULL,
    resource text        NOT NULL,
    unit_id  text,
    as_of    date,
    status   int         NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_org_at ON audit_log (org, at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
