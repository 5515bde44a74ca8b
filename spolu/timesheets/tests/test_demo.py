"""The demo gives every staff member a plausible timesheet and signs off an earlier month."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

from django.db.models import Sum
from django.test import TestCase
from django.utils import timezone

from spolu.core import demo as core_demo
from spolu.core.demo import DemoContext
from spolu.timesheets import demo, queries
from spolu.timesheets.models import MINUTES_PER_DAY, MonthClosure, TimesheetEntry


class TimesheetDemoTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        today = timezone.localdate()
        ctx = DemoContext(seed=2026, today=today, rng=random.Random(2026))
        core_demo.seed(ctx)
        demo.seed(ctx)
        cls.ctx = ctx

    def test_staff_have_entries_and_nobody_more_than_a_day_in_a_day(self):
        per_person = Counter(TimesheetEntry.objects.values_list("user__username", flat=True))
        self.assertTrue(
            {"coordinator", "social_worker", "teacher", "field_worker"} <= set(per_person)
        )
        self.assertNotIn("auditor", per_person)
        busiest = (
            TimesheetEntry.objects.values("user", "date")
            .annotate(total=Sum("minutes"))
            .order_by("-total")
            .first()
        )
        self.assertLessEqual(busiest["total"], MINUTES_PER_DAY)

    def test_the_month_before_last_is_signed_off(self):
        yesterday = timezone.localdate() - timedelta(days=1)
        signed = queries.add_months(queries.month_start(yesterday), -2)
        closed = MonthClosure.objects.filter(month=signed)
        self.assertEqual(closed.count(), len(demo.WORK))
        self.assertTrue(all(c.closed_by.username == "coordinator" for c in closed))
