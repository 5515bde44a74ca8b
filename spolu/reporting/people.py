# The SQL here is assembled from constants of this module and Django-compiled querysets; every
# value goes in as a query parameter.
# ruff: noqa: S608
"""Persons of the monitoring report in SQL: unique clients, eligible unique clients, breakdowns.

DESIGN.md §5, computed in one statement whatever the amount of data:

- `eng`: every engagement (client, day, activity, kind) — the SQL of the three engagement
  querysets of `sources.engagement_querysets`, so the drill-down lists count the same rows;
- `eff`: each client's *effective* residence status as non-overlapping day ranges. The status
  valid on a day is the covering status with the latest `valid_from` (then the highest id), as
  `Client.status_on` decides; between two consecutive start/end boundaries of a client's statuses
  the covering set does not change, so each such segment has one effective status;
- `cls`: per client, the days of the period on which they were eligible (DESIGN.md §4: not an
  EU/EEA/Swiss citizen and an eligible category effective that day). Most clients are eligible
  on all of them or on none; only the rest (`mixed`, their eligible segments) need each
  engagement's day looked at, so the join with the million engagements is with a small table;
- `pak`: one row per client, activity and kind: the first day, and eligible if any of those
  engagements fell on an eligible day;
- `pc` / `firsts`: one row per client with the values on the day of their first engagement in
  the period (citizenship, sex, age band — 60 counts as 18_60 —, residence category).

The same CTEs give the per-client id lists behind every number (`PersonFilter`), so the
drill-down always lists exactly the persons counted. PostgreSQL and SQLite differ only in date
arithmetic (`_Dialect`); both give identical numbers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from spolu.reporting import sources
from spolu.reporting.sources import Scope

DIMENSIONS = ("citizenship", "sex", "age_band", "residence_category")
AGE_BANDS = ("under_18", "18_60", "over_60", "unknown")
NO_STATUS = "unknown"  # residence category of a client with no status valid that day


@dataclass(frozen=True)
class PersonFilter:
    """Which persons a number counts (a cell of the report, or an indicator's rule).

    Engagements are narrowed to `activities` and `kinds` (empty: all). `eligible` True keeps
    persons with at least one such engagement on a day they were eligible, False those with none.
    `dimension`/`value` select by the values on the day of the first engagement in the period.
    `condition` ("course_completed" / "cefr_improved") additionally requires such an enrolment
    in a course of the same activities.
    """

    activities: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    eligible: bool | None = None
    dimension: str = ""
    value: str = ""
    condition: str = ""


@contextmanager
def tuned() -> Iterator[None]:
    """One transaction for a report's queries; on PostgreSQL without JIT compilation (it costs
    seconds on these statements, whose row estimates through CTEs are rough) and with memory
    enough to aggregate a year of engagements without spilling to disk."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)"
                )
        yield


class _Dialect:
    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"

    def plus_day(self, expr: str) -> str:
        return f"({expr} + 1)" if self.postgres else f"date({expr}, '+1 day')"

    def minus_day(self, expr: str) -> str:
        return f"({expr} - 1)" if self.postgres else f"date({expr}, '-1 day')"

    def least(self, a: str, b: str) -> str:
        return f"LEAST({a}, {b})" if self.postgres else f"MIN({a}, {b})"

    def greatest(self, a: str, b: str) -> str:
        return f"GREATEST({a}, {b})" if self.postgres else f"MAX({a}, {b})"

    def days_between(self, last: str, first: str) -> str:
        """Days from `first` to `last`, both included."""
        if self.postgres:
            return f"({last} - {first} + 1)"
        return f"CAST(julianday({last}) - julianday({first}) + 1 AS INTEGER)"

    def yyyymmdd(self, expr: str) -> str:
        """A date as the integer YYYYMMDD: whole years between two such numbers are their
        difference divided by 10000 (exactly like counting birthdays)."""
        if self.postgres:
            return f"CAST(TO_CHAR({expr}, 'YYYYMMDD') AS INTEGER)"
        return f"CAST(strftime('%%Y%%m%%d', {expr}) AS INTEGER)"


def _compiled(qs: QuerySet[Any]) -> tuple[str, list[Any]]:
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    return sql, list(params)


