"""The network app's own sections of an organisation's page: services the centre gave the
organisation (A13 school counselling, A16 support) and referrals of clients to it; platforms,
students and action items. Each panel reads in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum
from django.http import HttpRequest
from django.urls import reverse

from spolu.network.models import (
    ActionItem,
    Organisation,
    OrganisationKind,
    PlatformMembership,
    Volunteer,
)

PANEL_ROWS = 50


def services_panel(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    from spolu.counselling.models import ServiceRecord

    user: Any = request.user
    if not user.has_perm("counselling.view_servicerecord"):
        return None
    visible = ServiceRecord.objects.visible_to(user)
    services = list(
        visible.filter(organisation=organisation)
        .select_related("activity", "staff", "office")
        .prefetch_related("topics")
        .order_by("-date", "-pk")[:PANEL_ROWS]
    )
    by_activity = list(
        visible.filter(organisation=organisation)
        .order_by()
        .values("activity_id")
        .annotate(records=Count("pk"), minutes=Sum("minutes"))
        .order_by("activity_id")
    )
    referred = visible.filter(referral_organisation=organisation)
    referrals = list(
        referred.select_related("client", "activity", "staff").order_by("-date", "-pk")[:PANEL_ROWS]
    )
    referral_total = len(referrals) if len(referrals) < PANEL_ROWS else referred.count()
    # A13 is counselling of schools; support (A16) may go to any kind of organisation.
    record_activities = ["A13", "A16"] if organisation.kind == OrganisationKind.SCHOOL else ["A16"]
    return {
        "services": services,
        "by_activity": [
            {**row, "hours": round((row["minutes"] or 0) / 60, 1)} for row in by_activity
        ],
        "service_total": sum(row["records"] for row in by_activity),
        "referrals": referrals,
        "referral_total": referral_total,
        "show_clients": user.has_perm("clients.view_client"),
        "organisation": organisation,
        "record_activities": (
            record_activities if user.has_perm("counselling.add_servicerecord") else []
        ),
        "record_url": reverse("counselling:service_create_for_organisation"),
    }


def network_panel(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    from spolu.network.models import MeetingAttendance, Platform

    user: Any = request.user
    memberships: list[PlatformMembership] = []
    if user.has_perm("network.view_platform"):
        memberships = list(
            PlatformMembership.objects.filter(
                organisation=organisation, platform__in=Platform.objects.visible_to(user)
            ).select_related("platform")
        )
        present = dict(
            MeetingAttendance.objects.filter(organisation=organisation, present=True)
            .order_by()
            .values_list("meeting__platform_id")
            .annotate(n=Count("pk"))
        )
        for membership in memberships:
            membership.meetings_present = present.get(membership.platform_id, 0)  # type: ignore[attr-defined]
    students = (
        list(Volunteer.objects.visible_to(user).filter(school=organisation))
        if user.has_perm("network.view_volunteer")
        else []
    )
    items: list[ActionItem] = []
    item_total = 0
    if user.has_perm("network.view_actionitem"):
        all_items = ActionItem.objects.visible_to(user).filter(organisation=organisation)
        items = list(
            all_items.select_related("owner", "meeting", "meeting__platform").order_by(
                "done_at", "due_on"
            )[:PANEL_ROWS]
        )
        item_total = len(items) if len(items) < PANEL_ROWS else all_items.count()
    if not (memberships or students or items):
        return None
    return {
        "memberships": memberships,
        "students": students,
        "action_items": items,
        "action_item_total": item_total,
    }
