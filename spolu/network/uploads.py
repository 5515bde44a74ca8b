"""Checking uploaded evidence (scans, photos, minutes) and serving it back.

The type is decided by the file's content (its first bytes, and for office documents the
zip's manifest), never by its name or the browser's claim, and the size by
`settings.SPOLU_UPLOAD_MAX_BYTES`. Files are stored under a random name; they are returned only by
views that check permissions first (`file_response`). Shared by the network and events apps.
"""

from __future__ import annotations

import mimetypes
import uuid
import zipfile
from collections.abc import Iterable
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

SCANS = frozenset({PDF, JPEG, PNG})
IMAGES = frozenset({JPEG, PNG, WEBP})
DOCUMENTS = frozenset({PDF, DOCX, ODT})

EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", WEBP: "webp", DOCX: "docx", ODT: "odt"}
LABELS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG", WEBP: "WebP", DOCX: "DOCX", ODT: "ODT"}
# Shown in the browser (photos); everything else, PDFs included, is downloaded.
INLINE = frozenset({JPEG, PNG, WEBP})


def _zip_type(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return DOCX
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def sniff(upload: UploadedFile | IO[bytes]) -> str | None:
    """The content type of a file by its content, or None when it is none we accept."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type: str | None = None
    if head.startswith(b"%PDF-"):
        content_type = PDF
    elif head.startswith(b"\xff\xd8\xff"):
        content_type = JPEG
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        content_type = PNG
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        content_type = WEBP
    elif head.startswith(b"PK\x03\x04"):
        content_type = _zip_type(upload)
        upload.seek(0)
    return content_type


def check_upload(upload: UploadedFile, allowed: Iterable[str]) -> str:
    """Validate size and type; return the detected content type or raise ValidationError."""
    allowed = frozenset(allowed)
    limit = settings.SPOLU_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the largest accepted is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    content_type = sniff(upload)
    if content_type not in allowed:
        accepted = ", ".join(sorted(LABELS[t] for t in allowed))
        raise ValidationError(
            _("This kind of file is not accepted here. Upload one of: %(types)s.")
            % {"types": accepted},
            code="bad_type",
        )
    return content_type


def stored_name(content_type: str) -> str:
    """A random file name with the extension of the detected type (never the user's name)."""
    return f"{uuid.uuid4().hex}.{EXTENSIONS[content_type]}"


def file_response(field: FieldFile, content_type: str, download_name: str) -> FileResponse:
    """Send a stored file; the caller has already checked that the user may see it."""
    if not field:
        raise Http404
    try:
        handle: Any = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = (
        content_type or mimetypes.guess_type(field.name or "")[0] or "application/octet-stream"
    )
    extension = EXTENSIONS.get(content_type)
    if extension and not download_name.lower().endswith(f".{extension}"):
        download_name = f"{download_name}.{extension}"
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=content_type not in INLINE,
        filename=download_name,
    )
    # A file is never a page: no scripts, no plugins, no framing, even if its content lies.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
