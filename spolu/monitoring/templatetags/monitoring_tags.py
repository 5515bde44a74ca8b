"""Numbers of the monitoring pages in the local format, with synthetic figures marked."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from spolu.monitoring.queries import Figure

register = template.Library()


@register.filter
def num(value: int | Decimal | None, decimals: int | None = None) -> str:
    """61437 → "61 437" (Czech) or "61,437" (English); Decimals with `decimals` places."""
    if value is None:
        return ""
    return number_format(value, decimal_pos=decimals, force_grouping=True)


@register.simple_tag
def figure(value: Figure | None, missing: str = "dash") -> SafeString:
    """A count as a table cell's content; synthetic counts marked †, missing ones explained."""
    if value is None:
        if missing == "text":
            return format_html(
                '<span class="text-body-secondary">{}</span>', _("no published figure")
            )
        return format_html(
            '<span class="text-body-secondary" title="{0}">–'
            '<span class="visually-hidden"> {0}</span></span>',
            _("no published figure"),
        )
    shown = number_format(value.count, force_grouping=True)
    if value.synthetic:
        return format_html(
            '<span class="synthetic" title="{1}">{0}<sup aria-hidden="true">†</sup>'
            '<span class="visually-hidden"> ({1})</span></span>',
            shown,
            _("synthetic figure, not published"),
        )
    return format_html("{}", shown)
