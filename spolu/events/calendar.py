"""The shared calendar of events and lessons (and anything else with a time).

Apps contribute items with `register_calendar_source(fn)` in their AppConfig.ready(), where
`fn(user, start, end, offices, activities)` returns the `CalendarItem`s the user may see between
`start` (inclusive) and `end` (exclusive) — in a fixed number of queries, whatever the number of
items. `offices`/`activities` are optional filters (None means all).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

CalendarSource = Callable[..., Iterable["CalendarItem"]]


@dataclass(frozen=True)
class CalendarItem:
    kind: str  # "event", "lesson", …
    title: str
    starts_at: datetime
    ends_at: datetime
    url: str
    office_id: int | None
    activity_id: str
    place: str = ""
    staff_ids: tuple[int, ...] = ()
    cancelled: bool = False


_sources: dict[str, CalendarSource] = {}


def register_calendar_source(key: str, source: CalendarSource) -> None:
    _sources[key] = source


def calendar_items(
    user: Any,
    start: datetime,
    end: datetime,
    offices: Iterable[int] | None = None,
    activities: Iterable[str] | None = None,
) -> list[CalendarItem]:
    items: list[CalendarItem] = []
    for source in _sources.values():
        items.extend(source(user, start, end, offices, activities))
    return sorted(items, key=lambda i: (i.starts_at, i.title))
