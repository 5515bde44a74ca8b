"""Hours of staff per activity, from the records they already made plus their own entries.

Sources (minutes are counted on the day the work happened, never in the future):
- `services`: service records where the person is the staff member — except those recorded
  during a field visit the person took part in, whose time is inside the visit;
- `field_visits`: field visits (A02) the person took part in, each for its whole length;
- `events`: events (not cancelled) the person organised, each for its reported length;
- `lessons`: lessons held of the courses the person teaches (every teacher of a course is
  credited with its lessons);
- `meetings`: platform meetings (A18) the person attended, from start to end;
- `manual`: the person's own timesheet entries (administration, preparation, travel…).

Each source is read with one grouped query, whatever the number of records or people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from unidecode import unidecode

from spolu.core.access import sees_all_offices
from spolu.core.models import Activity, User
from spolu.timesheets.models import MonthClosure, TimesheetEntry

SOURCES = ("services", "field_visits", "events", "lessons", "meetings", "manual")
SOURCE_LABELS = {
    "services": _("services"),
    "field_visits": _("field visits"),
    "events": _("events"),
    "lessons": _("lessons"),
    "meetings": _("platform meetings"),
    "manual": _("other work"),
}
FIELD_WORK = "A02"
PLATFORMS = "A18"

# (user id, day, activity code, source) → minutes
Minutes = dict[tuple[int, date, str, str], int]


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def recorded_minutes(
    date_from: date, date_to: date, user_ids: Iterable[int] | None = None, today: date | None = None
) -> Minutes:
    """Minutes per person, day, activity and source in the period (six grouped queries)."""
    from spolu.counselling.models import FieldVisit, ServiceRecord
    from spolu.courses.models import Lesson
    from spolu.events.models import Event
    from spolu.network.models import PlatformMeeting

    today = today or timezone.localdate()
    date_to = min(date_to, today)
    users = list(user_ids) if user_ids is not None else None
    result: Minutes = defaultdict(int)
    if date_to < date_from:
        return result

    def add(rows: Iterable[tuple[Any, ...]], source: str) -> None:
        for user_id, day, activity, minutes in rows:
            if user_id is not None and minutes:
                result[(user_id, day, activity, source)] += minutes

    in_own_visit = FieldVisit.staff.through.objects.filter(
        fieldvisit_id=OuterRef("field_visit_id"), user_id=OuterRef("staff_id")
    )
    services = ServiceRecord.objects.filter(date__gte=date_from, date__lte=date_to).filter(
        ~Exists(in_own_visit)
    )
    if users is not None:
        services = services.filter(staff_id__in=users)
    add(
        services.order_by()
        .values_list("staff_id", "date", "activity_id")
        .annotate(m=Sum("minutes")),
        "services",
    )

    visits = FieldVisit.staff.through.objects.filter(
        fieldvisit__date__gte=date_from, fieldvisit__date__lte=date_to
    )
    if users is not None:
        visits = visits.filter(user_id__in=users)
    add(
        (
            (user_id, day, FIELD_WORK, minutes)
            for user_id, day, minutes in visits.order_by()
            .values_list("user_id", "fieldvisit__date")
            .annotate(m=Sum("fieldvisit__minutes"))
        ),
        "field_visits",
    )

    organised = Event.organisers.through.objects.filter(
        event__cancelled=False, event__date__gte=date_from, event__date__lte=date_to
    )
    if users is not None:
        organised = organised.filter(user_id__in=users)
    add(
        organised.order_by()
        .values_list("user_id", "event__date", "event__activity_id")
        .annotate(m=Sum("event__minutes")),
        "events",
    )

    lessons = Lesson.objects.held(today).filter(
        date__gte=date_from, date__lte=date_to, course__teachers__isnull=False
    )
    if users is not None:
        lessons = lessons.filter(course__teachers__in=users)
    add(
        lessons.order_by()
        .values_list("course__teachers", "date", "course__activity_id")
        .annotate(m=Sum("minutes")),
        "lessons",
    )

    meetings = PlatformMeeting.staff.through.objects.filter(
        platformmeeting__starts_at__gte=_local_midnight(date_from),
        platformmeeting__starts_at__lt=_local_midnight(date_to + timedelta(days=1)),
    )
    if users is not None:
        meetings = meetings.filter(user_id__in=users)
    add(
        (
            (
                user_id,
                timezone.localdate(starts_at),
                PLATFORMS,
                int((ends_at - starts_at).total_seconds() // 60),
            )
            for user_id, starts_at, ends_at in meetings.values_list(
                "user_id", "platformmeeting__starts_at", "platformmeeting__ends_at"
            )
        ),
        "meetings",
    )

    entries = TimesheetEntry.objects.filter(date__gte=date_from, date__lte=date_to)
    if users is not None:
        entries = entries.filter(user_id__in=users)
    add(
        entries.order_by().values_list("user_id", "date", "activity_id").annotate(m=Sum("minutes")),
        "manual",
    )
    return result


def activity_names() -> dict[str, str]:
    return {a.code: a.name for a in Activity.objects.all()}


# --- One person's month -----------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityRow:
    code: str
    name: str
    minutes: dict[str, int]  # by source

    @property
    def total(self) -> int:
        return sum(self.minutes.values())

    def by_source(self) -> list[int]:
        return [self.minutes.get(source, 0) for source in SOURCES]


@dataclass(frozen=True)
class DayRow:
    day: date
    minutes: dict[str, int]  # by activity code
    total: int

    def in_columns(self, codes: list[str]) -> list[int]:
        return [self.minutes.get(code, 0) for code in codes]


@dataclass(frozen=True)
class Difference:
    code: str
    signed: int
    now: int


@dataclass(frozen=True)
class MonthSheet:
    person: User
    month: date
    activities: list[ActivityRow]
    days: list[DayRow]
    entries: list[TimesheetEntry]
    closure: MonthClosure | None
    differences: list[Difference] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [row.code for row in self.activities]

    @property
    def last_day(self) -> date:
        return month_end(self.month)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.activities)

    @property
    def source_totals(self) -> list[int]:
        return [sum(row.minutes.get(s, 0) for row in self.activities) for s in SOURCES]

    @property
    def minutes_by_activity(self) -> dict[str, int]:
        return {row.code: row.total for row in self.activities}


def month_sheet(person: User, month: date, today: date | None = None) -> MonthSheet:
    month = month_start(month)
    last = month_end(month)
    minutes = recorded_minutes(month, last, [person.pk], today=today)
    names = activity_names()
    by_activity: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_day: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (_user, day, code, source), value in minutes.items():
        by_activity[code][source] += value
        by_day[day][code] += value
    activities = [
        ActivityRow(code, names.get(code, code), dict(by_activity[code]))
        for code in sorted(by_activity)
    ]
    days = [
        DayRow(day, dict(values), sum(values.values())) for day, values in sorted(by_day.items())
    ]
    entries = list(
        TimesheetEntry.objects.filter(user=person)
        .in_month(month)
        .select_related("activity")
        .order_by("date", "pk")
    )
    closure = (
        MonthClosure.objects.filter(user=person, month=month).select_related("closed_by").first()
    )
    differences = []
    if closure is not None:
        now = {row.code: row.total for row in activities}
        signed = {code: int(value) for code, value in closure.signed.items()}
        differences = [
            Difference(code, signed.get(code, 0), now.get(code, 0))
            for code in sorted(set(now) | set(signed))
            if signed.get(code, 0) != now.get(code, 0)
        ]
    return MonthSheet(person, month, activities, days, entries, closure, differences)


def month_minutes(person: User, month: date) -> dict[str, int]:
    """{activity code: minutes} of the person's month (what a closure keeps as signed)."""
    totals: dict[str, int] = defaultdict(int)
    for (_user, _day, code, _source), value in recorded_minutes(
        month_start(month), month_end(month), [person.pk]
    ).items():
        totals[code] += value
    return dict(totals)


