"""PDF documents (attendance sheets, certificates, reports) rendered from HTML templates.

WeasyPrint turns a Django template into PDF, so printed evidence uses the same templates,
translations and fonts as the web. Templates extend `pdf/base.html` (A4, the funder's
publicity line in the footer). Generic attendance sheets for lessons and events use
`attendance_sheet_pdf`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def pdf_logos() -> list[str]:
    """The configured logo files (SPOLU_PDF_LOGOS) as file URLs; a missing file is left out
    (and logged) rather than breaking every printed document."""
    urls = []
    for name in settings.SPOLU_PDF_LOGOS:
        path = Path(name) if Path(name).is_absolute() else Path(settings.BASE_DIR) / name
        if path.is_file():
            urls.append(path.resolve().as_uri())
        else:
            logger.warning("SPOLU_PDF_LOGOS: %s is not a file; the logo is left out.", path)
    return urls


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    context = {
        "publicity_line": settings.SPOLU_PUBLICITY_LINE,
        "pdf_logos": pdf_logos(),
        "pdf_logos_configured": bool(settings.SPOLU_PDF_LOGOS),
        **context,
    }
    html = render_to_string(template, context)
    base = str(settings.BASE_DIR)
    pdf: bytes = HTML(string=html, base_url=base).write_pdf()
    return pdf


@dataclass(frozen=True)
class SheetRow:
    name: str
    detail: str = ""  # e.g. year of birth, institution


@dataclass(frozen=True)
class AttendanceSheet:
    """One printable sign-in sheet: a lesson or an event with its expected participants."""

    title: str
    activity: str  # "A08 – Výuka českého jazyka"
    when: str
    place: str
    organiser: str
    rows: Sequence[SheetRow]
    blank_rows: int = 5  # for walk-ins who sign on the day
    extra: dict[str, str] = field(default_factory=dict)  # further labelled facts


def attendance_sheet_pdf(sheet: AttendanceSheet) -> bytes:
    return render_pdf(
        "pdf/attendance_sheet.html",
        {
            "sheet": sheet,
            "blank_numbers": range(len(sheet.rows) + 1, len(sheet.rows) + sheet.blank_rows + 1),
            "doc_title": _("Attendance sheet"),
        },
    )
