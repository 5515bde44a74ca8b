"""Background jobs of counselling (found by the Celery app's autodiscover_tasks)."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from spolu.counselling.reminders import send_work_digests


@shared_task(
    name="spolu.counselling.send_work_digests",
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=60,
    max_retries=5,
)
def send_work_digests_task() -> dict[str, int]:
    """E-mail each member of staff their follow-ups due and their clients' permits ending."""
    run = send_work_digests()
    return {"emails": run.emails, "follow_ups": run.follow_ups, "permits": run.permits}
