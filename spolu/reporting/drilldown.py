"""The records behind every number of the report, as the viewer may see them.

Each list is the very queryset the number was computed from (`sources`), narrowed to the
number's activities and then scoped to the viewer with the records' own `visible_to`; persons
come from the same SQL as the person counts (`people.PeopleQuery.selected`). So the list's
length is the number, unless some records are outside the viewer's scope, and then the page
says how many.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spolu.clients.models import Client
from spolu.core.models import ResidenceCategory, User
from spolu.counselling.models import ServiceRecord
from spolu.courses.models import Attendance, Course, Enrolment, Lesson
from spolu.events.models import Campaign, Event, EventParticipant
from spolu.network.models import PlatformMeeting, Volunteer
from spolu.reporting import sources
from spolu.reporting.people import PERSON_COLUMNS, PeopleQuery, PersonFilter, tuned
from spolu.reporting.queries import AGE_BAND_LABELS
from spolu.reporting.sources import Scope

PAGE_SIZE = 50


@dataclass(frozen=True)
class RecordKind:
    key: str
    label: str | Promise
    records: Callable[[Scope], QuerySet[Any]]
    activity_path: str
    visible: Callable[[QuerySet[Any], User], QuerySet[Any]]
    related: tuple[str, ...] = ()
    order: tuple[str, ...] = ("pk",)
    # A number that is a sum over the records (headcounts, minutes), with what it sums.
    sum_expression: Any = None
    sum_label: str | Promise = ""
    sum_zero: Any = 0  # the sum of no records, of the summed field's type (0.00 hours)


def _within(model: Any) -> Callable[[QuerySet[Any], User], QuerySet[Any]]:
    def visible(qs: QuerySet[Any], user: User) -> QuerySet[Any]:
        return qs.filter(pk__in=model.objects.visible_to(user).values("pk"))

    return visible


def _professionals_visible(qs: QuerySet[Any], user: User) -> QuerySet[Any]:
    return qs.filter(event__in=Event.objects.visible_to(user).values("pk"))


def _distributions_visible(qs: QuerySet[Any], user: User) -> QuerySet[Any]:
    return qs.filter(campaign__in=Campaign.objects.visible_to(user).values("pk"))


def _materials_visible(qs: QuerySet[Any], user: User) -> QuerySet[Any]:
    return qs.filter(campaign__in=Campaign.objects.visible_to(user).values("pk"))


def _volunteer_hours_visible(qs: QuerySet[Any], user: User) -> QuerySet[Any]:
    return qs.filter(volunteer__in=Volunteer.objects.visible_to(user).values("pk"))


HEADCOUNT = F("headcount_adults") + F("headcount_children") + F("headcount_unspecified")

KINDS: dict[str, RecordKind] = {
    kind.key: kind
    for kind in (
        RecordKind(
            "services",
            _("Service records"),
            sources.services,
            "activity_id",
            _within(ServiceRecord),
            ("activity", "client", "organisation", "office", "staff"),
            ("date", "pk"),
        ),
        RecordKind(
            "anonymous",
            _("Anonymous contacts"),
            sources.anonymous_services,
            "activity_id",
            _within(ServiceRecord),
            ("activity", "office", "staff", "anonymous_citizenship"),
            ("date", "pk"),
            F("anonymous_count"),
            _("persons (headcount)"),
        ),
        RecordKind(
            "participations",
            _("Event participants (registered)"),
            sources.participations,
            "event__activity_id",
            _within(EventParticipant),
            ("event", "event__office", "client", "client__citizenship"),
            ("event__date", "event_id", "pk"),
        ),
        RecordKind(
            "events",
            _("Events held"),
            sources.events,
            "activity_id",
            _within(Event),
            ("office",),
            ("date", "pk"),
        ),
        RecordKind(
            "public",
            _("Public headcount"),
            sources.events_with_public,
            "activity_id",
            _within(Event),
            ("office",),
            ("date", "pk"),
            HEADCOUNT,
            _("persons (headcount)"),
        ),
        RecordKind(
            "lessons",
            _("Lessons held"),
            sources.held_lessons,
            "course__activity_id",
            _within(Lesson),
            ("course", "course__office"),
            ("date", "starts_at", "pk"),
        ),
        RecordKind(
            "attendances",
            _("Attendances at lessons"),
            sources.attendances,
            "lesson__course__activity_id",
            _within(Attendance),
            ("lesson", "lesson__course", "enrolment__client"),
            ("lesson__date", "lesson_id", "pk"),
        ),
        RecordKind(
            "courses",
            _("Courses run"),
            sources.courses_run,
            "activity_id",
            _within(Course),
            ("office",),
            ("start_date", "pk"),
        ),
        RecordKind(
            "completions",
            _("Course completions"),
            sources.completions,
            "course__activity_id",
            _within(Enrolment),
            ("course", "client"),
            ("completed_on", "pk"),
        ),
        RecordKind(
            "professionals",
            _("Professionals trained at events"),
            sources.professionals,
            "event__activity_id",
            _professionals_visible,
            ("event", "organisation"),
            ("event__date", "pk"),
        ),
        RecordKind(
            "professional_enrolments",
            _("Professionals trained in courses"),
            sources.professional_enrolments,
            "course__activity_id",
            _within(Enrolment),
            ("course",),
            ("course__start_date", "pk"),
        ),
        RecordKind(
            "meetings",
            _("Platform meetings"),
            sources.platform_meetings,
            "",
            _within(PlatformMeeting),
            ("platform",),
            ("starts_at", "pk"),
        ),
        RecordKind(
            "volunteer_hours",
            _("Volunteer hours"),
            sources.volunteer_hours,
            "activity_id",
            _volunteer_hours_visible,
            ("volunteer", "volunteer__office", "activity"),
            ("date", "pk"),
            F("hours"),
            _("hours"),
            Decimal(0),
        ),
        RecordKind(
            "volunteers",
            _("Volunteers and interns"),
            sources.volunteers,
            "",  # narrowed through their hours (`narrowed`)
            _within(Volunteer),
            ("office",),
            ("last_name", "first_name", "pk"),
        ),
        RecordKind(
            "distributions",
            _("Distribution of campaign materials"),
            sources.distributions,
            "",
            _distributions_visible,
            ("campaign", "material"),
            ("date", "pk"),
        ),
        RecordKind(
            "copies",
            _("Copies distributed"),
            sources.distributions,
            "",
            _distributions_visible,
            ("campaign", "material"),
            ("date", "pk"),
            F("copies"),
            _("copies"),
        ),
        RecordKind(
            "reach",
            _("People reached"),
            sources.distributions,
            "",
            _distributions_visible,
            ("campaign", "material"),
            ("date", "pk"),
            F("reach"),
            _("people reached"),
        ),
        RecordKind(
            "campaigns",
            _("Campaigns distributing materials"),
            sources.campaigns,
            "",
            _within(Campaign),
            ("office",),
            ("starts_on", "pk"),
        ),
        RecordKind(
            "materials",
            _("Information packages distributed"),
            sources.campaign_materials,
            "",
            _materials_visible,
            ("campaign",),
            ("campaign_id", "pk"),
        ),
    )
}


@dataclass(frozen=True)
class RecordList:
    kind: RecordKind
    counted: int  # how many records the report counted
    visible: int  # how many of them the viewer may see
    page: Page[Any]
    counted_sum: int | None  # the number, when it is a sum over the records
    visible_sum: int | None

    @property
    def hidden(self) -> int:
        return self.counted - self.visible


def narrowed(kind: RecordKind, scope: Scope, activities: tuple[str, ...]) -> QuerySet[Any]:
    if kind.key == "volunteers" and activities:
        # A volunteer counts for an activity when they logged hours for it.
        hours = narrowed(KINDS["volunteer_hours"], scope, activities)
        return Volunteer.objects.filter(pk__in=hours.values("volunteer_id"))
    qs = kind.records(scope)
    if activities:
        if not kind.activity_path:
            # Meetings are A18 and campaigns A01 by definition.
            implied = {"meetings": "A18"}.get(kind.key, "A01")
            return qs if implied in activities else qs.none()
        qs = qs.filter(**{f"{kind.activity_path}__in": activities})
    return qs


def record_list(
    kind: RecordKind, scope: Scope, activities: tuple[str, ...], user: User, page: Any = 1
) -> RecordList:
    counted_qs = narrowed(kind, scope, activities)
    visible_qs = kind.visible(counted_qs, user)
    counted_sum = visible_sum = None
    if kind.sum_expression is not None:
        counted = counted_qs.aggregate(n=Count("pk"), total=Sum(kind.sum_expression))
        counted_n, counted_sum = counted["n"], counted["total"] or kind.sum_zero
        visible_sum = visible_qs.aggregate(total=Sum(kind.sum_expression))["total"] or kind.sum_zero
    else:
        counted_n = counted_qs.count()
    rows = visible_qs.select_related(*kind.related).order_by(*kind.order)
    if kind.key in ("events", "public"):
        counted_participants = sources.participations(scope).values("pk")
        rows = rows.annotate(
            registered=Count("participants", filter=Q(participants__in=counted_participants))
        )
    if kind.key == "courses":
        held = sources.held_lessons(scope).values("pk")
        rows = rows.annotate(lessons_held=Count("lessons", filter=Q(lessons__in=held)))
    paginator = Paginator(rows, PAGE_SIZE)
    current = paginator.get_page(page)
    return RecordList(kind, counted_n, paginator.count, current, counted_sum, visible_sum)


# --- persons ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    client: Client
    first_day: date
    eligible: bool
    citizenship: str
    sex: str
    age_band: str
    residence_category: str
    age_band_label: str
    category_label: str


@dataclass(frozen=True)
class PersonList:
    counted: int
    visible: int
    page: Page[Any]
    rows: list[PersonRow]

    @property
    def hidden(self) -> int:
        return self.counted - self.visible


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def person_list(scope: Scope, person: PersonFilter, user: User, page: Any = 1) -> PersonList:
    with tuned():
        return _person_list(scope, person, user, page)


def _person_list(scope: Scope, person: PersonFilter, user: User, page: Any) -> PersonList:
    categories = {c.code: c.name for c in ResidenceCategory.objects.all()}
    people = PeopleQuery(scope, category_codes=list(categories))
    with people.selected(person) as table, connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (a constant name)
        counted = int(cursor.fetchone()[0])
        clients = (
            Client.objects.visible_to(user)
            .filter(pk__in=RawSQL(f"SELECT client_id FROM {table}", []))  # noqa: S611, S608
            .select_related("citizenship")
            .order_by("last_name_latin", "first_name_latin", "last_name", "first_name", "pk")
        )
        paginator = Paginator(clients, PAGE_SIZE)
        current = paginator.get_page(page)
        on_page = list(current)  # (read while the table exists)
        values: dict[int, dict[str, Any]] = {}
        if on_page:
            cursor.execute(
                f"SELECT {', '.join(PERSON_COLUMNS)} FROM {table} "  # noqa: S608
                f"WHERE client_id IN ({', '.join(['%s'] * len(on_page))})",
                [c.pk for c in on_page],
            )
            values = {row[0]: dict(zip(PERSON_COLUMNS, row, strict=True)) for row in cursor}
        visible = paginator.count
    rows = [
        PersonRow(
            client=c,
            first_day=_as_date(values[c.pk]["first_day"]),
            eligible=bool(values[c.pk]["eligible"]),
            citizenship=values[c.pk]["citizenship"],
            sex=values[c.pk]["sex"],
            age_band=values[c.pk]["age_band"],
            residence_category=values[c.pk]["residence_category"],
            age_band_label=str(AGE_BAND_LABELS[values[c.pk]["age_band"]]),
            category_label=categories.get(
                values[c.pk]["residence_category"], values[c.pk]["residence_category"]
            ),
        )
        for c in on_page
    ]
    return PersonList(counted, visible, current, rows)
