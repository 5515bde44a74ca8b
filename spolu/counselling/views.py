from __future__ import annotations

from contextlib import suppress
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spolu.clients.models import Client
from spolu.core.access import get_visible_or_404
from spolu.core.dates import EARLIEST, LATEST, parse_date_param
from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.params import parse_id
from spolu.core.redirects import redirect_back
from spolu.core.types import StaffRequest
from spolu.counselling import services
from spolu.counselling.forms import (
    AnonymousContactForm,
    AppointmentForm,
    AppointmentStatusForm,
    OrganisationServiceForm,
    ServiceForm,
)
from spolu.counselling.models import (
    CLIENT_ACTIVITIES,
    ORGANISATION_ACTIVITIES,
    Appointment,
    AppointmentStatus,
    FieldVisit,
    ServiceRecord,
)
from spolu.counselling.queries import service_list_queryset


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _field_visit(request: StaffRequest) -> FieldVisit | None:
    """The field visit a contact is recorded under (`?field_visit=`), if any and visible."""
    pk = parse_id(request.GET.get("field_visit") or request.POST.get("field_visit"))
    if pk is None:
        return None
    return get_visible_or_404(FieldVisit.objects.all(), request.user, pk=pk)


def _after_save(
    request: StaffRequest, service: ServiceRecord, field_visit: FieldVisit | None
) -> HttpResponse:
    # The field visit and organisation pages belong to other apps; fall back if they are absent.
    if field_visit is not None:
        with suppress(NoReverseMatch):
            return redirect("events:field_visit_detail", pk=field_visit.pk)
    if service.client_id:
        return redirect("clients:detail", pk=service.client_id)
    if service.organisation_id:
        with suppress(NoReverseMatch):
            return redirect("network:organisation_detail", pk=service.organisation_id)
    return redirect("counselling:list")


