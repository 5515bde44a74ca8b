from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spolu.clients.models import Client
from spolu.clients.search import search_clients
from spolu.core import audit
from spolu.core.access import get_visible_or_404
from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.models import User
from spolu.counselling.models import ServiceRecord
from spolu.legal import services
from spolu.legal.forms import CaseFilterForm, CaseForm, DeadlineForm, NoteForm, ServiceLinkForm
from spolu.legal.models import CaseStatus, Deadline, LegalCase, LegalNote, is_legal_team

PAGE_SIZE = 30


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _case(request: HttpRequest, pk: int) -> LegalCase:
    return get_visible_or_404(
        LegalCase.objects.select_related("client", "client__citizenship", "office", "lawyer"),
        _user(request),
        pk=pk,
    )


@require_GET
@permission_required("legal.view_legalcase", raise_exception=True)
def case_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = CaseFilterForm(request.GET or None, user=user)
    cases = (
        LegalCase.objects.visible_to(user)
        .with_next_deadline()
        .select_related("client", "office", "lawyer")
        .order_by("-opened_on", "-pk")
    )
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    status = data.get("status", "")
    if status == "":
        cases = cases.open()
    elif status != "all":
        cases = cases.filter(status=status)
    if data.get("matter_type"):
        cases = cases.filter(matter_type=data["matter_type"])
    if data.get("office"):
        cases = cases.filter(office=data["office"])
    if data.get("mine"):
        cases = cases.filter(lawyer=user)
    if data.get("q"):
        cases = cases.filter(
            Q(reference_number__icontains=data["q"]) | Q(authority__icontains=data["q"])
        )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "legal/case_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@permission_required("legal.add_legalcase", raise_exception=True)
def case_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    clients = Client.objects.visible_to(user).active()
    client_id = request.GET.get("client") or request.POST.get("client")
    if not client_id:
        query = request.GET.get("q", "").strip()
        found = search_clients(clients, query) if query else []
        return render(request, "legal/case_pick_client.html", {"query": query, "found": found})
    client = get_visible_or_404(Client.objects.active(), user, pk=client_id)
    initial = {
        "office": client.office_id,
        "lawyer": user.pk,
        "opened_on": timezone.localdate(),
        "status": CaseStatus.OPEN,
    }
    form = CaseForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            case = services.case_open(actor=user, client=client, **fields)
        except SpoluError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The legal case was opened."))
            return redirect("legal:detail", case.pk)
    return render(request, "legal/case_form.html", {"form": form, "client": client, "case": None})


@require_http_methods(["GET", "POST"])
@permission_required("legal.change_legalcase", raise_exception=True)
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = _case(request, pk)
    form = CaseForm(request.POST or None, user=user, instance=case)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.case_update(
                case=case, expected_version=form.cleaned_data["version"] or 0, **fields
            )
        except StaleObjectError as exc:
            form.add_error(None, str(exc.message))
        except SpoluError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The legal case was saved."))
            return redirect("legal:detail", case.pk)
    return render(
        request, "legal/case_form.html", {"form": form, "client": case.client, "case": case}
    )


def _detail_context(request: HttpRequest, case: LegalCase) -> dict[str, Any]:
    user = _user(request)
    legal_team = is_legal_team(user)
    linked = list(
        case.services.filter(pk__in=ServiceRecord.objects.visible_to(user).values("pk"))
        .select_related("staff")
        .order_by("-date")
    )
    return {
        "case": case,
        "today": timezone.localdate(),
        "legal_team": legal_team,
        "show_summary": case.summary_visible_to(user),
        "deadlines": list(case.deadlines.select_related("done_by")),
        "notes": list(
            LegalNote.objects.readable_by(user).filter(case=case).select_related("author")
        ),
        "linked_services": linked,
        "deadline_form": DeadlineForm() if user.has_perm("legal.add_deadline") else None,
        "note_form": NoteForm() if legal_team and user.has_perm("legal.add_legalnote") else None,
        "link_form": (
            ServiceLinkForm(case=case, user=user, initial={"services": linked})
            if user.has_perm("legal.change_legalcase")
            else None
        ),
    }


@require_GET
@permission_required("legal.view_legalcase", raise_exception=True)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    audit.log_view(case)
    return render(request, "legal/case_detail.html", _detail_context(request, case))


def _invalid(request: HttpRequest, case: LegalCase, **forms: Any) -> HttpResponse:
    context = _detail_context(request, case)
    context.update(forms)
    return render(request, "legal/case_detail.html", context, status=400)


@require_POST
@permission_required("legal.add_deadline", raise_exception=True)
def deadline_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            services.deadline_add(case=case, **form.cleaned_data)
        except SpoluError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The deadline was added."))
            return redirect("legal:detail", case.pk)
    return _invalid(request, case, deadline_form=form)


@require_POST
@permission_required("legal.change_deadline", raise_exception=True)
def deadline_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = get_visible_or_404(Deadline.objects.select_related("case"), _user(request), pk=pk)
    services.deadline_toggle(deadline=deadline, actor=_user(request))
    next_url = request.POST.get("next")
    if next_url == "dashboard":
        return redirect("dashboard")
    return redirect("legal:detail", deadline.case_id)


@require_POST
@permission_required("legal.add_legalnote", raise_exception=True)
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(case=case, author=_user(request), text=form.cleaned_data["text"])
        except SpoluError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The note was saved."))
            return redirect("legal:detail", case.pk)
    return _invalid(request, case, note_form=form)


@require_POST
@permission_required("legal.change_legalcase", raise_exception=True)
def services_link(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = _case(request, pk)
    form = ServiceLinkForm(request.POST, case=case, user=user)
    if form.is_valid():
        try:
            # Links to services this user cannot see (another office's) stay as they are.
            hidden = case.services.exclude(
                pk__in=ServiceRecord.objects.visible_to(user).values("pk")
            )
            services.case_link_services(
                case=case, services=[*form.cleaned_data["services"], *hidden]
            )
        except SpoluError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The linked services were saved."))
            return redirect("legal:detail", case.pk)
    return _invalid(request, case, link_form=form)
