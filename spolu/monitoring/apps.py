from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_OBSERVE = [
    "monitoring.view_observation",
    "monitoring.add_observation",
    "monitoring.change_observation",
]


class MonitoringConfig(AppConfig):
    name = "spolu.monitoring"
    label = "monitoring"
    verbose_name = _("Regional monitoring")
    default_auto_field = "django.db.models.BigAutoField"

    # The dashboard and the figures: coordinators, administrators and auditors. Observations
    # are written by the staff who meet foreigners (their offices' notes; their own to edit).
    role_permissions = {
        "coordinator": [
            "monitoring.view_officialstatistic",
            "monitoring.add_officialstatistic",
            *_OBSERVE,
            "monitoring.change_any_observation",
        ],
        "administrator": [
            "monitoring.view_officialstatistic",
            "monitoring.add_officialstatistic",
            "monitoring.delete_officialstatistic",
            "monitoring.view_observation",
        ],
        "auditor": ["monitoring.view_officialstatistic", "monitoring.view_observation"],
        "social_worker": _OBSERVE,
        "lawyer": _OBSERVE,
        "field_worker": _OBSERVE,
        "teacher": _OBSERVE,
        "receptionist": _OBSERVE,
    }

    def ready(self) -> None:
        from spolu.core import audit
        from spolu.core.navigation import DashboardPanel, MenuItem, register_menu, register_panel
        from spolu.interchange.registry import register_importer
        from spolu.monitoring import importers, models, panels

        audit.register(models.OfficialStatistic, exclude_fields=["updated_at"])
        audit.register(models.Observation, exclude_fields=["version", "updated_at"])
        register_importer("statistics", importers.StatisticsImporter)
        register_menu(
            MenuItem(
                "monitoring",
                _("Regional monitoring"),
                "monitoring:dashboard",
                "globe-europe-africa",
                order=70,
                permission="monitoring.view_officialstatistic",
            )
        )
        register_panel(
            DashboardPanel(
                "regional_monitoring",
                "monitoring/_panel_regional.html",
                order=40,
                render=panels.regional_panel,
            )
        )
        register_panel(
            DashboardPanel(
                "observations",
                "monitoring/_panel_observations.html",
                order=60,
                render=panels.observations_panel,
            )
        )
