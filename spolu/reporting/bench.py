"""Benchmark of the monitoring report (make bench; PostgreSQL, BENCH_DATABASE_URL).

With 100 000 clients, 1 000 000 service records, 20 000 events (with their participants) and
5 000 course lessons (with attendance), the full report for one year — every breakdown and
the default indicators included — must take under 2 seconds. The baseline is the same numbers
computed by the shortest hand-written SQL we could write (`BASELINE_SQL`: one statement per
table, a correlated subquery for the residence status on each engagement's day, DISTINCT ON
for the first engagement), timed in the same run; the benchmark also checks that both give
the same numbers.

The data is generated once (`manage.py generate_data`, extended by `spolu.reporting.generate`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from bench.harness import Benchmark, Measurement, timed

CLIENTS = 100_000
SERVICES = 1_000_000
EVENTS = 20_000
LESSONS = 5_000
REPEAT = 5
BASELINE_REPEAT = 3

ENGAGEMENTS = """
WITH e AS (
  SELECT s.client_id, s.date AS d, s.activity_id AS a FROM counselling_servicerecord s
  WHERE s.client_id IS NOT NULL AND s.date BETWEEN %(f)s AND %(t)s
  UNION ALL
  SELECT p.client_id, v.date, v.activity_id FROM events_eventparticipant p
  JOIN events_event v ON v.id = p.event_id
  WHERE NOT v.cancelled AND p.attended IS NOT FALSE AND v.date BETWEEN %(f)s AND %(t)s
  UNION ALL
  SELECT n.client_id, l.date, c.activity_id FROM courses_attendance t
  JOIN courses_lesson l ON l.id = t.lesson_id JOIN courses_course c ON c.id = l.course_id
  JOIN courses_enrolment n ON n.id = t.enrolment_id
  WHERE t.status = 'present' AND NOT l.cancelled AND n.client_id IS NOT NULL
    AND l.date BETWEEN %(f)s AND %(t)s
), x AS (
  SELECT e.*, c.citizenship_id, c.sex, c.birth_date, c.birth_year,
    (SELECT s.category_id FROM clients_residencestatus s WHERE s.client_id = e.client_id
     AND s.valid_from <= e.d AND (s.valid_to IS NULL OR s.valid_to >= e.d)
     ORDER BY s.valid_from DESC, s.id DESC LIMIT 1) AS category,
    NOT co.eu_eea_ch AS non_eu
  FROM e JOIN clients_client c ON c.id = e.client_id AND c.merged_into_id IS NULL
  JOIN core_country co ON co.code = c.citizenship_id
), y AS (
  SELECT x.*, x.non_eu AND COALESCE(r.eligible, false) AS el
  FROM x LEFT JOIN core_residencecategory r ON r.code = x.category
)
"""
BASELINE_SQL = {
    "persons": ENGAGEMENTS
    + """
SELECT a, COUNT(DISTINCT client_id), COUNT(DISTINCT client_id) FILTER (WHERE el)
FROM y GROUP BY ROLLUP (a)""",
    "breakdowns": ENGAGEMENTS  # noqa: S608 (constant SQL, values are parameters)
    + """, f AS (
  SELECT DISTINCT ON (client_id) client_id, citizenship_id, sex, COALESCE(category, 'unknown') AS
    category, CASE WHEN birth_date IS NULL AND birth_year IS NULL THEN 'unknown'
    ELSE (SELECT CASE WHEN age < 18 THEN 'under_18' WHEN age <= 60 THEN '18_60' ELSE 'over_60'
          END FROM (SELECT EXTRACT(YEAR FROM AGE(d, COALESCE(birth_date,
          make_date(birth_year, 7, 1)))) AS age) z) END AS band,
    bool_or(el) OVER (PARTITION BY client_id) AS el
  FROM y ORDER BY client_id, d
)
SELECT 'citizenship', citizenship_id, COUNT(*), COUNT(*) FILTER (WHERE el) FROM f GROUP BY 2
UNION ALL SELECT 'sex', sex, COUNT(*), COUNT(*) FILTER (WHERE el) FROM f GROUP BY 2
UNION ALL SELECT 'age_band', band, COUNT(*), COUNT(*) FILTER (WHERE el) FROM f GROUP BY 2
UNION ALL SELECT 'residence_category', category, COUNT(*), COUNT(*) FILTER (WHERE el) FROM f
GROUP BY 2""",
    "services": """
