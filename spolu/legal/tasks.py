"""Background jobs of the legal team (found by the Celery app's autodiscover_tasks)."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from spolu.legal.reminders import send_deadline_reminders


@shared_task(
    name="spolu.legal.send_deadline_reminders",
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=60,
    max_retries=5,
)
def send_deadline_reminders_task(days: int | None = None) -> dict[str, int]:
    """E-mail each lawyer their overdue deadlines and those due within `days` days."""
    run = send_deadline_reminders(days=days)
    return {"emails": run.emails, "deadlines": run.deadlines}
