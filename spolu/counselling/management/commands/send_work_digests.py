"""`manage.py send_work_digests`: the morning e-mail of follow-ups and ending permits (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from spolu.counselling.reminders import send_work_digests


class Command(BaseCommand):
    help = (
        "E-mail each member of staff their follow-ups due today or overdue and the permits of "
        "their clients ending in 60, 30 or 7 days (at most once a day). Run from cron every "
        "working morning when Celery beat is not used."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        run = send_work_digests()
        self.stdout.write(
            _("E-mails sent: %(emails)s (follow-ups: %(follow_ups)s, permits: %(permits)s).")
            % {"emails": run.emails, "follow_ups": run.follow_ups, "permits": run.permits}
        )
