from datetime import time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spolu.core import roles
from spolu.courses import services, services_exams
from spolu.courses.models import (
    Attendance,
    Course,
    CourseKind,
    Enrolment,
    EnrolmentStatus,
    ExamSection,
    Lesson,
)
from spolu.courses.schedule import SlotSpec
from spolu.courses.testing import backdate, enrol, make_course, past_lessons
from spolu.courses.tests.base import CoursesTestCase
from spolu.testing import make_client, make_user


def course_post(**overrides):
    today = timezone.localdate()
    data = {
        "title": "Čeština A2 – odpolední",
        "kind": "czech",
        "activity": "",
        "level": "2",
        "office": "",
        "place": "Velká Hradební 48",
        "capacity": "12",
        "language": "cs",
        "interpretation_language": "",
        "start_date": (today + timedelta(days=7)).isoformat(),
        "end_date": (today + timedelta(days=7 + 27)).isoformat(),
        "skip_public_holidays": "on",
        "completion_threshold": "75",
        "public": "on",
        "description": "",
        "slots-TOTAL_FORMS": "2",
        "slots-INITIAL_FORMS": "0",
        "slots-0-weekday": "1",
        "slots-0-starts_at": "16:00",
        "slots-0-ends_at": "17:30",
        "slots-1-weekday": "",
        "slots-1-starts_at": "",
        "slots-1-ends_at": "",
        "breaks-TOTAL_FORMS": "1",
        "breaks-INITIAL_FORMS": "0",
        "breaks-0-first_day": "",
        "breaks-0-last_day": "",
        "breaks-0-reason": "",
    }
    data.update(overrides)
    return data


