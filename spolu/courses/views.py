"""Pages of courses, lessons, attendance and enrolments. Mock exams are in views_exams.py.

Every page fetches through the models' `visible_to(user)` (404 outside the user's scope) and
checks the role permission (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spolu.core import audit
from spolu.core.dates import parse_date_param
from spolu.core.errors import SpoluError
from spolu.courses import documents, queries, services
from spolu.courses.forms import (
    BreakFormSet,
    CancelLessonForm,
    CourseFilterForm,
    CourseForm,
    EvidenceForm,
    LessonForm,
    SlotFormSet,
)
from spolu.courses.models import (
    Attendance,
    AttendanceStatus,
    Course,
    Enrolment,
    EnrolmentStatus,
    Lesson,
    LessonEvidence,
)
from spolu.courses.viewutils import (
    course_or_404,
    eligibility_day,
    id_or_404,
    lesson_or_404,
    local_today,
    offices_of,
    parse_id,
    posted_int,
    report_promoted,
    show_error,
    user_of,
)


@dataclass(frozen=True)
class ParticipantRow:
    e: Enrolment
    rate: queries.Rate | None
    eligible: bool | None  # None for professionals (not clients)


# --- lists ------------------------------------------------------------------------------------


@require_GET
@permission_required("courses.view_course", raise_exception=True)
def course_list(request: HttpRequest) -> HttpResponse:
    today = local_today()
    offices = offices_of(request)
    form = CourseFilterForm(request.GET or None, offices=offices)
    courses = form.filter(Course.objects.visible_to(user_of(request)), today)
    courses = (
        queries.with_place_counts(courses)
        .select_related("office", "activity")
        .prefetch_related("teachers")
        .order_by("-start_date", "title", "pk")
    )
    page = Paginator(courses, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "courses/course_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "today": today},
    )


@require_GET
@permission_required("courses.view_course", raise_exception=True)
def catalogue(request: HttpRequest) -> HttpResponse:
    entries = queries.catalogue(Course.objects.visible_to(user_of(request)))
    open_entries = [e for e in entries if e.free_places]
    full_entries = [e for e in entries if not e.free_places]
    return render(
        request,
        "courses/catalogue.html",
        {"open_entries": open_entries, "full_entries": full_entries, "today": local_today()},
    )


@require_GET
@permission_required("courses.view_lesson", raise_exception=True)
def my_lessons(request: HttpRequest) -> HttpResponse:
    """A teacher's day on a phone: today's lessons and the ones still without attendance."""
    today = local_today()
    # A typed day outside 1900–2100 (or no day at all) is today: the previous and next day
    # links would otherwise overflow at the ends of the calendar.
    day = parse_date_param(request.GET.get("day")) or today
    return render(
        request,
        "courses/my_lessons.html",
        {
            "day": day,
            "today": today,
            "lessons": queries.lessons_of_teacher(user_of(request), day),
            "missing": queries.lessons_missing_attendance(user_of(request), today),
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1),
        },
    )


# --- courses ----------------------------------------------------------------------------------


def _schedule_formsets(request: HttpRequest, course: Course | None = None) -> tuple[Any, Any]:
    data = request.POST if request.method == "POST" else None
    slots = [
        {"weekday": s.weekday, "starts_at": s.starts_at, "ends_at": s.ends_at}
        for s in (course.slots.all() if course else [])
    ]
    breaks = [
        {"first_day": b.first_day, "last_day": b.last_day, "reason": b.reason}
        for b in (course.breaks.all() if course else [])
    ]
    return (
        SlotFormSet(data, prefix="slots", initial=slots or None),
        BreakFormSet(data, prefix="breaks", initial=breaks or None),
    )


@require_http_methods(["GET", "POST"])
@permission_required("courses.add_course", raise_exception=True)
def course_create(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.POST or None, offices=offices_of(request))
    slots, breaks = _schedule_formsets(request)
    if request.method == "POST" and form.is_valid() and slots.is_valid() and breaks.is_valid():
        try:
            course = services.course_create(
                actor=user_of(request),
                teachers=form.cleaned_data["teachers"],
                slots=slots.specs(),
                breaks=breaks.specs(),
                **form.service_fields(),
            )
        except (SpoluError, ValidationError) as exc:
            show_error(request, exc)
        else:
            lessons = list(course.lessons.all())
            count = len(lessons)
            messages.success(
                request,
                ngettext(
                    "The course was created with %(count)d lesson.",
                    "The course was created with %(count)d lessons.",
                    count,
                )
                % {"count": count},
            )
            warn_about_clashes(request, lessons)
            return redirect("courses:detail", pk=course.pk)
    return render(
        request,
        "courses/course_form.html",
        {"form": form, "slots": slots, "breaks": breaks, "course": None},
    )


@require_http_methods(["GET", "POST"])
@permission_required("courses.change_course", raise_exception=True)
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_or_404(request, pk)
    form = CourseForm(request.POST or None, instance=course, offices=offices_of(request))
    if request.method == "POST" and form.is_valid():
        try:
            updated, change, promoted = services.course_update(
                actor=user_of(request),
                course=course,
                expected_version=form.cleaned_data.get("version") or 0,
                teachers=form.cleaned_data["teachers"],
                **form.service_fields(),
            )
        except (SpoluError, ValidationError) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("The course was saved."))
            _report_schedule_change(request, change)
            report_promoted(request, promoted)
            return redirect("courses:detail", pk=updated.pk)
    return render(request, "courses/course_form.html", {"form": form, "course": course})


def warn_about_clashes(request: HttpRequest, lessons: list[Lesson]) -> None:
    """Say when a teacher of the course teaches another lesson at the same time (saved anyway:
    a co-teacher may cover one of them)."""
    clashes = queries.overlaps(lessons, user_of(request))
    if not clashes:
        return
    days = sorted({lesson.date for lesson in lessons if lesson.pk in clashes})
    messages.warning(
        request,
        ngettext(
            "A teacher of this course teaches another lesson at the same time on %(days)s.",
            "A teacher of this course teaches other lessons at the same time on %(days)s.",
            sum(len(c) for c in clashes.values()),
        )
        % {"days": ", ".join(date_format(day, "SHORT_DATE_FORMAT") for day in days)},
    )


def _report_schedule_change(request: HttpRequest, change: services.ScheduleChange) -> None:
    if change.created or change.removed:
        messages.info(
            request,
            _("Lessons follow the new schedule: %(created)d added, %(removed)d removed.")
            % {"created": change.created, "removed": change.removed},
        )


@require_http_methods(["GET", "POST"])
@permission_required("courses.change_course", raise_exception=True)
def course_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_or_404(request, pk)
    slots, breaks = _schedule_formsets(request, course)
    if request.method == "POST" and slots.is_valid() and breaks.is_valid():
        try:
            change = services.schedule_set(
                actor=user_of(request),
                course=course,
                expected_version=posted_int(request, "version"),
                slots=slots.specs(),
                breaks=breaks.specs(),
            )
        except (SpoluError, ValidationError) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("The schedule was saved."))
            _report_schedule_change(request, change)
            return redirect("courses:detail", pk=course.pk)
    return render(
        request,
        "courses/course_schedule.html",
        {"course": course, "slots": slots, "breaks": breaks},
    )


@require_POST
@permission_required("courses.change_course", raise_exception=True)
def course_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_or_404(request, pk)
    try:
        services.course_cancel(
            actor=user_of(request),
            course=course,
            expected_version=posted_int(request, "version"),
        )
    except SpoluError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("The course was cancelled."))
    return redirect("courses:detail", pk=course.pk)


@require_GET
@permission_required("courses.view_course", raise_exception=True)
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    course = course_or_404(request, pk)
    today = local_today()
    lessons = list(
        course.lessons.annotate(
            present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
            evidence_count=Count("evidence", distinct=True),
        ).order_by("date", "starts_at", "pk")  # Meta.ordering is not used with GROUP BY
    )
    can_see_participants = user.has_perm("courses.view_enrolment")
    enrolments = (
        list(
            course.enrolments.select_related("client__citizenship", "guardian").prefetch_related(
                Prefetch("client__residence_statuses"),
                "client__residence_statuses__category",
            )
        )
        if can_see_participants
        else []
    )
    held = queries.held_dates(lessons, today)
    rates = queries.attendance_rates(enrolments, held) if enrolments else {}
    rows = [
        ParticipantRow(
            e=enrolment,
            rate=rates.get(enrolment.pk),
            eligible=(
                enrolment.client.eligible_on(eligibility_day(course, enrolment, today))
                if enrolment.client
                else None
            ),
        )
        for enrolment in enrolments
    ]
    groups = {status: [r for r in rows if r.e.status == status] for status in EnrolmentStatus}
    participants = groups[EnrolmentStatus.ENROLLED] + groups[EnrolmentStatus.COMPLETED]
    clashes = queries.overlaps(lessons, user)
    finished = bool(held) and all(
        lesson.took_place(today) for lesson in lessons if not lesson.cancelled
    )
    context = {
        "course": course,
        "teachers": list(course.teachers.all()),
        "slots": list(course.slots.all()),
        "breaks": list(course.breaks.all()),
        "lessons": lessons,
        "clashes": clashes,
        "participants": sorted(participants, key=lambda r: r.e.participant_name.lower()),
        "waiting": sorted(
            groups[EnrolmentStatus.WAITING],
            key=lambda r: (r.e.waiting_since or timezone.now(), r.e.pk),
        ),
        "applied": groups[EnrolmentStatus.APPLIED],
        "dropped": groups[EnrolmentStatus.DROPPED],
        "enrolled_count": len(participants),
        "completed_count": len(groups[EnrolmentStatus.COMPLETED]),
        "free_places": max(course.capacity - len(participants), 0),
        "ineligible_count": sum(1 for r in participants if r.eligible is False),
        "course_rate": queries.course_rate(r.rate for r in participants if r.rate),
        "held_count": len(held),
        "planned_count": sum(1 for lesson in lessons if not lesson.cancelled),
        "hours": sum(lesson.minutes for lesson in lessons if lesson.took_place(today)) / 60,
        "finished": finished,
        "today": today,
        "state": course.state_on(today),
        "can_see_participants": can_see_participants,
        "show_notes": user.has_perm("courses.view_course_notes"),
        "can_view_clients": user.has_perm("clients.view_client"),
    }
    return render(request, "courses/course_detail.html", context)


@require_GET
@permission_required("courses.view_attendance", raise_exception=True)
def course_register(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole course at a glance: participants × lessons, with rates (a class register)."""
    course = course_or_404(request, pk)
    today = local_today()
    lessons = [
        lesson for lesson in course.lessons.filter(cancelled=False) if lesson.took_place(today)
    ]
    enrolments = sorted(
        course.enrolments.filter(enrolled_on__isnull=False).select_related("client"),
        key=lambda e: e.participant_name.lower(),
    )
    marks: dict[tuple[int, int], str] = {
        (a.enrolment_id, a.lesson_id): a.status
        for a in Attendance.objects.filter(lesson__course=course).only(
            "enrolment_id", "lesson_id", "status"
        )
    }
    rates = queries.attendance_rates(enrolments, [lesson.date for lesson in lessons])
    rows = [
        {
            "e": e,
            "rate": rates[e.pk],
            "cells": [
                marks.get((e.pk, lesson.pk))
                or (
                    "outside"
                    if lesson.date < (e.enrolled_on or lesson.date)
                    or (e.dropped_on and lesson.date >= e.dropped_on)
                    else ""
                )
                for lesson in lessons
            ],
        }
        for e in enrolments
    ]
    return render(
        request,
        "courses/course_register.html",
        {"course": course, "lessons": lessons, "rows": rows},
    )


