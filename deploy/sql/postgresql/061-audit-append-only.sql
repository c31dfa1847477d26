-- The audit record is append-only in the database too (postgresql): an UPDATE or DELETE of a row fails, whoever sends it.
CREATE OR REPLACE FUNCTION rakor_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rakor_audit is append-only';
END
$$;

CREATE OR REPLACE TRIGGER rakor_audit_no_change BEFORE UPDATE OR DELETE ON rakor_audit
    FOR EACH ROW EXECUTE FUNCTION rakor_audit_append_only();
