"""Timesheets: a person's month (web and PDF for signature), their own entries, closing a month,
and the overview per activity and person (web and XLSX)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from spolu.core.dates import EARLIEST, LATEST, parse_date_param
from spolu.core.errors import SpoluError
from spolu.core.models import User
from spolu.core.pdf import render_pdf
from spolu.timesheets import exports, queries, services
from spolu.timesheets.forms import EntryForm, PeriodForm, parse_month
from spolu.timesheets.models import TimesheetEntry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _month(year: int, month: int) -> date:
    """The first day of a month from the URL; anything outside 1900–2100 is not found (a year
    such as 1 or 99999999999 would otherwise overflow in the month arithmetic)."""
    if not (EARLIEST.year <= year <= LATEST.year and 1 <= month <= 12):
        raise Http404
    return date(year, month, 1)


def _person(request: HttpRequest, user_id: int) -> User:
    """The viewer themselves, or someone in scope for those who see every timesheet."""
    viewer = _user(request)
    if user_id == viewer.pk:
        return viewer
    if not viewer.has_perm("timesheets.view_all_timesheets"):
        raise Http404
    return get_object_or_404(queries.people_in_scope(viewer), pk=user_id)


def _sheet_url(person: User, month: date) -> str:
    return reverse("timesheets:sheet", args=[person.pk, month.year, month.month])


@require_GET
@permission_required("timesheets.view_timesheetentry", raise_exception=True)
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.has_perm("timesheets.add_timesheetentry"):
        return redirect(_sheet_url(user, timezone.localdate()))
    if user.has_perm("timesheets.view_all_timesheets"):
        return redirect("timesheets:overview")
    raise PermissionDenied


@require_GET
@permission_required("timesheets.view_timesheetentry", raise_exception=True)
def sheet(request: HttpRequest, user_id: int, year: int, month: int) -> HttpResponse:
    viewer = _user(request)
    person = _person(request, user_id)
    first = _month(year, month)
    data = queries.month_sheet(person, first)
    own = person.pk == viewer.pk
    return render(
        request,
        "timesheets/sheet.html",
        {
            "sheet": data,
            "own": own,
            "can_edit": own
            and data.closure is None
            and viewer.has_perm("timesheets.add_timesheetentry"),
            "can_close": viewer.has_perm("timesheets.close_timesheet_month"),
            "previous": queries.add_months(first, -1),
            "next": queries.add_months(first, 1),
            "is_future": first > timezone.localdate(),
            # "Add other work" from a past month's sheet opens on that month.
            "entry_date": min(queries.month_end(first), timezone.localdate()),
            "sources": [queries.SOURCE_LABELS[s] for s in queries.SOURCES],
        },
    )


@require_GET
@permission_required("timesheets.view_timesheetentry", raise_exception=True)
def sheet_pdf(request: HttpRequest, user_id: int, year: int, month: int) -> HttpResponse:
    person = _person(request, user_id)
    data = queries.month_sheet(person, _month(year, month))
    title = _("Timesheet %(month)s – %(person)s") % {
        "month": date_format(data.month, "YEAR_MONTH_FORMAT"),
        "person": person.get_full_name() or person.username,
    }
    pdf = render_pdf(
        "timesheets/pdf/sheet.html",
        {
            "sheet": data,
            "doc_title": title,
            "sources": [queries.SOURCE_LABELS[s] for s in queries.SOURCES],
            "printed": timezone.localtime(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"timesheet-{person.username}-{data.month:%Y-%m}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _show_errors(form: EntryForm, exc: ValidationError | SpoluError) -> None:
    if isinstance(exc, SpoluError):
        form.add_error(None, str(exc.message))
        return
    for field, errors in exc.message_dict.items():
        target = "hours" if field == "minutes" else field
        for error in errors:
            form.add_error(target if target in form.fields else None, error)


def _entry_values(form: EntryForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "day": data["date"],
        "activity": data["activity"],
        "kind": data["kind"],
        "minutes": form.minutes,
        "note": data["note"],
    }


@permission_required("timesheets.add_timesheetentry", raise_exception=True)
def entry_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    initial: dict[str, Any] = {"date": timezone.localdate()}
    asked = parse_date_param(request.GET.get("date"))
    if asked is not None:
        initial["date"] = min(asked, timezone.localdate())
    form = EntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_create(actor=user, **_entry_values(form))
        except (ValidationError, SpoluError) as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The entry was saved."))
            return redirect(_sheet_url(user, entry.date))
    return render(request, "timesheets/entry_form.html", {"form": form, "entry": None})


def _own_entry(request: HttpRequest, pk: int) -> TimesheetEntry:
    return get_object_or_404(
        TimesheetEntry.objects.select_related("activity"), pk=pk, user=_user(request)
    )


@permission_required("timesheets.change_timesheetentry", raise_exception=True)
def entry_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    entry = _own_entry(request, pk)
    form = EntryForm(request.POST or None, entry=entry)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_update(
                actor=user,
                entry=entry,
                expected_version=form.cleaned_data["version"] or entry.version,
                **_entry_values(form),
            )
        except (ValidationError, SpoluError) as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("The entry was saved."))
            return redirect(_sheet_url(user, entry.date))
    return render(request, "timesheets/entry_form.html", {"form": form, "entry": entry})


@require_POST
@permission_required("timesheets.delete_timesheetentry", raise_exception=True)
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    entry = _own_entry(request, pk)
    try:
        version = int(request.POST.get("version") or entry.version)
        services.entry_delete(actor=user, entry=entry, expected_version=version)
    except ValueError:
        messages.error(request, _("The form was not complete; nothing was removed."))
    except SpoluError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The entry was removed."))
    return redirect(_sheet_url(user, entry.date))


@require_POST
@permission_required("timesheets.close_timesheet_month", raise_exception=True)
def month_close(request: HttpRequest, user_id: int, year: int, month: int) -> HttpResponse:
    person = _person(request, user_id)
    first = _month(year, month)
    try:
        services.month_close(actor=_user(request), person=person, month=first)
    except SpoluError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The month was closed: the timesheet is signed off."))
    return redirect(_sheet_url(person, first))


@require_POST
@permission_required("timesheets.close_timesheet_month", raise_exception=True)
def month_reopen(request: HttpRequest, user_id: int, year: int, month: int) -> HttpResponse:
    person = _person(request, user_id)
    first = _month(year, month)
    try:
        services.month_reopen(actor=_user(request), person=person, month=first)
    except SpoluError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The month was reopened for changes."))
    return redirect(_sheet_url(person, first))


def _overview(request: HttpRequest) -> tuple[PeriodForm, queries.Overview]:
    form = PeriodForm(request.GET or None)
    first, last = form.period()
    return form, queries.overview(_user(request), first, last)


@require_GET
@permission_required("timesheets.view_all_timesheets", raise_exception=True)
def overview(request: HttpRequest) -> HttpResponse:
    form, data = _overview(request)
    return _overview_page(request, form, data)


def _overview_page(
    request: HttpRequest, form: PeriodForm, data: queries.Overview, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "timesheets/overview.html",
        {
            "form": form,
            "data": data,
            "query": request.GET.urlencode(),
            "can_close": _user(request).has_perm("timesheets.close_timesheet_month"),
        },
        status=status,
    )


@require_GET
@permission_required("timesheets.view_all_timesheets", raise_exception=True)
def overview_xlsx(request: HttpRequest) -> HttpResponse:
    form, data = _overview(request)
    if form.is_bound and not form.is_valid():
        # The page falls back to this month beside the message; a download cannot show the
        # message, so it answers with the page and its message instead of silently exporting a
        # period nobody asked for.
        return _overview_page(request, form, data, status=400)
    response = HttpResponse(exports.overview_xlsx(data), content_type=XLSX)
    name = f"timesheets-{data.first_month:%Y-%m}"
    if not data.single_month:
        name += f"-{data.last_month:%Y-%m}"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@require_POST
@permission_required("timesheets.close_timesheet_month", raise_exception=True)
def overview_close(request: HttpRequest) -> HttpResponse:
    month = parse_month(request.POST.get("month"))
    if month is None:
        messages.error(request, _("Choose the month to close."))
        return redirect("timesheets:overview")
    people = list(queries.timesheet_users(_user(request)))
    try:
        closed = services.months_close(actor=_user(request), people=people, month=month)
    except SpoluError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            ngettext(
                "%(month)s was closed for %(count)s staff member.",
                "%(month)s was closed for %(count)s staff members.",
                len(closed),
            )
            % {"month": date_format(month, "YEAR_MONTH_FORMAT"), "count": len(closed)},
        )
    return redirect(f"{reverse('timesheets:overview')}?start={month:%Y-%m}&end={month:%Y-%m}")
