"""Running an import: read, validate the whole file, and write only when every row is valid."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from spolu.core.errors import SpoluError
from spolu.core.models import Office, User
from spolu.interchange.models import Direction, Transfer
from spolu.interchange.readers import detect_format, header_problems, read_table
from spolu.interchange.registry import (
    Importer,
    Outcome,
    ParsedRow,
    RowError,
    SourceRow,
    get_importer,
)

PREVIEW_ROWS = 10


@dataclass
class ImportReport:
    kind: str
    file_name: str
    file_format: str
    header: list[str]
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    preview: list[SourceRow] = field(default_factory=list)
    written: bool = False

    @property
    def valid(self) -> bool:
        return not self.errors


def _duplicate_errors(importer: Importer[Any], rows: list[SourceRow]) -> list[RowError]:
    lines: dict[Hashable, list[int]] = defaultdict(list)
    for row in rows:
        key = importer.key(row)
        if key is not None:
            lines[key].append(row.line)
    errors = []
    column = importer.key_column or _("row")
    for key, found in lines.items():
        if len(found) < 2:
            continue
        shown = key if isinstance(key, str) else " / ".join(str(k) for k in key)  # type: ignore[attr-defined]
        for line in found:
            others = ", ".join(str(other) for other in found if other != line)
            errors.append(
                RowError(
                    line,
                    _("%(column)s “%(key)s” is also on line %(lines)s.")
                    % {"column": column, "key": shown, "lines": others},
                )
            )
    return errors


def import_file(
    *,
    kind: str,
    data: bytes,
    filename: str,
    actor: User | None,
    default_office: Office | None = None,
    write: bool,
) -> ImportReport:
    """Validate the file as a whole; with `write`, save it (all rows or none) when valid.

    Raises `SpoluError` (a `FileProblem`) when the file cannot be read at all; row problems are
    returned in the report with their line numbers.
    """
    importer_class = get_importer(kind)
    if importer_class is None:
        raise SpoluError(_("Unknown kind of data “%(kind)s”.") % {"kind": kind}, code="kind")
    file_format = detect_format(data, filename)
    table = read_table(data, filename)
    report = ImportReport(
        kind=kind,
        file_name=filename,
        file_format=file_format,
        header=table.header,
        rows=len(table.rows),
        preview=table.rows[:PREVIEW_ROWS],
    )
    report.errors = header_problems(table.header, importer_class.columns) + table.problems
    if any(e.line == 1 for e in report.errors):
        return report
    try:
        with transaction.atomic():
            _validate_and_write(importer_class, table.rows, report, actor, default_office, write)
    except IntegrityError as exc:
        raise SpoluError(
            _(
                "Someone changed the same records while the file was being imported. "
                "Nothing was saved; import the file again."
            )
        ) from exc
    return report


def _validate_and_write(
    importer_class: type[Importer[Any]],
    rows: list[SourceRow],
    report: ImportReport,
    actor: User | None,
    default_office: Office | None,
    write: bool,
) -> None:
    importer = importer_class(actor=actor, default_office=default_office)
    importer.prepare(rows)
    parsed: list[ParsedRow[Any]] = []
    errors: list[RowError] = []
    for row in rows:
        result = importer.parse(row)
        if isinstance(result, list):
            errors.extend(RowError(row.line, str(message)) for message in result)
        else:
            parsed.append(ParsedRow(row.line, result))
    errors.extend(_duplicate_errors(importer, rows))
    errors.extend(importer.check(parsed))
    report.errors = sorted(report.errors + errors, key=lambda e: e.line)
    create, update = [], []
    for item in parsed:
        outcome = importer.outcome(item.row)
        if outcome is Outcome.CREATE:
            create.append(item.row)
        elif outcome is Outcome.UPDATE:
            update.append(item.row)
    report.created, report.updated = len(create), len(update)
    report.unchanged = len(parsed) - len(create) - len(update)
    if report.errors or not write:
        return
    if create or update:
        importer.write(create=create, update=update)
    Transfer.objects.create(
        direction=Direction.IMPORT,
        kind=report.kind,
        file_format=report.file_format,
        file_name=report.file_name[:255],
        user=actor,
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
    )
    report.written = True


def transfer_log_export(
    *, user: User | None, kind: str, file_format: str, rows: int, filters: dict[str, Any]
) -> Transfer:
    """Record (and so audit) that `user` exported `rows` rows of `kind` with `filters`."""
    return Transfer.objects.create(
        direction=Direction.EXPORT,
        kind=kind,
        file_format=file_format,
        user=user,
        rows=rows,
        filters={k: v for k, v in filters.items() if v not in (None, "")},
    )
