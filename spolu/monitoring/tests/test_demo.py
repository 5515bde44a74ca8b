"""The demo loads the published figures unchanged and marks everything it adds as synthetic."""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from datetime import date

from django.test import TestCase

from spolu.core import demo as core_demo
from spolu.core.demo import DemoContext
from spolu.monitoring import demo, queries
from spolu.monitoring.models import Observation, OfficialStatistic
from spolu.monitoring.tests.base import PUBLISHED_CSV


class MonitoringDemoTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ctx = DemoContext(seed=2026, today=date(2026, 11, 23), rng=random.Random(2026))
        core_demo.seed(ctx)
        demo.seed(ctx)
        cls.ctx = ctx

    def test_every_published_row_is_stored_exactly_as_published_with_its_source(self):
        with PUBLISHED_CSV.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        published = OfficialStatistic.objects.published()
        self.assertEqual(published.count(), len(rows))
        for row in rows:
            stat = published.get(
                date=date.fromisoformat(row["date"]),
                territory=row["territory"],
                citizenship=row["citizenship"],
                residence_category=row["residence_category"],
                sex=row["sex"],
                age_band=row["age_band"],
            )
            self.assertEqual(stat.count, int(row["count"]))
            self.assertTrue(stat.source.startswith("https://"))

    def test_synthetic_districts_add_up_to_the_published_kraj_total(self):
        totals = defaultdict(int)
        for stat in OfficialStatistic.objects.totals().exclude(territory="CZ042"):
            totals[stat.date] += stat.count
        for kraj in OfficialStatistic.objects.totals().filter(territory="CZ042"):
            self.assertEqual(totals[kraj.date], kraj.count, kraj.date)
            self.assertFalse(kraj.synthetic)

    def test_everything_the_demo_adds_is_marked_synthetic(self):
        added = OfficialStatistic.objects.filter(synthetic=True)
        self.assertTrue(added.exists())
        self.assertFalse(added.filter(territory="CZ0426", date=date(2019, 12, 31)).exists())
        self.assertEqual(set(added.values_list("source", flat=True)), {demo.SYNTHETIC_SOURCE})

    def test_the_largest_citizenships_follow_the_published_order(self):
        data = queries.dashboard(self.ctx.users["coordinator"], today=self.ctx.today)
        self.assertEqual([c.code for c in data.top_citizenships[:3]], ["UA", "VN", "SK"])
        self.assertEqual((data.region_total.count, data.region_men.count), (61437, 31725))
        old = queries.dashboard(
            self.ctx.users["coordinator"], reference_date=date(2019, 12, 31), today=self.ctx.today
        )
        self.assertEqual([c.code for c in old.top_citizenships[:3]], ["VN", "DE", "UA"])

    def test_staff_observations_are_there(self):
        self.assertGreaterEqual(Observation.objects.count(), 6)
        self.assertEqual(Observation.objects.filter(district__isnull=True).count(), 1)
