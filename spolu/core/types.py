"""Typing helpers."""

from __future__ import annotations

from django.http import HttpRequest

from spolu.core.models import User


class StaffRequest(HttpRequest):
    """A request of a signed-in staff member: every view behind LoginRequiredMiddleware gets one."""

    user: User
