"""Template helpers of the events pages."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format

register = template.Library()

_MARKER = 987654321


@lru_cache(maxsize=8)
def _pattern(url_name: str) -> str:
    try:
        return reverse(url_name, args=[_MARKER]).replace(str(_MARKER), "{}")
    except NoReverseMatch:
        return ""


@register.filter
def client_url(pk: int) -> str:
    """The client page's address ("" while the client pages do not exist), without a reverse()
    per row: a roster of hundreds of participants renders it once."""
    pattern = _pattern("clients:detail")
    return pattern.format(pk) if pattern else ""


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as hours with at most two decimals, in local number format: 150 → 2,5."""
    value = round((minutes or 0) / 60, 2)
    if value == int(value):
        return str(int(value))
    return number_format(value)
