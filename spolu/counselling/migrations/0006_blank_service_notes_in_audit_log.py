"""Blank the service notes that audit entries copied before notes were excluded from the log.

Notes of legal counselling (A05) and notes marked confidential are for the legal team only, and
administrators browse the audit log; since `counselling.apps` excludes `note`, new entries hold
none. The entries keep that the note changed, not what it said.

The audit log is append-only: a database trigger refuses updates (core 0003, 0004). This one
correction lifts it for the length of this migration's transaction only (PostgreSQL: the trigger
is disabled under the table lock ALTER TABLE takes; SQLite: the trigger is dropped and recreated
from its own stored definition), and changes nothing but the note values.
"""

import json

from django.db import migrations

TRIGGER = "spolu_audit_log_no_update"


def _blank(value):
    if isinstance(value, list):
        return [item if item in (None, "", "None") else "" for item in value]
    return ""


def _blanked(changes):
    """The changes with the note's values blanked, or None when they hold no note."""
    if isinstance(changes, str):
        try:
            changes = json.loads(changes)
        except ValueError:
            return None
    if not isinstance(changes, dict) or "note" not in changes:
        return None
    blanked = _blank(changes["note"])
    if blanked == changes["note"]:
        return None
    return {**changes, "note": blanked}


def blank_notes(apps, schema_editor):
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="counselling", model="servicerecord").first()
    if content_type is None:
        return
    entries = LogEntry.objects.filter(content_type=content_type).only("pk", "changes")
    fixes = {}
    for entry in entries.iterator():
        blanked = _blanked(entry.changes)
        if blanked is not None:
            fixes[entry.pk] = blanked
    if not fixes:
        return
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        restore = None
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s", [TRIGGER])
            if cursor.fetchone():
                cursor.execute(f"ALTER TABLE auditlog_logentry DISABLE TRIGGER {TRIGGER}")
                restore = f"ALTER TABLE auditlog_logentry ENABLE TRIGGER {TRIGGER}"
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [TRIGGER]
            )
            row = cursor.fetchone()
            if row:
                cursor.execute(f"DROP TRIGGER {TRIGGER}")
                restore = row[0]
        for pk, changes in fixes.items():
            LogEntry.objects.filter(pk=pk).update(changes=changes)
        if restore:
            cursor.execute(restore)


class Migration(migrations.Migration):
    dependencies = [
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_audit_log_append_only"),
        ("counselling", "0005_service_limits_and_messages"),
    ]

    operations = [migrations.RunPython(blank_notes, migrations.RunPython.noop)]
