"""The shared calendar: month and week views, filters by office and activity, scope, and a
constant number of queries however many items a month holds."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spolu.events.calendar import CalendarItem
from spolu.events.queries import calendar_page, calendar_range
from spolu.events.testing import local, make_event
from spolu.testing import SpoluTestCase


class CalendarLayoutTest(SpoluTestCase):
    def test_a_month_shows_whole_weeks_from_monday(self):
        first, last = calendar_range("month", date(2026, 11, 23))
        self.assertEqual((first, last), (date(2026, 10, 26), date(2026, 12, 6)))
        self.assertEqual(first.weekday(), 0)
        self.assertEqual(last.weekday(), 6)

    def test_a_week_runs_from_monday_to_sunday(self):
        self.assertEqual(
            calendar_range("week", date(2026, 11, 26)), (date(2026, 11, 23), date(2026, 11, 29))
        )

    def test_an_item_over_several_days_appears_on_each(self):
        item = CalendarItem(
            kind="event",
            title="Exkurze Praha",
            starts_at=local(2026, 11, 24, 8, 0),
            ends_at=local(2026, 11, 25, 18, 0),
            url="/events/1/",
            office_id=None,
            activity_id="A17",
        )
        page = calendar_page("week", date(2026, 11, 24), [item])
        days = [d.day.day for week in page.weeks for d in week if d.items]
        self.assertEqual(days, [24, 25])

    def test_an_item_ending_at_midnight_stays_on_its_day(self):
        item = CalendarItem(
            kind="event",
            title="Večer",
            starts_at=local(2026, 11, 24, 20, 0),
            ends_at=local(2026, 11, 25, 0, 0),
            url="/events/1/",
            office_id=None,
            activity_id="A15",
        )
        page = calendar_page("week", date(2026, 11, 24), [item])
        self.assertEqual([d.day.day for week in page.weeks for d in week if d.items], [24])


class CalendarPageTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_event(cls.usti, title="Přednáška o pobytu", starts_at=local(2026, 11, 10, 17))
        make_event(
            cls.usti,
            title="Etnický večer Mongolsko",
            activity="A15",
            starts_at=local(2026, 11, 12, 18),
        )
        make_event(cls.teplice, title="Teplická beseda", starts_at=local(2026, 11, 11, 16))
        make_event(cls.usti, title="Prosincová akce", starts_at=local(2026, 12, 3, 16))

    def get(self, **params):
        return self.client.get(reverse("events:calendar"), {"date": "2026-11-15", **params})

    def test_the_month_shows_the_events_the_user_may_see(self):
        self.login(self.sam)
        response = self.get()
        self.assertContains(response, "Přednáška o pobytu")
        self.assertContains(response, "Etnický večer Mongolsko")
        self.assertContains(response, "Prosincová akce")  # in the last week shown
        self.assertNotContains(response, "Teplická beseda")

    def test_a_coordinator_filters_by_office_and_activity(self):
        self.login(self.alice)
        self.assertContains(self.get(), "Teplická beseda")
        response = self.get(office=self.teplice.pk)
        self.assertContains(response, "Teplická beseda")
        self.assertNotContains(response, "Přednáška o pobytu")
        response = self.get(activity="A15")
        self.assertContains(response, "Etnický večer Mongolsko")
        self.assertNotContains(response, "Přednáška o pobytu")

    def test_the_week_view_shows_one_week(self):
        self.login(self.alice)
        response = self.get(view="week", date="2026-11-10")
        self.assertContains(response, "Přednáška o pobytu")
        self.assertNotContains(response, "Prosincová akce")

    def test_an_office_out_of_reach_cannot_be_chosen(self):
        self.login(self.sam)
        response = self.get(office=self.teplice.pk)
        self.assertNotContains(response, "Teplická beseda")

    def test_a_nonsense_date_falls_back_to_today(self):
        self.login(self.sam)
        self.assertEqual(self.get(date="not-a-date").status_code, 200)

    def test_users_without_event_access_get_403(self):
        self.login(self.filip)
        self.assertEqual(self.get().status_code, 403)


class CalendarQueriesTest(SpoluTestCase):
    def count_queries(self, n: int) -> int:
        """Queries of the month page with n events, n platform meetings and n lessons."""
        from spolu.courses.schedule import SlotSpec
        from spolu.courses.testing import make_course
        from spolu.network.models import Platform, PlatformMeeting

        start = local(2026, 11, 2, 9)
        for i in range(n):
            make_event(
                self.usti,
                title=f"Akce {i}",
                starts_at=start + timedelta(hours=i * 7),
                organisers=[self.alice, self.sam],
            )
        platform = Platform.objects.create(office=self.usti, name=f"Platforma {n}")
        for i in range(n):
            begins = start + timedelta(days=i % 25, hours=3)
            PlatformMeeting.objects.create(
                platform=platform, starts_at=begins, ends_at=begins + timedelta(hours=2)
            )
        make_course(
            self.usti,
            teachers=[self.tom],
            title=f"Čeština {n}",
            start=date(2026, 11, 2),
            end_date=date(2026, 11, 2) + timedelta(days=n * 3),
            slots=[SlotSpec(d, time(16, 0), time(17, 30)) for d in range(5)],
        )
        self.login(self.alice)
        url = reverse("events:calendar")
        self.client.get(url, {"date": "2026-11-15"})
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, {"date": "2026-11-15"})
        self.assertContains(response, "Akce 0")
        self.assertContains(response, f"Čeština {n}")
        self.assertContains(response, f"Platforma {n}")
        return len(queries)

    def test_the_month_needs_the_same_queries_for_2_and_20_of_each_kind(self):
        few = self.count_queries(2)
        self.assertEqual(self.count_queries(20), few)


class EventSourceQueriesTest(SpoluTestCase):
    def test_the_events_source_runs_two_queries_for_any_number_of_events(self):
        from spolu.events.hooks import event_calendar_items

        for i in range(12):
            make_event(
                self.usti,
                title=f"A{i}",
                starts_at=local(2026, 11, 3 + i, 10),
                organisers=[self.sam],
            )
        self.alice.has_perm("events.view_event")  # load permissions outside the count
        self.alice.office_ids()
        with self.assertNumQueries(2):
            items = event_calendar_items(self.alice, local(2026, 11, 1), local(2026, 12, 1))
        self.assertEqual(len(items), 12)
        self.assertEqual(items[0].staff_ids, (self.sam.pk,))


class CalendarEscapingTest(SpoluTestCase):
    def test_titles_and_places_are_escaped(self):
        make_event(
            self.usti,
            title='<script>alert("x")</script>',
            place="<b>Náměstí</b>",
            starts_at=local(2026, 11, 10, 17),
        )
        self.login(self.alice)
        response = self.client.get(
            reverse("events:calendar"), {"date": "2026-11-10", "view": "week"}
        )
        self.assertNotContains(response, "<script>alert")
        self.assertContains(response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
        self.assertContains(response, "&lt;b&gt;Náměstí&lt;/b&gt;")


class ImplausibleDatesTest(SpoluTestCase):
    def test_a_date_outside_1900_2100_opens_today_with_a_message(self):
        self.login(self.alice)
        for params in (
            {"date": "0001-01-01"},
            {"date": "9999-12-31"},
            {"view": "week", "date": "0001-01-01"},
            {"view": "week", "date": "9999-12-31"},
        ):
            with self.subTest(**params):
                response = self.client.get(reverse("events:calendar"), params)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors)
                self.assertEqual(response.context["page"].anchor, timezone.localdate())

    def test_the_other_filters_still_apply_when_the_date_is_wrong(self):
        self.login(self.alice)
        response = self.client.get(
            reverse("events:calendar"), {"date": "0001-01-01", "office": self.teplice.pk}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].cleaned_data["office"], self.teplice)

    def test_the_first_and_last_plausible_months_open(self):
        self.login(self.alice)
        for day in ("1900-01-01", "2100-12-31"):
            with self.subTest(day=day):
                for view in ("month", "week"):
                    response = self.client.get(
                        reverse("events:calendar"), {"date": day, "view": view}
                    )
                    self.assertEqual(response.status_code, 200)
