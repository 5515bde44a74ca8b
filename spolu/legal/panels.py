"""The lawyer's dashboard panel and the client page panel of legal cases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from spolu.clients.models import Client
from spolu.legal.models import Deadline, LegalCase

WEEK = 7


def deadlines_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Overdue deadlines and those due this week, of the cases the user is responsible for."""
    user: Any = request.user
    if not user.has_perm("legal.view_legalcase"):
        return None
    today = timezone.localdate()
    deadlines = list(
        Deadline.objects.pending()
        .filter(case__lawyer=user, due_date__lte=today + timedelta(days=WEEK))
        .select_related("case", "case__client")
        .order_by("due_date", "pk")[:30]
    )
    if not deadlines and not user.has_perm("legal.change_legalcase"):
        return None
    return {
        "today": today,
        "overdue": [d for d in deadlines if d.due_date < today],
        "this_week": [d for d in deadlines if d.due_date >= today],
        "can_toggle": user.has_perm("legal.change_deadline"),
    }


def client_cases_panel(request: HttpRequest, client: Client) -> dict[str, Any] | None:
    user: Any = request.user
    if not user.has_perm("legal.view_legalcase"):
        return None
    cases = list(
        LegalCase.objects.visible_to(user)
        .filter(client=client)
        .with_next_deadline()
        .select_related("lawyer")
        .order_by("-opened_on", "-pk")
    )
    can_open = user.has_perm("legal.add_legalcase") and client.merged_into_id is None
    if not cases and not can_open:
        return None
    return {"client": client, "cases": cases, "can_open": can_open, "today": timezone.localdate()}
