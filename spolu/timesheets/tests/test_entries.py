"""Own entries: typed in hours, refused with a clear message when wrong (never a 500), kept out
of closed months, never overwritten by a stale form."""

from __future__ import annotations

from datetime import timedelta

from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.models import Activity
from spolu.timesheets import queries, services
from spolu.timesheets.models import MonthClosure, TimesheetEntry
from spolu.timesheets.tests.base import TimesheetWorld

NEW = reverse("timesheets:entry_create")


class EntryFormTest(TimesheetWorld):
    def post(self, **values):
        data = {
            "date": self.d2.isoformat(),
            "activity": "A04",
            "kind": "preparation",
            "hours": "1,5",
            "note": "Příprava podkladů",
        }
        data.update(values)
        self.login(self.sam)
        return self.client.post(NEW, data)

    def assert_refused(self, response, field, text):
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertIn(field, errors)
        self.assertIn(text, " ".join(errors[field]))
        self.assertEqual(TimesheetEntry.objects.filter(note="Příprava podkladů").count(), 0)

    def test_hours_in_czech_format_become_minutes(self):
        response = self.post()
        url = reverse("timesheets:sheet", args=[self.sam.pk, self.month.year, self.month.month])
        self.assertRedirects(response, url)
        entry = TimesheetEntry.objects.get(note="Příprava podkladů")
        self.assertEqual((entry.user, entry.minutes, entry.date), (self.sam, 90, self.d2))
        self.assertTrue(LogEntry.objects.get_for_object(entry).exists())

    def test_negative_hours_are_refused(self):
        self.assert_refused(self.post(hours="-1"), "hours", "záporn")

    def test_zero_hours_are_refused(self):
        self.assert_refused(self.post(hours="0"), "hours", "víc než nula")

    def test_more_than_24_hours_are_refused(self):
        self.assert_refused(self.post(hours="24,5"), "hours", "24")

    def test_a_day_cannot_hold_more_than_24_hours_of_entries(self):
        self.post(hours="20", note="Dlouhý den")
        self.assert_refused(self.post(hours="4,5"), "hours", "24")

    def test_text_instead_of_hours_is_refused(self):
        self.assert_refused(self.post(hours="hodně"), "hours", "číslo")

    def test_an_unknown_activity_is_refused(self):
        self.assert_refused(self.post(activity="Z99"), "activity", "činnost")

    def test_an_inactive_activity_is_refused(self):
        Activity.objects.filter(code="A13").update(active=False)
        self.assert_refused(self.post(activity="A13"), "activity", "činnost")

    def test_a_future_date_is_refused(self):
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        self.assert_refused(self.post(date=tomorrow), "date", "budouc")

    def test_a_date_in_a_closed_month_is_refused(self):
        services.month_close(actor=self.alice, person=self.sam, month=self.month)
        self.assert_refused(self.post(), "date", "uzavřen")

    def test_a_bad_date_and_a_bad_kind_are_form_errors(self):
        response = self.post(date="31. 2. 2026", kind="holiday")
        self.assertEqual(response.status_code, 200)
        self.assertIn("date", response.context["form"].errors)
        self.assertIn("kind", response.context["form"].errors)

    def test_a_date_outside_1900_to_2100_is_refused_not_a_500(self):
        for day in ("0001-01-01", "1899-12-31"):
            with self.subTest(day=day):
                self.assert_refused(self.post(date=day), "date", "mezi 1. 1. 1900 a 31. 12. 2100")

    def test_the_form_ignores_an_implausible_asked_date(self):
        self.login(self.sam)
        for asked in ("0001-01-01", "2024-02-30"):
            response = self.client.get(NEW, {"date": asked})
            self.assertEqual(response.context["form"].initial["date"], timezone.localdate())

    def test_the_form_opens_on_the_asked_date(self):
        self.login(self.sam)
        response = self.client.get(NEW, {"date": self.d3.isoformat()})
        self.assertEqual(response.context["form"].initial["date"], self.d3)
        self.assertEqual(self.client.get(NEW, {"date": "not-a-date"}).status_code, 200)


