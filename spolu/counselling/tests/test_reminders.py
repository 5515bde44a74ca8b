"""The morning digest: follow-ups due and clients' permits ending, once a day, no client names."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from spolu.celery import app
from spolu.clients.models import ResidenceStatus
from spolu.core.models import Activity
from spolu.counselling.models import WorkDigestSent
from spolu.counselling.reminders import send_work_digests
from spolu.counselling.services import service_create
from spolu.counselling.tasks import send_work_digests_task
from spolu.testing import SpoluTestCase, make_client

TODAY = date(2026, 5, 11)


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", LANGUAGE_CODE="en"
)
class WorkDigestTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for user in (cls.sam, cls.rita):
            user.email = f"{user.username}@cpic.example"
            user.save()
        cls.person = make_client(cls.usti)

    def service(self, staff, day, **fields):
        return service_create(
            actor=staff,
            client=fields.pop("client", self.person),
            office=self.usti,
            activity=Activity.objects.get(code="A04"),
            date=day,
            minutes=30,
            channel="in_person",
            **fields,
        )

    def permit_ending_in(self, days, client=None):
        client = client or self.person
        ResidenceStatus.objects.filter(client=client).update(valid_to=TODAY + timedelta(days=days))
        return client

    def test_a_digest_lists_due_follow_ups_and_permits_ending_at_a_milestone(self):
        overdue = self.service(
            self.sam,
            date(2026, 4, 20),
            follow_up="Call the school",
            follow_up_due=TODAY - timedelta(days=3),
        )
        self.service(
            self.sam, date(2026, 5, 4), follow_up="Later", follow_up_due=TODAY + timedelta(days=1)
        )
        self.permit_ending_in(30)

        run = send_work_digests(today=TODAY)

        self.assertEqual((run.emails, run.follow_ups, run.permits), (1, 1, 1))
        (message,) = mail.outbox
        self.assertEqual(message.to, ["sam@cpic.example"])
        self.assertEqual(message.subject, "Spolu: follow-ups due: 1, permits ending: 1")
        self.assertIn(f"follow-up of service #{overdue.pk}", message.body)
        self.assertIn(f"/services/{overdue.pk}/edit/", message.body)
        self.assertIn(f"(in 30 days): client #{self.person.pk}", message.body)
        self.assertIn(f"/clients/{self.person.pk}/", message.body)
        # E-mail leaves Spolu: no client name, no note or task text.
        for private in ("Shevchenko", "Шевченко", "Call the school"):
            self.assertNotIn(private, message.body)

    def test_permits_are_mentioned_only_at_60_30_and_7_days_and_not_when_renewed(self):
        self.service(self.sam, date(2026, 3, 2))
        for days, mentioned in ((61, 0), (60, 1), (45, 0), (30, 1), (7, 1), (6, 0)):
            with self.subTest(days=days):
                self.permit_ending_in(days)
                self.assertEqual(send_work_digests(today=TODAY).permits, mentioned)
                WorkDigestSent.objects.all().delete()  # as if on another morning
        self.permit_ending_in(7)
        ResidenceStatus.objects.create(
            client=self.person,
            category_id="temporary_protection",
            valid_from=TODAY + timedelta(days=8),
        )
        self.assertEqual(send_work_digests(today=TODAY).permits, 0)

    def test_only_staff_who_served_the_client_in_the_past_year_hear_of_the_permit(self):
        self.service(self.sam, TODAY - timedelta(days=400))
        self.service(self.rita, TODAY - timedelta(days=20))
        self.permit_ending_in(60)
        send_work_digests(today=TODAY)
        self.assertEqual([m.to for m in mail.outbox], [["rita@cpic.example"]])

    def test_once_a_day_nothing_without_news_and_nothing_to_inactive_or_unaddressed_staff(self):
        self.service(self.sam, date(2026, 5, 4), follow_up="Call", follow_up_due=TODAY)
        self.assertEqual(send_work_digests(today=TODAY).emails, 1)
        self.assertEqual(send_work_digests(today=TODAY).emails, 0)
        self.assertEqual(send_work_digests(today=TODAY + timedelta(days=1)).emails, 1)
        self.sam.is_active = False
        self.sam.save()
        self.assertEqual(send_work_digests(today=TODAY + timedelta(days=2)).emails, 0)
        self.service(self.tom, date(2026, 5, 4), follow_up="Call", follow_up_due=TODAY)
        self.assertEqual(send_work_digests(today=TODAY + timedelta(days=3)).emails, 0)

    def test_the_command_the_task_and_the_beat_schedule(self):
        self.service(self.sam, date(2026, 5, 4), follow_up="Call", follow_up_due=date(2026, 5, 5))
        out = StringIO()
        with override_settings(LANGUAGE_CODE="cs"):
            call_command("send_work_digests", stdout=out)
        self.assertIn("Odeslané e-maily: 1 (úkoly: 1, povolení: 0).", out.getvalue())
        self.assertEqual(
            send_work_digests_task.delay().get(), {"emails": 0, "follow_ups": 0, "permits": 0}
        )
        entry = settings.CELERY_BEAT_SCHEDULE["counselling-work-digests"]
        self.assertEqual(app.tasks[entry["task"]].name, send_work_digests_task.name)
