"""Import of official statistics: totals and details side by side, every bad row reported with
its line number, nothing written unless the whole file is valid, re-imports change nothing."""

from __future__ import annotations

import io
import tempfile
from datetime import date
from pathlib import Path

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from spolu.interchange.models import Transfer
from spolu.interchange.services import import_file
from spolu.interchange.testing import csv_bytes, xlsx_bytes
from spolu.monitoring.models import OfficialStatistic
from spolu.monitoring.tests.base import PUBLISHED_CSV
from spolu.testing import SpoluTestCase

HEADER = ["date", "territory", "citizenship", "residence_category", "sex", "age_band", "count"]


def run(rows, *, write=True, header=HEADER, xlsx=False):
    data = (xlsx_bytes if xlsx else csv_bytes)([header, *rows])
    name = "stats.xlsx" if xlsx else "stats.csv"
    return import_file(kind="statistics", data=data, filename=name, actor=None, write=write)


def messages(report):
    return [(e.line, e.message) for e in report.errors]


class StatisticsImportTest(TestCase):
    def test_the_published_file_imports_with_totals_and_details_side_by_side(self):
        report = import_file(
            kind="statistics",
            data=PUBLISHED_CSV.read_bytes(),
            filename=PUBLISHED_CSV.name,
            actor=None,
            write=True,
        )
        self.assertEqual(report.errors, [])
        self.assertEqual((report.rows, report.created), (14, 14))
        total = OfficialStatistic.objects.get(date=date(2022, 12, 31), territory="CZ042", sex="")
        men = OfficialStatistic.objects.get(date=date(2022, 12, 31), territory="CZ042", sex="M")
        teplice = OfficialStatistic.objects.get(date=date(2019, 12, 31), territory="CZ0426")
        self.assertEqual((total.count, men.count, teplice.count), (61437, 31725, 8892))
        self.assertTrue(total.is_total)
        self.assertFalse(men.is_total)
        self.assertFalse(total.synthetic)
        self.assertEqual(OfficialStatistic.objects.totals().count(), 8)

    def test_reimporting_the_same_file_changes_nothing(self):
        rows = [
            ["2022-12-31", "CZ042", "", "", "", "", "61437"],
            ["2022-12-31", "CZ042", "", "", "M", "", "31725"],
        ]
        run(rows)
        statistic_entries = LogEntry.objects.filter(content_type__model="officialstatistic")
        self.assertEqual(statistic_entries.count(), 2)
        again = run(rows)
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 2))
        self.assertEqual(OfficialStatistic.objects.count(), 2)
        self.assertEqual(statistic_entries.count(), 2)
        self.assertEqual(Transfer.objects.filter(kind="statistics").count(), 2)

    def test_a_changed_count_updates_the_row_with_the_same_key(self):
        run([["2022-12-31", "cz042", "", "", "m", "", "31000"]])
        report = run([["2022-12-31", "CZ042", "", "", "M", "", "31725"]])
        self.assertEqual((report.created, report.updated), (0, 1))
        stat = OfficialStatistic.objects.get()
        self.assertEqual((stat.territory, stat.sex, stat.count), ("CZ042", "M", 31725))
        entry = LogEntry.objects.get_for_object(stat).latest("pk")
        self.assertEqual(entry.changes["count"], [31000, 31725])

    def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(self):
        report = run(
            [
                ["2022-12-31", "CZ042", "", "", "", "", "61437"],
                ["2022-13-01", "CZ042", "", "", "", "", "10"],
                ["2022-12-31", "CZ9999", "", "", "", "", "10"],
                ["2022-12-31", "CZ042", "QQ", "", "", "", "10"],
                ["2022-12-31", "CZ042", "", "tourist", "", "", "10"],
                ["2022-12-31", "CZ042", "", "", "W", "", "10"],
                ["2022-12-31", "CZ042", "", "", "", "old", "10"],
                ["2022-12-31", "CZ042", "UA", "", "", "", "-5"],
                ["2022-12-31", "CZ042", "VN", "", "", "", "many"],
                ["2022-12-31", "CZ042", "DE", "", "", "", ""],
                ["2099-12-31", "CZ042", "", "", "", "", "10"],
            ],
        )
        self.assertFalse(report.written)
        self.assertEqual(
            [line for line, _message in messages(report)], [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
        )
        text = "\n".join(message for _line, message in messages(report))
        for expected in ("CZ9999", "QQ", "tourist", "W", "old", "-5", "many", "2099-12-31"):
            self.assertIn(expected, text)
        self.assertFalse(OfficialStatistic.objects.exists())

    def test_a_date_outside_1900_to_2100_is_refused_with_its_line(self):
        report = run(
            [
                ["2022-12-31", "CZ042", "", "", "", "", "61437"],
                ["0001-01-01", "CZ042", "", "", "", "", "10"],
                ["1899-12-31", "CZ042", "", "", "", "", "10"],
            ],
        )
        self.assertFalse(report.written)
        self.assertEqual(
            messages(report),
            [
                (3, "date: “0001-01-01” – Zadejte datum mezi 1. 1. 1900 a 31. 12. 2100."),
                (4, "date: “1899-12-31” – Zadejte datum mezi 1. 1. 1900 a 31. 12. 2100."),
            ],
        )
        self.assertFalse(OfficialStatistic.objects.exists())

    def test_the_same_key_twice_in_a_file_is_reported_on_both_lines(self):
        report = run(
            [
                ["2022-12-31", "CZ042", "", "", "M", "", "31725"],
                ["2022-12-31", "CZ042", "", "", "", "", "61437"],
                ["2022-12-31", "cz042", "", "", "m", "", "31726"],
            ]
        )
        self.assertEqual([line for line, _m in messages(report)], [2, 4])
        self.assertIn("CZ042", messages(report)[0][1])

    def test_details_adding_up_to_more_than_their_total_are_refused(self):
        report = run(
            [
                ["2022-12-31", "CZ042", "", "", "", "", "1000"],
                ["2022-12-31", "CZ042", "", "", "M", "", "600"],
                ["2022-12-31", "CZ042", "", "", "F", "", "500"],
            ]
        )
        self.assertEqual(len(report.errors), 1)
        line, message = messages(report)[0]
        self.assertEqual(line, 2)
        self.assertIn("1100", message.replace("\xa0", ""))
        self.assertIn("3, 4", message)

    def test_districts_are_details_of_their_region_also_across_imports(self):
        run([["2022-12-31", "CZ042", "", "", "", "", "1000"]])
        report = run(
            [
                ["2022-12-31", "CZ0426", "", "", "", "", "700"],
                ["2022-12-31", "CZ0427", "", "", "", "", "400"],
            ]
        )
        self.assertEqual([line for line, _m in messages(report)], [2])
        self.assertEqual(OfficialStatistic.objects.count(), 1)
        fits = run(
            [
                ["2022-12-31", "CZ0426", "", "", "", "", "600"],
                ["2022-12-31", "CZ0427", "", "", "", "", "400"],
            ]
        )
        self.assertTrue(fits.written)

    def test_details_within_their_total_and_overlapping_age_bands_are_accepted(self):
        report = run(
            [
                ["2022-12-31", "CZ042", "", "", "", "", "1000"],
                ["2022-12-31", "CZ042", "", "", "", "0-14", "300"],
                ["2022-12-31", "CZ042", "", "", "", "0-17", "400"],
                ["2022-12-31", "CZ042", "", "", "", "65+", "100"],
                ["2022-12-31", "CZ042", "", "", "", "under_18", "400"],
            ]
        )
        # under_18 is the report's name of 0-17: the same key twice.
        self.assertEqual([line for line, _m in messages(report)], [4, 6])
        report = run(
            [
                ["2022-12-31", "CZ042", "", "", "", "", "1000"],
                ["2022-12-31", "CZ042", "", "", "", "0-14", "300"],
                ["2022-12-31", "CZ042", "", "", "", "0-17", "400"],
                ["2022-12-31", "CZ042", "", "", "", "over_60", "100"],
                ["2022-12-31", "CZ042", "UA", "residence_permanent", "F", "15–64", "10"],
            ]
        )
        self.assertEqual(report.errors, [])
        bands = set(OfficialStatistic.objects.values_list("age_band", flat=True))
        self.assertEqual(bands, {"", "0-14", "0-17", "61+", "15-64"})

    def test_a_synthetic_figure_never_replaces_a_published_one(self):
        run([["2022-12-31", "CZ042", "", "", "", "", "61437"]])
        report = run(
            [["2022-12-31", "CZ042", "", "", "", "", "99999", "yes", "made up"]],
            header=[*HEADER, "synthetic", "source"],
        )
        self.assertEqual([line for line, _m in messages(report)], [2])
        self.assertEqual(OfficialStatistic.objects.get().count, 61437)

    def test_the_optional_columns_mark_synthetic_rows_and_their_source(self):
        report = run(
            [
                ["2022-12-31", "CZ042", "", "", "", "", "61437", "no", "https://www.czso.cz/"],
                ["2022-12-31", "CZ0421", "", "", "", "", "8000", "ano", "demo"],
                ["2022-12-31", "CZ0422", "", "", "", "", "8000", "maybe", ""],
            ],
            header=[*HEADER, "synthetic", "source"],
        )
        self.assertEqual([line for line, _m in messages(report)], [4])
        report = run(
            [
                ["2022-12-31", "CZ042", "", "", "", "", "61437", "no", "https://www.czso.cz/"],
                ["2022-12-31", "CZ0421", "", "", "", "", "8000", "ano", "demo"],
            ],
            header=[*HEADER, "synthetic", "source"],
        )
        self.assertTrue(report.written)
        kraj, district = OfficialStatistic.objects.order_by("territory")
        self.assertEqual((kraj.synthetic, kraj.source), (False, "https://www.czso.cz/"))
        self.assertEqual((district.synthetic, district.source), (True, "demo"))

    def test_xlsx_files_with_numbers_as_cells_import_the_same(self):
        report = run([["2022-12-31", "CZ042", None, None, "M", None, 31725]], xlsx=True)
        self.assertEqual(report.errors, [])
        self.assertEqual(OfficialStatistic.objects.get().count, 31725)

    def test_an_unknown_column_is_refused_on_the_header_line(self):
        report = run([["2022-12-31", "CZ042", "", "", "", "", "1", "x"]], header=[*HEADER, "note"])
        self.assertEqual([line for line, _m in messages(report)], [1])


class ImportCommandTest(TestCase):
    def test_the_command_imports_the_published_file_and_a_dry_run_writes_nothing(self):
        out = io.StringIO()
        call_command("import_data", "statistics", str(PUBLISHED_CSV), "--dry-run", stdout=out)
        self.assertFalse(OfficialStatistic.objects.exists())
        call_command("import_data", "statistics", str(PUBLISHED_CSV), stdout=out)
        self.assertEqual(OfficialStatistic.objects.count(), 14)
        call_command("import_data", "statistics", str(PUBLISHED_CSV), stdout=out)
        self.assertEqual(OfficialStatistic.objects.count(), 14)

    def test_the_command_prints_bad_rows_with_their_lines_and_fails(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bad.csv"
            path.write_bytes(csv_bytes([HEADER, ["2022-12-31", "CZ042", "", "", "", "", "x"]]))
            err = io.StringIO()
            with self.assertRaises(CommandError):
                call_command(
                    "import_data", "statistics", str(path), stdout=io.StringIO(), stderr=err
                )
        self.assertIn("2: count: „x“", err.getvalue())
        self.assertFalse(OfficialStatistic.objects.exists())


class UploadPageTest(SpoluTestCase):
    def test_coordinators_find_the_statistics_import_and_its_template(self):
        self.login(self.alice)
        self.assertContains(self.client.get(reverse("interchange:index")), "statistics")
        response = self.client.get(reverse("interchange:template", args=["statistics", "csv"]))
        self.assertEqual(response.status_code, 200)
        header = b"".join(response).decode("utf-8-sig").splitlines()[0]
        self.assertTrue(header.startswith(",".join(HEADER)))

    def test_an_upload_previews_then_writes_only_when_confirmed(self):
        self.login(self.adam)
        upload = SimpleUploadedFile("stats.csv", PUBLISHED_CSV.read_bytes(), "text/csv")
        response = self.client.post(
            reverse("interchange:upload"), {"kind": "statistics", "file": upload}
        )
        self.assertRedirects(response, reverse("interchange:preview"))
        self.assertContains(self.client.get(reverse("interchange:preview")), "38861")
        self.assertFalse(OfficialStatistic.objects.exists())
        self.client.post(reverse("interchange:confirm"))
        self.assertEqual(OfficialStatistic.objects.count(), 14)

    def test_staff_without_the_permission_do_not_get_the_importer(self):
        self.login(self.sam)
        response = self.client.get(reverse("interchange:template", args=["statistics", "csv"]))
        self.assertIn(response.status_code, (403, 404))


class AdminTest(SpoluTestCase):
    def test_an_administrator_removes_a_wrong_row_but_never_edits_one(self):
        import_file(
            kind="statistics",
            data=PUBLISHED_CSV.read_bytes(),
            filename="s.csv",
            actor=None,
            write=True,
        )
        stat = OfficialStatistic.objects.get(territory="CZ0426", date=date(2019, 12, 31))
        self.login(self.adam)
        changelist = reverse("admin:monitoring_officialstatistic_changelist")
        self.assertContains(self.client.get(changelist), "CZ0426")
        self.assertEqual(
            self.client.get(reverse("admin:monitoring_officialstatistic_add")).status_code, 403
        )
        delete = reverse("admin:monitoring_officialstatistic_delete", args=[stat.pk])
        self.client.post(delete, {"post": "yes"})
        self.assertFalse(OfficialStatistic.objects.filter(pk=stat.pk).exists())
        self.assertTrue(
            LogEntry.objects.filter(object_pk=str(stat.pk), action=LogEntry.Action.DELETE).exists()
        )
        self.login(self.alice)  # not staff: no admin at all
        self.assertNotEqual(self.client.get(changelist).status_code, 200)