# --- Overview per activity and person -----------------------------------------------------------


def person_order(person: User) -> tuple[str, str, str]:
    """Surname order close to Czech (Černý among the C's, not after Z)."""
    return (
        unidecode(person.last_name).lower(),
        unidecode(person.first_name).lower(),
        person.username,
    )


def people_in_scope(viewer: User) -> Any:
    """Staff whose timesheets `viewer` may see: everyone, or colleagues of their offices."""
    people = User.objects.filter(is_active=True)
    if not sees_all_offices(viewer):
        people = people.filter(offices__in=viewer.office_ids()).distinct()
    return people


def timesheet_users(viewer: User) -> Any:
    """People in scope who keep a timesheet (their role has one)."""
    return (
        people_in_scope(viewer)
        .filter(
            groups__permissions__codename="add_timesheetentry",
            groups__permissions__content_type__app_label="timesheets",
        )
        .distinct()
    )


@dataclass(frozen=True)
class PersonRow:
    person: User
    minutes: dict[str, int]  # by activity code
    by_source: dict[str, int]
    closed: bool

    @property
    def total(self) -> int:
        return sum(self.minutes.values())

    def in_columns(self, codes: list[str]) -> list[int]:
        return [self.minutes.get(code, 0) for code in codes]

    def sources(self) -> list[int]:
        return [self.by_source.get(source, 0) for source in SOURCES]


