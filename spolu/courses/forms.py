from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spolu.core.dates import PlausibleDates
from spolu.core.models import Activity, Language, Office, User
from spolu.courses.models import (
    COURSE_ACTIVITIES,
    KIND_ACTIVITIES,
    CEFRLevel,
    Course,
    CourseKind,
    CourseSlot,
    Enrolment,
    ExamPart,
    ExamSitting,
    ExamType,
    Lesson,
)
from spolu.courses.schedule import BreakSpec, SlotSpec


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


def bootstrap(form: forms.BaseForm) -> None:
    """Give every widget its Bootstrap class (the shared _field.html renders label and errors)."""
    # `_errors`, not `errors`: reading `errors` would validate the form before its __init__
    # has finished (e.g. before a field's queryset is narrowed).
    errors = getattr(form, "_errors", None) or {}
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        if name in errors:
            css += " is-invalid"
        classes = widget.attrs.get("class", "").split()
        widget.attrs["class"] = " ".join(dict.fromkeys([*classes, *css.split()]))


class BootstrapForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def full_clean(self) -> None:
        super().full_clean()
        bootstrap(self)


class BootstrapModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def full_clean(self) -> None:
        super().full_clean()
        bootstrap(self)


def teacher_choices() -> QuerySet[User]:
    """Active staff who may record attendance (teachers and coordinators)."""
    perm = Permission.objects.get(content_type__app_label="courses", codename="record_attendance")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__permissions=perm) | Q(user_permissions=perm))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def language_choices() -> QuerySet[Language]:
    return Language.objects.filter(active=True)


