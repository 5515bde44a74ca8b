"""The monitoring report as JSON, CSV, XLSX and PDF, and its charts — all from one
`MonitoringReport`, so every format shows the same numbers.

JSON has the shape of DESIGN.md §5 (documented keys exactly as there, extra keys beside them);
JSON and CSV are byte-identical for the same data (fixed key order, no timestamps).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spolu.core.charts import Chart, bar_chart
from spolu.reporting.queries import Breakdown, Figures, IndicatorRow, MonitoringReport

# The documented keys of DESIGN.md §5, in its order, then the extra ones.
DOCUMENTED = (
    "unique_clients",
    "eligible_unique_clients",
    "service_records",
    "anonymous_contacts",
    "event_participants",
    "public_headcount",
    "hours",
)
EXTRA = (
    "ineligible_unique_clients",
    "minutes",
    "service_minutes",
    "event_minutes",
    "lesson_minutes",
    "meeting_minutes",
    "events",
    "courses_run",
    "lessons",
    "attendances",
    "completions",
    "professionals",
    "meetings",
    "event_professionals",
    "course_professionals",
    "volunteers",
    "volunteer_hours",
)

LABELS = {
    "unique_clients": gettext_lazy("Unique clients"),
    "eligible_unique_clients": gettext_lazy("Eligible unique clients"),
    "ineligible_unique_clients": gettext_lazy("Not eligible (reported separately)"),
    "service_records": gettext_lazy("Service records"),
    "anonymous_contacts": gettext_lazy("Anonymous contacts"),
    "event_participants": gettext_lazy("Event participants (registered)"),
    "public_headcount": gettext_lazy("Public headcount"),
    "hours": gettext_lazy("Hours"),
    "minutes": gettext_lazy("Minutes"),
    "service_minutes": gettext_lazy("Minutes of services"),
    "event_minutes": gettext_lazy("Minutes of events"),
    "lesson_minutes": gettext_lazy("Minutes of lessons"),
    "meeting_minutes": gettext_lazy("Minutes of platform meetings"),
    "events": gettext_lazy("Events held"),
    "courses_run": gettext_lazy("Courses run"),
    "lessons": gettext_lazy("Lessons held"),
    "attendances": gettext_lazy("Attendances at lessons"),
    "completions": gettext_lazy("Course completions"),
    "professionals": gettext_lazy("Professionals trained"),
    "meetings": gettext_lazy("Platform meetings"),
    "event_professionals": gettext_lazy("Professionals trained at events"),
    "course_professionals": gettext_lazy("Professionals trained in courses"),
    "volunteers": gettext_lazy("Volunteers and interns"),
    "volunteer_hours": gettext_lazy("Volunteer hours"),
}
# What the activities produced besides engaging clients (A12 training of professionals, A17
# volunteers, A18 platform meetings, lessons of the courses): the outputs table of every format.
OUTPUT_COLUMNS = (
    "event_professionals",
    "course_professionals",
    "meetings",
    "lessons",
    "attendances",
    "volunteers",
    "volunteer_hours",
)
# DESIGN §5 names services, events and lessons; platform meetings are A18's events, so their
# minutes count too, each meeting once. Every format says so in the same words.
HOURS_NOTE = gettext_lazy(
    "Hours: minutes of service records, of events and of platform meetings (each event and each "
    "meeting once) and of lessons held, divided by 60."
)
# The activity table's columns (web page, XLSX, PDF).
ACTIVITY_COLUMNS = (
    "unique_clients",
    "eligible_unique_clients",
    "ineligible_unique_clients",
    "service_records",
    "anonymous_contacts",
    "event_participants",
    "public_headcount",
    "hours",
    "events",
    "courses_run",
    "completions",
)
CHART_TITLES = {
    "citizenship": gettext_lazy("Unique clients by citizenship"),
    "sex": gettext_lazy("Unique clients by sex"),
    "age_band": gettext_lazy("Unique clients by age band"),
    "residence_category": gettext_lazy("Unique clients by residence category"),
}
CAMPAIGN_LABELS = {
    "campaigns": gettext_lazy("Campaigns distributing materials"),
    "materials": gettext_lazy("Information packages distributed"),
    "copies": gettext_lazy("Copies distributed"),
    "reach": gettext_lazy("People reached"),
    "actions": gettext_lazy("Distribution actions"),
}


def figure(figures: Figures, name: str) -> int | float:
    value: int | float | Decimal = getattr(figures, name)
    # Volunteer hours are exact decimals in the database; every format shows them as numbers.
    return float(value) if isinstance(value, Decimal) else value


def activity_table(report: MonitoringReport) -> list[tuple[str, str, list[int | float]]]:
    """(code, name, values of ACTIVITY_COLUMNS) per activity, for the web page and the PDF."""
    return [
        (row.code, row.name, [figure(row.figures, c) for c in ACTIVITY_COLUMNS])
        for row in report.activities
    ]


def output_table(report: MonitoringReport) -> list[tuple[str, str, list[int | float]]]:
    """(code, name, values of OUTPUT_COLUMNS) per activity, for the web page and the PDF."""
    return [
        (row.code, row.name, [figure(row.figures, c) for c in OUTPUT_COLUMNS])
        for row in report.activities
    ]


def _figures_json(figures: Figures) -> dict[str, Any]:
    return {name: figure(figures, name) for name in (*DOCUMENTED, *EXTRA)}


def _indicator_json(row: IndicatorRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "value": row.value,
        "set": row.set_code,
        "measure": row.measure,
        "target": row.target,
        "target_period": (
            {"from": row.target_from.isoformat(), "to": row.target_to.isoformat()}
            if row.target_from and row.target_to
            else None
        ),
        "progress": row.progress,
    }


def _breakdown_json(breakdown: Breakdown, eligible: bool = False) -> dict[str, int]:
    rows = breakdown.rows
    if breakdown.dimension == "citizenship":
        rows = tuple(sorted(rows, key=lambda r: r.key))
    return {r.key: r.eligible_unique_clients if eligible else r.unique_clients for r in rows}


def report_json(report: MonitoringReport) -> dict[str, Any]:
    return {
        "period": {"from": report.date_from.isoformat(), "to": report.date_to.isoformat()},
        "office": report.office_code,
        "totals": _figures_json(report.totals),
        "activities": {row.code: _figures_json(row.figures) for row in report.activities},
        "breakdowns": {b.dimension: _breakdown_json(b) for b in report.breakdowns},
        "eligible_breakdowns": {b.dimension: _breakdown_json(b, True) for b in report.breakdowns},
        "campaigns": {
            "campaigns": report.campaigns.campaigns,
            "materials": report.campaigns.materials,
            "copies": report.campaigns.copies,
            "reach": report.campaigns.reach,
            "actions": report.campaigns.actions,
        },
        "indicators": [_indicator_json(row) for row in report.indicators],
    }


def report_json_text(report: MonitoringReport) -> str:
    return json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"


# --- CSV: one long table (table, key, name, measure, value) -----------------------------------


def report_csv_rows(report: MonitoringReport) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["period", "from", "", "", report.date_from.isoformat()],
        ["period", "to", "", "", report.date_to.isoformat()],
        ["office", report.office_code or "", report.office_name or "", "", ""],
    ]
    for name in (*DOCUMENTED, *EXTRA):
        rows.append(["totals", "", "", name, figure(report.totals, name)])
    for row in report.activities:
        for name in (*DOCUMENTED, *EXTRA):
            rows.append(["activities", row.code, row.name, name, figure(row.figures, name)])
    for breakdown in report.breakdowns:
        ordered = breakdown.rows
        if breakdown.dimension == "citizenship":
            ordered = tuple(sorted(ordered, key=lambda r: r.key))
        for b in ordered:
            table = f"breakdowns.{breakdown.dimension}"
            rows.append([table, b.key, b.label, "unique_clients", b.unique_clients])
            rows.append(
                [table, b.key, b.label, "eligible_unique_clients", b.eligible_unique_clients]
            )
    campaigns = report_json(report)["campaigns"]
    for name, value in campaigns.items():
        rows.append(["campaigns", "", "", name, value])
    for ind in report.indicators:
        for name, value in (
            ("value", ind.value),
            ("target", ind.target),
            ("target_from", ind.target_from.isoformat() if ind.target_from else None),
            ("target_to", ind.target_to.isoformat() if ind.target_to else None),
            ("progress", ind.progress),
        ):
            rows.append(["indicators", ind.code, ind.name, name, "" if value is None else value])
    return rows


def report_csv(report: MonitoringReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["table", "key", "name", "measure", "value"])
    for row in report_csv_rows(report):
        # Names come from code lists an administrator edits: never let a spreadsheet run them.
        writer.writerow([_safe_cell(cell) for cell in row])
    return buffer.getvalue()


def _safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# --- charts (the same images on the web page and in the PDF) ---------------------------------


@dataclass(frozen=True)
class ReportCharts:
    clients: Chart
    hours: Chart
    breakdowns: dict[str, Chart]


def report_charts(report: MonitoringReport, top: int = 12) -> ReportCharts:
    with_clients = [r for r in report.activities if r.figures.unique_clients]
    clients = bar_chart(
        [r.code for r in with_clients] or ["–"],
        {
            _("eligible"): [r.figures.eligible_unique_clients for r in with_clients] or [0],
            _("not eligible"): [r.figures.ineligible_unique_clients for r in with_clients] or [0],
        },
        title=_("Unique clients by activity"),
        value_label=_("persons"),
        horizontal=True,
        stacked=True,
    )
    with_hours = [r for r in report.activities if r.figures.minutes]
    hours = bar_chart(
        [r.code for r in with_hours] or ["–"],
        {_("hours"): [r.figures.hours for r in with_hours] or [0]},
        title=_("Hours by activity"),
        value_label=_("hours"),
        horizontal=True,
    )
    breakdowns = {}
    for breakdown in report.breakdowns:
        rows = [r for r in breakdown.rows if r.unique_clients] or list(breakdown.rows[:1])
        if breakdown.dimension in ("sex", "age_band"):
            # Few bars fill the whole plot, where a legend would cover them: one series only.
            breakdowns[breakdown.dimension] = bar_chart(
                [r.label for r in breakdown.rows],
                {_("persons"): [r.unique_clients for r in breakdown.rows]},
                title=str(CHART_TITLES[breakdown.dimension]),
                value_label=_("persons"),
                horizontal=True,
            )
            continue
        if len(rows) > top:
            shown, rest = rows[: top - 1], rows[top - 1 :]
            labels = [r.label for r in shown] + [_("other")]
            eligible = [r.eligible_unique_clients for r in shown] + [
                sum(r.eligible_unique_clients for r in rest)
            ]
            other = [r.unique_clients - r.eligible_unique_clients for r in shown] + [
                sum(r.unique_clients - r.eligible_unique_clients for r in rest)
            ]
        else:
            labels = [r.label for r in rows] or ["–"]
            eligible = [r.eligible_unique_clients for r in rows] or [0]
            other = [r.unique_clients - r.eligible_unique_clients for r in rows] or [0]
        breakdowns[breakdown.dimension] = bar_chart(
            [label if len(label) <= 40 else label[:39] + "…" for label in labels],
            {_("eligible"): eligible, _("not eligible"): other},
            title=str(CHART_TITLES[breakdown.dimension]),
            value_label=_("persons"),
            horizontal=True,
            stacked=True,
        )
    return ReportCharts(clients=clients, hours=hours, breakdowns=breakdowns)


# --- XLSX: one sheet per table, ready to print --------------------------------------------------


def _period_text(report: MonitoringReport) -> str:
    text = _("%(from)s – %(to)s") % {
        "from": formats.date_format(report.date_from, "SHORT_DATE_FORMAT"),
        "to": formats.date_format(report.date_to, "SHORT_DATE_FORMAT"),
    }
    office = report.office_name or _("all offices")
    return f"{text} · {office}"


def report_xlsx(report: MonitoringReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="E8EDF3")
    workbook = Workbook()
    workbook.remove(workbook.active)

    def sheet(
        title: str,
        header: list[str],
        rows: list[list[Any]],
        widths: list[int],
        landscape: bool = False,
        total: list[Any] | None = None,
        note: str = "",
    ) -> None:
        ws = workbook.create_sheet(title=title[:31])
        ws.append([_("Monitoring report")])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([_period_text(report)])
        ws.append([])
        ws.append(header)
        for cell in ws[4]:
            cell.font = bold
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            ws.append([_safe_cell(value) for value in row])
        if total is not None:
            ws.append(total)
            for cell in ws[ws.max_row]:
                cell.font = bold
        if note:
            ws.append([])
            ws.append([note])
            ws.cell(row=ws.max_row, column=1).font = Font(italic=True)
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        for row_cells in ws.iter_rows(min_row=5):
            for cell in row_cells:
                if isinstance(cell.value, float):
                    cell.number_format = "0.00"
        ws.freeze_panes = "A5"
        ws.print_title_rows = "4:4"
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = True
        ws.oddFooter.center.text = "&P / &N"

    totals = report.totals
    sheet(
        _("Summary"),
        [_("Measure"), _("Value")],
        [
            [str(LABELS[name]), figure(totals, name)]
            for name in (*DOCUMENTED, "ineligible_unique_clients")
        ]
        + [[str(label), getattr(report.campaigns, key)] for key, label in CAMPAIGN_LABELS.items()],
        [48, 14],
    )
    sheet(
        _("Activities"),
        [_("Code"), _("Activity"), *[str(LABELS[c]) for c in ACTIVITY_COLUMNS]],
        [
            [r.code, r.name, *[figure(r.figures, c) for c in ACTIVITY_COLUMNS]]
            for r in report.activities
        ],
        [7, 46, *[12] * len(ACTIVITY_COLUMNS)],
        landscape=True,
        total=[
            _("Total"),
            _("persons counted once"),
            *[figure(totals, c) for c in ACTIVITY_COLUMNS],
        ],
        note=str(HOURS_NOTE),
    )
    sheet(
        _("Outputs"),
        [_("Code"), _("Activity"), *[str(LABELS[c]) for c in OUTPUT_COLUMNS]],
        [
            [r.code, r.name, *[figure(r.figures, c) for c in OUTPUT_COLUMNS]]
            for r in report.activities
        ],
        [7, 46, *[13] * len(OUTPUT_COLUMNS)],
        landscape=True,
        total=[
            _("Total"),
            _("volunteers counted once"),
            *[figure(totals, c) for c in OUTPUT_COLUMNS],
        ],
    )
    sheet(
        _("Indicators"),
        [_("Code"), _("Indicator"), _("Value"), _("Target"), _("Target period"), _("Progress (%)")],
        [
            [
                ind.code,
                ind.name,
                ind.value,
                ind.target,
                (
                    f"{ind.target_from.isoformat()} – {ind.target_to.isoformat()}"
                    if ind.target_from and ind.target_to
                    else ""
                ),
                ind.progress,
            ]
            for ind in report.indicators
        ],
        [10, 60, 10, 10, 24, 12],
        landscape=True,
    )
    for breakdown in report.breakdowns:
        sheet(
            breakdown.label,
            [
                _("Code"),
                breakdown.label,
                str(LABELS["unique_clients"]),
                str(LABELS["eligible_unique_clients"]),
                str(LABELS["ineligible_unique_clients"]),
            ],
            [
                [
                    r.key,
                    r.label,
                    r.unique_clients,
                    r.eligible_unique_clients,
                    r.unique_clients - r.eligible_unique_clients,
                ]
                for r in breakdown.rows
            ],
            [22, 48, 14, 14, 16],
            total=[
                _("Total"),
                "",
                sum(r.unique_clients for r in breakdown.rows),
                sum(r.eligible_unique_clients for r in breakdown.rows),
                sum(r.unique_clients - r.eligible_unique_clients for r in breakdown.rows),
            ],
        )
    return _deterministic_xlsx(workbook, report)


def _deterministic_xlsx(workbook: Any, report: MonitoringReport) -> bytes:
    """The workbook's bytes, the same for the same report: openpyxl stamps the document
    properties (docProps/core.xml) and every zip entry with the current time, so both get a
    time derived from the report instead (midnight after its last day; zip dates start in 1980)."""
    from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

    from openpyxl.writer.excel import ExcelWriter

    stamp = datetime.combine(max(report.date_to, date(1980, 1, 1)), time.min)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    written = io.BytesIO()
    # (Not `workbook.save`, which sets `modified` to now.)
    with ZipFile(written, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    fixed = io.BytesIO()
    with ZipFile(written) as source, ZipFile(fixed, "w", ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = ZipInfo(entry.filename, date_time=stamp.timetuple()[:6])
            info.compress_type = ZIP_DEFLATED
            info.external_attr = entry.external_attr
            target.writestr(info, source.read(entry.filename))
    return fixed.getvalue()


# --- PDF ------------------------------------------------------------------------------------------


def report_pdf(report: MonitoringReport) -> bytes:
    from spolu.core.pdf import render_pdf

    return render_pdf(
        "reporting/report_pdf.html",
        {
            "report": report,
            "charts": report_charts(report),
            "doc_title": _("Monitoring report"),
            "period_text": _period_text(report),
            "activity_columns": [LABELS[c] for c in ACTIVITY_COLUMNS],
            "activity_rows": activity_table(report),
            "activity_totals": [figure(report.totals, c) for c in ACTIVITY_COLUMNS],
            "output_columns": [LABELS[c] for c in OUTPUT_COLUMNS],
            "output_rows": output_table(report),
            "output_totals": [figure(report.totals, c) for c in OUTPUT_COLUMNS],
            "hours_note": HOURS_NOTE,
            "total_rows": [
                (LABELS[n], figure(report.totals, n))
                for n in (*DOCUMENTED, "ineligible_unique_clients")
            ],
            "campaign_rows": [
                (label, getattr(report.campaigns, key)) for key, label in CAMPAIGN_LABELS.items()
            ],
        },
    )
