from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from spolu.clients.models import Client
from spolu.testing import SpoluTestCase, make_client


def form_data(office, **overrides):
    data = {
        "last_name": "Коваленко",
        "first_name": "Олена",
        "last_name_latin": "Kovalenko",
        "first_name_latin": "Olena",
        "sex": "F",
        "birth_date": "1990-05-17",
        "citizenship": "UA",
        "office": office.pk,
        "first_contact_date": "2026-01-15",
        "languages": ["uk", "ru"],
        "phone": "+420 777 123 456",
        "residence-category": "temporary_protection",
        "residence-valid_from": "2022-04-01",
        "residence-valid_to": "2027-03-31",
        "residence-permit_number": "DO1234567",
    }
    data.update(overrides)
    return data


class RegistrationTest(SpoluTestCase):
    def test_a_receptionist_registers_a_client_with_residence(self):
        self.login(self.rita)
        response = self.client.post(reverse("clients:create"), form_data(self.usti))
        client = Client.objects.get(last_name_latin="Kovalenko")
        self.assertRedirects(response, reverse("clients:detail", args=[client.pk]))
        self.assertEqual(client.birth_year, 1990)
        self.assertEqual(client.created_by, self.rita)
        self.assertEqual(sorted(client.languages.values_list("code", flat=True)), ["ru", "uk"])
        status = client.residence_statuses.get()
        self.assertEqual(status.category_id, "temporary_protection")
        self.assertEqual(status.permit_number, "DO1234567")
        self.assertIn("kovalenko", client.search_text)

    def test_likely_duplicates_are_shown_before_saving(self):
        existing = make_client(
            self.usti,
            first_name="Олена",
            last_name="Коваленко",
            first_name_latin="Olena",
            last_name_latin="Kovalenko",
            sex="F",
            birth_date=None,
        )
        self.login(self.rita)
        response = self.client.post(reverse("clients:create"), form_data(self.usti))
        self.assertEqual(response.status_code, 200)
        self.assertIn(existing, response.context["duplicates"])
        self.assertEqual(Client.objects.count(), 1)
        response = self.client.post(
            reverse("clients:create"), form_data(self.usti, confirm_new="1")
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Client.objects.count(), 2)

    def test_duplicates_are_suggested_while_typing(self):
        make_client(self.usti)
        self.login(self.rita)
        response = self.client.get(
            reverse("clients:duplicates"),
            {"last_name_latin": "Shevchenko", "first_name_latin": "Oleksandr"},
        )
        self.assertContains(response, "Shevchenko")

    def test_a_birth_date_in_the_future_is_refused(self):
        self.login(self.rita)
        future = (timezone.localdate() + timedelta(days=3)).isoformat()
        response = self.client.post(
            reverse("clients:create"), form_data(self.usti, birth_date=future)
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("birth_date", response.context["form"].errors)
        self.assertFalse(Client.objects.exists())

    def test_a_first_contact_before_birth_is_refused(self):
        self.login(self.rita)
        response = self.client.post(
            reverse("clients:create"), form_data(self.usti, first_contact_date="1980-01-01")
        )
        self.assertIn("first_contact_date", response.context["form"].errors)
        self.assertFalse(Client.objects.exists())

    def test_a_residence_ending_before_it_starts_is_refused(self):
        self.login(self.rita)
        response = self.client.post(
            reverse("clients:create"),
            form_data(self.usti, **{"residence-valid_to": "2020-01-01"}),
        )
        self.assertIn("valid_to", response.context["residence"].errors)
        self.assertFalse(Client.objects.exists())

    def test_an_unknown_citizenship_code_is_refused(self):
        self.login(self.rita)
        response = self.client.post(
            reverse("clients:create"), form_data(self.usti, citizenship="QQ")
        )
        self.assertIn("citizenship", response.context["form"].errors)
        self.assertFalse(Client.objects.exists())

    def test_a_client_cannot_be_registered_to_another_office(self):
        self.login(self.tereza)
        response = self.client.post(reverse("clients:create"), form_data(self.usti))
        self.assertIn("office", response.context["form"].errors)
        self.assertFalse(Client.objects.exists())

    def test_roles_without_the_permission_are_refused(self):
        for user in (self.tom, self.audrey, self.nora):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(reverse("clients:create")).status_code, 403)
                self.assertEqual(
                    self.client.post(reverse("clients:create"), form_data(self.usti)).status_code,
                    403,
                )
        self.assertFalse(Client.objects.exists())


class EditingTest(SpoluTestCase):
    def setUp(self):
        self.person = make_client(self.usti)

    def edit_data(self, **overrides):
        data = {
            "last_name": self.person.last_name,
            "first_name": self.person.first_name,
            "last_name_latin": "Shevchenko",
            "first_name_latin": "Oleksandr",
            "sex": "M",
            "birth_date": "1985-03-14",
            "citizenship": "UA",
            "office": self.usti.pk,
            "first_contact_date": "2024-01-10",
            "version": self.person.version,
            "phone": "+420 602 111 222",
            "aliases": "Alexander Shevchenko",
        }
        data.update(overrides)
        return data

    def test_a_social_worker_edits_a_client_and_adds_an_alias(self):
        self.login(self.sam)
        response = self.client.post(
            reverse("clients:edit", args=[self.person.pk]), self.edit_data()
        )
        self.assertRedirects(response, reverse("clients:detail", args=[self.person.pk]))
        self.person.refresh_from_db()
        self.assertEqual(self.person.phone, "+420 602 111 222")
        self.assertEqual(self.person.version, 2)
        self.assertEqual(
            list(self.person.aliases.values_list("name", flat=True)), ["Alexander Shevchenko"]
        )
        self.assertIn("alexander", self.person.search_text)

    def test_the_second_of_two_concurrent_edits_is_refused(self):
        self.login(self.sam)
        first = self.edit_data(phone="+420 111 111 111")
        second = self.edit_data(phone="+420 222 222 222")  # opened at the same version
        self.client.post(reverse("clients:edit", args=[self.person.pk]), first)
        response = self.client.post(reverse("clients:edit", args=[self.person.pk]), second)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Někdo jiný tento záznam změnil")
        self.person.refresh_from_db()
        self.assertEqual(self.person.phone, "+420 111 111 111")

    def test_another_office_cannot_edit_by_changing_the_id(self):
        self.login(self.tereza)
        response = self.client.post(
            reverse("clients:edit", args=[self.person.pk]), self.edit_data()
        )
        self.assertEqual(response.status_code, 404)
        self.person.refresh_from_db()
        self.assertEqual(self.person.version, 1)

    def test_an_auditor_cannot_edit(self):
        self.login(self.audrey)
        self.assertEqual(
            self.client.get(reverse("clients:edit", args=[self.person.pk])).status_code, 403
        )

    def test_birth_date_and_year_stay_consistent(self):
        self.login(self.sam)
        self.client.post(
            reverse("clients:edit", args=[self.person.pk]),
            self.edit_data(birth_date="1986-01-02", birth_year=""),
        )
        self.person.refresh_from_db()
        self.assertEqual((self.person.birth_date, self.person.birth_year), (date(1986, 1, 2), 1986))
