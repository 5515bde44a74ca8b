"""Every page renders for the people who use it."""

from django.urls import reverse

from spolu.courses.tests.base import CoursesTestCase


class PagesRenderTest(CoursesTestCase):
    def test_coordinator_pages_render(self):
        self.login(self.alice)
        urls = [
            reverse("courses:list"),
            reverse("courses:list") + "?state=all&kind=czech&level=1",
            reverse("courses:catalogue"),
            reverse("courses:my_lessons"),
            reverse("courses:create"),
            reverse("courses:detail", args=[self.course.pk]),
            reverse("courses:edit", args=[self.course.pk]),
            reverse("courses:schedule", args=[self.course.pk]),
            reverse("courses:register", args=[self.course.pk]),
            reverse("courses:lesson_add", args=[self.course.pk]),
            reverse("courses:enrol", args=[self.course.pk]),
            reverse("courses:enrol", args=[self.course.pk]) + "?q=olena",
            reverse("courses:enrol", args=[self.course.pk])
            + f"?client={self.other_enrolment.client_id}",
            reverse("courses:lesson", args=[self.lesson.pk]),
            reverse("courses:lesson_edit", args=[self.lesson.pk]),
            reverse("courses:enrolment_edit", args=[self.enrolments[0].pk]),
            reverse("courses:sittings"),
            reverse("courses:sitting_create"),
            reverse("courses:sitting", args=[self.sitting.pk]),
            reverse("courses:sitting", args=[self.sitting.pk]) + "?q=olena",
            reverse("courses:sitting_edit", args=[self.sitting.pk]),
            reverse("courses:result", args=[self.result.pk]),
            reverse("courses:candidate_history", args=[self.clients[0].pk]),
            reverse("dashboard"),
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_teacher_pages_render(self):
        self.login(self.tom)
        for url in [
            reverse("courses:list"),
            reverse("courses:my_lessons"),
            reverse("courses:detail", args=[self.course.pk]),
            reverse("courses:lesson", args=[self.lesson.pk]),
            reverse("courses:register", args=[self.course.pk]),
            reverse("dashboard"),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)


class EnglishTest(CoursesTestCase):
    def test_the_attendance_screen_speaks_english_when_asked(self):
        self.login(self.tom)
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        page = self.client.get(reverse("courses:lesson", args=[self.lesson.pk]))
        self.assertContains(page, "All present")
        self.assertContains(page, "Save attendance")
        self.client.post(reverse("set_language"), {"language": "cs", "next": "/"})
        self.assertContains(
            self.client.get(reverse("courses:lesson", args=[self.lesson.pk])), "Všichni přítomni"
        )
