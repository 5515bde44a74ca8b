"""The charts of the regional dashboard, drawn on the server from the same rows as its tables.

Drawing takes matplotlib a noticeable moment, so a chart is kept in the cache under a hash of
everything it is drawn from (data, labels, language): the same numbers give the same image.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.cache import cache
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from spolu.core import charts
from spolu.core.charts import Chart
from spolu.monitoring.queries import Dashboard, ReachRow

CACHE_SECONDS = 6 * 3600
SYNTHETIC_MARK = " †"


def _cached(draw: Callable[..., Chart], *args: Any, **kwargs: Any) -> Chart:
    key = (
        "monitoring-chart:"
        + hashlib.sha256(repr((draw.__name__, args, sorted(kwargs.items()))).encode()).hexdigest()
    )
    chart = cache.get(key)
    if chart is None:
        chart = draw(*args, **kwargs)
        cache.set(key, chart, CACHE_SECONDS)
    return chart


def date_label(day: date) -> str:
    """Year-end counts are labelled by their year, others by the date."""
    if (day.month, day.day) == (12, 31):
        return str(day.year)
    return date_format(day, "SHORT_DATE_FORMAT")


def region_over_time(data: Dashboard) -> Chart | None:
    rows = [row for row in data.over_time if row.region_total or row.region_men]
    if not rows:
        return None
    series: dict[str, list[float | None]] = {
        _("all foreigners"): [r.region_total.count if r.region_total else None for r in rows],
        _("men"): [r.region_men.count if r.region_men else None for r in rows],
    }
    if data.women_published:
        series[_("women")] = [r.region_women.count if r.region_women else None for r in rows]
    return _cached(
        charts.line_chart,
        [date_label(r.date) for r in rows],
        series,
        title=_("Foreigners in %(region)s") % {"region": data.region.name},
        value_label=_("foreigners (persons)"),
        dates=[r.date for r in rows],
    )


def districts_over_time(data: Dashboard) -> Chart | None:
    rows = [row for row in data.over_time if any(row.districts)]
    if not rows:
        return None
    series: dict[str, list[float | None]] = {}
    for index, district in enumerate(data.districts):
        values = [row.districts[index] for row in rows]
        if not any(values):
            continue
        synthetic = any(v is not None and v.synthetic for v in values)
        label = district.name + (SYNTHETIC_MARK if synthetic else "")
        series[label] = [v.count if v else None for v in values]
    title = _("Foreigners per district")
    if any(SYNTHETIC_MARK in label for label in series):
        title += " (" + _("† includes synthetic figures") + ")"
    return _cached(
        charts.line_chart,
        [date_label(r.date) for r in rows],
        series,
        title=title,
        value_label=_("foreigners (persons)"),
        dates=[r.date for r in rows],
    )


def top_citizenships(data: Dashboard) -> Chart | None:
    if not data.top_citizenships or data.reference_date is None:
        return None
    synthetic = any(c.figure.synthetic for c in data.top_citizenships)
    title = _("Largest citizenships, %(date)s") % {"date": date_label(data.reference_date)}
    if synthetic:
        title += " (" + _("† synthetic") + ")"
    return _cached(
        charts.bar_chart,
        [c.name + (SYNTHETIC_MARK if c.figure.synthetic else "") for c in data.top_citizenships],
        {_("foreigners"): [c.figure.count for c in data.top_citizenships]},
        title=title,
        value_label=_("foreigners (persons)"),
        horizontal=True,
    )


def _reach_chart(rows: list[ReachRow], title: str) -> Chart | None:
    shown = [r for r in rows if r.per_thousand is not None]
    if not shown:
        return None
    if any(r.official is not None and r.official.synthetic for r in shown):
        title += " (" + _("† per synthetic figure") + ")"
    return _cached(
        charts.bar_chart,
        [r.name + (SYNTHETIC_MARK if r.official and r.official.synthetic else "") for r in shown],
        {_("clients per 1 000 foreigners"): [float(r.per_thousand or 0) for r in shown]},
        title=title,
        value_label=_("clients per 1 000 foreigners"),
        horizontal=True,
    )


def reach_by_district(data: Dashboard) -> Chart | None:
    return _reach_chart(data.reach_by_district, _("Reach by district"))


def reach_by_citizenship(data: Dashboard) -> Chart | None:
    # In the table's order (largest official count first), so chart and table read alike.
    rows = [r for r in data.reach_by_citizenship if r.per_thousand is not None][:10]
    return _reach_chart(rows, _("Reach by citizenship"))


def all_charts(data: Dashboard) -> dict[str, Chart | None]:
    return {
        "region": region_over_time(data),
        "districts": districts_over_time(data),
        "citizenships": top_citizenships(data),
        "reach_districts": reach_by_district(data),
        "reach_citizenships": reach_by_citizenship(data),
    }
