from __future__ import annotations

from datetime import datetime, time
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from spolu.core.audit import ACTION_LABELS, M2M_OPERATIONS, field_label, model_label
from spolu.core.forms import AuditFilterForm
from spolu.core.navigation import panels_for


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/dashboard.html", {"panels": panels_for(request)})


def _audited_content_types() -> list[tuple[str, str]]:
    from auditlog.registry import auditlog

    types = ContentType.objects.get_for_models(*auditlog.get_models()).values()
    choices = [(str(ct.pk), model_label(ct.model_class())) for ct in types]
    return sorted(choices, key=lambda choice: choice[1])


def _filter_entries(entries: QuerySet[LogEntry], data: dict[str, Any]) -> QuerySet[LogEntry]:
    tz = timezone.get_current_timezone()
    if data.get("actor"):
        entries = entries.filter(actor=data["actor"])
    if data.get("action") is not None:
        entries = entries.filter(action=data["action"])
    if data.get("model"):
        entries = entries.filter(content_type_id=data["model"])
    if data.get("object_pk"):
        entries = entries.filter(object_pk=data["object_pk"])
    # The form keeps the dates within 1900–2100, so combining them with a time cannot overflow.
    if data.get("date_from"):
        entries = entries.filter(timestamp__gte=datetime.combine(data["date_from"], time.min, tz))
    if data.get("date_to"):
        entries = entries.filter(timestamp__lte=datetime.combine(data["date_to"], time.max, tz))
    if data.get("remote_addr"):
        entries = entries.filter(remote_addr=data["remote_addr"])
    return entries


@require_GET
@permission_required("core.view_audit_log", raise_exception=True)
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(
        request.GET or None,
        actors=get_user_model().objects.order_by("username"),
        actions=list(ACTION_LABELS.items()),
        models=_audited_content_types(),
    )
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
    if form.is_bound and form.is_valid():
        entries = _filter_entries(entries, form.cleaned_data)
    elif form.is_bound:
        entries = entries.none()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    page.object_list = [_labelled(entry) for entry in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "core/audit_list.html", context)


def _labelled(entry: LogEntry) -> LogEntry:
    """The entry with its action and record type as the viewer reads them (translated)."""
    entry.action_label = ACTION_LABELS.get(entry.action, entry.get_action_display())
    entry.model_label = model_label(entry.content_type.model_class())
    return entry


def _change_rows(entry: LogEntry) -> list[tuple[str, Any, Any]]:
    """(field, before, after) rows, each field by its translated name; many-to-many changes come
    as an operation and its objects."""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    model = entry.content_type.model_class()
    rows: list[tuple[str, Any, Any]] = []
    for name, value in changes.items():
        field = field_label(model, name)
        if isinstance(value, dict):
            objects = ", ".join(str(o) for o in value.get("objects", []))
            operation = M2M_OPERATIONS.get(value.get("operation", ""), value.get("operation", ""))
            rows.append((field, "", f"{operation}: {objects}"))
        elif isinstance(value, list | tuple) and len(value) == 2:
            rows.append((field, value[0], value[1]))
        else:
            rows.append((field, "", value))
    return rows


@require_GET
@permission_required("core.view_audit_log", raise_exception=True)
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(LogEntry.objects.select_related("actor", "content_type"), pk=pk)
    return render(
        request,
        "core/audit_detail.html",
        {"entry": _labelled(entry), "changes": _change_rows(entry)},
    )


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


@login_not_required
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
