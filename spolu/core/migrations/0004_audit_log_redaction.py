"""Let anonymisation redact personal values in the audit log, and nothing else change it.

The audit log stays append-only (0003), with one narrow exception that GDPR requires: when a
client is anonymised, the personal values that their audit entries copied (names, phone, notes)
are replaced by a marker. `spolu.core.audit.redacting()` opens that door for the length of one
transaction by writing a row to `spolu_audit_redaction` (no other transaction sees it); even
then the database refuses any change to who, when, what action, which record or from where.
"""

from django.db import migrations

TABLE = "CREATE TABLE spolu_audit_redaction (opened_at TIMESTAMP NOT NULL);"
DROP_TABLE = "DROP TABLE IF EXISTS spolu_audit_redaction;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION spolu_audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND EXISTS (SELECT 1 FROM spolu_audit_redaction)
        AND NEW.id = OLD.id
        AND NEW.timestamp = OLD.timestamp
        AND NEW.action = OLD.action
        AND NEW.content_type_id = OLD.content_type_id
        AND NEW.object_pk = OLD.object_pk
        AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
        AND NEW.remote_addr IS NOT DISTINCT FROM OLD.remote_addr
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
"""
POSTGRES_DOWN = """
CREATE OR REPLACE FUNCTION spolu_audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
"""
SQLITE_UP = """
CREATE TRIGGER spolu_audit_log_no_update BEFORE UPDATE ON auditlog_logentry
WHEN NOT EXISTS (SELECT 1 FROM spolu_audit_redaction)
    OR NEW.id IS NOT OLD.id
    OR NEW.timestamp IS NOT OLD.timestamp
    OR NEW.action IS NOT OLD.action
    OR NEW.content_type_id IS NOT OLD.content_type_id
    OR NEW.object_pk IS NOT OLD.object_pk
    OR NEW.actor_id IS NOT OLD.actor_id
    OR NEW.remote_addr IS NOT OLD.remote_addr
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
SQLITE_DOWN = """
CREATE TRIGGER spolu_audit_log_no_update BEFORE UPDATE ON auditlog_logentry
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(TABLE)
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS spolu_audit_log_no_update;")
        schema_editor.execute(SQLITE_UP)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS spolu_audit_log_no_update;")
        schema_editor.execute(SQLITE_DOWN)
    schema_editor.execute(DROP_TABLE)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_log_append_only")]

    operations = [migrations.RunPython(up, down)]
