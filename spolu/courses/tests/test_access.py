"""Who may open which page: role permissions (403) and record scope (404)."""

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spolu.core import roles
from spolu.courses import services
from spolu.courses.testing import enrol, make_course
from spolu.courses.tests.base import CoursesTestCase
from spolu.testing import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class AccessTest(CoursesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.evidence = services.evidence_add(
            actor=None, lesson=cls.lesson, upload=SimpleUploadedFile("sheet.pdf", PDF)
        )
        cls.untaught = make_course(cls.usti, title="Kurz bez Toma")

    def urls(self):
        """(method, url) of every page of the app, pointing at Ústí's records."""
        c, les, e, s, r = (
            self.course.pk,
            self.lesson.pk,
            self.enrolments[0].pk,
            self.sitting.pk,
            self.result.pk,
        )
        return [
            ("get", reverse("courses:list")),
            ("get", reverse("courses:catalogue")),
            ("get", reverse("courses:my_lessons")),
            ("get", reverse("courses:create")),
            ("get", reverse("courses:detail", args=[c])),
            ("get", reverse("courses:edit", args=[c])),
            ("get", reverse("courses:schedule", args=[c])),
            ("post", reverse("courses:cancel", args=[c])),
            ("get", reverse("courses:register", args=[c])),
            ("get", reverse("courses:lesson_add", args=[c])),
            ("get", reverse("courses:enrol", args=[c])),
            ("get", reverse("courses:lesson", args=[les])),
            ("post", reverse("courses:lesson", args=[les])),
            ("get", reverse("courses:lesson_edit", args=[les])),
            ("post", reverse("courses:lesson_cancel", args=[les])),
            ("post", reverse("courses:lesson_restore", args=[les])),
            ("get", reverse("courses:lesson_sheet", args=[les])),
            ("post", reverse("courses:evidence_upload", args=[les])),
            ("get", reverse("courses:evidence", args=[self.evidence.pk])),
            ("post", reverse("courses:evidence_delete", args=[self.evidence.pk])),
            ("get", reverse("courses:enrolment_edit", args=[e])),
            ("post", reverse("courses:enrolment_drop", args=[e])),
            ("post", reverse("courses:enrolment_confirm", args=[e])),
            ("get", reverse("courses:certificate", args=[e])),
            ("get", reverse("courses:sittings")),
            ("get", reverse("courses:sitting_create")),
            ("get", reverse("courses:sitting", args=[s])),
            ("get", reverse("courses:sitting_edit", args=[s])),
            ("post", reverse("courses:candidate_add", args=[s])),
            ("get", reverse("courses:result", args=[r])),
            ("post", reverse("courses:candidate_remove", args=[r])),
            ("get", reverse("courses:candidate_history", args=[self.clients[0].pk])),
        ]

    def test_signed_out_visitors_are_sent_to_sign_in(self):
        for method, url in self.urls():
            with self.subTest(url=url, method=method):
                response = getattr(self.client, method)(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("login"), response["Location"])

    def test_staff_without_a_course_role_are_refused_everywhere(self):
        for user in (self.nora, self.lara, self.filip):
            self.login(user)
            for method, url in self.urls():
                with self.subTest(user=user.username, url=url, method=method):
                    self.assertEqual(getattr(self.client, method)(url).status_code, 403)

    def test_the_administrator_edits_exam_types_but_sees_no_courses(self):
        self.login(self.adam)
        self.assertEqual(self.client.get(reverse("courses:list")).status_code, 403)
        self.assertEqual(
            self.client.get(reverse("admin:courses_examtype_changelist")).status_code, 200
        )

    def test_another_office_s_courses_participants_and_exams_are_not_found(self):
        # Tereza works in Teplice as a social worker: she may enrol, but not in Ústí.
        self.login(self.tereza)
        c, les, e, s = self.course.pk, self.lesson.pk, self.enrolments[0].pk, self.sitting.pk
        for method, url in [
            ("get", reverse("courses:detail", args=[c])),
            ("get", reverse("courses:register", args=[c])),
            ("get", reverse("courses:enrol", args=[c])),
            ("get", reverse("courses:lesson", args=[les])),
            ("get", reverse("courses:lesson_sheet", args=[les])),
            ("get", reverse("courses:enrolment_edit", args=[e])),
            ("post", reverse("courses:enrolment_drop", args=[e])),
            ("post", reverse("courses:enrolment_confirm", args=[e])),
            ("get", reverse("courses:sitting", args=[s])),
            ("get", reverse("courses:candidate_history", args=[self.clients[0].pk])),
        ]:
            with self.subTest(url=url):
                self.assertEqual(getattr(self.client, method)(url).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("courses:detail", args=[self.other_course.pk])).status_code, 200
        )

    def test_every_record_of_another_office_is_not_found_even_with_every_permission(self):
        # Cora works in Teplice only, with every permission of this app.
        cora = make_user("cora", roles.SOCIAL_WORKER, [self.teplice])
        cora.user_permissions.add(*Permission.objects.filter(content_type__app_label="courses"))
        self.login(cora)
        object_routes = [(m, url) for m, url in self.urls() if any(ch.isdigit() for ch in url)]
        self.assertGreaterEqual(len(object_routes), 25)
        for method, url in object_routes:
            with self.subTest(url=url, method=method):
                self.assertEqual(getattr(self.client, method)(url).status_code, 404)
        self.course.refresh_from_db()
        self.assertFalse(self.course.cancelled)
        self.assertTrue(type(self.evidence).objects.filter(pk=self.evidence.pk).exists())

    def test_a_teacher_can_neither_read_nor_change_a_course_they_do_not_teach(self):
        self.login(self.tom)
        lesson = self.untaught.lessons.filter(date__lte=self.lesson.date).first()
        future = self.untaught.lessons.filter(date__gt=self.lesson.date).last()
        enrolment = enrol(self.untaught, self.clients[0])
        c, les, e = self.untaught.pk, lesson.pk, enrolment.pk
        lesson_data = {"date": future.date.isoformat(), "starts_at": "9:00", "ends_at": "10:00"}
        for method, url, data in [
            ("get", reverse("courses:detail", args=[c]), {}),
            ("get", reverse("courses:register", args=[c]), {}),
            ("get", reverse("courses:lesson_add", args=[c]), {}),
            ("post", reverse("courses:lesson_add", args=[c]), lesson_data),
            ("get", reverse("courses:lesson", args=[les]), {}),
            ("post", reverse("courses:lesson", args=[les]), {"all_present": "1"}),
            ("get", reverse("courses:lesson_edit", args=[les]), {}),
            ("post", reverse("courses:lesson_edit", args=[future.pk]), lesson_data),
            ("post", reverse("courses:lesson_cancel", args=[future.pk]), {"reason": "x"}),
            ("post", reverse("courses:lesson_restore", args=[future.pk]), {}),
            ("get", reverse("courses:lesson_sheet", args=[les]), {}),
            ("post", reverse("courses:evidence_upload", args=[les]), {}),
            ("get", reverse("courses:enrolment_edit", args=[e]), {}),
            ("post", reverse("courses:enrolment_edit", args=[e]), {"version": 1}),
            ("post", reverse("courses:enrolment_drop", args=[e]), {}),
        ]:
            with self.subTest(url=url, method=method):
                self.assertEqual(getattr(self.client, method)(url, data).status_code, 404)
        self.assertEqual(self.untaught.lessons.count(), len(list(self.untaught.lessons.all())))
        self.assertFalse(self.untaught.lessons.filter(cancelled=True).exists())
        self.assertFalse(self.untaught.lessons.filter(attendance__isnull=False).exists())
        enrolment.refresh_from_db()
        self.assertEqual(enrolment.status, "enrolled")

    def test_lists_show_only_the_user_s_offices(self):
        self.login(self.tereza)
        response = self.client.get(reverse("courses:list") + "?state=all")
        self.assertContains(response, self.other_course.title)
        self.assertNotContains(response, self.course.title)
        catalogue = self.client.get(reverse("courses:catalogue"))
        self.assertNotContains(catalogue, self.course.title)
        sittings = self.client.get(reverse("courses:sittings"))
        self.assertContains(sittings, reverse("courses:sitting", args=[self.other_sitting.pk]))
        self.assertNotContains(sittings, reverse("courses:sitting", args=[self.sitting.pk]))

    def test_a_teacher_sees_only_the_courses_they_teach(self):
        self.login(self.tom)
        self.assertEqual(
            self.client.get(reverse("courses:detail", args=[self.course.pk])).status_code, 200
        )
        self.assertEqual(
            self.client.get(reverse("courses:detail", args=[self.untaught.pk])).status_code, 404
        )
        lesson = self.untaught.lessons.first()
        self.assertEqual(
            self.client.get(reverse("courses:lesson", args=[lesson.pk])).status_code, 404
        )
        listing = self.client.get(reverse("courses:list") + "?state=all")
        self.assertContains(listing, self.course.title)
        self.assertNotContains(listing, self.untaught.title)

    def test_a_teacher_of_another_office_s_course_sees_it(self):
        services.course_update(
            actor=None,
            course=self.other_course,
            expected_version=self.other_course.version,
            teachers=[self.tom],
        )
        self.login(self.tom)
        self.assertEqual(
            self.client.get(reverse("courses:detail", args=[self.other_course.pk])).status_code, 200
        )

    def test_a_teacher_may_not_create_or_edit_courses_nor_enrol(self):
        self.login(self.tom)
        for url in (
            reverse("courses:create"),
            reverse("courses:edit", args=[self.course.pk]),
            reverse("courses:schedule", args=[self.course.pk]),
            reverse("courses:enrol", args=[self.course.pk]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)

    def test_reception_sees_attendance_but_cannot_record_it(self):
        self.login(self.rita)
        url = reverse("courses:lesson", args=[self.lesson.pk])
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'name="version"')
        response = self.client.post(url, {"version": self.lesson.version, "all_present": "1"})
        self.assertEqual(response.status_code, 403)

    def test_the_auditor_sees_courses_attendance_and_evidence_but_no_notes(self):
        self.login(self.audrey)
        detail = self.client.get(reverse("courses:detail", args=[self.course.pk]))
        self.assertEqual(detail.status_code, 200)
        self.assertContains(detail, self.clients[0].first_name_latin)
        self.assertNotContains(detail, "needs a quiet seat")
        self.assertEqual(
            self.client.get(reverse("courses:evidence", args=[self.evidence.pk])).status_code, 200
        )
        self.assertEqual(
            self.client.get(reverse("courses:register", args=[self.course.pk])).status_code, 200
        )
        self.assertEqual(
            self.client.post(
                reverse("courses:lesson", args=[self.lesson.pk]), {"all_present": "1"}
            ).status_code,
            403,
        )
        self.assertEqual(
            self.client.get(reverse("courses:enrol", args=[self.course.pk])).status_code, 403
        )

    def test_coordinators_and_teachers_read_notes(self):
        for user in (self.alice, self.tom, self.sam):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertContains(
                    self.client.get(reverse("courses:detail", args=[self.course.pk])),
                    "needs a quiet seat",
                )

    def test_the_menu_offers_courses_to_those_who_may_see_them(self):
        self.login(self.rita)
        self.assertContains(self.client.get(reverse("dashboard")), reverse("courses:list"))
        self.login(self.lara)
        self.assertNotContains(self.client.get(reverse("dashboard")), reverse("courses:list"))

    def test_roles_have_the_permissions_the_design_gives_them(self):
        def perms(user):
            return type(user).objects.get(pk=user.pk)  # a fresh permission cache

        tom, rita, audrey, alice = (
            perms(u) for u in (self.tom, self.rita, self.audrey, self.alice)
        )
        self.assertTrue(tom.has_perm("courses.record_attendance"))
        self.assertFalse(tom.has_perm("courses.add_course"))
        self.assertTrue(rita.has_perm("courses.add_enrolment"))
        self.assertFalse(rita.has_perm("courses.record_attendance"))
        self.assertTrue(audrey.has_perm("courses.view_lessonevidence"))
        self.assertFalse(audrey.has_perm("courses.view_course_notes"))
        self.assertTrue(alice.has_perm("courses.add_course"))


class TeacherInAnotherOfficeTest(CoursesTestCase):
    def test_a_teacher_of_teplice_cannot_reach_usti_lessons(self):
        teacher = make_user("tina", roles.TEACHER, [self.teplice])
        self.login(teacher)
        self.assertEqual(
            self.client.get(reverse("courses:lesson", args=[self.lesson.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("courses:lesson", args=[self.other_lesson.pk])).status_code, 404
        )
