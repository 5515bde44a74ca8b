"""Uploaded files waiting for the user to confirm an import after the preview.

The file is kept on the server (default storage, under `interchange/pending/<user id>/`) and
the user's session holds a pointer to it, so confirming does not upload it again and nobody else
can confirm it. A pending file expires after `PENDING_MINUTES`; expired files are swept away
whenever someone uploads a new one.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.utils import timezone

SESSION_KEY = "interchange_pending"
ROOT = "interchange/pending"
PENDING_MINUTES = 60


@dataclass(frozen=True)
class PendingImport:
    kind: str
    file_name: str
    path: str
    office_id: int | None
    uploaded_at: float

    def read(self) -> bytes:
        with default_storage.open(self.path, "rb") as handle:
            data: bytes = handle.read()
            return data


def _expired(uploaded_at: float) -> bool:
    return time.time() - uploaded_at > PENDING_MINUTES * 60


def sweep() -> None:
    """Delete pending files older than the expiry, of every user."""
    limit = timezone.now() - timedelta(minutes=PENDING_MINUTES)
    try:
        users, _files = default_storage.listdir(ROOT)
    except FileNotFoundError:
        return
    for user_dir in users:
        _dirs, files = default_storage.listdir(f"{ROOT}/{user_dir}")
        for name in files:
            path = f"{ROOT}/{user_dir}/{name}"
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)


def store(
    request: HttpRequest, *, kind: str, file_name: str, data: bytes, office_id: int | None
) -> PendingImport:
    discard(request)
    sweep()
    extension = file_name.rsplit(".", 1)[-1].lower()
    path = default_storage.save(
        f"{ROOT}/{request.user.pk}/{secrets.token_hex(16)}.{extension}", ContentFile(data)
    )
    pending = PendingImport(kind, file_name, path, office_id, time.time())
    request.session[SESSION_KEY] = {
        "kind": kind,
        "file_name": file_name,
        "path": path,
        "office_id": office_id,
        "uploaded_at": pending.uploaded_at,
    }
    return pending


def current(request: HttpRequest) -> PendingImport | None:
    """The user's pending import, or None when there is none or it has expired."""
    data: dict[str, Any] | None = request.session.get(SESSION_KEY)
    if not data:
        return None
    pending = PendingImport(**data)
    own_prefix = f"{ROOT}/{request.user.pk}/"
    if (
        _expired(pending.uploaded_at)
        or not pending.path.startswith(own_prefix)
        or not default_storage.exists(pending.path)
    ):
        discard(request)
        return None
    return pending


def discard(request: HttpRequest) -> None:
    data = request.session.pop(SESSION_KEY, None)
    if data and str(data.get("path", "")).startswith(f"{ROOT}/{request.user.pk}/"):
        default_storage.delete(data["path"])
