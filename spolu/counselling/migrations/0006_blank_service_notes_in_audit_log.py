"""Blank the service notes that audit entries copied before notes were excluded from the log.

Notes of legal counselling (A05) and notes marked confidential are for the legal team only, and
administrators browse the audit log; since `counselling.apps` excludes `note`, new entries hold
none. The entries keep that the note changed, not what it said.

The audit log is append-only: a database trigger refuses updates (core 0003). This correction
goes through the same door as anonymisation (core 0004): a row in `spolu_audit_redaction` for
the length of this migration's transaction lets values change, never who, when, what or where.
"""

import json

from django.db import migrations

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
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("INSERT INTO spolu_audit_redaction (opened_at) VALUES (CURRENT_TIMESTAMP)")
        for pk, changes in fixes.items():
            LogEntry.objects.filter(pk=pk).update(changes=changes)
        cursor.execute("DELETE FROM spolu_audit_redaction")


class Migration(migrations.Migration):
    dependencies = [
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_audit_log_redaction"),
        ("counselling", "0005_service_limits_and_messages"),
    ]

    operations = [migrations.RunPython(blank_notes, migrations.RunPython.noop)]
