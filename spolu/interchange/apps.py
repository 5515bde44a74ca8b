from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterchangeConfig(AppConfig):
    name = "spolu.interchange"
    label = "interchange"
    verbose_name = _("Import and export")
    default_auto_field = "django.db.models.BigAutoField"

    # Importing and exporting themselves are governed by clients.import_data,
    # clients.export_client and counselling.view_servicerecord; this is only the log.
    role_permissions = {
        "coordinator": ["interchange.view_transfer"],
        "administrator": ["interchange.view_transfer"],
        "auditor": ["interchange.view_transfer"],
    }

    def ready(self) -> None:
        from spolu.core import audit
        from spolu.core.navigation import MenuItem, register_menu
        from spolu.interchange import importers, models
        from spolu.interchange.registry import register_importer

        audit.register(models.Transfer)
        register_importer("clients", importers.ClientImporter)
        register_importer("services", importers.ServiceImporter)
        register_menu(
            MenuItem(
                "interchange",
                _("Import and export"),
                "interchange:index",
                "arrow-left-right",
                order=80,
                any_permission=(
                    "clients.import_data",
                    "clients.export_client",
                    "counselling.view_servicerecord",
                ),
            )
        )
