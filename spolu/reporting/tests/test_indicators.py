"""Indicators as data: every measure of the vocabulary, impossible rules refused, the admin."""

from __future__ import annotations

from django.urls import reverse

from spolu.core.models import Activity
from spolu.reporting.indicators import rule_errors
from spolu.reporting.models import Indicator, IndicatorSet
from spolu.reporting.tests.test_report_numbers import WorldTestCase
from spolu.reporting.tests.test_views import PERIOD, links, number_shown
from spolu.testing import SpoluTestCase

ALL_KINDS = ("service", "event", "lesson")


def rule(**overrides):
    arguments = {
        "measure": "clients",
        "activities": [],
        "kinds": ALL_KINDS,
        "eligible_only": False,
        "condition": "",
    }
    arguments.update(overrides)
    return rule_errors(**arguments)


class RuleValidationTest(SpoluTestCase):
    def test_possible_rules_pass(self):
        self.assertEqual(rule(), {})
        self.assertEqual(rule(eligible_only=True, activities=["A08"], kinds=["lesson"]), {})
        self.assertEqual(rule(activities=["A04", "A08"], kinds=["lesson"]), {})
        self.assertEqual(rule(activities=["A08"], condition="cefr_improved"), {})
        self.assertEqual(rule(measure="event_participants", activities=["A11", "A14"]), {})
        self.assertEqual(rule(measure="hours", activities=["A04", "A08", "A18"]), {})
        self.assertEqual(rule(measure="campaign_materials"), {})
        self.assertEqual(rule(measure="manual"), {})

    def test_impossible_rules_are_explained(self):
        cases = [
            (rule(measure="service_records", eligible_only=True), "eligible_only"),
            (rule(measure="hours", condition="course_completed"), "condition"),
            (rule(measure="events", kinds=["event"]), "count_services"),
            (rule(kinds=[]), "count_services"),
            (rule(activities=["A04", "A05"], kinds=["lesson"]), "activities"),
            (rule(activities=["A08"], kinds=["event"]), "activities"),
            (rule(activities=["A04"], condition="cefr_improved"), "condition"),
            (rule(measure="event_participants", activities=["A04"]), "activities"),
            (rule(measure="courses_run", activities=["A11"]), "activities"),
            (rule(measure="campaigns", activities=["A08"]), "activities"),
            (rule(measure="manual", activities=["A04"]), "activities"),
        ]
        for errors, field in cases:
            with self.subTest(field=field, errors=errors):
                self.assertIn(field, errors)


