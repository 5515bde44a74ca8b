"""Helpers for tests of imports: build CSV and XLSX files in memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from spolu.interchange.importers import ClientImporter, ServiceImporter

CLIENT_HEADER = ClientImporter.column_names()
SERVICE_HEADER = ServiceImporter.column_names()


def csv_bytes(rows: Sequence[Sequence[Any]], *, bom: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    data = buffer.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def client_row(**values: Any) -> list[Any]:
    """One clients row in header order, with plausible defaults."""
    row = {
        "external_id": "C-1",
        "first_name": "Олена",
        "last_name": "Коваленко",
        "first_name_latin": "Olena",
        "last_name_latin": "Kovalenko",
        "sex": "F",
        "birth_date": "1990-05-17",
        "citizenship": "UA",
        "residence_category": "temporary_protection",
        "residence_valid_from": "2022-03-15",
        "residence_valid_to": "2026-03-31",
        "district": "CZ0427",
        "phone": "+420 777 123 456",
        "email": "olena@example.org",
        "languages": "uk;ru",
        "first_contact_date": "2022-04-01",
        "office": "usti",
    }
    row.update(values)
    return [row[name] for name in CLIENT_HEADER]


def service_row(**values: Any) -> list[Any]:
    row = {
        "external_id": "S-1",
        "client_external_id": "C-1",
        "date": "2024-02-01",
        "activity": "A04",
        "minutes": "45",
        "channel": "in_person",
        "topics": "residence;housing",
        "interpreter_language": "uk",
        "staff": "sam",
        "office": "usti",
        "anonymous_count": "",
        "anonymous_citizenship": "",
        "anonymous_sex": "",
    }
    row.update(values)
    return [row[name] for name in SERVICE_HEADER]
