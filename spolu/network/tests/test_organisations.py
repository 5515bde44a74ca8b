"""Partner organisations: the directory, the organisation's page with services (A13, A16),
referrals, events and contact people in a fixed number of queries, and editing."""

from __future__ import annotations

from datetime import timedelta
from unittest.mock import patch

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spolu.core.models import Activity, District
from spolu.counselling.models import ServiceRecord
from spolu.network import services
from spolu.network.models import Organisation
from spolu.network.testing import make_org
from spolu.testing import SpoluTestCase, make_client

YESTERDAY = timezone.localdate() - timedelta(days=1)


class DirectoryTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        districts = {d.code: d for d in District.objects.all()}
        make_org("Základní škola Vojnovičova", "school", district=districts["CZ0427"])
        make_org("Úřad práce ČR – KoP Teplice", "authority", district=districts["CZ0426"])
        make_org("Člověk v tísni", "ngo", active=False)

    def test_every_role_with_the_directory_finds_organisations(self):
        for user in (self.rita, self.sam, self.tom, self.filip, self.audrey, self.tereza):
            with self.subTest(user=user.username):
                self.login(user)
                response = self.client.get(reverse("network:organisation_list"), {"q": "škola"})
                self.assertContains(response, "Základní škola Vojnovičova")
                self.assertNotContains(response, "Úřad práce")

    def test_filters_by_type_and_district_and_hides_inactive(self):
        self.login(self.sam)
        url = reverse("network:organisation_list")
        self.assertContains(self.client.get(url, {"kind": "authority"}), "Úřad práce")
        self.assertNotContains(self.client.get(url, {"district": "CZ0427"}), "Úřad práce")
        self.assertNotContains(self.client.get(url), "Člověk v tísni")
        self.assertContains(self.client.get(url, {"inactive": "on"}), "Člověk v tísni")

    def test_a_user_without_a_role_gets_403(self):
        self.login(self.nora)
        self.assertEqual(self.client.get(reverse("network:organisation_list")).status_code, 403)
        org = Organisation.objects.first()
        url = reverse("network:organisation_detail", args=[org.pk])
        self.assertEqual(self.client.get(url).status_code, 403)


