"""Helpers shared by the pages of courses, participants and mock exams: fetching a record
through the user's scope (404 outside it), showing a refusal, reading posted numbers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from spolu.clients.models import Client
from spolu.core.access import get_visible_or_404
from spolu.core.errors import SpoluError
from spolu.core.models import Office
from spolu.core.params import LARGEST_ID, parse_id
from spolu.courses.models import Course, Enrolment, Lesson


def user_of(request: HttpRequest) -> Any:
    return request.user


def local_today() -> date:
    return timezone.localdate()


def offices_of(request: HttpRequest) -> Any:
    return Office.objects.visible_to(user_of(request)).active()


# The largest primary key a database column holds (a signed 64-bit integer). A larger number typed
# into an address is simply no record, not an overflow inside the database driver.
def id_or_404(pk: int) -> int:
    """A primary key from the address, or 404 when no database could hold it."""
    if not 0 <= pk <= LARGEST_ID:
        raise Http404
    return pk


def course_or_404(request: HttpRequest, pk: int) -> Course:
    return get_visible_or_404(
        Course.objects.select_related("office", "activity", "language", "interpretation_language"),
        user_of(request),
        pk=id_or_404(pk),
    )


def lesson_or_404(request: HttpRequest, pk: int) -> Lesson:
    return get_visible_or_404(
        Lesson.objects.select_related(
            "course", "course__office", "course__activity", "attendance_recorded_by"
        ),
        user_of(request),
        pk=id_or_404(pk),
    )


def enrolment_or_404(request: HttpRequest, pk: int) -> Enrolment:
    return get_visible_or_404(
        Enrolment.objects.select_related("course", "client", "guardian"),
        user_of(request),
        pk=id_or_404(pk),
    )


def posted_int(request: HttpRequest, name: str) -> int:
    """A whole number from the form, 0 when missing or garbled (a version check then refuses)."""
    value = parse_id(request.POST.get(name, ""))
    return 0 if value is None else value


def show_error(request: HttpRequest, exc: SpoluError | ValidationError) -> None:
    text = exc.message if isinstance(exc, SpoluError) else " ".join(exc.messages)
    messages.error(request, str(text))


def enrollable_clients(user: Any) -> Any:
    """Clients `user` may enrol or register for an exam: those they may open, and for teachers
    (who have no client files) the participants of their own courses."""
    if user.has_perm("clients.view_client"):
        return Client.objects.visible_to(user).active()
    course_ids = Course.objects.visible_to(user).values("pk")
    return Client.objects.active().filter(
        pk__in=Enrolment.objects.filter(course__in=course_ids).values("client_id")
    )


def eligibility_day(course: Course, enrolment: Enrolment, today: date) -> date:
    start = enrolment.enrolled_on or enrolment.applied_on
    return min(today, max(course.start_date, start))


def report_promoted(request: HttpRequest, promoted: list[Enrolment]) -> None:
    for enrolment in promoted:
        messages.info(
            request,
            _("%(name)s moved up from the waiting list and is now enrolled.")
            % {"name": enrolment.participant_name},
        )
