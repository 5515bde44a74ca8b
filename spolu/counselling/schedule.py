"""Celery beat schedule of counselling, merged into CELERY_BEAT_SCHEDULE in settings.py.

Without a broker (no beat), run `manage.py send_work_digests` from cron every working morning.
"""

from __future__ import annotations

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "counselling-work-digests": {
        "task": "spolu.counselling.send_work_digests",
        # Working mornings before office hours, Europe/Prague (CELERY_TIMEZONE).
        "schedule": crontab(hour=6, minute=45, day_of_week="mon-fri"),
    },
}
