"""The same numbers in every format: JSON and CSV (byte-identical when run twice), XLSX cells,
PDF text; the monitoring_report command and its errors."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import time
from io import BytesIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from spolu.reporting.exports import (
    ACTIVITY_COLUMNS,
    DOCUMENTED,
    OUTPUT_COLUMNS,
    report_csv,
    report_json_text,
    report_pdf,
    report_xlsx,
)
from spolu.reporting.models import Indicator, IndicatorTarget
from spolu.reporting.testing import (
    EXPECTED,
    EXPECTED_OUTPUT_TOTALS,
    EXPECTED_OUTPUTS,
    EXPECTED_TEPLICE_TOTALS,
)
from spolu.reporting.tests.test_report_numbers import WorldTestCase, documented

# The hours note of the web page, the PDF and the XLSX: platform meetings are A18's events.
HOURS_NOTE_EN = (
    "Hours: minutes of service records, of events and of platform meetings (each event and "
    "each meeting once) and of lessons held, divided by 60."
)


def run(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("monitoring_report", *args, stdout=out, stderr=err)
    return out.getvalue()


def expected_cells(code: str) -> dict[str, int | float]:
    """The documented numbers of an activity plus the ineligible ones (derived)."""
    numbers = dict(EXPECTED["activities"][code])
    numbers["ineligible_unique_clients"] = (
        numbers["unique_clients"] - numbers["eligible_unique_clients"]
    )
    return numbers


class CommandTest(WorldTestCase):
    def test_json_goes_to_standard_output_in_the_documented_shape(self):
        data = json.loads(run("--from", "2026-01-01", "--to", "2026-06-30", "--format", "json"))
        self.assertEqual(list(data)[:5], ["period", "office", "totals", "activities", "breakdowns"])
        self.assertIn("indicators", data)
        self.assertEqual(data["period"], EXPECTED["period"])
        self.assertEqual(documented(data["totals"]), EXPECTED["totals"])
        self.assertEqual(
            {code: documented(n) for code, n in data["activities"].items()}, EXPECTED["activities"]
        )
        for dimension, expected in EXPECTED["breakdowns"].items():
            self.assertEqual(
                {k: v for k, v in data["breakdowns"][dimension].items() if v},
                {k: v for k, v in expected.items() if v},
            )
        self.assertEqual(
            [{"code": i["code"], "value": i["value"]} for i in data["indicators"]],
            EXPECTED["indicators"],
        )
        self.assertTrue(all(set(i) >= {"code", "name", "value"} for i in data["indicators"]))

    def test_json_is_the_default_format_and_one_office_can_be_chosen(self):
        data = json.loads(run("--from", "2026-01-01", "--to", "2026-06-30", "--office", "teplice"))
        self.assertEqual(data["office"], "teplice")
        self.assertEqual(documented(data["totals"]), EXPECTED_TEPLICE_TOTALS)

    def test_office_codes_are_case_insensitive(self):
        data = json.loads(run("--from", "2026-01-01", "--to", "2026-06-30", "--office", "TEPLICE"))
        self.assertEqual(data["office"], "teplice")
        self.assertEqual(documented(data["totals"]), EXPECTED_TEPLICE_TOTALS)

    def test_running_twice_gives_byte_identical_json_and_csv(self):
        for file_format in ("json", "csv"):
            args = ("--from", "2026-01-01", "--to", "2026-06-30", "--format", file_format)
            self.assertEqual(run(*args), run(*args), file_format)

    def test_running_twice_gives_byte_identical_xlsx_and_pdf(self):
        from unittest import mock

        with tempfile.TemporaryDirectory() as folder:
            for file_format in ("xlsx", "pdf"):
                first, second = Path(folder) / f"1.{file_format}", Path(folder) / f"2.{file_format}"
                args = ("--from", "2026-01-01", "--to", "2026-06-30", "--format", file_format)
                run(*args, "--output", str(first))
                with mock.patch("time.time", return_value=time.time() + 3600):
                    run(*args, "--output", str(second))
                self.assertEqual(first.read_bytes(), second.read_bytes(), file_format)

    def test_files_are_written_with_output(self):
        with tempfile.TemporaryDirectory() as folder:
            for file_format, magic in (("xlsx", b"PK"), ("pdf", b"%PDF"), ("csv", b"table,")):
                path = Path(folder) / f"report.{file_format}"
                run("--from", "2026-01-01", "--to", "2026-06-30", "--format", file_format,
                    "--output", str(path))  # fmt: skip
                self.assertTrue(path.read_bytes().startswith(magic), file_format)

    def test_bad_arguments_are_explained(self):
        cases = [
            (["--from", "2026-13-01", "--to", "2026-06-30"], "2026-13-01"),
            (["--from", "0001-01-01", "--to", "2026-06-30"], "1. 1. 1900 a 31. 12. 2100"),
            (["--from", "2026-01-01", "--to", "9999-12-31"], "9999-12-31"),
            (["--from", "2026-01-01", "--to", "yesterday"], "yesterday"),
            (["--from", "2026-06-30", "--to", "2026-01-01"], "--to"),
            (["--from", "2026-01-01", "--to", "2026-06-30", "--office", "praha"], "praha"),
            (["--from", "2026-01-01", "--to", "2026-06-30", "--format", "pdf"], "--output"),
            (["--from", "2026-01-01", "--to", "2026-06-30", "--format", "doc"], "doc"),
            (["--from", "2026-01-01", "--to", "2026-06-30", "--output", "/no/such/dir/r.json"],
             "/no/such/dir"),
        ]  # fmt: skip
        for args, mentioned in cases:
            with self.subTest(args=args), self.assertRaises(CommandError) as caught:
                run(*args)
            self.assertIn(mentioned, str(caught.exception))

    def test_a_bad_argument_from_the_shell_exits_non_zero_without_a_traceback(self):
        import subprocess
        import sys

        from django.conf import settings

        result = subprocess.run(
            [sys.executable, "manage.py", "monitoring_report", "--from", "2026-02-30",
             "--to", "2026-06-30"],
            cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120,
            env={"DJANGO_SETTINGS_MODULE": "spolu.settings_test", "PATH": "/usr/bin:/bin",
                 "SPOLU_VAR_DIR": tempfile.gettempdir()},
        )  # fmt: skip
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("2026-02-30", result.stderr)
        self.assertNotIn("Traceback", result.stderr)


class CsvTest(WorldTestCase):
    def test_every_number_is_in_the_csv(self):
        rows = list(csv.reader(io.StringIO(report_csv(self.report()))))
        self.assertEqual(rows[0], ["table", "key", "name", "measure", "value"])
        cells = {(t, k, m): v for t, k, _n, m, v in rows[1:]}
        for name, value in EXPECTED["totals"].items():
            self.assertEqual(cells[("totals", "", name)], str(value), name)
        for code, numbers in EXPECTED["activities"].items():
            for name, value in numbers.items():
                self.assertEqual(cells[("activities", code, name)], str(value), (code, name))
        for dimension, expected in EXPECTED["breakdowns"].items():
            for key, value in expected.items():
                self.assertEqual(
                    cells[(f"breakdowns.{dimension}", key, "unique_clients")], str(value)
                )
        for indicator in EXPECTED["indicators"]:
            value = "" if indicator["value"] is None else str(indicator["value"])
            self.assertEqual(cells[("indicators", indicator["code"], "value")], value)
        for code, numbers in EXPECTED_OUTPUTS.items():
            for name, value in numbers.items():
                self.assertEqual(cells[("activities", code, name)], str(value), (code, name))
        for name, value in EXPECTED_OUTPUT_TOTALS.items():
            self.assertEqual(cells[("totals", "", name)], str(value), name)


class XlsxTest(WorldTestCase):
    def test_every_number_is_in_its_sheet(self):
        with translation.override("en"):
            workbook = load_workbook(BytesIO(report_xlsx(self.report())))
        self.assertEqual(
            workbook.sheetnames,
            ["Summary", "Activities", "Outputs", "Indicators", "Citizenship", "Sex", "Age band",
             "Residence category"],
        )  # fmt: skip
        summary = {
            row[0]: row[1] for row in workbook["Summary"].iter_rows(min_row=5, values_only=True)
        }
        self.assertEqual(summary["Unique clients"], 8)
        self.assertEqual(summary["Eligible unique clients"], 6)
        self.assertEqual(summary["Not eligible (reported separately)"], 2)
        self.assertEqual(summary["Anonymous contacts"], 5)
        self.assertEqual(summary["Hours"], 27.33)
        self.assertEqual(summary["Information packages distributed"], 1)

        activities = workbook["Activities"]
        self.assertEqual(activities.print_title_rows, "$4:$4")
        self.assertEqual(activities.page_setup.orientation, "landscape")
        rows = {row[0]: row for row in activities.iter_rows(min_row=5, values_only=True)}
        for code in EXPECTED["activities"]:
            numbers = expected_cells(code)
            for index, column in enumerate(ACTIVITY_COLUMNS, start=2):
                if column in numbers:
                    self.assertEqual(rows[code][index], numbers[column], (code, column))
        self.assertEqual(rows["A12"][ACTIVITY_COLUMNS.index("events") + 2], 1)
        self.assertEqual(rows["A08"][ACTIVITY_COLUMNS.index("completions") + 2], 1)
        total = rows["Total"]
        self.assertEqual(total[2], 8)  # persons once, not the sum of the activities (18)
        self.assertEqual(total[ACTIVITY_COLUMNS.index("hours") + 2], 27.33)
        self.assertIn((HOURS_NOTE_EN,), list(activities.iter_rows(values_only=True, max_col=1)))

        outputs = workbook["Outputs"]
        self.assertEqual(
            [c.value for c in outputs[4]],
            ["Code", "Activity", "Professionals trained at events",
             "Professionals trained in courses", "Platform meetings", "Lessons held",
             "Attendances at lessons", "Volunteers and interns", "Volunteer hours"],
        )  # fmt: skip
        rows = {row[0]: row for row in outputs.iter_rows(min_row=5, values_only=True)}
        for code, numbers in EXPECTED_OUTPUTS.items():
            self.assertEqual(dict(zip(OUTPUT_COLUMNS, rows[code][2:], strict=True)), numbers, code)
        self.assertEqual(
            dict(zip(OUTPUT_COLUMNS, rows["Total"][2:], strict=True)), EXPECTED_OUTPUT_TOTALS
        )

        indicators = {
            r[0]: r for r in workbook["Indicators"].iter_rows(min_row=5, values_only=True)
        }
        for indicator in EXPECTED["indicators"]:
            self.assertEqual(indicators[indicator["code"]][2], indicator["value"])

        sheets = {
            "Citizenship": "citizenship",
            "Sex": "sex",
            "Age band": "age_band",
            "Residence category": "residence_category",
        }
        for sheet, dimension in sheets.items():
            cells = {r[0]: r[2] for r in workbook[sheet].iter_rows(min_row=5, values_only=True)}
            for key, value in EXPECTED["breakdowns"][dimension].items():
                self.assertEqual(cells[key], value, (sheet, key))
            self.assertEqual(cells["Total"], 8)


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


class PdfTest(WorldTestCase):
    def test_every_number_is_in_the_pdf(self):
        o23 = Indicator.objects.get(code="O.2.3")
        IndicatorTarget.objects.create(
            indicator=o23, period_from="2026-01-01", period_to="2026-12-31", target=10
        )
        with translation.override("en"):
            report = self.report()
            text = pdf_text(report_pdf(report))
        self.assertIn("Monitoring report", text)
        self.assertIn("Unique clients 8", text)
        self.assertIn("Eligible unique clients 6", text)
        self.assertIn("Not eligible (reported separately) 2", text)
        self.assertIn("Service records 14", text)
        self.assertIn("Anonymous contacts 5", text)
        self.assertIn("Event participants (registered) 4", text)
        self.assertIn("Public headcount 55", text)
        self.assertIn("Hours 27.33", text)
        for row in report.activities:
            numbers = expected_cells(row.code)
            values = []
            for column in ACTIVITY_COLUMNS:
                value = numbers.get(column, getattr(row.figures, column))
                values.append(f"{value:.2f}" if isinstance(value, float) else str(value))
            self.assertIn(f"{row.code} {row.name} {' '.join(values)}", text)
        for row in report.activities:
            values = [
                f"{v:.2f}" if isinstance(v, float) else str(v)
                for v in EXPECTED_OUTPUTS[row.code].values()
            ]
            self.assertIn(f"{row.code} {row.name} {' '.join(values)}", text)
        totals = [
            f"{v:.2f}" if isinstance(v, float) else str(v) for v in EXPECTED_OUTPUT_TOTALS.values()
        ]
        self.assertIn(f"Total (volunteers counted once) {' '.join(totals)}", text)
        self.assertIn(HOURS_NOTE_EN, text)
        self.assertIn("O.2.3 Number of participants supported 6 10", text)
        self.assertIn("60.0 %", text)
        self.assertIn("Ukraine (UA) 3 3 0", text)
        self.assertIn("Slovakia (SK) 1 0 1", text)
        self.assertIn("under 18 1 1 0", text)
        self.assertIn("18–60 5 4 1", text)
        self.assertIn("unknown 1 0 1", text)

    def test_the_pdf_is_in_czech_by_default(self):
        text = pdf_text(report_pdf(self.report()))
        self.assertIn("Monitorovací zpráva", text)
        self.assertIn("27,33", text)


class DeterministicExportsTest(WorldTestCase):
    def test_the_same_data_gives_the_same_json_and_csv(self):
        first, second = self.report(), self.report()
        self.assertEqual(report_json_text(first), report_json_text(second))
        self.assertEqual(report_csv(first), report_csv(second))

    def test_the_same_data_gives_byte_identical_xlsx_and_pdf(self):
        from unittest import mock
        from zipfile import ZipFile

        first = self.report()
        xlsx, pdf = report_xlsx(first), report_pdf(first)
        # A later second (and a later zip timestamp, which counts in two-second steps).
        later = time.time() + 3600
        with mock.patch("time.time", return_value=later):
            self.assertEqual(report_xlsx(self.report()), xlsx)
            self.assertEqual(report_pdf(self.report()), pdf)
        core = ZipFile(BytesIO(xlsx)).read("docProps/core.xml").decode()
        self.assertIn("2026-06-30T00:00:00Z", core)
        self.assertNotIn(b"CreationDate", pdf)
        self.assertEqual(list(DOCUMENTED), list(EXPECTED["totals"]))
