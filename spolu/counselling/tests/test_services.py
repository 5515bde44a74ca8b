from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from spolu.core.models import Activity
from spolu.counselling import services
from spolu.counselling.models import ServiceRecord
from spolu.network.models import Organisation
from spolu.testing import SpoluTestCase, make_client


def service_data(**overrides):
    data = {
        "activity": "A04",
        "date": "2025-06-02",
        "minutes": "45",
        "channel": "in_person",
        "topics": ["residence", "housing"],
        "office": "",
        "note": "Prodloužení dočasné ochrany.",
        "interpreter_language": "uk",
        "follow_up": "Zavolat na OAMP",
        "follow_up_due": "2025-06-10",
    }
    data.update(overrides)
    return data


class RecordServiceTest(SpoluTestCase):
    def setUp(self):
        self.person = make_client(self.usti)
        self.url = reverse("counselling:service_create_for_client", args=[self.person.pk])

    def test_a_social_worker_records_a_consultation_in_one_form(self):
        self.login(self.sam)
        response = self.client.post(self.url, service_data(office=self.usti.pk))
        self.assertRedirects(response, reverse("clients:detail", args=[self.person.pk]))
        service = ServiceRecord.objects.get()
        self.assertEqual(service.staff, self.sam)
        self.assertEqual(service.client, self.person)
        self.assertEqual(
            sorted(service.topics.values_list("code", flat=True)), ["housing", "residence"]
        )
        self.assertEqual(service.interpreter_language_id, "uk")
        self.assertTrue(service.counts_as_eligible())

    def test_the_form_shows_eligibility_on_the_chosen_date(self):
        self.login(self.sam)
        response = self.client.get(
            reverse("counselling:eligibility", args=[self.person.pk]), {"date": "2021-01-01"}
        )
        self.assertFalse(response.context["eligibility"]["eligible"])
        response = self.client.get(
            reverse("counselling:eligibility", args=[self.person.pk]), {"date": "2025-01-01"}
        )
        self.assertTrue(response.context["eligibility"]["eligible"])

    def test_a_service_to_an_ineligible_client_is_kept_and_flagged(self):
        eu = make_client(
            self.usti, citizenship="DE", residence="residence_permanent", last_name_latin="Müller"
        )
        self.login(self.sam)
        response = self.client.post(
            reverse("counselling:service_create_for_client", args=[eu.pk]),
            service_data(office=self.usti.pk),
            follow=True,
        )
        service = ServiceRecord.objects.get(client=eu)
        self.assertFalse(service.counts_as_eligible())
        self.assertContains(response, "reportována zvlášť")

    def test_bad_input_is_refused_with_reasons(self):
        self.login(self.sam)
        future = (timezone.localdate() + timedelta(days=1)).isoformat()
        cases = {
            "date": service_data(office=self.usti.pk, date=future),
            "minutes": service_data(office=self.usti.pk, minutes="-5"),
            "follow_up_due": service_data(office=self.usti.pk, follow_up_due="2025-05-01"),
            "activity": service_data(office=self.usti.pk, activity="A99"),
            "topics": service_data(office=self.usti.pk, topics=["no-such-topic"]),
        }
        for field, data in cases.items():
            with self.subTest(field=field):
                response = self.client.post(self.url, data)
                self.assertEqual(response.status_code, 200)
                self.assertIn(field, response.context["form"].errors)
        too_long = service_data(office=self.usti.pk, minutes="2000")
        self.assertEqual(self.client.post(self.url, too_long).status_code, 200)
        self.assertFalse(ServiceRecord.objects.exists())

    def test_a_service_before_the_client_was_born_is_refused(self):
        self.login(self.sam)
        response = self.client.post(
            self.url, service_data(office=self.usti.pk, date="1980-01-01", follow_up_due="")
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("date", response.context["form"].errors)
        self.assertFalse(ServiceRecord.objects.exists())

    def test_another_office_cannot_record_a_service_for_the_client(self):
        self.login(self.tereza)
        response = self.client.post(self.url, service_data(office=self.teplice.pk))
        self.assertEqual(response.status_code, 404)
        self.assertFalse(ServiceRecord.objects.exists())

    def test_roles_without_the_permission_are_refused(self):
        for user in (self.tom, self.audrey, self.nora):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.url).status_code, 403)


