"""Background jobs of client files (found by the Celery app's autodiscover_tasks)."""

from __future__ import annotations

from celery import shared_task

from spolu.clients.retention import anonymise_due


@shared_task(name="spolu.clients.anonymise_due_clients")
def anonymise_due_clients_task() -> dict[str, int]:
    """Anonymise every client with nothing recorded for the retention period."""
    return {"anonymised": len(anonymise_due())}
