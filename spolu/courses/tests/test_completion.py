"""Completion stays true to the attendance when the course itself changes, and rates never
exceed 100 %."""

from datetime import timedelta

from django.utils import timezone

from spolu.core.errors import SpoluError
from spolu.courses import queries, services
from spolu.courses.models import Enrolment, EnrolmentStatus
from spolu.courses.tasks import refresh_completions_task
from spolu.courses.testing import backdate, enrol, make_course, past_lessons
from spolu.courses.tests.base import CoursesTestCase
from spolu.testing import make_client


def record(lesson, marks):
    lesson.refresh_from_db()
    services.attendance_record(
        actor=None, lesson=lesson, marks=marks, expected_version=lesson.version
    )


class CompletionFollowsTheCourseTest(CoursesTestCase):
    def setUp(self):
        today = timezone.localdate()
        # Every lesson has taken place, the last one today.
        self.finished = make_course(
            self.usti, start=today - timedelta(weeks=3) + timedelta(days=1), end_date=today
        )
        self.lessons = past_lessons(self.finished)
        self.participant = backdate(
            enrol(self.finished, make_client(self.usti, first_name_latin="Two-thirds")),
            self.finished.start_date,
        )
        present_at = round(len(self.lessons) * 2 / 3)
        for index, lesson in enumerate(self.lessons):
            record(lesson, {self.participant.pk: "present" if index < present_at else "absent"})

    def status(self, enrolment):
        return Enrolment.objects.get(pk=enrolment.pk).status

    def test_lowering_the_threshold_completes_those_who_now_reach_it(self):
        self.assertEqual(self.status(self.participant), EnrolmentStatus.ENROLLED)
        self.finished.refresh_from_db()
        services.course_update(
            actor=None,
            course=self.finished,
            expected_version=self.finished.version,
            completion_threshold=50,
        )
        self.assertEqual(self.status(self.participant), EnrolmentStatus.COMPLETED)

    def test_raising_the_threshold_takes_a_completion_back(self):
        self.finished.refresh_from_db()
        services.course_update(
            actor=None,
            course=self.finished,
            expected_version=self.finished.version,
            completion_threshold=50,
        )
        self.finished.refresh_from_db()
        services.course_update(
            actor=None,
            course=self.finished,
            expected_version=self.finished.version,
            completion_threshold=90,
        )
        self.assertEqual(self.status(self.participant), EnrolmentStatus.ENROLLED)

    def test_cancelling_the_rest_of_a_course_completes_those_who_attended(self):
        everyone_present = self.enrolments[0]
        for lesson in past_lessons(self.course):
            record(lesson, {everyone_present.pk: "present"})
        self.assertEqual(self.status(everyone_present), EnrolmentStatus.ENROLLED)
        self.course.refresh_from_db()
        services.course_cancel(actor=None, course=self.course, expected_version=self.course.version)
        self.assertEqual(self.status(everyone_present), EnrolmentStatus.COMPLETED)

    def test_the_nightly_job_completes_a_course_whose_last_lesson_passed_unrecorded(self):
        participant = self.enrolments[0]
        for lesson in past_lessons(self.course):
            record(lesson, {participant.pk: "present"})
        self.course.refresh_from_db()
        services.course_update(
            actor=None,
            course=self.course,
            expected_version=self.course.version,
            completion_threshold=1,
        )
        # The last lessons pass without anyone opening the course again.
        after_the_end = self.course.end_date + timedelta(days=1)
        self.assertEqual(self.status(participant), EnrolmentStatus.ENROLLED)
        services.completions_refresh_finished(today=after_the_end)
        self.assertEqual(self.status(participant), EnrolmentStatus.COMPLETED)

    def test_the_nightly_task_runs_the_service(self):
        self.assertEqual(refresh_completions_task.delay().get(), {"courses": 1})

    def test_celery_beat_runs_the_task_every_night(self):
        from django.conf import settings

        from spolu.celery import app

        entry = settings.CELERY_BEAT_SCHEDULE["courses-completions"]
        self.assertEqual(app.tasks[entry["task"]].name, refresh_completions_task.name)


class RateWithinTheEnrolmentTest(CoursesTestCase):
    def setUp(self):
        self.lessons = past_lessons(self.course)
        self.participant = self.enrolments[0]
        for lesson in self.lessons[:4]:
            record(lesson, {self.participant.pk: "present"})

    def test_the_enrolment_date_cannot_move_past_recorded_attendance(self):
        with self.assertRaisesMessage(SpoluError, f"{self.lessons[0].date.day}. "):
            services.enrolment_update(
                actor=None,
                enrolment=self.participant,
                expected_version=self.participant.version,
                enrolled_on=self.lessons[3].date,
            )
        self.participant.refresh_from_db()
        self.assertEqual(self.participant.enrolled_on, self.course.start_date)

    def test_the_enrolment_date_may_move_up_to_the_first_recorded_lesson(self):
        services.enrolment_update(
            actor=None,
            enrolment=self.participant,
            expected_version=self.participant.version,
            enrolled_on=self.lessons[0].date,
        )

    def test_marks_before_the_enrolment_date_do_not_count(self):
        # Data from before the rule (or a merge) may still have such marks.
        backdate(self.participant, self.lessons[3].date)
        held = queries.held_dates(self.course.lessons.all(), timezone.localdate())
        rate = queries.attendance_rates([self.participant], held)[self.participant.pk]
        self.assertEqual(rate.present, 1)
        self.assertLessEqual(rate.present, rate.held)
        rows, _lessons = queries.lesson_attendance(self.lessons[3], timezone.localdate())
        row = next(r for r in rows if r.enrolment.pk == self.participant.pk)
        self.assertEqual(row.rate.present, 1)
        self.assertLessEqual(row.rate.percent, 100)
