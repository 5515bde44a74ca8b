from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from spolu.core.dates import PlausibleDates
from spolu.core.models import District, Office, User
from spolu.monitoring.models import Observation, ObservationTopic
from spolu.monitoring.territories import REGIONS
from spolu.network.formtools import DATE_WIDGET, StyledMixin, VersionedForm


class ReferenceDateForm(StyledMixin, forms.Form):
    """The date of the official figures the dashboard compares the reach with."""

    date = forms.TypedChoiceField(
        label=_("Official figures as of"), coerce=dt.date.fromisoformat, required=False
    )

    def __init__(self, *args: Any, dates: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [  # type: ignore[attr-defined]
            (d.isoformat(), date_format(d, "SHORT_DATE_FORMAT")) for d in dates
        ]
        self._style()

    def chosen(self) -> dt.date | None:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["date"] or None
        return None


class StatisticFilterForm(PlausibleDates, StyledMixin, forms.Form):
    KIND_CHOICES = [
        ("", _("Published and synthetic")),
        ("published", _("Published only")),
        ("synthetic", _("Synthetic only")),
    ]
    BREAKDOWN_CHOICES = [
        ("", _("Totals and details")),
        ("totals", _("Totals only")),
        ("details", _("Details only")),
    ]

    territory = forms.ChoiceField(label=_("Territory"), required=False)
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    kind = forms.ChoiceField(label=_("Figures"), required=False, choices=KIND_CHOICES)
    breakdown = forms.ChoiceField(label=_("Rows"), required=False, choices=BREAKDOWN_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from spolu.monitoring.territories import region_name

        districts = [(d.code, f"{d.code} {d.name}") for d in District.objects.all()]
        regions = [(code, f"{code} {region_name(code)}") for code in REGIONS]
        self.fields["territory"].choices = [  # type: ignore[attr-defined]
            ("", _("All territories")),
            (_("Regions"), regions),
            (_("Districts"), districts),
        ]
        self._style()


class ObservationFilterForm(PlausibleDates, StyledMixin, forms.Form):
    district = forms.ModelChoiceField(
        queryset=District.objects.all(),
        required=False,
        label=_("District"),
        empty_label=_("All districts"),
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All topics")), *ObservationTopic.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class ObservationForm(PlausibleDates, StyledMixin, VersionedForm):
    office = forms.ModelChoiceField(queryset=Office.objects.none(), label=_("Office"))

    class Meta:
        model = Observation
        fields = ["office", "date", "topic", "district", "title", "text"]
        widgets = {"date": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = Office.objects.visible_to(user).active()
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["district"].queryset = District.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["district"].empty_label = _("The whole region")  # type: ignore[attr-defined]
        if not self.instance.pk:
            self.fields["date"].initial = timezone.localdate()
            own = [o for o in offices if o.pk in user.office_ids()]
            if own:
                self.fields["office"].initial = own[0].pk
                self.fields["district"].initial = own[0].district_id
        self._style()

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("An observation cannot be dated in the future."))
        return day
