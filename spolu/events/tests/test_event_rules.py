"""The rules of an event: times, headcounts, registration (once, within capacity, not when
cancelled), and what reports count."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from spolu.clients.models import Client
from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.models import Activity
from spolu.events import services
from spolu.events.models import Event, EventParticipant
from spolu.events.testing import local, make_event
from spolu.testing import SpoluTestCase, make_client


class EventTimesTest(SpoluTestCase):
    def test_an_event_cannot_end_before_it_starts(self):
        with self.assertRaises(ValidationError) as caught:
            make_event(
                self.usti,
                starts_at=local(2026, 11, 23, 17, 0),
                ends_at=local(2026, 11, 23, 16, 0),
            )
        self.assertIn("ends_at", caught.exception.message_dict)

    def test_the_database_also_refuses_an_end_before_the_start(self):
        event = make_event(self.usti)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Event.objects.filter(pk=event.pk).update(ends_at=event.starts_at - timedelta(hours=1))

    def test_the_duration_for_reports_defaults_to_the_time_from_start_to_end(self):
        event = make_event(self.usti, minutes=120)
        self.assertEqual(event.minutes, 120)

    def test_the_duration_can_be_set_lower_for_a_break(self):
        start = local(2026, 11, 23, 9, 0)
        event = make_event(self.usti, starts_at=start, ends_at=start + timedelta(hours=8))
        event = services.event_update(
            actor=None, event=event, expected_version=event.version, minutes=420
        )
        self.assertEqual(event.minutes, 420)

    def test_the_date_is_the_local_date_of_the_start(self):
        # 00:30 in Prague is 23:30 UTC of the previous day: the local date counts.
        event = make_event(self.usti, starts_at=local(2026, 11, 24, 0, 30), minutes=60)
        self.assertEqual(event.date.isoformat(), "2026-11-24")

    def test_only_event_activities_are_accepted(self):
        with self.assertRaises(ValidationError) as caught:
            make_event(self.usti, activity="A04")
        self.assertIn("activity", caught.exception.message_dict)

    def test_a_stale_edit_is_refused(self):
        event = make_event(self.usti)
        services.event_update(actor=None, event=event, expected_version=1, title="Nový název")
        with self.assertRaises(StaleObjectError):
            services.event_update(actor=None, event=event, expected_version=1, title="Jiný")
        event.refresh_from_db()
        self.assertEqual(event.title, "Nový název")


class HeadcountTest(SpoluTestCase):
    def test_the_public_headcount_adds_every_category(self):
        event = make_event(
            self.usti, headcount_adults=30, headcount_children=12, headcount_unspecified=3
        )
        self.assertEqual(event.public_headcount, 45)

    def test_a_headcount_cannot_be_negative(self):
        event = make_event(self.usti)
        with self.assertRaises(SpoluError):
            services.headcount_set(event=event, expected_version=1, adults=-1, children=0)
        with self.assertRaises(ValidationError):
            make_event(self.usti, headcount_children=-5)

    def test_the_database_refuses_a_negative_headcount(self):
        event = make_event(self.usti)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Event.objects.filter(pk=event.pk).update(headcount_adults=-1)


class RegistrationTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.olena = make_client(cls.usti, first_name="Олена", first_name_latin="Olena", sex="F")
        cls.ivan = make_client(cls.usti, first_name="Іван", first_name_latin="Ivan")

    def test_a_client_is_registered_once(self):
        event = make_event(self.usti)
        services.participant_register(actor=self.rita, event=event, client=self.olena)
        with self.assertRaises(SpoluError) as caught:
            services.participant_register(actor=self.rita, event=event, client=self.olena)
        self.assertEqual(caught.exception.code, "duplicate_participant")
        self.assertEqual(event.participants.count(), 1)

    def test_the_database_refuses_a_second_registration(self):
        event = make_event(self.usti)
        EventParticipant.objects.create(event=event, client=self.olena)
        with self.assertRaises(IntegrityError), transaction.atomic():
            EventParticipant.objects.create(event=event, client=self.olena)

    def test_a_full_event_refuses_more_participants(self):
        event = make_event(self.usti, capacity=1)
        services.participant_register(actor=None, event=event, client=self.olena)
        with self.assertRaises(SpoluError) as caught:
            services.participant_register(actor=None, event=event, client=self.ivan)
        self.assertEqual(caught.exception.code, "full")

    def test_professionals_count_towards_the_capacity(self):
        event = make_event(self.usti, activity="A12", capacity=1)
        services.professional_add(event=event, name="Mgr. Jana Malá", institution="ZŠ Vojnovičova")
        with self.assertRaises(SpoluError):
            services.participant_register(actor=None, event=event, client=self.olena)

    def test_the_capacity_cannot_drop_below_those_registered(self):
        event = make_event(self.usti, capacity=5)
        services.participant_register(actor=None, event=event, client=self.olena)
        services.participant_register(actor=None, event=event, client=self.ivan)
        with self.assertRaises(ValidationError) as caught:
            services.event_update(actor=None, event=event, expected_version=1, capacity=1)
        self.assertIn("capacity", caught.exception.message_dict)

    def test_nobody_registers_for_a_cancelled_event(self):
        event = make_event(self.usti, cancelled=True)
        with self.assertRaises(SpoluError) as caught:
            services.participant_register(actor=None, event=event, client=self.olena)
        self.assertEqual(caught.exception.code, "cancelled")

    def test_a_merged_record_cannot_be_registered(self):
        event = make_event(self.usti)
        Client.objects.filter(pk=self.ivan.pk).update(merged_into=self.olena)
        self.ivan.refresh_from_db()
        with self.assertRaises(SpoluError):
            services.participant_register(actor=None, event=event, client=self.ivan)

    def test_attendance_marks_everyone_present_or_absent(self):
        event = make_event(self.usti, activity="A12")
        a = services.participant_register(actor=None, event=event, client=self.olena)
        b = services.participant_register(actor=None, event=event, client=self.ivan)
        p = services.professional_add(event=event, name="Bc. Petr Dvořák")
        changed = services.attendance_record(
            event=event, present_participants={a.pk}, present_professionals=set()
        )
        self.assertEqual(changed, 3)
        a.refresh_from_db()
        b.refresh_from_db()
        p.refresh_from_db()
        self.assertEqual((a.attended, b.attended, p.attended), (True, False, False))


class AttendanceTimingTest(SpoluTestCase):
    def test_attendance_waits_for_the_event_to_begin(self):
        from django.utils import timezone

        event = make_event(self.usti, starts_at=timezone.now() + timedelta(days=2))
        with self.assertRaises(SpoluError) as caught:
            services.attendance_record(
                event=event, present_participants=set(), present_professionals=set()
            )
        self.assertEqual(caught.exception.code, "not_started")


class ReportableTest(SpoluTestCase):
    def test_reports_skip_cancelled_events_and_absent_participants(self):
        olena = make_client(self.usti, first_name_latin="Olena")
        ivan = make_client(self.usti, first_name_latin="Ivan")
        held = make_event(self.usti)
        cancelled = make_event(self.usti, title="Zrušeno")
        services.participant_register(actor=None, event=held, client=olena)
        absent = services.participant_register(actor=None, event=held, client=ivan)
        services.participant_register(actor=None, event=cancelled, client=olena)
        services.event_update(actor=None, event=cancelled, expected_version=1, cancelled=True)
        EventParticipant.objects.filter(pk=absent.pk).update(attended=False)
        self.assertEqual(list(Event.objects.reportable()), [held])
        self.assertEqual(
            list(EventParticipant.objects.reportable().values_list("client_id", flat=True)),
            [olena.pk],
        )

    def test_event_activities_exist_in_the_code_list(self):
        from spolu.events.models import EVENT_ACTIVITIES

        self.assertEqual(Activity.objects.filter(code__in=EVENT_ACTIVITIES).count(), 7)


class DurationForReportsTest(SpoluTestCase):
    def update(self, event: Event, **fields) -> Event:
        return services.event_update(
            actor=None, event=event, expected_version=event.version, **fields
        )

    def test_the_duration_cannot_exceed_the_event(self):
        start = local(2026, 11, 23, 10, 0)
        event = make_event(self.usti, starts_at=start, ends_at=start + timedelta(hours=2))
        with self.assertRaises(ValidationError) as caught:
            self.update(event, minutes=121)
        self.assertIn("minutes", caught.exception.message_dict)
        self.assertEqual(self.update(event, minutes=120).minutes, 120)

    def test_a_huge_duration_is_refused(self):
        start = local(2026, 11, 23, 10, 0)
        event = make_event(self.usti, starts_at=start, ends_at=start + timedelta(hours=2))
        with self.assertRaises(ValidationError) as caught:
            self.update(event, minutes=1099511627776)
        self.assertIn("minutes", caught.exception.message_dict)
        event.refresh_from_db()
        self.assertEqual(event.minutes, 120)

    def test_the_duration_is_at_most_two_weeks(self):
        start = local(2026, 11, 1, 0, 0)
        event = make_event(self.usti, starts_at=start, ends_at=start + timedelta(days=14))
        self.assertEqual(event.minutes, 14 * 24 * 60)
        with self.assertRaises(ValidationError) as caught:
            self.update(event, ends_at=start + timedelta(days=15), minutes=15 * 24 * 60)
        self.assertIn("minutes", caught.exception.message_dict)


class RefusedRegistrationsTest(SpoluTestCase):
    def test_an_anonymised_client_cannot_be_registered(self):
        event = make_event(self.usti)
        client = make_client(self.usti)
        Client.objects.filter(pk=client.pk).update(anonymised_at=local(2026, 1, 1))
        client.refresh_from_db()
        with self.assertRaises(SpoluError) as caught:
            services.participant_register(actor=None, event=event, client=client)
        self.assertEqual(caught.exception.code, "anonymised_client")
        self.assertFalse(event.participants.exists())

    def test_professionals_are_added_only_to_a_training(self):
        event = make_event(self.usti, activity="A14")
        with self.assertRaises(SpoluError) as caught:
            services.professional_add(event=event, name="Mgr. Jana Malá")
        self.assertEqual(caught.exception.code, "not_a_training")
        self.assertFalse(event.professionals.exists())
