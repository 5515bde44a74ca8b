"""Implausible dates and numbers are translated messages; concurrent edits never lose data."""

from datetime import date, timedelta

from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from spolu.clients import services
from spolu.clients.models import Client, ResidenceStatus
from spolu.clients.tests.test_registration import form_data
from spolu.testing import SpoluTestCase, make_client

STALE = "Někdo jiný tento záznam změnil"


class ImplausibleValuesTest(SpoluTestCase):
    def setUp(self):
        self.login(self.rita)

    def test_a_year_of_birth_before_1900_gets_a_readable_message(self):
        response = self.client.post(
            reverse("clients:create"), form_data(self.usti, birth_date="", birth_year="1850")
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("birth_year", response.context["form"].errors)
        self.assertNotContains(response, "client_birth_year_plausible")
        self.assertNotContains(response, "Omezení")
        self.assertFalse(Client.objects.exists())

    def test_a_date_of_birth_in_year_one_is_refused(self):
        response = self.client.post(
            reverse("clients:create"), form_data(self.usti, birth_date="0001-01-01")
        )
        self.assertIn("1900", str(response.context["form"].errors["birth_date"]))
        self.assertFalse(Client.objects.exists())

    def test_a_status_starting_before_birth_is_refused_at_registration(self):
        response = self.client.post(
            reverse("clients:create"),
            form_data(self.usti, birth_date="2023-05-01", **{"residence-valid_from": "2022-04-01"}),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("valid_from", response.context["residence"].errors)
        # The client and the status are saved together or not at all.
        self.assertFalse(Client.objects.exists())

    def test_every_constraint_has_a_message_for_people(self):
        from django.apps import apps

        for model in apps.get_app_config("clients").get_models():
            for constraint in model._meta.constraints:
                with self.subTest(constraint=constraint.name):
                    message = str(constraint.get_violation_error_message())
                    self.assertNotIn(constraint.name, message)


class ResidenceAndConsentDatesTest(SpoluTestCase):
    def setUp(self):
        self.person = make_client(self.usti, residence=None)
        self.login(self.sam)

    def test_a_status_starting_before_birth_is_refused(self):
        response = self.client.post(
            reverse("clients:residence_add", args=[self.person.pk]),
            {"category": "residence_long", "valid_from": "1980-01-01"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("valid_from", response.context["form"].errors)
        self.assertFalse(self.person.residence_statuses.exists())

    def test_a_withdrawal_in_the_future_is_refused(self):
        consent = services.consent_record(
            actor=self.sam, client=self.person, purpose="photos", given_on=date(2025, 3, 1)
        )
        tomorrow = timezone.localdate() + timedelta(days=1)
        url = reverse("clients:consent_withdraw", args=[self.person.pk, consent.pk])
        response = self.client.post(url, {"withdrawn_on": tomorrow.isoformat()})
        self.assertEqual(response.status_code, 200)
        self.assertIn("withdrawn_on", response.context["form"].errors)
        consent.refresh_from_db()
        self.assertIsNone(consent.withdrawn_on)


class LostUpdatesTest(SpoluTestCase):
    def setUp(self):
        self.person = make_client(self.usti)
        self.status = ResidenceStatus.objects.get(client=self.person)
        self.login(self.sam)

    def test_the_second_of_two_residence_edits_is_refused(self):
        url = reverse("clients:residence_edit", args=[self.person.pk, self.status.pk])
        self.assertContains(self.client.get(url), 'name="version" value="1"')
        data = {"category": "temporary_protection", "valid_from": "2022-03-01", "version": "1"}
        first = self.client.post(url, {**data, "permit_number": "DO111"})
        self.assertEqual(first.status_code, 302)
        second = self.client.post(url, {**data, "permit_number": "DO222"})
        self.assertContains(second, STALE)
        self.status.refresh_from_db()
        self.assertEqual((self.status.permit_number, self.status.version), ("DO111", 2))

    def test_a_residence_edit_without_a_version_is_refused(self):
        url = reverse("clients:residence_edit", args=[self.person.pk, self.status.pk])
        data = {"category": "temporary_protection", "valid_from": "2022-03-01"}
        self.assertContains(self.client.post(url, {**data, "permit_number": "DO1"}), STALE)

    def test_a_guardian_set_on_a_stale_page_is_refused(self):
        child = make_client(self.usti, first_name_latin="Mariia", birth_date=date(2015, 6, 1))
        other = make_client(self.usti, first_name_latin="Petro")
        url = reverse("clients:guardian_set", args=[child.pk])
        self.assertContains(self.client.get(url), f'name="version" value="{child.version}"')
        page_version = child.version
        self.client.post(url, {"guardian": self.person.pk, "version": page_version})
        response = self.client.post(url, {"guardian": other.pk, "version": page_version})
        self.assertContains(response, STALE)
        child.refresh_from_db()
        self.assertEqual(child.guardian, self.person)


class ViewsAreAuditedTest(SpoluTestCase):
    def test_opening_the_edit_form_is_audited(self):
        person = make_client(self.usti)
        self.login(self.sam)
        self.client.get(reverse("clients:edit", args=[person.pk]))
        views = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.ACCESS)
        self.assertEqual(views.get().actor, self.sam)

    def test_breadcrumbs_are_labelled_in_czech(self):
        person = make_client(self.usti)
        self.login(self.sam)
        response = self.client.get(reverse("clients:detail", args=[person.pk]))
        self.assertContains(response, 'aria-label="Drobečková navigace"')
