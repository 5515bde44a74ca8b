"""`manage.py anonymise_clients [--dry-run] [--today YYYY-MM-DD]`: apply the retention period."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from spolu.clients.retention import anonymise_due, cutoff, retention_years


class Command(BaseCommand):
    help = (
        "Anonymise every client with nothing recorded for SPOLU_RETENTION_YEARS years "
        "(DESIGN.md §6). Names, contacts and free-text notes go; the records and every "
        "number the reports count stay."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="list who is due, change nothing"
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="count the period back from this day (default: today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        years = retention_years()
        due = anonymise_due(today=today, dry_run=options["dry_run"])
        verb = "due for anonymisation" if options["dry_run"] else "anonymised"
        self.stdout.write(
            f"{len(due)} client(s) {verb}: nothing recorded since {cutoff(today, years)} "
            f"({years} years)."
        )
        if options["verbosity"] > 1:
            for pk in due:
                self.stdout.write(f"  #{pk}")
