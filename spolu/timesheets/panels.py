"""What timesheets add to the dashboard: the staff member's hours of this month."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from spolu.core.types import StaffRequest
from spolu.timesheets import queries

TOP_ACTIVITIES = 4


def my_hours_panel(request: StaffRequest) -> dict[str, Any] | None:
    user = request.user
    if not user.has_perm("timesheets.add_timesheetentry"):
        return None
    sheet = queries.month_sheet(user, timezone.localdate())
    top = sorted(sheet.activities, key=lambda row: (-row.total, row.code))
    return {"sheet": sheet, "top": top[:TOP_ACTIVITIES], "more": len(top) > TOP_ACTIVITIES}
