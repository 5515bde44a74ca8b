"""`manage.py export_data KIND --user USERNAME [--format csv|xlsx] [filters] [-o FILE]`.

The export is what that user could download from the web page: the same office scope and the
same rules for notes, and it is recorded (audited) as that user's export.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from spolu.core.models import Activity, Office, User
from spolu.interchange.exports import EXPORTS, ExportFilters, csv_lines, xlsx_file
from spolu.interchange.services import transfer_log_export


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": value}
        ) from exc


class Command(BaseCommand):
    help = "Export clients or services to CSV or XLSX as a given user would see them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(EXPORTS))
        parser.add_argument("--user", required=True, help="user name whose access applies")
        parser.add_argument("--format", dest="file_format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--office", metavar="CODE")
        parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
        parser.add_argument("--activity", metavar="CODE")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(_("Unknown user “%(name)s”.") % {"name": options["user"]})
        export = EXPORTS[options["kind"]]
        if not user.has_perm(export.permission):
            raise CommandError(_("%(name)s may not export this data.") % {"name": user.username})
        office = None
        if options["office"]:
            office = Office.objects.visible_to(user).filter(code=options["office"]).first()
            if office is None:
                raise CommandError(_("Unknown office “%(code)s”.") % {"code": options["office"]})
        activity = None
        if options["activity"]:
            activity = Activity.objects.filter(code=options["activity"].upper()).first()
            if activity is None:
                raise CommandError(
                    _("Unknown activity “%(code)s”.") % {"code": options["activity"]}
                )
        filters = ExportFilters(
            office=office,
            date_from=_date(options["date_from"]) if options["date_from"] else None,
            date_to=_date(options["date_to"]) if options["date_to"] else None,
            activity=activity,
        )
        queryset = export.queryset(user, filters)
        file_format = options["file_format"]
        transfer_log_export(
            user=user,
            kind=export.kind,
            file_format=file_format,
            rows=queryset.count(),
            filters=filters.as_dict(),
        )
        header, rows = export.header(user), export.rows(user, queryset)
        output: Path | None = options["output"]
        if file_format == "xlsx":
            if output is None:
                raise CommandError(_("Give an output file (-o) for XLSX."))
            output.write_bytes(xlsx_file(header, rows, title=export.kind))
        elif output is None:
            for line in csv_lines(header, rows):
                sys.stdout.write(line)
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                handle.writelines(csv_lines(header, rows))
