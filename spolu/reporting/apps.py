from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_INDICATOR_MODELS = ["indicatorset", "indicator", "indicatortarget"]
VIEW_REPORT = "reporting.view_report"


def _perms(actions: tuple[str, ...]) -> list[str]:
    return [f"reporting.{a}_{m}" for m in _INDICATOR_MODELS for a in actions]


class ReportingConfig(AppConfig):
    name = "spolu.reporting"
    label = "reporting"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    # Reports are aggregates and the records behind them: coordinators, auditors and
    # administrators. Administrators also define the indicator sets (in the admin).
    role_permissions = {
        "coordinator": [VIEW_REPORT, *_perms(("view",))],
        "auditor": [VIEW_REPORT, *_perms(("view",))],
        "administrator": [VIEW_REPORT, *_perms(("view", "add", "change", "delete"))],
    }

    def ready(self) -> None:
        from spolu.core import audit
        from spolu.core.navigation import DashboardPanel, MenuItem, register_menu, register_panel
        from spolu.reporting import dashboard, models

        audit.register(models.IndicatorSet)
        audit.register(models.Indicator, m2m_fields={"activities"})
        audit.register(models.IndicatorTarget)
        register_menu(
            MenuItem(
                "reports",
                _("Reports"),
                "reporting:report",
                "bar-chart",
                order=75,
                permission=VIEW_REPORT,
            )
        )
        register_panel(
            DashboardPanel(
                "reporting_key_figures",
                "reporting/_dashboard_panel.html",
                order=15,
                render=dashboard.key_figures_panel,
                width="col-12",
            )
        )