class CourseFormTest(CoursesTestCase):
    def setUp(self):
        self.login(self.alice)

    def test_a_coordinator_creates_a_course_and_its_lessons(self):
        response = self.client.post(
            reverse("courses:create"), course_post(office=self.usti.pk, teachers=[self.tom.pk])
        )
        course = Course.objects.get(title="Čeština A2 – odpolední")
        self.assertRedirects(response, reverse("courses:detail", args=[course.pk]))
        self.assertEqual(course.activity_id, "A08")
        self.assertEqual(course.lessons.count(), 4)
        self.assertEqual(list(course.teachers.all()), [self.tom])

    def test_an_end_before_the_start_is_refused_with_a_clear_message(self):
        today = timezone.localdate()
        response = self.client.post(
            reverse("courses:create"),
            course_post(
                office=self.usti.pk,
                start_date=today.isoformat(),
                end_date=(today - timedelta(days=1)).isoformat(),
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Poslední den je před prvním dnem.")
        self.assertFalse(Course.objects.filter(title="Čeština A2 – odpolední").exists())

    def test_a_slot_ending_before_it_starts_is_refused(self):
        response = self.client.post(
            reverse("courses:create"),
            course_post(office=self.usti.pk, **{"slots-0-ends_at": "15:00"}),
        )
        self.assertContains(response, "Konec není po začátku.")
        self.assertFalse(Course.objects.filter(title="Čeština A2 – odpolední").exists())

    def test_the_activity_must_match_the_kind(self):
        response = self.client.post(
            reverse("courses:create"),
            course_post(office=self.usti.pk, kind=CourseKind.PROFESSIONALS, activity="A08"),
        )
        self.assertContains(response, "A12")
        self.assertFalse(Course.objects.filter(title="Čeština A2 – odpolední").exists())

    def test_a_course_needs_at_least_one_place_and_a_percentage(self):
        response = self.client.post(
            reverse("courses:create"),
            course_post(office=self.usti.pk, capacity="0", completion_threshold="120"),
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["form"].errors), 2)

    def test_an_office_outside_the_users_scope_cannot_be_chosen(self):
        self.login(self.rita)  # may not create at all
        self.assertEqual(
            self.client.post(reverse("courses:create"), course_post()).status_code, 403
        )

    def test_an_edit_based_on_an_old_version_is_refused(self):
        data = course_post(
            office=self.usti.pk,
            title="Renamed",
            version=self.course.version - 1 if self.course.version > 1 else 99,
            start_date=self.course.start_date.isoformat(),
            end_date=self.course.end_date.isoformat(),
        )
        response = self.client.post(
            reverse("courses:edit", args=[self.course.pk]), data, follow=True
        )
        self.assertContains(response, "Někdo jiný")
        self.course.refresh_from_db()
        self.assertNotEqual(self.course.title, "Renamed")

    def test_the_schedule_page_replaces_the_weekly_times(self):
        course = make_course(self.usti, start=timezone.localdate(), weeks=4)
        response = self.client.post(
            reverse("courses:schedule", args=[course.pk]),
            {
                "version": course.version,
                "slots-TOTAL_FORMS": "1",
                "slots-INITIAL_FORMS": "0",
                "slots-0-weekday": "4",
                "slots-0-starts_at": "09:00",
                "slots-0-ends_at": "10:30",
                "breaks-TOTAL_FORMS": "0",
                "breaks-INITIAL_FORMS": "0",
            },
        )
        self.assertRedirects(response, reverse("courses:detail", args=[course.pk]))
        upcoming = course.lessons.filter(date__gt=timezone.localdate())
        self.assertTrue(upcoming.exists())
        self.assertTrue(all(lesson.date.weekday() == 4 for lesson in upcoming))

    def test_cancelling_a_course_cancels_its_future_lessons(self):
        self.client.post(
            reverse("courses:cancel", args=[self.course.pk]), {"version": self.course.version}
        )
        self.course.refresh_from_db()
        self.assertTrue(self.course.cancelled)
        self.assertFalse(
            self.course.lessons.filter(date__gt=timezone.localdate(), cancelled=False).exists()
        )
        self.assertTrue(
            self.course.lessons.filter(date__lte=timezone.localdate(), cancelled=False).exists()
        )


class EnrolViewTest(CoursesTestCase):
    def setUp(self):
        self.login(self.rita)

    def test_reception_finds_and_enrols_a_client(self):
        newcomer = make_client(
            self.usti, first_name="Ірина", first_name_latin="Iryna", last_name_latin="Bondarenko"
        )
        url = reverse("courses:enrol", args=[self.course.pk])
        self.assertContains(self.client.get(url, {"q": "bondarenko"}), "Iryna")
        response = self.client.post(
            url, {"client": newcomer.pk, "mode": "enrol", "entry_level": "1"}
        )
        self.assertRedirects(response, reverse("courses:detail", args=[self.course.pk]))
        enrolment = Enrolment.objects.get(course=self.course, client=newcomer)
        self.assertEqual((enrolment.status, enrolment.entry_level), (EnrolmentStatus.ENROLLED, 1))

    def test_an_ineligible_client_is_enrolled_with_a_visible_warning(self):
        applicant = make_client(self.usti, residence="asylum_applicant", first_name_latin="Ahmad")
        url = reverse("courses:enrol", args=[self.course.pk])
        self.assertContains(self.client.get(url, {"client": applicant.pk}), "AMIF")
        response = self.client.post(url, {"client": applicant.pk, "mode": "enrol"}, follow=True)
        self.assertContains(response, "vykazuje se zvlášť")
        detail = self.client.get(reverse("courses:detail", args=[self.course.pk]))
        self.assertContains(detail, "mimo cílovou skupinu")

    def test_a_full_course_puts_the_client_on_the_waiting_list(self):
        course = make_course(self.usti, capacity=1)
        enrol(course, make_client(self.usti))
        late = make_client(self.usti, first_name_latin="Late")
        response = self.client.post(
            reverse("courses:enrol", args=[course.pk]),
            {"client": late.pk, "mode": "enrol"},
            follow=True,
        )
        self.assertContains(response, "pořadník")
        self.assertEqual(
            Enrolment.objects.get(course=course, client=late).status, EnrolmentStatus.WAITING
        )

    def test_a_client_of_another_office_cannot_be_chosen(self):
        stranger = self.other_enrolment.client
        url = reverse("courses:enrol", args=[self.course.pk])
        self.assertEqual(self.client.get(url, {"client": stranger.pk}).status_code, 404)
        self.assertEqual(
            self.client.post(url, {"client": stranger.pk, "mode": "enrol"}).status_code, 404
        )

    def test_a_drop_out_moves_the_waiting_list_up_and_says_so(self):
        course = make_course(self.usti, capacity=1)
        first = enrol(course, make_client(self.usti, first_name_latin="First"))
        waiting = enrol(course, make_client(self.usti, first_name_latin="Second"))
        response = self.client.post(
            reverse("courses:enrolment_drop", args=[first.pk]),
            {"reason": "moved to Prague"},
            follow=True,
        )
        self.assertContains(response, "Second")
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, EnrolmentStatus.ENROLLED)

    def test_an_application_is_confirmed(self):
        applicant = enrol(self.course, make_client(self.usti), application_only=True)
        self.client.post(reverse("courses:enrolment_confirm", args=[applicant.pk]))
        applicant.refresh_from_db()
        self.assertEqual(applicant.status, EnrolmentStatus.ENROLLED)

    def test_the_participant_form_saves_levels_and_refuses_a_future_enrolment_date(self):
        enrolment = self.enrolments[0]
        url = reverse("courses:enrolment_edit", args=[enrolment.pk])
        bad = self.client.post(
            url,
            {
                "version": enrolment.version,
                "enrolled_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
                "entry_level": "0",
                "exit_level": "1",
            },
        )
        self.assertContains(bad, "Datum zápisu nemůže být v budoucnosti.")
        good = self.client.post(
            url,
            {
                "version": enrolment.version,
                "enrolled_on": enrolment.enrolled_on.isoformat(),
                "entry_level": "0",
                "exit_level": "1",
                "note": "",
            },
        )
        self.assertRedirects(good, reverse("courses:detail", args=[self.course.pk]))
        enrolment.refresh_from_db()
        self.assertTrue(enrolment.improved)

    def test_professionals_are_enrolled_by_name(self):
        self.login(self.alice)
        course = make_course(
            self.usti, kind=CourseKind.PROFESSIONALS, title="Seminář pro učitele", level=None
        )
        response = self.client.post(
            reverse("courses:enrol", args=[course.pk]),
            {
                "name": "Mgr. Jana Malá",
                "institution": "ZŠ Vojnovičova",
                "role": "učitelka",
                "mode": "enrol",
            },
        )
        self.assertRedirects(response, reverse("courses:detail", args=[course.pk]))
        self.assertEqual(course.enrolments.get().professional_institution, "ZŠ Vojnovičova")


