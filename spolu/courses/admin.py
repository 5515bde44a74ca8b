"""Exam types are data (DESIGN: score rules are configuration): administrators edit them here.

Once a type has results, its parts and sections are read-only, so recorded pass/fail stays
true to the rules it was computed with; a changed format is a new exam type.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from spolu.courses.models import ExamPart, ExamResult, ExamSection, ExamType, check_pass_points


def _has_results(exam_type: ExamType | None) -> bool:
    return bool(
        exam_type
        and exam_type.pk
        and ExamResult.objects.filter(sitting__exam_type=exam_type).exists()
    )


class ExamPartInline(admin.TabularInline):
    model = ExamPart
    extra = 0
    fields = ["code", "name_cs", "name_en", "pass_points", "order"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _has_results(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _has_results(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _has_results(obj) and super().has_delete_permission(request, obj)


@admin.register(ExamType)
class ExamTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_cs", "name_en", "level", "active", "order"]
    list_editable = ["active", "order"]
    search_fields = ["code", "name_cs", "name_en"]
    inlines = [ExamPartInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code"] if obj and obj.pk else []


class SectionFormSet(BaseInlineFormSet):
    """The sections as submitted must still give the points the part needs to pass."""

    def clean(self) -> None:
        super().clean()
        maxima = [
            form.cleaned_data["max_points"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("max_points") is not None
        ]
        try:
            check_pass_points(self.instance, maxima)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["pass_points"]) from exc


@admin.register(ExamPart)
class ExamPartAdmin(admin.ModelAdmin):
    """Sections are edited per part (a part's sections make its points)."""

    list_display = ["exam_type", "name_cs", "pass_points", "order"]
    list_filter = ["exam_type"]

    class SectionInline(admin.TabularInline):
        model = ExamSection
        extra = 0
        fields = ["code", "name_cs", "name_en", "max_points", "order"]
        formset = SectionFormSet

        def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return not _has_results(obj.exam_type if obj else None) and super().has_add_permission(
                request, obj
            )

        def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return not _has_results(
                obj.exam_type if obj else None
            ) and super().has_change_permission(request, obj)

        def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return not _has_results(
                obj.exam_type if obj else None
            ) and super().has_delete_permission(request, obj)

    inlines = [SectionInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and _has_results(obj.exam_type):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and _has_results(obj.exam_type):
            return False
        return super().has_delete_permission(request, obj)
