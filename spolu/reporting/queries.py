"""The monitoring report (DESIGN.md §5) as typed rows.

`monitoring_report(scope)` runs a fixed number of grouped queries whatever the amount of data:
one statement for every person count (`people.PeopleQuery.counts`, indicators included), one
grouped query per table for the record counts (`sources`), and a few small code-list reads.
The web page, the XLSX, PDF, CSV and JSON exports, the command and the dashboard panel all
render the `MonitoringReport` it returns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from spolu.clients.models import Sex
from spolu.core.models import Activity, Country, ResidenceCategory
from spolu.reporting import sources
from spolu.reporting.indicators import ACTIVITY_SUMS, person_filter
from spolu.reporting.models import Indicator, Measure
from spolu.reporting.people import AGE_BANDS, DIMENSIONS, PeopleQuery, tuned
from spolu.reporting.sources import Scope

AGE_BAND_LABELS = {
    "under_18": _("under 18"),
    "18_60": _("18–60"),
    "over_60": _("over 60"),
    "unknown": _("unknown"),
}
DIMENSION_LABELS = {
    "citizenship": _("Citizenship"),
    "sex": _("Sex"),
    "age_band": _("Age band"),
    "residence_category": _("Residence category"),
}


@dataclass(frozen=True)
class Figures:
    """The numbers of one activity, or of the whole period (persons then counted once)."""

    unique_clients: int = 0
    eligible_unique_clients: int = 0
    service_records: int = 0
    anonymous_contacts: int = 0
    event_participants: int = 0
    public_headcount: int = 0
    service_minutes: int = 0
    event_minutes: int = 0
    lesson_minutes: int = 0
    meeting_minutes: int = 0
    courses_run: int = 0
    completions: int = 0
    events: int = 0
    lessons: int = 0
    attendances: int = 0
    event_professionals: int = 0
    course_professionals: int = 0
    meetings: int = 0
    # Of the whole period: each volunteer once, however many activities they helped with.
    volunteers: int = 0
    volunteer_hours: Decimal = Decimal(0)

    @property
    def ineligible_unique_clients(self) -> int:
        return self.unique_clients - self.eligible_unique_clients

    @property
    def professionals(self) -> int:
        """Professionals trained: at events (attended) and enrolled in courses for them."""
        return self.event_professionals + self.course_professionals

    @property
    def minutes(self) -> int:
        return (
            self.service_minutes + self.event_minutes + self.lesson_minutes + self.meeting_minutes
        )

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)


@dataclass(frozen=True)
class ActivityRow:
    code: str
    name: str
    figures: Figures


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    unique_clients: int
    eligible_unique_clients: int

    @property
    def ineligible_unique_clients(self) -> int:
        return self.unique_clients - self.eligible_unique_clients


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    label: str
    rows: tuple[BreakdownRow, ...]

    @property
    def total(self) -> int:
        return sum(row.unique_clients for row in self.rows)

    @property
    def eligible_total(self) -> int:
        return sum(row.eligible_unique_clients for row in self.rows)

    @property
    def ineligible_total(self) -> int:
        return self.total - self.eligible_total


@dataclass(frozen=True)
class IndicatorRow:
    pk: int
    set_code: str
    set_name: str
    code: str
    name: str
    measure: str
    value: int | float | None
    target: int | None
    target_from: date | None
    target_to: date | None
    person_count: bool  # the value counts persons (drill-down lists clients)

    @property
    def progress(self) -> float | None:
        """Percent of the target reached (one decimal), None without a target or a value."""
        if self.value is None or not self.target:
            return None
        return round(100 * self.value / self.target, 1)


@dataclass(frozen=True)
class CampaignFigures:
    campaigns: int = 0
    materials: int = 0
    copies: int = 0
    reach: int = 0
    actions: int = 0


@dataclass(frozen=True)
class MonitoringReport:
    date_from: date
    date_to: date
    office_code: str | None
    office_name: str | None
    totals: Figures
    activities: tuple[ActivityRow, ...]
    breakdowns: tuple[Breakdown, ...]
    indicators: tuple[IndicatorRow, ...]
    campaigns: CampaignFigures = field(default_factory=CampaignFigures)

    def activity(self, code: str) -> Figures:
        return next(row.figures for row in self.activities if row.code == code)

    def breakdown(self, dimension: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.dimension == dimension)


# --- record counts, one grouped query per table ---------------------------------------------


def _by_activity(scope: Scope) -> tuple[dict[str, dict[str, Any]], int]:
    """The record counts per activity, and how many volunteers logged hours in the period."""
    numbers: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))

    for row in (
        sources.services(scope)
        .order_by()
        .values("activity_id")
        # (COUNT(*), not of the key: the period's index covers this query)
        .annotate(n=Count("*"), minutes=Sum("minutes"), anonymous=Sum("anonymous_count"))
    ):
        target = numbers[row["activity_id"]]
        target["service_records"] = row["n"]
        target["service_minutes"] = row["minutes"] or 0
        target["anonymous_contacts"] = row["anonymous"] or 0

    for row in (
        sources.events(scope)
        .order_by()
        .values("activity_id")
        .annotate(
            n=Count("pk"),
            minutes=Sum("minutes"),
            adults=Sum("headcount_adults"),
            children=Sum("headcount_children"),
            unspecified=Sum("headcount_unspecified"),
        )
    ):
        target = numbers[row["activity_id"]]
        target["events"] = row["n"]
        target["event_minutes"] = row["minutes"] or 0
        target["public_headcount"] = (
            (row["adults"] or 0) + (row["children"] or 0) + (row["unspecified"] or 0)
        )

    grouped = [
        (sources.participations(scope), "event__activity_id", "event_participants"),
        (sources.professionals(scope), "event__activity_id", "event_professionals"),
        (sources.professional_enrolments(scope), "course__activity_id", "course_professionals"),
        (sources.attendances(scope), "lesson__course__activity_id", "attendances"),
        (sources.completions(scope), "course__activity_id", "completions"),
    ]
    for qs, path, name in grouped:
        for activity_id, n in qs.order_by().values_list(path).annotate(n=Count("pk")):
            numbers[activity_id][name] += n

    for row in (
        sources.held_lessons(scope)
        .order_by()
        .values("course__activity_id")
        .annotate(n=Count("pk"), minutes=Sum("minutes"), courses=Count("course_id", distinct=True))
    ):
        target = numbers[row["course__activity_id"]]
        target["lessons"] = row["n"]
        target["lesson_minutes"] = row["minutes"] or 0
        target["courses_run"] = row["courses"]

    # A meeting's duration is computed from its times, rounded down per meeting as the network
    # app does; a region has a few dozen meetings a year, so they are summed here.
    for starts_at, ends_at in (
        sources.platform_meetings(scope).order_by().values_list("starts_at", "ends_at")
    ):
        numbers["A18"]["meetings"] += 1
        numbers["A18"]["meeting_minutes"] += int((ends_at - starts_at).total_seconds() // 60)

    # One row per volunteer and activity: a centre has tens of volunteers, and the rows give
    # both the volunteers per activity and the volunteers of the whole period (each once).
    everyone: set[int] = set()
    for activity_id, volunteer_id, hours in (
        sources.volunteer_hours(scope)
        .order_by()
        .values_list("activity_id", "volunteer_id")
        .annotate(hours=Sum("hours"))
    ):
        numbers[activity_id]["volunteers"] += 1
        numbers[activity_id]["volunteer_hours"] += hours or Decimal(0)
        everyone.add(volunteer_id)
    return numbers, len(everyone)


def _campaign_figures(scope: Scope) -> CampaignFigures:
    row = sources.distributions(scope).aggregate(
        campaigns=Count("campaign_id", distinct=True),
        materials=Count("material_id", distinct=True),
        copies=Sum("copies"),
        reach=Sum("reach"),
        actions=Count("pk"),
    )
    return CampaignFigures(**{k: v or 0 for k, v in row.items()})


# --- indicators ---------------------------------------------------------------------------------


def _indicators() -> list[Indicator]:
    return list(
        Indicator.objects.filter(indicator_set__active=True)
        .select_related("indicator_set")
        .prefetch_related("activities", "targets")
        .order_by("indicator_set__order", "indicator_set__code", "order", "code", "pk")
    )


def _codes(indicator: Indicator) -> tuple[str, ...]:
    return tuple(sorted(a.code for a in indicator.activities.all()))


def _target(indicator: Indicator, date_from: date, date_to: date) -> Any:
    """The target of the narrowest period containing the report period (for an indicator
    entered by hand: of exactly the report period, since its value is for that period)."""
    targets = indicator.targets.all()
    if indicator.measure == Measure.MANUAL:
        fitting = [t for t in targets if (t.period_from, t.period_to) == (date_from, date_to)]
    else:
        fitting = [t for t in targets if t.covers(date_from, date_to)]
    fitting.sort(key=lambda t: (t.period_to - t.period_from, -t.period_from.toordinal(), t.pk))
    return fitting[0] if fitting else None


def _indicator_value(
    indicator: Indicator,
    persons: dict[str, int],
    activities: tuple[ActivityRow, ...],
    campaigns: CampaignFigures,
    target: Any,
) -> int | float | None:
    measure = indicator.measure
    if measure == Measure.CLIENTS:
        return persons[f"i{indicator.pk}"]
    if measure == Measure.MANUAL:
        return target.value if target is not None else None
    if measure in ACTIVITY_SUMS:
        codes = set(_codes(indicator))
        total = sum(
            getattr(row.figures, ACTIVITY_SUMS[measure])
            for row in activities
            if not codes or row.code in codes
        )
        return round(total / 60, 2) if measure == Measure.HOURS else total
    return {
        Measure.CAMPAIGNS: campaigns.campaigns,
        Measure.CAMPAIGN_MATERIALS: campaigns.materials,
        Measure.PACKAGES_AND_CAMPAIGNS: campaigns.materials + campaigns.campaigns,
        Measure.DISTRIBUTION_COPIES: campaigns.copies,
        Measure.DISTRIBUTION_REACH: campaigns.reach,
    }[Measure(measure)]


# --- the report ----------------------------------------------------------------------------------


def _breakdowns(
    rows: list[tuple[str, str, int, int]], category_list: list[ResidenceCategory]
) -> tuple[Breakdown, ...]:
    found: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for section, key, n, eligible in rows:
        if section in DIMENSIONS:
            found[section][key] = (n, eligible)

    citizenship = found["citizenship"]
    countries = {c.code: c.name for c in Country.objects.filter(code__in=list(citizenship))}
    citizenship_rows = sorted(
        (
            BreakdownRow(code, countries.get(code, code), n, e)
            for code, (n, e) in citizenship.items()
        ),
        key=lambda r: (-r.unique_clients, r.key),
    )

    def fixed(dimension: str, keys: list[tuple[str, str]]) -> tuple[BreakdownRow, ...]:
        values = found[dimension]
        listed = [BreakdownRow(k, label, *values.get(k, (0, 0))) for k, label in keys]
        known = {k for k, _label in keys}
        # A value outside the code list (never expected) is shown, not dropped.
        listed += [
            BreakdownRow(k, k, n, e) for k, (n, e) in sorted(values.items()) if k not in known
        ]
        return tuple(listed)

    categories = [(c.code, c.name) for c in category_list]
    return (
        Breakdown("citizenship", str(DIMENSION_LABELS["citizenship"]), tuple(citizenship_rows)),
        Breakdown(
            "sex",
            str(DIMENSION_LABELS["sex"]),
            fixed("sex", [(s.value, str(s.label)) for s in Sex]),
        ),
        Breakdown(
            "age_band",
            str(DIMENSION_LABELS["age_band"]),
            fixed("age_band", [(b, str(AGE_BAND_LABELS[b])) for b in AGE_BANDS]),
        ),
        Breakdown(
            "residence_category",
            str(DIMENSION_LABELS["residence_category"]),
            fixed("residence_category", categories),
        ),
    )


def monitoring_report(scope: Scope) -> MonitoringReport:
    with tuned():
        return _monitoring_report(scope)


def _monitoring_report(scope: Scope) -> MonitoringReport:
    indicators = _indicators()
    person_indicators = {
        f"i{i.pk}": person_filter(i, _codes(i)) for i in indicators if i.measure == Measure.CLIENTS
    }
    activity_list = list(Activity.objects.order_by("order", "code"))
    category_list = list(ResidenceCategory.objects.all())
    people = PeopleQuery(scope, [a.code for a in activity_list], [c.code for c in category_list])
    person_rows = people.counts(person_indicators)
    persons = {key: n for section, key, n, _e in person_rows if section == "extra"}
    per_activity_persons = {
        key: (n, e) for section, key, n, e in person_rows if section == "activity"
    }
    total_persons = next(
        ((n, e) for section, _k, n, e in person_rows if section == "total"), (0, 0)
    )

    numbers, volunteers = _by_activity(scope)
    activities = []
    for activity in activity_list:
        n, e = per_activity_persons.get(activity.code, (0, 0))
        figures = Figures(
            unique_clients=n, eligible_unique_clients=e, **numbers.get(activity.code, {})
        )
        activities.append(ActivityRow(activity.code, activity.name, figures))
    # Records of an activity missing from the code list would be shown, never dropped.
    listed = {row.code for row in activities}
    for code in sorted((set(numbers) | set(per_activity_persons)) - listed):
        n, e = per_activity_persons.get(code, (0, 0))
        activities.append(ActivityRow(code, code, Figures(n, e, **numbers.get(code, {}))))

    summed = {
        name: sum(getattr(row.figures, name) for row in activities)
        for name in Figures.__dataclass_fields__
        if name not in ("unique_clients", "eligible_unique_clients", "volunteers")
    }
    totals = Figures(
        unique_clients=total_persons[0],
        eligible_unique_clients=total_persons[1],
        volunteers=volunteers,
        **summed,
    )
    campaigns = _campaign_figures(scope)
    activity_rows = tuple(activities)

    indicator_rows = []
    for indicator in indicators:
        target = _target(indicator, scope.date_from, scope.date_to)
        indicator_rows.append(
            IndicatorRow(
                pk=indicator.pk,
                set_code=indicator.indicator_set.code,
                set_name=indicator.indicator_set.name,
                code=indicator.code,
                name=indicator.name,
                measure=indicator.measure,
                value=_indicator_value(indicator, persons, activity_rows, campaigns, target),
                target=target.target if target is not None else None,
                target_from=target.period_from if target is not None else None,
                target_to=target.period_to if target is not None else None,
                person_count=indicator.measure == Measure.CLIENTS,
            )
        )

    office = scope.office
    return MonitoringReport(
        date_from=scope.date_from,
        date_to=scope.date_to,
        office_code=office.code if office else None,
        office_name=office.name if office else None,
        totals=totals,
        activities=activity_rows,
        breakdowns=_breakdowns(person_rows, category_list),
        indicators=tuple(indicator_rows),
        campaigns=campaigns,
    )
