from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from spolu.core.dates import PlausibleDates
from spolu.core.models import Office, User
from spolu.counselling.models import ServiceRecord
from spolu.legal.models import LEGAL_ACTIVITY, CaseStatus, Deadline, LegalCase, MatterType


def style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget (the templates render fields with _field.html)."""
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        if bound.help_text:
            widget.attrs.setdefault("aria-describedby", f"{bound.auto_id}_helptext")


def lawyers() -> QuerySet[User]:
    """Active members of the legal team (who may manage legal cases)."""
    perm = Q(codename="change_legalcase", content_type__app_label="legal")
    from django.contrib.auth.models import Permission

    permissions = Permission.objects.filter(perm)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=permissions) | Q(user_permissions__in=permissions))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CaseForm(PlausibleDates, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LegalCase
        fields = [
            "matter_type",
            "office",
            "lawyer",
            "authority",
            "reference_number",
            "opened_on",
            "status",
            "closed_on",
            "outcome",
            "summary",
        ]
        widgets = {
            "opened_on": DateInput(),
            "closed_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.visible_to(user)  # type: ignore[attr-defined]
        self.fields["lawyer"].queryset = lawyers()  # type: ignore[attr-defined]
        self.fields["matter_type"].choices = MatterType.choices  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        style(self)


class DeadlineForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Deadline
        fields = ["due_date", "description"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
        help_text=_("Confidential: only the legal team can read it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class ServiceLinkForm(forms.Form):
    services = forms.ModelMultipleChoiceField(
        queryset=ServiceRecord.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        label=_("Legal counselling services of the client"),
    )

    def __init__(self, *args: Any, case: LegalCase, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["services"]
        field.queryset = (  # type: ignore[attr-defined]
            ServiceRecord.objects.visible_to(user)
            .filter(client=case.client_id, activity=LEGAL_ACTIVITY)
            .select_related("staff")
            .order_by("-date", "-pk")
        )
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda s: f"{date_format(s.date, 'SHORT_DATE_FORMAT')} · {s.minutes} min · {s.staff}"
        )


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[("", _("Not closed")), *CaseStatus.choices, ("all", _("All"))],
    )
    matter_type = forms.ChoiceField(
        required=False, label=_("Matter"), choices=[("", _("Any")), *MatterType.choices]
    )
    office = forms.ModelChoiceField(
        queryset=Office.objects.none(), required=False, label=_("Office"), empty_label=_("Any")
    )
    mine = forms.BooleanField(required=False, label=_("Only my cases"))
    q = forms.CharField(required=False, label=_("Reference or authority"), max_length=100)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Office.objects.visible_to(user)  # type: ignore[attr-defined]
        style(self)
