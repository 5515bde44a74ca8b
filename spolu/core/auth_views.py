"""Signing in: password, then a TOTP code (enrolled with a QR code at the first sign-in).

A user is logged in (a Django session with a user) only after both factors. Between the two
steps the session holds a short-lived "pending" marker; nothing else is reachable with it.
Failed codes count towards the same lockout as failed passwords (django-axes), so neither
factor can be guessed without hitting the cool-off.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout, user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from spolu.core import forms
from spolu.core.audit import acting_as
from spolu.core.middleware import client_ip
from spolu.core.models import User
from spolu.core.two_factor import base32_secret, qr_code_svg

PENDING = "spolu_pending_login"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING)
    if not pending:
        return None
    if time.time() - pending["since"] > settings.SPOLU_PENDING_LOGIN_MINUTES * 60:
        del request.session[PENDING]
        return None
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]  # type: ignore[attr-defined]
    return user


def _login_page(request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    return render(
        request, "registration/login.html", {"form": form, "next": next_url}, status=status
    )


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request, request.GET.get("next")))
    next_url = request.POST.get("next") or request.GET.get("next")
    if request.method == "POST":
        form = AuthenticationForm(request, data=request.POST)
        if form.is_valid():
            user = form.get_user()
            request.session.cycle_key()
            request.session[PENDING] = {
                "user_id": user.pk,
                "backend": user.backend,  # type: ignore[attr-defined]
                "since": time.time(),
                "next": _safe_next(request, next_url),
            }
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                return redirect("two_factor")
            return redirect("two_factor_enrol")
        return _login_page(request, form)
    form = AuthenticationForm(request)
    if next_url and settings.SESSION_COOKIE_NAME in request.COOKIES:
        messages.info(request, _("Your session has ended. Please sign in again."))
    return _login_page(request, form)


def _finish_login(request: HttpRequest, user: User, device: TOTPDevice) -> HttpResponse:
    next_url = request.session[PENDING]["next"]
    del request.session[PENDING]
    login(request, user, backend=user.backend)  # type: ignore[attr-defined]
    otp_login(request, device)
    return redirect(next_url)


def _code_failed(request: HttpRequest, user: User) -> None:
    # Counted like a wrong password: the axes handler may mark the request as locked out,
    # and AxesMiddleware then answers with the lockout page.
    user_login_failed.send(
        sender=__name__, credentials={"username": user.username}, request=request
    )
    if getattr(request, "axes_locked_out", False):
        request.session.pop(PENDING, None)


def _restart(request: HttpRequest) -> HttpResponse:
    messages.warning(request, _("Your sign-in has expired. Please enter your password again."))
    return redirect("login")


@login_not_required
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return _restart(request)
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    if not devices:
        return redirect("two_factor_enrol")
    form = forms.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        for device in devices:
            allowed, _reason = device.verify_is_allowed()
            if allowed and device.verify_token(token):
                return _finish_login(request, user, device)
        _code_failed(request, user)
        form.add_error(
            "token", _("That code is not valid. Check the time on your phone and try again.")
        )
    return render(request, "registration/two_factor.html", {"form": form, "pending_user": user})


@login_not_required
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_enrol_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return _restart(request)
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("two_factor")
    with acting_as(user, remote_addr=client_ip(request)):
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=False, defaults={"name": "default"}
        )
        form = forms.TokenForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if device.verify_token(form.cleaned_data["token"]):
                device.confirmed = True
                device.save()
                messages.success(request, _("Two-factor authentication is set up."))
                return _finish_login(request, user, device)
            _code_failed(request, user)
            form.add_error(
                "token", _("That code is not valid. Scan the QR code again and enter a new code.")
            )
    context = {
        "form": form,
        "pending_user": user,
        "qr_svg": qr_code_svg(device.config_url),
        "secret": base32_secret(device),
    }
    return render(request, "registration/two_factor_enrol.html", context)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    """Shown when django-axes locks an account: the same page whether or not the user exists."""
    request.session.pop(PENDING, None)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = AuthenticationForm(request)
    context = {"form": form, "locked_out": True, "cooloff_minutes": minutes}
    return render(request, "registration/login.html", context, status=429)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing the password ends every other session of the user (Django's session auth hash)."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("dashboard")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(
            self.request,
            gettext_lazy("Your password has been changed. Other sessions have been signed out."),
        )
        return response


@require_http_methods(["POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You have been signed out."))
    return redirect("login")
