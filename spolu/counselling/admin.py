"""The topic taxonomy of consultations: administrators add, rename, reorder and retire topics."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from spolu.counselling.models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["code", "name_cs", "name_en", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name_cs", "name_en"]
    fields = ["code", "name_cs", "name_en", "order", "active"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Services and imports refer to the code: fixed once created (retire a topic instead).
        return ["code"] if obj else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A topic in use is retired (unticked "active"), so past services keep their topics.
        return False
