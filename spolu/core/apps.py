from typing import Any

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

CODE_LISTS = ["district", "office", "country", "language", "residencecategory", "activity"]


def _model_perms(app: str, models: list[str], actions: tuple[str, ...]) -> list[str]:
    return [f"{app}.{action}_{model}" for model in models for action in actions]


def _sync_roles_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    # post_migrate is sent once per app; permissions of every app exist only after the last.
    from django.apps import apps

    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender is with_models[-1]:
        from spolu.core.roles import roles_sync

        roles_sync()


class CoreConfig(AppConfig):
    default = True
    name = "spolu.core"
    label = "core"
    verbose_name = _("Spolu core")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        "administrator": [
            "core.view_all_offices",
            "core.view_audit_log",
            "core.reset_two_factor",
            *_model_perms("core", [*CODE_LISTS, "user"], ("view", "add", "change")),
            *_model_perms("core", CODE_LISTS, ("delete",)),
            "auth.view_group",
            "axes.view_accessattempt",
            "axes.delete_accessattempt",
        ],
        "coordinator": ["core.view_all_offices"],
        "auditor": ["core.view_all_offices"],
    }

    def ready(self) -> None:
        from spolu.core import audit

        audit.register_core_models()
        self._register_menu()
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="spolu_roles_sync")

    @staticmethod
    def _register_menu() -> None:
        from spolu.core.navigation import MenuItem, register_menu

        register_menu(MenuItem("dashboard", _("Dashboard"), "dashboard", "house", order=0))
        register_menu(
            MenuItem(
                "audit",
                _("Audit log"),
                "audit_list",
                "journal-text",
                order=900,
                permission="core.view_audit_log",
            )
        )
        register_menu(
            MenuItem(
                "admin",
                _("Code lists and accounts"),
                "admin:index",
                "sliders",
                order=910,
                permission="core.change_user",
            )
        )


class SpoluAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "spolu.core.admin_site.SpoluAdminSite"

    def ready(self) -> None:
        super().ready()  # autodiscovers every app's admin.py
        from auditlog.models import LogEntry
        from django.contrib import admin

        # The audit log is browsed at /audit/, read-only; the admin must not offer it at all.
        if admin.site.is_registered(LogEntry):
            admin.site.unregister(LogEntry)
