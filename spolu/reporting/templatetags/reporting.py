"""Template filters of the reports: numbers as the report shows them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def num(value: Any) -> Any:
    """Whole numbers as they are, hours (floats) with two decimals, nothing as a dash."""
    if value is None or value == "":
        return "–"
    if isinstance(value, float | Decimal):
        return floatformat(value, 2)
    return value


@register.filter
def item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None
