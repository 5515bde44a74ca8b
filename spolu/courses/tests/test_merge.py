from spolu.clients.merge import merge_handlers
from spolu.courses import services, services_exams
from spolu.courses.merge import merge_enrolments, merge_exam_results
from spolu.courses.models import Attendance, Enrolment, EnrolmentStatus, ExamResult
from spolu.courses.testing import backdate, enrol, make_course, past_lessons
from spolu.courses.tests.base import CoursesTestCase
from spolu.testing import make_client


class MergeTest(CoursesTestCase):
    def test_the_handlers_are_registered(self):
        handlers = merge_handlers()
        self.assertIs(handlers[Enrolment], merge_enrolments)
        self.assertIs(handlers[ExamResult], merge_exam_results)

    def test_two_enrolments_in_one_course_become_one_without_losing_attendance(self):
        survivor = self.enrolments[0]
        duplicate_client = make_client(self.usti, first_name_latin="Dup")
        duplicate = backdate(
            enrol(self.course, duplicate_client, entry_level=1), self.course.start_date
        )
        first, second, third = past_lessons(self.course)[:3]
        for lesson, marks in (
            (first, {survivor.pk: "absent", duplicate.pk: "present"}),
            (second, {duplicate.pk: "excused"}),
            (third, {survivor.pk: "present", duplicate.pk: "absent"}),
        ):
            lesson.refresh_from_db()
            services.attendance_record(
                actor=None, lesson=lesson, marks=marks, expected_version=lesson.version
            )
        merge_enrolments(survivor=survivor.client, duplicate=duplicate_client)
        self.assertFalse(Enrolment.objects.filter(client=duplicate_client).exists())
        marks = dict(
            Attendance.objects.filter(enrolment=survivor).values_list("lesson_id", "status")
        )
        self.assertEqual(marks, {first.pk: "present", second.pk: "excused", third.pk: "present"})
        survivor.refresh_from_db()
        self.assertEqual(survivor.entry_level, 1)

    def test_a_place_freed_by_merging_two_enrolments_goes_to_the_waiting_list(self):
        course = make_course(self.usti, title="Malý kurz", capacity=2)
        survivor = make_client(self.usti, first_name_latin="Survivor")
        duplicate = make_client(self.usti, first_name_latin="Dup")
        enrol(course, survivor)
        enrol(course, duplicate)
        waiting = enrol(course, make_client(self.usti, first_name_latin="Waiting"))
        self.assertEqual(waiting.status, EnrolmentStatus.WAITING)
        merge_enrolments(survivor=survivor, duplicate=duplicate)
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, EnrolmentStatus.ENROLLED)
        self.assertEqual(course.enrolments.holding_places().count(), 2)

    def test_an_enrolment_in_another_course_simply_moves(self):
        duplicate_client = make_client(self.teplice, first_name_latin="Dup")
        moved = enrol(self.other_course, duplicate_client)
        merge_enrolments(survivor=self.clients[0], duplicate=duplicate_client)
        moved.refresh_from_db()
        self.assertEqual(moved.client, self.clients[0])

    def test_the_further_status_wins(self):
        survivor = self.enrolments[0]
        services.enrolment_drop(actor=None, enrolment=survivor, reason="duplicate record")
        duplicate_client = make_client(self.usti, first_name_latin="Dup")
        enrol(self.course, duplicate_client)
        merge_enrolments(survivor=survivor.client, duplicate=duplicate_client)
        survivor.refresh_from_db()
        self.assertEqual(survivor.status, EnrolmentStatus.ENROLLED)
        self.assertIsNone(survivor.dropped_on)

    def test_two_results_of_one_sitting_keep_the_one_recorded_last(self):
        duplicate_client = make_client(self.usti, first_name_latin="Dup")
        duplicate = services_exams.candidate_add(
            actor=None, sitting=self.sitting, client=duplicate_client
        )
        section = self.sitting.exam_type.parts.first().sections.first()
        services_exams.result_record(
            actor=None,
            result=duplicate,
            expected_version=duplicate.version,
            points={section.pk: 10},
        )
        merge_exam_results(survivor=self.clients[0], duplicate=duplicate_client)
        result = ExamResult.objects.get(sitting=self.sitting, client=self.clients[0])
        self.assertEqual(result.pk, duplicate.pk)
        self.assertEqual(result.scores.get().points, 10)
        self.assertFalse(ExamResult.objects.filter(client=duplicate_client).exists())


class ClientMergeIntegrationTest(CoursesTestCase):
    def test_merging_two_records_of_one_participant_keeps_one_enrolment_with_all_marks(self):
        from spolu.clients.merge import client_merge

        survivor = self.enrolments[0]
        duplicate_client = make_client(
            self.usti, first_name_latin="Olena", last_name_latin="Shevchenko"
        )
        duplicate = backdate(enrol(self.course, duplicate_client), self.course.start_date)
        lesson = past_lessons(self.course)[0]
        services.attendance_record(
            actor=None,
            lesson=lesson,
            marks={duplicate.pk: "present"},
            expected_version=lesson.version,
        )
        client_merge(survivor=survivor.client, duplicate=duplicate_client, actor=self.alice)
        self.assertEqual(
            Enrolment.objects.filter(course=self.course, client=survivor.client).count(), 1
        )
        self.assertEqual(
            Attendance.objects.get(lesson=lesson, enrolment=survivor).status, "present"
        )
