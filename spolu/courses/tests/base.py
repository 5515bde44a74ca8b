"""A course in Ústí taught by Tom with three participants, and one in Teplice."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from spolu.courses import services_exams
from spolu.courses.models import ExamType
from spolu.courses.testing import LateInTheDay, backdate, enrol, make_course, past_lessons
from spolu.testing import SpoluTestCase, make_client

PARTICIPANTS = [
    ("Олена", "Шевченко", "Olena", "Shevchenko"),
    ("Ірина", "Бондаренко", "Iryna", "Bondarenko"),
    ("Наталія", "Мельник", "Nataliia", "Melnyk"),
]


class CoursesTestCase(LateInTheDay, SpoluTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        today = timezone.localdate()
        cls.course = make_course(cls.usti, teachers=[cls.tom], start=today - timedelta(weeks=4))
        cls.clients = [
            make_client(
                cls.usti,
                first_name=first,
                last_name=last,
                first_name_latin=first_latin,
                last_name_latin=last_latin,
                sex="F",
            )
            for first, last, first_latin, last_latin in PARTICIPANTS
        ]
        cls.enrolments = [
            backdate(enrol(cls.course, c, note="needs a quiet seat"), cls.course.start_date)
            for c in cls.clients
        ]
        cls.lesson = past_lessons(cls.course)[0]
        cls.other_course = make_course(cls.teplice, title="Čeština A2 Teplice")
        cls.other_lesson = cls.other_course.lessons.first()
        cls.other_enrolment = enrol(cls.other_course, make_client(cls.teplice))
        cls.sitting = services_exams.sitting_create(
            actor=None,
            exam_type=ExamType.objects.get(code="a2_permanent_residence"),
            office=cls.usti,
            date=today,
            place="Velká Hradební 48",
            examiner=cls.tom,
        )
        cls.result = services_exams.candidate_add(
            actor=None, sitting=cls.sitting, client=cls.clients[0]
        )
        cls.other_sitting = services_exams.sitting_create(
            actor=None,
            exam_type=ExamType.objects.get(code="a2_permanent_residence"),
            office=cls.teplice,
            date=today,
            place="Teplice",
        )
        cls.other_result = services_exams.candidate_add(
            actor=None, sitting=cls.other_sitting, client=cls.other_enrolment.client
        )
