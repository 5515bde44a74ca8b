from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import permission_required
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from spolu.clients.models import Sex
from spolu.core.models import Activity, Country, ResidenceCategory
from spolu.core.params import parse_id
from spolu.core.types import StaffRequest
from spolu.reporting import drilldown, sources
from spolu.reporting.exports import (
    report_charts,
    report_csv,
    report_json_text,
    report_pdf,
    report_xlsx,
)
from spolu.reporting.forms import PeriodForm
from spolu.reporting.indicators import person_filter
from spolu.reporting.models import Indicator, Measure
from spolu.reporting.page import MEASURE_KINDS, Links, page_tables
from spolu.reporting.people import DIMENSIONS, PersonFilter
from spolu.reporting.queries import AGE_BAND_LABELS, DIMENSION_LABELS, monitoring_report

VIEW_REPORT = "reporting.view_report"
PERIOD_FIELDS = ("date_from", "date_to", "office")


def _period_form(request: StaffRequest) -> PeriodForm:
    data = request.GET if any(f in request.GET for f in PERIOD_FIELDS) else PeriodForm.defaults()
    return PeriodForm(data, user=request.user)


@require_GET
@permission_required(VIEW_REPORT, raise_exception=True)
def report(request: StaffRequest) -> HttpResponse:
    form = _period_form(request)
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return render(request, "reporting/report.html", context, status=400 if request.GET else 200)
    result = monitoring_report(form.scope())
    context.update(
        report=result,
        charts=report_charts(result),
        period=form.query(),
        **page_tables(result, form.query()),
    )
    return render(request, "reporting/report.html", context)


EXPORTS = {
    "json": ("application/json; charset=utf-8", report_json_text),
    "csv": ("text/csv; charset=utf-8", report_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report_xlsx),
    "pdf": ("application/pdf", report_pdf),
}


