"""Who sees which timesheet; the sheet for signature (PDF) and the overview (XLSX) carry the
same numbers as the page."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from spolu.timesheets import queries
from spolu.timesheets.tests.base import TimesheetWorld


class AccessTest(TimesheetWorld):
    def sheet_url(self, person, suffix=""):
        name = "timesheets:sheet_pdf" if suffix == "pdf" else "timesheets:sheet"
        return reverse(name, args=[person.pk, self.month.year, self.month.month])

    def test_staff_see_their_own_sheet_and_can_add_work(self):
        self.login(self.sam)
        response = self.client.get(self.sheet_url(self.sam))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["can_edit"])
        last_day = queries.month_end(self.month).isoformat()
        self.assertContains(response, f"{reverse('timesheets:entry_create')}?date={last_day}")

    def test_staff_do_not_see_a_colleagues_sheet(self):
        self.login(self.sam)
        self.assertEqual(self.client.get(self.sheet_url(self.tom)).status_code, 404)
        self.assertEqual(self.client.get(self.sheet_url(self.tom, "pdf")).status_code, 404)
        self.assertEqual(self.client.get(reverse("timesheets:overview")).status_code, 403)
        self.assertEqual(self.client.get(reverse("timesheets:overview_xlsx")).status_code, 403)

    def test_coordinators_and_auditors_see_everyones_sheet_read_only(self):
        for user in (self.alice, self.audrey):
            self.login(user)
            response = self.client.get(self.sheet_url(self.sam))
            self.assertEqual(response.status_code, 200)
            self.assertFalse(response.context["can_edit"])
            self.assertEqual(self.client.get(reverse("timesheets:overview")).status_code, 200)
        self.assertFalse(response.context["can_close"])  # the auditor

    def test_the_index_opens_the_right_page_for_each_role(self):
        self.login(self.sam)
        self.assertRedirects(
            self.client.get(reverse("timesheets:index")),
            reverse("timesheets:sheet", args=[self.sam.pk, *self._this_month()]),
        )
        self.login(self.audrey)
        self.assertRedirects(
            self.client.get(reverse("timesheets:index")), reverse("timesheets:overview")
        )
        self.login(self.nora)
        self.assertEqual(self.client.get(reverse("timesheets:index")).status_code, 403)
        self.assertEqual(self.client.get(self.sheet_url(self.nora)).status_code, 403)

    def _this_month(self):
        from django.utils import timezone

        today = timezone.localdate()
        return today.year, today.month

    def test_a_month_that_does_not_exist_is_not_found(self):
        self.login(self.sam)
        url = reverse("timesheets:sheet", args=[self.sam.pk, 2026, 13])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_month_outside_1900_to_2100_is_not_found_never_a_500(self):
        self.login(self.alice)
        for year, month in ((1, 1), (9999, 12), (99999999999, 1), (1899, 12), (2101, 1)):
            with self.subTest(year=year, month=month):
                args = [self.sam.pk, year, month]
                for name in ("timesheets:sheet", "timesheets:sheet_pdf"):
                    self.assertEqual(self.client.get(reverse(name, args=args)).status_code, 404)
                for name in ("timesheets:close", "timesheets:reopen"):
                    self.assertEqual(self.client.post(reverse(name, args=args)).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("timesheets:sheet", args=[self.sam.pk, 2100, 12])).status_code,
            200,
        )

    def test_the_menu_entry_and_the_dashboard_panel(self):
        self.login(self.sam)
        response = self.client.get(reverse("dashboard"))
        self.assertContains(response, 'href="/timesheets/"')
        self.assertIn("my_hours", [p["panel"].key for p in response.context["panels"]])
        self.login(self.audrey)
        response = self.client.get(reverse("dashboard"))
        self.assertContains(response, 'href="/timesheets/"')
        self.assertNotIn("my_hours", [p["panel"].key for p in response.context["panels"]])
        self.login(self.nora)
        self.assertNotContains(self.client.get(reverse("dashboard")), 'href="/timesheets/"')

    def test_the_sheet_page_shows_hours_in_czech_format(self):
        self.login(self.sam)
        response = self.client.get(self.sheet_url(self.sam))
        self.assertContains(response, "12,08")  # 725 min
        self.assertContains(response, "2,83")  # A02: 170 min
        self.assertContains(response, "Měsíční výkaz")

    def test_the_sheet_page_takes_a_fixed_number_of_queries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.login(self.sam)
        self.client.get(self.sheet_url(self.sam))
        with CaptureQueriesContext(connection) as before:
            self.client.get(self.sheet_url(self.sam))
        from spolu.core.models import Activity
        from spolu.timesheets import services

        for day in (self.d2, self.d3, self.d5):
            services.entry_create(
                actor=self.sam,
                day=day,
                activity=Activity.objects.get(code="A07"),
                kind="travel",
                minutes=40,
            )
        with self.assertNumQueries(len(before)):
            self.client.get(self.sheet_url(self.sam))


class DocumentsTest(TimesheetWorld):
    def test_the_pdf_for_signature_has_the_person_month_and_exact_totals(self):
        self.login(self.alice)
        url = reverse("timesheets:sheet_pdf", args=[self.sam.pk, self.month.year, self.month.month])
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
        for expected in (
            "Výkaz práce",
            "Sam",
            "Ústí nad Labem",  # the office
            "12,08",  # 725 min in total
            "2,83",  # A02: 170 min
            "2,75",  # A04: 165 min
            "3,50",  # A06: 210 min
            "1,00",  # A07
            "2,00",  # A18
            "Měsíční výkaz",  # the note of an own entry
            "podpis pracovníka",
        ):
            self.assertIn(expected, text.replace("\xa0", " "), expected)
        self.assertIn("Terénní práce", text)

    def test_the_overview_workbook_has_exact_hours_and_is_set_up_for_printing(self):
        self.login(self.alice)
        response = self.client.get(
            reverse("timesheets:overview_xlsx"),
            {"start": self.month.strftime("%Y-%m"), "end": self.month.strftime("%Y-%m")},
        )
        self.assertEqual(response.status_code, 200)
        book = load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[0]
        header = [c.value for c in sheet[4]]
        self.assertEqual(header[0], "Pracovník")
        self.assertEqual(header[-1], "Celkem")
        codes = [h.split(" ")[0] for h in header[1:-1]]
        self.assertEqual(codes, ["A02", "A04", "A06", "A07", "A08", "A18"])
        rows = {row[0].value: [c.value for c in row[1:]] for row in sheet.iter_rows(min_row=5)}

        def minutes(values):  # cells keep hours to 15 digits: back to whole minutes
            return [round(v * 60, 6) for v in values]

        self.assertEqual(minutes(rows["Sam"]), [170, 165, 210, 60, 0, 120, 725])
        self.assertEqual(minutes(rows["Tom"])[4], 90 * self.tom_lessons)
        total = rows["Celkem"]
        self.assertAlmostEqual(
            total[-1], sum(r[-1] for name, r in rows.items() if name != "Celkem")
        )
        self.assertEqual(sheet["B5"].number_format, "0.00")
        self.assertEqual(sheet.page_setup.orientation, "landscape")
        self.assertEqual(sheet.page_setup.fitToWidth, 1)
        self.assertEqual(sheet.print_title_rows, "$4:$4")

        sources = book.worksheets[1]
        lines = [[c.value for c in row] for row in sources.iter_rows(min_row=5)]
        sam_a04 = next(line for line in lines if line[0] == "Sam" and line[1].startswith("A04"))
        self.assertEqual(minutes(sam_a04[2:]), [75, 0, 0, 0, 0, 90, 165])

    def test_a_bad_period_falls_back_to_this_month_with_an_error(self):
        self.login(self.alice)
        response = self.client.get(reverse("timesheets:overview"), {"start": "2026-14", "end": "x"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)

    def test_a_bad_period_is_not_exported_as_this_month(self):
        self.login(self.alice)
        url = reverse("timesheets:overview_xlsx")
        for query, message in (
            ({"start": "2026-05", "end": "2026-01"}, "Poslední měsíc je před prvním"),
            ({"start": "2026-14"}, "Zadejte měsíc jako RRRR-MM"),
        ):
            with self.subTest(query=query):
                response = self.client.get(url, query)
                self.assertEqual(response.status_code, 400)
                self.assertNotEqual(
                    response["Content-Type"],
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
                self.assertContains(response, message, status_code=400)
