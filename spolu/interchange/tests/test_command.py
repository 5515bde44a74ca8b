from __future__ import annotations

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from spolu.clients.models import Client
from spolu.interchange.testing import CLIENT_HEADER, client_row, csv_bytes, xlsx_bytes
from spolu.testing import SpoluTestCase


class ImportDataCommandTest(SpoluTestCase):
    def write_file(self, name, data):
        directory = Path(tempfile.mkdtemp())
        path = directory / name
        path.write_bytes(data)
        return path

    def call(self, *args):
        out, err = StringIO(), StringIO()
        with translation.override("en"):
            call_command("import_data", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_it_imports_a_valid_file_and_prints_a_summary(self):
        path = self.write_file("clients.csv", csv_bytes([CLIENT_HEADER, client_row()]))
        out, err = self.call("clients", str(path))
        self.assertIn("1 rows, 1 to create, 0 to update, 0 unchanged", out)
        self.assertIn("Imported.", out)
        self.assertEqual(err, "")
        self.assertTrue(Client.objects.filter(external_id="C-1").exists())

    def test_a_dry_run_writes_nothing(self):
        path = self.write_file("clients.xlsx", xlsx_bytes([CLIENT_HEADER, client_row()]))
        out, _err = self.call("clients", str(path), "--dry-run")
        self.assertIn("Dry run", out)
        self.assertFalse(Client.objects.exists())

    def test_an_invalid_file_lists_every_error_and_fails(self):
        rows = [
            CLIENT_HEADER,
            client_row(),
            client_row(external_id="C-2", sex="?"),
            client_row(external_id="C-3", citizenship=""),
        ]
        path = self.write_file("clients.csv", csv_bytes(rows))
        err = StringIO()
        with translation.override("en"), self.assertRaisesMessage(CommandError, "2 errors"):
            call_command("import_data", "clients", str(path), stdout=StringIO(), stderr=err)
        lines = err.getvalue().splitlines()
        self.assertEqual(len(lines), 2)
        self.assertTrue(lines[0].startswith("line 3: sex:"))
        self.assertTrue(lines[1].startswith("line 4: citizenship:"))
        self.assertFalse(Client.objects.exists())

    def test_the_office_option_fills_empty_office_cells(self):
        path = self.write_file("clients.csv", csv_bytes([CLIENT_HEADER, client_row(office="")]))
        self.call("clients", str(path), "--office", "teplice")
        self.assertEqual(Client.objects.get().office, self.teplice)

    def test_an_unknown_office_option_fails(self):
        path = self.write_file("clients.csv", csv_bytes([CLIENT_HEADER, client_row()]))
        with self.assertRaises(CommandError):
            self.call("clients", str(path), "--office", "atlantis")

    def test_an_unreadable_file_fails_with_a_reason(self):
        path = self.write_file("clients.pdf", b"%PDF-1.4")
        with self.assertRaisesMessage(CommandError, ".csv or .xlsx"):
            self.call("clients", str(path))
        with self.assertRaises(CommandError):
            self.call("clients", "/nonexistent/file.csv")


class ExportDataCommandTest(SpoluTestCase):
    def test_it_exports_what_the_user_may_see_and_records_it(self):
        from spolu.interchange.models import Transfer
        from spolu.testing import make_client

        make_client(self.usti, external_id="U-1")
        make_client(self.teplice, external_id="T-1")
        path = Path(tempfile.mkdtemp()) / "clients.csv"
        call_command("export_data", "clients", "--user", "sam", "-o", str(path))
        content = path.read_text(encoding="utf-8-sig")
        self.assertIn("U-1", content)
        self.assertNotIn("T-1", content)
        self.assertEqual(Transfer.objects.get().user, self.sam)

    def test_it_refuses_a_user_without_the_permission(self):
        with translation.override("en"), self.assertRaisesMessage(CommandError, "may not export"):
            call_command("export_data", "clients", "--user", "tom", stdout=StringIO())

    def test_xlsx_goes_to_a_file(self):
        path = Path(tempfile.mkdtemp()) / "services.xlsx"
        call_command(
            "export_data",
            "services",
            "--user",
            "alice",
            "--format",
            "xlsx",
            "-o",
            str(path),
            "--from",
            "2025-01-01",
        )
        self.assertTrue(path.read_bytes().startswith(b"PK"))
        with self.assertRaises(CommandError):
            call_command("export_data", "services", "--user", "alice", "--from", "1.1.2025")
