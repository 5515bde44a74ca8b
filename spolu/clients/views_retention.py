"""Erasure and access on request (DESIGN.md §6): a coordinator anonymises one client at once,
or exports everything held on them.

The nightly retention job does the same for every client quiet for the retention period
(`spolu.clients.retention`); this page is for a person who asks for it sooner.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from spolu.clients.models import Client
from spolu.clients.retention import anonymise_client
from spolu.clients.subject_access import subject_data
from spolu.core.access import get_visible_or_404
from spolu.core.audit import log_event
from spolu.core.errors import SpoluError


@require_http_methods(["GET", "POST"])
@permission_required("clients.anonymise_client", raise_exception=True)
def client_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_visible_or_404(
        Client.objects.active().filter(anonymised_at__isnull=True), request.user, pk=pk
    )
    if request.method == "POST":
        try:
            anonymise_client(client, actor=request.user)
        except SpoluError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The client's personal data were removed."))
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/anonymise_confirm.html", {"client": client})


@require_GET
@permission_required("clients.export_subject_data", raise_exception=True)
def client_subject_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held on the client, as JSON, for a person who asks for it (GDPR art. 15)."""
    client = get_visible_or_404(Client.objects.active(), request.user, pk=pk)
    data = subject_data(client, request.user)
    log_event(client, "subject data exported", withheld=data["withheld"])
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="spolu-client-{client.pk}.json"'
    return response
