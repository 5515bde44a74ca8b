from datetime import date

from auditlog.models import LogEntry
from django.urls import reverse

from spolu.core.models import Activity
from spolu.counselling import services
from spolu.testing import SpoluTestCase, make_client


class ApiTest(SpoluTestCase):
    def setUp(self):
        self.person = make_client(self.usti)
        self.other = make_client(self.teplice, last_name_latin="Teplická")
        self.legal = services.service_create(
            actor=self.lara,
            client=self.person,
            office=self.usti,
            activity=Activity.objects.get(code="A05"),
            date=date(2025, 3, 3),
            minutes=60,
            channel="in_person",
            note="Důvěrná právní poznámka",
        )

    def test_anonymous_calls_are_refused_with_a_reason(self):
        response = self.client.get("/api/v1/clients/")
        self.assertIn(response.status_code, (401, 403))
        self.assertIn("detail", response.json())

    def test_clients_are_scoped_to_the_office(self):
        self.login(self.tereza)
        response = self.client.get("/api/v1/clients/")
        self.assertEqual([c["id"] for c in response.json()["results"]], [self.other.pk])
        self.assertEqual(self.client.get(f"/api/v1/clients/{self.person.pk}/").status_code, 404)

    def test_a_client_carries_codes_and_residence(self):
        self.login(self.sam)
        data = self.client.get(f"/api/v1/clients/{self.person.pk}/").json()
        self.assertEqual(data["citizenship"], "UA")
        self.assertEqual(data["residence"][0]["category"], "temporary_protection")

    def test_legal_notes_never_reach_other_roles(self):
        self.login(self.sam)
        data = self.client.get("/api/v1/services/").json()["results"]
        self.assertEqual(data[0]["note"], None)
        self.login(self.lara)
        data = self.client.get("/api/v1/services/").json()["results"]
        self.assertEqual(data[0]["note"], "Důvěrná právní poznámka")

    def test_bad_parameters_are_a_400_with_the_reason(self):
        self.login(self.sam)
        response = self.client.get("/api/v1/services/", {"from": "yesterday"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("from", response.json())
        response = self.client.get("/api/v1/services/", {"from": "2025-05-01", "to": "2025-01-01"})
        self.assertEqual(response.status_code, 400)

    def test_impossible_and_implausible_dates_are_a_400_with_the_reason(self):
        self.login(self.sam)
        for params in (
            {"from": "2024-02-30"},
            {"to": "2024-13-01"},
            {"from": "0001-01-01"},
            {"to": "9999-12-31"},
        ):
            with self.subTest(params=params):
                response = self.client.get("/api/v1/services/", params)
                self.assertEqual(response.status_code, 400)
                self.assertIn(next(iter(params)), response.json())

    def test_opening_a_client_is_audited_and_the_list_is_not(self):
        self.login(self.sam)
        self.client.get(f"/api/v1/clients/{self.person.pk}/", REMOTE_ADDR="10.0.0.9")
        views = LogEntry.objects.get_for_object(self.person).filter(action=LogEntry.Action.ACCESS)
        entry = views.get()
        self.assertEqual((entry.actor, entry.remote_addr), (self.sam, "10.0.0.9"))
        # The list shows the basics of many people; like the web list, it logs no views.
        self.client.get("/api/v1/clients/")
        self.assertEqual(views.count(), 1)

    def test_roles_without_access_are_refused(self):
        self.login(self.tom)
        self.assertEqual(self.client.get("/api/v1/clients/").status_code, 403)
        self.assertEqual(self.client.get("/api/v1/services/").status_code, 403)

    def test_the_schema_describes_the_api(self):
        self.login(self.sam)
        response = self.client.get(reverse("api:schema"), {"format": "json"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("/api/v1/clients/", response.content.decode())
