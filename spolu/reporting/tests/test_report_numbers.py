"""Every number of the monitoring report in a hand-built world (spolu/reporting/testing.py)."""

from __future__ import annotations

from datetime import date

from spolu.reporting.exports import DOCUMENTED, report_json
from spolu.reporting.models import Indicator, IndicatorTarget
from spolu.reporting.queries import monitoring_report
from spolu.reporting.sources import Scope
from spolu.reporting.testing import (
    EXPECTED,
    EXPECTED_EXTRA,
    EXPECTED_OUTPUT_TOTALS,
    EXPECTED_OUTPUTS,
    EXPECTED_TEPLICE_TOTALS,
    PERIOD,
    build_world,
)
from spolu.testing import SpoluTestCase


def documented(figures: dict) -> dict:
    return {key: figures[key] for key in DOCUMENTED}


class WorldTestCase(SpoluTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.world = build_world(cls.usti, cls.teplice, cls.sam)

    def report(self, office=None, period=PERIOD):
        return monitoring_report(Scope(*period, office=office, today=date(2026, 11, 24)))


class ReportNumbersTest(WorldTestCase):
    def test_the_totals_count_every_person_once(self):
        data = report_json(self.report())
        self.assertEqual(data["period"], EXPECTED["period"])
        self.assertIsNone(data["office"])
        self.assertEqual(documented(data["totals"]), EXPECTED["totals"])

    def test_every_activity_is_listed_with_its_numbers(self):
        data = report_json(self.report())
        self.assertEqual(list(data["activities"]), [f"A{n:02d}" for n in range(1, 20)])
        self.assertEqual(
            {code: documented(numbers) for code, numbers in data["activities"].items()},
            EXPECTED["activities"],
        )

    def test_the_extra_numbers_of_activities(self):
        data = report_json(self.report())
        for code, numbers in EXPECTED_EXTRA.items():
            with self.subTest(code):
                got = data["activities"][code]
                self.assertEqual({k: got[k] for k in numbers}, numbers)
        self.assertEqual(data["totals"]["ineligible_unique_clients"], 2)
        self.assertEqual(data["totals"]["minutes"], 1640)
        self.assertEqual(
            data["campaigns"],
            {"campaigns": 1, "materials": 1, "copies": 200, "reach": 1500, "actions": 2},
        )

    def test_the_outputs_of_every_activity(self):
        data = report_json(self.report())
        for code, numbers in EXPECTED_OUTPUTS.items():
            with self.subTest(code):
                got = data["activities"][code]
                self.assertEqual({k: got[k] for k in numbers}, numbers)
        self.assertEqual(
            {k: data["totals"][k] for k in EXPECTED_OUTPUT_TOTALS}, EXPECTED_OUTPUT_TOTALS
        )
        self.assertEqual(data["activities"]["A12"]["professionals"], 2)
        # Volunteer hours are not staff hours: the documented hours do not change.
        self.assertEqual(data["totals"]["hours"], EXPECTED["totals"]["hours"])
        teplice = report_json(self.report(office=self.teplice))["totals"]
        self.assertEqual((teplice["volunteers"], teplice["volunteer_hours"]), (1, 3.0))

    def test_breakdowns_use_the_day_of_the_first_engagement(self):
        data = report_json(self.report())
        for dimension, expected in EXPECTED["breakdowns"].items():
            with self.subTest(dimension):
                got = {k: v for k, v in data["breakdowns"][dimension].items() if v or k in expected}
                self.assertEqual(got, expected)
                self.assertEqual(sum(data["breakdowns"][dimension].values()), 8)
        self.assertEqual(list(data["breakdowns"]["sex"]), ["F", "M", "X"])
        self.assertEqual(
            list(data["breakdowns"]["age_band"]), ["under_18", "18_60", "over_60", "unknown"]
        )

    def test_eligible_breakdowns_add_up_to_the_eligible_total(self):
        data = report_json(self.report())
        self.assertEqual(
            {k: v for k, v in data["eligible_breakdowns"]["citizenship"].items() if v},
            {"UA": 3, "VN": 1, "MN": 1, "RU": 1},
        )
        for dimension in EXPECTED["breakdowns"]:
            self.assertEqual(sum(data["eligible_breakdowns"][dimension].values()), 6)

    def test_the_default_indicators(self):
        data = report_json(self.report())
        self.assertEqual(
            [{"code": i["code"], "value": i["value"]} for i in data["indicators"]],
            EXPECTED["indicators"],
        )

    def test_one_office_counts_only_its_records(self):
        data = report_json(self.report(office=self.teplice))
        self.assertEqual(data["office"], "teplice")
        self.assertEqual(documented(data["totals"]), EXPECTED_TEPLICE_TOTALS)
        self.assertEqual(
            {k: v for k, v in data["breakdowns"]["residence_category"].items() if v},
            {"asylum_applicant": 1, "temporary_protection": 2, "residence_permanent": 1},
        )
        self.assertEqual(documented(data["activities"]["A04"])["unique_clients"], 1)

    def test_a_period_without_records_is_all_zeros(self):
        data = report_json(self.report(period=(date(2024, 1, 1), date(2024, 12, 31))))
        self.assertEqual(set(documented(data["totals"]).values()), {0})
        self.assertEqual(data["breakdowns"]["citizenship"], {})

    def test_a_single_day_period_includes_both_ends(self):
        data = report_json(self.report(period=(date(2026, 6, 30), date(2026, 6, 30))))
        # S15 (anonymous) and S16 (olena) are dated on the last day of the period.
        self.assertEqual(data["totals"]["service_records"], 2)
        self.assertEqual(data["totals"]["unique_clients"], 1)
        self.assertEqual(data["totals"]["anonymous_contacts"], 1)


class IndicatorTargetsTest(WorldTestCase):
    def test_progress_is_measured_against_the_narrowest_target_containing_the_period(self):
        o23 = Indicator.objects.get(code="O.2.3")
        IndicatorTarget.objects.create(
            indicator=o23, period_from=date(2024, 1, 1), period_to=date(2026, 12, 31), target=30
        )
        IndicatorTarget.objects.create(
            indicator=o23, period_from=date(2026, 1, 1), period_to=date(2026, 12, 31), target=10
        )
        IndicatorTarget.objects.create(
            indicator=o23, period_from=date(2026, 7, 1), period_to=date(2026, 12, 31), target=1
        )
        row = next(i for i in self.report().indicators if i.code == "O.2.3")
        self.assertEqual((row.value, row.target, row.progress), (6, 10, 60.0))
        self.assertEqual((row.target_from, row.target_to), (date(2026, 1, 1), date(2026, 12, 31)))

    def test_an_indicator_entered_by_hand_shows_the_value_of_exactly_the_period(self):
        r29 = Indicator.objects.get(code="R.2.9")
        IndicatorTarget.objects.create(
            indicator=r29,
            period_from=date(2026, 1, 1),
            period_to=date(2026, 6, 30),
            target=5,
            value=4,
        )
        IndicatorTarget.objects.create(
            indicator=r29,
            period_from=date(2026, 1, 1),
            period_to=date(2026, 12, 31),
            target=9,
            value=7,
        )
        row = next(i for i in self.report().indicators if i.code == "R.2.9")
        self.assertEqual((row.value, row.target, row.progress), (4, 5, 80.0))

    def test_without_a_target_there_is_no_progress(self):
        row = next(i for i in self.report().indicators if i.code == "O.2.3.1")
        self.assertEqual((row.value, row.target, row.progress), (2, None, None))
