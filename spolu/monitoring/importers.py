"""Import of official statistics (DESIGN.md §7): `import_data statistics FILE`.

Columns `date, territory, citizenship, residence_category, sex, age_band, count`, plus the
optional `synthetic` (yes/no) and `source`. An empty dimension cell means the total over that
dimension, so the natural key of a row is (date, territory, citizenship, residence_category,
sex, age_band): re-importing a file updates changed counts and creates no duplicates.

Besides checking each row, the import checks the file against itself and against the figures
already stored: the details of a total (e.g. men, women; the districts of a region) must not
add up to more than that total, and a synthetic row never replaces a published one.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from spolu.core.audit import acting_as
from spolu.core.dates import is_plausible, validate_plausible_date
from spolu.interchange import bulk_audit
from spolu.interchange.registry import (
    Cells,
    Column,
    Importer,
    Outcome,
    ParsedRow,
    RowError,
    SourceRow,
)
from spolu.monitoring.models import DIMENSIONS, AgeBand, OfficialStatistic, parse_age_band
from spolu.monitoring.territories import REGIONS

SEXES = ("F", "M", "X")
YES = {"1", "yes", "y", "true", "ano", "a"}
NO = {"", "0", "no", "n", "false", "ne"}
MAX_COUNT = 100_000_000
Key = tuple[Any, ...]  # (date, territory, citizenship, residence_category, sex, age_band)


@dataclass
class StatisticRow:
    date: date
    territory: str
    citizenship: str
    residence_category: str
    sex: str
    age_band: str
    count: int
    synthetic: bool
    source: str
    existing: OfficialStatistic | None = None

    @property
    def key(self) -> Key:
        return (self.date, self.territory, *(getattr(self, name) for name in DIMENSIONS))

    def values(self) -> dict[str, Any]:
        return {"count": self.count, "synthetic": self.synthetic, "source": self.source}


def _implausible(value: str) -> str:
    """The shared message of the plausible range (1900–2100), naming the value that broke it."""
    try:
        validate_plausible_date(date.min)
    except ValidationError as exc:
        return f"“{value}” – {' '.join(exc.messages)}"
    raise AssertionError("date.min is never plausible")


def _shown(key: Key) -> str:
    """A key as people read it: empty dimensions are totals."""
    parts = [key[0].isoformat() if isinstance(key[0], date) else str(key[0]), *key[1:]]
    return " / ".join(str(p) if p else "∑" for p in parts)


class StatisticsImporter(Importer[StatisticRow]):
    label = gettext_lazy("Official statistics")
    permission = "monitoring.add_officialstatistic"
    description = gettext_lazy(
        "Counts of foreigners as published by the Czech Statistical Office or the Ministry of "
        "the Interior. An empty citizenship, residence category, sex or age band means the "
        "total over it, so a file mixes total rows and detail rows. A row is identified by its "
        "date, territory and breakdown: re-importing a file updates the changed counts."
    )
    key_column = None
    columns = (
        Column("date", gettext_lazy("Date the count refers to, YYYY-MM-DD (required).")),
        Column(
            "territory",
            gettext_lazy("Region (CZ042) or district (CZ0427) code (required)."),
        ),
        Column("citizenship", gettext_lazy("ISO 3166 code, e.g. UA; empty: all citizenships.")),
        Column(
            "residence_category",
            gettext_lazy("Residence category code, e.g. residence_permanent; empty: all."),
        ),
        Column("sex", gettext_lazy("F, M or X; empty: both sexes.")),
        Column("age_band", gettext_lazy("Ages like 0-14, 15-64 or 65+; empty: all ages.")),
        Column("count", gettext_lazy("Number of foreigners (required).")),
        Column(
            "synthetic",
            gettext_lazy("yes for figures made up for a demonstration; empty or no: published."),
            required=False,
        ),
        Column(
            "source", gettext_lazy("Where the figure was published (web address)."), required=False
        ),
    )

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        days: set[date] = set()
        for row in rows:
            try:
                days.add(date.fromisoformat(row["date"]))
            except ValueError:
                continue
        self.existing: dict[Key, OfficialStatistic] = {
            stat.key: stat for stat in OfficialStatistic.objects.filter(date__in=sorted(days))
        }
        # Keyed by the lower-case code: `Cells.code` looks codes up case-insensitively.
        districts = list(self.codes.districts.values())
        self.territories = {
            **{code.lower(): code for code in REGIONS},
            **{d.code.lower(): d.code for d in districts},
        }
        self.region_of = {d.code: d.region_code for d in districts}
        self.countries = {c.code.lower(): c for c in self.codes.countries.values()}
        self.categories = {c.code.lower(): c for c in self.codes.residence_categories.values()}

    def _normalised(self, row: SourceRow) -> Key:
        band = parse_age_band(row["age_band"]) if row["age_band"] else None
        return (
            row["date"],
            row["territory"].upper(),
            row["citizenship"].upper(),
            row["residence_category"].lower(),
            row["sex"].upper(),
            band.code if band else row["age_band"],
        )

    def key(self, row: SourceRow) -> Hashable | None:
        # A text, so that the duplicate-row message shows it as people read it.
        return _shown(self._normalised(row))

    def parse(self, row: SourceRow) -> StatisticRow | list[str]:
        cells = Cells(row)
        day = cells.date("date", required=True, not_future=True)
        if day is not None and not is_plausible(day):
            # A typo such as 0001-01-01 or 1019-12-31 would otherwise sit on the dashboard's
            # time axis as a count published a thousand years ago.
            cells.error("date", _implausible(row["date"]))
            day = None
        territory = cells.code("territory", self.territories, required=True)
        citizenship = cells.code("citizenship", self.countries)
        category = cells.code("residence_category", self.categories)
        sex = cells.choice("sex", SEXES, upper=True)
        band = self._age_band(cells)
        count = cells.integer("count", required=True, minimum=0, maximum=MAX_COUNT)
        synthetic = self._yes_no(cells, "synthetic")
        source = cells.text("source", max_length=500)
        if cells.errors:
            return cells.errors
        assert day is not None and count is not None
        parsed = StatisticRow(
            date=day,
            territory=territory,
            citizenship=citizenship.code if citizenship else "",
            residence_category=category.code if category else "",
            sex=sex,
            age_band=band.code if band else "",
            count=count,
            synthetic=synthetic,
            source=source,
        )
        parsed.existing = self.existing.get(parsed.key)
        if parsed.existing and not parsed.existing.synthetic and synthetic:
            return [
                _(
                    "a published figure (%(count)s) is already stored for this date, territory "
                    "and breakdown; a synthetic figure never replaces a published one."
                )
                % {"count": parsed.existing.count}
            ]
        return parsed

    def _age_band(self, cells: Cells) -> AgeBand | None:
        text = cells.row["age_band"]
        if not text:
            return None
        band = parse_age_band(text)
        if band is None:
            cells.error(
                "age_band",
                _("“%(value)s” is not an age band like 0-14, 15-64 or 65+.") % {"value": text},
            )
        return band

    def _yes_no(self, cells: Cells, column: str) -> bool:
        text = cells.row[column].lower()
        if text in YES:
            return True
        if text not in NO:
            cells.error(column, _("“%(value)s” is not yes or no.") % {"value": cells.row[column]})
        return False

    def check(self, rows: Sequence[ParsedRow[StatisticRow]]) -> list[RowError]:
        """Details never add up to more than their total (stored rows and the file together)."""
        lines = {item.row.key: item.line for item in rows}
        counts: dict[Key, int] = {key: stat.count for key, stat in self.existing.items()}
        counts.update({item.row.key: item.row.count for item in rows})
        children: dict[tuple[int, Key], list[Key]] = defaultdict(list)
        for key in counts:
            for position, parent in self._parents(key):
                children[(position, parent)].append(key)
        errors = []
        for (position, parent), details in children.items():
            if parent not in counts:
                continue
            if position == 5 and self._bands_overlap(details):
                continue  # overlapping age bands (0-14 and 0-17) are not parts of one whole
            total = sum(counts[d] for d in details)
            if total <= counts[parent]:
                continue
            involved = [lines[k] for k in [parent, *details] if k in lines]
            if not involved:
                continue
            detail_lines = sorted(lines[d] for d in details if d in lines)
            stored = len(details) - len(detail_lines)
            message = _(
                "the details of the total %(total_key)s (%(total)s) add up to %(sum)s, which is "
                "more than the total."
            ) % {"total_key": _shown(parent), "total": counts[parent], "sum": total}
            if detail_lines:
                message += " " + _("Detail rows in this file: lines %(lines)s.") % {
                    "lines": ", ".join(str(n) for n in detail_lines)
                }
            if stored:
                message += " " + ngettext(
                    "%(count)s detail row is already stored.",
                    "%(count)s detail rows are already stored.",
                    stored,
                ) % {"count": stored}
            errors.append(RowError(lines.get(parent, min(involved)), message))
        return errors

    def _parents(self, key: Key) -> list[tuple[int, Key]]:
        """(position of the dimension, key of the total) for every total this row is part of."""
        parents = []
        region = self.region_of.get(key[1])
        if region and region != key[1]:
            parents.append((1, (key[0], region, *key[2:])))
        for position in range(2, 6):
            if key[position]:
                parents.append((position, (*key[:position], "", *key[position + 1 :])))
        return parents

    @staticmethod
    def _bands_overlap(keys: list[Key]) -> bool:
        bands = sorted(b for b in (parse_age_band(k[5]) for k in keys) if b is not None)
        return any(a.overlaps(b) for a, b in pairwise(bands))

    def outcome(self, row: StatisticRow) -> Outcome:
        if row.existing is None:
            return Outcome.CREATE
        existing = row.existing
        same = (existing.count, existing.synthetic, existing.source) == (
            row.count,
            row.synthetic,
            row.source,
        )
        return Outcome.UNCHANGED if same else Outcome.UPDATE

    def write(self, *, create: list[StatisticRow], update: list[StatisticRow]) -> None:
        if self.actor is None:
            # django-auditlog never resets its context after a request, so an import without a
            # user (command line, demo) in the same thread would inherit the last web user.
            with acting_as(None):
                self._write(create, update)
        else:
            self._write(create, update)

    def _write(self, create: list[StatisticRow], update: list[StatisticRow]) -> None:
        created = OfficialStatistic.objects.bulk_create(
            [
                OfficialStatistic(
                    date=row.date,
                    territory=row.territory,
                    citizenship=row.citizenship,
                    residence_category=row.residence_category,
                    sex=row.sex,
                    age_band=row.age_band,
                    **row.values(),
                )
                for row in create
            ],
            batch_size=1000,
        )
        if created and created[0].pk is None:  # backends that do not return ids
            keys = {obj.key for obj in created}
            days = {obj.date for obj in created}
            created = [s for s in OfficialStatistic.objects.filter(date__in=days) if s.key in keys]
        bulk_audit.log_created(created, actor=self.actor)
        pairs = []
        now = timezone.now()
        for row in update:
            assert row.existing is not None
            before = copy.copy(row.existing)
            for name, value in row.values().items():
                setattr(row.existing, name, value)
            row.existing.updated_at = now
            pairs.append((before, row.existing))
        OfficialStatistic.objects.bulk_update(
            [after for _before, after in pairs], ["count", "synthetic", "source", "updated_at"]
        )
        bulk_audit.log_updated(pairs, actor=self.actor)
