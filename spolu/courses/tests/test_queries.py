"""The facts the monitoring report takes from courses."""

from datetime import timedelta

from django.utils import timezone

from spolu.courses import queries, services
from spolu.courses.models import Course, Enrolment, EnrolmentStatus
from spolu.courses.testing import backdate, enrol, make_course, past_lessons
from spolu.courses.tests.base import CoursesTestCase
from spolu.testing import make_client


class ReportFactsTest(CoursesTestCase):
    def setUp(self):
        self.today = timezone.localdate()
        self.start = self.course.start_date
        first, second = past_lessons(self.course)[:2]
        a, b, _c = self.enrolments
        services.attendance_record(
            actor=None,
            lesson=first,
            marks={a.pk: "present", b.pk: "absent"},
            expected_version=first.version,
        )
        services.attendance_record(
            actor=None,
            lesson=second,
            marks={a.pk: "present", b.pk: "present"},
            expected_version=second.version,
        )
        self.first, self.second = first, second

    def test_present_engagements_are_client_date_and_activity(self):
        rows = set(queries.present_engagements(self.start, self.today))
        a, b = self.clients[0].pk, self.clients[1].pk
        self.assertEqual(
            rows,
            {
                (a, self.first.date, "A08"),
                (a, self.second.date, "A08"),
                (b, self.second.date, "A08"),
            },
        )
        self.assertEqual(
            set(queries.present_engagements(self.start, self.today, office=self.teplice)), set()
        )

    def test_lesson_minutes_count_only_lessons_that_took_place(self):
        minutes = queries.lesson_minutes_by_activity(self.start, self.course.end_date, self.usti)
        held = len(past_lessons(self.course))
        self.assertEqual(minutes["A08"], 90 * held)
        lesson = past_lessons(self.course)[-1]
        services.lesson_cancel(
            actor=None, lesson=lesson, expected_version=lesson.version, reason="x"
        )
        self.assertEqual(
            queries.lesson_minutes_by_activity(self.start, self.course.end_date, self.usti)["A08"],
            90 * (held - 1),
        )

    def test_courses_run_are_those_with_a_held_lesson_in_the_period(self):
        self.assertEqual(queries.courses_run(self.start, self.today, self.usti), {"A08": 1})
        self.assertEqual(queries.courses_run(self.start, self.today), {"A08": 2})
        self.assertEqual(
            queries.courses_run(self.start - timedelta(days=60), self.start - timedelta(days=1)), {}
        )

    def test_completions_and_improvements(self):
        course = make_course(self.usti, start=self.today - timedelta(weeks=2), end_date=self.today)
        enrolment = backdate(
            enrol(course, make_client(self.usti), entry_level=0), course.start_date
        )
        for lesson in past_lessons(course):
            services.attendance_record(
                actor=None,
                lesson=lesson,
                marks={enrolment.pk: "present"},
                expected_version=lesson.version,
            )
        services.enrolment_update(
            actor=None,
            enrolment=enrolment,
            expected_version=Enrolment.objects.get(pk=enrolment.pk).version,
            exit_level=1,
        )
        self.assertEqual(Enrolment.objects.get(pk=enrolment.pk).status, EnrolmentStatus.COMPLETED)
        self.assertEqual(queries.completions(course.start_date, self.today), {"A08": 1})
        self.assertEqual(
            list(queries.improved_participants(course.start_date, self.today)),
            [enrolment.client_id],
        )

    def test_the_catalogue_for_the_portal_shows_public_courses_only(self):
        Course.objects.filter(pk=self.other_course.pk).update(public=False)
        entries = queries.catalogue(Course.objects.all(), public_only=True)
        titles = [e.title for e in entries]
        self.assertIn(self.course.title, titles)
        self.assertNotIn(self.other_course.title, titles)
        entry = next(e for e in entries if e.pk == self.course.pk)
        self.assertEqual(entry.free_places, self.course.capacity - 3)
        self.assertEqual(len(entry.weekly), 2)

    def test_the_catalogue_takes_three_queries_however_many_courses(self):
        for i in range(5):
            make_course(self.usti, title=f"Extra {i}")
        with self.assertNumQueries(2):
            queries.catalogue(Course.objects.all())