class MeasuresTest(WorldTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.set = IndicatorSet.objects.create(
            code="custom", name_cs="Vlastní", name_en="Custom", order=2
        )
        cls.expected = {}
        rules = [
            ("services-A04", {"measure": "service_records"}, ["A04"], 6),
            ("anonymous", {"measure": "anonymous_contacts"}, [], 5),
            ("participants", {"measure": "event_participants"}, ["A11", "A14"], 4),
            ("public", {"measure": "public_headcount"}, [], 55),
            ("events", {"measure": "events"}, ["A11", "A12", "A14"], 3),
            ("hours-A08", {"measure": "hours"}, ["A08"], 3.0),
            ("hours", {"measure": "hours"}, [], 27.33),
            ("courses", {"measure": "courses_run"}, [], 3),
            ("completions", {"measure": "completions"}, ["A08"], 1),
            ("campaigns", {"measure": "campaigns"}, [], 1),
            ("materials", {"measure": "campaign_materials"}, [], 1),
            ("packages-and-campaigns", {"measure": "packages_and_campaigns"}, ["A01"], 2),
            ("copies", {"measure": "distribution_copies"}, [], 200),
            ("reach", {"measure": "distribution_reach"}, ["A01"], 1500),
            ("completed", {"measure": "clients", "condition": "course_completed"}, ["A08"], 1),
            (
                "at-events",
                {"measure": "clients", "count_services": False, "count_lessons": False},
                [],
                3,  # olena ahmed galina
            ),
            ("eligible-A04", {"measure": "clients", "eligible_only": True}, ["A04"], 2),
            ("not-only-eligible-A04", {"measure": "clients"}, ["A04"], 5),
        ]
        for order, (code, fields, activities, value) in enumerate(rules):
            indicator = Indicator.objects.create(
                indicator_set=cls.set, code=code, name_cs=code, name_en=code, order=order, **fields
            )
            indicator.activities.set(Activity.objects.filter(code__in=activities))
            cls.expected[code] = value

    def test_every_measure_has_its_value(self):
        values = {
            row.code: row.value for row in self.report().indicators if row.set_code == "custom"
        }
        self.assertEqual(values, self.expected)

    def test_an_inactive_set_is_not_reported(self):
        IndicatorSet.objects.filter(pk=self.set.pk).update(active=False)
        self.assertFalse([row for row in self.report().indicators if row.set_code == "custom"])

    def test_each_indicator_links_to_what_it_counts(self):
        self.login(self.alice)
        page = self.client.get(reverse("reporting:report"), PERIOD).content.decode()
        indicator_links = {url: shown for url, shown in links(page).items() if "indicator=" in url}
        self.assertEqual(len(indicator_links), len(self.expected) + 6)  # R.2.9 is entered by hand
        for url, shown in indicator_links.items():
            with self.subTest(url=url):
                self.assertEqual(number_shown(self.client.get(url)), shown)


class DefaultPackagesIndicatorTest(WorldTestCase):
    def test_o24_counts_packages_and_campaigns(self):
        o24 = Indicator.objects.get(code="O.2.4")
        self.assertEqual(o24.measure, "packages_and_campaigns")
        row = next(row for row in self.report().indicators if row.code == "O.2.4")
        self.assertEqual(row.value, 2)  # the leaflet and its campaign
        self.login(self.alice)
        response = self.client.get(
            reverse("reporting:records", args=["packages"]), {**PERIOD, "indicator": o24.pk}
        )
        self.assertEqual(number_shown(response), "2")
        self.assertEqual([s["count"] for s in response.context["sources"]], [1, 1])

    def test_the_migration_moves_a_seeded_o24_to_packages_and_campaigns(self):
        import importlib

        from django.apps import apps

        migration = importlib.import_module(
            "spolu.reporting.migrations.0003_packages_and_campaigns"
        )
        Indicator.objects.filter(code="O.2.4").update(measure="campaign_materials")
        migration.count_campaigns_too(apps, None)
        self.assertEqual(Indicator.objects.get(code="O.2.4").measure, "packages_and_campaigns")
        Indicator.objects.filter(code="O.2.4").update(measure="campaigns")  # changed by hand
        migration.count_campaigns_too(apps, None)
        self.assertEqual(Indicator.objects.get(code="O.2.4").measure, "campaigns")


class IndicatorAdminTest(SpoluTestCase):
    def form(self, **fields):
        data = {
            "indicator_set": IndicatorSet.objects.get(code="amif-2021-2027").pk,
            "code": "X.1",
            "name_cs": "Zkouška",
            "name_en": "Test",
            "order": 9,
            "measure": "clients",
            "count_services": "on",
            "count_events": "on",
            "count_lessons": "on",
            "condition": "",
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-MIN_NUM_FORMS": "0",
            "targets-MAX_NUM_FORMS": "1000",
            "targets-0-period_from": "2026-01-01",
            "targets-0-period_to": "2026-12-31",
            "targets-0-target": "120",
        }
        data.update(fields)
        return data

    def test_an_administrator_adds_an_indicator_with_a_target(self):
        self.login(self.adam)
        response = self.client.post(
            reverse("admin:reporting_indicator_add"),
            self.form(activities=[Activity.objects.get(code="A08").pk], eligible_only="on"),
        )
        self.assertEqual(response.status_code, 302)
        indicator = Indicator.objects.get(code="X.1")
        self.assertEqual(indicator.targets.get().target, 120)
        self.assertEqual([a.code for a in indicator.activities.all()], ["A08"])

    def test_an_impossible_rule_is_refused_with_a_reason(self):
        self.login(self.adam)
        response = self.client.post(
            reverse("admin:reporting_indicator_add"),
            self.form(
                activities=[Activity.objects.get(code="A04").pk],
                count_services="",
                count_events="",
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["adminform"].form.errors["activities"])
        self.assertFalse(Indicator.objects.filter(code="X.1").exists())

    def test_a_value_entered_by_hand_only_for_manual_indicators(self):
        self.login(self.adam)
        response = self.client.post(
            reverse("admin:reporting_indicator_add"), self.form(**{"targets-0-value": "7"})
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Indicator.objects.filter(code="X.1").exists())
        response = self.client.post(
            reverse("admin:reporting_indicator_add"),
            self.form(measure="manual", **{"targets-0-value": "7"}),
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Indicator.objects.get(code="X.1").targets.get().value, 7)

    def test_only_administrators_edit_indicators(self):
        for user in (self.alice, self.audrey, self.sam):
            self.login(user)
            response = self.client.get(reverse("admin:reporting_indicator_add"))
            self.assertIn(response.status_code, (302, 403), user.username)
        self.login(self.adam)
        self.assertEqual(
            self.client.get(reverse("admin:reporting_indicatorset_changelist")).status_code, 200
        )
        default = IndicatorSet.objects.get(code="amif-2021-2027")
        self.assertEqual(
            self.client.get(
                reverse("admin:reporting_indicatorset_change", args=[default.pk])
            ).status_code,
            200,
        )
