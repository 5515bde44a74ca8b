from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.core.dates import PlausibleDates
from spolu.core.models import Activity, District, Language, Office, User
from spolu.network.formtools import (
    DATE_WIDGET,
    DATETIME_WIDGET,
    ServiceForm,
    StyledMixin,
    VersionedForm,
)
from spolu.network.models import (
    AgreementKind,
    Organisation,
    OrganisationKind,
    Platform,
    PlatformMeeting,
    Volunteer,
    VolunteerAssignment,
)


def staff_of(offices: Any) -> Any:
    return (
        User.objects.filter(is_active=True, offices__in=offices)
        .distinct()
        .order_by("last_name", "first_name")
    )


class OrganisationFilterForm(StyledMixin, forms.Form):
    q = forms.CharField(label=_("Name, company ID or address"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *OrganisationKind.choices]
    )
    district = forms.ModelChoiceField(
        queryset=District.objects.filter(active=True),
        required=False,
        label=_("District"),
        empty_label=_("All districts"),
    )
    inactive = forms.BooleanField(label=_("Include inactive"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class OrganisationForm(StyledMixin, VersionedForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "district",
            "address",
            "company_id",
            "email",
            "phone",
            "website",
            "note",
            "active",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["company_id"].widget.attrs["inputmode"] = "numeric"
        if not self.instance.pk:
            del self.fields["active"]
        self._style()


class ContactForm(StyledMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs["inputmode"] = "tel"
        self._style()


# --- Volunteers -------------------------------------------------------------------------------


class VolunteerForm(StyledMixin, VersionedForm):
    class Meta:
        model = Volunteer
        fields = [
            "kind",
            "first_name",
            "last_name",
            "office",
            "email",
            "phone",
            "school",
            "study_programme",
            "languages",
            "note",
            "active",
        ]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "languages": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = Office.objects.visible_to(user).active()
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["school"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind=OrganisationKind.SCHOOL, active=True
        )
        self.fields["languages"].queryset = Language.objects.filter(active=True)  # type: ignore[attr-defined]
        if not self.instance.pk:
            del self.fields["active"]
            if len(offices) == 1:
                self.fields["office"].initial = offices[0].pk
        self._style()


class AgreementForm(PlausibleDates, StyledMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE_WIDGET)
    valid_to = forms.DateField(label=_("Valid to"), widget=DATE_WIDGET, required=False)
    scan = forms.FileField(label=_("Scan of the signed agreement"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scan"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("valid_from")
            and data.get("valid_to")
            and data["valid_to"] < data["valid_from"]
        ):
            self.add_error("valid_to", _("The agreement ends before it starts."))
        return data


class AssignmentForm(PlausibleDates, StyledMixin, ServiceForm):
    class Meta:
        model = VolunteerAssignment
        fields = ["title", "activity", "supervisor", "starts_on", "ends_on", "description"]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, volunteer: Volunteer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["activity"].initial = "A17"
        self.fields["supervisor"].queryset = staff_of([volunteer.office_id])  # type: ignore[attr-defined]
        self.fields["starts_on"].initial = timezone.localdate()
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The assignment ends before it starts."))
        return data


class HoursForm(PlausibleDates, StyledMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.25"),
        max_value=Decimal(24),
        decimal_places=2,
        max_digits=4,
        localize=True,  # "1,5" in Czech
    )
    assignment = forms.ModelChoiceField(
        queryset=VolunteerAssignment.objects.none(), required=False, label=_("Assignment")
    )
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.filter(active=True),
        required=False,
        label=_("Activity"),
        help_text=_("Leave empty to take the assignment's activity."),
    )
    description = forms.CharField(label=_("What was done"), max_length=300, required=False)

    def __init__(self, *args: Any, volunteer: Volunteer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = volunteer.assignments.all()  # type: ignore[attr-defined]
        self.fields["date"].initial = timezone.localdate()
        self.fields["hours"].widget.attrs.update({"step": "0.25", "inputmode": "decimal"})
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("assignment") and not data.get("activity"):
            self.add_error("activity", _("Choose the activity or the assignment."))
        return data

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Hours cannot be logged for a future date."))
        return day


class PeriodForm(PlausibleDates, StyledMixin, forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


# --- Platforms --------------------------------------------------------------------------------


class PlatformForm(StyledMixin, VersionedForm):
    class Meta:
        model = Platform
        fields = ["name", "office", "district", "description", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = Office.objects.visible_to(user).active()
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["district"].queryset = District.objects.filter(active=True)  # type: ignore[attr-defined]
        if not self.instance.pk:
            del self.fields["active"]
            if len(offices) == 1:
                self.fields["office"].initial = offices[0].pk
        self._style()


class MemberForm(PlausibleDates, StyledMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation")
    )
    delegate = forms.CharField(label=_("Delegate"), max_length=200, required=False)
    joined_on = forms.DateField(label=_("Member since"), widget=DATE_WIDGET, required=False)

    def __init__(self, *args: Any, platform: Platform, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            active=True
        ).exclude(platform_memberships__platform=platform)
        self._style()


class MeetingForm(PlausibleDates, StyledMixin, VersionedForm):
    remove_minutes_file = forms.BooleanField(label=_("Remove the minutes file"), required=False)
    minutes_upload = forms.FileField(
        label=_("Minutes (file)"),
        required=False,
        help_text=_("PDF, Word (DOCX) or OpenDocument (ODT)."),
    )

    class Meta:
        model = PlatformMeeting
        fields = ["starts_at", "ends_at", "place", "staff", "agenda", "minutes_text"]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes_text": forms.Textarea(attrs={"rows": 10}),
            "staff": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args: Any, platform: Platform, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_of(Office.objects.visible_to(user))  # type: ignore[attr-defined]
        self.fields["minutes_upload"].widget.attrs["accept"] = ".pdf,.docx,.odt"
        if not (self.instance.pk and self.instance.minutes_file):
            del self.fields["remove_minutes_file"]
        if not self.instance.pk:
            self.fields["staff"].initial = [user.pk]
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The meeting cannot end before it starts."))
        return data

    def meeting_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data[k] for k in ("starts_at", "ends_at", "place", "agenda", "minutes_text")}


class ActionItemForm(PlausibleDates, StyledMixin, forms.Form):
    description = forms.CharField(label=_("Task"), max_length=300)
    owner = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Owner"))
    due_on = forms.DateField(label=_("Due"), widget=DATE_WIDGET)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label=_("With organisation")
    )

    def __init__(self, *args: Any, meeting: PlatformMeeting, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_of(Office.objects.visible_to(user))  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = meeting.platform.members.all()  # type: ignore[attr-defined]
        self._style()
