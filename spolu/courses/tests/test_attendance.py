from datetime import timedelta

from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spolu.core.errors import SpoluError, StaleObjectError
from spolu.courses import queries, services
from spolu.courses.models import Attendance, EnrolmentStatus
from spolu.courses.testing import (
    LateInTheDay,
    backdate,
    enrol,
    future_lessons,
    make_course,
    past_lessons,
)
from spolu.testing import SpoluTestCase, make_client


class AttendanceRecordTest(LateInTheDay, SpoluTestCase):
    def setUp(self):
        today = timezone.localdate()
        self.course = make_course(self.usti, teachers=[self.tom], start=today - timedelta(weeks=4))
        self.enrolments = [
            backdate(
                enrol(self.course, make_client(self.usti, first_name_latin=f"P{i}")),
                self.course.start_date,
            )
            for i in range(3)
        ]
        self.lesson = past_lessons(self.course)[0]

    def record(self, marks, lesson=None):
        lesson = lesson or self.lesson
        lesson.refresh_from_db()
        return services.attendance_record(
            actor=self.tom, lesson=lesson, marks=marks, expected_version=lesson.version
        )

    def test_a_whole_lesson_is_saved_at_once(self):
        a, b, c = self.enrolments
        saved = self.record({a.pk: "present", b.pk: "absent", c.pk: "excused"})
        self.assertEqual(saved.counts, {"present": 1, "absent": 1, "excused": 1})
        self.assertEqual(Attendance.objects.filter(lesson=self.lesson).count(), 3)
        self.lesson.refresh_from_db()
        self.assertIsNotNone(self.lesson.attendance_recorded_at)
        self.assertEqual(self.lesson.attendance_recorded_by, self.tom)

    def test_saving_again_changes_the_marks_instead_of_adding_rows(self):
        a, b, _c = self.enrolments
        self.record({a.pk: "present", b.pk: "present"})
        self.record({a.pk: "absent"})
        marks = dict(
            Attendance.objects.filter(lesson=self.lesson).values_list("enrolment_id", "status")
        )
        self.assertEqual(marks, {a.pk: "absent", b.pk: "present"})

    def test_the_sheet_is_written_to_the_audit_log(self):
        a = self.enrolments[0]
        self.record({a.pk: "present"})
        entry = LogEntry.objects.get_for_object(self.lesson).latest("timestamp")
        self.assertEqual(entry.additional_data["marks"], {str(a.pk): "present"})

    def test_a_future_lesson_takes_no_attendance(self):
        lesson = future_lessons(self.course)[0]
        with self.assertRaises(SpoluError) as caught:
            self.record({self.enrolments[0].pk: "present"}, lesson)
        self.assertEqual(caught.exception.code, "future_lesson")

    def test_a_cancelled_lesson_takes_no_attendance(self):
        services.lesson_cancel(
            actor=None,
            lesson=self.lesson,
            expected_version=self.lesson.version,
            reason="teacher ill",
        )
        with self.assertRaises(SpoluError) as caught:
            self.record({self.enrolments[0].pk: "present"})
        self.assertEqual(caught.exception.code, "cancelled")

    def test_only_participants_enrolled_on_the_day_get_marks(self):
        waiting_course = make_course(self.usti, capacity=1, start=self.course.start_date)
        first = backdate(enrol(waiting_course, make_client(self.usti)), waiting_course.start_date)
        waiting = enrol(waiting_course, make_client(self.usti, first_name_latin="Wait"))
        self.assertEqual(waiting.status, EnrolmentStatus.WAITING)
        lesson = past_lessons(waiting_course)[0]
        with self.assertRaises(SpoluError) as caught:
            self.record({first.pk: "present", waiting.pk: "present"}, lesson)
        self.assertEqual(caught.exception.code, "not_enrolled")
        other_course_enrolment = self.enrolments[0]
        with self.assertRaises(SpoluError):
            self.record({other_course_enrolment.pk: "present"}, lesson)

    def test_a_participant_enrolled_later_gets_no_marks_for_earlier_lessons(self):
        late = enrol(self.course, make_client(self.usti, first_name_latin="Late"))  # enrolled today
        with self.assertRaises(SpoluError) as caught:
            self.record({late.pk: "present"})
        self.assertEqual(caught.exception.code, "not_enrolled")

    def test_a_drop_out_keeps_earlier_marks_and_gets_no_later_ones(self):
        a = self.enrolments[0]
        first, second = past_lessons(self.course)[:2]
        self.record({a.pk: "present"}, first)
        services.enrolment_drop(actor=None, enrolment=a, dropped_on=second.date)
        self.assertTrue(Attendance.objects.filter(enrolment=a, lesson=first).exists())
        with self.assertRaises(SpoluError):
            self.record({a.pk: "present"}, second)

    def test_an_unknown_status_is_refused(self):
        with self.assertRaises(SpoluError) as caught:
            self.record({self.enrolments[0].pk: "late"})
        self.assertEqual(caught.exception.code, "bad_status")

    def test_two_people_saving_the_same_lesson_do_not_overwrite_each_other_silently(self):
        version = self.lesson.version
        services.attendance_record(
            actor=self.tom,
            lesson=self.lesson,
            marks={self.enrolments[0].pk: "present"},
            expected_version=version,
        )
        with self.assertRaises(StaleObjectError):
            services.attendance_record(
                actor=self.alice,
                lesson=self.lesson,
                marks={self.enrolments[0].pk: "absent"},
                expected_version=version,
            )

    def test_saving_takes_the_same_number_of_queries_for_three_or_thirty_participants(self):
        def queries_for(course, enrolments):
            lesson = past_lessons(course)[0]
            with CaptureQueriesContext(connection) as ctx:
                services.attendance_record(
                    actor=self.tom,
                    lesson=lesson,
                    marks={e.pk: "present" for e in enrolments},
                    expected_version=lesson.version,
                )
            return len(ctx.captured_queries)

        # Per-process caches (content types of the audit log) fill on the first save: warm up.
        warm = past_lessons(self.course)[1]
        services.attendance_record(actor=None, lesson=warm, marks={}, expected_version=warm.version)
        small = queries_for(self.course, self.enrolments)
        big_course = make_course(self.usti, capacity=30, start=self.course.start_date)
        big = [
            backdate(
                enrol(big_course, make_client(self.usti, first_name_latin=f"B{i}")),
                big_course.start_date,
            )
            for i in range(30)
        ]
        self.assertEqual(queries_for(big_course, big), small)


