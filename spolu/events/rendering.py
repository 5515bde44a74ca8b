"""HTML of the parts of event pages that grow with the data (calendar items, participant rows).

Built in Python with `html.escape` rather than in a template loop, because a month holds
hundreds of items and an event hundreds of participants, and both pages must render in well
under 100 ms (`bench.py`); the Django template engine costs tens of microseconds per tag. The
markup is the same a template would produce; every value is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from spolu.events.calendar import CalendarItem
from spolu.events.models import EventParticipant
from spolu.events.templatetags.events_tags import client_url


def calendar_items_html(days: Iterable[Any], with_place: bool) -> None:
    """Set `day.html` of every calendar day to its items' list entries."""
    cancelled = f'<span class="visually-hidden"> ({escape(_("cancelled"))})</span>'
    tz = timezone.get_current_timezone()
    cache: dict[int, str] = {}
    for day in days:
        parts = []
        for item in day.items:
            key = id(item)
            if key not in cache:
                cache[key] = _item_html(item, with_place, cancelled, tz)
            parts.append(cache[key])
        day.html = _safe("".join(parts))


def _item_html(item: CalendarItem, with_place: bool, cancelled: str, tz: Any) -> str:
    start = item.starts_at.astimezone(tz)
    title, place = escape(item.title), escape(item.place)
    tooltip = f"{title} – {place}" if place else title
    classes = f"cal-item kind-{escape(item.kind)} act-{escape(item.activity_id)}"
    if item.cancelled:
        classes += " cancelled"
    where = f'<span class="cal-place">{place}</span>' if with_place and place else ""
    # Midnight means "time not recorded" (imported events carry a date only).
    when = (
        f'<span class="cal-time">{start.hour:02d}:{start.minute:02d}</span> '
        if start.hour or start.minute
        else ""
    )
    return (
        f'<li><a class="{classes}" href="{escape(item.url)}" title="{tooltip}">'
        f"{when}{title}{where}{cancelled if item.cancelled else ''}</a></li>"
    )


@dataclass(frozen=True)
class RosterOptions:
    can_mark: bool
    can_unregister: bool
    remove_url: str


def participant_rows_html(
    participants: Iterable[EventParticipant], options: RosterOptions
) -> SafeString:
    """The table rows of registered clients: attendance checkbox, name (linked to the client's
    page), year of birth and citizenship, and the button that cancels the registration."""
    absent = f' <span class="badge text-bg-danger">{escape(_("absent"))}</span>'
    confirm = escape(_("Cancel this registration?"))
    rows = []
    for p in participants:
        client = p.client
        name = escape(client.display_name)
        url = client_url(client.pk)
        linked = f'<a href="{escape(url)}">{name}</a>' if url else name
        born = client.year_of_birth
        detail = (
            f"{born} · {escape(client.citizenship_id)}" if born else escape(client.citizenship_id)
        )
        cells = []
        if options.can_mark:
            checked = " checked" if p.attended is not False else ""
            cells.append(
                f'<td class="present-cell"><input class="form-check-input" type="checkbox" '
                f'name="present_client" value="{p.pk}" id="present-c{p.pk}"{checked}></td>'
            )
        cells.append(
            f'<td><label for="present-c{p.pk}">{linked}</label>'
            f"{absent if p.attended is False else ''}"
            f'<div class="small text-body-secondary d-md-none">{detail}</div></td>'
            f'<td class="small text-body-secondary d-none d-md-table-cell">{detail}</td>'
        )
        if options.can_unregister:
            label = escape(_("Cancel the registration of %(name)s") % {"name": client.display_name})
            cells.append(
                f'<td class="text-end"><button type="submit" name="participant" value="{p.pk}" '
                f'class="btn btn-sm btn-link text-danger p-0" formaction="{options.remove_url}" '
                f'hx-post="{options.remove_url}" hx-target="#roster" hx-swap="outerHTML" '
                f'hx-confirm="{confirm}" aria-label="{label}">'
                f'<i class="bi bi-x-circle" aria-hidden="true"></i></button></td>'
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return _safe("\n".join(rows))


def _safe(html: str) -> SafeString:
    # Safe: built only from values passed through html.escape above.
    return mark_safe(html)
