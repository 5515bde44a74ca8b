from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spolu.core.dates import PlausibleDates
from spolu.core.errors import SpoluError
from spolu.core.models import Activity, Office, User
from spolu.interchange.readers import detect_format
from spolu.interchange.registry import importers_for


class BootstrapMixin:
    """Bootstrap classes on every widget (the templates render fields with _field.html)."""

    def _style(self) -> None:
        for bound in self:  # type: ignore[attr-defined]
            widget = bound.field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if bound.help_text:
                widget.attrs.setdefault("aria-describedby", f"{bound.auto_id}_helptext")


class ImportForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"))
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (UTF-8, comma separated) or Excel (.xlsx) with a header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    office = forms.ModelChoiceField(
        queryset=Office.objects.none(),
        required=False,
        label=gettext_lazy("Office for rows without one"),
        empty_label=gettext_lazy("None: every row gives its office"),
        help_text=gettext_lazy("Used where the office column is empty."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (kind, importer.label) for kind, importer in importers_for(user).items()
        ]
        self.fields["office"].queryset = Office.objects.visible_to(user).active()  # type: ignore[attr-defined]
        self._style()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.SPOLU_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {"size": f"{upload.size / 1024 / 1024:.1f}", "limit": limit // (1024 * 1024)}
            )
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."))
        data = upload.read()
        try:
            detect_format(data, upload.name or "")
        except SpoluError as exc:
            raise forms.ValidationError(str(exc.message)) from exc
        self.cleaned_data["data"] = data
        return upload


class ExportForm(PlausibleDates, BootstrapMixin, forms.Form):
    file_format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("xlsx", gettext_lazy("Excel (.xlsx)")), ("csv", gettext_lazy("CSV (UTF-8)"))],
        initial="xlsx",
    )
    office = forms.ModelChoiceField(
        queryset=Office.objects.none(),
        required=False,
        label=gettext_lazy("Office"),
        empty_label=gettext_lazy("All my offices"),
    )
    date_from = forms.DateField(
        required=False, label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.all(),
        required=False,
        label=gettext_lazy("Activity"),
        empty_label=gettext_lazy("All activities"),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.visible_to(user)  # type: ignore[attr-defined]
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
