"""The report page's tables: every number with the link to the records behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode

from spolu.reporting.exports import (
    ACTIVITY_COLUMNS,
    CAMPAIGN_LABELS,
    HOURS_NOTE,
    LABELS,
    OUTPUT_COLUMNS,
    figure,
)
from spolu.reporting.indicators import ACTIVITY_SUMS
from spolu.reporting.models import Measure
from spolu.reporting.queries import Breakdown, IndicatorRow, MonitoringReport

# Which list of records stands behind each number (kind, extra query parameters).
FIGURE_LINKS: dict[str, tuple[str, dict[str, str]]] = {
    "unique_clients": ("clients", {}),
    "eligible_unique_clients": ("clients", {"eligible": "1"}),
    "ineligible_unique_clients": ("clients", {"eligible": "0"}),
    "service_records": ("services", {}),
    "anonymous_contacts": ("anonymous", {}),
    "event_participants": ("participations", {}),
    "public_headcount": ("public", {}),
    "hours": ("hours", {}),
    "events": ("events", {}),
    "courses_run": ("courses", {}),
    "completions": ("completions", {}),
    "lessons": ("lessons", {}),
    "attendances": ("attendances", {}),
    "meetings": ("meetings", {}),
    "event_professionals": ("professionals", {}),
    "course_professionals": ("professional_enrolments", {}),
    "volunteers": ("volunteers", {}),
    "volunteer_hours": ("volunteer_hours", {}),
}
MEASURE_KINDS = {
    Measure.SERVICE_RECORDS: "services",
    Measure.ANONYMOUS_CONTACTS: "anonymous",
    Measure.EVENT_PARTICIPANTS: "participations",
    Measure.PUBLIC_HEADCOUNT: "public",
    Measure.EVENTS: "events",
    Measure.HOURS: "hours",
    Measure.COURSES_RUN: "courses",
    Measure.COMPLETIONS: "completions",
    Measure.CAMPAIGNS: "campaigns",
    Measure.CAMPAIGN_MATERIALS: "materials",
    Measure.PACKAGES_AND_CAMPAIGNS: "packages",
    Measure.DISTRIBUTION_COPIES: "copies",
    Measure.DISTRIBUTION_REACH: "reach",
}
TOTAL_FIGURES = (
    "unique_clients",
    "eligible_unique_clients",
    "ineligible_unique_clients",
    "service_records",
    "anonymous_contacts",
    "event_participants",
    "public_headcount",
    "hours",
)
CAMPAIGN_KINDS = {
    "campaigns": "campaigns",
    "materials": "materials",
    "copies": "copies",
    "reach": "reach",
    "actions": "distributions",
}
assert set(ACTIVITY_SUMS) <= set(MEASURE_KINDS)


@dataclass(frozen=True)
class Cell:
    value: Any
    url: str
    label: str | Promise = ""


@dataclass(frozen=True)
class ActivityLine:
    code: str
    name: str
    cells: list[Cell]


@dataclass(frozen=True)
class BreakdownLine:
    key: str
    label: str
    unique: Cell
    eligible: Cell
    ineligible: Cell

    @property
    def cells(self) -> tuple[Cell, Cell, Cell]:
        return (self.unique, self.eligible, self.ineligible)


@dataclass(frozen=True)
class IndicatorLine:
    row: IndicatorRow
    value: Cell


class Links:
    def __init__(self, period: dict[str, str]) -> None:
        self.period = period

    def url(self, kind: str, **params: Any) -> str:
        query = {**self.period, **{k: v for k, v in params.items() if v not in (None, "", ())}}
        return f"{reverse('reporting:records', args=[kind])}?{urlencode(query, doseq=True)}"

    def figure(self, name: str, value: Any, activity: str = "") -> Cell:
        kind, params = FIGURE_LINKS[name]
        return Cell(value, self.url(kind, activity=activity, **params), LABELS[name])

    def indicator(self, row: IndicatorRow) -> Cell:
        if row.measure == Measure.MANUAL:
            return Cell(row.value, "")
        kind = "clients" if row.person_count else MEASURE_KINDS[Measure(row.measure)]
        return Cell(row.value, self.url(kind, indicator=row.pk))


def _breakdown_total(links: Links, breakdown: Breakdown) -> BreakdownLine:
    """The total row: every person once (each has exactly one value of the dimension), so it
    links to the unique persons of the period."""
    return BreakdownLine(
        "",
        "",
        Cell(breakdown.total, links.url("clients")),
        Cell(breakdown.eligible_total, links.url("clients", eligible="1")),
        Cell(breakdown.ineligible_total, links.url("clients", eligible="0")),
    )


def _breakdown_lines(links: Links, breakdown: Breakdown) -> list[BreakdownLine]:
    def cell(value: int, key: str, eligible: str = "") -> Cell:
        return Cell(
            value,
            links.url("clients", dimension=breakdown.dimension, value=key, eligible=eligible),
        )

    return [
        BreakdownLine(
            row.key,
            row.label,
            cell(row.unique_clients, row.key),
            cell(row.eligible_unique_clients, row.key, "1"),
            cell(row.ineligible_unique_clients, row.key, "0"),
        )
        for row in breakdown.rows
    ]


def page_tables(report: MonitoringReport, period: dict[str, str]) -> dict[str, Any]:
    links = Links(period)
    totals = [links.figure(name, figure(report.totals, name)) for name in TOTAL_FIGURES]
    activities = [
        ActivityLine(
            row.code,
            row.name,
            [links.figure(c, figure(row.figures, c), row.code) for c in ACTIVITY_COLUMNS],
        )
        for row in report.activities
    ]
    activity_totals = [links.figure(c, figure(report.totals, c)) for c in ACTIVITY_COLUMNS]
    outputs = [
        ActivityLine(
            row.code,
            row.name,
            [links.figure(c, figure(row.figures, c), row.code) for c in OUTPUT_COLUMNS],
        )
        for row in report.activities
    ]
    campaigns = [
        Cell(getattr(report.campaigns, key), links.url(kind), CAMPAIGN_LABELS[key])
        for key, kind in CAMPAIGN_KINDS.items()
    ]
    return {
        "totals": totals,
        "activity_columns": [LABELS[c] for c in ACTIVITY_COLUMNS],
        "activity_lines": activities,
        "activity_totals": activity_totals,
        "output_columns": [LABELS[c] for c in OUTPUT_COLUMNS],
        "output_lines": outputs,
        "output_totals": [links.figure(c, figure(report.totals, c)) for c in OUTPUT_COLUMNS],
        "hours_note": HOURS_NOTE,
        "campaign_cells": campaigns,
        "indicator_lines": [IndicatorLine(row, links.indicator(row)) for row in report.indicators],
        "breakdown_lines": {b.dimension: _breakdown_lines(links, b) for b in report.breakdowns},
        "breakdown_totals": {b.dimension: _breakdown_total(links, b) for b in report.breakdowns},
        "export_query": urlencode(period),
    }
