"""Event pages: list, detail (participants, professionals, headcount, evidence), create and edit,
registration of clients (htmx search-as-you-type, works without JavaScript too), the printable
attendance sheet and evidence files."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from spolu.clients.models import Client
from spolu.clients.search import search_clients
from spolu.core import audit
from spolu.core.access import get_visible_or_404
from spolu.core.errors import SpoluError
from spolu.core.params import parse_id
from spolu.core.pdf import AttendanceSheet, SheetRow, attendance_sheet_pdf
from spolu.events import services
from spolu.events.forms import (
    EventFilterForm,
    EventForm,
    EvidenceForm,
    HeadcountForm,
    ParticipantSearchForm,
    ProfessionalForm,
)
from spolu.events.models import Event, EventEvidence, EventParticipant, EventProfessional
from spolu.events.queries import event_roster
from spolu.events.rendering import RosterOptions, participant_rows_html
from spolu.network import uploads
from spolu.network.formtools import add_service_errors

SEARCH_LIMIT = 10
# Trainings of professionals (A12) and excursions (teachers accompanying students, A17).
PROFESSIONAL_ACTIVITIES = {"A12", "A17"}
M2M = ("organisers", "partner_organisations", "interpretation_languages")


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _event(request: HttpRequest, pk: int) -> Event:
    return get_visible_or_404(
        Event.objects.select_related(
            "activity", "office", "district", "language", "featured_country", "created_by"
        ),
        request.user,
        pk=pk,
    )


@require_GET
@permission_required("events.view_event", raise_exception=True)
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None, user=request.user)
    events = Event.objects.visible_to(request.user).select_related("activity", "office")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            events = events.filter(Q(title__icontains=data["q"]) | Q(place__icontains=data["q"]))
        if data["office"]:
            events = events.filter(office=data["office"])
        if data["activity"]:
            events = events.filter(activity=data["activity"])
        if data["date_from"]:
            events = events.filter(date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(date__lte=data["date_to"])
        if data["organisation"]:
            events = events.with_organisation(data["organisation"])
    elif form.is_bound:
        events = events.none()
    page = Paginator(events.order_by("-starts_at", "-pk"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/event_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _detail_context(request: HttpRequest, event: Event, **extra: Any) -> dict[str, Any]:
    user: Any = request.user
    context: dict[str, Any] = {
        "event": event,
        "organisers": list(event.organisers.all()),
        "partners": list(event.partner_organisations.all()),
        "interpretation": list(event.interpretation_languages.all()),
        "can_edit": user.has_perm("events.change_event"),
        "can_register": user.has_perm("events.add_eventparticipant") and not event.cancelled,
        "can_unregister": user.has_perm("events.delete_eventparticipant"),
        # Attendance is marked once the event has begun (a future one has only registrations).
        "can_mark": user.has_perm("events.change_eventparticipant")
        and event.starts_at <= timezone.now(),
        "can_add_professional": user.has_perm("events.add_eventprofessional")
        and not event.cancelled,
        "can_remove_professional": user.has_perm("events.delete_eventprofessional"),
        "can_add_evidence": user.has_perm("events.add_eventevidence"),
        "can_remove_evidence": user.has_perm("events.delete_eventevidence"),
    }
    if user.has_perm("events.view_eventparticipant"):
        context["roster"] = event_roster(event)
        context["roster_rows"] = participant_rows_html(
            context["roster"].participants,
            RosterOptions(
                can_mark=context["can_mark"],
                can_unregister=context["can_unregister"],
                remove_url=reverse("events:participant_remove", args=[event.pk]),
            ),
        )
        context["search_form"] = ParticipantSearchForm(request.GET or None)
    has_professionals = "roster" in context and bool(context["roster"].professionals)
    if event.activity_id not in PROFESSIONAL_ACTIVITIES and not has_professionals:
        context["can_add_professional"] = False
    if user.has_perm("events.view_eventevidence"):
        context["evidence"] = list(event.evidence.select_related("uploaded_by"))
    if context["can_add_professional"]:
        context.setdefault("professional_form", ProfessionalForm())
    if context["can_edit"]:
        context.setdefault(
            "headcount_form",
            HeadcountForm(
                initial={
                    "version": event.version,
                    "adults": event.headcount_adults,
                    "children": event.headcount_children,
                    "unspecified": event.headcount_unspecified,
                }
            ),
        )
    if context["can_add_evidence"]:
        context.setdefault("evidence_form", EvidenceForm())
    context.update(extra)
    return context


@require_GET
@permission_required("events.view_event", raise_exception=True)
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    context = _detail_context(request, event)
    query = request.GET.get("q", "").strip()
    if query and context["can_register"]:
        context["search_results"] = _search(request, event, query)
        context["query"] = query
    if "roster" in context:
        audit.log_view(event)
    return render(request, "events/event_detail.html", context)


def _save_event(request: HttpRequest, form: EventForm, event: Event | None) -> Event | None:
    data = {k: v for k, v in form.cleaned_data.items() if k not in {"version", *M2M}}
    relations = {k: form.cleaned_data[k] for k in M2M}
    try:
        if event is None:
            return services.event_create(actor=request.user, **relations, **data)  # type: ignore[arg-type]
        return services.event_update(
            actor=request.user,  # type: ignore[arg-type]
            event=event,
            expected_version=form.expected_version(),
            **relations,
            **data,
        )
    except (ValidationError, SpoluError) as exc:
        add_service_errors(form, exc)
        return None


@permission_required("events.add_event", raise_exception=True)
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = _save_event(request, form, None)
        if event is not None:
            messages.success(request, _("The event was saved."))
            return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@permission_required("events.change_event", raise_exception=True)
def event_update(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save_event(request, form, event)
        if saved is not None:
            messages.success(request, _("The event was saved."))
            return redirect("events:event_detail", pk=saved.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


# --- Registering clients ----------------------------------------------------------------------


def _search(request: HttpRequest, event: Event, query: str) -> list[Client]:
    clients = (
        Client.objects.visible_to(request.user)
        .active()
        .filter(anonymised_at__isnull=True)  # registering them is refused
        .select_related("citizenship")
    )
    registered = set(event.participants.values_list("client_id", flat=True))
    found = search_clients(clients, query, limit=SEARCH_LIMIT + len(registered))
    for client in found:
        client.already_registered = client.pk in registered  # type: ignore[attr-defined]
    return found[:SEARCH_LIMIT]


@require_GET
@permission_required("events.add_eventparticipant", raise_exception=True)
def participant_search(request: HttpRequest, pk: int) -> HttpResponse:
    """The live results under the search box (htmx), `?q=` a few letters of any spelling."""
    event = _event(request, pk)
    query = request.GET.get("q", "").strip()
    results = _search(request, event, query) if len(query) >= 2 else []
    return render(
        request,
        "events/_participant_results.html",
        {"event": event, "search_results": results, "query": query},
    )


def _roster_response(request: HttpRequest, event: Event, error: str = "") -> HttpResponse:
    """The participants section (htmx swaps it in place) and, out of band, fresh search results
    so that a client just added shows as registered."""
    query = request.POST.get("q", "").strip()
    results = _search(request, event, query) if len(query) >= 2 else None
    context = _detail_context(
        request, event, roster_error=error, search_results=results, query=query, oob=True
    )
    return render(request, "events/_roster.html", context)


def _back_to_event(event: Event, query: str = "") -> HttpResponse:
    url = reverse("events:event_detail", args=[event.pk])
    return redirect(f"{url}?{urlencode({'q': query})}#roster" if query else f"{url}#roster")


@require_POST
@permission_required("events.add_eventparticipant", raise_exception=True)
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    client = get_visible_or_404(
        Client.objects.all(), request.user, pk=_posted_id(request, "client")
    )
    error = ""
    try:
        services.participant_register(actor=request.user, event=event, client=client)  # type: ignore[arg-type]
    except SpoluError as exc:
        error = str(exc.message)
    if _is_htmx(request):
        event.refresh_from_db()
        return _roster_response(request, event, error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("%(client)s is registered.") % {"client": client})
    return _back_to_event(event, request.POST.get("q", "").strip())


@require_POST
@permission_required("events.delete_eventparticipant", raise_exception=True)
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    participant = get_object_or_404(
        EventParticipant, pk=_posted_id(request, "participant"), event=event
    )
    services.participant_remove(participant=participant)
    if _is_htmx(request):
        return _roster_response(request, event)
    messages.success(request, _("The registration was cancelled."))
    return _back_to_event(event)


def _posted_id(request: HttpRequest, name: str) -> int:
    value = parse_id(request.POST.get(name, ""))
    if value is None:
        raise Http404
    return value


def _ids(values: list[str]) -> set[int]:
    return {pk for pk in map(parse_id, values) if pk is not None}


@require_POST
@permission_required("events.change_eventparticipant", raise_exception=True)
def attendance_save(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    try:
        changed = services.attendance_record(
            event=event,
            present_participants=_ids(request.POST.getlist("present_client")),
            present_professionals=_ids(request.POST.getlist("present_professional")),
        )
    except SpoluError as exc:
        messages.error(request, str(exc.message))
        return _back_to_event(event)
    message = ngettext(
        "Attendance saved (%(count)s change).", "Attendance saved (%(count)s changes).", changed
    )
    messages.success(request, message % {"count": changed})
    return _back_to_event(event)


@require_POST
@permission_required("events.add_eventprofessional", raise_exception=True)
def professional_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = ProfessionalForm(request.POST)
    if form.is_valid():
        try:
            services.professional_add(event=event, **form.cleaned_data)
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The participant was added."))
            return redirect("events:event_detail", pk=event.pk)
    context = _detail_context(request, event, professional_form=form)
    return render(request, "events/event_detail.html", context, status=400)


@require_POST
@permission_required("events.delete_eventprofessional", raise_exception=True)
def professional_remove(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    professional = get_object_or_404(
        EventProfessional, pk=_posted_id(request, "professional"), event=event
    )
    services.professional_remove(professional=professional)
    messages.success(request, _("The participant was removed."))
    return redirect("events:event_detail", pk=event.pk)


@require_POST
@permission_required("events.change_event", raise_exception=True)
def headcount_save(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = HeadcountForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.headcount_set(
                event=event,
                expected_version=data["version"],
                adults=data["adults"],
                children=data["children"],
                unspecified=data["unspecified"],
            )
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The headcount was saved."))
            return redirect("events:event_detail", pk=event.pk)
    context = _detail_context(request, event, headcount_form=form)
    return render(request, "events/event_detail.html", context, status=400)


# --- Evidence ---------------------------------------------------------------------------------


@require_POST
@permission_required("events.add_eventevidence", raise_exception=True)
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                actor=request.user,  # type: ignore[arg-type]
                event=event,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The file was uploaded."))
            return redirect("events:event_detail", pk=event.pk)
    context = _detail_context(request, event, evidence_form=form)
    return render(request, "events/event_detail.html", context, status=400)


def _evidence(request: HttpRequest, pk: int, evidence_pk: int) -> EventEvidence:
    event = _event(request, pk)
    return get_object_or_404(EventEvidence, pk=evidence_pk, event=event)


@require_GET
@permission_required("events.view_eventevidence", raise_exception=True)
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponseBase:
    evidence = _evidence(request, pk, evidence_pk)
    audit.log_view(evidence)
    return uploads.file_response(evidence.file, evidence.content_type, evidence.original_name)


@require_POST
@permission_required("events.delete_eventevidence", raise_exception=True)
def evidence_remove(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    evidence = _evidence(request, pk, evidence_pk)
    services.evidence_remove(evidence=evidence)
    messages.success(request, _("The file was removed."))
    return redirect("events:event_detail", pk=pk)


# --- Printable attendance sheet ---------------------------------------------------------------


def _when(event: Event) -> str:
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    text = f"{date_format(start, 'SHORT_DATE_FORMAT')} {start:%H:%M}–"
    if end.date() != start.date():
        text += f"{date_format(end, 'SHORT_DATE_FORMAT')} "
    return text + f"{end:%H:%M}"


@require_GET
@permission_required("events.view_eventparticipant", raise_exception=True)
def attendance_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    roster = event_roster(event)
    rows = [
        SheetRow(p.client.display_name, str(p.client.year_of_birth or ""))
        for p in roster.participants
    ]
    rows += [
        SheetRow(p.name, " – ".join(x for x in (p.institution_label, p.role) if x))
        for p in roster.professionals
    ]
    organisers = ", ".join(str(u) for u in event.organisers.all()) or event.office.name
    extra = {}
    if event.featured_country or event.featured_community:
        extra[_("Featured")] = ", ".join(
            str(x) for x in (event.featured_country, event.featured_community) if x
        )
    sheet = AttendanceSheet(
        title=event.title,
        activity=f"{event.activity_id} – {event.activity.name}",
        when=_when(event),
        place=", ".join(x for x in (event.place, event.district.name) if x),
        organiser=organisers,
        rows=rows,
        blank_rows=max(5, min(30, (event.capacity or 0) - len(rows))),
        extra=extra,
    )
    audit.log_view(event)
    response = HttpResponse(attendance_sheet_pdf(sheet), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="attendance-{event.pk}.pdf"'
    return response
