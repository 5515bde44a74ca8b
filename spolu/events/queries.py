"""Reads of events, campaigns and field visits: the calendar layout, page data and the sums
reports need (one grouped query per table, regrouped in Python; never a query per row).

For the monitoring report (DESIGN.md §5), for a period `date_from`–`date_to` (inclusive) and
optionally one office:
- `participations(...)`: registered participations (client id, event date, activity);
- `activity_minutes(...)`: minutes per activity of events (once per event) and A18 meetings;
- `public_headcounts(...)`: the public headcount per activity;
- `distribution_totals(...)`: copies and reach per language and channel.
"""

from __future__ import annotations

import calendar as pycalendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from spolu.counselling.models import FieldVisit, ServiceRecord
from spolu.events.calendar import CalendarItem
from spolu.events.models import DistributionAction, Event, EventParticipant

# --- Calendar layout --------------------------------------------------------------------------


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class CalendarDay:
    day: date
    in_range: bool
    is_today: bool
    items: list[CalendarItem] = field(default_factory=list)
    html: str = ""  # the items rendered by the view


@dataclass(frozen=True)
class CalendarPage:
    view: str  # "month" or "week"
    anchor: date
    first: date  # first day shown (a Monday)
    last: date  # last day shown (a Sunday)
    weeks: list[list[CalendarDay]]
    previous: date
    next: date
    item_count: int


def calendar_range(view: str, anchor: date) -> tuple[date, date]:
    """First and last day (Monday–Sunday) of the weeks shown for `anchor`."""
    if view == "week":
        first = anchor - timedelta(days=anchor.weekday())
        return first, first + timedelta(days=6)
    month_start = anchor.replace(day=1)
    month_end = anchor.replace(day=pycalendar.monthrange(anchor.year, anchor.month)[1])
    first = month_start - timedelta(days=month_start.weekday())
    last = month_end + timedelta(days=6 - month_end.weekday())
    return first, last


def calendar_page(view: str, anchor: date, items: list[CalendarItem]) -> CalendarPage:
    """Lay items out in weeks of days; an item spanning several days appears on each of them."""
    first, last = calendar_range(view, anchor)
    today = timezone.localdate()
    days: dict[date, CalendarDay] = {}
    day = first
    while day <= last:
        in_range = view == "week" or day.month == anchor.month
        days[day] = CalendarDay(day=day, in_range=in_range, is_today=day == today)
        day += timedelta(days=1)
    tz = timezone.get_current_timezone()
    for item in items:
        start = max(item.starts_at.astimezone(tz).date(), first)
        end_moment = (
            item.ends_at - timedelta(microseconds=1)
            if item.ends_at > item.starts_at
            else item.ends_at
        )
        end = min(end_moment.astimezone(tz).date(), last)
        if start == end:
            days[start].items.append(item)
            continue
        day = start
        while day <= end:
            days[day].items.append(item)
            day += timedelta(days=1)
    ordered = list(days.values())
    weeks = [ordered[i : i + 7] for i in range(0, len(ordered), 7)]
    if view == "week":
        previous, following = anchor - timedelta(days=7), anchor + timedelta(days=7)
    else:
        month_start = anchor.replace(day=1)
        previous = (month_start - timedelta(days=1)).replace(day=1)
        following = (month_start + timedelta(days=32)).replace(day=1)
    return CalendarPage(
        view=view,
        anchor=anchor,
        first=first,
        last=last,
        weeks=weeks,
        previous=previous,
        next=following,
        item_count=len(items),
    )


# --- Events as calendar items -----------------------------------------------------------------


