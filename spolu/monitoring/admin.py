"""Imported figures for administrators: browse them and remove a wrongly imported row.

Figures are added and changed only by import (`import_data statistics`), so that every number
keeps its source; the admin never edits them. Removals are audited like every change.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from spolu.monitoring.models import OfficialStatistic


@admin.register(OfficialStatistic)
class OfficialStatisticAdmin(admin.ModelAdmin):
    list_display = [
        "date",
        "territory",
        "citizenship",
        "residence_category",
        "sex",
        "age_band",
        "count",
        "synthetic",
    ]
    list_filter = ["synthetic", "date", "territory"]
    search_fields = ["territory", "citizenship", "source"]
    ordering = ["-date", "territory", "citizenship", "residence_category", "sex", "age_band"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
