"""Pages of participants: enrolling clients and professionals, editing a participant, drop-outs,
confirming applications and the certificate of completion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spolu.clients.models import Client
from spolu.clients.search import search_clients
from spolu.core.errors import SpoluError
from spolu.courses import documents, services
from spolu.courses.forms import ClientEnrolForm, DropForm, EnrolmentForm, ProfessionalEnrolForm
from spolu.courses.models import Course, Enrolment, EnrolmentStatus
from spolu.courses.viewutils import (
    course_or_404,
    eligibility_day,
    enrollable_clients,
    enrolment_or_404,
    local_today,
    parse_id,
    report_promoted,
    show_error,
    user_of,
)


@require_http_methods(["GET", "POST"])
@permission_required("courses.add_enrolment", raise_exception=True)
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrol a client (search, choose, confirm) or, for A12 trainings, a professional."""
    user = user_of(request)
    course = course_or_404(request, pk)
    if course.for_professionals:
        return _enrol_professional(request, course)
    query = request.GET.get("q", "").strip()
    candidates = enrollable_clients(user).select_related("citizenship")
    chosen: Client | None = None
    raw_client = request.POST.get("client") or request.GET.get("client")
    client_id = parse_id(raw_client)
    if client_id is not None:
        chosen = (
            candidates.select_related("guardian")
            .prefetch_related("residence_statuses__category")
            .filter(pk=client_id)
            .first()
        )
    if raw_client and chosen is None:
        raise Http404
    form = ClientEnrolForm(request.POST or None, initial={"client": chosen.pk if chosen else None})
    if request.method == "POST" and chosen is not None and form.is_valid():
        d = form.cleaned_data
        try:
            enrolment = services.enrolment_create(
                actor=user,
                course=course,
                client=chosen,
                guardian_name=d.get("guardian_name", ""),
                entry_level=d.get("entry_level"),
                note=d.get("note", ""),
                application_only=d["mode"] == "apply",
            )
        except (SpoluError, ValidationError) as exc:
            show_error(request, exc)
        else:
            _report_enrolment(request, enrolment, chosen)
            if "another" in request.POST:
                return redirect("courses:enrol", pk=course.pk)
            return redirect("courses:detail", pk=course.pk)
    enrolled_ids = set(course.enrolments.values_list("client_id", flat=True))
    results = search_clients(candidates, query) if len(query) >= 2 else []
    eligible = chosen.eligible_on(max(local_today(), course.start_date)) if chosen else None
    context = {
        "course": course,
        "query": query,
        "results": results,
        "enrolled_ids": enrolled_ids,
        "chosen": chosen,
        "chosen_eligible": eligible,
        "chosen_age": chosen.age_on(max(local_today(), course.start_date)) if chosen else None,
        "form": form,
        "free_places": services.free_places(course),
    }
    template = (
        "courses/_enrol_results.html" if request.headers.get("HX-Request") else "courses/enrol.html"
    )
    return render(request, template, context)


def _report_enrolment(request: HttpRequest, enrolment: Enrolment, client: Client | None) -> None:
    name = enrolment.participant_name
    if enrolment.status == EnrolmentStatus.WAITING:
        messages.warning(
            request, _("The course is full: %(name)s is on the waiting list.") % {"name": name}
        )
    elif enrolment.status == EnrolmentStatus.APPLIED:
        messages.success(request, _("The application of %(name)s was recorded.") % {"name": name})
    else:
        messages.success(request, _("%(name)s is enrolled.") % {"name": name})
    if client is not None and not client.eligible_on(
        eligibility_day(enrolment.course, enrolment, local_today())
    ):
        messages.warning(
            request,
            _(
                "%(name)s is not in the AMIF target group on the course date. The enrolment is "
                "kept and reported separately."
            )
            % {"name": name},
        )


def _enrol_professional(request: HttpRequest, course: Course) -> HttpResponse:
    form = ProfessionalEnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            enrolment = services.enrolment_create(
                actor=user_of(request),
                course=course,
                professional=services.Professional(
                    name=d["name"], institution=d["institution"], role=d["role"], email=d["email"]
                ),
                note=d.get("note", ""),
                application_only=d["mode"] == "apply",
            )
        except (SpoluError, ValidationError) as exc:
            show_error(request, exc)
        else:
            _report_enrolment(request, enrolment, None)
            if "another" in request.POST:
                return redirect("courses:enrol", pk=course.pk)
            return redirect("courses:detail", pk=course.pk)
    return render(
        request,
        "courses/enrol_professional.html",
        {"course": course, "form": form, "free_places": services.free_places(course)},
    )


@require_http_methods(["GET", "POST"])
@permission_required("courses.change_enrolment", raise_exception=True)
def enrolment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    enrolment = enrolment_or_404(request, pk)
    show_notes = user.has_perm("courses.view_course_notes")
    form = EnrolmentForm(request.POST or None, instance=enrolment, show_notes=show_notes)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_update(
                actor=user,
                enrolment=enrolment,
                expected_version=form.cleaned_data["version"],
                **form.service_fields(),
            )
        except (SpoluError, ValidationError) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("The participant was saved."))
            return redirect("courses:detail", pk=enrolment.course_id)
    drop_form = DropForm(initial={"dropped_on": local_today()})
    return render(
        request,
        "courses/enrolment_form.html",
        {"form": form, "enrolment": enrolment, "course": enrolment.course, "drop_form": drop_form},
    )


@require_POST
@permission_required("courses.change_enrolment", raise_exception=True)
def enrolment_drop(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request, pk)
    form = DropForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("courses:enrolment_edit", pk=enrolment.pk)
    try:
        dropped, promoted = services.enrolment_drop(
            actor=user_of(request),
            enrolment=enrolment,
            dropped_on=form.cleaned_data["dropped_on"],
            reason=form.cleaned_data.get("reason", ""),
        )
    except SpoluError as exc:
        show_error(request, exc)
        return redirect("courses:enrolment_edit", pk=enrolment.pk)
    messages.success(request, _("%(name)s left the course.") % {"name": dropped.participant_name})
    report_promoted(request, promoted)
    return redirect("courses:detail", pk=enrolment.course_id)


@require_POST
@permission_required("courses.change_enrolment", raise_exception=True)
def enrolment_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request, pk)
    try:
        confirmed = services.enrolment_confirm(actor=user_of(request), enrolment=enrolment)
    except SpoluError as exc:
        show_error(request, exc)
    else:
        _report_enrolment(request, confirmed, enrolment.client)
    return redirect("courses:detail", pk=enrolment.course_id)


@require_GET
@permission_required("courses.view_enrolment", raise_exception=True)
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request, pk)
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise Http404
    pdf = documents.certificate_pdf(enrolment)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="osvedceni-{enrolment.pk}.pdf"'
    return response
