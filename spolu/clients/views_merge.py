"""Merging duplicate clients: choose the duplicate, compare the two records, confirm.

The client whose page the merge starts from survives. Both records must be visible to the user
(another office's client is simply not found) and neither may be merged already.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from spolu.clients.merge import client_merge, merge_preview
from spolu.clients.models import Client, ResidenceStatus
from spolu.clients.search import likely_duplicates, search_clients
from spolu.core.access import get_visible_or_404
from spolu.core.errors import SpoluError

RESULTS = 15


def _active_client(request: HttpRequest, pk: int) -> Client:
    queryset = (
        Client.objects.active()
        .select_related("citizenship", "office", "district")
        .prefetch_related(
            Prefetch("residence_statuses", ResidenceStatus.objects.select_related("category"))
        )
    )
    return get_visible_or_404(queryset, request.user, pk=pk)


def _candidates(request: HttpRequest, survivor: Client) -> Any:
    return (
        Client.objects.visible_to(request.user)
        .active()
        .exclude(pk=survivor.pk)
        .select_related("citizenship", "office")
    )


@require_GET
@permission_required("clients.merge_client", raise_exception=True)
def merge_choose(request: HttpRequest, pk: int) -> HttpResponse:
    survivor = _active_client(request, pk)
    query = request.GET.get("q", "").strip()
    candidates = _candidates(request, survivor)
    context: dict[str, Any] = {"survivor": survivor, "query": query}
    if query:
        context["results"] = search_clients(candidates, query, limit=RESULTS)
    else:
        context["suggestions"] = likely_duplicates(
            candidates,
            first_name=survivor.first_name,
            last_name=survivor.last_name,
            first_name_latin=survivor.first_name_latin,
            last_name_latin=survivor.last_name_latin,
            birth_date=survivor.birth_date,
            phone=survivor.phone,
        )
    if request.headers.get("HX-Request"):
        return render(request, "clients/merge_results.html", context)
    return render(request, "clients/merge_choose.html", context)


def _comparison(survivor: Client, duplicate: Client) -> list[dict[str, Any]]:
    """Rows of the side-by-side table: field label, both values, and whether they differ."""
    today = timezone.localdate()

    def born(c: Client) -> Any:
        return c.birth_date or c.birth_year

    def status(c: Client) -> Any:
        current = c.status_on(today)
        return current.category.name if current else ""

    rows = [
        (_("Name"), lambda c: c.native_name),
        (_("Name (Latin, as in documents)"), lambda c: c.latin_name),
        (_("Born"), born),
        (_("Sex"), lambda c: c.get_sex_display()),
        (_("Citizenship"), lambda c: c.citizenship.name),
        (_("Residence status today"), status),
        (_("Phone"), lambda c: c.phone),
        (_("E-mail"), lambda c: c.email),
        (_("District"), lambda c: c.district.name if c.district else ""),
        (_("Office"), lambda c: c.office.name),
        (_("First contact"), lambda c: c.first_contact_date),
        (_("Registered"), lambda c: timezone.localdate(c.created_at)),
    ]
    result = []
    for label, value in rows:
        mine, theirs = value(survivor), value(duplicate)
        result.append(
            {"label": label, "survivor": mine, "duplicate": theirs, "differ": mine != theirs}
        )
    return result


@require_http_methods(["GET", "POST"])
@permission_required("clients.merge_client", raise_exception=True)
def merge_confirm(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    if pk == other:
        raise Http404
    survivor = _active_client(request, pk)
    duplicate = _active_client(request, other)
    if request.method == "POST":
        try:
            client_merge(survivor=survivor, duplicate=duplicate, actor=request.user)
        except SpoluError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _("%(duplicate)s was merged into this record.")
                % {"duplicate": duplicate.display_name},
            )
            return redirect("clients:detail", pk=survivor.pk)
    preview = merge_preview(survivor=survivor, duplicate=duplicate)
    context = {
        "survivor": survivor,
        "duplicate": duplicate,
        "preview": preview,
        "rows": _comparison(survivor, duplicate),
    }
    return render(request, "clients/merge_confirm.html", context)
