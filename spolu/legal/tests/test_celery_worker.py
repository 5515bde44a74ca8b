"""The reminder task through a real Celery worker on the local Redis.

CI sets SPOLU_TEST_REDIS_URL; without it the default local database 15 is used. A missing Redis
fails this test (it is never skipped): production sends reminders this way.
"""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import redis
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from spolu.celery import app
from spolu.core.models import District, Office, User
from spolu.legal import services
from spolu.legal.models import LegalCase, ReminderSent
from spolu.legal.tasks import send_deadline_reminders_task

REDIS_URL = os.environ.get("SPOLU_TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class ReminderWorkerTest(TransactionTestCase):
    # The worker thread reads committed data, hence a transactional test; the code lists it
    # needs are created here, since transactional tests start from empty tables.

    def setUp(self):
        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
        except redis.RedisError as exc:
            self.fail(f"Redis is not reachable at {REDIS_URL} (SPOLU_TEST_REDIS_URL): {exc}")
        self.saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
        app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
        self.forget_connections()

    def tearDown(self):
        app.conf.update(self.saved)
        self.forget_connections()

    @staticmethod
    def forget_connections():
        # The app caches its result backend and broker pool; drop them so the new URLs apply.
        app._backend_cache = None
        app._local = threading.local()
        app._pool = None
        app.amqp._producer_pool = None

    def test_a_worker_sends_the_reminder_email(self):
        from spolu.clients.models import Client
        from spolu.core.models import Country

        office = Office.objects.create(
            code="w",
            name="W",
            address="x",
            district=District.objects.get_or_create(
                code="CZ0427", defaults={"name_cs": "Ústí", "name_en": "Ústí"}
            )[0],
        )
        country = Country.objects.get_or_create(
            code="UA", defaults={"name_cs": "Ukrajina", "name_en": "Ukraine"}
        )[0]
        lawyer = User.objects.create_user(
            username="worker-lawyer", email="lawyer@cpic.example", password="x-long-password-1"
        )
        client = Client.objects.create(
            office=office,
            first_name="A",
            last_name="B",
            sex="F",
            citizenship=country,
            first_contact_date=timezone.localdate(),
        )
        case = LegalCase.objects.create(
            client=client,
            office=office,
            matter_type="appeal",
            opened_on=timezone.localdate(),
            lawyer=lawyer,
        )
        services.deadline_add(
            case=case, due_date=timezone.localdate() + timedelta(days=1), description="Hearing"
        )

        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            result = send_deadline_reminders_task.delay(days=3)
            self.assertEqual(result.get(timeout=30), {"emails": 1, "deadlines": 1})

        self.assertEqual(ReminderSent.objects.count(), 1)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["lawyer@cpic.example"])
