"""Benchmark of the regional dashboard (make bench; PostgreSQL, BENCH_DATABASE_URL).

On the data set of the monitoring report (100 000 clients, 1 000 000 services, 20 000 events,
5 000 lessons; generated once by `spolu.reporting.bench.ensure_data`) and the published
statistics, the whole dashboard — official figures, top citizenships and the reach of the last
12 months per district and citizenship — is read. The baseline is the reach counted by one
hand-written SQL statement (the dashboard's only query that grows with the data); the benchmark
also checks that both give the same numbers.
"""

from __future__ import annotations

from typing import Any

from bench.harness import Benchmark, Measurement, timed

REPEAT = 7

REACH_SQL = """
SELECT c.district_id, c.citizenship_id, COUNT(*) FROM clients_client c
WHERE c.merged_into_id IS NULL AND c.id IN (
  SELECT client_id FROM counselling_servicerecord
  WHERE client_id IS NOT NULL AND date BETWEEN %(f)s AND %(t)s
  UNION
  SELECT p.client_id FROM events_eventparticipant p JOIN events_event v ON v.id = p.event_id
  WHERE NOT v.cancelled AND p.attended IS NOT FALSE AND v.date BETWEEN %(f)s AND %(t)s
  UNION
  SELECT n.client_id FROM courses_attendance a JOIN courses_lesson l ON l.id = a.lesson_id
  JOIN courses_enrolment n ON n.id = a.enrolment_id
  WHERE a.status = 'present' AND NOT l.cancelled AND n.client_id IS NOT NULL
    AND l.date BETWEEN %(f)s AND %(t)s)
GROUP BY 1, 2
"""


def _viewer() -> Any:
    from spolu.core.models import User

    # Sees every office; never saved.
    return User(username="bench-viewer", is_active=True, is_superuser=True)


def _ensure_statistics() -> None:
    from spolu.interchange.services import import_file
    from spolu.monitoring.demo import PUBLISHED_FILE
    from spolu.monitoring.models import OfficialStatistic

    if not OfficialStatistic.objects.exists():
        data = PUBLISHED_FILE.read_bytes()
        import_file(kind="statistics", data=data, filename="stats.csv", actor=None, write=True)


def _baseline(date_from: Any, date_to: Any) -> dict[tuple[Any, Any], int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(REACH_SQL, {"f": date_from, "t": date_to})
        return {(d, c): n for d, c, n in cursor.fetchall()}


def run_dashboard() -> Measurement:
    from django.db.models import Count

    from spolu.monitoring import queries
    from spolu.reporting.bench import ensure_data

    ensure_data()
    _ensure_statistics()
    viewer = _viewer()
    window = queries.reach_window(_today())
    ours = {
        (row["district_id"], row["citizenship_id"]): row["n"]
        for row in queries.engaged_clients(viewer, *window)
        .order_by()
        .values("district_id", "citizenship_id")
        .annotate(n=Count("pk"))
    }
    theirs = _baseline(*window)
    notes = "same numbers as the SQL" if ours == theirs else "NUMBERS DIFFER from the SQL"
    samples = timed(lambda: queries.dashboard(viewer, today=_today()), REPEAT)
    baseline = timed(lambda: _baseline(*window), REPEAT)
    clients = sum(ours.values())
    return Measurement(samples, baseline, f"{notes}; {clients} clients in the window")


def _today() -> Any:
    """The day the data was generated (its services end there)."""
    from django.db.models import Max
    from django.utils import timezone

    from spolu.counselling.models import ServiceRecord

    last = ServiceRecord.objects.aggregate(d=Max("date"))["d"]
    return last or timezone.localdate()


BENCHMARKS = [
    Benchmark(
        name="regional dashboard with reach",
        size="100k clients, 1M services, 20k events, 5k lessons",
        target_ms=1000,
        run=run_dashboard,
        baseline_label="reach in one SQL statement",
    ),
]
