from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from spolu.core import roles
from spolu.legal import services
from spolu.legal.models import LegalCase, ReminderSent
from spolu.legal.reminders import send_deadline_reminders
from spolu.legal.tasks import send_deadline_reminders_task
from spolu.legal.testing import make_case
from spolu.testing import SpoluTestCase, make_client, make_user

TODAY = date(2026, 5, 11)


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", LANGUAGE_CODE="en"
)
class DeadlineRemindersTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.lara.email = "lara@cpic.example"
        cls.lara.save()
        cls.petr = make_user("petr", roles.LAWYER, [cls.teplice], email="petr@cpic.example")
        client = make_client(cls.usti)
        cls.case = make_case(
            client, cls.lara, reference_number="OAM-777/2026", opened_on=date(2026, 1, 5)
        )
        cls.petr_case = make_case(make_client(cls.teplice), cls.petr, opened_on=date(2026, 1, 5))

    def deadline(self, days, case=None, description="Deadline"):
        return services.deadline_add(
            case=case or self.case, due_date=TODAY + timedelta(days=days), description=description
        )

    def test_a_lawyer_gets_one_email_with_overdue_and_coming_deadlines(self):
        self.deadline(-2, description="Overdue appeal")
        self.deadline(3, description="Submit documents")
        self.deadline(4, description="Too far")
        self.deadline(1, case=self.petr_case, description="Petr's hearing")
        run = send_deadline_reminders(today=TODAY, days=3)
        self.assertEqual((run.emails, run.deadlines), (2, 3))
        lara_mail = next(m for m in mail.outbox if m.to == ["lara@cpic.example"])
        self.assertIn("1 overdue, 1 coming", lara_mail.subject)
        self.assertIn("Overdue appeal", lara_mail.body)
        self.assertIn("Submit documents", lara_mail.body)
        self.assertNotIn("Too far", lara_mail.body)
        self.assertNotIn("Petr's hearing", lara_mail.body)
        self.assertIn("OAM-777/2026", lara_mail.body)
        self.assertIn(f"/legal/{self.case.pk}/", lara_mail.body)
        self.assertNotIn("Shevchenko", lara_mail.body)  # no client names in e-mail

    def test_each_deadline_is_reminded_once_a_day(self):
        self.deadline(-1)
        send_deadline_reminders(today=TODAY, days=3)
        run = send_deadline_reminders(today=TODAY, days=3)
        self.assertEqual(run.emails, 0)
        self.assertEqual(len(mail.outbox), 1)
        send_deadline_reminders(today=TODAY + timedelta(days=1), days=3)
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(ReminderSent.objects.count(), 2)

    def test_done_deadlines_closed_cases_and_lawyers_without_email_are_skipped(self):
        done = self.deadline(0)
        services.deadline_toggle(deadline=done, actor=self.lara)
        self.deadline(1, case=self.petr_case)
        LegalCase.objects.filter(pk=self.petr_case.pk).update(status="closed", closed_on=TODAY)
        run = send_deadline_reminders(today=TODAY, days=3)
        self.assertEqual(run.emails, 0)
        self.deadline(2)
        type(self.lara).objects.filter(pk=self.lara.pk).update(email="")
        self.assertEqual(send_deadline_reminders(today=TODAY, days=3).emails, 0)

    def test_a_failed_send_is_not_remembered_so_it_is_retried(self):
        self.deadline(1)
        with (
            mock.patch("spolu.legal.reminders.send_mail", side_effect=ConnectionError("smtp down")),
            self.assertRaises(ConnectionError),
        ):
            send_deadline_reminders(today=TODAY, days=3)
        self.assertFalse(ReminderSent.objects.exists())
        self.assertEqual(send_deadline_reminders(today=TODAY, days=3).emails, 1)

    @override_settings(SPOLU_LEGAL_REMINDER_DAYS=10)
    def test_the_number_of_days_comes_from_the_settings_by_default(self):
        self.deadline(9)
        self.assertEqual(send_deadline_reminders(today=TODAY).emails, 1)

    def test_the_task_and_the_command_run_the_same_job(self):
        from django.utils import timezone

        services.deadline_add(case=self.case, due_date=timezone.localdate(), description="Today")
        result = send_deadline_reminders_task.delay()  # inline: no broker in tests
        self.assertEqual(result.get(), {"emails": 1, "deadlines": 1})
        services.deadline_add(
            case=self.petr_case, due_date=timezone.localdate(), description="Today too"
        )
        out = StringIO()
        call_command("send_reminders", "--days", "0", stdout=out)
        self.assertIn("1 e-mails, 1 deadlines", out.getvalue())
        self.assertEqual(len(mail.outbox), 2)

    def test_the_beat_schedule_names_the_registered_task(self):
        from spolu.celery import app
        from spolu.legal.schedule import BEAT_SCHEDULE

        for entry in BEAT_SCHEDULE.values():
            self.assertIn(entry["task"], app.tasks)
