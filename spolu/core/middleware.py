from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from auditlog.context import auditlog_value
from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. X-Forwarded-For is believed only for the configured proxy hops."""
    hops = settings.SPOLU_PROXY_COUNT
    forwarded = request.headers.get("X-Forwarded-For", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops]
    return request.META.get("REMOTE_ADDR")


class AuditContextMiddleware(AuditlogMiddleware):
    """django-auditlog's actor/IP context, with the client address taken the trustworthy way."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        return client_ip(request)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # auditlog leaves the request's actor in the thread's context; put back what was there
        # so that work done later in this thread (a task, a command) is never credited to them.
        token = auditlog_value.set({"signal_duid": None})
        try:
            return super().__call__(request)
        finally:
            auditlog_value.reset(token)


class RequireTwoFactorMiddleware:
    """A logged-in session that has not passed the second factor is not a session.

    The login view only logs a user in after the TOTP code, so this never fires in normal use;
    it is the safety net should any other path (a library's own login view) log someone in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not cast(Any, user).is_verified():
            logout(request)
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class PrivateResponseMiddleware:
    """Pages for a logged-in user carry personal data: browsers and proxies must not keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated or getattr(request, "spolu_private", False):
            patch_cache_control(response, private=True, no_store=True, max_age=0)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response


class StaffLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a signed-in user (both factors), except views marked otherwise.

    The API answers for itself: an anonymous API call gets 403 with a JSON reason from Django
    REST framework instead of a redirect to the sign-in page.
    """

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> Any:
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
