"""Celery beat schedule of the legal app, for production (`celery -A spolu worker --beat`).

settings.py merges it into CELERY_BEAT_SCHEDULE:

    from spolu.legal.schedule import BEAT_SCHEDULE as LEGAL_BEAT_SCHEDULE
    CELERY_BEAT_SCHEDULE = {**LEGAL_BEAT_SCHEDULE}

Without a broker (no beat), run `manage.py send_reminders` from cron once a day instead.
"""

from __future__ import annotations

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "legal-deadline-reminders": {
        "task": "spolu.legal.send_deadline_reminders",
        # Every morning before office hours, Europe/Prague (CELERY_TIMEZONE).
        "schedule": crontab(hour=6, minute=30),
    },
}
