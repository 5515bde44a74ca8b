"""The SQL of the person counts agrees with the client file's own rules (`Client.eligible_on`,
`status_on`, `age_on`) on many random clients: overlapping and gapped residence statuses,
birthdays around the first engagement, only a year of birth, EU citizens."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from spolu.clients.models import Client
from spolu.core.models import Country, ResidenceCategory
from spolu.reporting.queries import monitoring_report
from spolu.reporting.sources import Scope
from spolu.reporting.testing import person, service
from spolu.testing import SpoluTestCase

PERIOD = (date(2026, 1, 1), date(2026, 6, 30))


def band(age: int | None) -> str:
    if age is None:
        return "unknown"
    if age < 18:
        return "under_18"
    return "18_60" if age <= 60 else "over_60"


class PeopleSqlAgreesWithTheClientFileTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        rng = random.Random(20260101)
        categories = list(ResidenceCategory.objects.values_list("code", flat=True))
        countries = ["UA", "VN", "MN", "SK", "DE", "XX", "RU"]
        days = [PERIOD[0] + timedelta(days=n) for n in range(181)]
        for n in range(60):
            statuses = []
            for _ in range(rng.choice([0, 1, 1, 2, 3])):
                start = date(2025, 10, 1) + timedelta(days=rng.randrange(0, 300))
                end = None if rng.random() < 0.4 else start + timedelta(days=rng.randrange(0, 120))
                statuses.append((rng.choice(categories), start, end))
            if rng.random() < 0.3 and statuses:  # same start day twice: the later record wins
                statuses.append((rng.choice(categories), statuses[0][1], None))
            first_day = rng.choice(days)
            birth = rng.choice(
                [
                    {"birth_date": first_day.replace(year=first_day.year - 18)},
                    {"birth_date": first_day.replace(year=first_day.year - 18) + timedelta(days=1)},
                    {"birth_date": date(1965, 8, 20)},
                    {"birth_date": first_day.replace(year=first_day.year - 61)},
                    {"birth_date": first_day.replace(year=first_day.year - 61) + timedelta(days=1)},
                    {"birth_year": 2008},
                    {"birth_year": 1965},
                    {},
                ]
            )
            client = person(
                cls.usti,
                f"P{n}",
                "Test",
                rng.choice(countries),
                rng.choice("FMX"),
                statuses=tuple(statuses),
                **birth,
            )
            service(cls.usti, "A04", first_day, 10, cls.sam, client=client)
            for _ in range(rng.randrange(0, 4)):
                day = rng.choice([d for d in days if d >= first_day])
                service(
                    cls.usti, rng.choice(["A03", "A04", "A05"]), day, 10, cls.sam, client=client
                )

    def expected(self) -> tuple[dict, dict, dict]:
        eu = set(Country.objects.filter(eu_eea_ch=True).values_list("code", flat=True))
        per_activity: dict[str, set] = defaultdict(set)
        eligible_activity: dict[str, set] = defaultdict(set)
        breakdown: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        clients = Client.objects.prefetch_related("residence_statuses__category", "services")
        for client in clients.select_related("citizenship"):
            engagements = [(s.date, s.activity_id) for s in client.services.all()]
            if not engagements:
                continue
            first = min(day for day, _a in engagements)
            for day, activity in engagements:
                per_activity[activity].add(client.pk)
                if client.eligible_on(day):
                    assert client.citizenship_id not in eu
                    eligible_activity[activity].add(client.pk)
            status = client.status_on(first)
            breakdown["citizenship"][client.citizenship_id] += 1
            breakdown["sex"][client.sex] += 1
            breakdown["age_band"][band(client.age_on(first))] += 1
            breakdown["residence_category"][status.category_id if status else "unknown"] += 1
        return per_activity, eligible_activity, breakdown

    def test_unique_and_eligible_clients_and_breakdowns_match(self):
        per_activity, eligible_activity, breakdown = self.expected()
        report = monitoring_report(Scope(*PERIOD))
        for code in ("A03", "A04", "A05"):
            figures = report.activity(code)
            self.assertEqual(figures.unique_clients, len(per_activity[code]), code)
            self.assertEqual(figures.eligible_unique_clients, len(eligible_activity[code]), code)
        everyone = set().union(*per_activity.values())
        eligible = set().union(*eligible_activity.values())
        self.assertEqual(report.totals.unique_clients, len(everyone))
        self.assertEqual(report.totals.eligible_unique_clients, len(eligible))
        self.assertGreater(len(eligible), 5)
        self.assertGreater(len(everyone) - len(eligible), 5)
        for b in report.breakdowns:
            got = {row.key: row.unique_clients for row in b.rows if row.unique_clients}
            self.assertEqual(got, dict(breakdown[b.dimension]), b.dimension)


class OverlappingStatusesTest(SpoluTestCase):
    """A status starting inside another one takes over from its first day (the latest start
    wins); where a client's statuses overlap, the report works that out per day."""

    def test_the_later_status_decides_the_days_it_covers(self):
        # Long-term residence (eligible) all year; a short-stay visa (not eligible) recorded
        # over it from March to April; then eligible again.
        overlapping = person(
            self.usti,
            "Iryna",
            "Overlap",
            "UA",
            "F",
            birth_year=1990,
            statuses=(
                ("residence_long", date(2025, 1, 1), None),
                ("visa_short", date(2026, 3, 1), date(2026, 4, 30)),
            ),
        )
        service(self.usti, "A04", date(2026, 3, 10), 30, self.sam, client=overlapping)
        service(self.usti, "A05", date(2026, 3, 20), 30, self.sam, client=overlapping)
        service(self.usti, "A05", date(2026, 5, 5), 30, self.sam, client=overlapping)
        # The same statuses without overlap: visa first, then long-term residence from May.
        sequential = person(
            self.usti,
            "Oleh",
            "Sequence",
            "UA",
            "M",
            birth_year=1990,
            statuses=(
                ("visa_short", date(2026, 1, 1), date(2026, 4, 30)),
                ("residence_long", date(2026, 5, 1), None),
            ),
        )
        service(self.usti, "A04", date(2026, 2, 1), 30, self.sam, client=sequential)
        service(self.usti, "A05", date(2026, 6, 1), 30, self.sam, client=sequential)

        report = monitoring_report(Scope(*PERIOD))

        a04, a05 = report.activity("A04"), report.activity("A05")
        self.assertEqual((a04.unique_clients, a04.eligible_unique_clients), (2, 0))
        self.assertEqual((a05.unique_clients, a05.eligible_unique_clients), (2, 2))
        self.assertEqual(
            (report.totals.unique_clients, report.totals.eligible_unique_clients), (2, 2)
        )
        categories = {
            row.key: row.unique_clients
            for row in report.breakdown("residence_category").rows
            if row.unique_clients
        }
        # Both first came on a short-stay visa day.
        self.assertEqual(categories, {"visa_short": 2})
        # As the client file itself says.
        self.assertEqual(overlapping.status_on(date(2026, 3, 10)).category_id, "visa_short")
        self.assertEqual(overlapping.status_on(date(2026, 5, 5)).category_id, "residence_long")
