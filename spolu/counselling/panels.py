"""What counselling adds to other pages: the client's services, and "my work" on the dashboard."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from spolu.clients.models import Client
from spolu.core.types import StaffRequest
from spolu.counselling import queries

# The client page lists the latest services; the rest are one click away in the service list.
CLIENT_PAGE_SERVICES = 25


def client_services_panel(request: StaffRequest, client: Client) -> dict[str, Any] | None:
    user = request.user
    if not user.has_perm("counselling.view_servicerecord"):
        return None
    rows = []
    for service in queries.client_services(client, limit=CLIENT_PAGE_SERVICES):
        service.client = client  # statuses are prefetched on the client of the page
        rows.append(
            {
                "service": service,
                "eligible": client.eligible_on(service.date),
                "note_visible": service.note_visible_to(user),
            }
        )
    totals = queries.client_service_totals(client)
    return {
        "rows": rows,
        "client": client,
        "count": totals["count"],
        "more": totals["count"] - len(rows),
        "hours": round(totals["minutes"] / 60, 1),
    }


def my_appointments_panel(request: StaffRequest) -> dict[str, Any] | None:
    if not request.user.has_perm("counselling.view_appointment"):
        return None
    today = timezone.localdate()
    return {"appointments": queries.todays_appointments(request.user, today), "today": today}


def my_follow_ups_panel(request: StaffRequest) -> dict[str, Any] | None:
    if not request.user.has_perm("counselling.view_servicerecord"):
        return None
    today = timezone.localdate()
    return {"follow_ups": queries.open_follow_ups(request.user, today), "today": today}


def expiring_permits_panel(request: StaffRequest) -> dict[str, Any] | None:
    if not request.user.has_perm("clients.view_client"):
        return None
    today = timezone.localdate()
    statuses = queries.expiring_permits(request.user, today)
    return {"statuses": statuses, "today": today}


def quick_anonymous_panel(request: StaffRequest) -> dict[str, Any] | None:
    user = request.user
    if not user.has_perm("counselling.add_servicerecord"):
        return None
    if not user.has_role("receptionist", "field_worker", "social_worker"):
        return None
    from spolu.counselling.forms import AnonymousContactForm

    form = AnonymousContactForm(user=user)
    office = form.fields["office"].initial
    if office is None:
        return None
    return {"form": form, "today": timezone.localdate(), "office": office}
