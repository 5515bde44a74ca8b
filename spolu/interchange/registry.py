"""Importers: how a kind of spreadsheet (clients, services, events, statistics…) gets into Spolu.

The framework (`spolu.interchange`) reads the file (CSV in UTF-8 with commas, an optional BOM,
or XLSX; a header row is required), checks the header against the importer's columns, hands every
data row to the importer, collects every problem with its spreadsheet line number (the header is
line 1), and writes only when the whole file is valid, in one transaction. The command
`manage.py import_data KIND FILE [--dry-run]` and the upload page at /data/ (preview, then
confirm) both run the same code, so an importer is written once.

Registering an importer
-----------------------
Subclass `Importer`, then register the class in your AppConfig.ready()::

    # spolu/events/importers.py
    from dataclasses import dataclass
    from django.utils.translation import gettext_lazy as _
    from spolu.interchange.registry import Cells, Column, Importer, Outcome, SourceRow

    @dataclass
    class EventRow:
        external_id: str
        activity: Activity
        title: str
        date: date
        existing: Event | None = None

    class EventImporter(Importer[EventRow]):
        label = _("Events")
        permission = "events.add_event"      # who may import this kind (upload page)
        columns = (
            Column("external_id", _("Your identifier of the event; re-imports update it.")),
            Column("activity", _("Activity code, e.g. A11.")),
            Column("title", _("Title.")),
            Column("date", _("Date, YYYY-MM-DD.")),
        )

        def prepare(self, rows):               # bulk loads: a fixed number of queries
            ids = {row["external_id"] for row in rows}
            self.existing = {e.external_id: e for e in Event.objects.filter(external_id__in=ids)}

        def parse(self, row):                  # one row → a typed row or a list of reasons
            cells = Cells(row)
            external_id = cells.text("external_id", required=True, max_length=100)
            activity = cells.code("activity", self.codes.activities, required=True)
            title = cells.text("title", required=True, max_length=200)
            day = cells.date("date", required=True, not_future=True)
            if cells.errors:
                return cells.errors
            return EventRow(external_id, activity, title, day, self.existing.get(external_id))

        def outcome(self, row):                # create, update, or an identical row: no-op
            if row.existing is None:
                return Outcome.CREATE
            same = (row.existing.activity_id, row.existing.title, row.existing.date) == (
                row.activity.pk, row.title, row.date)
            return Outcome.UNCHANGED if same else Outcome.UPDATE

        def write(self, *, create, update):    # inside the import's transaction
            Event.objects.bulk_create([Event(...) for row in create])
            ...

    # spolu/events/apps.py, in EventsConfig.ready():
    from spolu.interchange.registry import register_importer
    from spolu.events.importers import EventImporter
    register_importer("events", EventImporter)

The contract
------------
- Class attributes: `label` (shown on the upload page), `description` (optional), `permission`
  (who may import the kind; default `clients.import_data`), `columns`, and `key_column`
  (default "external_id"; set None for formats without one, e.g. statistics, and override
  `key()` if rows have another natural key). The upload page, its templates and
  `import_data KIND` pick a registered kind up automatically.
- `columns`: the header the file must have, in the order of the downloadable template. Every
  column is required in the header unless `Column(required=False)`; unknown columns are an error.
  Header names are matched case-insensitively.
- `prepare(rows)`: called once with all rows before `parse`; load code lists and existing
  records **in bulk** here (`self.codes` already offers countries, districts, residence
  categories, activities, topics, languages, offices by code and staff by username, as dicts
  keyed by the lower-case code, each loaded with one query on first use; `self.actor` is the
  importing user or None for the command line, `self.default_office` the office chosen for
  rows with an empty `office` cell).
  Never query per row: imports of tens of thousands of rows must stay fast.
- `parse(row)`: `row` is a `SourceRow` (`row.line`, `row["column"]` → the stripped cell text,
  "" when empty). Return the typed row, or a list of translated reasons. `Cells` does the usual
  conversions (text, dates, integers, choices, codes, `;`-separated code lists, e-mail) and
  phrases the reasons the same way in every importer.
- `key(row)`: identifies a row for the duplicate check; by default the `external_id` cell (rows
  whose key is empty are not checked). Two rows with the same key are reported on both lines.
- `check(rows)`: optional cross-row checks over the valid `ParsedRow`s; return `RowError`s.
- `outcome(row)`: `Outcome.CREATE`, `UPDATE` or `UNCHANGED` (identical row: re-importing the
  same file changes nothing). Used for the preview counts and to choose what `write` gets.
- `write(create=..., update=...)`: write the rows (bulk operations where possible). It runs only
  when the whole file is valid, inside the import's transaction; raise `SpoluError` to refuse.
  `bulk_create`/`bulk_update` write no audit entries by themselves: call
  `spolu.interchange.bulk_audit.log_created(objs, actor=self.actor)` and
  `log_updated([(before, after), ...], actor=self.actor)` right after them.
- Tests: `spolu.interchange.testing.csv_bytes(rows)` / `xlsx_bytes(rows)` build files, and
  `spolu.interchange.services.import_file(kind=..., data=..., filename=..., actor=...,
  write=...)` runs an import and returns the report (errors, counts).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from spolu.core.dates import validate_plausible_date

if TYPE_CHECKING:
    from spolu.core.models import Office, User

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class Column:
    """One column of an import format; `help` is shown on the upload page and in the template."""

    name: str
    help: str | Promise = ""
    required: bool = True  # must be present in the header (a cell may still be empty)


@dataclass(frozen=True)
class SourceRow:
    """One data row of the file: its spreadsheet line number and its cells by column name."""

    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")

    def is_empty(self) -> bool:
        return not any(self.values.values())


@dataclass(frozen=True)
class RowError:
    line: int  # 1 is the header
    message: str

    def __str__(self) -> str:
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass(frozen=True)
class ParsedRow(Generic[RowT]):
    line: int
    row: RowT


class Outcome(Enum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


class Importer(Generic[RowT]):
    """Base class of an importer; see the module docstring for the contract."""

    label: ClassVar[str | Promise]
    columns: ClassVar[tuple[Column, ...]]
    permission: ClassVar[str] = "clients.import_data"
    description: ClassVar[str | Promise] = ""
    key_column: ClassVar[str | None] = "external_id"

    def __init__(self, *, actor: User | None = None, default_office: Office | None = None):
        self.actor = actor
        self.default_office = default_office
        self.codes = CodeLists(actor=actor)

    @classmethod
    def column_names(cls) -> list[str]:
        return [c.name for c in cls.columns]

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        """Load in bulk what `parse` needs (existing records by external ID…)."""

    def parse(self, row: SourceRow) -> RowT | list[str]:
        raise NotImplementedError

    def key(self, row: SourceRow) -> Hashable | None:
        if self.key_column is None:
            return None
        return row[self.key_column] or None

    def check(self, rows: Sequence[ParsedRow[RowT]]) -> list[RowError]:
        return []

    def outcome(self, row: RowT) -> Outcome:
        return Outcome.CREATE

    def write(self, *, create: list[RowT], update: list[RowT]) -> None:
        raise NotImplementedError


_importers: dict[str, type[Importer[Any]]] = {}


def register_importer(kind: str, importer: type[Importer[Any]]) -> None:
    """Make `importer` available as `kind` (`import_data KIND FILE`, the upload page)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", kind):
        raise ValueError(f"importer kind must be a lower-case identifier, not {kind!r}")
    _importers[kind] = importer


