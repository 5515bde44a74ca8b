"""Writes to courses, lessons, enrolments, attendance and mock exams.

Every function is atomic, validates, and refuses with a translated `SpoluError`. Invariants that
two people could break at the same moment take a row lock: the course row for its capacity
(`select_for_update` before counting places), the lesson row for its attendance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.clients.models import Client
from spolu.core import audit
from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.models import User
from spolu.courses import queries
from spolu.courses.models import (
    KIND_ACTIVITIES,
    PLACE_HOLDING,
    Attendance,
    AttendanceStatus,
    Course,
    CourseBreak,
    CourseKind,
    CourseSlot,
    Enrolment,
    EnrolmentStatus,
    Lesson,
    LessonEvidence,
)
from spolu.courses.schedule import BreakSpec, SlotSpec, planned_lessons

COURSE_FIELDS = {
    "office",
    "kind",
    "activity",
    "title",
    "level",
    "description",
    "place",
    "capacity",
    "language",
    "interpretation_language",
    "start_date",
    "end_date",
    "skip_public_holidays",
    "completion_threshold",
    "public",
}


# StaleObjectError's own message, in this app's catalogue so that it is always translated.
STALE = _(
    "Someone else changed this record after you opened it. Your changes were not saved: reload "
    "the page to see the current version and make your changes again."
)


def _today() -> date:
    return timezone.localdate()


def _validation_error_message(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _day_list(days: Iterable[date]) -> str:
    """Dates for a message, in the Czech way (e.g. "3. 3. 2025, 5. 3. 2025")."""
    return ", ".join(f"{d.day}. {d.month}. {d.year}" for d in sorted(set(days)))


# --- courses and their schedule ---------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleChange:
    created: int
    removed: int


def _apply_course_fields(course: Course, fields: dict[str, Any]) -> None:
    unknown = set(fields) - COURSE_FIELDS
    if unknown:
        raise TypeError(f"not course fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(course, name, value)
    if course.kind and not course.activity_id:
        course.activity_id = KIND_ACTIVITIES[course.kind][0]


@transaction.atomic
def course_create(
    *,
    actor: User | None,
    teachers: Iterable[User] = (),
    slots: Iterable[SlotSpec] = (),
    breaks: Iterable[BreakSpec] = (),
    **fields: Any,
) -> Course:
    """Create a course with its weekly slots and breaks, and generate its lessons."""
    course = Course(created_by=actor)
    _apply_course_fields(course, fields)
    course.full_clean()
    course.save()
    course.teachers.set(list(teachers))
    _save_slots(course, slots, breaks)
    schedule_apply(course=course, from_day=course.start_date)
    return course


@transaction.atomic
def course_update(
    *,
    actor: User | None,
    course: Course,
    expected_version: int,
    teachers: Iterable[User] | None = None,
    **fields: Any,
) -> tuple[Course, ScheduleChange, list[Enrolment]]:
    """Save changes unless someone else saved the course since `expected_version` was read.

    A changed first or last day regenerates the future lessons; a larger capacity moves the
    waiting list up. Returns the course, the schedule change and the participants who moved up.
    """
    current = Course.objects.select_for_update().get(pk=course.pk)
    if current.version != expected_version:
        raise StaleObjectError(STALE)
    dates_before = (current.start_date, current.end_date, current.skip_public_holidays)
    kind_before, office_before = current.kind, current.office_id
    _apply_course_fields(current, fields)
    if (kind_before, office_before) != (current.kind, current.office_id):
        _check_participants_fit(current, kind_before, office_before)
    taken = current.enrolments.holding_places().count()
    if current.capacity is not None and current.capacity < taken:
        raise SpoluError(
            _(
                "%(count)d participants are enrolled, so the capacity cannot be lower than that. "
                "Record drop-outs first."
            )
            % {"count": taken},
            code="capacity_below_enrolled",
        )
    current.version += 1
    current.full_clean()
    current.save()
    if teachers is not None:
        current.teachers.set(list(teachers))
    change = ScheduleChange(0, 0)
    if dates_before != (current.start_date, current.end_date, current.skip_public_holidays):
        # From the earlier of the two first days: a later start must not leave the lessons
        # between the old and the new first day behind.
        earliest_start = min(dates_before[0], current.start_date)
        change = schedule_apply(course=current, from_day=max(_today(), earliest_start))
    promoted = waiting_list_promote(course=current)
    # A changed threshold or schedule changes who completed (completion is computed).
    completion_refresh(course=current)
    return current, change, promoted


def _participant_group(kind: str) -> str:
    """Who takes part in a kind of course: clients, children with guardians, or professionals."""
    if kind == CourseKind.PROFESSIONALS:
        return "professionals"
    if kind == CourseKind.TUTORING:
        return "children"
    return "clients"


def _check_participants_fit(course: Course, kind_before: str, office_before: int) -> None:
    """Refuse a change of kind or office that the existing participants would not fit."""
    if not course.enrolments.exists():
        return
    if _participant_group(kind_before) != _participant_group(course.kind):
        raise SpoluError(
            _(
                "The course already has participants, so it cannot change between a course for "
                "clients, a tutoring group for children and a training for professionals: "
                "participants are recorded differently in each. Create a new course instead."
            ),
            code="kind_change_with_participants",
        )
    if office_before != course.office_id:
        raise SpoluError(
            _(
                "The course already has participants, so it cannot move to another office: its "
                "participants, attendance and hours are reported under the office and seen by "
                "its staff. Create a new course in the other office instead."
            ),
            code="office_change_with_participants",
        )


def _save_slots(course: Course, slots: Iterable[SlotSpec], breaks: Iterable[BreakSpec]) -> None:
    for spec in slots:
        slot = CourseSlot(
            course=course, weekday=spec.weekday, starts_at=spec.starts_at, ends_at=spec.ends_at
        )
        slot.full_clean()
        slot.save()
    for holiday in breaks:
        pause = CourseBreak(
            course=course,
            first_day=holiday.first_day,
            last_day=holiday.last_day,
            reason=holiday.reason,
        )
        pause.full_clean()
        pause.save()


@transaction.atomic
def schedule_set(
    *,
    actor: User | None,
    course: Course,
    expected_version: int,
    slots: Sequence[SlotSpec],
    breaks: Sequence[BreakSpec],
) -> ScheduleChange:
    """Replace the weekly slots and breaks; lessons from today on follow the new schedule."""
    current = Course.objects.select_for_update().get(pk=course.pk)
    if current.version != expected_version:
        raise StaleObjectError(STALE)
    current.slots.all().delete()
    current.breaks.all().delete()
    _save_slots(current, slots, breaks)
    current.version += 1
    current.save(update_fields=["version", "updated_at"])
    change = schedule_apply(course=current, from_day=max(_today(), current.start_date))
    completion_refresh(course=current)
    return change


def schedule_apply(*, course: Course, from_day: date) -> ScheduleChange:
    """Make the lessons dated `from_day` or later match the weekly slots.

    Only lessons exactly as generated are replaced: a lesson that was moved, cancelled or added
    by hand stays, and so does any lesson with attendance or evidence. Earlier lessons are
    touched only when they fall outside the course's first and last day: those are removed, and
    if one of them has attendance or evidence the change is refused (the caller's transaction
    is rolled back).
    """
    removed_outside = _remove_lessons_outside(course)
    planned = planned_lessons(
        start=max(course.start_date, from_day),
        end=course.end_date,
        slots=[SlotSpec(s.weekday, s.starts_at, s.ends_at) for s in course.slots.all()],
        breaks=[BreakSpec(b.first_day, b.last_day) for b in course.breaks.all()],
        skip_public_holidays=course.skip_public_holidays,
    )
    wanted = {(p.date, p.starts_at, p.ends_at) for p in planned}
    existing = list(
        course.lessons.filter(date__gte=from_day).prefetch_related("attendance", "evidence")
    )
    moved_away = set(
        course.lessons.filter(moved_from__isnull=False).values_list("moved_from", flat=True)
    )
    keep: set[tuple[date, time]] = set()
    remove: list[int] = []
    for lesson in existing:
        untouched = lesson.generated and not lesson.attendance.all() and not lesson.evidence.all()
        if untouched and (lesson.date, lesson.starts_at, lesson.ends_at) not in wanted:
            remove.append(lesson.pk)
        else:
            keep.add((lesson.date, lesson.starts_at))
    Lesson.objects.filter(pk__in=remove).delete()
    new = []
    for p in planned:
        if (p.date, p.starts_at) in keep or p.date in moved_away:
            continue
        lesson = Lesson(
            course=course, date=p.date, starts_at=p.starts_at, ends_at=p.ends_at, generated=True
        )
        lesson.minutes = lesson.length_in_minutes()
        new.append(lesson)
    Lesson.objects.bulk_create(new)
    return ScheduleChange(created=len(new), removed=len(remove) + removed_outside)


def _remove_lessons_outside(course: Course) -> int:
    outside = course.lessons.exclude(date__range=(course.start_date, course.end_date))
    recorded = outside.filter(Q(attendance__isnull=False) | Q(evidence__isnull=False))
    recorded_days = list(recorded.values_list("date", flat=True).distinct())
    if recorded_days:
        raise SpoluError(
            _(
                "Attendance or a signed sheet is recorded for lessons on %(dates)s, which would "
                "fall outside the course's new first and last day. Keep those days within the "
                "course."
            )
            % {"dates": _day_list(recorded_days)},
            code="recorded_lessons_outside",
        )
    ids = list(outside.values_list("pk", flat=True))
    if ids:
        Lesson.objects.filter(pk__in=ids).delete()
    return len(ids)


@transaction.atomic
def course_cancel(*, actor: User | None, course: Course, expected_version: int) -> Course:
    """Cancel a course: its future lessons are cancelled, recorded attendance stays."""
    current = Course.objects.select_for_update().get(pk=course.pk)
    if current.version != expected_version:
        raise StaleObjectError(STALE)
    current.cancelled = True
    current.version += 1
    current.save(update_fields=["cancelled", "version", "updated_at"])
    current.lessons.filter(date__gt=_today(), cancelled=False).update(
        cancelled=True, cancel_reason=str(_("The course was cancelled.")), generated=False
    )
    # With no lessons left to hold, the course is finished: who reached the threshold completed.
    completion_refresh(course=current)
    return current


def _check_not_cancelled(course: Course) -> None:
    if course.cancelled:
        raise SpoluError(
            _("The course was cancelled, so its lessons cannot be added or restored."),
            code="course_cancelled",
        )


# --- lessons ----------------------------------------------------------------------------------


def _check_lesson_within_course(course: Course, day: date) -> None:
    if not (course.start_date <= day <= course.end_date):
        raise SpoluError(
            _("The lesson must be between the course's first and last day (%(start)s – %(end)s).")
            % {
                "start": course.start_date.strftime("%d. %m. %Y"),
                "end": course.end_date.strftime("%d. %m. %Y"),
            },
            code="outside_course",
        )


@transaction.atomic
def lesson_add(
    *,
    actor: User | None,
    course: Course,
    date: date,
    starts_at: time,
    ends_at: time,
    place: str = "",
    topic: str = "",
) -> Lesson:
    course = lock_course(course)
    _check_not_cancelled(course)
    _check_lesson_within_course(course, date)
    lesson = Lesson(
        course=course, date=date, starts_at=starts_at, ends_at=ends_at, place=place, topic=topic
    )
    lesson.full_clean()
    lesson.save()
    completion_refresh(course=course)
    return lesson


def _locked_lesson(lesson: Lesson, expected_version: int) -> Lesson:
    current = Lesson.objects.select_for_update().select_related("course").get(pk=lesson.pk)
    if current.version != expected_version:
        raise StaleObjectError(STALE)
    return current


@transaction.atomic
def lesson_update(
    *,
    actor: User | None,
    lesson: Lesson,
    expected_version: int,
    date: date,
    starts_at: time,
    ends_at: time,
    place: str = "",
    topic: str = "",
) -> Lesson:
    """Move a lesson (another day or time) or change its place or topic."""
    current = _locked_lesson(lesson, expected_version)
    if date != current.date:
        if current.attendance.exists():
            raise SpoluError(
                _("Attendance was recorded for this lesson, so it cannot move to another day."),
                code="moved_with_attendance",
            )
        _check_lesson_within_course(current.course, date)
        if current.moved_from is None:
            current.moved_from = current.date
    if (date, starts_at, ends_at) != (current.date, current.starts_at, current.ends_at):
        current.generated = False
    current.date, current.starts_at, current.ends_at = date, starts_at, ends_at
    current.place, current.topic = place, topic
    current.version += 1
    current.full_clean()
    current.save()
    completion_refresh(course=current.course)
    return current


@transaction.atomic
def lesson_cancel(
    *, actor: User | None, lesson: Lesson, expected_version: int, reason: str
) -> Lesson:
    current = _locked_lesson(lesson, expected_version)
    if current.attendance.filter(status=AttendanceStatus.PRESENT).exists():
        raise SpoluError(
            _("Participants were marked present at this lesson, so it cannot be cancelled."),
            code="cancel_with_attendance",
        )
    current.attendance.all().delete()
    current.cancelled = True
    current.cancel_reason = reason.strip()
    current.generated = False
    current.version += 1
    current.save()
    completion_refresh(course=current.course)
    return current


@transaction.atomic
def lesson_restore(*, actor: User | None, lesson: Lesson, expected_version: int) -> Lesson:
    current = _locked_lesson(lesson, expected_version)
    _check_not_cancelled(current.course)
    current.cancelled = False
    current.cancel_reason = ""
    current.version += 1
    current.save()
    completion_refresh(course=current.course)
    return current


# --- enrolment and the waiting list -----------------------------------------------------------


@dataclass(frozen=True)
class Professional:
    name: str
    institution: str = ""
    role: str = ""
    email: str = ""


def lock_course(course: Course) -> Course:
    """Lock the course row: whoever counts its free places next waits until we commit."""
    return Course.objects.select_for_update().get(pk=course.pk)


def free_places(course: Course) -> int:
    return max(course.capacity - course.enrolments.holding_places().count(), 0)


def _check_open(course: Course) -> None:
    if course.cancelled:
        raise SpoluError(_("The course was cancelled."), code="course_cancelled")
    if course.end_date < _today():
        raise SpoluError(_("The course has already ended."), code="course_ended")


def _take_place_or_wait(course: Course, enrolment: Enrolment, on: date) -> None:
    if free_places(course) > 0:
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.enrolled_on = on
        enrolment.waiting_since = None
    else:
        enrolment.status = EnrolmentStatus.WAITING
        enrolment.enrolled_on = None
        enrolment.waiting_since = timezone.now()


@transaction.atomic
def enrolment_create(
    *,
    actor: User | None,
    course: Course,
    client: Client | None = None,
    professional: Professional | None = None,
    guardian: Client | None = None,
    guardian_name: str = "",
    entry_level: int | None = None,
    note: str = "",
    application_only: bool = False,
    enrolled_on: date | None = None,
) -> Enrolment:
    """Enrol a participant: into a free place, else onto the waiting list.

    With `application_only` the participant has only applied (e.g. waiting for the placement
    test) and takes no place until `enrolment_confirm`. Ineligible clients may be enrolled; the
    enrolment is kept and reported separately.
    """
    course = lock_course(course)
    _check_open(course)
    today = _today()
    if course.for_professionals:
        if client is not None or professional is None or not professional.name.strip():
            raise SpoluError(
                _(
                    "Participants of a training for professionals are entered by name, "
                    "not as clients."
                ),
                code="professional_expected",
            )
    elif client is None:
        raise SpoluError(_("Choose the client to enrol."), code="client_expected")
    if client is not None:
        if client.merged_into_id:
            raise SpoluError(
                _("This client record was merged into another one; enrol that one instead."),
                code="merged_client",
            )
        if Enrolment.objects.filter(course=course, client=client).exists():
            raise SpoluError(
                _("%(name)s is already a participant of this course.")
                % {"name": client.display_name},
                code="already_enrolled",
            )
        if course.for_children:
            guardian = guardian or client.guardian
            guardian_name = guardian_name.strip() or client.guardian_note
            age = client.age_on(max(course.start_date, today))
            if age is not None and age < 18 and guardian is None and not guardian_name:
                raise SpoluError(
                    _("Record the guardian of %(name)s: children are enrolled with their guardian.")
                    % {"name": client.display_name},
                    code="guardian_missing",
                )
    enrolment = Enrolment(
        course=course,
        client=client,
        guardian=guardian,
        guardian_name=guardian_name.strip(),
        entry_level=entry_level,
        note=note,
        applied_on=today,
        created_by=actor,
    )
    if professional is not None:
        enrolment.professional_name = professional.name.strip()
        enrolment.professional_institution = professional.institution.strip()
        enrolment.professional_role = professional.role.strip()
        enrolment.professional_email = professional.email.strip()
    if application_only:
        enrolment.status = EnrolmentStatus.APPLIED
    else:
        _take_place_or_wait(course, enrolment, enrolled_on or today)
    enrolment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as exc:
        raise SpoluError(
            _("This participant is already enrolled in the course."), code="already_enrolled"
        ) from exc
    return enrolment


@transaction.atomic
def enrolment_confirm(*, actor: User | None, enrolment: Enrolment) -> Enrolment:
    """An applicant takes a free place, or joins the waiting list when the course is full."""
    course = lock_course(enrolment.course)
    _check_open(course)
    current = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if current.status != EnrolmentStatus.APPLIED:
        raise SpoluError(_("Only an application can be confirmed."), code="not_applied")
    _take_place_or_wait(course, current, _today())
    current.version += 1
    current.save()
    return current


@transaction.atomic
def enrolment_drop(
    *,
    actor: User | None,
    enrolment: Enrolment,
    dropped_on: date | None = None,
    reason: str = "",
) -> tuple[Enrolment, list[Enrolment]]:
    """Record that a participant left (or withdrew an application). A freed place goes to the
    first on the waiting list. Returns the enrolment and whoever moved up."""
    course = lock_course(enrolment.course)
    current = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    today = _today()
    dropped_on = dropped_on or today
    if current.status in (EnrolmentStatus.DROPPED, EnrolmentStatus.COMPLETED):
        raise SpoluError(
            _("The participant has already completed or left the course."), code="not_active"
        )
    if dropped_on > today:
        raise SpoluError(_("A drop-out cannot be recorded in advance."), code="future_drop")
    if current.enrolled_on and dropped_on < current.enrolled_on:
        raise SpoluError(
            _("The participant cannot drop out before enrolling."), code="drop_before_enrol"
        )
    held_place = current.status in PLACE_HOLDING
    if held_place:
        present_later = Attendance.objects.filter(
            enrolment=current, lesson__date__gte=dropped_on, status=AttendanceStatus.PRESENT
        ).values_list("lesson__date", flat=True)
        if present_later:
            raise SpoluError(
                _(
                    "%(name)s was marked present on %(dates)s, on or after the day of leaving. "
                    "Choose a later day of leaving, or correct the attendance of those lessons "
                    "first."
                )
                % {"name": current.participant_name, "dates": _day_list(present_later)},
                code="present_after_drop",
            )
    else:
        current.enrolled_on = None
    current.status = EnrolmentStatus.DROPPED
    current.dropped_on = dropped_on if held_place else today
    current.drop_reason = reason.strip()
    current.waiting_since = None
    current.version += 1
    current.full_clean(validate_constraints=False)
    current.save()
    if held_place:
        # Absences and excuses recorded after the drop-out date belong to nobody: remove them
        # (a "present" mark there was refused above).
        Attendance.objects.filter(enrolment=current, lesson__date__gte=dropped_on).delete()
    promoted = waiting_list_promote(course=course) if held_place else []
    completion_refresh(course=course)
    return current, promoted


def waiting_list_promote(*, course: Course) -> list[Enrolment]:
    """Fill free places from the waiting list, longest waiting first. The caller holds the
    course row lock (every service that frees a place does)."""
    if course.cancelled or course.end_date < _today():
        return []
    free = free_places(course)
    if free <= 0:
        return []
    waiting = list(
        course.enrolments.select_for_update()
        .filter(status=EnrolmentStatus.WAITING)
        .order_by("waiting_since", "pk")[:free]
    )
    today = _today()
    for enrolment in waiting:
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.enrolled_on = today
        enrolment.waiting_since = None
        enrolment.version += 1
    Enrolment.objects.bulk_update(waiting, ["status", "enrolled_on", "waiting_since", "version"])
    for enrolment in waiting:
        audit.log_event(enrolment, "moved up from the waiting list")
    return waiting


ENROLMENT_FIELDS = {
    "entry_level",
    "exit_level",
    "guardian",
    "guardian_name",
    "note",
    "enrolled_on",
    "professional_name",
    "professional_institution",
    "professional_role",
    "professional_email",
}


@transaction.atomic
def enrolment_update(
    *, actor: User | None, enrolment: Enrolment, expected_version: int, **fields: Any
) -> Enrolment:
    """Change levels, guardian, note or the enrolment date (not the status: see the other
    services; completion is computed)."""
    unknown = set(fields) - ENROLMENT_FIELDS
    if unknown:
        raise TypeError(f"not enrolment fields: {sorted(unknown)}")
    current = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
    if current.version != expected_version:
        raise StaleObjectError(STALE)
    if "enrolled_on" in fields and current.status not in PLACE_HOLDING:
        fields.pop("enrolled_on")
    if fields.get("enrolled_on") and fields["enrolled_on"] > _today():
        raise SpoluError(_("The enrolment date cannot be in the future."), code="future_enrol")
    if fields.get("enrolled_on") and fields["enrolled_on"] != current.enrolled_on:
        # A mark before the enrolment date would count towards no held lesson (a rate above
        # 100 %): the date may move only as far as the first recorded lesson.
        marked_before = current.attendance.filter(
            lesson__date__lt=fields["enrolled_on"]
        ).values_list("lesson__date", flat=True)
        if marked_before:
            raise SpoluError(
                _(
                    "Attendance of %(name)s is recorded on %(dates)s, before that enrolment "
                    "date. Choose a date no later than the first recorded lesson."
                )
                % {"name": current.participant_name, "dates": _day_list(marked_before)},
                code="enrolled_after_attendance",
            )
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current.full_clean(validate_constraints=False)
    current.save()
    completion_refresh(course=current.course)
    return current


# --- attendance and completion ----------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceSaved:
    lesson: Lesson
    saved: int
    counts: dict[str, int]


@transaction.atomic
def attendance_record(
    *,
    actor: User | None,
    lesson: Lesson,
    marks: Mapping[int, str],
    expected_version: int,
    topic: str | None = None,
) -> AttendanceSaved:
    """Save the attendance of a lesson in one go (`marks`: enrolment id → status).

    Only for a lesson that took place (not cancelled, not in the future) and only for
    participants enrolled on its date. The lesson row is locked, so two people saving the same
    lesson cannot overwrite each other unnoticed. A fixed number of queries, whatever the size
    of the class.
    """
    current = _locked_lesson(lesson, expected_version)
    today = _today()
    if current.cancelled:
        raise SpoluError(
            _("The lesson was cancelled, so there is no attendance to record."), code="cancelled"
        )
    if current.is_future():
        raise SpoluError(
            _("Attendance can be recorded only for lessons that have taken place."),
            code="future_lesson",
        )
    valid = set(AttendanceStatus.values)
    if any(status not in valid for status in marks.values()):
        raise SpoluError(_("Unknown attendance status."), code="bad_status")
    allowed = set(
        Enrolment.objects.filter(course_id=current.course_id)
        .active_on(current.date)
        .values_list("pk", flat=True)
    )
    if set(marks) - allowed:
        raise SpoluError(
            _(
                "Attendance can be recorded only for participants enrolled on the day of the "
                "lesson."
            ),
            code="not_enrolled",
        )
    now = timezone.now()
    rows = [
        Attendance(
            lesson=current,
            enrolment_id=enrolment_id,
            status=status,
            recorded_at=now,
            recorded_by=actor,
        )
        for enrolment_id, status in marks.items()
    ]
    if rows:
        Attendance.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["lesson", "enrolment"],
            update_fields=["status", "recorded_at", "recorded_by"],
        )
    current.attendance_recorded_at = now
    current.attendance_recorded_by = actor
    if topic is not None:
        current.topic = topic.strip()[:300]
    current.version += 1
    current.save(
        update_fields=["attendance_recorded_at", "attendance_recorded_by", "topic", "version"]
    )
    counts = dict.fromkeys(AttendanceStatus.values, 0)
    for status in marks.values():
        counts[status] += 1
    # Rows are written in bulk (no per-row signals): one audit entry carries the whole sheet.
    audit.log_event(
        current,
        "attendance recorded",
        marks={str(k): v for k, v in sorted(marks.items())},
    )
    completion_refresh(course=current.course, today=today)
    return AttendanceSaved(current, len(rows), counts)


def completion_refresh(*, course: Course, today: date | None = None) -> int:
    """Recompute who completed the course, from attendance (never typed by anyone).

    Once the course has no lessons left to hold, every enrolled participant whose attendance
    rate reaches the threshold is `completed` (dated by the last lesson); everyone else stays
    `enrolled`. Four queries. Returns the number of enrolments that changed.
    """
    today = today or _today()
    dates = list(
        Lesson.objects.filter(course_id=course.pk, cancelled=False).values_list("date", flat=True)
    )
    held = [day for day in dates if day <= today]
    finished = bool(held) and len(held) == len(dates)
    enrolments = list(course.enrolments.filter(status__in=PLACE_HOLDING))
    rates = queries.attendance_rates(enrolments, held) if finished else {}
    last_day = max(held) if held else None
    changed = []
    for enrolment in enrolments:
        rate = rates.get(enrolment.pk)
        completes = finished and rate is not None and rate.reaches(course.completion_threshold)
        status = EnrolmentStatus.COMPLETED if completes else EnrolmentStatus.ENROLLED
        completed_on = last_day if completes else None
        if (enrolment.status, enrolment.completed_on) != (status, completed_on):
            enrolment.status, enrolment.completed_on = status, completed_on
            changed.append(enrolment)
    if changed:
        Enrolment.objects.bulk_update(changed, ["status", "completed_on"])
    return len(changed)


def completions_refresh_finished(*, today: date | None = None, days: int = 7) -> int:
    """Refresh completion in every course whose last lesson was held in the last `days` days.

    Completion changes with time only on the day a course's last lesson passes; nothing is
    written then, so a daily job (`tasks.refresh_completions`) does it. Looking back a week
    catches up when the job did not run for a few days. Returns the number of courses.
    """
    today = today or _today()
    courses = list(
        Course.objects.filter(cancelled=False, enrolments__status__in=PLACE_HOLDING)
        .annotate(last_lesson=Max("lessons__date", filter=Q(lessons__cancelled=False)))
        .filter(last_lesson__lte=today, last_lesson__gte=today - timedelta(days=days))
        .distinct()
        .order_by("pk")
    )
    for course in courses:
        with transaction.atomic():
            completion_refresh(course=lock_course(course), today=today)
    return len(courses)


# --- evidence ---------------------------------------------------------------------------------

SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]


def sniff_content_type(upload: UploadedFile) -> str | None:
    """PDF, JPEG or PNG by the file's content (its name and declared type are not trusted)."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            if content_type.startswith("image/") and not _image_is_readable(upload):
                return None
            return content_type
    return None


