"""Benchmarks of courses: the attendance screen of a lesson in a course with 30 participants
and 60 lessons (every earlier lesson already has its attendance), rendered (GET) and saved
(POST) through the whole request stack with the Django test client. Target: 100 ms.

The data are built once in the bench database (office `bench-courses`) and reused.
"""

from __future__ import annotations

import time
from datetime import time as clock
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from bench.harness import Benchmark, Measurement, timed

PARTICIPANTS = 30
LESSONS = 60
REPEAT = 40
OFFICE = "bench-courses"
TEACHER = "bench_courses_teacher"


def _build() -> Any:
    """The course (created on the first run only), with attendance of all held lessons."""
    from django.contrib.auth.models import Group

    from spolu.clients import services as client_services
    from spolu.core import roles
    from spolu.core.models import Country, District, Language, Office, User
    from spolu.courses import services
    from spolu.courses.models import Attendance, Course, Enrolment, Lesson
    from spolu.courses.schedule import SlotSpec

    office = Office.objects.filter(code=OFFICE).first()
    if office is not None:
        return Course.objects.get(office=office)
    with transaction.atomic():
        office = Office.objects.create(
            code=OFFICE,
            name="Benchmark – kurzy",
            address="Velká Hradební 48",
            district=District.objects.get(code="CZ0427"),
        )
        teacher = User.objects.create_user(username=TEACHER, first_name="Bench")
        teacher.groups.add(Group.objects.get(name=roles.TEACHER))
        teacher.offices.set([office])
        today = timezone.localdate()
        # Three lessons a week for 20 weeks: 60 lessons, the last ones still ahead.
        start = today - timedelta(weeks=18)
        course = services.course_create(
            actor=None,
            teachers=[teacher],
            slots=[SlotSpec(day, clock(16, 0), clock(17, 30)) for day in (0, 2, 4)],
            office=office,
            kind="czech",
            title="Čeština A2 – benchmark",
            level=2,
            place="Učebna 1",
            capacity=PARTICIPANTS,
            language=Language.objects.get(code="cs"),
            start_date=start,
            end_date=start + timedelta(weeks=20) - timedelta(days=1),
            skip_public_holidays=False,
        )
        ukraine = Country.objects.get(code="UA")
        for i in range(PARTICIPANTS):
            client = client_services.client_create(
                actor=None,
                office=office,
                first_name=f"Олена {i}",
                last_name="Коваленко",
                first_name_latin=f"Olena {i}",
                last_name_latin="Kovalenko",
                sex="F",
                citizenship=ukraine,
                first_contact_date=start,
            )
            services.enrolment_create(actor=None, course=course, client=client)
        Enrolment.objects.filter(course=course).update(enrolled_on=start, applied_on=start)
        enrolments = list(Enrolment.objects.filter(course=course))
        held = list(Lesson.objects.filter(course=course, date__lt=today))
        Attendance.objects.bulk_create(
            Attendance(
                lesson=lesson,
                enrolment=enrolment,
                status="present" if (lesson.pk + enrolment.pk) % 5 else "absent",
            )
            for lesson in held
            for enrolment in enrolments
        )
        Lesson.objects.filter(pk__in=[lesson.pk for lesson in held]).update(
            attendance_recorded_at=timezone.now()
        )
    return course


def _client_and_lesson() -> tuple[HttpClient, Any, list[int]]:
    from spolu.core.models import User
    from spolu.courses.models import Enrolment, Lesson
    from spolu.testing import verified_login

    course = _build()
    assert course.lessons.count() == LESSONS, course.lessons.count()
    http = HttpClient()
    verified_login(http, User.objects.get(username=TEACHER))
    # A lesson that has begun (today's may still be ahead: no attendance before it starts).
    lesson = Lesson.objects.filter(course=course, date__lt=timezone.localdate()).last()
    enrolments = list(Enrolment.objects.filter(course=course).values_list("pk", flat=True))
    return http, lesson, enrolments


def attendance_get() -> Measurement:
    http, lesson, _enrolments = _client_and_lesson()
    url = reverse("courses:lesson", args=[lesson.pk])

    def get() -> None:
        response = http.get(url)
        assert response.status_code == 200, response.status_code

    cpu = time.process_time()
    samples = timed(get, REPEAT)
    return Measurement(samples, notes=_cpu_note(cpu, REPEAT + 2))


def attendance_post() -> Measurement:
    from spolu.courses.models import Lesson

    http, lesson, enrolments = _client_and_lesson()
    url = reverse("courses:lesson", args=[lesson.pk])
    samples = []
    cpu = time.process_time()
    for round_ in range(REPEAT + 2):
        version = Lesson.objects.values_list("version", flat=True).get(pk=lesson.pk)
        data = {"version": str(version), "topic": f"Opakování {round_}"}
        data.update(
            {f"a-{pk}": ("absent" if (pk + round_) % 4 == 0 else "present") for pk in enrolments}
        )
        start = time.perf_counter()
        response = http.post(url, data)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 302, response.status_code
        if round_ >= 2:  # warm-up
            samples.append(elapsed)
    notes = f"each save changes a quarter of the marks; {_cpu_note(cpu, REPEAT + 2)}"
    return Measurement(samples, notes=notes)


def _cpu_note(start: float, requests: int) -> str:
    """Python CPU time per request: what the server spends, whatever else loads the machine."""
    return f"{(time.process_time() - start) * 1000 / requests:.1f} ms CPU per request"


SIZE = f"{PARTICIPANTS} participants × {LESSONS} lessons"

BENCHMARKS = [
    Benchmark("courses: attendance screen (GET)", SIZE, 100, attendance_get),
    Benchmark("courses: attendance save (POST)", SIZE, 100, attendance_post),
]
