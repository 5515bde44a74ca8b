"""Benchmark of the timesheet overview (make bench; PostgreSQL, BENCH_DATABASE_URL).

On the data set of the monitoring report (1 000 000 services over a year by the generated
staff, 20 000 events, 5 000 lessons; `spolu.reporting.bench.ensure_data`), the overview of the
last month per person and activity is computed from all six sources. The baseline is the same
sums by one hand-written UNION ALL statement; the benchmark checks that both agree.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bench.harness import Benchmark, Measurement, timed

REPEAT = 7

OVERVIEW_SQL = """
SELECT u, a, SUM(m) FROM (
  SELECT s.staff_id AS u, s.activity_id AS a, s.minutes AS m FROM counselling_servicerecord s
  WHERE s.date BETWEEN %(f)s AND %(t)s AND NOT EXISTS (
    SELECT 1 FROM counselling_fieldvisit_staff fs
    WHERE fs.fieldvisit_id = s.field_visit_id AND fs.user_id = s.staff_id)
  UNION ALL
  SELECT fs.user_id, 'A02', v.minutes FROM counselling_fieldvisit_staff fs
  JOIN counselling_fieldvisit v ON v.id = fs.fieldvisit_id WHERE v.date BETWEEN %(f)s AND %(t)s
  UNION ALL
  SELECT o.user_id, e.activity_id, e.minutes FROM events_event_organisers o
  JOIN events_event e ON e.id = o.event_id
  WHERE NOT e.cancelled AND e.date BETWEEN %(f)s AND %(t)s
  UNION ALL
  SELECT t.user_id, c.activity_id, l.minutes FROM courses_lesson l
  JOIN courses_course c ON c.id = l.course_id JOIN courses_course_teachers t ON t.course_id = c.id
  WHERE NOT l.cancelled AND l.date BETWEEN %(f)s AND %(t)s
  UNION ALL
  SELECT ms.user_id, 'A18', (EXTRACT(EPOCH FROM m.ends_at - m.starts_at) / 60)::int
  FROM network_platformmeeting_staff ms
  JOIN network_platformmeeting m ON m.id = ms.platformmeeting_id
  WHERE (m.starts_at AT TIME ZONE 'Europe/Prague')::date BETWEEN %(f)s AND %(t)s
  UNION ALL
  SELECT e.user_id, e.activity_id, e.minutes FROM timesheets_timesheetentry e
  WHERE e.date BETWEEN %(f)s AND %(t)s
) x GROUP BY 1, 2
"""


def _baseline(date_from: Any, date_to: Any) -> dict[tuple[int, str], int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(OVERVIEW_SQL, {"f": date_from, "t": date_to})
        return {(u, a): int(n) for u, a, n in cursor.fetchall() if n}


def run_overview() -> Measurement:
    from spolu.core.models import User
    from spolu.monitoring.bench import _today
    from spolu.reporting.bench import ensure_data
    from spolu.timesheets import queries

    ensure_data()
    today = _today()
    month = queries.add_months(queries.month_start(today), -1)
    last = queries.month_end(month)
    viewer = User(username="bench-viewer", is_active=True, is_superuser=True)
    data = queries.overview(viewer, month, month, today=today)
    ours: dict[tuple[int, str], int] = defaultdict(int)
    for row in data.people:
        for code, minutes in row.minutes.items():
            ours[(row.person.pk, code)] += minutes
    same = dict(ours) == _baseline(month, last)
    samples = timed(lambda: queries.overview(viewer, month, month, today=today), REPEAT)
    baseline = timed(lambda: _baseline(month, last), REPEAT)
    notes = "same numbers as the SQL" if same else "NUMBERS DIFFER from the SQL"
    return Measurement(samples, baseline, f"{notes}; {len(data.people)} people")


BENCHMARKS = [
    Benchmark(
        name="timesheet overview of a month",
        size="1M services/year, 20k events, 5k lessons",
        target_ms=500,
        run=run_overview,
        baseline_label="six sources in one SQL statement",
    ),
]
