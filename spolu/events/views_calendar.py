"""The shared calendar (month and week) and each staff member's iCalendar feed.

Feed readers cannot do two-factor sign-in, so the feed is addressed by a long random secret in
the URL instead of a session. Only its hash is stored; the user can replace or revoke it at any
time. The feed lists only items whose titles never name a client (events, lessons, platform
meetings), with titles, places and times only.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from icalendar import Calendar
from icalendar import Event as ICalEvent

from spolu.core.models import Activity
from spolu.events import services
from spolu.events.calendar import calendar_items
from spolu.events.forms import CalendarFilterForm
from spolu.events.models import CalendarFeed
from spolu.events.queries import calendar_page, calendar_range, local_midnight
from spolu.events.rendering import calendar_items_html

# Kinds of calendar items whose titles carry no personal data of clients.
FEED_KINDS = frozenset({"event", "lesson", "meeting"})
FEED_PAST_DAYS = 60
FEED_FUTURE_DAYS = 365


@require_GET
@permission_required("events.view_event", raise_exception=True)
def calendar_view(request: HttpRequest) -> HttpResponse:
    form = CalendarFilterForm(request.GET or None, user=request.user)
    data: dict[str, Any] = {}
    if form.is_bound:
        # An invalid field (a date outside 1900–2100) is shown as an error and dropped; the
        # other filters still apply and the calendar opens at today.
        form.is_valid()
        data = form.cleaned_data
    view = data.get("view") or "month"
    anchor: date = data.get("date") or timezone.localdate()
    first, last = calendar_range(view, anchor)
    office = data.get("office")
    activity = data.get("activity")
    items = calendar_items(
        request.user,
        local_midnight(first),
        local_midnight(last + timedelta(days=1)),
        offices=[office.pk] if office else None,
        activities=[activity.pk] if activity else None,
    )
    page = calendar_page(view, anchor, items)
    calendar_items_html((day for week in page.weeks for day in week), page.view == "week")
    query = request.GET.copy()
    for key in ("date", "view"):
        query.pop(key, None)
    activities = {a.code: a for a in Activity.objects.all()}
    return render(
        request,
        "events/calendar.html",
        {
            "form": form,
            "page": page,
            "filters": query.urlencode(),
            "activities": activities,
            "today": timezone.localdate(),
        },
    )


# --- iCalendar feed ---------------------------------------------------------------------------


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("events:calendar_feed", args=[token]))


@never_cache
@require_http_methods(["GET", "POST"])
def feed_settings(request: HttpRequest) -> HttpResponse:
    """Show whether the user has a feed; POST renews (shows the new address once) or revokes.

    Creating an address takes events.subscribe_calendar. Stopping one does not: someone whose
    permission was taken away must still be able to get rid of the address they once made.
    """
    user: Any = request.user
    may_subscribe = user.has_perm("events.subscribe_calendar")
    feed = CalendarFeed.objects.filter(user_id=user.pk or 0).first()
    if not may_subscribe and feed is None:
        raise PermissionDenied
    new_url = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            services.calendar_feed_revoke(user=user)
            if not may_subscribe:
                messages.success(request, _("The calendar address was stopped."))
                return redirect("dashboard")
            return redirect("events:feed_settings")
        if action == "renew":
            if not may_subscribe:
                raise PermissionDenied
            new_url = _feed_url(request, services.calendar_feed_renew(user=user))
            feed = CalendarFeed.objects.filter(user_id=user.pk).first()
    context = {"feed": feed, "new_url": new_url, "may_subscribe": may_subscribe}
    return render(request, "events/feed_settings.html", context)


def _ical_text(value: str) -> str:
    return value.replace("\r", " ").replace("\n", " ")[:250]


@login_not_required
@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = services.calendar_feed_user(token)
    if user is None:
        raise Http404
    request.spolu_private = True  # type: ignore[attr-defined]  # a schedule: never cached
    now = timezone.now()
    items = calendar_items(
        user, now - timedelta(days=FEED_PAST_DAYS), now + timedelta(days=FEED_FUTURE_DAYS)
    )
    cal = Calendar()
    cal.add("prodid", "-//Spolu//Calendar//CS")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Spolu – {user.get_full_name() or user.username}")
    host = request.get_host().split(":")[0] or "spolu"
    for item in items:
        if item.kind not in FEED_KINDS or user.pk not in item.staff_ids:
            continue
        entry = ICalEvent()
        entry.add("uid", f"{item.kind}-{item.url.strip('/').replace('/', '-')}@{host}")
        entry.add("dtstamp", now)
        entry.add("dtstart", item.starts_at)
        entry.add("dtend", item.ends_at)
        entry.add("summary", _ical_text(item.title))
        if item.place:
            entry.add("location", _ical_text(item.place))
        entry.add("url", request.build_absolute_uri(item.url))
        if item.cancelled:
            entry.add("status", "CANCELLED")
        cal.add_component(entry)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="spolu.ics"'
    return response
