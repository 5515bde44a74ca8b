from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.clients.forms import DATE, CountryField, _bootstrap
from spolu.clients.models import Sex
from spolu.core.access import sees_all_offices
from spolu.core.dates import PlausibleDates
from spolu.core.models import Activity, Language, Office, User
from spolu.counselling.models import (
    ANONYMOUS_ACTIVITIES,
    ANONYMOUS_COUNT_MAX,
    CLIENT_ACTIVITIES,
    ORGANISATION_ACTIVITIES,
    Appointment,
    AppointmentStatus,
    Channel,
    ReferralOutcome,
    ServiceRecord,
    Topic,
)
from spolu.network.models import Organisation

__all__ = [
    "ANONYMOUS_ACTIVITIES",
    "CLIENT_ACTIVITIES",
    "ORGANISATION_ACTIVITIES",
    "AnonymousContactForm",
    "AppointmentForm",
    "AppointmentStatusForm",
    "OrganisationServiceForm",
    "ServiceForm",
]


def _offices_for(user: User) -> Any:
    offices = Office.objects.active()
    return offices if sees_all_offices(user) else offices.filter(pk__in=user.office_ids())


class ServiceForm(PlausibleDates, forms.ModelForm):
    """One consultation: everything about it in one form (DESIGN.md §9, walk-in flow)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ServiceRecord
        fields = [
            "activity",
            "date",
            "minutes",
            "channel",
            "topics",
            "office",
            "place",
            "interpreter_language",
            "note",
            "note_confidential",
            "follow_up",
            "follow_up_due",
            "referral_organisation",
            "referral_outcome",
        ]
        widgets = {
            "date": DATE,
            "follow_up_due": DATE,
            "topics": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.NumberInput(attrs={"min": 0, "max": 1440, "step": 5}),
        }

    def __init__(self, *args: Any, user: User, activities: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["activity"].queryset = Activity.objects.filter(  # type: ignore[attr-defined]
            code__in=activities, active=True
        )
        self.fields["activity"].empty_label = None  # type: ignore[attr-defined]
        self.fields["topics"].queryset = Topic.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["topics"].required = False
        self.fields["office"].queryset = _offices_for(user)  # type: ignore[attr-defined]
        self.fields["office"].empty_label = None  # type: ignore[attr-defined]
        self.fields["interpreter_language"].queryset = Language.objects.filter(active=True)  # type: ignore[attr-defined]
        orgs = Organisation.objects.filter(active=True)
        self.fields["referral_organisation"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["referral_outcome"].choices = [("", "—"), *ReferralOutcome.choices]  # type: ignore[attr-defined]
        if not user.has_perm("counselling.view_confidential_notes"):
            # Only the legal team marks notes confidential; legal services are confidential anyway.
            del self.fields["note_confidential"]
        if not self.instance.pk:
            self.fields["date"].initial = timezone.localdate()
            self.fields["minutes"].initial = 30
            self.fields["channel"].initial = Channel.IN_PERSON
            self.fields["activity"].initial = activities[0]
            offices = list(self.fields["office"].queryset)  # type: ignore[attr-defined]
            if len(offices) >= 1:
                self.fields["office"].initial = offices[0]
        else:
            self.fields["version"].initial = self.instance.version
        _bootstrap(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due = data.get("follow_up_due")
        if due and data.get("date") and due < data["date"]:
            self.add_error(
                "follow_up_due", _("The follow-up is due before the service took place.")
            )
        if data.get("referral_outcome") and not data.get("referral_organisation"):
            self.add_error(
                "referral_organisation", _("Choose the organisation the client was referred to.")
            )
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for key in ("topics", "version"):
            data.pop(key, None)
        return data


class OrganisationServiceForm(ServiceForm):
    organisation = forms.ModelChoiceField(
        Organisation.objects.filter(active=True), label=_("Organisation")
    )

    class Meta(ServiceForm.Meta):
        fields = ["organisation", *ServiceForm.Meta.fields]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("referral_organisation", "referral_outcome", "interpreter_language"):
            del self.fields[name]
        self.fields["organisation"].widget.attrs["class"] = "form-select"


class AnonymousContactForm(PlausibleDates, forms.ModelForm):
    """A headcount in seconds: how many people, what about, who they were where known."""

    anonymous_citizenship = CountryField(label=_("Citizenship (if known)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ServiceRecord
        fields = [
            "activity",
            "anonymous_count",
            "anonymous_citizenship",
            "anonymous_sex",
            "topics",
            "channel",
            "date",
            "minutes",
            "office",
            "place",
            "note",
        ]
        widgets = {
            "date": DATE,
            "topics": forms.CheckboxSelectMultiple,
            "anonymous_count": forms.NumberInput(attrs={"min": 1, "max": ANONYMOUS_COUNT_MAX}),
            "minutes": forms.NumberInput(attrs={"min": 0, "max": 1440, "step": 5}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(code__in=ANONYMOUS_ACTIVITIES)  # type: ignore[attr-defined]
        self.fields["activity"].empty_label = None  # type: ignore[attr-defined]
        self.fields["topics"].queryset = Topic.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["topics"].required = False
        self.fields["office"].queryset = _offices_for(user)  # type: ignore[attr-defined]
        self.fields["office"].empty_label = None  # type: ignore[attr-defined]
        self.fields["anonymous_sex"].choices = [("", _("unknown")), *Sex.choices]  # type: ignore[attr-defined]
        self.fields["anonymous_count"].label = _("Number of people")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["anonymous_count"].initial = 1
            self.fields["date"].initial = timezone.localdate()
            self.fields["minutes"].initial = 10
            self.fields["channel"].initial = Channel.IN_PERSON
            self.fields["activity"].initial = "A03"
            offices = list(self.fields["office"].queryset)  # type: ignore[attr-defined]
            if offices:
                self.fields["office"].initial = offices[0]
        _bootstrap(self)

    def clean_anonymous_count(self) -> int:
        count: int = self.cleaned_data.get("anonymous_count") or 0
        if count < 1:
            raise forms.ValidationError(_("Count at least one person."))
        return count

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for key in ("topics", "version"):
            data.pop(key, None)
        return data


class AppointmentForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Appointment
        fields = [
            "starts_at",
            "minutes",
            "staff",
            "activity",
            "interpreter_language",
            "office",
            "contact_name",
            "note",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "minutes": forms.NumberInput(attrs={"min": 5, "max": 480, "step": 5}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = _offices_for(user)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["office"].empty_label = None  # type: ignore[attr-defined]
        self.fields["staff"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(is_active=True, offices__in=offices)
            .distinct()
            .order_by("last_name")
        )
        self.fields["activity"].queryset = Activity.objects.filter(code__in=CLIENT_ACTIVITIES)  # type: ignore[attr-defined]
        self.fields["staff"].initial = user.pk
        _bootstrap(self)

    def clean_starts_at(self) -> Any:
        starts_at = self.cleaned_data["starts_at"]
        if starts_at and starts_at < timezone.now() - timedelta(hours=1):
            raise forms.ValidationError(_("An appointment cannot be booked in the past."))
        return starts_at


class AppointmentStatusForm(forms.Form):
    status = forms.ChoiceField(choices=AppointmentStatus.choices)
