"""Celery beat schedule of courses (to be merged into CELERY_BEAT_SCHEDULE in settings.py).

(`schedule.py` of this app is the lessons' weekly schedule, hence this module's name.)
Without a broker (no beat), run `manage.py refresh_completions` from cron once a night instead.
"""

from __future__ import annotations

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "courses-completions": {
        "task": "spolu.courses.refresh_completions",
        # Just after midnight, Europe/Prague (CELERY_TIMEZONE): yesterday's last lessons count.
        "schedule": crontab(hour=0, minute=30),
    },
}