class CourseForm(PlausibleDates, BootstrapModelForm):
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.filter(code__in=COURSE_ACTIVITIES),
        required=False,
        label=_("Activity"),
        help_text=_("Empty: the usual activity of the kind of course."),
    )
    teachers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Teachers"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Course
        fields = [
            "title",
            "kind",
            "activity",
            "level",
            "office",
            "place",
            "teachers",
            "capacity",
            "language",
            "interpretation_language",
            "start_date",
            "end_date",
            "skip_public_holidays",
            "completion_threshold",
            "public",
            "description",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["teachers"].queryset = teacher_choices()  # type: ignore[attr-defined]
        self.fields["language"].queryset = language_choices()  # type: ignore[attr-defined]
        self.fields["interpretation_language"].queryset = language_choices()  # type: ignore[attr-defined]
        if not self.instance.pk:
            self.fields["language"].initial = "cs"
            self.fields["capacity"].initial = 12
            if offices.count() == 1:
                self.fields["office"].initial = offices.first()
        else:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, activity = data.get("kind"), data.get("activity")
        if kind and activity and activity.code not in KIND_ACTIVITIES[kind]:
            self.add_error(
                "activity",
                _("This kind of course is reported under %(codes)s.")
                % {"codes": ", ".join(KIND_ACTIVITIES[kind])},
            )
        if kind and not activity:
            data["activity"] = Activity.objects.get(code=KIND_ACTIVITIES[kind][0])
        return data

    def _post_clean(self) -> None:
        # The model's clean() runs here; keep the activity the form derived from the kind.
        if self.cleaned_data.get("activity") is not None:
            self.instance.activity = self.cleaned_data["activity"]
        super()._post_clean()  # type: ignore[misc]

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("teachers", None)
        data.pop("version", None)
        return data


class SlotForm(BootstrapForm):
    weekday = forms.TypedChoiceField(
        label=_("Day of the week"), choices=[("", "—"), *CourseSlot.Weekday.choices], coerce=int
    )
    starts_at = forms.TimeField(label=_("From"), widget=TimeInput())
    ends_at = forms.TimeField(label=_("To"), widget=TimeInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end is not after the start."))
        return data

    def spec(self) -> SlotSpec:
        d = self.cleaned_data
        return SlotSpec(d["weekday"], d["starts_at"], d["ends_at"])


class BreakForm(PlausibleDates, BootstrapForm):
    first_day = forms.DateField(label=_("From"), widget=DateInput())
    last_day = forms.DateField(label=_("To"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            self.add_error("last_day", _("The last day is before the first day."))
        return data

    def spec(self) -> BreakSpec:
        d = self.cleaned_data
        return BreakSpec(d["first_day"], d["last_day"], d.get("reason", ""))


class _BaseSpecFormSet(forms.BaseFormSet):
    def specs(self) -> list[Any]:
        return [
            form.spec()
            for form in self.forms
            if form.has_changed() and not form.cleaned_data.get("DELETE")
        ]


SlotFormSet = forms.formset_factory(
    SlotForm, formset=_BaseSpecFormSet, extra=2, can_delete=True, can_delete_extra=False
)
BreakFormSet = forms.formset_factory(
    BreakForm, formset=_BaseSpecFormSet, extra=2, can_delete=True, can_delete_extra=False
)


class CourseFilterForm(BootstrapForm):
    STATES = [
        ("current", _("Running and upcoming")),
        ("running", _("Running")),
        ("upcoming", _("Upcoming")),
        ("finished", _("Finished")),
        ("all", _("All")),
    ]
    q = forms.CharField(label=_("Title"), required=False)
    state = forms.ChoiceField(label=_("State"), choices=STATES, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any")), *CourseKind.choices], required=False
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        choices=[("", _("Any")), *CEFRLevel.choices],
        required=False,
        coerce=int,
        empty_value=None,
    )
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Office.objects.none(), required=False, empty_label=_("Any")
    )

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]

    def filter(self, courses: QuerySet[Course], today: date) -> QuerySet[Course]:
        data = self.cleaned_data if self.is_valid() else {}
        state = data.get("state") or "current"
        if state == "current":
            courses = courses.filter(end_date__gte=today)
        elif state == "running":
            courses = courses.filter(start_date__lte=today, end_date__gte=today)
        elif state == "upcoming":
            courses = courses.filter(start_date__gt=today)
        elif state == "finished":
            courses = courses.filter(end_date__lt=today)
        if data.get("q"):
            courses = courses.filter(title__icontains=data["q"])
        if data.get("kind"):
            courses = courses.filter(kind=data["kind"])
        if data.get("level") is not None:
            courses = courses.filter(level=data["level"])
        if data.get("office"):
            courses = courses.filter(office=data["office"])
        return courses


class ClientEnrolForm(BootstrapForm):
    client = forms.IntegerField(widget=forms.HiddenInput)
    mode = forms.ChoiceField(
        label=_("Enrol as"),
        choices=[
            ("enrol", _("Participant (takes a free place, or joins the waiting list)")),
            (
                "apply",
                _("Applicant (takes no place until confirmed, e.g. before the placement test)"),
            ),
        ],
        initial="enrol",
        widget=forms.RadioSelect,
    )
    entry_level = forms.TypedChoiceField(
        label=_("Level at entry (placement test)"),
        choices=[("", "—"), *CEFRLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    guardian_name = forms.CharField(
        label=_("Guardian (if not a client)"),
        max_length=200,
        required=False,
        help_text=_("For a child: the guardian recorded in the client file is used when empty."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProfessionalEnrolForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    institution = forms.CharField(label=_("Institution"), max_length=200)
    role = forms.CharField(label=_("Role"), max_length=200, help_text=_("E.g. teacher, official."))
    email = forms.EmailField(label=_("E-mail"), required=False)
    mode = forms.ChoiceField(
        label=_("Enrol as"),
        choices=[("enrol", _("Participant")), ("apply", _("Applicant"))],
        initial="enrol",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EnrolmentForm(PlausibleDates, BootstrapModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Enrolment
        fields = [
            "professional_name",
            "professional_institution",
            "professional_role",
            "professional_email",
            "enrolled_on",
            "entry_level",
            "exit_level",
            "guardian_name",
            "note",
        ]
        widgets = {"enrolled_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, show_notes: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enrolment: Enrolment = self.instance
        self.fields["version"].initial = enrolment.version
        if enrolment.client_id:
            for name in (
                "professional_name",
                "professional_institution",
                "professional_role",
                "professional_email",
            ):
                del self.fields[name]
        else:
            self.fields["professional_name"].required = True
            del self.fields["guardian_name"]
        if not enrolment.course.for_children and "guardian_name" in self.fields:
            del self.fields["guardian_name"]
        if enrolment.status not in ("enrolled", "completed"):
            del self.fields["enrolled_on"]
        else:
            self.fields["enrolled_on"].required = True
        if not show_notes:
            del self.fields["note"]

    def clean_enrolled_on(self) -> date | None:
        value = self.cleaned_data.get("enrolled_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The enrolment date cannot be in the future."))
        return value

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class DropForm(PlausibleDates, BootstrapForm):
    dropped_on = forms.DateField(label=_("Left on"), widget=DateInput(), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def clean_dropped_on(self) -> date:
        value = self.cleaned_data.get("dropped_on") or timezone.localdate()
        if value > timezone.localdate():
            raise forms.ValidationError(_("A drop-out cannot be recorded in advance."))
        return value


class LessonForm(PlausibleDates, BootstrapModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Lesson
        fields = ["date", "starts_at", "ends_at", "place", "topic"]
        widgets = {"date": DateInput(), "starts_at": TimeInput(), "ends_at": TimeInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end is not after the start."))
        return data

    def _post_clean(self) -> None:
        # The service validates and saves (moving rules need the stored lesson): no model
        # validation against an instance the form has already changed.
        pass


class CancelLessonForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)


class EvidenceForm(BootstrapForm):
    file = forms.FileField(
        label=_("Scan of the signed attendance sheet"),
        help_text=_("PDF, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class SittingForm(PlausibleDates, BootstrapModelForm):
    class Meta:
        model = ExamSitting
        fields = ["exam_type", "date", "starts_at", "office", "place", "examiner", "course", "note"]
        widgets = {
            "date": DateInput(),
            "starts_at": TimeInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args: Any,
        offices: QuerySet[Office],
        courses: QuerySet[Course],
        show_notes: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exam_type"].queryset = ExamType.objects.filter(  # type: ignore[attr-defined]
            Q(active=True) | Q(pk=self.instance.exam_type_id or "")
        )
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["examiner"].queryset = teacher_choices()  # type: ignore[attr-defined]
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]
        if not show_notes:
            del self.fields["note"]
        if not self.instance.pk and offices.count() == 1:
            self.fields["office"].initial = offices.first()


class ResultForm(BootstrapForm):
    """One field per section of the exam: points from 0 to the section's maximum."""

    absent = forms.BooleanField(label=_("The candidate did not come"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        parts: list[ExamPart],
        points: dict[int, int | None],
        version: int,
        show_notes: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.parts = parts
        self.fields["version"].initial = version
        for part in parts:
            for section in part.sections.all():
                name = f"section_{section.pk}"
                self.fields[name] = forms.IntegerField(
                    label=section.name,
                    required=False,
                    min_value=0,
                    max_value=section.max_points,
                    initial=points.get(section.pk),
                    help_text=_("0–%(max)d points") % {"max": section.max_points},
                    error_messages={
                        "min_value": _("Points cannot be negative."),
                        "max_value": _("%(section)s has at most %(max)d points.")
                        % {"section": section.name, "max": section.max_points},
                        "invalid": _("Enter whole points."),
                    },
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                )
        if not show_notes:
            del self.fields["note"]
        bootstrap(self)

    def section_fields(self, part: ExamPart) -> list[forms.BoundField]:
        return [self[f"section_{section.pk}"] for section in part.sections.all()]

    def points(self) -> dict[int, int | None]:
        return {
            int(name.removeprefix("section_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("section_")
        }