class EditingTest(SpoluTestCase):
    def test_a_social_worker_adds_an_organisation_and_a_contact(self):
        self.login(self.sam)
        response = self.client.post(
            reverse("network:organisation_create"),
            {
                "name": "Krajská nemocnice",
                "kind": "health",
                "district": "CZ0427",
                "address": "",
                "company_id": "00830101",
                "email": "",
                "phone": "",
                "website": "kzcr.eu",
                "note": "",
            },
        )
        org = Organisation.objects.get(name="Krajská nemocnice")
        self.assertRedirects(response, reverse("network:organisation_detail", args=[org.pk]))
        self.assertEqual(org.website, "https://kzcr.eu")
        response = self.client.post(
            reverse("network:contact_add", args=[org.pk]),
            {"name": "Mgr. Eva Malá", "role": "sociální pracovnice", "email": "", "phone": ""},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(org.contacts.get().name, "Mgr. Eva Malá")

    def test_a_company_id_with_letters_is_a_form_error(self):
        self.login(self.sam)
        response = self.client.post(
            reverse("network:organisation_create"),
            {"name": "X", "kind": "ngo", "company_id": "12AB"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Organisation.objects.exists())

    def test_a_stale_edit_is_refused(self):
        org = make_org()
        services.organisation_update(actor=None, organisation=org, expected_version=1, phone="123")
        self.login(self.alice)
        response = self.client.post(
            reverse("network:organisation_update", args=[org.pk]),
            {"name": "Nový název", "kind": "school", "version": "1", "active": "on"},
        )
        self.assertContains(response, "alert-danger")
        org.refresh_from_db()
        self.assertEqual((org.name, org.phone), ("ZŠ Vojnovičova", "123"))

    def test_receptionists_teachers_and_auditors_only_read(self):
        org = make_org()
        for user in (self.rita, self.tom, self.audrey):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(
                    self.client.get(reverse("network:organisation_create")).status_code, 403
                )
                url = reverse("network:contact_add", args=[org.pk])
                self.assertEqual(self.client.post(url, {"name": "X"}).status_code, 403)

    def test_only_a_coordinator_removes_a_contact(self):
        org = make_org()
        contact = services.contact_add(organisation=org, name="Jan Novák")
        url = reverse("network:contact_remove", args=[org.pk, contact.pk])
        self.login(self.sam)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.login(self.alice)
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertFalse(org.contacts.exists())


class OrganisationPageTest(SpoluTestCase):
    def make_services(self, org: Organisation, n: int) -> None:
        a13 = Activity.objects.get(code="A13")
        a04 = Activity.objects.get(code="A04")
        for i in range(n):
            ServiceRecord.objects.create(
                office=self.usti,
                activity=a13,
                date=YESTERDAY,
                channel="in_person",
                minutes=60,
                organisation=org,
                staff=self.sam,
            )
            client = make_client(self.usti, first_name_latin=f"Klient{i}")
            ServiceRecord.objects.create(
                office=self.usti,
                activity=a04,
                date=YESTERDAY,
                channel="in_person",
                minutes=30,
                client=client,
                staff=self.sam,
                referral_organisation=org,
                referral_outcome="accepted",
            )
            services.contact_add(organisation=org, name=f"Kontakt {i}")

    def page_queries(self, n: int) -> int:
        org = make_org(f"Škola {n}")
        self.make_services(org, n)
        self.login(self.sam)
        url = reverse("network:organisation_detail", args=[org.pk])
        self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertContains(response, "Klient0")
        return len(queries)

    def test_the_page_shows_services_and_referrals(self):
        org = make_org()
        self.make_services(org, 2)
        ServiceRecord.objects.create(
            office=self.teplice,
            activity=Activity.objects.get(code="A16"),
            date=YESTERDAY,
            channel="in_person",
            minutes=45,
            organisation=org,
            staff=self.tereza,
        )
        self.login(self.sam)
        response = self.client.get(reverse("network:organisation_detail", args=[org.pk]))
        self.assertContains(response, "Klient1")
        self.assertContains(response, "Kontakt 0")
        self.assertNotContains(response, "A16:")  # Teplice's service is out of Sam's scope
        self.login(self.alice)
        response = self.client.get(reverse("network:organisation_detail", args=[org.pk]))
        self.assertContains(response, "A16")

    def test_the_page_needs_the_same_queries_for_2_and_20_services(self):
        self.assertEqual(self.page_queries(20), self.page_queries(2))

    def test_the_page_runs_a_fixed_number_of_queries(self):
        org = make_org()
        self.make_services(org, 3)
        self.login(self.alice)
        url = reverse("network:organisation_detail", args=[org.pk])
        self.client.get(url)
        with self.assertNumQueries(ORGANISATION_PAGE_QUERIES):
            self.client.get(url)


# session, user, device, permissions ×2, organisation, contacts; services panel: services and
# their topics, sums per activity, referrals; events panel; network panel: memberships,
# attendance, students, action items; roles (menu); the session save (3 with its savepoint)
ORGANISATION_PAGE_QUERIES = 20


class OrganisationPanelsTest(SpoluTestCase):
    def test_the_events_panel_counts_all_events_and_links_to_their_list(self):
        from spolu.events import hooks
        from spolu.events.testing import make_event

        school = make_org("ZŠ Palachova", "school")
        for i in range(3):
            make_event(self.usti, title=f"Beseda {i}").partner_organisations.set([school])
        self.login(self.alice)
        url = reverse("network:organisation_detail", args=[school.pk])
        with patch.object(hooks, "PANEL_ROWS", 2):
            response = self.client.get(url)
        list_url = reverse("events:event_list") + f"?organisation={school.pk}"
        self.assertContains(response, list_url)
        self.assertContains(response, "3")
        panel = hooks.organisation_panel(response.wsgi_request, school)
        assert panel is not None
        self.assertEqual(panel["total"], 3)

    def test_the_services_panel_offers_to_record_support_to_those_who_may(self):
        school = make_org("ZŠ Palachova", "school")
        employer = make_org("Firma s.r.o.", "employer")
        create = reverse("counselling:service_create_for_organisation")
        self.login(self.sam)
        response = self.client.get(reverse("network:organisation_detail", args=[school.pk]))
        self.assertContains(response, f"{create}?organisation={school.pk}&amp;activity=A13")
        self.assertContains(response, f"{create}?organisation={school.pk}&amp;activity=A16")
        response = self.client.get(reverse("network:organisation_detail", args=[employer.pk]))
        self.assertNotContains(response, "activity=A13")
        self.assertContains(response, f"{create}?organisation={employer.pk}&amp;activity=A16")
        self.login(self.audrey)  # reads services, records none
        response = self.client.get(reverse("network:organisation_detail", args=[school.pk]))
        self.assertNotContains(response, create)
