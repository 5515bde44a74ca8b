"""Turning weekly slots into lesson dates: Czech public holidays and a course's breaks skipped."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cache


@dataclass(frozen=True)
class SlotSpec:
    weekday: int  # 0 = Monday
    starts_at: time
    ends_at: time


@dataclass(frozen=True)
class BreakSpec:
    first_day: date
    last_day: date
    reason: str = ""


@dataclass(frozen=True)
class PlannedLesson:
    date: date
    starts_at: time
    ends_at: time


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def czech_public_holidays(year: int) -> frozenset[date]:
    """Public holidays and other days off in Czechia (zákon č. 245/2000 Sb.)."""
    fixed = [(1, 1), (5, 1), (5, 8), (7, 5), (7, 6), (9, 28), (10, 28), (11, 17)]
    fixed += [(12, 24), (12, 25), (12, 26)]
    easter = easter_sunday(year)
    days = {date(year, m, d) for m, d in fixed}
    days |= {easter - timedelta(days=2), easter + timedelta(days=1)}  # Good Friday, Easter Monday
    return frozenset(days)


def is_public_holiday(day: date) -> bool:
    return day in czech_public_holidays(day.year)


def planned_lessons(
    *,
    start: date,
    end: date,
    slots: Iterable[SlotSpec],
    breaks: Iterable[BreakSpec] = (),
    skip_public_holidays: bool = True,
) -> list[PlannedLesson]:
    """Every lesson the weekly slots give between `start` and `end` (both inclusive)."""
    by_weekday: dict[int, list[SlotSpec]] = {}
    for slot in slots:
        by_weekday.setdefault(slot.weekday, []).append(slot)
    breaks = list(breaks)
    planned: list[PlannedLesson] = []
    day = start
    while day <= end:
        todays = by_weekday.get(day.weekday())
        if (
            todays
            and not (skip_public_holidays and is_public_holiday(day))
            and not any(b.first_day <= day <= b.last_day for b in breaks)
        ):
            for slot in sorted(todays, key=lambda s: s.starts_at):
                planned.append(PlannedLesson(day, slot.starts_at, slot.ends_at))
        day += timedelta(days=1)
    return planned
