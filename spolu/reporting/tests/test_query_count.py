"""The report's query count does not grow with the data: a fixed number of grouped queries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spolu.courses.models import EnrolmentStatus
from spolu.events.models import EventParticipant
from spolu.network.models import Volunteer, VolunteerHours
from spolu.reporting.queries import monitoring_report
from spolu.reporting.sources import Scope
from spolu.reporting.testing import attend, course, enrol, event, lesson, person, service
from spolu.reporting.tests.test_report_numbers import WorldTestCase

PERIOD = {"date_from": "2026-01-01", "date_to": "2026-06-30"}
# 18 reads in a transaction (a savepoint and its release inside a test case); on PostgreSQL
# one more statement switches JIT off for that transaction (`people.tuned`).
REPORT_QUERIES = 20 + (connection.vendor == "postgresql")


class QueryCountTest(WorldTestCase):
    def grow(self, n: int) -> None:
        """n more clients, each with services, an event, lessons and a course of their own."""
        start = date(2026, 2, 2)
        for i in range(n):
            client = person(
                self.usti if i % 2 else self.teplice,
                f"Extra{i}",
                "Klient",
                ["UA", "VN", "MN", "DE"][i % 4],
                "FMX"[i % 3],
                birth_date=date(1950 + i, 1 + i % 12, 1 + i % 28),
                statuses=(("residence_long", date(2025, 1, 1), date(2026, 3, 1 + i % 20)),),
            )
            day = start + timedelta(days=i)
            for activity in ("A03", "A04", "A05"):
                service(self.usti, activity, day, 30, self.sam, client=client)
            happening = event(self.teplice, "A11", day, 60, adults=i)
            EventParticipant.objects.create(event=happening, client=client)
            k = course(self.usti, "A08", "czech", day, day + timedelta(days=30))
            first, second = lesson(k, day, 90), lesson(k, day + timedelta(days=7), 90)
            enrolment = enrol(k, client, status=EnrolmentStatus.COMPLETED, completed_on=day)
            attend(first, enrolment)
            attend(second, enrolment)
            helper = Volunteer.objects.create(
                office=self.usti, kind="volunteer", first_name=f"Pomocník{i}", last_name="Extra"
            )
            for activity in ("A15", "A16"):
                VolunteerHours.objects.create(
                    volunteer=helper, date=day, activity_id=activity, hours=Decimal("1.25")
                )

    def count(self, fn) -> int:
        cache.clear()  # the dashboard panel keeps its figures for a few minutes
        with CaptureQueriesContext(connection) as queries:
            fn()
        return len(queries)

    def test_the_report_runs_a_fixed_number_of_queries(self):
        scope = Scope(date(2026, 1, 1), date(2026, 6, 30))
        with self.assertNumQueries(REPORT_QUERIES):
            small = monitoring_report(scope)
        self.grow(25)
        with self.assertNumQueries(REPORT_QUERIES):
            large = monitoring_report(scope)
        self.assertEqual(large.totals.unique_clients, small.totals.unique_clients + 25)
        self.assertEqual(large.totals.service_records, small.totals.service_records + 75)
        self.assertEqual(large.totals.volunteers, small.totals.volunteers + 25)

    def test_the_page_and_the_exports_do_not_grow_with_the_data(self):
        self.login(self.alice)
        urls = [
            reverse("reporting:report"),
            reverse("reporting:export", args=["json"]),
            reverse("reporting:export", args=["xlsx"]),
            reverse("reporting:records", args=["clients"]),
            reverse("reporting:records", args=["services"]),
            reverse("reporting:records", args=["participations"]),
            reverse("reporting:records", args=["attendances"]),
            reverse("reporting:records", args=["events"]),
            reverse("reporting:records", args=["courses"]),
            reverse("reporting:records", args=["hours"]),
            reverse("reporting:records", args=["volunteers"]),
            reverse("reporting:records", args=["volunteer_hours"]),
            reverse("reporting:export", args=["pdf"]),
            reverse("dashboard"),
        ]
        before = {url: self.count(lambda url=url: self.client.get(url, PERIOD)) for url in urls}
        self.grow(25)
        after = {url: self.count(lambda url=url: self.client.get(url, PERIOD)) for url in urls}
        self.assertEqual(after, before)
