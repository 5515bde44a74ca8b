"""Pages of mock exams (A09): sittings, candidates, section scores and a candidate's history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spolu.clients.models import Client
from spolu.clients.search import search_clients
from spolu.core.access import get_visible_or_404
from spolu.core.errors import SpoluError
from spolu.core.models import Office
from spolu.courses import queries, services_exams
from spolu.courses.forms import ResultForm, SittingForm
from spolu.courses.models import Course, CourseKind, ExamPart, ExamResult, ExamSitting
from spolu.courses.viewutils import (
    enrollable_clients,
    id_or_404,
    parse_id,
    show_error,
    user_of,
)


def _sitting(request: HttpRequest, pk: int) -> ExamSitting:
    return get_visible_or_404(
        ExamSitting.objects.select_related("exam_type", "office", "examiner", "course"),
        user_of(request),
        pk=id_or_404(pk),
    )


def _sitting_form(request: HttpRequest, instance: ExamSitting | None = None) -> SittingForm:
    user = user_of(request)
    courses = Course.objects.visible_to(user).filter(
        kind__in=[CourseKind.EXAM_PREPARATION, CourseKind.CZECH]
    )
    initial = (
        {}
        if instance
        else {"examiner": user if user.has_perm("courses.record_attendance") else None}
    )
    return SittingForm(
        request.POST or None,
        instance=instance,
        initial=initial,
        offices=Office.objects.visible_to(user).active(),
        courses=courses,
        show_notes=user.has_perm("courses.view_course_notes"),
    )


@require_GET
@permission_required("courses.view_examsitting", raise_exception=True)
def sitting_list(request: HttpRequest) -> HttpResponse:
    sittings = (
        ExamSitting.objects.visible_to(user_of(request))
        .select_related("exam_type", "office", "examiner")
        .annotate(
            candidates=Count("results"),
            passed_count=Count("results", filter=Q(results__passed=True)),
            failed_count=Count("results", filter=Q(results__passed=False)),
        )
        .order_by("-date", "-pk")
    )
    page = Paginator(sittings, 30).get_page(request.GET.get("page"))
    return render(
        request, "courses/sitting_list.html", {"page": page, "today": timezone.localdate()}
    )


@require_http_methods(["GET", "POST"])
@permission_required("courses.add_examsitting", raise_exception=True)
def sitting_create(request: HttpRequest) -> HttpResponse:
    form = _sitting_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            sitting = services_exams.sitting_create(actor=user_of(request), **form.cleaned_data)
        except (SpoluError, ValidationError) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("The exam sitting was created. Add its candidates."))
            return redirect("courses:sitting", pk=sitting.pk)
    return render(request, "courses/sitting_form.html", {"form": form, "sitting": None})


@require_http_methods(["GET", "POST"])
@permission_required("courses.change_examsitting", raise_exception=True)
def sitting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = _sitting(request, pk)
    form = _sitting_form(request, sitting)
    if request.method == "POST" and form.is_valid():
        try:
            services_exams.sitting_update(
                actor=user_of(request), sitting=sitting, **form.cleaned_data
            )
        except (SpoluError, ValidationError) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("The exam sitting was saved."))
            return redirect("courses:sitting", pk=sitting.pk)
    return render(request, "courses/sitting_form.html", {"form": form, "sitting": sitting})


@require_GET
@permission_required("courses.view_examsitting", raise_exception=True)
def sitting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    sitting = _sitting(request, pk)
    parts = list(ExamPart.objects.filter(exam_type=sitting.exam_type).prefetch_related("sections"))
    results = (
        list(sitting.results.select_related("client", "sitting").prefetch_related("scores"))
        if user.has_perm("courses.view_examresult")
        else []
    )
    rows = queries.result_rows(results)
    rows.sort(key=lambda r: r.result.client.display_name.lower())
    query = request.GET.get("q", "").strip()
    found: list[Client] = []
    if query and user.has_perm("courses.add_examresult") and len(query) >= 2:
        found = search_clients(enrollable_clients(user).select_related("citizenship"), query, 8)
    return render(
        request,
        "courses/sitting_detail.html",
        {
            "sitting": sitting,
            "parts": parts,
            "sections": [s for p in parts for s in p.sections.all()],
            "rows": rows,
            "query": query,
            "found": found,
            "candidate_ids": {r.result.client_id for r in rows},
            "passed": sum(1 for r in rows if r.result.passed is True),
            "failed": sum(1 for r in rows if r.result.passed is False),
            "absent": sum(1 for r in rows if r.result.absent),
            "show_notes": user.has_perm("courses.view_course_notes"),
            "in_future": sitting.date > timezone.localdate(),
        },
    )


@require_POST
@permission_required("courses.add_examresult", raise_exception=True)
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = _sitting(request, pk)
    client_id = parse_id(request.POST.get("client", ""))
    client = (
        enrollable_clients(user_of(request)).filter(pk=client_id).first()
        if client_id is not None
        else None
    )
    if client is None:
        raise Http404
    try:
        services_exams.candidate_add(actor=user_of(request), sitting=sitting, client=client)
    except SpoluError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("%(name)s is a candidate.") % {"name": client.display_name})
    return redirect("courses:sitting", pk=sitting.pk)


def _result(request: HttpRequest, pk: int) -> ExamResult:
    return get_visible_or_404(
        ExamResult.objects.select_related("client", "sitting", "sitting__exam_type"),
        user_of(request),
        pk=id_or_404(pk),
    )


@require_POST
@permission_required("courses.delete_examresult", raise_exception=True)
def candidate_remove(request: HttpRequest, pk: int) -> HttpResponse:
    result = _result(request, pk)
    try:
        services_exams.candidate_remove(actor=user_of(request), result=result)
    except SpoluError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("The candidate was removed from the sitting."))
    return redirect("courses:sitting", pk=result.sitting_id)


@require_http_methods(["GET", "POST"])
@permission_required("courses.change_examresult", raise_exception=True)
def result_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    result = _result(request, pk)
    parts = list(
        ExamPart.objects.filter(exam_type_id=result.sitting.exam_type_id).prefetch_related(
            "sections"
        )
    )
    points: dict[int, int | None] = {s.section_id: s.points for s in result.scores.all()}
    show_notes = user.has_perm("courses.view_course_notes")
    form = ResultForm(
        request.POST or None,
        parts=parts,
        points=points,
        version=result.version,
        show_notes=show_notes,
        initial={"absent": result.absent, "note": result.note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_exams.result_record(
                actor=user,
                result=result,
                expected_version=form.cleaned_data["version"],
                points=form.points(),
                absent=form.cleaned_data.get("absent", False),
                note=form.cleaned_data.get("note", result.note) if show_notes else result.note,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        except SpoluError as exc:
            show_error(request, exc)
        else:
            messages.success(
                request,
                _("The scores of %(name)s were saved.") % {"name": result.client.display_name},
            )
            return redirect("courses:sitting", pk=result.sitting_id)
    evaluation = queries.evaluate(parts, points)
    return render(
        request,
        "courses/result_form.html",
        {
            "form": form,
            "result": result,
            "sitting": result.sitting,
            "groups": [(part, form.section_fields(part)) for part in parts],
            "evaluation": evaluation,
            "in_future": result.sitting.date > timezone.localdate(),
        },
    )


@require_GET
@permission_required("courses.view_examresult", raise_exception=True)
def candidate_history(request: HttpRequest, client_pk: int) -> HttpResponse:
    """Every mock exam a candidate sat (of the sittings the user may see), newest first."""
    results = list(
        ExamResult.objects.visible_to(user_of(request))
        .filter(client_id=id_or_404(client_pk))
        .select_related("client", "sitting", "sitting__exam_type", "sitting__office")
        .prefetch_related("scores")
        .order_by("-sitting__date", "-pk")
    )
    if not results:
        raise Http404
    rows = queries.result_rows(results)
    return render(
        request,
        "courses/candidate_history.html",
        {
            "client": results[0].client,
            "rows": rows,
            "can_view_client": user_of(request).has_perm("clients.view_client"),
        },
    )
