"""Field work (A02): recording a visit on a phone, who sees which visits, and the visit's page
with its anonymous contacts and services to clients."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from spolu.core.errors import StaleObjectError
from spolu.core.models import Activity
from spolu.counselling.models import FieldVisit, ServiceRecord
from spolu.events import services
from spolu.events.testing import make_visit
from spolu.testing import SpoluTestCase, make_client

TODAY = timezone.localdate()


class RecordingAVisitTest(SpoluTestCase):
    def form(self, **overrides):
        data = {
            "place": "Předlice, Havlíčkova ulice",
            "date": TODAY.isoformat(),
            "hours": "2,5",
            "district": "CZ0427",
            "office": self.usti.pk,
            "staff": [self.filip.pk],
            "purpose": "Informace o dočasné ochraně",
            "note": "",
        }
        data.update(overrides)
        return data

    def test_a_field_worker_records_a_visit_in_hours(self):
        self.login(self.filip)
        response = self.client.post(reverse("events:field_visit_create"), self.form())
        visit = FieldVisit.objects.get()
        self.assertRedirects(response, reverse("events:field_visit_detail", args=[visit.pk]))
        self.assertEqual(visit.minutes, 150)
        self.assertEqual(visit.created_by, self.filip)
        self.assertEqual(list(visit.staff.all()), [self.filip])

    def test_the_form_is_prefilled_for_a_phone(self):
        self.login(self.filip)
        response = self.client.get(reverse("events:field_visit_create"))
        self.assertContains(response, 'inputmode="decimal"')
        self.assertEqual(response.context["form"]["date"].value(), TODAY)

    def test_a_new_visit_starts_where_the_worker_went_last(self):
        make_visit(self.teplice, [self.filip], district=self.teplice.district)
        self.filip.offices.add(self.teplice)
        self.login(self.filip)
        form = self.client.get(reverse("events:field_visit_create")).context["form"]
        self.assertEqual(form["office"].value(), self.teplice.pk)
        self.assertEqual(form["district"].value(), "CZ0426")

    def test_a_future_date_is_refused(self):
        self.login(self.filip)
        tomorrow = (TODAY + timedelta(days=1)).isoformat()
        response = self.client.post(reverse("events:field_visit_create"), self.form(date=tomorrow))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(FieldVisit.objects.exists())

    def test_a_date_in_year_one_is_refused(self):
        self.login(self.filip)
        response = self.client.post(
            reverse("events:field_visit_create"), self.form(date="0001-01-01")
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("date", response.context["form"].errors)
        self.assertFalse(FieldVisit.objects.exists())

    def test_more_than_a_day_and_nobody_on_the_visit_are_refused(self):
        self.login(self.filip)
        self.client.post(reverse("events:field_visit_create"), self.form(hours="25"))
        self.client.post(reverse("events:field_visit_create"), self.form(staff=[]))
        self.assertFalse(FieldVisit.objects.exists())

    def test_roles_without_field_work_cannot_record(self):
        for user in (self.rita, self.tom, self.audrey, self.nora):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(
                    self.client.get(reverse("events:field_visit_create")).status_code, 403
                )


class VisitScopeTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.filips = make_visit(cls.usti, [cls.filip], place="Ubytovna Předlice")
        cls.colleagues = make_visit(cls.usti, [cls.sam], place="Komunitní centrum Krásné Březno")
        cls.teplice_visit = make_visit(cls.teplice, [cls.tereza], place="Teplice, Trnovany")

    def test_a_field_worker_sees_the_visits_they_went_on(self):
        self.login(self.filip)
        response = self.client.get(reverse("events:field_visit_list"))
        self.assertContains(response, "Ubytovna Předlice")
        self.assertNotContains(response, "Krásné Březno")
        url = reverse("events:field_visit_detail", args=[self.colleagues.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_social_worker_sees_the_visits_of_their_office(self):
        self.login(self.sam)
        response = self.client.get(reverse("events:field_visit_list"))
        self.assertContains(response, "Ubytovna Předlice")
        self.assertContains(response, "Krásné Březno")
        self.assertNotContains(response, "Trnovany")

    def test_another_offices_visit_is_not_found(self):
        self.login(self.tereza)
        for name in ("events:field_visit_detail", "events:field_visit_update"):
            url = reverse(name, args=[self.filips.pk])
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_auditor_reads_every_visit_but_not_notes(self):
        FieldVisit.objects.filter(pk=self.filips.pk).update(note="Tajná poznámka")
        self.login(self.audrey)
        response = self.client.get(reverse("events:field_visit_detail", args=[self.filips.pk]))
        self.assertContains(response, "Ubytovna Předlice")
        self.assertNotContains(response, "Tajná poznámka")
        self.login(self.filip)
        response = self.client.get(reverse("events:field_visit_detail", args=[self.filips.pk]))
        self.assertContains(response, "Tajná poznámka")

    def test_roles_without_field_visits_get_403(self):
        for user in (self.rita, self.tom, self.nora):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(
                    self.client.get(reverse("events:field_visit_list")).status_code, 403
                )

    def test_only_someone_who_went_or_a_coordinator_edits_a_visit(self):
        self.login(self.sam)  # sees the visit (same office) but did not go
        url = reverse("events:field_visit_update", args=[self.filips.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.filip)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.login(self.alice)
        self.assertEqual(self.client.get(url).status_code, 200)


class VisitEditTest(SpoluTestCase):
    def test_an_edit_saves_and_a_stale_edit_is_refused(self):
        visit = make_visit(self.usti, [self.filip])
        fingerprint = services.field_visit_fingerprint(visit)
        services.field_visit_update(
            actor=None, visit=visit, fingerprint=fingerprint, purpose="Nové"
        )
        with self.assertRaises(StaleObjectError):
            services.field_visit_update(actor=None, visit=visit, fingerprint=fingerprint, place="X")
        visit.refresh_from_db()
        self.assertEqual((visit.purpose, visit.place), ("Nové", "Ubytovna Krásné Březno"))

    def test_the_edit_form_carries_the_fingerprint(self):
        visit = make_visit(self.usti, [self.filip])
        self.login(self.filip)
        url = reverse("events:field_visit_update", args=[visit.pk])
        response = self.client.get(url)
        fingerprint = response.context["form"]["fingerprint"].value()
        response = self.client.post(
            url,
            {
                "place": "Nové místo",
                "date": visit.date.isoformat(),
                "hours": "1",
                "district": "CZ0427",
                "office": self.usti.pk,
                "staff": [self.filip.pk],
                "purpose": "",
                "note": "",
                "fingerprint": fingerprint,
            },
        )
        self.assertRedirects(response, reverse("events:field_visit_detail", args=[visit.pk]))
        visit.refresh_from_db()
        self.assertEqual((visit.place, visit.minutes), ("Nové místo", 60))


class VisitPageTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.visit = make_visit(cls.usti, [cls.filip])
        a02 = Activity.objects.get(code="A02")
        cls.client_record = make_client(cls.usti, first_name_latin="Oleksandr")
        for count in (3, 2):
            ServiceRecord.objects.create(
                office=cls.usti,
                activity=a02,
                date=cls.visit.date,
                channel="field",
                anonymous_count=count,
                staff=cls.filip,
                field_visit=cls.visit,
            )
        ServiceRecord.objects.create(
            office=cls.usti,
            activity=a02,
            date=cls.visit.date,
            channel="field",
            minutes=20,
            client=cls.client_record,
            staff=cls.filip,
            field_visit=cls.visit,
        )

    def test_the_page_shows_anonymous_headcounts_and_services(self):
        self.login(self.filip)
        response = self.client.get(reverse("events:field_visit_detail", args=[self.visit.pk]))
        services_ = response.context["services"]
        self.assertEqual(services_.anonymous_total, 5)
        self.assertEqual(len(services_.client_services), 1)
        self.assertContains(response, "Shevchenko Oleksandr")

    def test_the_page_links_to_the_counselling_forms_with_the_visit(self):
        self.login(self.filip)
        url = reverse("events:field_visit_detail", args=[self.visit.pk])
        response = self.client.get(url)
        anonymous = reverse("counselling:anonymous_create") + f"?field_visit={self.visit.pk}"
        self.assertContains(response, anonymous)
        response = self.client.get(url, {"q": "shevchenko"})
        service = reverse("counselling:service_create_for_client", args=[self.client_record.pk])
        self.assertContains(response, f"{service}?field_visit={self.visit.pk}")

    def test_the_client_search_answers_htmx(self):
        self.login(self.filip)
        url = reverse("events:field_visit_client_search", args=[self.visit.pk])
        response = self.client.get(url, {"q": "olek"}, HTTP_HX_REQUEST="true")
        self.assertContains(response, "Shevchenko Oleksandr")
        self.assertNotContains(response, "<html")

    def test_the_page_reads_in_a_fixed_number_of_queries(self):
        self.login(self.filip)
        url = reverse("events:field_visit_detail", args=[self.visit.pk])
        self.client.get(url)
        with self.assertNumQueries(FIELD_VISIT_PAGE_QUERIES):
            self.client.get(url)


# session, user, device, permissions ×2, offices, visit, staff, services, roles (menu), and the
# session save with its savepoint
FIELD_VISIT_PAGE_QUERIES = 13