SELECT activity_id, COUNT(*), SUM(minutes), SUM(anonymous_count) FROM counselling_servicerecord
WHERE date BETWEEN %(f)s AND %(t)s GROUP BY 1""",
    "events": """
SELECT activity_id, COUNT(*), SUM(minutes),
  SUM(headcount_adults + headcount_children + headcount_unspecified),
  SUM((SELECT COUNT(*) FROM events_eventparticipant p JOIN clients_client c ON c.id = p.client_id
       WHERE p.event_id = v.id AND p.attended IS NOT FALSE AND c.merged_into_id IS NULL))
FROM events_event v WHERE NOT cancelled AND date BETWEEN %(f)s AND %(t)s GROUP BY 1""",
    "lessons": """
SELECT c.activity_id, SUM(l.minutes), COUNT(DISTINCT c.id) FROM courses_lesson l
JOIN courses_course c ON c.id = l.course_id
WHERE NOT l.cancelled AND l.date <= %(today)s AND l.date BETWEEN %(f)s AND %(t)s GROUP BY 1""",
    "completions": """
SELECT c.activity_id, COUNT(*) FROM courses_enrolment n JOIN courses_course c ON c.id = n.course_id
WHERE n.status = 'completed' AND n.completed_on BETWEEN %(f)s AND %(t)s GROUP BY 1""",
}


def ensure_data() -> None:
    from django.core.management import call_command

    from spolu.clients.models import Client
    from spolu.courses.models import Lesson
    from spolu.events.models import Event

    generated = {"created_by__username": "generator"}
    have = Client.objects.count()
    if have < CLIENTS:
        missing = CLIENTS - have
        call_command(
            "generate_data",
            clients=missing,
            services=SERVICES * missing // CLIENTS,
            events=EVENTS * missing // CLIENTS,
            lessons=LESSONS * missing // CLIENTS,
            seed=have + 1,
            force=True,
        )
    events = Event.objects.filter(**generated).count()
    lessons = Lesson.objects.filter(course__created_by__username="generator").count()
    if events < EVENTS or lessons < LESSONS:
        _add_engagements(EVENTS - events if events < EVENTS else 0, max(LESSONS - lessons, 0))


def _add_engagements(events: int, lessons: int) -> None:
    """A database generated before `spolu.reporting.generate` existed: add what is missing."""
    import random

    from django.db import connection, transaction

    from spolu.clients.management.commands import generate_data
    from spolu.clients.models import Client
    from spolu.core.models import Office, User
    from spolu.reporting import generate

    rng = random.Random(7)
    generator = User.objects.get(username=generate_data.GENERATOR)
    today = _period()[1]
    gen = generate_data.Generation(
        rng=rng,
        today=today,
        options={},
        offices=list(Office.objects.filter(code__in=[o[0] for o in generate_data.OFFICES])),
        staff={},
        organisations=[],
        generator=generator,
    )
    gen.clients = [
        generate_data.GeneratedClient(pk, office, first, born)
        for pk, office, first, born in Client.objects.filter(created_by=generator).values_list(
            "pk", "office_id", "first_contact_date", "birth_date"
        )
    ]
    with transaction.atomic():
        generate.add(gen, events=events, lessons=lessons)
    with connection.cursor() as cursor:
        # Statistics, and the visibility map that index-only scans rely on (what autovacuum
        # does on a live database some time after a bulk load).
        cursor.execute("VACUUM (ANALYZE)")


def _period() -> tuple[date, date]:
    """The year of the generated services (they end on the day the data was generated)."""
    from django.db.models import Max

    from spolu.counselling.models import ServiceRecord

    last = ServiceRecord.objects.filter(created_by__username="generator").aggregate(d=Max("date"))[
        "d"
    ]
    last = last or date.today()  # noqa: DTZ011
    return last - timedelta(days=364), last


def baseline(date_from: date, date_to: date, today: date) -> dict[str, list[tuple[Any, ...]]]:
    from django.db import connection

    from spolu.reporting.people import tuned

    params = {"f": date_from, "t": date_to, "today": today}
    results = {}
    # The report's session settings, but not its planner hints: those suit the report's
    # statements, and turn the correlated subqueries here into hash joins run once per row.
    with tuned(planner_hints=False), connection.cursor() as cursor:
        for name, sql in BASELINE_SQL.items():
            cursor.execute(sql, params)
            results[name] = cursor.fetchall()
    return results


def _compare(report: Any, base: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    """Differences between the report and the hand-written SQL (empty when they agree)."""
    problems = []
    persons = {a: (n, e) for a, n, e in base["persons"]}
    if persons.get(None) != (report.totals.unique_clients, report.totals.eligible_unique_clients):
        problems.append(f"totals {persons.get(None)}")
    services = {a: row for a, *row in base["services"]}
    events = {a: row for a, *row in base["events"]}
    lessons = {a: row for a, *row in base["lessons"]}
    completions = dict(base["completions"])
    for row in report.activities:
        f = row.figures
        expected = (
            persons.get(row.code, (0, 0)),
            tuple(int(v or 0) for v in services.get(row.code, (0, 0, 0))),
            tuple(int(v or 0) for v in events.get(row.code, (0, 0, 0, 0))),
            tuple(int(v or 0) for v in lessons.get(row.code, (0, 0))),
            completions.get(row.code, 0),
        )
        got = (
            (f.unique_clients, f.eligible_unique_clients),
            (f.service_records, f.service_minutes, f.anonymous_contacts),
            (f.events, f.event_minutes, f.public_headcount, f.event_participants),
            (f.lesson_minutes, f.courses_run),
            f.completions,
        )
        if expected != got:
            problems.append(f"{row.code}: {got} != {expected}")
    breakdowns: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for dimension, key, n, e in base["breakdowns"]:
        breakdowns[dimension][key] = (n, e)
    for b in report.breakdowns:
        got_rows = {
            r.key: (r.unique_clients, r.eligible_unique_clients) for r in b.rows if r.unique_clients
        }
        if got_rows != breakdowns[b.dimension]:
            problems.append(f"breakdown {b.dimension} differs")
    return problems


def run() -> Measurement:
    from spolu.reporting.queries import monitoring_report
    from spolu.reporting.sources import Scope

    ensure_data()
    date_from, date_to = _period()
    today = date_to
    scope = Scope(date_from, date_to, today=today)
    report = monitoring_report(scope)
    problems = _compare(report, baseline(date_from, date_to, today))
    samples = timed(lambda: monitoring_report(scope), repeat=REPEAT, warmup=1)
    # The comparison above was the baseline's warm-up run; it is slow, so fewer samples.
    base = timed(lambda: baseline(date_from, date_to, today), repeat=BASELINE_REPEAT, warmup=0)
    totals = report.totals
    notes = (
        f"{date_from}–{date_to}: {totals.unique_clients} persons, {totals.service_records} "
        f"services, {totals.events} events, {totals.lessons} lessons; "
        + (
            "same numbers as the hand-written SQL"
            if not problems
            else "DIFFERENT: " + "; ".join(problems[:5])
        )
    )
    return Measurement(samples_ms=samples, baseline_ms=base, notes=notes)


BENCHMARKS = [
    Benchmark(
        name="reporting: monitoring report, one year, every breakdown",
        size="100k clients, 1M services, 20k events, 5k lessons",
        target_ms=2000,
        run=run,
        baseline_label="hand-written SQL",
    )
]
