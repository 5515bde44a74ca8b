from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spolu.core import audit
from spolu.core.models import Activity, Country, District, Language, Office, ResidenceCategory, User
from spolu.core.roles import ROLE_LABELS
from spolu.core.two_factor import two_factor_reset


def role_label(group: Group) -> str:
    """A role's name as people read it ("Koordinátor / projektový manažer"), not its group code."""
    return str(ROLE_LABELS.get(group.name, group.name))


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(code, str(label)) for code, label in ROLE_LABELS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(groups__name=self.value()) if self.value() else queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "roles", "is_active"]
    list_filter = ["is_active", RoleFilter, "offices"]
    filter_horizontal = ["groups", "offices"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email", "phone"]}),
        (_("Roles and offices"), {"fields": ["groups", "offices", "is_active", "is_staff"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["reset_two_factor"]

    @admin.display(description=_("roles"))
    def roles(self, obj: User) -> str:
        return ", ".join(role_label(g) for g in obj.groups.all())

    def formfield_for_manytomany(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField | None:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name == "groups":
            field.label_from_instance = role_label  # type: ignore[method-assign,assignment]
        return field

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("groups")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Accounts are deactivated, never deleted: the audit log refers to them.
        return False

    @admin.action(
        description=_("Reset two-factor authentication (lost phone)"),
        permissions=["reset_two_factor"],
    )
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            two_factor_reset(user=user)
            audit.log_event(user, "two_factor_reset")
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication was reset for %d account. "
                "It is set up again at the next sign-in.",
                "Two-factor authentication was reset for %d accounts. "
                "They are set up again at the next sign-in.",
                queryset.count(),
            )
            % queryset.count(),
            messages.SUCCESS,
        )

    def has_reset_two_factor_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("core.reset_two_factor")


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district", "address", "active"]
    list_filter = ["active", "district"]
    search_fields = ["code", "name", "address"]


class CodeListAdmin(admin.ModelAdmin):
    search_fields = ["code", "name_cs", "name_en"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Codes are what records and imports refer to: fixed once created.
        return ["code"] if obj else []


@admin.register(District)
class DistrictAdmin(CodeListAdmin):
    list_display = ["code", "name_cs", "name_en", "region_code", "active"]


@admin.register(Country)
class CountryAdmin(CodeListAdmin):
    list_display = ["code", "name_cs", "name_en", "eu_eea_ch", "active"]
    list_filter = ["eu_eea_ch", "active"]


@admin.register(Language)
class LanguageAdmin(CodeListAdmin):
    list_display = ["code", "name_cs", "name_en", "common", "active"]
    list_filter = ["common", "active"]


@admin.register(ResidenceCategory)
class ResidenceCategoryAdmin(CodeListAdmin):
    list_display = ["code", "name_cs", "name_en", "eligible", "order"]
    list_editable = ["eligible", "order"]


@admin.register(Activity)
class ActivityAdmin(CodeListAdmin):
    list_display = ["code", "name_cs", "name_en", "order", "active"]
    list_editable = ["order", "active"]
