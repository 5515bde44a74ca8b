"""Reads of the regional dashboard: official figures over time, top citizenships and reach.

Totals are read from total rows, never summed from details (see models.py): a territory
without a total row on a date has "no published figure", whatever details exist. Reach is the
number of the centre's unique clients of the last 12 months (a client with at least one service,
registered event participation or lesson attendance in that window; counted once) divided by
the official count on the reference date, per district and per citizenship.

Every function runs a fixed number of grouped queries, however much data there is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from spolu.clients.models import Client
from spolu.core.access import office_q
from spolu.core.models import Country, District, Office
from spolu.monitoring.models import Observation, OfficialStatistic
from spolu.monitoring.territories import DEFAULT_REGION, region_name

CZECH = "CZ"
TOP_CITIZENSHIPS = 10


@dataclass(frozen=True)
class Figure:
    """One stored count, with whether it was published or made up (synthetic)."""

    count: int
    synthetic: bool = False
    source: str = ""


@dataclass(frozen=True)
class Territory:
    code: str
    name: str


@dataclass(frozen=True)
class TimeRow:
    """The official totals of one date: the region (all, men, women) and each district."""

    date: date
    region_total: Figure | None
    region_men: Figure | None
    region_women: Figure | None
    districts: tuple[Figure | None, ...]


@dataclass(frozen=True)
class CitizenshipFigure:
    code: str
    name: str
    figure: Figure
    share: Decimal | None  # percent of the region's total, when that is published


@dataclass(frozen=True)
class ReachRow:
    code: str  # district or citizenship code; "" when not recorded
    name: str
    official: Figure | None
    clients: int

    @property
    def per_thousand(self) -> Decimal | None:
        """Clients per 1 000 foreigners (one decimal); None without an official count."""
        if self.official is None or self.official.count == 0:
            return None
        value = Decimal(self.clients * 1000) / Decimal(self.official.count)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Dashboard:
    region: Territory
    dates: list[date]  # dates with a published or synthetic total of the region
    reference_date: date | None
    reach_from: date
    reach_to: date
    districts: list[Territory]
    over_time: list[TimeRow]
    region_total: Figure | None
    region_men: Figure | None
    top_citizenships: list[CitizenshipFigure]
    reach_by_district: list[ReachRow]
    reach_by_citizenship: list[ReachRow]
    clients_total: int
    clients_foreign: int = 0
    women_published: bool = False
    synthetic_shown: bool = False

    @property
    def region_reach(self) -> ReachRow:
        return ReachRow(self.region.code, self.region.name, self.region_total, self.clients_foreign)


def home_region() -> str:
    """The region (kraj) where most of the centre's offices are."""
    row = (
        Office.objects.filter(active=True)
        .values("district__region_code")
        .annotate(n=Count("pk"))
        .order_by("-n", "district__region_code")
        .first()
    )
    return (row or {}).get("district__region_code") or DEFAULT_REGION


