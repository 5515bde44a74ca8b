"""Writes of mock exams (A09): sittings, candidates and their section scores.

Pass/fail is computed from the scores by the exam type's rules (`queries.evaluate`), never typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.clients.models import Client
from spolu.core import audit
from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.models import User
from spolu.courses import queries
from spolu.courses.models import ExamPart, ExamResult, ExamSitting, SectionScore
from spolu.courses.services import STALE

SITTING_FIELDS = {"exam_type", "office", "date", "starts_at", "place", "examiner", "course", "note"}


@transaction.atomic
def sitting_create(*, actor: User | None, **fields: Any) -> ExamSitting:
    unknown = set(fields) - SITTING_FIELDS
    if unknown:
        raise TypeError(f"not sitting fields: {sorted(unknown)}")
    sitting = ExamSitting(created_by=actor, **fields)
    sitting.full_clean()
    sitting.save()
    return sitting


@transaction.atomic
def sitting_update(*, actor: User | None, sitting: ExamSitting, **fields: Any) -> ExamSitting:
    unknown = set(fields) - SITTING_FIELDS
    if unknown:
        raise TypeError(f"not sitting fields: {sorted(unknown)}")
    current = ExamSitting.objects.select_for_update().get(pk=sitting.pk)
    changes_exam = "exam_type" in fields and fields["exam_type"].pk != current.exam_type_id
    if changes_exam and SectionScore.objects.filter(result__sitting=current).exists():
        raise SpoluError(
            _("Scores were recorded for this sitting, so its exam cannot change."),
            code="exam_type_fixed",
        )
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def candidate_add(*, actor: User | None, sitting: ExamSitting, client: Client) -> ExamResult:
    if client.merged_into_id:
        raise SpoluError(
            _("This client record was merged into another one; choose that one instead."),
            code="merged_client",
        )
    if ExamResult.objects.filter(sitting=sitting, client=client).exists():
        raise SpoluError(
            _("%(name)s is already a candidate of this sitting.") % {"name": client.display_name},
            code="already_candidate",
        )
    result = ExamResult(sitting=sitting, client=client)
    result.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            result.save()
    except IntegrityError as exc:
        raise SpoluError(
            _("This client is already a candidate of this sitting."), code="already_candidate"
        ) from exc
    return result


@transaction.atomic
def candidate_remove(*, actor: User | None, result: ExamResult) -> None:
    if result.scores.exists():
        raise SpoluError(
            _("Scores were recorded for this candidate; clear them before removing the candidate."),
            code="has_scores",
        )
    result.delete()


@transaction.atomic
def result_record(
    *,
    actor: User | None,
    result: ExamResult,
    expected_version: int,
    points: Mapping[int, int | None],
    absent: bool = False,
    note: str = "",
) -> ExamResult:
    """Save a candidate's section scores (section id → points, None = not taken) and compute
    pass/fail by the exam type's rules. Out-of-range points refuse the whole save."""
    current = ExamResult.objects.select_for_update().select_related("sitting").get(pk=result.pk)
    if current.version != expected_version:
        raise StaleObjectError(STALE)
    if current.sitting.date > timezone.localdate():
        raise SpoluError(
            _("Scores can be recorded only once the exam has taken place."), code="future_exam"
        )
    parts = list(
        ExamPart.objects.filter(exam_type_id=current.sitting.exam_type_id).prefetch_related(
            "sections"
        )
    )
    sections = {s.pk: s for part in parts for s in part.sections.all()}
    if set(points) - set(sections):
        raise SpoluError(_("A score is for a section of another exam."), code="bad_section")
    errors = {}
    for section_id, value in points.items():
        section = sections[section_id]
        if value is None:
            continue
        if value < 0:
            errors[f"section_{section_id}"] = _("%(section)s: points cannot be negative.") % {
                "section": section.name
            }
        elif value > section.max_points:
            errors[f"section_{section_id}"] = _("%(section)s has at most %(max)d points.") % {
                "section": section.name,
                "max": section.max_points,
            }
    if errors:
        raise ValidationError(errors)
    if absent:
        points = {}
    current.scores.all().delete()
    SectionScore.objects.bulk_create(
        [
            SectionScore(result=current, section_id=section_id, points=value)
            for section_id, value in points.items()
            if value is not None
        ]
    )
    evaluation = queries.evaluate(parts, dict(points))
    current.absent = absent
    current.passed = None if absent else evaluation.passed
    current.total_points = evaluation.total
    current.note = note.strip()
    current.recorded_at = timezone.now()
    current.recorded_by = actor
    current.version += 1
    current.save()
    audit.log_event(
        current,
        "scores recorded",
        points={str(k): v for k, v in sorted(points.items())},
        passed=current.passed,
    )
    return current
