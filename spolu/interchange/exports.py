"""Exports of the client list and of services to CSV and XLSX.

Every export goes through the models' `visible_to(user)` (office scope), reads with a fixed
number of queries per 1 000 rows (select_related / prefetch_related, never a query per row),
escapes cells that a spreadsheet would run as a formula, and leaves notes out unless the user may
read them: confidential notes (marked so, or any note of legal counselling A05) need
`counselling.view_confidential_notes`, ordinary notes `counselling.view_service_notes`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from spolu.clients.models import Client, ResidenceStatus
from spolu.core.models import Activity, Office, User
from spolu.counselling.models import ServiceRecord
from spolu.interchange.importers import ClientImporter, ServiceImporter
from spolu.interchange.readers import FORMULA_START

LEGAL_ACTIVITY = "A05"
CHUNK = 1000


def escape_cell(value: Any) -> Any:
    """Neutralise a text that a spreadsheet would run as a formula (OWASP: leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@dataclass(frozen=True)
class ExportFilters:
    office: Office | None = None
    date_from: date | None = None
    date_to: date | None = None
    activity: Activity | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "office": self.office.code if self.office else None,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "activity": self.activity.pk if self.activity else None,
        }


@dataclass(frozen=True)
class ExportKind:
    kind: str
    permission: str
    header: Callable[[User], list[str]]
    queryset: Callable[[User, ExportFilters], QuerySet[Any]]
    rows: Callable[[User, QuerySet[Any]], Iterator[list[Any]]]


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "yes" if value else "no"


# --- Clients ----------------------------------------------------------------------------------


def client_header(user: User) -> list[str]:
    return ["id", *ClientImporter.column_names(), "eligible_today"]


def client_queryset(user: User, filters: ExportFilters) -> QuerySet[Client]:
    clients = Client.objects.visible_to(user).active()
    if filters.office:
        clients = clients.filter(office=filters.office)
    if filters.date_from or filters.date_to or filters.activity:
        # Clients served in the period / by the activity.
        services = ServiceRecord.objects.filter(client__isnull=False)
        if filters.date_from:
            services = services.filter(date__gte=filters.date_from)
        if filters.date_to:
            services = services.filter(date__lte=filters.date_to)
        if filters.activity:
            services = services.filter(activity=filters.activity)
        clients = clients.filter(pk__in=services.values("client_id"))
    return (
        clients.select_related("office", "citizenship")
        .prefetch_related(
            "languages",
            Prefetch(
                "residence_statuses", queryset=ResidenceStatus.objects.select_related("category")
            ),
        )
        .order_by("pk")
    )


def client_rows(user: User, clients: QuerySet[Client]) -> Iterator[list[Any]]:
    today = timezone.localdate()
    for client in clients.iterator(chunk_size=CHUNK):
        statuses = client.statuses()
        status = client.status_on(today) or (statuses[0] if statuses else None)
        yield [
            client.pk,
            client.external_id or "",
            client.first_name,
            client.last_name,
            client.first_name_latin,
            client.last_name_latin,
            client.sex,
            _iso(client.birth_date),
            client.citizenship_id,
            status.category_id if status else "",
            _iso(status.valid_from) if status else "",
            _iso(status.valid_to) if status else "",
            client.district_id or "",
            client.phone,
            client.email,
            ";".join(sorted(lang.code for lang in client.languages.all())),
            _iso(client.first_contact_date),
            client.office.code,
            _yes_no(client.eligible_on(today)),
        ]


# --- Services ---------------------------------------------------------------------------------


def may_read_notes(user: User) -> bool:
    return user.has_perm("counselling.view_service_notes") or user.has_perm(
        "counselling.view_confidential_notes"
    )


def note_for(user: User, record: ServiceRecord) -> str:
    """The note as `user` may export it: confidential and legal notes only for the legal team."""
    if record.note_confidential or record.activity_id == LEGAL_ACTIVITY:
        allowed = user.has_perm("counselling.view_confidential_notes")
    else:
        allowed = user.has_perm("counselling.view_service_notes")
    return record.note if allowed else ""


def service_header(user: User) -> list[str]:
    header = [
        "id",
        *ServiceImporter.column_names(),
        "client_id",
        "organisation",
        "eligible",
    ]
    if may_read_notes(user):
        header.append("note")
    return header


def service_queryset(user: User, filters: ExportFilters) -> QuerySet[ServiceRecord]:
    services = ServiceRecord.objects.visible_to(user)
    if filters.office:
        services = services.filter(office=filters.office)
    if filters.date_from:
        services = services.filter(date__gte=filters.date_from)
    if filters.date_to:
        services = services.filter(date__lte=filters.date_to)
    if filters.activity:
        services = services.filter(activity=filters.activity)
    return (
        services.select_related("office", "staff", "client__citizenship", "organisation")
        .prefetch_related(
            "topics",
            Prefetch(
                "client__residence_statuses",
                queryset=ResidenceStatus.objects.select_related("category"),
            ),
        )
        .order_by("date", "pk")
    )


def service_rows(user: User, services: QuerySet[ServiceRecord]) -> Iterator[list[Any]]:
    with_notes = may_read_notes(user)
    for record in services.iterator(chunk_size=CHUNK):
        client = record.client
        row = [
            record.pk,
            record.external_id or "",
            (client.external_id or "") if client else "",
            _iso(record.date),
            record.activity_id,
            record.minutes,
            record.channel,
            ";".join(sorted(t.code for t in record.topics.all())),
            record.interpreter_language_id or "",
            record.staff.username,
            record.office.code,
            record.anonymous_count or "",
            record.anonymous_citizenship_id or "",
            record.anonymous_sex,
            client.pk if client else "",
            record.organisation.name if record.organisation else "",
            _yes_no(client.eligible_on(record.date) if client else None),
        ]
        if with_notes:
            row.append(note_for(user, record))
        yield row


EXPORTS = {
    "clients": ExportKind(
        "clients", "clients.export_client", client_header, client_queryset, client_rows
    ),
    "services": ExportKind(
        "services",
        "counselling.view_servicerecord",
        service_header,
        service_queryset,
        service_rows,
    ),
}


def exports_for(user: User) -> dict[str, ExportKind]:
    return {k: v for k, v in EXPORTS.items() if user.has_perm(v.permission)}


# --- Writers ----------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """CSV in UTF-8 with a byte order mark (so Excel reads it right), streamed line by line."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([escape_cell(v) for v in row])


def csv_text(header: list[str], rows: Iterable[list[Any]]) -> str:
    return "".join(csv_lines(header, rows))


def xlsx_file(header: list[str], rows: Iterable[list[Any]], *, title: str = "data") -> bytes:
    """One sheet with the header row; texts only as texts (never formulas)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([escape_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
