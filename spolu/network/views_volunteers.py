"""Volunteers and interns (A17): the list with hours in a period, a person's page (agreements,
assignments, logged hours) and the scan of an agreement (a permission-checked download)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from spolu.core import audit
from spolu.core.access import get_visible_or_404
from spolu.core.errors import SpoluError
from spolu.core.models import Activity
from spolu.network import services, uploads
from spolu.network.forms import AgreementForm, AssignmentForm, HoursForm, PeriodForm, VolunteerForm
from spolu.network.formtools import add_service_errors
from spolu.network.models import Volunteer, VolunteerAgreement, VolunteerHours
from spolu.network.queries import hours_by_month, volunteer_totals

HOURS_ROWS = 100


def _volunteer(request: HttpRequest, pk: int) -> Volunteer:
    return get_visible_or_404(
        Volunteer.objects.select_related("office", "school"), request.user, pk=pk
    )


def _period(request: HttpRequest) -> tuple[PeriodForm, date, date]:
    today = timezone.localdate()
    default_from, default_to = date(today.year, 1, 1), today
    form = PeriodForm(request.GET if "date_from" in request.GET else None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    if not form.is_bound:
        form = PeriodForm(initial={"date_from": default_from, "date_to": default_to})
    return form, default_from, default_to


@require_GET
@permission_required("network.view_volunteer", raise_exception=True)
def volunteer_list(request: HttpRequest) -> HttpResponse:
    form, date_from, date_to = _period(request)
    show_inactive = request.GET.get("inactive") == "1"
    # The hours of a period stay what they were when a volunteer is later deactivated: the
    # totals count everyone who logged hours; "include inactive" only widens the list of people.
    totals = volunteer_totals(
        Volunteer.objects.visible_to(request.user),
        date_from,
        date_to,
        include_inactive=show_inactive,
    )
    activities = {a.code: a for a in Activity.objects.filter(code__in=list(totals.by_activity))}
    return render(
        request,
        "network/volunteer_list.html",
        {
            "form": form,
            "totals": totals,
            "date_from": date_from,
            "date_to": date_to,
            "by_activity": [
                (activities.get(code), hours) for code, hours in sorted(totals.by_activity.items())
            ],
            "show_inactive": show_inactive,
        },
    )


def _detail_context(request: HttpRequest, volunteer: Volunteer, **extra: Any) -> dict[str, Any]:
    user: Any = request.user
    context = {
        "volunteer": volunteer,
        "languages": list(volunteer.languages.all()),
        "agreements": list(volunteer.agreements.all()),
        "assignments": list(volunteer.assignments.select_related("activity", "supervisor")),
        "hours": list(
            volunteer.hours.select_related("activity", "assignment", "logged_by").order_by(
                "-date", "-pk"
            )[:HOURS_ROWS]
        ),
        "by_month": hours_by_month(volunteer),
        "can_edit": user.has_perm("network.change_volunteer"),
        "can_add_agreement": user.has_perm("network.add_volunteeragreement"),
        "can_add_assignment": user.has_perm("network.add_volunteerassignment"),
        "can_log": user.has_perm("network.add_volunteerhours"),
        "can_remove_hours": user.has_perm("network.delete_volunteerhours"),
        "agreement_form": AgreementForm(),
        "assignment_form": AssignmentForm(volunteer=volunteer),
        "hours_form": HoursForm(volunteer=volunteer),
        "today": timezone.localdate(),
    }
    context.update(extra)
    return context


@require_GET
@permission_required("network.view_volunteer", raise_exception=True)
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _volunteer(request, pk)
    audit.log_view(volunteer)
    return render(request, "network/volunteer_detail.html", _detail_context(request, volunteer))


def _volunteer_data(form: VolunteerForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k not in {"version", "languages"}}


@permission_required("network.add_volunteer", raise_exception=True)
def volunteer_create(request: HttpRequest) -> HttpResponse:
    form = VolunteerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.volunteer_create(
                actor=request.user,  # type: ignore[arg-type]
                languages=form.cleaned_data["languages"],
                **_volunteer_data(form),
            )
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved. Now record the signed agreement."))
            return redirect("network:volunteer_detail", pk=volunteer.pk)
    return render(request, "network/volunteer_form.html", {"form": form, "volunteer": None})


@permission_required("network.change_volunteer", raise_exception=True)
def volunteer_update(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _volunteer(request, pk)
    form = VolunteerForm(request.POST or None, instance=volunteer, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_update(
                actor=request.user,  # type: ignore[arg-type]
                volunteer=volunteer,
                expected_version=form.expected_version(),
                languages=form.cleaned_data["languages"],
                **_volunteer_data(form),
            )
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("network:volunteer_detail", pk=volunteer.pk)
    return render(request, "network/volunteer_form.html", {"form": form, "volunteer": volunteer})


def _invalid(request: HttpRequest, volunteer: Volunteer, **forms: Any) -> HttpResponse:
    context = _detail_context(request, volunteer, **forms)
    return render(request, "network/volunteer_detail.html", context, status=400)


@require_POST
@permission_required("network.add_volunteeragreement", raise_exception=True)
def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _volunteer(request, pk)
    form = AgreementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.agreement_add(volunteer=volunteer, **form.cleaned_data)
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The agreement was recorded."))
            return redirect("network:volunteer_detail", pk=volunteer.pk)
    return _invalid(request, volunteer, agreement_form=form, open_form="agreement")


@require_GET
@permission_required("network.view_volunteeragreement", raise_exception=True)
def agreement_scan(request: HttpRequest, pk: int, agreement_pk: int) -> HttpResponseBase:
    volunteer = _volunteer(request, pk)
    agreement = get_object_or_404(VolunteerAgreement, pk=agreement_pk, volunteer=volunteer)
    audit.log_view(agreement)
    name = f"{_('agreement')}-{volunteer.last_name}-{agreement.valid_from:%Y-%m-%d}"
    return uploads.file_response(agreement.scan, agreement.scan_content_type, name)


@require_POST
@permission_required("network.add_volunteerassignment", raise_exception=True)
def assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _volunteer(request, pk)
    form = AssignmentForm(request.POST, volunteer=volunteer)
    if form.is_valid():
        try:
            services.assignment_add(volunteer=volunteer, **form.cleaned_data)
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The assignment was added."))
            return redirect("network:volunteer_detail", pk=volunteer.pk)
    return _invalid(request, volunteer, assignment_form=form, open_form="assignment")


@require_POST
@permission_required("network.add_volunteerhours", raise_exception=True)
def hours_add(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _volunteer(request, pk)
    form = HoursForm(request.POST, volunteer=volunteer)
    if form.is_valid():
        try:
            services.hours_log(actor=request.user, volunteer=volunteer, **form.cleaned_data)  # type: ignore[arg-type]
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The hours were logged."))
            return redirect("network:volunteer_detail", pk=volunteer.pk)
    return _invalid(request, volunteer, hours_form=form, open_form="hours")


@require_POST
@permission_required("network.delete_volunteerhours", raise_exception=True)
def hours_remove(request: HttpRequest, pk: int, hours_pk: int) -> HttpResponse:
    volunteer = _volunteer(request, pk)
    entry = get_object_or_404(VolunteerHours, pk=hours_pk, volunteer=volunteer)
    services.hours_remove(entry=entry)
    messages.success(request, _("The entry was removed."))
    return redirect("network:volunteer_detail", pk=volunteer.pk)
