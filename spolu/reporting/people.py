# The SQL here is assembled from constants of this module and Django-compiled querysets; every
# value goes in as a query parameter.
# ruff: noqa: S608
"""Persons of the monitoring report in SQL: unique clients, eligible unique clients, breakdowns.

DESIGN.md §5, computed in one statement whatever the amount of data:

- `eng`: every engagement (client, day, activity, kind) — the SQL of the three engagement
  querysets of `sources.engagement_querysets`, so the drill-down lists count the same rows;
- `pa0`: one row per client: the first day, and per kind of engagement the activities as bits
  of an integer, all of them and those on days the client held an eligible residence status
  (DESIGN.md §4), with the status held on the first day. The status valid on a day is the
  covering status with the latest `valid_from` (then the highest id), as `Client.status_on`
  decides; for a client whose statuses never overlap that is simply the one covering the day,
  so the engagements are joined with the statuses in the same parallel pass;
- `ov`: the few clients with overlapping statuses. Only for them the *effective* statuses are
  worked out as non-overlapping day ranges (`eff`: between two consecutive start/end
  boundaries the covering set does not change, so each such segment has one effective status),
  and their engagements read again and checked against them (`pa1`);
- `pc` / `firsts`: one row per client with eligibility (never for EU/EEA/Swiss citizens) and the
  values on the day of their first engagement in the period (citizenship, sex, age band — 60
  counts as 18_60 —, residence category).

The same CTEs give the per-client id lists behind every number (`PersonFilter`), so the
drill-down always lists exactly the persons counted. PostgreSQL and SQLite differ only in date
arithmetic and hints (`_Dialect`); both give identical numbers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from spolu.core.models import Activity, ResidenceCategory
from spolu.reporting import sources
from spolu.reporting.sources import Scope

DIMENSIONS = ("citizenship", "sex", "age_band", "residence_category")
AGE_BANDS = ("under_18", "18_60", "over_60", "unknown")
NO_STATUS = "unknown"  # residence category of a client with no status valid that day
MAX_ACTIVITIES = 62  # activities are bits of a BIGINT in the SQL
# What a drill-down list shows of each person, as the report counted them.
PERSON_COLUMNS = (
    "client_id",
    "first_day",
    "eligible",
    "citizenship",
    "sex",
    "age_band",
    "residence_category",
)
SELECTED_TABLE = "spolu_report_persons"  # temporary (`PeopleQuery.selected`)
CATEGORY_BASE = 1000  # day number * CATEGORY_BASE + category number, in the SQL


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
def tuned(planner_hints: bool = True) -> Iterator[None]:
    """One transaction for a report's queries, with PostgreSQL settings for them (local to it):
    no JIT compilation (it costs seconds on these statements, whose row estimates through CTEs
    are rough) and memory enough to aggregate a year of engagements without spilling to disk.

    With `planner_hints`, also hash joins only (the per-client steps join about as many rows as
    there are clients, where the planner's nested loops over index lookups and its sorted merge
    joins cost 150 ms more at 100 000 clients) and the random page cost of a database on SSD or
    in memory, so that the covering indexes of the service records are read instead of the
    table (300 ms less; all measured with `make bench`). They suit these statements only."""
    settings = {"jit": "off", "work_mem": "64MB"}
    if planner_hints:
        settings |= {"enable_nestloop": "off", "enable_mergejoin": "off", "random_page_cost": "1.1"}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(settings)),
                    [value for item in settings.items() for value in item],
                )
        yield


class _Dialect:
    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"

    def plus_day(self, expr: str) -> str:
        return f"({expr} + 1)" if self.postgres else f"date({expr}, '+1 day')"

    def minus_day(self, expr: str) -> str:
        return f"({expr} - 1)" if self.postgres else f"date({expr}, '-1 day')"

    def bit_or(self, expr: str) -> str:
        """The bitwise OR of `expr` over a group, where every value has at most one bit set
        (SQLite has no BIT_OR; the sum of the distinct values is the same)."""
        return f"BIT_OR({expr})" if self.postgres else f"SUM(DISTINCT {expr})"

    def day_number(self, expr: str) -> str:
        """Days since 1900-01-01 (an integer)."""
        if self.postgres:
            return f"({expr} - DATE '1900-01-01')"
        return f"CAST(julianday({expr}) - julianday('1900-01-01') AS INTEGER)"

    def yyyymmdd(self, expr: str) -> str:
        """A date as the integer YYYYMMDD: whole years between two such numbers are their
        difference divided by 10000 (exactly like counting birthdays)."""
        if self.postgres:
            # (date_part: twice as fast as TO_CHAR, which matters on 100 000 clients)
            return (
                f"CAST(date_part('year', {expr}) * 10000 + date_part('month', {expr}) * 100 "
                f"+ date_part('day', {expr}) AS INTEGER)"
            )
        return f"CAST(strftime('%%Y%%m%%d', {expr}) AS INTEGER)"


def _compiled(qs: QuerySet[Any]) -> tuple[str, list[Any]]:
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    return sql, list(params)


def _case(expr: str, pairs: Sequence[tuple[str, str]], default: str) -> str:
    """CASE expr WHEN a THEN b … ELSE default END (just `default` without pairs)."""
    if not pairs:
        return default
    whens = " ".join(f"WHEN {when} THEN {then}" for when, then in pairs)
    return f"CASE {expr} {whens} ELSE {default} END"


class PeopleQuery:
    """The CTEs of one report scope, and statements built on them.

    `activity_codes` and `category_codes` are the codes of the activity list and of the
    residence categories (read from them when not given)."""

    def __init__(
        self,
        scope: Scope,
        activity_codes: Sequence[str] | None = None,
        category_codes: Sequence[str] | None = None,
    ) -> None:
        self.scope = scope
        self.dialect = _Dialect()
        if activity_codes is None:
            activity_codes = list(Activity.objects.values_list("code", flat=True))
        if len(activity_codes) > MAX_ACTIVITIES:
            raise ValueError(f"the person counts handle at most {MAX_ACTIVITIES} activities")
        self.bits = {code: 1 << index for index, code in enumerate(sorted(activity_codes))}
        if category_codes is None:
            category_codes = list(ResidenceCategory.objects.values_list("code", flat=True))
        # Residence categories as numbers 1, 2, … (0: no status that day).
        self.categories = sorted(category_codes)
        if len(self.categories) >= CATEGORY_BASE:
            raise ValueError(f"the person counts handle fewer than {CATEGORY_BASE} categories")

    def mask(self, activities: Sequence[str]) -> int:
        """The bits of `activities` (all of them when empty); a code not in the list has none."""
        if not activities:
            return sum(self.bits.values())
        return sum(self.bits.get(code, 0) for code in set(activities))

    # --- the common table expressions ---------------------------------------------------------

    def _ctes(
        self, extra_columns: Sequence[str] = (), extra_params: Sequence[Any] = ()
    ) -> tuple[str, list[Any]]:
        """The CTEs; `extra_columns` are further columns of `firsts` (one row per client)."""
        d = self.dialect
        adapt = connection.ops.adapt_datefield_value
        first, last = adapt(self.scope.date_from), adapt(self.scope.date_to)
        parts: list[str] = []
        params: list[Any] = []
        # The engagements are read twice (all of them; those of clients with overlapping
        # statuses below), each time through CTEs used once: a shared CTE would be computed
        # into a temporary table first, and the big aggregate could not run in parallel.
        everyone = self._engagements("eng", parts, params)

        # The residence statuses overlapping the period (only they can cover an engagement),
        # with their category's eligibility and number.
        category_number = _case(
            "rs.category_id", [("%s", str(n)) for n in range(1, len(self.categories) + 1)], "0"
        )
        statuses = (
            "SELECT rs.id, rs.client_id, rs.category_id, rs.valid_from, rs.valid_to, "
            f"rc.eligible, {category_number} AS category_number "
            "FROM clients_residencestatus rs "
            "JOIN core_residencecategory rc ON rc.code = rs.category_id "
            "WHERE rs.valid_from <= %s AND (rs.valid_to IS NULL OR rs.valid_to >= %s)"
        )
        statuses_params = [*self.categories, last, first]
        parts.append(f"st AS ({statuses})")
        params += statuses_params
        # Clients with two statuses overlapping each other (one starts within the other).
        parts.append(
            "ov AS (SELECT DISTINCT a.client_id FROM st a JOIN st b "
            "ON b.client_id = a.client_id AND b.id <> a.id AND a.valid_from <= b.valid_from "
            "AND (a.valid_to IS NULL OR a.valid_to >= b.valid_from))"
        )
        # Their effective statuses, as segments.
        parts.append("mst AS (SELECT st.* FROM st JOIN ov ON ov.client_id = st.client_id)")
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
            "ranked AS (SELECT s.client_id, s.seg_from, s.seg_to, mst.category_id, mst.eligible, "
            "ROW_NUMBER() OVER (PARTITION BY s.client_id, s.seg_from "
            "ORDER BY mst.valid_from DESC, mst.id DESC) AS rn "
            "FROM segs s JOIN mst ON mst.client_id = s.client_id AND mst.valid_from <= s.seg_from "
            "AND (mst.valid_to IS NULL OR mst.valid_to >= s.seg_from))"
        )
        parts.append(
            "eff AS (SELECT client_id, seg_from, seg_to, category_id, eligible FROM ranked "
            "WHERE rn = 1)"
        )

        # One row per client: the first day; per kind of engagement the activities as bits
        # (an aggregate of base tables with a small integer key, which PostgreSQL runs in
        # parallel), all and those on an eligible day; and the day number and category number
        # of the first engagement, as one number (the smallest). For clients with overlapping
        # statuses, the eligible ones and the category are worked out again below.
        bits = self._bits(everyone, params)
        params += statuses_params
        masks = ", ".join(
            f"{d.bit_or(f'e.b_{kind}')} AS m_{kind}, "
            f"{d.bit_or(f'CASE WHEN s.eligible THEN e.b_{kind} ELSE 0 END')} AS a_{kind}"
            for kind in sources.KINDS
        )
        parts.append(
            f"pa0 AS (SELECT e.client_id, MIN(e.day) AS first_day, {masks}, "
            f"MIN({d.day_number('e.day')} * {CATEGORY_BASE} + COALESCE(s.category_number, 0)) "
            f"AS first_category FROM ({bits}) e LEFT JOIN ({statuses}) s "
            "ON s.client_id = e.client_id AND s.valid_from <= e.day "
            "AND (s.valid_to IS NULL OR e.day <= s.valid_to) GROUP BY e.client_id)"
        )
        # For the clients with overlapping statuses: the activities of their engagements on
        # eligible days.
        ov_rows = self._engagements("engm", parts, params, RawSQL("SELECT client_id FROM ov", []))
        on_day = ", ".join(f"{d.bit_or(f'e.b_{kind}')} AS d_{kind}" for kind in sources.KINDS)
        parts.append(
            f"pa1 AS (SELECT e.client_id, {on_day} "
            f"FROM ({self._bits(ov_rows, params, few=True)}) e "
            "JOIN eff m ON m.client_id = e.client_id AND m.eligible AND m.seg_from <= e.day "
            "AND (m.seg_to IS NULL OR e.day <= m.seg_to) GROUP BY e.client_id)"
        )
        # Per client and kind, the activities engaged in on an eligible day; merged duplicates
        # are never counted (the merge moves their records anyway).
        eligible = ", ".join(
            f"CASE WHEN co.eu_eea_ch THEN 0 WHEN o.client_id IS NOT NULL "
            f"THEN COALESCE(b.d_{kind}, 0) ELSE a.a_{kind} END AS e_{kind}"
            for kind in sources.KINDS
        )
        own = ", ".join(f"a.m_{kind}" for kind in sources.KINDS)
        category = _case(
            f"a.first_category %% {CATEGORY_BASE}",  # (%% is % in SQL with parameters)
            [(str(n), "%s") for n in range(1, len(self.categories) + 1)],
            f"'{NO_STATUS}'",
        )
        params += self.categories
        # Whole years of age on the first day, like counting birthdays (NULL: unknown).
        day = d.yyyymmdd("a.first_day")
        born = f"COALESCE({d.yyyymmdd('c.birth_date')}, c.birth_year * 10000 + 701)"
        # (Computed once on PostgreSQL: inlined, every use of these CASEs below would
        # evaluate them again.)
        materialized = "MATERIALIZED " if d.postgres else ""
        parts.append(
            f"pc AS {materialized}(SELECT a.client_id, a.first_day, {own}, {eligible}, "
            f"CASE WHEN o.client_id IS NOT NULL THEN COALESCE(f.category_id, '{NO_STATUS}') "
            f"ELSE {category} END AS residence_category, "
            f"c.citizenship_id, c.sex, ({day} - {born}) / 10000 AS age "
            "FROM pa0 a JOIN clients_client c ON c.id = a.client_id AND c.merged_into_id IS NULL "
            "JOIN core_country co ON co.code = c.citizenship_id "
            "LEFT JOIN ov o ON o.client_id = a.client_id "
            "LEFT JOIN pa1 b ON b.client_id = a.client_id "
            "LEFT JOIN eff f ON f.client_id = a.client_id AND f.seg_from <= a.first_day "
            "AND (f.seg_to IS NULL OR a.first_day <= f.seg_to))"
        )
        columns = ", ".join(f"pc.m_{kind}, pc.e_{kind}" for kind in sources.KINDS)
        extra = "".join(f", {column}" for column in extra_columns)
        parts.append(
            f"firsts AS (SELECT pc.client_id, pc.first_day, {columns}, "
            f"CASE WHEN {self._any(sources.KINDS, 'e', 'pc.')} THEN 1 ELSE 0 END AS eligible, "
            f"{self._union(sources.KINDS, 'm', 'pc.')} AS m_all, "
            f"{self._union(sources.KINDS, 'e', 'pc.')} AS e_all, "
            "pc.citizenship_id AS citizenship, pc.sex AS sex, "
            "CASE WHEN pc.age IS NULL THEN 'unknown' WHEN pc.age < 18 THEN 'under_18' "
            "WHEN pc.age <= 60 THEN '18_60' ELSE 'over_60' END AS age_band, "
            f"pc.residence_category{extra} FROM pc)"
        )
        params += extra_params
        return "WITH " + ",\n".join(parts), params

    def _bits(self, engagements: str, params: list[Any], few: bool = False) -> str:
        """Client, day and, per kind, the activity's bit (0 for the other kinds) of
        `engagements`. The bits come from a join with the code list, a subquery (not a CTE, so
        that PostgreSQL can still run the aggregate over it in parallel); for `few` rows, from
        a CASE (the join would be planned as a nested loop)."""
        if few:
            bit = _case(
                "x.activity_id",
                [("%s", f"CAST({bit} AS BIGINT)") for bit in self.bits.values()],
                "CAST(0 AS BIGINT)",
            )
            params += list(self.bits)
            source = f"(SELECT x.*, {bit} AS bit FROM ({engagements}) x) c"
        else:
            codes = " UNION ALL ".join(
                f"SELECT %s AS code, CAST({bit} AS BIGINT) AS bit" for bit in self.bits.values()
            )
            codes = codes or "SELECT '' AS code, CAST(0 AS BIGINT) AS bit"  # no activities
            params += list(self.bits)
            source = (
                f"(SELECT x.client_id, x.day, x.kind, k.bit FROM ({engagements}) x "
                f"JOIN ({codes}) k ON k.code = x.activity_id) c"
            )
        per_kind = ", ".join(
            f"CASE WHEN c.kind = '{kind}' THEN c.bit ELSE 0 END AS b_{kind}"
            for kind in sources.KINDS
        )
        return f"SELECT c.client_id, c.day, {per_kind} FROM {source}"

    @staticmethod
    def _union(kinds: Sequence[str], prefix: str, alias: str = "") -> str:
        """The bits of a `firsts` row in the `prefix` columns of `kinds` (`m`: engaged, `e`:
        engaged on an eligible day)."""
        return "(" + " | ".join(f"{alias}{prefix}_{kind}" for kind in kinds) + ")"

    def _any(
        self, kinds: Sequence[str], prefix: str, alias: str = "", mask: int | None = None
    ) -> str:
        """True when that union has any of the bits of `mask` (of any activity without)."""
        union = self._union(kinds, prefix, alias)
        if mask is None:
            return f"{union} <> 0"
        return f"({union} & CAST({int(mask)} AS BIGINT)) <> 0"

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
        """A condition on `firsts` rows: engaged in the activities and kinds of `person`, and
        its condition; with `eligible` (True or False) also whether on an eligible day."""
        kinds = person.kinds or sources.KINDS
        mask = self.mask(person.activities)
        where = [self._any(kinds, "m", alias, mask)]
        params: list[Any] = []
        if person.condition:
            sql, cond_params = self._condition_sql(person)
            where.append(f"{alias}client_id IN ({sql})")
            params += cond_params
        if person.eligible is not None:
            on_eligible_day = self._any(kinds, "e", alias, mask)
            where.append(on_eligible_day if person.eligible else f"NOT {on_eligible_day}")
        return " AND ".join(where), params

    def persons_sql(self, person: PersonFilter) -> tuple[str, list[Any]]:
        """SELECT of the persons `person` selects (no CTE prefix): client_id and the values
        the report counted them by (`PERSON_COLUMNS`)."""
        where, params = self._row_filter(person, "f.")
        if person.dimension:
            if person.dimension not in DIMENSIONS:
                raise ValueError(f"unknown dimension {person.dimension!r}")
            where += f" AND f.{person.dimension} = %s"
            params.append(person.value)
        columns = ", ".join(f"f.{column}" for column in PERSON_COLUMNS)
        return f"SELECT {columns} FROM firsts f WHERE {where}", params

    @contextmanager
    def selected(self, person: PersonFilter) -> Iterator[str]:
        """The persons `person` selects, with `PERSON_COLUMNS`, as a temporary table (its name
        is yielded), so that the statement runs once however many queries read it; dropped
        at the end, and with the transaction when it fails. Use inside a transaction."""
        ctes, params = self._ctes()
        sql, sql_params = self.persons_sql(person)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {SELECTED_TABLE}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {SELECTED_TABLE} AS {ctes}\n{sql}", params + sql_params
            )
        yield SELECTED_TABLE
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {SELECTED_TABLE}")

    # --- every person count of the report in one statement -----------------------------------

    def counts(self, extra: dict[str, PersonFilter]) -> list[tuple[str, str, int, int]]:
        """(section, key, persons, eligible persons) rows: per activity, the total, the four
        breakdowns, and one row per `extra` filter (section "extra", key = its name)."""
        # One row per client (`firsts`). The persons per activity come from how many clients
        # have each combination of activities (engaged; engaged on an eligible day): a few
        # thousand combinations at most, decoded here. Every extra filter is one more column
        # of `firsts` (1 when the client counts; the same condition as `persons_sql`,
        # which the drill-down lists), summed with the totals.
        columns: list[str] = []
        column_params: list[Any] = []
        names: list[str] = []
        for index, (name, person) in enumerate(sorted(extra.items())):
            if person.dimension:
                raise ValueError("counts() takes no breakdown filters")
            where, where_params = self._row_filter(person, "pc.")
            columns.append(f"CASE WHEN {where} THEN 1 ELSE 0 END AS x{index}")
            column_params += where_params
            names.append(name)
        ctes, params = self._ctes(columns, column_params)
        extras = "".join(f", SUM(x{index})" for index in range(len(names)))
        # Rows: section, key, activities engaged in, on eligible days, persons, eligible
        # persons, then the extra sums (on the total row).
        if self.dialect.postgres:
            # One pass over `firsts` for every grouping.
            grouped = "citizenship, sex, age_band, residence_category, m_all"
            statement = (
                f"{ctes}\nSELECT GROUPING({grouped}), {grouped}, e_all, COUNT(*), "
                f"SUM(eligible){extras} FROM firsts GROUP BY GROUPING SETS ("
                + ", ".join(f"({dim})" for dim in DIMENSIONS)
                + ", (m_all, e_all), ())"
            )
            # GROUPING(...): a bit per column, set when the row is not grouped by it.
            sections = {31 - (1 << (4 - i)): dim for i, dim in enumerate(DIMENSIONS)}
            sections |= {0b11110: "combination", 0b11111: "total"}
            rows = []
            for grouping, *values in self._fetch(statement, params):
                section = sections[grouping]
                key = values[DIMENSIONS.index(section)] if section in DIMENSIONS else ""
                rows.append((section, key, *values[4:]))
        else:
            zeros = "".join(", 0" for _name in names)
            statement = f"{ctes}\n" + "\nUNION ALL ".join(
                [
                    f"SELECT 'combination', '', m_all, e_all, COUNT(*), 0{zeros} FROM firsts "
                    "GROUP BY m_all, e_all",
                    f"SELECT 'total', '', 0, 0, COUNT(*), SUM(eligible){extras} FROM firsts",
                    *(
                        f"SELECT '{dim}', {dim}, 0, 0, COUNT(*), SUM(eligible){zeros} "
                        f"FROM firsts GROUP BY {dim}"
                        for dim in DIMENSIONS
                    ),
                ]
            )
            rows = self._fetch(statement, params)

        result: list[tuple[str, str, int, int]] = []
        per_activity = {code: [0, 0] for code in self.bits}
        for section, key, engaged, on_eligible_day, n, e, *sums in rows:
            if section == "combination":
                for code, bit in self.bits.items():
                    if int(engaged or 0) & bit:
                        per_activity[code][0] += int(n)
                        if int(on_eligible_day or 0) & bit:
                            per_activity[code][1] += int(n)
                continue
            result.append((str(section), str(key or ""), int(n or 0), int(e or 0)))
            if section == "total":
                result += [
                    ("extra", name, int(value or 0), 0)
                    for name, value in zip(names, sums, strict=True)
                ]
        result += [("activity", code, n, e) for code, (n, e) in per_activity.items()]
        return result

    @staticmethod
    def _fetch(statement: str, params: list[Any]) -> list[Any]:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return list(cursor.fetchall())
