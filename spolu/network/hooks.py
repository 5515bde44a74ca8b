"""Platform meetings in the shared calendar (registered in NetworkConfig.ready)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.urls import reverse

from spolu.events.calendar import CalendarItem
from spolu.network.models import PlatformMeeting


def meeting_calendar_items(
    user: Any,
    start: datetime,
    end: datetime,
    offices: Iterable[int] | None = None,
    activities: Iterable[str] | None = None,
) -> list[CalendarItem]:
    """A18 meetings overlapping [start, end), in two queries."""
    if activities is not None and "A18" not in set(activities):
        return []
    meetings = PlatformMeeting.objects.visible_to(user).filter(
        starts_at__lt=end, ends_at__gte=start
    )
    if offices is not None:
        meetings = meetings.filter(platform__office_id__in=list(offices))
    rows = list(
        meetings.order_by().values_list(
            "pk", "platform__name", "starts_at", "ends_at", "platform__office_id", "place"
        )
    )
    if not rows:
        return []
    staff: dict[int, list[int]] = defaultdict(list)
    through = PlatformMeeting.staff.through.objects.filter(
        platformmeeting__in=meetings.values("pk")
    )
    for meeting_id, user_id in through.values_list("platformmeeting_id", "user_id"):
        staff[meeting_id].append(user_id)
    marker = 987654321
    pattern = reverse("network:meeting_detail", args=[marker]).replace(str(marker), "{}")
    return [
        CalendarItem(
            kind="meeting",
            title=name,
            starts_at=starts_at,
            ends_at=ends_at,
            url=pattern.format(pk),
            office_id=office_id,
            activity_id="A18",
            place=place,
            staff_ids=tuple(staff.get(pk, ())),
        )
        for pk, name, starts_at, ends_at, office_id, place in rows
    ]
