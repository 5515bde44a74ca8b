"""The report page, its exports and the records behind every number, per role and scope."""

from __future__ import annotations

import re
from html import unescape

from django.contrib.auth.models import Permission
from django.urls import reverse

from spolu.reporting.tests.test_report_numbers import WorldTestCase

PERIOD = {"date_from": "2026-01-01", "date_to": "2026-06-30"}
LINK = re.compile(r'<a href="(/reports/records/[^"]+)"[^>]*>\s*([^<]+?)\s*</a>')


def links(html: str) -> dict[str, str]:
    """Drill-down URL → the number shown on it (a URL always stands for the same number)."""
    found: dict[str, str] = {}
    for url, text in LINK.findall(html):
        url, text = unescape(url), text.strip()
        assert found.setdefault(url, text) == text, f"{url} shows both {found[url]} and {text}"
    return found


def number_shown(response) -> str:
    match = re.search(r'class="report-total-value">([^<]+)<', response.content.decode())
    assert match, "the records page shows the number it explains"
    return match.group(1).strip()


class ReportAccessTest(WorldTestCase):
    def test_coordinators_auditors_and_administrators_see_the_report(self):
        for user in (self.alice, self.audrey, self.adam):
            self.login(user)
            response = self.client.get(reverse("reporting:report"), PERIOD)
            self.assertEqual(response.status_code, 200, user.username)
            self.assertContains(response, "27,33")  # the hours in Czech

    def test_other_roles_are_refused(self):
        for user in (self.sam, self.rita, self.tom, self.filip, self.lara, self.nora):
            self.login(user)
            for url in (
                reverse("reporting:report"),
                reverse("reporting:export", args=["json"]),
                reverse("reporting:records", args=["services"]),
                reverse("reporting:records", args=["clients"]),
            ):
                self.assertEqual(self.client.get(url, PERIOD).status_code, 403, (user, url))

    def test_signed_out_visitors_are_sent_to_sign_in(self):
        response = self.client.get(reverse("reporting:report"))
        self.assertEqual(response.status_code, 302)

    def test_the_menu_has_reports_for_those_who_may_see_them(self):
        self.login(self.alice)
        self.assertContains(self.client.get(reverse("dashboard")), reverse("reporting:report"))
        self.login(self.sam)
        self.assertNotContains(self.client.get(reverse("dashboard")), reverse("reporting:report"))

    def test_without_parameters_the_page_shows_this_year_so_far(self):
        self.login(self.alice)
        response = self.client.get(reverse("reporting:report"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["report"].date_from.month, 1)

    def test_a_bad_period_is_explained(self):
        self.login(self.alice)
        for params in (
            {"date_from": "2026-06-30", "date_to": "2026-01-01"},
            {"date_from": "yesterday", "date_to": "2026-01-01"},
            {"date_from": "2026-01-01", "date_to": "2026-06-30", "office": "praha"},
        ):
            response = self.client.get(reverse("reporting:report"), params)
            self.assertEqual(response.status_code, 400, params)
            self.assertContains(response, "invalid-feedback", status_code=400)

    def test_a_date_outside_1900_to_2100_is_refused_with_the_shared_message(self):
        self.login(self.alice)
        for params in (
            {"date_from": "0001-01-01", "date_to": "2026-01-01"},
            {"date_from": "2026-01-01", "date_to": "9999-12-31"},
        ):
            with self.subTest(params=params):
                response = self.client.get(reverse("reporting:report"), params)
                self.assertContains(
                    response, "Zadejte datum mezi 1. 1. 1900 a 31. 12. 2100.", status_code=400
                )


class OfficeScopeTest(WorldTestCase):
    def setUp(self) -> None:
        self.tereza.user_permissions.add(Permission.objects.get(codename="view_report"))

    def test_a_user_of_one_office_must_choose_it(self):
        self.login(self.tereza)
        response = self.client.get(reverse("reporting:report"), PERIOD)
        self.assertEqual(response.status_code, 400)
        response = self.client.get(reverse("reporting:report"), {**PERIOD, "office": "usti"})
        self.assertEqual(response.status_code, 400)
        response = self.client.get(reverse("reporting:report"), {**PERIOD, "office": "teplice"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["report"].totals.unique_clients, 4)

    def test_records_of_another_office_are_never_listed(self):
        self.login(self.tereza)
        response = self.client.get(
            reverse("reporting:records", args=["services"]), {**PERIOD, "office": "teplice"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["records"].counted, 4)
        response = self.client.get(
            reverse("reporting:records", args=["services"]), {**PERIOD, "office": "usti"}
        )
        self.assertEqual(response.status_code, 400)


class DrillDownTest(WorldTestCase):
    def test_every_number_links_to_records_that_add_up_to_it(self):
        self.login(self.alice)
        page = self.client.get(reverse("reporting:report"), PERIOD).content.decode()
        found = links(page)
        self.assertGreater(len(found), 19 * 11)
        for url, shown in found.items():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(number_shown(response), shown)
                listing = response.context.get("records") or response.context.get("people")
                if listing is not None:
                    self.assertEqual(listing.hidden, 0)
                    self.assertEqual(len(listing.page.object_list), min(listing.visible, 50))

    def test_the_outputs_link_to_their_records(self):
        self.login(self.alice)
        response = self.client.get(reverse("reporting:report"), PERIOD)
        found = links(response.content.decode())

        def shown(kind, activity=""):
            query = "date_from=2026-01-01&date_to=2026-06-30"
            query += f"&activity={activity}" if activity else ""
            return found[f"/reports/records/{kind}/?{query}"]

        self.assertEqual(shown("professionals", "A12"), "1")
        self.assertEqual(shown("professional_enrolments", "A12"), "1")
        self.assertEqual(shown("meetings", "A18"), "1")
        self.assertEqual(shown("lessons", "A08"), "2")
        self.assertEqual(shown("attendances", "A08"), "3")
        self.assertEqual(shown("volunteers", "A15"), "2")
        self.assertEqual(shown("volunteer_hours", "A15"), "5,50")
        self.assertEqual(shown("volunteers"), "2")  # Věra once
        self.assertEqual(shown("volunteer_hours"), "7,00")
        self.assertEqual(shown("volunteer_hours", "A01"), "0,00")
        names = [
            v.first_name
            for v in self.client.get(
                reverse("reporting:records", args=["volunteers"]), {**PERIOD, "activity": "A04"}
            )
            .context["records"]
            .page
        ]
        self.assertEqual(names, ["Věra"])

    def test_the_total_rows_of_the_breakdowns_link_to_the_unique_persons(self):
        self.login(self.alice)
        html = self.client.get(reverse("reporting:report"), PERIOD).content.decode()
        totals = re.findall(r'<a href="([^"]+)" class="report-breakdown-total">(\d+)</a>', html)
        base = "/reports/records/clients/?date_from=2026-01-01&amp;date_to=2026-06-30"
        self.assertEqual(
            totals,
            [(base, "8"), (base + "&amp;eligible=1", "6"), (base + "&amp;eligible=0", "2")] * 4,
        )

    def test_zeros_are_readable_links(self):
        from pathlib import Path

        from django.conf import settings

        self.login(self.alice)
        html = self.client.get(reverse("reporting:report"), PERIOD).content.decode()
        self.assertIn('class="report-zero"', html)
        self.assertNotIn("text-body-tertiary", html)
        css = (
            Path(settings.BASE_DIR) / "spolu/reporting/static/reporting/reporting.css"
        ).read_text()
        rule = re.search(r"a\.report-zero \{([^}]*)\}", css).group(1)
        self.assertIn("color: var(--bs-secondary-color)", rule)
        self.assertIn("text-decoration: underline", rule)
        # The body's secondary colour of the house style, against white (WCAG AA: 4.5:1).
        site = (Path(settings.BASE_DIR) / "spolu/core/static/spolu/spolu.css").read_text()
        colour = re.search(r"--bs-secondary-color: #([0-9a-f]{6})", site).group(1)

        def luminance(hex_colour):
            channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
            linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
            return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

        self.assertGreaterEqual(1.05 / (luminance(colour) + 0.05), 4.5)

    def test_the_hours_note_names_platform_meetings(self):
        self.login(self.alice)
        response = self.client.get(reverse("reporting:report"), PERIOD)
        self.assertContains(
            response,
            "Hodiny: minuty záznamů služeb, akcí a setkání platforem (každá akce a každé "
            "setkání jednou) a uskutečněných lekcí, děleno 60.",
        )

    def test_the_records_of_one_cell(self):
        self.login(self.audrey)
        url = reverse("reporting:records", args=["clients"])
        response = self.client.get(url, {**PERIOD, "activity": "A04", "eligible": "0"})
        names = [row.client.first_name for row in response.context["people"].rows]
        self.assertEqual(sorted(names), ["Anna", "Bat-Erdene", "Thi Lan"])
        response = self.client.get(url, {**PERIOD, "dimension": "age_band", "value": "under_18"})
        (row,) = response.context["people"].rows
        self.assertEqual((row.client.first_name, row.age_band), ("Dmytro", "under_18"))
        self.assertEqual(str(row.first_day), "2026-02-10")

    def test_the_breakdown_value_is_named_not_coded(self):
        self.login(self.audrey)
        url = reverse("reporting:records", args=["clients"])
        for dimension, value, shown in (
            ("residence_category", "temporary_protection", "Pobytová kategorie: Dočasná ochrana"),
            ("citizenship", "UA", "Státní občanství: Ukrajina"),
            ("sex", "F", "Pohlaví: žena"),
        ):
            with self.subTest(dimension):
                response = self.client.get(url, {**PERIOD, "dimension": dimension, "value": value})
                self.assertContains(response, shown)

    def test_an_indicator_links_to_the_persons_it_counts(self):
        self.login(self.alice)
        report = self.client.get(reverse("reporting:report"), PERIOD).context["report"]
        o233 = next(i for i in report.indicators if i.code == "O.2.3.3")
        response = self.client.get(
            reverse("reporting:records", args=["clients"]), {**PERIOD, "indicator": o233.pk}
        )
        self.assertEqual(response.context["people"].counted, 5)
        names = sorted(row.client.first_name for row in response.context["people"].rows)
        self.assertEqual(names, ["Bat-Erdene", "Dmytro", "Ivan", "Olena", "Thi Lan"])

    def test_the_auditor_sees_records_without_case_notes(self):
        self.login(self.audrey)
        response = self.client.get(reverse("reporting:records", args=["services"]), PERIOD)
        self.assertEqual(response.context["records"].counted, 14)
        self.assertNotContains(response, "Důvěrná poznámka")

    def test_records_outside_the_viewers_scope_are_counted_but_not_listed(self):
        # The administrator may not open events: the report's number stays, the list says why.
        self.login(self.adam)
        response = self.client.get(reverse("reporting:records", args=["participations"]), PERIOD)
        records = response.context["records"]
        self.assertEqual((records.counted, records.visible, records.hidden), (4, 0, 4))
        self.assertContains(response, "bi-eye-slash")

    def test_bad_drill_down_parameters_are_not_found(self):
        self.login(self.alice)
        for kind, params in (
            ("nonsense", {}),
            ("services", {"activity": "A99"}),
            ("clients", {"eligible": "maybe"}),
            ("clients", {"dimension": "religion", "value": "x"}),
            ("clients", {"indicator": "999999"}),
            ("clients", {"indicator": "abc"}),
            ("services", {"indicator": "1"}),  # O.2.3 counts persons, not services
        ):
            response = self.client.get(
                reverse("reporting:records", args=[kind]), {**PERIOD, **params}
            )
            self.assertEqual(response.status_code, 404, (kind, params))


class WebExportTest(WorldTestCase):
    def test_each_format_downloads_with_a_file_name(self):
        self.login(self.audrey)
        for file_format, content_type in (
            ("json", "application/json"),
            ("csv", "text/csv"),
            ("xlsx", "application/vnd.openxmlformats"),
            ("pdf", "application/pdf"),
        ):
            response = self.client.get(reverse("reporting:export", args=[file_format]), PERIOD)
            self.assertEqual(response.status_code, 200)
            self.assertTrue(response["Content-Type"].startswith(content_type))
            self.assertIn(
                f"monitoring-report-2026-01-01-2026-06-30.{file_format}",
                response["Content-Disposition"],
            )
        response = self.client.get(reverse("reporting:export", args=["json"]), PERIOD)
        self.assertEqual(response.json()["totals"]["unique_clients"], 8)

    def test_unknown_formats_and_bad_periods(self):
        self.login(self.alice)
        self.assertEqual(
            self.client.get(reverse("reporting:export", args=["docx"]), PERIOD).status_code, 404
        )
        response = self.client.get(
            reverse("reporting:export", args=["pdf"]), {"date_from": "x", "date_to": "y"}
        )
        self.assertEqual(response.status_code, 400)