class EntryEditTest(TimesheetWorld):
    def setUp(self):
        self.entry = TimesheetEntry.objects.get(user=self.sam, kind="administration")

    def test_an_edit_with_the_seen_version_is_saved(self):
        self.login(self.sam)
        url = reverse("timesheets:entry_update", args=[self.entry.pk])
        self.assertEqual(self.client.get(url).context["form"].initial["hours"], 1.5)
        response = self.client.post(
            url,
            {
                "date": self.d1,
                "activity": "A04",
                "kind": "administration",
                "hours": "1,75",
                "version": 1,
            },
        )
        self.assertEqual(response.status_code, 302)
        self.entry.refresh_from_db()
        self.assertEqual((self.entry.minutes, self.entry.version), (105, 2))

    def test_a_stale_edit_is_refused(self):
        services.entry_update(
            actor=self.sam,
            entry=self.entry,
            expected_version=1,
            day=self.d1,
            activity=self.entry.activity,
            kind="administration",
            minutes=60,
        )
        self.login(self.sam)
        response = self.client.post(
            reverse("timesheets:entry_update", args=[self.entry.pk]),
            {
                "date": self.d1,
                "activity": "A04",
                "kind": "administration",
                "hours": "3",
                "version": 1,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.entry.refresh_from_db()
        self.assertEqual(self.entry.minutes, 60)

    def test_someone_elses_entry_is_not_found(self):
        self.login(self.alice)  # even a coordinator edits only their own entries
        for name in ("timesheets:entry_update", "timesheets:entry_delete"):
            url = reverse(name, args=[self.entry.pk])
            response = self.client.post(url, {"version": 1})
            self.assertEqual(response.status_code, 404)
        with self.assertRaises(SpoluError):
            services.entry_delete(actor=self.alice, entry=self.entry, expected_version=1)

    def test_an_entry_is_removed_unless_its_month_is_closed(self):
        self.login(self.sam)
        url = reverse("timesheets:entry_delete", args=[self.entry.pk])
        services.month_close(actor=self.alice, person=self.sam, month=self.month)
        self.client.post(url, {"version": 1})
        self.assertTrue(TimesheetEntry.objects.filter(pk=self.entry.pk).exists())
        services.month_reopen(actor=self.alice, person=self.sam, month=self.month)
        self.client.post(url, {"version": 1})
        self.assertFalse(TimesheetEntry.objects.filter(pk=self.entry.pk).exists())

    def test_removing_with_a_stale_version_is_refused(self):
        with self.assertRaises(StaleObjectError):
            services.entry_delete(actor=self.sam, entry=self.entry, expected_version=7)


class MonthClosureTest(TimesheetWorld):
    def test_a_coordinator_closes_a_month_and_its_totals_are_kept_as_signed(self):
        self.login(self.alice)
        url = reverse("timesheets:close", args=[self.sam.pk, self.month.year, self.month.month])
        self.client.post(url)
        closure = MonthClosure.objects.get(user=self.sam, month=self.month)
        self.assertEqual(closure.closed_by, self.alice)
        self.assertEqual(
            closure.signed, {"A02": 170, "A04": 165, "A06": 210, "A07": 60, "A18": 120}
        )
        self.assertTrue(LogEntry.objects.get_for_object(closure).exists())

    def test_a_record_changed_after_closing_shows_as_a_difference(self):
        services.month_close(actor=self.alice, person=self.sam, month=self.month)
        from spolu.events.testing import make_event
        from spolu.timesheets.tests.base import at

        make_event(
            self.usti, activity="A06", starts_at=at(self.d5, 10), minutes=30, organisers=[self.sam]
        )
        sheet = queries.month_sheet(self.sam, self.month)
        self.assertEqual(
            [(d.code, d.signed, d.now) for d in sheet.differences], [("A06", 210, 240)]
        )

    def test_closing_twice_or_a_future_month_is_refused(self):
        services.month_close(actor=self.alice, person=self.sam, month=self.month)
        with self.assertRaises(SpoluError):
            services.month_close(actor=self.alice, person=self.sam, month=self.month)
        with self.assertRaises(SpoluError):
            services.month_close(
                actor=self.alice, person=self.sam, month=queries.add_months(self.month, 2)
            )
        with self.assertRaises(SpoluError):
            services.month_reopen(actor=self.alice, person=self.tom, month=self.month)

    def test_the_coordinator_closes_the_month_for_everyone_at_once(self):
        services.month_close(actor=self.alice, person=self.sam, month=self.month)
        self.login(self.alice)
        response = self.client.post(
            reverse("timesheets:overview_close"), {"month": self.month.strftime("%Y-%m")}
        )
        self.assertEqual(response.status_code, 302)
        closed = set(
            MonthClosure.objects.filter(month=self.month).values_list("user__username", flat=True)
        )
        self.assertTrue(
            {"sam", "tom", "tereza", "rita", "alice", "filip", "lara", "adam"} <= closed
        )
        self.assertNotIn("audrey", closed)
        response = self.client.post(reverse("timesheets:overview_close"), {"month": "nonsense"})
        self.assertEqual(response.status_code, 302)

    def test_staff_cannot_close_or_reopen(self):
        self.login(self.sam)
        for name in ("timesheets:close", "timesheets:reopen"):
            url = reverse(name, args=[self.sam.pk, self.month.year, self.month.month])
            self.assertEqual(self.client.post(url).status_code, 403)
        self.assertEqual(self.client.post(reverse("timesheets:overview_close")).status_code, 403)
        self.assertFalse(MonthClosure.objects.exists())


class RefusalTest(TimesheetWorld):
    """Only staff who record their own work may write entries; only coordinators close months."""

    def setUp(self):
        self.entry = TimesheetEntry.objects.get(user=self.sam, kind="administration")
        self.values = {
            "date": self.d2.isoformat(),
            "activity": "A04",
            "kind": "preparation",
            "hours": "1",
            "version": 1,
        }

    def test_an_auditor_and_a_user_without_a_role_cannot_write_entries(self):
        for user in (self.audrey, self.nora):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.post(NEW, self.values).status_code, 403)
                for name in ("timesheets:entry_update", "timesheets:entry_delete"):
                    url = reverse(name, args=[self.entry.pk])
                    self.assertEqual(self.client.post(url, self.values).status_code, 403)
        self.assertEqual(TimesheetEntry.objects.filter(kind="preparation", minutes=60).count(), 0)
        self.entry.refresh_from_db()
        self.assertEqual((self.entry.minutes, self.entry.version), (90, 1))

    def test_an_auditor_cannot_close_or_reopen(self):
        services.month_close(actor=self.alice, person=self.tom, month=self.month)
        self.login(self.audrey)
        close = reverse("timesheets:close", args=[self.sam.pk, self.month.year, self.month.month])
        reopen = reverse("timesheets:reopen", args=[self.tom.pk, self.month.year, self.month.month])
        self.assertEqual(self.client.post(close).status_code, 403)
        self.assertEqual(self.client.post(reopen).status_code, 403)
        self.assertEqual(self.client.post(reverse("timesheets:overview_close")).status_code, 403)
        self.assertEqual(
            list(MonthClosure.objects.values_list("user__username", flat=True)), ["tom"]
        )
