"""The dashboard panel of a staff member's open action items from platform meetings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from spolu.network.models import ActionItem

PANEL_ROWS = 20


def action_items_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Open action items owned by the user, most urgent first; hidden when there are none."""
    items = list(
        ActionItem.objects.filter(owner_id=request.user.pk)
        .open()
        .select_related("meeting", "meeting__platform")
        .order_by("due_on", "pk")[:PANEL_ROWS]
    )
    if not items:
        return None
    return {"items": items, "today": timezone.localdate()}
