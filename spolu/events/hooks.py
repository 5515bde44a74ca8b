"""What the events app contributes to other parts of Spolu (registered in EventsConfig.ready):
calendar items, the merge of duplicate clients, the client page panel, the organisation page
panel and the dashboard panel of upcoming events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from spolu.clients.models import Client
from spolu.events.calendar import CalendarItem
from spolu.events.models import Event, EventParticipant
from spolu.events.queries import event_items
from spolu.network.models import Organisation

PANEL_ROWS = 50


def _url_pattern() -> str:
    marker = 987654321
    return reverse("events:event_detail", args=[marker]).replace(str(marker), "{}")


def event_calendar_items(
    user: Any,
    start: datetime,
    end: datetime,
    offices: Iterable[int] | None = None,
    activities: Iterable[str] | None = None,
) -> list[CalendarItem]:
    return event_items(
        Event.objects.visible_to(user), start, end, offices, activities, _url_pattern()
    )


def merge_participations(*, survivor: Client, duplicate: Client) -> None:
    """Move the duplicate's registrations to the survivor. Where both were registered for the
    same event, keep one registration: present if either was marked present, the earlier
    registration time — nothing the two rows said is lost."""
    theirs = list(EventParticipant.objects.filter(client=duplicate).select_for_update())
    ours = {
        p.event_id: p
        for p in EventParticipant.objects.filter(
            client=survivor, event_id__in=[p.event_id for p in theirs]
        ).select_for_update()
    }
    for participant in theirs:
        kept = ours.get(participant.event_id)
        if kept is None:
            participant.client = survivor
            participant.save(update_fields=["client"])
            continue
        changed = []
        # Present wins over absent, and any mark wins over none.
        better = participant.attended is True or kept.attended is None
        if better and participant.attended is not None and kept.attended != participant.attended:
            kept.attended = participant.attended
            changed.append("attended")
        if participant.registered_at < kept.registered_at:
            kept.registered_at = participant.registered_at
            kept.registered_by = participant.registered_by
            changed += ["registered_at", "registered_by"]
        if changed:
            kept.save(update_fields=changed)
        participant.delete()


def client_panel(request: HttpRequest, client: Client) -> dict[str, Any] | None:
    user: Any = request.user
    if not user.has_perm("events.view_eventparticipant"):
        return None
    participations = list(
        EventParticipant.objects.visible_to(user)
        .filter(client=client)
        .select_related("event", "event__activity", "event__office")
        .order_by("-event__starts_at")[:PANEL_ROWS]
    )
    can_register = user.has_perm("events.add_eventparticipant")
    return {"participations": participations, "client": client, "can_register": can_register}


def organisation_panel(request: HttpRequest, organisation: Organisation) -> dict[str, Any] | None:
    """The organisation's newest events, with how many there are in all and a link to the list
    of all of them when the panel shows only the newest."""
    user: Any = request.user
    if not user.has_perm("events.view_event"):
        return None
    events = Event.objects.visible_to(user).with_organisation(organisation)
    shown = list(events.select_related("activity", "office").order_by("-starts_at")[:PANEL_ROWS])
    total = len(shown) if len(shown) < PANEL_ROWS else events.count()
    return {
        "events": shown,
        "total": total,
        "more": total > len(shown),
        "organisation": organisation,
        "list_url": reverse("events:event_list") + f"?organisation={organisation.pk}",
    }


def upcoming_events_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The next two weeks' events the user organises."""
    user: Any = request.user
    if not user.has_perm("events.view_event"):
        return None
    now = timezone.now()
    events = list(
        Event.objects.visible_to(user)
        .filter(organisers=user, ends_at__gte=now, starts_at__lt=now + timedelta(days=14))
        .filter(cancelled=False)
        .select_related("activity")
        .order_by("starts_at")[:10]
    )
    if not events:
        return None
    return {"events": events}
