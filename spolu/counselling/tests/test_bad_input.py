"""Typed nonsense in the counselling pages is a translated message, never a 500 or a lost edit."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from spolu.core.models import Activity
from spolu.counselling import services
from spolu.counselling.models import ANONYMOUS_COUNT_MAX, ServiceRecord
from spolu.counselling.tests.test_services import service_data
from spolu.testing import SpoluTestCase, make_client


def anonymous_data(**overrides):
    data = {
        "activity": "A03",
        "anonymous_count": "3",
        "anonymous_citizenship": "",
        "anonymous_sex": "",
        "channel": "in_person",
        "date": "2025-03-03",
        "minutes": "10",
        "office": "",
        "place": "",
        "note": "",
    }
    data.update(overrides)
    return data


class ImpossibleDatesTest(SpoluTestCase):
    def setUp(self):
        self.person = make_client(self.usti)
        self.login(self.sam)

    def test_the_service_list_ignores_an_impossible_date(self):
        for params in ({"from": "2024-02-30"}, {"to": "2024-13-01"}, {"from": "0001-01-01"}):
            with self.subTest(params=params):
                response = self.client.get(reverse("counselling:list"), params)
                self.assertEqual(response.status_code, 200)

    def test_the_eligibility_hint_falls_back_to_today(self):
        url = reverse("counselling:eligibility", args=[self.person.pk])
        for day in ("2024-02-30", "0001-01-01", "9999-12-31"):
            with self.subTest(day=day):
                response = self.client.get(url, {"date": day})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["eligibility"]["date"], timezone.localdate())

    def test_the_appointment_day_survives_impossible_and_extreme_dates(self):
        for day in ("2024-02-30", "0001-01-01", "9999-12-31", "1900-01-01", "2100-12-31"):
            with self.subTest(day=day):
                response = self.client.get(reverse("counselling:appointments"), {"day": day})
                self.assertEqual(response.status_code, 200)
        response = self.client.get(reverse("counselling:appointments"), {"day": "1900-01-01"})
        self.assertIsNone(response.context["previous"])

    def test_a_service_posted_with_an_impossible_date_is_refused_with_a_reason(self):
        url = reverse("counselling:service_create_for_client", args=[self.person.pk])
        for day in ("2024-02-30", "0001-01-01", "1899-12-31"):
            with self.subTest(day=day):
                response = self.client.post(url, service_data(office=self.usti.pk, date=day))
                self.assertEqual(response.status_code, 200)
                self.assertIn("date", response.context["form"].errors)
        self.assertFalse(ServiceRecord.objects.exists())

    def test_an_appointment_in_year_9999_is_refused(self):
        response = self.client.post(
            reverse("counselling:appointment_create"),
            {"starts_at": "9999-12-31T10:00", "minutes": "30", "staff": self.sam.pk},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("1900", str(response.context["form"].errors["starts_at"]))


class ConstraintMessagesTest(SpoluTestCase):
    def setUp(self):
        self.person = make_client(self.usti)
        self.login(self.sam)

    def test_minutes_beyond_a_day_get_a_readable_message(self):
        url = reverse("counselling:service_create_for_client", args=[self.person.pk])
        response = self.client.post(url, service_data(office=self.usti.pk, minutes="99999"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("minutes", response.context["form"].errors)
        self.assertNotContains(response, "service_minutes_within_a_day")
        self.assertNotContains(response, "Omezení")

    def test_every_constraint_has_a_message_for_people(self):
        for model in (ServiceRecord, ServiceRecord.field_visit.field.related_model):
            for constraint in model._meta.constraints:
                with self.subTest(constraint=constraint.name):
                    message = str(constraint.get_violation_error_message())
                    self.assertNotIn(constraint.name, message)


class AnonymousHeadcountTest(SpoluTestCase):
    def test_a_headcount_above_the_limit_is_refused(self):
        self.login(self.rita)
        response = self.client.post(
            reverse("counselling:anonymous_create"),
            anonymous_data(anonymous_count="1000000000", office=self.usti.pk),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("anonymous_count", response.context["form"].errors)
        self.assertFalse(ServiceRecord.objects.exists())

    def test_a_headcount_at_the_limit_is_kept(self):
        self.login(self.rita)
        self.client.post(
            reverse("counselling:anonymous_create"),
            anonymous_data(anonymous_count=str(ANONYMOUS_COUNT_MAX), office=self.usti.pk),
        )
        self.assertEqual(ServiceRecord.objects.get().anonymous_count, ANONYMOUS_COUNT_MAX)


class EditAnonymousContactTest(SpoluTestCase):
    def setUp(self):
        self.contact = services.service_create(
            actor=self.rita,
            office=self.usti,
            activity=Activity.objects.get(code="A03"),
            date=date(2025, 3, 3),
            minutes=10,
            channel="in_person",
            anonymous_count=3,
        )
        self.url = reverse("counselling:service_edit", args=[self.contact.pk])
        self.login(self.rita)

    def test_a_version_that_is_not_a_number_is_refused_without_a_500(self):
        response = self.client.post(
            self.url, anonymous_data(office=self.usti.pk, anonymous_count="4", version="abc")
        )
        self.assertEqual(response.status_code, 200)
        self.contact.refresh_from_db()
        self.assertEqual(self.contact.anonymous_count, 3)

    def test_the_form_carries_the_version_it_was_read_at(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'name="version" value="1"')

    def test_a_stale_edit_is_refused(self):
        data = anonymous_data(office=self.usti.pk, version="1")
        self.client.post(self.url, {**data, "anonymous_count": "4"})
        response = self.client.post(self.url, {**data, "anonymous_count": "5"})
        self.assertContains(response, "Někdo jiný tento záznam změnil")
        self.contact.refresh_from_db()
        self.assertEqual(self.contact.anonymous_count, 4)

    def test_an_edit_without_a_version_is_refused(self):
        self.client.post(self.url, anonymous_data(office=self.usti.pk, anonymous_count="4"))
        self.contact.refresh_from_db()
        self.assertEqual(self.contact.anonymous_count, 3)