def _placeholders(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def _eligible(kinds: Sequence[str], alias: str = "") -> str:
    """1 when an engagement of one of `kinds` fell on an eligible day (per `pak` row)."""
    return (
        "CASE WHEN " + " OR ".join(f"{alias}el_{kind} = 1" for kind in kinds) + " THEN 1 ELSE 0 END"
    )


def _engaged(kinds: Sequence[str], alias: str = "") -> str:
    """True when a `pak` row has engagements of one of `kinds`."""
    return "(" + " OR ".join(f"{alias}el_{kind} IS NOT NULL" for kind in kinds) + ")"


class PeopleQuery:
    """The CTEs of one report scope, and statements built on them."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.dialect = _Dialect()
        self._cte_sql, self._cte_params = self._ctes()

    # --- the common table expressions ---------------------------------------------------------

    def _ctes(
        self, pc_columns: Sequence[str] = (), pc_params: Sequence[Any] = ()
    ) -> tuple[str, list[Any]]:
        """The CTEs; `pc_columns` are further aggregates per client (of `pak` rows)."""
        d = self.dialect
        adapt = connection.ops.adapt_datefield_value
        first, last = adapt(self.scope.date_from), adapt(self.scope.date_to)
        period_days = (self.scope.date_to - self.scope.date_from).days + 1
        parts: list[str] = []
        params: list[Any] = []
        # The engagements are read twice (all of them; those of "mixed" clients below), each
        # time through CTEs used once: a shared CTE would be computed into a temporary table
        # first, and the big aggregate could not run in parallel.
        everyone = self._engagements("eng", parts, params)
        # Effective residence status segments. Statuses overlapping the period decide every
        # day in it; a client with one such status needs no segmenting.
        # (With the client's EU/EEA/Swiss citizenship, so that later steps need no join.)
        parts.append(
            "st AS (SELECT rs.id, rs.client_id, rs.category_id, rs.valid_from, rs.valid_to, "
            "co.eu_eea_ch AS eu FROM clients_residencestatus rs "
            "JOIN clients_client c ON c.id = rs.client_id "
            "JOIN core_country co ON co.code = c.citizenship_id "
            "WHERE rs.valid_from <= %s AND (rs.valid_to IS NULL OR rs.valid_to >= %s))"
        )
        params += [last, first]
        parts.append("multi AS (SELECT client_id FROM st GROUP BY client_id HAVING COUNT(*) > 1)")
        parts.append("mst AS (SELECT st.* FROM st JOIN multi ON multi.client_id = st.client_id)")
        parts.append(
            "bounds AS (SELECT client_id, valid_from AS b FROM mst "
            f"UNION SELECT client_id, {d.plus_day('valid_to')} FROM mst WHERE valid_to IS NOT NULL)"
        )
        parts.append(
            "segs AS (SELECT client_id, b AS seg_from, "
            f"{d.minus_day('LEAD(b) OVER (PARTITION BY client_id ORDER BY b)')} AS seg_to "
            "FROM bounds)"
        )
        parts.append(
            "ranked AS (SELECT s.client_id, s.seg_from, s.seg_to, mst.category_id, mst.eu, "
            "ROW_NUMBER() OVER (PARTITION BY s.client_id, s.seg_from "
            "ORDER BY mst.valid_from DESC, mst.id DESC) AS rn "
            "FROM segs s JOIN mst ON mst.client_id = s.client_id AND mst.valid_from <= s.seg_from "
            "AND (mst.valid_to IS NULL OR mst.valid_to >= s.seg_from))"
        )
        parts.append(
            "eff AS (SELECT x.client_id, x.seg_from, x.seg_to, x.category_id, x.eu, rc.eligible "
            "FROM (SELECT client_id, valid_from AS seg_from, valid_to AS seg_to, category_id, eu "
            "FROM st WHERE client_id NOT IN (SELECT client_id FROM multi) "
            "UNION ALL SELECT client_id, seg_from, seg_to, category_id, eu FROM ranked "
            "WHERE rn = 1) x JOIN core_residencecategory rc ON rc.code = x.category_id)"
        )

        # Most clients are eligible on every day of the period, or on none (EU/EEA/Swiss
        # citizens never are): only the others ("mixed") need each engagement's day checked
        # against their eligible segments, so the big join below is with a small table.
        clipped = d.days_between(
            d.least("COALESCE(eff.seg_to, %s)", "%s"), d.greatest("eff.seg_from", "%s")
        )
        parts.append(
            "cls AS (SELECT eff.client_id, "
            f"SUM(CASE WHEN eff.eligible THEN {clipped} ELSE 0 END) AS el_days, "
            "MAX(CASE WHEN eff.eligible THEN 1 ELSE 0 END) AS any_el "
            "FROM eff WHERE NOT eff.eu "
            "AND eff.seg_from <= %s AND (eff.seg_to IS NULL OR eff.seg_to >= %s) "
            "GROUP BY eff.client_id)"
        )
        params += [last, last, first, last, first]
        parts.append(
            "mixed AS (SELECT eff.client_id, eff.seg_from, eff.seg_to FROM eff "
            "JOIN cls ON cls.client_id = eff.client_id "
            "WHERE eff.eligible AND cls.any_el = 1 AND cls.el_days < %s)"
        )
        params.append(period_days)

        # One row per client and activity, with the kinds of engagement it has (an aggregate
        # of base tables only, which PostgreSQL runs in parallel); merged duplicates keep no
        # rows (the merge moves them), and are never counted anyway.
        has_kind = ", ".join(
            f"MAX(CASE WHEN e.kind = '{kind}' THEN 1 END) AS h_{kind}" for kind in sources.KINDS
        )
        parts.append(
            f"pa0 AS (SELECT e.client_id, e.activity_id, MIN(e.day) AS first_day, {has_kind} "
            f"FROM ({everyone}) e WHERE e.client_id NOT IN "
            "(SELECT id FROM clients_client WHERE merged_into_id IS NOT NULL) "
            "GROUP BY e.client_id, e.activity_id)"
        )
        # For the few "mixed" clients: which kinds of their engagements fell on eligible days.
        mixed_rows = self._engagements(
            "engm", parts, params, RawSQL("SELECT client_id FROM mixed", [])
        )
        on_day = ", ".join(
            f"MAX(CASE WHEN e.kind = '{kind}' THEN 1 END) AS d_{kind}" for kind in sources.KINDS
        )
        parts.append(
            f"pa1 AS (SELECT e.client_id, e.activity_id, {on_day} FROM ({mixed_rows}) e "
            "JOIN mixed m ON m.client_id = e.client_id AND m.seg_from <= e.day "
            "AND (m.seg_to IS NULL OR e.day <= m.seg_to) GROUP BY e.client_id, e.activity_id)"
        )
        per_kind = ", ".join(
            f"CASE WHEN a.h_{kind} IS NULL THEN NULL ELSE COALESCE(b.d_{kind}, 0) END AS m_{kind}"
            for kind in sources.KINDS
        )
        parts.append(
            f"pak_raw AS (SELECT a.client_id, a.activity_id, a.first_day, {per_kind} FROM pa0 a "
            "LEFT JOIN pa1 b ON b.client_id = a.client_id AND b.activity_id = a.activity_id)"
        )
        resolved = ", ".join(
            f"CASE WHEN p.m_{kind} IS NULL THEN NULL WHEN k.el_days >= %s THEN 1 "
            f"WHEN k.any_el = 1 THEN p.m_{kind} ELSE 0 END AS el_{kind}"
            for kind in sources.KINDS
        )
        params += [period_days] * len(sources.KINDS)
        parts.append(
            f"pak AS (SELECT p.client_id, p.activity_id, p.first_day, {resolved} "
            "FROM pak_raw p LEFT JOIN cls k ON k.client_id = p.client_id)"
        )
        extra_columns = "".join(f", {column}" for column in pc_columns)
        parts.append(
            "pc AS (SELECT client_id, MIN(first_day) AS first_day, "
            f"MAX({_eligible(sources.KINDS)}) AS eligible{extra_columns} "
            "FROM pak GROUP BY client_id)"
        )
        params += pc_params
        day = d.yyyymmdd("pc.first_day")
        born = f"COALESCE({d.yyyymmdd('c.birth_date')}, c.birth_year * 10000 + 701)"
        parts.append(
            "firsts AS (SELECT pc.client_id, pc.eligible, pc.first_day, "
            "c.citizenship_id AS citizenship, c.sex AS sex, "
            "CASE WHEN c.birth_date IS NULL AND c.birth_year IS NULL THEN 'unknown' "
            f"WHEN ({day} - {born}) / 10000 < 18 THEN 'under_18' "
            f"WHEN ({day} - {born}) / 10000 <= 60 THEN '18_60' "
            "ELSE 'over_60' END AS age_band, "
            f"COALESCE(eff.category_id, '{NO_STATUS}') AS residence_category "
            "FROM pc JOIN clients_client c ON c.id = pc.client_id "
            "LEFT JOIN eff ON eff.client_id = pc.client_id AND eff.seg_from <= pc.first_day "
            "AND (eff.seg_to IS NULL OR pc.first_day <= eff.seg_to))"
        )
        return "WITH " + ",\n".join(parts), params

    def _engagements(
        self, name: str, parts: list[str], params: list[Any], clients: Any = None
    ) -> str:
        """Adds one CTE per kind of engagement (of some clients) to `parts`; returns a SELECT of
        client_id, day, activity_id, kind over them. Each is used once, so PostgreSQL inlines
        it into the query that reads it."""
        selects: list[str] = []
        for kind, qs in sources.engagement_querysets(self.scope, clients).items():
            sql, qs_params = _compiled(qs)
            parts.append(f"{name}_{kind}(client_id, day, activity_id) AS ({sql})")
            params += qs_params
            selects.append(
                f"SELECT client_id, day, activity_id, '{kind}' AS kind FROM {name}_{kind}"
            )
        return " UNION ALL ".join(selects)

    # --- persons behind one number -----------------------------------------------------------

    def _condition_sql(self, person: PersonFilter) -> tuple[str, list[Any]]:
        if person.condition == "course_completed":
            qs = sources.completions(self.scope).filter(client__isnull=False)
        elif person.condition == "cefr_improved":
            qs = sources.cefr_improvements(self.scope)
        else:
            raise ValueError(f"unknown condition {person.condition!r}")
        if person.activities:
            qs = qs.filter(course__activity_id__in=person.activities)
        return _compiled(qs.order_by().values("client_id"))

    def _row_filter(self, person: PersonFilter, alias: str = "") -> tuple[str, list[Any]]:
        """A condition on `pak` rows: the activities, kinds and condition of `person`."""
        where: list[str] = []
        params: list[Any] = []
        if person.activities:
            where.append(f"{alias}activity_id IN ({_placeholders(person.activities)})")
            params += list(person.activities)
        if person.kinds:
            where.append(_engaged(person.kinds, alias))
        if person.condition:
            sql, cond_params = self._condition_sql(person)
            where.append(f"{alias}client_id IN ({sql})")
            params += cond_params
        return (" AND ".join(where) or "1 = 1"), params

    def client_ids_sql(self, person: PersonFilter) -> tuple[str, list[Any]]:
        """SELECT client_id of the persons `person` selects (no CTE prefix)."""
        where, params = self._row_filter(person, "p.")
        if person.dimension:
            if person.dimension not in DIMENSIONS:
                raise ValueError(f"unknown dimension {person.dimension!r}")
            where += (
                f" AND p.client_id IN (SELECT client_id FROM firsts WHERE {person.dimension} = %s)"
            )
            params.append(person.value)
        having = ""
        if person.eligible is not None:
            eligible = _eligible(person.kinds or sources.KINDS, "p.")
            having = f" HAVING MAX({eligible}) = {1 if person.eligible else 0}"
        return f"SELECT p.client_id FROM pak p WHERE {where} GROUP BY p.client_id{having}", params

    def client_ids(self, person: PersonFilter) -> tuple[str, list[Any]]:
        """A complete statement listing the persons' ids (for `pk__in=RawSQL(...)`)."""
        sql, params = self.client_ids_sql(person)
        return f"{self._cte_sql}\n{sql}", self._cte_params + params

    def first_engagements(self, client_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """The breakdown values (and eligibility) of some persons, as the report counted them."""
        if not client_ids:
            return {}
        sql = (
            f"{self._cte_sql}\nSELECT client_id, first_day, eligible, citizenship, sex, age_band, "
            f"residence_category FROM firsts WHERE client_id IN ({_placeholders(client_ids)})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, self._cte_params + list(client_ids))
            rows = cursor.fetchall()
        names = ("first_day", "eligible", "citizenship", "sex", "age_band", "residence_category")
        return {row[0]: dict(zip(names, row[1:], strict=True)) for row in rows}

    # --- every person count of the report in one statement -----------------------------------

    def counts(self, extra: dict[str, PersonFilter]) -> list[tuple[str, str, int, int]]:
        """(section, key, persons, eligible persons) rows: per activity, the total, the four
        breakdowns, and one row per `extra` filter (section "extra", key = its name)."""
        # Every extra filter is one more aggregate of the per-client pass (`pc`): the client's
        # best eligibility among their matching rows, NULL without any (same persons as
        # `client_ids_sql`, which the drill-down lists).
        columns: list[str] = []
        column_params: list[Any] = []
        selects = [
            f"SELECT 'activity', activity_id, COUNT(*), SUM({_eligible(sources.KINDS)}) "
            "FROM pak GROUP BY activity_id",
            "SELECT 'total', '', COUNT(*), SUM(eligible) FROM pc",
            *(
                f"SELECT '{dim}', {dim}, COUNT(*), SUM(eligible) FROM firsts GROUP BY {dim}"
                for dim in DIMENSIONS
            ),
        ]
        params: list[Any] = []
        for index, (name, person) in enumerate(sorted(extra.items())):
            if person.dimension:
                raise ValueError("counts() takes no breakdown filters")
            where, where_params = self._row_filter(person)
            eligible = _eligible(person.kinds or sources.KINDS)
            columns.append(f"MAX(CASE WHEN {where} THEN {eligible} END) AS x{index}")
            column_params += where_params
            counted = f"x{index} = 1" if person.eligible else f"x{index} IS NOT NULL"
            if person.eligible is False:
                counted = f"x{index} = 0"
            selects.append(f"SELECT 'extra', %s, COUNT(*), 0 FROM pc WHERE {counted}")
            params.append(name)
        ctes, cte_params = self._ctes(columns, column_params)
        statement = f"{ctes}\n" + "\nUNION ALL ".join(selects)
        with connection.cursor() as cursor:
            cursor.execute(statement, cte_params + params)
            rows = cursor.fetchall()
        return [(str(s), str(k or ""), int(n or 0), int(e or 0)) for s, k, n, e in rows]
