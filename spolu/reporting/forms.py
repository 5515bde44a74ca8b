from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.core.access import sees_all_offices
from spolu.core.dates import PlausibleDates
from spolu.core.models import Office, User
from spolu.reporting.sources import Scope


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", attrs={"class": "form-control"}, **kwargs)


class PeriodForm(PlausibleDates, forms.Form):
    """The report's period (both days included) and office, from the query string."""

    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To"), widget=DateInput())
    office = forms.ModelChoiceField(
        queryset=Office.objects.none(),
        to_field_name="code",
        required=False,
        label=_("Office"),
        empty_label=_("All offices"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, data: Any, *, user: User, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        field = self.fields["office"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Office.objects.visible_to(user).order_by("name")
        if not sees_all_offices(user):
            # A report of every office would include records this user may not see.
            field.required = True
            field.empty_label = None

    @staticmethod
    def defaults(today: date | None = None) -> dict[str, str]:
        """This year so far."""
        today = today or timezone.localdate()
        return {
            "date_from": today.replace(month=1, day=1).isoformat(),
            "date_to": today.isoformat(),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The end of the period is before its start."))
        if date_from and date_from.year < 2000:
            self.add_error("date_from", _("Choose a date from the year 2000 on."))
        if date_to and date_to.year > 2100:
            self.add_error("date_to", _("Choose a date before the year 2100."))
        return cleaned

    def scope(self) -> Scope:
        data = self.cleaned_data
        return Scope(data["date_from"], data["date_to"], office=data.get("office"))

    def query(self) -> dict[str, str]:
        """The period as query parameters for links to the records behind the numbers."""
        data = self.cleaned_data
        query = {"date_from": data["date_from"].isoformat(), "date_to": data["date_to"].isoformat()}
        if data.get("office"):
            query["office"] = data["office"].code
        return query
