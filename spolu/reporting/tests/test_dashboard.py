"""The dashboard panel: this year's key figures and indicators against targets, linked to the
records behind them, for those who see reports of every office."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spolu.reporting.models import Indicator, IndicatorTarget
from spolu.reporting.queries import monitoring_report
from spolu.reporting.sources import Scope
from spolu.reporting.tests.test_report_numbers import WorldTestCase


class DashboardPanelTest(WorldTestCase):
    def setUp(self) -> None:
        cache.clear()
        today = timezone.localdate()
        self.year = Scope(today.replace(month=1, day=1), today)
        IndicatorTarget.objects.create(
            indicator=Indicator.objects.get(code="O.2.3"),
            period_from=today.replace(month=1, day=1),
            period_to=date(today.year, 12, 31),
            target=40,
        )

    def test_the_coordinator_sees_this_year_against_the_targets(self):
        expected = monitoring_report(self.year)
        self.login(self.alice)
        response = self.client.get(reverse("dashboard"))
        panel = next(
            p for p in response.context["panels"] if p["panel"].key == "reporting_key_figures"
        )
        data = panel["context"]
        self.assertEqual(data["figures"][0].value, expected.totals.unique_clients)
        self.assertEqual(data["figures"][-1].value, expected.totals.hours)
        o23 = next(row for row, _cell in data["indicators"] if row.code == "O.2.3")
        self.assertEqual(o23.target, 40)
        self.assertEqual(o23.progress, round(100 * expected.totals.eligible_unique_clients / 40, 1))
        self.assertContains(response, reverse("reporting:report"))
        self.assertContains(response, data["figures"][0].url.replace("&", "&amp;"))

    def test_others_do_not_get_the_panel(self):
        for user in (self.sam, self.rita, self.nora):
            self.login(user)
            response = self.client.get(reverse("dashboard"))
            keys = [p["panel"].key for p in response.context["panels"]]
            self.assertNotIn("reporting_key_figures", keys, user.username)

    def test_the_figures_are_kept_for_a_few_minutes(self):
        self.login(self.audrey)
        with CaptureQueriesContext(connection) as first:
            self.client.get(reverse("dashboard"))
        with CaptureQueriesContext(connection) as second:
            response = self.client.get(reverse("dashboard"))
        self.assertLess(len(second), len(first))
        self.assertContains(response, "Údaje k ")