def event_items(
    events: QuerySet[Event],
    start: datetime,
    end: datetime,
    offices: Any = None,
    activities: Any = None,
    url_pattern: str = "/events/{}/",
) -> list[CalendarItem]:
    """Events overlapping [start, end) as calendar items, in two queries."""
    events = events.filter(starts_at__lt=end, ends_at__gte=start)
    if offices is not None:
        events = events.filter(office_id__in=list(offices))
    if activities is not None:
        events = events.filter(activity_id__in=list(activities))
    rows = list(
        events.order_by().values_list(
            "pk", "title", "starts_at", "ends_at", "office_id", "activity_id", "place", "cancelled"
        )
    )
    if not rows:
        return []
    organisers: dict[int, list[int]] = defaultdict(list)
    through = Event.organisers.through.objects.filter(event__in=events.values("pk"))
    for event_id, user_id in through.values_list("event_id", "user_id"):
        organisers[event_id].append(user_id)
    return [
        CalendarItem(
            kind="event",
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            url=url_pattern.format(pk),
            office_id=office_id,
            activity_id=activity_id,
            place=place,
            staff_ids=tuple(organisers.get(pk, ())),
            cancelled=cancelled,
        )
        for pk, title, starts_at, ends_at, office_id, activity_id, place, cancelled in rows
    ]


# --- Event page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRoster:
    participants: list[EventParticipant]
    professionals: list[Any]
    registered: int
    attended: int
    absent: int
    free_places: int | None


# What a roster shows (name in both scripts, year of birth, citizenship): loading only these
# keeps an event of hundreds of participants fast.
PARTICIPANT_FIELDS = (
    "event_id",
    "attended",
    "registered_at",
    "client__first_name",
    "client__last_name",
    "client__first_name_latin",
    "client__last_name_latin",
    "client__birth_date",
    "client__birth_year",
    "client__citizenship_id",
    "client__anonymised_at",
)


def event_roster(event: Event) -> EventRoster:
    """Registered clients and professionals of an event, in two queries whatever their number."""
    # Sorted by the Latin spelling, or the native one where no Latin spelling is recorded.
    participants = list(
        event.participants.select_related("client")
        .only(*PARTICIPANT_FIELDS)
        .annotate(
            sort_last=Coalesce(NullIf("client__last_name_latin", Value("")), "client__last_name"),
            sort_first=Coalesce(
                NullIf("client__first_name_latin", Value("")), "client__first_name"
            ),
        )
        .order_by("sort_last", "sort_first", "pk")
    )
    professionals = list(event.professionals.select_related("organisation"))
    rows: list[Any] = [*participants, *professionals]
    registered = len(rows)
    attended = sum(1 for r in rows if r.attended is True)
    absent = sum(1 for r in rows if r.attended is False)
    free = None if event.capacity is None else max(event.capacity - registered, 0)
    return EventRoster(participants, professionals, registered, attended, absent, free)


# --- Field visits -----------------------------------------------------------------------------


def field_visits_visible_to(user: Any) -> QuerySet[FieldVisit]:
    """Field visits `user` may open: their offices' visits, or (field workers) the ones they
    went on or recorded — DESIGN.md §1: a field worker sees what they record."""
    if not user.is_active:
        return FieldVisit.objects.none()
    visits = FieldVisit.objects.visible_to(user)
    if not user.has_perm("events.view_office_field_visits"):
        mine = FieldVisit.objects.filter(Q(staff=user) | Q(created_by=user)).values("pk")
        visits = visits.filter(pk__in=mine)
    return visits


@dataclass(frozen=True)
class FieldVisitServices:
    client_services: list[ServiceRecord]
    anonymous: list[ServiceRecord]
    anonymous_total: int
    minutes_total: int


def field_visit_services(visit: FieldVisit, user: Any) -> FieldVisitServices | None:
    """Services recorded under a visit, in one query; None when the user may not see services."""
    if not user.has_perm("counselling.view_servicerecord"):
        return None
    records = list(
        ServiceRecord.objects.visible_to(user)
        .filter(field_visit=visit)
        .select_related("client", "activity", "staff", "anonymous_citizenship")
        .order_by("pk")
    )
    client_services = [r for r in records if not r.is_anonymous]
    anonymous = [r for r in records if r.is_anonymous]
    return FieldVisitServices(
        client_services=client_services,
        anonymous=anonymous,
        anonymous_total=sum(r.anonymous_count for r in anonymous),
        minutes_total=sum(r.minutes for r in records),
    )


