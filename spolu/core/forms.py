from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spolu.core.dates import PlausibleDates


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
                "class": "form-control form-control-lg text-center otp-input",
            }
        ),
    )

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the digits shown in your authenticator app."))
        return token


class AuditFilterForm(PlausibleDates, forms.Form):
    """Filters of the audit log browser; every field optional."""

    actor: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Who"), empty_label=_("Anyone")
    )
    action = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Action"))
    model = forms.ChoiceField(required=False, label=_("Record type"))
    object_pk = forms.CharField(required=False, max_length=64, label=_("Record ID"))
    date_from = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    remote_addr = forms.GenericIPAddressField(required=False, label=_("IP address"))

    def __init__(self, *args: Any, actors: Any, actions: Any, models: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors  # type: ignore[attr-defined]
        self.fields["action"].choices = [("", _("Any")), *actions]  # type: ignore[attr-defined]
        self.fields["model"].choices = [("", _("Any")), *models]  # type: ignore[attr-defined]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
