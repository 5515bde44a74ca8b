"""Timesheets: a staff member's hours per activity and month, for the funder (staff are paid by
activity).

Most hours are already recorded elsewhere and are read from there, never typed twice (see
`queries.py`): services the person gave, field visits and platform meetings they took part in,
events they organised and lessons of the courses they teach. A `TimesheetEntry` adds the work no
record shows — administration, preparation, travel — per day and activity. When the month is
signed off, a coordinator closes it (`MonthClosure`): its entries can no longer change, and the
closure keeps the totals as they were signed, so later changes to records show up as a
difference instead of silently altering a signed sheet.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from spolu.core.models import Activity

MINUTES_PER_DAY = 24 * 60


class WorkKind(models.TextChoices):
    ADMINISTRATION = "administration", _("administration")
    PREPARATION = "preparation", _("preparation")
    TRAVEL = "travel", _("travel")
    MEETING = "meeting", _("team meeting, supervision")
    TRAINING = "training", _("own training")
    OTHER = "other", _("other work")


class TimesheetEntryQuerySet(models.QuerySet["TimesheetEntry"]):
    def in_month(self, month: date) -> TimesheetEntryQuerySet:
        return self.filter(date__year=month.year, date__month=month.month)


class TimesheetEntry(models.Model):
    """Work not recorded anywhere else, typed by the staff member themselves."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="timesheet_entries",
        verbose_name=_("staff member"),
    )
    date = models.DateField(_("date"))
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="+", verbose_name=_("activity")
    )
    kind = models.CharField(_("kind of work"), max_length=20, choices=WorkKind.choices)
    minutes = models.PositiveIntegerField(_("minutes"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TimesheetEntryQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("timesheet entry")
        verbose_name_plural = _("timesheet entries")
        permissions = [
            ("view_all_timesheets", _("Can see the timesheets of every staff member")),
            ("close_timesheet_month", _("Can close and reopen months of timesheets")),
        ]
        indexes = [models.Index(fields=["user", "date"]), models.Index(fields=["date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MINUTES_PER_DAY),
                name="timesheet_entry_minutes_within_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.date} {self.activity_id} {self.minutes} min"


class MonthClosure(models.Model):
    """A staff member's month that a coordinator signed off: its entries are frozen."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff member"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    closed_at = models.DateTimeField(_("closed on"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("closed by"),
    )
    # {activity code: minutes} as signed, to show later changes of the underlying records.
    signed_minutes = models.JSONField(_("minutes as signed"), default=dict, editable=False)

    class Meta:
        ordering = ["-month", "user"]
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")
        constraints = [
            models.UniqueConstraint(fields=["user", "month"], name="month_closed_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.month:%Y-%m}"

    @property
    def signed(self) -> dict[str, Any]:
        return self.signed_minutes or {}