def reach_window(today: date) -> tuple[date, date]:
    """The last 12 months up to `today`, both ends inclusive."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + timedelta(days=1), today


def engaged_clients(user: Any, date_from: date, date_to: date) -> QuerySet[Client]:
    """Clients `user` may count with at least one engagement (DESIGN.md §5) in the period."""
    from spolu.counselling.models import ServiceRecord
    from spolu.courses.models import Attendance, AttendanceStatus
    from spolu.events.models import EventParticipant

    services = (
        ServiceRecord.objects.filter(client__isnull=False, date__gte=date_from, date__lte=date_to)
        .values("client_id")
        .order_by()
    )
    participations = (
        EventParticipant.objects.reportable()
        .filter(event__date__gte=date_from, event__date__lte=date_to)
        .values("client_id")
        .order_by()
    )
    attendance = (
        Attendance.objects.filter(
            status=AttendanceStatus.PRESENT,
            lesson__cancelled=False,
            lesson__date__gte=date_from,
            lesson__date__lte=date_to,
            enrolment__client__isnull=False,
        )
        .values("enrolment__client_id")
        .order_by()
    )
    # One IN over the UNION: PostgreSQL plans `IN (a) OR IN (b) OR IN (c)` as a subplan per
    # client, which took minutes at 100 000 clients and 1 000 000 services (about 1 s this way).
    return Client.objects.filter(office_q(user), merged_into__isnull=True).filter(
        pk__in=services.union(participations, attendance)
    )


def _figure(stat: Mapping[str, Any]) -> Figure:
    return Figure(stat["count"], stat["synthetic"], stat["source"])


def available_dates(region: str) -> list[date]:
    return list(
        OfficialStatistic.objects.totals()
        .filter(territory=region)
        .order_by("-date")
        .values_list("date", flat=True)
    )


def dashboard(
    user: Any, *, reference_date: date | None = None, today: date | None = None
) -> Dashboard:
    today = today or timezone.localdate()
    region = home_region()
    all_districts = {d.code: d.name for d in District.objects.all()}
    # In the order of their codes, as the statistical office lists them.
    region_districts = [
        Territory(code, name)
        for code, name in sorted(all_districts.items())
        if _region_of(code, region)
    ]
    district_codes = [d.code for d in region_districts]

    # Totals over time: the region (all, men, women) and its districts, one query.
    stats = (
        OfficialStatistic.objects.filter(
            territory__in=[region, *district_codes],
            citizenship="",
            residence_category="",
            age_band="",
        )
        .filter(Q(sex="") | Q(territory=region, sex__in=["M", "F"]))
        .values("date", "territory", "sex", "count", "synthetic", "source")
    )
    by_key = {(s["date"], s["territory"], s["sex"]): _figure(s) for s in stats}
    dates = sorted({key[0] for key in by_key})
    region_dates = sorted((d for d in dates if (d, region, "") in by_key), reverse=True)
    if reference_date not in region_dates:
        reference_date = region_dates[0] if region_dates else None
    over_time = [
        TimeRow(
            date=day,
            region_total=by_key.get((day, region, "")),
            region_men=by_key.get((day, region, "M")),
            region_women=by_key.get((day, region, "F")),
            districts=tuple(by_key.get((day, code, "")) for code in district_codes),
        )
        for day in dates
    ]
    region_total = by_key.get((reference_date, region, "")) if reference_date else None

    # Citizenships of the region on the reference date, one query.
    citizenship_figures: dict[str, Figure] = {}
    if reference_date:
        rows = (
            OfficialStatistic.objects.filter(
                date=reference_date, territory=region, residence_category="", sex="", age_band=""
            )
            .exclude(citizenship="")
            .values("citizenship", "count", "synthetic", "source")
        )
        citizenship_figures = {row["citizenship"]: _figure(row) for row in rows}

    # Unique clients of the last 12 months by district and citizenship, one query.
    reach_from, reach_to = reach_window(today)
    counted = (
        engaged_clients(user, reach_from, reach_to)
        .order_by()
        .values("district_id", "citizenship_id")
        .annotate(n=Count("pk"))
    )
    by_district: dict[str, int] = defaultdict(int)
    by_citizenship: dict[str, int] = defaultdict(int)
    clients_total = 0
    for row in counted:
        clients_total += row["n"]
        if row["citizenship_id"] == CZECH:
            continue  # official counts are of foreigners
        by_district[row["district_id"] or ""] += row["n"]
        by_citizenship[row["citizenship_id"]] += row["n"]

    codes = set(citizenship_figures) | set(by_citizenship)
    country_names = _country_names(codes)

    reach_by_district = [
        ReachRow(
            d.code,
            d.name,
            by_key.get((reference_date, d.code, "")) if reference_date else None,
            by_district.get(d.code, 0),
        )
        for d in region_districts
    ]
    for code in sorted(set(by_district) - set(district_codes) - {""}):
        reach_by_district.append(
            ReachRow(code, all_districts.get(code, code), None, by_district[code])
        )
    if by_district.get(""):
        reach_by_district.append(ReachRow("", "", None, by_district[""]))

    reach_by_citizenship = sorted(
        (
            ReachRow(
                code,
                country_names.get(code, code),
                citizenship_figures.get(code),
                by_citizenship.get(code, 0),
            )
            for code in codes
        ),
        key=lambda r: (-(r.official.count if r.official else -1), -r.clients, r.name),
    )
    top = sorted(citizenship_figures.items(), key=lambda item: (-item[1].count, item[0]))
    top_citizenships = [
        CitizenshipFigure(code, country_names.get(code, code), figure, _share(figure, region_total))
        for code, figure in top[:TOP_CITIZENSHIPS]
    ]
    synthetic_shown = any(f.synthetic for f in by_key.values()) or any(
        f.synthetic for f in citizenship_figures.values()
    )
    return Dashboard(
        region=Territory(region, region_name(region)),
        dates=region_dates,
        reference_date=reference_date,
        reach_from=reach_from,
        reach_to=reach_to,
        districts=region_districts,
        over_time=over_time,
        region_total=region_total,
        region_men=by_key.get((reference_date, region, "M")) if reference_date else None,
        top_citizenships=top_citizenships,
        reach_by_district=reach_by_district,
        reach_by_citizenship=reach_by_citizenship,
        clients_total=clients_total,
        clients_foreign=sum(by_citizenship.values()),
        women_published=any(row.region_women for row in over_time),
        synthetic_shown=synthetic_shown,
    )


def _region_of(district_code: str, region: str) -> bool:
    # District codes extend their region's code (CZ0427 is in CZ042).
    return district_code.startswith(region)


def _country_names(codes: set[str]) -> dict[str, str]:
    czech = (get_language() or "cs").startswith("cs")
    rows = Country.objects.filter(code__in=codes).values_list("code", "name_cs", "name_en")
    return {code: name_cs if czech else name_en for code, name_cs, name_en in rows}


def _share(figure: Figure, total: Figure | None) -> Decimal | None:
    if total is None or total.count == 0:
        return None
    return (Decimal(figure.count * 100) / Decimal(total.count)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class PanelFigures:
    region: Territory
    reference_date: date | None
    region_total: Figure | None
    clients_foreign: int
    reach_from: date
    reach_to: date

    @property
    def per_thousand(self) -> Decimal | None:
        return ReachRow("", "", self.region_total, self.clients_foreign).per_thousand


def panel_figures(user: Any, today: date | None = None) -> PanelFigures:
    """The coordinator's dashboard panel: the latest published total against the reach."""
    today = today or timezone.localdate()
    region = home_region()
    latest = (
        OfficialStatistic.objects.totals()
        .filter(territory=region)
        .order_by("-date")
        .values("date", "count", "synthetic", "source")
        .first()
    )
    reach_from, reach_to = reach_window(today)
    clients = engaged_clients(user, reach_from, reach_to).exclude(citizenship_id=CZECH).count()
    return PanelFigures(
        region=Territory(region, region_name(region)),
        reference_date=latest["date"] if latest else None,
        region_total=_figure(latest) if latest else None,
        clients_foreign=clients,
        reach_from=reach_from,
        reach_to=reach_to,
    )


def recent_observations(user: Any, limit: int = 8) -> list[Observation]:
    return list(Observation.objects.visible_to(user).select_related("district", "author")[:limit])
