"""Make the audit log append-only in the database itself.

The application never edits or deletes audit entries; these triggers make sure nothing else
(a shell, a buggy migration, a compromised account with admin rights) can either. On SQLite only
updates are refused, because Django's test runner empties tables with DELETE there; on
PostgreSQL both are refused (the test runner uses TRUNCATE, which row triggers do not see).
"""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION spolu_audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER spolu_audit_log_no_update BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION spolu_audit_log_is_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS spolu_audit_log_no_update ON auditlog_logentry;
DROP FUNCTION IF EXISTS spolu_audit_log_is_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER spolu_audit_log_no_update BEFORE UPDATE ON auditlog_logentry
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS spolu_audit_log_no_update;"


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reference_data"), ("auditlog", "0017_add_actor_email")]

    operations = [migrations.RunPython(up, down)]
