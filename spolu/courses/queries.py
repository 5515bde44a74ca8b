"""Reads of courses, lessons and attendance: rates, the catalogue, a teacher's day, overlaps,
and the facts the monitoring report takes from courses (DESIGN.md §5).

Every function runs a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from spolu.courses.models import (
    PLACE_HOLDING,
    Attendance,
    AttendanceStatus,
    Course,
    CourseSlot,
    Enrolment,
    EnrolmentStatus,
    ExamPart,
    ExamResult,
    Lesson,
)

# --- attendance rates -------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """Lessons a participant was present at, of the lessons held while they were enrolled."""

    present: int
    held: int

    @property
    def percent(self) -> int | None:
        if not self.held:
            return None
        return round(100 * self.present / self.held)

    def reaches(self, threshold: int) -> bool:
        return bool(self.held) and self.present * 100 >= threshold * self.held


def lessons_held_while_enrolled(enrolment: Enrolment, held_dates: Sequence[date]) -> int:
    if enrolment.enrolled_on is None:
        return 0
    return sum(
        1
        for day in held_dates
        if day >= enrolment.enrolled_on
        and (enrolment.dropped_on is None or day < enrolment.dropped_on)
    )


# A "present" mark counts only on a lesson held while the participant was enrolled: the same
# window `lessons_held_while_enrolled` counts the held lessons in, so a rate never exceeds 100 %.
COUNTED_PRESENCE = (
    Q(status=AttendanceStatus.PRESENT, lesson__cancelled=False)
    & Q(lesson__date__gte=F("enrolment__enrolled_on"))
    & (Q(enrolment__dropped_on__isnull=True) | Q(lesson__date__lt=F("enrolment__dropped_on")))
)


def present_counts(enrolment_ids: Iterable[int]) -> dict[int, int]:
    """Lessons each enrolment was present at while enrolled (one grouped query)."""
    rows = (
        Attendance.objects.filter(COUNTED_PRESENCE, enrolment_id__in=list(enrolment_ids))
        .values("enrolment_id")
        .annotate(n=Count("pk"))
    )
    return {row["enrolment_id"]: row["n"] for row in rows}


def attendance_rates(
    enrolments: Sequence[Enrolment], held_dates: Sequence[date]
) -> dict[int, Rate]:
    """Rates of `enrolments` given the dates of the course's held lessons (one query)."""
    counts = present_counts(e.pk for e in enrolments)
    return {
        e.pk: Rate(counts.get(e.pk, 0), lessons_held_while_enrolled(e, held_dates))
        for e in enrolments
    }


def held_dates(lessons: Iterable[Lesson], today: date) -> list[date]:
    return [lesson.date for lesson in lessons if lesson.took_place(today)]


def course_rate(rates: Iterable[Rate]) -> Rate:
    rates = list(rates)
    return Rate(sum(r.present for r in rates), sum(r.held for r in rates))


@dataclass(frozen=True)
class MarkRow:
    """A participant on the attendance screen of a lesson."""

    enrolment: Enrolment
    mark: str  # "" while not recorded
    rate: Rate

    @property
    def field(self) -> str:
        """The form field of this participant's mark (a string: no number formatting)."""
        return f"a-{self.enrolment.pk}"

    @property
    def native(self) -> str:
        client = self.enrolment.client
        return client.native_name if client else self.enrolment.professional_name

    @property
    def latin(self) -> str:
        """The Latin spelling when it differs from the native one, else ""."""
        client = self.enrolment.client
        if client is None or client.latin_name == client.native_name:
            return ""
        return client.latin_name


def lesson_attendance(lesson: Lesson, today: date) -> tuple[list[MarkRow], list[Lesson]]:
    """Participants enrolled on the lesson's day with their mark and attendance rate, and all
    lessons of the course (for numbering and the previous/next links). Three queries."""
    course_lessons = list(
        Lesson.objects.filter(course_id=lesson.course_id).only(
            "pk", "date", "starts_at", "cancelled", "course_id"
        )
    )
    enrolments = sorted(
        Enrolment.objects.filter(course_id=lesson.course_id)
        .active_on(lesson.date)
        .select_related("client"),
        key=lambda e: e.participant_name.lower(),
    )
    # The mark of this lesson and the number of lessons present at, in one grouped query.
    stats = {
        row["enrolment_id"]: row
        for row in Attendance.objects.filter(enrolment_id__in=[e.pk for e in enrolments])
        .values("enrolment_id")
        .annotate(
            present=Count("pk", filter=COUNTED_PRESENCE),
            mark=Max("status", filter=Q(lesson_id=lesson.pk)),
        )
    }
    held = held_dates(course_lessons, today)
    rows = [
        MarkRow(
            e,
            (stats.get(e.pk) or {}).get("mark") or "",
            Rate((stats.get(e.pk) or {}).get("present", 0), lessons_held_while_enrolled(e, held)),
        )
        for e in enrolments
    ]
    return rows, course_lessons


