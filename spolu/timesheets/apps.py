from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Everyone on the project's payroll keeps a timesheet: their own entries, their own month.
_OWN = [f"timesheets.{action}_timesheetentry" for action in ("view", "add", "change", "delete")]


class TimesheetsConfig(AppConfig):
    name = "spolu.timesheets"
    label = "timesheets"
    verbose_name = _("Timesheets")
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        "receptionist": _OWN,
        "social_worker": _OWN,
        "lawyer": _OWN,
        "teacher": _OWN,
        "field_worker": _OWN,
        "administrator": _OWN,
        "coordinator": [
            *_OWN,
            "timesheets.view_all_timesheets",
            "timesheets.close_timesheet_month",
            "timesheets.view_monthclosure",
        ],
        # The funder's controller checks staff costs: every timesheet, read-only.
        "auditor": [
            "timesheets.view_timesheetentry",
            "timesheets.view_all_timesheets",
            "timesheets.view_monthclosure",
        ],
    }

    def ready(self) -> None:
        from spolu.core import audit
        from spolu.core.navigation import DashboardPanel, MenuItem, register_menu, register_panel
        from spolu.timesheets import models, panels

        audit.register(models.TimesheetEntry, exclude_fields=["version", "updated_at"])
        audit.register(models.MonthClosure)
        register_menu(
            MenuItem(
                "timesheets",
                _("Timesheets"),
                "timesheets:index",
                "clock-history",
                order=75,
                permission="timesheets.view_timesheetentry",
            )
        )
        register_panel(
            DashboardPanel(
                "my_hours",
                "timesheets/_panel_hours.html",
                order=50,
                render=panels.my_hours_panel,
                width="col-lg-6 col-xl-4",
            )
        )
