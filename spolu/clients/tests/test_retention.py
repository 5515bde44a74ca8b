"""Retention (DESIGN.md §6): anonymising removes the person and keeps every reported number."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO
from tempfile import TemporaryDirectory

from auditlog.models import LogEntry
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from spolu.clients import services
from spolu.clients.models import Client, ClientAlias, ClientRelation, ResidenceStatus
from spolu.clients.retention import anonymise_client, anonymise_due, due_for_anonymisation
from spolu.clients.search import search_clients
from spolu.core import audit
from spolu.core.errors import SpoluError
from spolu.counselling.models import ServiceRecord
from spolu.legal import services as legal_services
from spolu.legal.models import LegalNote
from spolu.legal.testing import make_case
from spolu.reporting.exports import report_json
from spolu.reporting.queries import monitoring_report
from spolu.reporting.sources import Scope
from spolu.reporting.testing import build_world, service
from spolu.testing import SpoluTestCase, make_client

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# `updated_at` and `created_at` are today; counting from eleven years ahead makes them old.
FAR_AHEAD = timezone.localdate() + timedelta(days=11 * 366)


class ReportsStayTheSameTest(SpoluTestCase):
    def test_every_number_of_the_report_is_the_same_after_anonymising_everyone(self):
        build_world(self.usti, self.teplice, self.alice)
        scopes = [
            Scope(date(2026, 1, 1), date(2026, 6, 30)),
            Scope(date(2026, 1, 1), date(2026, 6, 30), office=self.teplice),
        ]
        before = [json.dumps(report_json(monitoring_report(s)), sort_keys=True) for s in scopes]

        anonymised = anonymise_due(today=FAR_AHEAD)

        self.assertEqual(
            sorted(anonymised),
            sorted(Client.objects.filter(merged_into__isnull=True).values_list("pk", flat=True)),
        )
        after = [json.dumps(report_json(monitoring_report(s)), sort_keys=True) for s in scopes]
        self.assertEqual(after, before)


@override_settings(MEDIA_ROOT=TemporaryDirectory().name)
class AnonymiseClientTest(SpoluTestCase):
    def setUp(self) -> None:
        self.client_file = make_client(
            self.usti, phone="+420 777 123 456", email="sasha@example.org", external_id="X-7"
        )
        services.alias_add(client=self.client_file, name="Sasha Shevchenko")
        self.sister = make_client(self.usti, first_name="Олена", first_name_latin="Olena")
        services.relation_add(client=self.client_file, relative=self.sister, kind="sibling")
        ResidenceStatus.objects.filter(client=self.client_file).update(permit_number="UA123456")
        self.consent = services.consent_record(
            actor=self.sam,
            client=self.client_file,
            purpose="case_work",
            given_on=date(2025, 1, 10),
            evidence=SimpleUploadedFile("souhlas Shevchenko.pdf", PDF, "application/pdf"),
            note="signed in person",
        )
        self.service = service(
            self.usti, "A04", date(2025, 2, 3), 45, self.sam, client=self.client_file
        )
        self.case = make_case(self.client_file, self.lara)
        legal_services.note_add(case=self.case, author=self.lara, text="Asylum grounds: …")

    def test_the_person_goes_and_the_record_stays(self):
        evidence = self.consent.evidence.name
        with self.captureOnCommitCallbacks(execute=True):
            anonymise_client(self.client_file, actor=self.adam)

        client = Client.objects.get(pk=self.client_file.pk)
        self.assertIsNotNone(client.anonymised_at)
        self.assertEqual(str(client), f"#{client.pk}")
        for name in ("first_name", "last_name", "first_name_latin", "last_name_latin", "phone"):
            self.assertEqual(getattr(client, name), "", name)
        self.assertEqual((client.email, client.search_text), ("", ""))
        # What the reports count stays.
        self.assertEqual((client.sex, client.birth_date), ("M", date(1985, 3, 14)))
        self.assertEqual((client.citizenship_id, client.office_id), ("UA", self.usti.pk))
        self.assertEqual(client.external_id, "X-7")
        status = client.residence_statuses.get()
        self.assertEqual((status.category_id, status.permit_number), ("temporary_protection", ""))
        # Names, links, notes and evidence go.
        self.assertFalse(ClientAlias.objects.filter(client=client).exists())
        self.assertFalse(ClientRelation.objects.exists())
        consent = client.consents.get()
        self.assertEqual(
            (consent.purpose, consent.evidence.name, consent.note), ("case_work", "", "")
        )
        self.assertFalse(default_storage.exists(evidence))
        record = ServiceRecord.objects.get(pk=self.service.pk)
        self.assertEqual((record.client_id, record.minutes, record.note), (client.pk, 45, ""))
        self.case.refresh_from_db()
        self.assertEqual((self.case.summary, self.case.reference_number), ("", ""))
        self.assertEqual(LegalNote.objects.get().text, "")
        # The sister is another person: untouched.
        self.sister.refresh_from_db()
        self.assertEqual(self.sister.first_name_latin, "Olena")
        self.assertEqual(search_clients(Client.objects.all(), "Shevchenko"), [self.sister])

    def test_the_audit_log_says_who_anonymised_and_copies_no_removed_value(self):
        entries = LogEntry.objects.count()
        anonymise_client(self.client_file, actor=self.adam)
        new = LogEntry.objects.order_by("pk")[entries:]
        self.assertEqual([e.additional_data["event"] for e in new], ["anonymised"])
        self.assertEqual(new[0].actor, self.adam)
        self.assertNotIn("Shevchenko", json.dumps([e.changes for e in new]))

    def test_the_audit_log_keeps_its_entries_but_none_of_the_removed_values(self):
        services.client_update(
            actor=self.sam,
            client=self.client_file,
            expected_version=self.client_file.version,
            phone="+420 608 000 111",
        )
        audit.log_view(self.client_file)
        before = LogEntry.objects.count()

        anonymise_client(self.client_file, actor=self.adam)

        self.assertEqual(LogEntry.objects.count(), before + 1)
        logged = json.dumps(
            list(
                LogEntry.objects.values_list(
                    "object_repr", "changes", "changes_text", "serialized_data"
                )
            ),
            ensure_ascii=False,
        )
        for value in (
            "Oleksandr",
            "Олександр",
            "Sasha",
            "777 123 456",
            "608 000 111",
            "sasha@example.org",
            "signed in person",
        ):
            self.assertNotIn(value, logged)
        # Who changed what and when stays: the phone change is still there, without its values.
        updates = LogEntry.objects.get_for_object(self.client_file).filter(
            action=LogEntry.Action.UPDATE
        )
        phone = [entry.changes["phone"] for entry in updates if "phone" in entry.changes]
        self.assertEqual(phone, [[audit.REDACTED, audit.REDACTED]])
        # The sister's own entries are not touched.
        self.assertIn("Olena", json.dumps(list(LogEntry.objects.values_list("changes"))))

    def test_twice_or_a_merged_tombstone_is_refused(self):
        anonymise_client(self.client_file)
        with self.assertRaises(SpoluError):
            anonymise_client(self.client_file)
        tombstone = make_client(self.usti)
        Client.objects.filter(pk=tombstone.pk).update(merged_into=self.sister)
        with self.assertRaises(SpoluError):
            anonymise_client(Client.objects.get(pk=tombstone.pk))


class WhoIsDueTest(SpoluTestCase):
    def test_only_clients_quiet_for_the_whole_period_are_due(self):
        quiet = make_client(self.usti, first_name_latin="Quiet")
        served = make_client(self.usti, first_name_latin="Served")
        # A service dated two years before the day counted from: still within ten years.
        service(self.usti, "A04", FAR_AHEAD - timedelta(days=730), 30, self.sam, client=served)
        # Anonymous contacts and organisation services (no client) do not hide anyone.
        service(self.usti, "A03", FAR_AHEAD - timedelta(days=10), 5, self.sam, anonymous=3)

        self.assertEqual(list(due_for_anonymisation(FAR_AHEAD)), [quiet])
        self.assertEqual(list(due_for_anonymisation(timezone.localdate())), [])

    @override_settings(SPOLU_RETENTION_YEARS=20)
    def test_the_period_is_a_setting(self):
        make_client(self.usti)
        self.assertEqual(list(due_for_anonymisation(FAR_AHEAD)), [])

    def test_the_command_lists_on_a_dry_run_and_anonymises_once(self):
        client = make_client(self.usti)
        out = StringIO()
        call_command("anonymise_clients", "--dry-run", f"--today={FAR_AHEAD}", stdout=out)
        self.assertIn("1 client(s) due for anonymisation", out.getvalue())
        client.refresh_from_db()
        self.assertIsNone(client.anonymised_at)

        call_command("anonymise_clients", f"--today={FAR_AHEAD}", stdout=out)
        client.refresh_from_db()
        self.assertIsNotNone(client.anonymised_at)
        out = StringIO()
        call_command("anonymise_clients", f"--today={FAR_AHEAD}", stdout=out)
        self.assertIn("0 client(s) anonymised", out.getvalue())


class AnonymiseOnRequestViewTest(SpoluTestCase):
    def setUp(self) -> None:
        self.person = make_client(self.usti)
        self.url = reverse("clients:anonymise", args=[self.person.pk])

    def test_the_coordinator_confirms_and_the_record_is_anonymised(self):
        self.login(self.alice)
        page = self.client.get(reverse("clients:detail", args=[self.person.pk]))
        self.assertContains(page, self.url)
        confirm = self.client.get(self.url)
        self.assertContains(confirm, "Osobní údaje klienta")
        self.person.refresh_from_db()
        self.assertIsNone(self.person.anonymised_at)

        response = self.client.post(self.url)

        self.assertRedirects(response, reverse("clients:detail", args=[self.person.pk]))
        self.person.refresh_from_db()
        self.assertIsNotNone(self.person.anonymised_at)
        page = self.client.get(reverse("clients:detail", args=[self.person.pk]))
        self.assertContains(page, f"Anonymizovaný klient #{self.person.pk}")
        self.assertNotContains(page, "Shevchenko")
        self.assertNotContains(page, self.url)
        # Once anonymised, there is nothing left to anonymise.
        self.assertEqual(self.client.post(self.url).status_code, 404)

    def test_staff_without_the_permission_are_refused(self):
        for user in (self.sam, self.rita, self.lara, self.audrey, self.nora):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.post(self.url).status_code, 403)
                page = self.client.get(reverse("clients:detail", args=[self.person.pk]))
                self.assertNotContains(page, self.url, status_code=page.status_code)
        self.person.refresh_from_db()
        self.assertIsNone(self.person.anonymised_at)

    def test_signed_out_visitors_are_sent_to_sign_in(self):
        response = self.client.post(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])


class SubjectAccessExportTest(SpoluTestCase):
    def setUp(self) -> None:
        self.person = make_client(self.usti, phone="+420 777 123 456")
        services.alias_add(client=self.person, name="Sasha Shevchenko")
        self.sister = make_client(self.usti, first_name_latin="Olena")
        services.relation_add(client=self.person, relative=self.sister, kind="sibling")
        service(self.usti, "A04", date(2025, 2, 3), 45, self.sam, client=self.person)
        self.case = make_case(self.person, self.lara, summary="Asylum grounds in detail")
        legal_services.note_add(case=self.case, author=self.lara, text="Strategy of the appeal")
        self.url = reverse("clients:subject_export", args=[self.person.pk])

    def export(self, user):
        self.login(user)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        return json.loads(response.content)

    def test_the_coordinator_gets_everything_except_the_legal_teams_confidences(self):
        data = self.export(self.alice)

        self.assertEqual(data["person"]["last_name_latin"], "Shevchenko")
        self.assertEqual(data["person"]["phone"], "+420 777 123 456")
        self.assertEqual(data["person"]["citizenship"], "Ukrajina")
        self.assertEqual(data["household"], [{"relative": str(self.sister), "kind": "sibling"}])
        records = data["records"]
        self.assertEqual([a["name"] for a in records["clients.ClientAlias"]], ["Sasha Shevchenko"])
        self.assertEqual(records["clients.ResidenceStatus"][0]["category"], "Dočasná ochrana")
        [record] = records["counselling.ServiceRecord"]
        self.assertEqual((record["date"], record["minutes"]), ("2025-02-03", 45))
        self.assertEqual(record["activity"][:3], "A04")
        # The service note is readable for the coordinator; the legal team's are not.
        self.assertEqual(record["note"], "Důvěrná poznámka ke klientovi")
        [case] = records["legal.LegalCase"]
        self.assertNotIn("summary", case)
        self.assertEqual(case["reference_number"], "OAM-12345/2025")
        self.assertNotIn("legal.LegalNote", records)
        self.assertEqual(data["withheld"], {"legal.LegalCase.summary": 1, "legal.LegalNote": 1})
        self.assertNotIn("Strategy of the appeal", json.dumps(data, ensure_ascii=False))
        entry = LogEntry.objects.get_for_object(self.person).latest("pk")
        self.assertEqual(
            (entry.additional_data["event"], entry.actor), ("subject data exported", self.alice)
        )

    def test_the_query_count_does_not_grow_with_the_records(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.login(self.alice)
        self.client.get(self.url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url)
        for day in range(1, 8):
            service(self.usti, "A04", date(2025, 3, day), 30, self.sam, client=self.person)
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(self.url)
        self.assertEqual(
            len(json.loads(response.content)["records"]["counselling.ServiceRecord"]), 8
        )

    def test_staff_without_the_permission_are_refused(self):
        for user in (self.sam, self.rita, self.lara, self.tom, self.audrey, self.nora):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_signed_out_visitors_are_sent_to_sign_in(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])
