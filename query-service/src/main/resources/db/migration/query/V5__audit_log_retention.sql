-- The audit trail keeps a read for integrity.retention.audit-log (default 5 years, issue 14 §1). Older rows are
-- deleted by the role integrity_audit_purger, which may do nothing else: it sees the `at` column of audit_log and may
-- delete rows, and that is all. For every other role the table stays append-only.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'integrity_audit_purger') THEN
        CREATE ROLE integrity_audit_purger NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- created by another schema's migration at the same moment
END
$$;
DO $$
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO integrity_audit_purger', current_schema());
    EXECUTE format('GRANT integrity_audit_purger TO %I', current_user);
END
$$;
GRANT SELECT (at), DELETE ON audit_log TO integrity_audit_purger;

CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_user = 'integrity_audit_purger' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END
$$;
