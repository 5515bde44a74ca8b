from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.core.dates import PlausibleDates
from spolu.core.models import Activity
from spolu.network.formtools import DATE_WIDGET, StyledMixin
from spolu.timesheets.models import MINUTES_PER_DAY, TimesheetEntry, WorkKind

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def hours_of(minutes: int) -> Decimal:
    """90 → 1.5; 100 → 1.67 (hours to two decimals, no trailing zeros)."""
    value = (Decimal(minutes) / 60).quantize(Decimal("0.01")).normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


class EntryForm(PlausibleDates, StyledMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.filter(active=True),
        label=_("Activity"),
        error_messages={"invalid_choice": _("Choose one of the project's activities.")},
    )
    kind = forms.ChoiceField(label=_("Kind of work"), choices=WorkKind.choices)
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=4,
        decimal_places=2,
        localize=True,
        help_text=_("For example 1,5 for an hour and a half."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("What the time was spent on, e.g. “monthly report for the funder”."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, entry: TimesheetEntry | None = None, **kwargs: Any) -> None:
        if entry is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "date": entry.date,
                "activity": entry.activity_id,
                "kind": entry.kind,
                "hours": hours_of(entry.minutes),
                "note": entry.note,
                "version": entry.version,
            }
        super().__init__(*args, **kwargs)
        self.fields["activity"].label_from_instance = lambda a: f"{a.code} – {a.name}"  # type: ignore[attr-defined]
        self._style()

    def clean_hours(self) -> Decimal:
        hours: Decimal = self.cleaned_data["hours"]
        if hours < 0:
            raise forms.ValidationError(_("Hours cannot be negative."))
        if hours == 0:
            raise forms.ValidationError(_("Enter more than zero hours."))
        if hours * 60 > MINUTES_PER_DAY:
            raise forms.ValidationError(_("A day has at most 24 hours."))
        return hours

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Work cannot be recorded for a future date."))
        return day

    @property
    def minutes(self) -> int:
        return int((self.cleaned_data["hours"] * 60).to_integral_value())


def parse_month(text: str | None) -> dt.date | None:
    """ "2026-11" → 1 November 2026; None when the text is not a month."""
    match = MONTH.match((text or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


class PeriodForm(StyledMixin, forms.Form):
    """A range of whole months (YYYY-MM), by default the current one."""

    start = forms.CharField(
        label=_("From month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-01"}),
    )
    end = forms.CharField(
        label=_("To month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-06"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def _month(self, name: str) -> dt.date | None:
        text = self.cleaned_data.get(name) or ""
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError(_("Enter a month as YYYY-MM, e.g. 2026-03."))
        return month

    def clean_start(self) -> dt.date | None:
        return self._month("start")

    def clean_end(self) -> dt.date | None:
        return self._month("end")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last month is before the first one."))
        elif start and end and (end.year - start.year) * 12 + end.month - start.month >= 24:
            self.add_error("end", _("Choose at most 24 months."))
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        this_month = timezone.localdate().replace(day=1)
        if not self.is_bound or not self.is_valid():
            return this_month, this_month
        start = self.cleaned_data.get("start") or self.cleaned_data.get("end") or this_month
        end = self.cleaned_data.get("end") or start
        return start, end
