"""Reads of services: the filtered service list, the client's services, "my work"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, QuerySet, Sum
from django.http import QueryDict

from spolu.clients.models import Client, ResidenceStatus
from spolu.core.dates import parse_date_param
from spolu.core.models import Activity, User
from spolu.core.params import parse_id
from spolu.counselling.models import Appointment, AppointmentStatus, ServiceRecord

LIST_RELATED = (
    "activity",
    "client",
    "client__citizenship",
    "organisation",
    "staff",
    "office",
    "anonymous_citizenship",
    "interpreter_language",
    "referral_organisation",
)


@dataclass(frozen=True)
class ServiceFilters:
    date_from: date | None
    date_to: date | None
    activity: str
    kind: str  # "", "client", "organisation", "anonymous"
    mine: bool
    activities: list[Activity]
    client: str = ""  # one client's services (a link from the client page)


def service_list_queryset(
    user: User, params: QueryDict
) -> tuple[QuerySet[ServiceRecord], ServiceFilters]:
    date_from = parse_date_param(params.get("from"))
    date_to = parse_date_param(params.get("to"))
    activity = params.get("activity", "")
    kind = params.get("kind", "")
    mine = params.get("mine") == "1"
    client = params.get("client", "")
    services = ServiceRecord.objects.visible_to(user).select_related(*LIST_RELATED)
    client_id = parse_id(client)
    if client_id is not None:
        services = services.filter(client_id=client_id)
    services = services.prefetch_related("topics")
    if date_from:
        services = services.filter(date__gte=date_from)
    if date_to:
        services = services.filter(date__lte=date_to)
    if activity:
        services = services.filter(activity_id=activity)
    if kind == "client":
        services = services.filter(client__isnull=False)
    elif kind == "organisation":
        services = services.filter(organisation__isnull=False)
    elif kind == "anonymous":
        services = services.anonymous()
    if mine:
        services = services.filter(staff=user)
    filters = ServiceFilters(
        date_from,
        date_to,
        activity,
        kind,
        mine,
        list(Activity.objects.filter(active=True)),
        client if client_id is not None else "",
    )
    return services.order_by("-date", "-pk"), filters


def client_services(client: Client, limit: int | None = None) -> list[ServiceRecord]:
    """The client's services, newest first, with what the client page shows, in a fixed
    number of queries (the latest `limit` of them when given)."""
    services = (
        ServiceRecord.objects.filter(client=client)
        .select_related(
            "activity", "staff", "interpreter_language", "referral_organisation", "office"
        )
        .prefetch_related("topics")
        .order_by("-date", "-pk")
    )
    return list(services[:limit] if limit else services)


def client_service_totals(client: Client) -> dict[str, int]:
    """How many services the client had and their minutes, in one query."""
    totals = ServiceRecord.objects.filter(client=client).aggregate(
        count=Count("pk"), minutes=Sum("minutes")
    )
    return {"count": totals["count"], "minutes": totals["minutes"] or 0}


def open_follow_ups(user: User, today: date, horizon_days: int = 7) -> list[ServiceRecord]:
    return list(
        ServiceRecord.objects.filter(
            staff=user,
            follow_up_done_at__isnull=True,
            follow_up_due__isnull=False,
            follow_up_due__lte=today + timedelta(days=horizon_days),
        )
        .exclude(follow_up="")
        .select_related("client", "organisation", "activity")
        .order_by("follow_up_due", "pk")[:20]
    )


def todays_appointments(user: User, today: date) -> list[Appointment]:
    return list(
        Appointment.objects.filter(staff=user, starts_at__date=today)
        .exclude(status=AppointmentStatus.CANCELLED)
        .select_related("client", "activity", "interpreter_language", "office")
        .order_by("starts_at")
    )


def expiring_permits(user: User, today: date, within_days: int = 60) -> list[ResidenceStatus]:
    """Current statuses ending within `within_days` of clients `user` served in the past year."""
    served = ServiceRecord.objects.filter(
        staff=user, client__isnull=False, date__gte=today - timedelta(days=365)
    ).values("client_id")
    statuses = (
        ResidenceStatus.objects.filter(
            client_id__in=served,
            valid_from__lte=today,
            valid_to__gte=today,
            valid_to__lte=today + timedelta(days=within_days),
            client__merged_into__isnull=True,
        )
        .select_related("client", "category")
        .order_by("valid_to", "pk")
    )
    return list(statuses[:20])
