"""Writes of timesheets: a staff member's own entries, and a coordinator closing a month.

Entries carry a `version`: an edit or a removal names the version the person saw and is refused
with StaleObjectError when it changed in between. Every write first locks the person's user row,
so an entry cannot slip into a month while a coordinator is closing it. django-auditlog records
every change, closures and reopenings included.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from spolu.core.errors import SpoluError, StaleObjectError
from spolu.core.models import Activity, User
from spolu.timesheets import queries
from spolu.timesheets.models import MINUTES_PER_DAY, MonthClosure, TimesheetEntry, WorkKind


def _lock_person(person: User) -> None:
    User.objects.select_for_update().filter(pk=person.pk).first()


def month_is_closed(person: User, day: date) -> bool:
    return MonthClosure.objects.filter(user=person, month=queries.month_start(day)).exists()


def _hours(minutes: int) -> str:
    return number_format(round(minutes / 60, 2), decimal_pos=2)


def _check_entry(
    person: User, day: date, activity: Activity, kind: str, minutes: int, exclude: int | None
) -> None:
    errors: dict[str, Any] = {}
    if day > timezone.localdate():
        errors["date"] = _("Work cannot be recorded for a future date.")
    elif month_is_closed(person, day):
        errors["date"] = _("%(month)s is closed: its timesheet was signed off.") % {
            "month": date_format(day, "YEAR_MONTH_FORMAT")
        }
    if not activity.active:
        errors["activity"] = _("The activity %(code)s is no longer in use.") % {"code": activity.pk}
    if kind not in WorkKind.values:
        errors["kind"] = _("Unknown kind of work.")
    if minutes < 1:
        errors["minutes"] = _("Enter more than zero hours.")
    elif minutes > MINUTES_PER_DAY:
        errors["minutes"] = _("A day has at most 24 hours.")
    elif "date" not in errors:
        others = TimesheetEntry.objects.filter(user=person, date=day)
        if exclude is not None:
            others = others.exclude(pk=exclude)
        booked = others.aggregate(total=Sum("minutes"))["total"] or 0
        if booked + minutes > MINUTES_PER_DAY:
            errors["minutes"] = _(
                "With your other entries of that day (%(booked)s h) this makes more than 24 hours."
            ) % {"booked": _hours(booked)}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def entry_create(
    *,
    actor: User,
    day: date,
    activity: Activity,
    kind: str,
    minutes: int,
    note: str = "",
) -> TimesheetEntry:
    """An entry in the actor's own timesheet."""
    _lock_person(actor)
    _check_entry(actor, day, activity, kind, minutes, exclude=None)
    entry = TimesheetEntry(
        user=actor, date=day, activity=activity, kind=kind, minutes=minutes, note=note.strip()
    )
    entry.full_clean()
    entry.save()
    return entry


def _locked_own_entry(actor: User, entry: TimesheetEntry, expected_version: int) -> TimesheetEntry:
    _lock_person(actor)
    current = TimesheetEntry.objects.select_for_update().filter(pk=entry.pk).first()
    if current is None:
        raise StaleObjectError(_("The entry was removed in the meantime."))
    if current.user_id != actor.pk:
        raise SpoluError(_("You can change only your own timesheet."), code="not_own")
    if current.version != expected_version:
        raise StaleObjectError()
    if month_is_closed(actor, current.date):
        raise SpoluError(
            _("%(month)s is closed: its timesheet was signed off.")
            % {"month": date_format(current.date, "YEAR_MONTH_FORMAT")},
            code="closed",
        )
    return current


@transaction.atomic
def entry_update(
    *,
    actor: User,
    entry: TimesheetEntry,
    expected_version: int,
    day: date,
    activity: Activity,
    kind: str,
    minutes: int,
    note: str = "",
) -> TimesheetEntry:
    current = _locked_own_entry(actor, entry, expected_version)
    _check_entry(actor, day, activity, kind, minutes, exclude=current.pk)
    current.date, current.activity, current.kind = day, activity, kind
    current.minutes, current.note = minutes, note.strip()
    current.version += 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def entry_delete(*, actor: User, entry: TimesheetEntry, expected_version: int) -> None:
    _locked_own_entry(actor, entry, expected_version).delete()


@transaction.atomic
def month_close(*, actor: User, person: User, month: date) -> MonthClosure:
    """Sign off `person`'s month: their entries freeze and the totals are kept as signed."""
    month = queries.month_start(month)
    if month > queries.month_start(timezone.localdate()):
        raise SpoluError(_("A month can be closed only once it has begun."), code="future")
    _lock_person(person)
    if MonthClosure.objects.filter(user=person, month=month).exists():
        raise SpoluError(_("This month is already closed."), code="already_closed")
    closure = MonthClosure(
        user=person,
        month=month,
        closed_by=actor,
        signed_minutes=queries.month_minutes(person, month),
    )
    try:
        with transaction.atomic():
            closure.save()
    except IntegrityError as exc:
        raise SpoluError(_("This month is already closed."), code="already_closed") from exc
    return closure


@transaction.atomic
def months_close(*, actor: User, people: list[User], month: date) -> list[MonthClosure]:
    """Close the month of everyone listed whose month is still open."""
    month = queries.month_start(month)
    closed = set(
        MonthClosure.objects.filter(month=month, user__in=people).values_list("user_id", flat=True)
    )
    return [
        month_close(actor=actor, person=person, month=month)
        for person in people
        if person.pk not in closed
    ]


@transaction.atomic
def month_reopen(*, actor: User, person: User, month: date) -> None:
    _lock_person(person)
    closure = MonthClosure.objects.filter(user=person, month=queries.month_start(month)).first()
    if closure is None:
        raise SpoluError(_("This month is not closed."), code="not_closed")
    closure.delete()
