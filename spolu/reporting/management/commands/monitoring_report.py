"""`manage.py monitoring_report --from YYYY-MM-DD --to YYYY-MM-DD [--office CODE]
--format json|xlsx|pdf|csv [--output FILE] [--language cs|en]`.

JSON (DESIGN.md §5) and CSV go to standard output unless `--output` is given; XLSX and PDF
need `--output`. Bad arguments end with a clear message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from spolu.core.dates import validate_plausible_date
from spolu.core.models import Office
from spolu.reporting.exports import report_csv, report_json_text, report_pdf, report_xlsx
from spolu.reporting.queries import monitoring_report
from spolu.reporting.sources import Scope

FORMATS = ("json", "csv", "xlsx", "pdf")


def _date(value: str, option: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("%(option)s: “%(value)s” is not a date in the form YYYY-MM-DD.")
            % {"option": option, "value": value}
        ) from exc
    try:
        validate_plausible_date(day)
    except ValidationError as exc:
        raise CommandError(f"{option}: “{value}” – {' '.join(exc.messages)}") from exc
    return day


class Command(BaseCommand):
    help = "The funder's monitoring report for a period (and optionally one office)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--office", metavar="CODE", help="only the records of this office")
        parser.add_argument("--format", dest="file_format", choices=FORMATS, default="json")
        parser.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")
        parser.add_argument(
            "--language",
            choices=[
                code for code, _name in settings.LANGUAGES if code in settings.STAFF_LANGUAGES
            ],
            default=settings.LANGUAGE_CODE,
            help="language of names and labels",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        date_from = _date(options["date_from"], "--from")
        date_to = _date(options["date_to"], "--to")
        if date_to < date_from:
            raise CommandError(_("--to is before --from: the period would be empty."))
        office = None
        if options["office"]:
            # Codes are typed by hand: "USTI" means the office "usti".
            office = Office.objects.filter(code__iexact=options["office"]).order_by("code").first()
            if office is None:
                codes = ", ".join(Office.objects.order_by("code").values_list("code", flat=True))
                raise CommandError(
                    _("Unknown office “%(code)s” (offices: %(codes)s).")
                    % {"code": options["office"], "codes": codes}
                )
        file_format: str = options["file_format"]
        output: Path | None = options["output"]
        if file_format in ("xlsx", "pdf") and output is None:
            raise CommandError(_("Give an output file (--output) for XLSX and PDF."))
        if output is not None and not output.parent.exists():
            raise CommandError(
                _("The folder %(folder)s does not exist.") % {"folder": output.parent}
            )

        report = monitoring_report(Scope(date_from, date_to, office=office))
        content: str | bytes
        if file_format == "json":
            content = report_json_text(report)
        elif file_format == "csv":
            content = report_csv(report)
        elif file_format == "xlsx":
            content = report_xlsx(report)
        else:
            content = report_pdf(report)
        if output is None:
            assert isinstance(content, str)
            self.stdout.write(content, ending="")
            return
        try:
            if isinstance(content, str):
                output.write_text(content, encoding="utf-8")
            else:
                output.write_bytes(content)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": exc.strerror}
            ) from exc
        self.stderr.write(_("Written to %(path)s") % {"path": output})
