from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from spolu.core import roles
from spolu.courses.models import LessonEvidence
from spolu.courses.tests.base import CoursesTestCase
from spolu.testing import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (20, 10), "white").save(out, "PNG")
    return out.getvalue()


class EvidenceUploadTest(CoursesTestCase):
    def setUp(self):
        self.login(self.tom)
        self.url = reverse("courses:evidence_upload", args=[self.lesson.pk])

    def upload(self, name, content, content_type="application/octet-stream"):
        return self.client.post(
            self.url,
            {"file": SimpleUploadedFile(name, content, content_type=content_type)},
            follow=True,
        )

    def test_a_teacher_attaches_a_scanned_pdf(self):
        response = self.upload("prezence.pdf", PDF)
        self.assertContains(response, "prezence.pdf")
        evidence = LessonEvidence.objects.get(lesson=self.lesson)
        self.assertEqual(
            (evidence.content_type, evidence.uploaded_by), ("application/pdf", self.tom)
        )

    def test_a_phone_photo_as_png_is_accepted_even_with_a_wrong_name(self):
        self.upload("IMG_0001.dat", png())
        self.assertEqual(LessonEvidence.objects.get(lesson=self.lesson).content_type, "image/png")

    def test_a_file_that_only_claims_to_be_a_pdf_is_refused(self):
        response = self.upload("sheet.pdf", b"MZ\x90\x00 this is an executable", "application/pdf")
        self.assertContains(response, "PDF, JPEG nebo PNG")
        self.assertFalse(LessonEvidence.objects.exists())

    def test_a_broken_image_is_refused(self):
        self.upload("photo.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "image/png")
        self.assertFalse(LessonEvidence.objects.exists())

    @override_settings(SPOLU_UPLOAD_MAX_BYTES=1024)
    def test_a_file_over_the_size_limit_is_refused(self):
        response = self.upload("big.pdf", PDF + b"0" * 2048)
        self.assertContains(response, "příliš velký")
        self.assertFalse(LessonEvidence.objects.exists())

    def test_an_empty_upload_is_refused_without_a_500(self):
        response = self.client.post(self.url, {}, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(LessonEvidence.objects.exists())

    def test_a_future_lesson_takes_no_evidence(self):
        future = self.course.lessons.filter(date__gt=self.lesson.date).last()
        self.client.post(
            reverse("courses:evidence_upload", args=[future.pk]),
            {"file": SimpleUploadedFile("sheet.pdf", PDF)},
        )
        self.assertFalse(LessonEvidence.objects.exists())


class EvidenceDownloadTest(CoursesTestCase):
    def setUp(self):
        self.login(self.tom)
        self.client.post(
            reverse("courses:evidence_upload", args=[self.lesson.pk]),
            {"file": SimpleUploadedFile("sheet.pdf", PDF)},
        )
        self.evidence = LessonEvidence.objects.get()
        self.url = reverse("courses:evidence", args=[self.evidence.pk])

    def test_the_auditor_opens_the_scan(self):
        self.login(self.audrey)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(b"".join(response.streaming_content), PDF)

    def test_the_scan_is_not_served_as_a_public_file(self):
        self.assertFalse(self.evidence.file.url.startswith("/static/"))
        self.client.logout()
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_staff_of_another_office_do_not_find_it(self):
        self.login(make_user("tina", roles.TEACHER, [self.teplice]))
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_staff_without_the_permission_are_refused(self):
        self.login(self.tereza)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_a_coordinator_removes_a_wrong_scan_but_a_teacher_may_not(self):
        delete = reverse("courses:evidence_delete", args=[self.evidence.pk])
        self.assertEqual(self.client.post(delete).status_code, 403)
        self.login(self.alice)
        self.client.post(delete)
        self.assertFalse(LessonEvidence.objects.exists())
