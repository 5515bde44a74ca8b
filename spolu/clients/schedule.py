"""Celery beat schedule of client files (merged into CELERY_BEAT_SCHEDULE in settings.py).

Without a broker (no beat), run `manage.py anonymise_clients` from cron once a night instead.
"""

from __future__ import annotations

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "clients-retention": {
        "task": "spolu.clients.anonymise_due_clients",
        # At night, Europe/Prague (CELERY_TIMEZONE).
        "schedule": crontab(hour=2, minute=15),
    },
}