def get_importer(kind: str) -> type[Importer[Any]] | None:
    return _importers.get(kind)


def importer_kinds() -> list[str]:
    return sorted(_importers)


def importers_for(user: Any) -> dict[str, type[Importer[Any]]]:
    """The importers `user` may run, by kind."""
    return {k: v for k, v in sorted(_importers.items()) if user.has_perm(v.permission)}


# --- Code lists -------------------------------------------------------------------------------


class CodeLists:
    """Code lists keyed by lower-case code, each loaded with one query on first use (never a
    query per row). `Cells.code` and `Cells.codes` look codes up case-insensitively."""

    def __init__(self, *, actor: User | None = None) -> None:
        self.actor = actor

    @cached_property
    def countries(self) -> dict[str, Any]:
        from spolu.core.models import Country

        return {c.code.lower(): c for c in Country.objects.all()}

    @cached_property
    def districts(self) -> dict[str, Any]:
        from spolu.core.models import District

        return {d.code.lower(): d for d in District.objects.all()}

    @cached_property
    def residence_categories(self) -> dict[str, Any]:
        from spolu.core.models import ResidenceCategory

        return {c.code.lower(): c for c in ResidenceCategory.objects.all()}

    @cached_property
    def activities(self) -> dict[str, Any]:
        from spolu.core.models import Activity

        return {a.code.lower(): a for a in Activity.objects.all()}

    @cached_property
    def topics(self) -> dict[str, Any]:
        from spolu.counselling.models import Topic

        return {t.code.lower(): t for t in Topic.objects.all()}

    @cached_property
    def languages(self) -> dict[str, Any]:
        from spolu.core.models import Language

        return {lang.code.lower(): lang for lang in Language.objects.all()}

    @cached_property
    def offices(self) -> dict[str, Any]:
        """Offices by code; for a user, only the offices they work in (or all for central roles)."""
        from spolu.core.models import Office

        offices = Office.objects.all()
        if self.actor is not None:
            offices = offices.visible_to(self.actor)
        return {o.code.lower(): o for o in offices}

    @cached_property
    def staff(self) -> dict[str, Any]:
        from spolu.core.models import User

        return {u.username.lower(): u for u in User.objects.all()}