class CompletionTest(LateInTheDay, SpoluTestCase):
    """Completion is computed from attendance once every lesson has taken place."""

    def setUp(self):
        today = timezone.localdate()
        # Six lessons, the last one today.
        self.course = make_course(
            self.usti,
            start=today - timedelta(weeks=3) + timedelta(days=1),
            end_date=today,
            completion_threshold=75,
        )
        self.lessons = past_lessons(self.course)
        self.good, self.poor = (
            backdate(
                enrol(self.course, make_client(self.usti, first_name_latin=n)),
                self.course.start_date,
            )
            for n in ("Good", "Poor")
        )

    def mark_all(self, present_for_poor):
        for index, lesson in enumerate(self.lessons):
            lesson.refresh_from_db()
            services.attendance_record(
                actor=None,
                lesson=lesson,
                marks={
                    self.good.pk: "present",
                    self.poor.pk: "present" if index < present_for_poor else "absent",
                },
                expected_version=lesson.version,
            )

    def test_participants_reaching_the_threshold_complete_the_others_do_not(self):
        self.assertGreaterEqual(len(self.lessons), 4)
        self.mark_all(present_for_poor=1)
        self.good.refresh_from_db()
        self.poor.refresh_from_db()
        self.assertEqual(self.good.status, EnrolmentStatus.COMPLETED)
        self.assertEqual(self.good.completed_on, self.lessons[-1].date)
        self.assertEqual(self.poor.status, EnrolmentStatus.ENROLLED)

    def test_exactly_the_threshold_completes(self):
        rate = queries.Rate(present=3, held=4)
        self.assertTrue(rate.reaches(75))
        self.assertFalse(queries.Rate(present=2, held=4).reaches(75))

    def test_nobody_completes_while_lessons_remain(self):
        course = make_course(self.usti)
        enrolment = backdate(enrol(course, make_client(self.usti)), course.start_date)
        for lesson in past_lessons(course):
            services.attendance_record(
                actor=None,
                lesson=lesson,
                marks={enrolment.pk: "present"},
                expected_version=lesson.version,
            )
        enrolment.refresh_from_db()
        self.assertEqual(enrolment.status, EnrolmentStatus.ENROLLED)

    def test_a_later_correction_can_undo_a_completion(self):
        self.mark_all(present_for_poor=len(self.lessons))
        self.poor.refresh_from_db()
        self.assertEqual(self.poor.status, EnrolmentStatus.COMPLETED)
        for lesson in self.lessons[:3]:
            lesson.refresh_from_db()
            services.attendance_record(
                actor=None,
                lesson=lesson,
                marks={self.poor.pk: "absent"},
                expected_version=lesson.version,
            )
        self.poor.refresh_from_db()
        self.assertEqual(self.poor.status, EnrolmentStatus.ENROLLED)
        self.assertIsNone(self.poor.completed_on)

    def test_a_cancelled_lesson_does_not_count(self):
        self.mark_all(present_for_poor=len(self.lessons) - 2)
        self.poor.refresh_from_db()
        self.assertEqual(self.poor.status, EnrolmentStatus.ENROLLED)
        # Cancelling is refused where someone was present; the rate counts held lessons only.
        with self.assertRaises(SpoluError):
            lesson = self.lessons[-1]
            lesson.refresh_from_db()
            services.lesson_cancel(
                actor=None, lesson=lesson, expected_version=lesson.version, reason="x"
            )
        extra = services.lesson_add(
            actor=None,
            course=self.course,
            date=self.lessons[-1].date,
            starts_at=self.lessons[-1].ends_at,
            ends_at=(self.lessons[-1].ends_at.replace(hour=19)),
        )
        services.lesson_cancel(actor=None, lesson=extra, expected_version=extra.version, reason="x")
        rates = queries.attendance_rates(
            [self.good], queries.held_dates(self.course.lessons.all(), timezone.localdate())
        )
        self.assertEqual(rates[self.good.pk].held, len(self.lessons))

    def test_a_drop_out_never_completes(self):
        services.enrolment_drop(actor=None, enrolment=self.poor, dropped_on=self.lessons[-1].date)
        self.mark_all_good_only()
        self.poor.refresh_from_db()
        self.assertEqual(self.poor.status, EnrolmentStatus.DROPPED)

    def mark_all_good_only(self):
        for lesson in self.lessons:
            lesson.refresh_from_db()
            services.attendance_record(
                actor=None,
                lesson=lesson,
                marks={self.good.pk: "present"},
                expected_version=lesson.version,
            )
