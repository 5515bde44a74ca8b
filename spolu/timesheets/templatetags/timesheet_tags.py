"""Minutes shown as hours in the local number format."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    """150 → "2,50" (Czech) or "2.50" (English): hours with two decimals."""
    return number_format(round((minutes or 0) / 60, 2), decimal_pos=2, force_grouping=True)


@register.filter
def in_columns(row: object, codes: list[str]) -> list[int]:
    """A row's minutes in the order of the table's activity columns."""
    return row.in_columns(codes)  # type: ignore[attr-defined]


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str:
    return mapping.get(key, "")