# --- Sums for reports -------------------------------------------------------------------------


def _office_filter(qs: Any, office: Any, field_name: str = "office") -> Any:
    return qs if office is None else qs.filter(**{field_name: office})


def participations(
    date_from: date, date_to: date, office: Any = None
) -> list[tuple[int, date, str]]:
    """(client id, event date, activity code) of every counted registration in the period."""
    qs = EventParticipant.objects.reportable().filter(
        event__date__gte=date_from, event__date__lte=date_to
    )
    qs = _office_filter(qs, office, "event__office")
    return list(qs.values_list("client_id", "event__date", "event__activity_id"))


def activity_minutes(date_from: date, date_to: date, office: Any = None) -> dict[str, int]:
    """Minutes per activity: each event once (not per participant), plus A18 platform meetings."""
    from spolu.network.models import PlatformMeeting

    events = _office_filter(Event.objects.reportable().between(date_from, date_to), office)
    totals: dict[str, int] = defaultdict(int)
    for activity_id, minutes in (
        events.order_by().values_list("activity_id").annotate(total=Sum("minutes"))
    ):
        totals[activity_id] += minutes or 0
    meetings = _office_filter(
        PlatformMeeting.objects.filter(
            starts_at__gte=local_midnight(date_from),
            starts_at__lt=local_midnight(date_to + timedelta(days=1)),
        ),
        office,
        "platform__office",
    )
    for starts_at, ends_at in meetings.values_list("starts_at", "ends_at"):
        totals["A18"] += int((ends_at - starts_at).total_seconds() // 60)
    return dict(totals)


def public_headcounts(date_from: date, date_to: date, office: Any = None) -> dict[str, int]:
    """The public headcount (adults + children + not broken down) per activity."""
    events = _office_filter(Event.objects.reportable().between(date_from, date_to), office)
    rows = (
        events.order_by()
        .values("activity_id")
        .annotate(
            adults=Sum("headcount_adults"),
            children=Sum("headcount_children"),
            unspecified=Sum("headcount_unspecified"),
        )
    )
    return {
        r["activity_id"]: (r["adults"] or 0) + (r["children"] or 0) + (r["unspecified"] or 0)
        for r in rows
    }


@dataclass(frozen=True)
class DistributionTotals:
    """Copies and reach per language and per channel. A multilingual material counts under
    each of its languages, so `total_*` (each action once) can be less than the language sum."""

    by_language: list[tuple[str, int, int]]  # (language code, copies, reach)
    by_channel: list[tuple[str, int, int]]  # (channel, copies, reach)
    by_language_channel: dict[tuple[str, str], tuple[int, int]]
    total_copies: int
    total_reach: int
    actions: int


def distribution_totals(actions: QuerySet[DistributionAction]) -> DistributionTotals:
    """Sums over `actions` (already filtered by campaign, period, office) in two queries."""
    per_channel = list(
        actions.order_by()
        .values_list("channel")
        .annotate(copies=Sum("copies"), reach=Sum("reach"), n=Count("pk"))
        .order_by("channel")
    )
    per_pair = (
        actions.order_by()
        .filter(material__languages__isnull=False)
        .values_list("material__languages__code", "channel")
        .annotate(copies=Sum("copies"), reach=Sum("reach"))
    )
    by_pair: dict[tuple[str, str], tuple[int, int]] = {}
    by_language: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for language, channel, copies, reach in per_pair:
        by_pair[(language, channel)] = (copies or 0, reach or 0)
        by_language[language][0] += copies or 0
        by_language[language][1] += reach or 0
    return DistributionTotals(
        by_language=sorted(((k, v[0], v[1]) for k, v in by_language.items()), key=lambda r: -r[1]),
        by_channel=[(c, copies or 0, reach or 0) for c, copies, reach, _n in per_channel],
        by_language_channel=by_pair,
        total_copies=sum(copies or 0 for _c, copies, _r, _n in per_channel),
        total_reach=sum(reach or 0 for _c, _copies, reach, _n in per_channel),
        actions=sum(n for *_rest, n in per_channel),
    )