class AttendanceScreenTest(CoursesTestCase):
    def setUp(self):
        self.login(self.tom)

    def post(self, lesson, data):
        lesson.refresh_from_db()
        return self.client.post(
            reverse("courses:lesson", args=[lesson.pk]), {"version": lesson.version, **data}
        )

    def test_a_teacher_marks_everyone_present_with_one_button(self):
        response = self.post(self.lesson, {"all_present": "1"})
        self.assertRedirects(response, reverse("courses:lesson", args=[self.lesson.pk]))
        self.assertEqual(
            set(Attendance.objects.filter(lesson=self.lesson).values_list("status", flat=True)),
            {"present"},
        )
        self.assertEqual(Attendance.objects.filter(lesson=self.lesson).count(), 3)

    def test_a_teacher_saves_individual_marks_and_the_topic(self):
        a, b, c = self.enrolments
        self.post(
            self.lesson,
            {
                f"a-{a.pk}": "present",
                f"a-{b.pk}": "absent",
                f"a-{c.pk}": "excused",
                "topic": "U lékaře",
            },
        )
        marks = dict(
            Attendance.objects.filter(lesson=self.lesson).values_list("enrolment_id", "status")
        )
        self.assertEqual(marks, {a.pk: "present", b.pk: "absent", c.pk: "excused"})
        self.lesson.refresh_from_db()
        self.assertEqual(self.lesson.topic, "U lékaře")
        page = self.client.get(reverse("courses:lesson", args=[self.lesson.pk]))
        self.assertContains(page, f'id="a-{b.pk}-absent" value="absent" autocomplete="off" checked')

    def test_a_future_lesson_shows_no_form_and_refuses_a_save(self):
        future = self.course.lessons.filter(date__gt=timezone.localdate()).first()
        page = self.client.get(reverse("courses:lesson", args=[future.pk]))
        self.assertNotContains(page, "data-all-present")
        response = self.post(future, {f"a-{self.enrolments[0].pk}": "present"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "proběhly")
        self.assertFalse(Attendance.objects.filter(lesson=future).exists())

    def test_a_mark_for_someone_not_in_the_course_is_refused(self):
        response = self.post(self.lesson, {f"a-{self.other_enrolment.pk}": "present"})
        self.assertContains(response, "zapsaným")
        self.assertFalse(Attendance.objects.exists())

    def test_nonsense_in_the_form_never_gives_a_500(self):
        for data in (
            {"a-abc": "present"},
            {"version": "x"},
            {f"a-{self.enrolments[0].pk}": "maybe"},
            # "²".isdigit() is True, but int("²") fails.
            {"a-²": "present"},
            {"version": "²"},
            {"a-99999999999999999999999": "present"},
            {"version": "99999999999999999999999"},
        ):
            with self.subTest(data=data):
                response = self.client.post(reverse("courses:lesson", args=[self.lesson.pk]), data)
                self.assertIn(response.status_code, (200, 302))

    def test_a_stale_sheet_is_refused(self):
        self.post(self.lesson, {"all_present": "1"})
        response = self.client.post(
            reverse("courses:lesson", args=[self.lesson.pk]),
            {"version": 1, f"a-{self.enrolments[0].pk}": "absent"},
        )
        self.assertContains(response, "Někdo jiný")
        self.assertEqual(
            Attendance.objects.get(lesson=self.lesson, enrolment=self.enrolments[0]).status,
            "present",
        )

    def _course_with(self, participants, weeks):
        start = timezone.localdate() - timedelta(weeks=weeks)
        slots = [SlotSpec(d, time(16, 0), time(17, 30)) for d in range(5)]
        course = make_course(
            self.usti,
            teachers=[self.tom],
            start=start,
            weeks=weeks + 1,
            slots=slots,
            capacity=participants,
        )
        for i in range(participants):
            backdate(enrol(course, make_client(self.usti, first_name_latin=f"N{i}")), start)
        return course

    def test_the_screen_renders_and_saves_in_the_same_number_of_queries_for_any_class(self):
        small = self._course_with(3, 2)
        big = self._course_with(30, 12)
        self.assertGreaterEqual(big.lessons.count(), 60)

        def measure(course):
            lesson = past_lessons(course)[-1]
            url = reverse("courses:lesson", args=[lesson.pk])
            with CaptureQueriesContext(connection) as get:
                self.assertEqual(self.client.get(url).status_code, 200)
            marks = {f"a-{e.pk}": "present" for e in course.enrolments.all()}
            with CaptureQueriesContext(connection) as post:
                response = self.client.post(url, {"version": lesson.version, **marks})
                self.assertEqual(response.status_code, 302)
            return len(get.captured_queries), len(post.captured_queries)

        # Per-process caches (content types of the audit log) fill on the first save: warm up.
        warm = past_lessons(small)[0]
        self.client.post(reverse("courses:lesson", args=[warm.pk]), {"version": warm.version})
        get_small, post_small = measure(small)
        lesson = past_lessons(big)[-1]
        with self.assertNumQueries(get_small):
            self.client.get(reverse("courses:lesson", args=[lesson.pk]))
        marks = {f"a-{e.pk}": "absent" for e in big.enrolments.all()}
        with self.assertNumQueries(post_small):
            self.client.post(
                reverse("courses:lesson", args=[lesson.pk]), {"version": lesson.version, **marks}
            )
        self.assertEqual(Attendance.objects.filter(lesson=lesson, status="absent").count(), 30)

    def test_the_register_takes_the_same_number_of_queries_for_any_class(self):
        small = self._course_with(3, 2)
        big = self._course_with(30, 12)
        with CaptureQueriesContext(connection) as ctx:
            self.client.get(reverse("courses:register", args=[small.pk]))
        with self.assertNumQueries(len(ctx.captured_queries)):
            self.client.get(reverse("courses:register", args=[big.pk]))

    def test_the_course_page_takes_the_same_number_of_queries_for_any_class(self):
        small = self._course_with(3, 2)
        big = self._course_with(30, 12)
        with CaptureQueriesContext(connection) as ctx:
            self.client.get(reverse("courses:detail", args=[small.pk]))
        with self.assertNumQueries(len(ctx.captured_queries)):
            self.client.get(reverse("courses:detail", args=[big.pk]))


class LessonEditTest(CoursesTestCase):
    def setUp(self):
        self.login(self.tom)
        self.future = self.course.lessons.filter(date__gt=timezone.localdate()).first()

    def test_a_lesson_is_moved_and_remembers_its_original_date(self):
        new_day = self.future.date + timedelta(days=1)
        response = self.client.post(
            reverse("courses:lesson_edit", args=[self.future.pk]),
            {
                "version": self.future.version,
                "date": new_day.isoformat(),
                "starts_at": "18:00",
                "ends_at": "19:30",
                "place": "Knihovna",
                "topic": "",
            },
        )
        self.assertRedirects(response, reverse("courses:lesson", args=[self.future.pk]))
        moved = Lesson.objects.get(pk=self.future.pk)
        self.assertEqual(
            (moved.date, moved.moved_from, moved.minutes), (new_day, self.future.date, 90)
        )

    def test_an_end_before_the_start_is_refused(self):
        response = self.client.post(
            reverse("courses:lesson_edit", args=[self.future.pk]),
            {
                "version": self.future.version,
                "date": self.future.date.isoformat(),
                "starts_at": "18:00",
                "ends_at": "17:00",
            },
        )
        self.assertContains(response, "Konec není po začátku.")

    def test_a_lesson_outside_the_course_dates_is_refused(self):
        response = self.client.post(
            reverse("courses:lesson_edit", args=[self.future.pk]),
            {
                "version": self.future.version,
                "date": (self.course.end_date + timedelta(days=30)).isoformat(),
                "starts_at": "16:00",
                "ends_at": "17:30",
            },
            follow=True,
        )
        self.assertContains(response, "mezi prvním a posledním dnem")

    def test_a_lesson_is_cancelled_and_restored(self):
        url = reverse("courses:lesson_cancel", args=[self.future.pk])
        self.client.post(url, {"version": self.future.version, "reason": "nemoc lektorky"})
        self.future.refresh_from_db()
        self.assertTrue(self.future.cancelled)
        self.client.post(
            reverse("courses:lesson_restore", args=[self.future.pk]),
            {"version": self.future.version},
        )
        self.future.refresh_from_db()
        self.assertFalse(self.future.cancelled)

    def test_cancelling_needs_a_reason(self):
        response = self.client.post(
            reverse("courses:lesson_cancel", args=[self.future.pk]),
            {"version": self.future.version},
            follow=True,
        )
        self.assertContains(response, "důvod")
        self.future.refresh_from_db()
        self.assertFalse(self.future.cancelled)

    def test_overlapping_lessons_of_a_teacher_are_flagged(self):
        clash = make_course(
            self.usti, teachers=[self.tom], title="Souběžný kurz", start=self.course.start_date
        )
        response = self.client.get(reverse("courses:detail", args=[self.course.pk]))
        self.assertContains(response, "překrývající")
        edit = self.client.get(reverse("courses:lesson_edit", args=[self.future.pk]))
        self.assertContains(edit, clash.title)

    def test_a_teacher_adds_an_extra_lesson(self):
        day = timezone.localdate()
        response = self.client.post(
            reverse("courses:lesson_add", args=[self.course.pk]),
            {
                "date": day.isoformat(),
                "starts_at": "10:00",
                "ends_at": "11:00",
                "place": "",
                "topic": "Exkurze",
            },
        )
        lesson = Lesson.objects.get(course=self.course, date=day, starts_at=time(10, 0))
        self.assertRedirects(response, reverse("courses:lesson", args=[lesson.pk]))
        self.assertEqual(lesson.minutes, 60)


class TodayTest(CoursesTestCase):
    def test_the_teacher_s_dashboard_leads_to_today_s_attendance(self):
        today = timezone.localdate()
        lesson = services.lesson_add(
            actor=None, course=self.course, date=today, starts_at=time(8, 0), ends_at=time(9, 0)
        )
        self.login(self.tom)
        dashboard = self.client.get(reverse("dashboard"))
        self.assertContains(dashboard, reverse("courses:lesson", args=[lesson.pk]))
        mine = self.client.get(reverse("courses:my_lessons"))
        self.assertContains(mine, reverse("courses:lesson", args=[lesson.pk]))

    def test_lessons_without_attendance_are_reminded(self):
        self.login(self.tom)
        self.assertContains(self.client.get(reverse("dashboard")), "Chybí docházka")

    def test_other_roles_get_no_teacher_panel(self):
        self.login(self.rita)
        self.assertNotContains(self.client.get(reverse("dashboard")), "Moje dnešní lekce")

    def test_a_bad_day_in_the_address_shows_today(self):
        self.login(self.tom)
        self.assertEqual(
            self.client.get(reverse("courses:my_lessons") + "?day=yesterday").status_code, 200
        )


class CatalogueTest(CoursesTestCase):
    def test_the_catalogue_shows_free_places_and_full_courses_separately(self):
        full = make_course(
            self.usti,
            title="Plný kurz",
            capacity=1,
            start=timezone.localdate() + timedelta(days=10),
        )
        enrol(full, make_client(self.usti))
        self.login(self.rita)
        response = self.client.get(reverse("courses:catalogue"))
        self.assertContains(response, self.course.title)
        entries = {
            e.title: e for e in response.context["open_entries"] + response.context["full_entries"]
        }
        self.assertEqual(entries["Plný kurz"].free_places, 0)
        self.assertEqual(entries[self.course.title].free_places, self.course.capacity - 3)
        self.assertIn("Plný kurz", [e.title for e in response.context["full_entries"]])


class ExamViewsTest(CoursesTestCase):
    def setUp(self):
        self.login(self.tom)
        self.sections = {
            s.code: s
            for s in ExamSection.objects.filter(part__exam_type_id="a2_permanent_residence")
        }

    def scores(self, **points):
        data = {"version": self.result.version, "note": ""}
        data.update({f"section_{self.sections[k].pk}": v for k, v in points.items()})
        return data

    def test_a_teacher_records_scores_and_sees_the_computed_result(self):
        response = self.client.post(
            reverse("courses:result", args=[self.result.pk]),
            self.scores(reading=20, listening=18, writing=12, speaking=30),
        )
        self.assertRedirects(response, reverse("courses:sitting", args=[self.sitting.pk]))
        self.result.refresh_from_db()
        self.assertTrue(self.result.passed)
        self.assertContains(
            self.client.get(reverse("courses:sitting", args=[self.sitting.pk])), "prospěl"
        )

    def test_points_above_the_maximum_get_a_clear_message_and_nothing_is_saved(self):
        response = self.client.post(
            reverse("courses:result", args=[self.result.pk]),
            self.scores(reading=30, listening=-2, writing=12, speaking=30),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "má nejvýše 25 bodů")
        self.assertContains(response, "nemohou být záporné")
        self.result.refresh_from_db()
        self.assertIsNone(self.result.passed)
        self.assertFalse(self.result.scores.exists())

    def test_a_teacher_creates_a_sitting_and_adds_a_participant_of_their_course(self):
        response = self.client.post(
            reverse("courses:sitting_create"),
            {
                "exam_type": "b1_citizenship",
                "date": timezone.localdate().isoformat(),
                "starts_at": "09:00",
                "office": self.usti.pk,
                "place": "Učebna 2",
                "examiner": self.tom.pk,
                "course": self.course.pk,
                "note": "",
            },
        )
        sitting = self.tom.examined_sittings.get(exam_type="b1_citizenship")
        self.assertRedirects(response, reverse("courses:sitting", args=[sitting.pk]))
        found = self.client.get(reverse("courses:sitting", args=[sitting.pk]), {"q": "bondarenko"})
        self.assertContains(found, "Iryna")
        self.client.post(
            reverse("courses:candidate_add", args=[sitting.pk]), {"client": self.clients[1].pk}
        )
        self.assertTrue(sitting.results.filter(client=self.clients[1]).exists())

    def test_a_teacher_cannot_add_a_client_outside_their_courses(self):
        stranger = make_client(self.usti, first_name_latin="Stranger")
        response = self.client.post(
            reverse("courses:candidate_add", args=[self.sitting.pk]), {"client": stranger.pk}
        )
        self.assertEqual(response.status_code, 404)

    def test_the_history_of_a_candidate(self):
        services_exams.result_record(
            actor=None,
            result=self.result,
            expected_version=self.result.version,
            points={s.pk: s.max_points for s in self.sections.values()},
        )
        response = self.client.get(reverse("courses:candidate_history", args=[self.clients[0].pk]))
        self.assertContains(response, "prospěl")
        self.assertContains(response, "Zkouška A2")


class CertificateTest(CoursesTestCase):
    def test_a_certificate_exists_only_for_a_completed_course(self):
        self.login(self.alice)
        url = reverse("courses:certificate", args=[self.enrolments[0].pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        Enrolment.objects.filter(pk=self.enrolments[0].pk).update(status=EnrolmentStatus.COMPLETED)
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_the_attendance_sheet_is_a_pdf(self):
        self.login(self.tom)
        response = self.client.get(reverse("courses:lesson_sheet", args=[self.lesson.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")


class BadInputTest(CoursesTestCase):
    """Whatever is typed into a form or an address: a message or a 404, never a 500."""

    def test_garbled_versions_and_ids_on_posted_forms(self):
        self.login(self.alice)
        future = self.course.lessons.filter(date__gt=timezone.localdate()).first()
        for url, data in (
            (reverse("courses:cancel", args=[self.course.pk]), {"version": "²"}),
            (reverse("courses:lesson_restore", args=[future.pk]), {"version": "²"}),
            (reverse("courses:schedule", args=[self.course.pk]), {"version": "³"}),
            (reverse("courses:enrol", args=[self.course.pk]), {"client": "²"}),
            (reverse("courses:candidate_add", args=[self.sitting.pk]), {"client": "²"}),
            (
                reverse("courses:candidate_add", args=[self.sitting.pk]),
                {"client": "99999999999999999999"},
            ),
        ):
            with self.subTest(url=url, data=data):
                self.assertIn(self.client.post(url, data).status_code, (200, 302, 404))
        self.course.refresh_from_db()
        self.assertFalse(self.course.cancelled)
        self.assertEqual(
            self.client.get(
                reverse("courses:enrol", args=[self.course.pk]) + "?client=²"
            ).status_code,
            404,
        )

    def test_a_day_at_the_ends_of_the_calendar_shows_today(self):
        self.login(self.tom)
        for day in ("0001-01-01", "9999-12-31", "2024-02-30", "1899-12-31"):
            with self.subTest(day=day):
                response = self.client.get(reverse("courses:my_lessons") + f"?day={day}")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["day"], timezone.localdate())

    def test_an_id_no_database_holds_is_not_found(self):
        self.login(self.alice)
        huge = 99999999999999999999
        for url in (
            reverse("courses:candidate_history", args=[huge]),
            reverse("courses:detail", args=[huge]),
            reverse("courses:lesson", args=[huge]),
            reverse("courses:enrolment_edit", args=[huge]),
            reverse("courses:sitting", args=[huge]),
            reverse("courses:result", args=[huge]),
            reverse("courses:evidence", args=[huge]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_dates_outside_1900_to_2100_are_refused_with_a_message(self):
        self.login(self.alice)
        for start, end in (
            ("9999-12-25", "9999-12-31"),
            ("2026-01-01", "9999-12-31"),
            ("0001-01-01", "0001-02-01"),
        ):
            with self.subTest(start=start, end=end):
                response = self.client.post(
                    reverse("courses:create"),
                    course_post(office=self.usti.pk, start_date=start, end_date=end),
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Zadejte datum mezi")
        self.assertFalse(Course.objects.filter(title="Čeština A2 – odpolední").exists())
        future = self.course.lessons.filter(date__gt=timezone.localdate()).first()
        for url, data in (
            (
                reverse("courses:lesson_add", args=[self.course.pk]),
                {"date": "9999-12-31", "starts_at": "10:00", "ends_at": "11:00"},
            ),
            (
                reverse("courses:lesson_edit", args=[future.pk]),
                {
                    "version": future.version,
                    "date": "0001-01-01",
                    "starts_at": "10:00",
                    "ends_at": "11:00",
                },
            ),
            (
                reverse("courses:enrolment_edit", args=[self.enrolments[0].pk]),
                {"version": self.enrolments[0].version, "enrolled_on": "0001-01-01"},
            ),
            (reverse("courses:sitting_create"), {"date": "9999-12-31"}),
            (
                reverse("courses:schedule", args=[self.course.pk]),
                {
                    "version": self.course.version,
                    "slots-TOTAL_FORMS": "0",
                    "slots-INITIAL_FORMS": "0",
                    "breaks-TOTAL_FORMS": "1",
                    "breaks-INITIAL_FORMS": "0",
                    "breaks-0-first_day": "0001-01-01",
                    "breaks-0-last_day": "9999-12-31",
                },
            ),
        ):
            with self.subTest(url=url):
                response = self.client.post(url, data)
                self.assertContains(response, "Zadejte datum mezi")
        drop = self.client.post(
            reverse("courses:enrolment_drop", args=[self.enrolments[0].pk]),
            {"dropped_on": "0001-01-01"},
            follow=True,
        )
        self.assertContains(drop, "Zadejte datum mezi")


class ClashWarningTest(CoursesTestCase):
    def setUp(self):
        self.future = self.course.lessons.filter(date__gt=timezone.localdate()).first()

    def test_adding_a_lesson_at_a_taken_time_warns(self):
        self.login(self.tom)
        response = self.client.post(
            reverse("courses:lesson_add", args=[self.course.pk]),
            {"date": self.future.date.isoformat(), "starts_at": "16:30", "ends_at": "17:00"},
            follow=True,
        )
        self.assertContains(response, "ve stejnou dobu ještě")

    def test_moving_a_lesson_onto_another_warns(self):
        self.login(self.tom)
        other = self.course.lessons.filter(date__gt=self.future.date).first()
        response = self.client.post(
            reverse("courses:lesson_edit", args=[self.future.pk]),
            {
                "version": self.future.version,
                "date": other.date.isoformat(),
                "starts_at": "16:00",
                "ends_at": "17:00",
            },
            follow=True,
        )
        self.assertContains(response, "ve stejnou dobu ještě")

    def test_creating_a_course_at_the_teacher_s_taken_time_warns(self):
        self.login(self.alice)
        response = self.client.post(
            reverse("courses:create"),
            course_post(office=self.usti.pk, teachers=[self.tom.pk]),
            follow=True,
        )
        self.assertContains(response, "ve stejnou dobu ještě")

    def test_a_co_teacher_sees_when_but_not_what_the_clashing_lesson_is(self):
        tina = make_user("tina", roles.TEACHER, [self.usti])
        self.course.teachers.add(tina)
        make_course(
            self.usti, teachers=[self.tom], title="Tomův jiný kurz", start=self.course.start_date
        )
        self.login(tina)
        page = self.client.get(reverse("courses:lesson_edit", args=[self.future.pk]))
        self.assertContains(page, "16:00–17:30")
        self.assertNotContains(page, "Tomův jiný kurz")
        self.assertContains(page, "kurzu, který nevidíte")
