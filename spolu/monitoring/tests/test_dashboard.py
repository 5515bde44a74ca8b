"""The regional dashboard: published totals exactly as published, reach on a hand-built world,
honest gaps, a fixed number of queries, and who may see it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from spolu.courses import services as course_services
from spolu.courses.testing import backdate, enrol, make_course, past_lessons
from spolu.events.testing import make_event
from spolu.monitoring import queries
from spolu.monitoring.tests.base import import_published, import_rows, participate, serve
from spolu.testing import SpoluTestCase, make_client

URL = reverse("monitoring:dashboard")
NBSP = "\xa0"


def district(code: str):
    from spolu.core.models import District

    return District.objects.get(code=code)


def _local(day: date, hour: int = 17):
    from datetime import datetime

    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


class DashboardWorld(SpoluTestCase):
    """Published figures + synthetic details, and clients served in and out of the window.

    Counted in the last 12 months (foreigners): Olena (UA, Ústí: service and an event — once),
    Petro (UA, Teplice: attended a lesson), Iryna (UA, Teplice office and district: service),
    Lan (VN, district not recorded: event, attendance not marked), Klaus (DE, Most: service).
    Not counted: Minh (VN, served 13 months ago), Jana (Czech citizen), Bat (MN, marked absent
    at the event), Oksana (UA, absent from the lesson).
    """

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        import_published()
        import_rows(
            [
                ["2022-12-31", "CZ0427", "", "", "", "", "5000", "yes", "demo"],
                ["2022-12-31", "CZ042", "UA", "", "", "", "20000", "yes", "demo"],
                ["2022-12-31", "CZ042", "VN", "", "", "", "8000", "yes", "demo"],
                ["2020-12-31", "CZ042", "UA", "", "", "", "5000", "yes", "demo"],
            ]
        )
        today = timezone.localdate()
        cls.today = today
        usti, teplice = cls.usti, cls.teplice
        cls.olena = make_client(usti, first_name_latin="Olena", district=district("CZ0427"))
        cls.petro = make_client(usti, first_name_latin="Petro", district=district("CZ0426"))
        cls.iryna = make_client(teplice, first_name_latin="Iryna", district=district("CZ0426"))
        cls.lan = make_client(
            usti, first_name_latin="Lan", citizenship="VN", residence="residence_permanent"
        )
        cls.klaus = make_client(
            usti,
            first_name_latin="Klaus",
            citizenship="DE",
            residence="eu_citizen",
            district=district("CZ0425"),
        )
        cls.minh = make_client(
            usti, first_name_latin="Minh", citizenship="VN", district=district("CZ0427")
        )
        cls.jana = make_client(
            usti,
            first_name_latin="Jana",
            citizenship="CZ",
            residence="czech_citizen",
            district=district("CZ0427"),
        )
        cls.bat = make_client(
            usti, first_name_latin="Bat", citizenship="MN", district=district("CZ0427")
        )
        cls.oksana = make_client(usti, first_name_latin="Oksana", district=district("CZ0427"))

        serve(cls.olena, today - timedelta(days=30), staff=cls.sam)
        serve(cls.iryna, today - timedelta(days=10), staff=cls.tereza)
        serve(cls.klaus, today - timedelta(days=100), staff=cls.sam)
        serve(cls.jana, today - timedelta(days=5), staff=cls.sam)
        serve(cls.minh, today - timedelta(days=400), staff=cls.sam)
        event = make_event(usti, starts_at=_local(today - timedelta(days=60)))
        participate(event, cls.olena)
        participate(event, cls.lan)
        participate(event, cls.bat, attended=False)

        course = make_course(usti, teachers=[cls.tom], start=today - timedelta(weeks=4))
        petro = backdate(enrol(course, cls.petro), course.start_date)
        oksana = backdate(enrol(course, cls.oksana), course.start_date)
        lesson = past_lessons(course)[0]
        course_services.attendance_record(
            actor=cls.tom,
            lesson=lesson,
            marks={petro.pk: "present", oksana.pk: "absent"},
            expected_version=lesson.version,
        )

    def get(self, user=None, **params):
        self.login(user or self.alice)
        return self.client.get(URL, params)


class PublishedFiguresTest(DashboardWorld):
    def test_the_published_totals_are_shown_exactly_as_published(self):
        response = self.get()
        self.assertEqual(response.status_code, 200)
        for number in ("61 437", "31 725", "8 892", "8 889", "32 612", "20 940", "37 976"):
            self.assertContains(response, number.replace(" ", NBSP))

    def test_the_region_total_is_never_computed_from_synthetic_details(self):
        import_rows([["2021-12-31", "CZ0421", "", "", "", "", "30000", "yes", "demo"]])
        data = queries.dashboard(self.alice)
        row_2021 = next(r for r in data.over_time if r.date == date(2021, 12, 31))
        self.assertEqual(row_2021.region_total.count, 37976)
        self.assertFalse(row_2021.region_total.synthetic)
        self.assertEqual(data.region_total.count, 61437)
        self.assertEqual(data.region_men.count, 31725)

    def test_synthetic_figures_are_marked_on_the_page(self):
        response = self.get()
        self.assertContains(response, 'class="synthetic"')
        self.assertContains(response, "5" + NBSP + "000<sup")
        self.assertContains(response, "syntetick")

    def test_a_district_without_a_figure_shows_no_published_figure_instead_of_zero(self):
        data = queries.dashboard(self.alice)
        teplice = next(r for r in data.reach_by_district if r.code == "CZ0426")
        self.assertIsNone(teplice.official)
        self.assertIsNone(teplice.per_thousand)
        response = self.get()
        self.assertContains(response, "žádný zveřejněný údaj")

    def test_the_reference_date_can_be_chosen_among_published_dates(self):
        data = queries.dashboard(self.alice, reference_date=date(2020, 12, 31))
        teplice = next(r for r in data.reach_by_district if r.code == "CZ0426")
        self.assertEqual(teplice.official.count, 8889)
        self.assertEqual(teplice.per_thousand, Decimal("0.2"))  # 2 / 8 889 × 1 000
        response = self.get(date="2020-12-31")
        self.assertContains(response, "8" + NBSP + "889")
        response = self.get(date="1999-12-31")  # not a published date: the latest is shown
        self.assertEqual(response.context["data"].reference_date, date(2022, 12, 31))

    def test_an_empty_database_shows_how_to_import(self):
        from spolu.monitoring.models import OfficialStatistic

        OfficialStatistic.objects.all().delete()
        response = self.get()
        self.assertContains(response, "import_data statistics")
        self.assertIsNone(response.context["data"].reference_date)


class ReachTest(DashboardWorld):
    def test_unique_clients_of_the_last_12_months_are_counted_once_per_district(self):
        data = queries.dashboard(self.alice)
        clients = {r.code: r.clients for r in data.reach_by_district}
        self.assertEqual(
            clients,
            {
                "CZ0421": 0,
                "CZ0422": 0,
                "CZ0423": 0,
                "CZ0424": 0,
                "CZ0425": 1,  # Klaus
                "CZ0426": 2,  # Petro, Iryna
                "CZ0427": 1,  # Olena (service and event: once); not Jana, Minh, Bat, Oksana
                "": 1,  # Lan
            },
        )
        self.assertEqual(data.clients_foreign, 5)
        self.assertEqual(data.clients_total, 6)  # Jana, a Czech citizen, is not a foreigner

    def test_reach_per_citizenship_divides_by_the_official_count(self):
        data = queries.dashboard(self.alice)
        rows = {r.code: r for r in data.reach_by_citizenship}
        self.assertEqual({code: r.clients for code, r in rows.items()}, {"UA": 3, "VN": 1, "DE": 1})
        self.assertEqual(rows["UA"].official.count, 20000)
        self.assertEqual(rows["UA"].per_thousand, Decimal("0.2"))  # 3 / 20 000 × 1 000 = 0,15
        self.assertEqual(rows["VN"].per_thousand, Decimal("0.1"))  # 1 / 8 000 × 1 000 = 0,125
        self.assertIsNone(rows["DE"].official)
        self.assertIsNone(rows["DE"].per_thousand)

    def test_the_reach_chart_is_in_the_tables_order(self):
        from unittest import mock

        from spolu.monitoring import charts

        data = queries.dashboard(self.alice)
        with mock.patch.object(charts, "_reach_chart") as drawn:
            charts.reach_by_citizenship(data)
        shown = [r.code for r in drawn.call_args.args[0]]
        table = [r.code for r in data.reach_by_citizenship if r.per_thousand is not None]
        self.assertEqual(shown, table[:10])

    def test_the_lines_over_time_are_drawn_at_their_dates(self):
        from unittest import mock

        from spolu.monitoring import charts

        data = queries.dashboard(self.alice)
        with mock.patch.object(charts, "_cached") as drawn:
            charts.region_over_time(data)
            charts.districts_over_time(data)
        self.assertEqual(drawn.call_count, 2)
        for call in drawn.call_args_list:
            dates = call.kwargs["dates"]
            self.assertEqual(call.args[1], [charts.date_label(d) for d in dates])
            self.assertEqual(dates, sorted(dates))

    def test_the_reach_table_has_no_scroll_box_of_its_own(self):
        self.login(self.alice)
        response = self.client.get(reverse("monitoring:dashboard"))
        self.assertNotContains(response, "reach-scroll")
        self.assertContains(response, "reach-table")

    def test_reach_of_a_district_and_of_the_region(self):
        data = queries.dashboard(self.alice)
        usti = next(r for r in data.reach_by_district if r.code == "CZ0427")
        self.assertEqual((usti.official.count, usti.official.synthetic), (5000, True))
        self.assertEqual(usti.per_thousand, Decimal("0.2"))
        self.assertEqual(data.region_reach.per_thousand, Decimal("0.1"))  # 5 / 61 437 × 1 000

    def test_a_client_served_on_the_first_day_of_the_window_counts_and_the_day_before_not(self):
        start, end = queries.reach_window(self.today)
        self.assertEqual(end, self.today)
        inside = make_client(
            self.usti, first_name_latin="Inside", citizenship="SY", district=district("CZ0421")
        )
        outside = make_client(
            self.usti, first_name_latin="Outside", citizenship="SY", district=district("CZ0421")
        )
        serve(inside, start, staff=self.sam)
        serve(outside, start - timedelta(days=1), staff=self.sam)
        data = queries.dashboard(self.alice)
        self.assertEqual(next(r.clients for r in data.reach_by_district if r.code == "CZ0421"), 1)

    def test_the_window_of_a_leap_day(self):
        self.assertEqual(
            queries.reach_window(date(2028, 2, 29)), (date(2027, 3, 1), date(2028, 2, 29))
        )

    def test_the_coordinators_panel_shows_the_latest_total_against_the_reach(self):
        self.login(self.alice)
        response = self.client.get(reverse("dashboard"))
        self.assertContains(response, "61" + NBSP + "437")
        figures = response.context["panels"]
        panel = next(p for p in figures if p["panel"].key == "regional_monitoring")
        self.assertEqual(panel["context"]["figures"].clients_foreign, 5)


class QueryCountTest(DashboardWorld):
    def count_queries(self) -> int:
        self.login(self.alice)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        return len(captured)

    def test_the_dashboard_runs_the_same_number_of_queries_however_much_data(self):
        before = self.count_queries()
        for index in range(6):
            client = make_client(
                self.usti,
                first_name_latin=f"More{index}",
                citizenship=["SY", "IN", "PH"][index % 3],
                district=district("CZ0423"),
            )
            serve(client, self.today - timedelta(days=index + 1), staff=self.sam)
        import_rows(
            [
                ["2022-12-31", "CZ042", code, "", "", "", "100", "yes", "demo"]
                for code in ("SY", "IN", "PH")
            ]
        )
        with self.assertNumQueries(before):
            self.client.get(URL)


class AccessTest(DashboardWorld):
    def test_coordinators_administrators_and_auditors_see_the_dashboard(self):
        for user in (self.alice, self.adam, self.audrey):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user).status_code, 200)

    def test_other_roles_are_refused(self):
        for user in (self.rita, self.sam, self.tereza, self.lara, self.tom, self.filip, self.nora):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user).status_code, 403)
                self.assertEqual(self.client.get(reverse("monitoring:statistics")).status_code, 403)

    def test_the_menu_entry_follows_the_permission(self):
        self.login(self.alice)
        self.assertContains(self.client.get(reverse("dashboard")), 'href="/monitoring/"')
        self.login(self.sam)
        self.assertNotContains(self.client.get(reverse("dashboard")), 'href="/monitoring/"')

    def test_an_auditor_counts_every_office_and_a_one_office_user_only_theirs(self):
        self.assertEqual(queries.dashboard(self.audrey).clients_foreign, 5)
        # Sam may not open the dashboard, but the counting itself is scoped to his office.
        self.assertEqual(
            queries.engaged_clients(self.sam, *queries.reach_window(self.today))
            .exclude(citizenship="CZ")
            .count(),
            4,
        )

    def test_the_statistics_list_shows_sources_and_marks(self):
        self.login(self.audrey)
        response = self.client.get(reverse("monitoring:statistics"), {"territory": "CZ0426"})
        self.assertContains(response, "8" + NBSP + "892")
        response = self.client.get(reverse("monitoring:statistics"), {"kind": "synthetic"})
        self.assertEqual(len(response.context["page"].object_list), 4)
        self.assertContains(response, "demo")
        response = self.client.get(
            reverse("monitoring:statistics"), {"breakdown": "totals", "date": "2022-12-31"}
        )
        self.assertEqual({s.territory for s in response.context["page"]}, {"CZ042", "CZ0427"})


class LanguageTest(DashboardWorld):
    def test_the_page_renders_in_english(self):
        self.login(self.alice)
        with translation.override("en"):
            self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
            response = self.client.get(URL)
        self.assertContains(response, "Reach by district")
        self.assertContains(response, "61,437")
        self.assertContains(response, "no published figure")
