"""Hours per activity and month add up exactly: services, field visits, events, lessons,
platform meetings and own entries, each counted once and on the right person."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from spolu.timesheets import queries
from spolu.timesheets.tests.base import TimesheetWorld


class MonthSheetTest(TimesheetWorld):
    def test_every_source_is_summed_per_activity(self):
        sheet = queries.month_sheet(self.sam, self.month)
        got = {row.code: dict(row.minutes) for row in sheet.activities}
        self.assertEqual(
            got,
            {
                "A02": {"field_visits": 150, "services": 20},
                "A04": {"services": 75, "manual": 90},
                "A06": {"events": 90, "manual": 120},
                "A07": {"services": 60},
                "A18": {"meetings": 120},
            },
        )
        self.assertEqual(sheet.total, 725)
        self.assertEqual(sheet.source_totals, [155, 150, 90, 0, 120, 210])

    def test_days_add_up_to_the_month(self):
        sheet = queries.month_sheet(self.sam, self.month)
        by_day = {day.day: day.total for day in sheet.days}
        self.assertEqual(
            by_day,
            {
                self.d1: 45 + 90,
                self.d2: 30 + 60,
                self.d3: 150 + 20,
                self.d4: 90 + 120,
                self.d5: 120,
            },
        )
        self.assertEqual(sum(by_day.values()), sheet.total)

    def test_lessons_count_for_the_teacher_and_a_cancelled_one_does_not(self):
        sheet = queries.month_sheet(self.tom, self.month)
        self.assertEqual([row.code for row in sheet.activities], ["A08"])
        self.assertEqual(sheet.activities[0].minutes, {"lessons": 90 * self.tom_lessons})

    def test_every_organiser_and_every_visitor_is_credited(self):
        alice = queries.month_sheet(self.alice, self.month)
        self.assertEqual({r.code: r.total for r in alice.activities}, {"A06": 90})
        filip = queries.month_sheet(self.filip, self.month)
        self.assertEqual(
            {r.code: r.minutes for r in filip.activities}, {"A02": {"field_visits": 210}}
        )

    def test_work_counts_in_the_month_it_happened(self):
        sheet = queries.month_sheet(self.sam, queries.add_months(self.month, 1))
        self.assertEqual({r.code: r.minutes for r in sheet.activities}, {"A11": {"events": 45}})
        self.assertEqual(sheet.entries, [])

    def test_the_month_sheet_takes_a_fixed_number_of_queries(self):
        with CaptureQueriesContext(connection) as small:
            queries.month_sheet(self.sam, self.month)
        from datetime import timedelta

        from spolu.core.models import Activity
        from spolu.timesheets import services

        for n in range(5):
            services.entry_create(
                actor=self.sam,
                day=self.month + timedelta(days=20 + n),
                activity=Activity.objects.get(code="A04"),
                kind="travel",
                minutes=30,
            )
        with self.assertNumQueries(len(small)):
            queries.month_sheet(self.sam, self.month)


class OverviewTest(TimesheetWorld):
    def test_the_overview_has_every_person_and_activity_with_exact_totals(self):
        data = queries.overview(self.alice, self.month, self.month)
        rows = {row.person.username: row for row in data.people}
        self.assertEqual(
            rows["sam"].minutes, {"A02": 170, "A04": 165, "A06": 210, "A07": 60, "A18": 120}
        )
        self.assertEqual(rows["tom"].minutes, {"A08": 90 * self.tom_lessons})
        self.assertEqual(rows["tereza"].minutes, {"A04": 50})
        self.assertEqual(rows["rita"].total, 0)  # keeps a timesheet, no hours: still listed
        self.assertNotIn("audrey", rows)  # auditors keep no timesheet
        self.assertEqual(data.codes, ["A02", "A04", "A06", "A07", "A08", "A18"])
        self.assertEqual(data.total, sum(row.total for row in data.people))
        self.assertEqual(data.detail[(self.sam.pk, "A04", "manual")], 90)

    def test_a_period_of_months_adds_them_up(self):
        data = queries.overview(self.alice, self.month, queries.add_months(self.month, 1))
        sam = next(row for row in data.people if row.person == self.sam)
        self.assertEqual(sam.minutes["A11"], 45)
        self.assertEqual(sam.total, 725 + 45)

    def test_the_overview_takes_a_fixed_number_of_queries(self):
        queries.overview(self.alice, self.month, self.month)  # the user's permissions get cached
        with CaptureQueriesContext(connection) as before:
            queries.overview(self.alice, self.month, self.month)
        from spolu.testing import make_user

        for n in range(4):
            make_user(f"extra{n}", "social_worker", [self.usti])
        with self.assertNumQueries(len(before)):
            queries.overview(self.alice, self.month, self.month)
