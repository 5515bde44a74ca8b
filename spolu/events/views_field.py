"""Field work (A02): the list of visits, recording a visit on a phone, and the visit's page, from
which the worker adds anonymous contacts and services to clients met on the spot (the forms
of counselling, linked with `?field_visit=<id>`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from spolu.clients.models import Client
from spolu.clients.search import search_clients
from spolu.core.errors import SpoluError
from spolu.counselling.models import FieldVisit
from spolu.events import services
from spolu.events.forms import FieldVisitForm
from spolu.events.queries import field_visit_services, field_visits_visible_to
from spolu.network.formtools import add_service_errors

SEARCH_LIMIT = 10


def _visit(request: HttpRequest, pk: int) -> FieldVisit:
    try:
        return (
            field_visits_visible_to(request.user)
            .select_related("office", "district", "created_by")
            .get(pk=pk)
        )
    except FieldVisit.DoesNotExist as exc:
        raise Http404 from exc


def _can_edit(user: Any, visit: FieldVisit, staff: list[Any]) -> bool:
    """Coordinators edit any visit they see; others the visits they went on or recorded."""
    if not user.has_perm("counselling.change_fieldvisit"):
        return False
    if user.has_perm("events.change_event"):
        return True
    return visit.created_by_id == user.pk or any(u.pk == user.pk for u in staff)


def _link(name: str, *args: Any, visit: FieldVisit) -> str:
    """A counselling form pre-filled with this visit; empty if that form does not exist yet."""
    try:
        return f"{reverse(name, args=args)}?field_visit={visit.pk}"
    except NoReverseMatch:
        return ""


@require_GET
@permission_required("counselling.view_fieldvisit", raise_exception=True)
def field_visit_list(request: HttpRequest) -> HttpResponse:
    visits = (
        field_visits_visible_to(request.user)
        .select_related("office", "district")
        .annotate(
            anonymous_total=Sum("services__anonymous_count"),
            service_count=Count("services"),
        )
        .order_by("-date", "-pk")
    )
    page = Paginator(visits, 30).get_page(request.GET.get("page"))
    staff: dict[int, list[Any]] = {v.pk: [] for v in page.object_list}
    through = FieldVisit.staff.through.objects.filter(fieldvisit_id__in=list(staff)).select_related(
        "user"
    )
    for row in through:
        staff[row.fieldvisit_id].append(row.user)
    for visit in page.object_list:
        visit.staff_list = staff[visit.pk]
    return render(
        request,
        "events/field_visit_list.html",
        {
            "page": page,
            "can_add": request.user.has_perm("counselling.add_fieldvisit"),
        },
    )


@permission_required("counselling.add_fieldvisit", raise_exception=True)
def field_visit_create(request: HttpRequest) -> HttpResponse:
    form = FieldVisitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            fields = form.service_fields()
            visit = services.field_visit_create(
                actor=request.user,  # type: ignore[arg-type]
                staff=form.cleaned_data["staff"],
                **fields,
            )
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The field visit was saved. Now add the contacts."))
            return redirect("events:field_visit_detail", pk=visit.pk)
    return render(request, "events/field_visit_form.html", {"form": form, "visit": None})


@permission_required("counselling.change_fieldvisit", raise_exception=True)
def field_visit_update(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    if not _can_edit(request.user, visit, list(visit.staff.all())):
        raise Http404
    form = FieldVisitForm(
        request.POST or None,
        instance=visit,
        user=request.user,
        fingerprint=services.field_visit_fingerprint(visit),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.field_visit_update(
                actor=request.user,  # type: ignore[arg-type]
                visit=visit,
                fingerprint=form.cleaned_data["fingerprint"],
                staff=form.cleaned_data["staff"],
                **form.service_fields(),
            )
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The field visit was saved."))
            return redirect("events:field_visit_detail", pk=visit.pk)
    return render(request, "events/field_visit_form.html", {"form": form, "visit": visit})


@require_GET
@permission_required("counselling.view_fieldvisit", raise_exception=True)
def field_visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    user: Any = request.user
    staff = list(visit.staff.all())
    can_record = user.has_perm("counselling.add_servicerecord")
    query = request.GET.get("q", "").strip()
    context: dict[str, Any] = {
        "visit": visit,
        "staff": staff,
        "hours": visit.minutes / 60,
        "services": field_visit_services(visit, user),
        "can_edit": _can_edit(user, visit, staff),
        "can_record": can_record,
        "show_notes": user.has_perm("counselling.view_service_notes"),
        "anonymous_url": _link("counselling:anonymous_create", visit=visit) if can_record else "",
        "query": query,
    }
    if can_record and query:
        context["results"] = _client_results(request, visit, query)
    return render(request, "events/field_visit_detail.html", context)


def _client_results(request: HttpRequest, visit: FieldVisit, query: str) -> list[dict[str, Any]]:
    clients = (
        Client.objects.visible_to(request.user)
        .active()
        .filter(anonymised_at__isnull=True)  # an anonymised record takes no new services
        .select_related("citizenship")
    )
    return [
        {
            "client": client,
            "url": _link("counselling:service_create_for_client", client.pk, visit=visit),
        }
        for client in search_clients(clients, query, limit=SEARCH_LIMIT)
    ]


@require_GET
@permission_required("counselling.add_servicerecord", raise_exception=True)
def field_visit_client_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Live results (htmx) for "service to a client" on the visit's page."""
    visit = _visit(request, pk)
    query = request.GET.get("q", "").strip()
    results = _client_results(request, visit, query) if len(query) >= 2 else []
    return render(
        request,
        "events/_field_client_results.html",
        {"visit": visit, "results": results, "query": query},
    )
