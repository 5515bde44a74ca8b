"""The sums reports take from events: registered participations, minutes per activity (an
event once, A18 meetings included), public headcounts."""

from __future__ import annotations

from datetime import date, timedelta

from spolu.events import queries, services
from spolu.events.models import EventParticipant
from spolu.events.testing import local, make_event
from spolu.network.models import Platform, PlatformMeeting
from spolu.testing import SpoluTestCase, make_client


class ReportingQueriesTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.a, cls.b = (
            make_client(cls.usti, first_name_latin="A"),
            make_client(cls.usti, first_name_latin="B"),
        )
        cls.lecture = make_event(
            cls.usti, activity="A06", starts_at=local(2026, 3, 10, 17), minutes=90
        )
        cls.evening = make_event(
            cls.teplice,
            activity="A15",
            starts_at=local(2026, 3, 20, 18),
            minutes=180,
            headcount_adults=40,
            headcount_children=10,
        )
        cls.outside = make_event(
            cls.usti, activity="A06", starts_at=local(2026, 4, 2, 17), minutes=60
        )
        cls.cancelled = make_event(
            cls.usti, activity="A06", starts_at=local(2026, 3, 11, 17), cancelled=True
        )
        for event in (cls.lecture, cls.evening, cls.outside):
            services.participant_register(actor=None, event=event, client=cls.a)
        absent = services.participant_register(actor=None, event=cls.lecture, client=cls.b)
        EventParticipant.objects.filter(pk=absent.pk).update(attended=False)
        platform = Platform.objects.create(office=cls.usti, name="Krajská platforma")
        start = local(2026, 3, 5, 10)
        PlatformMeeting.objects.create(
            platform=platform, starts_at=start, ends_at=start + timedelta(minutes=120)
        )

    def test_participations_are_counted_per_event(self):
        rows = queries.participations(date(2026, 3, 1), date(2026, 3, 31))
        self.assertEqual(
            sorted((c, d.isoformat(), a) for c, d, a in rows),
            sorted([(self.a.pk, "2026-03-10", "A06"), (self.a.pk, "2026-03-20", "A15")]),
        )
        rows = queries.participations(date(2026, 3, 1), date(2026, 3, 31), office=self.usti)
        self.assertEqual(len(rows), 1)

    def test_minutes_count_each_event_once_and_include_platform_meetings(self):
        with self.assertNumQueries(2):
            minutes = queries.activity_minutes(date(2026, 3, 1), date(2026, 3, 31))
        self.assertEqual(minutes, {"A06": 90, "A15": 180, "A18": 120})
        self.assertEqual(
            queries.activity_minutes(date(2026, 3, 1), date(2026, 3, 31), office=self.teplice),
            {"A15": 180},
        )

    def test_public_headcounts_per_activity(self):
        self.assertEqual(
            queries.public_headcounts(date(2026, 3, 1), date(2026, 3, 31)), {"A06": 0, "A15": 50}
        )
