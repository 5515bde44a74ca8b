from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from spolu.core.models import Activity
from spolu.counselling import services
from spolu.counselling.models import Appointment
from spolu.testing import SpoluTestCase, make_client


class MyWorkTest(SpoluTestCase):
    def test_permits_of_my_clients_expiring_soon_are_listed(self):
        today = timezone.localdate()
        mine = make_client(self.usti)
        status = mine.residence_statuses.get()
        status.valid_to = today + timedelta(days=20)
        status.save()
        services.service_create(
            actor=self.sam,
            client=mine,
            office=self.usti,
            activity=Activity.objects.get(code="A04"),
            date=today - timedelta(days=10),
            minutes=30,
            channel="phone",
        )
        self.login(self.sam)
        response = self.client.get(reverse("dashboard"))
        panel = next(p for p in response.context["panels"] if p["panel"].key == "expiring_permits")
        self.assertEqual(panel["context"]["statuses"], [status])
        self.login(self.rita)  # has not served the client
        response = self.client.get(reverse("dashboard"))
        panel = next(p for p in response.context["panels"] if p["panel"].key == "expiring_permits")
        self.assertEqual(panel["context"]["statuses"], [])

    def test_todays_appointments_are_listed(self):
        person = make_client(self.usti)
        now = timezone.localtime()
        start = now.replace(hour=max(now.hour, 9), minute=0, second=0, microsecond=0)
        Appointment.objects.create(office=self.usti, client=person, staff=self.sam, starts_at=start)
        Appointment.objects.create(
            office=self.usti, client=person, staff=self.sam, starts_at=start + timedelta(days=1)
        )
        self.login(self.sam)
        response = self.client.get(reverse("dashboard"))
        panel = next(p for p in response.context["panels"] if p["panel"].key == "appointments")
        self.assertEqual(len(panel["context"]["appointments"]), 1)


class AppointmentTest(SpoluTestCase):
    def test_a_receptionist_books_an_appointment_for_a_colleague(self):
        person = make_client(self.usti)
        self.login(self.rita)
        starts = (timezone.localdate() + timedelta(days=1)).isoformat() + "T10:00"
        response = self.client.post(
            reverse("counselling:appointment_create"),
            {
                "client": person.pk,
                "starts_at": starts,
                "minutes": "45",
                "staff": self.sam.pk,
                "activity": "A04",
                "interpreter_language": "uk",
                "office": self.usti.pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        appointment = Appointment.objects.get()
        self.assertEqual((appointment.client, appointment.staff), (person, self.sam))

    def test_an_appointment_in_the_past_is_refused(self):
        self.login(self.rita)
        response = self.client.post(
            reverse("counselling:appointment_create"),
            {
                "starts_at": "2020-01-01T10:00",
                "minutes": "45",
                "staff": self.sam.pk,
                "office": self.usti.pk,
                "contact_name": "Pan Li",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Appointment.objects.exists())

    def test_appointments_of_another_office_cannot_be_changed(self):
        appointment = Appointment.objects.create(
            office=self.usti, staff=self.sam, starts_at=timezone.now(), contact_name="X"
        )
        self.login(self.tereza)
        response = self.client.post(
            reverse("counselling:appointment_status", args=[appointment.pk]),
            {"status": "cancelled"},
        )
        self.assertEqual(response.status_code, 404)

    def test_the_list_needs_the_permission(self):
        self.login(self.tom)
        self.assertEqual(self.client.get(reverse("counselling:appointments")).status_code, 403)

    def test_the_list_shows_a_day(self):
        Appointment.objects.create(
            office=self.usti,
            staff=self.sam,
            contact_name="Paní Tran",
            starts_at=timezone.make_aware(timezone.datetime(2025, 2, 3, 9, 30)),
        )
        self.login(self.rita)
        response = self.client.get(reverse("counselling:appointments"), {"day": "2025-02-03"})
        self.assertContains(response, "Paní Tran")
        self.assertEqual(response.context["day"], date(2025, 2, 3))
