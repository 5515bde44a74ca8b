from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _


class SpoluAdminSite(admin.AdminSite):
    """Django admin for administrators only, behind the same two-factor sign-in as everything else.

    The admin's own password-only login form is replaced by a redirect to Spolu's sign-in.
    """

    site_header = _("Spolu administration")
    site_title = _("Spolu administration")
    index_title = _("Code lists and accounts")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active and user.is_staff and getattr(user, "is_verified", lambda: False)()
        )

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if request.user.is_authenticated:
            # Signed in, but not an administrator: sending them to sign in again would loop.
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or request.get_full_path())
