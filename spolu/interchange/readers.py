"""Reading CSV and XLSX files into rows of text cells, with the header checked.

The format is told by the content, not trusted from the file name: an XLSX file is a ZIP
archive with a workbook inside, a CSV file is UTF-8 text (a byte order mark is accepted).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.utils.translation import gettext as _

from spolu.core.errors import SpoluError
from spolu.interchange.registry import Column, RowError, SourceRow

FORMATS = ("csv", "xlsx")
MAX_ROWS = 200_000
# Exports escape these by a leading apostrophe (formula injection); reading undoes it, so an
# exported file imports back unchanged.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class FileProblem(SpoluError):
    """The file as a whole cannot be read (wrong type, encoding, no header…)."""

    code = "bad_file"


@dataclass
class Table:
    header: list[str]
    rows: list[SourceRow]
    problems: list[RowError] = field(default_factory=list)


def detect_format(data: bytes, filename: str) -> str:
    """`csv` or `xlsx` by content, which must agree with the file name's extension."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS:
        raise FileProblem(_("Upload a .csv or .xlsx file."))
    looks_like_zip = data[:4] == b"PK\x03\x04"
    if extension == "xlsx":
        if not looks_like_zip or not _has_workbook(data):
            raise FileProblem(_("The file is not an Excel workbook (.xlsx)."))
        return "xlsx"
    if looks_like_zip or b"\x00" in data[:65536]:
        raise FileProblem(_("The file is not a CSV text file."))
    return "csv"


def _has_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _unescape(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _unescape(str(value).strip())


def _csv_records(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            _("The file is not in UTF-8. Save it as “CSV UTF-8 (comma delimited)”.")
        ) from exc
    try:
        yield from csv.reader(io.StringIO(text, newline=""), strict=True)
    except csv.Error as exc:
        raise FileProblem(_("The CSV file is malformed: %(reason)s") % {"reason": exc}) from exc


def _xlsx_records(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileProblem(_("The Excel file cannot be read.")) from exc
    try:
        sheet = workbook.worksheets[0]
        for record in sheet.iter_rows(values_only=True):
            yield list(record)
    finally:
        workbook.close()


def read_table(data: bytes, filename: str) -> Table:
    """All rows of the file's first sheet; fully empty rows are skipped (their numbers kept)."""
    kind = detect_format(data, filename)
    records = _xlsx_records(data) if kind == "xlsx" else _csv_records(data)
    header: list[str] | None = None
    rows: list[SourceRow] = []
    problems: list[RowError] = []
    for line, record in enumerate(records, start=1):
        cells = [_cell_text(v) for v in record]
        if header is None:
            header = [c.strip().lower() for c in cells]
            while header and not header[-1]:
                header.pop()
            if not header:
                raise FileProblem(_("The first line must be the header with the column names."))
            continue
        if len(rows) >= MAX_ROWS:
            raise FileProblem(
                _("The file has more than %(max)s rows; split it into smaller files.")
                % {"max": MAX_ROWS}
            )
        extra = [c for c in cells[len(header) :] if c]
        if extra:
            problems.append(RowError(line, _("the row has more cells than the header.")))
        row = SourceRow(
            line, {name: cells[i] if i < len(cells) else "" for i, name in enumerate(header)}
        )
        if not row.is_empty():
            rows.append(row)
    if header is None:
        raise FileProblem(_("The file is empty."))
    return Table(header=header, rows=rows, problems=problems)


def header_problems(header: Sequence[str], columns: Sequence[Column]) -> list[RowError]:
    """Missing and unknown columns, reported on line 1."""
    known = {c.name for c in columns}
    problems: list[RowError] = []
    if len(header) == 1 and ";" in header[0]:
        problems.append(
            RowError(1, _("The columns are separated by semicolons; use commas (CSV UTF-8)."))
        )
        return problems
    missing = [c.name for c in columns if c.required and c.name not in header]
    unknown = [h for h in header if h and h not in known]
    duplicated = sorted({h for h in header if h and header.count(h) > 1})
    empty = [str(i) for i, h in enumerate(header, start=1) if not h]
    if missing:
        problems.append(
            RowError(1, _("missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        )
    if unknown:
        problems.append(
            RowError(1, _("unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
        )
    if duplicated:
        problems.append(
            RowError(1, _("columns given twice: %(columns)s.") % {"columns": ", ".join(duplicated)})
        )
    if empty:
        problems.append(
            RowError(
                1, _("columns without a name: %(positions)s.") % {"positions": ", ".join(empty)}
            )
        )
    return problems
