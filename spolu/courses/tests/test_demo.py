import random
from datetime import date

from django.test import TestCase

from spolu.clients.models import Client
from spolu.core import demo as core_demo
from spolu.courses import demo
from spolu.courses.models import (
    Attendance,
    Course,
    CourseKind,
    Enrolment,
    EnrolmentStatus,
    ExamResult,
    LessonEvidence,
)


def context() -> core_demo.DemoContext:
    ctx = core_demo.DemoContext(seed=7, today=date(2026, 11, 23), rng=random.Random(7))
    core_demo.seed(ctx)
    return ctx


class DemoTest(TestCase):
    def test_a_year_of_courses_with_attendance_dropouts_completions_and_exams(self):
        ctx = context()
        demo.seed(ctx)
        self.assertGreaterEqual(Course.objects.count(), 10)
        self.assertEqual(
            set(Course.objects.values_list("office__code", flat=True)),
            {"usti", "teplice", "chomutov"},
        )
        self.assertGreater(Attendance.objects.count(), 500)
        statuses = set(Enrolment.objects.values_list("status", flat=True))
        self.assertTrue(
            {EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED, EnrolmentStatus.WAITING}
            <= statuses
        )
        self.assertTrue(ExamResult.objects.filter(passed=True).exists())
        self.assertTrue(ExamResult.objects.filter(passed=False).exists())
        self.assertTrue(
            Enrolment.objects.filter(
                course__kind=CourseKind.TUTORING, client__isnull=False
            ).exists()
        )
        self.assertTrue(Enrolment.objects.filter(client__isnull=True).exists())
        self.assertTrue(LessonEvidence.objects.exists())
        self.assertTrue(Course.objects.filter(teachers=ctx.users["teacher_chomutov"]).exists())

    def test_it_uses_the_clients_of_the_clients_demo_when_there_are_some(self):
        ctx = context()
        # Clients registered beforehand stand in for those of the clients demo.
        adults, children = demo._own_clients(ctx)
        ctx.shared["clients"] = adults + children
        demo.seed(ctx)
        enrolled = set(Enrolment.objects.exclude(client=None).values_list("client_id", flat=True))
        self.assertTrue(enrolled <= {c.pk for c in adults + children})
        self.assertEqual(Client.objects.count(), len(adults) + len(children))