# --- course lists and the catalogue ----------------------------------------------------------


def with_place_counts(courses: QuerySet[Course]) -> QuerySet[Course]:
    """Annotate `enrolled`, `waiting` and `applied` counts (in the same query)."""
    return courses.annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__status__in=PLACE_HOLDING), distinct=True),
        waiting=Count(
            "enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING), distinct=True
        ),
        applied=Count(
            "enrolments", filter=Q(enrolments__status=EnrolmentStatus.APPLIED), distinct=True
        ),
    )


@dataclass(frozen=True)
class CatalogueEntry:
    """A course open for applications, as the staff catalogue and the public portal show it."""

    pk: int
    title: str
    kind: str
    kind_label: str
    activity: str
    level: str
    description: str
    office: str
    office_id: int
    place: str
    language: str
    interpretation_language: str
    start_date: date
    end_date: date
    weekly: tuple[str, ...]
    capacity: int
    free_places: int
    waiting: int
    lessons: int
    public: bool


def catalogue(
    courses: QuerySet[Course],
    *,
    today: date | None = None,
    public_only: bool = False,
    with_free_places_only: bool = False,
) -> list[CatalogueEntry]:
    """Courses that have not ended (soonest first) with their free places: 3 queries.

    `courses` is the scope: `Course.objects.visible_to(user)` for staff, `Course.objects.all()`
    with `public_only=True` for the public portal.
    """
    today = today or timezone.localdate()
    qs = courses.filter(end_date__gte=today, cancelled=False)
    if public_only:
        qs = qs.filter(public=True)
    qs = (
        with_place_counts(qs)
        .annotate(lesson_count=Count("lessons", filter=Q(lessons__cancelled=False), distinct=True))
        .select_related("office", "language", "interpretation_language")
        .prefetch_related(Prefetch("slots", queryset=CourseSlot.objects.order_by("weekday")))
        .order_by("start_date", "title", "pk")
    )
    entries = []
    for course in qs:
        free = max(course.capacity - course.enrolled, 0)  # type: ignore[attr-defined]
        if with_free_places_only and not free:
            continue
        entries.append(
            CatalogueEntry(
                pk=course.pk,
                title=course.title,
                kind=course.kind,
                kind_label=str(course.get_kind_display()),
                activity=course.activity_id,
                level=str(course.get_level_display()) if course.level is not None else "",
                description=course.description,
                office=course.office.name,
                office_id=course.office_id,
                place=course.place,
                language=course.language.name,
                interpretation_language=(
                    course.interpretation_language.name if course.interpretation_language else ""
                ),
                start_date=course.start_date,
                end_date=course.end_date,
                weekly=tuple(str(slot) for slot in course.slots.all()),
                capacity=course.capacity,
                free_places=free,
                waiting=course.waiting,  # type: ignore[attr-defined]
                lessons=course.lesson_count,
                public=course.public,
            )
        )
    return entries


# --- lessons of a teacher, overlaps ----------------------------------------------------------


def teachers_of(courses: Iterable[int]) -> dict[int, set[int]]:
    rows = Course.teachers.through.objects.filter(course_id__in=list(courses)).values_list(
        "course_id", "user_id"
    )
    result: dict[int, set[int]] = defaultdict(set)
    for course_id, user_id in rows:
        result[course_id].add(user_id)
    return result


def _overlap(a: Lesson, b: Lesson) -> bool:
    return a.date == b.date and a.starts_at < b.ends_at and b.starts_at < a.ends_at


@dataclass(frozen=True)
class Clash:
    """Another lesson a teacher teaches at the same time. `visible` is False when the viewer may
    not see its course: then only the time is shown (no title, no link)."""

    lesson: Lesson
    visible: bool


