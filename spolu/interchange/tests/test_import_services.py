from __future__ import annotations

import time
from datetime import date, timedelta

from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from spolu.clients.models import Client
from spolu.counselling.models import ServiceRecord
from spolu.interchange.services import import_file
from spolu.interchange.testing import SERVICE_HEADER, csv_bytes, service_row
from spolu.testing import SpoluTestCase, make_client


class ServiceImportTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.olena = make_client(cls.usti, external_id="C-1", birth_date=date(1990, 5, 17))

    def run_import(self, rows, *, write=True, actor=None, **kw):
        data = csv_bytes([SERVICE_HEADER, *rows])
        with translation.override("en"):
            return import_file(
                kind="services", data=data, filename="s.csv", actor=actor, write=write, **kw
            )

    def messages(self, report):
        return {e.line: e.message for e in report.errors}

    def test_client_services_and_anonymous_contacts_are_created(self):
        report = self.run_import(
            [
                service_row(),
                service_row(
                    external_id="S-2",
                    client_external_id="",
                    activity="A03",
                    anonymous_count="3",
                    anonymous_citizenship="mn",
                    anonymous_sex="f",
                    topics="",
                    interpreter_language="",
                    minutes="10",
                    channel="phone",
                ),
            ],
            actor=self.alice,
        )
        self.assertEqual(report.errors, [])
        self.assertEqual(report.created, 2)
        service = ServiceRecord.objects.get(external_id="S-1")
        self.assertEqual(
            (service.client, service.staff, service.office, service.minutes),
            (self.olena, self.sam, self.usti, 45),
        )
        self.assertEqual(
            sorted(service.topics.values_list("code", flat=True)), ["housing", "residence"]
        )
        self.assertEqual(service.interpreter_language_id, "uk")
        self.assertEqual(service.created_by, self.alice)
        anonymous = ServiceRecord.objects.get(external_id="S-2")
        self.assertEqual(
            (
                anonymous.client,
                anonymous.anonymous_count,
                anonymous.anonymous_citizenship_id,
                anonymous.anonymous_sex,
            ),
            (None, 3, "MN", "F"),
        )
        self.assertEqual(LogEntry.objects.get_for_object(service).get().actor, self.alice)

    def test_re_importing_the_same_file_changes_nothing_and_a_change_updates(self):
        self.run_import([service_row(), service_row(external_id="S-2")])
        versions = list(ServiceRecord.objects.values_list("pk", "version", "updated_at"))
        report = self.run_import([service_row(), service_row(external_id="S-2")])
        self.assertEqual((report.created, report.updated, report.unchanged), (0, 0, 2))
        self.assertEqual(
            list(ServiceRecord.objects.values_list("pk", "version", "updated_at")), versions
        )
        report = self.run_import(
            [service_row(minutes="60", topics="employment"), service_row(external_id="S-2")]
        )
        self.assertEqual((report.created, report.updated, report.unchanged), (0, 1, 1))
        service = ServiceRecord.objects.get(external_id="S-1")
        self.assertEqual((service.minutes, service.version), (60, 2))
        self.assertEqual(list(service.topics.values_list("code", flat=True)), ["employment"])
        self.assertEqual(ServiceRecord.objects.get(external_id="S-2").topics.count(), 2)
        entry = LogEntry.objects.get_for_object(service).latest("pk")
        self.assertEqual(entry.changes["minutes"], [45, 60])
        self.assertIn("topics", entry.changes)

    def test_every_bad_row_is_reported_and_nothing_is_written(self):
        future = (timezone.localdate() + timedelta(days=1)).isoformat()
        report = self.run_import(
            [
                service_row(),
                service_row(external_id="S-3", client_external_id="NOBODY"),
                service_row(external_id="S-4", date="1989-12-31"),
                service_row(external_id="S-5", date=future),
                service_row(external_id="S-6", minutes="-5"),
                service_row(
                    external_id="S-7",
                    activity="A99",
                    channel="pigeon",
                    topics="residence;astrology",
                    staff="ghost",
                    interpreter_language="xx",
                ),
                service_row(external_id="S-8", client_external_id="", activity="A03"),
                service_row(external_id="S-9", anonymous_count="2"),
                service_row(
                    external_id="S-10", client_external_id="", activity="A03", anonymous_count="x"
                ),
                service_row(external_id="S-11", minutes="1441", anonymous_sex="F"),
            ]
        )
        self.assertFalse(ServiceRecord.objects.exists())
        lines = {}
        for error in report.errors:
            lines.setdefault(error.line, []).append(error.message)
        self.assertEqual(sorted(lines), list(range(3, 12)))
        self.assertIn("import the clients first", lines[3][0])
        self.assertIn("before the client's date of birth", lines[4][0])
        self.assertIn("in the future", lines[5][0])
        self.assertEqual(lines[6], ["minutes: -5 is less than 0."])
        self.assertEqual(len(lines[7]), 5)
        self.assertIn("headcount of at least 1", lines[8][0])
        self.assertIn("no anonymous headcount", lines[9][0])
        self.assertEqual(lines[10], ["anonymous_count: “x” is not a whole number."])
        self.assertEqual(len(lines[11]), 2)

    def test_a_service_of_a_merged_client_goes_to_the_surviving_client(self):
        duplicate = make_client(self.usti, external_id="C-DUP")
        Client.objects.filter(pk=duplicate.pk).update(merged_into=self.olena)
        self.run_import([service_row(client_external_id="C-DUP")])
        self.assertEqual(ServiceRecord.objects.get().client, self.olena)

    def test_a_user_cannot_change_a_service_of_another_office(self):
        self.run_import([service_row(office="teplice")])
        report = self.run_import([service_row(office="usti")], actor=self.sam)
        self.assertIn("office you cannot access", report.errors[0].message)

    def test_validation_uses_the_same_number_of_queries_for_any_number_of_rows(self):
        def queries(count):
            rows = [service_row(external_id=f"S-{i}") for i in range(count)]
            with CaptureQueriesContext(connection) as captured:
                self.run_import(rows, write=False, actor=self.alice)
            return len(captured)

        queries(1)
        self.assertEqual(queries(3), queries(300))

    def test_five_thousand_services_import_with_a_bounded_number_of_queries(self):
        """Measured, not timed: prints the duration; the number of queries grows only by batch."""
        clients = [f"C-{i}" for i in range(1, 51)]
        Client.objects.filter(pk=self.olena.pk).update(external_id=None)
        from spolu.interchange.testing import CLIENT_HEADER, client_row

        with translation.override("en"):
            import_file(
                kind="clients",
                data=csv_bytes([CLIENT_HEADER, *[client_row(external_id=c) for c in clients]]),
                filename="c.csv",
                actor=None,
                write=True,
            )
        rows = [
            service_row(
                external_id=f"S-{i}",
                client_external_id=clients[i % 50],
                date=(date(2024, 1, 1) + timedelta(days=i % 300)).isoformat(),
            )
            for i in range(5000)
        ]
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            report = self.run_import(rows, actor=self.alice)
        elapsed = time.perf_counter() - started
        self.assertEqual((report.errors, report.created), ([], 5000))
        self.assertEqual(ServiceRecord.objects.count(), 5000)
        print(f"\n5000 service rows imported in {elapsed:.2f} s with {len(captured)} queries")
        self.assertLess(len(captured), 400)
        started = time.perf_counter()
        report = self.run_import(rows, write=False)
        print(
            f"5000 service rows re-validated (unchanged) in {time.perf_counter() - started:.2f} s"
        )
        self.assertEqual(report.unchanged, 5000)


class CodeCaseTest(SpoluTestCase):
    def test_codes_are_matched_whatever_their_case(self):
        make_client(self.usti, external_id="C-1")
        row = service_row(
            activity="a04",
            office="USTI",
            topics="Residence;HOUSING",
            interpreter_language="UK",
            staff="Sam",
        )
        with translation.override("en"):
            report = import_file(
                kind="services",
                data=csv_bytes([SERVICE_HEADER, row]),
                filename="s.csv",
                actor=None,
                write=True,
            )
        self.assertEqual(report.errors, [])
        service = ServiceRecord.objects.get()
        self.assertEqual(
            (service.activity_id, service.office, service.staff), ("A04", self.usti, self.sam)
        )
        self.assertEqual(service.topics.count(), 2)

    def test_a_lookup_accepts_code_lists_keyed_in_either_case(self):
        from spolu.interchange.registry import Cells, SourceRow

        cells = Cells(SourceRow(2, {"x": "ab", "y": "Cd;EF"}))
        self.assertEqual(cells.code("x", {"AB": 1}), 1)
        self.assertEqual(cells.codes("y", {"cd": 2, "EF": 3}), [2, 3])
        self.assertEqual(cells.errors, [])