@dataclass(frozen=True)
class Overview:
    first_month: date
    last_month: date
    codes: list[str]
    names: dict[str, str]
    people: list[PersonRow]
    # (person id, activity, source) → minutes, for the sheet "by source"
    detail: dict[tuple[int, str, str], int]

    @property
    def date_to(self) -> date:
        return month_end(self.last_month)

    @property
    def column_totals(self) -> list[int]:
        return [sum(p.minutes.get(code, 0) for p in self.people) for code in self.codes]

    @property
    def total(self) -> int:
        return sum(p.total for p in self.people)

    @property
    def single_month(self) -> bool:
        return self.first_month == self.last_month

    @property
    def all_closed(self) -> bool:
        return bool(self.people) and all(p.closed for p in self.people)


def overview(
    viewer: User, first_month: date, last_month: date, today: date | None = None
) -> Overview:
    first_month, last_month = month_start(first_month), month_start(last_month)
    keepers = list(timesheet_users(viewer))
    scope = {p.pk: p for p in keepers}
    minutes = recorded_minutes(
        first_month,
        month_end(last_month),
        None
        if sees_all_offices(viewer)
        else list(people_in_scope(viewer).values_list("pk", flat=True)),
        today=today,
    )
    missing = {key[0] for key in minutes} - set(scope)
    if missing:  # someone with recorded time whose role keeps no timesheet (e.g. a former role)
        scope.update({person.pk: person for person in User.objects.filter(pk__in=missing)})
    per_person: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_source: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    detail: dict[tuple[int, str, str], int] = defaultdict(int)
    for (user_id, _day, code, source), value in minutes.items():
        per_person[user_id][code] += value
        per_source[user_id][source] += value
        detail[(user_id, code, source)] += value
    closed_ids: set[int] = set()
    if first_month == last_month:
        closed_ids = set(
            MonthClosure.objects.filter(month=first_month, user_id__in=list(scope)).values_list(
                "user_id", flat=True
            )
        )
    people = sorted(scope.values(), key=person_order)
    rows = [
        PersonRow(p, dict(per_person[p.pk]), dict(per_source[p.pk]), p.pk in closed_ids)
        for p in people
    ]
    codes = sorted({code for values in per_person.values() for code in values})
    return Overview(first_month, last_month, codes, activity_names(), rows, dict(detail))
