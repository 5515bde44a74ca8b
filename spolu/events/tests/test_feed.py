"""The iCalendar feed: a secret, revocable address per staff member (stored hashed), readable
without a session, with titles, places and times only."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from spolu.events import services
from spolu.events.models import CalendarFeed, hash_feed_token
from spolu.events.testing import make_event
from spolu.testing import SpoluTestCase, make_client


class FeedSettingsTest(SpoluTestCase):
    def test_creating_an_address_shows_it_once_and_stores_only_a_hash(self):
        self.login(self.sam)
        response = self.client.post(reverse("events:feed_settings"), {"action": "renew"})
        self.assertEqual(response.status_code, 200)
        feed = CalendarFeed.objects.get(user=self.sam)
        url = response.context["new_url"]
        token = url.rstrip("/").rsplit("/", 1)[1].removesuffix(".ics")
        self.assertEqual(feed.token_hash, hash_feed_token(token))
        self.assertNotIn(token, feed.token_hash)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertNotContains(self.client.get(reverse("events:feed_settings")), token)

    def test_renewing_replaces_the_old_address(self):
        old = services.calendar_feed_renew(user=self.sam)
        new = services.calendar_feed_renew(user=self.sam)
        self.assertIsNone(services.calendar_feed_user(old))
        self.assertEqual(services.calendar_feed_user(new), self.sam)

    def test_revoking_stops_the_address(self):
        token = services.calendar_feed_renew(user=self.sam)
        self.login(self.sam)
        self.client.post(reverse("events:feed_settings"), {"action": "revoke"})
        self.client.logout()
        url = reverse("events:calendar_feed", args=[token])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_roles_without_a_schedule_cannot_subscribe(self):
        for user in (self.nora, self.audrey):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(reverse("events:feed_settings")).status_code, 403)


class FeedTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        now = timezone.now().replace(microsecond=0)
        cls.mine = make_event(
            cls.usti,
            title="Přednáška: práce v ČR",
            starts_at=now + timezone.timedelta(days=2),
            organisers=[cls.sam],
        )
        cls.other = make_event(
            cls.usti,
            title="Cizí akce",
            starts_at=now + timezone.timedelta(days=3),
            organisers=[cls.rita],
        )
        client = make_client(cls.usti, first_name_latin="Oleksandr", last_name_latin="Shevchenko")
        services.participant_register(actor=None, event=cls.mine, client=client)
        cls.token = services.calendar_feed_renew(user=cls.sam)

    def test_a_calendar_app_reads_the_feed_without_signing_in(self):
        response = self.client.get(reverse("events:calendar_feed", args=[self.token]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn("no-store", response["Cache-Control"])
        calendar = Calendar.from_ical(response.content)
        summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
        self.assertEqual(summaries, ["Přednáška: práce v ČR"])
        self.assertIsNotNone(CalendarFeed.objects.get(user=self.sam).last_used_at)

    def test_the_feed_holds_no_client_data(self):
        response = self.client.get(reverse("events:calendar_feed", args=[self.token]))
        self.assertNotIn(b"Shevchenko", response.content)
        self.assertNotIn(b"Oleksandr", response.content)

    def test_an_unknown_token_is_not_found(self):
        url = reverse("events:calendar_feed", args=["x" * 43])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_deactivated_account_has_no_feed(self):
        self.sam.is_active = False
        self.sam.save()
        url = reverse("events:calendar_feed", args=[self.token])
        self.assertEqual(self.client.get(url).status_code, 404)


class FeedRevocationTest(SpoluTestCase):
    def setUp(self):
        self.token = services.calendar_feed_renew(user=self.sam)

    def feed_status(self) -> int:
        self.client.logout()
        return self.client.get(reverse("events:calendar_feed", args=[self.token])).status_code

    def take_away_the_subscription(self):
        from django.contrib.auth.models import Group

        # A centre may take the permission from a role; Sam's own copy of the group here.
        self.sam.groups.clear()
        limited = Group.objects.create(name="social_worker_without_feed")
        limited.permissions.set(
            Group.objects.get(name="social_worker").permissions.exclude(
                codename="subscribe_calendar"
            )
        )
        self.sam.groups.add(limited)

    def test_the_feed_stops_when_the_permission_is_taken_away(self):
        self.assertEqual(self.feed_status(), 200)
        self.take_away_the_subscription()
        self.sam = type(self.sam).objects.get(pk=self.sam.pk)  # fresh permission cache
        self.assertIsNone(services.calendar_feed_user(self.token))
        self.assertEqual(self.feed_status(), 404)

    def test_a_user_without_the_permission_still_revokes_their_address(self):
        self.take_away_the_subscription()
        self.login(self.sam)
        response = self.client.get(reverse("events:feed_settings"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'value="renew"')
        response = self.client.post(reverse("events:feed_settings"), {"action": "renew"})
        self.assertEqual(response.status_code, 403)
        self.client.post(reverse("events:feed_settings"), {"action": "revoke"})
        self.assertFalse(CalendarFeed.objects.filter(user=self.sam).exists())
        self.assertEqual(self.client.get(reverse("events:feed_settings")).status_code, 403)

    def test_a_password_change_revokes_the_address(self):
        self.sam.set_password("a-new-long-passphrase-2026")
        self.sam.save()
        self.assertFalse(CalendarFeed.objects.filter(user=self.sam).exists())

    def test_a_password_change_on_the_page_revokes_the_address(self):
        from spolu.testing import PASSWORD

        self.login(self.sam)
        response = self.client.post(
            reverse("password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "a-new-long-passphrase-2026",
                "new_password2": "a-new-long-passphrase-2026",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.feed_status(), 404)

    def test_other_changes_of_the_account_keep_the_address(self):
        self.sam.first_name = "Samuel"
        self.sam.save()
        self.sam.refresh_from_db()
        self.sam.save(update_fields=["last_login"])
        self.assertTrue(CalendarFeed.objects.filter(user=self.sam).exists())

    def test_a_two_factor_reset_revokes_the_address(self):
        from spolu.core.two_factor import two_factor_reset
        from spolu.testing import verified_login

        verified_login(self.client, self.sam)  # a confirmed device
        two_factor_reset(user=self.sam)
        self.assertFalse(CalendarFeed.objects.filter(user=self.sam).exists())

    def test_an_administrator_revokes_an_address_in_the_admin(self):
        self.login(self.adam)
        changelist = reverse("admin:events_calendarfeed_changelist")
        self.assertContains(self.client.get(changelist), "Sam")
        feed = CalendarFeed.objects.get(user=self.sam)
        response = self.client.post(changelist, {"action": "revoke", "_selected_action": [feed.pk]})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(CalendarFeed.objects.filter(user=self.sam).exists())

    def test_other_roles_do_not_see_feeds_in_the_admin(self):
        self.login(self.alice)
        changelist = reverse("admin:events_calendarfeed_changelist")
        self.assertIn(self.client.get(changelist).status_code, (302, 403))
