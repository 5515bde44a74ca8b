from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.clients.models import (
    Client,
    Consent,
    ConsentPurpose,
    RelationKind,
    ResidenceStatus,
    Sex,
)
from spolu.core.dates import PlausibleDates
from spolu.core.models import Country, District, Language, Office, ResidenceCategory, User
from spolu.core.uploads import validate_document

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _bootstrap(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget (templates stay free of per-field markup)."""
    for field in form.fields.values():
        widget = field.widget
        checks = forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
        if isinstance(widget, checks):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def country_choices() -> list[tuple[str, str]]:
    """Countries by name in the current language; the region's usual citizenships first."""
    common = ["UA", "VN", "MN", "RU", "SK", "DE", "MD", "KZ", "BY", "PH", "IN", "SY", "AF", "XX"]
    countries = {c.code: c.name for c in Country.objects.filter(active=True)}
    first = [(code, countries[code]) for code in common if code in countries]
    rest = sorted(
        ((code, name) for code, name in countries.items() if code not in common),
        key=lambda c: c[1],
    )
    return [("", "—"), *first, ("", "──────────"), *rest]


class CountryField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=country_choices, **kwargs)

    def clean(self, value: Any) -> Country | None:
        code = super().clean(value)
        if not code:
            return None
        try:
            return Country.objects.get(code=code)
        except Country.DoesNotExist as exc:
            raise forms.ValidationError(_("Unknown country.")) from exc


class ClientForm(PlausibleDates, forms.ModelForm):
    """Registration and editing of a client; `version` guards against lost updates."""

    citizenship = CountryField(label=_("Citizenship"))
    other_languages = forms.ModelMultipleChoiceField(
        Language.objects.filter(active=True, common=False),
        required=False,
        label=_("Other languages"),
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    aliases = forms.CharField(
        label=_("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Maiden name, other spellings, nickname – one per line."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Client
        fields = [
            "last_name",
            "first_name",
            "last_name_latin",
            "first_name_latin",
            "sex",
            "birth_date",
            "birth_year",
            "citizenship",
            "languages",
            "phone",
            "email",
            "district",
            "office",
            "first_contact_date",
            "vulnerable",
            "guardian_note",
        ]
        widgets = {
            "birth_date": DATE,
            "first_contact_date": DATE,
            "languages": forms.CheckboxSelectMultiple,
            "sex": forms.RadioSelect,
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from spolu.core.access import sees_all_offices

        offices = Office.objects.active()
        if not sees_all_offices(user):
            offices = offices.filter(pk__in=user.office_ids())
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["district"].queryset = District.objects.filter(active=True)  # type: ignore[attr-defined]
        # The region's usual languages as checkboxes; the rest in a list below them.
        self.fields["languages"].queryset = Language.objects.filter(active=True, common=True)  # type: ignore[attr-defined]
        self.fields["languages"].required = False
        self.fields["sex"].choices = Sex.choices  # type: ignore[attr-defined]
        self.fields["district"].empty_label = "—"  # type: ignore[attr-defined]
        self.fields["birth_year"].widget.attrs.update({"min": 1900, "inputmode": "numeric"})
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
        _bootstrap(self)
        # The registration form asks the server for likely duplicates as these are typed.
        for name in (
            "last_name",
            "first_name",
            "last_name_latin",
            "first_name_latin",
            "birth_date",
            "phone",
        ):
            self.fields[name].widget.attrs["class"] += " dup-source"
        if self.instance.pk:
            chosen = list(self.instance.languages.all())
            self.initial["languages"] = [lang.pk for lang in chosen if lang.common]
            self.initial["other_languages"] = [lang.pk for lang in chosen if not lang.common]
            self.fields["citizenship"].initial = self.instance.citizenship_id
            self.fields["aliases"].initial = "\n".join(a.name for a in self.instance.aliases.all())
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["first_contact_date"].initial = timezone.localdate()
            if len(offices) == 1:
                self.fields["office"].initial = offices[0]

    def clean_aliases(self) -> list[str]:
        lines = (self.cleaned_data.get("aliases") or "").splitlines()
        return list(dict.fromkeys(line.strip() for line in lines if line.strip()))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        birth_date, birth_year = data.get("birth_date"), data.get("birth_year")
        if birth_date and not birth_year:
            data["birth_year"] = birth_date.year
        data["languages"] = [
            *(data.get("languages") or []),
            *(data.pop("other_languages", None) or []),
        ]
        return data


class ResidenceOnRegistrationForm(PlausibleDates, forms.Form):
    """The current residence status, entered together with a new client (optional)."""

    category = forms.ModelChoiceField(
        ResidenceCategory.objects.all(), required=False, label=_("Residence status")
    )
    valid_from = forms.DateField(required=False, label=_("Valid from"), widget=DATE)
    valid_to = forms.DateField(required=False, label=_("Valid to"), widget=DATE)
    permit_number = forms.CharField(required=False, max_length=40, label=_("Permit number"))

    prefix = "residence"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("category") and not data.get("valid_from"):
            self.add_error("valid_from", _("Enter the date the status is valid from."))
        if not data.get("category") and (data.get("valid_from") or data.get("permit_number")):
            self.add_error("category", _("Choose the residence status."))
        if (
            data.get("valid_from")
            and data.get("valid_to")
            and data["valid_to"] < data["valid_from"]
        ):
            self.add_error("valid_to", _("The end of validity is before its start."))
        return data


class ResidenceStatusForm(PlausibleDates, forms.ModelForm):
    """A residence status; `version` (when editing) guards against lost updates."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ResidenceStatus
        fields = ["category", "valid_from", "valid_to", "permit_number", "note"]
        widgets = {"valid_from": DATE, "valid_to": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        _bootstrap(self)


class ConsentForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["purpose", "given_on", "evidence", "note"]
        widgets = {"given_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()
        self.fields["purpose"].initial = ConsentPurpose.CASE_WORK
        self.fields["evidence"].help_text = _("PDF, JPEG or PNG, at most %(mb)s MB.") % {
            "mb": settings.SPOLU_UPLOAD_MAX_BYTES // (1024 * 1024)
        }
        self.fields["evidence"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"
        _bootstrap(self)

    def clean_evidence(self) -> Any:
        evidence = self.cleaned_data.get("evidence")
        if evidence and hasattr(evidence, "content_type"):
            validate_document(evidence)
        return evidence


class ConsentWithdrawForm(PlausibleDates, forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()
        _bootstrap(self)


class RelationForm(forms.Form):
    relative = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=RelationKind.choices, label=_("is this client's"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class GuardianForm(forms.Form):
    guardian = forms.IntegerField(widget=forms.HiddenInput)
    # The client's version when the page was read: a guardian set on a stale page is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = client.version
