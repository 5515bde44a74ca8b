from __future__ import annotations

import csv
import io
from datetime import date

from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from spolu.counselling.models import ServiceRecord
from spolu.interchange.exports import escape_cell
from spolu.interchange.models import Transfer
from spolu.testing import SpoluTestCase, make_client


def read_csv(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


def service(client, staff, **fields):
    defaults = {
        "office": client.office if client else fields.get("office"),
        "activity_id": "A04",
        "date": date(2025, 3, 3),
        "channel": "in_person",
        "client": client,
        "staff": staff,
        "minutes": 30,
    }
    defaults.update(fields)
    return ServiceRecord.objects.create(**defaults)


class EscapingTest(SpoluTestCase):
    def test_cells_that_would_run_as_formulas_are_escaped(self):
        for value in ["=1+2", "+420 777", "-2", "@SUM(A1)", "\tx", "\rx"]:
            self.assertEqual(escape_cell(value), "'" + value)
        for value in ["Olena", "O'Brien", 5, None, ""]:
            self.assertEqual(escape_cell(value), value)


class ClientExportTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.usti_client = make_client(cls.usti, external_id="U-1", phone="+420 777 000 111")
        cls.evil = make_client(
            cls.usti,
            first_name='=HYPERLINK("http://x")',
            last_name="@cmd",
            first_name_latin="-x",
            last_name_latin="Evil",
        )
        cls.teplice_client = make_client(cls.teplice, last_name_latin="Teplicky")

    def export(self, kind="clients", **params):
        return self.client.get(
            reverse("interchange:export", args=[kind]), {"file_format": "csv", **params}
        )

    def test_a_user_exports_only_clients_of_their_offices(self):
        self.login(self.sam)
        rows = read_csv(self.export())
        ids = {int(r[0]) for r in rows[1:]}
        self.assertEqual(ids, {self.usti_client.pk, self.evil.pk})
        self.login(self.tereza)
        ids = {int(r[0]) for r in read_csv(self.export())[1:]}
        self.assertEqual(ids, {self.teplice_client.pk})

    def test_the_client_export_has_the_import_columns_and_can_filter_by_office(self):
        self.login(self.alice)
        rows = read_csv(self.export(office=self.teplice.pk))
        header = rows[0]
        self.assertEqual(header[:3], ["id", "external_id", "first_name"])
        self.assertIn("residence_category", header)
        self.assertEqual(len(rows), 2)
        row = dict(zip(header, rows[1], strict=True))
        self.assertEqual(
            (row["office"], row["citizenship"], row["residence_category"], row["eligible_today"]),
            ("teplice", "UA", "temporary_protection", "yes"),
        )

    def test_formula_cells_are_escaped_in_csv_and_xlsx(self):
        self.login(self.alice)
        rows = read_csv(self.export())
        row = next(r for r in rows if r[0] == str(self.evil.pk))
        self.assertIn('\'=HYPERLINK("http://x")', row)
        self.assertIn("'@cmd", row)
        self.assertIn("'-x", row)
        phone = next(r for r in rows if r[0] == str(self.usti_client.pk))[rows[0].index("phone")]
        self.assertEqual(phone, "'+420 777 000 111")
        response = self.export(file_format="xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [cell for row in sheet.iter_rows() for cell in row]
        formula = next(c for c in values if isinstance(c.value, str) and "HYPERLINK" in c.value)
        self.assertEqual(formula.data_type, "s")
        self.assertTrue(formula.value.startswith("'="))

    def test_the_export_uses_the_same_number_of_queries_for_any_number_of_clients(self):
        self.login(self.alice)
        self.export()  # warm the permission cache

        def count():
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                read_csv(self.export())
            return len(captured)

        before = count()
        for i in range(15):
            make_client(self.usti, external_id=f"X-{i}", languages=[])
        self.assertEqual(count(), before)

    def test_an_export_is_recorded_with_who_what_and_filters(self):
        self.login(self.alice)
        read_csv(self.export(office=self.usti.pk, date_from="2025-01-01"))
        transfer = Transfer.objects.get()
        self.assertEqual(
            (transfer.user, transfer.direction, transfer.kind, transfer.rows),
            (self.alice, "export", "clients", 0),
        )
        self.assertEqual(transfer.filters, {"office": "usti", "date_from": "2025-01-01"})
        entry = LogEntry.objects.get_for_object(transfer).get()
        self.assertEqual(entry.actor, self.alice)

    def test_clients_are_filtered_by_services_in_the_period_and_activity(self):
        service(self.usti_client, self.sam, activity_id="A05", date=date(2025, 2, 1))
        service(self.evil, self.sam, activity_id="A04", date=date(2024, 2, 1))
        self.login(self.alice)
        ids = [r[0] for r in read_csv(self.export(activity="A05"))[1:]]
        self.assertEqual(ids, [str(self.usti_client.pk)])
        ids = [
            r[0] for r in read_csv(self.export(date_from="2024-01-01", date_to="2024-12-31"))[1:]
        ]
        self.assertEqual(ids, [str(self.evil.pk)])

    def test_users_without_the_export_permission_are_refused(self):
        for user in (self.rita, self.tom, self.nora, self.audrey):
            self.login(user)
            self.assertEqual(self.export().status_code, 403, user)

    def test_invalid_filters_are_reported_not_a_500(self):
        self.login(self.alice)
        response = self.export(date_from="2025-05-01", date_to="2025-01-01")
        self.assertRedirects(response, reverse("interchange:index"))
        response = self.export(office=self.usti.pk + 999)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Transfer.objects.exists())

    def test_an_unknown_export_is_not_found(self):
        self.login(self.alice)
        self.assertEqual(self.export(kind="passwords").status_code, 404)


class ServiceExportTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        client = make_client(cls.usti, external_id="U-1")
        cls.ordinary = service(client, cls.sam, note="Needs a flat.", date=date(2025, 1, 10))
        cls.confidential = service(
            client, cls.sam, note="Violence at home.", note_confidential=True
        )
        cls.legal = service(client, cls.lara, activity_id="A05", note="Appeal strategy.")
        cls.anonymous = service(
            None,
            cls.rita,
            office=cls.usti,
            activity_id="A03",
            anonymous_count=4,
            anonymous_sex="F",
            channel="phone",
        )
        cls.teplice = service(make_client(cls.teplice), cls.tereza, note="Teplice note.")

    def export(self, **params):
        response = self.client.get(
            reverse("interchange:export", args=["services"]), {"file_format": "csv", **params}
        )
        if response.status_code != 200:
            return response.status_code
        rows = read_csv(response)
        return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]

    def notes(self):
        return {int(r["id"]): r.get("note") for r in self.export()}

    def test_a_social_worker_gets_ordinary_notes_but_never_confidential_or_legal_ones(self):
        self.login(self.sam)
        notes = self.notes()
        self.assertEqual(notes[self.ordinary.pk], "Needs a flat.")
        self.assertEqual(notes[self.confidential.pk], "")
        self.assertEqual(notes[self.legal.pk], "")
        self.assertNotIn(self.teplice.pk, notes)

    def test_a_lawyer_gets_every_note_of_their_offices(self):
        self.login(self.lara)
        notes = self.notes()
        self.assertEqual(notes[self.confidential.pk], "Violence at home.")
        self.assertEqual(notes[self.legal.pk], "Appeal strategy.")

    def test_a_coordinator_sees_every_office_but_no_confidential_note(self):
        self.login(self.alice)
        notes = self.notes()
        self.assertEqual(notes[self.teplice.pk], "Teplice note.")
        self.assertEqual(notes[self.legal.pk], "")
        self.assertEqual(notes[self.confidential.pk], "")

    def test_roles_without_note_permissions_get_no_note_column(self):
        for user in (self.rita, self.audrey):
            self.login(user)
            rows = self.export()
            self.assertTrue(rows)
            self.assertNotIn("note", rows[0])
            for row in rows:
                self.assertNotIn("Violence", " ".join(row.values()))

    def test_anonymous_contacts_and_filters(self):
        self.login(self.alice)
        rows = self.export(activity="A03")
        self.assertEqual(len(rows), 1)
        self.assertEqual(
            (
                rows[0]["anonymous_count"],
                rows[0]["anonymous_sex"],
                rows[0]["client_external_id"],
                rows[0]["eligible"],
            ),
            ("4", "F", "", ""),
        )
        rows = self.export(date_from="2025-01-01", date_to="2025-01-31")
        self.assertEqual([int(r["id"]) for r in rows], [self.ordinary.pk])
        rows = self.export(office=self.teplice.office.pk)
        self.assertEqual([int(r["id"]) for r in rows], [self.teplice.pk])

    def test_the_xlsx_export_has_the_same_rows(self):
        self.login(self.lara)
        response = self.client.get(
            reverse("interchange:export", args=["services"]), {"file_format": "xlsx"}
        )
        self.assertEqual(
            response["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        sheet = load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet.max_row, 5)  # header + the four Ústí services

    def test_the_service_export_uses_a_fixed_number_of_queries(self):
        self.login(self.alice)
        self.export()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as first:
            self.export()
        client = make_client(self.usti)
        for _ in range(10):
            service(client, self.sam, note="x").topics.add("housing", "residence")
        with CaptureQueriesContext(connection) as second:
            self.export()
        self.assertEqual(len(first), len(second))

    def test_users_without_access_to_services_are_refused(self):
        for user in (self.tom, self.nora):
            self.login(user)
            self.assertEqual(self.export(), 403)
