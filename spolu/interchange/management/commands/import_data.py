"""`manage.py import_data KIND FILE [--dry-run] [--office CODE]`: import a CSV or XLSX file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spolu.core.errors import SpoluError
from spolu.core.models import Office
from spolu.interchange.registry import importer_kinds
from spolu.interchange.services import import_file


class Command(BaseCommand):
    help = (
        "Import clients, services (or another registered kind) from a CSV or XLSX file. "
        "The whole file is validated first; nothing is written unless every row is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=importer_kinds(), help="what the file holds")
        parser.add_argument("file", type=Path, help="a .csv (UTF-8, comma) or .xlsx file")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report, write nothing"
        )
        parser.add_argument(
            "--office", metavar="CODE", help="office for rows whose office cell is empty"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": path, "reason": exc.strerror}
            ) from exc
        office = None
        if options["office"]:
            office = Office.objects.filter(code=options["office"]).first()
            if office is None:
                raise CommandError(_("Unknown office “%(code)s”.") % {"code": options["office"]})
        try:
            report = import_file(
                kind=options["kind"],
                data=data,
                filename=path.name,
                actor=None,
                default_office=office,
                write=not options["dry_run"],
            )
        except SpoluError as exc:
            raise CommandError(str(exc.message)) from exc
        for error in report.errors:
            self.stderr.write(str(error))
        summary = _(
            "%(file)s: %(rows)s rows, %(created)s to create, %(updated)s to update, "
            "%(unchanged)s unchanged."
        ) % {
            "file": path.name,
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }
        self.stdout.write(summary)
        if report.errors:
            count = len(report.errors)
            raise CommandError(
                ngettext(
                    "The file has %(count)s error; nothing was written.",
                    "The file has %(count)s errors; nothing was written.",
                    count,
                )
                % {"count": count}
            )
        if report.written:
            self.stdout.write(self.style.SUCCESS(_("Imported.")))
        else:
            self.stdout.write(_("Dry run: nothing was written."))