# --- recording services ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("counselling.add_servicerecord", raise_exception=True)
def service_create_for_client(request: StaffRequest, pk: int) -> HttpResponse:
    clients = (
        Client.objects.visible_to(request.user)
        .active()
        .prefetch_related("residence_statuses__category")
        .select_related("citizenship")
    )
    client = get_visible_or_404(clients, request.user, pk=pk)
    field_visit = _field_visit(request)
    form = ServiceForm(
        request.POST or None,
        instance=ServiceRecord(client=client, staff=request.user, field_visit=field_visit),
        user=request.user,
        activities=CLIENT_ACTIVITIES,
    )
    if field_visit and not request.POST:
        form.initial.update(
            {
                "activity": "A02",
                "channel": "field",
                "date": field_visit.date,
                "place": field_visit.place,
                "office": field_visit.office_id,
            }
        )
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_create(
                actor=request.user,
                topics=form.cleaned_data["topics"],
                client=client,
                field_visit=field_visit,
                **form.service_fields(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if service.counts_as_eligible():
                messages.success(
                    request, _("The service was recorded. It counts as eligible for AMIF.")
                )
            else:
                messages.warning(
                    request,
                    _(
                        "The service was recorded. The client was not eligible on that date, so it "
                        "is reported separately."
                    ),
                )
            return _after_save(request, service, field_visit)
    context = {
        "form": form,
        "client": client,
        "field_visit": field_visit,
        "eligibility": _eligibility(client, form),
        "title": _("Record service"),
    }
    return render(request, "counselling/service_form.html", context)


def _eligibility(client: Client, form: Any) -> dict[str, Any]:
    day = parse_date_param(form.data.get("date")) if form.is_bound else None
    day = day or form.initial.get("date") or form.fields["date"].initial or timezone.localdate()
    if isinstance(day, str):
        day = parse_date_param(day) or timezone.localdate()
    status = client.status_on(day)
    return {"date": day, "eligible": client.eligible_on(day), "status": status}


@require_GET
@permission_required("counselling.add_servicerecord", raise_exception=True)
def eligibility_hint(request: StaffRequest, pk: int) -> HttpResponse:
    """Whether the client is eligible on the date being typed into the service form (htmx)."""
    clients = Client.objects.visible_to(request.user).prefetch_related(
        "residence_statuses__category"
    )
    client = get_visible_or_404(clients.select_related("citizenship"), request.user, pk=pk)
    day = parse_date_param(request.GET.get("date")) or timezone.localdate()
    context = {
        "client": client,
        "eligibility": {
            "date": day,
            "eligible": client.eligible_on(day),
            "status": client.status_on(day),
        },
    }
    return render(request, "counselling/_eligibility.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("counselling.add_servicerecord", raise_exception=True)
def service_create_for_organisation(request: StaffRequest) -> HttpResponse:
    form = OrganisationServiceForm(
        request.POST or None,
        user=request.user,
        activities=ORGANISATION_ACTIVITIES,
    )
    if not request.POST:
        # Prefilled from the organisation's page ("Record support (A16)").
        organisation_id = request.GET.get("organisation", "")
        if organisation_id.isascii() and organisation_id.isdigit():
            form.initial["organisation"] = int(organisation_id)
        if request.GET.get("activity") in ORGANISATION_ACTIVITIES:
            form.initial["activity"] = request.GET["activity"]
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_create(
                actor=request.user,
                topics=form.cleaned_data["topics"],
                **form.service_fields(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The service to the organisation was recorded."))
            return _after_save(request, service, None)
    return render(
        request,
        "counselling/service_form.html",
        {"form": form, "title": _("Service to an organisation")},
    )


@require_http_methods(["GET", "POST"])
@permission_required("counselling.add_servicerecord", raise_exception=True)
def anonymous_create(request: StaffRequest) -> HttpResponse:
    field_visit = _field_visit(request)
    form = AnonymousContactForm(request.POST or None, user=request.user)
    if field_visit and not request.POST:
        form.initial.update(
            {
                "activity": "A02",
                "channel": "field",
                "date": field_visit.date,
                "place": field_visit.place,
                "office": field_visit.office_id,
            }
        )
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_create(
                actor=request.user,
                topics=form.cleaned_data["topics"],
                field_visit=field_visit,
                **form.service_fields(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Anonymous contact recorded (%(count)s people).")
                % {"count": service.anonymous_count},
            )
            if field_visit:
                return _after_save(request, service, field_visit)
            return redirect_back(request, "counselling:anonymous_create")
    return render(
        request, "counselling/anonymous_form.html", {"form": form, "field_visit": field_visit}
    )


def _editable_service(request: StaffRequest, pk: int) -> ServiceRecord:
    queryset = ServiceRecord.objects.select_related("client", "organisation", "activity")
    return get_visible_or_404(queryset, request.user, pk=pk)


@require_http_methods(["GET", "POST"])
@permission_required("counselling.change_servicerecord", raise_exception=True)
def service_edit(request: StaffRequest, pk: int) -> HttpResponse:
    service = _editable_service(request, pk)
    if service.is_anonymous:
        form: Any = AnonymousContactForm(request.POST or None, instance=service, user=request.user)
        template = "counselling/anonymous_form.html"
    else:
        form_class = OrganisationServiceForm if service.organisation_id else ServiceForm
        activities = ORGANISATION_ACTIVITIES if service.organisation_id else CLIENT_ACTIVITIES
        form = form_class(
            request.POST or None, instance=service, user=request.user, activities=activities
        )
        template = "counselling/service_form.html"
    if service.is_confidential and not service.note_visible_to(request.user):
        # Someone outside the legal team may fix the date or minutes, never see the note.
        form.fields.pop("note", None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(
                actor=request.user,
                service=service,
                # A form posted without the version it was read at cannot prove it is current.
                expected_version=form.cleaned_data.get("version") or 0,
                topics=form.cleaned_data.get("topics"),
                **form.service_fields(),
            )
        except StaleObjectError as error:
            form.add_error(None, str(error.message))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return _after_save(request, service, None)
    context = {
        "form": form,
        "service": service,
        "client": service.client,
        "title": _("Edit service"),
        "editing": True,
    }
    return render(request, template, context)


@require_POST
@permission_required("counselling.change_servicerecord", raise_exception=True)
def follow_up_mark_done(request: StaffRequest, pk: int) -> HttpResponse:
    service = _editable_service(request, pk)
    try:
        services.follow_up_done(service=service)
    except SpoluError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The follow-up is done."))
    return redirect_back(request, "dashboard")


@require_http_methods(["GET", "POST"])
@permission_required("counselling.change_servicerecord", raise_exception=True)
def anonymous_upgrade(request: StaffRequest, pk: int) -> HttpResponse:
    service = _editable_service(request, pk)
    if not service.is_anonymous:
        messages.info(request, _("This contact is already attributed."))
        return _after_save(request, service, None)
    error = None
    if request.method == "POST":
        client_id = parse_id(request.POST.get("client", ""))
        if client_id is None:
            error = _("Choose a client from the search results.")
        else:
            client = get_visible_or_404(Client.objects.active(), request.user, pk=client_id)
            try:
                result = services.anonymous_upgrade(
                    actor=request.user, service=service, client=client
                )
            except SpoluError as exc:
                error = str(exc.message)
            except ValidationError as exc:
                error = "; ".join(exc.messages)
            else:
                messages.success(request, _("The contact is now in the client's file."))
                return redirect("clients:detail", pk=result.client_id)
    return render(
        request, "counselling/anonymous_upgrade.html", {"service": service, "error": error}
    )


# --- lists -----------------------------------------------------------------------------------


@require_GET
@permission_required("counselling.view_servicerecord", raise_exception=True)
def service_list(request: StaffRequest) -> HttpResponse:
    queryset, filters = service_list_queryset(request.user, request.GET)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "counselling/service_list.html",
        {"page": page, "filters": filters, "query": query.urlencode()},
    )


@require_GET
@permission_required("counselling.view_appointment", raise_exception=True)
def appointment_list(request: StaffRequest) -> HttpResponse:
    day = parse_date_param(request.GET.get("day")) or timezone.localdate()
    appointments = (
        Appointment.objects.visible_to(request.user)
        .filter(starts_at__date=day)
        .select_related("client", "staff", "activity", "interpreter_language", "office")
    )
    return render(
        request,
        "counselling/appointment_list.html",
        {
            "appointments": appointments,
            "day": day,
            "statuses": AppointmentStatus.choices,
            # No link past the range of plausible dates (and past what `date` can hold).
            "previous": day - timedelta(days=1) if day > EARLIEST else None,
            "next": day + timedelta(days=1) if day < LATEST else None,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("counselling.add_appointment", raise_exception=True)
def appointment_create(request: StaffRequest) -> HttpResponse:
    form = AppointmentForm(request.POST or None, user=request.user)
    client = None
    client_id = parse_id(request.GET.get("client") or request.POST.get("client"))
    if client_id is not None:
        client = get_visible_or_404(Client.objects.active(), request.user, pk=client_id)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.appointment_create(client=client, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The appointment was booked."))
            return redirect(
                f"{_url('counselling:appointments')}?day={appointment.starts_at.date().isoformat()}"
            )
    return render(request, "counselling/appointment_form.html", {"form": form, "client": client})


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@require_POST
@permission_required("counselling.change_appointment", raise_exception=True)
def appointment_status(request: StaffRequest, pk: int) -> HttpResponse:
    appointment = get_visible_or_404(Appointment.objects.all(), request.user, pk=pk)
    form = AppointmentStatusForm(request.POST)
    if form.is_valid():
        services.appointment_set_status(appointment=appointment, status=form.cleaned_data["status"])
        messages.success(request, _("The appointment was updated."))
    return redirect_back(request, "counselling:appointments")
