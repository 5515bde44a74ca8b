"""Form helpers shared by the network and events apps: Bootstrap styling, the version a user
saw (stale saves are refused), and service refusals shown as form errors (never a 500)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from spolu.core.errors import SpoluError

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StyledMixin:
    """Bootstrap classes on every widget (forms are rendered field by field by _field.html)."""

    def _style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
                continue
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class VersionedForm(forms.ModelForm):
    """A model form that carries the version the user saw; the service validates the model."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Without the version the user saw, a stale save could not be told from a fresh one:
        # falling back to the current version would silently overwrite a colleague's changes.
        if self.instance.pk and data.get("version") is None:
            self.add_error(
                None,
                ValidationError(
                    _(
                        "The form was sent without the version of the record you edited. "
                        "Reload the page and make your changes again."
                    ),
                    code="missing_version",
                ),
            )
        return data

    def expected_version(self) -> int:
        version: int = self.cleaned_data["version"]
        return version

    def _post_clean(self) -> None:
        # The model is validated by the service (full_clean), whose errors the view shows.
        pass


class ServiceForm(forms.ModelForm):
    """A model form whose model validation happens in the service, not in the form."""

    def _post_clean(self) -> None:
        pass


def model_data(form: forms.BaseForm, names: list[str] | None = None) -> dict[str, Any]:
    """Cleaned values of the model's own fields (not the version, not many-to-many)."""
    skip = {"version"}
    data = form.cleaned_data
    keys = names if names is not None else [k for k in data if k not in skip]
    return {k: data[k] for k in keys}


def add_service_errors(form: forms.BaseForm, exc: ValidationError | SpoluError) -> None:
    if isinstance(exc, SpoluError):
        form.add_error(None, str(exc.message))
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
        return
    for message in exc.messages:
        form.add_error(None, message)
