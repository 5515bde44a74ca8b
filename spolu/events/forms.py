from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.core.dates import PlausibleDates
from spolu.core.models import Activity, Country, District, Language, Office, User
from spolu.counselling.models import FieldVisit
from spolu.events.models import (
    EVENT_ACTIVITIES,
    Campaign,
    CampaignMaterial,
    DistributionAction,
    Event,
    EvidenceKind,
)
from spolu.network.formtools import (
    DATE_WIDGET,
    DATETIME_WIDGET,
    ServiceForm,
    StyledMixin,
    VersionedForm,
)
from spolu.network.models import Organisation


def staff_of(offices: Any) -> Any:
    return (
        User.objects.filter(is_active=True, offices__in=offices)
        .distinct()
        .order_by("last_name", "first_name")
    )


class EventForm(PlausibleDates, StyledMixin, VersionedForm):
    class Meta:
        model = Event
        fields = [
            "activity",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "minutes",
            "office",
            "place",
            "district",
            "organisers",
            "partner_organisations",
            "language",
            "interpretation_languages",
            "capacity",
            "featured_country",
            "featured_community",
            "headcount_adults",
            "headcount_children",
            "headcount_unspecified",
            "cancelled",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "organisers": forms.SelectMultiple(attrs={"size": 6}),
            "partner_organisations": forms.SelectMultiple(attrs={"size": 6}),
            "interpretation_languages": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = Office.objects.visible_to(user).active()
        fields = self.fields
        fields["office"].queryset = offices  # type: ignore[attr-defined]
        fields["activity"].queryset = Activity.objects.filter(code__in=EVENT_ACTIVITIES)  # type: ignore[attr-defined]
        fields["organisers"].queryset = staff_of(offices)  # type: ignore[attr-defined]
        fields["partner_organisations"].queryset = Organisation.objects.filter(active=True)  # type: ignore[attr-defined]
        languages = Language.objects.filter(active=True)
        fields["language"].queryset = languages  # type: ignore[attr-defined]
        fields["interpretation_languages"].queryset = languages  # type: ignore[attr-defined]
        fields["featured_country"].queryset = Country.objects.filter(active=True)  # type: ignore[attr-defined]
        fields["district"].queryset = District.objects.filter(active=True)  # type: ignore[attr-defined]
        for name in ("headcount_adults", "headcount_children", "headcount_unspecified", "capacity"):
            fields[name].widget.attrs["min"] = 0
            fields[name].widget.attrs["inputmode"] = "numeric"
        if not self.instance.pk:
            del fields["cancelled"]
            first = offices.first()
            if first and len(offices) == 1:
                fields["office"].initial = first.pk
                fields["district"].initial = first.district_id
            fields["organisers"].initial = [user.pk]
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        return data


class ParticipantSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a client"), max_length=100, required=False)


class ProfessionalForm(StyledMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    institution = forms.CharField(label=_("Institution"), max_length=250, required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("Organisation in the directory"),
    )
    role = forms.CharField(label=_("Role or position"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True)  # type: ignore[attr-defined]
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("organisation") and not data.get("institution"):
            data["institution"] = data["organisation"].name
        return data


class HeadcountForm(StyledMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    adults = forms.IntegerField(label=_("Adults"), min_value=0, max_value=100_000)
    children = forms.IntegerField(label=_("Children"), min_value=0, max_value=100_000)
    unspecified = forms.IntegerField(
        label=_("Age not recorded"), min_value=0, max_value=100_000, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("adults", "children", "unspecified"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})
        self._style()


class EvidenceForm(StyledMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=250, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.webp,.docx,.odt"
        self._style()


class EventFilterForm(PlausibleDates, StyledMixin, forms.Form):
    q = forms.CharField(label=_("Title or place"), required=False, max_length=100)
    office = forms.ModelChoiceField(
        queryset=Office.objects.none(), required=False, label=_("Office")
    )
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.filter(code__in=EVENT_ACTIVITIES),
        required=False,
        label=_("Activity"),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)
    # Set by the "show all" link of an organisation's page; kept while the other filters change.
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.visible_to(user)  # type: ignore[attr-defined]
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class CalendarFilterForm(PlausibleDates, StyledMixin, forms.Form):
    view = forms.ChoiceField(
        label=_("View"),
        choices=[("month", _("Month")), ("week", _("Week"))],
        required=False,
    )
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    office = forms.ModelChoiceField(
        queryset=Office.objects.none(),
        required=False,
        label=_("Office"),
        empty_label=_("All offices"),
    )
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.filter(active=True),
        required=False,
        label=_("Activity"),
        empty_label=_("All activities"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.visible_to(user)  # type: ignore[attr-defined]
        for name in ("office", "activity"):
            self.fields[name].widget.attrs["data-autosubmit"] = ""
        self._style()


# --- Campaigns --------------------------------------------------------------------------------


class CampaignForm(PlausibleDates, StyledMixin, VersionedForm):
    class Meta:
        model = Campaign
        fields = ["title", "office", "goal", "starts_on", "ends_on"]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "goal": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.visible_to(user).active()  # type: ignore[attr-defined]
        self._style()


class MaterialForm(StyledMixin, ServiceForm):
    url = forms.URLField(label=_("link"), required=False, assume_scheme="https")

    class Meta:
        model = CampaignMaterial
        fields = ["kind", "title", "languages", "url"]
        widgets = {"languages": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].queryset = Language.objects.filter(active=True)  # type: ignore[attr-defined]
        self._style()


class DistributionForm(PlausibleDates, StyledMixin, ServiceForm):
    class Meta:
        model = DistributionAction
        fields = ["material", "date", "channel", "copies", "reach", "place", "district", "note"]
        widgets = {"date": DATE_WIDGET}

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = campaign.materials.all()  # type: ignore[attr-defined]
        self.fields["district"].queryset = District.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["date"].initial = timezone.localdate()
        for name in ("copies", "reach"):
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("copies") or data.get("reach")) and not self.errors:
            self.add_error("copies", _("Enter the number of copies, the reach, or both."))
        return data


class CampaignReportForm(PlausibleDates, StyledMixin, forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), widget=DATE_WIDGET)
    office = forms.ModelChoiceField(
        queryset=Office.objects.none(),
        required=False,
        label=_("Office"),
        empty_label=_("All offices"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.visible_to(user)  # type: ignore[attr-defined]
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


# --- Field visits -----------------------------------------------------------------------------


class FieldVisitForm(PlausibleDates, StyledMixin, ServiceForm):
    """Built for a phone: few fields, big inputs, the duration in hours."""

    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.25"),
        max_value=Decimal(24),
        decimal_places=2,
        max_digits=4,
        localize=True,  # "2,5" in Czech
        help_text=_("E.g. 2.5 for two and a half hours."),
    )
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FieldVisit
        fields = ["date", "office", "place", "district", "staff", "purpose", "note"]
        widgets = {
            "date": DATE_WIDGET,
            "staff": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, fingerprint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = Office.objects.visible_to(user).active()
        fields = self.fields
        fields["office"].queryset = offices  # type: ignore[attr-defined]
        workers = staff_of(offices).filter(
            groups__name__in=["field_worker", "social_worker", "coordinator", "lawyer"]
        )
        fields["staff"].queryset = (  # type: ignore[attr-defined]
            workers.distinct()
        )
        fields["district"].queryset = District.objects.filter(active=True)  # type: ignore[attr-defined]
        fields["hours"].widget.attrs.update({"inputmode": "decimal", "step": "0.25"})
        fields["place"].widget.attrs.update({"autocomplete": "off"})
        if self.instance.pk:
            fields["hours"].initial = Decimal(self.instance.minutes) / 60
            fields["fingerprint"].initial = fingerprint
        else:
            fields["date"].initial = timezone.localdate()
            fields["staff"].initial = [user.pk]
            # On a phone every tap counts: start from where the worker went last time.
            last = (
                FieldVisit.objects.filter(staff=user, office__in=offices)
                .order_by("-date", "-pk")
                .values("office_id", "district_id")
                .first()
            )
            first = offices.first()
            if last:
                fields["office"].initial = last["office_id"]
                fields["district"].initial = last["district_id"]
            elif first:
                fields["office"].initial = first.pk
                fields["district"].initial = first.district_id
        self._style()

    def clean_date(self) -> date:
        day: date = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A field visit cannot be recorded for a future date."))
        return day

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {k: data[k] for k in ("date", "office", "place", "district", "purpose", "note")}
        fields["minutes"] = round(data["hours"] * 60)
        return fields


class ClientPickForm(forms.Form):
    client = forms.IntegerField(widget=forms.HiddenInput)


class FeedActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("renew", "renew"), ("revoke", "revoke")])
