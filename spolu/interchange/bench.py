"""Benchmarks of import and export (make bench; PostgreSQL, BENCH_DATABASE_URL).

- Validating a file of 5 000 service rows (the preview), and importing it (validation, bulk
  writes and one audit entry per record), each import rolled back so every run starts equal.
- Exporting the whole client list to CSV as a coordinator (every office): the streamed rows
  are consumed as a download would be.

The import uses 50 clients and a staff member of its own (external IDs `bench-import-*`),
created once in the bench database.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bench.harness import Benchmark, Measurement, timed

ROWS = 5_000
CLIENTS = 50
USER = "bench-importer"


class _Rollback(Exception):
    pass


def _setup() -> tuple[bytes, Any]:
    from django.contrib.auth.models import Group

    from spolu.clients.models import Client
    from spolu.core.models import District, Office, User
    from spolu.interchange.testing import SERVICE_HEADER, csv_bytes, service_row
    from spolu.testing import make_client

    office, _ = Office.objects.get_or_create(
        code="bench-import",
        defaults={"name": "Bench", "address": "-", "district": District.objects.get(code="CZ0427")},
    )
    user, created = User.objects.get_or_create(username=USER)
    if created:
        user.groups.add(Group.objects.get(name="coordinator"))
        user.offices.set([office])
    existing = set(
        Client.objects.filter(external_id__startswith="bench-import-").values_list(
            "external_id", flat=True
        )
    )
    for i in range(CLIENTS):
        if f"bench-import-{i}" not in existing:
            make_client(office, external_id=f"bench-import-{i}")
    rows = [
        service_row(
            external_id=f"bench-service-{i}",
            client_external_id=f"bench-import-{i % CLIENTS}",
            date=(date(2025, 1, 1) + timedelta(days=i % 300)).isoformat(),
            staff=USER,
            office="bench-import",
        )
        for i in range(ROWS)
    ]
    return csv_bytes([SERVICE_HEADER, *rows]), user


def _import(write: bool) -> Measurement:
    from django.db import transaction

    from spolu.interchange.services import import_file

    data, user = _setup()

    def run() -> None:
        try:
            with transaction.atomic():
                report = import_file(
                    kind="services", data=data, filename="bench.csv", actor=user, write=write
                )
                assert not report.errors, report.errors[:3]
                raise _Rollback
        except _Rollback:
            pass

    return Measurement(timed(run, repeat=5, warmup=1), notes=f"{ROWS} rows")


def _export_clients() -> Measurement:
    from spolu.clients.models import Client
    from spolu.core.models import User
    from spolu.interchange.exports import (
        ExportFilters,
        client_header,
        client_queryset,
        client_rows,
        csv_lines,
    )

    _setup()
    user = User.objects.get(username=USER)
    count = Client.objects.count()

    def run() -> None:
        for _line in csv_lines(
            client_header(user), client_rows(user, client_queryset(user, ExportFilters()))
        ):
            pass

    return Measurement(timed(run, repeat=3, warmup=1), notes=f"{count} clients")


BENCHMARKS = [
    Benchmark("import: validate services file", f"{ROWS} rows", None, lambda: _import(False)),
    Benchmark("import: import services file", f"{ROWS} rows", None, lambda: _import(True)),
    Benchmark("export: client list CSV", "all clients", None, _export_clients),
]