def _image_is_readable(upload: UploadedFile) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    finally:
        upload.seek(0)
    return True


@transaction.atomic
def evidence_add(*, actor: User | None, lesson: Lesson, upload: UploadedFile) -> LessonEvidence:
    """Attach the scan of the signed attendance sheet (PDF, JPEG or PNG) to a lesson."""
    limit = settings.SPOLU_UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise SpoluError(
            _("The file is too large: at most %(mb)d MB.") % {"mb": limit // (1024 * 1024)},
            code="too_large",
        )
    if upload.size == 0:
        raise SpoluError(_("The file is empty."), code="empty")
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise SpoluError(
            _("Upload a PDF, JPEG or PNG file (a scan or a photo of the signed sheet)."),
            code="bad_type",
        )
    if lesson.is_future():
        raise SpoluError(
            _("Evidence can be attached only to a lesson that has taken place."),
            code="future_lesson",
        )
    evidence = LessonEvidence(
        lesson=lesson,
        original_name=(upload.name or "scan")[-255:],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    evidence.file.save(evidence_upload_name(evidence), upload, save=False)
    evidence.save()
    return evidence


def evidence_upload_name(evidence: LessonEvidence) -> str:
    from spolu.courses.models import evidence_upload_to

    return evidence_upload_to(evidence, evidence.original_name)


@transaction.atomic
def evidence_delete(*, actor: User | None, evidence: LessonEvidence) -> None:
    evidence.file.delete(save=False)
    evidence.delete()
