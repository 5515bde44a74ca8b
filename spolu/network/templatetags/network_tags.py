from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from spolu.network.text import render_minutes

register = template.Library()


@register.filter
def minutes_html(text: str) -> SafeString:
    """Meeting minutes written with the simple markup of `spolu.network.text`."""
    return render_minutes(text)