def _lookup(codes: dict[str, Any], value: str) -> Any:
    for key in (value.lower(), value.upper(), value):
        if key in codes:
            return codes[key]
    return None


# --- Cells: conversions with uniform reasons ----------------------------------------------------


@dataclass
class Cells:
    """Reads the cells of one row, collecting a translated reason for each bad value.

    Each method returns the converted value (or None / the default when the cell is empty or
    bad) and appends to `errors` when the value is bad; check `errors` at the end.
    """

    row: SourceRow
    errors: list[str] = field(default_factory=list)

    def error(self, column: str, message: str) -> None:
        self.errors.append(_("%(column)s: %(message)s") % {"column": column, "message": message})

    def _required(self, column: str) -> None:
        self.error(column, _("a value is required."))

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.row[column]
        if required and not value:
            self._required(column)
        elif max_length is not None and len(value) > max_length:
            self.error(
                column,
                _("the value is too long (%(length)s characters, at most %(max)s).")
                % {"length": len(value), "max": max_length},
            )
            return value[:max_length]
        return value

    def date(self, column: str, *, required: bool = False, not_future: bool = False) -> date | None:
        value = self.row[column]
        if not value:
            if required:
                self._required(column)
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError(value)
            parsed = date.fromisoformat(value)
        except ValueError:
            self.error(
                column, _("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": value}
            )
            return None
        try:
            # Year 1 or 9999 would overflow date arithmetic in the importers and the reports.
            validate_plausible_date(parsed)
        except ValidationError as exc:
            self.error(column, f"“{value}” – {' '.join(exc.messages)}")
            return None
        if not_future and parsed > timezone.localdate():
            self.error(column, _("the date %(value)s is in the future.") % {"value": value})
            return None
        return parsed

    def integer(
        self,
        column: str,
        *,
        required: bool = False,
        default: int | None = None,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        value = self.row[column]
        if not value:
            if required:
                self._required(column)
            return default
        if not re.fullmatch(r"[+-]?\d+", value):
            self.error(column, _("“%(value)s” is not a whole number.") % {"value": value})
            return default
        number = int(value)
        if minimum is not None and number < minimum:
            self.error(
                column,
                _("%(value)s is less than %(minimum)s.") % {"value": number, "minimum": minimum},
            )
            return default
        if maximum is not None and number > maximum:
            self.error(
                column,
                _("%(value)s is more than %(maximum)s.") % {"value": number, "maximum": maximum},
            )
            return default
        return number

    def choice(
        self, column: str, choices: Iterable[str], *, required: bool = False, upper: bool = False
    ) -> str:
        given = self.row[column]
        value = given.upper() if upper else given
        allowed = list(choices)
        if not value:
            if required:
                self._required(column)
            return ""
        if value not in allowed:
            self.error(
                column,
                _("“%(value)s” is not one of: %(allowed)s.")
                % {"value": given, "allowed": ", ".join(allowed)},
            )
            return ""
        return value

    def code(
        self, column: str, codes: dict[str, Any], *, required: bool = False, upper: bool = False
    ) -> Any:
        """A code-list entry by its code, case-insensitively (`codes` may be keyed in lower or
        upper case; `upper` is accepted for compatibility and changes nothing)."""
        value = self.row[column]
        if not value:
            if required:
                self._required(column)
            return None
        found = _lookup(codes, value)
        if found is None:
            self.error(column, _("unknown code “%(value)s”.") % {"value": value})
        return found

    def codes(self, column: str, codes: dict[str, Any], *, upper: bool = False) -> list[Any]:
        """Several codes separated by `;` (empty parts ignored, duplicates dropped)."""
        found: dict[str, Any] = {}
        unknown: list[str] = []
        for part in self.row[column].split(";"):
            part = part.strip()
            if not part:
                continue
            entry = _lookup(codes, part)
            if entry is not None:
                found.setdefault(part.lower(), entry)
            else:
                unknown.append(part)
        if unknown:
            self.error(column, _("unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)})
        return list(found.values())

    def email(self, column: str, *, max_length: int = 254) -> str:
        value = self.text(column, max_length=max_length)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.error(column, _("“%(value)s” is not an e-mail address.") % {"value": value})
                return ""
        return value
