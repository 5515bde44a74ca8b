"""Benchmarks of events (make bench; PostgreSQL, BENCH_DATABASE_URL).

- The month calendar (`events:calendar`) of a month holding 500 events and lessons, filtered to
  the benchmark's office: server time through the whole Django stack, signed in as a coordinator.
- An event page (`events:event_detail`) with 300 registered participants, as a coordinator
  (roster with attendance checkboxes, evidence, forms).

The data lives in an office of its own (`bench-events`) in March 2030, generated once.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from bench.harness import Benchmark, Measurement, timed

OFFICE = "bench-events"
MONTH = date(2030, 3, 1)
CALENDAR_ITEMS = 500
COURSES = 12  # two lessons a week each: about 110 lessons in the month
PARTICIPANTS = 300
EVENT_TITLE = "Bench: event with 300 participants"


def _office() -> Any:
    from spolu.core.models import District, Office

    office, _ = Office.objects.get_or_create(
        code=OFFICE,
        defaults={
            "name": "Bench events office",
            "address": "Velká Hradební 48",
            "district": District.objects.get(code="CZ0427"),
        },
    )
    return office


def _coordinator(office: Any) -> Any:
    from django.contrib.auth.models import Group

    from spolu.core.models import User

    user, created = User.objects.get_or_create(username="bench-events-coordinator")
    if created:
        user.groups.add(Group.objects.get(name="coordinator"))
        user.offices.add(office)
    return user


def _ensure_lessons(office: Any, teacher: Any) -> int:
    from spolu.courses.models import Lesson
    from spolu.courses.schedule import SlotSpec
    from spolu.courses.testing import make_course

    lessons = Lesson.objects.filter(course__office=office, date__year=MONTH.year)
    if not lessons.exists():
        for i in range(COURSES):
            weekdays = (i % 5, (i + 2) % 5)
            make_course(
                office,
                teachers=[teacher],
                start=MONTH,
                weeks=5,
                title=f"Bench course {i}",
                slots=[SlotSpec(d, time(8 + i % 9, 0), time(9 + i % 9, 30)) for d in weekdays],
                end_date=MONTH + timedelta(days=30),
            )
    return lessons.filter(date__month=MONTH.month).count()


def _ensure_events(office: Any, organiser: Any, count: int) -> None:
    from django.utils import timezone

    from spolu.core.models import Activity
    from spolu.events.models import EVENT_ACTIVITIES, Event

    have = Event.objects.filter(office=office, date__year=MONTH.year, date__month=MONTH.month)
    missing = count - have.count()
    if missing <= 0:
        return
    activities = list(Activity.objects.filter(code__in=EVENT_ACTIVITIES))
    events = []
    for i in range(missing):
        day = MONTH + timedelta(days=i % 31)
        starts = timezone.make_aware(datetime.combine(day, time(8 + i % 12, (i * 7) % 60)))
        event = Event(
            office=office,
            activity=activities[i % len(activities)],
            title=f"Bench event {i}: přednáška o pobytu a práci",
            starts_at=starts,
            ends_at=starts + timedelta(minutes=90),
            place="Velká Hradební 48, Ústí nad Labem",
            district=office.district,
        )
        event.full_clean(exclude=["office", "activity", "district"])
        events.append(event)
    Event.objects.bulk_create(events)
    through = Event.organisers.through
    through.objects.bulk_create([through(event_id=e.pk, user_id=organiser.pk) for e in events])


def _ensure_big_event(office: Any) -> Any:
    from spolu.clients.models import Client
    from spolu.clients.search import search_text_for
    from spolu.core.models import Country
    from spolu.events.models import Event, EventParticipant
    from spolu.events.testing import make_event

    event = Event.objects.filter(office=office, title=EVENT_TITLE).first()
    if event is None:
        start = MONTH - timedelta(days=10)
        event = make_event(
            office,
            activity="A15",
            title=EVENT_TITLE,
            starts_at=datetime(start.year, start.month, start.day, 18, tzinfo=_tz()),
            minutes=180,
            headcount_adults=120,
        )
    missing = PARTICIPANTS - event.participants.count()
    if missing > 0:
        ukraine = Country.objects.get(code="UA")
        clients = []
        for i in range(missing):
            client = Client(
                office=office,
                first_name=f"Олена{i}",
                last_name="Бенчмарк",
                first_name_latin=f"Olena{i}",
                last_name_latin="Benchmark",
                sex="F",
                birth_year=1970 + i % 40,
                citizenship=ukraine,
                first_contact_date=date(2024, 1, 1),
            )
            client.search_text = search_text_for(client)
            clients.append(client)
        Client.objects.bulk_create(clients)
        EventParticipant.objects.bulk_create(
            [
                EventParticipant(event=event, client=c, attended=i % 9 != 0)
                for i, c in enumerate(clients)
            ]
        )
    return event


def _tz() -> Any:
    from django.utils import timezone

    return timezone.get_current_timezone()


def _browser(user: Any) -> Any:
    from django.test import Client as Browser

    from spolu.testing import verified_login

    browser = Browser()
    verified_login(browser, user)
    return browser


def _measure(
    browser: Any, url: str, params: dict[str, Any] | None = None
) -> tuple[list[float], int, float]:
    """Wall-clock samples, queries per page, and the median CPU time of this process (the
    server's own work, less disturbed than wall time when other jobs share the machine)."""
    import statistics
    import time as clock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu: list[float] = []

    def open_page() -> None:
        started = clock.process_time()
        response = browser.get(url, params or {})
        cpu.append((clock.process_time() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")

    samples = timed(open_page, repeat=30, warmup=3)
    with CaptureQueriesContext(connection) as queries:
        open_page()
    return samples, len(queries), statistics.median(cpu)


def run_calendar() -> Measurement:
    from django.urls import reverse

    office = _office()
    user = _coordinator(office)
    lessons = _ensure_lessons(office, user)
    _ensure_events(office, user, CALENDAR_ITEMS - lessons)
    samples, queries, cpu = _measure(
        _browser(user),
        reverse("events:calendar"),
        {"date": MONTH.isoformat(), "office": office.pk},
    )
    return Measurement(
        samples_ms=samples,
        notes=f"{CALENDAR_ITEMS - lessons} events + {lessons} lessons, {queries} queries per "
        f"page, CPU p50 {cpu:.1f} ms",
    )


def run_event_page() -> Measurement:
    from django.urls import reverse

    office = _office()
    user = _coordinator(office)
    event = _ensure_big_event(office)
    samples, queries, cpu = _measure(
        _browser(user), reverse("events:event_detail", args=[event.pk])
    )
    return Measurement(
        samples_ms=samples,
        notes=f"{event.participants.count()} participants, {queries} queries per page, "
        f"CPU p50 {cpu:.1f} ms",
    )


BENCHMARKS = [
    Benchmark(
        name="events: month calendar",
        size=f"{CALENDAR_ITEMS} events and lessons",
        target_ms=100,
        run=run_calendar,
    ),
    Benchmark(
        name="events: event page",
        size=f"{PARTICIPANTS} participants",
        target_ms=100,
        run=run_event_page,
    ),
]
