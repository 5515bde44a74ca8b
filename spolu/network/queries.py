"""Reads of the partner network: totals of volunteer hours (one grouped query, regrouped in
Python) and the platform page's data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from spolu.network.models import Volunteer, VolunteerHours


@dataclass
class VolunteerTotal:
    volunteer: Volunteer
    hours: Decimal = Decimal(0)
    days: int = 0
    by_activity: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class VolunteerTotals:
    rows: list[VolunteerTotal]
    hours: Decimal
    by_activity: dict[str, Decimal]
    unlisted_hours: Decimal = Decimal(0)  # in `hours`, logged by inactive people not in `rows`


def volunteer_totals(
    volunteers: QuerySet[Volunteer],
    date_from: date,
    date_to: date,
    *,
    include_inactive: bool = True,
) -> VolunteerTotals:
    """Hours per volunteer (and per activity) and days worked in the period, in three queries.

    The totals count every volunteer who logged hours in the period, active or not: the hours
    of a past period must not change when someone leaves. `include_inactive` only decides
    whether inactive people are listed in `rows`.
    """
    people = list(volunteers.select_related("school"))
    rows = {v.pk: VolunteerTotal(volunteer=v) for v in people}
    logged = VolunteerHours.objects.filter(
        volunteer__in=[v.pk for v in people], date__gte=date_from, date__lte=date_to
    ).order_by()
    entries = logged.values_list("volunteer_id", "activity_id").annotate(hours=Sum("hours"))
    days = logged.values_list("volunteer_id").annotate(days=Count("date", distinct=True))
    for volunteer_id, count in days:
        rows[volunteer_id].days = count
    overall: dict[str, Decimal] = defaultdict(Decimal)
    for volunteer_id, activity_id, hours in entries:
        row = rows[volunteer_id]
        row.hours += hours or 0
        row.by_activity[activity_id] = row.by_activity.get(activity_id, Decimal(0)) + (hours or 0)
        overall[activity_id] += hours or 0
    ordered = sorted(rows.values(), key=lambda r: (-r.hours, r.volunteer.last_name))
    listed = [r for r in ordered if include_inactive or r.volunteer.active]
    total = sum((r.hours for r in ordered), Decimal(0))
    return VolunteerTotals(
        rows=listed,
        hours=total,
        by_activity=dict(overall),
        unlisted_hours=total - sum((r.hours for r in listed), Decimal(0)),
    )


def hours_by_month(volunteer: Volunteer) -> list[dict[str, Any]]:
    """A volunteer's hours per month, newest first (one query)."""
    from django.db.models.functions import TruncMonth

    return list(
        volunteer.hours.order_by()
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(hours=Sum("hours"), entries=Count("pk"))
        .order_by("-month")
    )
