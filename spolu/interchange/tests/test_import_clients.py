from __future__ import annotations

from datetime import date, timedelta

from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from spolu.clients.models import Client
from spolu.clients.search import search_clients
from spolu.interchange.models import Transfer
from spolu.interchange.services import import_file
from spolu.interchange.testing import CLIENT_HEADER, client_row, csv_bytes, xlsx_bytes
from spolu.testing import SpoluTestCase, make_client


class ClientImportTest(SpoluTestCase):
    def run_import(
        self, rows, *, write=True, actor=None, name="clients.csv", header=CLIENT_HEADER, **kw
    ):
        data = xlsx_bytes([header, *rows]) if name.endswith(".xlsx") else csv_bytes([header, *rows])
        with translation.override("en"):
            return import_file(
                kind="clients", data=data, filename=name, actor=actor, write=write, **kw
            )

    def test_a_valid_file_creates_clients_with_residence_languages_and_search_text(self):
        report = self.run_import(
            [
                client_row(),
                client_row(
                    external_id="C-2",
                    first_name="Minh",
                    last_name="Nguyễn",
                    first_name_latin="",
                    last_name_latin="",
                    citizenship="vn",
                    languages="vi",
                    residence_category="",
                    residence_valid_from="",
                    residence_valid_to="",
                ),
            ]
        )
        self.assertEqual(report.errors, [])
        self.assertTrue(report.written)
        self.assertEqual((report.created, report.updated, report.unchanged), (2, 0, 0))
        olena = Client.objects.get(external_id="C-1")
        self.assertEqual(olena.office, self.usti)
        self.assertEqual(olena.birth_year, 1990)
        self.assertEqual(sorted(olena.languages.values_list("code", flat=True)), ["ru", "uk"])
        status = olena.residence_statuses.get()
        self.assertEqual(
            (status.category_id, status.valid_from, status.valid_to),
            ("temporary_protection", date(2022, 3, 15), date(2026, 3, 31)),
        )
        self.assertEqual(search_clients(Client.objects.all(), "olena kovalenko"), [olena])
        self.assertEqual(search_clients(Client.objects.all(), "nguyen minh")[0].external_id, "C-2")
        self.assertFalse(Client.objects.get(external_id="C-2").residence_statuses.exists())

    def test_the_residence_status_starts_at_the_first_contact_when_no_start_is_given(self):
        self.run_import([client_row(residence_valid_from="")])
        status = Client.objects.get().residence_statuses.get()
        self.assertEqual(status.valid_from, date(2022, 4, 1))

    def test_every_created_client_has_an_audit_entry_by_the_importing_user(self):
        self.run_import([client_row(), client_row(external_id="C-2")], actor=self.alice)
        for client in Client.objects.all():
            entry = LogEntry.objects.get_for_object(client).get()
            self.assertEqual(entry.action, LogEntry.Action.CREATE)
            self.assertEqual(entry.actor, self.alice)
            self.assertEqual(entry.changes["last_name"][1], "Коваленко")
        transfer = Transfer.objects.get()
        self.assertEqual(
            (transfer.user, transfer.kind, transfer.created), (self.alice, "clients", 2)
        )
        self.assertTrue(LogEntry.objects.get_for_object(transfer).exists())

    def test_re_importing_the_same_file_changes_nothing(self):
        self.run_import([client_row(), client_row(external_id="C-2")])
        before = list(Client.objects.values_list("pk", "version", "updated_at", "search_text"))
        entries = LogEntry.objects.count()
        report = self.run_import([client_row(), client_row(external_id="C-2")])
        self.assertEqual((report.created, report.updated, report.unchanged), (0, 0, 2))
        self.assertEqual(
            list(Client.objects.values_list("pk", "version", "updated_at", "search_text")), before
        )
        self.assertEqual(Client.objects.get(external_id="C-1").residence_statuses.count(), 1)
        self.assertEqual(LogEntry.objects.count(), entries + 1)  # only the record of the import

    def test_a_changed_row_updates_the_client_and_extends_the_residence_history(self):
        self.run_import([client_row()])
        report = self.run_import(
            [
                client_row(
                    last_name_latin="Kowalenko",
                    languages="uk;cs",
                    residence_category="residence_long",
                    residence_valid_from="2026-04-01",
                    residence_valid_to="",
                )
            ],
            actor=self.alice,
        )
        self.assertEqual((report.created, report.updated, report.unchanged), (0, 1, 0))
        client = Client.objects.get()
        self.assertEqual(client.last_name_latin, "Kowalenko")
        self.assertEqual(client.version, 2)
        self.assertEqual(sorted(client.languages.values_list("code", flat=True)), ["cs", "uk"])
        self.assertEqual(
            [s.category_id for s in client.statuses()], ["residence_long", "temporary_protection"]
        )
        self.assertIn("kowalenko", client.search_text)
        entry = LogEntry.objects.get_for_object(client).latest("pk")
        self.assertEqual(entry.changes["last_name_latin"], ["Kovalenko", "Kowalenko"])
        self.assertIn("languages", entry.changes)

    def test_a_new_end_of_the_same_status_updates_it(self):
        self.run_import([client_row()])
        self.run_import([client_row(residence_valid_to="2027-03-04")])
        status = Client.objects.get().residence_statuses.get()
        self.assertEqual(status.valid_to, date(2027, 3, 4))

    def test_an_existing_client_created_in_spolu_is_updated_by_its_external_id(self):
        client = make_client(self.usti, external_id="C-1")
        report = self.run_import([client_row()])
        self.assertEqual(report.updated, 1)
        client.refresh_from_db()
        self.assertEqual(client.first_name_latin, "Olena")

    def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(self):
        future = (timezone.localdate() + timedelta(days=3)).isoformat()
        report = self.run_import(
            [
                client_row(external_id="OK-1"),
                client_row(external_id="B-2", citizenship="QQ"),
                client_row(external_id="B-3", birth_date=future),
                client_row(
                    external_id="B-4",
                    residence_valid_from="2024-05-01",
                    residence_valid_to="2024-01-01",
                ),
                client_row(
                    external_id="B-5", sex="female", district="CZ9999", languages="uk;klingon"
                ),
                client_row(external_id="B-6", email="not-an-email", first_name=""),
                client_row(external_id="B-7", first_contact_date="1980-01-01"),
                client_row(external_id="B-8", office="nowhere", residence_category="martian"),
                client_row(external_id="", birth_date="17.5.1990"),
            ]
        )
        self.assertFalse(report.written)
        self.assertEqual(Client.objects.count(), 0)
        by_line = {}
        for error in report.errors:
            by_line.setdefault(error.line, []).append(error.message)
        self.assertEqual(sorted(by_line), [3, 4, 5, 6, 7, 8, 9, 10])
        self.assertIn("citizenship: unknown code “QQ”.", by_line[3])
        self.assertIn("in the future", by_line[4][0])
        self.assertIn("before its start", by_line[5][0])
        self.assertEqual(len(by_line[6]), 3)  # sex, district, languages
        self.assertIn("klingon", " ".join(by_line[6]))
        self.assertEqual(len(by_line[7]), 2)
        self.assertIn("first_contact_date", by_line[8][0])
        self.assertEqual(len(by_line[9]), 2)
        self.assertEqual(len(by_line[10]), 2)
        with translation.override("en"):
            self.assertEqual(str(report.errors[0]), "line 3: citizenship: unknown code “QQ”.")

    def test_an_external_id_given_twice_is_reported_on_both_lines(self):
        report = self.run_import([client_row(), client_row(external_id="C-2"), client_row()])
        self.assertEqual([e.line for e in report.errors], [2, 4])
        self.assertIn("also on line 4", report.errors[0].message)
        self.assertEqual(Client.objects.count(), 0)

    def test_missing_and_unknown_columns_are_reported_and_rows_are_not_checked(self):
        header = [c for c in CLIENT_HEADER if c != "sex"] + ["religion"]
        report = self.run_import([["x"] * len(header)], header=header)
        self.assertEqual([e.line for e in report.errors], [1, 1])
        self.assertIn("sex", report.errors[0].message)
        self.assertIn("religion", report.errors[1].message)

    def test_an_xlsx_file_imports_the_same_as_csv(self):
        report = self.run_import([client_row()], name="clients.xlsx")
        self.assertEqual(report.errors, [])
        self.assertEqual(report.file_format, "xlsx")
        self.assertEqual(Client.objects.get().birth_date, date(1990, 5, 17))

    def test_a_dry_run_reports_counts_and_writes_nothing(self):
        report = self.run_import([client_row()], write=False)
        self.assertEqual(report.created, 1)
        self.assertFalse(report.written)
        self.assertFalse(Client.objects.exists())
        self.assertFalse(Transfer.objects.exists())

    def test_a_default_office_fills_empty_office_cells(self):
        report = self.run_import([client_row(office="")], default_office=self.teplice)
        self.assertEqual(report.errors, [])
        self.assertEqual(Client.objects.get().office, self.teplice)

    def test_an_empty_office_cell_without_a_default_is_an_error(self):
        report = self.run_import([client_row(office="")])
        self.assertEqual(report.errors[0].message, "office: a value is required.")

    def test_a_user_can_import_only_into_their_offices(self):
        report = self.run_import([client_row(office="teplice")], actor=self.sam)
        self.assertEqual(report.errors[0].message, "office: unknown code “teplice”.")

    def test_a_user_cannot_update_a_client_of_another_office(self):
        make_client(self.teplice, external_id="C-1")
        report = self.run_import([client_row()], actor=self.sam)
        self.assertIn("office you cannot access", report.errors[0].message)

    def test_validation_uses_the_same_number_of_queries_for_any_number_of_rows(self):
        make_client(self.usti, external_id="C-0")

        def queries(count):
            rows = [client_row(external_id=f"C-{i}") for i in range(count)]
            with CaptureQueriesContext(connection) as captured:
                self.run_import(rows, write=False, actor=self.alice)
            return len(captured)

        queries(1)  # the user's permissions and offices are cached from here on
        self.assertEqual(queries(3), queries(60))

    def test_writing_uses_the_same_number_of_queries_for_any_number_of_rows(self):
        def queries(prefix, count):
            rows = [client_row(external_id=f"{prefix}-{i}") for i in range(count)]
            with CaptureQueriesContext(connection) as captured:
                report = self.run_import(rows, actor=self.alice)
            self.assertEqual(report.created, count)
            return len(captured)

        queries("W", 1)  # the user's permissions and offices are cached from here on
        self.assertEqual(queries("A", 3), queries("B", 30))  # one batch on SQLite
