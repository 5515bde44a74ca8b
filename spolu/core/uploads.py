"""Checks for uploaded evidence: the content must really be a PDF, JPEG or PNG, and not too big.

The browser's file name and content type are not trusted; the first bytes decide.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

SIGNATURES = {
    b"%PDF-": ("pdf", "application/pdf"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
}


def sniff(upload: UploadedFile) -> tuple[str, str] | None:
    """(extension, content type) judged from the first bytes, or None if not a known document."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def validate_document(upload: UploadedFile, max_bytes: int | None = None) -> str:
    """Raise a translated ValidationError unless `upload` is a PDF, JPEG or PNG within the limit.

    Returns the content type to serve the file with.
    """
    limit = max_bytes or settings.SPOLU_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}", "limit": limit // (1024 * 1024)},
            code="too_large",
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(_("Only PDF, JPEG and PNG files can be uploaded."), code="wrong_type")
    return kind[1]


def content_type_of(path_head: bytes) -> str:
    for signature, (_ext, content_type) in SIGNATURES.items():
        if path_head.startswith(signature):
            return content_type
    return "application/octet-stream"


def serve_document(field_file: object, download_name: str) -> object:
    """A FileResponse for stored evidence, with a content type judged from its bytes.

    Call it only after the permission and scope checks of the record the file belongs to.
    """
    from django.http import FileResponse

    handle = field_file.open("rb")  # type: ignore[attr-defined]
    head = handle.read(16)
    handle.seek(0)
    content_type = content_type_of(head)
    inline = content_type != "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=not inline, filename=download_name, content_type=content_type
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response
