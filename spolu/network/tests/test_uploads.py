"""Uploads are recognised by their content and limited in size."""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings

from spolu.network import uploads


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


class SniffTest(SimpleTestCase):
    def test_known_types_are_recognised_by_their_first_bytes(self):
        cases = {
            b"%PDF-1.7 ...": uploads.PDF,
            b"\xff\xd8\xff\xe0\x00\x10JFIF": uploads.JPEG,
            b"\x89PNG\r\n\x1a\n\x00\x00": uploads.PNG,
            b"RIFF\x00\x00\x00\x00WEBPVP8 ": uploads.WEBP,
            docx(): uploads.DOCX,
        }
        for content, expected in cases.items():
            with self.subTest(expected=expected):
                self.assertEqual(uploads.sniff(io.BytesIO(content)), expected)

    def test_anything_else_is_not_recognised(self):
        for content in (b"<html>", b"MZ\x90\x00", b"PK\x03\x04broken zip", b""):
            with self.subTest(content=content):
                self.assertIsNone(uploads.sniff(io.BytesIO(content)))

    def test_a_pdf_named_jpg_is_still_a_pdf(self):
        upload = SimpleUploadedFile("photo.jpg", b"%PDF-1.4", content_type="image/jpeg")
        self.assertEqual(uploads.check_upload(upload, uploads.SCANS), uploads.PDF)
        with self.assertRaises(ValidationError):
            uploads.check_upload(upload, uploads.IMAGES)

    @override_settings(SPOLU_UPLOAD_MAX_BYTES=10)
    def test_a_large_file_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            uploads.check_upload(SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 20), uploads.SCANS)
        self.assertEqual(caught.exception.code, "too_large")

    def test_an_empty_file_is_refused(self):
        with self.assertRaises(ValidationError):
            uploads.check_upload(SimpleUploadedFile("a.pdf", b""), uploads.SCANS)

    def test_stored_names_are_random_with_the_detected_extension(self):
        first, second = uploads.stored_name(uploads.PDF), uploads.stored_name(uploads.PDF)
        self.assertNotEqual(first, second)
        self.assertTrue(first.endswith(".pdf"))
