"""Background jobs of courses (found by the Celery app's autodiscover_tasks)."""

from __future__ import annotations

from celery import shared_task

from spolu.courses.services import completions_refresh_finished


@shared_task(name="spolu.courses.refresh_completions")
def refresh_completions_task() -> dict[str, int]:
    """Completion of the courses whose last lesson has just passed (see the service)."""
    return {"courses": completions_refresh_finished()}
