from datetime import date, timedelta

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from spolu.clients import services
from spolu.clients.models import ClientRelation, Consent, ConsentPurpose
from spolu.core.models import Activity, ResidenceCategory
from spolu.counselling.services import service_create
from spolu.testing import SpoluTestCase, make_client

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ClientPageTest(SpoluTestCase):
    def setUp(self):
        self.person = make_client(self.usti)

    def add_services(self, count):
        a04 = Activity.objects.get(code="A04")
        for i in range(count):
            service_create(
                actor=self.sam,
                client=self.person,
                office=self.usti,
                activity=a04,
                date=date(2025, 1, 1) + timedelta(days=i),
                minutes=30,
                channel="phone",
            )

    def test_it_shows_both_scripts_and_eligibility_today(self):
        self.login(self.sam)
        response = self.client.get(reverse("clients:detail", args=[self.person.pk]))
        self.assertContains(response, "Шевченко Олександр")
        self.assertContains(response, "Shevchenko Oleksandr")
        self.assertTrue(response.context["eligible_today"])
        self.assertContains(response, "Oprávněný pro AMIF dnes")

    def test_opening_the_file_is_audited(self):
        self.login(self.sam)
        self.client.get(reverse("clients:detail", args=[self.person.pk]), REMOTE_ADDR="10.0.0.7")
        entry = (
            LogEntry.objects.get_for_object(self.person).filter(action=LogEntry.Action.ACCESS).get()
        )
        self.assertEqual(entry.actor, self.sam)
        self.assertEqual(entry.remote_addr, "10.0.0.7")

    def test_it_warns_when_the_permit_expires_within_sixty_days(self):
        today = timezone.localdate()
        status = self.person.residence_statuses.get()
        status.valid_to = today + timedelta(days=30)
        status.save()
        self.login(self.sam)
        response = self.client.get(reverse("clients:detail", args=[self.person.pk]))
        self.assertEqual(response.context["expiring"], status)

    def test_it_does_not_warn_about_a_permit_ending_later(self):
        status = self.person.residence_statuses.get()
        status.valid_to = timezone.localdate() + timedelta(days=90)
        status.save()
        self.login(self.sam)
        response = self.client.get(reverse("clients:detail", args=[self.person.pk]))
        self.assertIsNone(response.context["expiring"])

    def test_a_client_without_case_work_consent_is_flagged(self):
        self.login(self.sam)
        response = self.client.get(reverse("clients:detail", args=[self.person.pk]))
        self.assertContains(response, "Chybí souhlas se zpracováním")
        services.consent_record(
            actor=self.sam,
            client=self.person,
            purpose=ConsentPurpose.CASE_WORK,
            given_on=date(2024, 1, 10),
        )
        response = self.client.get(reverse("clients:detail", args=[self.person.pk]))
        self.assertNotContains(response, "Chybí souhlas se zpracováním")

    def test_an_eu_citizen_is_not_eligible(self):
        eu = make_client(
            self.usti, citizenship="SK", last_name_latin="Novák", residence="residence_permanent"
        )
        self.login(self.sam)
        response = self.client.get(reverse("clients:detail", args=[eu.pk]))
        self.assertFalse(response.context["eligible_today"])

    def test_the_page_needs_a_constant_number_of_queries(self):
        self.login(self.sam)
        url = reverse("clients:detail", args=[self.person.pk])
        self.add_services(2)
        self.client.get(url)  # warm caches (content types, sessions)
        with self.assertNumQueries(self._queries(url)) as ctx:
            self.client.get(url)
        few = len(ctx.captured_queries)
        self.add_services(40)
        with self.assertNumQueries(few):
            response = self.client.get(url)
        panel = response.context["panels"][0]["context"]
        # The latest 25 are listed; the header counts all 42 and links to the rest.
        self.assertEqual(len(panel["rows"]), 25)
        self.assertEqual(panel["rows"][0]["service"].date, date(2025, 2, 9))
        self.assertEqual((panel["count"], panel["hours"]), (42, 21.0))
        self.assertContains(response, f"{reverse('counselling:list')}?client={self.person.pk}")
        self.assertContains(response, "Všech 42 služeb")

    def _queries(self, url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            self.client.get(url)
        return len(ctx.captured_queries)

    def test_another_office_gets_not_found(self):
        self.login(self.tereza)
        self.assertEqual(
            self.client.get(reverse("clients:detail", args=[self.person.pk])).status_code, 404
        )

    def test_roles_without_client_access_are_refused(self):
        # The administrator configures Spolu and browses the audit log, but opens no client file.
        for user in (self.tom, self.nora, self.adam):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(
                    self.client.get(reverse("clients:detail", args=[self.person.pk])).status_code,
                    403,
                )
                self.assertEqual(self.client.get(reverse("clients:list")).status_code, 403)

    def test_the_list_is_scoped_to_the_office(self):
        make_client(
            self.teplice, last_name_latin="Tepličan", first_name="Іван", last_name="Тепліцький"
        )
        self.login(self.tereza)
        response = self.client.get(reverse("clients:list"))
        names = [c.last_name_latin for c in response.context["page"]]
        self.assertEqual(names, ["Tepličan"])
        response = self.client.get(reverse("clients:list"), {"q": "shevchenko"})
        self.assertEqual(response.context["results"], [])

    def test_search_as_you_type_returns_only_the_results(self):
        self.login(self.rita)
        response = self.client.get(
            reverse("clients:list"), {"q": "Шевченко"}, HTTP_HX_REQUEST="true"
        )
        self.assertTemplateUsed(response, "clients/_search_results.html")
        self.assertTemplateNotUsed(response, "base.html")
        self.assertEqual(response.context["results"], [self.person])


class ResidenceTest(SpoluTestCase):
    def setUp(self):
        self.person = make_client(self.usti, residence=None)

    def test_statuses_decide_eligibility_on_a_date(self):
        services.residence_status_add(
            client=self.person,
            category=ResidenceCategory.objects.get(pk="asylum_applicant"),
            valid_from=date(2023, 1, 1),
            valid_to=date(2023, 12, 31),
        )
        services.residence_status_add(
            client=self.person,
            category=ResidenceCategory.objects.get(pk="asylum"),
            valid_from=date(2024, 1, 1),
        )
        self.person.refresh_from_db()
        self.assertFalse(self.person.eligible_on(date(2023, 6, 1)))
        self.assertTrue(self.person.eligible_on(date(2024, 6, 1)))
        self.assertFalse(self.person.eligible_on(date(2022, 6, 1)))

    def test_a_status_is_added_through_the_page(self):
        self.login(self.sam)
        response = self.client.post(
            reverse("clients:residence_add", args=[self.person.pk]),
            {
                "category": "residence_long",
                "valid_from": "2025-01-01",
                "valid_to": "2027-01-01",
                "permit_number": " ZK123 ",
            },
        )
        self.assertRedirects(response, reverse("clients:detail", args=[self.person.pk]))
        status = self.person.residence_statuses.get()
        self.assertEqual(status.permit_number, "ZK123")
        self.person.refresh_from_db()
        self.assertIn("zk123", self.person.search_text)

    def test_valid_to_before_valid_from_is_refused(self):
        self.login(self.sam)
        response = self.client.post(
            reverse("clients:residence_add", args=[self.person.pk]),
            {"category": "residence_long", "valid_from": "2025-01-01", "valid_to": "2024-01-01"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("valid_to", response.context["form"].errors)
        self.assertFalse(self.person.residence_statuses.exists())

    def test_an_unknown_category_is_refused(self):
        self.login(self.sam)
        response = self.client.post(
            reverse("clients:residence_add", args=[self.person.pk]),
            {"category": "martian", "valid_from": "2025-01-01"},
        )
        self.assertIn("category", response.context["form"].errors)

    def test_another_office_cannot_add_a_status(self):
        self.login(self.tereza)
        response = self.client.post(
            reverse("clients:residence_add", args=[self.person.pk]),
            {"category": "asylum", "valid_from": "2025-01-01"},
        )
        self.assertEqual(response.status_code, 404)


class ConsentTest(SpoluTestCase):
    def setUp(self):
        self.person = make_client(self.usti)

    def upload(self, content=PDF, name="souhlas.pdf"):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    def test_a_consent_with_a_scan_is_recorded_and_served_only_to_the_office(self):
        self.login(self.sam)
        response = self.client.post(
            reverse("clients:consent_add", args=[self.person.pk]),
            {"purpose": "case_work", "given_on": "2025-02-01", "evidence": self.upload()},
        )
        self.assertRedirects(response, reverse("clients:detail", args=[self.person.pk]))
        consent = Consent.objects.get()
        url = reverse("clients:consent_evidence", args=[self.person.pk, consent.pk])
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.login(self.tereza)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.tom)
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_a_file_that_is_not_a_document_is_refused(self):
        self.login(self.sam)
        response = self.client.post(
            reverse("clients:consent_add", args=[self.person.pk]),
            {
                "purpose": "case_work",
                "given_on": "2025-02-01",
                "evidence": self.upload(b"MZ\x90\x00 not a pdf", "souhlas.pdf"),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("evidence", response.context["form"].errors)
        self.assertFalse(Consent.objects.exists())

    @override_settings(SPOLU_UPLOAD_MAX_BYTES=1024)
    def test_an_oversized_file_is_refused(self):
        self.login(self.sam)
        response = self.client.post(
            reverse("clients:consent_add", args=[self.person.pk]),
            {
                "purpose": "case_work",
                "given_on": "2025-02-01",
                "evidence": self.upload(PDF + b"0" * 2000),
            },
        )
        self.assertIn("evidence", response.context["form"].errors)
        self.assertFalse(Consent.objects.exists())

    def test_a_consent_is_withdrawn_not_before_it_was_given(self):
        consent = services.consent_record(
            actor=self.sam, client=self.person, purpose="photos", given_on=date(2025, 3, 1)
        )
        self.login(self.sam)
        url = reverse("clients:consent_withdraw", args=[self.person.pk, consent.pk])
        response = self.client.post(url, {"withdrawn_on": "2025-02-01"})
        self.assertEqual(response.status_code, 200)
        consent.refresh_from_db()
        self.assertIsNone(consent.withdrawn_on)
        self.client.post(url, {"withdrawn_on": "2025-04-01"})
        consent.refresh_from_db()
        self.assertEqual(consent.withdrawn_on, date(2025, 4, 1))
        self.assertFalse(consent.valid_on(date(2025, 4, 2)))


class HouseholdTest(SpoluTestCase):
    def setUp(self):
        self.parent = make_client(self.usti)
        self.child = make_client(
            self.usti,
            first_name="Марія",
            first_name_latin="Mariia",
            sex="F",
            birth_date=date(2015, 6, 1),
            first_contact_date=date(2024, 1, 10),
        )

    def test_a_household_link_shows_on_both_files(self):
        self.login(self.sam)
        self.client.post(
            reverse("clients:relation_add", args=[self.parent.pk]),
            {"relative": self.child.pk, "kind": "child"},
        )
        self.assertTrue(
            ClientRelation.objects.filter(client=self.parent, relative=self.child).exists()
        )
        response = self.client.get(reverse("clients:detail", args=[self.child.pk]))
        kinds = [row["kind"] for row in response.context["household"]]
        self.assertEqual([str(k) for k in kinds], ["rodič"])

    def test_whoever_records_a_link_can_remove_one_recorded_by_mistake(self):
        relation = services.relation_add(client=self.parent, relative=self.child, kind="child")
        self.login(self.rita)
        page = self.client.get(reverse("clients:detail", args=[self.parent.pk]))
        url = reverse("clients:relation_remove", args=[self.parent.pk, relation.pk])
        self.assertContains(page, url)
        response = self.client.post(url)
        self.assertRedirects(response, reverse("clients:detail", args=[self.parent.pk]))
        self.assertFalse(ClientRelation.objects.exists())

    def test_a_client_cannot_be_linked_to_themselves_or_twice(self):
        self.login(self.sam)
        response = self.client.post(
            reverse("clients:relation_add", args=[self.parent.pk]),
            {"relative": self.parent.pk, "kind": "child"},
        )
        self.assertEqual(response.status_code, 200)
        self.client.post(
            reverse("clients:relation_add", args=[self.parent.pk]),
            {"relative": self.child.pk, "kind": "child"},
        )
        response = self.client.post(
            reverse("clients:relation_add", args=[self.child.pk]),
            {"relative": self.parent.pk, "kind": "parent"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(ClientRelation.objects.count(), 1)

    def test_a_relative_from_another_office_is_not_found(self):
        other = make_client(self.teplice)
        self.login(self.sam)
        response = self.client.post(
            reverse("clients:relation_add", args=[self.parent.pk]),
            {"relative": other.pk, "kind": "spouse"},
        )
        self.assertEqual(response.status_code, 404)

    def test_a_guardian_is_set_for_a_minor(self):
        self.login(self.sam)
        response = self.client.post(
            reverse("clients:guardian_set", args=[self.child.pk]),
            {"guardian": self.parent.pk, "version": self.child.version},
        )
        self.assertEqual(response.status_code, 302)
        self.child.refresh_from_db()
        self.assertEqual(self.child.guardian, self.parent)
