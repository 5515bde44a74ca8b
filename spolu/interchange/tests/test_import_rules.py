"""Imports enforce the rules the forms enforce: activities by recipient, the user's offices, the
headcount limit and the plausible range of dates, each bad row with its line number."""

from __future__ import annotations

import tempfile
from datetime import date
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from spolu.clients.models import Client
from spolu.counselling.models import ANONYMOUS_COUNT_MAX, ServiceRecord
from spolu.interchange.services import import_file
from spolu.interchange.testing import (
    CLIENT_HEADER,
    SERVICE_HEADER,
    client_row,
    csv_bytes,
    service_row,
)
from spolu.testing import SpoluTestCase, make_client


def anonymous_row(**values):
    fields = {
        "client_external_id": "",
        "activity": "A03",
        "anonymous_count": "2",
        "topics": "",
        "interpreter_language": "",
    }
    return service_row(**{**fields, **values})


class ServiceImportRulesTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_client(cls.usti, external_id="C-1", birth_date=date(1990, 5, 17))
        make_client(cls.teplice, external_id="T-1", last_name_latin="Teplická")

    def lines(self, rows, actor=None):
        with translation.override("en"):
            report = import_file(
                kind="services",
                data=csv_bytes([SERVICE_HEADER, *rows]),
                filename="s.csv",
                actor=actor,
                write=True,
            )
        lines: dict[int, list[str]] = {}
        for error in report.errors:
            lines.setdefault(error.line, []).append(error.message)
        return lines

    def test_activities_must_suit_the_recipient(self):
        lines = self.lines(
            [
                service_row(),
                service_row(external_id="S-2", activity="A19"),
                service_row(external_id="S-3", activity="A13"),
                anonymous_row(external_id="S-4", activity="A08"),
                anonymous_row(external_id="S-5", activity="A04"),
                anonymous_row(external_id="S-6"),
            ]
        )
        self.assertEqual(sorted(lines), [3, 4, 5, 6])
        self.assertIn("A19 is not recorded for a client", lines[3][0])
        self.assertIn("A13 is not recorded for a client", lines[4][0])
        self.assertIn("A08 is not recorded for anonymous contacts", lines[5][0])
        self.assertIn("A04 is not recorded for anonymous contacts", lines[6][0])
        self.assertFalse(ServiceRecord.objects.exists())

    def test_a_client_of_another_office_is_not_found(self):
        lines = self.lines(
            [service_row(), service_row(external_id="S-2", client_external_id="T-1")],
            actor=self.sam,
        )
        self.assertEqual(list(lines), [3])
        self.assertIn("no client with external ID “T-1” in your offices", lines[3][0])
        self.assertFalse(ServiceRecord.objects.exists())

    def test_the_headcount_limit_is_the_forms(self):
        lines = self.lines(
            [
                anonymous_row(anonymous_count=str(ANONYMOUS_COUNT_MAX)),
                anonymous_row(external_id="S-2", anonymous_count=str(ANONYMOUS_COUNT_MAX + 1)),
            ]
        )
        self.assertEqual(lines, {3: [f"anonymous_count: 501 is more than {ANONYMOUS_COUNT_MAX}."]})

    def test_the_models_own_rules_are_checked(self):
        lines = self.lines([service_row(external_id="S-2", date="1989-12-31")])
        self.assertIn("before the client's date of birth", lines[2][0])

    def test_dates_outside_the_plausible_range_are_refused_with_their_line(self):
        lines = self.lines(
            [
                service_row(),
                service_row(external_id="S-2", date="0001-01-01"),
                service_row(external_id="S-3", date="9999-12-31"),
            ]
        )
        self.assertEqual(sorted(lines), [3, 4])
        self.assertEqual(
            lines[3][0], "date: “0001-01-01” – Enter a date between 1900-01-01 and 2100-12-31."
        )
        self.assertFalse(ServiceRecord.objects.exists())


class ImportCommandRulesTest(SpoluTestCase):
    def test_the_command_lists_implausible_dates_and_bad_activities_and_fails(self):
        make_client(self.usti, external_id="C-1", birth_date=date(1990, 5, 17))
        rows = [
            SERVICE_HEADER,
            service_row(),
            service_row(external_id="S-2", date="0001-01-01"),
            service_row(external_id="S-3", activity="A13"),
        ]
        path = Path(tempfile.mkdtemp()) / "services.csv"
        path.write_bytes(csv_bytes(rows))
        err = StringIO()
        with translation.override("en"), self.assertRaisesMessage(CommandError, "2 errors"):
            call_command("import_data", "services", str(path), stdout=StringIO(), stderr=err)
        lines = err.getvalue().splitlines()
        self.assertTrue(lines[0].startswith("line 3: date:"))
        self.assertTrue(lines[1].startswith("line 4: activity:"))
        self.assertFalse(ServiceRecord.objects.exists())

    def test_the_command_refuses_a_status_before_birth_and_a_birth_in_year_one(self):
        rows = [
            CLIENT_HEADER,
            client_row(birth_date="2023-01-01", first_contact_date="2024-01-01"),
            client_row(external_id="C-2", birth_date="0001-01-01"),
        ]
        path = Path(tempfile.mkdtemp()) / "clients.csv"
        path.write_bytes(csv_bytes(rows))
        err = StringIO()
        with translation.override("en"), self.assertRaisesMessage(CommandError, "2 errors"):
            call_command("import_data", "clients", str(path), stdout=StringIO(), stderr=err)
        lines = err.getvalue().splitlines()
        self.assertTrue(lines[0].startswith("line 2: residence_valid_from:"))
        self.assertTrue(lines[1].startswith("line 3: birth_date:"))
        self.assertFalse(Client.objects.exists())


class ImportPageRulesTest(SpoluTestCase):
    def test_an_implausible_date_is_shown_in_the_preview_and_cannot_be_confirmed(self):
        self.client.cookies.load({"django_language": "en"})
        self.login(self.alice)
        data = csv_bytes([CLIENT_HEADER, client_row(first_contact_date="9999-12-31")])
        self.client.post(
            reverse("interchange:upload"),
            {"kind": "clients", "file": SimpleUploadedFile("c.csv", data, "text/csv")},
        )
        preview = self.client.get(reverse("interchange:preview"))
        self.assertContains(preview, "line 2")
        self.assertContains(preview, "Enter a date between")
        self.assertEqual(self.client.post(reverse("interchange:confirm")).status_code, 400)
        self.assertFalse(Client.objects.exists())
