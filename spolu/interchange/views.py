from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spolu.core.errors import SpoluError
from spolu.core.models import Office, User
from spolu.interchange import pending
from spolu.interchange.exports import (
    ExportFilters,
    ExportKind,
    csv_lines,
    exports_for,
    xlsx_file,
)
from spolu.interchange.forms import ExportForm, ImportForm
from spolu.interchange.models import Transfer
from spolu.interchange.registry import get_importer, importers_for
from spolu.interchange.services import ImportReport, import_file, transfer_log_export

RECENT_TRANSFERS = 15


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _may_use_page(user: User) -> bool:
    return bool(importers_for(user) or exports_for(user))


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _may_use_page(user):
        raise PermissionDenied
    importers = importers_for(user)
    return render(
        request,
        "interchange/index.html",
        {
            "import_form": ImportForm(user=user) if importers else None,
            "importers": importers,
            "exports": exports_for(user),
            "export_form": ExportForm(user=user),
            "pending": pending.current(request),
            "transfers": Transfer.objects.visible_to(user).select_related("user")[
                :RECENT_TRANSFERS
            ],
        },
    )


@require_POST
def import_upload(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    importers = importers_for(user)
    if not importers:
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES, user=user)
    if not form.is_valid():
        return render(
            request,
            "interchange/index.html",
            {
                "import_form": form,
                "importers": importers,
                "exports": exports_for(user),
                "export_form": ExportForm(user=user),
                "transfers": Transfer.objects.visible_to(user).select_related("user")[
                    :RECENT_TRANSFERS
                ],
            },
            status=400,
        )
    office = form.cleaned_data["office"]
    pending.store(
        request,
        kind=form.cleaned_data["kind"],
        file_name=form.cleaned_data["file"].name,
        data=form.cleaned_data["data"],
        office_id=office.pk if office else None,
    )
    return redirect("interchange:preview")


def _run(request: HttpRequest, upload: pending.PendingImport, *, write: bool) -> ImportReport:
    user = _user(request)
    importer = get_importer(upload.kind)
    if importer is None or not user.has_perm(importer.permission):
        pending.discard(request)
        raise PermissionDenied
    office = (
        Office.objects.visible_to(user).filter(pk=upload.office_id).first()
        if upload.office_id
        else None
    )
    return import_file(
        kind=upload.kind,
        data=upload.read(),
        filename=upload.file_name,
        actor=user,
        default_office=office,
        write=write,
    )


def _preview_page(
    request: HttpRequest, upload: pending.PendingImport, report: ImportReport, status: int = 200
) -> HttpResponse:
    importer = get_importer(upload.kind)
    return render(
        request,
        "interchange/preview.html",
        {
            "upload": upload,
            "report": report,
            "importer": importer,
            "columns": report.header,
            "rows": [(row.line, [row[c] for c in report.header]) for row in report.preview],
        },
        status=status,
    )


def _require_importer(request: HttpRequest) -> None:
    if not importers_for(_user(request)):
        raise PermissionDenied


def _expired(request: HttpRequest) -> HttpResponse:
    messages.warning(
        request, _("The uploaded file has expired or was already imported. Upload it again.")
    )
    return redirect("interchange:index")


@require_GET
def import_preview(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    upload = pending.current(request)
    if upload is None:
        return _expired(request)
    try:
        report = _run(request, upload, write=False)
    except SpoluError as exc:
        pending.discard(request)
        messages.error(request, str(exc.message))
        return redirect("interchange:index")
    return _preview_page(request, upload, report)


@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    upload = pending.current(request)
    if upload is None:
        return _expired(request)
    try:
        report = _run(request, upload, write=True)
    except SpoluError as exc:
        messages.error(request, str(exc.message))
        return redirect("interchange:preview")
    if not report.written:
        return _preview_page(request, upload, report, status=400)
    pending.discard(request)
    messages.success(
        request,
        _("Imported %(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {
            "file": upload.file_name,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        },
    )
    return redirect("interchange:index")


@require_POST
def import_cancel(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    pending.discard(request)
    messages.info(request, _("The import was cancelled; nothing was saved."))
    return redirect("interchange:index")


@require_GET
def template_download(request: HttpRequest, kind: str, file_format: str) -> HttpResponse:
    importer = get_importer(kind)
    if importer is None or file_format not in ("csv", "xlsx"):
        raise Http404
    if not _user(request).has_perm(importer.permission):
        raise PermissionDenied
    header = importer.column_names()
    name = f"spolu-{kind}-template.{file_format}"
    if file_format == "csv":
        response = HttpResponse(
            "".join(csv_lines(header, [])), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(xlsx_file(header, [], title=kind), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_http_methods(["GET"])
def export(request: HttpRequest, kind: str) -> HttpResponse | StreamingHttpResponse:
    user = _user(request)
    export_kind: ExportKind | None = exports_for(user).get(kind)
    if export_kind is None:
        if kind in ("clients", "services"):
            raise PermissionDenied
        raise Http404
    form = ExportForm(request.GET, user=user)
    if not form.is_valid():
        messages.error(
            request,
            _("The export filters are not valid: %(errors)s")
            % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
        return redirect("interchange:index")
    data: dict[str, Any] = form.cleaned_data
    filters = ExportFilters(
        office=data["office"],
        date_from=data["date_from"],
        date_to=data["date_to"],
        activity=data["activity"],
    )
    file_format = data["file_format"]
    queryset = export_kind.queryset(user, filters)
    transfer_log_export(
        user=user,
        kind=kind,
        file_format=file_format,
        rows=queryset.count(),
        filters=filters.as_dict(),
    )
    header = export_kind.header(user)
    rows = export_kind.rows(user, queryset)
    name = f"spolu-{kind}-{timezone.localdate().isoformat()}.{file_format}"
    response: HttpResponse | StreamingHttpResponse
    if file_format == "csv":
        response = StreamingHttpResponse(
            csv_lines(header, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(xlsx_file(header, rows, title=kind), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
