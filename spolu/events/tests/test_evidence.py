"""Evidence files (signed sheets, photos): type by content, size limit, permission-checked
download; and the printable attendance sheet."""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from spolu.events import services
from spolu.events.models import EventEvidence
from spolu.events.testing import make_event
from spolu.testing import SpoluTestCase, make_client

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class EvidenceUploadTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.event = make_event(cls.usti)

    def post(self, kind: str, file) -> object:
        return self.client.post(
            reverse("events:evidence_add", args=[self.event.pk]),
            {"kind": kind, "file": file, "description": ""},
        )

    def test_a_coordinator_uploads_a_scanned_sheet(self):
        self.login(self.alice)
        response = self.post("signed_sheet", upload("podpisy.pdf", PDF))
        self.assertEqual(response.status_code, 302)
        evidence = EventEvidence.objects.get()
        self.assertEqual(evidence.content_type, "application/pdf")
        self.assertEqual(evidence.original_name, "podpisy.pdf")
        self.assertNotIn("podpisy", evidence.file.name)  # stored under a random name

    def test_the_type_is_decided_by_the_content_not_the_name(self):
        self.login(self.alice)
        response = self.post("signed_sheet", upload("sheet.pdf", b"<script>alert(1)</script>"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "invalid-feedback", status_code=400)
        self.assertFalse(EventEvidence.objects.exists())

    def test_a_photo_must_be_an_image(self):
        self.login(self.alice)
        response = self.post("photo", upload("photo.jpg", PDF, "image/jpeg"))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.post("photo", upload("x.bin", PNG)).status_code, 302)

    @override_settings(SPOLU_UPLOAD_MAX_BYTES=100)
    def test_a_file_over_the_limit_is_refused(self):
        self.login(self.alice)
        response = self.post("signed_sheet", upload("big.pdf", PDF + b"0" * 200))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(EventEvidence.objects.exists())

    def test_only_a_coordinator_uploads(self):
        for user in (self.rita, self.sam, self.audrey, self.tom):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.post("photo", upload("x.png", PNG)).status_code, 403)


class EvidenceDownloadTest(SpoluTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.event = make_event(cls.usti)
        cls.evidence = services.evidence_add(
            actor=None, event=cls.event, kind="signed_sheet", upload=upload("sheet.pdf", PDF)
        )
        cls.photo = services.evidence_add(
            actor=None, event=cls.event, kind="photo", upload=upload("foto.png", PNG)
        )

    def url(self, evidence=None):
        evidence = evidence or self.evidence
        return reverse("events:evidence_file", args=[self.event.pk, evidence.pk])

    def test_the_auditor_downloads_the_signed_sheet(self):
        self.login(self.audrey)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertIn("sandbox", response["Content-Security-Policy"])

    def test_a_photo_is_shown_inline(self):
        self.login(self.alice)
        response = self.client.get(self.url(self.photo))
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertIn("inline", response["Content-Disposition"])

    def test_roles_without_evidence_access_get_403(self):
        for user in (self.tom, self.rita, self.nora):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.client.get(self.url()).status_code, 403)

    def test_another_office_gets_404(self):
        other = make_event(self.teplice)
        self.login(self.alice)
        url = reverse("events:evidence_file", args=[other.pk, self.evidence.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_signed_out_visitors_are_sent_to_sign_in(self):
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_a_coordinator_removes_a_file(self):
        self.login(self.alice)
        url = reverse("events:evidence_remove", args=[self.event.pk, self.photo.pk])
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertFalse(EventEvidence.objects.filter(pk=self.photo.pk).exists())
        self.login(self.audrey)
        url = reverse("events:evidence_remove", args=[self.event.pk, self.evidence.pk])
        self.assertEqual(self.client.post(url).status_code, 403)


class AttendanceSheetTest(SpoluTestCase):
    def test_the_sheet_lists_clients_and_professionals(self):
        event = make_event(
            self.usti, activity="A12", title="Školení úředníků", organisers=[self.alice]
        )
        client = make_client(self.usti)
        services.participant_register(actor=None, event=event, client=client)
        services.professional_add(event=event, name="Ing. Petr Novák", institution="Magistrát")
        self.login(self.audrey)
        response = self.client.get(reverse("events:attendance_sheet", args=[event.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
        self.assertIn("Shevchenko Oleksandr", text)
        self.assertIn("Ing. Petr Novák", text)
        self.assertIn("Magistrát", text)
        self.assertIn("Školení úředníků", text)

    def test_teachers_cannot_print_the_sheet_and_other_offices_get_404(self):
        event = make_event(self.usti)
        self.login(self.tom)
        self.assertEqual(
            self.client.get(reverse("events:attendance_sheet", args=[event.pk])).status_code, 403
        )
        self.login(self.tereza)
        self.assertEqual(
            self.client.get(reverse("events:attendance_sheet", args=[event.pk])).status_code, 404
        )
