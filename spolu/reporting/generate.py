"""`generate_data` extension: events with participants and courses with lessons and attendance,
so the monitoring report's benchmark covers every kind of engagement (see the command's
docstring in spolu/clients/management/commands/generate_data.py).

    manage.py generate_data ... --events 20000 --lessons 5000

Spread over the year before `--today` like the services: events of A01, A06, A11, A12, A14,
A15, A17 (a few cancelled) with registered clients (some marked absent) and public headcounts;
courses of A08, A09, A10 of twenty lessons each (a few cancelled) with ten enrolled clients,
their attendance, completions and CEFR levels. `add(gen, events=..., lessons=...)` adds more to
a database generated before this extension existed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from spolu.courses.models import Attendance, Course, Enrolment, Lesson
from spolu.events.models import Event, EventParticipant

EVENT_ACTIVITIES = [
    ("A06", 30),
    ("A11", 25),
    ("A14", 12),
    ("A15", 8),
    ("A17", 5),
    ("A12", 10),
    ("A01", 10),
]
EVENT_TITLES = {
    "A01": "Informační stánek",
    "A06": "Přednáška: pobyt a zaměstnání",
    "A11": "Integrační odpoledne",
    "A12": "Seminář pro pedagogy",
    "A14": "Multikulturní festival",
    "A15": "Etnický večer",
    "A17": "Exkurze",
}
COURSE_KINDS = [("A08", "czech", 60), ("A09", "tutoring", 20), ("A10", "sociocultural", 20)]
LESSONS_PER_COURSE = 20
ENROLMENTS_PER_COURSE = 10


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--events", type=int, default=20_000, help="events to generate")
    parser.add_argument("--lessons", type=int, default=5_000, help="course lessons to generate")


def extend(gen: Any) -> None:
    add(gen, events=gen.options.get("events", 20_000), lessons=gen.options.get("lessons", 5_000))


def add(gen: Any, *, events: int, lessons: int) -> None:
    if gen.clients:
        _events(gen, events)
        _courses(gen, lessons)


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _events(gen: Any, count: int) -> None:
    rng, today = gen.rng, gen.today
    year_ago = today - timedelta(days=365)
    activities, weights = zip(*EVENT_ACTIVITIES, strict=True)
    ids = gen.reserve_ids(Event, count)
    now = timezone.now()
    rows, participants = [], []
    for event_id in ids:
        activity = rng.choices(activities, weights)[0]
        office = rng.choice(gen.offices)
        day = year_ago + timedelta(days=rng.randint(0, 365))
        minutes = rng.choice([60, 90, 120, 180, 240])
        starts = _aware(day, rng.choice([9, 10, 14, 16, 17]))
        public = activity in ("A14", "A15", "A01", "A17")
        rows.append(
            (
                event_id,
                office.pk,
                activity,
                EVENT_TITLES[activity],
                starts,
                starts + timedelta(minutes=minutes),
                day,
                minutes,
                office.address,
                office.district_id,
                rng.randint(10, 80) if public else 0,
                rng.randint(0, 30) if public else 0,
                rng.randint(0, 20) if public and rng.random() < 0.3 else 0,
                rng.random() < 0.03,
                now,
                now,
                gen.generator.pk,
            )
        )
        if activity != "A12":
            chosen = {c.id for c in gen.pick_clients(rng.randint(2, 14))}
            for client_id in chosen:
                attended = rng.choice([None, True, True, True, False]) if day < today else None
                participants.append((event_id, client_id, attended, now))
    gen.write(
        Event,
        [
            "id",
            "office",
            "activity",
            "title",
            "starts_at",
            "ends_at",
            "date",
            "minutes",
            "place",
            "district",
            "headcount_adults",
            "headcount_children",
            "headcount_unspecified",
            "cancelled",
            "created_at",
            "updated_at",
            "created_by",
        ],
        rows,
    )
    gen.write(EventParticipant, ["event", "client", "attended", "registered_at"], participants)
    gen.log(f"  events: {count}, participations: {len(participants)}")


def _courses(gen: Any, lessons: int) -> None:
    rng, today = gen.rng, gen.today
    year_ago = today - timedelta(days=365)
    count = max(lessons // LESSONS_PER_COURSE, 0)
    kinds, weights = zip(*[(k[:2], k[2]) for k in COURSE_KINDS], strict=True)
    course_ids = gen.reserve_ids(Course, count)
    lesson_ids = iter(gen.reserve_ids(Lesson, count * LESSONS_PER_COURSE))
    enrolment_ids = iter(gen.reserve_ids(Enrolment, count * ENROLMENTS_PER_COURSE))
    now = timezone.now()
    courses, lesson_rows, enrolments, attendance = [], [], [], []
    for course_id in course_ids:
        activity, kind = rng.choices(kinds, weights)[0]
        office = rng.choice(gen.offices)
        start = year_ago + timedelta(days=rng.randint(0, 330))
        days = [
            start + timedelta(days=7 * (i // 2) + 2 * (i % 2)) for i in range(LESSONS_PER_COURSE)
        ]
        level = rng.choice([1, 2, 3]) if kind == "czech" else None
        courses.append(
            (
                course_id,
                office.pk,
                kind,
                activity,
                f"Kurz {course_id}",
                level,
                "učebna",
                12,
                "cs",
                start,
                days[-1],
                now,
                now,
                gen.generator.pk,
            )
        )
        held = []
        for day in days:
            lesson_id = next(lesson_ids)
            cancelled = rng.random() < 0.05
            lesson_rows.append(
                (lesson_id, course_id, day, time(16, 0), time(17, 30), 90, cancelled, now)
            )
            if not cancelled and day <= today:
                held.append(lesson_id)
        finished = days[-1] <= today
        for client in {c.id: c for c in gen.pick_clients(ENROLMENTS_PER_COURSE)}.values():
            enrolment_id = next(enrolment_ids)
            presence = rng.choice([0.95, 0.85, 0.7, 0.4])
            present = [lesson for lesson in held if rng.random() < presence]
            attendance += [
                (lesson, enrolment_id, "present" if lesson in present else "absent", now)
                for lesson in held
            ]
            completed = finished and held and len(present) * 100 >= 75 * len(held)
            entry = rng.choice([0, 1, 1, 2]) if level else None
            enrolments.append(
                (
                    enrolment_id,
                    course_id,
                    client.id,
                    "completed" if completed else "enrolled",
                    start,
                    start,
                    days[-1] if completed else None,
                    entry,
                    entry + rng.choice([0, 1, 1]) if entry is not None and finished else None,
                    now,
                    now,
                )
            )
    gen.write(
        Course,
        [
            "id",
            "office",
            "kind",
            "activity",
            "title",
            "level",
            "place",
            "capacity",
            "language",
            "start_date",
            "end_date",
            "created_at",
            "updated_at",
            "created_by",
        ],
        courses,
    )
    gen.write(
        Lesson,
        [
            "id",
            "course",
            "date",
            "starts_at",
            "ends_at",
            "minutes",
            "cancelled",
            "attendance_recorded_at",
        ],
        lesson_rows,
    )
    gen.write(
        Enrolment,
        [
            "id",
            "course",
            "client",
            "status",
            "applied_on",
            "enrolled_on",
            "completed_on",
            "entry_level",
            "exit_level",
            "created_at",
            "updated_at",
        ],
        enrolments,
    )
    gen.write(Attendance, ["lesson", "enrolment", "status", "recorded_at"], attendance)
    gen.log(f"  courses: {count}, lessons: {len(lesson_rows)}, attendance: {len(attendance)}")