@require_GET
@permission_required(VIEW_REPORT, raise_exception=True)
def export(request: StaffRequest, file_format: str) -> HttpResponse:
    if file_format not in EXPORTS:
        raise Http404
    form = _period_form(request)
    if not form.is_valid():
        return render(request, "reporting/report.html", {"form": form}, status=400)
    content_type, render_export = EXPORTS[file_format]
    result = monitoring_report(form.scope())
    name = f"monitoring-report-{result.date_from}-{result.date_to}"
    if result.office_code:
        name += f"-{result.office_code}"
    response = HttpResponse(render_export(result), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


# --- the records behind a number ----------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """What a drill-down link asks for: activities, eligibility, a breakdown value, an indicator."""

    kind: str
    activities: tuple[str, ...]
    person: PersonFilter
    indicator: Indicator | None
    description: list[str]


def _dimension_value(dimension: str, value: str) -> str:
    """A breakdown value as the report shows it (a name, not a code)."""
    if dimension == "age_band":
        return str(AGE_BAND_LABELS.get(value, value))
    if dimension == "sex":
        return str(dict(Sex.choices).get(value, value))
    found: Country | ResidenceCategory | None = (
        Country.objects.filter(code=value).first()
        if dimension == "citizenship"
        else ResidenceCategory.objects.filter(code=value).first()
    )
    return str(found.name) if found else value


def _selection(request: StaffRequest, kind: str) -> Selection:
    params = request.GET
    known = {a.code: a for a in Activity.objects.all()}
    activities = tuple(sorted(set(params.getlist("activity"))))
    if any(code not in known for code in activities):
        raise Http404
    description = [f"{code} – {known[code].name}" for code in activities]
    indicator = None
    if params.get("indicator"):
        indicator = (
            Indicator.objects.filter(pk=parse_id(params["indicator"]) or 0)
            .prefetch_related("activities")
            .first()
        )
        if indicator is None or indicator.measure == Measure.MANUAL:
            raise Http404
        wanted = (
            "clients"
            if indicator.measure == Measure.CLIENTS
            else MEASURE_KINDS[Measure(indicator.measure)]
        )
        if wanted != kind:
            raise Http404
        activities = tuple(sorted(a.code for a in indicator.activities.all()))
        description = [f"{indicator.code} {indicator.name}"]
        if indicator.measure == Measure.CLIENTS:
            return Selection(
                kind, activities, person_filter(indicator, activities), indicator, description
            )
    choices: dict[str, bool | None] = {"": None, "1": True, "0": False}
    if params.get("eligible", "") not in choices:
        raise Http404
    eligible = choices[params.get("eligible", "")]
    dimension, value = params.get("dimension", ""), params.get("value", "")
    if (dimension and dimension not in DIMENSIONS) or (value and not dimension):
        raise Http404
    if eligible is not None:
        description.append(_("eligible in the period") if eligible else _("not eligible"))
    if dimension:
        description.append(f"{DIMENSION_LABELS[dimension]}: {_dimension_value(dimension, value)}")
    person = PersonFilter(
        activities=activities, eligible=eligible, dimension=dimension, value=value
    )
    return Selection(kind, activities, person, indicator, description)


@require_GET
@permission_required(VIEW_REPORT, raise_exception=True)
def records(request: StaffRequest, kind: str) -> HttpResponse:
    if kind not in drilldown.KINDS and kind not in ("clients", "hours", "packages"):
        raise Http404
    form = _period_form(request)
    if not form.is_valid():
        return render(request, "reporting/report.html", {"form": form}, status=400)
    selection = _selection(request, kind)
    scope = form.scope()
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {
        "form": form,
        "kind": kind,
        "selection": selection,
        "period": form.query(),
        "scope": scope,
        "query": query.urlencode(),
        "report_query": urlencode(form.query()),
    }
    if kind == "clients":
        context["people"] = drilldown.person_list(
            scope, selection.person, request.user, request.GET.get("page")
        )
        return render(request, "reporting/records_clients.html", context)
    if kind == "hours":
        context["sources"] = _hour_sources(scope, selection.activities, Links(form.query()))
        context["minutes"] = sum(s["minutes"] for s in context["sources"])
        context["hours"] = round(context["minutes"] / 60, 2)
        return render(request, "reporting/records_hours.html", context)
    if kind == "packages":
        context["sources"] = [
            {
                "label": drilldown.KINDS[part].label,
                "count": drilldown.narrowed(drilldown.KINDS[part], scope, ()).count(),
                "url": Links(form.query()).url(part),
            }
            for part in ("materials", "campaigns")
        ]
        context["total"] = sum(s["count"] for s in context["sources"])
        return render(request, "reporting/records_packages.html", context)
    context["records"] = drilldown.record_list(
        drilldown.KINDS[kind], scope, selection.activities, request.user, request.GET.get("page")
    )
    return render(request, "reporting/records.html", context)


def _hour_sources(
    scope: sources.Scope, activities: tuple[str, ...], links: Links
) -> list[dict[str, Any]]:
    """Where the hours come from: minutes of services, events, lessons and platform meetings."""
    rows = []
    for kind in ("services", "events", "lessons"):
        record_kind = drilldown.KINDS[kind]
        qs = drilldown.narrowed(record_kind, scope, activities)
        totals = qs.aggregate(minutes=Sum("minutes"))
        rows.append(
            {
                "label": record_kind.label,
                "count": qs.count(),
                "minutes": totals["minutes"] or 0,
                "url": links.url(kind, activity=list(activities)),
            }
        )
    meetings = drilldown.narrowed(drilldown.KINDS["meetings"], scope, activities)
    times = list(meetings.values_list("starts_at", "ends_at"))
    rows.append(
        {
            "label": drilldown.KINDS["meetings"].label,
            "count": len(times),
            "minutes": sum(int((end - start).total_seconds() // 60) for start, end in times),
            "url": links.url("meetings", activity=list(activities)),
        }
    )
    return rows
