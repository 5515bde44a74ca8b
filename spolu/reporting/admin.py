"""Indicator sets are data: administrators define indicators, their rules and targets here.

A rule that could never count anything (a course condition without course activities, event
participants of counselling activities…) is refused with an explanation (`rule_errors`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from spolu.core.dates import PlausibleDates
from spolu.reporting.indicators import rule_errors
from spolu.reporting.models import Indicator, IndicatorSet, IndicatorTarget


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "indicator_set",
            "code",
            "name_cs",
            "name_en",
            "order",
            "description",
            "measure",
            "activities",
            "count_services",
            "count_events",
            "count_lessons",
            "eligible_only",
            "condition",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "measure" not in cleaned:
            return cleaned
        kinds = [
            kind
            for kind, field in (
                ("service", "count_services"),
                ("event", "count_events"),
                ("lesson", "count_lessons"),
            )
            if cleaned.get(field)
        ]
        activities = cleaned.get("activities")
        errors = rule_errors(
            measure=cleaned["measure"],
            activities=[a.code for a in activities] if activities is not None else [],
            kinds=kinds,
            eligible_only=bool(cleaned.get("eligible_only")),
            condition=cleaned.get("condition") or "",
        )
        for field, message in errors.items():
            if field not in self.errors:  # the model's own clean() may have said it already
                self.add_error(field, message)
        return cleaned


class IndicatorTargetForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = IndicatorTarget
        fields = ["period_from", "period_to", "target", "value"]


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    form = IndicatorTargetForm
    extra = 1
    fields = ["period_from", "period_to", "target", "value"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorForm
    list_display = ["code", "name_cs", "indicator_set", "measure", "eligible_only", "order"]
    list_filter = ["indicator_set", "measure"]
    search_fields = ["code", "name_cs", "name_en"]
    filter_horizontal = ["activities"]
    inlines = [IndicatorTargetInline]
    fieldsets = [
        (None, {"fields": ["indicator_set", "code", "name_cs", "name_en", "order", "description"]}),
        (
            _("What counts"),
            {
                "fields": [
                    "measure",
                    "activities",
                    ("count_services", "count_events", "count_lessons"),
                    "eligible_only",
                    "condition",
                ]
            },
        ),
    ]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["code", "name_cs", "measure", "order"]
    readonly_fields = ["code", "name_cs", "measure", "order"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # added on the indicator's own page, where its rule is checked


@admin.register(IndicatorSet)
class IndicatorSetAdmin(admin.ModelAdmin):
    list_display = ["code", "name_cs", "active", "order"]
    list_editable = ["active", "order"]
    search_fields = ["code", "name_cs", "name_en"]
    inlines = [IndicatorInline]
