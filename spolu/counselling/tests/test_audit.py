"""Service notes (legal ones confidential by definition) never reach the audit log."""

import importlib
from datetime import date
from types import SimpleNamespace

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from spolu.core.models import Activity
from spolu.counselling import services
from spolu.counselling.models import ServiceRecord
from spolu.counselling.tests.test_services import service_data
from spolu.testing import SpoluTestCase, make_client

SECRET = "Klient se obává vyhoštění"


class ServiceNotesInTheAuditLogTest(SpoluTestCase):
    def setUp(self):
        self.person = make_client(self.usti)
        self.legal = services.service_create(
            actor=self.lara,
            client=self.person,
            office=self.usti,
            activity=Activity.objects.get(code="A05"),
            date=date(2025, 3, 3),
            minutes=60,
            channel="in_person",
            note="První poznámka",
        )

    def entries(self):
        return LogEntry.objects.get_for_object(self.legal)

    def test_the_audit_page_of_a_service_edit_does_not_show_the_note(self):
        self.login(self.lara)
        url = reverse("counselling:service_edit", args=[self.legal.pk])
        data = service_data(
            activity="A05", office=self.usti.pk, date="2025-03-03", version="1", note=SECRET
        )
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.legal.refresh_from_db()
        self.assertEqual(self.legal.note, SECRET)

        self.login(self.adam)
        updates = self.entries().filter(action=LogEntry.Action.UPDATE)
        update = next(e for e in updates if "minutes" in e.changes)
        self.assertNotContains(self.client.get(reverse("audit_detail", args=[update.pk])), SECRET)
        self.assertNotContains(self.client.get(reverse("audit_list")), SECRET)
        for entry in self.entries():
            self.assertNotIn("note", entry.changes or {})

    def test_the_migration_blanks_notes_that_older_entries_copied(self):
        old = LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(ServiceRecord),
            object_pk=str(self.legal.pk),
            object_repr=str(self.legal),
            action=LogEntry.Action.UPDATE,
            changes={"note": ["None", SECRET], "minutes": ["30", "60"]},
        )
        migration = importlib.import_module(
            "spolu.counselling.migrations.0006_blank_service_notes_in_audit_log"
        )
        migration.blank_notes(apps, SimpleNamespace(connection=connection))
        old.refresh_from_db()
        self.assertEqual(old.changes, {"note": ["None", ""], "minutes": ["30", "60"]})
        # The log is append-only again afterwards.
        with self.assertRaises(DatabaseError), transaction.atomic():
            LogEntry.objects.filter(pk=old.pk).update(object_repr="changed")
