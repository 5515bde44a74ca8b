"""Calendar feeds in the administration: an administrator sees who has a secret calendar address
and revokes it (a lost phone, a leaked address). Addresses are created only by their owner."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spolu.events import services
from spolu.events.models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    readonly_fields = ["user", "created_at", "last_used_at"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected calendar addresses"), permissions=["delete"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[CalendarFeed]) -> None:
        count = services.calendar_feeds_revoke(feeds=queryset)
        self.message_user(
            request,
            ngettext(
                "%d calendar address was revoked.", "%d calendar addresses were revoked.", count
            )
            % count,
            messages.SUCCESS,
        )

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "revoke" says what deleting a feed means
        return actions

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the address is shown once, to its owner only

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
