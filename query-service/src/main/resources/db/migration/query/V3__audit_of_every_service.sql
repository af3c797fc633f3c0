-- One audit trail for the credit office (audit D5): the reads of the other services arrive on integrity.audit.v1 and
-- are kept here beside the query service's own. `service` says which service answered; `source` is the record's
-- position on the topic, so a redelivered record is kept once.
ALTER TABLE audit_log ADD COLUMN service text NOT NULL DEFAULT 'query-service';
ALTER TABLE audit_log ADD COLUMN source text UNIQUE;
