from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.filter
def client_url(client_id: int | None) -> str:
    """The client page, or "" while the clients app offers none (links then show as text)."""
    if not client_id:
        return ""
    try:
        return reverse("clients:detail", args=[client_id])
    except NoReverseMatch:
        return ""


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key)
