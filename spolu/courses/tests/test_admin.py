from django.urls import reverse

from spolu.courses import services_exams
from spolu.courses.models import ExamPart, ExamType
from spolu.courses.tests.base import CoursesTestCase


class ExamTypeAdminTest(CoursesTestCase):
    def test_the_administrator_adds_a_new_exam_format_as_data(self):
        self.login(self.adam)
        response = self.client.post(
            reverse("admin:courses_examtype_add"),
            {
                "code": "a2_2027",
                "name_cs": "Zkouška A2 (formát 2027)",
                "name_en": "A2 exam (2027 format)",
                "level": "2",
                "description": "",
                "order": "3",
                "active": "on",
                "parts-TOTAL_FORMS": "1",
                "parts-INITIAL_FORMS": "0",
                "parts-0-code": "written",
                "parts-0-name_cs": "Písemná část",
                "parts-0-name_en": "Written part",
                "parts-0-pass_points": "45",
                "parts-0-order": "1",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(ExamType.objects.get(code="a2_2027").parts.get().pass_points, 45)

    def test_rules_with_recorded_results_are_read_only(self):
        section = self.sitting.exam_type.parts.first().sections.first()
        services_exams.result_record(
            actor=None,
            result=self.result,
            expected_version=self.result.version,
            points={section.pk: 10},
        )
        self.login(self.adam)
        part = ExamPart.objects.filter(exam_type=self.sitting.exam_type).first()
        page = self.client.get(reverse("admin:courses_exampart_change", args=[part.pk]))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'name="pass_points"')
        untouched = ExamPart.objects.filter(exam_type_id="b1_citizenship").first()
        page = self.client.get(reverse("admin:courses_exampart_change", args=[untouched.pk]))
        self.assertContains(page, 'name="pass_points"')

    def test_teachers_cannot_edit_exam_types(self):
        self.login(self.tom)
        response = self.client.get(reverse("admin:courses_examtype_changelist"))
        self.assertIn(response.status_code, (302, 403))
