"""Field observations: written by staff in the field, scoped to offices, edited by their author
(or a coordinator), never overwritten by a stale form, audited."""

from __future__ import annotations

from datetime import timedelta

from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.models import District
from spolu.monitoring import services
from spolu.monitoring.models import Observation
from spolu.testing import SpoluTestCase


def observe(user, office, **fields):
    defaults = {
        "date": timezone.localdate() - timedelta(days=2),
        "topic": "housing",
        "district": District.objects.get(code="CZ0427"),
        "title": "Ubytovny v Předlicích",
        "text": "Nové rodiny z Ukrajiny, rostoucí nájmy.",
    }
    defaults.update(fields)
    return services.observation_create(actor=user, office=office, **defaults)


class ObservationTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.usti_note = observe(cls.filip, cls.usti)
        cls.teplice_note = observe(
            cls.tereza,
            cls.teplice,
            title="Agentury práce v Teplicích",
            district=District.objects.get(code="CZ0426"),
            topic="employment",
        )

    def form(self, **values):
        data = {
            "office": self.usti.pk,
            "date": timezone.localdate().isoformat(),
            "topic": "education",
            "district": "CZ0427",
            "title": "Chybí místa ve školkách",
            "text": "Tři školky odmítly děti cizinců.",
        }
        data.update(values)
        return data

    def test_a_field_worker_records_an_observation(self):
        self.login(self.filip)
        response = self.client.post(reverse("monitoring:observation_create"), self.form())
        self.assertRedirects(response, reverse("monitoring:observations"))
        note = Observation.objects.get(title="Chybí místa ve školkách")
        self.assertEqual(
            (note.author, note.office, note.topic), (self.filip, self.usti, "education")
        )
        self.assertTrue(LogEntry.objects.get_for_object(note).exists())

    def test_a_future_date_and_an_empty_text_are_refused_with_messages(self):
        self.login(self.filip)
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        response = self.client.post(
            reverse("monitoring:observation_create"), self.form(date=tomorrow, text="")
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("date", response.context["form"].errors)
        self.assertIn("text", response.context["form"].errors)
        self.assertFalse(Observation.objects.filter(title="Chybí místa ve školkách").exists())

    def test_a_date_outside_1900_to_2100_is_refused_with_the_shared_message(self):
        self.login(self.filip)
        for day in ("0001-01-01", "1899-12-31"):
            with self.subTest(day=day):
                response = self.client.post(
                    reverse("monitoring:observation_create"), self.form(date=day)
                )
                self.assertEqual(response.status_code, 200)
                self.assertEqual(
                    response.context["form"].errors["date"],
                    ["Zadejte datum mezi 1. 1. 1900 a 31. 12. 2100."],
                )
        self.assertFalse(Observation.objects.filter(title="Chybí místa ve školkách").exists())

    def test_list_filters_with_a_date_outside_1900_to_2100_explain_it(self):
        self.login(self.alice)
        for url, name in (
            (reverse("monitoring:observations"), "date_from"),
            (reverse("monitoring:observations"), "date_to"),
            (reverse("monitoring:statistics"), "date"),
        ):
            with self.subTest(url=url, name=name):
                response = self.client.get(url, {name: "0001-01-01"})
                self.assertEqual(response.status_code, 200)
                self.assertIn(
                    "Zadejte datum mezi 1. 1. 1900 a 31. 12. 2100.",
                    response.context["form"].errors[name],
                )

    def test_an_office_of_someone_else_cannot_be_chosen(self):
        self.login(self.filip)
        response = self.client.post(
            reverse("monitoring:observation_create"), self.form(office=self.teplice.pk)
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("office", response.context["form"].errors)
        with self.assertRaises(SpoluError):
            observe(self.filip, self.teplice)

    def test_staff_see_their_offices_observations_and_not_others(self):
        self.login(self.tereza)
        response = self.client.get(reverse("monitoring:observations"))
        self.assertContains(response, "Agentury práce v Teplicích")
        self.assertNotContains(response, "Ubytovny v Předlicích")

    def test_coordinators_and_auditors_see_every_office(self):
        for user in (self.alice, self.audrey):
            self.login(user)
            response = self.client.get(reverse("monitoring:observations"))
            self.assertContains(response, "Agentury práce v Teplicích")
            self.assertContains(response, "Ubytovny v Předlicích")

    def test_the_list_filters_by_district_and_topic(self):
        self.login(self.alice)
        response = self.client.get(reverse("monitoring:observations"), {"district": "CZ0426"})
        self.assertEqual(list(response.context["page"]), [self.teplice_note])
        response = self.client.get(reverse("monitoring:observations"), {"topic": "housing"})
        self.assertEqual(list(response.context["page"]), [self.usti_note])

    def test_the_author_edits_and_a_colleague_may_not(self):
        url = reverse("monitoring:observation_update", args=[self.usti_note.pk])
        self.login(self.sam)  # same office, not the author
        self.assertEqual(self.client.get(url).status_code, 403)
        self.login(self.filip)
        response = self.client.post(url, self.form(title="Ubytovny – doplněno", version=1))
        self.assertRedirects(response, reverse("monitoring:observations"))
        self.usti_note.refresh_from_db()
        self.assertEqual((self.usti_note.title, self.usti_note.version), ("Ubytovny – doplněno", 2))

    def test_a_coordinator_edits_any_observation(self):
        self.login(self.alice)
        url = reverse("monitoring:observation_update", args=[self.teplice_note.pk])
        response = self.client.post(url, self.form(office=self.teplice.pk, version=1))
        self.assertEqual(response.status_code, 302)

    def test_another_offices_observation_is_not_found(self):
        self.login(self.tereza)
        url = reverse("monitoring:observation_update", args=[self.usti_note.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_stale_edit_is_refused(self):
        services.observation_update(
            actor=self.filip, observation=self.usti_note, expected_version=1, title="První"
        )
        with self.assertRaises(StaleObjectError):
            services.observation_update(
                actor=self.filip, observation=self.usti_note, expected_version=1, title="Druhá"
            )
        self.login(self.filip)
        url = reverse("monitoring:observation_update", args=[self.usti_note.pk])
        response = self.client.post(url, self.form(version=1))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.usti_note.refresh_from_db()
        self.assertEqual(self.usti_note.title, "První")

    def test_roles_without_observations_are_refused(self):
        self.login(self.nora)
        for name in ("monitoring:observations", "monitoring:observation_create"):
            self.assertEqual(self.client.get(reverse(name)).status_code, 403)
        self.login(self.audrey)  # auditors read, never write
        self.assertEqual(self.client.get(reverse("monitoring:observation_create")).status_code, 403)

    def test_field_staff_get_a_dashboard_panel_and_coordinators_the_sidebar(self):
        self.login(self.filip)
        response = self.client.get(reverse("dashboard"))
        keys = [p["panel"].key for p in response.context["panels"]]
        self.assertIn("observations", keys)
        self.assertContains(response, "Ubytovny v Předlicích")
        self.login(self.alice)
        response = self.client.get(reverse("monitoring:dashboard"))
        self.assertContains(response, "Agentury práce v Teplicích")
        self.assertNotIn(
            "observations",
            [p["panel"].key for p in self.client.get(reverse("dashboard")).context["panels"]],
        )