class ConfidentialNotesTest(SpoluTestCase):
    def setUp(self):
        self.person = make_client(self.usti)
        self.legal = services.service_create(
            actor=self.lara,
            client=self.person,
            office=self.usti,
            activity=Activity.objects.get(code="A05"),
            date=date(2025, 3, 3),
            minutes=60,
            channel="in_person",
            note="Odvolání proti rozhodnutí – tajné.",
        )

    def test_legal_notes_are_confidential_by_definition(self):
        self.assertTrue(self.legal.note_confidential)

    def test_only_the_legal_team_and_the_author_read_legal_notes(self):
        url = reverse("clients:detail", args=[self.person.pk])
        self.login(self.lara)
        self.assertContains(self.client.get(url), "Odvolání proti rozhodnutí")
        for user in (self.sam, self.alice, self.rita, self.audrey):
            self.login(user)
            with self.subTest(user=user.username):
                response = self.client.get(url)
                self.assertNotContains(response, "Odvolání proti rozhodnutí")

    def test_the_edit_form_does_not_show_the_note_to_others(self):
        self.login(self.sam)
        response = self.client.get(reverse("counselling:service_edit", args=[self.legal.pk]))
        self.assertNotContains(response, "Odvolání proti rozhodnutí")


class AnonymousContactTest(SpoluTestCase):
    def test_a_receptionist_records_a_headcount_in_seconds(self):
        self.login(self.rita)
        response = self.client.post(
            reverse("counselling:anonymous_create"),
            {
                "activity": "A03",
                "anonymous_count": "3",
                "anonymous_citizenship": "VN",
                "anonymous_sex": "",
                "topics": ["residence"],
                "channel": "in_person",
                "date": timezone.localdate().isoformat(),
                "minutes": "10",
                "office": self.usti.pk,
                "next": "/",
            },
        )
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        service = ServiceRecord.objects.get()
        self.assertEqual((service.anonymous_count, service.anonymous_citizenship_id), (3, "VN"))
        self.assertIsNone(service.client)

    def test_a_headcount_of_zero_is_refused(self):
        self.login(self.rita)
        response = self.client.post(
            reverse("counselling:anonymous_create"),
            {
                "activity": "A03",
                "anonymous_count": "0",
                "channel": "in_person",
                "date": timezone.localdate().isoformat(),
                "minutes": "10",
                "office": self.usti.pk,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ServiceRecord.objects.exists())

    def test_an_external_next_url_is_not_followed(self):
        self.login(self.rita)
        response = self.client.post(
            reverse("counselling:anonymous_create"),
            {
                "activity": "A03",
                "anonymous_count": "1",
                "channel": "in_person",
                "date": timezone.localdate().isoformat(),
                "minutes": "10",
                "office": self.usti.pk,
                "next": "https://evil.example/",
            },
        )
        self.assertEqual(response["Location"], reverse("counselling:anonymous_create"))

    def anonymous(self, count):
        return services.service_create(
            actor=self.rita,
            office=self.usti,
            activity=Activity.objects.get(code="A03"),
            date=date(2025, 5, 5),
            minutes=20,
            channel="in_person",
            anonymous_count=count,
        )

    def test_a_single_anonymous_contact_becomes_the_clients_service(self):
        contact = self.anonymous(1)
        person = make_client(self.usti)
        self.login(self.rita)
        response = self.client.post(
            reverse("counselling:anonymous_upgrade", args=[contact.pk]), {"client": person.pk}
        )
        self.assertRedirects(response, reverse("clients:detail", args=[person.pk]))
        contact.refresh_from_db()
        self.assertEqual(
            (contact.client, contact.anonymous_count, contact.minutes), (person, 0, 20)
        )

    def test_one_person_is_taken_out_of_a_headcount(self):
        contact = self.anonymous(3)
        person = make_client(self.usti)
        services.anonymous_upgrade(actor=self.rita, service=contact, client=person)
        contact.refresh_from_db()
        self.assertEqual(contact.anonymous_count, 2)
        own = ServiceRecord.objects.get(client=person)
        self.assertEqual((own.date, own.activity_id, own.minutes), (date(2025, 5, 5), "A03", 0))

    def test_upgrading_to_another_offices_client_is_not_found(self):
        contact = self.anonymous(1)
        other = make_client(self.teplice)
        self.login(self.rita)
        response = self.client.post(
            reverse("counselling:anonymous_upgrade", args=[contact.pk]), {"client": other.pk}
        )
        self.assertEqual(response.status_code, 404)
        contact.refresh_from_db()
        self.assertEqual(contact.anonymous_count, 1)


class OrganisationServiceTest(SpoluTestCase):
    def test_school_counselling_is_recorded_against_the_school(self):
        school = Organisation.objects.create(name="ZŠ Vojnovičova", kind="school")
        self.login(self.sam)
        response = self.client.post(
            reverse("counselling:service_create_for_organisation"),
            {
                "organisation": school.pk,
                "activity": "A13",
                "date": "2025-09-15",
                "minutes": "90",
                "channel": "in_person",
                "office": self.usti.pk,
                "note": "Adaptace žáků z Ukrajiny.",
            },
        )
        self.assertEqual(response.status_code, 302)
        service = ServiceRecord.objects.get()
        self.assertEqual((service.organisation, service.activity_id), (school, "A13"))

    def test_the_organisation_page_prefills_the_organisation_and_the_activity(self):
        school = Organisation.objects.create(name="ZŠ Vojnovičova", kind="school")
        self.login(self.sam)
        url = reverse("counselling:service_create_for_organisation")
        form = self.client.get(url, {"organisation": school.pk, "activity": "A13"}).context["form"]
        self.assertEqual(
            (form.initial["organisation"], form.initial["activity"]), (school.pk, "A13")
        )
        # Anything else in the address is ignored, never an error.
        form = self.client.get(url, {"organisation": "²", "activity": "A04"}).context["form"]
        self.assertNotIn("organisation", form.initial)
        self.assertNotEqual(form.initial.get("activity"), "A04")

    def test_an_individual_activity_is_not_offered_for_an_organisation(self):
        school = Organisation.objects.create(name="ZŠ", kind="school")
        self.login(self.sam)
        response = self.client.post(
            reverse("counselling:service_create_for_organisation"),
            {
                "organisation": school.pk,
                "activity": "A04",
                "date": "2025-09-15",
                "minutes": "90",
                "channel": "in_person",
                "office": self.usti.pk,
            },
        )
        self.assertIn("activity", response.context["form"].errors)


class EditServiceTest(SpoluTestCase):
    def setUp(self):
        self.person = make_client(self.usti)
        self.service = services.service_create(
            actor=self.sam,
            client=self.person,
            office=self.usti,
            activity=Activity.objects.get(code="A04"),
            date=date(2025, 3, 3),
            minutes=60,
            channel="in_person",
        )

    def test_a_stale_edit_is_refused(self):
        self.login(self.sam)
        url = reverse("counselling:service_edit", args=[self.service.pk])
        data = service_data(office=self.usti.pk, date="2025-03-03", version="1", follow_up_due="")
        self.client.post(url, {**data, "minutes": "50"})
        response = self.client.post(url, {**data, "minutes": "70"})
        self.assertEqual(response.status_code, 200)
        self.service.refresh_from_db()
        self.assertEqual(self.service.minutes, 50)

    def test_another_office_cannot_edit(self):
        self.login(self.tereza)
        url = reverse("counselling:service_edit", args=[self.service.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_follow_up_is_marked_done_from_the_dashboard(self):
        self.service.follow_up = "Poslat formulář"
        self.service.follow_up_due = timezone.localdate()
        self.service.save()
        self.login(self.sam)
        response = self.client.get(reverse("dashboard"))
        self.assertContains(response, "Poslat formulář")
        self.client.post(reverse("counselling:follow_up_done", args=[self.service.pk]))
        self.service.refresh_from_db()
        self.assertIsNotNone(self.service.follow_up_done_at)
        self.assertNotContains(self.client.get(reverse("dashboard")), "Poslat formulář")


class ServiceListTest(SpoluTestCase):
    def test_the_list_is_scoped_and_filtered(self):
        a04 = Activity.objects.get(code="A04")
        here = make_client(self.usti)
        there = make_client(self.teplice)
        services.service_create(
            actor=self.sam,
            client=here,
            office=self.usti,
            activity=a04,
            date=date(2025, 1, 5),
            minutes=30,
            channel="phone",
        )
        services.service_create(
            actor=self.tereza,
            client=there,
            office=self.teplice,
            activity=a04,
            date=date(2025, 1, 6),
            minutes=30,
            channel="phone",
        )
        self.login(self.tereza)
        response = self.client.get(reverse("counselling:list"))
        self.assertEqual([s.client for s in response.context["page"]], [there])
        self.login(self.alice)
        response = self.client.get(reverse("counselling:list"), {"from": "2025-01-06"})
        self.assertEqual([s.client for s in response.context["page"]], [there])
        response = self.client.get(reverse("counselling:list"), {"client": here.pk})
        self.assertEqual([s.client for s in response.context["page"]], [here])
        self.assertContains(response, "Služby jednoho klienta")
        # Another office's client: their services stay out of reach.
        self.login(self.tereza)
        response = self.client.get(reverse("counselling:list"), {"client": here.pk})
        self.assertEqual(list(response.context["page"]), [])

    def test_the_list_is_refused_without_permission(self):
        self.login(self.tom)
        self.assertEqual(self.client.get(reverse("counselling:list")).status_code, 403)
