"""The coordinator's dashboard panel: this year's key figures against the indicators' targets.

The dashboard is opened many times a day, and in a large centre the year's report takes a
moment, so the panel's figures are kept for a few minutes (it says from when); the report page
itself is always computed afresh.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language

from spolu.core.access import sees_all_offices
from spolu.reporting.exports import figure
from spolu.reporting.page import Links
from spolu.reporting.queries import monitoring_report
from spolu.reporting.sources import Scope

CACHE_SECONDS = 300
PANEL_FIGURES = (
    "unique_clients",
    "eligible_unique_clients",
    "service_records",
    "event_participants",
    "hours",
)


def key_figures_panel(request: HttpRequest) -> dict[str, Any] | None:
    """This year so far for the whole centre; only for those who see reports of every office."""
    user = request.user
    if not user.has_perm("reporting.view_report") or not sees_all_offices(user):
        return None
    today = timezone.localdate()
    scope = Scope(today.replace(month=1, day=1), today)
    key = f"reporting:panel:{today.isoformat()}:{get_language()}"
    cached = cache.get(key)
    if cached is None:
        cached = (timezone.now(), monitoring_report(scope))
        cache.set(key, cached, CACHE_SECONDS)
    computed_at, report = cached
    period = {"date_from": scope.date_from.isoformat(), "date_to": scope.date_to.isoformat()}
    links = Links(period)
    return {
        "report": report,
        "computed_at": computed_at,
        "figures": [links.figure(name, figure(report.totals, name)) for name in PANEL_FIGURES],
        "indicators": [(row, links.indicator(row)) for row in report.indicators],
        "report_query": urlencode(period),
    }
