"""Celery application: background work (reminders, large imports and exports, retention).

With CELERY_BROKER_URL unset, tasks run inline in the calling process (CELERY_TASK_ALWAYS_EAGER).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spolu.settings")

app = Celery("spolu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
