-- The audit record is append-only in the database too (sqlite): an UPDATE or DELETE of a row fails, whoever sends it.
CREATE TRIGGER IF NOT EXISTS rakor_audit_no_update BEFORE UPDATE ON rakor_audit
BEGIN
    SELECT RAISE(ABORT, 'rakor_audit is append-only');
END;

CREATE TRIGGER IF NOT EXISTS rakor_audit_no_delete BEFORE DELETE ON rakor_audit
BEGIN
    SELECT RAISE(ABORT, 'rakor_audit is append-only');
END;
