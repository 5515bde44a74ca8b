"""Partner organisations: the directory, an organisation's page (contacts, services it received,
referrals, events, platforms, students), and editing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from spolu.core.access import get_visible_or_404
from spolu.core.errors import SpoluError
from spolu.network import services
from spolu.network.forms import ContactForm, OrganisationFilterForm, OrganisationForm
from spolu.network.formtools import add_service_errors
from spolu.network.models import ContactPerson, Organisation
from spolu.network.panels import panels_for_organisation


def _organisation(request: HttpRequest, pk: int) -> Organisation:
    return get_visible_or_404(Organisation.objects.select_related("district"), request.user, pk=pk)


@require_GET
@permission_required("network.view_organisation", raise_exception=True)
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    organisations = Organisation.objects.visible_to(request.user).select_related("district")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            organisations = organisations.search(data["q"])
        if data["kind"]:
            organisations = organisations.filter(kind=data["kind"])
        if data["district"]:
            organisations = organisations.filter(district=data["district"])
        if not data["inactive"]:
            organisations = organisations.filter(active=True)
    else:
        organisations = organisations.filter(active=True)
    page = Paginator(organisations.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "network/organisation_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _detail_context(
    request: HttpRequest, organisation: Organisation, **extra: Any
) -> dict[str, Any]:
    user: Any = request.user
    context = {
        "organisation": organisation,
        "contacts": list(organisation.contacts.all()),
        "panels": panels_for_organisation(request, organisation),
        "can_edit": user.has_perm("network.change_organisation"),
        "can_add_contact": user.has_perm("network.add_contactperson"),
        "can_remove_contact": user.has_perm("network.delete_contactperson"),
        "contact_form": ContactForm(),
    }
    context.update(extra)
    return context


@require_GET
@permission_required("network.view_organisation", raise_exception=True)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    return render(
        request, "network/organisation_detail.html", _detail_context(request, organisation)
    )


def _form_data(form: OrganisationForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


@permission_required("network.add_organisation", raise_exception=True)
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, **_form_data(form))  # type: ignore[arg-type]
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect("network:organisation_detail", pk=organisation.pk)
    return render(request, "network/organisation_form.html", {"form": form, "organisation": None})


@permission_required("network.change_organisation", raise_exception=True)
def organisation_update(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                expected_version=form.expected_version(),
                **_form_data(form),
            )
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect("network:organisation_detail", pk=organisation.pk)
    return render(
        request, "network/organisation_form.html", {"form": form, "organisation": organisation}
    )


@require_POST
@permission_required("network.add_contactperson", raise_exception=True)
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_add(organisation=organisation, **form.cleaned_data)
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contact person was added."))
            return redirect("network:organisation_detail", pk=organisation.pk)
    context = _detail_context(request, organisation, contact_form=form, open_contact=True)
    return render(request, "network/organisation_detail.html", context, status=400)


@require_POST
@permission_required("network.delete_contactperson", raise_exception=True)
def contact_remove(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    contact = get_object_or_404(ContactPerson, pk=contact_pk, organisation=organisation)
    services.contact_remove(contact=contact)
    messages.success(request, _("The contact person was removed."))
    return redirect("network:organisation_detail", pk=organisation.pk)
