"""Rules that keep a course's lessons, participants and attendance consistent when it changes."""

from datetime import datetime, time, timedelta
from unittest import mock

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from spolu.core.errors import SpoluError
from spolu.core.models import Activity
from spolu.courses import services
from spolu.courses.models import Attendance, CourseKind, ExamPart, Lesson
from spolu.courses.testing import make_course, past_lessons
from spolu.courses.tests.base import CoursesTestCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def update(course, **fields):
    course.refresh_from_db()
    return services.course_update(
        actor=None, course=course, expected_version=course.version, **fields
    )


def record(lesson, marks):
    lesson.refresh_from_db()
    services.attendance_record(
        actor=None, lesson=lesson, marks=marks, expected_version=lesson.version
    )


class MovingTheCourseDatesTest(CoursesTestCase):
    def test_a_later_first_day_removes_the_lessons_before_it(self):
        today = timezone.localdate()
        course = make_course(self.usti, start=today + timedelta(days=7), weeks=4)
        new_start = today + timedelta(days=15)
        _course, change, _promoted = update(course, start_date=new_start)
        self.assertGreater(change.removed, 0)
        self.assertFalse(course.lessons.filter(date__lt=new_start).exists())

    def test_a_later_first_day_also_removes_past_lessons_without_attendance(self):
        _course, _change, _promoted = update(self.course, start_date=timezone.localdate())
        self.assertFalse(self.course.lessons.filter(date__lt=timezone.localdate()).exists())

    def test_lessons_moved_or_added_by_hand_outside_the_new_dates_go_too(self):
        today = timezone.localdate()
        course = make_course(self.usti, start=today + timedelta(days=7), weeks=4)
        services.lesson_add(
            actor=None,
            course=course,
            date=course.start_date,
            starts_at=time(9, 0),
            ends_at=time(10, 0),
        )
        update(course, start_date=today + timedelta(days=15))
        self.assertFalse(course.lessons.filter(date__lt=today + timedelta(days=15)).exists())

    def test_a_first_day_after_recorded_attendance_is_refused(self):
        record(self.lesson, {self.enrolments[0].pk: "present"})
        before = set(self.course.lessons.values_list("pk", flat=True))
        day = self.lesson.date
        with self.assertRaisesMessage(SpoluError, f"{day.day}. {day.month}. {day.year}"):
            update(self.course, start_date=timezone.localdate())
        self.assertEqual(set(self.course.lessons.values_list("pk", flat=True)), before)
        self.course.refresh_from_db()
        self.assertNotEqual(self.course.start_date, timezone.localdate())

    def test_an_earlier_last_day_removes_the_lessons_after_it(self):
        new_end = timezone.localdate() + timedelta(days=10)
        update(self.course, end_date=new_end)
        self.assertFalse(self.course.lessons.filter(date__gt=new_end).exists())


class ChangingKindOrOfficeTest(CoursesTestCase):
    def test_a_course_with_clients_cannot_become_a_training_for_professionals(self):
        with self.assertRaisesMessage(SpoluError, "pro odborníky"):
            update(
                self.course,
                kind=CourseKind.PROFESSIONALS,
                activity=Activity.objects.get(code="A12"),
            )
        self.course.refresh_from_db()
        self.assertEqual(self.course.kind, CourseKind.CZECH)

    def test_a_course_with_adults_cannot_become_a_tutoring_group(self):
        with self.assertRaises(SpoluError):
            update(self.course, kind=CourseKind.TUTORING, activity=Activity.objects.get(code="A09"))

    def test_a_czech_course_may_become_exam_preparation(self):
        update(self.course, kind=CourseKind.EXAM_PREPARATION)
        self.course.refresh_from_db()
        self.assertEqual(self.course.kind, CourseKind.EXAM_PREPARATION)

    def test_a_course_without_participants_may_change_anything(self):
        course = make_course(self.usti, title="Prázdný kurz")
        update(
            course,
            kind=CourseKind.PROFESSIONALS,
            activity=Activity.objects.get(code="A12"),
            office=self.teplice,
        )
        course.refresh_from_db()
        self.assertEqual((course.kind, course.office), (CourseKind.PROFESSIONALS, self.teplice))

    def test_a_course_with_participants_stays_in_its_office(self):
        with self.assertRaisesMessage(SpoluError, "pracoviště"):
            update(self.course, office=self.teplice)
        self.course.refresh_from_db()
        self.assertEqual(self.course.office, self.usti)


