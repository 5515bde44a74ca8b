from io import BytesIO

from django.test import override_settings
from pypdf import PdfReader

from spolu.core.models import Language
from spolu.courses import documents
from spolu.courses.models import Enrolment, EnrolmentStatus
from spolu.courses.tests.base import CoursesTestCase


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


class AttendanceSheetTest(CoursesTestCase):
    @override_settings(SPOLU_PUBLICITY_LINE="Spolufinancováno EU (AMIF) – test.")
    def test_the_sheet_lists_participants_with_the_publicity_line_in_czech(self):
        text = pdf_text(documents.lesson_sheet_pdf(self.lesson))
        self.assertIn("Shevchenko Olena", text)
        self.assertIn("Шевченко Олена", text)
        self.assertIn("Spolufinancováno EU (AMIF) – test.", text)
        self.assertIn("A08 – Výuka českého jazyka", text)
        self.assertIn("Prezenční listina", text)
        self.assertIn("Tom", text)


class CertificateTest(CoursesTestCase):
    def setUp(self):
        self.enrolment = self.enrolments[0]
        Enrolment.objects.filter(pk=self.enrolment.pk).update(
            status=EnrolmentStatus.COMPLETED, exit_level=1
        )
        self.enrolment.refresh_from_db()

    def test_the_certificate_is_in_czech(self):
        text = pdf_text(documents.certificate_pdf(self.enrolment))
        self.assertIn("Osvědčení o absolvování kurzu", text)
        self.assertIn("Shevchenko Olena", text)
        self.assertIn(self.course.title, text)

    def test_it_adds_a_page_in_the_participant_s_language_when_there_is_a_translation(self):
        client = self.enrolment.client
        client.languages.set([Language.objects.get(code="mn"), Language.objects.get(code="uk")])
        self.assertEqual(documents.participant_language(client), "uk")
        pdf = documents.certificate_pdf(self.enrolment)
        self.assertEqual(len(PdfReader(BytesIO(pdf)).pages), 2)
        self.assertIn("Свідоцтво про закінчення", pdf_text(pdf))

    def test_the_first_recorded_language_wins(self):
        client = self.enrolment.client
        client.languages.set([Language.objects.get(code="vi")])
        client.languages.add(Language.objects.get(code="ru"))
        self.assertEqual(documents.participant_language(client), "vi")

    def test_without_a_translation_it_stays_in_czech_only(self):
        client = self.enrolment.client
        client.languages.set([Language.objects.get(code="mn")])
        self.assertIsNone(documents.participant_language(client))
        self.assertEqual(
            len(PdfReader(BytesIO(documents.certificate_pdf(self.enrolment))).pages), 1
        )

    def test_ukrainian_russian_and_vietnamese_certificates_exist(self):
        self.assertTrue({"en", "uk", "ru", "vi"} <= set(documents.certificate_languages()))
