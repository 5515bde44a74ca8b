"""On generated data (services, events, courses of random clients), the report agrees with a
plain Python count over the records, and on PostgreSQL with the benchmark's hand-written SQL."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date, timedelta

from django.core.management import call_command
from django.db import connection

from spolu.clients.models import Client
from spolu.counselling.models import ServiceRecord
from spolu.courses.models import Attendance
from spolu.events.models import Event, EventParticipant
from spolu.reporting import bench
from spolu.reporting.queries import monitoring_report
from spolu.reporting.sources import Scope
from spolu.testing import SpoluTestCase

TODAY = date(2026, 11, 1)
PERIOD = (date(2026, 3, 1), date(2026, 8, 31))


class GeneratedDataTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        call_command(
            "generate_data",
            clients=60,
            services=400,
            events=40,
            lessons=60,
            today=TODAY,
            force=True,
            stdout=io.StringIO(),
        )

    def engagements(self) -> dict[int, list[tuple[date, str]]]:
        found: dict[int, list[tuple[date, str]]] = defaultdict(list)
        start, end = PERIOD
        for s in ServiceRecord.objects.filter(client__isnull=False, date__range=PERIOD):
            found[s.client_id].append((s.date, s.activity_id))
        for p in EventParticipant.objects.select_related("event"):
            if start <= p.event.date <= end and not p.event.cancelled and p.attended is not False:
                found[p.client_id].append((p.event.date, p.event.activity_id))
        for a in Attendance.objects.select_related("lesson__course", "enrolment"):
            lesson = a.lesson
            if start <= lesson.date <= end and not lesson.cancelled and a.status == "present":
                found[a.enrolment.client_id].append((lesson.date, lesson.course.activity_id))
        return found

    def test_the_generator_made_every_kind_of_engagement(self):
        self.assertEqual(Event.objects.count(), 40)
        self.assertTrue(EventParticipant.objects.exists())
        self.assertTrue(Attendance.objects.filter(status="present").exists())

    def test_the_report_counts_what_a_plain_count_finds(self):
        engagements = self.engagements()
        clients = Client.objects.prefetch_related("residence_statuses__category").select_related(
            "citizenship"
        )
        by_id = {c.pk: c for c in clients.filter(pk__in=list(engagements))}
        unique: dict[str, set[int]] = defaultdict(set)
        eligible: dict[str, set[int]] = defaultdict(set)
        for client_id, rows in engagements.items():
            for day, activity in rows:
                unique[activity].add(client_id)
                if by_id[client_id].eligible_on(day):
                    eligible[activity].add(client_id)
        report = monitoring_report(Scope(*PERIOD, today=TODAY))
        for row in report.activities:
            self.assertEqual(
                (row.figures.unique_clients, row.figures.eligible_unique_clients),
                (len(unique[row.code]), len(eligible[row.code])),
                row.code,
            )
        self.assertEqual(report.totals.unique_clients, len(engagements))
        self.assertEqual(
            report.totals.eligible_unique_clients, len(set().union(*eligible.values()))
        )
        self.assertGreater(report.totals.events, 0)
        self.assertGreater(report.totals.lessons, 0)
        if connection.vendor == "postgresql":
            problems = bench._compare(report, bench.baseline(*PERIOD, TODAY))
            self.assertEqual(problems, [])

    def test_a_year_of_generated_data_is_counted_in_full(self):
        report = monitoring_report(Scope(TODAY - timedelta(days=365), TODAY, today=TODAY))
        self.assertEqual(report.totals.events, Event.objects.filter(cancelled=False).count())