class LessonsThatHaveBegunTest(CoursesTestCase):
    """Whether a lesson took place is a matter of its start time, not only of its day."""

    def setUp(self):
        today = timezone.localdate()
        self.later_today = services.lesson_add(
            actor=None, course=self.course, date=today, starts_at=time(10, 0), ends_at=time(11, 0)
        )
        self.morning = datetime.combine(today, time(8, 0), tzinfo=timezone.get_current_timezone())

    def test_attendance_waits_until_the_lesson_begins(self):
        with mock.patch("django.utils.timezone.now", return_value=self.morning):
            self.assertTrue(self.later_today.is_future())
            with self.assertRaises(SpoluError):
                record(self.later_today, {self.enrolments[0].pk: "present"})
        self.assertFalse(Attendance.objects.filter(lesson=self.later_today).exists())
        record(self.later_today, {self.enrolments[0].pk: "present"})  # in the evening

    def test_the_screen_offers_no_form_before_the_lesson(self):
        self.login(self.tom)
        with mock.patch("django.utils.timezone.now", return_value=self.morning):
            page = self.client.get(reverse("courses:lesson", args=[self.later_today.pk]))
        self.assertNotContains(page, "data-all-present")

    def test_no_signed_sheet_before_the_lesson(self):
        upload = SimpleUploadedFile("sheet.pdf", PDF)
        with (
            mock.patch("django.utils.timezone.now", return_value=self.morning),
            self.assertRaises(SpoluError),
        ):
            services.evidence_add(actor=None, lesson=self.later_today, upload=upload)


class DropOutTest(CoursesTestCase):
    def test_a_drop_out_before_a_lesson_the_participant_attended_is_refused(self):
        participant = self.enrolments[0]
        lessons = past_lessons(self.course)
        record(lessons[2], {participant.pk: "present"})
        day = lessons[2].date
        with self.assertRaisesMessage(SpoluError, f"{day.day}. {day.month}. {day.year}"):
            services.enrolment_drop(actor=None, enrolment=participant, dropped_on=lessons[1].date)
        participant.refresh_from_db()
        self.assertIsNone(participant.dropped_on)
        self.assertTrue(Attendance.objects.filter(enrolment=participant).exists())

    def test_absences_after_the_day_of_leaving_are_removed(self):
        participant = self.enrolments[0]
        lessons = past_lessons(self.course)
        record(lessons[0], {participant.pk: "present"})
        record(lessons[2], {participant.pk: "absent"})
        services.enrolment_drop(actor=None, enrolment=participant, dropped_on=lessons[1].date)
        self.assertEqual(
            list(Attendance.objects.filter(enrolment=participant).values_list("lesson", flat=True)),
            [lessons[0].pk],
        )


class CancelledCourseTest(CoursesTestCase):
    def setUp(self):
        services.course_cancel(actor=None, course=self.course, expected_version=self.course.version)

    def test_no_lesson_is_added_to_a_cancelled_course(self):
        with self.assertRaises(SpoluError):
            services.lesson_add(
                actor=None,
                course=self.course,
                date=timezone.localdate() + timedelta(days=1),
                starts_at=time(9, 0),
                ends_at=time(10, 0),
            )

    def test_no_lesson_of_a_cancelled_course_is_restored(self):
        lesson = self.course.lessons.filter(cancelled=True).first()
        with self.assertRaises(SpoluError):
            services.lesson_restore(actor=None, lesson=lesson, expected_version=lesson.version)
        self.assertTrue(Lesson.objects.get(pk=lesson.pk).cancelled)


class ExamPartPassMarkTest(CoursesTestCase):
    def test_a_pass_mark_above_the_sections_maximum_is_refused(self):
        part = ExamPart.objects.get(exam_type="a2_permanent_residence", code="written")
        part.pass_points = part.max_points + 1
        with self.assertRaises(ValidationError) as caught:
            part.full_clean()
        self.assertIn("pass_points", caught.exception.message_dict)
        part.pass_points = part.max_points
        part.full_clean()
