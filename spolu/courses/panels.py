"""What courses add to other pages: the teacher's dashboard panel, the client page panel and
the lessons in the shared calendar. Each runs a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from spolu.clients.models import Client
from spolu.courses import queries
from spolu.courses.models import Enrolment, ExamResult, Lesson
from spolu.events.calendar import CalendarItem


def dashboard_today(request: HttpRequest) -> dict[str, Any] | None:
    """Today's lessons of a teacher, each one tap away from its attendance screen."""
    user: Any = request.user
    if not user.has_perm("courses.record_attendance"):
        return None
    today = timezone.localdate()
    lessons = queries.lessons_of_teacher(user, today)
    missing = queries.lessons_missing_attendance(user, today)
    if not lessons and not missing:
        return None
    return {"lessons": lessons, "missing": missing, "today": today}


def client_courses(request: HttpRequest, client: Client) -> dict[str, Any] | None:
    """The client's enrolments and mock exam results (of courses and sittings the user sees)."""
    user: Any = request.user
    today = timezone.localdate()
    enrolments = list(
        Enrolment.objects.visible_to(user)
        .filter(client=client)
        .select_related("course", "course__office")
        .order_by("-course__start_date", "-pk")
    )
    # Rates need the held lessons of every course: one query for all of them.
    lessons_by_course: dict[int, list[Any]] = {}
    if enrolments:
        for lesson in Lesson.objects.filter(
            course_id__in={e.course_id for e in enrolments}, cancelled=False, date__lte=today
        ).only("course_id", "date"):
            lessons_by_course.setdefault(lesson.course_id, []).append(lesson.date)
    counts = queries.present_counts(e.pk for e in enrolments) if enrolments else {}
    rows = [
        {
            "e": e,
            "rate": queries.Rate(
                counts.get(e.pk, 0),
                queries.lessons_held_while_enrolled(e, lessons_by_course.get(e.course_id, [])),
            ),
        }
        for e in enrolments
    ]
    results = list(
        ExamResult.objects.visible_to(user)
        .filter(client=client)
        .select_related("sitting", "sitting__exam_type")
        .order_by("-sitting__date", "-pk")
    )
    if not rows and not results:
        return None
    return {"rows": rows, "results": results, "client": client}


def calendar_lessons(
    user: Any,
    start: datetime,
    end: datetime,
    offices: Iterable[int] | None = None,
    activities: Iterable[str] | None = None,
) -> list[CalendarItem]:
    """Lessons the user may see between `start` and `end` (2 queries)."""
    tz = timezone.get_current_timezone()
    lessons = Lesson.objects.visible_to(user).filter(
        date__gte=timezone.localtime(start, tz).date(),
        date__lte=timezone.localtime(end, tz).date(),
    )
    if offices is not None:
        lessons = lessons.filter(course__office_id__in=list(offices))
    if activities is not None:
        lessons = lessons.filter(course__activity_id__in=list(activities))
    lessons = lessons.select_related("course")
    found = list(lessons)
    teachers = queries.teachers_of({lesson.course_id for lesson in found})
    items = []
    for lesson in found:
        starts, ends = lesson.starts(), lesson.ends()
        if ends <= start or starts >= end:
            continue
        items.append(
            CalendarItem(
                kind="lesson",
                title=lesson.course.title,
                starts_at=starts,
                ends_at=ends,
                url=reverse("courses:lesson", args=[lesson.pk]),
                office_id=lesson.course.office_id,
                activity_id=lesson.course.activity_id,
                place=lesson.where,
                staff_ids=tuple(sorted(teachers.get(lesson.course_id, ()))),
                cancelled=lesson.cancelled,
            )
        )
    return items
