"""Coordination platforms (A18): platforms and their members, meetings with attendance, agenda,
minutes (text or a file) and action items, which stay on the owner's dashboard until done."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from spolu.core.access import get_visible_or_404
from spolu.core.errors import SpoluError
from spolu.network import services, uploads
from spolu.network.forms import ActionItemForm, MeetingForm, MemberForm, PlatformForm
from spolu.network.formtools import add_service_errors
from spolu.network.models import ActionItem, Platform, PlatformMeeting, PlatformMembership


def _platform(request: HttpRequest, pk: int) -> Platform:
    return get_visible_or_404(
        Platform.objects.select_related("office", "district"), request.user, pk=pk
    )


def _meeting(request: HttpRequest, pk: int) -> PlatformMeeting:
    return get_visible_or_404(
        PlatformMeeting.objects.select_related("platform", "platform__office", "created_by"),
        request.user,
        pk=pk,
    )


@require_GET
@permission_required("network.view_platform", raise_exception=True)
def platform_list(request: HttpRequest) -> HttpResponse:
    platforms = (
        Platform.objects.visible_to(request.user)
        .select_related("office", "district")
        .annotate(
            member_count=Count("memberships", distinct=True),
            meeting_count=Count("meetings", distinct=True),
        )
        .order_by("-active", "name")
    )
    return render(request, "network/platform_list.html", {"platforms": platforms})


def _platform_context(request: HttpRequest, platform: Platform, **extra: Any) -> dict[str, Any]:
    user: Any = request.user
    meetings = list(
        platform.meetings.annotate(
            present=Count("attendance", filter=Q(attendance__present=True), distinct=True),
            open_items=Count(
                "action_items", filter=Q(action_items__done_at__isnull=True), distinct=True
            ),
        ).order_by("-starts_at")
    )
    context = {
        "platform": platform,
        "memberships": list(platform.memberships.select_related("organisation")),
        "meetings": meetings,
        "now": timezone.now(),
        "can_edit": user.has_perm("network.change_platform"),
        "can_add_member": user.has_perm("network.add_platformmembership"),
        "can_remove_member": user.has_perm("network.delete_platformmembership"),
        "can_add_meeting": user.has_perm("network.add_platformmeeting"),
        "member_form": MemberForm(platform=platform),
    }
    context.update(extra)
    return context


@require_GET
@permission_required("network.view_platform", raise_exception=True)
def platform_detail(request: HttpRequest, pk: int) -> HttpResponse:
    platform = _platform(request, pk)
    return render(request, "network/platform_detail.html", _platform_context(request, platform))


def _platform_data(form: PlatformForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


@permission_required("network.add_platform", raise_exception=True)
def platform_create(request: HttpRequest) -> HttpResponse:
    form = PlatformForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            platform = services.platform_create(actor=request.user, **_platform_data(form))  # type: ignore[arg-type]
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The platform was saved. Add its members."))
            return redirect("network:platform_detail", pk=platform.pk)
    return render(request, "network/platform_form.html", {"form": form, "platform": None})


@permission_required("network.change_platform", raise_exception=True)
def platform_update(request: HttpRequest, pk: int) -> HttpResponse:
    platform = _platform(request, pk)
    form = PlatformForm(request.POST or None, instance=platform, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.platform_update(
                actor=request.user,  # type: ignore[arg-type]
                platform=platform,
                expected_version=form.expected_version(),
                **_platform_data(form),
            )
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The platform was saved."))
            return redirect("network:platform_detail", pk=platform.pk)
    return render(request, "network/platform_form.html", {"form": form, "platform": platform})


@require_POST
@permission_required("network.add_platformmembership", raise_exception=True)
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    platform = _platform(request, pk)
    form = MemberForm(request.POST, platform=platform)
    if form.is_valid():
        try:
            services.member_add(platform=platform, **form.cleaned_data)
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The member was added."))
            return redirect("network:platform_detail", pk=platform.pk)
    context = _platform_context(request, platform, member_form=form, open_member=True)
    return render(request, "network/platform_detail.html", context, status=400)


@require_POST
@permission_required("network.delete_platformmembership", raise_exception=True)
def member_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    platform = _platform(request, pk)
    membership = get_object_or_404(PlatformMembership, pk=membership_pk, platform=platform)
    services.member_remove(membership=membership)
    messages.success(request, _("The member was removed."))
    return redirect("network:platform_detail", pk=platform.pk)


# --- Meetings ---------------------------------------------------------------------------------


def _meeting_context(
    request: HttpRequest, meeting: PlatformMeeting, **extra: Any
) -> dict[str, Any]:
    user: Any = request.user
    memberships = list(meeting.platform.memberships.select_related("organisation"))
    attendance = {a.organisation_id: a for a in meeting.attendance.all()}
    rows = [
        {
            "membership": m,
            "record": attendance.get(m.organisation_id),
        }
        for m in memberships
    ]
    context = {
        "meeting": meeting,
        "platform": meeting.platform,
        "rows": rows,
        "present_count": sum(1 for a in attendance.values() if a.present),
        "staff": list(meeting.staff.all()),
        "items": list(
            meeting.action_items.select_related("owner", "organisation", "done_by").order_by(
                "done_at", "due_on", "pk"
            )
        ),
        "today": timezone.localdate(),
        "can_edit": user.has_perm("network.change_platformmeeting"),
        "can_record_attendance": user.has_perm("network.add_meetingattendance"),
        "can_add_item": user.has_perm("network.add_actionitem"),
        "can_change_items": user.has_perm("network.change_actionitem"),
    }
    if context["can_add_item"]:
        context["item_form"] = ActionItemForm(meeting=meeting, user=user)
    context.update(extra)
    return context


@require_GET
@permission_required("network.view_platformmeeting", raise_exception=True)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return render(request, "network/meeting_detail.html", _meeting_context(request, meeting))


@permission_required("network.add_platformmeeting", raise_exception=True)
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    platform = _platform(request, pk)
    form = MeetingForm(
        request.POST or None, request.FILES or None, platform=platform, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user,  # type: ignore[arg-type]
                platform=platform,
                staff=form.cleaned_data["staff"],
                minutes_file=form.cleaned_data["minutes_upload"],
                **form.meeting_fields(),
            )
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("network:meeting_detail", pk=meeting.pk)
    return render(
        request, "network/meeting_form.html", {"form": form, "platform": platform, "meeting": None}
    )


@permission_required("network.change_platformmeeting", raise_exception=True)
def meeting_update(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        instance=meeting,
        platform=meeting.platform,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                expected_version=form.expected_version(),
                staff=form.cleaned_data["staff"],
                minutes_file=form.cleaned_data["minutes_upload"],
                remove_minutes_file=form.cleaned_data.get("remove_minutes_file", False),
                **form.meeting_fields(),
            )
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("network:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "network/meeting_form.html",
        {"form": form, "platform": meeting.platform, "meeting": meeting},
    )


@require_GET
@permission_required("network.view_platformmeeting", raise_exception=True)
def meeting_minutes_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    meeting = _meeting(request, pk)
    local = timezone.localtime(meeting.starts_at)
    name = f"{_('minutes')}-{local:%Y-%m-%d}"
    return uploads.file_response(meeting.minutes_file, meeting.minutes_file_content_type, name)


@require_POST
@permission_required("network.add_meetingattendance", raise_exception=True)
def attendance_save(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    present = set(request.POST.getlist("present"))
    rows = []
    for membership in meeting.platform.memberships.select_related("organisation"):
        key = str(membership.organisation_id)
        who = request.POST.get(f"attendee_{key}", "").strip()[:200]
        rows.append((membership.organisation, key in present, who))
    try:
        services.attendance_record(meeting=meeting, rows=rows)
    except (ValidationError, SpoluError) as exc:
        messages.error(request, str(getattr(exc, "message", exc)))
    else:
        messages.success(request, _("The attendance was saved."))
    return redirect("network:meeting_detail", pk=meeting.pk)


@require_POST
@permission_required("network.add_actionitem", raise_exception=True)
def action_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = ActionItemForm(request.POST, meeting=meeting, user=request.user)
    if form.is_valid():
        try:
            services.action_item_add(meeting=meeting, **form.cleaned_data)
        except (ValidationError, SpoluError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The action item was added."))
            return redirect("network:meeting_detail", pk=meeting.pk)
    context = _meeting_context(request, meeting, item_form=form, open_item=True)
    return render(request, "network/meeting_detail.html", context, status=400)


@require_POST
def action_item_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark an item done (or not done): its owner may, and whoever may change action items."""
    user: Any = request.user
    item = get_visible_or_404(ActionItem.objects.all(), user, pk=pk)
    if item.owner_id != user.pk and not user.has_perm("network.change_actionitem"):
        raise Http404
    done = request.POST.get("done") == "1"
    services.action_item_set_done(actor=user, item=item, done=done)
    if done:
        messages.success(request, _("Marked as done."))
    else:
        messages.success(request, _("Marked as not done."))
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect("network:meeting_detail", pk=item.meeting_id)
