from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spolu.clients import services
from spolu.clients.forms import (
    ClientForm,
    ConsentForm,
    ConsentWithdrawForm,
    GuardianForm,
    RelationForm,
    ResidenceOnRegistrationForm,
    ResidenceStatusForm,
)
from spolu.clients.models import (
    INVERSE_RELATION,
    Client,
    ClientRelation,
    Consent,
    ConsentPurpose,
    RelationKind,
    ResidenceStatus,
)
from spolu.clients.panels import panels_for_client
from spolu.clients.search import likely_duplicates, search_clients
from spolu.core import audit
from spolu.core.access import get_visible_or_404
from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.params import parse_id
from spolu.core.types import StaffRequest
from spolu.core.uploads import serve_document

SEARCH_LIMIT = 20


def _visible_clients(request: StaffRequest) -> Any:
    return Client.objects.visible_to(request.user).active()


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- list and search -------------------------------------------------------------------------


@require_GET
@permission_required("clients.view_client", raise_exception=True)
def client_list(request: StaffRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    clients = _visible_clients(request).select_related("citizenship", "office")
    context: dict[str, Any] = {"query": query}
    if query:
        context["results"] = search_clients(clients, query, limit=SEARCH_LIMIT)
    else:
        context["page"] = Paginator(clients.order_by("-created_at", "-pk"), 30).get_page(
            request.GET.get("page")
        )
    if request.headers.get("HX-Request"):
        return render(request, "clients/_search_results.html", context)
    return render(request, "clients/client_list.html", context)


@require_GET
@permission_required("clients.view_client", raise_exception=True)
def client_picker(request: StaffRequest) -> HttpResponse:
    """Search results as buttons that fill a hidden client field (household links, merges…)."""
    query = (request.GET.get("q") or request.GET.get("picker_q") or "").strip()
    exclude = request.GET.get("exclude", "")
    clients = _visible_clients(request).select_related("citizenship")
    exclude_id = parse_id(exclude)
    if exclude_id is not None:
        clients = clients.exclude(pk=exclude_id)
    results = search_clients(clients, query, limit=8) if len(query) >= 2 else []
    target = request.GET.get("target", "")
    return render(
        request,
        "clients/_picker_results.html",
        {"results": results, "query": query, "target": target},
    )


# --- registration and editing ----------------------------------------------------------------


def _duplicates_for(request: StaffRequest, data: dict[str, Any]) -> list[Client]:
    return likely_duplicates(
        _visible_clients(request).select_related("citizenship", "office"),
        first_name=data.get("first_name", ""),
        last_name=data.get("last_name", ""),
        first_name_latin=data.get("first_name_latin", ""),
        last_name_latin=data.get("last_name_latin", ""),
        birth_date=data.get("birth_date"),
        phone=data.get("phone", ""),
    )


@require_http_methods(["GET", "POST"])
@permission_required("clients.add_client", raise_exception=True)
def client_create(request: StaffRequest) -> HttpResponse:
    form = ClientForm(request.POST or None, user=request.user)
    residence = ResidenceOnRegistrationForm(request.POST or None)
    duplicates: list[Client] = []
    if request.method == "POST" and form.is_valid() and residence.is_valid():
        data = form.cleaned_data
        duplicates = _duplicates_for(request, data)
        if duplicates and not request.POST.get("confirm_new"):
            messages.warning(
                request,
                _(
                    "Spolu found people who may be the same person. Open their file, or confirm "
                    "that this is someone new."
                ),
            )
        else:
            try:
                client = _create(request, data, residence.cleaned_data)
            except _ResidenceRefused as refused:
                _add_errors(residence, refused.error)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The client was registered."))
                return redirect("clients:detail", pk=client.pk)
    context = {"form": form, "residence": residence, "duplicates": duplicates}
    return render(request, "clients/client_form.html", context)


class _ResidenceRefused(Exception):
    def __init__(self, error: ValidationError) -> None:
        self.error = error


@transaction.atomic
def _create(request: StaffRequest, data: dict[str, Any], residence: dict[str, Any]) -> Client:
    """The client and their current status, both or neither (e.g. a status before birth)."""
    fields = {k: v for k, v in data.items() if k not in {"languages", "aliases", "version"}}
    client = services.client_create(
        actor=request.user,
        languages=data.get("languages") or [],
        aliases=data.get("aliases") or [],
        **fields,
    )
    if residence.get("category"):
        try:
            services.residence_status_add(client=client, **residence)
        except ValidationError as error:
            raise _ResidenceRefused(error) from error
    return client


@require_GET
@permission_required("clients.add_client", raise_exception=True)
def client_duplicates(request: StaffRequest) -> HttpResponse:
    """While the registration form is filled in: people who may be the same (htmx partial)."""
    data = {
        key: request.GET.get(key, "").strip()
        for key in ("first_name", "last_name", "first_name_latin", "last_name_latin", "phone")
    }
    birth = request.GET.get("birth_date", "")
    data["birth_date"] = birth or None  # type: ignore[assignment]
    enough = any(len(data[k]) >= 2 for k in ("last_name", "last_name_latin"))
    duplicates = _duplicates_for(request, data) if enough else []
    return render(request, "clients/_duplicates.html", {"duplicates": duplicates, "live": True})


@require_http_methods(["GET", "POST"])
@permission_required("clients.change_client", raise_exception=True)
def client_edit(request: StaffRequest, pk: int) -> HttpResponse:
    client = get_visible_or_404(
        _visible_clients(request).prefetch_related("aliases"), request.user, pk=pk
    )
    if request.method == "GET":
        # The edit form shows the whole file: opening it is a view like the detail page.
        audit.log_view(client)
    form = ClientForm(request.POST or None, instance=client, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: v for k, v in data.items() if k not in {"languages", "aliases", "version"}}
        try:
            services.client_update(
                actor=request.user,
                client=client,
                expected_version=data.get("version") or 0,
                languages=data.get("languages") or [],
                aliases=data.get("aliases"),
                **fields,
            )
        except StaleObjectError as error:
            form.add_error(None, str(error.message))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/client_form.html", {"form": form, "client": client})


# --- the client file -------------------------------------------------------------------------


def _client_file(request: StaffRequest, pk: int) -> Client:
    queryset = (
        Client.objects.visible_to(request.user)
        .select_related(
            "office", "citizenship", "district", "guardian", "created_by", "merged_into"
        )
        .prefetch_related(
            "languages",
            "aliases",
            Prefetch("residence_statuses", ResidenceStatus.objects.select_related("category")),
            Prefetch("consents", Consent.objects.select_related("recorded_by")),
            Prefetch("relations", ClientRelation.objects.select_related("relative")),
            Prefetch("inverse_relations", ClientRelation.objects.select_related("client")),
            "wards",
        )
    )
    return get_visible_or_404(queryset, request.user, pk=pk)


def _household(client: Client) -> list[dict[str, Any]]:
    rows = [
        {"relation": r, "person": r.relative, "kind": RelationKind(r.kind).label}
        for r in client.relations.all()
    ]
    rows += [
        {"relation": r, "person": r.client, "kind": INVERSE_RELATION[RelationKind(r.kind)].label}
        for r in client.inverse_relations.all()
    ]
    return rows


@require_GET
@permission_required("clients.view_client", raise_exception=True)
def client_detail(request: StaffRequest, pk: int) -> HttpResponse:
    client = _client_file(request, pk)
    if client.merged_into_id:
        messages.info(request, _("This record was merged into another one."))
    audit.log_view(client)
    today = timezone.localdate()
    status_today = client.status_on(today)
    context = {
        "client": client,
        "today": today,
        "status_today": status_today,
        "eligible_today": client.eligible_on(today),
        "expiring": client.expiring_status(today),
        "case_work_consent": client.has_consent(ConsentPurpose.CASE_WORK, today),
        "age": client.age_on(today),
        "household": _household(client),
        "panels": panels_for_client(request, client),
    }
    return render(request, "clients/client_detail.html", context)


# --- residence, consent, household -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("clients.add_residencestatus", raise_exception=True)
def residence_add(request: StaffRequest, pk: int) -> HttpResponse:
    client = get_visible_or_404(_visible_clients(request), request.user, pk=pk)
    form = ResidenceStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.residence_status_add(client=client, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The residence status was added."))
            return redirect("clients:detail", pk=client.pk)
    return render(
        request,
        "clients/simple_form.html",
        {"form": form, "client": client, "title": _("Add residence status")},
    )


@require_http_methods(["GET", "POST"])
@permission_required("clients.change_residencestatus", raise_exception=True)
def residence_edit(request: StaffRequest, pk: int, status_pk: int) -> HttpResponse:
    client = get_visible_or_404(_visible_clients(request), request.user, pk=pk)
    status = get_object_or_404(ResidenceStatus, pk=status_pk, client=client)
    form = ResidenceStatusForm(request.POST or None, instance=status)
    if request.method == "POST" and form.is_valid():
        try:
            services.residence_status_save(
                status=form.instance,
                # A form posted without the version it was read at cannot prove it is current.
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except StaleObjectError as error:
            form.add_error(None, str(error.message))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The residence status was changed."))
            return redirect("clients:detail", pk=client.pk)
    return render(
        request,
        "clients/simple_form.html",
        {"form": form, "client": client, "title": _("Change residence status")},
    )


@require_http_methods(["GET", "POST"])
@permission_required("clients.add_consent", raise_exception=True)
def consent_add(request: StaffRequest, pk: int) -> HttpResponse:
    client = get_visible_or_404(_visible_clients(request), request.user, pk=pk)
    form = ConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                actor=request.user,
                client=client,
                purpose=data["purpose"],
                given_on=data["given_on"],
                evidence=data.get("evidence") or None,
                note=data.get("note", ""),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("clients:detail", pk=client.pk)
    return render(
        request,
        "clients/simple_form.html",
        {"form": form, "client": client, "title": _("Record consent"), "multipart": True},
    )


@require_http_methods(["GET", "POST"])
@permission_required("clients.change_consent", raise_exception=True)
def consent_withdraw(request: StaffRequest, pk: int, consent_pk: int) -> HttpResponse:
    client = get_visible_or_404(_visible_clients(request), request.user, pk=pk)
    consent = get_object_or_404(Consent, pk=consent_pk, client=client, withdrawn_on__isnull=True)
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The withdrawal of consent was recorded."))
            return redirect("clients:detail", pk=client.pk)
    return render(
        request,
        "clients/simple_form.html",
        {
            "form": form,
            "client": client,
            "title": _("Withdraw consent: %(purpose)s")
            % {"purpose": consent.get_purpose_display()},
        },
    )


@require_GET
@permission_required("clients.view_consent", raise_exception=True)
def consent_evidence(request: StaffRequest, pk: int, consent_pk: int) -> Any:
    client = get_visible_or_404(_visible_clients(request), request.user, pk=pk)
    consent = get_object_or_404(Consent, pk=consent_pk, client=client)
    if not consent.evidence:
        return render(request, "404.html", status=404)
    audit.log_view(consent)
    return serve_document(consent.evidence, f"consent-{client.pk}-{consent.pk}")


@require_http_methods(["GET", "POST"])
@permission_required("clients.add_clientrelation", raise_exception=True)
def relation_add(request: StaffRequest, pk: int) -> HttpResponse:
    client = get_visible_or_404(_visible_clients(request), request.user, pk=pk)
    form = RelationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        relative = get_visible_or_404(
            _visible_clients(request), request.user, pk=form.cleaned_data["relative"]
        )
        try:
            services.relation_add(client=client, relative=relative, kind=form.cleaned_data["kind"])
        except SpoluError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The household link was added."))
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/relation_form.html", {"form": form, "client": client})


@require_POST
@permission_required("clients.delete_clientrelation", raise_exception=True)
def relation_remove(request: StaffRequest, pk: int, relation_pk: int) -> HttpResponse:
    client = get_visible_or_404(_visible_clients(request), request.user, pk=pk)
    relation = get_object_or_404(
        ClientRelation.objects.filter(client=client)
        | ClientRelation.objects.filter(relative=client),
        pk=relation_pk,
    )
    services.relation_remove(relation=relation)
    messages.success(request, _("The household link was removed."))
    return redirect("clients:detail", pk=client.pk)


@require_http_methods(["GET", "POST"])
@permission_required("clients.change_client", raise_exception=True)
def guardian_set(request: StaffRequest, pk: int) -> HttpResponse:
    client = get_visible_or_404(_visible_clients(request), request.user, pk=pk)
    form = GuardianForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        guardian = get_visible_or_404(
            _visible_clients(request), request.user, pk=form.cleaned_data["guardian"]
        )
        try:
            services.client_update(
                actor=request.user,
                client=client,
                expected_version=form.cleaned_data.get("version") or 0,
                guardian=guardian,
            )
        except SpoluError as error:
            form.add_error(None, str(error.message))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The guardian was recorded."))
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/guardian_form.html", {"form": form, "client": client})