def overlaps(lessons: Sequence[Lesson], user: Any) -> dict[int, list[Clash]]:
    """For each of `lessons`, the other lessons (of any course) that a teacher of its course
    teaches at an overlapping time. Cancelled lessons never overlap. Four queries."""
    lessons = [lesson for lesson in lessons if not lesson.cancelled]
    if not lessons:
        return {}
    course_ids = {lesson.course_id for lesson in lessons}
    own_teachers = teachers_of(course_ids)
    all_teachers = set().union(*own_teachers.values()) if own_teachers else set()
    if not all_teachers:
        return {}
    dates = {lesson.date for lesson in lessons}
    candidates = list(
        Lesson.objects.filter(
            date__in=dates,
            cancelled=False,
            course__in=Course.teachers.through.objects.filter(user_id__in=all_teachers).values(
                "course_id"
            ),
        ).select_related("course")
    )
    candidate_teachers = teachers_of({c.course_id for c in candidates})
    visible = set(
        Course.objects.visible_to(user)
        .filter(pk__in={c.course_id for c in candidates})
        .values_list("pk", flat=True)
    )
    by_date: dict[date, list[Lesson]] = defaultdict(list)
    for candidate in candidates:
        by_date[candidate.date].append(candidate)
    result: dict[int, list[Clash]] = {}
    for lesson in lessons:
        mine = own_teachers.get(lesson.course_id, set())
        clashes = [
            Clash(other, other.course_id in visible)
            for other in by_date[lesson.date]
            if other.pk != lesson.pk
            and _overlap(lesson, other)
            and mine & candidate_teachers.get(other.course_id, set())
        ]
        if clashes:
            result[lesson.pk] = clashes
    return result


@dataclass(frozen=True)
class TeacherLesson:
    lesson: Lesson
    enrolled: int
    recorded: bool


def lessons_of_teacher(user: Any, day: date) -> list[TeacherLesson]:
    """The lessons `user` teaches on `day` (cancelled ones included, marked): 2 queries."""
    lessons = list(
        Lesson.objects.filter(
            date=day,
            course__in=Course.teachers.through.objects.filter(user_id=user.pk).values("course_id"),
        )
        .select_related("course")
        .order_by("starts_at", "pk")
    )
    counts = dict(
        Enrolment.objects.filter(course_id__in={lesson.course_id for lesson in lessons})
        .active_on(day)
        .values("course_id")
        .annotate(n=Count("pk"))
        .values_list("course_id", "n")
    )
    return [
        TeacherLesson(
            lesson, counts.get(lesson.course_id, 0), lesson.attendance_recorded_at is not None
        )
        for lesson in lessons
    ]


def lessons_missing_attendance(user: Any, today: date, days: int = 14) -> list[Lesson]:
    """Held lessons of `user`'s courses in the last `days` days with no attendance recorded."""
    return list(
        Lesson.objects.filter(
            date__gte=today - timedelta(days=days),
            date__lt=today,
            cancelled=False,
            attendance_recorded_at__isnull=True,
            course__in=Course.teachers.through.objects.filter(user_id=user.pk).values("course_id"),
        )
        .select_related("course")
        .order_by("-date", "starts_at")[:10]
    )


# --- exams ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartScore:
    part: ExamPart
    points: int | None  # None while a section of the part has no score
    max_points: int
    passed: bool | None


@dataclass(frozen=True)
class Evaluation:
    parts: tuple[PartScore, ...]
    total: int
    max_total: int
    passed: bool | None  # None until every section is scored


def evaluate(parts: Sequence[ExamPart], points: dict[int, int | None]) -> Evaluation:
    """Pass/fail of an exam from the points per section id, by the exam type's rules (data).

    `parts` must come with their sections prefetched."""
    scored_parts = []
    for part in parts:
        sections = list(part.sections.all())
        values = [points.get(section.pk) for section in sections]
        if any(v is None for v in values):
            scored_parts.append(PartScore(part, None, part.max_points, None))
            continue
        total = sum(v for v in values if v is not None)
        scored_parts.append(PartScore(part, total, part.max_points, total >= part.pass_points))
    complete = all(p.passed is not None for p in scored_parts) and bool(scored_parts)
    return Evaluation(
        parts=tuple(scored_parts),
        total=sum(p.points or 0 for p in scored_parts),
        max_total=sum(p.max_points for p in scored_parts),
        passed=all(p.passed for p in scored_parts) if complete else None,
    )


