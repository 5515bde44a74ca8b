"""The timesheet overview as an XLSX workbook, laid out for printing.

Cells hold hours as numbers (minutes / 60, exact), shown with two decimals; totals are written
as values computed from minutes, so every total equals the sum of its exact parts.
"""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from spolu.interchange.exports import escape_cell
from spolu.timesheets.queries import SOURCE_LABELS, SOURCES, Overview

HOURS = "0.00"
HEADER_FILL = PatternFill("solid", fgColor="E8EDF3")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)


def hours(minutes: int) -> float:
    return minutes / 60


def period_label(data: Overview) -> str:
    first = date_format(data.first_month, "YEAR_MONTH_FORMAT")
    if data.single_month:
        return first
    return f"{first} – {date_format(data.last_month, 'YEAR_MONTH_FORMAT')}"


def _person(data_person: object) -> str:
    full = data_person.get_full_name()  # type: ignore[attr-defined]
    return str(escape_cell(full or data_person.username))  # type: ignore[attr-defined]


def _prepare(sheet: Worksheet, title: str, subtitle: str, columns: int) -> None:
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = subtitle
    sheet["A2"].font = Font(italic=True, color="555555")
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "4:4"
    sheet.freeze_panes = "B5"
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.oddFooter.left.text = title
    sheet.oddFooter.right.text = _("Page &P of &N")
    sheet.column_dimensions["A"].width = 28
    for index in range(2, columns + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14


def _header(sheet: Worksheet, labels: list[str]) -> None:
    sheet.append(labels)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _row(sheet: Worksheet, values: list[object], *, bold: bool = False) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.border = BOX
        if isinstance(cell.value, float | int) and cell.column > 1:
            cell.number_format = HOURS
        if bold:
            cell.font = BOLD


def overview_xlsx(data: Overview) -> bytes:
    workbook = Workbook()
    by_activity = workbook.active
    by_activity.title = _("Hours by activity")[:31]
    title = _("Timesheets %(period)s: hours per activity and person") % {
        "period": period_label(data)
    }
    _prepare(
        by_activity,
        title,
        _("Hours (minutes / 60), from records and own entries."),
        len(data.codes) + 2,
    )
    by_activity.append([])
    _header(
        by_activity,
        [
            _("Staff member"),
            *[f"{code} {data.names.get(code, '')}".strip() for code in data.codes],
            _("Total"),
        ],
    )
    by_activity.row_dimensions[4].height = 60
    for person in data.people:
        _row(
            by_activity,
            [
                _person(person.person),
                *[hours(m) for m in person.in_columns(data.codes)],
                hours(person.total),
            ],
        )
    _row(
        by_activity,
        [_("Total"), *[hours(m) for m in data.column_totals], hours(data.total)],
        bold=True,
    )

    by_source = workbook.create_sheet(_("Hours by source")[:31])
    _prepare(
        by_source,
        _("Timesheets %(period)s: where the hours come from") % {"period": period_label(data)},
        _("Hours (minutes / 60) per person, activity and kind of record."),
        len(SOURCES) + 3,
    )
    by_source.column_dimensions["B"].width = 40
    by_source.append([])
    _header(
        by_source,
        [
            _("Staff member"),
            _("Activity"),
            *[str(SOURCE_LABELS[s]) for s in SOURCES],
            _("Total"),
        ],
    )
    for person in data.people:
        for code in data.codes:
            parts = [data.detail.get((person.person.pk, code, s), 0) for s in SOURCES]
            if not any(parts):
                continue
            _row(
                by_source,
                [
                    _person(person.person),
                    f"{code} {data.names.get(code, '')}".strip(),
                    *[hours(m) for m in parts],
                    hours(sum(parts)),
                ],
            )
    source_totals = [
        sum(v for (_p, _c, s), v in data.detail.items() if s == source) for source in SOURCES
    ]
    _row(
        by_source,
        [_("Total"), "", *[hours(m) for m in source_totals], hours(data.total)],
        bold=True,
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
