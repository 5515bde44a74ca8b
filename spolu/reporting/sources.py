"""What the monitoring report counts, record kind by record kind (DESIGN.md §5).

Every number of the report is computed from one of these querysets, and the drill-down list
behind the number is the same queryset (narrowed to the activity and scoped to the viewer), so
an auditor always sees exactly the records that were counted. The person counts are computed
in SQL (`spolu.reporting.people`) from the SQL of the three engagement querysets below.

A `Scope` is the period (both ends inclusive), the optional office and "today" (lessons count
as held only up to today).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from spolu.core.models import Office
from spolu.counselling.models import ServiceRecord
from spolu.courses.models import (
    Attendance,
    AttendanceStatus,
    Course,
    Enrolment,
    EnrolmentStatus,
    Lesson,
)
from spolu.events.models import (
    Campaign,
    CampaignMaterial,
    DistributionAction,
    Event,
    EventParticipant,
    EventProfessional,
)
from spolu.network.models import PlatformMeeting, Volunteer, VolunteerHours

# The kinds of engagement (DESIGN.md §5), as the person counts and the indicators name them.
SERVICE, EVENT, LESSON = "service", "event", "lesson"
KINDS = (SERVICE, EVENT, LESSON)


@dataclass(frozen=True)
class Scope:
    date_from: date
    date_to: date
    office: Office | None = None
    today: date | None = None

    @property
    def held_until(self) -> date:
        return self.today or timezone.localdate()


def _in_office(qs: QuerySet[Any], scope: Scope, path: str) -> QuerySet[Any]:
    return qs if scope.office is None else qs.filter(**{path: scope.office})


# --- engagements of clients -------------------------------------------------------------------


# Merging a duplicate client moves every row that points at it to the survivor
# (spolu.clients.merge), so no record points at a merged duplicate; the person counts
# additionally take only surviving client records (`people`).


def client_services(scope: Scope) -> QuerySet[ServiceRecord]:
    """Service records of clients dated in the period."""
    qs = ServiceRecord.objects.filter(
        date__gte=scope.date_from, date__lte=scope.date_to, client__isnull=False
    )
    return _in_office(qs, scope, "office")


def participations(scope: Scope) -> QuerySet[EventParticipant]:
    """Registered participations (not absent) of clients in events dated in the period."""
    qs = EventParticipant.objects.reportable().filter(
        event__date__gte=scope.date_from, event__date__lte=scope.date_to
    )
    return _in_office(qs, scope, "event__office")


def attendances(scope: Scope) -> QuerySet[Attendance]:
    """Presence of clients at lessons (not cancelled) dated in the period."""
    qs = Attendance.objects.filter(
        status=AttendanceStatus.PRESENT,
        lesson__cancelled=False,
        lesson__date__gte=scope.date_from,
        lesson__date__lte=scope.date_to,
        enrolment__client__isnull=False,
    )
    return _in_office(qs, scope, "lesson__course__office")


def engagement_querysets(scope: Scope, clients: Any = None) -> dict[str, QuerySet[Any]]:
    """(client id, date, activity code) of every engagement, one queryset per kind;
    `clients` (a subquery of client ids) narrows them to some clients."""
    services = client_services(scope)
    events = participations(scope)
    lessons = attendances(scope)
    if clients is not None:
        services = services.filter(client_id__in=clients)
        events = events.filter(client_id__in=clients)
        lessons = lessons.filter(enrolment__client_id__in=clients)
    return {
        SERVICE: services.order_by().values_list("client_id", "date", "activity_id"),
        EVENT: events.order_by().values_list("client_id", "event__date", "event__activity_id"),
        LESSON: lessons.order_by().values_list(
            "enrolment__client_id", "lesson__date", "lesson__course__activity_id"
        ),
    }


# --- records ----------------------------------------------------------------------------------


def services(scope: Scope) -> QuerySet[ServiceRecord]:
    """Every service record dated in the period: clients, organisations and anonymous."""
    qs = ServiceRecord.objects.filter(date__gte=scope.date_from, date__lte=scope.date_to)
    return _in_office(qs, scope, "office")


def anonymous_services(scope: Scope) -> QuerySet[ServiceRecord]:
    return services(scope).filter(anonymous_count__gt=0)


def events(scope: Scope) -> QuerySet[Event]:
    """Events (not cancelled) dated in the period: their minutes count once, not per person."""
    return _in_office(
        Event.objects.reportable().between(scope.date_from, scope.date_to), scope, "office"
    )


def events_with_public(scope: Scope) -> QuerySet[Event]:
    return events(scope).filter(
        Q(headcount_adults__gt=0) | Q(headcount_children__gt=0) | Q(headcount_unspecified__gt=0)
    )


def professionals(scope: Scope) -> QuerySet[EventProfessional]:
    """Professionals (A12 trainings) registered for events in the period, not marked absent."""
    qs = EventProfessional.objects.filter(
        event__cancelled=False, event__date__gte=scope.date_from, event__date__lte=scope.date_to
    ).exclude(attended=False)
    return _in_office(qs, scope, "event__office")


def professional_enrolments(scope: Scope) -> QuerySet[Enrolment]:
    """Professionals (A12 courses) present at at least one lesson in the period."""
    present: QuerySet[Attendance] = Attendance.objects.filter(
        status=AttendanceStatus.PRESENT,
        lesson__cancelled=False,
        lesson__date__gte=scope.date_from,
        lesson__date__lte=scope.date_to,
        enrolment__client__isnull=True,
    )
    present = _in_office(present, scope, "lesson__course__office")
    return Enrolment.objects.filter(pk__in=present.values("enrolment_id"))


def held_lessons(scope: Scope) -> QuerySet[Lesson]:
    """Lessons that took place in the period (not cancelled, not after today)."""
    qs = Lesson.objects.held(scope.held_until).filter(
        date__gte=scope.date_from, date__lte=scope.date_to
    )
    return _in_office(qs, scope, "course__office")


def courses_run(scope: Scope) -> QuerySet[Course]:
    """Courses with at least one lesson held in the period."""
    return Course.objects.filter(pk__in=held_lessons(scope).values("course_id"))


def completions(scope: Scope) -> QuerySet[Enrolment]:
    """Enrolments completed in the period (dated by the course's last held lesson)."""
    qs = Enrolment.objects.filter(
        status=EnrolmentStatus.COMPLETED,
        completed_on__gte=scope.date_from,
        completed_on__lte=scope.date_to,
    )
    return _in_office(qs, scope, "course__office")


def cefr_improvements(scope: Scope) -> QuerySet[Enrolment]:
    """Enrolments of clients whose exit CEFR level is above the entry level, in courses that
    ended in the period."""
    qs = Enrolment.objects.filter(
        client__isnull=False,
        client__merged_into__isnull=True,
        entry_level__isnull=False,
        exit_level__isnull=False,
        course__end_date__gte=scope.date_from,
        course__end_date__lte=scope.date_to,
        exit_level__gt=F("entry_level"),
    )
    return _in_office(qs, scope, "course__office")


def platform_meetings(scope: Scope) -> QuerySet[PlatformMeeting]:
    """A18 platform meetings starting (local time) in the period; each counts once in hours."""
    start = timezone.make_aware(datetime.combine(scope.date_from, time.min))
    end = timezone.make_aware(datetime.combine(scope.date_to + timedelta(days=1), time.min))
    qs = PlatformMeeting.objects.filter(starts_at__gte=start, starts_at__lt=end)
    return _in_office(qs, scope, "platform__office")


def distributions(scope: Scope) -> QuerySet[DistributionAction]:
    """Distribution actions of campaign materials (A01) dated in the period."""
    qs = DistributionAction.objects.filter(date__gte=scope.date_from, date__lte=scope.date_to)
    return _in_office(qs, scope, "campaign__office")


def campaigns(scope: Scope) -> QuerySet[Campaign]:
    """Campaigns with at least one distribution action in the period."""
    return Campaign.objects.filter(pk__in=distributions(scope).values("campaign_id"))


def campaign_materials(scope: Scope) -> QuerySet[CampaignMaterial]:
    """Materials (information packages) distributed at least once in the period."""
    return CampaignMaterial.objects.filter(pk__in=distributions(scope).values("material_id"))


def volunteer_hours(scope: Scope) -> QuerySet[VolunteerHours]:
    """Hours volunteers and interns logged (A17 outputs), dated in the period, by their office."""
    qs = VolunteerHours.objects.filter(date__gte=scope.date_from, date__lte=scope.date_to)
    return _in_office(qs, scope, "volunteer__office")


def volunteers(scope: Scope) -> QuerySet[Volunteer]:
    """Volunteers and interns who logged hours in the period, each once."""
    return Volunteer.objects.filter(pk__in=volunteer_hours(scope).values("volunteer_id"))
