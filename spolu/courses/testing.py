"""Test helpers: a course with a weekly schedule, participants and lessons in the past."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from unittest import mock

from django.utils import timezone

from spolu.core.models import Language, Office, User
from spolu.courses import services
from spolu.courses.models import Course, CourseKind, Enrolment, Lesson
from spolu.courses.schedule import SlotSpec

TUESDAY_AFTERNOON = SlotSpec(1, time(16, 0), time(17, 30))
THURSDAY_AFTERNOON = SlotSpec(3, time(16, 0), time(17, 30))


def make_course(
    office: Office,
    *,
    teachers: list[User] = (),  # type: ignore[assignment]
    start: date | None = None,
    weeks: int = 10,
    slots: list[SlotSpec] | None = None,
    kind: str = CourseKind.CZECH,
    title: str = "Čeština A1 – večerní",
    capacity: int = 12,
    **fields: Any,
) -> Course:
    """A course that started `start` (default: 4 weeks ago) with two lessons a week."""
    start = start or timezone.localdate() - timedelta(weeks=4)
    return services.course_create(
        actor=None,
        teachers=list(teachers),
        slots=slots if slots is not None else [TUESDAY_AFTERNOON, THURSDAY_AFTERNOON],
        office=office,
        kind=kind,
        title=title,
        level=fields.pop("level", 1),
        place=fields.pop("place", "Velká Hradební 48, učebna 2"),
        capacity=capacity,
        language=Language.objects.get(code="cs"),
        start_date=start,
        end_date=fields.pop("end_date", start + timedelta(weeks=weeks)),
        skip_public_holidays=fields.pop("skip_public_holidays", False),
        **fields,
    )


def enrol(course: Course, client: Any, **kwargs: Any) -> Enrolment:
    return services.enrolment_create(actor=None, course=course, client=client, **kwargs)


def backdate(enrolment: Enrolment, day: date) -> Enrolment:
    """Pretend the participant enrolled on `day` (enrolments are created today in tests)."""
    Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_on=day, applied_on=day)
    enrolment.refresh_from_db()
    return enrolment


def past_lessons(course: Course) -> list[Lesson]:
    return list(course.lessons.filter(date__lte=timezone.localdate(), cancelled=False))


def future_lessons(course: Course) -> list[Lesson]:
    return list(course.lessons.filter(date__gt=timezone.localdate()))


class LateInTheDay:
    """Test mixin: the class runs as if it were 22:00 today (the clock still moves on).

    A lesson takes attendance once it has begun, so without this a test recording today's
    16:00 lesson would pass in the evening and fail in the morning.
    """

    @classmethod
    def setUpClass(cls) -> None:
        real_now = timezone.now
        started = real_now()
        late = datetime.combine(
            timezone.localdate(), time(22, 0), tzinfo=timezone.get_current_timezone()
        )
        clock = mock.patch(
            "django.utils.timezone.now", side_effect=lambda: late + (real_now() - started)
        )
        clock.start()
        cls.addClassCleanup(clock.stop)  # type: ignore[attr-defined]
        super().setUpClass()  # type: ignore[misc]
