"""`manage.py refresh_completions [--today YYYY-MM-DD] [--days N]`: completion of courses whose
last lesson has passed (what the nightly Celery task does, for a server without beat)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from spolu.courses.services import completions_refresh_finished


class Command(BaseCommand):
    help = (
        "Mark as completed the participants of courses whose last lesson passed in the last "
        "few days and whose attendance reaches the course's threshold."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="the day to count from (default: today)",
        )
        parser.add_argument("--days", type=int, default=7, help="how many days to look back")

    def handle(self, *args: Any, **options: Any) -> None:
        count = completions_refresh_finished(today=options["today"], days=options["days"])
        self.stdout.write(f"Refreshed completion in {count} courses.")