# --- lessons and attendance -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("courses.view_lesson", raise_exception=True)
def lesson_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance screen of one lesson (phone first); read-only without the permission."""
    user = user_of(request)
    lesson = lesson_or_404(request, pk)
    today = local_today()
    can_record = (
        user.has_perm("courses.record_attendance")
        and not lesson.cancelled
        and not lesson.is_future()
    )
    if request.method == "POST":
        if not user.has_perm("courses.record_attendance"):
            raise PermissionDenied
        marks = {
            enrolment_id: request.POST.get(key, "")
            for key in request.POST
            if key.startswith("a-")
            and (enrolment_id := parse_id(key.removeprefix("a-"))) is not None
            and request.POST.get(key)
        }
        if "all_present" in request.POST:
            # Without JavaScript the "All present" button submits: everyone was there.
            enrolled = Enrolment.objects.filter(course_id=lesson.course_id).active_on(lesson.date)
            marks = dict.fromkeys(enrolled.values_list("pk", flat=True), AttendanceStatus.PRESENT)
        try:
            saved = services.attendance_record(
                actor=user,
                lesson=lesson,
                marks=marks,
                expected_version=posted_int(request, "version"),
                topic=request.POST.get("topic"),
            )
        except SpoluError as exc:
            show_error(request, exc)
            lesson = lesson_or_404(request, pk)
        else:
            messages.success(
                request,
                _("Attendance saved: %(present)d present, %(absent)d absent, %(excused)d excused.")
                % saved.counts,
            )
            return redirect("courses:lesson", pk=lesson.pk)
    can_view_attendance = user.has_perm("courses.view_attendance")
    rows, course_lessons = (
        queries.lesson_attendance(lesson, today) if can_view_attendance else ([], [])
    )
    index = next((i for i, item in enumerate(course_lessons) if item.pk == lesson.pk), 0)
    context = {
        "lesson": lesson,
        "course": lesson.course,
        "rows": rows,
        "can_record": can_record,
        "can_view_attendance": can_view_attendance,
        "unmarked": sum(1 for r in rows if not r.mark),
        "statuses": [(value, capfirst(str(label))) for value, label in AttendanceStatus.choices],
        "number": index + 1,
        "lesson_count": len(course_lessons),
        "previous": course_lessons[index - 1] if index > 0 else None,
        "next": course_lessons[index + 1] if index + 1 < len(course_lessons) else None,
        "evidence": list(lesson.evidence.all())
        if user.has_perm("courses.view_lessonevidence")
        else [],
        "evidence_form": EvidenceForm() if user.has_perm("courses.add_lessonevidence") else None,
        "today": today,
    }
    return render(request, "courses/lesson_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("courses.add_lesson", raise_exception=True)
def lesson_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = course_or_404(request, pk)
    form = LessonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            lesson = services.lesson_add(
                actor=user_of(request),
                course=course,
                date=d["date"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                place=d.get("place", ""),
                topic=d.get("topic", ""),
            )
        except (SpoluError, ValidationError) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("The lesson was added."))
            warn_about_clashes(request, [lesson])
            return redirect("courses:lesson", pk=lesson.pk)
    return render(
        request, "courses/lesson_form.html", {"form": form, "course": course, "lesson": None}
    )


@require_http_methods(["GET", "POST"])
@permission_required("courses.change_lesson", raise_exception=True)
def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = lesson_or_404(request, pk)
    form = LessonForm(request.POST or None, instance=lesson)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            moved = services.lesson_update(
                actor=user_of(request),
                lesson=lesson,
                expected_version=d.get("version") or 0,
                date=d["date"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                place=d.get("place", ""),
                topic=d.get("topic", ""),
            )
        except (SpoluError, ValidationError) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("The lesson was saved."))
            warn_about_clashes(request, [moved])
            return redirect("courses:lesson", pk=lesson.pk)
    clashes = queries.overlaps([lesson], user_of(request)).get(lesson.pk, [])
    cancel_form = CancelLessonForm(initial={"version": lesson.version})
    return render(
        request,
        "courses/lesson_form.html",
        {
            "form": form,
            "course": lesson.course,
            "lesson": lesson,
            "clashes": clashes,
            "cancel_form": cancel_form,
        },
    )


@require_POST
@permission_required("courses.change_lesson", raise_exception=True)
def lesson_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = lesson_or_404(request, pk)
    form = CancelLessonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for cancelling the lesson."))
        return redirect("courses:lesson_edit", pk=lesson.pk)
    try:
        services.lesson_cancel(
            actor=user_of(request),
            lesson=lesson,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except SpoluError as exc:
        show_error(request, exc)
        return redirect("courses:lesson_edit", pk=lesson.pk)
    messages.success(request, _("The lesson was cancelled."))
    return redirect("courses:lesson", pk=lesson.pk)


@require_POST
@permission_required("courses.change_lesson", raise_exception=True)
def lesson_restore(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = lesson_or_404(request, pk)
    try:
        services.lesson_restore(
            actor=user_of(request),
            lesson=lesson,
            expected_version=posted_int(request, "version"),
        )
    except SpoluError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("The lesson takes place again."))
    return redirect("courses:lesson", pk=lesson.pk)


@require_GET
@permission_required("courses.view_lesson", raise_exception=True)
def lesson_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = lesson_or_404(request, pk)
    pdf = documents.lesson_sheet_pdf(lesson)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"prezencni-listina-{lesson.course_id}-{lesson.date:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# --- evidence ---------------------------------------------------------------------------------


@require_POST
@permission_required("courses.add_lessonevidence", raise_exception=True)
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = lesson_or_404(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("courses:lesson", pk=lesson.pk)
    try:
        services.evidence_add(
            actor=user_of(request), lesson=lesson, upload=form.cleaned_data["file"]
        )
    except SpoluError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("The scan was attached to the lesson."))
    return redirect("courses:lesson", pk=lesson.pk)


def _evidence(request: HttpRequest, pk: int) -> LessonEvidence:
    evidence = (
        LessonEvidence.objects.select_related("lesson")
        .filter(lesson__in=Lesson.objects.visible_to(user_of(request)), pk=id_or_404(pk))
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


@require_GET
@permission_required("courses.view_lessonevidence", raise_exception=True)
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = _evidence(request, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    audit.log_view(evidence)
    response = FileResponse(
        handle,
        content_type=evidence.content_type,
        as_attachment=evidence.content_type == "application/pdf" and "download" in request.GET,
        filename=evidence.original_name,
    )
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    return response


@require_POST
@permission_required("courses.delete_lessonevidence", raise_exception=True)
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence(request, pk)
    lesson_pk = evidence.lesson_id
    services.evidence_delete(actor=user_of(request), evidence=evidence)
    messages.success(request, _("The scan was removed."))
    return redirect("courses:lesson", pk=lesson_pk)
