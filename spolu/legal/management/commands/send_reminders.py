"""`manage.py send_reminders [--days N]`: e-mail lawyers their legal deadlines (cron job)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from spolu.legal.reminders import reminder_days, send_deadline_reminders


class Command(BaseCommand):
    help = (
        "E-mail every lawyer their overdue legal deadlines and those due within N days "
        "(at most once per deadline per day). Run daily from cron when Celery beat is not used."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"remind deadlines due within this many days (default {reminder_days()})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = send_deadline_reminders(days=options["days"])
        self.stdout.write(f"{run.emails} e-mails, {run.deadlines} deadlines reminded.")
