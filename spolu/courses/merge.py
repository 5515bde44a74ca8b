"""Merging duplicate clients: enrolments and exam results of the duplicate move to the survivor.

When both records are in the same course, the two enrolments become one: every lesson keeps the
better of the two marks (present over excused over absent), the status is the further one, and
levels and notes are kept. When both sat the same exam, the result recorded last is kept and the
other is written to the audit log, so nothing is lost silently.
"""

from __future__ import annotations

from typing import Any

from spolu.clients.models import Client
from spolu.core import audit
from spolu.courses.models import (
    AttendanceStatus,
    Course,
    Enrolment,
    EnrolmentStatus,
    ExamResult,
)

ATTENDANCE_RANK = {
    AttendanceStatus.ABSENT: 0,
    AttendanceStatus.EXCUSED: 1,
    AttendanceStatus.PRESENT: 2,
}
STATUS_RANK = {
    EnrolmentStatus.DROPPED: 0,
    EnrolmentStatus.APPLIED: 1,
    EnrolmentStatus.WAITING: 2,
    EnrolmentStatus.ENROLLED: 3,
    EnrolmentStatus.COMPLETED: 4,
}


def _earliest(*days: Any) -> Any:
    present = [d for d in days if d is not None]
    return min(present) if present else None


def _combine(keep: Enrolment, other: Enrolment) -> None:
    mine = {a.lesson_id: a for a in keep.attendance.all()}
    for row in other.attendance.all():
        existing = mine.get(row.lesson_id)
        if existing is None:
            row.enrolment = keep
            row.save(update_fields=["enrolment"])
        else:
            if ATTENDANCE_RANK[row.status] > ATTENDANCE_RANK[existing.status]:  # type: ignore[index]
                existing.status = row.status
                existing.save(update_fields=["status"])
            row.delete()
    if STATUS_RANK[other.status] > STATUS_RANK[keep.status]:  # type: ignore[index]
        keep.status = other.status
        keep.dropped_on, keep.drop_reason = other.dropped_on, other.drop_reason
        keep.completed_on = other.completed_on
        keep.waiting_since = other.waiting_since
    keep.enrolled_on = _earliest(keep.enrolled_on, other.enrolled_on)
    keep.applied_on = _earliest(keep.applied_on, other.applied_on)
    if keep.entry_level is None:
        keep.entry_level = other.entry_level
    if other.exit_level is not None and (
        keep.exit_level is None or other.exit_level > keep.exit_level
    ):
        keep.exit_level = other.exit_level
    keep.guardian = keep.guardian or other.guardian
    keep.guardian_name = keep.guardian_name or other.guardian_name
    if other.note and other.note not in keep.note:
        keep.note = f"{keep.note}\n{other.note}".strip()
    keep.version += 1
    keep.save()
    other.delete()


def merge_enrolments(*, survivor: Client, duplicate: Client) -> None:
    """Move the duplicate's enrolments to the survivor. Where both were in one course the two
    become one, which may free a place: those courses are locked first (as every service that
    counts places does) and their waiting lists move up."""
    from spolu.courses.services import completion_refresh, waiting_list_promote

    kept = {e.course_id: e for e in Enrolment.objects.filter(client=survivor)}
    others = list(Enrolment.objects.filter(client=duplicate))
    shared = {other.course_id for other in others if other.course_id in kept}
    # One query, in primary-key order, so that two merges never wait for each other in a circle.
    touched = list(Course.objects.select_for_update().filter(pk__in=shared).order_by("pk"))
    for other in others:
        keep = kept.get(other.course_id)
        if keep is None:
            other.client = survivor
            other.save(update_fields=["client"])
            continue
        _combine(keep, other)
    Enrolment.objects.filter(guardian=duplicate).update(guardian=survivor)
    for course in touched:
        waiting_list_promote(course=course)
        completion_refresh(course=course)
    # Attendance rows point at enrolments, never at clients: nothing else to move.


def merge_exam_results(*, survivor: Client, duplicate: Client) -> None:
    kept = {r.sitting_id: r for r in ExamResult.objects.filter(client=survivor)}
    for other in ExamResult.objects.filter(client=duplicate).prefetch_related("scores"):
        keep = kept.get(other.sitting_id)
        if keep is None:
            other.client = survivor
            other.save(update_fields=["client"])
            continue
        newer, older = (
            (other, keep)
            if (
                other.recorded_at
                and (keep.recorded_at is None or other.recorded_at > keep.recorded_at)
            )
            else (keep, other)
        )
        audit.log_event(
            newer,
            "merged with a duplicate result of the same sitting",
            dropped_points={str(s.section_id): s.points for s in older.scores.all()},
            dropped_passed=older.passed,
        )
        if newer is other:
            keep.delete()
            other.client = survivor
            other.save(update_fields=["client"])
        else:
            other.delete()