def exam_parts(exam_type_ids: Iterable[str]) -> dict[str, list[ExamPart]]:
    """Parts with their sections for the given exam types (2 queries)."""
    parts = ExamPart.objects.filter(exam_type_id__in=set(exam_type_ids)).prefetch_related(
        "sections"
    )
    result: dict[str, list[ExamPart]] = defaultdict(list)
    for part in parts:
        result[part.exam_type_id].append(part)
    return result


@dataclass(frozen=True)
class ResultRow:
    result: ExamResult
    evaluation: Evaluation
    points: dict[int, int | None] = field(default_factory=dict)


def result_rows(results: Sequence[ExamResult]) -> list[ResultRow]:
    """Evaluated results; `results` must have `scores` prefetched (2 more queries)."""
    parts = exam_parts(r.sitting.exam_type_id for r in results)
    rows = []
    for result in results:
        points: dict[int, int | None] = {s.section_id: s.points for s in result.scores.all()}
        rows.append(ResultRow(result, evaluate(parts[result.sitting.exam_type_id], points), points))
    return rows


# --- facts for the monitoring report (DESIGN.md §5) -------------------------------------------


def _period(
    qs: QuerySet[Any],
    field_name: str,
    date_from: date,
    date_to: date,
    office: Any,
    office_path: str,
) -> QuerySet[Any]:
    qs = qs.filter(**{f"{field_name}__gte": date_from, f"{field_name}__lte": date_to})
    if office is not None:
        qs = qs.filter(**{office_path: office})
    return qs


def present_engagements(date_from: date, date_to: date, office: Any = None) -> QuerySet[Any]:
    """Distinct (client_id, date, activity_id) rows: a client present at a lesson that day."""
    qs = Attendance.objects.filter(
        status=AttendanceStatus.PRESENT, lesson__cancelled=False, enrolment__client__isnull=False
    )
    return (
        _period(qs, "lesson__date", date_from, date_to, office, "lesson__course__office")
        .values_list("enrolment__client_id", "lesson__date", "lesson__course__activity_id")
        .distinct()
    )


def lesson_minutes_by_activity(
    date_from: date, date_to: date, office: Any = None, today: date | None = None
) -> dict[str, int]:
    """Minutes of the lessons that took place in the period, per activity code."""
    today = today or timezone.localdate()
    qs = _period(Lesson.objects.held(today), "date", date_from, date_to, office, "course__office")
    rows = qs.values("course__activity_id").annotate(minutes=Sum("minutes"))
    return {row["course__activity_id"]: row["minutes"] or 0 for row in rows}


def courses_run(
    date_from: date, date_to: date, office: Any = None, today: date | None = None
) -> dict[str, int]:
    """Courses with at least one lesson held in the period, per activity code."""
    today = today or timezone.localdate()
    held = _period(Lesson.objects.held(today), "date", date_from, date_to, office, "course__office")
    rows = (
        Course.objects.filter(pk__in=held.values("course_id"))
        .values("activity_id")
        .annotate(n=Count("pk"))
    )
    return {row["activity_id"]: row["n"] for row in rows}


def completions(date_from: date, date_to: date, office: Any = None) -> dict[str, int]:
    """Enrolments completed in the period (dated by their last lesson), per activity code."""
    qs = _period(
        Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED),
        "completed_on",
        date_from,
        date_to,
        office,
        "course__office",
    )
    rows = qs.values("course__activity_id").annotate(n=Count("pk"))
    return {row["course__activity_id"]: row["n"] for row in rows}


def improved_participants(date_from: date, date_to: date, office: Any = None) -> QuerySet[Any]:
    """Client ids whose exit CEFR level is above the entry level, in courses ending in the
    period (a client counts once, however many courses they improved in)."""
    qs = _period(
        Enrolment.objects.filter(
            client__isnull=False,
            entry_level__isnull=False,
            exit_level__gt=F("entry_level"),
        ),
        "course__end_date",
        date_from,
        date_to,
        office,
        "course__office",
    )
    return qs.values_list("client_id", flat=True).distinct()
